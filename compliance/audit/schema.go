package audit

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Dialect is the SQL database a Log is kept in.
type Dialect int

// Dialects.
const (
	// SQLite is SQLite 3 (modernc.org/sqlite), in WAL mode with
	// synchronous=FULL: a commit is on disk when it returns.
	SQLite Dialect = iota + 1
	// Postgres is PostgreSQL (10 or later) through jackc/pgx/v5/stdlib;
	// every commit is made with synchronous_commit on.
	Postgres
)

// String returns "sqlite" or "postgres".
func (d Dialect) String() string {
	switch d {
	case SQLite:
		return "sqlite"
	case Postgres:
		return "postgres"
	}
	return "dialect(" + strconv.Itoa(int(d)) + ")"
}

// SchemaVersion is the newest schema this package knows.
const SchemaVersion = 1

// migrations[v-1] takes the schema from version v-1 to v.
var migrations = [SchemaVersion]func(d Dialect) []string{
	func(d Dialect) []string {
		seq, ts := "INTEGER", "TEXT"
		if d == Postgres {
			seq, ts = "BIGINT", "TIMESTAMPTZ"
		}
		return []string{
			`CREATE TABLE decisions (
	seq            ` + seq + ` PRIMARY KEY,
	time           ` + ts + ` NOT NULL,
	actor          TEXT NOT NULL,
	kind           TEXT NOT NULL,
	account        TEXT NOT NULL,
	security       TEXT NOT NULL,
	side           TEXT NOT NULL,
	quantity       TEXT NOT NULL,
	trade_date     TEXT NOT NULL,
	decision       TEXT NOT NULL,
	rules          TEXT NOT NULL,
	entities       TEXT NOT NULL,
	report_due     TEXT NOT NULL,
	policy_digest  TEXT NOT NULL,
	request_digest TEXT NOT NULL,
	detail         TEXT NOT NULL,
	prev_hash      TEXT NOT NULL,
	hash           TEXT NOT NULL
)`,
			`CREATE INDEX decisions_account ON decisions (account, seq)`,
			`CREATE INDEX decisions_trade_date ON decisions (trade_date, seq)`,
			`CREATE INDEX decisions_report_due ON decisions (report_due, seq) WHERE report_due <> ''`,
			`INSERT INTO decisions_meta (key, value) VALUES ('anchor_seq', '0'), ('anchor_hash', '` + Genesis + `'), ('lock', '')`,
		}
	},
}

// migrate brings the schema up to SchemaVersion, or refuses a newer one.
func (l *Log) migrate(ctx context.Context) error {
	conn, err := l.db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	if l.dialect == SQLite {
		var mode string
		if err := conn.QueryRowContext(ctx, "PRAGMA journal_mode=WAL").Scan(&mode); err != nil {
			return fmt.Errorf("journal mode: %w", err)
		}
		if !strings.EqualFold(mode, "wal") {
			return fmt.Errorf("journal mode is %q, want wal", mode)
		}
	}
	if err := l.setup(ctx, conn); err != nil {
		return err
	}
	tx, err := l.begin(ctx, conn, true)
	if err != nil {
		return err
	}
	defer tx.rollback()
	if _, err := tx.exec(ctx, `CREATE TABLE IF NOT EXISTS decisions_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)`); err != nil {
		return err
	}
	v := 0
	var s string
	switch err := tx.queryRow(ctx, `SELECT value FROM decisions_meta WHERE key = 'schema_version'`).Scan(&s); {
	case errors.Is(err, sql.ErrNoRows):
	case err != nil:
		return err
	default:
		if v, err = strconv.Atoi(s); err != nil {
			return fmt.Errorf("schema version %q: %w", s, err)
		}
	}
	if v > SchemaVersion {
		return &SchemaError{Found: v, Known: SchemaVersion}
	}
	if v == SchemaVersion {
		return tx.commit()
	}
	for ; v < SchemaVersion; v++ {
		for _, stmt := range migrations[v](l.dialect) {
			if _, err := tx.exec(ctx, stmt); err != nil {
				return fmt.Errorf("migrate to schema %d: %w", v+1, err)
			}
		}
	}
	if _, err := tx.exec(ctx, `DELETE FROM decisions_meta WHERE key = 'schema_version'`); err != nil {
		return err
	}
	if _, err := tx.exec(ctx, `INSERT INTO decisions_meta (key, value) VALUES ('schema_version', ?)`, strconv.Itoa(SchemaVersion)); err != nil {
		return err
	}
	return tx.commit()
}

// txn is a transaction on one connection, begun the dialect's way so
// that it holds the log's append lock: BEGIN IMMEDIATE in SQLite (the
// database's write lock), the lock row FOR UPDATE in PostgreSQL (shared
// by every process and replica on the database).
type txn struct {
	l    *Log
	conn *sql.Conn
	done bool
}

// begin starts a locked transaction on conn. With schema set (during
// migration, when the lock row may not exist yet) PostgreSQL takes a
// transaction-scoped advisory lock instead.
func (l *Log) begin(ctx context.Context, conn *sql.Conn, schema bool) (*txn, error) {
	t := &txn{l: l, conn: conn}
	var stmt string
	switch l.dialect {
	case SQLite:
		stmt = "BEGIN IMMEDIATE"
	case Postgres:
		// One round trip (the simple protocol runs all three).
		lock := "SELECT value FROM decisions_meta WHERE key = 'lock' FOR UPDATE"
		if schema {
			lock = "SELECT pg_advisory_xact_lock(7146530295130862119)"
		}
		stmt = "BEGIN; SET LOCAL synchronous_commit TO on; " + lock
	}
	if _, err := conn.ExecContext(ctx, stmt); err != nil {
		t.rollback()
		return nil, fmt.Errorf("begin: %w", err)
	}
	return t, nil
}

// setup readies a connection the log writes on: in SQLite, commits
// synced to disk (synchronous=FULL), a wait for the write lock bounded by
// the write timeout, and no checkpoint on the commit path (the log
// checkpoints in the background).
func (l *Log) setup(ctx context.Context, conn *sql.Conn) error {
	if l.dialect != SQLite {
		return nil
	}
	for _, s := range []string{"PRAGMA synchronous=FULL", "PRAGMA busy_timeout=" + strconv.FormatInt(l.opts.WriteTimeout.Milliseconds(), 10), "PRAGMA wal_autocheckpoint=0", "PRAGMA temp_store=MEMORY"} {
		if _, err := conn.ExecContext(ctx, s); err != nil {
			return fmt.Errorf("%s: %w", s, err)
		}
	}
	var sync int
	if err := conn.QueryRowContext(ctx, "PRAGMA synchronous").Scan(&sync); err != nil || sync != 2 {
		return fmt.Errorf("synchronous is %d, want 2 (FULL): %v", sync, err)
	}
	return nil
}

func (t *txn) exec(ctx context.Context, q string, args ...any) (sql.Result, error) {
	return t.conn.ExecContext(ctx, t.l.rebind(q), args...)
}

// execCached runs q as a statement prepared once on the writer's
// connection (SQLite would otherwise parse every batch's INSERT anew).
func (t *txn) execCached(ctx context.Context, q string, args ...any) (sql.Result, error) {
	l := t.l
	if l.stmts == nil || t.conn != l.conn {
		return t.exec(ctx, q, args...)
	}
	st, ok := l.stmts[q]
	if !ok {
		var err error
		if st, err = t.conn.PrepareContext(ctx, l.rebind(q)); err != nil {
			return nil, err
		}
		l.stmts[q] = st
	}
	return st.ExecContext(ctx, args...)
}

func (t *txn) queryRow(ctx context.Context, q string, args ...any) *sql.Row {
	return t.conn.QueryRowContext(ctx, t.l.rebind(q), args...)
}

func (t *txn) query(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	return t.conn.QueryContext(ctx, t.l.rebind(q), args...)
}

func (t *txn) commit() error {
	t.done = true
	_, err := t.conn.ExecContext(context.Background(), "COMMIT")
	return err
}

// rollback ends the transaction if commit was not reached; it is safe to
// call more than once.
func (t *txn) rollback() {
	if !t.done {
		t.done = true
		_, _ = t.conn.ExecContext(context.Background(), "ROLLBACK")
	}
}

// rebind turns the ? placeholders of q into the dialect's.
func (l *Log) rebind(q string) string {
	if l.dialect != Postgres || !strings.Contains(q, "?") {
		return q
	}
	var b strings.Builder
	n := 0
	for i := 0; i < len(q); i++ {
		if q[i] == '?' {
			n++
			b.WriteString("$" + strconv.Itoa(n))
			continue
		}
		b.WriteByte(q[i])
	}
	return b.String()
}

// timeArg is t as the dialect stores it.
func (l *Log) timeArg(t time.Time) any {
	if l.dialect == SQLite {
		return t.UTC().Format(timeLayout)
	}
	return t.UTC()
}

// scanTime reads a time column of either dialect.
type scanTime struct{ t *time.Time }

// Scan implements sql.Scanner.
func (s scanTime) Scan(v any) error {
	switch v := v.(type) {
	case time.Time:
		*s.t = canonicalTime(v)
		return nil
	case string:
		return s.parse(v)
	case []byte:
		return s.parse(string(v))
	}
	return fmt.Errorf("time column holds %T", v)
}

func (s scanTime) parse(v string) error {
	t, err := time.Parse(time.RFC3339Nano, v)
	if err != nil {
		return err
	}
	*s.t = canonicalTime(t)
	return nil
}
