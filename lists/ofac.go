package lists

import (
	"bytes"
	"crypto/sha256"
	"encoding/csv"
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
	r := &ofacReader{set: set, fsys: fsys, names: names, dir: display, byID: map[string]*Entry{}}
	return r.read()
}

type ofacReader struct {
	set   ofacSet
	fsys  fs.FS
	names map[string]string
	dir   string
	byID  map[string]*Entry
	list  List
}

func (r *ofacReader) read() (*List, error) {
	all := sha256.New()
	r.list.Release = Release{Name: r.set.name, Format: FormatOFACCSV, IDScheme: IDPublisher}
	steps := []struct {
		file string
		min  int
		row  func(file string, line int, rec []string) error
	}{
		{r.set.prim, 12, r.prim},
		{r.set.alt, 4, r.alias},
		{r.set.add, 5, r.address},
		{r.set.comments, 2, r.comment},
	}
	for _, st := range steps {
		actual, ok := r.names[st.file]
		if !ok {
			continue // only the primary file is required, and it is there
		}
		data, err := fs.ReadFile(r.fsys, actual)
		if err != nil {
			return nil, err
		}
		all.Write(data)
		one := sha256.Sum256(data)
		r.list.Release.Files = append(r.list.Release.Files, File{Name: actual, Size: int64(len(data)), SHA256: hex.EncodeToString(one[:])})
		display := actual
		if r.dir != "" {
			display = filepath.Join(r.dir, actual)
		}
		if err := eachRecord(display, data, st.min, st.row); err != nil {
			return nil, err
		}
	}
	r.list.Release.SHA256 = hex.EncodeToString(all.Sum(nil))
	for _, e := range r.list.Entries {
		if err := parseRemarks(e); err != nil {
			return nil, &ParseError{File: filepath.Join(r.dir, r.names[r.set.prim]), Field: "remarks of entry " + e.ID, Err: err}
		}
	}
	return &r.list, nil
}

// eachRecord calls row for every CSV record of data with its line number.
// It strips a UTF-8 byte order mark and OFAC's 0x1A end-of-file byte,
// accepts CR LF and LF line ends, and decodes Latin-1 text that is not
// valid UTF-8.
func eachRecord(file string, data []byte, min int, row func(file string, line int, rec []string) error) error {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	if i := bytes.LastIndexByte(data, 0x1a); i >= 0 && len(bytes.TrimSpace(data[i+1:])) == 0 {
		data = data[:i]
	}
	cr := csv.NewReader(bytes.NewReader(data))
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				return &ParseError{File: file, Line: pe.Line, Field: fmt.Sprintf("column %d", pe.Column), Err: fmt.Errorf("%w: %v", ErrFormat, pe.Err)}
			}
			return &ParseError{File: file, Err: err}
		}
		line, _ := cr.FieldPos(0)
		if len(rec) < min {
			return &ParseError{File: file, Line: line, Err: fmt.Errorf("%w: %d columns, want at least %d", ErrFormat, len(rec), min)}
		}
		for i, f := range rec {
			if !utf8.ValidString(f) {
				rec[i] = latin1(f)
			}
		}
		if err := row(file, line, rec); err != nil {
			return err
		}
	}
}

func latin1(s string) string {
	var b strings.Builder
	b.Grow(len(s) + 8)
	for i := 0; i < len(s); i++ {
		b.WriteRune(rune(s[i]))
	}
	return b.String()
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
		return "", &ParseError{File: file, Line: line, Field: col, Err: fmt.Errorf("%w: %q is not a number", ErrFormat, s)}
	}
	return strings.TrimLeft(s, "0"), nil
}

func (r *ofacReader) prim(file string, line int, rec []string) error {
	id, err := entNum(file, line, "ent_num", rec[0])
	if err != nil {
		return err
	}
	if _, dup := r.byID[id]; dup {
		return &ParseError{File: file, Line: line, Field: "ent_num", Err: fmt.Errorf("%w: entry %s appears twice", ErrFormat, id)}
	}
	e := &Entry{
		ID:          id,
		Name:        field(rec[1]),
		Type:        field(rec[2]),
		Title:       field(rec[4]),
		CallSign:    field(rec[5]),
		VesselType:  field(rec[6]),
		Tonnage:     field(rec[7]),
		GRT:         field(rec[8]),
		VesselFlag:  field(rec[9]),
		VesselOwner: field(rec[10]),
		// Remarks keep their trailing white space until the comments
		// file, whose text continues them as is, has been read.
		Remarks: rec[11],
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
	for _, p := range strings.Split(field(rec[3]), "] [") {
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
	r.list.Entries = append(r.list.Entries, e)
	return nil
}

func (r *ofacReader) entry(file string, line int, rec []string) (*Entry, error) {
	id, err := entNum(file, line, "ent_num", rec[0])
	if err != nil {
		return nil, err
	}
	e, ok := r.byID[id]
	if !ok {
		return nil, &ParseError{File: file, Line: line, Field: "ent_num", Err: fmt.Errorf("%w: entry %s is not in %s", ErrFormat, id, r.set.prim)}
	}
	return e, nil
}

func (r *ofacReader) alias(file string, line int, rec []string) error {
	e, err := r.entry(file, line, rec)
	if err != nil {
		return err
	}
	a := Alias{ID: field(rec[1]), Type: strings.ToLower(field(rec[2])), Name: field(rec[3])}
	if a.Name == "" {
		return &ParseError{File: file, Line: line, Field: "alt_name", Err: fmt.Errorf("%w: empty alias", ErrFormat)}
	}
	e.Aliases = append(e.Aliases, a)
	return nil
}

func (r *ofacReader) address(file string, line int, rec []string) error {
	e, err := r.entry(file, line, rec)
	if err != nil {
		return err
	}
	a := Address{ID: field(rec[1]), Street: field(rec[2]), City: field(rec[3]), Country: field(rec[4])}
	if len(rec) > 5 {
		a.Remarks = field(rec[5])
	}
	e.Addresses = append(e.Addresses, a)
	return nil
}

func (r *ofacReader) comment(file string, line int, rec []string) error {
	e, err := r.entry(file, line, rec)
	if err != nil {
		return err
	}
	e.Remarks += rec[1]
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
	return nil
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
