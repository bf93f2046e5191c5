package compliance_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"

	"github.com/investscreen/investscreen/compliance"
	"github.com/investscreen/investscreen/holdings"
	"github.com/investscreen/investscreen/lists"
)

// validFIGI completes an 11-character FIGI stem with its check digit.
func validFIGI(t *testing.T, stem string) string {
	t.Helper()
	for d := 0; d <= 9; d++ {
		s := fmt.Sprintf("%s%d", stem, d)
		if _, err := holdings.ParseFIGI(s); err == nil {
			return s
		}
	}
	t.Fatalf("no check digit for %s", stem)
	return ""
}

// TestLookThrough: a book that holds China Mobile only through an option
// on its ADR, through an ETF at 0.1%, through a fund of that ETF, or under
// a CUSIP when the list has the ISIN, is flagged with the full path.
func TestLookThrough(t *testing.T) {
	option := validFIGI(t, "BBG00ZZ1QJ3")
	m := master(t, `isin,figi,ticker,issuer,type,underlying
US16941M1099,,CHL US,China Mobile Ltd,adr,HK0941009539
,`+option+`,,China Mobile Ltd ADR option,option,US16941M1099
,,CNTECH US,Example China Tech ETF,etf,
,,FOF US,Example Fund of Funds,fund,
`)
	funds, err := holdings.ReadFunds(strings.NewReader(`fund,constituent,weight
CNTECH US,0700 HK,9.9
CNTECH US,HK0941009539,0.1
FOF US,CNTECH US,50
FOF US,AAPL US,50
`), "funds.csv")
	if err != nil {
		t.Fatal(err)
	}
	chk, err := compliance.NewWithOptions(embeddedSet(t), m, compliance.Options{Funds: funds})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		holding holdings.Holding
		path    []string
		via     []string
		weight  string
	}{
		{"option on the ADR", holdings.Holding{Ref: holdings.Ref{FIGI: option}},
			[]string{"figi " + option, "security master (line 3, option)", "underlying isin US16941M1099", `listed isin "US16941M1099"`, "NS-CMIC 30923 CHINA MOBILE LIMITED"}, nil, ""},
		{"ETF at 0.1%", holdings.Holding{Ref: holdings.Ref{Ticker: "CNTECH US"}},
			[]string{"ticker CNTECH US", "security master (line 4, etf)", "constituent isin HK0941009539 (weight 0.1%)", `listed isin "HK0941009539"`, "NS-CMIC 30923 CHINA MOBILE LIMITED"},
			[]string{"ticker CNTECH US", "isin HK0941009539"}, "0.1"},
		{"fund of the ETF", holdings.Holding{Ref: holdings.Ref{Ticker: "FOF US"}},
			[]string{"ticker FOF US", "security master (line 5, fund)", "constituent ticker CNTECH US (weight 50%)", "security master (line 4, etf)", "constituent isin HK0941009539 (weight 0.1%)", `listed isin "HK0941009539"`, "NS-CMIC 30923 CHINA MOBILE LIMITED"},
			[]string{"ticker FOF US", "ticker CNTECH US", "isin HK0941009539"}, "0.05"},
		{"CUSIP when the list has the ISIN", holdings.Holding{Ref: holdings.Ref{CUSIP: "16941m109"}},
			[]string{"cusip 16941m109", "cusip inside listed ISIN US16941M1099", "NS-CMIC 30923 CHINA MOBILE LIMITED"}, nil, ""},
		{"exchange display name", holdings.Holding{Ref: holdings.Ref{Name: "CHINA MOBILE LTD"}},
			[]string{`name "CHINA MOBILE LTD"`, `name "china mobile"`, `name "CHINA MOBILE LIMITED"`, "NS-CMIC 30923 CHINA MOBILE LIMITED"}, nil, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			h := tc.holding
			h.Line = 2
			rep := chk.CheckPortfolio(&holdings.Portfolio{Holdings: []holdings.Holding{h}}, holdings.MustDate("2022-01-04"))
			var f *compliance.Finding
			for i := range rep.Violations {
				if rep.Violations[i].Entity.ID == "30923" {
					f = &rep.Violations[i]
				}
			}
			if f == nil {
				t.Fatalf("not flagged: %+v (unresolved %+v)", rep.Violations, rep.Unresolved)
			}
			if f.Rule != compliance.RuleCMICDivestment {
				t.Errorf("rule %s, want %s", f.Rule, compliance.RuleCMICDivestment)
			}
			if diff := cmp.Diff(tc.path, f.Path.Strings()); diff != "" {
				t.Errorf("path (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tc.via, f.Via); diff != "" {
				t.Errorf("via (-want +got):\n%s", diff)
			}
			if f.Weight != tc.weight {
				t.Errorf("weight %q, want %q", f.Weight, tc.weight)
			}
		})
	}
	// A fund purchase after the effective date is a prohibited purchase,
	// at any weight.
	o := compliance.Order{Ref: holdings.Ref{Ticker: "FOF US"}, Side: compliance.Buy, Quantity: dec("1"), TradeDate: holdings.MustDate("2022-01-04")}
	if res := chk.CheckOrder(&o, decimal.Zero); res.Decision != compliance.Block {
		t.Errorf("fund purchase: %+v", res)
	}
}

func TestFundCycle(t *testing.T) {
	funds, err := holdings.ReadFunds(strings.NewReader("fund,constituent,weight\nAAA US,BBB US,50\nBBB US,AAA US,50\n"), "funds.csv")
	if err != nil {
		t.Fatal(err)
	}
	chk, _ := compliance.NewWithOptions(embeddedSet(t), nil, compliance.Options{Funds: funds})
	rep := chk.CheckPortfolio(&holdings.Portfolio{Holdings: []holdings.Holding{{Line: 2, Ref: holdings.Ref{Ticker: "AAA US"}}}}, holdings.MustDate("2022-01-04"))
	if len(rep.Unresolved) != 1 || !strings.Contains(rep.Unresolved[0].Reason, "cycle") {
		t.Errorf("unresolved = %+v, want the cycle reported", rep.Unresolved)
	}
}

// TestSDNOwnership: 30% + 25% by two SDNs blocks; 49% does not; a blocked
// intermediary passes its stake on; 50% exactly blocks.
func TestSDNOwnership(t *testing.T) {
	sdn := &lists.List{Release: lists.Release{Name: "OFAC SDN List", SHA256: "s"}, Entries: []*lists.Entry{
		{List: lists.SDN, ID: "1", Name: "ALPHA HOLDINGS LIMITED"},
		{List: lists.SDN, ID: "2", Name: "BETA CAPITAL LLC"},
		{List: lists.SDN, ID: "3", Name: "LEI TARGET", IDs: []lists.Identifier{{Type: "Legal Entity Number", Value: "253400WSS48YWMBUA688"}}},
	}}
	stakes, err := holdings.ReadOwnership(strings.NewReader(`owner,owned,percent
Alpha Holdings Ltd,Gamma Industries Inc,30
Beta Capital LLC,Gamma Industries Inc,25
Alpha Holdings Ltd,Delta Trading Co,49
Gamma Industries Inc,Epsilon Shipping SA,50
Clean Co,Zeta Ltd,60
Alpha Holdings Ltd,Zeta Ltd,20
253400WSS48YWMBUA688,Eta Bank,50
Theta Co,Iota Co,60
Iota Co,Theta Co,60
`), "owners.csv")
	if err != nil {
		t.Fatal(err)
	}
	chk, err := compliance.NewWithOptions(lists.NewSet(sdn), nil, compliance.Options{Ownership: stakes})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name   string
		entity string // "" for not blocked
		owned  string
	}{
		{"Gamma Industries", "1", "55"},
		{"Delta Trading", "", ""},
		{"Epsilon Shipping", "1", "50"},
		{"Zeta Ltd", "", ""},
		{"Eta Bank", "3", "50"},
		{"Theta Co", "", ""},
		{"Alpha Holdings", "1", ""}, // listed itself: sdn/blocked, not ownership
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			rep := chk.CheckPortfolio(&holdings.Portfolio{Holdings: []holdings.Holding{{Line: 2, Ref: holdings.Ref{Name: tc.name}}}}, holdings.MustDate("2024-01-02"))
			if tc.entity == "" {
				if len(rep.Violations) != 0 {
					t.Errorf("flagged: %+v", rep.Violations)
				}
				return
			}
			if len(rep.Violations) != 1 || rep.Violations[0].Entity.ID != tc.entity {
				t.Fatalf("findings %+v, want one on entry %s", rep.Violations, tc.entity)
			}
			f := rep.Violations[0]
			if tc.owned == "" {
				if f.Rule != compliance.RuleSDNBlocked {
					t.Errorf("rule %s", f.Rule)
				}
				return
			}
			if f.Rule != compliance.RuleSDNOwnership || f.MatchedBy != "ownership" || !strings.Contains(f.Message, "owned "+tc.owned+"%") {
				t.Errorf("finding %+v", f)
			}
		})
	}
	// The NS-CMIC rules never propagate through ownership.
	cmic, _ := compliance.NewWithOptions(embeddedSet(t), nil, compliance.Options{Ownership: []holdings.Stake{{Owner: "SENSETIME GROUP LIMITED", Owned: "SenseTime Sub Ltd", Percent: dec("100")}}})
	rep := cmic.CheckPortfolio(&holdings.Portfolio{Holdings: []holdings.Holding{{Line: 2, Ref: holdings.Ref{Name: "SenseTime Sub Ltd"}}}}, holdings.MustDate("2024-01-02"))
	if len(rep.Violations) != 0 {
		t.Errorf("NS-CMIC through ownership: %+v", rep.Violations)
	}
}

func TestReadFundsAndOwnershipErrors(t *testing.T) {
	if _, err := holdings.ReadFunds(strings.NewReader("fund,constituent,weight\nAAA US,BBB US,60\nAAA US,CCC US,50\n"), "f.csv"); err == nil {
		t.Error("weights over 100% accepted")
	}
	if _, err := holdings.ReadFunds(strings.NewReader("fund,constituent,weight\nAAA US,941,1\n"), "f.csv"); err == nil {
		t.Error("bad constituent accepted")
	}
	if _, err := holdings.ReadOwnership(strings.NewReader("owner,owned,percent\nA,B,0\n"), "o.csv"); err == nil {
		t.Error("zero percent accepted")
	}
	if _, err := holdings.ReadOwnership(strings.NewReader("owner,owned,percent\nA,B,101\n"), "o.csv"); err == nil {
		t.Error("101 percent accepted")
	}
}
