package table

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"io"
	"unicode"
	"unicode/utf8"
)

// records splits CSV text into records exactly as an encoding/csv Reader
// with TrimLeadingSpace and FieldsPerRecord -1 does (the same fields, the
// same positions, the same errors), faster: a record with no quote
// character, which is nearly every record of the files this package
// reads, is split here in one pass over its line, into one string; a
// record with a quote is handed, line by line, to an encoding/csv Reader,
// which parses it and nothing more (see feeder). It reads from the
// guard, which ends the data at a line or record past the limits, so the
// lines it gathers are bounded as the guard bounds them. It is not safe
// for concurrent use.
type records struct {
	br      *bufio.Reader
	reuse   bool // csv.Reader.ReuseRecord
	numLine int  // lines read so far, as csv.Reader counts them
	raw     []byte
	rec     []string
	pos     []position
	quoted  *quotedRecords
	// useQuoted says whether the last record came from quoted (its
	// positions are then quoted's, shifted by quoted.shift lines).
	useQuoted bool
}

// position is a field's line and 1-based byte column, as csv.Reader's
// FieldPos gives them.
type position struct{ line, col int }

// quotedRecords is the encoding/csv Reader that parses the records with a
// quote character, fed their lines by f.
type quotedRecords struct {
	cr *csv.Reader
	f  *feeder
	// shift is what makes its line numbers the file's for the record
	// being read: it counts only the lines it was fed.
	shift int
}

// feeder gives an encoding/csv Reader the lines of the records handed to
// it, at most one line per Read, so that the Reader's buffer never holds
// a byte past the line it asked for: once it has parsed a record, the
// next line is still in records' buffer.
type feeder struct {
	r   *records
	cur []byte // the rest of the line being given
	err error  // the error read after cur's line, returned once cur is given
	fed int    // lines given: the Reader's count of lines
}

func newRecords(r io.Reader) *records {
	return &records{br: bufio.NewReaderSize(r, 64<<10)}
}

func (r *records) setReuse(on bool) { r.reuse = on }

// recordReader is what a Reader reads records with: records, or (for
// the differential fuzz test) encoding/csv itself.
type recordReader interface {
	Read() ([]string, error)
	FieldPos(i int) (line, col int)
	setReuse(bool)
}

// csvRecords is an encoding/csv Reader as a recordReader.
type csvRecords struct{ *csv.Reader }

func (c csvRecords) setReuse(on bool) { c.ReuseRecord = on }

func newRecordReader(r io.Reader, o Options) recordReader {
	if o.slow {
		cr := csv.NewReader(r)
		cr.FieldsPerRecord = -1
		cr.TrimLeadingSpace = true
		return csvRecords{cr}
	}
	return newRecords(r)
}

// line reads the next line, with its LF, as csv.Reader does: lines
// longer than the buffer are gathered and each call counts a line. It
// returns the line as read (valid until the next read) and its body, as
// csv.Reader makes it: without its LF or CR LF, and at the end of the
// file without a last CR.
func (r *records) line() (raw, body []byte, err error) {
	raw, err = r.br.ReadSlice('\n')
	if err == bufio.ErrBufferFull {
		r.raw = append(r.raw[:0], raw...)
		for err == bufio.ErrBufferFull {
			raw, err = r.br.ReadSlice('\n')
			r.raw = append(r.raw, raw...)
		}
		raw = r.raw
	}
	r.numLine++
	body = raw
	n := len(body)
	switch {
	case n > 0 && err == io.EOF:
		err = nil
		if body[n-1] == '\r' {
			body = body[:n-1]
		}
	case n >= 2 && body[n-2] == '\r' && body[n-1] == '\n':
		body = body[:n-2]
	case n >= 1 && body[n-1] == '\n':
		body = body[:n-1]
	}
	return raw, body, err
}

// Read returns the next record, as csv.Reader.Read does.
func (r *records) Read() ([]string, error) {
	var raw, body []byte
	var err error
	for err == nil {
		raw, body, err = r.line()
		if err == nil && len(body) == 0 {
			continue // a blank line
		}
		break
	}
	if err == io.EOF {
		return nil, err
	}
	r.useQuoted = false
	if bytes.IndexByte(body, '"') >= 0 {
		return r.readQuoted(raw, err)
	}
	return r.split(body, err)
}

// split makes the record of a line with no quote character from its
// body; readErr, the error read after it, is returned with it.
func (r *records) split(body []byte, readErr error) ([]string, error) {
	rec := r.rec[:0]
	if !r.reuse {
		rec = nil
	}
	pos := r.pos[:0]
	s := string(body) // one string per record: the fields are its parts
	field := func(i, end int) {
		// TrimLeadingSpace: the white space before a field is not the
		// field's (Unicode's, as csv.Reader has it; never a comma).
		j := i
		for j < end && (s[j] <= ' ' || s[j] >= utf8.RuneSelf) {
			c, size := utf8.DecodeRuneInString(s[j:end])
			if !unicode.IsSpace(c) {
				break
			}
			j += size
		}
		rec = append(rec, s[j:end])
		pos = append(pos, position{r.numLine, j + 1})
	}
	i := 0
	for j := 0; j < len(s); j++ {
		if s[j] == ',' {
			field(i, j)
			i = j + 1
		}
	}
	field(i, len(s))
	r.rec, r.pos = rec, pos
	return rec, readErr
}

// readQuoted hands raw, the line of a record with a quote character, and
// readErr, the error read after it, to the encoding/csv Reader, which
// reads the record's further lines through the feeder.
func (r *records) readQuoted(raw []byte, readErr error) ([]string, error) {
	q := r.quoted
	if q == nil {
		q = &quotedRecords{f: &feeder{r: r}}
		q.cr = csv.NewReader(q.f)
		q.cr.FieldsPerRecord = -1
		q.cr.TrimLeadingSpace = true
		r.quoted = q
	}
	q.cr.ReuseRecord = r.reuse
	q.f.cur, q.f.err = raw, readErr
	// The Reader has counted every line it was fed; this record's first
	// is the file's line r.numLine.
	q.shift = r.numLine - (q.f.fed + 1)
	q.f.fed++
	rec, err := q.cr.Read()
	r.useQuoted = true
	if pe, ok := err.(*csv.ParseError); ok {
		shifted := *pe
		shifted.StartLine += q.shift
		shifted.Line += q.shift
		err = &shifted
	}
	return rec, err
}

// FieldPos returns the line and column of field i of the last record, as
// csv.Reader.FieldPos does.
func (r *records) FieldPos(i int) (line, col int) {
	if r.useQuoted {
		l, c := r.quoted.cr.FieldPos(i)
		return l + r.quoted.shift, c
	}
	if i < 0 || i >= len(r.pos) {
		panic("out of range index passed to FieldPos")
	}
	return r.pos[i].line, r.pos[i].col
}

func (f *feeder) Read(p []byte) (int, error) {
	if len(f.cur) == 0 {
		if f.err != nil {
			return 0, f.err
		}
		raw, _, err := f.r.line()
		f.cur, f.err = raw, err
		if len(raw) == 0 {
			return 0, err
		}
		f.fed++
	}
	n := copy(p, f.cur)
	f.cur = f.cur[n:]
	return n, nil
}
