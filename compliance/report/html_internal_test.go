package report

import (
	"bytes"
	"github.com/investscreen/investscreen/internal/printable"
	"testing"
)

// TestEscapeWriterSplit writes text one byte at a time: characters cut
// between writes come out whole, and controls escaped.
func TestEscapeWriterSplit(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"clean", "SenseTime · 商汤 → ok\n", "SenseTime · 商汤 → ok\n"},
		{"controls", "a\x1b[31m\u202eb\u0085\n", "a\\x1b[31m\\u202eb\\u0085\n"},
		{"cut at the end", "ok\xe2\x80", "ok\\xe2\\x80"},
		{"bad byte", "a\xffb", "a\\xffb"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			for _, chunk := range []int{1, 2, 3, len(tc.in)} {
				var out bytes.Buffer
				ew := printable.NewWriter(&out)
				for i := 0; i < len(tc.in); i += chunk {
					p := []byte(tc.in[i:min(i+chunk, len(tc.in))])
					if n, err := ew.Write(p); err != nil || n != len(p) {
						t.Fatalf("Write = %d, %v", n, err)
					}
				}
				if err := ew.Flush(); err != nil {
					t.Fatal(err)
				}
				if got := out.String(); got != tc.want {
					t.Errorf("chunks of %d: got %q, want %q", chunk, got, tc.want)
				}
			}
		})
	}
}
