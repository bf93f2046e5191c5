package audit

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"hash"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/investscreen/investscreen/compliance"
	"github.com/investscreen/investscreen/holdings"
	"github.com/investscreen/investscreen/internal/calendar"
)

// Kind is what a record is about.
type Kind string

// Record kinds.
const (
	// KindOrder is the decision on one order.
	KindOrder Kind = "order"
	// KindPortfolio is one screening of a portfolio.
	KindPortfolio Kind = "portfolio"
	// KindPurge records a Purge: which records were removed, by whom.
	KindPurge Kind = "purge"
)

// ReportDueDays is the number of business days after the trade date
// within which a rejected NS-CMIC transaction is reported to OFAC (FAQ
// 1048; 31 CFR 501.604). Business days are counted Monday to Friday less
// the Federal Reserve holidays (see internal/calendar), so the due date
// is the library's compliance.RejectRecord.ReportDue moved later by the
// holidays in between.
const ReportDueDays = 10

// Genesis is the previous hash of the first record of a new log.
const Genesis = "0000000000000000000000000000000000000000000000000000000000000000"

// Record is one entry of the decision log. The fields down to Detail are
// its content, covered by Hash; Seq, PrevHash and Hash are set by the Log
// when the record is appended. The plain fields are stored in columns of
// their own (readable text, for plain SQL); Detail holds the rest as JSON.
type Record struct {
	// Seq is the position in the log, from 1, increasing.
	Seq int64 `json:"seq"`
	// Time is when the decision was made (UTC, microseconds).
	Time time.Time `json:"time"`
	// Actor is who asked: a token name in the service, the OS user on
	// the command line.
	Actor string `json:"actor"`
	Kind  Kind   `json:"kind"`
	// Account, Security (the first identifier the order gave, as given),
	// Side and Quantity are those of the order; empty for a portfolio.
	Account  string `json:"account,omitempty"`
	Security string `json:"security,omitempty"`
	Side     string `json:"side,omitempty"`
	Quantity string `json:"quantity,omitempty"`
	// TradeDate is the order's trade date, or the portfolio's as-of date.
	TradeDate holdings.Date `json:"trade_date"`
	// Decision is allow, warn or block. For a portfolio: block when the
	// report has a violation, warn when it has a warning, else allow.
	Decision compliance.Decision `json:"decision"`
	// Rules and Entities are the rule ids that fired and the entries they
	// fired for ("LIST:ID"), sorted, each once; waived findings included.
	Rules    []string `json:"rules"`
	Entities []string `json:"entities"`
	// ReportDue is, for an order blocked under an NS-CMIC rule, the last
	// day to report the reject to OFAC (ReportDueDays); zero otherwise.
	ReportDue holdings.Date `json:"report_due,omitempty"`
	// PolicyDigest is PolicyDigest of the checker's policy and waivers.
	PolicyDigest string `json:"policy_digest"`
	// RequestDigest is the SHA-256 (hex) of the request as received.
	RequestDigest string `json:"request_digest"`
	// Detail is the rest, as JSON: for an order {index, order, result,
	// lists, warnings, waivers, unresolved} where result is the
	// library's compliance.OrderResult in its own JSON form; for a
	// portfolio {report, waivers, unresolved} with the compliance.Report.
	Detail json.RawMessage `json:"detail"`
	// PrevHash is the hash of the record before (Genesis for the first),
	// Hash this record's: SHA-256 over the canonical encoding of the
	// content and PrevHash.
	PrevHash string `json:"prev_hash"`
	Hash     string `json:"hash"`
}

// timeLayout is the canonical form of a record's time: fixed width, so
// that it also sorts as text.
const timeLayout = "2006-01-02T15:04:05.000000Z"

// canonicalTime is t as the log keeps it: UTC, microseconds.
func canonicalTime(t time.Time) time.Time { return t.UTC().Truncate(time.Microsecond) }

// digest returns the record's hash: SHA-256 over a domain tag and each
// content field, in a fixed order, each prefixed by its length.
func (r *Record) digest() string {
	var h hasher
	return h.sum(r.PrevHash, r.Time, [...]string{r.Actor, string(r.Kind), r.Account, r.Security, r.Side, r.Quantity,
		r.TradeDate.String(), string(r.Decision), strings.Join(r.Rules, " "), strings.Join(r.Entities, " "),
		r.ReportDue.String(), r.PolicyDigest, r.RequestDigest, string(r.Detail)})
}

// hashTag starts every record's hashed encoding.
const hashTag = "investscreen decision log v1\n"

// hasher computes record hashes; reusable, not safe for concurrent use.
type hasher struct {
	h   hash.Hash
	buf []byte
}

// digestOf hashes the encoding of a record: the tag, then prev, the time
// (timeLayout) and the fields after it (from actor to detail, in column
// order), each as a uvarint length and the bytes.
func digestOf[T ~string | ~[]byte](x *hasher, prev T, t time.Time, fields [14]T) string {
	if x.h == nil {
		x.h = sha256.New()
	}
	x.h.Reset()
	b := append(x.buf[:0], hashTag...)
	b = binary.AppendUvarint(b, uint64(len(prev)))
	b = append(b, prev...)
	var tb [32]byte
	ts := t.UTC().AppendFormat(tb[:0], timeLayout)
	b = binary.AppendUvarint(b, uint64(len(ts)))
	b = append(b, ts...)
	for _, f := range fields {
		b = binary.AppendUvarint(b, uint64(len(f)))
		b = append(b, f...)
	}
	x.h.Write(b)
	x.buf = b
	var out [sha256.Size]byte
	return hex.EncodeToString(x.h.Sum(out[:0]))
}

func (x *hasher) sum(prev string, t time.Time, fields [14]string) string {
	return digestOf(x, prev, t, fields)
}

// clean makes s storable as text in both databases: valid UTF-8, no NUL.
func clean(s string) string {
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	return strings.ReplaceAll(s, "\x00", "\uFFFD")
}

// token makes s one space-free token of a Rules or Entities column.
func token(s string) string {
	return strings.Join(strings.Fields(clean(s)), "_")
}

// normalise readies r for storage; it reports what is wrong with it.
func (r *Record) normalise() error {
	switch r.Kind {
	case KindOrder, KindPortfolio, KindPurge:
	default:
		return fmt.Errorf("%w: unknown kind %q", ErrRecord, r.Kind)
	}
	switch r.Decision {
	case compliance.Allow, compliance.Warn, compliance.Block:
	case "":
		if r.Kind != KindPurge {
			return fmt.Errorf("%w: no decision", ErrRecord)
		}
	default:
		return fmt.Errorf("%w: unknown decision %q", ErrRecord, r.Decision)
	}
	if len(r.Detail) == 0 {
		r.Detail = json.RawMessage("{}")
	}
	if !json.Valid(r.Detail) {
		return fmt.Errorf("%w: detail is not JSON", ErrRecord)
	}
	r.Time = canonicalTime(r.Time)
	r.Actor, r.Account, r.Security = clean(r.Actor), clean(r.Account), clean(r.Security)
	r.Side, r.Quantity = clean(r.Side), clean(r.Quantity)
	r.PolicyDigest, r.RequestDigest = clean(r.PolicyDigest), clean(r.RequestDigest)
	r.Rules, r.Entities = tokens(r.Rules), tokens(r.Entities)
	return nil
}

// tokens returns the distinct tokens of ss, sorted; never nil.
func tokens(ss []string) []string {
	set := map[string]bool{}
	for _, s := range ss {
		if t := token(s); t != "" {
			set[t] = true
		}
	}
	out := make([]string, 0, len(set))
	for t := range set {
		out = append(out, t)
	}
	sort.Strings(out)
	return out
}

// Source says where a decision came from.
type Source struct {
	// Actor is who asked (a token name; the OS user).
	Actor string
	// Request is the request as received (the HTTP body; the orders
	// file). Only its SHA-256 is kept.
	Request []byte
	// RequestDigest, when set, is the request's SHA-256 (hex), computed
	// by the caller as the request was read (a file too large to hold);
	// Request is then not used.
	RequestDigest string
	// Policy is PolicyDigest of the checker's policy and waivers.
	Policy string
}

// requestDigest is the digest of the request the record keeps.
func (s *Source) requestDigest() string {
	if s.RequestDigest != "" {
		return s.RequestDigest
	}
	return Digest(s.Request)
}

// Digest returns the SHA-256 of b in hex: the request digest.
func Digest(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

// PolicyDigest returns the SHA-256 (hex) of a canonical JSON of p and
// the waivers in force: the JSON encoding of p (field names, maps with
// sorted keys; a nil p is the zero Policy) followed by the waivers sorted
// by their JSON. Equal policies give equal digests.
func PolicyDigest(p *compliance.Policy, waivers []compliance.Waiver) (string, error) {
	if p == nil {
		p = &compliance.Policy{}
	}
	pj, err := json.Marshal(p)
	if err != nil {
		return "", fmt.Errorf("policy digest: %w", err)
	}
	ws := make([]string, 0, len(waivers))
	for i := range waivers {
		b, err := json.Marshal(&waivers[i])
		if err != nil {
			return "", fmt.Errorf("policy digest: %w", err)
		}
		ws = append(ws, string(b))
	}
	sort.Strings(ws)
	b, err := json.Marshal(struct {
		Policy  json.RawMessage   `json:"policy"`
		Waivers []json.RawMessage `json:"waivers"`
	}{pj, raws(ws)})
	if err != nil {
		return "", fmt.Errorf("policy digest: %w", err)
	}
	return Digest(b), nil
}

func raws(ss []string) []json.RawMessage {
	out := make([]json.RawMessage, len(ss))
	for i, s := range ss {
		out[i] = json.RawMessage(s)
	}
	return out
}

// orderInput is an order as the log keeps it.
type orderInput struct {
	Account     string `json:"account"`
	ISIN        string `json:"isin,omitempty"`
	CUSIP       string `json:"cusip,omitempty"`
	SEDOL       string `json:"sedol,omitempty"`
	FIGI        string `json:"figi,omitempty"`
	Ticker      string `json:"ticker,omitempty"`
	Name        string `json:"name,omitempty"`
	Side        string `json:"side"`
	Quantity    string `json:"quantity"`
	TradeDate   string `json:"trade_date"`
	NonUSPerson bool   `json:"non_us_person,omitempty"`
	Line        int    `json:"line,omitempty"`
}

type orderDetail struct {
	Index      int               `json:"index"`
	Order      orderInput        `json:"order"`
	Result     json.RawMessage   `json:"result"`
	Lists      json.RawMessage   `json:"lists"`
	Warnings   json.RawMessage   `json:"warnings"`
	Waivers    []json.RawMessage `json:"waivers"`
	Unresolved []string          `json:"unresolved"`
}

type portfolioDetail struct {
	Report     json.RawMessage   `json:"report"`
	Waivers    []json.RawMessage `json:"waivers"`
	Unresolved []string          `json:"unresolved"`
}

// OrderRecords builds one record per order of rep (rep.Orders[i] is the
// decision on orders[i], as compliance.Checker.CheckOrders returns them),
// each with the time now. It does not write them: see Log.RecordOrders.
func OrderRecords(now time.Time, src Source, rep *compliance.OrderReport, orders []compliance.Order) ([]Record, error) {
	if rep == nil || len(rep.Orders) != len(orders) {
		return nil, fmt.Errorf("%w: the report does not hold one result per order", ErrRecord)
	}
	lists, err := json.Marshal(rep.Lists)
	if err != nil {
		return nil, fmt.Errorf("%w: lists: %w", ErrRecord, err)
	}
	warnings, err := json.Marshal(rep.Warnings)
	if err != nil {
		return nil, fmt.Errorf("%w: warnings: %w", ErrRecord, err)
	}
	reqDigest := src.requestDigest()
	out := make([]Record, len(orders))
	for i := range orders {
		o, res := &orders[i], &rep.Orders[i]
		result, err := json.Marshal(res)
		if err != nil {
			return nil, fmt.Errorf("%w: order %d: %w", ErrRecord, i, err)
		}
		d := orderDetail{Index: i, Result: result, Lists: lists, Warnings: warnings,
			Order: orderInput{Account: o.Account, ISIN: o.ISIN, CUSIP: o.CUSIP, SEDOL: o.SEDOL, FIGI: o.FIGI,
				Ticker: o.Ticker, Name: o.Name, Side: string(o.Side), Quantity: o.Quantity.String(),
				TradeDate: o.TradeDate.String(), NonUSPerson: o.NonUSPerson, Line: o.Line},
			Unresolved: []string{}}
		if res.Unresolved != "" {
			d.Unresolved = append(d.Unresolved, res.Unresolved)
		}
		rules, entities, waivers, err := findings(res.Violations)
		if err != nil {
			return nil, err
		}
		if res.Unresolved != "" {
			rules = append(rules, compliance.RuleUnresolved)
		}
		d.Waivers = waivers
		detail, err := json.Marshal(d)
		if err != nil {
			return nil, fmt.Errorf("%w: order %d: %w", ErrRecord, i, err)
		}
		r := Record{Time: now, Actor: src.Actor, Kind: KindOrder, Account: o.Account, Security: security(o),
			Side: string(o.Side), Quantity: o.Quantity.String(), TradeDate: o.TradeDate, Decision: res.Decision,
			Rules: rules, Entities: entities, PolicyDigest: src.Policy, RequestDigest: reqDigest, Detail: detail}
		if res.Reject != nil {
			r.ReportDue = calendar.AddBusinessDays(o.TradeDate, ReportDueDays)
		}
		out[i] = r
	}
	return out, nil
}

// PortfolioRecord builds the record of one portfolio screening, with the
// time now. It does not write it: see Log.RecordPortfolio.
func PortfolioRecord(now time.Time, src Source, rep *compliance.Report) (Record, error) {
	if rep == nil {
		return Record{}, fmt.Errorf("%w: no report", ErrRecord)
	}
	report, err := json.Marshal(rep)
	if err != nil {
		return Record{}, fmt.Errorf("%w: report: %w", ErrRecord, err)
	}
	rules, entities, waivers, err := findings(rep.Violations)
	if err != nil {
		return Record{}, err
	}
	d := portfolioDetail{Report: report, Waivers: waivers, Unresolved: []string{}}
	warn := rep.Counts.Warnings > 0
	for i := range rep.Unresolved {
		u := &rep.Unresolved[i]
		d.Unresolved = append(d.Unresolved, u.Reason)
		rules = append(rules, compliance.RuleUnresolved)
		if u.Waiver != nil {
			b, err := json.Marshal(u.Waiver)
			if err != nil {
				return Record{}, fmt.Errorf("%w: waiver: %w", ErrRecord, err)
			}
			d.Waivers = append(d.Waivers, b)
		}
		if !u.Waived {
			warn = true
		}
	}
	detail, err := json.Marshal(d)
	if err != nil {
		return Record{}, fmt.Errorf("%w: report: %w", ErrRecord, err)
	}
	decision := compliance.Allow
	switch {
	case rep.HasViolation():
		decision = compliance.Block
	case warn:
		decision = compliance.Warn
	}
	return Record{Time: now, Actor: src.Actor, Kind: KindPortfolio, TradeDate: rep.AsOf, Decision: decision,
		Rules: rules, Entities: entities, PolicyDigest: src.Policy, RequestDigest: src.requestDigest(), Detail: detail}, nil
}

// findings returns the rule ids, the entities and the waivers applied of
// fs.
func findings(fs []compliance.Finding) (rules, entities []string, waivers []json.RawMessage, err error) {
	waivers = []json.RawMessage{}
	for i := range fs {
		f := &fs[i]
		rules = append(rules, f.Rule)
		if f.Entity.ID != "" || f.Entity.List != "" {
			entities = append(entities, entityToken(f.Entity.List, f.Entity.ID))
		}
		if f.Waived && f.Waiver != nil {
			b, err := json.Marshal(f.Waiver)
			if err != nil {
				return nil, nil, nil, fmt.Errorf("%w: waiver: %w", ErrRecord, err)
			}
			waivers = append(waivers, b)
		}
	}
	return rules, entities, waivers, nil
}

// entityToken is the Entities column's form of an entry: LIST:ID.
func entityToken(list, id string) string { return token(list) + ":" + token(id) }

// security is the first identifier the order gave.
func security(o *compliance.Order) string {
	for _, s := range []string{o.ISIN, o.CUSIP, o.SEDOL, o.FIGI, o.Ticker, o.Name} {
		if s != "" {
			return s
		}
	}
	return ""
}
