package audit

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/investscreen/investscreen/holdings"
)

// Head is the newest record of the log: export it (print it, store it
// elsewhere) and a later Verify with it proves no record after it was cut
// off.
type Head struct {
	// Seq is the newest record's sequence number (the anchor's when the
	// log is empty), Hash its hash.
	Seq  int64  `json:"seq"`
	Hash string `json:"hash"`
}

// Head returns the newest record's sequence number and hash.
func (l *Log) Head(ctx context.Context) (Head, error) {
	conn, err := l.db.Conn(ctx)
	if err != nil {
		return Head{}, err
	}
	defer conn.Close()
	tx := &txn{l: l, conn: conn, done: true}
	seq, hash, err := l.head(ctx, tx)
	return Head{Seq: seq, Hash: hash}, err
}

// Summary is what Verify checked.
type Summary struct {
	// Records is how many records were verified; First and Last their
	// sequence numbers (zero when the log is empty).
	Records int64 `json:"records"`
	First   int64 `json:"first"`
	Last    int64 `json:"last"`
	// Anchor is what the first record links to: Genesis, or the hash of
	// the last record a purge removed.
	Anchor string `json:"anchor"`
	// Head is the newest hash.
	Head string `json:"head"`
}

// verifyPage is how many records Verify reads per query.
const verifyPage = 5000

// Verify walks the whole chain from its first record and returns the
// first record that does not match as a *ChainError (ErrChain): Edited
// when its content does not give its hash, Deleted when its predecessor
// is missing, Reordered when its predecessor is elsewhere in the log.
// Every head given (hashes Head returned earlier) must be in the chain,
// else the log was Truncated. After a purge the chain starts at the
// anchor, which the latest purge record must name. Verify reads with
// constant memory; other errors mean the log could not be read.
func (l *Log) Verify(ctx context.Context, heads ...string) (Summary, error) {
	conn, err := l.db.Conn(ctx)
	if err != nil {
		return Summary{}, err
	}
	defer conn.Close()
	// One snapshot for the whole walk: a purge or an append committed
	// meanwhile does not show half-way.
	begin := "BEGIN"
	if l.dialect == Postgres {
		begin = "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"
	}
	if _, err := conn.ExecContext(ctx, begin); err != nil {
		return Summary{}, err
	}
	tx := &txn{l: l, conn: conn}
	defer tx.rollback()
	anchorSeq, anchor, err := l.anchor(ctx, tx)
	if err != nil {
		return Summary{}, err
	}
	want := map[string]bool{}
	for _, h := range heads {
		want[strings.ToLower(strings.TrimSpace(h))] = true
	}
	sum := Summary{Anchor: anchor, Head: anchor}
	prev := anchor
	anchorNamed := anchorSeq == 0 && anchor == Genesis
	var after int64 = -1 << 62
	var (
		seq    int64
		tm     time.Time
		f      [14]sql.RawBytes // actor .. detail, in column order
		ph, hh sql.RawBytes     // prev_hash, hash
		x      hasher
	)
	dest := []any{&seq, scanTime{&tm}}
	for i := range f {
		dest = append(dest, &f[i])
	}
	dest = append(dest, &ph, &hh)
	for {
		rows, err := tx.query(ctx, `SELECT `+columns+` FROM decisions WHERE seq > ? ORDER BY seq LIMIT ?`, after, verifyPage)
		if err != nil {
			return sum, err
		}
		n := 0
		for rows.Next() {
			n++
			seq = 0
			if err := rows.Scan(dest...); err != nil {
				rows.Close()
				if seq != 0 {
					return sum, &ChainError{Seq: seq, Problem: Edited}
				}
				return sum, err
			}
			after = seq
			// The columns hold exactly the text that was hashed.
			if digestOf(&x, ph, tm, f) != string(hh) {
				rows.Close()
				return sum, &ChainError{Seq: seq, Problem: Edited}
			}
			if string(ph) != prev {
				rows.Close()
				return sum, l.broken(ctx, tx, seq, string(ph))
			}
			if !anchorNamed && Kind(f[1]) == KindPurge {
				var d purgeDetail
				if json.Unmarshal(f[13], &d) == nil && d.AnchorHash == anchor && d.ThroughSeq == anchorSeq {
					anchorNamed = true
				}
			}
			prev = string(hh)
			delete(want, prev)
			if sum.Records == 0 {
				sum.First = seq
			}
			sum.Records++
			sum.Last, sum.Head = seq, prev
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return sum, err
		}
		if n < verifyPage {
			break
		}
	}
	if !anchorNamed {
		// The log starts after a purge that no purge record names: its
		// first records were deleted.
		return sum, &ChainError{Seq: sum.First, Problem: Deleted}
	}
	for h := range want {
		return sum, &ChainError{Seq: sum.Last, Problem: Truncated, Head: h}
	}
	return sum, nil
}

// broken classifies a record whose link to its predecessor is wrong.
func (l *Log) broken(ctx context.Context, tx *txn, seq int64, prev string) error {
	var other int64
	err := tx.queryRow(ctx, `SELECT seq FROM decisions WHERE hash = ?`, prev).Scan(&other)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return &ChainError{Seq: seq, Problem: Deleted}
	case err != nil:
		return err
	}
	return &ChainError{Seq: seq, Problem: Reordered}
}

// parseError is a stored column that cannot be read back as written.
type parseError struct {
	seq int64
	err error
}

func (e *parseError) Error() string { return fmt.Sprintf("record %d: %v", e.seq, e.err) }

// scanRecord reads one row of columns into r.
func scanRecord(rows *sql.Rows, r *Record) error {
	var kind, decision, trade, rules, entities, due, detail string
	*r = Record{}
	if err := rows.Scan(&r.Seq, scanTime{&r.Time}, &r.Actor, &kind, &r.Account, &r.Security, &r.Side, &r.Quantity,
		&trade, &decision, &rules, &entities, &due, &r.PolicyDigest, &r.RequestDigest, &detail, &r.PrevHash, &r.Hash); err != nil {
		if r.Seq != 0 {
			return &parseError{r.Seq, err}
		}
		return err
	}
	r.Kind = Kind(kind)
	r.Decision = decisionOf(decision)
	r.Rules, r.Entities = fields(rules), fields(entities)
	r.Detail = json.RawMessage(detail)
	var err error
	if r.TradeDate, err = optDate(trade); err != nil {
		return &parseError{r.Seq, err}
	}
	if r.ReportDue, err = optDate(due); err != nil {
		return &parseError{r.Seq, err}
	}
	return nil
}

func fields(s string) []string {
	f := strings.Split(s, " ")
	if s == "" {
		f = []string{}
	}
	return f
}

func optDate(s string) (holdings.Date, error) {
	if s == "" {
		return holdings.Date{}, nil
	}
	return holdings.ParseDate(s)
}
