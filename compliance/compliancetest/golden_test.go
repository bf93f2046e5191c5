package compliancetest_test

import (
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/investscreen/investscreen/compliance"
	"github.com/investscreen/investscreen/compliance/compliancetest"
)

// TestGolden: the report of the fund-admin book matches
// testdata/sensetime-report.json (written with -update, read back here).
func TestGolden(t *testing.T) {
	_, _, rep := screened(t)
	compliancetest.Golden(t, "sensetime-report.json", rep)
}

// TestGoldenMismatch: a golden file holding the same report with one
// rule id and one path step changed by hand; Golden reports each key
// that differs, then go-cmp's diff, and hints at -update. The files are
// made here, from the report as it is, so that they stay right when the
// report gains keys.
func TestGoldenMismatch(t *testing.T) {
	_, _, rep := screened(t)
	b, err := json.Marshal(rep)
	require.NoError(t, err)
	var doc map[string]any
	require.NoError(t, json.Unmarshal(b, &doc))
	fs := doc["violations"].([]any)
	fs[1].(map[string]any)["rule"] = compliance.RuleCMICLocked
	fs[0].(map[string]any)["path"].([]any)[1] = "security master (line 2, equity)"
	stale, err := json.MarshalIndent(doc, "", "  ")
	require.NoError(t, err)
	inTempDir(t)
	require.NoError(t, os.Mkdir("testdata", 0o755))
	require.NoError(t, os.WriteFile(filepath.Join("testdata", "stale-report.json"), stale, 0o644))
	require.NoError(t, os.WriteFile(filepath.Join("testdata", "not-json.json"), []byte(`{"as_of": `), 0o644))

	rec := &recorder{}
	require.False(t, compliancetest.Golden(rec, "stale-report.json", rep))
	require.False(t, rec.stopped, "a mismatch lets the test go on")
	rec.failed(t, "testdata/stale-report.json differs (-want +got)", "run the test with -update",
		`  violations[0].path[1]: - "security master (line 2, equity)" + "security master (line 0, equity)"`,
		`  violations[1].rule: - "ns-cmic/locked" + "ns-cmic/purchase"`, "whole document:")
	require.Equal(t, 2, strings.Count(rec.text(), "violations["), "one line per differing key, and no other:\n%s", rec.text())

	rec = &recorder{}
	require.False(t, compliancetest.Golden(rec, "no-such-report.json", rep))
	rec.failed(t, "testdata/no-such-report.json", "run the test with -update to write it")

	rec = &recorder{}
	require.False(t, compliancetest.Golden(rec, "not-json.json", rep))
	rec.failed(t, "testdata/not-json.json is not JSON")
}

// inTempDir makes the test run in a directory of its own until it ends.
func inTempDir(t *testing.T) {
	wd, err := os.Getwd()
	require.NoError(t, err)
	require.NoError(t, os.Chdir(t.TempDir()))
	t.Cleanup(func() { require.NoError(t, os.Chdir(wd)) })
}

// TestGoldenUpdate: with -update, Golden writes the file (making
// testdata), and a later run without it passes on what was written.
func TestGoldenUpdate(t *testing.T) {
	_, _, rep := screened(t)
	inTempDir(t)
	require.False(t, compliancetest.Updating())
	require.NoError(t, flag.Set(compliancetest.UpdateFlag, "true"))
	require.True(t, compliancetest.Updating())
	ok := compliancetest.Golden(t, "sub/report.json", rep)
	require.NoError(t, flag.Set(compliancetest.UpdateFlag, "false"))
	require.True(t, ok)

	b, err := os.ReadFile(filepath.Join("testdata", "sub", "report.json"))
	require.NoError(t, err)
	require.True(t, strings.HasSuffix(string(b), "}\n"))
	var back compliance.Report
	require.NoError(t, json.Unmarshal(b, &back))
	require.Equal(t, rep.Counts, back.Counts)
	compliancetest.Golden(t, "sub/report.json", rep)
}
