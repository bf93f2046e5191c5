package lists

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/xml"
	"errors"
	"fmt"
	"hash"
	"io"
	"path/filepath"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// FormatOFACXML names OFAC's simple XML format (SDN.XML, consolidated.xml)
// in Release.Format.
const FormatOFACXML = "ofac-xml"

// Limits that keep hostile XML from exhausting memory. Real OFAC files
// nest at most 10 levels deep and their longest text is a few kilobytes.
const (
	// ofxMaxDepth is the deepest element nesting read.
	ofxMaxDepth = 64
	// ofxMaxText is the longest text of one element and the longest
	// single XML token (tag with its attributes, comment, text run).
	ofxMaxText = 1 << 20
	// ofxMaxNodes is the most elements one record (an sdnEntry, a
	// DistinctParty, ...) may hold.
	ofxMaxNodes = 1 << 20
)

var errOFXTokenTooLong = errors.New("xml token too long")

// ReadOFACXML reads an OFAC list in the simple XML format: SDN.XML or
// consolidated.xml (root sdnList, in whatever namespace the release uses:
// only local names are matched). It streams the file, one sdnEntry at a
// time, and holds no reference to r when it returns. file names the input
// in errors and in Release (Source, Files); its base name also decides the
// list, see below.
//
// Release.Date is publshInformation/Publish_Date (MM/DD/YYYY); when
// publshInformation/Record_Count is required and must equal the number of
// sdnEntry elements read (else an error matching ErrTruncated), and a file
// with no sdnEntry is an error matching ErrEmpty: the file proves it is
// whole. Release.SHA256 and Files[0] describe the bytes
// read from r.
//
// Each sdnEntry becomes an Entry: uid is the ID, lastName (", " and
// firstName when there is one, as the legacy CSV writes "LAST, First") the
// Name, sdnType lower-cased the Type ("entity" when empty), programList the
// Programs, vesselInfo the vessel fields, akaList the Aliases (category
// "weak" sets Weak) and addressList the Addresses (address1..3 joined with
// ", " as Street; city, stateOrProvince and postalCode as the legacy CSV
// joins them as City). Every idList/id goes through the field mapping all
// OFAC formats share: "ISIN", "Equity Ticker", "Issuer Name", "Target
// Type", the three CMIC dates and "Linked To" land in their own fields,
// any other idType becomes an Identifier, with idCountry as its Country.
// remarks are kept whole in Remarks, and what only they carry ("(Linked
// To: NAME)", weak a.k.a. names, the remark fields of the legacy CSV) is
// read from them without repeating what idList already gave.
// dateOfBirthList, placeOfBirthList, nationalityList, citizenshipList and
// the id issue and expiration dates have no place in Entry and are
// skipped, as are elements this reader does not know.
//
// The list: OFAC's publshInformation does not say which list a file is, so
// the file name does. When the base name of file contains "cons" (any
// case: consolidated.xml, cons.xml), the file is the consolidated non-SDN
// list, Release.Name is "OFAC Consolidated (non-SDN) List" and each
// entry's List follows from its programs, as for cons_prim.csv (NS-CMIC
// for CMIC-EO13959, SSI for UKRAINE-EO13662, ...; NonSDN when none
// says). Otherwise the file is the SDN list: Release.Name is "OFAC SDN
// List" and every entry's List is SDN.
//
// An error about the content is a *ParseError matching ErrFormat, with
// the element path in Field (e.g. "sdnEntry[uid=36]/programList") and the
// line where the decoder knows it; an error of r is returned as it is.
// Elements nested deeper than 64 levels, tokens or element texts longer
// than 1 MiB and records of more than 2^20 elements are errors, so that
// hostile input cannot exhaust memory. ReadOFACXML is safe for concurrent
// use; the List it returns is new, and read-only once shared.
func ReadOFACXML(r io.Reader, file string) (*List, error) {
	s := newOFXStream(r, file)
	if _, err := s.root("sdnList"); err != nil {
		return nil, err
	}
	cons := strings.Contains(strings.ToLower(ofxBase(file)), "cons")
	l := &List{}
	var count *ofxNode
	seen := map[string]bool{}
	err := s.children(func(t xml.StartElement) error {
		switch t.Name.Local {
		case "publshInformation":
			n, err := s.node(t)
			if err != nil {
				return err
			}
			if d := n.child("Publish_Date"); d.value() != "" {
				date, err := parseListDate(d.value())
				if err != nil {
					return &ParseError{File: file, Line: d.line, Field: "publshInformation/Publish_Date", Err: err}
				}
				l.Release.Date = date
			}
			if c := n.child("Record_Count"); c != nil {
				count = c
			}
			return nil
		case "sdnEntry":
			n, err := s.node(t)
			if err != nil {
				return err
			}
			e, err := s.sdnEntry(n, len(l.Entries)+1, cons)
			if err != nil {
				return err
			}
			if seen[e.ID] {
				return s.errf(n.line, "sdnEntry[uid="+e.ID+"]/uid", "entry %s appears twice", e.ID)
			}
			seen[e.ID] = true
			l.Entries = append(l.Entries, e)
			return nil
		}
		return s.skip()
	})
	if err != nil {
		return nil, err
	}
	if err := s.finish(); err != nil {
		return nil, err
	}
	if len(l.Entries) == 0 {
		return nil, &ParseError{File: file, Err: fmt.Errorf("%w: %w: no sdnEntry", ErrFormat, ErrEmpty)}
	}
	if count == nil {
		return nil, &ParseError{File: file, Field: "publshInformation/Record_Count", Err: fmt.Errorf("%w: %w: no Record_Count: the file cannot prove it is whole", ErrFormat, ErrTruncated)}
	}
	n, err := strconv.Atoi(count.value())
	if err != nil || n < 0 {
		return nil, s.errf(count.line, "publshInformation/Record_Count", "%q is not a count", ofxClip(count.value()))
	}
	if n != len(l.Entries) {
		return nil, &ParseError{File: file, Line: count.line, Field: "publshInformation/Record_Count",
			Err: fmt.Errorf("%w: %w: Record_Count is %d but the file holds %d sdnEntry elements", ErrFormat, ErrTruncated, n, len(l.Entries))}
	}
	name := "OFAC SDN List"
	if cons {
		name = "OFAC Consolidated (non-SDN) List"
	}
	date := l.Release.Date
	l.Release = s.release(name, FormatOFACXML)
	l.Release.IDScheme = IDPublisher
	l.Release.Date = date
	return l, nil
}

// sdnEntry turns one sdnEntry element, the index-th of the file, into an
// Entry.
func (s *ofxStream) sdnEntry(n *ofxNode, index int, cons bool) (*Entry, error) {
	where := fmt.Sprintf("sdnEntry[%d]", index)
	uid := n.child("uid")
	if uid.value() == "" {
		return nil, s.errf(n.line, where+"/uid", "missing uid")
	}
	id, ok := ofxNumber(uid.value())
	if !ok {
		return nil, s.errf(uid.line, where+"/uid", "%q is not a number", ofxClip(uid.value()))
	}
	where = "sdnEntry[uid=" + id + "]"
	e := &Entry{
		ID:      id,
		Name:    ofxJoinName(n.childText("lastName"), n.childText("firstName")),
		Type:    ofxPartyType(n.childText("sdnType")),
		Title:   n.childText("title"),
		Remarks: n.childText("remarks"),
	}
	if e.Name == "" {
		return nil, s.errf(n.line, where+"/lastName", "empty name")
	}
	pl := n.child("programList")
	if pl == nil {
		return nil, s.errf(n.line, where+"/programList", "missing programList")
	}
	for _, p := range pl.all("program") {
		if v := p.value(); v != "" && !ofxHas(e.Programs, v) {
			e.Programs = append(e.Programs, v)
		}
	}
	for _, idn := range n.child("idList").all("id") {
		typ := ofxFieldName(idn.childText("idType"))
		val := idn.childText("idNumber")
		if typ == "" {
			continue // nothing to say what the number is
		}
		if c := idn.childText("idCountry"); c != "" && !ofxStructured(typ) {
			val += " (" + c + ")"
		}
		if err := applyField(e, typ, val); err != nil {
			return nil, s.fieldErr(idn.line, where+"/idList/id[uid="+idn.childText("uid")+"]", err)
		}
	}
	for _, a := range n.child("akaList").all("aka") {
		name := ofxJoinName(a.childText("lastName"), a.childText("firstName"))
		if name == "" {
			return nil, s.errf(a.line, where+"/akaList/aka[uid="+a.childText("uid")+"]/lastName", "empty alias")
		}
		e.Aliases = append(e.Aliases, Alias{
			ID:   a.childText("uid"),
			Type: ofxAliasType(a.childText("type")),
			Name: name,
			Weak: strings.EqualFold(a.childText("category"), "weak"),
		})
	}
	for _, a := range n.child("addressList").all("address") {
		e.Addresses = append(e.Addresses, Address{
			ID:      a.childText("uid"),
			Street:  ofxJoin(", ", a.childText("address1"), a.childText("address2"), a.childText("address3")),
			City:    ofxCity(a.childText("city"), a.childText("stateOrProvince"), a.childText("postalCode")),
			Country: a.childText("country"),
		})
	}
	if v := n.child("vesselInfo"); v != nil {
		e.CallSign = v.childText("callSign")
		e.VesselType = v.childText("vesselType")
		e.VesselFlag = v.childText("vesselFlag")
		e.VesselOwner = v.childText("vesselOwner")
		e.Tonnage = v.childText("tonnage")
		e.GRT = v.childText("grossRegisteredTonnage")
	}
	if err := ofxRemarks(e); err != nil {
		return nil, s.fieldErr(n.child("remarks").lineOr(n.line), where+"/remarks", err)
	}
	if cons {
		e.List = listOf(e.Programs)
	} else {
		e.List = SDN
	}
	return e, nil
}

// ofxRemarks reads from e.Remarks what only the remarks carry: the
// "(Linked To: NAME)" segments of OFAC's XML formats and everything
// parseRemarks reads. What the structured elements already gave is not
// added again.
func ofxRemarks(e *Entry) error {
	nAlias, nTicker, nIssuer, nID, nLinked := len(e.Aliases), len(e.Tickers), len(e.IssuerNames), len(e.IDs), len(e.LinkedTo)
	for _, seg := range strings.Split(strings.TrimSpace(e.Remarks), ";") {
		seg = strings.TrimSuffix(strings.TrimSpace(seg), ".")
		if strings.HasPrefix(seg, "(Linked To: ") && strings.HasSuffix(seg, ")") {
			if err := applyField(e, fieldLinkedTo, seg[len("(Linked To: "):len(seg)-1]); err != nil {
				return err
			}
		}
	}
	if err := parseRemarks(e); err != nil {
		return err
	}
	e.Aliases = ofxDropRepeats(e.Aliases, nAlias, func(a, b Alias) bool { return a.Type == b.Type && a.Name == b.Name })
	e.Tickers = ofxDropRepeats(e.Tickers, nTicker, func(a, b Ticker) bool { return a.Raw == b.Raw })
	e.IssuerNames = ofxDropRepeats(e.IssuerNames, nIssuer, func(a, b string) bool { return a == b })
	e.IDs = ofxDropRepeats(e.IDs, nID, func(a, b Identifier) bool { return a == b })
	e.LinkedTo = ofxDropRepeats(e.LinkedTo, nLinked, func(a, b string) bool { return a == b })
	return nil
}

// ofxDropRepeats drops from s[n:] the elements equal to one of s[:n].
func ofxDropRepeats[T any](s []T, n int, eq func(a, b T) bool) []T {
	out := s[:n]
	for _, x := range s[n:] {
		dup := false
		for _, y := range s[:n] {
			if eq(x, y) {
				dup = true
				break
			}
		}
		if !dup {
			out = append(out, x)
		}
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

// ofxStructured reports whether the OFAC field typ is one applyField
// stores in a field of its own, whose value takes no "(Country)".
func ofxStructured(typ string) bool {
	switch typ {
	case fieldISIN, fieldTicker, fieldIssuer, fieldTargetType, fieldLinkedTo,
		fieldCMICListing, fieldCMICEffective, fieldCMICDivestment:
		return true
	}
	return false
}

// ofxFieldName returns the OFAC field name as applyField knows it: the XML
// formats write "Linked To:" with its colon.
func ofxFieldName(s string) string {
	s = strings.TrimSpace(s)
	if s == fieldLinkedTo+":" {
		return fieldLinkedTo
	}
	return s
}

// ofxPartyType maps OFAC's sdnType / party type to the legacy CSV's words:
// "individual", "vessel", "aircraft", and "entity" for entities (which
// the CSV leaves null).
func ofxPartyType(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	if s == "" {
		return "entity"
	}
	return s
}

// ofxAliasType maps "a.k.a.", "f.k.a.", "n.k.a." (any case) to "aka",
// "fka", "nka"; a plain "Name" is an aka.
func ofxAliasType(s string) string {
	k := strings.Map(func(r rune) rune {
		if r == '.' || r == ' ' {
			return -1
		}
		return unicode.ToLower(r)
	}, s)
	switch k {
	case "aka", "fka", "nka":
		return k
	case "", "name":
		return "aka"
	}
	return k
}

// ofxJoinName writes a name as the legacy CSV does: "LAST, First".
func ofxJoinName(last, first string) string {
	if last == "" || first == "" {
		return last + first
	}
	return last + ", " + first
}

// ofxCity writes the city column of the legacy CSV address file: city and
// state joined with ", ", then the postal code after a space.
func ofxCity(city, state, postal string) string {
	return ofxJoin(" ", ofxJoin(", ", city, state), postal)
}

// ofxJoin joins the non-empty parts with sep.
func ofxJoin(sep string, parts ...string) string {
	out := ""
	for _, p := range parts {
		if p == "" {
			continue
		}
		if out != "" {
			out += sep
		}
		out += p
	}
	return out
}

func ofxHas[T comparable](list []T, s T) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// ofxNumber checks an OFAC numeric id and returns it without leading
// zeros.
func ofxNumber(s string) (string, bool) {
	if _, err := strconv.ParseUint(s, 10, 64); err != nil {
		return "", false
	}
	if t := strings.TrimLeft(s, "0"); t != "" {
		return t, true
	}
	return "0", true
}

// ofxClip shortens s for an error message.
func ofxClip(s string) string {
	if len(s) <= 40 {
		return s
	}
	i := 40
	for i > 0 && !utf8.RuneStart(s[i]) {
		i--
	}
	return s[:i] + "..."
}

func ofxBase(file string) string {
	if file == "" {
		return ""
	}
	return filepath.Base(file)
}

// ofxInput hashes and counts the bytes the decoder reads and fails a read
// that would take one token past its budget.
type ofxInput struct {
	r      io.Reader
	h      hash.Hash
	n      int64
	budget int
	err    error // the first error of r other than io.EOF
}

func (in *ofxInput) Read(p []byte) (int, error) {
	if in.budget <= 0 {
		return 0, errOFXTokenTooLong
	}
	if len(p) > in.budget {
		p = p[:in.budget]
	}
	n, err := in.r.Read(p)
	in.h.Write(p[:n])
	in.n += int64(n)
	in.budget -= n
	if err != nil && err != io.EOF && in.err == nil {
		in.err = err
	}
	return n, err
}

// ofxStream reads an XML document token by token for the OFAC readers,
// keeping the path of open elements for errors and enforcing the limits.
type ofxStream struct {
	in       *ofxInput
	d        *xml.Decoder
	file     string
	stack    []string // local names of the open elements
	prefixes []string // and their name space prefixes
}

func newOFXStream(r io.Reader, file string) *ofxStream {
	in := &ofxInput{r: r, h: sha256.New()}
	return &ofxStream{in: in, d: xml.NewDecoder(in), file: file}
}

// token returns the next token. Each call may read at most ofxMaxText
// bytes (plus the decoder's buffer) from the input. It uses RawToken, as
// only local names are matched and the namespace bookkeeping of Token
// costs a third of the allocations, and checks itself that end tags match.
func (s *ofxStream) token() (xml.Token, error) {
	s.in.budget = ofxMaxText + 8<<10
	tok, err := s.d.RawToken()
	if err != nil {
		return nil, s.decodeErr(err)
	}
	switch t := tok.(type) {
	case xml.StartElement:
		s.stack = append(s.stack, t.Name.Local)
		s.prefixes = append(s.prefixes, t.Name.Space)
		if len(s.stack) > ofxMaxDepth {
			return nil, s.errf(s.line(), s.path(), "elements nested deeper than %d levels", ofxMaxDepth)
		}
	case xml.EndElement:
		n := len(s.stack)
		if n == 0 {
			return nil, s.errf(s.line(), "", "unexpected end tag </%s>", ofxClip(t.Name.Local))
		}
		if s.stack[n-1] != t.Name.Local || s.prefixes[n-1] != t.Name.Space {
			return nil, s.errf(s.line(), s.path(), "element <%s> closed by </%s>", ofxClip(s.stack[n-1]), ofxClip(t.Name.Local))
		}
		s.stack, s.prefixes = s.stack[:n-1], s.prefixes[:n-1]
	}
	return tok, nil
}

// decodeErr turns a decoder error into a *ParseError, except io.EOF and
// the errors of the underlying reader, which it returns as they are.
func (s *ofxStream) decodeErr(err error) error {
	var se *xml.SyntaxError
	switch {
	case err == io.EOF:
		return err
	case errors.Is(err, errOFXTokenTooLong):
		return s.errf(s.line(), s.path(), "an XML token or text is longer than %d bytes", ofxMaxText)
	case s.in.err != nil && errors.Is(err, s.in.err):
		return err
	case errors.As(err, &se):
		return &ParseError{File: s.file, Line: se.Line, Field: s.path(), Err: fmt.Errorf("%w: %s", ErrFormat, se.Msg)}
	}
	// The decoder's other complaints (an unsupported encoding, a bad
	// namespace) are about the content too.
	return &ParseError{File: s.file, Line: s.line(), Field: s.path(), Err: fmt.Errorf("%w: %v", ErrFormat, err)}
}

// eofErr reports an end of input inside an element.
func (s *ofxStream) eofErr(err error) error {
	if err == io.EOF {
		return s.errf(s.line(), s.path(), "unexpected end of file")
	}
	return err
}

func (s *ofxStream) line() int {
	line, _ := s.d.InputPos()
	return line
}

// path is the path of the open elements, shortened in the middle when
// deep.
func (s *ofxStream) path() string {
	if len(s.stack) > 8 {
		return strings.Join(s.stack[:4], "/") + "/.../" + strings.Join(s.stack[len(s.stack)-2:], "/")
	}
	return strings.Join(s.stack, "/")
}

// errf returns a *ParseError matching ErrFormat.
func (s *ofxStream) errf(line int, field, format string, args ...any) error {
	return &ParseError{File: s.file, Line: line, Field: field, Err: fmt.Errorf("%w: "+format, append([]any{ErrFormat}, args...)...)}
}

// fieldErr places err, an error of applyField or parseRemarks, at field.
func (s *ofxStream) fieldErr(line int, field string, err error) error {
	var pe *ParseError
	if errors.As(err, &pe) {
		if pe.Field != "" {
			field += ": " + pe.Field
		}
		err = pe.Err
	}
	return &ParseError{File: s.file, Line: line, Field: field, Err: err}
}

// root reads up to the root element and checks its local name.
func (s *ofxStream) root(want string) (xml.StartElement, error) {
	for {
		tok, err := s.token()
		if err == io.EOF {
			return xml.StartElement{}, s.errf(0, "", "no root element; want <%s>", want)
		}
		if err != nil {
			return xml.StartElement{}, err
		}
		if t, ok := tok.(xml.StartElement); ok {
			if t.Name.Local != want {
				return t, s.errf(s.line(), ofxClip(t.Name.Local), "root element is <%s>, want <%s>", ofxClip(t.Name.Local), want)
			}
			return t, nil
		}
	}
}

// finish reads the rest of the input after the root element: only white
// space, comments and processing instructions may follow. Every byte of
// the input has then been hashed.
func (s *ofxStream) finish() error {
	for {
		tok, err := s.token()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			return s.errf(s.line(), ofxClip(t.Name.Local), "content after the root element")
		case xml.CharData:
			if len(bytes.TrimSpace(t)) > 0 {
				return s.errf(s.line(), "", "text after the root element")
			}
		}
	}
}

// children calls f for each child element of the element just opened, up
// to its end; f must read the child whole (node or skip).
func (s *ofxStream) children(f func(xml.StartElement) error) error {
	for {
		tok, err := s.token()
		if err != nil {
			return s.eofErr(err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if err := f(t); err != nil {
				return err
			}
		case xml.EndElement:
			return nil
		}
	}
}

// skip reads the element just opened to its end.
func (s *ofxStream) skip() error {
	for depth := 1; depth > 0; {
		tok, err := s.token()
		if err != nil {
			return s.eofErr(err)
		}
		switch tok.(type) {
		case xml.StartElement:
			depth++
		case xml.EndElement:
			depth--
		}
	}
	return nil
}

// ofxNode is one element read into memory: a record of an OFAC file is
// read whole, then interpreted.
type ofxNode struct {
	name string     // local name
	attr []xml.Attr // attributes as written
	text string     // the element's own text
	kids []*ofxNode
	line int
}

// node reads the element start opened, to its end, into a tree.
func (s *ofxStream) node(start xml.StartElement) (*ofxNode, error) {
	root := &ofxNode{name: start.Name.Local, attr: start.Attr, line: s.line()}
	open := []*ofxNode{root}
	var texts [][]byte // text of each open element
	texts = append(texts, nil)
	count := 1
	for len(open) > 0 {
		tok, err := s.token()
		if err != nil {
			return nil, s.eofErr(err)
		}
		cur := open[len(open)-1]
		switch t := tok.(type) {
		case xml.StartElement:
			count++
			if count > ofxMaxNodes {
				return nil, s.errf(s.line(), s.path(), "more than %d elements in one <%s>", ofxMaxNodes, root.name)
			}
			n := &ofxNode{name: t.Name.Local, attr: t.Attr, line: s.line()}
			cur.kids = append(cur.kids, n)
			open = append(open, n)
			texts = append(texts, nil)
		case xml.EndElement:
			cur.text = string(texts[len(texts)-1])
			open = open[:len(open)-1]
			texts = texts[:len(texts)-1]
		case xml.CharData:
			buf := &texts[len(texts)-1]
			if len(*buf) == 0 && len(bytes.TrimSpace(t)) == 0 {
				continue // indentation
			}
			if len(*buf)+len(t) > ofxMaxText {
				return nil, s.errf(s.line(), s.path(), "element text longer than %d bytes", ofxMaxText)
			}
			*buf = append(*buf, t...)
		}
	}
	return root, nil
}

// child returns the first child element named name, or nil. It may be
// called on nil.
func (n *ofxNode) child(name string) *ofxNode {
	if n == nil {
		return nil
	}
	for _, k := range n.kids {
		if k.name == name {
			return k
		}
	}
	return nil
}

// all returns the child elements named name. It may be called on nil.
func (n *ofxNode) all(name string) []*ofxNode {
	if n == nil {
		return nil
	}
	var out []*ofxNode
	for _, k := range n.kids {
		if k.name == name {
			out = append(out, k)
		}
	}
	return out
}

// value is the element's text without outer white space; "" for nil.
func (n *ofxNode) value() string {
	if n == nil {
		return ""
	}
	return strings.TrimSpace(n.text)
}

func (n *ofxNode) childText(name string) string { return n.child(name).value() }

// get returns the attribute with local name name, without outer white
// space.
func (n *ofxNode) get(name string) string {
	if n == nil {
		return ""
	}
	for _, a := range n.attr {
		if a.Name.Local == name {
			return strings.TrimSpace(a.Value)
		}
	}
	return ""
}

func (n *ofxNode) lineOr(line int) int {
	if n == nil {
		return line
	}
	return n.line
}

// release describes the input read so far.
func (s *ofxStream) release(name, format string) Release {
	sum := hex.EncodeToString(s.in.h.Sum(nil))
	return Release{
		Name:   name,
		Format: format,
		Source: s.file,
		SHA256: sum,
		Files:  []File{{Name: ofxBase(s.file), Size: s.in.n, SHA256: sum}},
	}
}
