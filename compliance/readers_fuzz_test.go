package compliance_test

import (
	"bytes"
	"os"
	"testing"

	"github.com/investscreen/investscreen/compliance"
)

func FuzzReadOrders(f *testing.F) {
	for _, p := range []string{"../examples/data/orders.csv"} {
		if b, err := os.ReadFile(p); err == nil {
			f.Add(b)
		}
	}
	f.Add([]byte("side,quantity,trade_date,ticker\nsell short,1.5,2022-03-01,0020 HK\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		orders, err := compliance.ReadOrders(bytes.NewReader(b), "fuzz.csv")
		if err != nil {
			return
		}
		for _, o := range orders {
			if !o.Quantity.IsPositive() || o.TradeDate.IsZero() || o.Side == "" {
				t.Fatalf("bad order %+v", o)
			}
		}
	})
}

func FuzzReadWaivers(f *testing.F) {
	for _, p := range []string{"../examples/data/waivers.csv"} {
		if b, err := os.ReadFile(p); err == nil {
			f.Add(b)
		}
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		ws, err := compliance.ReadWaivers(bytes.NewReader(b), "fuzz.csv")
		if err != nil {
			return
		}
		for _, w := range ws {
			if w.Rule == "" || w.Expires.IsZero() || (w.Account == "" && w.Security == "") {
				t.Fatalf("bad waiver %+v", w)
			}
		}
	})
}
