package lists

import (
	"bufio"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/investscreen/investscreen/holdings"
)

// FormatUN names the UN Security Council Consolidated List XML in
// Release.Format.
const FormatUN = "un-xml"

// maxXMLDepth bounds the nesting of XML elements a reader accepts.
const maxXMLDepth = 64

// ReadUN reads the UN Security Council Consolidated List in its XML form
// (CONSOLIDATED_LIST, as published at scsanctions.un.org) from r; file
// names it in errors and in the Release. It streams: memory grows with the
// entries, not with the file.
//
// Each INDIVIDUALS/INDIVIDUAL and ENTITIES/ENTITY is one Entry with List
// UN and Type "individual" or "entity": ID is DATAID; Name is FIRST_NAME
// to FOURTH_NAME joined by spaces (FIRST_NAME for an entity); Programs is
// UN_LIST_TYPE (the sanctions regime, e.g. "DPRK"); REFERENCE_NUMBER is
// an Identifier of type "UN Reference Number", and each
// INDIVIDUAL_DOCUMENT with a NUMBER an Identifier of its
// TYPE_OF_DOCUMENT; LISTED_ON gives Listed; COMMENTS1 is Remarks and the
// TITLE values are Title. Aliases come from INDIVIDUAL_ALIAS and
// ENTITY_ALIAS: QUALITY "Low" is a weak alias, "f.k.a." an fka, anything
// else ("Good", "a.k.a.", empty) a strong aka; NAME_ORIGINAL_SCRIPT is a
// strong aka too. Addresses keep STREET, CITY/STATE_PROVINCE/ZIP_CODE
// (joined by ", "), COUNTRY and NOTE. Runs of white space in names are
// single spaces. Elements it does not know are skipped.
//
// Release.Date is the date of CONSOLIDATED_LIST@dateGenerated as written
// (the calendar date of its timestamp, in the time zone it states).
//
// A file with no entry is an error matching ErrEmpty.
//
// ReadUN reads r to its end; every error is a *ParseError matching
// ErrFormat (or the reader's own error), whose Field is the element path
// ("CONSOLIDATED_LIST/INDIVIDUALS/INDIVIDUAL[3]/LISTED_ON") and Line the
// line of the fault. Nesting deeper than 64 elements, or one tag, text or
// comment over 1 MiB, is an error. The List returned is complete and
// read-only, and then safe for concurrent use.
func ReadUN(r io.Reader, file string) (*List, error) {
	dig := newFileDigest()
	lim := &tokenLimiter{r: hashedInput(r, dig)}
	u := &unReader{file: file, dec: xml.NewDecoder(lim), seen: map[string]bool{}}
	if err := u.read(lim); err != nil {
		return nil, err
	}
	if len(u.list.Entries) == 0 {
		return nil, &ParseError{File: file, Err: fmt.Errorf("%w: %w: no INDIVIDUAL or ENTITY", ErrFormat, ErrEmpty)}
	}
	u.list.Release = dig.release("UN Security Council Consolidated List", FormatUN, file)
	u.list.Release.IDScheme = IDPublisher
	u.list.Release.Date = u.date
	return &u.list, nil
}

// errTokenTooLong is the cause when one XML token is over maxRecordBytes bytes.
var errTokenTooLong = fmt.Errorf("an XML tag, text or comment is longer than %d bytes", maxRecordBytes)

// tokenLimiter gives the XML decoder its bytes one at a time (it is an
// io.ByteReader, so the decoder reads nothing ahead) and fails once more
// than maxRecordBytes bytes have been read since the last mark: the reader
// marks it before each token.
type tokenLimiter struct {
	r   *bufio.Reader
	n   int
	err error // the reader's own error, if any
}

func (l *tokenLimiter) ReadByte() (byte, error) {
	if l.n >= maxRecordBytes {
		return 0, errTokenTooLong
	}
	c, err := l.r.ReadByte()
	switch {
	case err == nil:
		l.n++
	case err != io.EOF:
		l.err = err
	}
	return c, err
}

func (l *tokenLimiter) Read(p []byte) (int, error) {
	if len(p) > maxRecordBytes-l.n {
		p = p[:maxRecordBytes-l.n]
	}
	if len(p) == 0 {
		return 0, errTokenTooLong
	}
	n, err := l.r.Read(p)
	l.n += n
	if err != nil && err != io.EOF {
		l.err = err
	}
	return n, err
}

func (l *tokenLimiter) mark() { l.n = 0 }

type unReader struct {
	file  string
	dec   *xml.Decoder
	list  List
	date  holdings.Date
	seen  map[string]bool // DATAIDs
	stack []string        // open elements
	items int             // items read of the current group, for paths
	text  bytes.Buffer    // text of the innermost element
	root  bool            // the root element has been read

	cur   *Entry // the INDIVIDUAL or ENTITY being read
	names [4]string
	sub   map[string]string // fields of the alias, address or document being read
}

func (u *unReader) read(lim *tokenLimiter) error {
	for {
		lim.mark()
		tok, err := u.dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			var se *xml.SyntaxError
			switch {
			case errors.Is(err, errTokenTooLong):
				return u.errorf("%v", err)
			case errors.As(err, &se):
				return &ParseError{File: u.file, Line: se.Line, Field: u.path(), Err: fmt.Errorf("%w: %s", ErrFormat, se.Msg)}
			case lim.err != nil && errors.Is(err, lim.err):
				return &ParseError{File: u.file, Line: u.line(), Field: u.path(), Err: err}
			}
			return u.errorf("%v", err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if err := u.start(t); err != nil {
				return err
			}
		case xml.EndElement:
			if err := u.end(t.Name.Local); err != nil {
				return err
			}
			u.stack = u.stack[:len(u.stack)-1]
			u.text.Reset()
		case xml.CharData:
			if len(u.stack) == 0 {
				if len(bytes.TrimSpace(t)) > 0 {
					return u.errorf("text outside the root element")
				}
				continue
			}
			if u.text.Len()+len(t) > maxRecordBytes {
				return u.errorf("%v", errTokenTooLong)
			}
			u.text.Write(t)
		}
	}
	if !u.root {
		return &ParseError{File: u.file, Err: fmt.Errorf("%w: no CONSOLIDATED_LIST element", ErrFormat)}
	}
	return nil
}

func (u *unReader) start(t xml.StartElement) error {
	name := t.Name.Local
	if len(u.stack) >= maxXMLDepth {
		return u.errorf("elements nested deeper than %d levels", maxXMLDepth)
	}
	switch len(u.stack) {
	case 0:
		if u.root {
			return u.errorf("a second root element <%s>", excerpt(name))
		}
		if name != "CONSOLIDATED_LIST" {
			return u.errorf("root element <%s>, want <CONSOLIDATED_LIST>", excerpt(name))
		}
		u.root = true
		u.stack = append(u.stack, name)
		for _, a := range t.Attr {
			if a.Name.Local != "dateGenerated" {
				continue
			}
			d, err := parseTimestampDate(a.Value)
			if err != nil {
				return &ParseError{File: u.file, Line: u.line(), Field: "CONSOLIDATED_LIST@dateGenerated", Err: err}
			}
			u.date = d
		}
		u.text.Reset()
		return nil
	case 1:
		u.items = 0
	case 2:
		if isUNItem(u.stack[1], name) {
			u.items++
			u.cur = &Entry{List: UN, Type: strings.ToLower(name)}
			u.names = [4]string{}
		}
	case 3:
		if u.cur != nil && (strings.HasSuffix(name, "_ALIAS") || strings.HasSuffix(name, "_ADDRESS") || name == "INDIVIDUAL_DOCUMENT") {
			u.sub = map[string]string{}
		}
	}
	u.stack = append(u.stack, name)
	u.text.Reset()
	return nil
}

// end handles the end of element name, still on the stack.
func (u *unReader) end(name string) error {
	if u.cur == nil {
		return nil
	}
	text := strings.TrimSpace(u.text.String())
	switch len(u.stack) {
	case 3: // the INDIVIDUAL or ENTITY
		return u.endEntry()
	case 4: // its fields
		return u.field(name, text)
	case 5: // fields of an alias, address or document; TITLE values
		parent := u.stack[3]
		switch {
		case u.sub != nil:
			u.sub[name] = text
		case parent == "TITLE" && name == "VALUE" && text != "":
			if u.cur.Title != "" {
				u.cur.Title += "; "
			}
			u.cur.Title += collapseSpace(text)
		}
	}
	return nil
}

func (u *unReader) field(name, text string) error {
	e := u.cur
	switch name {
	case "DATAID":
		e.ID = text
	case "FIRST_NAME":
		u.names[0] = collapseSpace(text)
	case "SECOND_NAME":
		u.names[1] = collapseSpace(text)
	case "THIRD_NAME":
		u.names[2] = collapseSpace(text)
	case "FOURTH_NAME":
		u.names[3] = collapseSpace(text)
	case "UN_LIST_TYPE":
		if text != "" {
			e.Programs = append(e.Programs, text)
		}
	case "REFERENCE_NUMBER":
		if text != "" {
			e.IDs = append(e.IDs, Identifier{Type: "UN Reference Number", Value: text})
		}
	case "LISTED_ON":
		if text == "" {
			return nil
		}
		d, err := parseXSDate(text)
		if err != nil {
			return &ParseError{File: u.file, Line: u.line(), Field: u.path(), Err: err}
		}
		e.Listed = d
	case "COMMENTS1":
		e.Remarks = text
	case "NAME_ORIGINAL_SCRIPT":
		if text != "" {
			e.Aliases = append(e.Aliases, Alias{Type: "aka", Name: collapseSpace(text)})
		}
	case "INDIVIDUAL_ALIAS", "ENTITY_ALIAS":
		if n := collapseSpace(u.sub["ALIAS_NAME"]); n != "" {
			a := Alias{Type: "aka", Name: n}
			switch strings.ToLower(u.sub["QUALITY"]) {
			case "low":
				a.Weak = true
			case "f.k.a.":
				a.Type = "fka"
			case "n.k.a.":
				a.Type = "nka"
			}
			e.Aliases = append(e.Aliases, a)
		}
		u.sub = nil
	case "INDIVIDUAL_ADDRESS", "ENTITY_ADDRESS":
		var city []string
		for _, k := range []string{"CITY", "STATE_PROVINCE", "ZIP_CODE"} {
			if v := u.sub[k]; v != "" {
				city = append(city, v)
			}
		}
		a := Address{Street: u.sub["STREET"], City: strings.Join(city, ", "), Country: u.sub["COUNTRY"], Remarks: u.sub["NOTE"]}
		if a != (Address{}) {
			e.Addresses = append(e.Addresses, a)
		}
		u.sub = nil
	case "INDIVIDUAL_DOCUMENT":
		if num := u.sub["NUMBER"]; num != "" {
			typ := collapseSpace(u.sub["TYPE_OF_DOCUMENT"])
			if typ == "" {
				typ = collapseSpace(u.sub["TYPE_OF_DOCUMENT2"])
			}
			if typ == "" {
				typ = "Document"
			}
			country := u.sub["ISSUING_COUNTRY"]
			if country == "" {
				country = u.sub["COUNTRY_OF_ISSUE"]
			}
			e.IDs = append(e.IDs, Identifier{Type: typ, Value: num, Country: country})
		}
		u.sub = nil
	default:
		u.sub = nil
	}
	return nil
}

func (u *unReader) endEntry() error {
	e := u.cur
	var name []string
	for _, n := range u.names {
		if n != "" {
			name = append(name, n)
		}
	}
	e.Name = strings.Join(name, " ")
	switch {
	case e.ID == "":
		return u.errorf("no DATAID")
	case e.Name == "":
		return u.errorf("no FIRST_NAME")
	case u.seen[e.ID]:
		return u.errorf("DATAID %s appears twice", excerpt(e.ID))
	}
	u.seen[e.ID] = true
	u.list.Entries = append(u.list.Entries, e)
	u.cur = nil
	return nil
}

// isUNItem reports whether element name in group is an entry.
func isUNItem(group, name string) bool {
	return (group == "INDIVIDUALS" && name == "INDIVIDUAL") || (group == "ENTITIES" && name == "ENTITY")
}

// line returns the line the decoder is on.
func (u *unReader) line() int {
	l, _ := u.dec.InputPos()
	return l
}

// path names the innermost open element, with the 1-based index of the
// INDIVIDUAL or ENTITY it is in.
func (u *unReader) path() string {
	parts := make([]string, len(u.stack))
	copy(parts, u.stack)
	if len(parts) > 2 && isUNItem(parts[1], parts[2]) {
		parts[2] = fmt.Sprintf("%s[%d]", parts[2], u.items)
	}
	return strings.Join(parts, "/")
}

func (u *unReader) errorf(format string, args ...any) *ParseError {
	return &ParseError{File: u.file, Line: u.line(), Field: u.path(), Err: fmt.Errorf("%w: "+format, append([]any{ErrFormat}, args...)...)}
}

// collapseSpace replaces runs of white space in s by single spaces.
func collapseSpace(s string) string { return strings.Join(strings.Fields(s), " ") }

// parseXSDate reads an xs:date: YYYY-MM-DD with an optional time zone
// ("Z", "-04:00"), which does not change the calendar date.
func parseXSDate(s string) (holdings.Date, error) {
	if len(s) > 10 {
		tz := s[10:]
		if _, err := time.Parse("Z07:00", tz); err != nil {
			return holdings.Date{}, fmt.Errorf("%w: %s is not a date like 2006-01-02", ErrFormat, excerpt(s))
		}
		s = s[:10]
	}
	d, err := holdings.ParseDate(s)
	if err != nil {
		return holdings.Date{}, fmt.Errorf("%w: %v", ErrFormat, err)
	}
	return d, nil
}

// parseTimestampDate reads an xs:dateTime or xs:date and returns its
// calendar date as written.
func parseTimestampDate(s string) (holdings.Date, error) {
	s = strings.TrimSpace(s)
	if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
		return holdings.DateOf(t), nil
	}
	if t, err := time.Parse("2006-01-02T15:04:05.999999999", s); err == nil {
		return holdings.DateOf(t), nil
	}
	return parseXSDate(s)
}
