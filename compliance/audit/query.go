package audit

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"

	"github.com/investscreen/investscreen/compliance"
	"github.com/investscreen/investscreen/holdings"
)

// Filter selects records; the zero Filter selects all. Fields combine
// with AND.
type Filter struct {
	// Account is the order's account, exactly.
	Account string
	// Entity is a list entry: "LIST:ID" (NS-CMIC:33114), or an ID alone
	// for that id on any list.
	Entity string
	// Rule is a rule id that fired (ns-cmic/purchase).
	Rule string
	// Decision is allow, warn or block.
	Decision compliance.Decision
	// Kind is order, portfolio or purge.
	Kind Kind
	// From and To bound the trade date, both inclusive; zero is open.
	From, To holdings.Date
	// Limit is the most records per page: zero means DefaultLimit; more
	// than MaxLimit is an error.
	Limit int
	// Cursor is Page.Next of the page before; empty for the first page.
	Cursor string
}

// Page limits.
const (
	DefaultLimit = 100
	MaxLimit     = 1000
)

// Page is one page of a query, newest record first. Its JSON form is the
// answer of GET /v1/decisions: {"decisions": [...], "next": "..."}.
type Page struct {
	Decisions []Record `json:"decisions"`
	// Next is the cursor of the next page; empty on the last page.
	Next string `json:"next"`
}

// ParseFilter reads a Filter from URL query values, as GET /v1/decisions
// takes them: account, entity, rule, decision, kind, from, to
// (YYYY-MM-DD), limit, cursor. A bad value is a *QueryError naming the
// parameter (ErrQuery: answer 400); unknown parameters are errors too.
func ParseFilter(q url.Values) (Filter, error) {
	var f Filter
	for k, v := range q {
		if len(v) != 1 {
			return f, &QueryError{Field: k, Err: errors.New("give it once")}
		}
		s := v[0]
		switch k {
		case "account":
			f.Account = s
		case "entity":
			f.Entity = s
		case "rule":
			f.Rule = s
		case "decision":
			f.Decision = compliance.Decision(s)
		case "kind":
			f.Kind = Kind(s)
		case "from", "to":
			d, err := holdings.ParseDate(s)
			if err != nil {
				return f, &QueryError{Field: k, Err: err}
			}
			if k == "from" {
				f.From = d
			} else {
				f.To = d
			}
		case "limit":
			n, err := strconv.Atoi(s)
			if err != nil {
				return f, &QueryError{Field: k, Err: errors.New("not a whole number")}
			}
			f.Limit = n
		case "cursor":
			f.Cursor = s
		default:
			return f, &QueryError{Field: k, Err: errors.New("unknown parameter")}
		}
	}
	return f, f.Check()
}

// Check reports what is wrong with f as a *QueryError (ErrQuery).
func (f *Filter) Check() error {
	switch f.Decision {
	case "", compliance.Allow, compliance.Warn, compliance.Block:
	default:
		return &QueryError{Field: "decision", Err: errors.New("want allow, warn or block")}
	}
	switch f.Kind {
	case "", KindOrder, KindPortfolio, KindPurge:
	default:
		return &QueryError{Field: "kind", Err: errors.New("want order, portfolio or purge")}
	}
	if f.Limit < 0 || f.Limit > MaxLimit {
		return &QueryError{Field: "limit", Err: fmt.Errorf("want 1 to %d", MaxLimit)}
	}
	if !f.From.IsZero() && !f.To.IsZero() && f.To.Before(f.From) {
		return &QueryError{Field: "to", Err: errors.New("before from")}
	}
	if _, err := parseCursor(f.Cursor); err != nil {
		return err
	}
	return nil
}

const cursorPrefix = "d1."

// cursor encodes "records before seq".
func cursor(seq int64) string {
	return base64.RawURLEncoding.EncodeToString([]byte(cursorPrefix + strconv.FormatInt(seq, 10)))
}

func parseCursor(s string) (int64, error) {
	if s == "" {
		return 0, nil
	}
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err == nil && strings.HasPrefix(string(b), cursorPrefix) {
		if n, err := strconv.ParseInt(string(b[len(cursorPrefix):]), 10, 64); err == nil && n > 0 {
			return n, nil
		}
	}
	return 0, &QueryError{Field: "cursor", Err: errors.New("not a cursor this log gave")}
}

// contains is the dialect's substring test: instr in SQLite, strpos in
// PostgreSQL (LIKE would need escaping and is case-insensitive in SQLite).
func (l *Log) contains(col string) string {
	if l.dialect == Postgres {
		return "strpos(' ' || " + col + " || ' ', ?) > 0"
	}
	return "instr(' ' || " + col + " || ' ', ?) > 0"
}

// Query returns the records f selects, newest first, one page at a time.
func (l *Log) Query(ctx context.Context, f Filter) (Page, error) {
	if err := f.Check(); err != nil {
		return Page{}, err
	}
	before, _ := parseCursor(f.Cursor)
	limit := f.Limit
	if limit == 0 {
		limit = DefaultLimit
	}
	var where []string
	var args []any
	add := func(cond string, arg any) {
		where = append(where, cond)
		args = append(args, arg)
	}
	if f.Account != "" {
		add("account = ?", clean(f.Account))
	}
	if f.Rule != "" {
		add(l.contains("rules"), " "+token(f.Rule)+" ")
	}
	if f.Entity != "" {
		if list, id, ok := strings.Cut(f.Entity, ":"); ok {
			add(l.contains("entities"), " "+entityToken(list, id)+" ")
		} else {
			add(l.contains("entities"), ":"+token(f.Entity)+" ")
		}
	}
	if f.Decision != "" {
		add("decision = ?", string(f.Decision))
	}
	if f.Kind != "" {
		add("kind = ?", string(f.Kind))
	}
	if !f.From.IsZero() {
		add("trade_date >= ?", f.From.String())
	}
	if !f.To.IsZero() {
		add("trade_date <= ?", f.To.String())
	}
	if before > 0 {
		add("seq < ?", before)
	}
	q := "SELECT " + columns + " FROM decisions"
	if len(where) > 0 {
		q += " WHERE " + strings.Join(where, " AND ")
	}
	q += " ORDER BY seq DESC LIMIT ?"
	args = append(args, limit+1)
	rows, err := l.db.QueryContext(ctx, l.rebind(q), args...)
	if err != nil {
		return Page{}, err
	}
	defer rows.Close()
	page := Page{Decisions: []Record{}}
	for rows.Next() {
		var r Record
		if err := scanRecord(rows, &r); err != nil {
			return Page{}, err
		}
		page.Decisions = append(page.Decisions, r)
	}
	if err := rows.Err(); err != nil {
		return Page{}, err
	}
	if len(page.Decisions) > limit {
		page.Decisions = page.Decisions[:limit]
		page.Next = cursor(page.Decisions[limit-1].Seq)
	}
	return page, nil
}

func decisionOf(s string) compliance.Decision { return compliance.Decision(s) }
