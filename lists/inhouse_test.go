package lists_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/investscreen/investscreen/holdings"
	"github.com/investscreen/investscreen/lists"
)

func TestReadInHouse(t *testing.T) {
	l, data, path := readFixture(t, lists.ReadInHouse, "testdata", "inhouse", "restricted.csv")
	wantRelease(t, l.Release, "In-house list", lists.FormatInHouse, path, data)
	d := holdings.MustDate
	id := func(k holdings.Kind, v string) holdings.ID { return holdings.ID{Kind: k, Value: v} }
	want := []*lists.Entry{
		{
			// The header is "Reason, LIST ,Name,...": any case, any
			// order, spaces trimmed. The ISIN given twice is kept once.
			List: lists.Restricted, ID: "h-dabe153f884e631b", Type: "entity", Name: "Example Defence Holdings",
			ISINs: []string{"US0378331005"}, Listed: d("2024-01-15"), Remarks: "Board decision",
		},
		{
			List: lists.Watch, ID: "h-6d861792659c28fe", Type: "entity", Name: "Example Watch Co",
			Tickers: []lists.Ticker{{Raw: "0941.HK", ID: id(holdings.Ticker, "941 HK")}, {Raw: "AAPL", ID: id(holdings.Ticker, "AAPL US")}},
			Listed:  d("2024-03-01"), Remarks: "Press reports",
		},
		{
			List: lists.Restricted, ID: "h-6b5ff7ef4d9a8f8f", Type: "entity", Name: "Removed Industries",
			Securities: []holdings.ID{id(holdings.CUSIP, "037833100"), id(holdings.FIGI, "BBG000B9XRY4")},
			IDs:        []lists.Identifier{{Type: "Legal Entity Number", Value: "HWUPKR0MPOU8FGXBT394"}},
			Listed:     d("2023-01-01"), Removed: d("2024-06-30"), Remarks: "Lifted",
		},
		{
			// Line 5 is blank; a list of the firm's own, lower-cased; no
			// name, an identifier is enough.
			List: "esg-exclusions", ID: "h-487304666a3a0dc2", Type: "entity",
			Securities: []holdings.ID{id(holdings.SEDOL, "0263494")}, Remarks: "ESG screen",
		},
	}
	if diff := cmp.Diff(want, l.Entries); diff != "" {
		t.Errorf("entries (-want +got):\n%s", diff)
	}
	s := lists.NewSet(l)
	for _, c := range []struct {
		id   holdings.ID
		want string
	}{
		{id(holdings.ISIN, "US0378331005"), "h-dabe153f884e631b"},
		{id(holdings.Ticker, "941 HK"), "h-6d861792659c28fe"},
		{id(holdings.CUSIP, "037833100"), "h-dabe153f884e631b h-6b5ff7ef4d9a8f8f"}, // the first by the CUSIP inside its ISIN
		{id(holdings.FIGI, "BBG000B9XRY4"), "h-6b5ff7ef4d9a8f8f"},
		{id(holdings.SEDOL, "0263494"), "h-487304666a3a0dc2"},
	} {
		var got []string
		for _, h := range s.ByID(c.id) {
			got = append(got, h.Entry.ID)
		}
		if strings.Join(got, " ") != c.want {
			t.Errorf("ByID(%v) = %v, want %s", c.id, got, c.want)
		}
	}
	removed := l.Entries[2]
	if !removed.InForce(d("2024-06-29")) || removed.InForce(d("2024-06-30")) || removed.InForce(d("2022-12-31")) {
		t.Errorf("removed entry in force on the wrong dates: listed %v removed %v", removed.Listed, removed.Removed)
	}
}

// TestReadInHouseExample reads a copy (testdata/inhouse/example.csv) of the sample in examples/data that the docs
// show.
func TestReadInHouseExample(t *testing.T) {
	l, _, _ := readFixture(t, lists.ReadInHouse, "testdata", "inhouse", "example.csv")
	var got []string
	asOf := holdings.MustDate("2025-01-02")
	for _, e := range l.Entries {
		got = append(got, e.ID+" "+string(e.List)+" "+e.Name+" "+map[bool]string{true: "in force", false: "not in force"}[e.InForce(asOf)])
	}
	want := []string{
		"h-aeec72c996a08312 restricted Alibaba Group Holding Limited in force",
		"h-01867fc0a384dc96 watch Xiaomi Corporation in force",
		"h-d04d6108ee86460a restricted Apple Inc. not in force", // removed 2023-12-29
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("example entries (-want +got):\n%s", diff)
	}
}

func TestReadInHouseErrors(t *testing.T) {
	const head = "list,name,isin,cusip,sedol,figi,ticker,lei,added,removed,reason\n"
	row := func(fields ...string) string {
		for len(fields) < 11 {
			fields = append(fields, "")
		}
		return strings.Join(fields, ",") + "\n"
	}
	tests := []struct {
		name      string
		reason    string
		in        string
		wantLine  int
		wantField string
		wantErr   error // another error the cause must match, if any
	}{
		{"empty file", "no header: not even an empty list", "", 0, "", lists.ErrEmpty},
		{"wrong header", "a file of another kind", "account,isin,quantity\nA,US0378331005,1\n", 1, "account", nil},
		{"missing list column", "the list is required", "name,isin\nA,US0378331005\n", 1, "list", nil},
		{"no name or identifier column", "no row could be valid", "list,reason\nrestricted,x\n", 1, "name", nil},
		{"misspelt column", "an unknown column is an error, not ignored", "list,name,isn\nrestricted,A,US0378331005\n", 1, "isn", nil},
		{"repeated column", "a column appears once", "list,name,ISIN,isin\n", 1, "isin", nil},
		{"wrong column count", "a row has the header's columns", head + "restricted,A\n", 2, "", nil},
		{"unbalanced quote", "a quote left open", head + row("restricted", `"A`), 2, "column 24", nil},
		{"bad ISIN check digit", "reference data must be right", head + row("restricted", "A", "US0378331006"), 2, "isin", holdings.ErrCheckDigit},
		{"bad second ISIN", "every value of a cell is checked", head + row("restricted", "A", "US0378331005;US0378331006"), 2, "isin", holdings.ErrCheckDigit},
		{"bad CUSIP", "check digit", head + row("restricted", "A", "", "037833101"), 2, "cusip", holdings.ErrCheckDigit},
		{"bad SEDOL", "check digit", head + row("restricted", "A", "", "", "0263495"), 2, "sedol", holdings.ErrCheckDigit},
		{"bad FIGI", "check digit", head + row("restricted", "A", "", "", "", "BBG000B9XRY5"), 2, "figi", holdings.ErrCheckDigit},
		{"bad ticker", "unknown exchange", head + row("restricted", "A", "", "", "", "", "941 ZZ"), 2, "ticker", holdings.ErrUnknownExchange},
		{"bad LEI", "check digits", head + row("restricted", "A", "", "", "", "", "", "HWUPKR0MPOU8FGXBT395"), 2, "lei", holdings.ErrCheckDigit},
		{"short LEI", "20 characters", head + row("restricted", "A", "", "", "", "", "", "HWUPKR0MPOU8FGXBT39"), 2, "lei", holdings.ErrInvalidID},
		{"bad added", "YYYY-MM-DD", head + row("restricted", "A", "", "", "", "", "", "", "15/01/2024"), 2, "added", holdings.ErrDate},
		{"bad removed", "a calendar date", head + row("restricted", "A", "", "", "", "", "", "", "2024-01-15", "2024-02-30"), 2, "removed", holdings.ErrDate},
		{"removed before added", "an entry cannot end before it starts", head + row("restricted", "A", "", "", "", "", "", "", "2024-01-15", "2024-01-14"), 2, "removed", nil},
		{"empty list", "every row names its list", head + row("", "A"), 2, "list", nil},
		{"no name or identifier", "a row must match something", head + row("restricted", "", "", "", "", "", "", "", "2024-01-15", "", "why"), 2, "", nil},
		{"field on a later line", "the line is the record's first", "reason,list,isin\n\"two\nlines\",restricted,US0378331006\n", 2, "isin", holdings.ErrCheckDigit},
		{"record over 1 MiB", "memory is bounded", head + row("restricted", strings.Repeat("A", 1<<20)), 2, "", nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := lists.ReadInHouse(strings.NewReader(tc.in), "restricted.csv")
			if err == nil {
				t.Fatalf("%s: no error", tc.reason)
			}
			wantParseError(t, err, "restricted.csv", tc.wantLine, tc.wantField)
			if tc.wantErr != nil && !errors.Is(err, tc.wantErr) {
				t.Errorf("err = %v, want it to match %v (%s)", err, tc.wantErr, tc.reason)
			}
		})
	}
}

func ExampleReadInHouse() {
	// The id column is optional: without it, ids are derived from each
	// row's list, name and identifiers (lists.ContentID).
	const file = `id,list,name,isin,ticker,added,removed,reason
R-001,restricted,Example Holdings,US0378331005,,2024-01-15,,client mandate
W-001,watch,Example Watch Co,,0941.HK,2024-03-01,,press reports
R-002,restricted,Lifted Industries,US5949181045,,2023-01-02,2023-12-29,review closed
`
	l, err := lists.ReadInHouse(strings.NewReader(file), "restricted.csv")
	if err != nil {
		fmt.Println(err)
		return
	}
	asOf := holdings.MustDate("2024-06-28")
	for _, e := range l.Entries {
		fmt.Println(e.ID, e.List, e.Name, e.ISINs, len(e.Tickers), e.InForce(asOf))
	}

	// A wrong check digit is an error at its line and column.
	_, err = lists.ReadInHouse(strings.NewReader("list,name,isin\nrestricted,Typo Ltd,US0378331006\n"), "restricted.csv")
	fmt.Println(err)
	// Output:
	// R-001 restricted Example Holdings [US0378331005] 0 true
	// W-001 watch Example Watch Co [] 1 true
	// R-002 restricted Lifted Industries [US5949181045] 0 false
	// restricted.csv:2: isin: malformed list file: invalid isin "US0378331006": check digit is 6, want 5
}
