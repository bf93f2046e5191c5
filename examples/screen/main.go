// Command screen screens a portfolio against investment blacklists: the
// main job of investscreen, as a program.
//
//	go run ./examples/screen [-portfolio FILE] [-securities FILE] [-list PATH]... [-as-of YYYY-MM-DD] [-format text|json]
//
// With no flags it screens examples/data/portfolio.csv, resolved through
// examples/data/securities.csv, against the list snapshot embedded in the
// library, as of today (America/New_York). Exit status: 0 when no finding
// is a violation, 1 when one is, 2 on a usage or input error.
package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"
	"time"
	_ "time/tzdata" // the New York calendar, on machines without a zone database

	"github.com/investscreen/investscreen/compliance"
	"github.com/investscreen/investscreen/holdings"
	"github.com/investscreen/investscreen/lists"
)

type listFlags []string

func (l *listFlags) String() string     { return strings.Join(*l, ",") }
func (l *listFlags) Set(s string) error { *l = append(*l, s); return nil }

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("screen", flag.ContinueOnError)
	fs.SetOutput(stderr)
	portfolio := fs.String("portfolio", "examples/data/portfolio.csv", "holdings CSV `file`")
	securities := fs.String("securities", "examples/data/securities.csv", "security master CSV `file` (ticker/issuer mappings); empty for none")
	var listPaths listFlags
	fs.Var(&listPaths, "list", "OFAC legacy CSV set: a directory or its primary file (repeatable; default: the embedded snapshot)")
	asOf := fs.String("as-of", "", "evaluation `date`, YYYY-MM-DD (default: today in New York)")
	format := fs.String("format", "text", "output format: text or json")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "screen: unexpected argument %q\n", fs.Arg(0))
		return 2
	}
	if *format != "text" && *format != "json" {
		fmt.Fprintf(stderr, "screen: -format: %q is not text or json\n", *format)
		return 2
	}
	date, err := evalDate(*asOf)
	if err != nil {
		fmt.Fprintf(stderr, "screen: -as-of: %v\n", err)
		return 2
	}
	var loaded []*lists.List
	if len(listPaths) == 0 {
		l, err := lists.Embedded()
		if err != nil {
			fmt.Fprintf(stderr, "screen: embedded list: %v\n", err)
			return 2
		}
		loaded = append(loaded, l)
	}
	for _, p := range listPaths {
		l, err := lists.LoadOFAC(p)
		if err != nil {
			fmt.Fprintf(stderr, "screen: -list: %v\n", err)
			return 2
		}
		loaded = append(loaded, l)
	}
	var master *holdings.Master
	if *securities != "" {
		if master, err = holdings.LoadMaster(*securities); err != nil {
			fmt.Fprintf(stderr, "screen: -securities: %v\n", err)
			return 2
		}
	}
	book, err := holdings.LoadPortfolio(*portfolio)
	if err != nil {
		fmt.Fprintf(stderr, "screen: -portfolio: %v\n", err)
		return 2
	}
	rep := compliance.New(lists.NewSet(loaded...), master).CheckPortfolio(book, date)
	if *format == "json" {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(rep); err != nil {
			fmt.Fprintf(stderr, "screen: %v\n", err)
			return 2
		}
	} else {
		printText(stdout, *portfolio, rep)
	}
	if rep.HasViolation() {
		return 1
	}
	return 0
}

func evalDate(s string) (holdings.Date, error) {
	if s != "" {
		return holdings.ParseDate(s)
	}
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		return holdings.Date{}, errors.New("no time zone data for America/New_York; give -as-of")
	}
	return holdings.Today(ny), nil
}

func printText(w io.Writer, source string, rep *compliance.Report) {
	fmt.Fprintf(w, "Screened %s as of %s\n", source, rep.AsOf)
	for _, l := range rep.Lists {
		fmt.Fprintf(w, "List: %s — %s, %d entries, sha256 %s\n", l.Name, l.Source, l.Entries, short(l.SHA256))
	}
	c := rep.Counts
	fmt.Fprintf(w, "Holdings: %d screened, %d flagged, %d unresolved; findings: %d violations, %d warnings\n\n",
		c.Holdings, c.Flagged, c.Unresolved, c.Violations, c.Warnings)
	if len(rep.Violations) > 0 {
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "LINE\tACCOUNT\tSEVERITY\tRULE\tLIST ENTRY\tMATCHED BY")
		for _, f := range rep.Violations {
			fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s %s %s\t%s\n", f.Line, f.Account, strings.ToUpper(string(f.Severity)), f.Rule, f.Entity.List, f.Entity.ID, f.Entity.Name, f.MatchedBy)
		}
		tw.Flush()
		fmt.Fprintln(w, "\nWhy:")
		for _, f := range rep.Violations {
			fmt.Fprintf(w, "  line %d %s: %s\n      path: %s\n", f.Line, f.Rule, f.Message, strings.Join(f.Path, " -> "))
		}
	} else {
		fmt.Fprintln(w, "No findings.")
	}
	if len(rep.Unresolved) > 0 {
		fmt.Fprintln(w, "\nUnresolved (not screened in full):")
		for _, u := range rep.Unresolved {
			fmt.Fprintf(w, "  line %d: %s\n", u.Line, u.Reason)
		}
	}
}

func short(h string) string {
	if len(h) > 16 {
		return h[:16] + "…"
	}
	return h
}
