// Package table reads CSV files, streaming and bounded: with a header row
// (column names matched case-insensitively and in any order, unknown
// columns ignored) or, for formats without one (OFAC's legacy CSV), with
// fixed columns. Every record knows the line it starts on; every error
// names a line, and a column where one is known. It is shared by the
// readers of holdings, compliance and lists.
//
// A Reader never holds more than one record, and never more than its
// Limits allow: a longer line or record, more fields, a larger file or
// more rows end the reading with an error matching ErrLimit, before the
// bytes are buffered. Invisible characters (C0 and C1 controls but tab
// and line ends, Unicode format characters such as zero-width spaces,
// bidirectional controls and byte order marks, and line or paragraph
// separators) are an error naming their line and column (ErrInvisible),
// so that no value differs from what a person reading the file sees.
package table

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"github.com/investscreen/investscreen/internal/printable"
	"io"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"
)

// Error is an error at a place in the file. Line is the 1-based line the
// record starts on (0 for the whole file), except for an error about one
// character (ErrInvisible, ErrEncoding), which names the line and Col
// the 1-based byte column of that character. Col is 0 when unknown.
// Column is the header name ("" for the whole record).
type Error struct {
	Line   int
	Col    int
	Column string
	Err    error
}

func (e *Error) Error() string {
	s := fmt.Sprintf("line %d", e.Line)
	if e.Col > 0 {
		s += fmt.Sprintf(", column %d", e.Col)
	}
	if e.Column != "" {
		s += ": " + e.Column
	}
	return s + ": " + e.Err.Error()
}

// Unwrap returns the cause.
func (e *Error) Unwrap() error { return e.Err }

// ErrHeader is the cause when the header is missing or lacks a required
// column.
var ErrHeader = errors.New("bad header")

// ErrNoData is the cause when a file with a header has no bytes at all
// (or only blank lines).
var ErrNoData = errors.New("empty file")

// ErrRecord is the cause of a malformed record (quotes, column count).
var ErrRecord = errors.New("malformed record")

// ErrEncoding is the cause when a field is not valid UTF-8.
var ErrEncoding = errors.New("not valid UTF-8")

// ErrInvisible is the cause when the file holds an invisible character
// (see the package documentation).
var ErrInvisible = errors.New("invisible character")

// ErrLimit is the cause when a file breaks one of its Limits.
var ErrLimit = errors.New("limit exceeded")

// ErrEndMarker is the cause when data follows the end-of-file byte of a
// format that has one (Options.EndMarker).
var ErrEndMarker = errors.New("data after the end-of-file byte")

// Limits bound what a Reader accepts, so that hostile input cannot
// exhaust memory. Zero fields mean no bound (see WithDefaults).
type Limits struct {
	// MaxFileBytes bounds the bytes read.
	MaxFileBytes int64
	// MaxLineBytes bounds one line, line end excluded.
	MaxLineBytes int
	// MaxRecordBytes bounds one record, which quoted fields may spread
	// over several lines.
	MaxRecordBytes int
	// MaxFields bounds the fields of one record (the header's included).
	MaxFields int
	// MaxRows bounds the records after the header.
	MaxRows int
}

// The default limits.
const (
	DefaultMaxFileBytes   = 4 << 30
	DefaultMaxLineBytes   = 1 << 20
	DefaultMaxRecordBytes = 1 << 20
	DefaultMaxFields      = 1024
	DefaultMaxRows        = 50_000_000
)

// WithDefaults returns l with every zero field set to its default.
func (l Limits) WithDefaults() Limits {
	if l.MaxFileBytes <= 0 {
		l.MaxFileBytes = DefaultMaxFileBytes
	}
	if l.MaxLineBytes <= 0 {
		l.MaxLineBytes = DefaultMaxLineBytes
	}
	if l.MaxRecordBytes <= 0 {
		l.MaxRecordBytes = DefaultMaxRecordBytes
	}
	if l.MaxFields <= 0 {
		l.MaxFields = DefaultMaxFields
	}
	if l.MaxRows <= 0 {
		l.MaxRows = DefaultMaxRows
	}
	return l
}

// Options say how Open reads a file. The zero value reads a CSV file with
// a header row, strict UTF-8, with the default Limits.
type Options struct {
	// Limits bound the file; zero fields take their defaults.
	Limits Limits
	// Required are the columns the header must name.
	Required []string
	// Columns, when set, are the file's columns in order: the file has
	// no header row, and every record must have exactly these fields.
	Columns []string
	// Latin1 reads a field that is not valid UTF-8 as ISO 8859-1 instead
	// of refusing it.
	Latin1 bool
	// C1AsWindows1252 reads a C1 control character (U+0080..U+009F) that
	// Windows-1252 gives a printable meaning as that character (U+0092
	// as U+2019), a quirk of text converted from Windows-1252 as if it
	// were Latin-1; Reader.Repaired counts them. Others stay errors.
	C1AsWindows1252 bool
	// EndMarker makes a 0x1A byte the end of the data:
	// only white space may follow it; Reader.EndMarker reports whether
	// the file had one (OFAC's legacy CSV ends with one).
	EndMarker bool
	// SkipRepeatedHeader skips a record equal to the header (some
	// publishers' files repeat it).
	SkipRepeatedHeader bool
	// ReuseRecord lets the Reader reuse a Row's storage: a Row is then
	// valid only until the next call of Next (its values, strings, stay
	// valid).
	ReuseRecord bool

	// slow turns off the fast paths of guard.Read and reads the records
	// with encoding/csv itself (for the differential fuzz tests).
	slow bool
}

// Reader reads the records of one CSV file.
type Reader struct {
	cr     recordReader
	g      *guard
	cols   map[string]int
	names  []string
	width  int
	lim    Limits
	rows   int
	opt    Options
	header []string
}

// New reads the header from r. Every name in required must be a column.
// A UTF-8 byte order mark is skipped; UTF-16 text is refused; lines may
// end in CR LF, LF or CR alone.
func New(r io.Reader, lim Limits, required ...string) (*Reader, error) {
	return Open(r, Options{Limits: lim, Required: required})
}

// Open prepares to read r as o says, reading the header row unless
// o.Columns gives the columns. A UTF-8 byte order mark at the start is
// skipped; UTF-16 text is refused; lines may end in CR LF, LF or CR alone.
func Open(r io.Reader, o Options) (*Reader, error) {
	o.Limits = o.Limits.WithDefaults()
	g, err := prepare(r, o)
	if err != nil {
		return nil, err
	}
	cr := newRecordReader(g, o)
	t := &Reader{cr: cr, g: g, cols: map[string]int{}, lim: o.Limits, opt: o}
	if o.Columns != nil {
		for i, c := range o.Columns {
			t.cols[c] = i
		}
		t.names = append([]string(nil), o.Columns...)
		t.width = len(o.Columns)
		g.maxFields = t.width
		cr.setReuse(o.ReuseRecord)
		return t, nil
	}
	head, err := cr.Read()
	if err == io.EOF {
		return nil, &Error{Line: 1, Err: fmt.Errorf("%w: %w, want a header row", ErrHeader, ErrNoData)}
	}
	if err != nil {
		return nil, t.wrap(err)
	}
	cr.setReuse(o.ReuseRecord)
	t.width = len(head)
	t.header = append([]string(nil), head...)
	g.maxFields = t.width
	for i, h := range head {
		h = strings.ToLower(strings.TrimSpace(h))
		if _, dup := t.cols[h]; dup && h != "" {
			return nil, &Error{Line: 1, Column: SafeName(h), Err: fmt.Errorf("%w: column %s appears twice", ErrHeader, Excerpt(h))}
		}
		t.cols[h] = i
		t.names = append(t.names, h)
	}
	for _, c := range o.Required {
		if _, ok := t.cols[c]; !ok {
			return nil, &Error{Line: 1, Column: c, Err: fmt.Errorf("%w: no %q column", ErrHeader, c)}
		}
	}
	return t, nil
}

// Has reports whether the header names column c.
func (t *Reader) Has(c string) bool { _, ok := t.cols[c]; return ok }

// Index returns the index of column c for Row.Field, or -1 if the header
// does not name it.
func (t *Reader) Index(c string) int {
	if i, ok := t.cols[c]; ok {
		return i
	}
	return -1
}

// Columns returns the column names, trimmed and lower-cased, in file
// order.
func (t *Reader) Columns() []string { return append([]string(nil), t.names...) }

// ReadAhead makes the Reader check the file's bytes (the encoding, the
// invisible characters, the limits: everything but the CSV grammar) on a
// goroutine of its own, ahead of the records read, holding at most a few
// hundred KB: the checks then cost the reader no time on a machine with a
// core to spare. Records and errors are exactly those read without it.
// stop ends the goroutine and must be called once the Reader is no longer
// read (a Reader read to its end or to an error no row can be trusted
// past has no goroutine left, and stop does nothing); it may be called
// more than once. Call ReadAhead once, before reading records; EndMarker
// and Repaired may then be asked only once Next has returned io.EOF or an
// error Fatal reports.
func (t *Reader) ReadAhead() (stop func()) {
	g := t.g
	if g.ahead != nil {
		return g.ahead.close
	}
	a := &readAhead{ch: make(chan aheadChunk, aheadChunks), free: make(chan []byte, aheadChunks+2), stop: make(chan struct{})}
	g.ahead = a
	go func() {
		defer close(a.ch)
		for {
			var buf []byte
			select {
			case buf = <-a.free:
			case <-a.stop:
				return
			default:
				buf = make([]byte, 0, aheadChunkSize)
			}
			n, err := g.read(buf[:cap(buf)])
			select {
			case a.ch <- aheadChunk{b: buf[:n], err: err}:
			case <-a.stop:
				return
			}
			if err != nil {
				return // the guard repeats its error: the reader keeps it
			}
		}
	}()
	return a.close
}

func (a *readAhead) close() { a.once.Do(func() { close(a.stop) }) }

// EndMarker reports whether the file read so far had its end-of-file byte
// (see Options.EndMarker); after io.EOF, whether the file had one.
func (t *Reader) EndMarker() bool { return t.g.sawMarker }

// Repaired returns how many C1 characters were read as Windows-1252 (see
// Options.C1AsWindows1252).
func (t *Reader) Repaired() int { return t.g.repaired }

// Row is one record.
type Row struct {
	// Line is the 1-based line the record starts on.
	Line int
	t    *Reader
	rec  []string
}

// Next returns the next record, or io.EOF after the last. A record with
// a different number of fields than the header (or Options.Columns), or
// with a field that is not UTF-8, is an *Error. Blank lines are skipped.
func (t *Reader) Next() (Row, error) {
	for {
		rec, err := t.cr.Read()
		if err != nil {
			if err == io.EOF {
				return Row{}, io.EOF
			}
			return Row{}, t.wrap(err)
		}
		line, _ := t.cr.FieldPos(0)
		if t.opt.SkipRepeatedHeader && t.header != nil && sameRecord(rec, t.header) {
			continue
		}
		t.rows++
		if t.lim.MaxRows > 0 && t.rows > t.lim.MaxRows {
			return Row{}, &Error{Line: line, Err: fmt.Errorf("%w: more than %d rows", ErrLimit, t.lim.MaxRows)}
		}
		if len(rec) != t.width {
			what := "header has"
			if t.opt.Columns != nil {
				what = "want"
			}
			return Row{}, &Error{Line: line, Err: fmt.Errorf("%w: %d fields, %s %d", ErrRecord, len(rec), what, t.width)}
		}
		if !t.opt.Latin1 && !t.opt.C1AsWindows1252 {
			// The guard has refused every byte that is not UTF-8:
			// nothing to check or repair.
			return Row{Line: line, t: t, rec: rec}, nil
		}
		for i, f := range rec {
			if utf8.ValidString(f) {
				if t.opt.C1AsWindows1252 {
					rec[i] = repairC1(f)
				}
				continue
			}
			if !t.opt.Latin1 {
				l, c := t.cr.FieldPos(i)
				return Row{}, &Error{Line: l, Col: c, Column: t.name(i), Err: ErrEncoding}
			}
			rec[i] = latin1(f)
			if j := invisibleIndex(rec[i]); j >= 0 {
				r, _ := utf8.DecodeRuneInString(rec[i][j:])
				l, c := t.cr.FieldPos(i)
				return Row{}, &Error{Line: l, Col: c, Column: t.name(i), Err: fmt.Errorf("%w: %U in the field", ErrInvisible, r)}
			}
		}
		return Row{Line: line, t: t, rec: rec}, nil
	}
}

func (t *Reader) name(i int) string {
	if i < len(t.names) && t.names[i] != "" {
		return SafeName(t.names[i])
	}
	return fmt.Sprintf("column %d", i+1)
}

// SafeName returns a column name for an error message: as it is when it
// is short printable ASCII, else its Excerpt.
func SafeName(s string) string {
	if len(s) > 40 {
		return Excerpt(s)
	}
	for i := 0; i < len(s); i++ {
		if s[i] < 0x20 || s[i] >= 0x7f {
			return Excerpt(s)
		}
	}
	return s
}

// Get returns the trimmed value of column c, or "" if there is no such
// column.
func (r Row) Get(c string) string {
	i, ok := r.t.cols[c]
	if !ok {
		return ""
	}
	return strings.TrimSpace(r.rec[i])
}

// Raw returns the value of column c as it is in the file, untrimmed, or
// "" if there is no such column.
func (r Row) Raw(c string) string {
	i, ok := r.t.cols[c]
	if !ok {
		return ""
	}
	return r.rec[i]
}

// Field returns the trimmed value of the column at index i (see
// Reader.Index), or "" when i is negative: Get without the lookup of the
// column by name, for readers that look their columns up once.
func (r Row) Field(i int) string {
	if i < 0 || i >= len(r.rec) {
		return ""
	}
	return strings.TrimSpace(r.rec[i])
}

// Has reports whether column c exists and is not blank in this row.
func (r Row) Has(c string) bool { return r.Get(c) != "" }

// FieldLine returns the line on which column c of the row starts (a
// quoted field may start on a later line than its record), or the row's
// line. Valid only until the next call of Next.
func (r Row) FieldLine(c string) int {
	if i, ok := r.t.cols[c]; ok {
		if l, _ := r.t.cr.FieldPos(i); l > 0 {
			return l
		}
	}
	return r.Line
}

func (t *Reader) wrap(err error) error {
	var le *limitError
	if errors.As(err, &le) {
		e := &Error{Line: le.line, Col: le.col, Err: le.err}
		if le.field >= 0 && le.field < len(t.names) {
			e.Column = t.name(le.field)
		}
		return e
	}
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		// The record's start line; the column only when the error is on
		// that line.
		e := &Error{Line: pe.StartLine, Err: fmt.Errorf("%w: %v", ErrRecord, pe.Err)}
		if pe.StartLine == 0 {
			e.Line = pe.Line
		}
		if pe.Line == e.Line {
			e.Col = pe.Column
			e.Column = fmt.Sprintf("column %d", pe.Column)
		} else {
			e.Err = fmt.Errorf("%w: %v (on line %d, column %d)", ErrRecord, pe.Err, pe.Line, pe.Column)
		}
		return e
	}
	return err
}

// Fatal reports whether err, returned by Next, ends the reading: a limit,
// an invisible or badly encoded character, data after the end marker or
// an I/O error, after which no further record can be trusted. A malformed
// record is not fatal: the next one can be read.
func Fatal(err error) bool {
	var te *Error
	if !errors.As(err, &te) {
		return true
	}
	return errors.Is(err, ErrLimit) || errors.Is(err, ErrInvisible) || errors.Is(err, ErrEndMarker) || errors.Is(err, ErrEncoding)
}

// prepare checks the start of r for a byte order mark (skipping UTF-8's,
// refusing UTF-16) and wraps it to enforce the limits, check characters
// and turn lone CRs into line ends.
func prepare(r io.Reader, o Options) (*guard, error) {
	var head [3]byte
	n, err := io.ReadFull(r, head[:])
	if err != nil && err != io.ErrUnexpectedEOF && err != io.EOF {
		return nil, err
	}
	b := head[:n]
	col := 1
	switch {
	case bytes.HasPrefix(b, []byte("\xef\xbb\xbf")):
		b, col = nil, 4
	case bytes.HasPrefix(b, []byte("\xff\xfe")), bytes.HasPrefix(b, []byte("\xfe\xff")):
		return nil, &Error{Line: 1, Err: fmt.Errorf("%w: UTF-16 text: save the file as UTF-8", ErrEncoding)}
	}
	return &guard{r: io.MultiReader(bytes.NewReader(b), r), o: o, lim: o.Limits, line: 1, col: col, recLine: 1, fieldStart: true, fields: 1}, nil
}

// limitError carries a limit breach or a bad character through
// encoding/csv, which returns reader errors as they are.
type limitError struct {
	line, col int
	field     int // 0-based index of the field, -1 if unknown
	err       error
}

func (e *limitError) Error() string { return e.err.Error() }

// guard passes the file's bytes to encoding/csv, counting bytes, lines,
// records and fields as the CSV grammar delimits them (following quotes),
// so that it stops a file breaking its limits before the bytes are
// buffered. It checks every character, turns a CR not followed by LF
// into LF (so that old Mac files read line by line) and CR LF into LF,
// and ends the data at an end marker.
type guard struct {
	r         io.Reader
	o         Options
	lim       Limits
	maxFields int
	total     int64

	line, col  int // position of the next byte
	lineLen    int
	recLen     int
	recLine    int
	fields     int
	quoted     bool // inside a quoted field
	quoteSeen  bool // a quote inside a quoted field: closing or doubled
	fieldStart bool // no byte of the field yet (but blanks)
	skipLF     bool // the last byte was a CR, already given out as LF

	pend              [utf8.UTFMax]byte // an incomplete UTF-8 sequence
	npend             int
	pendLine, pendCol int

	sawMarker bool
	repaired  int
	err       error // returned once the bytes before it are given out

	ahead *readAhead // set by Reader.ReadAhead
}

// readAhead checks the bytes of a file on a goroutine of its own, ahead
// of the reader: the chunks it has checked wait in ch, in file order,
// each with the error read after its bytes (the guard's, in order, as
// Read would give it); a reader that stops early closes stop.
type readAhead struct {
	ch   chan aheadChunk
	free chan []byte
	stop chan struct{}
	once sync.Once
	cur  aheadChunk
	off  int
}

type aheadChunk struct {
	b   []byte
	err error
}

// aheadChunkSize and aheadChunks bound what a read-ahead holds: at most
// aheadChunks+2 chunks of aheadChunkSize bytes.
const (
	aheadChunkSize = 64 << 10
	aheadChunks    = 4
)

func (a *readAhead) read(p []byte) (int, error) {
	for a.off == len(a.cur.b) {
		if a.cur.err != nil {
			return 0, a.cur.err
		}
		if a.cur.b != nil {
			select {
			case a.free <- a.cur.b[:0]:
			default:
			}
		}
		c, ok := <-a.ch
		if !ok { // stopped
			a.cur = aheadChunk{err: ErrClosed}
			continue
		}
		a.cur, a.off = c, 0
	}
	n := copy(p, a.cur.b[a.off:])
	a.off += n
	return n, nil
}

// ErrClosed is returned by a Reader read after ReadAhead's stop.
var ErrClosed = errors.New("table reader closed")

func (g *guard) fail(line, col int, err error) {
	if g.err == nil {
		field := -1
		if col > 0 {
			field = g.fields - 1
		}
		g.err = &limitError{line: line, col: col, field: field, err: err}
	}
}

func (g *guard) Read(p []byte) (int, error) {
	if g.ahead != nil {
		return g.ahead.read(p)
	}
	return g.read(p)
}

// read is Read on the goroutine that checks the bytes: the caller's, or
// the read-ahead goroutine's.
func (g *guard) read(p []byte) (int, error) {
	for {
		if g.err != nil {
			return 0, g.err
		}
		n, err := g.r.Read(p)
		// The bytes within MaxFileBytes are checked and given out, then
		// the limit's error: the same bytes and errors however the file
		// is read, a few bytes or a chunk at a time (ReadAhead).
		over := false
		if g.lim.MaxFileBytes > 0 && g.total+int64(n) > g.lim.MaxFileBytes {
			n, err, over = int(g.lim.MaxFileBytes-g.total), nil, true
		}
		g.total += int64(n)
		out := 0
		for i := 0; i < n && g.err == nil; i++ {
			c := p[i]
			// The common case, a run of printable ASCII bytes of no
			// meaning to the CSV grammar, within the limits: count them
			// and go on.
			if plain[c] && !g.o.slow && !g.skipLF && !g.quoteSeen && g.npend == 0 && !g.sawMarker {
				budget := n - i
				if g.lim.MaxLineBytes > 0 {
					budget = min(budget, g.lim.MaxLineBytes-g.lineLen)
				}
				if g.lim.MaxRecordBytes > 0 {
					budget = min(budget, g.lim.MaxRecordBytes-g.recLen)
				}
				// After the run's first byte, which is plain, a space is
				// inside the field (or inside quotes): as plain as the rest.
				j := i
				for j < i+budget && (plain[p[j]] || p[j] == ' ' && j > i) {
					j++
				}
				if k := j - i; k > 0 {
					g.col += k
					g.lineLen += k
					g.recLen += k
					if !g.quoted {
						g.fieldStart = false
					}
					if out != i {
						copy(p[out:], p[i:j])
					}
					out += k
					i = j - 1
					continue
				}
			}
			// A comma between fields, within the limits: as byte does.
			if c == ',' && !g.o.slow && !g.quoted && !g.skipLF && !g.quoteSeen && g.npend == 0 && !g.sawMarker &&
				(g.lim.MaxLineBytes <= 0 || g.lineLen < g.lim.MaxLineBytes) &&
				(g.lim.MaxRecordBytes <= 0 || g.recLen < g.lim.MaxRecordBytes) &&
				g.maxFields > 0 && g.fields < g.maxFields && (g.lim.MaxFields <= 0 || g.fields < g.lim.MaxFields) {
				g.col++
				g.lineLen++
				g.recLen++
				g.fields++
				g.fieldStart = true
				p[out] = c
				out++
				continue
			}
			if g.skipLF {
				g.skipLF = false
				if c == '\n' {
					continue // the LF of a CR LF
				}
			}
			if c == '\r' {
				c, g.skipLF = '\n', true
			}
			if g.sawMarker {
				switch c {
				case ' ', '\t', '\n', 0x1a:
				default:
					g.fail(g.line, g.col, fmt.Errorf("%w: byte %s", ErrEndMarker, strconv.QuoteToASCII(string(c))))
				}
				g.advance(c)
				continue
			}
			if c == 0x1a && g.o.EndMarker {
				// Even inside quotes: the data ends here, and
				// encoding/csv reports a field left open.
				g.flush()
				g.sawMarker = true
				g.advance(c)
				continue
			}
			g.byte(c)
			if g.err != nil {
				break // the bytes before it are given out first
			}
			p[out] = c
			out++
		}
		if over && g.err == nil {
			g.fail(0, 0, fmt.Errorf("%w: file larger than %d bytes", ErrLimit, g.lim.MaxFileBytes))
		}
		if err == io.EOF {
			g.flush()
		}
		if out > 0 {
			return out, nil
		}
		if g.err != nil {
			return 0, g.err
		}
		if err != nil || n == 0 {
			return 0, err
		}
		// only dropped bytes (an LF of a CR LF, the end marker's
		// trailing blanks): read on
	}
}

// plain marks the bytes of the fast path of guard.Read: printable ASCII
// but space, the quote and the comma.
var plain = func() (t [256]bool) {
	for c := '!'; c < 0x7f; c++ {
		t[c] = c != '"' && c != ','
	}
	return t
}()

// advance moves the position past c.
func (g *guard) advance(c byte) {
	if c == '\n' {
		g.line++
		g.col = 1
		g.lineLen = 0
		return
	}
	g.col++
	g.lineLen++
}

// byte accounts for one byte of the data (a CR already turned into LF).
func (g *guard) byte(c byte) {
	line, col := g.line, g.col
	if c < 0x80 {
		g.flush()
	}
	g.advance(c)
	if c != '\n' && g.lim.MaxLineBytes > 0 && g.lineLen > g.lim.MaxLineBytes {
		g.fail(line, 0, fmt.Errorf("%w: line longer than %d bytes", ErrLimit, g.lim.MaxLineBytes))
		return
	}
	g.recLen++
	if g.lim.MaxRecordBytes > 0 && g.recLen > g.lim.MaxRecordBytes {
		g.fail(g.recLine, 0, fmt.Errorf("%w: record longer than %d bytes", ErrLimit, g.lim.MaxRecordBytes))
		return
	}
	if g.quoteSeen {
		g.quoteSeen = false
		if c == '"' {
			return // a doubled quote: still inside
		}
		g.quoted = false
	}
	switch {
	case g.quoted:
		if c == '"' {
			g.quoteSeen = true
		}
	case c == '\n':
		g.recLen, g.recLine, g.fields, g.fieldStart = 0, g.line, 1, true
		return
	case c == ',':
		g.fields++
		g.fieldStart = true
		max := g.lim.MaxFields
		if g.maxFields > 0 && (max <= 0 || g.maxFields < max) {
			max = g.maxFields
		}
		if max > 0 && g.fields > max {
			g.fail(g.recLine, 0, fmt.Errorf("%w: more than %d fields", ErrLimit, max))
		}
		return
	case c == '"' && g.fieldStart:
		g.quoted, g.fieldStart = true, false
		return
	case (c == ' ' || c == '\t') && g.fieldStart:
	default:
		g.fieldStart = false
	}
	if c == '\n' || c == '\t' {
		return
	}
	if c < 0x80 {
		if c < 0x20 || c == 0x7f {
			g.fail(line, col, fmt.Errorf("%w: %U", ErrInvisible, rune(c)))
		}
		return
	}
	if g.npend == 0 {
		g.pendLine, g.pendCol = line, col
	}
	g.pend[g.npend] = c
	g.npend++
	g.decode()
}

// decode checks the pending bytes once they make a whole character.
func (g *guard) decode() {
	for g.npend > 0 && utf8.FullRune(g.pend[:g.npend]) {
		r, size := utf8.DecodeRune(g.pend[:g.npend])
		if r == utf8.RuneError && size == 1 {
			g.invalid(g.pend[0])
		} else {
			g.rune(r)
		}
		copy(g.pend[:], g.pend[size:g.npend])
		g.npend -= size
		g.pendCol += size
	}
}

// flush ends a pending sequence that no byte can complete.
func (g *guard) flush() {
	for g.npend > 0 && g.err == nil {
		g.invalid(g.pend[0])
		copy(g.pend[:], g.pend[1:g.npend])
		g.npend--
		g.pendCol++
		g.decode()
	}
	g.npend = 0
}

func (g *guard) invalid(b byte) {
	if !g.o.Latin1 {
		g.fail(g.pendLine, g.pendCol, fmt.Errorf("%w: byte 0x%02x", ErrEncoding, b))
		return
	}
	g.rune(rune(b))
}

func (g *guard) rune(r rune) {
	if r >= 0x80 && r <= 0x9f && g.o.C1AsWindows1252 && windows1252[r-0x80] != 0 {
		g.repaired++
		return
	}
	if invisible(r) {
		g.fail(g.pendLine, g.pendCol, fmt.Errorf("%w: %U", ErrInvisible, r))
	}
}

// invisible reports whether r is a character a reader of the file cannot
// see: a control but tab and line ends, a format character (zero-width
// spaces and joiners, bidirectional controls, byte order marks, soft
// hyphens, tags), or a line or paragraph separator (printable.Invisible).
func invisible(r rune) bool { return printable.Invisible(r) }

// invisibleIndex returns the byte index of the first invisible character
// of s, or -1.
func invisibleIndex(s string) int {
	for i, r := range s {
		if invisible(r) {
			return i
		}
	}
	return -1
}

// windows1252 maps the C1 range to what Windows-1252 puts there; 0 where
// it puts nothing.
var windows1252 = [32]rune{
	0x20ac, 0, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017d, 0,
	0, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0, 0x017e, 0x0178,
}

// repairC1 replaces the C1 characters of s that Windows-1252 defines.
func repairC1(s string) string {
	if strings.IndexFunc(s, func(r rune) bool { return r >= 0x80 && r <= 0x9f }) < 0 {
		return s
	}
	return strings.Map(func(r rune) rune {
		if r >= 0x80 && r <= 0x9f && windows1252[r-0x80] != 0 {
			return windows1252[r-0x80]
		}
		return r
	}, s)
}

func latin1(s string) string {
	var b strings.Builder
	b.Grow(len(s) + 8)
	for i := 0; i < len(s); i++ {
		b.WriteRune(rune(s[i]))
	}
	return b.String()
}

func sameRecord(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if strings.TrimSpace(a[i]) != strings.TrimSpace(b[i]) {
			return false
		}
	}
	return true
}

// Excerpt returns s for an error message: at most 40 bytes of it (cut at
// a character boundary, "..." marking the cut), quoted, with every
// control, non-ASCII or invisible character escaped, so that no error
// quotes more than a short excerpt of a file nor writes its control
// characters to a terminal.
func Excerpt(s string) string {
	const max = 40
	if len(s) > max {
		i := max
		for i > 0 && !utf8.RuneStart(s[i]) {
			i--
		}
		return strconv.QuoteToASCII(s[:i]) + "..."
	}
	return strconv.QuoteToASCII(s)
}

// Rows calls fn for every record until the end of the file, collecting
// what goes wrong: a malformed record, or the error fn returns for a
// record, is passed through wrap, kept, and reading goes on with the next
// record; a fatal error (see Fatal) ends the reading. It stops after max
// errors.
func (t *Reader) Rows(max int, wrap func(error) error, fn func(Row) error) []error {
	var errs []error
	for len(errs) < max {
		row, err := t.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			errs = append(errs, wrap(err))
			if Fatal(err) {
				break // nothing more can be read
			}
			continue
		}
		if err := fn(row); err != nil {
			errs = append(errs, err)
		}
	}
	return errs
}
