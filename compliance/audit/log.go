package audit

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/investscreen/investscreen/compliance"
)

// Options tune a Log. The zero value is the default: ten years'
// retention, batches of up to 1,000 records, ten seconds to commit.
type Options struct {
	// RetentionYears is how long records are kept: Purge removes nothing
	// younger. Zero means DefaultRetentionYears.
	RetentionYears int
	// MaxBatch is the most records one group commit writes; zero means
	// 1,000.
	MaxBatch int
	// WriteTimeout bounds one commit, including the wait for the append
	// lock held by another writer; zero means ten seconds. A commit that
	// takes longer fails with ErrUnavailable.
	WriteTimeout time.Duration
	// Now is the clock records are stamped with; nil means time.Now.
	Now func() time.Time
}

// DefaultRetentionYears is how long records are kept by default: ten
// years, as OFAC's recordkeeping rule requires (31 CFR 501.601 as
// amended with effect from 2025-03-12).
const DefaultRetentionYears = 10

func (o Options) withDefaults() Options {
	if o.RetentionYears <= 0 {
		o.RetentionYears = DefaultRetentionYears
	}
	if o.MaxBatch <= 0 {
		o.MaxBatch = 1000
	}
	if o.WriteTimeout <= 0 {
		o.WriteTimeout = 10 * time.Second
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	return o
}

// Log is an append-only, hash-chained decision log in a SQL database.
// It is safe for concurrent use; concurrent appends are gathered into
// group commits by one writer. Several Logs, in one process or many, may
// share a database: appends take the database's append lock, so they
// keep one chain.
type Log struct {
	db      *sql.DB
	dialect Dialect
	opts    Options

	mu     sync.RWMutex // guards closed and sends on reqs
	closed bool
	reqs   chan *request
	done   chan struct{} // closed when the writer has stopped

	conn  *sql.Conn            // the writer's connection; nil until needed or after a fault
	stmts map[string]*sql.Stmt // statements prepared on conn
	known knownHead            // SQLite: the head after the writer's last commit

	commits, records, failures atomic.Int64
	checkpoint                 chan struct{} // SQLite: asks the checkpointer for a checkpoint
	written                    int           // records since the last checkpoint request
}

type request struct {
	recs []Record
	seqs []int64
	err  error
	done chan struct{}
}

// Open returns the log kept in db, creating or migrating its schema to
// SchemaVersion; it refuses a newer schema with a *SchemaError. The Log
// owns db: Close closes it. Programs usually call auditdb.Open, which
// opens db from a DSN with the right driver and settings.
func Open(ctx context.Context, db *sql.DB, dialect Dialect, opts Options) (*Log, error) {
	if dialect != SQLite && dialect != Postgres {
		return nil, fmt.Errorf("decision log: unknown dialect %v", dialect)
	}
	l := &Log{db: db, dialect: dialect, opts: opts.withDefaults(), reqs: make(chan *request, 4096), done: make(chan struct{})}
	if err := l.migrate(ctx); err != nil {
		var se *SchemaError
		if errors.As(err, &se) {
			return nil, err
		}
		return nil, fmt.Errorf("%w: open: %w", ErrUnavailable, err)
	}
	if dialect == SQLite {
		l.checkpoint = make(chan struct{}, 1)
	}
	go l.write()
	return l, nil
}

// Dialect returns the database the log is kept in.
func (l *Log) Dialect() Dialect { return l.dialect }

// DB returns the database: for reading with plain SQL. Writing to it
// directly breaks the chain (Verify will say where).
func (l *Log) DB() *sql.DB { return l.db }

// Close waits for the appends already accepted to commit, then closes
// the database. Later calls fail with ErrClosed.
func (l *Log) Close() error {
	l.mu.Lock()
	if l.closed {
		l.mu.Unlock()
		return nil
	}
	l.closed = true
	close(l.reqs)
	l.mu.Unlock()
	<-l.done
	return l.db.Close()
}

// Append writes recs to the log in one transaction and returns their
// sequence numbers once that transaction is committed (durably: on disk
// in SQLite, synchronous_commit in PostgreSQL). Concurrent calls are
// committed together. Time is set to now where it is zero; Seq, PrevHash
// and Hash are set by the log. Any error means the records may not be in
// the log and the decisions must not be given: it matches ErrUnavailable
// (or ErrRecord for a malformed record, or ctx's error). If ctx ends
// before the commit, the records may still be committed.
func (l *Log) Append(ctx context.Context, recs ...Record) ([]int64, error) {
	if len(recs) == 0 {
		return nil, nil
	}
	own := make([]Record, len(recs))
	now := l.opts.Now()
	for i := range recs {
		own[i] = recs[i]
		if own[i].Time.IsZero() {
			own[i].Time = now
		}
		if err := own[i].normalise(); err != nil {
			return nil, err
		}
	}
	req := &request{recs: own, done: make(chan struct{})}
	l.mu.RLock()
	if l.closed {
		l.mu.RUnlock()
		return nil, ErrClosed
	}
	select {
	case l.reqs <- req:
	case <-ctx.Done():
		l.mu.RUnlock()
		return nil, fmt.Errorf("%w: %w", ErrUnavailable, ctx.Err())
	}
	l.mu.RUnlock()
	select {
	case <-req.done:
		return req.seqs, req.err
	case <-ctx.Done():
		return nil, fmt.Errorf("%w: %w", ErrUnavailable, ctx.Err())
	}
}

// RecordOrders appends one record per order of rep (as CheckOrders
// returned it for orders) and returns when they are committed. Call it
// before answering; on any error answer 503 and give no decision.
func (l *Log) RecordOrders(ctx context.Context, src Source, rep *compliance.OrderReport, orders []compliance.Order) ([]int64, error) {
	recs, err := OrderRecords(l.opts.Now(), src, rep, orders)
	if err != nil {
		return nil, err
	}
	return l.Append(ctx, recs...)
}

// RecordPortfolio appends the record of one portfolio screening and
// returns its sequence number when it is committed. On any error the
// screening's result must not be reported as passed.
func (l *Log) RecordPortfolio(ctx context.Context, src Source, rep *compliance.Report) (int64, error) {
	r, err := PortfolioRecord(l.opts.Now(), src, rep)
	if err != nil {
		return 0, err
	}
	seqs, err := l.Append(ctx, r)
	if err != nil {
		return 0, err
	}
	return seqs[0], nil
}

// Stats count a Log's group commits since it was opened.
type Stats struct {
	// Commits is the number of transactions committed, Records the
	// records they held (Records/Commits is the mean batch), Failures the
	// commits that failed (every caller in them got ErrUnavailable).
	Commits, Records, Failures int64
}

// Stats returns the Log's counters; safe for concurrent use (for
// metrics).
func (l *Log) Stats() Stats {
	return Stats{Commits: l.commits.Load(), Records: l.records.Load(), Failures: l.failures.Load()}
}

// write is the writer: it takes every request waiting and commits them
// in one transaction, until reqs is closed.
func (l *Log) write() {
	stopped := make(chan struct{})
	if l.checkpoint != nil {
		go l.checkpointer(stopped)
	}
	defer func() {
		if l.conn != nil {
			l.conn.Close()
		}
		if l.checkpoint != nil {
			close(l.checkpoint)
			<-stopped
		}
		close(l.done)
	}()
	for req := range l.reqs {
		batch := []*request{req}
		n := len(req.recs)
		yielded := -1 // batch size at the last yield
	gather:
		for n < l.opts.MaxBatch {
			select {
			case r, ok := <-l.reqs:
				if !ok {
					break gather
				}
				batch = append(batch, r)
				n += len(r.recs)
			default:
				// Callers woken by the last commit may be about to
				// append: let them run, as long as that brings more.
				if yielded == len(batch) {
					break gather
				}
				yielded = len(batch)
				runtime.Gosched()
			}
		}
		err := l.commit(batch)
		if err != nil {
			l.failures.Add(1)
		} else {
			l.commits.Add(1)
			l.records.Add(int64(n))
		}
		if err == nil && l.checkpoint != nil {
			if l.written += n; l.written >= checkpointEvery {
				l.written = 0
				select {
				case l.checkpoint <- struct{}{}:
				default:
				}
			}
		}
		for _, r := range batch {
			if err != nil {
				r.seqs, r.err = nil, err
			}
			close(r.done)
		}
	}
}

// checkpointEvery is how many records the SQLite writer appends between
// background checkpoints.
const checkpointEvery = 1000

// checkpointer copies the SQLite WAL into the database on its own
// connection, off the commit path, whenever the writer asks, and once
// more when the log closes.
func (l *Log) checkpointer(stopped chan<- struct{}) {
	defer close(stopped)
	run := func() {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		// PASSIVE never blocks a writer; a failed checkpoint only leaves
		// the WAL longer (the records are safe in it).
		_, _ = l.db.ExecContext(ctx, "PRAGMA wal_checkpoint(PASSIVE)")
	}
	for range l.checkpoint {
		run()
	}
	run()
}

// commit appends the records of batch in one locked transaction.
func (l *Log) commit(batch []*request) (err error) {
	// PostgreSQL: the timeout bounds every round trip. SQLite: the wait
	// for the write lock is bounded by busy_timeout (WriteTimeout), and a
	// context that can be cancelled would cost the driver a goroutine per
	// statement.
	ctx := context.Background()
	if l.dialect == Postgres {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, l.opts.WriteTimeout)
		defer cancel()
	}
	if l.conn == nil {
		conn, err := l.db.Conn(ctx)
		if err != nil {
			return fmt.Errorf("%w: %w", ErrUnavailable, err)
		}
		if err := l.setup(ctx, conn); err != nil {
			conn.Close()
			return fmt.Errorf("%w: %w", ErrUnavailable, err)
		}
		l.conn, l.stmts, l.known = conn, map[string]*sql.Stmt{}, knownHead{}
	}
	conn := l.conn
	defer func() {
		if err != nil {
			// The connection's state is unknown: do not reuse it.
			_ = conn.Raw(func(any) error { return driver.ErrBadConn })
			conn.Close()
			l.conn, l.stmts, l.known = nil, nil, knownHead{}
			err = fmt.Errorf("%w: %w", ErrUnavailable, err)
		}
	}()
	tx, err := l.begin(ctx, conn, false)
	if err != nil {
		return err
	}
	defer tx.rollback()
	seq, prev, version, err := l.writerHead(ctx, tx)
	if err != nil {
		return err
	}
	var recs []*Record
	for _, r := range batch {
		r.seqs = make([]int64, len(r.recs))
		for i := range r.recs {
			rec := &r.recs[i]
			seq++
			rec.Seq, rec.PrevHash = seq, prev
			rec.Hash = rec.digest()
			prev = rec.Hash
			r.seqs[i] = seq
			recs = append(recs, rec)
		}
	}
	if err := l.insert(ctx, tx, recs); err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := tx.commit(); err != nil {
		return err
	}
	if version != 0 {
		l.known = knownHead{version: version, seq: seq, hash: prev}
	}
	return nil
}

// knownHead is the head the SQLite writer committed last, valid while
// the database's data_version is unchanged (no other connection, in this
// process or another, has committed since).
type knownHead struct {
	version int64 // 0: unknown
	seq     int64
	hash    string
}

// writerHead returns the head to append after, inside the writer's
// locked transaction, and (SQLite) the data_version it was read at. In
// SQLite it skips the query when no other connection committed since the
// writer's own last commit.
func (l *Log) writerHead(ctx context.Context, tx *txn) (seq int64, hash string, version int64, err error) {
	if l.dialect == SQLite {
		if err := tx.queryRow(ctx, "PRAGMA data_version").Scan(&version); err != nil {
			return 0, "", 0, err
		}
		if version != 0 && version == l.known.version {
			return l.known.seq, l.known.hash, version, nil
		}
	}
	seq, hash, err = l.head(ctx, tx)
	return seq, hash, version, err
}

const headQuery = `SELECT seq, hash FROM decisions ORDER BY seq DESC LIMIT 1`

// head returns the newest record's seq and hash, or the anchor when the
// log is empty (Genesis, or what the last purge left).
func (l *Log) head(ctx context.Context, tx *txn) (int64, string, error) {
	var seq int64
	var hash string
	err := tx.queryRow(ctx, headQuery).Scan(&seq, &hash)
	if errors.Is(err, sql.ErrNoRows) {
		return l.anchor(ctx, tx)
	}
	return seq, hash, err
}

// anchor returns what the first record links to: the last purged record.
func (l *Log) anchor(ctx context.Context, tx *txn) (int64, string, error) {
	rows, err := tx.query(ctx, `SELECT key, value FROM decisions_meta WHERE key IN ('anchor_seq', 'anchor_hash')`)
	if err != nil {
		return 0, "", err
	}
	defer rows.Close()
	var seq int64
	hash := ""
	for rows.Next() {
		var k, v string
		if err := rows.Scan(&k, &v); err != nil {
			return 0, "", err
		}
		if k == "anchor_hash" {
			hash = v
		} else if seq, err = strconv.ParseInt(v, 10, 64); err != nil {
			return 0, "", fmt.Errorf("anchor_seq %q: %w", v, err)
		}
	}
	if err := rows.Err(); err != nil {
		return 0, "", err
	}
	if hash == "" {
		return 0, "", errors.New("decisions_meta has no anchor")
	}
	return seq, hash, nil
}

const columns = "seq, time, actor, kind, account, security, side, quantity, trade_date, decision, rules, entities, report_due, policy_digest, request_digest, detail, prev_hash, hash"

const ncolumns = 18

// insert writes recs with multi-row INSERTs.
func (l *Log) insert(ctx context.Context, tx *txn, recs []*Record) error {
	// Rows per INSERT: PostgreSQL pays a round trip per statement;
	// modernc.org/sqlite matches each placeholder to its argument by a
	// linear search, quadratic in the placeholders of a statement.
	chunk := 100
	if l.dialect == SQLite {
		chunk = 16
	}
	row := "(" + strings.TrimSuffix(strings.Repeat("?, ", ncolumns), ", ") + ")"
	for len(recs) > 0 {
		n := min(chunk, len(recs))
		args := make([]any, 0, n*ncolumns)
		for _, r := range recs[:n] {
			args = append(args, r.Seq, l.timeArg(r.Time), r.Actor, string(r.Kind), r.Account, r.Security, r.Side, r.Quantity,
				r.TradeDate.String(), string(r.Decision), strings.Join(r.Rules, " "), strings.Join(r.Entities, " "),
				r.ReportDue.String(), r.PolicyDigest, r.RequestDigest, string(r.Detail), r.PrevHash, r.Hash)
		}
		q := "INSERT INTO decisions (" + columns + ") VALUES " + strings.TrimSuffix(strings.Repeat(row+", ", n), ", ")
		if _, err := tx.execCached(ctx, q, args...); err != nil {
			return fmt.Errorf("insert: %w", err)
		}
		recs = recs[n:]
	}
	return nil
}
