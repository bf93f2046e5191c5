package audit

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"time"

	"github.com/investscreen/investscreen/compliance"
)

// DefaultMaxEmbedded is how many findings and unresolved holdings a
// PortfolioTally holds, to embed the whole report in the record as
// PortfolioRecord does; past it the record keeps a summary and the
// printed report's SHA-256 instead.
const DefaultMaxEmbedded = 10000

// maxReasons bounds the unresolved reasons a summary record lists.
const maxReasons = 1000

// PortfolioTally gathers, as a streamed screen (compliance.Checker.Screen)
// goes, what the record of the screening keeps: add every event. Up to
// its bound it holds the events themselves, and the record is that of
// PortfolioRecord for the same report; past it, only what is bounded by
// the rules, the list entries and the waivers. A PortfolioTally is not
// safe for concurrent use.
type PortfolioTally struct {
	max        int
	findings   []compliance.Finding
	unresolved []compliance.Unresolved
	over       bool // past max: findings and unresolved dropped

	rules, entities map[string]bool
	waivers         map[string]bool
	waiverList      []string
	reasons         []string
	unresolvedN     int
	openUnresolved  bool // an unresolved holding not waived
}

// NewPortfolioTally returns a tally that embeds up to maxEmbedded
// findings and unresolved holdings (0 for DefaultMaxEmbedded).
func NewPortfolioTally(maxEmbedded int) *PortfolioTally {
	if maxEmbedded <= 0 {
		maxEmbedded = DefaultMaxEmbedded
	}
	return &PortfolioTally{max: maxEmbedded, rules: map[string]bool{}, entities: map[string]bool{}, waivers: map[string]bool{}}
}

// Add counts one event.
func (t *PortfolioTally) Add(e compliance.Event) error {
	for i := range e.Findings {
		f := &e.Findings[i]
		t.rules[f.Rule] = true
		if f.Entity.ID != "" || f.Entity.List != "" {
			t.entities[entityToken(f.Entity.List, f.Entity.ID)] = true
		}
		if f.Waived && f.Waiver != nil {
			if err := t.waiver(f.Waiver); err != nil {
				return err
			}
		}
	}
	if u := e.Unresolved; u != nil {
		t.rules[compliance.RuleUnresolved] = true
		t.unresolvedN++
		if len(t.reasons) < maxReasons {
			t.reasons = append(t.reasons, u.Reason)
		}
		if u.Waiver != nil {
			if err := t.waiver(u.Waiver); err != nil {
				return err
			}
		}
		if !u.Waived {
			t.openUnresolved = true
		}
	}
	if t.over {
		return nil
	}
	if len(t.findings)+len(t.unresolved)+len(e.Findings)+1 > t.max {
		t.over, t.findings, t.unresolved = true, nil, nil
		return nil
	}
	t.findings = append(t.findings, e.Findings...)
	if e.Unresolved != nil {
		t.unresolved = append(t.unresolved, *e.Unresolved)
	}
	return nil
}

func (t *PortfolioTally) waiver(w *compliance.Waiver) error {
	b, err := json.Marshal(w)
	if err != nil {
		return fmt.Errorf("%w: waiver: %w", ErrRecord, err)
	}
	if !t.waivers[string(b)] {
		t.waivers[string(b)] = true
		t.waiverList = append(t.waiverList, string(b))
	}
	return nil
}

// Embedded reports whether the tally holds every event: the record will
// embed the whole report.
func (t *PortfolioTally) Embedded() bool { return !t.over }

// Printed describes the report a streamed screening printed, for a
// record that cannot embed it.
type Printed struct {
	// Format is the report's format (text, json, csv, html).
	Format string
	// SHA256 is the SHA-256 (hex) of the report's bytes as printed;
	// Bytes their number.
	SHA256 string
	Bytes  int64
}

// summaryDetail is the detail of the record of a streamed screening too
// large to embed: the report's summary, and the printed report's hash.
type summaryDetail struct {
	Summary         reportSummary     `json:"summary"`
	Printed         Printed           `json:"printed"`
	Waivers         []json.RawMessage `json:"waivers"`
	Unresolved      []string          `json:"unresolved"`
	UnresolvedCount int               `json:"unresolved_count"`
}

// reportSummary is a compliance.Report but its findings and unresolved
// holdings, in its JSON keys.
type reportSummary struct {
	AsOf     string                      `json:"as_of"`
	Lists    []compliance.ListInfo       `json:"lists"`
	Warnings []string                    `json:"warnings"`
	Holdings int                         `json:"holdings"`
	Counts   compliance.Counts           `json:"counts"`
	Rules    []compliance.RuleInfo       `json:"rules"`
	Regimes  []compliance.AccountRegimes `json:"regimes,omitempty"`
}

// StreamedPortfolioRecord builds the record of a streamed portfolio
// screening from its Summary and the tally of its events, with the time
// now. When the tally embedded every event, it is PortfolioRecord of the
// whole report. Otherwise its detail is {summary, printed, waivers,
// unresolved, unresolved_count}: the report's summary (its JSON keys but
// violations and unresolved), printed (the format, SHA-256 and size of
// the report as printed, which the record so binds), the distinct
// waivers applied, and the first 1,000 unresolved reasons; the Rules and
// Entities columns are complete either way. It does not write the
// record: see Log.RecordStreamedPortfolio.
func StreamedPortfolioRecord(now time.Time, src Source, sum *compliance.Summary, t *PortfolioTally, printed Printed) (Record, error) {
	if sum == nil || t == nil {
		return Record{}, fmt.Errorf("%w: no report", ErrRecord)
	}
	if !t.over {
		rep := sum.Head()
		rep.Violations = append(rep.Violations, t.findings...)
		rep.Unresolved = append(rep.Unresolved, t.unresolved...)
		return PortfolioRecord(now, src, rep)
	}
	d := summaryDetail{Summary: reportSummary{AsOf: sum.AsOf.String(), Lists: sum.Lists, Warnings: sum.Warnings, Holdings: sum.Holdings,
		Counts: sum.Counts, Rules: sum.Rules, Regimes: sum.Regimes}, Printed: printed,
		Waivers: raws(t.waiverList), Unresolved: append([]string{}, t.reasons...), UnresolvedCount: t.unresolvedN}
	if d.Summary.Lists == nil {
		d.Summary.Lists = []compliance.ListInfo{}
	}
	if d.Summary.Warnings == nil {
		d.Summary.Warnings = []string{}
	}
	detail, err := json.Marshal(d)
	if err != nil {
		return Record{}, fmt.Errorf("%w: report: %w", ErrRecord, err)
	}
	decision := compliance.Allow
	switch {
	case sum.HasViolation():
		decision = compliance.Block
	case sum.Counts.Warnings > 0 || t.openUnresolved:
		decision = compliance.Warn
	}
	return Record{Time: now, Actor: src.Actor, Kind: KindPortfolio, TradeDate: sum.AsOf, Decision: decision,
		Rules: keys(t.rules), Entities: keys(t.entities), PolicyDigest: src.Policy, RequestDigest: src.requestDigest(), Detail: detail}, nil
}

func keys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// RecordStreamedPortfolio appends the record of one streamed portfolio
// screening (StreamedPortfolioRecord) and returns its sequence number
// when it is committed. On any error the screening's result must not be
// reported as passed.
func (l *Log) RecordStreamedPortfolio(ctx context.Context, src Source, sum *compliance.Summary, t *PortfolioTally, printed Printed) (int64, error) {
	r, err := StreamedPortfolioRecord(l.opts.Now(), src, sum, t, printed)
	if err != nil {
		return 0, err
	}
	seqs, err := l.Append(ctx, r)
	if err != nil {
		return 0, err
	}
	return seqs[0], nil
}
