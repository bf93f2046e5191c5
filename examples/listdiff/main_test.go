package main

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

const wantText = `--- old: testdata/old (sha256 5f13c6537f03, 3 entries)
+++ new: testdata/new (sha256 fba3d9f9e3d2, 3 entries)

Added (1)
  NS-CMIC 4 NEW MISSILE CO

Removed (1)
  NS-PLC 2 DOE, John

Changed (2)
  NS-CMIC 1 ACME MISSILE WORKS LIMITED
    isins:
      +US16941M1099
    aliases:
      +fka ACME ROCKETS CO
    cmic.effective: "2021-08-02" -> "2021-08-03"
    remarks: "Equity Ticker 600677  CN; alt. Equity Ticker 00883 HK; Issuer Name Acme Missile Works Co., Ltd; ISIN CNE1000002V2; alt. ISIN CNE1000002V2; Target Type Public Company; Effective Date (CMIC) 02 Aug 2021; Purchase/Sales For Divestment Date (CMIC) 03 Jun 2022; Listing Date (CMIC) 03 Jun 2021." -> "Equity Ticker 00883 HK; alt. Equity Ticker 600677  CN; Issuer Name Acme Missile Works Co., Ltd; ISIN CNE1000002V2; alt. ISIN US16941M1099; Target Type Public Company; Effective Date (CMIC) 03 Aug 2021; Purchase/Sales For Divestment Date (CMIC) 03 Jun 2022; Listing Date (CMIC) 03 Jun 2021."
  SSI 3 EMPTY REMARKS COMPANY
    name: "EMPTY REMARKS CO" -> "EMPTY REMARKS COMPANY"
`

func TestRunText(t *testing.T) {
	var out, errb bytes.Buffer
	code := run([]string{"testdata/old", "testdata/new"}, &out, &errb)
	if code != 1 {
		t.Fatalf("exit %d, want 1 (differences); stderr %s", code, errb.String())
	}
	// The reordered tickers and the repeated ISIN are no change; the
	// unchanged address is not mentioned.
	if diff := cmp.Diff(wantText, out.String()); diff != "" {
		t.Errorf("text output (-want +got):\n%s", diff)
	}
}

func TestRunTextPrimaryOnly(t *testing.T) {
	var out, errb bytes.Buffer
	// The old release is the same primary file without its siblings: the
	// alias added in the new alias file cannot be told from an alias file
	// that is absent, so it is not reported, and notes say why.
	code := run([]string{"-format=text", "testdata/old-prim", "testdata/new/cons_prim.csv"}, &out, &errb)
	if code != 1 {
		t.Fatalf("exit %d, want 1; stderr %s", code, errb.String())
	}
	s := out.String()
	for _, want := range []string{
		"Note: old release has no cons_alt.csv: aliases from the alias file are not compared\n",
		"Note: old release has no cons_add.csv: addresses are not compared\n",
		"Note: old release has no cons_comments.csv: ",
		"Added (1)\n", "Removed (1)\n", "Changed (2)\n",
		"    isins:\n      +US16941M1099\n",
	} {
		if !strings.Contains(s, want) {
			t.Errorf("output lacks %q:\n%s", want, s)
		}
	}
	if strings.Contains(s, "aliases:") || strings.Contains(s, "addresses:") {
		t.Errorf("aliases or addresses compared against a release without their files:\n%s", s)
	}
}

func TestRunNoDifferences(t *testing.T) {
	var out, errb bytes.Buffer
	code := run([]string{"testdata/new", "testdata/new/cons_prim.csv"}, &out, &errb)
	if code != 0 {
		t.Fatalf("exit %d, want 0 (no differences); stdout %s stderr %s", code, out.String(), errb.String())
	}
	if s := out.String(); !strings.Contains(s, "Changed (0)\n") || !strings.HasSuffix(s, "\nNo differences.\n") || strings.Contains(s, "Note:") {
		t.Errorf("output:\n%s", s)
	}
}

func TestRunJSON(t *testing.T) {
	var out, errb bytes.Buffer
	code := run([]string{"-format", "json", "testdata/old-prim", "testdata/new"}, &out, &errb)
	if code != 1 {
		t.Fatalf("exit %d, want 1; stderr %s", code, errb.String())
	}
	// Decoded into maps, so that a renamed or extra key fails.
	var got map[string]interface{}
	if err := json.Unmarshal(out.Bytes(), &got); err != nil {
		t.Fatalf("%v\n%s", err, out.String())
	}
	remarksOld := "Equity Ticker 600677  CN; alt. Equity Ticker 00883 HK; Issuer Name Acme Missile Works Co., Ltd; ISIN CNE1000002V2; alt. ISIN CNE1000002V2; Target Type Public Company; Effective Date (CMIC) 02 Aug 2021; Purchase/Sales For Divestment Date (CMIC) 03 Jun 2022; Listing Date (CMIC) 03 Jun 2021."
	remarksNew := "Equity Ticker 00883 HK; alt. Equity Ticker 600677  CN; Issuer Name Acme Missile Works Co., Ltd; ISIN CNE1000002V2; alt. ISIN US16941M1099; Target Type Public Company; Effective Date (CMIC) 03 Aug 2021; Purchase/Sales For Divestment Date (CMIC) 03 Jun 2022; Listing Date (CMIC) 03 Jun 2021."
	want := map[string]interface{}{
		"old": map[string]interface{}{"source": "testdata/old-prim", "sha256": got["old"].(map[string]interface{})["sha256"], "entries": 3.0},
		"new": map[string]interface{}{"source": "testdata/new", "sha256": got["new"].(map[string]interface{})["sha256"], "entries": 3.0},
		"notes": []interface{}{
			"old release has no cons_alt.csv: aliases from the alias file are not compared",
			"old release has no cons_add.csv: addresses are not compared",
			"old release has no cons_comments.csv: remarks that fill the 1000 characters of the primary file (0 entries) are compared only up to that length, with the fields they give",
		},
		"added":   []interface{}{map[string]interface{}{"list": "NS-CMIC", "id": "4", "name": "NEW MISSILE CO"}},
		"removed": []interface{}{map[string]interface{}{"list": "NS-PLC", "id": "2", "name": "DOE, John"}},
		"changed": []interface{}{
			map[string]interface{}{"list": "NS-CMIC", "id": "1", "name": "ACME MISSILE WORKS LIMITED", "fields": []interface{}{
				map[string]interface{}{"field": "isins", "added": []interface{}{"US16941M1099"}},
				map[string]interface{}{"field": "cmic.effective", "old": "2021-08-02", "new": "2021-08-03"},
				map[string]interface{}{"field": "remarks", "old": remarksOld, "new": remarksNew},
			}},
			map[string]interface{}{"list": "SSI", "id": "3", "name": "EMPTY REMARKS COMPANY", "fields": []interface{}{
				map[string]interface{}{"field": "name", "old": "EMPTY REMARKS CO", "new": "EMPTY REMARKS COMPANY"},
			}},
		},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("JSON (-want +got):\n%s", diff)
	}
	for _, side := range []string{"old", "new"} {
		if h, _ := got[side].(map[string]interface{})["sha256"].(string); len(h) != 64 {
			t.Errorf("%s sha256 = %q, want 64 hex digits", side, h)
		}
	}
}

func TestRunJSONEmptyArrays(t *testing.T) {
	var out, errb bytes.Buffer
	if code := run([]string{"-format", "json", "testdata/old", "testdata/old"}, &out, &errb); code != 0 {
		t.Fatalf("exit %d, want 0; stderr %s", code, errb.String())
	}
	for _, key := range []string{`"notes": []`, `"added": []`, `"removed": []`, `"changed": []`} {
		if !strings.Contains(out.String(), key) {
			t.Errorf("JSON lacks %s (arrays are never null):\n%s", key, out.String())
		}
	}
}

func TestRunErrors(t *testing.T) {
	tests := []struct {
		name   string
		reason string
		args   []string
		stderr string // must appear in stderr
	}{
		{name: "no arguments", reason: "OLD and NEW are required", args: nil, stderr: "usage: listdiff"},
		{name: "one argument", reason: "NEW is missing", args: []string{"testdata/old"}, stderr: "got 1 arguments"},
		{name: "three arguments", reason: "one too many", args: []string{"testdata/old", "testdata/new", "testdata/new"}, stderr: "got 3 arguments"},
		{name: "flag after paths", reason: "flags come first (Go's flag package)", args: []string{"testdata/old", "testdata/new", "-format", "json"}, stderr: "got 4 arguments"},
		{name: "bad format", reason: "only text and json", args: []string{"-format", "xml", "testdata/old", "testdata/new"}, stderr: `"xml" is not text or json`},
		{name: "unknown flag", reason: "the flag package rejects it", args: []string{"-x", "testdata/old", "testdata/new"}, stderr: "-x"},
		{name: "missing old", reason: "the message names the file", args: []string{"testdata/no-such-dir", "testdata/new"}, stderr: "testdata/no-such-dir"},
		{name: "missing new file", reason: "the message names the file", args: []string{"testdata/old", "testdata/new/sdn.csv"}, stderr: "testdata/new/sdn.csv"},
		{name: "no set in directory", reason: "a directory without a primary file", args: []string{"testdata", "testdata/new"}, stderr: "testdata"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out, errb bytes.Buffer
			if code := run(tt.args, &out, &errb); code != 2 {
				t.Errorf("exit %d, want 2 (%s); stderr %s", code, tt.reason, errb.String())
			}
			if !strings.Contains(errb.String(), tt.stderr) {
				t.Errorf("stderr %q lacks %q (%s)", errb.String(), tt.stderr, tt.reason)
			}
			if out.Len() != 0 {
				t.Errorf("stdout not empty on error: %s", out.String())
			}
		})
	}
}

func TestRunHelp(t *testing.T) {
	var out, errb bytes.Buffer
	if code := run([]string{"-h"}, &out, &errb); code != 0 {
		t.Errorf("exit %d, want 0 for -h", code)
	}
	if !strings.Contains(errb.String(), "usage: listdiff") {
		t.Errorf("-h: stderr %q lacks the usage", errb.String())
	}
}

// TestRunRealReleases diffs the two real consolidated releases the
// repository keeps (lists/testdata/real).
func TestRunRealReleases(t *testing.T) {
	const old, cur = "../../lists/testdata/real/ofac/consolidated-2025-03", "../../lists/testdata/real/ofac/consolidated-2025-12"
	var out, errb bytes.Buffer
	if code := run([]string{old, cur}, &out, &errb); code != 1 {
		t.Fatalf("exit %d, want 1; stderr %s", code, errb.String())
	}
	s := out.String()
	for _, want := range []string{
		"443 entries)\n", "442 entries)\n",
		"Added (0)\n", "Removed (1)\n  FSE 26182 KAYAKIRAN, Evren\n", "Changed (13)\n",
		"    name: \"RN-KOMSOMOLSKY REFINERY LLC\" -> \"RN KOMSOMOLSKIY REFINERY LLC\"\n",
		"Note: old release has no cons_comments.csv: remarks that fill the 1000 characters of the primary file (10 entries)",
	} {
		if !strings.Contains(s, want) {
			t.Errorf("output lacks %q", want)
		}
	}
}
