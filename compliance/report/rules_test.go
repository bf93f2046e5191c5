package report_test

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/investscreen/investscreen/compliance"
	"github.com/investscreen/investscreen/compliance/report"
	"github.com/investscreen/investscreen/holdings"
	"github.com/investscreen/investscreen/lists"
)

// deskReview is a user rule: every NS-CMIC match is reviewed.
var deskReview = compliance.RuleInfo{ID: "house/desk-review", Version: "3", Description: "every NS-CMIC match is reviewed by the desk head", Source: "house policy HP-7"}

func TestUserRuleDescribed(t *testing.T) {
	rule := compliance.NewRule(deskReview, func(m *compliance.Match) (compliance.Outcome, bool) {
		return compliance.Outcome{Severity: compliance.Warning, Message: "desk head to review"}, m.Entry.List == "NS-CMIC"
	})
	l, err := lists.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	chk, err := compliance.NewWithOptions(lists.NewSet(l), nil, compliance.Options{Rules: []compliance.Rule{rule}})
	if err != nil {
		t.Fatal(err)
	}
	book := &holdings.Portfolio{Holdings: []holdings.Holding{
		{Line: 2, Account: "FUND-A", Ref: holdings.Ref{ISIN: "HK0941009539"}, Quantity: decimal.NewFromInt(10), Acquired: holdings.MustDate("2020-01-02")},
	}}
	rep := chk.CheckPortfolio(book, holdings.MustDate("2022-06-30"))

	var page, text, sheet, js bytes.Buffer
	for _, err := range []error{report.WriteHTML(&page, "book.csv", rep), report.WriteText(&text, "book.csv", rep),
		report.WriteCSV(&sheet, rep), report.WriteJSON(&js, rep)} {
		if err != nil {
			t.Fatal(err)
		}
	}
	doc := parseHTML(t, page.Bytes())
	for _, want := range []string{"Rule house/desk-review : 0 violations, 1 warning", "When it fires: " + deskReview.Description + ".", "Legal source: " + deskReview.Source} {
		if !strings.Contains(doc.text, want) {
			t.Errorf("the page does not show %q", want)
		}
	}
	if want := "  house/desk-review v3: " + deskReview.Description + "\n      source: " + deskReview.Source + "\n"; !strings.Contains(text.String(), want) {
		t.Errorf("the text lacks %q:\n%s", want, text.String())
	}
	rows, err := csv.NewReader(&sheet).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, row := range rows[1:] {
		if row[3] == deskReview.ID && row[4] == deskReview.Version && row[14] == "desk head to review ("+deskReview.Source+")" {
			n++
		}
	}
	if n != 1 {
		t.Errorf("%d CSV rows for the user rule with its version and sourced message, want 1", n)
	}
	var got struct {
		Rules []compliance.RuleInfo `json:"rules"`
	}
	if err := json.Unmarshal(js.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	if len(got.Rules) == 0 || !reflect.DeepEqual(got.Rules[0], deskReview) {
		t.Errorf("JSON rules = %+v, want %+v first", got.Rules, deskReview)
	}
}

// TestDescriptionsFromReport checks that the writers take descriptions
// from the report and nowhere else: a built-in rule id described
// otherwise in the report is shown as the report says, and a rule the
// report does not describe gets no description.
func TestDescriptionsFromReport(t *testing.T) {
	rep := smallReport()
	rep.Rules = []compliance.RuleInfo{{ID: "ns-cmic/purchase", Version: "1", Description: "as this report tells it", Source: "the report's source"}}
	var page, text bytes.Buffer
	if err := report.WriteHTML(&page, "book.csv", rep); err != nil {
		t.Fatal(err)
	}
	if err := report.WriteText(&text, "book.csv", rep); err != nil {
		t.Fatal(err)
	}
	doc := parseHTML(t, page.Bytes())
	if !strings.Contains(doc.text, "When it fires: as this report tells it. Legal source: the report's source") {
		t.Errorf("the page does not take the description from the report: %.2000s", doc.text)
	}
	if strings.Count(doc.text, "When it fires") != 1 || strings.Count(text.String(), " v1: ") != 1 || strings.Contains(text.String(), "house/review v2") {
		t.Error("a rule the report does not describe got a description")
	}
}
