package source

import (
	"errors"
	"fmt"
	"net/url"
	"strings"

	"github.com/investscreen/investscreen/lists"
)

// ErrSource is matched (errors.Is) by every error about a source
// definition: an unknown name, a URL that is not absolute http(s), a
// source without files.
var ErrSource = errors.New("invalid source")

// OFACExports is the base URL of OFAC's Sanctions List Service exports;
// an OFAC source's files are its upstream file names appended to it.
const OFACExports = "https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/"

// Source is one official list publication: its name, the list format of
// its files and where each file is fetched from. Source is a plain value;
// the functions of this package return copies, so changing one does not
// change another.
type Source struct {
	// Name identifies the source in the store ("ofac-cons"): it names the
	// store folder of its releases.
	Name string
	// Format is the lists format the files are read as
	// (lists.FormatOFACCSV, lists.FormatOFACAdvanced, lists.FormatCSL,
	// lists.FormatUN).
	Format string
	// Files are the files of one release, in reading order (for an OFAC
	// legacy CSV set: primary, aliases, addresses, comments). Every file
	// is required.
	Files []File
}

// File is one file of a source.
type File struct {
	// Name is the file's name in a release folder: the name the lists
	// readers know ("cons_prim.csv", "cons_advanced.xml").
	Name string
	// Upstream is the publisher's name of the file ("CONS_PRIM.CSV"),
	// appended to a URL prefix by WithURL.
	Upstream string
	// URL is where the file is fetched from.
	URL string
}

func ofacFiles(upstream ...string) []File {
	out := make([]File, len(upstream))
	for i, u := range upstream {
		out[i] = File{Name: strings.ToLower(u), Upstream: u, URL: OFACExports + u}
	}
	return out
}

// builtin returns the sources this package knows, in Names order.
func builtin() []Source {
	return []Source{
		{Name: "ofac-sdn", Format: lists.FormatOFACCSV, Files: ofacFiles("SDN.CSV", "ALT.CSV", "ADD.CSV", "SDN_COMMENTS.CSV")},
		{Name: "ofac-cons", Format: lists.FormatOFACCSV, Files: ofacFiles("CONS_PRIM.CSV", "CONS_ALT.CSV", "CONS_ADD.CSV", "CONS_COMMENTS.CSV")},
		{Name: "ofac-sdn-advanced", Format: lists.FormatOFACAdvanced, Files: ofacFiles("SDN_ADVANCED.XML")},
		{Name: "ofac-cons-advanced", Format: lists.FormatOFACAdvanced, Files: ofacFiles("CONS_ADVANCED.XML")},
		{Name: "csl", Format: lists.FormatCSL, Files: []File{{
			Name: "consolidated.csv", Upstream: "consolidated.csv",
			URL: "https://data.trade.gov/downloadable_consolidated_screening_list/v1/consolidated.csv",
		}}},
		{Name: "un", Format: lists.FormatUN, Files: []File{{
			Name: "consolidated.xml", Upstream: "consolidated.xml",
			URL: "https://scsanctions.un.org/resources/xml/en/consolidated.xml",
		}}},
	}
}

// Names returns the names of the sources this package knows, in a fixed
// order: ofac-sdn, ofac-cons, ofac-sdn-advanced, ofac-cons-advanced, csl,
// un.
func Names() []string {
	var out []string
	for _, s := range builtin() {
		out = append(out, s.Name)
	}
	return out
}

// Sources returns the sources this package knows, in Names order, with
// their official URLs. The slice and its sources are new copies.
func Sources() []Source { return builtin() }

// Lookup returns the known source named name, or an error matching
// ErrSource.
func Lookup(name string) (Source, error) {
	for _, s := range builtin() {
		if s.Name == name {
			return s, nil
		}
	}
	return Source{}, fmt.Errorf("%w: unknown source %q (known: %s)", ErrSource, name, strings.Join(Names(), ", "))
}

// WithURL returns a copy of s fetched from u instead: for a single-file
// source u is the file's URL; for a multi-file source it is a prefix that
// each file's Upstream name is appended to as is (so it normally ends in
// "/"). u must be an absolute http or https URL, else the error matches
// ErrSource.
func (s Source) WithURL(u string) (Source, error) {
	if p, err := url.Parse(u); err != nil || (p.Scheme != "http" && p.Scheme != "https") || p.Host == "" {
		return Source{}, fmt.Errorf("%w: source %s: %q is not an absolute http or https URL", ErrSource, s.Name, u)
	}
	out := s
	out.Files = append([]File(nil), s.Files...)
	for i := range out.Files {
		if len(out.Files) == 1 {
			out.Files[i].URL = u
		} else {
			out.Files[i].URL = u + out.Files[i].Upstream
		}
	}
	if err := out.validate(); err != nil {
		return Source{}, err
	}
	return out, nil
}

// validate checks that s can be fetched and stored.
func (s Source) validate() error {
	if err := validName(s.Name); err != nil {
		return err
	}
	if len(s.Files) == 0 {
		return fmt.Errorf("%w: source %s has no files", ErrSource, s.Name)
	}
	seen := map[string]bool{}
	for _, f := range s.Files {
		if f.Name == "" || f.Name == releaseFile || strings.HasPrefix(f.Name, ".") || strings.ContainsAny(f.Name, `/\`) || seen[strings.ToLower(f.Name)] {
			return fmt.Errorf("%w: source %s: %q is not a file name of its own", ErrSource, s.Name, f.Name)
		}
		seen[strings.ToLower(f.Name)] = true
		p, err := url.Parse(f.URL)
		if err != nil || (p.Scheme != "http" && p.Scheme != "https") || p.Host == "" {
			return fmt.Errorf("%w: source %s: file %s: %q is not an absolute http or https URL", ErrSource, s.Name, f.Name, f.URL)
		}
	}
	return nil
}

// validName checks that name can name a source's folder in a store.
func validName(name string) error {
	if name == "" || strings.HasPrefix(name, ".") || strings.ContainsAny(name, `/\:`) {
		return fmt.Errorf("%w: %q is not a source name (a non-empty folder name, not starting with a dot)", ErrSource, name)
	}
	return nil
}

// Select returns the sources named (all of Names when none is), in the
// order first named, with the URL overrides applied: each "NAME=URL"
// (WithURL) overrides a selected source; an override of a source not
// selected is ignored. An unknown name or a bad override is an error
// matching ErrSource.
func Select(names, urls []string) ([]Source, error) {
	if len(names) == 0 {
		names = Names()
	}
	srcs := map[string]Source{}
	var order []string
	for _, n := range names {
		s, err := Lookup(n)
		if err != nil {
			return nil, err
		}
		if _, dup := srcs[n]; !dup {
			order = append(order, n)
		}
		srcs[n] = s
	}
	for _, kv := range urls {
		n, u, ok := strings.Cut(kv, "=")
		if !ok {
			return nil, fmt.Errorf("%w: %q: want NAME=URL", ErrSource, kv)
		}
		s, err := Lookup(n)
		if err != nil {
			return nil, err
		}
		sel, selected := srcs[n]
		if selected {
			s = sel
		}
		if s, err = s.WithURL(u); err != nil {
			return nil, err
		}
		if selected {
			srcs[n] = s
		}
	}
	out := make([]Source, 0, len(order))
	for _, n := range order {
		out = append(out, srcs[n])
	}
	return out, nil
}
