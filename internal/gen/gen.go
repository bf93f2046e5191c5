// Package gen makes deterministic, realistic test data for benchmarks:
// books of holdings with their security master, where about one holding
// in a hundred reaches a list entry, identifiers come in every kind and
// tickers in every accepted form.
package gen

import (
	"fmt"
	"math/rand"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/investscreen/investscreen/holdings"
	"github.com/investscreen/investscreen/lists"
)

const alnum = "0123456789ABCDEFGHJKLMNPQRSTUVWXYZ"

// Book is a generated book.
type Book struct {
	Portfolio  *holdings.Portfolio
	Securities []holdings.Security
	// Listed is how many of the distinct securities reach a list entry.
	Listed int
}

// NewBook returns n holdings over distinct securities. About hitRate of
// the securities (0.01 for 1%) are the listed ones of l (by ISIN, ticker
// or issuer name, in turn); the others are made up. The same arguments
// always give the same book.
func NewBook(seed int64, n, distinct int, hitRate float64, l *lists.List) *Book {
	u := newUniverse(seed, distinct, hitRate, l)
	p := &holdings.Portfolio{Source: "generated", Holdings: make([]holdings.Holding, n)}
	for i := range p.Holdings {
		p.Holdings[i] = u.holding(i)
	}
	return &Book{Portfolio: p, Securities: u.master(), Listed: u.listed}
}

// universe is the securities of a book and how holdings name them, with
// the random source the holdings are drawn from.
type universe struct {
	rng    *rand.Rand
	secs   []holdings.Security
	given  []holdings.Holding // how holdings name each security
	listed int
}

func newUniverse(seed int64, distinct int, hitRate float64, l *lists.List) *universe {
	u := &universe{rng: rand.New(rand.NewSource(seed)), secs: make([]holdings.Security, distinct), given: make([]holdings.Holding, distinct)}
	var listedEntries []*lists.Entry
	if l != nil {
		for _, e := range l.Entries {
			if e.List == lists.NSCMIC || e.List == lists.SDN {
				listedEntries = append(listedEntries, e)
			}
		}
	}
	for i := range u.secs {
		if len(listedEntries) > 0 && u.rng.Float64() < hitRate {
			e := listedEntries[u.rng.Intn(len(listedEntries))]
			u.secs[i], u.given[i] = listedSecurity(u.rng, i, e)
			u.listed++
			continue
		}
		u.secs[i], u.given[i] = madeUp(u.rng, i)
	}
	return u
}

// holding draws the holding of row i (0-based; line i+2 of its file).
// Rows must be drawn in order: each draw advances the random source.
func (u *universe) holding(i int) holdings.Holding {
	rng := u.rng
	h := u.given[rng.Intn(len(u.given))]
	h.Line = i + 2
	h.Account = fmt.Sprintf("ACC-%05d", rng.Intn(5000))
	h.Quantity = decimal.New(int64(1+rng.Intn(100000)), -int32(rng.Intn(3)))
	h.Acquired = holdings.Date{Year: 2019 + rng.Intn(6), Month: time.Month(1 + rng.Intn(12)), Day: 1 + rng.Intn(28)}
	return h
}

// master returns the securities as a security master may hold them.
// Rows that share an identifier would conflict; the generator never makes
// two securities with one identifier, but a listed entry may be picked
// twice: the repeats are dropped.
func (u *universe) master() []holdings.Security {
	var out []holdings.Security
	seen := map[holdings.ID]bool{}
	for _, s := range u.secs {
		dup := false
		for _, id := range s.IDs {
			dup = dup || seen[id]
		}
		if dup {
			continue
		}
		for _, id := range s.IDs {
			seen[id] = true
		}
		out = append(out, s)
	}
	return out
}

// madeUp makes an unlisted security numbered i: a US ISIN (with its
// CUSIP) or a Hong Kong or Shanghai listing, and a company name.
func madeUp(rng *rand.Rand, i int) (holdings.Security, holdings.Holding) {
	cusip := CUSIP(fmt.Sprintf("%06d", i%1000000) + string(alnum[rng.Intn(len(alnum))]) + string(alnum[rng.Intn(10)]))
	isin, _ := holdings.ISINFromCUSIP(cusip, "US")
	ticker := fmt.Sprintf("X%04d US", i%10000)
	if i >= 10000 {
		ticker = fmt.Sprintf("%c%c%d US", 'A'+rune(i%26), 'A'+rune(i/26%26), i)
	}
	tid, err := holdings.ParseTicker(ticker)
	if err != nil {
		panic(err)
	}
	name := fmt.Sprintf("%s %s %s", words[rng.Intn(len(words))], words[rng.Intn(len(words))], forms[rng.Intn(len(forms))])
	s := holdings.Security{Line: i + 2, IDs: []holdings.ID{isin, cusip, tid}, Issuer: name, Type: holdings.Equity}
	h := holdings.Holding{}
	switch rng.Intn(4) {
	case 0:
		h.ISIN = isin.Value
	case 1:
		h.CUSIP = cusip.Value
	case 2:
		h.Ticker = ticker
	default:
		h.ISIN, h.Ticker = isin.Value, ticker
	}
	return s, h
}

// listedSecurity makes a security of listed entry e: by an ISIN or a
// ticker the entry lists (in another accepted form), or by its name.
func listedSecurity(rng *rand.Rand, i int, e *lists.Entry) (holdings.Security, holdings.Holding) {
	h := holdings.Holding{}
	s := holdings.Security{Line: i + 2, Issuer: nameVariant(rng, e.Name), Type: holdings.Equity}
	switch {
	case len(e.ISINs) > 0 && rng.Intn(3) == 0:
		v := e.ISINs[rng.Intn(len(e.ISINs))]
		if id, err := holdings.ParseISIN(v); err == nil {
			h.ISIN = strings.ToLower(v)
			s.IDs = []holdings.ID{id}
			return s, h
		}
	case len(e.Tickers) > 0 && rng.Intn(2) == 0:
		t := e.Tickers[rng.Intn(len(e.Tickers))]
		if !t.ID.IsZero() {
			h.Ticker = tickerForm(rng, t.ID)
			s.IDs = []holdings.ID{t.ID}
			return s, h
		}
	}
	// By name only: a made-up identifier whose issuer is the listed name.
	cusip := CUSIP(fmt.Sprintf("L%05d", i%100000) + "Q" + string(alnum[rng.Intn(10)]))
	s.IDs = []holdings.ID{cusip}
	h.CUSIP = cusip.Value
	return s, h
}

// tickerForm writes a ticker in one of the accepted forms.
func tickerForm(rng *rand.Rand, id holdings.ID) string {
	sym, mkt := id.Symbol(), id.Market()
	switch rng.Intn(4) {
	case 0:
		return sym + " " + mkt
	case 1:
		if mkt == "HK" {
			return fmt.Sprintf("%04s.HK", sym)
		}
		return sym + " " + mkt + " Equity"
	case 2:
		if mkt == "HK" {
			return "XHKG:" + sym
		}
		return strings.ToLower(sym) + " " + strings.ToLower(mkt)
	}
	return sym + "  " + mkt
}

// nameVariant writes a listed name as a data vendor might: mixed case,
// another legal form, punctuation.
func nameVariant(rng *rand.Rand, name string) string {
	words := strings.Fields(strings.ToLower(name))
	for i, w := range words {
		words[i] = strings.ToUpper(w[:1]) + w[1:]
	}
	n := strings.Join(words, " ")
	switch rng.Intn(3) {
	case 0:
		n = strings.Replace(n, "Limited", "Ltd.", 1)
	case 1:
		n = strings.Replace(n, "Company", "Co.", 1)
	}
	return n
}

// CUSIP completes an 8-character CUSIP stem with its check digit.
func CUSIP(stem string) holdings.ID {
	for d := byte('0'); d <= '9'; d++ {
		if id, err := holdings.ParseCUSIP(stem + string(d)); err == nil {
			return id
		}
	}
	panic("no check digit for " + stem)
}

var words = []string{"Pacific", "Northern", "Global", "Golden", "River", "Summit", "Harbor", "Eastern",
	"Precision", "Dynamic", "United", "Royal", "Silver", "Atlas", "Crescent", "Meridian", "Orion", "Pioneer",
	"Quantum", "Sterling", "Vertex", "Zenith", "Apex", "Beacon", "Cobalt", "Delta", "Evergreen", "Falcon"}

var forms = []string{"Holdings Ltd", "Group Inc.", "Corp", "Industries Co., Ltd.", "PLC", "Technologies Inc", "AG", "S.A."}
