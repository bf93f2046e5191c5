package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestRunJSON(t *testing.T) {
	var out, errb bytes.Buffer
	code := run([]string{"-portfolio", "../data/portfolio.csv", "-securities", "../data/securities.csv", "-as-of", "2026-11-24", "-format", "json"}, &out, &errb)
	if code != 1 {
		t.Fatalf("exit %d, want 1 (stderr %s)", code, errb.String())
	}
	// The contract's keys, decoded loosely so that a renamed key fails.
	var rep struct {
		AsOf  string `json:"as_of"`
		Lists []struct {
			Name    string `json:"name"`
			Source  string `json:"source"`
			Entries int    `json:"entries"`
		} `json:"lists"`
		Holdings   int `json:"holdings"`
		Violations []struct {
			Rule      string                          `json:"rule"`
			Severity  string                          `json:"severity"`
			Line      int                             `json:"line"`
			Account   string                          `json:"account"`
			Entity    struct{ List, ID, Name string } `json:"entity"`
			MatchedBy string                          `json:"matched_by"`
			Path      []string                        `json:"path"`
			Message   string                          `json:"message"`
		} `json:"violations"`
		Unresolved []struct {
			Line   int    `json:"line"`
			Reason string `json:"reason"`
		} `json:"unresolved"`
	}
	dec := json.NewDecoder(bytes.NewReader(out.Bytes()))
	if err := dec.Decode(&rep); err != nil {
		t.Fatal(err)
	}
	if rep.AsOf != "2026-11-24" || rep.Holdings != 16 || len(rep.Lists) != 1 || rep.Lists[0].Entries != 442 || rep.Lists[0].Source != "embedded:ofac-consolidated-2025-12" {
		t.Errorf("header = %s %d %+v", rep.AsOf, rep.Holdings, rep.Lists)
	}
	found := false
	for _, v := range rep.Violations {
		if v.Entity.ID == "33114" {
			found = true
			want := `ticker 0020 HK -> security master (line 2, equity) -> issuer "SenseTime Group Inc." -> name "sensetime group" -> name "SENSETIME GROUP LIMITED" -> NS-CMIC 33114 SENSETIME GROUP LIMITED`
			if got := strings.Join(v.Path, " -> "); got != want || v.Rule != "ns-cmic/locked" || v.Line != 2 || v.Account != "FUND-A" || v.Entity.List != "NS-CMIC" || v.MatchedBy != "name" {
				t.Errorf("SenseTime finding = %+v\npath %s", v, got)
			}
		}
		if v.Line >= 9 && v.Line <= 15 {
			t.Errorf("finding on an unlisted company (line %d): %+v", v.Line, v)
		}
	}
	if !found {
		t.Error("SenseTime not flagged")
	}
	if len(rep.Unresolved) != 1 || rep.Unresolved[0].Line != 16 {
		t.Errorf("unresolved = %+v", rep.Unresolved)
	}
}

func TestRunText(t *testing.T) {
	// The example book as it stood on 2022-01-10: the lots acquired by then.
	data, err := os.ReadFile("../data/portfolio.csv")
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimRight(string(data), "\n"), "\n")
	kept := []string{lines[0]}
	for _, l := range lines[1:] {
		if acquired := l[strings.LastIndex(l, ",")+1:]; acquired <= "2022-01-10" {
			kept = append(kept, l)
		}
	}
	if len(kept) < 8 || len(kept) == len(lines) {
		t.Fatalf("kept %d of %d rows: the example book changed", len(kept), len(lines))
	}
	early := filepath.Join(t.TempDir(), "early.csv")
	if err := os.WriteFile(early, []byte(strings.Join(kept, "\n")+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	var out, errb bytes.Buffer
	code := run([]string{"-portfolio", early, "-securities", "../data/securities.csv", "-as-of", "2022-01-10"}, &out, &errb)
	if code != 1 {
		t.Fatalf("exit %d, want 1 (stderr %s)", code, errb.String())
	}
	s := out.String()
	for _, want := range []string{"ns-cmic/pending", "SENSETIME GROUP LIMITED", "ns-cmic/purchase", "path: ticker 0020 HK -> security master"} {
		if !strings.Contains(s, want) {
			t.Errorf("text output lacks %q:\n%s", want, s)
		}
	}
}

func TestRunExitCodes(t *testing.T) {
	dir := t.TempDir()
	write := func(name, body string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	clean := write("clean.csv", "ticker,quantity\n0700 HK,10\n")
	bad := write("bad.csv", "ticker,quantity\n0700 HK,ten\n")
	tests := []struct {
		name      string
		args      []string
		want      int
		wantInErr string
	}{
		{"no violation", []string{"-portfolio", clean, "-securities", "../data/securities.csv", "-as-of", "2026-11-24"}, 0, ""},
		{"warnings only", []string{"-portfolio", write("warn.csv", "ticker,quantity\n0020 HK,10\n"), "-securities", "../data/securities.csv", "-as-of", "2026-11-24"}, 0, ""},
		{"bad quantity", []string{"-portfolio", bad, "-securities", ""}, 2, bad + ":2: quantity"},
		{"missing file", []string{"-portfolio", filepath.Join(dir, "nope.csv"), "-securities", ""}, 2, "nope.csv"},
		{"bad date", []string{"-portfolio", clean, "-as-of", "24/11/2026"}, 2, "-as-of"},
		{"as-of before the plausible window", []string{"-portfolio", clean, "-as-of", "0000-01-01"}, 2, "-as-of"},
		{"as-of beyond the horizon", []string{"-portfolio", clean, "-as-of", "9999-12-31"}, 2, "-as-of"},
		{"lots acquired after the as-of date", []string{"-portfolio", "../data/portfolio.csv", "-securities", "../data/securities.csv", "-as-of", "2022-01-10"}, 2, "portfolio.csv:4: acquired"},
		{"bad format", []string{"-portfolio", clean, "-format", "xml"}, 2, "-format"},
		{"unknown flag", []string{"-nope"}, 2, "nope"},
		{"list directory", []string{"-portfolio", clean, "-securities", "../data/securities.csv", "-list", "../../lists/testdata/quirks", "-as-of", "2026-11-24"}, 0, ""},
		{"bad list", []string{"-portfolio", clean, "-list", dir}, 2, "-list"},
		{"bad orders file", []string{"-securities", "../data/securities.csv", "-orders", write("orders.csv", "ticker,side,quantity,trade_date\n0020 HK,purchase,1,2022-03-01\n")}, 2, "orders.csv:2: side"},
		{"bad waivers file", []string{"-securities", "../data/securities.csv", "-portfolio", clean, "-waivers", write("waivers.csv", "rule,account,security,reason,approver,expires\nns-cmic/purchase,A,,r,a,31/12/2026\n")}, 2, "waivers.csv:2: expires"},
		{"waiver of an unknown rule", []string{"-securities", "../data/securities.csv", "-portfolio", clean, "-waivers", write("waivers2.csv", "rule,account,security,reason,approver,expires\nno-such-rule,A,,r,a,2026-12-31\n")}, 2, "-waivers"},
		{"bad securities file", []string{"-portfolio", clean, "-securities", write("sec.csv", "isin,issuer\nUS0378331006,Apple\n")}, 2, "sec.csv:2: isin"},
		{"bad funds file", []string{"-securities", "../data/securities.csv", "-portfolio", clean, "-funds", write("funds.csv", "fund,constituent,weight\nFOF US,0700 HK,ten\n")}, 2, "funds.csv:2: weight"},
		{"bad ownership file", []string{"-securities", "../data/securities.csv", "-portfolio", clean, "-ownership", write("own.csv", "owner,owned,percent\nA,B,150\n")}, 2, "own.csv:2"},
		{"orders allowed, text", []string{"-orders", write("ok.csv", "ticker,side,quantity,trade_date\n0700 HK,buy,1,2022-03-01\n"), "-securities", "../data/securities.csv"}, 0, ""},
		{"orders with funds and ownership", []string{"-orders", "../data/orders.csv", "-portfolio", "../data/portfolio.csv", "-securities", "../data/securities.csv", "-funds", "../data/funds.csv", "-ownership", "../data/ownership.csv"}, 1, ""},
		{"portfolio with funds and ownership", []string{"-portfolio", "../data/portfolio.csv", "-securities", "../data/securities.csv", "-funds", "../data/funds.csv", "-ownership", "../data/ownership.csv", "-as-of", "2026-11-24"}, 1, ""},
		{"a release that lost a third of the list", []string{"-portfolio", clean, "-list", "../listdiff/testdata/old@2024-01-02", "-list", "../listdiff/testdata/new@2025-01-02"}, 2, "lost too many entries"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var out, errb bytes.Buffer
			if got := run(tc.args, &out, &errb); got != tc.want {
				t.Fatalf("exit %d, want %d; stderr %s", got, tc.want, errb.String())
			}
			if !strings.Contains(errb.String(), tc.wantInErr) {
				t.Errorf("stderr %q lacks %q", errb.String(), tc.wantInErr)
			}
		})
	}
}

func TestRunOrders(t *testing.T) {
	var out, errb bytes.Buffer
	code := run([]string{"-orders", "../data/orders.csv", "-portfolio", "../data/portfolio.csv", "-securities", "../data/securities.csv", "-format", "json"}, &out, &errb)
	if code != 1 {
		t.Fatalf("exit %d, want 1 (an order is blocked); stderr %s", code, errb.String())
	}
	var rep struct {
		Decision string `json:"decision"`
		Orders   []struct {
			Line       int    `json:"line"`
			Decision   string `json:"decision"`
			Violations []struct {
				Rule string `json:"rule"`
			} `json:"violations"`
		} `json:"orders"`
	}
	if err := json.Unmarshal(out.Bytes(), &rep); err != nil {
		t.Fatal(err)
	}
	got := map[int]string{}
	for _, o := range rep.Orders {
		rules := []string{}
		for _, v := range o.Violations {
			rules = append(rules, v.Rule)
		}
		got[o.Line] = o.Decision + " " + strings.Join(rules, ",")
	}
	want := map[int]string{
		2: "warn ns-cmic/pending",
		3: "block ns-cmic/purchase",
		4: "warn ns-cmic/divestment",
		5: "block ns-cmic/purchase",            // 150000 held, 50000 sold by line 4: partly a short sale
		6: "block ns-cmic/sale-after-deadline", // the blocked line 5 did not use up the position
		7: "block ns-cmic/purchase",            // short sale
		8: "allow ",                            // non-US person
		9: "allow ",                            // Tencent
	}
	for line, w := range want {
		if got[line] != w {
			t.Errorf("line %d: %q, want %q", line, got[line], w)
		}
	}
	if rep.Decision != "block" {
		t.Errorf("basket decision %q", rep.Decision)
	}
}

func TestRunWaivers(t *testing.T) {
	var out, errb bytes.Buffer
	code := run([]string{"-portfolio", "../data/portfolio.csv", "-securities", "../data/securities.csv", "-waivers", "../data/waivers.csv", "-as-of", "2026-11-24", "-format", "json"}, &out, &errb)
	if code != 1 {
		t.Fatalf("exit %d; stderr %s", code, errb.String())
	}
	var rep struct {
		Violations []struct {
			Line   int  `json:"line"`
			Waived bool `json:"waived"`
			Waiver *struct {
				Approver string `json:"approver"`
				Expires  string `json:"expires"`
			} `json:"waiver"`
		} `json:"violations"`
	}
	if err := json.Unmarshal(out.Bytes(), &rep); err != nil {
		t.Fatal(err)
	}
	waived := 0
	for _, v := range rep.Violations {
		if v.Waived {
			waived++
			if v.Line != 4 || v.Waiver == nil || v.Waiver.Expires != "2026-12-31" {
				t.Errorf("waived finding %+v", v)
			}
		}
	}
	if waived == 0 {
		t.Error("no finding waived")
	}
	// After the expiry the waiver does nothing.
	out.Reset()
	code = run([]string{"-portfolio", "../data/portfolio.csv", "-securities", "../data/securities.csv", "-waivers", "../data/waivers.csv", "-as-of", "2027-01-01", "-format", "json"}, &out, &errb)
	if code != 1 || !strings.Contains(out.String(), `"rule": "ns-cmic/purchase"`) {
		t.Fatalf("after the expiry: exit %d (want 1), stderr %s", code, errb.String())
	}
	if strings.Contains(out.String(), `"waived": true`) {
		t.Error("an expired waiver still applies")
	}
}

func TestRunReportFormats(t *testing.T) {
	for _, f := range []string{"csv", "html"} {
		var out, errb bytes.Buffer
		code := run([]string{"-portfolio", "../data/portfolio.csv", "-securities", "../data/securities.csv", "-as-of", "2026-11-24", "-format", f}, &out, &errb)
		if code != 1 || !strings.Contains(out.String(), "SENSETIME GROUP LIMITED") {
			t.Errorf("-format %s: exit %d, stderr %s", f, code, errb.String())
		}
	}
	var out, errb bytes.Buffer
	if code := run([]string{"-orders", "../data/orders.csv", "-format", "html"}, &out, &errb); code != 2 {
		t.Errorf("-orders with -format html: exit %d, want 2", code)
	}
}

func TestRunListHistory(t *testing.T) {
	var out, errb bytes.Buffer
	code := run([]string{"-portfolio", "../data/portfolio.csv", "-securities", "../data/securities.csv", "-as-of", "2024-06-03", "-format", "json",
		"-list", "../listdiff/testdata/old@2024-01-02", "-list", "../listdiff/testdata/new@2025-01-02", "-accept-shrink"}, &out, &errb)
	if code == 2 {
		t.Fatalf("exit 2: %s", errb.String())
	}
	var rep struct {
		Lists []struct {
			Source string `json:"source"`
			Date   string `json:"date"`
		} `json:"lists"`
	}
	if err := json.Unmarshal(out.Bytes(), &rep); err != nil {
		t.Fatal(err)
	}
	if len(rep.Lists) != 1 || !strings.HasPrefix(rep.Lists[0].Source, "history:") || rep.Lists[0].Date != "2025-01-02" {
		t.Errorf("lists %+v, want one history", rep.Lists)
	}
}

// TestRunHostileInput screens a book whose account names carry terminal
// control sequences, a right-to-left override and a line break: in no
// format may they reach stdout as they are.
func TestRunHostileInput(t *testing.T) {
	dir := t.TempDir()
	// Control characters and a right-to-left override are refused as
	// input, naming line and column; the message carries none of them.
	refused := filepath.Join(dir, "refused.csv")
	if err := os.WriteFile(refused, []byte("account,ticker,quantity,acquired\n\"FUND\x1b[2J\x1b[31m\u202eA\",0020 HK,100,2022-03-01\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	var out, errb bytes.Buffer
	if code := run([]string{"-portfolio", refused, "-securities", "../data/securities.csv", "-as-of", "2022-06-30"}, &out, &errb); code != 2 ||
		!strings.Contains(errb.String(), "refused.csv:2") || !strings.Contains(errb.String(), "account") || strings.ContainsAny(errb.String(), "\x1b\u202e") {
		t.Errorf("exit %d, stderr %q: want 2 naming line 2 and the account column, without the raw characters", code, errb.String())
	}
	// A file name with control characters is quoted escaped on stderr.
	evil := filepath.Join(dir, "evil\x1b[31m.csv")
	errb.Reset()
	if code := run([]string{"-portfolio", evil, "-securities", ""}, &out, &errb); code != 2 || strings.ContainsRune(errb.String(), 0x1b) || !strings.Contains(errb.String(), `\x1b[31m`) {
		t.Errorf("exit %d, stderr %q: want 2 with the escape shown, not sent", code, errb.String())
	}
	// A line break inside a quoted field is valid CSV: it is screened, and
	// in no format may it start a line of the output.
	book := filepath.Join(dir, "book.csv")
	hostile := "\"FUND A\nline 9: ALLOW\""
	if err := os.WriteFile(book, []byte("account,ticker,quantity,acquired\n"+hostile+",0020 HK,100,2022-03-01\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ format, marker string }{
		{"text", "Screened " + book}, {"json", `"rules": [`}, {"csv", "kind,line,account,"}, {"html", "<!DOCTYPE html>"},
	} {
		t.Run(tc.format, func(t *testing.T) {
			var out, errb bytes.Buffer
			code := run([]string{"-portfolio", book, "-securities", "../data/securities.csv", "-as-of", "2022-06-30", "-format", tc.format}, &out, &errb)
			if code != 1 {
				t.Fatalf("exit %d, want 1 (a violation); stderr %s", code, errb.String())
			}
			s := out.String()
			if !strings.Contains(s, tc.marker) {
				t.Errorf("-format %s output lacks %q", tc.format, tc.marker)
			}
			if strings.ContainsAny(s, "\x1b\u202e") || strings.Contains(s, "\nline 9: ALLOW") {
				t.Errorf("-format %s passes control characters from the input on: %q", tc.format, s)
			}
		})
	}
}

// failingWriter takes n bytes, then fails every write.
type failingWriter struct{ n int }

func (w *failingWriter) Write(p []byte) (int, error) {
	if len(p) <= w.n {
		w.n -= len(p)
		return len(p), nil
	}
	k := w.n
	w.n = 0
	return k, errors.New("disk full")
}

// TestRunReportNotWritten: a report that cannot be written in full (a
// full disk, a closed pipe) exits 2, whatever it held: a cut report must
// not pass for one with no violation, or for the one that was recorded.
func TestRunReportNotWritten(t *testing.T) {
	for _, format := range []string{"text", "json", "csv", "html"} {
		for _, take := range []int{0, 100} {
			t.Run(fmt.Sprintf("%s/%d bytes", format, take), func(t *testing.T) {
				var errb bytes.Buffer
				code := run([]string{"-portfolio", "../data/portfolio.csv", "-securities", "../data/securities.csv", "-as-of", "2026-11-24", "-format", format}, &failingWriter{n: take}, &errb)
				if code != 2 {
					t.Fatalf("exit %d, want 2; stderr: %s", code, errb.String())
				}
				if !strings.Contains(errb.String(), "disk full") {
					t.Errorf("stderr does not say why: %s", errb.String())
				}
			})
		}
	}
}
