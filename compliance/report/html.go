package report

import (
	"html/template"
	"io"
	"sort"
	"strings"

	"github.com/investscreen/investscreen/compliance"
	"github.com/investscreen/investscreen/internal/printable"
)

// htmlData is what the HTML report template shows.
type htmlData struct {
	Source     string
	AsOf       string
	Fail       bool
	Counts     compliance.Counts
	Warnings   []string
	Action     []actionRow
	Groups     []ruleGroup
	Unresolved []compliance.Unresolved
	Lists      []compliance.ListInfo
}

// actionRow is one line of the "requires action" overview: a violation
// or an unresolved holding that is not waived.
type actionRow struct {
	Line    int
	Account string
	Rule    string
	What    string
}

// ruleGroup is the findings of one rule, by account.
type ruleGroup struct {
	Rule        string
	Description string
	Source      string
	Violations  int // not waived
	Warnings    int // not waived
	Waived      int
	Accounts    []accountGroup
}

type accountGroup struct {
	Account  string
	Findings []compliance.Finding
}

// WriteHTML writes r as one self-contained HTML page for a compliance
// officer to read and print (print rules included): no scripts and no
// external resources. source names the portfolio screened. The page shows
// the verdict (FAIL when HasViolation), the counts, the report's warnings,
// what requires action, the findings grouped by rule (rules with a
// violation first, each with its description and legal source from
// r.Rules) and then by account, each with its numbered path, the
// unresolved holdings and the list releases used. Values are escaped as
// HTML by html/template, and characters that could act on a display are
// escaped as by the package's escaping (see the package comment).
func WriteHTML(w io.Writer, source string, r *compliance.Report) error {
	if r == nil {
		return ErrNoReport
	}
	// Every value is escaped here, so that none spans lines in the page's
	// source either; the page as a whole is escaped again at the end, for
	// any value shown that this misses.
	findings := make([]compliance.Finding, len(r.Violations))
	for i := range r.Violations {
		findings[i] = escapeFinding(r.Violations[i])
	}
	unresolved := make([]compliance.Unresolved, len(r.Unresolved))
	for i, u := range r.Unresolved {
		unresolved[i] = escapeUnresolved(u)
	}
	d := htmlHead(source, r)
	d.Fail, d.Unresolved, d.Groups = r.HasViolation(), unresolved, groupFindings(findings, escapeRules(r.Rules))
	for _, f := range findings {
		if f.Severity == compliance.Violation && !f.Waived {
			d.Action = append(d.Action, actionRow{Line: f.Line, Account: f.Account, Rule: f.Rule, What: f.Entity.List + " " + f.Entity.ID + " " + f.Entity.Name})
		}
	}
	for _, u := range unresolved {
		if u.Severity == compliance.Violation && !u.Waived {
			d.Action = append(d.Action, actionRow{Line: u.Line, Account: u.Account, Rule: compliance.RuleUnresolved, What: "could not be screened (see Unresolved holdings)"})
		}
	}
	sort.SliceStable(d.Action, func(i, j int) bool { return d.Action[i].Line < d.Action[j].Line })
	// The template's own text has no control character but its newlines;
	// whatever else is there came from the report.
	ew := printable.NewWriter(w)
	if err := htmlReport.Execute(ew, d); err != nil {
		return err
	}
	return ew.Flush()
}

// htmlHead returns the page's data but its findings and unresolved
// holdings, escaped; Fail is left to the caller.
func htmlHead(source string, r *compliance.Report) htmlData {
	e := printable.Escape
	ls := make([]compliance.ListInfo, len(r.Lists))
	for i, l := range r.Lists {
		l.Name, l.Source, l.Date, l.SHA256 = e(l.Name), e(l.Source), e(l.Date), e(l.SHA256)
		ls[i] = l
	}
	warnings := make([]string, len(r.Warnings))
	for i, w := range r.Warnings {
		warnings[i] = e(w)
	}
	return htmlData{Source: e(source), AsOf: r.AsOf.String(), Counts: r.Counts, Warnings: warnings, Lists: ls}
}

// escapeRules returns rules with their strings escaped.
func escapeRules(rules []compliance.RuleInfo) []compliance.RuleInfo {
	e := printable.Escape
	out := make([]compliance.RuleInfo, len(rules))
	for i, ri := range rules {
		out[i] = compliance.RuleInfo{ID: e(ri.ID), Version: e(ri.Version), Description: e(ri.Description), Source: e(ri.Source)}
	}
	return out
}

// ruleInfos indexes rules by id, the first of an id describing it.
func ruleInfos(rules []compliance.RuleInfo) map[string]compliance.RuleInfo {
	infos := make(map[string]compliance.RuleInfo, len(rules))
	for _, ri := range rules {
		if _, dup := infos[ri.ID]; !dup {
			infos[ri.ID] = ri
		}
	}
	return infos
}

// escapeUnresolved returns u with every string it shows escaped.
func escapeUnresolved(u compliance.Unresolved) compliance.Unresolved {
	e := printable.Escape
	u.Account, u.Reason, u.Severity, u.Waiver = e(u.Account), e(u.Reason), compliance.Severity(e(string(u.Severity))), escapeWaiver(u.Waiver)
	return u
}

// escapeFinding returns f with every string it shows escaped (the path
// and the funds are escaped where they are read, by steps and via).
func escapeFinding(f compliance.Finding) compliance.Finding {
	e := printable.Escape
	f.Rule, f.RuleVersion, f.Severity = e(f.Rule), e(f.RuleVersion), compliance.Severity(e(string(f.Severity)))
	f.Account, f.MatchedBy, f.Weight, f.Message = e(f.Account), e(f.MatchedBy), e(f.Weight), e(f.Message)
	f.Entity = compliance.Entity{List: e(f.Entity.List), ID: e(f.Entity.ID), Name: e(f.Entity.Name)}
	f.Release = compliance.ReleaseRef{Name: e(f.Release.Name), SHA256: e(f.Release.SHA256)}
	f.Waiver = escapeWaiver(f.Waiver)
	return f
}

// escapeWaiver returns a copy of w with its strings escaped; nil for nil.
func escapeWaiver(w *compliance.Waiver) *compliance.Waiver {
	if w == nil {
		return nil
	}
	c := *w
	e := printable.Escape
	c.Rule, c.Account, c.Security, c.Reason, c.Approver = e(c.Rule), e(c.Account), e(c.Security), e(c.Reason), e(c.Approver)
	return &c
}

// groupFindings groups findings by rule, then by account: rules with a
// violation that is not waived first, then by rule id; accounts by name;
// findings in report order (by line). Each rule's description and source
// come from rules, the report's own.
func groupFindings(fs []compliance.Finding, rules []compliance.RuleInfo) []ruleGroup {
	infos := ruleInfos(rules)
	byRule := map[string]*ruleGroup{}
	var order []string
	for _, f := range fs {
		g := byRule[f.Rule]
		if g == nil {
			info := infos[f.Rule]
			g = &ruleGroup{Rule: f.Rule, Description: info.Description, Source: info.Source}
			byRule[f.Rule] = g
			order = append(order, f.Rule)
		}
		switch {
		case f.Waived:
			g.Waived++
		case f.Severity == compliance.Violation:
			g.Violations++
		default:
			g.Warnings++
		}
		i := len(g.Accounts) - 1
		for ; i >= 0 && g.Accounts[i].Account != f.Account; i-- {
		}
		if i < 0 {
			g.Accounts = append(g.Accounts, accountGroup{Account: f.Account})
			i = len(g.Accounts) - 1
		}
		g.Accounts[i].Findings = append(g.Accounts[i].Findings, f)
	}
	out := make([]ruleGroup, 0, len(order))
	for _, id := range order {
		g := byRule[id]
		sort.SliceStable(g.Accounts, func(i, j int) bool { return g.Accounts[i].Account < g.Accounts[j].Account })
		out = append(out, *g)
	}
	sort.SliceStable(out, func(i, j int) bool {
		if (out[i].Violations > 0) != (out[j].Violations > 0) {
			return out[i].Violations > 0
		}
		return out[i].Rule < out[j].Rule
	})
	return out
}

var htmlReport = template.Must(template.New("report").Funcs(template.FuncMap{
	"upper": func(s any) string { return strings.ToUpper(toString(s)) },
	"sevClass": func(f compliance.Finding) string {
		if f.Waived {
			return "waived"
		}
		return string(f.Severity)
	},
	"steps": func(f compliance.Finding) []string { return steps(&f) },
	"via":   func(f compliance.Finding) string { return strings.Join(via(&f), " → ") },
	"orNone": func(s string) string {
		if s == "" {
			return "(none)"
		}
		return s
	},
}).Parse(htmlParts + htmlPage))

func toString(v any) string {
	switch s := v.(type) {
	case string:
		return s
	case compliance.Severity:
		return string(s)
	}
	return ""
}

// htmlPage is the page: its parts, defined in htmlParts, in order. The
// streamed writer (Stream) executes the same parts one at a time.
const htmlPage = `{{template "top" .}}{{with .Action}}{{template "actionOpen"}}{{range .}}{{template "actionRow" .}}{{end}}{{template "actionClose"}}{{end}}{{template "findingsHead"}}{{range .Groups}}{{template "groupOpen" .}}{{range .Accounts}}{{template "account" .}}{{range .Findings}}{{template "finding" .}}{{end}}{{end}}{{template "groupClose"}}{{else}}{{template "noFindings"}}{{end}}{{template "unresolvedHead"}}{{if .Unresolved}}{{template "unresolvedOpen"}}{{range .Unresolved}}{{template "unresolvedRow" .}}{{end}}{{template "unresolvedClose"}}{{else}}{{template "noUnresolved"}}{{end}}{{template "bottom" .}}`

// htmlParts are the parts of the page, each starting and ending in text
// context, so that each can be executed alone.
const htmlParts = `{{define "top"}}<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Sanctions screening report: {{.Source}} as of {{.AsOf}}</title>
<style>
  :root { --fail: #a3121f; --fail-bg: #fdecee; --pass: #1d6b2f; --pass-bg: #e8f5eb; --warn: #8a5a00; --warn-bg: #fff6e0;
          --waived: #4b5563; --waived-bg: #f1f2f4; --rule: #d0d4da; --ink: #1b1f24; --muted: #5b6470; }
  * { box-sizing: border-box; }
  html { -webkit-text-size-adjust: 100%; }
  body { margin: 0; padding: 24px; color: var(--ink); background: #fff;
         font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
  main { max-width: 1040px; margin: 0 auto; }
  h1 { font-size: 1.6em; margin: 0 0 4px; }
  h2 { font-size: 1.25em; margin: 32px 0 8px; padding-bottom: 4px; border-bottom: 2px solid var(--ink); }
  h3 { font-size: 1.1em; margin: 20px 0 6px; }
  h4 { font-size: 1em; margin: 14px 0 6px; color: var(--muted); }
  code, .mono { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace; font-size: 0.92em; }
  .sub { color: var(--muted); margin: 0 0 16px; }
  .banner { border-radius: 6px; padding: 12px 16px; margin: 16px 0; font-weight: 700; font-size: 1.2em; border: 2px solid; }
  .banner.fail { color: var(--fail); background: var(--fail-bg); border-color: var(--fail); }
  .banner.pass { color: var(--pass); background: var(--pass-bg); border-color: var(--pass); }
  .banner span { display: block; font-weight: 400; font-size: 0.75em; color: var(--ink); }
  .summary { display: grid; grid-template-columns: repeat(6, 1fr); gap: 8px; margin: 16px 0; }
  .summary div { border: 1px solid var(--rule); border-radius: 6px; padding: 8px 10px; }
  .summary dt { font-size: 0.8em; color: var(--muted); text-transform: uppercase; letter-spacing: 0.03em; }
  .summary dd { margin: 2px 0 0; font-size: 1.6em; font-weight: 700; }
  .summary .bad dd { color: var(--fail); }
  .notes { border-left: 4px solid var(--warn); background: var(--warn-bg); padding: 8px 12px; margin: 12px 0; }
  .notes p { margin: 4px 0; }
  .rulehead p { margin: 2px 0; color: var(--muted); }
  .finding { border: 1px solid var(--rule); border-left: 6px solid var(--warn); border-radius: 4px; padding: 10px 14px; margin: 10px 0;
             break-inside: avoid; page-break-inside: avoid; }
  .finding.violation { border-left-color: var(--fail); }
  .finding.waived { border-left-color: var(--waived); background: var(--waived-bg); }
  .finding header { display: flex; flex-wrap: wrap; gap: 8px 12px; align-items: baseline; }
  .badge { display: inline-block; padding: 1px 8px; border-radius: 3px; font-size: 0.8em; font-weight: 700; letter-spacing: 0.04em; border: 1px solid; }
  .badge.violation { color: var(--fail); background: var(--fail-bg); }
  .badge.warning { color: var(--warn); background: var(--warn-bg); }
  .badge.waived { color: var(--waived); background: #fff; }
  .entity { font-weight: 700; }
  .meta { color: var(--muted); font-size: 0.9em; }
  .finding p { margin: 4px 0; }
  .finding > :last-child { margin-bottom: 0; }
  .message { margin: 6px 0; }
  ol.path { margin: 4px 0 4px; padding-left: 28px; }
  ol.path li { margin: 1px 0; overflow-wrap: anywhere; }
  .waiver { margin: 6px 0 0; padding: 6px 10px; border: 1px dashed var(--waived); border-radius: 4px; }
  table { width: 100%; border-collapse: collapse; margin: 8px 0; }
  th, td { text-align: left; vertical-align: top; padding: 6px 8px; border-bottom: 1px solid var(--rule); }
  th { font-size: 0.85em; color: var(--muted); text-transform: uppercase; letter-spacing: 0.03em; border-bottom: 2px solid var(--rule); }
  td.sha { overflow-wrap: anywhere; word-break: break-all; width: 36%; }
  td.num { text-align: right; white-space: nowrap; }
  td.nowrap { white-space: nowrap; }
  td.acct { overflow-wrap: anywhere; max-width: 40%; }
  table.action td, table.action th { padding: 4px 8px; }
  .none { color: var(--muted); font-style: italic; }
  footer { margin-top: 32px; color: var(--muted); font-size: 0.85em; border-top: 1px solid var(--rule); padding-top: 8px; }
  @page { margin: 14mm; }
  @media print {
    body { padding: 0; font-size: 10pt; }
    main { max-width: none; }
    h2 { break-after: avoid; page-break-after: avoid; }
    h3, h4, .rulehead { break-after: avoid; page-break-after: avoid; }
    .rulehead { break-inside: avoid; page-break-inside: avoid; }
    .banner, .badge, .finding, .notes { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
    tr { break-inside: avoid; page-break-inside: avoid; }
  }
  @media (max-width: 720px) { .summary { grid-template-columns: repeat(3, 1fr); } }
</style>
</head>
<body>
<main>
<h1>Sanctions screening report</h1>
<p class="sub">Portfolio <code>{{.Source}}</code> screened as of <strong>{{.AsOf}}</strong></p>

{{if .Fail}}<div class="banner fail" id="result">FAIL<span>At least one violation that is not waived, or a holding that could not be screened: action is required.</span></div>
{{else}}<div class="banner pass" id="result">PASS<span>No violation that is not waived. Warnings, if any, are listed below for review.</span></div>
{{end}}
<dl class="summary" id="summary">
  <div><dt>Holdings screened</dt><dd>{{.Counts.Holdings}}</dd></div>
  <div><dt>Flagged</dt><dd>{{.Counts.Flagged}}</dd></div>
  <div{{if .Counts.Violations}} class="bad"{{end}}><dt>Violations</dt><dd>{{.Counts.Violations}}</dd></div>
  <div><dt>Warnings</dt><dd>{{.Counts.Warnings}}</dd></div>
  <div><dt>Waived</dt><dd>{{.Counts.Waived}}</dd></div>
  <div{{if .Counts.Unresolved}} class="bad"{{end}}><dt>Unresolved</dt><dd>{{.Counts.Unresolved}}</dd></div>
</dl>
{{with .Warnings}}<div class="notes" id="warnings"><strong>About this screening</strong>{{range .}}
  <p>{{.}}</p>{{end}}
</div>
{{end}}
{{end}}` +
	`{{define "actionOpen"}}<h2 id="action">Requires action</h2>
<table class="action">
  <thead><tr><th>Line</th><th>Account</th><th>Rule</th><th>List entry or problem</th></tr></thead>
  <tbody>{{end}}` +
	`{{define "actionRow"}}
    <tr><td class="num">{{.Line}}</td><td class="acct">{{if .Account}}<code>{{.Account}}</code>{{end}}</td><td class="nowrap"><code>{{.Rule}}</code></td><td>{{.What}}</td></tr>{{end}}` +
	`{{define "actionClose"}}
  </tbody>
</table>
{{end}}` +
	`{{define "findingsHead"}}
<h2 id="findings">Findings</h2>
{{end}}` +
	`{{define "groupOpen"}}<section class="rule">
<div class="rulehead">
<h3>Rule <code>{{.Rule}}</code>: {{.Violations}} violation{{if ne .Violations 1}}s{{end}}, {{.Warnings}} warning{{if ne .Warnings 1}}s{{end}}{{if .Waived}}, {{.Waived}} waived{{end}}</h3>
{{if .Description}}<p>When it fires: {{.Description}}.</p>{{end}}{{if .Source}}<p>Legal source: {{.Source}}</p>{{end}}
</div>
{{end}}` +
	`{{define "account"}}<h4>Account {{if .Account}}<code>{{.Account}}</code>{{else}}<span class="none">(none given)</span>{{end}}</h4>
{{end}}` +
	`{{define "finding"}}<article class="finding {{sevClass .}}">
  <header>
    <span class="badge {{.Severity}}">{{upper .Severity}}</span>{{if .Waived}} <span class="badge waived">WAIVED</span>{{end}}
    <span class="entity">{{.Entity.List}} {{.Entity.ID}} {{.Entity.Name}}</span>
    <span class="meta">holding line {{.Line}} · matched by {{.MatchedBy}} · rule {{.Rule}} v{{.RuleVersion}}</span>
  </header>
  <p class="message">{{.Message}}</p>
  <ol class="path">{{range steps .}}<li>{{.}}</li>{{end}}</ol>
  {{if .Via}}<p class="meta">Through funds: {{via .}}{{if .Weight}} (effective weight {{.Weight}}%){{end}}</p>{{end}}
  {{with .Waiver}}<p class="waiver">Waived by <strong>{{.Approver}}</strong> until {{.Expires}}: {{.Reason}}</p>{{end}}
  <p class="meta">List release: {{.Release.Name}}, sha256 <span class="mono">{{.Release.SHA256}}</span></p>
</article>
{{end}}` +
	`{{define "groupClose"}}</section>
{{end}}` +
	`{{define "noFindings"}}<p class="none">No findings.</p>
{{end}}` +
	`{{define "unresolvedHead"}}
<h2 id="unresolved">Unresolved holdings</h2>
{{end}}` +
	`{{define "unresolvedOpen"}}<p>These holdings could not be screened in full: their issuer is unknown or an identifier is invalid.</p>
<table>
  <thead><tr><th>Line</th><th>Account</th><th>Severity</th><th>Reason</th></tr></thead>
  <tbody>{{end}}` +
	`{{define "unresolvedRow"}}
    <tr><td class="num">{{.Line}}</td><td>{{if .Account}}<code>{{.Account}}</code>{{end}}</td><td class="nowrap"><span class="badge {{.Severity}}">{{upper .Severity}}</span>{{if .Waived}} <span class="badge waived">WAIVED</span>{{end}}</td><td>{{.Reason}}{{with .Waiver}}<br><em>Waived by {{.Approver}} until {{.Expires}}: {{.Reason}}</em>{{end}}</td></tr>{{end}}` +
	`{{define "unresolvedClose"}}
  </tbody>
</table>
{{end}}` +
	`{{define "noUnresolved"}}<p class="none">None: every holding was resolved.</p>
{{end}}` +
	`{{define "bottom"}}
<h2 id="lists">List releases used</h2>
<table>
  <thead><tr><th>List</th><th>Source</th><th>Date</th><th>Entries</th><th>SHA-256</th></tr></thead>
  <tbody>{{range .Lists}}
    <tr><td>{{.Name}}</td><td><code>{{.Source}}</code></td><td class="nowrap">{{orNone .Date}}</td><td class="num">{{.Entries}}</td><td class="sha mono">{{.SHA256}}</td></tr>{{end}}
  </tbody>
</table>
<footer>Produced by investscreen. Each finding names the rule and rule version that fired, the list entry, and every step that connected the holding to it; the SHA-256 identifies the exact list files screened against.</footer>
</main>
</body>
</html>
{{end}}`
