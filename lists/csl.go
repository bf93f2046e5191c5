package lists

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
	"path/filepath"
	"strings"

	"github.com/investscreen/investscreen/holdings"
	"github.com/investscreen/investscreen/internal/table"
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
// A C1 control character that Windows-1252 defines (the 2023-11 file
// has "Xi\u0092an" for "Xi’an") is read as that character, and
// Release.Warnings says how many were; any other invisible character is
// an error (ErrInvisible).
//
// ReadCSL streams r to its end within the ReadMax bounds (ReadMaxFileBytes, ...); every
// error is a *ParseError matching ErrFormat (or the reader's own error),
// naming the line the record starts on and the column where known. The List returned is complete and
// read-only, and then safe for concurrent use.
func ReadCSL(r io.Reader, file string) (*List, error) {
	in, err := openCSV(r, file, table.Options{SkipRepeatedHeader: true, C1AsWindows1252: true})
	if err != nil {
		return nil, err
	}
	for _, c := range []string{"source", "name"} {
		if !in.t.Has(c) {
			return nil, in.errorf(1, c, "no %q column in the header", c)
		}
	}
	idCols := []string{"entity_number", "_id", "id"}
	hasID := false
	for _, c := range idCols {
		hasID = hasID || in.t.Has(c)
	}
	if !hasID {
		return nil, in.errorf(1, "entity_number", "no entity_number, _id or id column in the header")
	}
	l := &List{}
	seen := map[string]int{} // list + " " + id -> line
	err = in.each(func(row table.Row) error {
		line := row.Line
		e := &Entry{
			Type:        strings.ToLower(row.Get("type")),
			Name:        row.Get("name"),
			Title:       row.Get("title"),
			CallSign:    row.Get("call_sign"),
			VesselType:  row.Get("vessel_type"),
			Tonnage:     row.Get("gross_tonnage"),
			GRT:         row.Get("gross_registered_tonnage"),
			VesselFlag:  row.Get("vessel_flag"),
			VesselOwner: row.Get("vessel_owner"),
			Remarks:     row.Get("remarks"),
		}
		for _, c := range idCols {
			if e.ID = row.Get(c); e.ID != "" {
				break
			}
		}
		if e.ID == "" {
			return in.errorf(line, "entity_number", "no entity_number or _id")
		}
		if e.Name == "" {
			return in.errorf(line, "name", "empty name")
		}
		e.Programs = splitNonEmpty(row.Get("programs"), "; ")
		list, ok := cslSources[strings.ToLower(row.Get("source"))]
		if !ok {
			return in.errorf(line, "source", "unknown list %s", excerpt(row.Get("source")))
		}
		if list == "" {
			list = listOf(e.Programs)
		}
		e.List = list
		key := string(e.List) + " " + e.ID
		if first, dup := seen[key]; dup {
			return in.errorf(line, "entity_number", "entry %s of list %s appears twice (first on line %d)", excerpt(e.ID), e.List, first)
		}
		seen[key] = line
		for _, a := range splitNonEmpty(row.Get("alt_names"), "; ") {
			e.Aliases = append(e.Aliases, Alias{Type: "aka", Name: a})
		}
		for _, a := range splitNonEmpty(row.Get("addresses"), "; ") {
			e.Addresses = append(e.Addresses, cslAddress(a))
		}
		if err := cslIDs(e, row.Get("ids")); err != nil {
			var pe *ParseError
			if errors.As(err, &pe) {
				return &ParseError{File: file, Line: line, Field: "ids: " + pe.Field, Err: fmt.Errorf("entry %s: %w", excerpt(e.ID), pe.Err)}
			}
			return &ParseError{File: file, Line: line, Field: "ids", Err: err}
		}
		if err := parseDirectives(e); err != nil {
			var pe *ParseError
			if errors.As(err, &pe) {
				return &ParseError{File: file, Line: line, Field: "ids: " + pe.Field, Err: pe.Err}
			}
			return &ParseError{File: file, Line: line, Field: "ids", Err: err}
		}
		for _, d := range []struct {
			col string
			to  *holdings.Date
		}{{"start_date", &e.Listed}, {"end_date", &e.Removed}} {
			if v := row.Get(d.col); v != "" {
				t, err := parseListDate(v)
				if err != nil {
					return &ParseError{File: file, Line: line, Field: d.col, Err: err}
				}
				*d.to = t
			}
		}
		if !e.Removed.IsZero() && e.Removed.Before(e.Listed) {
			return in.errorf(line, "end_date", "end_date %s is before start_date %s", e.Removed, e.Listed)
		}
		l.Entries = append(l.Entries, e)
		return nil
	})
	if err != nil {
		return nil, err
	}
	if len(l.Entries) == 0 {
		return nil, &ParseError{File: file, Err: fmt.Errorf("%w: %w: a header and no records", ErrFormat, ErrEmpty)}
	}
	l.Release = in.release("US Consolidated Screening List (Trade.gov)", FormatCSL)
	l.Release.IDScheme = IDPublisher
	if n := in.t.Repaired(); n > 0 {
		l.Release.Warnings = append(l.Release.Warnings, fmt.Sprintf("%d C1 control characters (text converted from Windows-1252 as if it were Latin-1) read as the Windows-1252 characters they stand for, e.g. U+0092 as U+2019", n))
	}
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
