package lists

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/investscreen/investscreen/holdings"
)

// readers are the single-file formats Load knows, by Format name.
var readers = map[string]func(io.Reader, string) (*List, error){
	FormatOFACXML:      ReadOFACXML,
	FormatOFACAdvanced: ReadOFACAdvanced,
	FormatCSL:          ReadCSL,
	FormatUN:           ReadUN,
	FormatDoD1260H:     ReadDoD1260H,
	FormatInHouse:      ReadInHouse,
	FormatEUFSF:        ReadEUSanctions,
	FormatUKSL:         ReadUKSanctionsList,
	FormatEUArt5:       ReadEUArticle5,
	FormatUKSched2:     ReadUKSchedule2,
}

// Formats returns the format names Load accepts, sorted.
func Formats() []string {
	out := []string{FormatOFACCSV}
	for f := range readers {
		out = append(out, f)
	}
	sort.Strings(out)
	return out
}

// Load reads a list file of any supported format. spec is a path, whose
// format is detected from its content, or "FORMAT:PATH" to force one of
// Formats (e.g. "csl:list.csv"). A directory, or a file named like an
// OFAC legacy CSV primary file (cons_prim.csv, sdn.csv), is an OFAC legacy
// CSV set (see LoadOFAC). A trailing "@YYYY-MM-DD" gives the release date
// of a file that states none (OFAC's legacy CSV) or overrides it.
// Release.Source is the path.
func Load(spec string) (*List, error) {
	var date holdings.Date
	if i := strings.LastIndexByte(spec, '@'); i > 0 && len(spec)-i == 11 {
		d, err := holdings.ParseDate(spec[i+1:])
		if err != nil {
			return nil, fmt.Errorf("%s: release date: %w", spec, err)
		}
		spec, date = spec[:i], d
	}
	l, err := load(spec)
	if err == nil && !date.IsZero() {
		l.Release.Date = date
	}
	return l, err
}

func load(spec string) (*List, error) {
	path, format := spec, ""
	if i := strings.IndexByte(spec, ':'); i > 1 {
		f := strings.ToLower(spec[:i])
		if _, ok := readers[f]; ok || f == FormatOFACCSV {
			path, format = spec[i+1:], f
		}
	}
	st, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if format == "" {
		if format, err = detect(path, st.IsDir()); err != nil {
			return nil, err
		}
	}
	if format == FormatOFACCSV {
		return LoadOFAC(path)
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return readers[format](f, path)
}

// detect names the format of the file at path from its first bytes.
func detect(path string, dir bool) (string, error) {
	if dir {
		return FormatOFACCSV, nil
	}
	switch strings.ToLower(filepath.Base(path)) {
	case "cons_prim.csv", "sdn.csv":
		return FormatOFACCSV, nil
	}
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	head := make([]byte, 64<<10)
	n, err := io.ReadFull(f, head)
	if err != nil && err != io.ErrUnexpectedEOF && err != io.EOF {
		return "", err
	}
	return sniff(head[:n], path)
}

// The namespaces of OFAC's advanced XML: the one of sdn_advanced.xsd, and
// the one of the files OFAC's Sanctions List Service publishes now.
const (
	advNamespaceUN  = "http://www.un.org/sanctions/1.0"
	advNamespaceSLS = "https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/ADVANCED_XML"
)

// sniff names the format of a file from its first bytes.
func sniff(head []byte, path string) (string, error) {
	head = bytes.TrimPrefix(head, []byte("\xef\xbb\xbf"))
	if bytes.HasPrefix(head, []byte("\xff\xfe")) || bytes.HasPrefix(head, []byte("\xfe\xff")) {
		return "", &ParseError{File: path, Line: 1, Err: fmt.Errorf("%w: UTF-16 text: convert it to UTF-8", ErrFormat)}
	}
	switch {
	case bytes.Contains(head, []byte("<sdnList")):
		return FormatOFACXML, nil
	case bytes.Contains(head, []byte("<Sanctions")) && (bytes.Contains(head, []byte(advNamespaceUN)) || bytes.Contains(head, []byte(advNamespaceSLS))):
		return FormatOFACAdvanced, nil
	case bytes.Contains(head, []byte("<CONSOLIDATED_LIST")):
		return FormatUN, nil
	case bytes.Contains(head, []byte("<export")) && bytes.Contains(head, []byte("sanctionEntity")):
		return FormatEUFSF, nil
	case bytes.HasPrefix(head, []byte("Report Date:")):
		return FormatUKSL, nil
	}
	line, _, _ := bufio.NewReader(bytes.NewReader(head)).ReadLine()
	cols := map[string]bool{}
	for _, c := range strings.Split(strings.ToLower(string(line)), ",") {
		cols[strings.Trim(strings.TrimSpace(c), `"`)] = true
	}
	switch {
	case cols["source"] && cols["entity_number"] && cols["ids"]:
		return FormatCSL, nil
	case cols["clean name"] && cols["start date"]:
		return FormatDoD1260H, nil
	case cols["id"] && cols["annex"] && cols["paragraph"] && cols["text_source"]:
		return FormatEUArt5, nil
	case cols["id"] && cols["schedule"] && cols["paragraph"] && cols["text_source"]:
		return FormatUKSched2, nil
	case cols["list"] && (cols["name"] || cols["isin"] || cols["ticker"]):
		return FormatInHouse, nil
	}
	return "", &ParseError{File: path, Line: 1, Err: fmt.Errorf("%w: not a list format this library knows (%s); force one with FORMAT:PATH", ErrFormat, strings.Join(Formats(), ", "))}
}
