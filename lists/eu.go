package lists

import (
	"encoding/xml"
	"fmt"
	"io"
	"strings"

	"github.com/investscreen/investscreen/holdings"
)

// FormatEUFSF names the EU Financial Sanctions Files XML in
// Release.Format.
const FormatEUFSF = "eu-fsf-xml"

// EUFreeze is the list code of the EU Financial Sanctions Files: the
// consolidated list of persons, groups and entities subject to EU
// financial sanctions (asset freezes). Rule eu/asset-freeze reads it.
const EUFreeze Code = "EU-FSF"

// euMaxEntities bounds the sanctionEntity elements of one file (the real
// file holds a few thousand).
const euMaxEntities = 1 << 18

// ReadEUSanctions reads the EU Financial Sanctions Files XML (the
// "consolidated financial sanctions file" the Commission publishes, root
// export, in whatever namespace: only local names are matched). It
// streams the file one sanctionEntity at a time with the limits of
// ReadOFACXML. Release.Date is the date part of export@generationDate.
//
// Each sanctionEntity becomes an Entry of list EUFreeze: logicalId is its
// ID (required, once per file), subjectType@code its Type ("person":
// individual, "enterprise": entity), the first nameAlias's wholeName its
// Name and the other nameAlias wholeNames its Aliases (strong="false"
// ones weak), regulation@programme its Programs (each once),
// regulation@numberTitle a Restriction of authority "EU FSF" whose
// Effective is the regulation's entryIntoForceDate, each identification
// an Identifier (identificationTypeDescription, number,
// countryDescription), euReferenceNumber an Identifier "EU reference
// number", and remark its Remarks. Errors are *ParseErrors matching
// ErrFormat naming the element path and line.
func ReadEUSanctions(r io.Reader, file string) (*List, error) {
	s := newOFXStream(r, file)
	root, err := s.root("export")
	if err != nil {
		return nil, err
	}
	l := &List{}
	if g := attr(root.Attr, "generationDate"); len(g) >= 10 {
		d, err := holdings.ParseDate(g[:10])
		if err != nil {
			return nil, s.errf(s.line(), "export@generationDate", "%s is not a date-time like 2024-05-13T17:52:01", excerpt(g))
		}
		l.Release.Date = d
	}
	seen := map[string]int{}
	err = s.children(func(t xml.StartElement) error {
		if t.Name.Local != "sanctionEntity" {
			return s.skip()
		}
		if len(l.Entries) >= euMaxEntities {
			return s.errf(s.line(), "export", "more than %d sanctionEntity elements", euMaxEntities)
		}
		n, err := s.node(t)
		if err != nil {
			return err
		}
		e, err := s.euEntity(n)
		if err != nil {
			return err
		}
		if at, dup := seen[e.ID]; dup {
			return s.errf(n.line, "sanctionEntity", "logicalId %s repeats the one of line %d", excerpt(e.ID), at)
		}
		seen[e.ID] = n.line
		l.Entries = append(l.Entries, e)
		return nil
	})
	if err != nil {
		return nil, err
	}
	if err := s.finish(); err != nil {
		return nil, err
	}
	if len(l.Entries) == 0 {
		return nil, &ParseError{File: file, Err: fmt.Errorf("%w: %w", ErrFormat, ErrEmpty)}
	}
	date := l.Release.Date
	l.Release = s.release("EU Financial Sanctions Files (consolidated list)", FormatEUFSF)
	l.Release.Date = date
	l.Release.IDScheme = IDPublisher
	return l, nil
}

func attr(as []xml.Attr, name string) string {
	for _, a := range as {
		if a.Name.Local == name {
			return strings.TrimSpace(a.Value)
		}
	}
	return ""
}

func (s *ofxStream) euEntity(n *ofxNode) (*Entry, error) {
	e := &Entry{List: EUFreeze, ID: n.get("logicalId"), Type: "entity"}
	field := fmt.Sprintf("sanctionEntity[logicalId=%s]", ofxClip(e.ID))
	if e.ID == "" {
		return nil, s.errf(n.line, "sanctionEntity@logicalId", "missing")
	}
	switch c := n.child("subjectType").get("code"); c {
	case "person":
		e.Type = "individual"
	case "enterprise", "":
		e.Type = "entity"
	default:
		e.Type = strings.ToLower(c)
	}
	for _, a := range n.all("nameAlias") {
		name := a.get("wholeName")
		if name == "" {
			name = strings.Join(strings.Fields(a.get("firstName")+" "+a.get("middleName")+" "+a.get("lastName")), " ")
		}
		if name == "" {
			continue
		}
		if e.Name == "" {
			e.Name = name
			continue
		}
		e.Aliases = append(e.Aliases, Alias{ID: a.get("logicalId"), Type: "aka", Name: name, Weak: a.get("strong") == "false"})
	}
	if e.Name == "" {
		return nil, s.errf(n.line, field+"/nameAlias", "no name")
	}
	for _, g := range n.all("regulation") {
		if p := g.get("programme"); p != "" && !contains(e.Programs, p) {
			e.Programs = append(e.Programs, p)
		}
		r := Restriction{Authority: "EU FSF", Measure: g.get("numberTitle"), Source: g.childText("publicationUrl")}
		if v := g.get("entryIntoForceDate"); v != "" {
			d, err := holdings.ParseDate(v)
			if err != nil {
				return nil, s.errf(g.line, field+"/regulation@entryIntoForceDate", "%s is not a date YYYY-MM-DD", excerpt(v))
			}
			r.Effective = d
		}
		if r.Measure != "" {
			e.Restrictions = append(e.Restrictions, r)
		}
	}
	if ref := n.get("euReferenceNumber"); ref != "" {
		e.IDs = append(e.IDs, Identifier{Type: "EU reference number", Value: ref})
	}
	for _, id := range n.all("identification") {
		typ := id.get("identificationTypeDescription")
		if typ == "" {
			typ = id.get("identificationTypeCode")
		}
		if v := id.get("number"); v != "" {
			e.IDs = append(e.IDs, Identifier{Type: typ, Value: v, Country: id.get("countryDescription")})
		}
	}
	for _, a := range n.all("address") {
		addr := Address{ID: a.get("logicalId"), Street: a.get("street"), City: strings.TrimSpace(a.get("city") + " " + a.get("zipCode")), Country: a.get("countryDescription")}
		if addr.Street != "" || addr.City != "" || addr.Country != "" {
			e.Addresses = append(e.Addresses, addr)
		}
	}
	var remarks []string
	for _, r := range n.all("remark") {
		if v := r.value(); v != "" {
			remarks = append(remarks, v)
		}
	}
	e.Remarks = strings.Join(remarks, "\n")
	return e, nil
}

func contains(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}
