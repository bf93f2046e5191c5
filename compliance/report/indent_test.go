package report

import (
	"bytes"
	"encoding/json"
	"testing"
)

// indentCases are JSON texts at every turn of indentJSON: nesting, empty
// objects and arrays, strings with escaped quotes and backslashes and
// the punctuation indentJSON must leave alone inside them.
var indentCases = []string{
	`{}`, `[]`, `{"a":[]}`, `[{},{}]`, `{"a":{"b":[1,2,{"c":null}]},"d":true}`, `"x"`, `1`, `[[[]]]`,
	`{"k":"a,b:{c}[d]"}`, `{"q":"say \"hi\", then \\ and \\\" done","e":""}`, `["\\","\"",",",":"]`,
	`{"u":"\u003c\u2028\ufffd é"}`, `[1.5e-7,-0,"{"]`,
}

// TestIndentJSON: indentJSON indents as json.Indent does.
func TestIndentJSON(t *testing.T) {
	for _, in := range indentCases {
		checkIndent(t, []byte(in))
	}
}

// FuzzIndentJSON: TestIndentJSON on any valid JSON, made compact as
// json.Marshal writes it.
func FuzzIndentJSON(f *testing.F) {
	for _, in := range indentCases {
		f.Add([]byte(in))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if !json.Valid(data) {
			return
		}
		var compact bytes.Buffer
		if err := json.Compact(&compact, data); err != nil {
			t.Fatal(err)
		}
		checkIndent(t, compact.Bytes())
	})
}

func checkIndent(t *testing.T, compact []byte) {
	t.Helper()
	var want bytes.Buffer
	if err := json.Indent(&want, compact, "    ", "  "); err != nil {
		t.Fatalf("%q: %v", compact, err)
	}
	if got := indentJSON(nil, compact, "    ", "  "); !bytes.Equal(got, want.Bytes()) {
		t.Fatalf("%q: indentJSON gives\n%s\nwant\n%s", compact, got, want.Bytes())
	}
}
