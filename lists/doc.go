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
// Readers: OFAC legacy CSV (LoadOFAC, ReadOFAC), OFAC simple XML
// (ReadOFACXML), OFAC advanced XML (ReadOFACAdvanced, references resolved
// by label), the Trade.gov Consolidated Screening List (ReadCSL), the UN
// Security Council list (ReadUN), the DoD 1260H list (ReadDoD1260H),
// in-house lists (ReadInHouse), the EU Financial Sanctions Files XML
// (ReadEUSanctions) and the UK Sanctions List CSV (ReadUKSanctionsList).
// Load detects the format from the content.
//
// The measures short of blocking a list names an entry in are its
// Restrictions: the OFAC directives of the remarks (EO 13662 Directives 1
// to 4, EO 14024 Directives 1A to 4, with the dates OFAC publishes), and
// the annexes of the built-in tables of the European securities bans,
// EUArticle5 (Regulation 833/2014 Article 5) and UKSchedule2 (Schedule 2
// to the UK Russia Regulations 2019), embedded from annexes/.
// Every reader gives the same Entry model with a Release (format, file,
// date, SHA-256, where the ids come from, warnings), and errors as
// *ParseError naming file and line (the line a record starts on) and
// column where known, or element path.
//
// Identity: entries are matched across releases (Merge, Diff) by list
// Code and ID. The official lists' ids are the publishers' (OFAC ent_num
// and uid, UN DATAID, CSL entity_number); an in-house list's come from
// its optional id column or, without one, from the row's content
// (ContentID), never from its position; Release.IDScheme says which.
// Merge and Diff refuse ids that are not stable (ErrUnstableID).
//
// Fail closed: the CSV readers stream through internal/table within the
// ReadMax bounds (ErrLimit) and refuse invisible characters (ErrInvisible);
// an official release with no entries is ErrEmpty; one that cannot prove
// it is whole (an OFAC CSV file without its 0x1A end byte, an OFAC XML
// whose Record_Count differs) is ErrTruncated; two different values of one
// CMIC date are ErrConflict. CheckShrink (and MergeWith's zero options)
// refuse a release that lost more than DefaultMaxLoss of its
// predecessor's entries (ErrShrunk). An in-house list may be empty; it
// says so in Release.Warnings.
//
//	l, err := lists.Embedded()          // OFAC consolidated, 2025-12, offline
//	sdn, err := lists.Load("sdn/")      // any supported file or OFAC CSV directory
//	set := lists.NewSet(l, sdn)
//	hits := set.ByID(id)                // ISIN, ticker, CUSIP/SEDOL in a listed ISIN
//	key, hits := set.ByName("SenseTime Group Inc.")
//	similar := set.SearchName("Sensetime Grp", lists.SearchOptions{})
//	changes, err := lists.Diff(old, new) // what a new release changed
//	err = lists.CheckShrink(old, new, lists.DefaultMaxLoss)
//
// Lists and Sets are immutable once returned and safe for concurrent use.
package lists
