package report_test

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"

	"github.com/investscreen/investscreen/compliance"
	"github.com/investscreen/investscreen/compliance/report"
	"github.com/investscreen/investscreen/holdings"
	"github.com/investscreen/investscreen/internal/printable"
	"github.com/investscreen/investscreen/lists"
)

// hostile holds what a terminal or a viewer would act on: an ANSI clear
// screen and colour, a C1 CSI, a right-to-left override, a zero-width
// space, a forged report line after a newline, a tab, a carriage return,
// a byte that is not UTF-8 and a tag character.
const hostile = "\x1b[2J\x1b[1;31mFUND\u202eA-DNUF\u009b0m\u200b\nline 99: ALLOW\t\rX\xff\U000e0041"

// hostileEscaped is hostile as every writer must show it.
const hostileEscaped = `\x1b[2J\x1b[1;31mFUND\u202eA-DNUF\u009b0m\u200b\nline 99: ALLOW\t\rX\xff\U000e0041`

// fill sets every settable string of v to s, every int to 7, every bool
// to true, every date to 2022-06-30, and gives every slice one element
// and every pointer a value, recursively.
func fill(v reflect.Value, s string) {
	switch v.Kind() {
	case reflect.String:
		v.SetString(s)
	case reflect.Int:
		v.SetInt(7)
	case reflect.Bool:
		v.SetBool(true)
	case reflect.Ptr:
		v.Set(reflect.New(v.Type().Elem()))
		fill(v.Elem(), s)
	case reflect.Slice:
		v.Set(reflect.MakeSlice(v.Type(), 1, 1))
		fill(v.Index(0), s)
	case reflect.Struct:
		if v.Type() == reflect.TypeOf(holdings.Date{}) {
			v.Set(reflect.ValueOf(holdings.MustDate("2022-06-30")))
			return
		}
		for i := 0; i < v.NumField(); i++ {
			if v.Field(i).CanSet() {
				fill(v.Field(i), s)
			}
		}
	}
}

// filled returns a report and an order report whose every string is s.
func filled(s string) (*compliance.Report, *compliance.OrderReport) {
	var r compliance.Report
	var o compliance.OrderReport
	fill(reflect.ValueOf(&r).Elem(), s)
	fill(reflect.ValueOf(&o).Elem(), s)
	return &r, &o
}

// assertSafe fails if out holds a character the escaping replaces
// (newlines, the documents' own, excepted).
func assertSafe(t *testing.T, format string, out []byte) {
	t.Helper()
	for i := 0; i < len(out); {
		r, n := utf8.DecodeRune(out[i:])
		if r == utf8.RuneError && n == 1 || r != '\n' && printable.Unsafe(r) {
			t.Errorf("%s output has %q at byte %d: %q", format, out[i:i+n], i, out[max(0, i-20):min(len(out), i+20)])
			return
		}
		i += n
	}
}

// render writes r and o in every format.
func render(t *testing.T, r *compliance.Report, o *compliance.OrderReport, source string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	for name, write := range map[string]func(*bytes.Buffer) error{
		"text":        func(b *bytes.Buffer) error { return report.WriteText(b, source, r) },
		"orders text": func(b *bytes.Buffer) error { return report.WriteOrdersText(b, source, o) },
		"csv":         func(b *bytes.Buffer) error { return report.WriteCSV(b, r) },
		"html":        func(b *bytes.Buffer) error { return report.WriteHTML(b, source, r) },
		"json":        func(b *bytes.Buffer) error { return report.WriteJSON(b, r) },
		"orders json": func(b *bytes.Buffer) error { return report.WriteJSON(b, o) },
	} {
		var b bytes.Buffer
		if err := write(&b); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		out[name] = b.Bytes()
	}
	return out
}

// TestHostileEveryField puts the hostile string in every string field of
// a report (the source name included): no format may pass a control
// character on, a value may not add a line to the text or a row to the
// CSV, and the JSON must decode to the very same report.
func TestHostileEveryField(t *testing.T) {
	r, o := filled(hostile)
	got := render(t, r, o, hostile)
	br, bo := filled("x")
	benign := render(t, br, bo, "x")
	for format, out := range got {
		assertSafe(t, format, out)
		if strings.Contains(format, "text") || format == "html" {
			if !bytes.Contains(out, []byte(hostileEscaped)) && !bytes.Contains(out, []byte(strings.ToUpper(hostileEscaped))) {
				t.Errorf("%s does not show the escaped value %s", format, hostileEscaped)
			}
		}
		if g, w := bytes.Count(out, []byte("\n")), bytes.Count(benign[format], []byte("\n")); g != w {
			t.Errorf("%s has %d lines with hostile values, %d with benign ones: a value started a line", format, g, w)
		}
		if bytes.Contains(out, []byte("\nline 99: ALLOW")) {
			t.Errorf("%s shows a forged line", format)
		}
	}
	rows, err := csv.NewReader(bytes.NewReader(got["csv"])).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if g, w := bytes.Count(got["csv"], []byte("\n")), len(rows); g != w {
		t.Errorf("CSV has %d lines for %d records: a cell spans lines", g, w)
	}
	if rows[1][2] != hostileEscaped {
		t.Errorf("CSV account = %q, want %q", rows[1][2], hostileEscaped)
	}
	for name, v := range map[string]any{"json": r, "orders json": o} {
		plain, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(decodeAny(t, plain), decodeAny(t, got[name])); diff != "" {
			t.Errorf("%s: WriteJSON does not decode to what encoding/json encodes (-want +got):\n%s", name, diff)
		}
	}
}

// decodeAny decodes JSON into maps, slices and strings.
func decodeAny(t *testing.T, b []byte) any {
	t.Helper()
	var v any
	if err := json.Unmarshal(b, &v); err != nil {
		t.Fatal(err)
	}
	return v
}

// TestHostileHolding screens a holding whose account is hostile, through
// the Checker, and an unresolved one with a hostile ticker.
func TestHostileHolding(t *testing.T) {
	l, err := lists.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	master, err := holdings.ReadMaster(strings.NewReader("ticker,issuer\n0020 HK,SenseTime Group Inc.\n"), "securities.csv")
	if err != nil {
		t.Fatal(err)
	}
	chk := compliance.New(lists.NewSet(l), master)
	book := &holdings.Portfolio{Holdings: []holdings.Holding{
		{Line: 2, Account: hostile, Ref: holdings.Ref{Ticker: "0020 HK"}, Quantity: decimal.NewFromInt(100), Acquired: holdings.MustDate("2022-03-01")},
		{Line: 3, Account: "B", Ref: holdings.Ref{Name: "SenseTime\u202e Group\x1b[8m"}, Quantity: decimal.NewFromInt(100), Acquired: holdings.MustDate("2022-03-01")},
	}}
	rep := chk.CheckPortfolio(book, holdings.MustDate("2022-06-30"))
	if len(rep.Violations) == 0 {
		t.Fatal("the hostile holding reached no finding")
	}
	orders := []compliance.Order{{Line: 2, Account: hostile, Ref: holdings.Ref{Name: "SenseTime\u202e Group\x1b[8m"}, Side: compliance.Buy, Quantity: decimal.NewFromInt(1), TradeDate: holdings.MustDate("2022-06-30")},
		{Line: 3, Account: hostile, Ref: holdings.Ref{Ticker: "0020 HK"}, Side: compliance.Buy, Quantity: decimal.NewFromInt(1), TradeDate: holdings.MustDate("2022-06-30")}}
	orep := chk.CheckOrders(orders, book)
	for format, out := range render(t, rep, orep, "book\x1b[31m.csv") {
		assertSafe(t, format, out)
	}
	var text bytes.Buffer
	if err := report.WriteText(&text, "book.csv", rep); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(text.String(), hostileEscaped) {
		t.Errorf("the text does not show the account escaped:\n%s", text.String())
	}
}
