package compliance_test

import (
	"encoding/json"
	"reflect"
	"sort"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"

	"github.com/investscreen/investscreen/compliance"
	"github.com/investscreen/investscreen/holdings"
)

// builtin returns the description of a built-in rule.
func builtin(t *testing.T, id string) compliance.RuleInfo {
	t.Helper()
	for _, r := range compliance.Rules() {
		if r.Info().ID == id {
			return r.Info()
		}
	}
	t.Fatalf("no built-in rule %q", id)
	return compliance.RuleInfo{}
}

// houseRule is a user rule that fires on every NS-CMIC match with a
// warning; its id sorts before every built-in one.
var houseRule = compliance.RuleInfo{ID: "house/cmic-review", Version: "3", Description: "every NS-CMIC match is reviewed by the desk head", Source: "house policy HP-7"}

func newHouseRule(info compliance.RuleInfo) compliance.Rule {
	return compliance.NewRule(info, func(m *compliance.Match) (compliance.Outcome, bool) {
		if m.Entry.List != "NS-CMIC" {
			return compliance.Outcome{}, false
		}
		return compliance.Outcome{Severity: compliance.Warning, Message: "desk head to review"}, true
	})
}

// never is a user rule that never fires.
var never = compliance.NewRule(compliance.RuleInfo{ID: "house/never", Version: "1", Description: "never fires", Source: "none"},
	func(*compliance.Match) (compliance.Outcome, bool) { return compliance.Outcome{}, false })

func TestReportRules(t *testing.T) {
	sec := master(t, "ticker,issuer\n0020 HK,SenseTime Group Inc.\n9988 HK,Alibaba Group Holding Ltd\n")
	sense := holdings.Holding{Line: 2, Account: "A", Ref: holdings.Ref{Ticker: "0020 HK"}, Quantity: decimal.NewFromInt(100), Acquired: holdings.MustDate("2022-03-01")}
	clean := holdings.Holding{Line: 3, Account: "A", Ref: holdings.Ref{Ticker: "9988 HK"}, Quantity: decimal.NewFromInt(100), Acquired: holdings.MustDate("2022-03-01")}
	tests := []struct {
		name   string
		rules  []compliance.Rule
		book   []holdings.Holding
		want   []string // ids; each built-in or houseRule
		reason string
	}{
		{name: "no findings", book: []holdings.Holding{clean}, want: []string{},
			reason: "no rule fired: an empty list, encoded as []"},
		{name: "built-in", book: []holdings.Holding{sense, clean}, want: []string{compliance.RuleCMICDivestment, compliance.RuleCMICPurchase},
			reason: "the two rules that fired, sorted by id, each once although several findings share a rule"},
		{name: "user rule", rules: []compliance.Rule{never, newHouseRule(houseRule)}, book: []holdings.Holding{sense, sense},
			want:   []string{houseRule.ID, compliance.RuleCMICDivestment, compliance.RuleCMICPurchase},
			reason: "a user rule that fired is described; one that did not is not"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			chk, err := compliance.NewWithOptions(embeddedSet(t), sec, compliance.Options{Rules: tc.rules})
			if err != nil {
				t.Fatal(err)
			}
			rep := chk.CheckPortfolio(&holdings.Portfolio{Holdings: tc.book}, holdings.MustDate("2022-06-30"))
			want := []compliance.RuleInfo{}
			for _, id := range tc.want {
				if id == houseRule.ID {
					want = append(want, houseRule)
				} else {
					want = append(want, builtin(t, id))
				}
			}
			if diff := cmp.Diff(want, rep.Rules); diff != "" {
				t.Errorf("Rules (-want +got), %s:\n%s", tc.reason, diff)
			}
			if rep.Rules == nil {
				t.Error("Rules is nil: it must encode as [], not null")
			}
			fired := map[string]bool{}
			for _, f := range rep.Violations {
				fired[f.Rule] = true
			}
			if len(fired) != len(rep.Rules) {
				t.Errorf("%d rules fired, %d described", len(fired), len(rep.Rules))
			}
		})
	}
}

func TestReportRulesJSON(t *testing.T) {
	chk, err := compliance.NewWithOptions(embeddedSet(t), nil, compliance.Options{Rules: []compliance.Rule{newHouseRule(houseRule)}})
	if err != nil {
		t.Fatal(err)
	}
	rep := chk.CheckPortfolio(&holdings.Portfolio{Holdings: []holdings.Holding{
		{Line: 2, Account: "A", Ref: holdings.Ref{ISIN: "HK0941009539"}, Quantity: decimal.NewFromInt(1), Acquired: holdings.MustDate("2020-01-02")},
	}}, holdings.MustDate("2022-06-30"))
	b, err := json.Marshal(rep)
	if err != nil {
		t.Fatal(err)
	}
	var got struct {
		Rules []map[string]any `json:"rules"`
	}
	if err := json.Unmarshal(b, &got); err != nil {
		t.Fatal(err)
	}
	want := map[string]any{"id": houseRule.ID, "version": houseRule.Version, "description": houseRule.Description, "source": houseRule.Source}
	if len(got.Rules) == 0 || !cmp.Equal(got.Rules[0], want) {
		t.Errorf("JSON rules = %v, want first %v", got.Rules, want)
	}
}

func TestOrderReportRules(t *testing.T) {
	dup := newHouseRule(compliance.RuleInfo{ID: compliance.RuleCMICPending, Version: "9", Description: "a second rule with a built-in id", Source: "x"})
	chk, err := compliance.NewWithOptions(embeddedSet(t), nil, compliance.Options{Rules: []compliance.Rule{newHouseRule(houseRule), never, dup}})
	if err != nil {
		t.Fatal(err)
	}
	buy := func(date string) compliance.Order {
		return compliance.Order{Line: 2, Account: "A", Ref: holdings.Ref{ISIN: "HK0941009539"}, Side: compliance.Buy, Quantity: decimal.NewFromInt(100), TradeDate: holdings.MustDate(date)}
	}
	// 2021-06-04 is before China Mobile's effective date 2021-08-02; 2021-08-02 on it.
	rep := chk.CheckOrders([]compliance.Order{buy("2021-06-04"), buy("2021-08-02")}, nil)
	var ids []string
	for _, ri := range rep.Rules {
		ids = append(ids, ri.ID)
	}
	want := []string{houseRule.ID, compliance.RuleCMICPending, compliance.RuleCMICPurchase}
	if diff := cmp.Diff(want, ids); diff != "" {
		t.Errorf("rule ids (-want +got):\n%s", diff)
	}
	if !sort.StringsAreSorted(ids) {
		t.Errorf("rules %q not sorted by id", ids)
	}
	for _, ri := range rep.Rules {
		switch ri.ID {
		case houseRule.ID:
			if !reflect.DeepEqual(ri, houseRule) {
				t.Errorf("user rule described as %+v, want %+v", ri, houseRule)
			}
		case compliance.RuleCMICPending:
			if !reflect.DeepEqual(ri, builtin(t, ri.ID)) {
				t.Errorf("%s described as %+v: the built-in rule, first in evaluation order, must describe a shared id", ri.ID, ri)
			}
		}
	}
	if empty := chk.CheckOrders(nil, nil); empty.Rules == nil || len(empty.Rules) != 0 {
		t.Errorf("no orders: Rules = %#v, want empty and not nil", empty.Rules)
	}
}
