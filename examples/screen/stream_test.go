package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/investscreen/investscreen/compliance/audit"
	"github.com/investscreen/investscreen/compliance/audit/auditdb"
)

// bigBook writes a book of the example holdings repeated n times, with
// row bad (if not "") after the first 90% of them.
func bigBook(t *testing.T, n int, bad string) string {
	t.Helper()
	data, err := os.ReadFile("../data/portfolio.csv")
	if err != nil {
		t.Fatal(err)
	}
	head, body, _ := strings.Cut(string(data), "\n")
	var b strings.Builder
	b.WriteString(head + "\n")
	for i := 0; i < n; i++ {
		if i == n*9/10 && bad != "" {
			b.WriteString(bad + "\n")
		}
		b.WriteString(body)
		if !strings.HasSuffix(body, "\n") {
			b.WriteString("\n")
		}
	}
	path := filepath.Join(t.TempDir(), "book.csv")
	if err := os.WriteFile(path, []byte(b.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// A bad row late in a large book: exit 2 in every format, the error names
// file, line and field, no report is printed (nothing passes) and
// nothing is recorded.
func TestRunLateBadRow(t *testing.T) {
	data, _ := os.ReadFile("../data/portfolio.csv")
	cols := strings.Split(strings.SplitN(string(data), "\n", 2)[0], ",")
	row := make([]string, len(cols))
	for i, c := range cols {
		switch strings.TrimSpace(c) {
		case "isin":
			row[i] = "US0378331005"
		case "quantity":
			row[i] = "1e5"
		}
	}
	path := bigBook(t, 500, strings.Join(row, ","))
	lines := strings.Count(string(data), "\n")
	for _, format := range []string{"text", "json", "csv", "html"} {
		t.Run(format, func(t *testing.T) {
			dsn := "sqlite:" + filepath.Join(t.TempDir(), "decisions.db")
			var out, errb bytes.Buffer
			code := run([]string{"-log", dsn, "-portfolio", path, "-securities", "../data/securities.csv", "-as-of", "2026-11-24", "-format", format}, &out, &errb)
			if code != 2 || out.Len() != 0 {
				t.Fatalf("exit %d (want 2), %d bytes of report (want none); stderr %s", code, out.Len(), errb.String())
			}
			want := fmt.Sprintf("%s:%d: quantity: ", path, 1+(lines-1)*450+1)
			if !strings.Contains(errb.String(), want) {
				t.Fatalf("stderr %q does not name %q", errb.String(), want)
			}
			l, err := auditdb.Open(context.Background(), dsn, audit.Options{})
			if err != nil {
				t.Fatal(err)
			}
			defer l.Close()
			if page, err := l.Query(context.Background(), audit.Filter{}); err != nil || len(page.Decisions) != 0 {
				t.Fatalf("%d records of a book not read in full (%v)", len(page.Decisions), err)
			}
		})
	}
}

// -log off records nothing and prints the same report; a report too
// large to embed is recorded by its summary and the SHA-256 of the bytes
// printed, and the request digest is the file's.
func TestRunLargeReportRecord(t *testing.T) {
	path := bigBook(t, 1500, "") // about 15,000 findings and unresolved
	book, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	dsn := "sqlite:" + filepath.Join(t.TempDir(), "decisions.db")
	args := []string{"-portfolio", path, "-securities", "../data/securities.csv", "-as-of", "2026-11-24", "-format", "csv"}
	var logged, off, errb bytes.Buffer
	if code := run(append([]string{"-log", dsn}, args...), &logged, &errb); code != 1 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	if code := run(append([]string{"-log", "off"}, args...), &off, &errb); code != 1 {
		t.Fatalf("-log off: exit %d: %s", code, errb.String())
	}
	if !bytes.Equal(logged.Bytes(), off.Bytes()) {
		t.Fatal("the report differs with the log off")
	}
	l, err := auditdb.Open(context.Background(), dsn, audit.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	page, err := l.Query(context.Background(), audit.Filter{})
	if err != nil || len(page.Decisions) != 1 {
		t.Fatalf("%d records (%v), want 1", len(page.Decisions), err)
	}
	r := page.Decisions[0]
	sum := sha256.Sum256(book)
	if r.RequestDigest != hex.EncodeToString(sum[:]) {
		t.Errorf("request digest %s, not the book's", r.RequestDigest)
	}
	var d struct {
		Report  json.RawMessage `json:"report"`
		Printed audit.Printed   `json:"printed"`
		Summary struct {
			Holdings int `json:"holdings"`
		} `json:"summary"`
	}
	if err := json.Unmarshal(r.Detail, &d); err != nil {
		t.Fatal(err)
	}
	printed := sha256.Sum256(logged.Bytes())
	if d.Report != nil || d.Printed.Format != "csv" || d.Printed.SHA256 != hex.EncodeToString(printed[:]) || d.Printed.Bytes != int64(logged.Len()) || d.Summary.Holdings == 0 {
		t.Errorf("record detail: printed %+v, holdings %d, report embedded %v", d.Printed, d.Summary.Holdings, d.Report != nil)
	}
	if len(r.Rules) == 0 || len(r.Entities) == 0 || r.Decision != "block" {
		t.Errorf("record columns %+v", r)
	}
}
