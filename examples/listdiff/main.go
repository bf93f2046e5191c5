// Command listdiff compares two releases of an OFAC legacy CSV list set and
// prints what changed: the entries added and removed, and the fields that
// changed on the others.
//
//	go run ./examples/listdiff [-format text|json] OLD NEW
//
// OLD and NEW are directories holding a set (cons_prim.csv with its
// siblings, or sdn.csv with its) or the paths of their primary files.
// When one release lacks a file of the set that the other has, the fields
// that come only from it are not compared, and a note says so. Exit status,
// as diff(1): 0 when the releases do not differ, 1 when they do, 2 on a
// usage or input error.
package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/investscreen/investscreen/lists"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("listdiff", flag.ContinueOnError)
	fs.SetOutput(stderr)
	format := fs.String("format", "text", "output format: text or json")
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "usage: listdiff [-format text|json] OLD NEW")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if fs.NArg() != 2 {
		fmt.Fprintf(stderr, "listdiff: want two releases, OLD and NEW; got %d arguments\n", fs.NArg())
		fs.Usage()
		return 2
	}
	if *format != "text" && *format != "json" {
		fmt.Fprintf(stderr, "listdiff: -format: %q is not text or json\n", *format)
		return 2
	}
	old, err := lists.LoadOFAC(fs.Arg(0))
	if err != nil {
		fmt.Fprintf(stderr, "listdiff: old release: %v\n", err)
		return 2
	}
	cur, err := lists.LoadOFAC(fs.Arg(1))
	if err != nil {
		fmt.Fprintf(stderr, "listdiff: new release: %v\n", err)
		return 2
	}
	c, err := lists.Diff(old, cur)
	if err != nil {
		fmt.Fprintf(stderr, "listdiff: %v\n", err)
		return 2
	}
	if *format == "json" {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(toJSON(c, old, cur)); err != nil {
			fmt.Fprintf(stderr, "listdiff: %v\n", err)
			return 2
		}
	} else {
		printText(stdout, c, old, cur)
	}
	if c.Empty() {
		return 0
	}
	return 1
}

func printText(w io.Writer, c *lists.Changes, old, cur *lists.List) {
	fmt.Fprintf(w, "--- old: %s (sha256 %s, %d entries)\n", c.Old.Source, short(c.Old.SHA256), len(old.Entries))
	fmt.Fprintf(w, "+++ new: %s (sha256 %s, %d entries)\n", c.New.Source, short(c.New.SHA256), len(cur.Entries))
	for _, n := range c.Notes {
		fmt.Fprintf(w, "Note: %s\n", n)
	}
	section := func(title string, es []*lists.Entry) {
		fmt.Fprintf(w, "\n%s (%d)\n", title, len(es))
		for _, e := range es {
			fmt.Fprintf(w, "  %s %s %s\n", e.List, e.ID, e.Name)
		}
	}
	section("Added", c.Added)
	section("Removed", c.Removed)
	fmt.Fprintf(w, "\nChanged (%d)\n", len(c.Changed))
	for _, ch := range c.Changed {
		fmt.Fprintf(w, "  %s %s %s\n", ch.List, ch.ID, ch.Name)
		for _, f := range ch.Fields {
			if len(f.Added)+len(f.Removed) == 0 {
				fmt.Fprintf(w, "    %s: %q -> %q\n", f.Field, f.Old, f.New)
				continue
			}
			fmt.Fprintf(w, "    %s:\n", f.Field)
			for _, v := range f.Removed {
				fmt.Fprintf(w, "      -%s\n", v)
			}
			for _, v := range f.Added {
				fmt.Fprintf(w, "      +%s\n", v)
			}
		}
	}
	if c.Empty() {
		fmt.Fprintln(w, "\nNo differences.")
	}
}

func short(h string) string {
	if len(h) > 12 {
		return h[:12]
	}
	return h
}

type jsonRelease struct {
	Source  string `json:"source"`
	SHA256  string `json:"sha256"`
	Entries int    `json:"entries"`
}

type jsonEntry struct {
	List string `json:"list"`
	ID   string `json:"id"`
	Name string `json:"name"`
}

type jsonField struct {
	Field   string   `json:"field"`
	Old     string   `json:"old,omitempty"`
	New     string   `json:"new,omitempty"`
	Added   []string `json:"added,omitempty"`
	Removed []string `json:"removed,omitempty"`
}

type jsonChange struct {
	List   string      `json:"list"`
	ID     string      `json:"id"`
	Name   string      `json:"name"`
	Fields []jsonField `json:"fields"`
}

type jsonDiff struct {
	Old     jsonRelease  `json:"old"`
	New     jsonRelease  `json:"new"`
	Notes   []string     `json:"notes"`
	Added   []jsonEntry  `json:"added"`
	Removed []jsonEntry  `json:"removed"`
	Changed []jsonChange `json:"changed"`
}

// toJSON builds the JSON document; its arrays are never null.
func toJSON(c *lists.Changes, old, cur *lists.List) jsonDiff {
	entries := func(es []*lists.Entry) []jsonEntry {
		out := []jsonEntry{}
		for _, e := range es {
			out = append(out, jsonEntry{List: string(e.List), ID: e.ID, Name: e.Name})
		}
		return out
	}
	d := jsonDiff{
		Old:     jsonRelease{Source: c.Old.Source, SHA256: c.Old.SHA256, Entries: len(old.Entries)},
		New:     jsonRelease{Source: c.New.Source, SHA256: c.New.SHA256, Entries: len(cur.Entries)},
		Notes:   append([]string{}, c.Notes...),
		Added:   entries(c.Added),
		Removed: entries(c.Removed),
		Changed: []jsonChange{},
	}
	for _, ch := range c.Changed {
		jc := jsonChange{List: string(ch.List), ID: ch.ID, Name: ch.Name, Fields: []jsonField{}}
		for _, f := range ch.Fields {
			jc.Fields = append(jc.Fields, jsonField{Field: f.Field, Old: f.Old, New: f.New, Added: f.Added, Removed: f.Removed})
		}
		d.Changed = append(d.Changed, jc)
	}
	return d
}
