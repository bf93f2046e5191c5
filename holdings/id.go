package holdings

// Kind is the kind of a security identifier.
type Kind uint8

// The identifier kinds a holding or a list can carry.
const (
	ISIN Kind = iota + 1
	CUSIP
	SEDOL
	FIGI
	Ticker
)

var kindNames = [...]string{ISIN: "isin", CUSIP: "cusip", SEDOL: "sedol", FIGI: "figi", Ticker: "ticker"}

// String returns the lower-case name used in CSV headers and JSON
// ("isin", "cusip", "sedol", "figi", "ticker").
func (k Kind) String() string {
	if int(k) < len(kindNames) && kindNames[k] != "" {
		return kindNames[k]
	}
	return "unknown"
}

// ID is a validated security identifier in canonical form. It is a small
// comparable value and works as a map key: two IDs are equal exactly when
// they name the same security by the same scheme. For a ticker, Value is
// "SYMBOL MARKET" in canonical form (see ParseTicker).
type ID struct {
	Kind  Kind
	Value string
}

// String returns "kind value", e.g. "isin US16941M1099" or "ticker 941 HK".
func (id ID) String() string { return id.Kind.String() + " " + id.Value }

// IsZero reports whether id is the zero ID.
func (id ID) IsZero() bool { return id == ID{} }
