package audit

import (
	"errors"
	"fmt"
)

// ErrUnavailable is matched by every error of a write that did not
// commit: the database is down, locked past Options.WriteTimeout, full,
// or the Log is closed. A service must then refuse to answer (HTTP 503):
// a decision that is not in the log is not given.
var ErrUnavailable = errors.New("decision log unavailable")

// ErrClosed is matched by the errors of calls on a closed Log; it is
// also an ErrUnavailable.
var ErrClosed = fmt.Errorf("%w: closed", ErrUnavailable)

// ErrSchemaTooNew is matched by a *SchemaError: the database was written
// by a newer version of this package.
var ErrSchemaTooNew = errors.New("decision log schema is newer than this program knows")

// SchemaError reports a database schema this package cannot use.
type SchemaError struct {
	// Found is the schema version in the database; Known the newest this
	// package knows.
	Found, Known int
}

// Error says which versions were found and known.
func (e *SchemaError) Error() string {
	return fmt.Sprintf("decision log schema version %d is newer than %d: upgrade the program", e.Found, e.Known)
}

// Unwrap returns ErrSchemaTooNew.
func (e *SchemaError) Unwrap() error { return ErrSchemaTooNew }

// ErrChain is matched by a *ChainError: the hash chain does not verify.
var ErrChain = errors.New("decision log chain does not verify")

// Problem names what Verify found wrong with a record.
type Problem string

// Problems Verify reports.
const (
	// Edited: the record's content does not hash to its stored hash.
	Edited Problem = "edited"
	// Deleted: the record's predecessor is missing from the log.
	Deleted Problem = "deleted"
	// Reordered: the record's predecessor is in the log, but elsewhere.
	Reordered Problem = "reordered"
	// Truncated: a head exported earlier is not in the chain: records
	// after the last one kept were cut off.
	Truncated Problem = "truncated"
)

// ChainError names the first record that does not verify.
type ChainError struct {
	// Seq is the record's sequence number: for Deleted and Reordered the
	// record whose link to its predecessor is broken, for Truncated the
	// last record in the log (0 when it is empty).
	Seq     int64
	Problem Problem
	// Head is, for Truncated, the head that was not found.
	Head string
}

// Error names the record and the problem (no content of the record).
func (e *ChainError) Error() string {
	if e.Problem == Truncated {
		return fmt.Sprintf("decision log truncated: head %s is not in the chain (last record %d)", e.Head, e.Seq)
	}
	return fmt.Sprintf("decision log record %d: %s", e.Seq, e.Problem)
}

// Unwrap returns ErrChain.
func (e *ChainError) Unwrap() error { return ErrChain }

// ErrQuery is matched by errors about a query's filter or cursor: the
// caller's mistake (HTTP 400), not the log's.
var ErrQuery = errors.New("bad decision log query")

// QueryError names the filter field that is wrong.
type QueryError struct {
	Field string
	Err   error
}

// Error names the parameter and what is wrong with it.
func (e *QueryError) Error() string { return fmt.Sprintf("%v: %s: %v", ErrQuery, e.Field, e.Err) }

// Unwrap returns ErrQuery and the cause.
func (e *QueryError) Unwrap() []error { return []error{ErrQuery, e.Err} }

// ErrRetention is matched by the error of a Purge that would remove a
// record younger than the retention period.
var ErrRetention = errors.New("purge would remove records younger than the retention period")

// ErrRecord is matched by errors about a record handed to Append or
// built by RecordOrders/RecordPortfolio: the caller's mistake.
var ErrRecord = errors.New("bad decision record")
