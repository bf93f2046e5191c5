package compliance_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/investscreen/investscreen/compliance"
	"github.com/investscreen/investscreen/holdings"
	"github.com/investscreen/investscreen/lists"
)

func writeFile(t *testing.T, dir, name, body string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestConfigHistory: two dated releases of an in-house restricted list,
// the second of which drops an issuer, always become one history: a buy
// before the drop is blocked, a buy on or after it is allowed, and the
// decision cites the history, not the superseded release (issue 11).
func TestConfigHistory(t *testing.T) {
	dir := t.TempDir()
	first := writeFile(t, dir, "r1.csv", "list,name,isin\nrestricted,Alibaba Group Holding Limited,US01609W1027\nrestricted,Apple Inc.,US0378331005\n")
	second := writeFile(t, dir, "r2.csv", "list,name,isin\nrestricted,Apple Inc.,US0378331005\n")
	cfg := compliance.Config{Lists: []string{first + "@2024-01-02", second + "@2024-06-03"}}
	if _, err := cfg.Build(); !errors.Is(err, lists.ErrShrunk) {
		t.Fatalf("a release losing half the list: %v, want ErrShrunk unless accepted", err)
	}
	cfg.AcceptShrink = true
	chk, err := cfg.Build()
	if err != nil {
		t.Fatal(err)
	}
	if got := chk.Lists(); len(got) != 1 {
		t.Fatalf("Lists() = %+v, want one history", got)
	}
	tests := []struct {
		date string
		want compliance.Decision
	}{
		{"2024-01-02", compliance.Block},
		{"2024-06-02", compliance.Block},
		{"2024-06-03", compliance.Allow},
		{"2024-06-04", compliance.Allow},
	}
	for _, tc := range tests {
		o := compliance.Order{Line: 2, Ref: holdings.Ref{Name: "Alibaba Group Holding Ltd"}, Side: compliance.Buy, Quantity: dec("1"), TradeDate: holdings.MustDate(tc.date)}
		if got := chk.CheckOrder(&o, dec("0")); got.Decision != tc.want {
			t.Errorf("buy of Alibaba on %s: %s %+v, want %s", tc.date, got.Decision, got.Violations, tc.want)
		}
	}
	o := compliance.Order{Ref: holdings.Ref{ISIN: "US0378331005"}, Side: compliance.Buy, Quantity: dec("1"), TradeDate: holdings.MustDate("2024-07-01")}
	if got := chk.CheckOrder(&o, dec("0")); got.Decision != compliance.Block || got.Violations[0].Release.SHA256 != chk.Lists()[0].SHA256 {
		t.Errorf("buy of Apple: %+v, want a block citing the history %s", got, chk.Lists()[0].SHA256)
	}
}

// TestConfigErrors: no list is ErrNoLists (a checker over no lists would
// allow everything); an input given twice, or a bad file, is a
// *compliance.BuildError naming the input.
func TestConfigErrors(t *testing.T) {
	dir := t.TempDir()
	l, err := lists.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	badMaster := writeFile(t, dir, "sec.csv", "isin,issuer\nUS0378331006,Apple\n")
	m, err := holdings.NewMaster(nil)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name  string
		cfg   compliance.Config
		input string
		want  error
	}{
		{"no lists", compliance.Config{}, "", compliance.ErrNoLists},
		{"missing list file", compliance.Config{Lists: []string{filepath.Join(dir, "nope.csv")}}, "list", nil},
		{"bad master", compliance.Config{Loaded: []*lists.List{l}, SecuritiesFile: badMaster}, "securities", holdings.ErrCheckDigit},
		{"master twice", compliance.Config{Loaded: []*lists.List{l}, SecuritiesFile: badMaster, Master: m}, "securities", compliance.ErrConfig},
		{"nil list", compliance.Config{Loaded: []*lists.List{nil}}, "", compliance.ErrConfig},
		{"waiver of an unknown rule", compliance.Config{Loaded: []*lists.List{l}, Waivers: []compliance.Waiver{{Rule: "no-such-rule", Account: "A", Reason: "r", Approver: "a", Expires: holdings.MustDate("2030-01-01")}}}, "waivers", compliance.ErrWaiver},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			chk, err := tc.cfg.Build()
			if err == nil {
				t.Fatalf("Build() = %v, nil; want an error", chk)
			}
			var be *compliance.BuildError
			if tc.input != "" && (!errors.As(err, &be) || be.Input != tc.input) {
				t.Errorf("err = %v, want a BuildError for %q", err, tc.input)
			}
			if tc.want != nil && !errors.Is(err, tc.want) {
				t.Errorf("err = %v, want one matching %v", err, tc.want)
			}
		})
	}
}

// TestLiveReload: a failed reload keeps the old Checker in service;
// a good one swaps the new lists in.
func TestLiveReload(t *testing.T) {
	dir := t.TempDir()
	path := writeFile(t, dir, "r.csv", "list,name,isin\nrestricted,Alibaba Group Holding Limited,US01609W1027\n")
	live, err := compliance.Config{Lists: []string{path}}.Live()
	if err != nil {
		t.Fatal(err)
	}
	old := live.Checker()
	writeFile(t, dir, "r.csv", "list,name,isin\nrestricted,Alibaba,US01609W1028\n") // bad check digit
	chk, err := live.Reload()
	if err == nil || chk != old || live.Checker() != old {
		t.Fatalf("failed reload: %v; checker swapped %v", err, live.Checker() != old)
	}
	o := compliance.Order{Ref: holdings.Ref{ISIN: "US01609W1027"}, Side: compliance.Buy, Quantity: dec("1"), TradeDate: holdings.MustDate("2024-07-01")}
	if got := live.Checker().CheckOrder(&o, dec("0")); got.Decision != compliance.Block {
		t.Errorf("after a failed reload the old list must still block: %s", got.Decision)
	}
	// A release that loses the list's entries is refused: old lists stay.
	writeFile(t, dir, "r.csv", "list,name,isin\nrestricted,Apple Inc.,US0378331005\n")
	if _, err := live.Reload(); !errors.Is(err, lists.ErrShrunk) || live.Checker() != old {
		t.Fatalf("reload losing every entry: %v; swapped %v", err, live.Checker() != old)
	}
	writeFile(t, dir, "r.csv", "list,name,isin\nrestricted,Alibaba Group Holding Limited,US01609W1027\nrestricted,Apple Inc.,US0378331005\n")
	if _, err := live.Reload(); err != nil || live.Checker() == old {
		t.Fatalf("reload: %v; swapped %v", err, live.Checker() != old)
	}
	if _, err := compliance.NewLive(old).Reload(); !errors.Is(err, compliance.ErrNoChecker) {
		t.Errorf("Reload of a Live without a Config: %v, want ErrNoChecker", err)
	}
}

// TestUnreadListCode: an in-house row whose list code no rule reads (a
// typo, a byte order mark) is refused when the Checker is built, naming
// the code; with Policy.AllowUnreadLists it is a warning in every report.
// A rule of the user's own that declares the code reads it.
func TestUnreadListCode(t *testing.T) {
	dir := t.TempDir()
	path := writeFile(t, dir, "r.csv", "list,name,isin\nrestrictd,Alibaba Group Holding Limited,US01609W1027\nrestricted,Apple Inc.,US0378331005\n")
	_, err := compliance.Config{Lists: []string{path}}.Build()
	if !errors.Is(err, compliance.ErrUnreadList) || !strings.Contains(err.Error(), `"restrictd"`) {
		t.Fatalf("Build = %v, want ErrUnreadList naming the code", err)
	}
	chk, err := compliance.Config{Lists: []string{path}, Policy: compliance.Policy{AllowUnreadLists: true}}.Build()
	if err != nil {
		t.Fatal(err)
	}
	rep := chk.CheckPortfolio(&holdings.Portfolio{}, holdings.MustDate("2024-01-02"))
	found := false
	for _, w := range rep.Warnings {
		found = found || strings.Contains(w, `1 rows of list code "restrictd"`)
	}
	if !found {
		t.Errorf("warnings %q lack the unread code", rep.Warnings)
	}
	mine := compliance.NewRule(compliance.RuleInfo{ID: "house/restrictd", Version: "1", Description: "reads the restrictd list", Source: "test", Lists: []lists.Code{"restrictd"}},
		func(m *compliance.Match) (compliance.Outcome, bool) {
			return compliance.Outcome{Severity: compliance.Violation, Message: "restrictd"}, string(m.Entry.List) == "restrictd"
		})
	if _, err := (compliance.Config{Lists: []string{path}, Rules: []compliance.Rule{mine}}).Build(); err != nil {
		t.Errorf("with a rule that reads the code: %v", err)
	}
	empty := writeFile(t, dir, "empty.csv", "list,name,isin\n")
	chk, err = compliance.Config{Lists: []string{empty}}.Build()
	if err != nil {
		t.Fatal(err)
	}
	if w := chk.CheckPortfolio(&holdings.Portfolio{}, holdings.MustDate("2024-01-02")).Warnings; len(w) == 0 || !strings.Contains(w[0], "has no entries") {
		t.Errorf("an empty in-house list must say so in the warnings: %q", w)
	}
}
