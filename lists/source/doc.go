// Package source fetches official sanctions lists from their publishers
// and keeps them as dated releases in a store.
//
// A Source names a publication and its files: ofac-sdn and ofac-cons
// (OFAC's legacy CSV sets), ofac-sdn-advanced and ofac-cons-advanced
// (OFAC's advanced XML), csl (Trade.gov's Consolidated Screening List)
// and un (the UN Security Council Consolidated List). Every URL can be
// overridden (Source.WithURL), e.g. for a local mirror.
//
// A Fetcher downloads a source over HTTP with timeouts, bounded retries
// with backoff, size limits, conditional requests and a progress
// callback. A download becomes a release only if it reads as a whole list
// through the lists package, holds entries, and loses no more than a set
// share of the previous release's entries; otherwise it is refused and
// the store is left as it was.
//
// A Store is a directory with one folder per source and one sub-folder
// per release (named by the fetch time, e.g. 2026-12-01T154500Z) holding
// the files byte for byte and a release.json (source, URLs, fetch time,
// publish date, SHA-256 of each file and of the release, entry count).
// Releases are written to a temporary folder, fsynced and renamed into
// place, so the store never holds a partial one; content equal to the
// newest release makes none. The store reads back as dated lists, and as
// histories so that an as-of check uses the release in force on that
// date. A release is dated by the publish date its files state, or else
// by the day it was fetched (see Release.Date).
//
// A Refresher keeps a store fresh for a service: on a timer (Run) and on
// demand (Refresh, concurrent calls sharing one run), with each source's
// newest release and last error in Status, and an OnChange hook to swap
// the lists in service after a new release.
//
// Files are stored under the names the lists readers know (cons_prim.csv,
// sdn_advanced.xml, ...) and read with their format forced, so that the
// detection of formats by content plays no part.
//
//	st, err := source.Open("lists-store")
//	src, err := source.Lookup("ofac-cons")
//	res, err := (&source.Fetcher{}).Fetch(ctx, st, src) // New or Unchanged
//	outs := (&source.Fetcher{}).FetchAll(ctx, st, source.Sources()...)
//	hist, err := st.Histories()                         // one List per source
//	prev, newest, err := st.Latest("ofac-cons")         // lists.Diff(prev, newest)
package source
