package compliance_test

import (
	"fmt"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/investscreen/investscreen/compliance"
	"github.com/investscreen/investscreen/holdings"
	"github.com/investscreen/investscreen/lists"
)

// A Sberbank bond issued in 2023, bought by a US, an EU and a UK account:
// each gets the findings of the regimes that bind it.
func ExamplePolicy_regimes() {
	master, _ := holdings.ReadMaster(strings.NewReader("isin,issuer,type,issue_date,maturity\nXS1000000023,Sberbank PJSC,bond,2023-06-01,2026-06-01\n"), "securities.csv")
	ofac, _ := lists.Embedded()
	eu, _ := lists.EUArticle5()
	uk, _ := lists.UKSchedule2()
	c, err := compliance.Config{Loaded: []*lists.List{ofac, eu, uk}, Master: master, Policy: compliance.Policy{
		SkipStaleCheck: true,
		Regimes:        map[string][]compliance.Regime{"NY-1": {"us"}, "FR-1": {"eu"}, "LDN-1": {"uk"}},
	}}.Build()
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, account := range []string{"NY-1", "FR-1", "LDN-1"} {
		o := compliance.Order{Account: account, Ref: holdings.Ref{ISIN: "XS1000000023"}, Side: compliance.Buy,
			Quantity: decimal.NewFromInt(100), TradeDate: holdings.MustDate("2026-11-30")}
		res := c.CheckOrder(&o, decimal.Zero)
		seen := map[string]bool{}
		var rules []string
		for _, f := range res.Violations {
			if !seen[f.Rule] {
				seen[f.Rule] = true
				rules = append(rules, f.Rule)
			}
		}
		fmt.Println(account, res.Regimes, res.Decision, rules)
	}
	// Output:
	// NY-1 [us] block [ru-14024/directive-3 ssi/directive-1 review]
	// FR-1 [eu] block [review eu-833/art5]
	// LDN-1 [uk] block [review uk-russia/reg16]
}
