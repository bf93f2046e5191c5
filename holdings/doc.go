// Package holdings holds what a book names: securities by identifier,
// positions, and the security master that maps a security to its issuer
// and underlying.
//
// Identifiers are parsed into a canonical, comparable ID: ISIN, CUSIP,
// SEDOL and FIGI with their check digits verified, and tickers in any
// common form ("941 HK", "0941.HK", "XHKG:941") reduced to one value.
//
//	id, err := holdings.ParseTicker("0941.HK") // ID{Ticker, "941 HK"}
//	book, err := holdings.LoadPortfolio("portfolio.csv")
//	master, err := holdings.LoadMaster("securities.csv")
//	sec := master.Lookup(id) // its issuer, type and underlying
//
// A book too large to hold is read one holding at a time with a
// HoldingReader (same format and errors as ReadPortfolio).
//
// Dates are calendar dates (Date), as the rules are written. Errors from
// the readers are *ParseError values naming file, line and column; their
// text never carries account numbers or quantities. Everything here is
// safe for concurrent use once built; Portfolio is plain data.
package holdings
