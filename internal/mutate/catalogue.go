package main

// compliance and the packages whose tests reach the decision logic.
var (
	comp = []string{"./compliance", "./compliance/compliancetest"}
	hold = []string{"./holdings", "./compliance"}
	list = []string{"./lists", "./compliance"}
)

// catalogue is the set of mutants. Each is a bug someone could write: a
// flipped boundary, a changed threshold, a dropped derivation, a skipped
// rule, a swapped severity.
var catalogue = []mutant{
	// NS-CMIC rules (compliance/rules.go).
	{ID: "cmic/pending-E-inclusive", File: "compliance/rules.go", From: "if !ok || !m.Date.Before(E) {", To: "if !ok || m.Date.After(E) {", What: "pending also on the effective date", Pkgs: comp},
	{ID: "cmic/purchase-order-E", File: "compliance/rules.go", From: "if m.Date.Before(E) || !m.isBuy() {", To: "if !m.Date.After(E) || !m.isBuy() {", What: "a buy on the effective date allowed", Pkgs: comp},
	{ID: "cmic/purchase-lot-E", File: "compliance/rules.go", From: "if a.IsZero() || a.Before(E) || m.Date.Before(a) {", To: "if a.IsZero() || !a.After(E) || m.Date.Before(a) {", What: "a lot acquired on E is lawful", Pkgs: comp},
	{ID: "cmic/deadline-inclusive", File: "compliance/rules.go", From: "return !D.IsZero() && d.Before(D) }", To: "return !D.IsZero() && !d.After(D) }", What: "selling on the divestment date allowed", Pkgs: comp},
	{ID: "cmic/before-listing", File: "compliance/rules.go", From: "if !L.IsZero() && m.Date.Before(L) {", To: "if !L.IsZero() && m.Date.After(L) {", What: "listing date test inverted", Pkgs: comp},
	{ID: "cmic/missing-E-recomputed", File: "compliance/rules.go", From: "if E.IsZero() {\n\t\tE = L\n\t}", To: "if E.IsZero() {\n\t\tE = L.AddDays(60)\n\t}", What: "a missing effective date recomputed as listing + 60 days (never recompute)", Pkgs: comp},
	{ID: "cmic/us-person-ignored", File: "compliance/rules.go", From: "m.By == ByOwnership || !m.USPerson {", To: "m.By == ByOwnership {", What: "non-US persons bound by NS-CMIC", Pkgs: comp},
	{ID: "cmic/weak-matches", File: "compliance/rules.go", From: "if m.Entry.List != lists.NSCMIC || m.Strength != StrongMatch ||", To: "if m.Entry.List != lists.NSCMIC ||", What: "NS-CMIC fires on weak aliases and similar names", Pkgs: comp},
	{ID: "cmic/not-through-funds", File: "compliance/rules.go", From: "m.Strength != StrongMatch || m.By == ByOwnership || !m.USPerson {", To: "m.Strength != StrongMatch || m.By == ByOwnership || !m.USPerson || m.ViaFund {", What: "NS-CMIC does not reach funds that hold it", Pkgs: comp},
	{ID: "cmic/short-not-buy", File: "compliance/rules.go", From: "case Buy, BuyToCover, SellShort:", To: "case Buy, BuyToCover:", What: "a short sale is not purchase-side", Pkgs: comp},
	{ID: "cmic/cover-not-buy", File: "compliance/rules.go", From: "case Buy, BuyToCover, SellShort:", To: "case Buy, SellShort:", What: "a buy to cover is not a purchase", Pkgs: comp},
	{ID: "cmic/excess-not-buy", File: "compliance/rules.go", From: "\treturn m.Excess.IsPositive()\n}", To: "\treturn false\n}", What: "a sale beyond the position is no purchase", Pkgs: comp},
	{ID: "cmic/divest-excess", File: "compliance/rules.go", From: "if m.Order != nil && (!m.isSell() || m.Excess.IsPositive()) {", To: "if m.Order != nil && !m.isSell() {", What: "a sale beyond the position counted as divestment", Pkgs: comp},
	{ID: "cmic/deadline-short", File: "compliance/rules.go", From: "(m.Order.Side != Sell && m.Order.Side != SellShort)", To: "m.Order.Side != Sell", What: "a short sale after D not a sale after the deadline", Pkgs: comp},
	{ID: "cmic/locked-skipped", File: "compliance/rules.go", From: "if !ok || m.Order != nil || beforeDeadline(m.Date, D) {", To: "if !ok || m.Order != nil || !beforeDeadline(m.Date, D) {", What: "locked before the deadline instead of after", Pkgs: comp},
	{ID: "cmic/purchase-warning", File: "compliance/rules.go", From: "return Outcome{Violation, fmt.Sprintf(\"%s: prohibited on or after the effective date %s\"", To: "return Outcome{Warning, fmt.Sprintf(\"%s: prohibited on or after the effective date %s\"", What: "a prohibited purchase only warns", Pkgs: comp},
	// Blocking and in-house rules.
	{ID: "sdn/un-skipped", File: "compliance/rules.go", From: "(m.Entry.List != lists.SDN && m.Entry.List != lists.UN)", To: "m.Entry.List != lists.SDN", What: "UN asset freezes not blocking", Pkgs: comp},
	{ID: "sdn/through-fund", File: "compliance/rules.go", From: "m.Strength != StrongMatch || m.By == ByOwnership || m.ViaFund {", To: "m.Strength != StrongMatch || m.By == ByOwnership {", What: "an SDN constituent blocks the fund", Pkgs: comp},
	{ID: "sdn/ownership-through-fund", File: "compliance/rules.go", From: "if m.By != ByOwnership || m.ViaFund {", To: "if m.By != ByOwnership {", What: "ownership blocking through a fund", Pkgs: comp},
	{ID: "restricted/weak", File: "compliance/rules.go", From: "if m.Entry.List != lists.Restricted || m.Strength != StrongMatch {", To: "if m.Entry.List != lists.Restricted {", What: "a similar name on the restricted list blocks", Pkgs: comp},
	{ID: "restricted/holding-warning", File: "compliance/rules.go", From: "return Outcome{Violation, \"held security on the restricted list\"}", To: "return Outcome{Warning, \"held security on the restricted list\"}", What: "a restricted holding only warns", Pkgs: comp},
	{ID: "restricted/skipped", File: "compliance/rules.go", From: "if m.Entry.List != lists.Restricted || m.Strength != StrongMatch {", To: "if true || m.Entry.List != lists.Restricted || m.Strength != StrongMatch {", What: "restricted never fires", Pkgs: comp},
	{ID: "watch/violation", File: "compliance/rules.go", From: "return Outcome{Warning, \"on the watch list: compliance is told\"}", To: "return Outcome{Violation, \"on the watch list: compliance is told\"}", What: "the watch list blocks", Pkgs: comp},
	{ID: "review/inverted", File: "compliance/rules.go", From: "if m.Strength != WeakMatch {", To: "if m.Strength == WeakMatch {", What: "review on strong matches instead of weak", Pkgs: comp},
	{ID: "dod/violation", File: "compliance/rules.go", From: "return Outcome{Warning, \"on the DoD 1260H list", To: "return Outcome{Violation, \"on the DoD 1260H list", What: "DoD 1260H blocks by default", Pkgs: comp},
	// Russia directives, European bans and regimes (compliance/russia.go,
	// subsidiaries.go, regime.go).
	{ID: "ssi/d1-tenor-14", File: "compliance/russia.go", From: "{d(\"2017-11-28\"), holdings.Date{}, 14},", To: "{d(\"2017-11-28\"), holdings.Date{}, 30},", What: "Directive 1 tenor from 2017-11-28 read as 30 days", Pkgs: comp},
	{ID: "ssi/d2-tenor-60", File: "compliance/russia.go", From: "{d(\"2017-11-28\"), holdings.Date{}, 60},", To: "{d(\"2017-11-28\"), holdings.Date{}, 90},", What: "Directive 2 tenor from 2017-11-28 read as 90 days", Pkgs: comp},
	{ID: "ssi/window-start-exclusive", File: "compliance/russia.go", From: "if issue.Before(w.from) || (!w.to.IsZero() && !issue.Before(w.to)) {", To: "if !issue.After(w.from) || (!w.to.IsZero() && !issue.Before(w.to)) {", What: "a window's first day left out of it", Pkgs: comp},
	{ID: "ssi/maturity-boundary", File: "compliance/russia.go", From: "mat.After(issue.AddDays(w.over))", To: "!mat.Before(issue.AddDays(w.over))", What: "a maturity of exactly the tenor caught", Pkgs: comp},
	{ID: "ssi/cut-off-ignored", File: "compliance/russia.go", From: "\tif issue.Before(cut) {\n\t\treturn window{}, false", To: "\tif false {\n\t\treturn window{}, false", What: "debt issued before the entity's cut-off caught", Pkgs: comp},
	{ID: "ru/d3-earliest", File: "compliance/russia.go", From: "earliest14024D3                          = d(\"2022-03-26\")", To: "earliest14024D3                          = d(\"2022-03-27\")", What: "Directive 3's first effective date a day late", Pkgs: comp},
	{ID: "eu/subsidiary-50-inclusive", File: "compliance/subsidiaries.go", From: "if v := share(k); v.GreaterThan(fiftyPercent) {", To: "if v := share(k); v.GreaterThanOrEqual(fiftyPercent) {", What: "an EU subsidiary owned exactly 50% caught", Pkgs: comp},
	{ID: "regime/us-person-kept", File: "compliance/regime.go", From: "\t\ts &^= regimeBit(RegimeUS)", To: "\t\t_ = RegimeUS", What: "a non-US person still bound by US rules", Pkgs: comp},
	// Ownership: the SDN 50 Percent Rule (compliance/ownership.go).
	{ID: "own/threshold-exclusive", File: "compliance/ownership.go", From: "if n.agg.GreaterThanOrEqual(fifty) {", To: "if n.agg.GreaterThan(fifty) {", What: "exactly 50% not blocked", Pkgs: comp},
	{ID: "own/no-aggregation", File: "compliance/ownership.go", From: "n.agg = n.agg.Add(s.percent)", To: "n.agg = decimal.Max(n.agg, s.percent)", What: "stakes of several blocked owners not summed", Pkgs: comp},
	{ID: "own/no-intermediaries", File: "compliance/ownership.go", From: "if ow == nil || !ow.blocked {", To: "if ow == nil || ow.direct == nil {", What: "blocked intermediaries ignored", Pkgs: comp},
	{ID: "own/un-owners", File: "compliance/ownership.go", From: "(hits[i].Entry.List == lists.SDN || hits[i].Entry.List == lists.UN)", To: "hits[i].Entry.List == lists.SDN", What: "UN-listed owners not blocked", Pkgs: comp},
	{ID: "own/weak-alias-owner", File: "compliance/ownership.go", From: "&& hits[i].By != lists.ByWeakAlias {", To: "{", What: "an owner named by a weak alias counts as blocked", Pkgs: comp},
	// Waivers (compliance/waiver.go).
	{ID: "waiver/expiry-exclusive", File: "compliance/waiver.go", From: "d.After(w.Expires)", To: "!d.Before(w.Expires)", What: "a waiver not valid on its last day", Pkgs: comp},
	{ID: "waiver/any-account", File: "compliance/waiver.go", From: "(w.Account != \"\" && w.Account != account)", To: "(w.Account == \"x\")", What: "a waiver covers every account", Pkgs: comp},
	{ID: "waiver/account-only", File: "compliance/waiver.go", From: "(w.Account != \"\" && w.Account != account)", To: "(w.Account != account)", What: "an account-only waiver needs the account empty", Pkgs: comp},
	{ID: "waiver/any-rule", File: "compliance/waiver.go", From: "if w.Rule != rule ||", To: "if false ||", What: "a waiver covers every rule", Pkgs: comp},
	{ID: "waiver/security-inverted", File: "compliance/waiver.go", From: "if id == w.id {", To: "if id != w.id {", What: "a security waiver covers other securities", Pkgs: comp},
	// Orders and decisions (compliance/checker.go, order.go, policy.go).
	{ID: "order/excess-slack", File: "compliance/checker.go", From: "if o.Side == Sell && o.Quantity.GreaterThan(position) {", To: "if o.Side == Sell && o.Quantity.GreaterThan(position.Add(decimal.NewFromInt(10))) {", What: "a sale slightly beyond the position not a short sale", Pkgs: comp},
	{ID: "order/blocked-sale-uses-position", File: "compliance/checker.go", From: "if o.Side == Sell && res.Decision != Block {", To: "if o.Side == Sell {", What: "a blocked sale uses up the position", Pkgs: comp},
	{ID: "order/severity-swapped", File: "compliance/checker.go", From: "d := Warn\n\t\tif f.Severity == Violation {", To: "d := Warn\n\t\tif f.Severity == Warning {", What: "warnings block, violations warn", Pkgs: comp},
	{ID: "order/waived-blocks", File: "compliance/checker.go", From: "\t\tif f.Waived {\n\t\t\tcontinue\n\t\t}\n\t\td := Warn", To: "\t\td := Warn", What: "a waived finding still blocks", Pkgs: comp},
	{ID: "order/unresolved-allowed", File: "compliance/checker.go", From: "\t\t\td := Block\n\t\t\tif c.policy.AllowUnresolved {", To: "\t\t\td := Block\n\t\t\tif !c.policy.AllowUnresolved {", What: "an unresolved order allowed under the strict policy", Pkgs: comp},
	{ID: "order/reject-record", File: "compliance/checker.go", From: "strings.HasPrefix(f.Rule, \"ns-cmic/\")", To: "strings.HasPrefix(f.Rule, \"sdn/\")", What: "no reject record for NS-CMIC blocks", Pkgs: comp},
	{ID: "order/report-due-9", File: "compliance/checker.go", From: "ReportDue: addBusinessDays(o.TradeDate, 10)}", To: "ReportDue: addBusinessDays(o.TradeDate, 9)}", What: "reject report due after 9 business days", Pkgs: comp},
	{ID: "order/saturdays", File: "compliance/order.go", From: "if wd := d.Weekday(); wd != 0 && wd != 6 {", To: "if wd := d.Weekday(); wd != 0 {", What: "Saturdays counted as business days", Pkgs: comp},
	{ID: "order/trade-date-window", File: "compliance/checker.go", From: "if err := c.checkTradeDate(o.TradeDate); err != nil {", To: "if err := c.checkTradeDate(o.TradeDate); false && err != nil {", What: "an implausible trade date judged", Pkgs: comp},
	{ID: "order/us-person-flag", File: "compliance/checker.go", From: "o.Regimes, !o.NonUSPerson && c.policy.usPerson(o.Account))", To: "o.Regimes, c.policy.usPerson(o.Account))", What: "us_person=false ignored", Pkgs: comp},
	{ID: "book/acquired-after", File: "compliance/checker.go", From: "if !h.Acquired.IsZero() && h.Acquired.After(asOf) {", To: "if false {", What: "a lot acquired after the evaluation date silently skipped", Pkgs: comp},
	{ID: "book/in-force", File: "compliance/checker.go", From: "if !x.Entry.InForce(m.Date) {", To: "if false {", What: "entries judged outside their time on the list", Pkgs: comp},
	{ID: "book/numeric-order", File: "compliance/checker.go", From: "\tif len(a) != len(b) {\n\t\treturn len(a) < len(b)\n\t}\n\treturn a < b", To: "\treturn a < b", What: "entity ids sorted as text", Pkgs: comp},
	{ID: "book/unread-codes", File: "compliance/checker.go", From: "\t\t\tif read[code] {\n\t\t\t\tcontinue", To: "\t\t\tif true {\n\t\t\t\tcontinue", What: "in-house codes no rule reads accepted", Pkgs: comp},
	{ID: "book/review-threshold", File: "compliance/checker.go", From: "review = lists.DefaultMinScore", To: "review = 0.83", What: "review threshold 0.83 instead of 0.86", Pkgs: comp},
	{ID: "book/unresolved-passed", File: "compliance/checker.go", From: "\tif r.resolved {\n\t\treturn \"\"", To: "\tif true {\n\t\treturn \"\"", What: "unresolved holdings silently passed", Pkgs: comp},
	{ID: "policy/severity-ignored", File: "compliance/policy.go", From: "if o, ok := p.Severity[rule]; ok && (o == Warning || o == Violation) {", To: "if o, ok := p.Severity[rule]; false && ok && (o == Warning || o == Violation) {", What: "policy severities ignored", Pkgs: comp},
	{ID: "policy/unresolved-warning", File: "compliance/policy.go", From: "\tif p.AllowUnresolved {\n\t\treturn Warning", To: "\tif !p.AllowUnresolved {\n\t\treturn Warning", What: "unresolved holdings warnings by default", Pkgs: comp},
	{ID: "policy/non-us-accounts", File: "compliance/policy.go", From: "return !p.NonUSAccounts[account] }", To: "return true }", What: "Policy.NonUSAccounts ignored", Pkgs: comp},
	// Resolution (compliance/resolve.go).
	{ID: "resolve/weak-alias-strong", File: "lists/by.go", From: "case ByISIN, ByCUSIP, BySEDOL, ByFIGI, ByTicker, ByName, ByAlias, ByIssuerName:", To: "case ByISIN, ByCUSIP, BySEDOL, ByFIGI, ByTicker, ByName, ByAlias, ByIssuerName, ByWeakAlias:", What: "a weak alias is a strong match", Pkgs: comp},
	{ID: "names/outrank-across-lists", File: "compliance/resolve.go", From: "if x.rank >= top.rank || x.Entry == top.Entry {", To: "if x.rank >= top.rank || x.Entry == top.Entry || true {", What: "an identifier match does not outrank a weaker name match to another entry", Pkgs: comp},
	{ID: "names/similar-beside-match", File: "compliance/resolve.go", From: "\t\tcase matched && !outranked(c.Notes):\n\t\t\tcontinue", To: "\t\tcase false:\n\t\t\tcontinue", What: "names only similar reviewed beside a match", Pkgs: comp},
	{ID: "resolve/weaker-wins", File: "compliance/resolve.go", From: "if x.strength > r.hits[i].strength {", To: "if x.strength < r.hits[i].strength {", What: "the weaker way to an entry kept", Pkgs: comp},
	{ID: "resolve/no-issuer", File: "compliance/resolve.go", From: "if sec.Issuer != \"\" {", To: "if false {", What: "the issuer name never screened", Pkgs: comp},
	{ID: "resolve/no-funds", File: "compliance/resolve.go", From: "\t\t\twk.constituents(r, master(), fid, depth)", To: "\t\t\t_ = fid", What: "fund constituents never looked through", Pkgs: comp},
	{ID: "resolve/no-underlying", File: "compliance/resolve.go", From: "wk.join(r, master().join(Step{StepUnderlying, \"underlying \" + u.String()}), nil, decimal.Zero, u, depth+1)", To: "_ = u", What: "an ADR's underlying never followed", Pkgs: comp},
	{ID: "resolve/notes-dropped", File: "compliance/resolve.go", From: "if c.Match {\n\t\tp = append(p, Step{StepKey", To: "if !c.Match {\n\t\tp = append(p, Step{StepKey", What: "a match explained as a similar name and the reverse", Pkgs: comp},
	{ID: "resolve/fund-weight", File: "compliance/resolve.go", From: "return outer.Mul(inner).Div(decimal.NewFromInt(100))", To: "return outer.Mul(inner)", What: "nested fund weights not in percent", Pkgs: comp},
	{ID: "resolve/no-ownership", File: "compliance/resolve.go", From: "if o := rv.owners.lookup(name); o != nil && o.top != nil {", To: "if o := rv.owners.lookup(name); false && o != nil && o.top != nil {", What: "the 50 Percent Rule never applied", Pkgs: comp},
	// Identifiers (holdings).
	{ID: "id/isin-check-digit", File: "holdings/ident.go", From: "if want := isinCheckDigit(v[:11]); v[11] != want {", To: "if want := isinCheckDigit(v[:11]); false && v[11] != want {", What: "ISIN check digits not verified", Pkgs: hold},
	{ID: "id/cusip-check-digit", File: "holdings/ident.go", From: "if want := doubleAddDouble(v[:8]); v[8] != want {", To: "if want := doubleAddDouble(v[:8]); false && v[8] != want {", What: "CUSIP check digits not verified", Pkgs: hold},
	{ID: "id/sedol-weights", File: "holdings/ident.go", From: "var sedolWeights = [6]int{1, 3, 1, 7, 3, 9}", To: "var sedolWeights = [6]int{1, 3, 1, 7, 3, 1}", What: "a wrong SEDOL weight", Pkgs: hold},
	{ID: "id/isin-luhn", File: "holdings/ident.go", From: "sum, p := 0, 1 // p: 1 when the next digit from the right is doubled", To: "sum, p := 0, 0 // p: 1 when the next digit from the right is doubled", What: "ISIN Luhn doubling from the wrong end", Pkgs: hold},
	{ID: "id/cusip-in-ca-isin", File: "holdings/ident.go", From: "if c := v.Value[:2]; c != \"US\" && c != \"CA\" {", To: "if c := v.Value[:2]; c != \"US\" {", What: "the CUSIP inside a CA ISIN missed", Pkgs: hold},
	{ID: "id/sedol-in-ie-isin", File: "holdings/ident.go", From: "(c != \"GB\" && c != \"IE\")", To: "c != \"GB\"", What: "the SEDOL inside an IE ISIN missed", Pkgs: hold},
	{ID: "id/zeros-alphanumeric", File: "holdings/ident.go", From: "if allDigitBytes(string(b)) {\n\t\tt := strings.TrimLeft(string(b), \"0\")", To: "if true {\n\t\tt := strings.TrimLeft(string(b), \"0\")", What: "leading zeros stripped from alphanumeric symbols", Pkgs: hold},
	{ID: "id/table-any-slot", File: "holdings/idtable.go", From: "\t\ts := &t.short[i]\n\t\tif s.sec == 0 {\n\t\t\treturn nil\n\t\t}\n\t\tif s.key == *k {", To: "\t\ts := &t.short[i]\n\t\tif s.sec == 0 {\n\t\t\treturn nil\n\t\t}\n\t\tif true {", What: "a master lookup takes the first key it meets for the one asked", Pkgs: hold},
	{ID: "id/ticker-fast-zeros", File: "holdings/tickerfast.go", From: "if digits { // an all-digit symbol loses its leading zeros", To: "if false { // an all-digit symbol loses its leading zeros", What: "the allocation-free ticker parser keeps leading zeros (\"0941.HK\" not 941 HK)", Pkgs: hold},
	{ID: "resolve/memo-skipped", File: "compliance/resolve.go", From: "\t\t\tif rv.isHot(i) {\n\t\t\t\tif rv.memo[i].listed {", To: "\t\t\tif false {\n\t\t\t\tif rv.memo[i].listed {", What: "the memo of a security never read: what it reaches is lost", Pkgs: comp},
	{ID: "id/master-derived-cusip", File: "holdings/master.go", From: "if c, ok := CUSIPFromISIN(ids[j]); ok {", To: "if c, ok := CUSIPFromISIN(ids[j]); false && ok {", What: "a security master not found by the CUSIP inside its ISIN", Pkgs: hold},
	{ID: "date/earliest", File: "holdings/date.go", From: "case d.Before(earliest):", To: "case false && d.Before(earliest):", What: "trade dates before 1990 accepted", Pkgs: hold},
	{ID: "date/horizon", File: "holdings/date.go", From: "case d.After(today.AddDays(MaxHorizonDays)):", To: "case d.After(today.AddDays(100 * MaxHorizonDays)):", What: "trade dates a century ahead accepted", Pkgs: hold},
	{ID: "book/check-acquired", File: "holdings/portfolio.go", From: "if !h.Acquired.IsZero() && h.Acquired.After(asOf) {", To: "if false {", What: "a book holding lots bought later accepted", Pkgs: hold},
	// Lists: history and whole releases.
	{ID: "history/removed-inclusive", File: "lists/entry.go", From: "return e.Removed.IsZero() || d.Before(e.Removed)", To: "return e.Removed.IsZero() || !d.After(e.Removed)", What: "an entry still in force on its removal date", Pkgs: list},
	{ID: "history/listed-inverted", File: "lists/entry.go", From: "if !e.Listed.IsZero() && d.Before(e.Listed) {", To: "if !e.Listed.IsZero() && d.After(e.Listed) {", What: "an entry in force before its listing", Pkgs: list},
	{ID: "history/no-removal", File: "lists/history.go", From: "if _, ok := by[k]; !ok && p.removed.IsZero() {", To: "if _, ok := by[k]; false && !ok && p.removed.IsZero() {", What: "an entry dropped by a release never removed", Pkgs: list},
	{ID: "history/no-comeback", File: "lists/history.go", From: "case !p.removed.IsZero(): // back after a removal: a new period", To: "case false: // back after a removal: a new period", What: "an entry back after a removal stays removed", Pkgs: list},
	{ID: "lists/shrink-doubled", File: "lists/shrink.go", From: "if total == 0 || float64(lost) <= maxLoss*float64(total) {", To: "if total == 0 || float64(lost) <= 2*maxLoss*float64(total) {", What: "twice the allowed loss accepted", Pkgs: list},
	{ID: "lists/content-id-no-name", File: "lists/identity.go", From: "\th.Write([]byte(NormalizeName(e.Name)))", To: "\th.Write(nil)", What: "in-house content ids ignore the name", Pkgs: list},
	{ID: "lists/unstable-accepted", File: "lists/identity.go", From: "\tif l.Release.IDScheme == IDPosition {", To: "\tif false {", What: "positional ids merged into histories", Pkgs: list},
}
