package report

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/investscreen/investscreen/compliance"
	"github.com/investscreen/investscreen/internal/printable"
)

// The formats of a Stream, as the examples/screen -format flag names them.
const (
	FormatText = "text"
	FormatJSON = "json"
	FormatCSV  = "csv"
	FormatHTML = "html"
)

// ErrFormat is returned by NewStream for a format it does not know.
var ErrFormat = errors.New("report: unknown format")

// Stream writes a portfolio report as a streamed screen
// (compliance.Checker.ScreenCSV) goes: Add takes each event, in input
// order, and Finish, given the screen's Summary, writes the report, byte
// for byte what WriteText, WriteJSON, WriteCSV or WriteHTML write for the
// Report CheckPortfolio gives for the same book.
//
// Until Finish, the events are rendered into temporary files, not held:
// memory stays bounded by the summary, except in HTML, which groups
// findings by rule and account and so keeps, per finding, its place in
// the temporary file (16 bytes). Call Close when done, after Finish or
// instead of it (an input error): it removes the files. A Stream is not
// safe for concurrent use.
type Stream struct {
	format, source, dir string
	a, b, c             *spool // the sections, by format (see Add)
	widths              [5]int // text: the widths of the table's columns but the last
	csvA, csvB          *csv.Writer
	jsonF               bool   // a finding was written (JSON)
	jsonU               bool   // an unresolved holding was written (JSON)
	jsonBuf             []byte // the last element's indented JSON, its memory reused

	// HTML: the findings by rule and account, in input order.
	rules map[string]*htmlRule
}

type htmlRule struct {
	violations, warnings, waived int
	accounts                     map[string][]span
}

// span is a piece of a spool.
type span struct{ off, n int64 }

// NewStream returns a Stream writing format (FormatText, FormatJSON,
// FormatCSV or FormatHTML). source names the portfolio screened (text and
// HTML show it); dir is where the temporary files go ("" for
// os.TempDir).
func NewStream(format, source, dir string) (*Stream, error) {
	switch format {
	case FormatText, FormatJSON, FormatCSV, FormatHTML:
	default:
		return nil, fmt.Errorf("%w %q", ErrFormat, format)
	}
	s := &Stream{format: format, source: source, dir: dir}
	for i := range s.widths {
		s.widths[i] = utf8.RuneCountInString(textColumns[i])
	}
	return s, nil
}

// textColumns is the header of the text report's table.
var textColumns = [...]string{"LINE", "ACCOUNT", "SEVERITY", "RULE", "LIST ENTRY", "MATCHED BY"}

func (s *Stream) spool(p **spool) (*spool, error) {
	if *p == nil {
		f, err := os.CreateTemp(s.dir, "investscreen-report-*")
		if err != nil {
			return nil, err
		}
		*p = &spool{f: f, w: bufio.NewWriterSize(f, 64<<10)}
	}
	return *p, nil
}

// Add renders one event of the screen.
func (s *Stream) Add(e compliance.Event) error {
	switch s.format {
	case FormatText:
		return s.addText(e)
	case FormatJSON:
		return s.addJSON(e)
	case FormatCSV:
		return s.addCSV(e)
	}
	return s.addHTML(e)
}

// Finish writes the report to w: the header and summary from sum, then
// the events added.
func (s *Stream) Finish(w io.Writer, sum *compliance.Summary) error {
	if sum == nil {
		return ErrNoReport
	}
	for _, sp := range []*spool{s.a, s.b, s.c} {
		if sp != nil {
			if err := sp.w.Flush(); err != nil {
				return err
			}
		}
	}
	bw := bufio.NewWriterSize(w, 64<<10)
	var err error
	switch s.format {
	case FormatText:
		err = s.finishText(bw, sum)
	case FormatJSON:
		err = s.finishJSON(bw, sum)
	case FormatCSV:
		err = s.finishCSV(bw, sum)
	default:
		err = s.finishHTML(bw, sum)
	}
	if err != nil {
		return err
	}
	return bw.Flush()
}

// Close removes the temporary files.
func (s *Stream) Close() error {
	var errs []error
	for _, sp := range []*spool{s.a, s.b, s.c} {
		if sp != nil {
			errs = append(errs, sp.f.Close(), os.Remove(sp.f.Name()))
		}
	}
	s.a, s.b, s.c = nil, nil, nil
	return errors.Join(errs...)
}

// spool is a temporary file written through a buffer.
type spool struct {
	f *os.File
	w *bufio.Writer
	n int64
}

func (sp *spool) Write(p []byte) (int, error) {
	n, err := sp.w.Write(p)
	sp.n += int64(n)
	return n, err
}

func (sp *spool) WriteString(p string) (int, error) {
	n, err := sp.w.WriteString(p)
	sp.n += int64(n)
	return n, err
}

// copyTo copies the whole spool (flushed) to w; a nil spool is empty.
func (sp *spool) copyTo(w io.Writer) error {
	if sp == nil {
		return nil
	}
	_, err := io.Copy(w, io.NewSectionReader(sp.f, 0, sp.n))
	return err
}

// Text: a = the table's rows (cells joined by tabs), b = the "Why"
// lines, c = the unresolved lines.

func (s *Stream) addText(e compliance.Event) error {
	if len(e.Findings) > 0 {
		a, err := s.spool(&s.a)
		if err != nil {
			return err
		}
		b, err := s.spool(&s.b)
		if err != nil {
			return err
		}
		for i := range e.Findings {
			cells := textRow(&e.Findings[i])
			for j := range s.widths {
				if n := utf8.RuneCountInString(cells[j]); n > s.widths[j] {
					s.widths[j] = n
				}
			}
			a.WriteString(strings.Join(cells[:], "\t"))
			a.WriteString("\n")
			writeWhy(b, &e.Findings[i])
		}
	}
	if u := e.Unresolved; u != nil {
		c, err := s.spool(&s.c)
		if err != nil {
			return err
		}
		writeUnresolvedText(c, u)
	}
	return nil
}

func (s *Stream) finishText(w *bufio.Writer, sum *compliance.Summary) error {
	writeTextHead(w, s.source, sum.Head())
	if s.a != nil {
		pad := func(cell string, j int) {
			w.WriteString(cell)
			for n := utf8.RuneCountInString(cell); n < s.widths[j]+2; n++ {
				w.WriteByte(' ')
			}
		}
		for j, c := range textColumns[:5] {
			pad(c, j)
		}
		w.WriteString(textColumns[5] + "\n")
		r := bufio.NewReader(io.NewSectionReader(s.a.f, 0, s.a.n))
		for {
			line, err := r.ReadString('\n')
			if err == io.EOF {
				break
			}
			if err != nil {
				return err
			}
			cells := strings.SplitN(strings.TrimSuffix(line, "\n"), "\t", 6)
			if len(cells) != 6 {
				return errors.New("report: a table row of the spool lost its cells")
			}
			for j := 0; j < 5; j++ {
				pad(cells[j], j)
			}
			w.WriteString(cells[5] + "\n")
		}
		w.WriteString("\nWhy:\n")
		if err := s.b.copyTo(w); err != nil {
			return err
		}
	} else {
		w.WriteString("No findings.\n")
	}
	if s.c != nil {
		w.WriteString("\nUnresolved (not screened in full):\n")
		if err := s.c.copyTo(w); err != nil {
			return err
		}
	}
	writeRules(w, sum.Rules)
	return nil
}

// JSON: a = the findings, b = the unresolved holdings, each an element
// of its array as WriteJSON indents it.

func (s *Stream) addJSON(e compliance.Event) error {
	for i := range e.Findings {
		a, err := s.spool(&s.a)
		if err != nil {
			return err
		}
		if err := s.jsonElement(a, &e.Findings[i], &s.jsonF); err != nil {
			return err
		}
	}
	if e.Unresolved != nil {
		b, err := s.spool(&s.b)
		if err != nil {
			return err
		}
		if err := s.jsonElement(b, e.Unresolved, &s.jsonU); err != nil {
			return err
		}
	}
	return nil
}

// jsonElement writes v as an element of an array that is the value of a
// key of the top-level object, as WriteJSON indents it: each element
// after a comma and a newline, at four spaces.
func (s *Stream) jsonElement(w io.Writer, v any, started *bool) error {
	compact, err := json.Marshal(v)
	if err != nil {
		return err
	}
	s.jsonBuf = indentJSON(s.jsonBuf[:0], compact, "    ", "  ")
	b := s.jsonBuf
	sep := "[\n    "
	if *started {
		sep = ",\n    "
	}
	*started = true
	if _, err := io.WriteString(w, sep); err != nil {
		return err
	}
	_, err = w.Write(escapeJSON(b))
	return err
}

func (s *Stream) finishJSON(w *bufio.Writer, sum *compliance.Summary) error {
	var head bytes.Buffer
	if err := WriteJSON(&head, sum.Head()); err != nil {
		return err
	}
	h := head.Bytes()
	const vKey, uKey = "\n  \"violations\": []", "\n  \"unresolved\": []"
	i, j := bytes.Index(h, []byte(vKey)), bytes.Index(h, []byte(uKey))
	if i < 0 || j < i || bytes.Count(h, []byte(vKey)) != 1 || bytes.Count(h, []byte(uKey)) != 1 {
		return errors.New("report: the JSON report has no place for the streamed arrays")
	}
	array := func(sp *spool, started bool) error {
		if !started {
			_, err := w.WriteString("[]")
			return err
		}
		if err := sp.copyTo(w); err != nil {
			return err
		}
		_, err := w.WriteString("\n  ]")
		return err
	}
	w.Write(h[:i+len(vKey)-2])
	if err := array(s.a, s.jsonF); err != nil {
		return err
	}
	w.Write(h[i+len(vKey) : j+len(uKey)-2])
	if err := array(s.b, s.jsonU); err != nil {
		return err
	}
	_, err := w.Write(h[j+len(uKey):])
	return err
}

// CSV: a = the findings' rows, b = the unresolved holdings' rows.

func (s *Stream) addCSV(e compliance.Event) error {
	if len(e.Findings) > 0 {
		if s.csvA == nil {
			a, err := s.spool(&s.a)
			if err != nil {
				return err
			}
			s.csvA = csv.NewWriter(a)
		}
		for i := range e.Findings {
			if err := s.csvA.Write(findingRow(&e.Findings[i])); err != nil {
				return err
			}
		}
		s.csvA.Flush()
		if err := s.csvA.Error(); err != nil {
			return err
		}
	}
	if u := e.Unresolved; u != nil {
		if s.csvB == nil {
			b, err := s.spool(&s.b)
			if err != nil {
				return err
			}
			s.csvB = csv.NewWriter(b)
		}
		if err := s.csvB.Write(unresolvedRow(u)); err != nil {
			return err
		}
		s.csvB.Flush()
		return s.csvB.Error()
	}
	return nil
}

func (s *Stream) finishCSV(w *bufio.Writer, sum *compliance.Summary) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(csvColumns[:]); err != nil {
		return err
	}
	cw.Flush()
	if err := s.a.copyTo(w); err != nil {
		return err
	}
	if err := s.b.copyTo(w); err != nil {
		return err
	}
	if err := writeWarningRows(cw, sum.Warnings); err != nil {
		return err
	}
	cw.Flush()
	return cw.Error()
}

// HTML: a = the findings' articles, b = the rows requiring action, c =
// the unresolved holdings' rows; all before the page's final escaping.

func (s *Stream) addHTML(e compliance.Event) error {
	if s.rules == nil {
		s.rules = map[string]*htmlRule{}
	}
	for i := range e.Findings {
		f := escapeFinding(e.Findings[i])
		a, err := s.spool(&s.a)
		if err != nil {
			return err
		}
		off := a.n
		if err := htmlReport.ExecuteTemplate(a, "finding", f); err != nil {
			return err
		}
		g := s.rules[f.Rule]
		if g == nil {
			g = &htmlRule{accounts: map[string][]span{}}
			s.rules[f.Rule] = g
		}
		switch {
		case f.Waived:
			g.waived++
		case f.Severity == compliance.Violation:
			g.violations++
		default:
			g.warnings++
		}
		g.accounts[f.Account] = append(g.accounts[f.Account], span{off, a.n - off})
		if f.Severity == compliance.Violation && !f.Waived {
			b, err := s.spool(&s.b)
			if err != nil {
				return err
			}
			row := actionRow{Line: f.Line, Account: f.Account, Rule: f.Rule, What: f.Entity.List + " " + f.Entity.ID + " " + f.Entity.Name}
			if err := htmlReport.ExecuteTemplate(b, "actionRow", row); err != nil {
				return err
			}
		}
	}
	if e.Unresolved != nil {
		u := escapeUnresolved(*e.Unresolved)
		c, err := s.spool(&s.c)
		if err != nil {
			return err
		}
		if err := htmlReport.ExecuteTemplate(c, "unresolvedRow", u); err != nil {
			return err
		}
		if u.Severity == compliance.Violation && !u.Waived {
			b, err := s.spool(&s.b)
			if err != nil {
				return err
			}
			row := actionRow{Line: u.Line, Account: u.Account, Rule: compliance.RuleUnresolved, What: "could not be screened (see Unresolved holdings)"}
			if err := htmlReport.ExecuteTemplate(b, "actionRow", row); err != nil {
				return err
			}
		}
	}
	return nil
}

func (s *Stream) finishHTML(w *bufio.Writer, sum *compliance.Summary) error {
	ew := printable.NewWriter(w)
	head := sum.Head()
	d := htmlHead(s.source, head)
	d.Fail = sum.HasViolation()
	run := func(name string, data any) error { return htmlReport.ExecuteTemplate(ew, name, data) }
	if err := run("top", d); err != nil {
		return err
	}
	if s.b != nil {
		if err := run("actionOpen", nil); err != nil {
			return err
		}
		if err := s.b.copyTo(ew); err != nil {
			return err
		}
		if err := run("actionClose", nil); err != nil {
			return err
		}
	}
	if err := run("findingsHead", nil); err != nil {
		return err
	}
	infos := ruleInfos(escapeRules(head.Rules))
	ids := make([]string, 0, len(s.rules))
	for id := range s.rules {
		ids = append(ids, id)
	}
	sort.Slice(ids, func(i, j int) bool {
		a, b := s.rules[ids[i]], s.rules[ids[j]]
		if (a.violations > 0) != (b.violations > 0) {
			return a.violations > 0
		}
		return ids[i] < ids[j]
	})
	for _, id := range ids {
		g := s.rules[id]
		info := infos[id]
		if err := run("groupOpen", ruleGroup{Rule: id, Description: info.Description, Source: info.Source,
			Violations: g.violations, Warnings: g.warnings, Waived: g.waived}); err != nil {
			return err
		}
		accounts := make([]string, 0, len(g.accounts))
		for a := range g.accounts {
			accounts = append(accounts, a)
		}
		sort.Strings(accounts)
		for _, a := range accounts {
			if err := run("account", accountGroup{Account: a}); err != nil {
				return err
			}
			for _, sp := range g.accounts[a] {
				if _, err := io.Copy(ew, io.NewSectionReader(s.a.f, sp.off, sp.n)); err != nil {
					return err
				}
			}
		}
		if err := run("groupClose", nil); err != nil {
			return err
		}
	}
	if len(ids) == 0 {
		if err := run("noFindings", nil); err != nil {
			return err
		}
	}
	if err := run("unresolvedHead", nil); err != nil {
		return err
	}
	if s.c != nil {
		if err := run("unresolvedOpen", nil); err != nil {
			return err
		}
		if err := s.c.copyTo(ew); err != nil {
			return err
		}
		if err := run("unresolvedClose", nil); err != nil {
			return err
		}
	} else if err := run("noUnresolved", nil); err != nil {
		return err
	}
	if err := run("bottom", d); err != nil {
		return err
	}
	return ew.Flush()
}

// textRow returns the cells of f's row in the text report's table.
func textRow(f *compliance.Finding) [6]string {
	e := printable.Escape
	sev := strings.ToUpper(e(string(f.Severity)))
	if f.Waived {
		sev += " (waived)"
	}
	return [6]string{strconv.Itoa(f.Line), e(f.Account), sev, e(f.Rule), entity(f.Entity), e(f.MatchedBy)}
}
