package lists_test

import (
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"testing/fstest"
	"time"
	"unicode"

	"github.com/investscreen/investscreen/lists"
)

// endless is an unbounded reader giving b forever.
type endless byte

func (e endless) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = byte(e)
	}
	return len(p), nil
}

// prefixed returns a reader of head followed by an endless repetition
// of fill, cut at total bytes (0: never).
func prefixed(head string, fill byte, total int64) io.Reader {
	var r io.Reader = endless(fill)
	if total > 0 {
		r = io.LimitReader(r, total-int64(len(head)))
	}
	return io.MultiReader(strings.NewReader(head), r)
}

// allocated returns the bytes fn allocates.
func allocated(fn func()) uint64 {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	fn()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

// maxAlloc bounds what reading a hostile file may allocate: the readers
// hold one record (at most 1 MiB) and their buffers, never the file.
const maxAlloc = 16 << 20

// TestBoundedReaders is issue 12's unbounded list files: /dev/zero, a 2 GB
// sparse file, a 10-million-column OFAC primary row, an endless line and
// an endless quoted record each end in an error matching ErrFormat and
// the cause, allocating a few MB at most, for every CSV reader.
func TestBoundedReaders(t *testing.T) {
	dir := t.TempDir()
	sparse := filepath.Join(dir, "sparse.csv")
	f, err := os.Create(sparse)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(2 << 30); err != nil {
		t.Fatal(err)
	}
	f.Close()
	zeroDir := filepath.Join(dir, "zero")
	sparseDir := filepath.Join(dir, "sparse")
	for _, d := range []string{zeroDir, sparseDir} {
		if err := os.Mkdir(d, 0o700); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Symlink("/dev/zero", filepath.Join(zeroDir, "cons_prim.csv")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(sparse, filepath.Join(sparseDir, "cons_prim.csv")); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat("/dev/zero"); err != nil {
		t.Fatalf("/dev/zero: %v", err)
	}

	const cslHead = "_id,source,entity_number,type,programs,name,title,addresses,ids,start_date,end_date\n"
	const dodHead = "Name,Clean Name,Start date,End date\n"
	const houseHead = "list,name,isin\n"
	readers := map[string]func(io.Reader, string) (*lists.List, error){
		"csl": lists.ReadCSL, "dod": lists.ReadDoD1260H, "inhouse": lists.ReadInHouse,
	}
	heads := map[string]string{"csl": cslHead, "dod": dodHead, "inhouse": houseHead}

	type tcase struct {
		name, reason string
		load         func() error
		want         error
	}
	var tests []tcase
	for _, spec := range []struct{ name, path string }{
		{"/dev/zero as cons_prim.csv", zeroDir},
		{"2 GB sparse cons_prim.csv", sparseDir},
		{"/dev/zero through Load", filepath.Join(zeroDir, "cons_prim.csv")},
		{"2 GB sparse file as an in-house list", "inhouse:" + sparse},
		{"2 GB sparse file as a CSL", "csl:" + sparse},
	} {
		spec := spec
		tests = append(tests, tcase{spec.name, "a NUL byte is an invisible character: refused at line 1, column 1", func() error { _, err := lists.Load(spec.path); return err }, lists.ErrInvisible})
	}
	tests = append(tests,
		tcase{"10-million-column OFAC primary row", "an OFAC primary record has exactly 12 fields: the 13th ends the reading",
			func() error {
				_, err := lists.ReadOFAC(readerFS{"cons_prim.csv": prefixed("1", ',', 10_000_001)})
				return err
			}, lists.ErrLimit},
		tcase{"endless OFAC line", "a line over 1 MiB ends the reading",
			func() error {
				_, err := lists.ReadOFAC(readerFS{"cons_prim.csv": prefixed(`1,"`, 'A', 0)})
				return err
			}, lists.ErrLimit},
	)
	for name, read := range readers {
		name, read := name, read
		tests = append(tests,
			tcase{name + ": 10 million columns", "more fields than the header ends the reading",
				func() error { _, err := read(prefixed(heads[name]+"a", ',', 10_000_000), name); return err }, lists.ErrLimit},
			tcase{name + ": endless line", "a line over 1 MiB ends the reading",
				func() error { _, err := read(prefixed(heads[name]+"a", 'a', 0), name); return err }, lists.ErrLimit},
			tcase{name + ": endless quoted record", "a record over 1 MiB ends the reading, short lines or not",
				func() error {
					_, err := read(prefixed(heads[name]+"\"", '\n', 0), name)
					return err
				}, lists.ErrLimit},
			tcase{name + ": endless header", "the header is bounded too",
				func() error { _, err := read(prefixed("a", ',', 0), name); return err }, lists.ErrLimit},
		)
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var err error
			n := allocated(func() { err = tc.load() })
			if !errors.Is(err, tc.want) || !errors.Is(err, lists.ErrFormat) {
				t.Fatalf("err = %v, want it to match %v and ErrFormat (%s)", err, tc.want, tc.reason)
			}
			var pe *lists.ParseError
			if !errors.As(err, &pe) || pe.Line < 1 {
				t.Errorf("err = %v, want a *ParseError naming a line", err)
			}
			t.Logf("allocated %d bytes: %v", n, err)
			if n > maxAlloc {
				t.Errorf("allocated %d bytes, want at most %d", n, maxAlloc)
			}
			if len(err.Error()) > 400 {
				t.Errorf("error message of %d bytes: errors quote short excerpts only", len(err.Error()))
			}
		})
	}
}

// readerFS is an fs.FS of readers, each file readable once: enough for
// ReadOFAC to stream from without the bytes existing anywhere.
type readerFS map[string]io.Reader

func (r readerFS) Open(name string) (fs.File, error) {
	rd, ok := r[name]
	if !ok {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
	}
	return readerFile{name: name, Reader: rd}, nil
}

func (r readerFS) ReadDir(string) ([]fs.DirEntry, error) {
	var out []fs.DirEntry
	for name := range r {
		out = append(out, fs.FileInfoToDirEntry(readerInfo(name)))
	}
	return out, nil
}

type readerFile struct {
	name string
	io.Reader
}

func (f readerFile) Stat() (fs.FileInfo, error) { return readerInfo(f.name), nil }
func (f readerFile) Close() error               { return nil }

type readerInfo string

func (i readerInfo) Name() string       { return string(i) }
func (i readerInfo) Size() int64        { return 0 }
func (i readerInfo) Mode() fs.FileMode  { return 0o444 }
func (i readerInfo) ModTime() time.Time { return time.Time{} }
func (i readerInfo) IsDir() bool        { return false }
func (i readerInfo) Sys() any           { return nil }

// mapFS is an fs.FS holding one file.
func mapFS(name, content string) fstest.MapFS {
	return fstest.MapFS{name: &fstest.MapFile{Data: []byte(content)}}
}

// TestRecordStartLine is issue 12's "an unterminated quoted field that
// starts on line 2 is reported at line 2", for every CSV reader.
func TestRecordStartLine(t *testing.T) {
	tests := []struct {
		name string
		read func() error
	}{
		{"csl", func() error {
			_, err := lists.ReadCSL(strings.NewReader("_id,source,name\n\"1,x,\"A\nB\n"), "f.csv")
			return err
		}},
		{"dod", func() error {
			_, err := lists.ReadDoD1260H(strings.NewReader("Clean Name,Start date\n\"A,2021-01-01\nB\n"), "f.csv")
			return err
		}},
		{"inhouse", func() error {
			_, err := lists.ReadInHouse(strings.NewReader("list,name\nrestricted,\"A\nB\n"), "f.csv")
			return err
		}},
		{"ofac", func() error {
			_, err := lists.ReadOFAC(mapFS("cons_prim.csv", `1,"A",-0- ,"SDGT",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- `+"\r\n"+`2,"B`+"\r\nC\r\n\x1a"))
			return err
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.read()
			var pe *lists.ParseError
			if !errors.As(err, &pe) || !errors.Is(err, lists.ErrFormat) {
				t.Fatalf("err = %v, want a *ParseError", err)
			}
			if pe.Line != 2 {
				t.Errorf("line %d, want 2, where the record starts (%v)", pe.Line, err)
			}
		})
	}
}

// TestInvisibleCharacters: a byte order mark, zero-width or bidi control,
// or a C0/C1 control (but tab) inside a field is an error naming its line
// and column, in every CSV reader; it never becomes part of a value.
func TestInvisibleCharacters(t *testing.T) {
	chars := map[string]string{
		"byte order mark": "\ufeff", "zero-width space": "\u200b", "zero-width joiner": "\u200d",
		"right-to-left override": "\u202e", "left-to-right mark": "\u200e", "NUL": "\x00", "ESC": "\x1b",
		"DEL": "\x7f", "C1 U+0081": "\u0081", "line separator": "\u2028", "soft hyphen": "\u00ad",
	}
	for what, c := range chars {
		cases := []struct {
			reader   string
			read     func() error
			line     int
			column   int
			viaLatin bool
		}{
			{"inhouse", func() error {
				_, err := lists.ReadInHouse(strings.NewReader("list,name\nrestricted,ACME\nrestricted,AB"+c+"C\n"), "f.csv")
				return err
			}, 3, 14, false},
			{"inhouse list code", func() error {
				_, err := lists.ReadInHouse(strings.NewReader("list,name\n"+c+"restricted,ACME\n"), "f.csv")
				return err
			}, 2, 1, false},
			{"csl", func() error {
				_, err := lists.ReadCSL(strings.NewReader("_id,source,name\n1,\"x\",\"A"+c+"\"\n"), "f.csv")
				return err
			}, 2, 9, false},
			{"dod", func() error {
				_, err := lists.ReadDoD1260H(strings.NewReader("Clean Name,Start date\nA"+c+",2021-01-01\n"), "f.csv")
				return err
			}, 2, 2, false},
			{"ofac", func() error {
				_, err := lists.ReadOFAC(mapFS("cons_prim.csv", `1,"A`+c+`",-0- ,"SDGT",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- `+"\r\n\x1a"))
				return err
			}, 1, 5, false},
		}
		for _, tc := range cases {
			t.Run(what+"/"+tc.reader, func(t *testing.T) {
				err := tc.read()
				var pe *lists.ParseError
				if !errors.Is(err, lists.ErrInvisible) || !errors.As(err, &pe) {
					t.Fatalf("err = %v, want a *ParseError matching ErrInvisible", err)
				}
				if pe.Line != tc.line || pe.Column != tc.column {
					t.Errorf("at line %d column %d, want line %d column %d (%v)", pe.Line, pe.Column, tc.line, tc.column, err)
				}
				if strings.IndexFunc(err.Error(), func(r rune) bool { return !unicode.IsPrint(r) }) >= 0 {
					t.Errorf("error message %q carries the invisible character", err)
				}
			})
		}
	}
	// Tab stays allowed; a byte order mark at the very start of a file is
	// the encoding's, skipped.
	if _, err := lists.ReadInHouse(strings.NewReader("\ufefflist,name\nrestricted,A\tB\n"), "f.csv"); err != nil {
		t.Errorf("tab or leading byte order mark: %v", err)
	}
}

// TestErrorExcerpts: an error quotes at most a short, escaped excerpt of
// the file.
func TestErrorExcerpts(t *testing.T) {
	long := strings.Repeat("x", 100_000)
	for name, in := range map[string]string{
		"unknown column":  "list,name," + long + "\nrestricted,A,1\n",
		"unknown source":  "_id,source,name\n1," + long + ",A\n",
		"escape sequence": "list,name,\x1b[31mred\nrestricted,A,1\n",
		"long identifier": "list,name,isin\nrestricted,A," + long + "\n",
	} {
		t.Run(name, func(t *testing.T) {
			read := lists.ReadInHouse
			if strings.HasPrefix(in, "_id") {
				read = lists.ReadCSL
			}
			_, err := read(strings.NewReader(in), "f.csv")
			if err == nil {
				t.Fatal("no error")
			}
			if msg := err.Error(); len(msg) > 300 || strings.ContainsRune(msg, 0x1b) {
				t.Errorf("error of %d bytes %q: want a short, escaped excerpt", len(msg), msg[:min(len(msg), 300)])
			}
		})
	}
}
