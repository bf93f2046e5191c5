// Package nameindex is the index behind lists.Set.SearchName: the words
// of a set of normalised names (keys), their postings and weights, the
// tables of the words names abbreviate or add (abbreviations, generic
// words, words of security descriptions), a two-letter gram index of the
// vocabulary for near words, and the alignment that scores a query
// against a key.
//
// It has two calls: Build indexes the keys once; Index.Search scores a
// normalised query against them. A search finds, per query word, the
// vocabulary words it meets (equal, abbreviated, plural, near, split,
// truncated, joined with the next), reads the postings of the heaviest,
// drops the keys that two bounds rule out (the postings' and one from
// the keys' own words, through a table of the query's words by
// vocabulary word) and aligns the rest. What a word meets but for its
// place in the query is cached per word, shared read-only by later
// searches. Index.Scan scores every key the same
// way without the postings, as a reference for tests. Normalisation is
// the caller's (lists.NormalizeName): keys and queries are words of
// lower-case letters and digits separated by single spaces.
package nameindex
