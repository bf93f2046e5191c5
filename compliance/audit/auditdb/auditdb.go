// Package auditdb opens a decision log (package audit) from a DSN. It is
// the one place that imports the database drivers, so that importing
// compliance or audit pulls in none: programs and tests import auditdb.
//
// A DSN is one of:
//
//	sqlite:PATH               SQLite file PATH (created if missing), WAL mode
//	postgres://user@host/db   PostgreSQL, any pgx connection URL
//	postgresql://...          the same
//
// A SQLite PATH may not contain '?' or '#'.
package auditdb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	// Drivers: "pgx" and "sqlite".
	_ "github.com/jackc/pgx/v5/stdlib"
	_ "modernc.org/sqlite"

	"github.com/investscreen/investscreen/compliance/audit"
)

// DefaultDSN is the log a program uses when given none: a SQLite file in
// the working directory.
const DefaultDSN = "sqlite:investscreen-decisions.db"

// ErrDSN is matched by errors about the DSN itself (a usage error).
var ErrDSN = errors.New("bad decision log DSN")

// Parse splits a DSN into its dialect and the driver's data source name.
func Parse(dsn string) (audit.Dialect, string, error) {
	switch {
	case strings.HasPrefix(dsn, "sqlite:"):
		path := strings.TrimPrefix(dsn, "sqlite:")
		if path == "" || strings.ContainsAny(path, "?#") || strings.HasPrefix(path, "//") {
			return 0, "", fmt.Errorf("%w: want sqlite:PATH with no '?' or '#'", ErrDSN)
		}
		// Every connection: WAL, synchronous FULL (a commit is on disk),
		// a wait for the write lock, BEGIN as BEGIN IMMEDIATE.
		return audit.SQLite, path + "?_pragma=journal_mode(WAL)&_pragma=synchronous(FULL)&_pragma=busy_timeout(10000)&_txlock=immediate", nil
	case strings.HasPrefix(dsn, "postgres://"), strings.HasPrefix(dsn, "postgresql://"):
		return audit.Postgres, dsn, nil
	}
	return 0, "", fmt.Errorf("%w: want sqlite:PATH or a postgres:// URL", ErrDSN)
}

// Open opens the decision log at dsn; see audit.Open. An error matches
// ErrDSN (usage), audit.ErrSchemaTooNew, or audit.ErrUnavailable.
func Open(ctx context.Context, dsn string, opts audit.Options) (*audit.Log, error) {
	dialect, source, err := Parse(dsn)
	if err != nil {
		return nil, err
	}
	driver := "sqlite"
	if dialect == audit.Postgres {
		driver = "pgx"
	}
	db, err := sql.Open(driver, source)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", audit.ErrUnavailable, err)
	}
	if dialect == audit.SQLite {
		db.SetMaxOpenConns(8)
		db.SetMaxIdleConns(8)
		db.SetConnMaxIdleTime(0)
	}
	l, err := audit.Open(ctx, db, dialect, opts)
	if err != nil {
		db.Close()
		return nil, err
	}
	return l, nil
}

// SQLitePath returns the file of a sqlite: DSN, and false for any other.
func SQLitePath(dsn string) (string, bool) {
	if d, _, err := Parse(dsn); err != nil || d != audit.SQLite {
		return "", false
	}
	return strings.TrimPrefix(dsn, "sqlite:"), true
}
