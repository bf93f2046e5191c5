package printable_test

import (
	"testing"
	"unicode/utf8"

	"github.com/investscreen/investscreen/internal/printable"
)

func TestEscape(t *testing.T) {
	tests := []struct {
		name, in, want, wantKeep string
		reason                   string
	}{
		{name: "plain", in: "SenseTime Group Inc.", want: "SenseTime Group Inc.", reason: "nothing to escape"},
		{name: "non-latin", in: "商汤集团 Ωmega café", want: "商汤集团 Ωmega café", reason: "letters of any script stay"},
		{name: "joiners", in: "क्\u200dष 👩\u200d💻 می\u200cخواهم", want: "क्\u200dष 👩\u200d💻 می\u200cخواهم", reason: "ZWJ and ZWNJ are needed by scripts and emoji"},
		{name: "backslash", in: `C:\data\x1b`, want: `C:\data\x1b`, reason: "backslashes are not doubled"},
		{name: "ansi colour", in: "\x1b[31mRED\x1b[0m", want: `\x1b[31mRED\x1b[0m`, reason: "ESC starts ANSI sequences"},
		{name: "clear screen", in: "a\x1b[2J\x1b[Hb", want: `a\x1b[2J\x1b[Hb`},
		{name: "osc title", in: "\x1b]0;pwned\x07", want: `\x1b]0;pwned\a`, reason: "OSC ends with BEL"},
		{name: "newline tab cr", in: "a\nb\tc\rd", want: `a\nb\tc\rd`, wantKeep: "a\nb\\tc\\rd", reason: "a value stays on its line"},
		{name: "nul del", in: "a\x00b\x7fc", want: `a\x00b\x7fc`},
		{name: "c1 csi", in: "a\u009b31mb\u0085c", want: `a\u009b31mb\u0085c`, reason: "C1 CSI acts like ESC [ on some terminals; NEL ends a line"},
		{name: "bidi override", in: "LIMITED\u202e DETIMIL", want: `LIMITED\u202e DETIMIL`, reason: "Trojan Source: right-to-left override"},
		{name: "bidi isolates and marks", in: "\u2066a\u2069\u200e\u200f\u061c", want: `\u2066a\u2069\u200e\u200f\u061c`},
		{name: "invisible", in: "Sense\u200bTime\ufeff\u00ad", want: `Sense\u200bTime\ufeff\u00ad`, reason: "zero-width space, BOM and soft hyphen hide in names"},
		{name: "line separators", in: "a\u2028b\u2029c", want: `a\u2028b\u2029c`},
		{name: "tag characters", in: "ok\U000e0041\U000e007f", want: `ok\U000e0041\U000e007f`, reason: "invisible tag characters smuggle text"},
		{name: "invalid utf-8", in: "a\xffb\xc3", want: `a\xffb\xc3`, reason: "stray bytes are shown, not passed to the terminal"},
		{name: "replacement char", in: "a\ufffdb", want: "a\ufffdb", reason: "a real U+FFFD is a visible character"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := printable.Escape(tc.in); got != tc.want {
				t.Errorf("Escape(%q) = %q, want %q (%s)", tc.in, got, tc.want, tc.reason)
			}
			wantKeep := tc.wantKeep
			if wantKeep == "" {
				wantKeep = tc.want
			}
			if got := printable.EscapeKeepNewlines(tc.in); got != wantKeep {
				t.Errorf("EscapeKeepNewlines(%q) = %q, want %q", tc.in, got, wantKeep)
			}
		})
	}
}

func TestUnsafe(t *testing.T) {
	for _, tc := range []struct {
		r    rune
		want bool
	}{
		{'a', false}, {' ', false}, {'\\', false}, {'é', false}, {'商', false}, {0x200d, false}, {0x200c, false},
		{0, true}, {'\n', true}, {0x1b, true}, {0x7f, true}, {0x80, true}, {0x9f, true}, {0xa0, false},
		{0x202a, true}, {0x202e, true}, {0x2066, true}, {0x2069, true}, {0x200b, true}, {0xfeff, true}, {0x2028, true}, {0xe0001, true},
	} {
		if got := printable.Unsafe(tc.r); got != tc.want {
			t.Errorf("Unsafe(%U) = %v, want %v", tc.r, got, tc.want)
		}
	}
}

// TestEscapeSame checks that a string with nothing to escape is returned
// as it is, without a copy.
func TestEscapeSame(t *testing.T) {
	s := "NS-CMIC 33114 SENSETIME GROUP LIMITED"
	if allocs := testing.AllocsPerRun(100, func() { _ = printable.Escape(s) }); allocs != 0 {
		t.Errorf("Escape of a clean string allocates %v times, want 0", allocs)
	}
}

func FuzzEscape(f *testing.F) {
	for _, s := range []string{"", "plain", "\x1b[31m", "\u202e", "\xff\xfe", "a\nb", "\U000e0041", "\u0085"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, keep := range []bool{false, true} {
			esc := printable.Escape
			if keep {
				esc = printable.EscapeKeepNewlines
			}
			got := esc(s)
			if !utf8.ValidString(got) {
				t.Fatalf("escape(%q) = %q: not UTF-8", s, got)
			}
			for _, r := range got {
				if printable.Unsafe(r) && !(keep && r == '\n') {
					t.Fatalf("escape(%q) = %q keeps %U", s, got, r)
				}
			}
			if again := esc(got); again != got {
				t.Fatalf("escape is not idempotent: %q then %q", got, again)
			}
		}
	})
}

func BenchmarkEscape(b *testing.B) {
	for _, bc := range []struct{ name, s string }{
		{"clean", "ticker 0020 HK -> security master (line 2, equity) -> issuer \"SenseTime Group Inc.\""},
		{"hostile", "\x1b[2J\x1b[31mFUND\u202e-A\x1b[0m\n"},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				_ = printable.Escape(bc.s)
			}
		})
	}
}

func TestClean(t *testing.T) {
	for _, tc := range []struct {
		in         string
		want, keep bool
	}{
		{"plain <p>\u00e9\u5546\ufffd", true, true}, {"a\nb", false, true}, {"a\tb", false, false}, {"\x1b", false, false},
		{"\u202e", false, false}, {"\xff", false, false}, {"\xe2\x80", false, false}, {"", true, true},
	} {
		if got := printable.Clean([]byte(tc.in), false); got != tc.want {
			t.Errorf("Clean(%q, false) = %v, want %v", tc.in, got, tc.want)
		}
		if got := printable.Clean([]byte(tc.in), true); got != tc.keep {
			t.Errorf("Clean(%q, true) = %v, want %v", tc.in, got, tc.keep)
		}
		if want := printable.Escape(tc.in) == tc.in; printable.Clean([]byte(tc.in), false) != want {
			t.Errorf("Clean(%q) disagrees with Escape", tc.in)
		}
	}
	b := []byte("<p class=\"meta\">List release: OFAC Consolidated (non-SDN) List</p>\n")
	if allocs := testing.AllocsPerRun(100, func() { _ = printable.Clean(b, true) }); allocs != 0 {
		t.Errorf("Clean allocates %v times, want 0", allocs)
	}
}
