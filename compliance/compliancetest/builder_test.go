package compliancetest_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/investscreen/investscreen/compliance"
	"github.com/investscreen/investscreen/compliance/compliancetest"
	"github.com/investscreen/investscreen/holdings"
	"github.com/investscreen/investscreen/lists"
)

// TestBuilderRefusals: a value the library's readers would refuse fails
// the test at once (FailNow), with a message naming what was wrong.
func TestBuilderRefusals(t *testing.T) {
	tests := []struct {
		name  string
		build func(kit *compliancetest.Kit)
		want  []string
	}{
		{"isin check digit", func(kit *compliancetest.Kit) { kit.Restricted("Acme").ISIN("GB0002634947") }, []string{`ISIN of "Acme"`, "check digit"}},
		{"bad ticker", func(kit *compliancetest.Kit) { kit.Watch("Acme").Ticker("") }, []string{`ticker of "Acme"`}},
		{"bad lei", func(kit *compliancetest.Kit) { kit.SDN("X").LEI("253400WSS48YWMBUA689") }, []string{"not an ISO 17442 LEI"}},
		{"cmic without dates", func(kit *compliancetest.Kit) {
			kit.NSCMIC("SENSETIME GROUP LIMITED", d("2021-12-10"), holdings.Date{}, holdings.Date{})
		}, []string{"give the listing, effective and divestment dates OFAC published"}},
		{"cmic dates out of order", func(kit *compliancetest.Kit) {
			kit.NSCMIC("X", d("2021-12-10"), d("2021-12-09"), d("2022-12-10"))
		}, []string{"dates out of order"}},
		{"empty id", func(kit *compliancetest.Kit) { kit.SDN("X").ID("") }, []string{"empty id"}},
		{"nameless entry", func(kit *compliancetest.Kit) { kit.Restricted(""); kit.Lists() }, []string{"neither a name nor an identifier"}},
		{"two entries with one id", func(kit *compliancetest.Kit) {
			r := kit.Release("house", d("2024-01-02"))
			r.Restricted("A").ID("1")
			r.Restricted("B").ID("1")
			r.List()
		}, []string{`two entries of list restricted have the id "1"`}},
		{"entry changed after its list was built", func(kit *compliancetest.Kit) {
			r := kit.Release("house", d("2024-01-02"))
			e := r.Restricted("A")
			r.List()
			e.ISIN("GB0002634946")
		}, []string{`release "house" changed after its list was built`}},
		{"security after the checker", func(kit *compliancetest.Kit) {
			kit.Restricted("A")
			kit.Config()
			kit.Security("Late Inc.", "US0378331005")
		}, []string{"a security added after Checker or Config"}},
		{"entry after the checker", func(kit *compliancetest.Kit) {
			kit.Restricted("A")
			kit.Checker()
			kit.SDN("Late")
		}, []string{"an entry added after Checker or Config"}},
		{"security without identifier", func(kit *compliancetest.Kit) { kit.Security("X") }, []string{"at least one identifier"}},
		{"two securities claim one identifier", func(kit *compliancetest.Kit) {
			kit.Security("A", "US0378331005")
			kit.Security("B", "US0378331005")
			kit.Master()
		}, []string{"security master", "identifier names two securities"}},
		{"weight above 100", func(kit *compliancetest.Kit) { kit.Fund("US4642872349").Holds("US0378331005", "100.5") }, []string{"weight 100.5"}},
		{"weights add up above 100", func(kit *compliancetest.Kit) {
			kit.Fund("US4642872349").Holds("US0378331005", "60").Holds("GB0002634946", "41")
			kit.Funds()
		}, []string{"weights exceed 100%"}},
		{"stake of 0", func(kit *compliancetest.Kit) { kit.Owns("A", "B", "0") }, []string{"percent 0 is not above 0"}},
		{"quantity with a separator", func(kit *compliancetest.Kit) { kit.Hold("A", compliancetest.ISIN("US0378331005"), "1,000") }, []string{`quantity "1,000"`}},
		{"holding names nothing", func(kit *compliancetest.Kit) { kit.Hold("A", holdings.Ref{}, "1") }, []string{"names no security"}},
		{"order side", func(kit *compliancetest.Kit) {
			kit.Order("A", compliancetest.ISIN("US0378331005"), "b", "1", d("2024-01-02"))
		}, []string{`side "b"`}},
		{"order quantity", func(kit *compliancetest.Kit) {
			kit.Order("A", compliancetest.ISIN("US0378331005"), compliance.Buy, "0", d("2024-01-02"))
		}, []string{"quantity 0 is not positive"}},
		{"incomplete waiver", func(kit *compliancetest.Kit) { kit.Waiver(compliance.Waiver{Rule: compliance.RuleWatch, Account: "A"}) }, []string{"waiver of watch", "reason and approver"}},
		{"two policies", func(kit *compliancetest.Kit) {
			kit.Restricted("A")
			kit.Config(compliance.Policy{}, compliance.Policy{})
		}, []string{"at most one policy"}},
		{"no list", func(kit *compliancetest.Kit) { kit.Checker() }, []string{"Config.Build", "no lists configured"}},
		{"in-house code no rule reads", func(kit *compliancetest.Kit) { kit.Entry("restrictd", "Acme").ISIN("GB0002634946"); kit.Checker() },
			[]string{"Config.Build", `"restrictd"`, "which no rule reads"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			rec := &recorder{}
			tc.build(compliancetest.New(rec))
			require.True(t, rec.stopped, "the builder stops the test (FailNow); reported: %q", rec.errors)
			rec.failed(t, tc.want...)
		})
	}
}

// TestBuildErrors: the checker is built with compliance.Config.Build, so
// its typed errors reach a test that builds the Config itself.
func TestBuildErrors(t *testing.T) {
	kit := compliancetest.New(t)
	_, err := kit.Config().Build()
	require.ErrorIs(t, err, compliance.ErrNoLists)

	kit = compliancetest.New(t)
	kit.Entry("restrictd", "Acme").ISIN("GB0002634946")
	_, err = kit.Config().Build()
	require.ErrorIs(t, err, compliance.ErrUnreadList)

	// The same code is accepted as a warning under AllowUnreadLists, or
	// read by a rule of the user's own.
	kit = compliancetest.New(t)
	kit.Entry("restrictd", "Acme").ISIN("GB0002634946")
	kit.Hold("A", compliancetest.ISIN("GB0002634946"), "1")
	rep := kit.Checker(compliance.Policy{AllowUnreadLists: true}).CheckPortfolio(kit.Book(), d("2024-01-02"))
	require.Contains(t, rep.Warnings[0], `"restrictd"`)
	compliancetest.NotFlagged(t, rep, 2)

	kit = compliancetest.New(t)
	kit.Release("OFAC", d("2024-01-02")).SDN("A").ID("1")
	kit.Release("OFAC", d("2024-01-02")).SDN("A").ID("1")
	_, err = kit.Config().Build()
	require.ErrorIs(t, err, lists.ErrMerge, "two releases of one list and one date")
}

// TestReleases: releases of one name become a history, so an entry
// dropped by the later release is in force only before it; each release's
// SHA-256 is of its content, so different releases differ and the same
// content gives the same hash.
func TestReleases(t *testing.T) {
	kit := compliancetest.New(t)
	jan := kit.Release("House restricted list", d("2024-01-02"))
	jan.Restricted("Acme Holdings plc").ISIN("GB0002634946")
	jan.Restricted("Initech Ltd").ISIN("US5949181045")
	jun := kit.Release("House restricted list", d("2024-06-03"))
	jun.Restricted("Acme Holdings plc").ISIN("GB0002634946")
	kit.Security("Initech Ltd", "US5949181045")
	chk := kit.Checker()

	require.NotEqual(t, jan.List().Release.SHA256, jun.List().Release.SHA256)
	require.Len(t, jan.List().Release.SHA256, 64)
	require.Equal(t, lists.FormatInHouse, jan.List().Release.Format)
	require.Equal(t, d("2024-06-03"), jun.List().Release.Date)
	require.Equal(t, jan.List().Entries[0].ID, jun.List().Entries[0].ID, "content ids are stable across releases")
	infos := chk.Lists()
	require.Len(t, infos, 1, "one history")
	require.Equal(t, "2024-06-03", infos[0].Date)

	tests := []struct {
		name string
		date string
		want compliance.Decision
	}{
		{"before the first release", "2023-12-29", compliance.Block}, // the first release's entries have no known listing date
		{"while listed", "2024-06-02", compliance.Block},
		{"on the day the later release dropped it", "2024-06-03", compliance.Allow},
		{"after", "2024-07-01", compliance.Allow},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res := chk.CheckOrder(kit.Order("A", compliancetest.ISIN("US5949181045"), compliance.Buy, "1", d(tc.date)), kit.Quantity("0"))
			compliancetest.Decision(t, res, tc.want)
		})
	}

	// The same content built in another kit has the same hash; one more
	// identifier makes another.
	again := compliancetest.New(t)
	r := again.Release("House restricted list", d("2024-06-03"))
	r.Restricted("Acme Holdings plc").ISIN("GB0002634946")
	require.Equal(t, jun.List().Release.SHA256, r.List().Release.SHA256)
	other := compliancetest.New(t)
	o := other.Release("House restricted list", d("2024-06-03"))
	o.Restricted("Acme Holdings plc").ISIN("GB0002634946").Ticker("ACME LN")
	require.NotEqual(t, jun.List().Release.SHA256, o.List().Release.SHA256)
}

// TestEntriesAsBuilt: the builders give the library's own types with
// the fields a list reader would fill.
func TestEntriesAsBuilt(t *testing.T) {
	kit := compliancetest.New(t)
	cmic := kit.NSCMIC("SENSETIME GROUP LIMITED", d("2021-12-10"), d("2022-02-08"), d("2022-12-10")).ID("33114").Entry()
	sdn := kit.SDN("BLOCKED BANK PJSC", "RUSSIA-EO14024").Alias("BLOCKED BANK").WeakAlias("BB").
		Identifier("SWIFT/BIC", "BLBKRUMM", "Russia").LEI("253400WSS48YWMBUA688").CUSIP("88032Q109").Entry()
	watch := kit.Watch("Globex Corp").Ticker("GBX US").Listed(d("2024-01-02")).Removed(d("2024-03-01")).Entry()
	ls := kit.Lists()
	require.Len(t, ls, 2, "the publishers' default release and the in-house one")
	require.Equal(t, compliancetest.OfficialRelease, ls[0].Release.Name)
	require.Empty(t, ls[0].Release.Format)
	require.Equal(t, compliancetest.InHouseRelease, ls[1].Release.Name)

	require.Equal(t, &lists.CMICDates{Listing: d("2021-12-10"), Effective: d("2022-02-08"), Divestment: d("2022-12-10")}, cmic.CMIC)
	require.Equal(t, []string{"CMIC-EO13959"}, cmic.Programs)
	require.Equal(t, lists.NSCMIC, cmic.List)
	require.Equal(t, []lists.Alias{{Type: "aka", Name: "BLOCKED BANK"}, {Type: "aka", Name: "BB", Weak: true}}, sdn.Aliases)
	require.Equal(t, []lists.Identifier{{Type: "SWIFT/BIC", Value: "BLBKRUMM", Country: "Russia"}, {Type: "Legal Entity Number", Value: "253400WSS48YWMBUA688"}}, sdn.IDs)
	require.Equal(t, []holdings.ID{{Kind: holdings.CUSIP, Value: "88032Q109"}}, sdn.Securities)
	require.Equal(t, lists.ContentID(sdn), sdn.ID, "no id given: the content id, as for an in-house row")
	require.Equal(t, "GBX US", watch.Tickers[0].Raw)
	require.True(t, watch.InForce(d("2024-02-29")))
	require.False(t, watch.InForce(d("2024-03-01")))
}

// TestAddByHand: an NS-CMIC entry without the effective and divestment
// dates, which NSCMIC refuses, is added with Add; the rules read it in
// the strictest way (purchases prohibited from the listing date, sales
// after no deadline).
func TestAddByHand(t *testing.T) {
	kit := compliancetest.New(t)
	kit.Add(&lists.Entry{List: lists.NSCMIC, ID: "1", Name: "UNDATED CO", ISINs: []string{"US0378331005"}, CMIC: &lists.CMICDates{Listing: d("2024-01-02")}})
	chk := kit.Checker()
	buy := chk.CheckOrder(kit.Order("A", compliancetest.ISIN("US0378331005"), compliance.Buy, "1", d("2024-01-02")), kit.Quantity("0"))
	compliancetest.Decision(t, buy, compliance.Block)
	compliancetest.Findings(t, buy.Violations, []compliancetest.Want{{Rule: compliance.RuleCMICPurchase, ID: "1"}})
	sell := chk.CheckOrder(kit.Order("A", compliancetest.ISIN("US0378331005"), compliance.Sell, "1", d("2024-01-02")), kit.Quantity("1"))
	compliancetest.Decision(t, sell, compliance.Block)
	compliancetest.Findings(t, sell.Violations, []compliancetest.Want{{Rule: compliance.RuleCMICSaleDeadline, ID: "1"}})

	rec := &recorder{}
	compliancetest.New(rec).Add(&lists.Entry{List: lists.SDN, Name: "NO ID"})
	require.True(t, rec.stopped)
	rec.failed(t, "needs a list code and an id")
}
