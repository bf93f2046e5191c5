package compliancetest

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// UpdateFlag is the name of the command-line flag that makes Golden
// rewrite its files: go test ./... -update.
const UpdateFlag = "update"

// The kit registers -update on the default flag set when it is loaded,
// unless a package loaded before it did (then that flag is shared): a
// test binary can hold only one flag of a name, and -update is what Go
// projects call it. A test package that imports the kit therefore must
// not define its own -update (flag.Bool would panic "flag redefined");
// it reads the kit's with Updating.
func init() {
	if flag.Lookup(UpdateFlag) == nil {
		flag.Bool(UpdateFlag, false, "rewrite the golden files of compliancetest.Golden with the current output")
	}
}

// Updating reports whether -update was given: true when the flag named
// UpdateFlag, whichever package defined it, holds a true boolean.
func Updating() bool {
	f := flag.Lookup(UpdateFlag)
	if f == nil {
		return false
	}
	if g, ok := f.Value.(flag.Getter); ok {
		if b, ok := g.Get().(bool); ok {
			return b
		}
	}
	b, err := strconv.ParseBool(f.Value.String())
	return err == nil && b
}

// Golden compares the JSON of v (a *compliance.Report, an OrderResult, an
// OrderReport: anything with the JSON contract) with the file
// testdata/name, relative to the test's package directory. The JSON is
// indented with two spaces and ends in a newline, so that the file reads
// and diffs well. With -update the file is written instead (its
// directory made), and the test logs that it was. A mismatch fails the
// test with every differing value by its key path, wanted and got
// ("violations[1].rule: - "ns-cmic/locked" + "ns-cmic/purchase""), then
// go-cmp's diff of the two documents (-want +got); a missing file fails
// it with a hint to run with -update. Like the assertions, a mismatch is
// reported with t.Errorf and Golden returns false; only a file that
// cannot be written stops the test.
func Golden(t require.TestingT, name string, v any) bool {
	if h, ok := t.(tHelper); ok {
		h.Helper()
	}
	got, err := json.MarshalIndent(v, "", "  ")
	require.NoError(t, err, "compliancetest: marshal %s", name)
	got = append(got, '\n')
	path := filepath.Join("testdata", name)
	if Updating() {
		require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755), "compliancetest: golden %s", path)
		require.NoError(t, os.WriteFile(path, got, 0o644), "compliancetest: golden %s", path)
		if l, ok := t.(interface{ Logf(string, ...any) }); ok {
			l.Logf("compliancetest: wrote %s", path)
		}
		return true
	}
	want, err := os.ReadFile(path)
	if err != nil {
		return assert.Fail(t, "compliancetest: golden file "+path+": "+err.Error()+" (run the test with -"+UpdateFlag+" to write it)")
	}
	if bytes.Equal(want, got) {
		return true
	}
	var w, g any
	if err := json.Unmarshal(want, &w); err != nil {
		return assert.Fail(t, "compliancetest: golden file "+path+" is not JSON: "+err.Error()+" (run the test with -"+UpdateFlag+" to rewrite it)")
	}
	if err := json.Unmarshal(got, &g); err != nil {
		return assert.Fail(t, "compliancetest: "+name+": "+err.Error())
	}
	var keys keyReporter
	if !cmp.Equal(w, g, cmp.Reporter(&keys)) {
		return assert.Fail(t, "compliancetest: "+path+" differs (-want +got); run the test with -"+UpdateFlag+" if the change is right:\n"+
			strings.Join(keys.diffs, "\n")+"\nwhole document:\n"+cmp.Diff(w, g))
	}
	// The same document written differently (spacing, key order).
	return assert.Fail(t, "compliancetest: "+path+" holds the same JSON laid out differently; run the test with -"+UpdateFlag+" to rewrite it")
}

// keyReporter collects, for cmp.Equal over two decoded JSON documents,
// each differing value by its key path ("violations[1].rule"), with the
// wanted and the got value.
type keyReporter struct {
	path  cmp.Path
	diffs []string
}

func (r *keyReporter) PushStep(s cmp.PathStep) { r.path = append(r.path, s) }

func (r *keyReporter) PopStep() { r.path = r.path[:len(r.path)-1] }

func (r *keyReporter) Report(res cmp.Result) {
	if res.Equal() {
		return
	}
	var key strings.Builder
	for _, s := range r.path {
		switch s := s.(type) {
		case cmp.MapIndex:
			if key.Len() > 0 {
				key.WriteByte('.')
			}
			fmt.Fprintf(&key, "%v", s.Key())
		case cmp.SliceIndex:
			ix, iy := s.SplitKeys()
			if ix < 0 {
				ix = iy
			}
			fmt.Fprintf(&key, "[%d]", ix)
		}
	}
	if key.Len() == 0 {
		key.WriteString("(document)")
	}
	x, y := r.path.Last().Values()
	r.diffs = append(r.diffs, fmt.Sprintf("  %s: - %s + %s", key.String(), jsonText(x), jsonText(y)))
}

// jsonText is a decoded JSON value written back, or "(none)" for a key or
// element that one side lacks.
func jsonText(v reflect.Value) string {
	if !v.IsValid() {
		return "(none)"
	}
	b, err := json.Marshal(v.Interface())
	if err != nil {
		return fmt.Sprint(v.Interface())
	}
	if len(b) > 200 {
		return string(b[:200]) + "..."
	}
	return string(b)
}
