package audit

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"time"
)

// purgeDetail is the Detail of a KindPurge record.
type purgeDetail struct {
	// Before is the cutoff: every record removed is older.
	Before time.Time `json:"before"`
	// ThroughSeq is the last record removed and AnchorHash its hash: the
	// first record kept links to it.
	ThroughSeq int64  `json:"through_seq"`
	AnchorHash string `json:"anchor_hash"`
	Removed    int64  `json:"removed"`
	// RetentionYears is the retention in force.
	RetentionYears int `json:"retention_years"`
}

// PurgeResult says what Purge removed.
type PurgeResult struct {
	// Removed is how many records were removed; ThroughSeq the last of
	// them. Seq is the purge's own record (0 when nothing was removed).
	Removed    int64 `json:"removed"`
	ThroughSeq int64 `json:"through_seq"`
	Seq        int64 `json:"seq"`
}

// Purge removes the oldest records: those from the start of the log up
// to the first record whose time is not before before (a zero before
// means now less the retention period). A before later than now less
// Options.RetentionYears is refused with ErrRetention: nothing younger
// than the retention period is ever removed. The purge is itself
// recorded (KindPurge, by actor) in the same transaction, naming the
// last record removed, from which the rest of the chain still verifies.
func (l *Log) Purge(ctx context.Context, actor string, before time.Time) (PurgeResult, error) {
	now := l.opts.Now()
	limit := canonicalTime(now.AddDate(-l.opts.RetentionYears, 0, 0))
	if before.IsZero() {
		before = limit
	}
	before = canonicalTime(before)
	if before.After(limit) {
		return PurgeResult{}, fmt.Errorf("%w: cutoff %s is after %s (%d years)", ErrRetention,
			before.Format(time.DateOnly), limit.Format(time.DateOnly), l.opts.RetentionYears)
	}
	l.mu.RLock()
	closed := l.closed
	l.mu.RUnlock()
	if closed {
		return PurgeResult{}, ErrClosed
	}
	ctx, cancel := context.WithTimeout(ctx, l.opts.WriteTimeout)
	defer cancel()
	conn, err := l.db.Conn(ctx)
	if err != nil {
		return PurgeResult{}, fmt.Errorf("%w: %w", ErrUnavailable, err)
	}
	defer conn.Close()
	if err := l.setup(ctx, conn); err != nil {
		return PurgeResult{}, fmt.Errorf("%w: %w", ErrUnavailable, err)
	}
	tx, err := l.begin(ctx, conn, false)
	if err != nil {
		return PurgeResult{}, fmt.Errorf("%w: %w", ErrUnavailable, err)
	}
	defer tx.rollback()
	res, err := l.purge(ctx, tx, actor, before, now)
	if err != nil {
		return PurgeResult{}, fmt.Errorf("%w: purge: %w", ErrUnavailable, err)
	}
	if err := tx.commit(); err != nil {
		return PurgeResult{}, fmt.Errorf("%w: purge: %w", ErrUnavailable, err)
	}
	return res, nil
}

func (l *Log) purge(ctx context.Context, tx *txn, actor string, before, now time.Time) (PurgeResult, error) {
	headSeq, headHash, err := l.head(ctx, tx)
	if err != nil {
		return PurgeResult{}, err
	}
	// The first record not older than the cutoff; all before it go.
	var keep sql.NullInt64
	if err := tx.queryRow(ctx, `SELECT MIN(seq) FROM decisions WHERE time >= ?`, l.timeArg(before)).Scan(&keep); err != nil {
		return PurgeResult{}, err
	}
	through := headSeq
	if keep.Valid {
		through = keep.Int64 - 1
	}
	var count int64
	if err := tx.queryRow(ctx, `SELECT COUNT(*) FROM decisions WHERE seq <= ?`, through).Scan(&count); err != nil {
		return PurgeResult{}, err
	}
	if count == 0 {
		return PurgeResult{}, nil
	}
	var anchor string
	if err := tx.queryRow(ctx, `SELECT hash FROM decisions WHERE seq = ?`, through).Scan(&anchor); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return PurgeResult{}, fmt.Errorf("record %d is missing: verify the log", through)
		}
		return PurgeResult{}, err
	}
	if _, err := tx.exec(ctx, `DELETE FROM decisions WHERE seq <= ?`, through); err != nil {
		return PurgeResult{}, err
	}
	for k, v := range map[string]string{"anchor_seq": strconv.FormatInt(through, 10), "anchor_hash": anchor} {
		if _, err := tx.exec(ctx, `UPDATE decisions_meta SET value = ? WHERE key = ?`, v, k); err != nil {
			return PurgeResult{}, err
		}
	}
	detail, err := json.Marshal(purgeDetail{Before: before, ThroughSeq: through, AnchorHash: anchor, Removed: count, RetentionYears: l.opts.RetentionYears})
	if err != nil {
		return PurgeResult{}, err
	}
	r := Record{Time: now, Actor: actor, Kind: KindPurge, Detail: detail}
	if err := r.normalise(); err != nil {
		return PurgeResult{}, err
	}
	r.Seq, r.PrevHash = headSeq+1, headHash
	r.Hash = r.digest()
	if err := l.insert(ctx, tx, []*Record{&r}); err != nil {
		return PurgeResult{}, err
	}
	return PurgeResult{Removed: count, ThroughSeq: through, Seq: r.Seq}, nil
}
