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

// TestGoldenMismatch: testdata/stale-report.json is the same report with
// one rule id and one path step changed by hand; Golden reports go-cmp's
// diff naming the keys that differ, and hints at -update.
func TestGoldenMismatch(t *testing.T) {
	_, _, rep := screened(t)
	rec := &recorder{}
	require.False(t, compliancetest.Golden(rec, "stale-report.json", rep))
	require.False(t, rec.stopped, "a mismatch lets the test go on")
	rec.failed(t, "testdata/stale-report.json differs (-want +got)", "run the test with -update",
		`  violations[0].path[1]: - "security master (line 2, equity)" + "security master (line 0, equity)"`,
		`  violations[1].rule: - "ns-cmic/locked" + "ns-cmic/purchase"`, "whole document:")

	rec = &recorder{}
	require.False(t, compliancetest.Golden(rec, "no-such-report.json", rep))
	rec.failed(t, "testdata/no-such-report.json", "run the test with -update to write it")

	rec = &recorder{}
	require.False(t, compliancetest.Golden(rec, "not-json.json", rep))
	rec.failed(t, "testdata/not-json.json is not JSON")
}

// TestGoldenUpdate: with -update, Golden writes the file (making
// testdata), and a later run without it passes on what was written.
func TestGoldenUpdate(t *testing.T) {
	_, _, rep := screened(t)
	wd, err := os.Getwd()
	require.NoError(t, err)
	require.NoError(t, os.Chdir(t.TempDir()))
	defer func() { require.NoError(t, os.Chdir(wd)) }()
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
