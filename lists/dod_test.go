package lists_test

import (
	"bytes"
	"encoding/csv"
	"os"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/investscreen/investscreen/holdings"
	"github.com/investscreen/investscreen/lists"
)

func TestReadDoD1260H(t *testing.T) {
	l, data, path := readFixture(t, lists.ReadDoD1260H, "testdata", "dod", "dod_1260h.csv")
	wantRelease(t, l.Release, "DoD Section 1260H List (OpenSanctions transcription)", lists.FormatDoD1260H, path, data)
	if got, want := l.Release.Date, holdings.MustDate("2026-06-08"); got != want {
		t.Errorf("release date = %v, want %v (the newest edition)", got, want)
	}
	d := holdings.MustDate
	entity := func(id, name string, listed, removed string, aliases ...lists.Alias) *lists.Entry {
		e := &lists.Entry{List: lists.DoD1260H, ID: id, Type: "entity", Name: name, Aliases: aliases, Listed: d(listed)}
		if removed != "" {
			e.Removed = d(removed)
		}
		return e
	}
	aka := func(n string) lists.Alias { return lists.Alias{Type: "aka", Name: n} }
	fka := func(n string) lists.Alias { return lists.Alias{Type: "fka", Name: n} }
	acme := entity("acme-aviation", "Acme Aviation Corporation", "2021-06-03", "", aka("AAC"))
	acme.Remarks = "Still listed." // the same note in two editions, kept once
	delta := entity("delta-optics", "Delta Optics Co. Ltd.", "2025-01-07", "",
		aka("Delta Optics Co., Ltd."), aka("Delta"), fka("Old Delta Optics"), fka("ODO"))
	delta.LinkedTo = []string{"Acme Aviation Corporation", "Acme Aviation Corp."}
	delta.Remarks = "Owned by Acme."
	want := []*lists.Entry{
		// Three editions, no end: one period from the first.
		acme,
		// Removed in the 2024 edition.
		entity("beta-telecom", "Beta Telecom Limited", "2021-06-03", "2024-01-31"),
		// Listed 2024, removed 2026-02-17 by the 2025 row (the later
		// edition has the last word), listed again 2026-06-08: two
		// periods, two entries, the ID suffixed with each start.
		entity("gamma-memory@2024-01-31", "Gamma Memory Co., Ltd.", "2024-01-31", "2026-02-17", aka("GMC")),
		entity("gamma-memory@2026-06-08", "Gamma Memory Co., Ltd.", "2026-06-08", "", aka("GMC")),
		// "Co., Ltd. (Delta)" and "Co. Ltd." are one company: the
		// parenthesised short name is an alias; the name is the newest.
		delta,
		// Only the Name column: its "*" dropped, "(EPS)" an alias.
		entity("epsilon-systems", "Epsilon Systems", "2022-10-05", "", aka("EPS")),
	}
	if diff := cmp.Diff(want, l.Entries); diff != "" {
		t.Errorf("entries (-want +got):\n%s", diff)
	}
	// In force on each edition that names it, not in the gap.
	gamma := lists.NewSet(l)
	for _, c := range []struct {
		date string
		want int
	}{{"2024-01-30", 0}, {"2024-01-31", 1}, {"2025-01-07", 1}, {"2026-02-16", 1}, {"2026-02-17", 0}, {"2026-06-07", 0}, {"2026-06-08", 1}, {"2030-01-01", 1}} {
		_, hits := gamma.ByName("GAMMA MEMORY CO LTD")
		n := 0
		for _, h := range hits {
			if h.Entry.InForce(d(c.date)) {
				n++
			}
		}
		if n != c.want {
			t.Errorf("Gamma Memory entries in force on %s = %d, want %d", c.date, n, c.want)
		}
	}
}

func TestReadDoD1260HErrors(t *testing.T) {
	const head = "Name,Clean Name,Alias,Start date,End date\n"
	tests := []struct {
		name      string
		reason    string
		in        string
		wantLine  int
		wantField string
	}{
		{"empty file", "no header: ErrEmpty for the whole file", "", 0, ""},
		{"header only", "a release with no entries is refused (ErrEmpty)", head, 0, ""},
		{"wrong header", "not the DoD CSV", "a,b\n1,2\n", 1, "start date"},
		{"no name column", "a company has a name", "Alias,Start date\nA,2021-06-03\n", 1, "clean name"},
		{"repeated column", "a column appears once", "Name,Start date,name\n", 1, "name"},
		{"wrong column count", "a row has the header's columns", head + "A,A,,2021-06-03\n", 2, ""},
		{"unbalanced quote", "a quote left open", head + `"A,A,,2021-06-03,` + "\n", 2, "column 19"},
		{"empty name", "a company has a name", head + ",,,2021-06-03,\n", 2, "name"},
		{"no letters", "a name that normalises to nothing", head + "***,...,,2021-06-03,\n", 2, "clean name"},
		{"empty start", "each row is an edition", head + "A,A,,,\n", 2, "start date"},
		{"bad start", "not a date", head + "A,A,,03/06/2021,\n", 2, "start date"},
		{"bad end", "not a date", head + "A,A,,2021-06-03,2021-06-31\n", 2, "end date"},
		{"end before start", "removed before listed", head + "A,A,,2021-06-03,2021-06-02\n", 2, "end date"},
		{"field on a later line", "the line is the record's first", head + "\"A\nB\",A,,2021-13-03,\n", 2, "start date"},
		{"record over 1 MiB", "memory is bounded", head + "A," + strings.Repeat("B", 1<<20) + ",,2021-06-03,\n", 2, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := lists.ReadDoD1260H(strings.NewReader(tc.in), "dod.csv")
			if err == nil {
				t.Fatalf("%s: no error", tc.reason)
			}
			wantParseError(t, err, "dod.csv", tc.wantLine, tc.wantField)
		})
	}
}

func TestReadDoD1260HSharedData(t *testing.T) {
	path := realFile(t, "other", "dod_1260h_opensanctions.csv")
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	l, err := lists.ReadDoD1260H(bytes.NewReader(data), path)
	if err != nil {
		t.Fatal(err)
	}
	wantRelease(t, l.Release, "DoD Section 1260H List (OpenSanctions transcription)", lists.FormatDoD1260H, path, data)
	if got, want := l.Release.Date, holdings.MustDate("2026-06-08"); got != want {
		t.Errorf("release date = %v, want %v", got, want)
	}
	// 397 rows (editions 2021-06-03 .. 2026-06-08) are 222 companies;
	// two of them (YMTC and CXMT) have two periods, so 224 entries.
	// Counted independently with python3 while developing.
	rows, err := csv.NewReader(bytes.NewReader(data)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if got := len(rows) - 1; got != 397 {
		t.Errorf("rows = %d, want 397", got)
	}
	if got := len(l.Entries); got != 224 {
		t.Errorf("entries = %d, want 224", got)
	}
	var multi []string
	for _, e := range l.Entries {
		if e.List != lists.DoD1260H || e.Type != "entity" || e.Listed.IsZero() {
			t.Errorf("entry %s: %+v", e.ID, e)
		}
		if strings.Contains(e.ID, "@") {
			multi = append(multi, e.ID+" "+e.Listed.String()+".."+e.Removed.String())
		}
	}
	wantMulti := []string{
		"yangtze-memory-technologies@2024-01-31 2024-01-31..2026-02-17",
		"yangtze-memory-technologies@2026-06-08 2026-06-08..",
		"changxin-memory-technologies@2025-01-07 2025-01-07..2026-02-17",
		"changxin-memory-technologies@2026-06-08 2026-06-08..",
	}
	if diff := cmp.Diff(wantMulti, multi); diff != "" {
		t.Errorf("companies with several periods (-want +got):\n%s", diff)
	}

	// Every row's company is in force on the row's edition date, and,
	// for a row with an End date, on the day before it.
	set := lists.NewSet(l)
	col := map[string]int{}
	for i, c := range rows[0] {
		col[c] = i
	}
	for i, r := range rows[1:] {
		name := r[col["Clean Name"]]
		_, hits := set.ByName(name)
		if j := strings.LastIndex(name, " ("); len(hits) == 0 && j > 0 {
			_, hits = set.ByName(name[:j])
		}
		inForce := func(day holdings.Date) bool {
			for _, h := range hits {
				if h.Entry.InForce(day) {
					return true
				}
			}
			return false
		}
		start := holdings.MustDate(r[col["Start date"]])
		if !inForce(start) {
			t.Errorf("line %d: %q not in force on its edition's date %v", i+2, name, start)
		}
		if end := r[col["End date"]]; end != "" && !inForce(holdings.MustDate(end).AddDays(-1)) {
			t.Errorf("line %d: %q not in force the day before its end %s", i+2, name, end)
		}
	}

	// A few known companies.
	for _, c := range []struct {
		name, listed string
	}{
		{"Huawei Technologies Co., Ltd.", "2021-06-03"},
		{"China Mobile Limited", "2021-06-03"},
		{"Hangzhou Hikvision Digital Technology Co., Ltd.", "2021-06-03"},
		{"Shenzhen DJI Innovation Technology Co., Ltd.", "2022-10-05"},
		{"SenseTime Group, Inc.", "2025-01-07"},
		{"Tencent Holdings Limited", "2025-01-07"},
		{"Contemporary Amperex Technology Co., Ltd.", "2025-01-07"},
	} {
		_, hits := set.ByName(c.name)
		if len(hits) != 1 || hits[0].Entry.Listed != holdings.MustDate(c.listed) || !hits[0].Entry.Removed.IsZero() {
			t.Errorf("%s: hits %v, want one entry listed %s and not removed", c.name, hits, c.listed)
		}
	}
	// Removed in the 2025 edition.
	if _, hits := set.ByName("China Telecommunications Corporation"); len(hits) != 1 || hits[0].Entry.Removed != holdings.MustDate("2025-01-07") {
		t.Errorf("China Telecommunications Corporation: %v, want removed 2025-01-07", hits)
	}
}
