package lists

import (
	"encoding/xml"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/investscreen/investscreen/holdings"
)

// FormatOFACAdvanced names OFAC's ADVANCED XML format (sdn_advanced.xml,
// cons_advanced.xml) in Release.Format.
const FormatOFACAdvanced = "ofac-advanced"

// advLists maps the List labels of the advanced XML (lower-cased) to list
// codes. The CAPTA list replaced the Part 561 list in 2018; its entries
// carry the 561-Related program.
var advLists = map[string]Code{
	"sdn list":          SDN,
	"non-sdn cmic list": NSCMIC,
	"sectoral sanctions identifications list":      SSI,
	"non-sdn palestinian legislative council list": NSPLC,
	"non-sdn menu-based sanctions list":            NSMBS,
	"foreign sanctions evaders list":               FSE,
	"fse list":                                     FSE,
	"part 561 list":                                Part561,
	"capta list":                                   Part561,
}

// advUmbrellaList is the List of the advanced XML that every entry of the
// consolidated file is on besides its own non-SDN list.
const advUmbrellaList = "consolidated list"

// advListType is the Identifier type under which an entry records a List
// label this reader does not know.
const advListType = "Sanctions List"

// ReadOFACAdvanced reads an OFAC list in the ADVANCED XML format
// (sdn_advanced.xml, cons_advanced.xml; schema sdn_advanced.xsd,
// namespace http://www.un.org/sanctions/1.0, though only local names are
// matched). It streams the file one record (Location, IDRegDocument,
// DistinctParty, ...) at a time and holds no reference to r when it
// returns. file names the input in errors and in Release (Source, Files).
// Release.Date is DateOfIssue; Release.SHA256 and Files[0] describe the
// bytes read from r.
//
// Every numeric reference the reader uses (FeatureType, IDRegDocType,
// AliasType, PartySubType and PartyType, NamePartType, DocNameStatus,
// DetailReference, LocPartType, Country, AreaCode, List, SanctionsType,
// RelationType, and Locations) is resolved through the file's own
// ReferenceValueSets and Locations and then handled by its label: no
// numeric ID is built in. A reference that does not resolve is an error.
// References the reader has no use for (Script, Reliability, LegalBasis,
// ...) are not looked at.
//
// Each Profile of a DistinctParty becomes an Entry with the Profile ID
// (OFAC's ent_num) as ID:
//   - Type: the PartySubType label ("Vessel", "Aircraft"), or the
//     PartyType label when the sub-type is "Unknown", lower-cased.
//   - Name: the primary Alias of the primary Identity (its "Primary Latin"
//     DocumentedName when it has several), its parts put together as the
//     legacy CSV writes names: "LAST, First Middle" when the parts are
//     last and given names, all parts in order otherwise. Every other
//     DocumentedName is an Alias, with the DocumentedName ID as Alias.ID
//     (the advanced XML numbers names apart from the legacy alt_num), the
//     AliasType label as Type (A.K.A. -> aka, F.K.A. -> fka, N.K.A. -> nka,
//     Name -> aka) and LowQuality="true" as Weak.
//   - Features: the FeatureType label and the version's value (the
//     VersionDetail text, or the label of its DetailReference, or the
//     DatePeriod written "02 Jan 2006" (a whole year as "2006", a range
//     as "... to ..."), or the VersionLocation written out) go through the
//     field mapping all OFAC formats share, so that ISIN, Equity Ticker,
//     Issuer Name, Target Type, Linked To and the three CMIC dates land in
//     the same fields as from the legacy CSV and any other feature becomes
//     an Identifier. The "Location" feature gives the Addresses
//     (LocationPart ADDRESS1..3 as Street; CITY, STATE/PROVINCE and
//     POSTAL CODE as City; LocationCountry as Country, or "Region: ..."
//     as the legacy formats write a region with no country); a location
//     with no part and no country ("undetermined") is no address. The
//     vessel features fill the vessel fields. Birthdate, Place of Birth,
//     Citizenship Country and Nationality Country have no place in Entry
//     and are skipped, as the simple XML reader skips its lists of them.
//   - IDRegDocuments of the party's identities: IDRegDocType label and
//     "IDRegistrationNo (IssuedBy-Country)" through the same mapping, so a
//     USCC or C.R. No. is an Identifier with its Country.
//   - Remarks: the DistinctParty Comment, read as the simple XML reader
//     reads remarks.
//   - Programs: the Comment of every SanctionsMeasure whose SanctionsType
//     is "Program", over the party's SanctionsEntries.
//   - LinkedTo: every ProfileRelationship from the party (whatever its
//     RelationType: the legacy formats write them all "Linked To:") adds
//     the primary name of the party it points to, when that party is in
//     the file; a relationship to a party outside the file is skipped.
//
// The list: each SanctionsEntry names a List. "Consolidated List" is the
// umbrella every entry of cons_advanced.xml is on and says only that the
// file is the consolidated one (so does a file name containing "cons").
// The other labels map to codes: "SDN List" SDN, "Non-SDN CMIC List"
// NSCMIC, "Sectoral Sanctions Identifications List" SSI, "Non-SDN
// Palestinian Legislative Council List" NSPLC, "Non-SDN Menu-Based
// Sanctions List" NSMBS, "Foreign Sanctions Evaders List" and "FSE List"
// FSE, "Part 561 List" and "CAPTA List" Part561; a label not in this
// table maps to NonSDN and is recorded as an Identifier of type "Sanctions
// List" holding the label. An entry on several lists gets the one the
// legacy CSV would give it (listOf of its programs) when that is among
// them, else the first; in the consolidated file a non-SDN list wins over
// "SDN List" (a party on both is in the consolidated file for its non-SDN
// list, as in cons_prim.csv), in the SDN file "SDN List" wins. An entry on
// no list gets listOf of its programs in the consolidated file and SDN in
// the SDN file. Release.Name is "OFAC Consolidated (non-SDN) List" or
// "OFAC SDN List" accordingly.
//
// Of a ProfileRelationship only the LinkedTo name is kept (not its type,
// quality or dates); SanctionsEntryLinks, EntryEvents (designation dates
// and legal bases), ExternalReferences and the dates of ID documents are
// not read.
//
// An error about the content is a *ParseError matching ErrFormat, with
// the element path in Field (e.g. "DistinctParty[FixedRef=36]/
// Profile[ID=36]/Feature[ID=9]/@FeatureTypeID") and the line where the
// decoder knows it; an error of r is returned as it is. The limits of
// ReadOFACXML apply. ReadOFACAdvanced is safe for concurrent use; the List
// it returns is new, and read-only once shared.
func ReadOFACAdvanced(r io.Reader, file string) (*List, error) {
	a := &advReader{
		s:          newOFXStream(r, file),
		refs:       map[string]map[string]*ofxNode{},
		locs:       map[string]*advLocation{},
		byProfile:  map[string]*Entry{},
		identities: map[string]*Entry{},
		lists:      map[*Entry][]string{},
		cons:       strings.Contains(strings.ToLower(ofxBase(file)), "cons"),
	}
	return a.read()
}

type advReader struct {
	s          *ofxStream
	refs       map[string]map[string]*ofxNode // value set element name -> ID -> element
	locs       map[string]*advLocation
	entries    []*Entry
	byProfile  map[string]*Entry
	identities map[string]*Entry
	docs       []advDoc
	rels       []advRel
	sanctions  []advSanction
	lists      map[*Entry][]string // List labels of each entry
	cons       bool
	date       holdings.Date
	dated      bool
}

type advLocation struct {
	addr  Address
	empty bool // no part and no country
}

type advDoc struct {
	identity, typ, value string
	line                 int
	where                string
}

type advRel struct {
	from, to string
}

type advSanction struct {
	profile, list string
	programs      []string
	line          int
	where         string
}

func (a *advReader) read() (*List, error) {
	s := a.s
	if _, err := s.root("Sanctions"); err != nil {
		return nil, err
	}
	each := func(child string, f func(*ofxNode) error) error {
		return s.children(func(t xml.StartElement) error {
			if t.Name.Local != child {
				return s.skip()
			}
			n, err := s.node(t)
			if err != nil {
				return err
			}
			return f(n)
		})
	}
	err := s.children(func(t xml.StartElement) error {
		switch t.Name.Local {
		case "DateOfIssue":
			n, err := s.node(t)
			if err != nil {
				return err
			}
			d, ok := advDate(n)
			if !ok {
				return s.errf(n.line, "DateOfIssue", "not a calendar date")
			}
			a.date, a.dated = d, true
			return nil
		case "ReferenceValueSets":
			return s.children(func(t xml.StartElement) error {
				n, err := s.node(t)
				if err != nil {
					return err
				}
				for _, v := range n.kids {
					set := a.refs[v.name]
					if set == nil {
						set = map[string]*ofxNode{}
						a.refs[v.name] = set
					}
					set[v.get("ID")] = v
				}
				return nil
			})
		case "Locations":
			return each("Location", a.location)
		case "IDRegDocuments":
			return each("IDRegDocument", a.document)
		case "DistinctParties":
			return each("DistinctParty", a.party)
		case "ProfileRelationships":
			return each("ProfileRelationship", a.relationship)
		case "SanctionsEntries":
			return each("SanctionsEntry", a.sanction)
		}
		return s.skip()
	})
	if err != nil {
		return nil, err
	}
	if err := s.finish(); err != nil {
		return nil, err
	}
	if !a.dated {
		return nil, s.errf(0, "DateOfIssue", "missing DateOfIssue")
	}
	if err := a.resolve(); err != nil {
		return nil, err
	}
	name := "OFAC SDN List"
	if a.cons {
		name = "OFAC Consolidated (non-SDN) List"
	}
	if len(a.entries) == 0 {
		return nil, &ParseError{File: a.s.file, Err: fmt.Errorf("%w: %w: no DistinctParty", ErrFormat, ErrEmpty)}
	}
	l := &List{Release: s.release(name, FormatOFACAdvanced), Entries: a.entries}
	l.Release.Date = a.date
	l.Release.IDScheme = IDPublisher
	return l, nil
}

// ref resolves the reference id to an element of the value set set (e.g.
// "FeatureType"); attr names the referring attribute for the error.
func (a *advReader) ref(set, id string, line int, where, attr string) (*ofxNode, error) {
	if v, ok := a.refs[set][id]; ok {
		return v, nil
	}
	return nil, a.s.errf(line, where+"/@"+attr, "%s %q is not in ReferenceValueSets", set, ofxClip(id))
}

// label resolves a reference in the attribute set+"ID" of n to its label.
func (a *advReader) label(set string, n *ofxNode, where string) (string, error) {
	return a.labelOf(set, n.get(set+"ID"), n.line, where, set+"ID")
}

func (a *advReader) labelOf(set, id string, line int, where, attr string) (string, error) {
	v, err := a.ref(set, id, line, where, attr)
	if err != nil {
		return "", err
	}
	return v.value(), nil
}

// location reads a Location into an Address.
func (a *advReader) location(n *ofxNode) error {
	id := n.get("ID")
	where := "Locations/Location[ID=" + ofxClip(id) + "]"
	parts := map[string]string{}
	for _, p := range n.all("LocationPart") {
		typ, err := a.label("LocPartType", p, where+"/LocationPart")
		if err != nil {
			return err
		}
		v := ""
		for _, pv := range p.all("LocationPartValue") {
			if v == "" || pv.get("Primary") == "true" {
				v = pv.childText("Value")
			}
			if pv.get("Primary") == "true" {
				break
			}
		}
		if v != "" {
			parts[strings.ToUpper(typ)] = ofxJoin(", ", parts[strings.ToUpper(typ)], v)
		}
	}
	country := ""
	for _, c := range n.all("LocationCountry") {
		label, err := a.labelOf("Country", c.get("CountryID"), c.line, where+"/LocationCountry", "CountryID")
		if err != nil {
			return err
		}
		country = ofxJoin(", ", country, label)
	}
	for _, c := range n.all("LocationAreaCode") {
		// Checked, not used: the legacy formats write the country.
		if _, err := a.ref("AreaCode", c.get("AreaCodeID"), c.line, where+"/LocationAreaCode", "AreaCodeID"); err != nil {
			return err
		}
	}
	if country == "" && parts["REGION"] != "" {
		country = "Region: " + parts["REGION"]
	}
	loc := &advLocation{addr: Address{
		ID:      id,
		Street:  ofxJoin(", ", parts["ADDRESS1"], parts["ADDRESS2"], parts["ADDRESS3"]),
		City:    ofxCity(parts["CITY"], parts["STATE/PROVINCE"], parts["POSTAL CODE"]),
		Country: country,
	}}
	if unknown := parts["UNKNOWN"]; unknown != "" {
		loc.addr.Street = ofxJoin(", ", loc.addr.Street, unknown)
	}
	loc.empty = len(parts) == 0 && country == ""
	a.locs[id] = loc
	return nil
}

// document reads an IDRegDocument, to be given to its identity's entry.
func (a *advReader) document(n *ofxNode) error {
	where := "IDRegDocuments/IDRegDocument[ID=" + ofxClip(n.get("ID")) + "]"
	typ, err := a.label("IDRegDocType", n, where)
	if err != nil {
		return err
	}
	typ = ofxFieldName(typ)
	value := n.childText("IDRegistrationNo")
	if c := n.get("IssuedBy-CountryID"); c != "" {
		country, err := a.labelOf("Country", c, n.line, where, "IssuedBy-CountryID")
		if err != nil {
			return err
		}
		if value != "" && country != "" && !ofxStructured(typ) {
			value += " (" + country + ")"
		}
	}
	if n.get("IdentityID") == "" {
		return a.s.errf(n.line, where+"/@IdentityID", "missing IdentityID")
	}
	if value != "" && typ != "" {
		a.docs = append(a.docs, advDoc{identity: n.get("IdentityID"), typ: typ, value: value, line: n.line, where: where})
	}
	return nil
}

// party reads a DistinctParty: one Entry per Profile.
func (a *advReader) party(n *ofxNode) error {
	where := "DistinctParty[FixedRef=" + ofxClip(n.get("FixedRef")) + "]"
	var remarks []string
	for _, c := range n.all("Comment") {
		if v := c.value(); v != "" {
			remarks = append(remarks, v)
		}
	}
	profiles := n.all("Profile")
	if len(profiles) == 0 {
		return a.s.errf(n.line, where+"/Profile", "no Profile")
	}
	for _, p := range profiles {
		if err := a.profile(p, where, remarks); err != nil {
			return err
		}
	}
	return nil
}

func (a *advReader) profile(p *ofxNode, where string, remarks []string) error {
	raw := p.get("ID")
	id, ok := ofxNumber(raw)
	if !ok {
		return a.s.errf(p.line, where+"/Profile/@ID", "missing or malformed profile ID %q", ofxClip(raw))
	}
	where += "/Profile[ID=" + id + "]"
	if a.byProfile[id] != nil {
		return a.s.errf(p.line, where, "profile %s appears twice", id)
	}
	e := &Entry{ID: id}
	sub, err := a.ref("PartySubType", p.get("PartySubTypeID"), p.line, where, "PartySubTypeID")
	if err != nil {
		return err
	}
	typ := sub.value()
	if typ == "" || strings.EqualFold(typ, "Unknown") {
		if typ, err = a.labelOf("PartyType", sub.get("PartyTypeID"), sub.line, "ReferenceValueSets/PartySubTypeValues/PartySubType[ID="+ofxClip(sub.get("ID"))+"]", "PartyTypeID"); err != nil {
			return err
		}
	}
	e.Type = ofxPartyType(typ)
	for _, c := range p.all("Comment") {
		if v := c.value(); v != "" {
			remarks = append(remarks, v)
		}
	}
	e.Remarks = strings.Join(remarks, " ")
	for _, idn := range p.all("Identity") {
		if err := a.identity(e, idn, where); err != nil {
			return err
		}
	}
	if e.Name == "" {
		if len(e.Aliases) == 0 {
			return a.s.errf(p.line, where+"/Identity", "no name")
		}
		// No primary alias: the first name stands in.
		e.Name, e.Aliases = e.Aliases[0].Name, e.Aliases[1:]
	}
	for _, f := range p.all("Feature") {
		if err := a.feature(e, f, where); err != nil {
			return err
		}
	}
	if err := ofxRemarks(e); err != nil {
		return a.s.fieldErr(p.line, where+"/Comment", err)
	}
	a.byProfile[id] = e
	a.entries = append(a.entries, e)
	return nil
}

// identity reads the names of an Identity into e.
func (a *advReader) identity(e *Entry, n *ofxNode, where string) error {
	iid := n.get("ID")
	where += "/Identity[ID=" + ofxClip(iid) + "]"
	if iid != "" {
		a.identities[iid] = e
	}
	groups := map[string]string{} // NamePartGroup ID -> NamePartType label
	for _, m := range n.child("NamePartGroups").all("MasterNamePartGroup") {
		for _, g := range m.all("NamePartGroup") {
			label, err := a.label("NamePartType", g, where+"/NamePartGroups/MasterNamePartGroup/NamePartGroup[ID="+ofxClip(g.get("ID"))+"]")
			if err != nil {
				return err
			}
			groups[g.get("ID")] = label
		}
	}
	primaryIdentity := n.get("Primary") == "true"
	for _, al := range n.all("Alias") {
		at, err := a.label("AliasType", al, where+"/Alias")
		if err != nil {
			return err
		}
		names := al.all("DocumentedName")
		pick := -1
		if primaryIdentity && al.get("Primary") == "true" && e.Name == "" && len(names) > 0 {
			pick = 0
			if len(names) > 1 {
				for i, dn := range names {
					st, err := a.label("DocNameStatus", dn, where+"/Alias/DocumentedName[ID="+ofxClip(dn.get("ID"))+"]")
					if err != nil {
						return err
					}
					if strings.EqualFold(st, "Primary Latin") {
						pick = i
						break
					}
				}
			}
		}
		for i, dn := range names {
			name, err := a.documentedName(dn, groups, where+"/Alias/DocumentedName[ID="+ofxClip(dn.get("ID"))+"]")
			if err != nil {
				return err
			}
			if name == "" {
				continue
			}
			if i == pick {
				e.Name = name
				continue
			}
			e.Aliases = append(e.Aliases, Alias{ID: dn.get("ID"), Type: ofxAliasType(at), Name: name, Weak: al.get("LowQuality") == "true"})
		}
	}
	return nil
}

// documentedName puts a DocumentedName's parts together as the legacy CSV
// writes names.
func (a *advReader) documentedName(dn *ofxNode, groups map[string]string, where string) (string, error) {
	var all, last, given []string
	other := false
	for _, part := range dn.all("DocumentedNamePart") {
		v := part.child("NamePartValue")
		if v == nil {
			continue
		}
		typ, ok := groups[v.get("NamePartGroupID")]
		if !ok {
			return "", a.s.errf(v.line, where+"/DocumentedNamePart/NamePartValue/@NamePartGroupID", "NamePartGroup %q is not in the identity's NamePartGroups", ofxClip(v.get("NamePartGroupID")))
		}
		text := v.value()
		if text == "" {
			continue
		}
		all = append(all, text)
		switch strings.ToLower(typ) {
		case "last name", "maiden name", "matronymic":
			last = append(last, text)
		case "first name", "middle name", "patronymic":
			given = append(given, text)
		default:
			other = true
		}
	}
	if !other && len(last) > 0 && len(given) > 0 {
		return ofxJoinName(strings.Join(last, " "), strings.Join(given, " ")), nil
	}
	return strings.Join(all, " "), nil
}

// advSkipped are the features with no place in Entry.
var advSkipped = map[string]bool{
	"birthdate": true, "place of birth": true, "citizenship country": true, "nationality country": true,
}

// advVessel maps the vessel features to the Entry fields they fill.
var advVessel = map[string]func(*Entry) *string{
	"vessel call sign":                func(e *Entry) *string { return &e.CallSign },
	"vessel type":                     func(e *Entry) *string { return &e.VesselType },
	"vessel flag":                     func(e *Entry) *string { return &e.VesselFlag },
	"vessel owner":                    func(e *Entry) *string { return &e.VesselOwner },
	"vessel tonnage":                  func(e *Entry) *string { return &e.Tonnage },
	"vessel gross registered tonnage": func(e *Entry) *string { return &e.GRT },
}

// feature reads a Feature into e.
func (a *advReader) feature(e *Entry, f *ofxNode, where string) error {
	where += "/Feature[ID=" + ofxClip(f.get("ID")) + "]"
	label, err := a.label("FeatureType", f, where)
	if err != nil {
		return err
	}
	label = ofxFieldName(label)
	key := strings.ToLower(label)
	if advSkipped[key] {
		return nil
	}
	for _, v := range f.all("FeatureVersion") {
		vwhere := where + "/FeatureVersion[ID=" + ofxClip(v.get("ID")) + "]"
		if key == "location" {
			for _, vl := range v.all("VersionLocation") {
				loc, err := a.location1(vl, vwhere)
				if err != nil {
					return err
				}
				if !loc.empty {
					e.Addresses = append(e.Addresses, loc.addr)
				}
			}
			continue
		}
		values, err := a.values(v, vwhere)
		if err != nil {
			return err
		}
		for _, val := range values {
			if field, ok := advVessel[key]; ok {
				p := field(e)
				*p = ofxJoin("; ", *p, val)
				continue
			}
			if err := applyField(e, label, val); err != nil {
				return a.s.fieldErr(v.line, vwhere, err)
			}
		}
	}
	return nil
}

// location1 resolves a VersionLocation.
func (a *advReader) location1(vl *ofxNode, where string) (*advLocation, error) {
	loc, ok := a.locs[vl.get("LocationID")]
	if !ok {
		return nil, a.s.errf(vl.line, where+"/VersionLocation/@LocationID", "Location %q is not in Locations", ofxClip(vl.get("LocationID")))
	}
	return loc, nil
}

// values returns the values of a FeatureVersion: its VersionDetail texts
// or DetailReference labels, else its dates, else its locations.
func (a *advReader) values(v *ofxNode, where string) ([]string, error) {
	var out []string
	for _, d := range v.all("VersionDetail") {
		if t := d.value(); t != "" {
			out = append(out, t)
			continue
		}
		if ref := d.get("DetailReferenceID"); ref != "" {
			label, err := a.labelOf("DetailReference", ref, d.line, where+"/VersionDetail", "DetailReferenceID")
			if err != nil {
				return nil, err
			}
			if label != "" {
				out = append(out, label)
			}
		}
	}
	if len(out) > 0 {
		return out, nil
	}
	for _, dp := range v.all("DatePeriod") {
		s, ok := advPeriod(dp)
		if !ok {
			return nil, a.s.errf(dp.line, where+"/DatePeriod", "not a calendar date")
		}
		if s != "" {
			out = append(out, s)
		}
	}
	if len(out) > 0 {
		return out, nil
	}
	for _, vl := range v.all("VersionLocation") {
		loc, err := a.location1(vl, where)
		if err != nil {
			return nil, err
		}
		if s := ofxJoin(", ", loc.addr.Street, loc.addr.City, loc.addr.Country); s != "" {
			out = append(out, s)
		}
	}
	return out, nil
}

// relationship reads a ProfileRelationship, to become a LinkedTo.
func (a *advReader) relationship(n *ofxNode) error {
	where := "ProfileRelationships/ProfileRelationship[ID=" + ofxClip(n.get("ID")) + "]"
	if _, err := a.label("RelationType", n, where); err != nil {
		return err
	}
	from, ok1 := ofxNumber(n.get("From-ProfileID"))
	to, ok2 := ofxNumber(n.get("To-ProfileID"))
	if !ok1 || !ok2 {
		return a.s.errf(n.line, where, "missing or malformed From-ProfileID or To-ProfileID")
	}
	a.rels = append(a.rels, advRel{from: from, to: to})
	return nil
}

// sanction reads a SanctionsEntry: its list and programs.
func (a *advReader) sanction(n *ofxNode) error {
	where := "SanctionsEntries/SanctionsEntry[ID=" + ofxClip(n.get("ID")) + "]"
	sn := advSanction{line: n.line, where: where}
	var ok bool
	if sn.profile, ok = ofxNumber(n.get("ProfileID")); !ok {
		return a.s.errf(n.line, where+"/@ProfileID", "missing or malformed ProfileID %q", ofxClip(n.get("ProfileID")))
	}
	if id := n.get("ListID"); id != "" {
		label, err := a.labelOf("List", id, n.line, where, "ListID")
		if err != nil {
			return err
		}
		sn.list = label
	}
	for _, m := range n.all("SanctionsMeasure") {
		st, err := a.label("SanctionsType", m, where+"/SanctionsMeasure[ID="+ofxClip(m.get("ID"))+"]")
		if err != nil {
			return err
		}
		if strings.EqualFold(st, "Program") {
			if p := m.childText("Comment"); p != "" {
				sn.programs = append(sn.programs, p)
			}
		}
	}
	a.sanctions = append(a.sanctions, sn)
	return nil
}

// resolve applies what refers to the parties: ID documents, sanctions
// entries (programs, lists) and relationships; then decides each entry's
// list.
func (a *advReader) resolve() error {
	for _, d := range a.docs {
		e, ok := a.identities[d.identity]
		if !ok {
			return a.s.errf(d.line, d.where+"/@IdentityID", "Identity %q is not in DistinctParties", ofxClip(d.identity))
		}
		if err := applyField(e, d.typ, d.value); err != nil {
			return a.s.fieldErr(d.line, d.where, err)
		}
	}
	for _, sn := range a.sanctions {
		e, ok := a.byProfile[sn.profile]
		if !ok {
			return a.s.errf(sn.line, sn.where+"/@ProfileID", "Profile %s is not in DistinctParties", sn.profile)
		}
		for _, p := range sn.programs {
			if !ofxHas(e.Programs, p) {
				e.Programs = append(e.Programs, p)
			}
		}
		if sn.list != "" && !advHasFold(a.lists[e], sn.list) {
			a.lists[e] = append(a.lists[e], sn.list)
			if strings.EqualFold(sn.list, advUmbrellaList) {
				a.cons = true
			}
		}
	}
	for _, r := range a.rels {
		from, to := a.byProfile[r.from], a.byProfile[r.to]
		if from == nil || to == nil {
			continue // a party outside this file
		}
		n := len(from.LinkedTo)
		if err := applyField(from, fieldLinkedTo, to.Name); err != nil {
			return a.s.fieldErr(0, "ProfileRelationships", err)
		}
		from.LinkedTo = ofxDropRepeats(from.LinkedTo, n, func(a, b string) bool { return a == b })
	}
	for _, e := range a.entries {
		a.decideList(e)
	}
	return nil
}

// decideList sets e.List from its List labels (see ReadOFACAdvanced).
func (a *advReader) decideList(e *Entry) {
	var codes []Code
	for _, l := range a.lists[e] {
		key := strings.ToLower(l)
		if key == advUmbrellaList {
			continue
		}
		code, ok := advLists[key]
		if !ok {
			code = NonSDN
			e.IDs = append(e.IDs, Identifier{Type: advListType, Value: l})
		}
		if !ofxHas(codes, code) {
			codes = append(codes, code)
		}
	}
	if a.cons && len(codes) > 1 {
		out := codes[:0]
		for _, c := range codes {
			if c != SDN {
				out = append(out, c)
			}
		}
		codes = out
	}
	switch {
	case !a.cons && (len(codes) == 0 || ofxHas(codes, SDN)):
		e.List = SDN
	case len(codes) == 0:
		e.List = listOf(e.Programs)
	case ofxHas(codes, listOf(e.Programs)):
		e.List = listOf(e.Programs)
	default:
		e.List = codes[0]
	}
}

// advDate reads a Year/Month/Day element.
func advDate(n *ofxNode) (holdings.Date, bool) {
	y, err1 := strconv.Atoi(n.childText("Year"))
	m, err2 := strconv.Atoi(n.childText("Month"))
	d, err3 := strconv.Atoi(n.childText("Day"))
	if err1 != nil || err2 != nil || err3 != nil || y < 1 || y > 9999 || m < 1 || m > 12 || d < 1 || d > 31 {
		return holdings.Date{}, false
	}
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	if t.Day() != d {
		return holdings.Date{}, false
	}
	return holdings.DateOf(t), true
}

// advPeriod writes a DatePeriod as OFAC's remarks write dates: one day as
// "02 Jan 2006", a whole year as "2006", else "<start> to <end>". It
// returns "" for a period with no date.
func advPeriod(n *ofxNode) (string, bool) {
	point := func(b *ofxNode, first, second string) *ofxNode {
		if p := b.child(first); p != nil {
			return p
		}
		return b.child(second)
	}
	sp := point(n.child("Start"), "From", "To")
	ep := point(n.child("End"), "To", "From")
	if sp == nil && ep == nil {
		return "", true
	}
	if sp == nil {
		sp = ep
	}
	if ep == nil {
		ep = sp
	}
	start, ok1 := advDate(sp)
	end, ok2 := advDate(ep)
	if !ok1 || !ok2 {
		return "", false
	}
	format := func(d holdings.Date) string {
		return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, time.UTC).Format("02 Jan 2006")
	}
	switch {
	case start == end:
		return format(start), true
	case start.Year == end.Year && start.Month == time.January && start.Day == 1 && end.Month == time.December && end.Day == 31:
		return fmt.Sprintf("%04d", start.Year), true
	}
	return format(start) + " to " + format(end), true
}

func advHasFold(list []string, s string) bool {
	for _, x := range list {
		if strings.EqualFold(x, s) {
			return true
		}
	}
	return false
}
