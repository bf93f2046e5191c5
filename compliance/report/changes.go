package report

import (
	"bufio"
	"fmt"
	"io"
	"strings"

	"github.com/investscreen/investscreen/compliance"
	"github.com/investscreen/investscreen/internal/printable"
)

// WriteChangesText writes r, how a book's outcome changed between two list
// releases, as plain text: the releases before and after, how many
// holdings were screened again, then each holding whose findings changed,
// with the findings added (+) and removed (-) and why. Values are escaped
// as in WriteText.
func WriteChangesText(w io.Writer, source string, r *compliance.ChangeReport) error {
	if r == nil {
		return ErrNoReport
	}
	e := printable.Escape
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, "Changes in the screening of %s as of %s\n", e(source), r.AsOf)
	for _, l := range r.Before {
		fmt.Fprintf(bw, "Before: %s — %s, %d entries, sha256 %s\n", e(l.Name), e(l.Source), l.Entries, short(l.SHA256))
	}
	writeHeader(bw, r.Lists, nil)
	fmt.Fprintf(bw, "Holdings: %d, %d screened again (they reach an entry or name that changed), %d changed\n\n", r.Holdings, r.Rescreened, len(r.Changes))
	if len(r.Changes) == 0 {
		fmt.Fprintln(bw, "No finding changed.")
	}
	for _, c := range r.Changes {
		fmt.Fprintf(bw, "line %d (%s):\n", c.Line, e(c.Account))
		for _, set := range []struct {
			mark string
			fs   []compliance.Finding
		}{{"+", c.Added}, {"-", c.Removed}} {
			for i := range set.fs {
				f := &set.fs[i]
				fmt.Fprintf(bw, "  %s %s %s — %s: %s\n      path: %s\n", set.mark, strings.ToUpper(e(string(f.Severity))), e(f.Rule), entity(f.Entity), e(f.Message), pathText(f))
			}
		}
	}
	return bw.Flush()
}
