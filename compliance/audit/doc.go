// Package audit keeps the decision log: every decision the library makes
// for a caller (one record per order checked, one per portfolio screened),
// appended before the decision is given, kept ten years, and provably
// unaltered.
//
// A brokerage that blocked an order must be able to show years later what
// it decided, when, for whom, why, and against which list release and
// rule version (OFAC's recordkeeping rule, 31 CFR 501.601, ten years since
// 2025-03-12), and report a rejected NS-CMIC trade within ten business
// days (FAQ 1048). A record holds the time (UTC), the actor (a token name
// in a service, the OS user on the command line), the order as given
// (account, security, side, quantity, trade date), the decision, the rule
// ids and entities that fired, and, as JSON in Detail, the library's own
// result (findings with rule versions, match paths and list releases with
// their SHA-256), the waivers applied and the unresolved reasons; with a
// digest of the policy (PolicyDigest) and of the request as received.
//
// The log is one table, decisions, in SQLite (the embedded default, WAL
// mode, a commit synced to disk) or PostgreSQL (shared by many service
// replicas). The fields an officer asks about are plain text columns
// (decision is allow, warn or block; dates are YYYY-MM-DD; rules and
// entities are space-separated), so plain SQL answers questions:
//
//	SELECT seq, time, account, security, decision, rules
//	FROM decisions WHERE rules LIKE '%ns-cmic/purchase%' AND trade_date >= '2026-01-01';
//
// Each record carries the hash of the one before and its own SHA-256 over
// a canonical encoding of its content, so that Verify finds the first
// record that was edited, deleted or reordered, and a Head kept elsewhere
// proves later that no record after it was cut off. Appends take the
// database's append lock (BEGIN IMMEDIATE in SQLite, a lock row in
// PostgreSQL), so any number of writers, in any number of processes, keep
// one chain; concurrent appends are batched into one transaction (group
// commit). An append returns only when its transaction is committed; when
// it cannot be, it returns an error matching ErrUnavailable, and the
// decision must not be given (a service answers 503).
//
// This package imports no database driver: open a log with
// auditdb.Open(ctx, "sqlite:PATH" or "postgres://...", opts), which does,
// or pass your own *sql.DB to Open.
//
//	log, err := auditdb.Open(ctx, "sqlite:decisions.db", audit.Options{})
//	rep := chk.CheckOrders(orders, book)
//	if _, err := log.RecordOrders(ctx, audit.Source{Actor: "desk-7", Request: body, Policy: digest}, rep, orders); err != nil {
//		// 503: nothing is allowed that is not in the log
//	}
//
// Records are never updated. Purge removes the oldest records, only those
// older than the retention period (ten years by default), and records
// itself; the chain then verifies from its new first record.
//
// Business days for a reject's ReportDue are Monday to Friday less the
// Federal Reserve holidays (see Calendar); compliance.RejectRecord's own
// ReportDue counts weekends only, so the log's due date is later by the
// holidays in between.
package audit
