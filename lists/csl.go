package lists

import (
	"bufio"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"github.com/investscreen/investscreen/holdings"
)

// FormatCSL names the Trade.gov Consolidated Screening List CSV in
// Release.Format.
const FormatCSL = "csl"

// List codes of the Commerce and State Department lists that the
// Consolidated Screening List carries besides OFAC's. The CSL's Treasury
// lists get OFAC's codes (SDN, NSCMIC, SSI, ...).
const (
	// EntityList is the BIS Entity List (15 CFR part 744, supplement 4).
	EntityList Code = "BIS-EL"
	// DeniedPersons is the BIS Denied Persons List.
	DeniedPersons Code = "BIS-DPL"
	// Unverified is the BIS Unverified List.
	Unverified Code = "BIS-UVL"
	// MilitaryEndUser is the BIS Military End User List.
	MilitaryEndUser Code = "BIS-MEU"
	// ITARDebarred is the State Department (DDTC) list of parties
	// debarred under the ITAR.
	ITARDebarred Code = "STATE-DTC"
	// Nonproliferation is the State Department (ISN) list of
	// nonproliferation sanctions.
	Nonproliferation Code = "STATE-ISN"
)

// cslSources maps the CSL's source column, lower-cased, to a list code:
// every source of the 2023-11 file, and the spelling "(NS-CMIC)" of the
// NS-CMIC source. The CAPTA list is OFAC's list of foreign financial
// institutions under correspondent-account sanctions: its code comes from
// the entry's programs, as in OFAC's own consolidated file (listOf), hence
// "" (its one entry, program 561-Related, is Part561).
var cslSources = map[string]Code{
	"specially designated nationals (sdn) - treasury department":                                 SDN,
	"non-sdn chinese military-industrial complex companies list (cmic) - treasury department":    NSCMIC,
	"non-sdn chinese military-industrial complex companies list (ns-cmic) - treasury department": NSCMIC,
	"sectoral sanctions identifications list (ssi) - treasury department":                        SSI,
	"palestinian legislative council list (plc) - treasury department":                           NSPLC,
	"non-sdn menu-based sanctions list (ns-mbs list) - treasury department":                      NSMBS,
	"foreign sanctions evaders (fse) - treasury department":                                      FSE,
	"capta list (cap) - treasury department":                                                     "",
	"entity list (el) - bureau of industry and security":                                         EntityList,
	"denied persons list (dpl) - bureau of industry and security":                                DeniedPersons,
	"unverified list (uvl) - bureau of industry and security":                                    Unverified,
	"military end user (meu) list - bureau of industry and security":                             MilitaryEndUser,
	"itar debarred (dtc) - state department":                                                     ITARDebarred,
	"nonproliferation sanctions (isn) - state department":                                        Nonproliferation,
}

// cslFieldsWhole are the ids-column types whose value is everything after
// the type: they may hold ", " themselves ("Issuer Name, China Telecom
// Co., Ltd") and carry no country.
var cslFieldsWhole = map[string]bool{
	fieldISIN: true, fieldTicker: true, fieldIssuer: true, fieldTargetType: true, fieldLinkedTo: true,
	fieldCMICListing: true, fieldCMICEffective: true, fieldCMICDivestment: true,
}

// ReadCSL reads the US Consolidated Screening List (Trade.gov) in its CSV
// form from r; file names it in errors and in the Release. The header
// names the columns (any order, case-insensitive; others are ignored):
// source and name are required, and an id (entity_number, _id or id). A
// later row identical to the header is skipped (some copies repeat it).
//
// Each row is one Entry. Its List comes from the source column (OFAC's
// codes for the Treasury lists; EntityList, DeniedPersons, Unverified,
// MilitaryEndUser, ITARDebarred and Nonproliferation for the others); a
// source it does not know is an error, so that no entry is screened
// under the wrong rules. An OFAC entity on two lists is two entries. ID
// is entity_number (OFAC's ent_num) or, where that is empty (the
// Commerce and State lists), _id. Type is the type column in lower case,
// empty where the CSL gives none (the Commerce and State lists). programs
// and alt_names (aka aliases; the CSL does not mark weak ones) are
// "; "-separated; addresses are "; "-separated, each with its ISO country
// code last. The ids column holds "; "-separated "Type, Value[, Country]"
// items, read with the same field rules as OFAC's remarks (applyField),
// so that an NS-CMIC entry from the CSL equals the one from OFAC's own
// files but for the letter case of names and the spelling of countries.
// start_date gives Listed and end_date Removed. title, remarks and the
// vessel columns fill the fields of the same names. The CSL states no
// release date: Release.Date is zero.
//
// ReadCSL reads r to its end; every error is a *ParseError matching
// ErrFormat (or the reader's own error), naming the line and column. A
// record over 1 MiB is an error. The List returned is complete and
// read-only, and then safe for concurrent use.
func ReadCSL(r io.Reader, file string) (*List, error) {
	in := newCSVInput(r, file)
	head, line, cols, err := in.begin(nil)
	if err != nil {
		return nil, err
	}
	for _, c := range []string{"source", "name"} {
		if _, ok := cols[c]; !ok {
			return nil, in.errorf(line, c, "no %q column in the header", c)
		}
	}
	idCols := []string{"entity_number", "_id", "id"}
	hasID := false
	for _, c := range idCols {
		_, ok := cols[c]
		hasID = hasID || ok
	}
	if !hasID {
		return nil, in.errorf(line, "entity_number", "no entity_number, _id or id column in the header")
	}
	l := &List{}
	seen := map[string]int{} // list + " " + id -> line
	for {
		rec, line, err := in.next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		if sameRecord(rec, head) {
			continue
		}
		if len(rec) != len(head) {
			return nil, in.errorf(line, "", "%d columns, the header has %d", len(rec), len(head))
		}
		get := func(c string) string {
			if i, ok := cols[c]; ok {
				return strings.TrimSpace(rec[i])
			}
			return ""
		}
		e := &Entry{
			Type:        strings.ToLower(get("type")),
			Name:        get("name"),
			Title:       get("title"),
			CallSign:    get("call_sign"),
			VesselType:  get("vessel_type"),
			Tonnage:     get("gross_tonnage"),
			GRT:         get("gross_registered_tonnage"),
			VesselFlag:  get("vessel_flag"),
			VesselOwner: get("vessel_owner"),
			Remarks:     get("remarks"),
		}
		for _, c := range idCols {
			if e.ID = get(c); e.ID != "" {
				break
			}
		}
		if e.ID == "" {
			return nil, in.errorf(in.line(cols, "entity_number", line), "entity_number", "no entity_number or _id")
		}
		if e.Name == "" {
			return nil, in.errorf(in.line(cols, "name", line), "name", "empty name")
		}
		e.Programs = splitNonEmpty(get("programs"), "; ")
		list, ok := cslSources[strings.ToLower(get("source"))]
		if !ok {
			return nil, in.errorf(in.line(cols, "source", line), "source", "unknown list %q", clipForError(get("source")))
		}
		if list == "" {
			list = listOf(e.Programs)
		}
		e.List = list
		key := string(e.List) + " " + e.ID
		if first, dup := seen[key]; dup {
			return nil, in.errorf(line, "entity_number", "entry %s of list %s appears twice (first on line %d)", clipForError(e.ID), e.List, first)
		}
		seen[key] = line
		for _, a := range splitNonEmpty(get("alt_names"), "; ") {
			e.Aliases = append(e.Aliases, Alias{Type: "aka", Name: a})
		}
		for _, a := range splitNonEmpty(get("addresses"), "; ") {
			e.Addresses = append(e.Addresses, cslAddress(a))
		}
		if err := cslIDs(e, get("ids")); err != nil {
			var pe *ParseError
			if errors.As(err, &pe) {
				return nil, &ParseError{File: file, Line: in.line(cols, "ids", line), Field: "ids: " + pe.Field, Err: pe.Err}
			}
			return nil, &ParseError{File: file, Line: in.line(cols, "ids", line), Field: "ids", Err: err}
		}
		for _, d := range []struct {
			col string
			to  *holdings.Date
		}{{"start_date", &e.Listed}, {"end_date", &e.Removed}} {
			if v := get(d.col); v != "" {
				t, err := parseListDate(v)
				if err != nil {
					return nil, &ParseError{File: file, Line: in.line(cols, d.col, line), Field: d.col, Err: err}
				}
				*d.to = t
			}
		}
		if !e.Removed.IsZero() && e.Removed.Before(e.Listed) {
			return nil, in.errorf(in.line(cols, "end_date", line), "end_date", "end_date %s is before start_date %s", e.Removed, e.Listed)
		}
		l.Entries = append(l.Entries, e)
	}
	l.Release = in.release("US Consolidated Screening List (Trade.gov)", FormatCSL)
	l.Release.IDScheme = IDPublisher
	return l, nil
}

// cslIDs applies the items of the CSL's ids column to e.
func cslIDs(e *Entry, s string) error {
	for _, item := range splitNonEmpty(s, "; ") {
		typ, value, _ := strings.Cut(item, ",")
		typ, value = strings.TrimSpace(typ), strings.TrimSpace(value)
		if value == "" {
			continue // "Gender" with no value and the like
		}
		country := ""
		if !cslFieldsWhole[typ] {
			if i := strings.LastIndex(value, ", "); i >= 0 && isISOCountry(value[i+2:]) {
				value, country = value[:i], value[i+2:]
			}
		}
		n := len(e.IDs)
		if err := applyField(e, typ, value); err != nil {
			return err
		}
		if country != "" && len(e.IDs) > n {
			// The CSL gives the country apart: the value is kept whole,
			// even if it ends in parentheses.
			e.IDs[len(e.IDs)-1] = Identifier{Type: typ, Value: value, Country: country}
		}
	}
	return nil
}

// cslAddress reads one address of the CSL's addresses column: its parts
// are joined by ", " and the last is the ISO country code where given.
func cslAddress(s string) Address {
	if i := strings.LastIndex(s, ", "); i >= 0 && isISOCountry(s[i+2:]) {
		return Address{Street: s[:i], Country: s[i+2:]}
	}
	if isISOCountry(s) {
		return Address{Country: s}
	}
	return Address{Street: s}
}

func isISOCountry(s string) bool {
	return len(s) == 2 && s[0] >= 'A' && s[0] <= 'Z' && s[1] >= 'A' && s[1] <= 'Z'
}

// splitNonEmpty splits s at sep, trims the parts and drops empty ones.
func splitNonEmpty(s, sep string) []string {
	var out []string
	for _, p := range strings.Split(s, sep) {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
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

// clip shortens a value quoted in an error message.
func clipForError(s string) string {
	const max = 80
	if len(s) <= max {
		return s
	}
	i := max
	for i > 0 && !utf8.RuneStart(s[i]) {
		i--
	}
	return s[:i] + "..."
}

// maxRecordBytes bounds one CSV record and one XML token (a tag, a text, a
// comment): a longer one is a ParseError, so that no input can make a
// reader buffer more than that at once.
const maxRecordBytes = 1 << 20

// fileDigest counts and hashes the bytes of one list file as they are read.
type fileDigest struct {
	h hash.Hash
	n int64
}

func newFileDigest() *fileDigest { return &fileDigest{h: sha256.New()} }

func (d *fileDigest) Write(p []byte) (int, error) {
	d.n += int64(len(p))
	return d.h.Write(p)
}

// release returns the Release of the one file hashed by d.
func (d *fileDigest) release(name, format, file string) Release {
	sum := hex.EncodeToString(d.h.Sum(nil))
	base := ""
	if file != "" {
		base = filepath.Base(file)
	}
	return Release{Name: name, Format: format, Source: file, SHA256: sum,
		Files: []File{{Name: base, Size: d.n, SHA256: sum}}}
}

// hashedInput returns r with its bytes hashed into d and a leading UTF-8
// byte order mark removed.
func hashedInput(r io.Reader, d *fileDigest) *bufio.Reader {
	br := bufio.NewReader(io.TeeReader(r, d))
	if b, err := br.Peek(3); err == nil && string(b) == "\xef\xbb\xbf" {
		_, _ = br.Discard(3) // the bytes are buffered: this cannot fail
	}
	return br
}

// errRecordTooLong is the cause when a CSV record is over maxRecordBytes bytes.
type errRecordTooLong struct{ line int }

func (e *errRecordTooLong) Error() string {
	return fmt.Sprintf("record starting on line %d is longer than %d bytes", e.line, maxRecordBytes)
}

// recordLimiter passes CSV text through and fails once one record (the
// text between two line ends outside quotes) grows over maxRecordBytes bytes,
// before encoding/csv has buffered it. It follows quotes as the CSV
// grammar does: a doubled quote inside a quoted field toggles twice.
type recordLimiter struct {
	r       io.Reader
	n       int  // bytes of the current record so far
	quoted  bool // inside a quoted field
	line    int  // current line, 1-based
	recLine int  // line the current record started on
	err     error
}

func (l *recordLimiter) Read(p []byte) (int, error) {
	if l.err != nil {
		return 0, l.err
	}
	n, err := l.r.Read(p)
	for i := 0; i < n; i++ {
		switch p[i] {
		case '"':
			l.quoted = !l.quoted
		case '\n':
			l.line++
			if !l.quoted {
				l.n, l.recLine = -1, l.line
			}
		}
		l.n++
		if l.n > maxRecordBytes {
			l.err = &errRecordTooLong{line: l.recLine}
			return i, l.err
		}
	}
	return n, err
}

// csvInput reads the records of one CSV list file: hashed, bounded, with
// a byte order mark removed and Latin-1 fields decoded.
type csvInput struct {
	file string
	dig  *fileDigest
	lim  *recordLimiter
	cr   *csv.Reader
}

func newCSVInput(r io.Reader, file string) *csvInput {
	in := &csvInput{file: file, dig: newFileDigest()}
	in.lim = &recordLimiter{r: hashedInput(r, in.dig), line: 1, recLine: 1}
	in.cr = csv.NewReader(in.lim)
	in.cr.FieldsPerRecord = -1
	in.cr.ReuseRecord = true
	return in
}

// next returns the next record and the line it starts on, or io.EOF
// after the last. Fields that are not valid UTF-8 are read as Latin-1.
// Errors are *ParseErrors matching ErrFormat, or the reader's own.
func (in *csvInput) next() ([]string, int, error) {
	rec, err := in.cr.Read()
	if err == io.EOF {
		return nil, 0, io.EOF
	}
	if err != nil {
		var long *errRecordTooLong
		var pe *csv.ParseError
		switch {
		case errors.As(err, &long):
			return nil, 0, &ParseError{File: in.file, Line: long.line, Err: fmt.Errorf("%w: %v", ErrFormat, long)}
		case errors.As(err, &pe):
			return nil, 0, &ParseError{File: in.file, Line: pe.Line, Field: fmt.Sprintf("column %d", pe.Column), Err: fmt.Errorf("%w: %v", ErrFormat, pe.Err)}
		}
		return nil, 0, &ParseError{File: in.file, Err: err}
	}
	for i, f := range rec {
		if !utf8.ValidString(f) {
			rec[i] = latin1(f)
		}
	}
	line, _ := in.cr.FieldPos(0)
	return rec, line, nil
}

// line returns the line of column c of the record just read (a quoted
// field may start on a later line than its record), or def.
func (in *csvInput) line(cols map[string]int, c string, def int) int {
	if i, ok := cols[c]; ok {
		if l, _ := in.cr.FieldPos(i); l > 0 {
			return l
		}
	}
	return def
}

// header maps the trimmed, lower-cased names of a header record to their
// index. An empty or repeated name is an error; so is a name not in known
// when known is not nil.
// record returns the next record, which must have width fields; io.EOF
// after the last.
func (in *csvInput) record(width int) ([]string, int, error) {
	rec, line, err := in.next()
	if err != nil {
		return nil, line, err
	}
	if len(rec) != width {
		return nil, line, in.errorf(line, "", "%d columns, the header has %d", len(rec), width)
	}
	return rec, line, nil
}

// begin reads the header row: its fields (a copy), line and column
// index (see header). An empty file is an error.
func (in *csvInput) begin(known map[string]bool) ([]string, int, map[string]int, error) {
	head, line, err := in.next()
	if err == io.EOF {
		return nil, 0, nil, in.errorf(1, "", "empty file, want a header row")
	}
	if err != nil {
		return nil, 0, nil, err
	}
	head = append([]string(nil), head...) // the reader reuses its records
	cols, err := in.header(head, line, known)
	if err != nil {
		return nil, 0, nil, err
	}
	return head, line, cols, nil
}

func (in *csvInput) header(rec []string, line int, known map[string]bool) (map[string]int, error) {
	cols := make(map[string]int, len(rec))
	for i, h := range rec {
		h = strings.ToLower(strings.TrimSpace(h))
		switch {
		case h == "":
			return nil, in.errorf(line, fmt.Sprintf("column %d", i+1), "empty column name in the header")
		case known != nil && !known[h]:
			return nil, in.errorf(line, h, "unknown column %q in the header", clipForError(h))
		}
		if _, dup := cols[h]; dup {
			return nil, in.errorf(line, h, "column %q appears twice in the header", clipForError(h))
		}
		cols[h] = i
	}
	return cols, nil
}

// errorf returns a *ParseError at line and field whose cause matches
// ErrFormat.
func (in *csvInput) errorf(line int, field, format string, args ...any) *ParseError {
	return &ParseError{File: in.file, Line: line, Field: field, Err: fmt.Errorf("%w: "+format, append([]any{ErrFormat}, args...)...)}
}

// release returns the Release of the file read, once it has been read to
// its end.
func (in *csvInput) release(name, format string) Release {
	return in.dig.release(name, format, in.file)
}
