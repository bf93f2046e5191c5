package compliancetest

import (
	"github.com/shopspring/decimal"

	"github.com/investscreen/investscreen/compliance"
	"github.com/investscreen/investscreen/holdings"
)

// ISIN, CUSIP, SEDOL, FIGI, Ticker and Name return the holdings.Ref that
// names a security by that one identifier, or by a name, as written (the
// checker parses it, so a bad identifier is reported unresolved, as from
// a file).
func ISIN(s string) holdings.Ref { return holdings.Ref{ISIN: s} }

// CUSIP returns the Ref naming a security by its CUSIP; see ISIN.
func CUSIP(s string) holdings.Ref { return holdings.Ref{CUSIP: s} }

// SEDOL returns the Ref naming a security by its SEDOL; see ISIN.
func SEDOL(s string) holdings.Ref { return holdings.Ref{SEDOL: s} }

// FIGI returns the Ref naming a security by its FIGI; see ISIN.
func FIGI(s string) holdings.Ref { return holdings.Ref{FIGI: s} }

// Ticker returns the Ref naming a security by its ticker; see ISIN.
func Ticker(s string) holdings.Ref { return holdings.Ref{Ticker: s} }

// Name returns the Ref naming a security by its or its issuer's name; see
// ISIN.
func Name(s string) holdings.Ref { return holdings.Ref{Name: s} }

// SecurityBuilder adds to one security of the kit's security master.
type SecurityBuilder struct {
	k *Kit
	s holdings.Security
}

// Security adds a security of issuer to the kit's security master, named
// by ids: any identifiers as holdings.ParseAny reads them ("KYG875721634",
// "0700 HK", "cusip:88032Q109"), at least one. Its type is equity unless
// set with Type. The security's Line is 0: it was not read from a file.
func (k *Kit) Security(issuer string, ids ...string) *SecurityBuilder {
	if h, ok := k.t.(tHelper); ok {
		h.Helper()
	}
	k.frozen("a security")
	if len(ids) == 0 {
		k.fail("Security(%q): give at least one identifier", issuer)
	}
	b := &SecurityBuilder{k: k, s: holdings.Security{Issuer: issuer, Type: holdings.Equity}}
	for _, s := range ids {
		id, err := holdings.ParseAny(s)
		k.noError(err, "identifier %q of security %q", s, issuer)
		b.s.IDs = append(b.s.IDs, id)
	}
	k.secs = append(k.secs, b)
	return b
}

// Type sets the security type (holdings.ADR, holdings.Option, ...).
func (b *SecurityBuilder) Type(t holdings.Type) *SecurityBuilder {
	if h, ok := b.k.t.(tHelper); ok {
		h.Helper()
	}
	b.k.frozen("a security type")
	b.s.Type = t
	return b
}

// Underlying sets the underlying security of a depositary receipt or a
// derivative, by any identifier (holdings.ParseAny).
func (b *SecurityBuilder) Underlying(id string) *SecurityBuilder {
	if h, ok := b.k.t.(tHelper); ok {
		h.Helper()
	}
	b.k.frozen("an underlying")
	u, err := holdings.ParseAny(id)
	b.k.noError(err, "underlying %q of %q", id, b.s.Issuer)
	b.s.Underlying = u
	return b
}

// Issued sets the issue date, and Matures the maturity date, that the EU
// and UK Russia securities rules read.
func (b *SecurityBuilder) Issued(d holdings.Date) *SecurityBuilder {
	if h, ok := b.k.t.(tHelper); ok {
		h.Helper()
	}
	b.k.frozen("an issue date")
	b.s.IssueDate = d
	return b
}

// Matures sets the maturity date; see Issued.
func (b *SecurityBuilder) Matures(d holdings.Date) *SecurityBuilder {
	if h, ok := b.k.t.(tHelper); ok {
		h.Helper()
	}
	b.k.frozen("a maturity date")
	b.s.Maturity = d
	return b
}

// Master returns the security master of the kit's securities, built with
// holdings.NewMaster (the test fails if two securities claim one
// identifier); nil when the kit has none.
func (k *Kit) Master() *holdings.Master {
	if h, ok := k.t.(tHelper); ok {
		h.Helper()
	}
	if len(k.secs) == 0 {
		return nil
	}
	secs := make([]holdings.Security, len(k.secs))
	for i, b := range k.secs {
		secs[i] = b.s
	}
	m, err := holdings.NewMaster(secs)
	k.noError(err, "security master")
	return m
}

// FundBuilder adds constituents to one fund or ETF.
type FundBuilder struct {
	k    *Kit
	fund holdings.ID
	cs   []holdings.Constituent
}

// Fund adds a fund or ETF, named by any identifier (holdings.ParseAny),
// whose constituents are added with Holds.
func (k *Kit) Fund(id string) *FundBuilder {
	if h, ok := k.t.(tHelper); ok {
		h.Helper()
	}
	k.frozen("a fund")
	fid, err := holdings.ParseAny(id)
	k.noError(err, "fund %q", id)
	b := &FundBuilder{k: k, fund: fid}
	k.funds = append(k.funds, b)
	return b
}

// Holds adds a constituent, by any identifier, with its weight in the
// fund in percent (a decimal text, above 0 and at most 100).
func (b *FundBuilder) Holds(id, weight string) *FundBuilder {
	if h, ok := b.k.t.(tHelper); ok {
		h.Helper()
	}
	b.k.frozen("a constituent")
	c, err := holdings.ParseAny(id)
	b.k.noError(err, "constituent %q of fund %s", id, b.fund)
	w := b.k.Quantity(weight)
	if !w.IsPositive() || w.GreaterThan(decimal.NewFromInt(100)) {
		b.k.fail("constituent %s of fund %s: weight %s is not above 0 and at most 100", c, b.fund, weight)
	}
	b.cs = append(b.cs, holdings.Constituent{ID: c, Weight: w})
	return b
}

// Funds returns the fund constituents of the kit, built with
// holdings.NewFunds (the test fails if a fund's weights exceed 100%); nil
// when the kit has none.
func (k *Kit) Funds() *holdings.Funds {
	if h, ok := k.t.(tHelper); ok {
		h.Helper()
	}
	if len(k.funds) == 0 {
		return nil
	}
	by := map[holdings.ID][]holdings.Constituent{}
	for _, b := range k.funds {
		by[b.fund] = append(by[b.fund], b.cs...)
	}
	f, err := holdings.NewFunds(by)
	k.noError(err, "funds")
	return f
}

// HoldingBuilder adds to one holding of the kit's book.
type HoldingBuilder struct {
	k *Kit
	h holdings.Holding
}

// Hold adds a position to the kit's book: account, the security as ref
// names it (ISIN("..."), Ticker("..."), or a holdings.Ref with several
// identifiers) and the quantity (a decimal text; negative for a short).
// Holdings are numbered as the lines of a holdings file after its header:
// the first is line 2, the next line 3, and so on; Line says which.
func (k *Kit) Hold(account string, ref holdings.Ref, quantity string) *HoldingBuilder {
	if h, ok := k.t.(tHelper); ok {
		h.Helper()
	}
	if err := ref.Validate(); err != nil {
		k.noError(err, "Hold")
	}
	b := &HoldingBuilder{k: k, h: holdings.Holding{Line: len(k.book) + 2, Account: account, Ref: ref, Quantity: k.Quantity(quantity)}}
	k.book = append(k.book, b)
	return b
}

// Acquired sets the acquisition (trade) date of the lot, which the
// NS-CMIC purchase rule reads.
func (b *HoldingBuilder) Acquired(d holdings.Date) *HoldingBuilder {
	b.h.Acquired = d
	return b
}

// Value sets the market value of the position and its ISO 4217 currency.
func (b *HoldingBuilder) Value(amount, currency string) *HoldingBuilder {
	if h, ok := b.k.t.(tHelper); ok {
		h.Helper()
	}
	b.h.MarketValue = decimal.NullDecimal{Decimal: b.k.Quantity(amount), Valid: true}
	b.h.Currency = currency
	return b
}

// Line returns the holding's line, the one findings and unresolved
// holdings name.
func (b *HoldingBuilder) Line() int { return b.h.Line }

// Book returns the kit's holdings as a portfolio, in the order added
// (Source "compliancetest"). Each call returns a new Portfolio.
func (k *Kit) Book() *holdings.Portfolio {
	p := &holdings.Portfolio{Source: "compliancetest", Holdings: make([]holdings.Holding, len(k.book))}
	for i, b := range k.book {
		p.Holdings[i] = b.h
	}
	return p
}

// Order returns an order for account on the security ref names: side,
// quantity (a positive decimal text) and trade date. The account is a US
// person; set NonUSPerson on the result for one that is not.
func (k *Kit) Order(account string, ref holdings.Ref, side compliance.Side, quantity string, trade holdings.Date) *compliance.Order {
	if h, ok := k.t.(tHelper); ok {
		h.Helper()
	}
	if err := ref.Validate(); err != nil {
		k.noError(err, "Order")
	}
	if s, err := compliance.ParseSide(string(side)); err != nil || s != side {
		k.fail("Order: side %q is not buy, sell, sell short or buy to cover", side)
	}
	q := k.Quantity(quantity)
	if !q.IsPositive() {
		k.fail("Order: quantity %s is not positive", quantity)
	}
	if trade.IsZero() {
		k.fail("Order: no trade date")
	}
	return &compliance.Order{Account: account, Ref: ref, Side: side, Quantity: q, TradeDate: trade}
}
