package source

import (
	"reflect"
	"testing"
)

// FuzzParseRelease: release.json from any bytes is read without a panic,
// and what reads back writes and reads back the same.
func FuzzParseRelease(f *testing.F) {
	f.Add([]byte(`{"source":"un","id":"2026-12-01T154500Z","format":"un-xml","fetched_at":"2026-12-01T15:45:00Z","published":"2026-02-27","sha256":"ab","entries":3,"files":[{"name":"consolidated.xml","url":"https://x/","size":5,"sha256":"ab","etag":"\"1\""}]}`))
	f.Add([]byte(`{"source":"un","id":"2026-12-01T154500Z","fetched_at":"2026-12-01T15:45:00+01:00","files":[]}`))
	f.Add([]byte(`{}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		const src, id, dir = "un", "2026-12-01T154500Z", "store/un/2026-12-01T154500Z"
		r, err := parseRelease(src, id, dir, b)
		if err != nil {
			return
		}
		out, err := r.marshal()
		if err != nil {
			t.Fatal(err)
		}
		r2, err := parseRelease(src, id, dir, out)
		if err != nil {
			t.Fatalf("written release does not read back: %v\n%s", err, out)
		}
		if !reflect.DeepEqual(r, r2) {
			t.Fatalf("round trip: got %+v, want %+v", r2, r)
		}
	})
}
