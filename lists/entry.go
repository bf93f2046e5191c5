package lists

import (
	"github.com/investscreen/investscreen/holdings"
)

// Code is a list code: the list an entry belongs to (SDN, NSCMIC,
// Restricted, ...). The checker picks its rules by these codes. An
// in-house list may carry a code of the firm's own; the constants are the
// codes this package gives.
type Code string

// List codes: the list an entry belongs to. The checker picks its rules by
// these codes.
const (
	// SDN is OFAC's Specially Designated Nationals and Blocked Persons list.
	SDN Code = "SDN"
	// NSCMIC is OFAC's Non-SDN Chinese Military-Industrial Complex
	// Companies list (program CMIC-EO13959), the investment blacklist of
	// EO 13959 as amended by EO 14032.
	NSCMIC Code = "NS-CMIC"
	// SSI is the Sectoral Sanctions Identifications list (UKRAINE-EO13662).
	SSI Code = "SSI"
	// NSPLC is the Non-SDN Palestinian Legislative Council list.
	NSPLC Code = "NS-PLC"
	// NSMBS is the Non-SDN Menu-Based Sanctions list (RUSSIA-EO14024,
	// CAATSA - RUSSIA and the like in the consolidated file).
	NSMBS Code = "NS-MBS"
	// FSE is the Foreign Sanctions Evaders list.
	FSE Code = "FSE"
	// Part561 is the list of foreign financial institutions subject to
	// 31 CFR part 561 (561-Related).
	Part561 Code = "561"
	// UN is the UN Security Council Consolidated List (an asset freeze:
	// treated as a blocking list).
	UN Code = "UN"
	// DoD1260H is the US Department of Defense Section 1260H list of
	// Chinese military companies: no trading ban by itself.
	DoD1260H Code = "DOD-1260H"
	// Restricted is an in-house restricted list: trades are blocked.
	Restricted Code = "restricted"
	// Watch is an in-house watch (grey) list: trades are allowed, with a
	// warning to compliance.
	Watch Code = "watch"
	// NonSDN names an entry of OFAC's consolidated non-SDN file whose
	// program does not say which of the non-SDN lists it is on.
	NonSDN Code = "NON-SDN"
)

// Entry is one entry of a sanctions or restricted list, with everything
// the publisher gives for it. Fields that a source does not carry are left
// empty. An Entry returned by this package is shared and read-only: do not
// modify it or its slices.
type Entry struct {
	// List is the list code (SDN, NSCMIC, ...).
	List Code
	// ID is the publisher's own id of the entry (OFAC ent_num).
	ID string
	// Type is "entity", "individual", "vessel" or "aircraft".
	Type string
	// Name is the primary name as published.
	Name string
	// Programs are the sanctions programs, e.g. "CMIC-EO13959".
	Programs []string
	// Title, CallSign, VesselType, Tonnage, GRT, VesselFlag and VesselOwner
	// are OFAC's columns of the same names.
	Title, CallSign, VesselType, Tonnage, GRT, VesselFlag, VesselOwner string
	// Remarks is the whole remarks text, with the continuation from the
	// comments file appended.
	Remarks string
	// Aliases are the entry's other names: aka/fka/nka from the alias file
	// and the weak a.k.a. names from the remarks.
	Aliases []Alias
	// ISINs are the ISINs the entry lists, canonical and without repeats.
	ISINs []string
	// Securities are other security identifiers the entry lists (CUSIP,
	// SEDOL, FIGI), as in-house lists give them.
	Securities []holdings.ID
	// Tickers are the equity tickers the entry lists.
	Tickers []Ticker
	// IssuerNames are the "Issuer Name" fields: the names under which
	// the entry's securities are issued.
	IssuerNames []string
	// IDs are the other identifiers in the remarks (USCC, C.R. No., Legal
	// Entity Number, Tax ID No., SWIFT/BIC, ...).
	IDs []Identifier
	// CMIC carries the NS-CMIC dates; nil for other entries.
	CMIC *CMICDates
	// TargetType is the "Target Type" field (e.g. "Public Company").
	TargetType string
	// LinkedTo are the names of the "Linked To:" fields. They are
	// information, not coverage: a linked entity is not listed by it.
	LinkedTo []string
	// Addresses are the entry's addresses.
	Addresses []Address
	// Listed is the date the entry was put on its list, where known (an
	// in-house list's added date, a DoD edition's start, the first
	// release of a history that holds it); zero if unknown. For NS-CMIC
	// entries the rules use CMIC.Listing.
	Listed holdings.Date
	// Removed is the date the entry came off its list, where known (an
	// in-house list's removed date, a DoD edition's end, the first
	// release of a history that no longer holds it); zero while listed.
	// An entry is in force on dates d with Listed <= d < Removed.
	Removed holdings.Date
	// Restrictions are the measures short of blocking that the list
	// names the entry in: the OFAC directives of its remarks (EO 13662
	// Directives 1 to 4, EO 14024 Directives 1A to 4) with the dates OFAC
	// publishes, or the EU annex or UK schedule of a built-in table.
	Restrictions []Restriction
}

// InForce reports whether e is on its list on date d: on or after Listed
// (when known) and before Removed (when known).
func (e *Entry) InForce(d holdings.Date) bool {
	if !e.Listed.IsZero() && d.Before(e.Listed) {
		return false
	}
	return e.Removed.IsZero() || d.Before(e.Removed)
}

// Alias is another name of an entry.
type Alias struct {
	// ID is the publisher's id of the alias (OFAC alt_num); empty for
	// aliases taken from remarks.
	ID string
	// Type is "aka", "fka" or "nka".
	Type string
	// Name is the alias as published.
	Name string
	// Weak marks OFAC's "weak" aliases (a.k.a. '...' in the remarks):
	// short or common names that alone do not identify the entry.
	Weak bool
}

// Ticker is an equity ticker as a list gives it.
type Ticker struct {
	// Raw is the ticker as written ("600677  CN").
	Raw string
	// ID is the canonical ticker; zero when Raw could not be parsed.
	ID holdings.ID
}

// Identifier is an identifier of an entry other than an ISIN or a ticker.
type Identifier struct {
	// Type is the identifier's name as published, e.g. "Unified Social
	// Credit Code (USCC)", "C.R. No.", "Legal Entity Number".
	Type string
	// Value is the identifier.
	Value string
	// Country is the issuing country where given, e.g. "China".
	Country string
}

// CMICDates are the three dates OFAC publishes on an NS-CMIC entry. A
// zero date means the entry does not give it.
type CMICDates struct {
	// Listing is "Listing Date (CMIC)".
	Listing holdings.Date
	// Effective is "Effective Date (CMIC)": purchases are prohibited on
	// and after it.
	Effective holdings.Date
	// Divestment is "Purchase/Sales For Divestment Date (CMIC)": sales to
	// divest are allowed before it, not on or after it.
	Divestment holdings.Date
}

// Address is one address of an entry.
type Address struct {
	// ID is the publisher's id of the address (OFAC add_num).
	ID string
	// Street, City (city/state/postal code) and Country as published.
	Street, City, Country string
	// Remarks are the address remarks.
	Remarks string
}

// listOf returns the list code for a consolidated-file entry with these
// programs.
func listOf(programs []string) Code {
	for _, p := range programs {
		if p == "CMIC-EO13959" {
			return NSCMIC
		}
	}
	for _, p := range programs {
		switch {
		case p == "NS-PLC":
			return NSPLC
		case p == "UKRAINE-EO13662":
			return SSI
		case p == "RUSSIA-EO14024", p == "CAATSA - RUSSIA":
			return NSMBS
		case p == "561-Related":
			return Part561
		case len(p) > 4 && p[:4] == "FSE-":
			return FSE
		}
	}
	return NonSDN
}
