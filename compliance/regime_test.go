package compliance_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"

	"github.com/investscreen/investscreen/compliance"
	"github.com/investscreen/investscreen/holdings"
)

func TestRegimesColumn(t *testing.T) {
	for _, c := range []struct {
		name, value string
		want        []compliance.Regime
		bad         bool
	}{
		{"absent", "", nil, false},
		{"one", "eu", []compliance.Regime{compliance.RegimeEU}, false},
		{"two, canonical order", "UK|eu", []compliance.Regime{compliance.RegimeEU, compliance.RegimeUK}, false},
		{"all, spaces, repeat", " us | eu|uk|us", []compliance.Regime{compliance.RegimeUS, compliance.RegimeEU, compliance.RegimeUK}, false},
		{"unknown", "eu|ch", nil, true},
		{"empty name", "eu||uk", nil, true},
		{"semicolon", "eu;uk", nil, true},
	} {
		t.Run(c.name, func(t *testing.T) {
			csv := "account,isin,side,quantity,trade_date,regimes\nACC-1,US0378331005,buy,1,2024-01-02," + c.value + "\n"
			orders, err := compliance.ReadOrders(strings.NewReader(csv), "orders.csv")
			p, perr := holdings.ReadPortfolio(strings.NewReader("account,isin,quantity,regimes\nACC-1,US0378331005,1,"+c.value+"\n"), "p.csv")
			body := `{"orders":[{"isin":"US0378331005","side":"buy","quantity":"1","trade_date":"2024-01-02","regimes":"` + c.value + `"}]}`
			req, jerr := compliance.DecodeOrderRequest(strings.NewReader(body))
			if c.bad {
				for name, err := range map[string]error{"orders csv": err, "portfolio csv": perr, "json": jerr} {
					var pe *holdings.ParseError
					if !errors.As(err, &pe) || !errors.Is(err, holdings.ErrInput) || !strings.Contains(pe.Field, "regimes") {
						t.Errorf("%s: err = %v, want a ParseError of ErrInput on regimes", name, err)
					}
				}
				return
			}
			if err != nil || perr != nil || jerr != nil {
				t.Fatal(err, perr, jerr)
			}
			for name, got := range map[string][]compliance.Regime{"orders csv": orders[0].Regimes, "portfolio csv": p.Holdings[0].Regimes, "json": req.Orders[0].Regimes} {
				if diff := cmp.Diff(c.want, got); diff != "" {
					t.Errorf("%s: regimes (-want +got):\n%s", name, diff)
				}
			}
		})
	}
}

// A JSON regimes value must be a string.
func TestRegimesJSONType(t *testing.T) {
	body := `{"orders":[{"isin":"US0378331005","side":"buy","quantity":"1","trade_date":"2024-01-02","regimes":["eu"]}]}`
	_, err := compliance.DecodeOrderRequest(strings.NewReader(body))
	if !errors.Is(err, holdings.ErrInput) {
		t.Fatalf("err = %v, want ErrInput", err)
	}
}

// A Policy naming an unknown regime, or an account bound by none, is
// refused; a row built in code with an unknown regime binds every regime.
func TestPolicyRegimesChecked(t *testing.T) {
	for name, p := range map[string]compliance.Policy{
		"unknown default":       {DefaultRegimes: []compliance.Regime{"EU"}},
		"unknown account":       {Regimes: map[string][]compliance.Regime{"A": {"us", "ch"}}},
		"account bound by none": {Regimes: map[string][]compliance.Regime{"A": {}}},
	} {
		if _, err := compliance.NewWithOptions(nil, nil, compliance.Options{Policy: p}); !errors.Is(err, compliance.ErrRegime) {
			t.Errorf("%s: err = %v, want ErrRegime", name, err)
		}
	}
	c, err := compliance.NewWithOptions(nil, nil, compliance.Options{Policy: compliance.Policy{DefaultRegimes: []compliance.Regime{compliance.RegimeUS}}})
	if err != nil {
		t.Fatal(err)
	}
	o := compliance.Order{Account: "A", Ref: holdings.Ref{ISIN: "US0378331005"}, Side: compliance.Buy, Quantity: decimal.NewFromInt(1), TradeDate: day("2024-01-02"), Regimes: []compliance.Regime{"EU"}}
	if got := compliance.NewRegimeSet(c.CheckOrder(&o, decimal.Zero).Regimes...).String(); got != "us|eu|uk" {
		t.Fatalf("a row with an unknown regime is bound by %s, want every regime", got)
	}
}
