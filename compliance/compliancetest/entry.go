package compliancetest

import (
	"github.com/investscreen/investscreen/holdings"
	"github.com/investscreen/investscreen/lists"
)

// EntryBuilder adds to one list entry. Each method returns the builder,
// so that calls chain; identifiers are validated as the list readers
// validate them, and a bad one fails the test.
type EntryBuilder struct {
	l     *ListBuilder
	e     *lists.Entry
	given bool // added with Add: not the kit's to change
}

// change fails the test if the entry can no longer be changed.
func (b *EntryBuilder) change() *lists.Entry {
	if h, ok := b.l.k.t.(tHelper); ok {
		h.Helper()
	}
	b.l.open()
	if b.given {
		b.l.k.fail("entry %s %s was added with Add: change the lists.Entry itself", b.e.List, b.e.ID)
	}
	return b.e
}

// ID sets the publisher's id of the entry (OFAC's ent_num, "33114"), the
// id findings name in Entity.ID.
func (b *EntryBuilder) ID(id string) *EntryBuilder {
	if h, ok := b.l.k.t.(tHelper); ok {
		h.Helper()
	}
	if id == "" {
		b.l.k.fail("ID: empty id for %q", b.e.Name)
	}
	b.change().ID = id
	return b
}

// ISIN adds ISINs the entry lists; each must have a valid check digit.
func (b *EntryBuilder) ISIN(isins ...string) *EntryBuilder {
	if h, ok := b.l.k.t.(tHelper); ok {
		h.Helper()
	}
	e := b.change()
	for _, s := range isins {
		id, err := holdings.ParseISIN(s)
		b.l.k.noError(err, "ISIN of %q", e.Name)
		e.ISINs = append(e.ISINs, id.Value)
	}
	return b
}

// CUSIP adds CUSIPs the entry lists.
func (b *EntryBuilder) CUSIP(cusips ...string) *EntryBuilder {
	if h, ok := b.l.k.t.(tHelper); ok {
		h.Helper()
	}
	return b.securities(holdings.CUSIP, cusips)
}

// SEDOL adds SEDOLs the entry lists.
func (b *EntryBuilder) SEDOL(sedols ...string) *EntryBuilder {
	if h, ok := b.l.k.t.(tHelper); ok {
		h.Helper()
	}
	return b.securities(holdings.SEDOL, sedols)
}

// FIGI adds FIGIs the entry lists.
func (b *EntryBuilder) FIGI(figis ...string) *EntryBuilder {
	if h, ok := b.l.k.t.(tHelper); ok {
		h.Helper()
	}
	return b.securities(holdings.FIGI, figis)
}

func (b *EntryBuilder) securities(k holdings.Kind, vs []string) *EntryBuilder {
	if h, ok := b.l.k.t.(tHelper); ok {
		h.Helper()
	}
	e := b.change()
	for _, s := range vs {
		id, err := holdings.ParseID(k, s)
		b.l.k.noError(err, "%s of %q", k, e.Name)
		e.Securities = append(e.Securities, id)
	}
	return b
}

// Ticker adds equity tickers as a list writes them ("0020 HK", "600677
// CH"); each must parse with holdings.ParseTicker.
func (b *EntryBuilder) Ticker(tickers ...string) *EntryBuilder {
	if h, ok := b.l.k.t.(tHelper); ok {
		h.Helper()
	}
	e := b.change()
	for _, s := range tickers {
		id, err := holdings.ParseTicker(s)
		b.l.k.noError(err, "ticker of %q", e.Name)
		e.Tickers = append(e.Tickers, lists.Ticker{Raw: s, ID: id})
	}
	return b
}

// Alias adds other names (a.k.a.) that identify the entry as its name
// does.
func (b *EntryBuilder) Alias(names ...string) *EntryBuilder {
	if h, ok := b.l.k.t.(tHelper); ok {
		h.Helper()
	}
	e := b.change()
	for _, n := range names {
		e.Aliases = append(e.Aliases, lists.Alias{Type: "aka", Name: n})
	}
	return b
}

// WeakAlias adds OFAC's weak aliases: names that alone do not identify
// the entry, matched for review only (rule "review").
func (b *EntryBuilder) WeakAlias(names ...string) *EntryBuilder {
	if h, ok := b.l.k.t.(tHelper); ok {
		h.Helper()
	}
	e := b.change()
	for _, n := range names {
		e.Aliases = append(e.Aliases, lists.Alias{Type: "aka", Name: n, Weak: true})
	}
	return b
}

// IssuerName adds OFAC's "Issuer Name" fields: names under which the
// entry's securities are issued.
func (b *EntryBuilder) IssuerName(names ...string) *EntryBuilder {
	if h, ok := b.l.k.t.(tHelper); ok {
		h.Helper()
	}
	e := b.change()
	e.IssuerNames = append(e.IssuerNames, names...)
	return b
}

// Identifier adds an identifier other than a security identifier, as
// OFAC's remarks give it: its type ("Unified Social Credit Code (USCC)",
// "SWIFT/BIC"), value and issuing country (may be empty).
func (b *EntryBuilder) Identifier(typ, value, country string) *EntryBuilder {
	if h, ok := b.l.k.t.(tHelper); ok {
		h.Helper()
	}
	if typ == "" || value == "" {
		b.l.k.fail("Identifier of %q: give a type and a value", b.e.Name)
	}
	e := b.change()
	e.IDs = append(e.IDs, lists.Identifier{Type: typ, Value: value, Country: country})
	return b
}

// LEI adds a Legal Entity Identifier ("Legal Entity Number" in OFAC's
// remarks), which ownership stakes may name. It must have the form of an
// ISO 17442 LEI: 20 letters and digits with valid check digits.
func (b *EntryBuilder) LEI(lei string) *EntryBuilder {
	if h, ok := b.l.k.t.(tHelper); ok {
		h.Helper()
	}
	if !validLEI(lei) {
		b.l.k.fail("LEI of %q: %q is not an ISO 17442 LEI (20 letters and digits, check digits mod 97)", b.e.Name, lei)
	}
	return b.Identifier("Legal Entity Number", lei, "")
}

// validLEI reports whether s is 18 upper-case letters or digits and two
// digits, the whole equal to 1 modulo 97 (ISO 7064 MOD 97-10).
func validLEI(s string) bool {
	if len(s) != 20 {
		return false
	}
	rem := 0
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= '0' && c <= '9':
			rem = (rem*10 + int(c-'0')) % 97
		case c >= 'A' && c <= 'Z' && i < 18:
			rem = (rem*100 + int(c-'A') + 10) % 97
		default:
			return false
		}
	}
	return rem == 1
}

// Type sets the entry type: "entity" (the default), "individual",
// "vessel" or "aircraft".
func (b *EntryBuilder) Type(typ string) *EntryBuilder {
	if h, ok := b.l.k.t.(tHelper); ok {
		h.Helper()
	}
	b.change().Type = typ
	return b
}

// Remarks sets the entry's remarks text.
func (b *EntryBuilder) Remarks(s string) *EntryBuilder {
	if h, ok := b.l.k.t.(tHelper); ok {
		h.Helper()
	}
	b.change().Remarks = s
	return b
}

// Listed sets the date the entry was put on its list (an in-house list's
// added date); it is not in force before it. NS-CMIC rules read the
// listing date given to NSCMIC instead.
func (b *EntryBuilder) Listed(d holdings.Date) *EntryBuilder {
	if h, ok := b.l.k.t.(tHelper); ok {
		h.Helper()
	}
	b.change().Listed = d
	return b
}

// Removed sets the date the entry came off its list: it is in force on
// dates before it only.
func (b *EntryBuilder) Removed(d holdings.Date) *EntryBuilder {
	if h, ok := b.l.k.t.(tHelper); ok {
		h.Helper()
	}
	e := b.change()
	if !e.Listed.IsZero() && d.Before(e.Listed) {
		b.l.k.fail("Removed of %q: %s is before the listed date %s", e.Name, d, e.Listed)
	}
	e.Removed = d
	return b
}

// Entry returns the entry being built; its id is set once its list is
// built. It must not be modified.
func (b *EntryBuilder) Entry() *lists.Entry { return b.e }
