package compliance_test

import (
	"testing"

	"github.com/shopspring/decimal"

	"github.com/investscreen/investscreen/compliance"
	"github.com/investscreen/investscreen/holdings"
	"github.com/investscreen/investscreen/lists"
)

// coldNameSpace is how many distinct names coldCompanyName writes: every
// i below it gives a name no other i gives.
const coldNameSpace = 1 << 21

// coldCompanyName returns the i-th of coldNameSpace distinct, plausible
// company names that no list holds, the same every run: a made-up brand
// of three syllables and a final letter ("Vokarin"), which carries the
// distinctness, then (by a hash of i) an industry word or two, a legal
// form, sometimes a place that opens it, in the title case of fund files
// or the upper case of terminals. Consecutive i differ in every syllable
// of the brand, so the brand's words are new to the index on each call
// for i below coldNameSpace.
func coldCompanyName(i int) string {
	const (
		onsets = "bdfgklmnprstvzhj" // 16
		vowels = "aeio"             // 4: 64 syllables
		finals = "nrsxlmtk"         // 8
	)
	// A bijection of [0, coldNameSpace): an odd multiplier modulo a power
	// of two, so that neighbours share no syllable.
	j := uint32(i) * 0x9E3779B1 % coldNameSpace
	h := uint32(i)*0x85EBCA6B ^ 0xC2B2AE35
	h ^= h >> 13
	h *= 0x27D4EB2F
	h ^= h >> 16

	brand := make([]byte, 0, 8)
	for s := 0; s < 3; s++ {
		syl := j >> (6 * s) & 63
		c := onsets[syl>>2]
		if s == 0 {
			c -= 'a' - 'A'
		}
		brand = append(brand, c, vowels[syl&3])
	}
	brand = append(brand, finals[j>>18&7])

	industries := [...]string{"", "Technology", "Pharmaceutical", "Energy", "Logistics", "Semiconductor", "Materials",
		"Electronics", "Holdings", "Mining", "Biotech", "Motor", "Capital", "Digital Technology", "New Energy",
		"Precision Machinery", "Medical", "Foods", "Shipping", "Telecom", "Software", "Chemical Industry", "Steel",
		"Optical", "Aerospace", "Environmental", "Resources", "Financial", "Real Estate", "Textile", "Media", "Group"}
	forms := [...]string{"", "", "Co Ltd", "Co., Ltd.", "Inc.", "Corp", "Group Co Ltd", "Holdings Ltd", "Ltd-A", "Ltd-H",
		"PLC", "S.A.", "AG", "LLC", "Limited", "-W"}
	places := [...]string{"Shenzhen", "Hangzhou", "Xiamen", "SZ", "Beijing", "Jiangsu"}

	name := make([]byte, 0, 64)
	if h&15 == 0 {
		name = append(name, places[h>>4%uint32(len(places))]...)
		name = append(name, ' ')
	}
	name = append(name, brand...)
	if ind := industries[h>>8%uint32(len(industries))]; ind != "" {
		name = append(append(name, ' '), ind...)
	}
	switch f := forms[h>>16%uint32(len(forms))]; {
	case f == "":
	case f[0] == '-':
		name = append(name, f...)
	default:
		name = append(append(name, ' '), f...)
	}
	if h>>24&3 == 0 {
		for k, c := range name {
			if c >= 'a' && c <= 'z' {
				name[k] = c - ('a' - 'A')
			}
		}
	}
	return string(name)
}

// TestColdCompanyNames holds coldCompanyName to its word: distinct names,
// brands that no list name has, the same every run.
func TestColdCompanyNames(t *testing.T) {
	const n = 1 << 16 // a sample; the bijection covers the rest
	seen := make(map[string]int, n)
	for i := 0; i < n; i++ {
		s := coldCompanyName(i)
		if j, ok := seen[s]; ok {
			t.Fatalf("coldCompanyName(%d) = coldCompanyName(%d) = %q", i, j, s)
		}
		seen[s] = i
	}
	if got, want := coldCompanyName(12345), coldCompanyName(12345); got != want {
		t.Fatalf("not deterministic: %q, %q", got, want)
	}
	emb, err := lists.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	set := lists.NewSet(emb)
	for i := 0; i < 200; i++ {
		s := coldCompanyName(i)
		if _, hits := set.ByName(s); len(hits) > 0 {
			t.Errorf("coldCompanyName(%d) = %q is a listed name", i, s)
		}
	}
}

// BenchmarkCheckOrderByNameCold: one order known only by an issuer name,
// each iteration a name never queried before (coldCompanyName: a brand
// the lists' index has never seen, with industry words and a legal form),
// so that no cache of the name search helps. The names are made before
// the timer starts.
func BenchmarkCheckOrderByNameCold(b *testing.B) {
	chk, _ := benchChecker(b, 10, 1000)
	if b.N > coldNameSpace {
		b.Fatalf("b.N %d beyond the %d cold names: use a shorter -benchtime", b.N, coldNameSpace)
	}
	names := make([]string, b.N)
	for i := range names {
		names[i] = coldCompanyName(i)
	}
	o := compliance.Order{Account: "A1", Side: compliance.Buy, Quantity: decimal.NewFromInt(100), TradeDate: holdings.MustDate("2024-05-02")}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		o.Ref = holdings.Ref{Name: names[i]}
		chk.CheckOrder(&o, decimal.Zero)
	}
}
