package audit

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"time"

	"github.com/investscreen/investscreen/compliance"
	"github.com/investscreen/investscreen/holdings"
)

// Calendar names the business-day calendar of ReportDue.
const Calendar = "Monday to Friday less Federal Reserve holidays (Sunday holidays observed Monday; Saturday holidays not moved)"

// Reject is an NS-CMIC order reject to report to OFAC (FAQ 1048; 31 CFR
// 501.604), as the log recorded it.
type Reject struct {
	// Seq and Hash are the record's.
	Seq  int64     `json:"seq"`
	Time time.Time `json:"time"`
	// Actor is who asked.
	Actor     string        `json:"actor"`
	Account   string        `json:"account"`
	Security  string        `json:"security"`
	Side      string        `json:"side"`
	Quantity  string        `json:"quantity"`
	TradeDate holdings.Date `json:"trade_date"`
	// ReportDue is ReportDueDays business days (Calendar) after TradeDate.
	ReportDue holdings.Date `json:"report_due"`
	// Rule, Entity and Reason are the library's reject record.
	Rule   string            `json:"rule"`
	Entity compliance.Entity `json:"entity"`
	Reason string            `json:"reason"`
	Hash   string            `json:"hash"`
}

// Rejects returns the NS-CMIC rejects whose report falls due from from to
// to (both inclusive; zero is open), by due date then sequence.
func (l *Log) Rejects(ctx context.Context, from, to holdings.Date) ([]Reject, error) {
	q := "SELECT " + columns + " FROM decisions WHERE kind = 'order' AND report_due <> ''"
	var args []any
	if !from.IsZero() {
		q += " AND report_due >= ?"
		args = append(args, from.String())
	}
	if !to.IsZero() {
		q += " AND report_due <= ?"
		args = append(args, to.String())
	}
	rows, err := l.db.QueryContext(ctx, l.rebind(q+" ORDER BY report_due, seq"), args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Reject{}
	for rows.Next() {
		var r Record
		if err := scanRecord(rows, &r); err != nil {
			return nil, err
		}
		var d struct {
			Result struct {
				Reject *compliance.RejectRecord `json:"reject_report"`
			} `json:"result"`
		}
		if err := json.Unmarshal(r.Detail, &d); err != nil {
			return nil, fmt.Errorf("record %d: detail: %w", r.Seq, err)
		}
		rj := Reject{Seq: r.Seq, Time: r.Time, Actor: r.Actor, Account: r.Account, Security: r.Security, Side: r.Side,
			Quantity: r.Quantity, TradeDate: r.TradeDate, ReportDue: r.ReportDue, Hash: r.Hash}
		if x := d.Result.Reject; x != nil {
			rj.Rule, rj.Entity, rj.Reason = x.Rule, x.Entity, x.Reason
		}
		out = append(out, rj)
	}
	return out, rows.Err()
}

// RejectColumns is the header WriteRejectsCSV writes.
var rejectColumns = []string{"seq", "time", "actor", "account", "security", "side", "quantity", "trade_date", "report_due",
	"rule", "entity_list", "entity_id", "entity_name", "reason", "hash"}

// WriteRejectsCSV writes rs as CSV with a header row: seq, time, actor,
// account, security, side, quantity, trade_date, report_due, rule,
// entity_list, entity_id, entity_name, reason, hash.
func WriteRejectsCSV(w io.Writer, rs []Reject) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(rejectColumns); err != nil {
		return err
	}
	for i := range rs {
		r := &rs[i]
		if err := cw.Write([]string{strconv.FormatInt(r.Seq, 10), r.Time.UTC().Format(timeLayout), r.Actor, r.Account, r.Security,
			r.Side, r.Quantity, r.TradeDate.String(), r.ReportDue.String(), r.Rule, r.Entity.List, r.Entity.ID,
			r.Entity.Name, r.Reason, r.Hash}); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// RejectsJSON is the JSON form of a rejects export.
type RejectsJSON struct {
	// From and To are the due-date window (empty when open).
	From holdings.Date `json:"from"`
	To   holdings.Date `json:"to"`
	// Calendar names how business days were counted.
	Calendar string   `json:"calendar"`
	Rejects  []Reject `json:"rejects"`
}

// WriteRejectsJSON writes rs as a RejectsJSON object.
func WriteRejectsJSON(w io.Writer, from, to holdings.Date, rs []Reject) error {
	if rs == nil {
		rs = []Reject{}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(RejectsJSON{From: from, To: to, Calendar: Calendar, Rejects: rs})
}
