package gen

import (
	"bufio"
	"io"
	"strings"

	"github.com/investscreen/investscreen/holdings"
	"github.com/investscreen/investscreen/lists"
)

// PortfolioHeader and MasterHeader are the header rows WriteCSV writes:
// the columns holdings.ReadPortfolio and holdings.ReadMaster read.
const (
	PortfolioHeader = "account,isin,cusip,sedol,figi,ticker,name,quantity,market_value,currency,acquired"
	MasterHeader    = "isin,cusip,sedol,figi,ticker,issuer,type,underlying"
)

// WriteCSV writes the book NewBook(seed, n, distinct, hitRate, l) would
// return as two CSV files, the holdings to book and the security master
// to master, without holding the book in memory: row by row, so that
// books of tens of millions of rows can be written. The holdings are the
// same, row for row, as NewBook's.
func WriteCSV(book, master io.Writer, seed int64, n, distinct int, hitRate float64, l *lists.List) error {
	u := newUniverse(seed, distinct, hitRate, l)
	mw := bufio.NewWriterSize(master, 1<<16)
	mw.WriteString(MasterHeader + "\n")
	for _, s := range u.master() {
		writeSecurity(mw, &s)
	}
	if err := mw.Flush(); err != nil {
		return err
	}
	bw := bufio.NewWriterSize(book, 1<<16)
	bw.WriteString(PortfolioHeader + "\n")
	var buf []byte
	for i := 0; i < n; i++ {
		h := u.holding(i)
		buf = appendHolding(buf[:0], &h)
		if _, err := bw.Write(buf); err != nil {
			return err
		}
	}
	return bw.Flush()
}

func appendHolding(b []byte, h *holdings.Holding) []byte {
	for _, f := range [...]string{h.Account, h.ISIN, h.CUSIP, h.SEDOL, h.FIGI, h.Ticker} {
		b = appendField(b, f)
		b = append(b, ',')
	}
	b = appendField(b, h.Name)
	b = append(b, ',')
	b = append(b, h.Quantity.String()...)
	b = append(b, ',')
	if h.MarketValue.Valid {
		b = append(b, h.MarketValue.Decimal.String()...)
	}
	b = append(b, ',')
	b = appendField(b, h.Currency)
	b = append(b, ',')
	if !h.Acquired.IsZero() {
		b = append(b, h.Acquired.String()...)
	}
	return append(b, '\n')
}

func writeSecurity(w *bufio.Writer, s *holdings.Security) {
	var col [6]string // isin, cusip, sedol, figi, ticker by Kind
	for _, id := range s.IDs {
		if int(id.Kind) < len(col) && col[id.Kind] == "" {
			col[id.Kind] = id.Value
		}
	}
	var b []byte
	for k := holdings.ISIN; k <= holdings.Ticker; k++ {
		b = appendField(b, col[k])
		b = append(b, ',')
	}
	b = appendField(b, s.Issuer)
	b = append(b, ',')
	b = append(b, string(s.Type)...)
	b = append(b, ',')
	if !s.Underlying.IsZero() {
		b = append(b, s.Underlying.Value...)
	}
	w.Write(append(b, '\n'))
}

// appendField writes s as a CSV field (RFC 4180): quoted, with quotes
// doubled, when it holds a comma, a quote or a line break.
func appendField(b []byte, s string) []byte {
	if !strings.ContainsAny(s, ",\"\r\n") {
		return append(b, s...)
	}
	b = append(b, '"')
	for i := 0; i < len(s); i++ {
		if s[i] == '"' {
			b = append(b, '"')
		}
		b = append(b, s[i])
	}
	return append(b, '"')
}
