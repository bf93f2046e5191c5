// Package lists holds sanctions and restricted lists: the entry model,
// readers for the publishers' formats, the snapshot embedded in the
// library, name normalisation, and an index (Set) to look entries up by
// identifier or name.
//
// The entry model keeps everything OFAC publishes: list and programs,
// ent_num, names and aliases (weak ones marked), ISINs, equity tickers,
// issuer names, other identifiers, the three NS-CMIC dates, Target Type,
// Linked To and addresses.
//
//	l, err := lists.Embedded()          // OFAC consolidated, 2025-12, offline
//	sdn, err := lists.LoadOFAC("sdn/")  // any OFAC legacy CSV set
//	set := lists.NewSet(l, sdn)
//	hits := set.ByID(id)                // ISIN, ticker, CUSIP/SEDOL in a listed ISIN
//	key, hits := set.ByName("SenseTime Group Inc.")
//
// Lists and Sets are immutable once returned and safe for concurrent use.
package lists
