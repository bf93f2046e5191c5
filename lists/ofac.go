package lists

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/investscreen/investscreen/internal/table"
)

// FormatOFACCSV names OFAC's legacy CSV format in Release.Format.
const FormatOFACCSV = "ofac-csv"

// ofacSet names the four files of one OFAC legacy CSV set.
type ofacSet struct {
	name                     string // release name
	prim, alt, add, comments string
	sdn                      bool
}

var ofacSets = []ofacSet{
	{name: "OFAC Consolidated (non-SDN) List", prim: "cons_prim.csv", alt: "cons_alt.csv", add: "cons_add.csv", comments: "cons_comments.csv"},
	{name: "OFAC SDN List", prim: "sdn.csv", alt: "alt.csv", add: "add.csv", comments: "sdn_comments.csv", sdn: true},
}

// LoadOFAC reads an OFAC legacy CSV set from the file system. p is a
// directory holding the set (cons_prim.csv with cons_alt.csv, cons_add.csv
// and cons_comments.csv, or sdn.csv with alt.csv, add.csv and
// sdn_comments.csv; names are matched case-insensitively) or the path of
// its primary file, whose siblings are then read. Only the primary file is
// required. Release.Source is p.
//
// Each record of the primary file is one Entry whose ID is OFAC's ent_num
// (leading zeros dropped): the publisher's id, stable across releases
// (Release.IDScheme IDPublisher). The files have no header and exactly
// the columns of OFAC's spec (12 in the primary file, 5 in the alias, 6
// in the address and 2 in the comments file): a record with more or fewer
// is an error, as is one over the ReadMax bounds; the files are streamed.
//
// The set must prove it is whole: the primary, alias and address files
// must end with OFAC's 0x1A end-of-file byte (else an error matching
// ErrTruncated naming the file), and a primary file with no records is
// an error matching ErrEmpty. A comments file may lack the byte (OFAC's
// own 2021-07 sdn_comments.csv does): the release then loads with a
// Release.Warnings entry saying so.
func LoadOFAC(p string) (*List, error) {
	dir, only := p, ""
	if st, err := os.Stat(p); err != nil {
		return nil, err
	} else if !st.IsDir() {
		dir, only = filepath.Dir(p), strings.ToLower(filepath.Base(p))
	}
	l, err := readOFAC(os.DirFS(dir), only, dir)
	if err != nil {
		return nil, err
	}
	l.Release.Source = p
	return l, nil
}

// ReadOFAC reads an OFAC legacy CSV set from the root of fsys (see
// LoadOFAC for the file names). The list is complete before it is
// returned; ReadOFAC holds no reference to fsys afterwards.
func ReadOFAC(fsys fs.FS) (*List, error) {
	return readOFAC(fsys, "", "")
}

func readOFAC(fsys fs.FS, only, display string) (*List, error) {
	ents, err := fs.ReadDir(fsys, ".")
	if err != nil {
		return nil, err
	}
	names := make(map[string]string, len(ents)) // lower-case -> actual
	for _, e := range ents {
		if !e.IsDir() {
			names[strings.ToLower(e.Name())] = e.Name()
		}
	}
	var found []ofacSet
	for _, s := range ofacSets {
		if _, ok := names[s.prim]; ok && (only == "" || only == s.prim) {
			found = append(found, s)
		}
	}
	switch len(found) {
	case 0:
		want := "cons_prim.csv or sdn.csv"
		if only != "" {
			want = "a primary file named " + want + " (not " + only + ")"
		}
		return nil, &ParseError{File: display, Err: fmt.Errorf("%w: no OFAC legacy CSV set: want %s", ErrFormat, want)}
	case 2:
		return nil, &ParseError{File: display, Err: fmt.Errorf("%w: both a consolidated and an SDN set: name the primary file to load", ErrFormat)}
	}
	set := found[0]
	r := &ofacReader{set: set, fsys: fsys, names: names, dir: display, byID: map[string]*Entry{}, lines: map[*Entry]int{},
		cut: map[*Entry]bool{}, continued: map[*Entry]bool{}}
	return r.read()
}

type ofacReader struct {
	set   ofacSet
	fsys  fs.FS
	names map[string]string
	dir   string
	byID  map[string]*Entry
	lines map[*Entry]int // the line of each entry in the primary file
	// cut are the entries whose remarks fill the remarksCut characters of
	// the primary file, continued those the comments file continues.
	cut, continued map[*Entry]bool
	list           List
}

// The columns of the files of an OFAC legacy CSV set (cons_dat_spec.txt).
var (
	ofacPrimColumns     = []string{"ent_num", "name", "type", "program", "title", "call_sign", "vessel_type", "tonnage", "grt", "vessel_flag", "vessel_owner", "remarks"}
	ofacAltColumns      = []string{"ent_num", "alt_num", "alt_type", "alt_name", "alt_remarks"}
	ofacAddColumns      = []string{"ent_num", "add_num", "address", "city", "country", "add_remarks"}
	ofacCommentsColumns = []string{"ent_num", "remarks"}
)

func (r *ofacReader) read() (*List, error) {
	all := sha256.New()
	r.list.Release = Release{Name: r.set.name, Format: FormatOFACCSV, IDScheme: IDPublisher}
	steps := []struct {
		file   string
		cols   []string
		row    func(file string, row table.Row) error
		marker bool // the end marker is required
	}{
		{r.set.prim, ofacPrimColumns, r.prim, true},
		{r.set.alt, ofacAltColumns, r.alias, true},
		{r.set.add, ofacAddColumns, r.address, true},
		{r.set.comments, ofacCommentsColumns, r.comment, false},
	}
	for _, st := range steps {
		actual, ok := r.names[st.file]
		if !ok {
			continue // only the primary file is required, and it is there
		}
		display := actual
		if r.dir != "" {
			display = filepath.Join(r.dir, actual)
		}
		f, err := r.fsys.Open(actual)
		if err != nil {
			return nil, err
		}
		dig := newFileDigest()
		marker, err := eachRecord(display, io.TeeReader(f, io.MultiWriter(all, dig)), st.cols, st.row)
		f.Close()
		if err != nil {
			return nil, err
		}
		sum := hex.EncodeToString(dig.h.Sum(nil))
		r.list.Release.Files = append(r.list.Release.Files, File{Name: actual, Size: dig.n, SHA256: sum})
		switch {
		case st.file == r.set.prim && len(r.list.Entries) == 0 && !marker:
			return nil, &ParseError{File: display, Err: fmt.Errorf("%w: %w: %w: no records and no 0x1A end-of-file byte", ErrFormat, ErrEmpty, ErrTruncated)}
		case st.file == r.set.prim && len(r.list.Entries) == 0:
			return nil, &ParseError{File: display, Err: fmt.Errorf("%w: %w", ErrFormat, ErrEmpty)}
		case marker:
		case st.marker:
			return nil, &ParseError{File: display, Err: fmt.Errorf("%w: %w: no 0x1A end-of-file byte", ErrFormat, ErrTruncated)}
		default:
			r.list.Release.Warnings = append(r.list.Release.Warnings, fmt.Sprintf("%s has no 0x1A end-of-file byte: that it is whole cannot be checked", actual))
		}
	}
	r.list.Release.SHA256 = hex.EncodeToString(all.Sum(nil))
	prim := filepath.Join(r.dir, r.names[r.set.prim])
	if err := r.checkContinued(); err != nil {
		return nil, err
	}
	for _, e := range r.list.Entries {
		if err := parseRemarks(e); err != nil {
			pe := &ParseError{File: prim, Line: r.lines[e], Field: "remarks of entry " + e.ID, Err: err}
			var inner *ParseError
			if errors.As(err, &inner) {
				pe.Field += ": " + inner.Field
				pe.Err = inner.Err
			}
			return nil, pe
		}
	}
	return &r.list, nil
}

// checkContinued proves the comments file whole in another way than its
// end marker (which OFAC's own 2021-07 sdn_comments.csv lacks): in every
// real release, the entries the comments file continues are exactly those
// whose primary remarks fill the column's 1000 characters. An entry cut
// so with no continuation means a comments file cut off (an error
// matching ErrTruncated); without a comments file, Release.Warnings says
// how many entries' remarks, and the fields they give, are cut.
func (r *ofacReader) checkContinued() error {
	var missing []*Entry
	for _, e := range r.list.Entries {
		if r.cut[e] && !r.continued[e] {
			missing = append(missing, e)
		}
	}
	if len(missing) == 0 {
		return nil
	}
	comments, ok := r.names[r.set.comments]
	if !ok {
		r.list.Release.Warnings = append(r.list.Release.Warnings, fmt.Sprintf("no %s: the remarks of %d entries are cut at %d characters, and the fields they would give (ISINs, tickers, dates) may be missing", r.set.comments, len(missing), remarksCut))
		return nil
	}
	e := missing[0]
	return &ParseError{File: filepath.Join(r.dir, comments), Field: "ent_num",
		Err: fmt.Errorf("%w: %w: the remarks of entry %s (line %d of %s) fill the %d characters of the column but are not continued here, nor those of %d other entries", ErrFormat, ErrTruncated, e.ID, r.lines[e], r.names[r.set.prim], remarksCut, len(missing)-1)}
}

// eachRecord streams the records of one file of an OFAC set, which has no
// header and exactly cols columns, calling row for each. It reads a UTF-8
// byte order mark, CR LF or LF line ends and Latin-1 text that is not
// valid UTF-8, within the ReadMax bounds, and stops at OFAC's 0x1A
// end-of-file byte, reporting whether there was one.
func eachRecord(file string, r io.Reader, cols []string, row func(file string, row table.Row) error) (bool, error) {
	in, err := openCSV(r, file, table.Options{Columns: cols, Latin1: true, EndMarker: true})
	if err != nil {
		return false, err
	}
	err = in.each(func(rec table.Row) error { return row(file, rec) })
	if err != nil {
		return false, err
	}
	return in.t.EndMarker(), nil
}

// field returns an OFAC field with the -0- null mapped to "" and outer
// white space removed.
func field(s string) string {
	s = strings.TrimSpace(s)
	if s == "-0-" {
		return ""
	}
	return s
}

func entNum(file string, line int, col, s string) (string, error) {
	s = strings.TrimSpace(s)
	if _, err := strconv.ParseUint(s, 10, 64); err != nil {
		return "", &ParseError{File: file, Line: line, Field: col, Err: fmt.Errorf("%w: %s is not a number", ErrFormat, excerpt(s))}
	}
	return strings.TrimLeft(s, "0"), nil
}

func (r *ofacReader) prim(file string, row table.Row) error {
	line := row.Line
	id, err := entNum(file, line, "ent_num", row.Get("ent_num"))
	if err != nil {
		return err
	}
	if _, dup := r.byID[id]; dup {
		return &ParseError{File: file, Line: line, Field: "ent_num", Err: fmt.Errorf("%w: entry %s appears twice", ErrFormat, id)}
	}
	e := &Entry{
		ID:          id,
		Name:        field(row.Raw("name")),
		Type:        field(row.Raw("type")),
		Title:       field(row.Raw("title")),
		CallSign:    field(row.Raw("call_sign")),
		VesselType:  field(row.Raw("vessel_type")),
		Tonnage:     field(row.Raw("tonnage")),
		GRT:         field(row.Raw("grt")),
		VesselFlag:  field(row.Raw("vessel_flag")),
		VesselOwner: field(row.Raw("vessel_owner")),
		// Remarks keep their trailing white space until the comments
		// file, whose text continues them as is, has been read.
		Remarks: row.Raw("remarks"),
	}
	if strings.TrimSpace(e.Remarks) == "-0-" {
		e.Remarks = ""
	}
	if e.Name == "" {
		return &ParseError{File: file, Line: line, Field: "name", Err: fmt.Errorf("%w: empty name", ErrFormat)}
	}
	if e.Type == "" {
		e.Type = "entity"
	}
	for _, p := range strings.Split(field(row.Raw("program")), "] [") {
		if p = strings.Trim(strings.TrimSpace(p), "[]"); p != "" {
			e.Programs = append(e.Programs, p)
		}
	}
	if r.set.sdn {
		e.List = SDN
	} else {
		e.List = listOf(e.Programs)
	}
	r.byID[id] = e
	r.lines[e] = line
	if utf8.RuneCountInString(e.Remarks) == remarksCut {
		r.cut[e] = true
	}
	r.list.Entries = append(r.list.Entries, e)
	return nil
}

func (r *ofacReader) entry(file string, row table.Row) (*Entry, error) {
	line := row.Line
	id, err := entNum(file, line, "ent_num", row.Get("ent_num"))
	if err != nil {
		return nil, err
	}
	e, ok := r.byID[id]
	if !ok {
		return nil, &ParseError{File: file, Line: line, Field: "ent_num", Err: fmt.Errorf("%w: entry %s is not in %s", ErrFormat, id, r.set.prim)}
	}
	return e, nil
}

func (r *ofacReader) alias(file string, row table.Row) error {
	line := row.Line
	e, err := r.entry(file, row)
	if err != nil {
		return err
	}
	a := Alias{ID: field(row.Raw("alt_num")), Type: strings.ToLower(field(row.Raw("alt_type"))), Name: field(row.Raw("alt_name"))}
	if a.Name == "" {
		return &ParseError{File: file, Line: line, Field: "alt_name", Err: fmt.Errorf("%w: empty alias", ErrFormat)}
	}
	e.Aliases = append(e.Aliases, a)
	return nil
}

func (r *ofacReader) address(file string, row table.Row) error {
	e, err := r.entry(file, row)
	if err != nil {
		return err
	}
	a := Address{ID: field(row.Raw("add_num")), Street: field(row.Raw("address")), City: field(row.Raw("city")), Country: field(row.Raw("country")), Remarks: field(row.Raw("add_remarks"))}
	e.Addresses = append(e.Addresses, a)
	return nil
}

func (r *ofacReader) comment(file string, row table.Row) error {
	e, err := r.entry(file, row)
	if err != nil {
		return err
	}
	e.Remarks += row.Raw("remarks")
	r.continued[e] = true
	return nil
}

// idTypes are the remark fields kept as identifiers. The value follows
// the type after one space; a country in parentheses may end it.
var idTypes = []string{
	"Unified Social Credit Code (USCC)", "C.R. No.", "Legal Entity Number", "Tax ID No.",
	"Registration Number", "Registration ID", "Public Registration Number", "Government Gazette Number",
	"SWIFT/BIC", "BIK (RU)", "Business Registration Number", "Company Number", "Commercial Registry Number",
	"Identification Number", "National ID No.", "Passport", "Cedula No.", "NIT #", "RUC #", "R.F.C.", "C.U.R.P.",
	"D-U-N-S Number", "V.A.T. Number", "Trade License No.", "Vessel Registration Identification", "MMSI",
	"Aircraft Manufacturer's Serial Number (MSN)", "Digital Currency Address - XBT", "Email Address", "Website",
	"Phone Number", "Folio Mercantil No.", "Matricula Mercantil No", "Organization Established Date",
}

// parseRemarks fills the structured fields of e from its remarks, which
// are "; "-separated segments ending in "."; a repeated field is prefixed
// "alt. ". Segments it does not know stay in Remarks only.
func parseRemarks(e *Entry) error {
	e.Remarks = strings.TrimSpace(e.Remarks)
	text := strings.TrimSuffix(e.Remarks, ".")
	if text == "" {
		return nil
	}
	for _, seg := range strings.Split(text, "; ") {
		seg = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(seg), "alt. "))
		switch {
		case strings.HasPrefix(seg, "a.k.a. '"), strings.HasPrefix(seg, "f.k.a. '"), strings.HasPrefix(seg, "n.k.a. '"):
			name := strings.TrimSuffix(seg[len("a.k.a. '"):], "'")
			e.Aliases = append(e.Aliases, Alias{Type: strings.ReplaceAll(seg[:5], ".", ""), Name: name, Weak: true})
			continue
		case strings.HasPrefix(seg, "Linked To: "):
			if err := applyField(e, "Linked To", seg[len("Linked To: "):]); err != nil {
				return err
			}
			continue
		}
		for _, f := range remarkFields {
			if len(seg) > len(f) && seg[len(f)] == ' ' && strings.HasPrefix(seg, f) {
				if err := applyField(e, f, seg[len(f)+1:]); err != nil {
					return err
				}
				break
			}
		}
	}
	return parseDirectives(e)
}

func identifier(typ, rest string) Identifier {
	id := Identifier{Type: typ, Value: strings.TrimSpace(rest)}
	if strings.HasSuffix(id.Value, ")") {
		if i := strings.LastIndex(id.Value, " ("); i > 0 {
			id.Country = id.Value[i+2 : len(id.Value)-1]
			id.Value = id.Value[:i]
		}
	}
	return id
}
