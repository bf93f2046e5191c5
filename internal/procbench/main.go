// Command procbench measures examples/screen as a whole process on
// generated CSV books, beside a yardstick taken in the same run:
// encoding/csv only reading the same two files. It writes the books with
// internal/gen (row by row, so that a 10M-row book never sits in memory),
// builds the screen program, and runs yardstick and screening in turn,
// reporting the median wall time of each, their ratio and the screen's
// peak RSS (getrusage ru_maxrss of the child).
//
//	go run ./internal/procbench [-rows 1000000,10000000] [-distinct 100000] [-runs 3] [-dir DIR] [-check]
//
// On Linux a child's ru_maxrss is at least its parent's peak RSS when it
// was started (os/exec starts children with vfork, whose shared memory is
// the parent's until the exec, and the kernel keeps its high-water mark):
// procbench therefore writes the books in a child process of its own
// (-write-book), keeps its own memory small, and prints its own peak
// beside the figures, the floor of what a child can report.
//
// With -check it exits 1 when a target of issue 16 is missed: screening
// the first book in at most 4x the yardstick and 150 MiB, and every
// larger book within 10% of the first book's peak RSS and in time linear
// in rows (at most 1.25x the first book's time per row).
package main

import (
	"encoding/csv"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/investscreen/investscreen/internal/gen"
	"github.com/investscreen/investscreen/lists"
)

func main() {
	rowsFlag := flag.String("rows", "1000000,10000000", "comma-separated book sizes in rows")
	distinct := flag.Int("distinct", 100000, "distinct securities (the security master's size)")
	runs := flag.Int("runs", 3, "runs of the yardstick and of the screen per book (the median is reported)")
	dir := flag.String("dir", filepath.Join(os.TempDir(), "investscreen-books"), "`directory` for the books, the program and its output")
	check := flag.Bool("check", false, "exit 1 when a target is missed")
	writeBook := flag.Int("write-book", 0, "write the book of this many `rows` into -dir and exit (procbench runs itself so to write its books)")
	flag.Parse()
	if *writeBook > 0 {
		l, err := lists.Embedded()
		if err != nil {
			fatalf("%v", err)
		}
		if _, _, err := ensureBook(*dir, *writeBook, *distinct, l); err != nil {
			fatalf("%v", err)
		}
		return
	}
	var sizes []int
	for _, f := range strings.Split(*rowsFlag, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || n < 1 {
			fatalf("-rows: %q is not a positive row count", f)
		}
		sizes = append(sizes, n)
	}
	if err := os.MkdirAll(*dir, 0o755); err != nil {
		fatalf("%v", err)
	}
	bin := filepath.Join(*dir, "screen")
	if out, err := exec.Command("go", "build", "-o", bin, "./examples/screen").CombinedOutput(); err != nil {
		fatalf("building examples/screen (run from the module root): %v\n%s", err, out)
	}
	fmt.Printf("# examples/screen, whole process; %s, %d CPUs, GOMAXPROCS %d; %d runs each, medians\n\n", runtime.Version(), runtime.NumCPU(), runtime.GOMAXPROCS(0), *runs)
	fmt.Println("| rows | book MB | master rows | encoding/csv read | screen wall | ratio | screen peak RSS | s per 1M rows |")
	fmt.Println("|---|---|---|---|---|---|---|---|")
	var failed []string
	var firstRSS int64
	var firstPerRow float64
	for i, n := range sizes {
		book, master, err := writeBooks(*dir, n, *distinct)
		if err != nil {
			fatalf("%v", err)
		}
		var yard, wall []time.Duration
		var rss int64
		var masterRows int
		for r := 0; r < *runs; r++ {
			d, rows, err := yardstick(book, master)
			if err != nil {
				fatalf("yardstick: %v", err)
			}
			yard = append(yard, d)
			masterRows = rows
			w, peak, err := screen(bin, *dir, book, master)
			if err != nil {
				fatalf("screen: %v", err)
			}
			wall = append(wall, w)
			if peak > rss {
				rss = peak
			}
		}
		y, w := median(yard), median(wall)
		st, _ := os.Stat(book)
		perRow := w.Seconds() / float64(n) * 1e6
		ratio := w.Seconds() / y.Seconds()
		fmt.Printf("| %d | %.1f | %d | %.3f s | %.3f s | %.2f× | %.1f MiB | %.3f |\n", n, float64(st.Size())/1e6, masterRows, y.Seconds(), w.Seconds(), ratio, float64(rss)/(1<<20), perRow)
		if i == 0 {
			firstRSS, firstPerRow = rss, perRow
			if ratio > 4 {
				failed = append(failed, fmt.Sprintf("%d rows: %.2f× the yardstick (target 4×)", n, ratio))
			}
			if rss > 150<<20 {
				failed = append(failed, fmt.Sprintf("%d rows: peak RSS %.1f MiB (target 150)", n, float64(rss)/(1<<20)))
			}
			continue
		}
		if float64(rss) > 1.1*float64(firstRSS) {
			failed = append(failed, fmt.Sprintf("%d rows: peak RSS %.1f MiB, more than 10%% above the first book's %.1f", n, float64(rss)/(1<<20), float64(firstRSS)/(1<<20)))
		}
		if perRow > 1.25*firstPerRow {
			failed = append(failed, fmt.Sprintf("%d rows: %.3f s per 1M rows against %.3f: not linear", n, perRow, firstPerRow))
		}
	}
	var self syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &self); err == nil {
		fmt.Printf("\nprocbench's own peak RSS (the floor of a child's figure): %.1f MiB\n", float64(self.Maxrss)/1024)
	}
	fmt.Println()
	for _, f := range failed {
		fmt.Println("MISSED:", f)
	}
	if *check && len(failed) > 0 {
		os.Exit(1)
	}
}

// writeBooks has a child process (procbench -write-book) write the book
// of n rows and its master into dir unless they are there, so that
// generating them does not raise procbench's own peak RSS, which the
// screen's children would inherit as theirs; it returns their paths.
func writeBooks(dir string, n, distinct int) (book, master string, err error) {
	base := filepath.Join(dir, fmt.Sprintf("book-%d-%d", n, distinct))
	book, master = base+".csv", base+"-securities.csv"
	if _, err := os.Stat(base + ".done"); err == nil {
		return book, master, nil
	}
	self, err := os.Executable()
	if err != nil {
		return "", "", err
	}
	cmd := exec.Command(self, "-write-book", strconv.Itoa(n), "-distinct", strconv.Itoa(distinct), "-dir", dir)
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	if err := cmd.Run(); err != nil {
		return "", "", fmt.Errorf("writing the %d-row book: %w", n, err)
	}
	return book, master, nil
}

// ensureBook writes the book of n rows and its master into dir unless a
// complete one is there already (a marker file is written last).
func ensureBook(dir string, n, distinct int, l *lists.List) (book, master string, err error) {
	base := filepath.Join(dir, fmt.Sprintf("book-%d-%d", n, distinct))
	book, master, done := base+".csv", base+"-securities.csv", base+".done"
	if _, err := os.Stat(done); err == nil {
		return book, master, nil
	}
	bf, err := os.Create(book)
	if err != nil {
		return "", "", err
	}
	defer bf.Close()
	mf, err := os.Create(master)
	if err != nil {
		return "", "", err
	}
	defer mf.Close()
	if err := gen.WriteCSV(bf, mf, 1, n, distinct, 0.01, l); err != nil {
		return "", "", err
	}
	if err := errors.Join(bf.Close(), mf.Close()); err != nil {
		return "", "", err
	}
	return book, master, os.WriteFile(done, nil, 0o644)
}

// yardstick reads both files with encoding/csv, reusing records, and
// touches every field: the least a reader of these files can do.
func yardstick(files ...string) (time.Duration, int, error) {
	start := time.Now()
	var rows, bytes int
	for _, name := range files {
		f, err := os.Open(name)
		if err != nil {
			return 0, 0, err
		}
		r := csv.NewReader(f)
		r.ReuseRecord = true
		rows = 0
		for {
			rec, err := r.Read()
			if err == io.EOF {
				break
			}
			if err != nil {
				f.Close()
				return 0, 0, err
			}
			rows++
			for _, v := range rec {
				bytes += len(v)
			}
		}
		f.Close()
	}
	if bytes == 0 {
		return 0, 0, errors.New("empty files")
	}
	return time.Since(start), rows - 1, nil // the master's rows, header excluded
}

// screen runs the screen program on the book as of a date after every
// generated lot, with the decision log in a fresh SQLite file, and returns
// its wall time and peak RSS in bytes. Exit status 1 (violations found)
// is what a generated book must give.
func screen(bin, dir, book, master string) (time.Duration, int64, error) {
	logPath := filepath.Join(dir, "decisions.db")
	for _, s := range []string{"", "-wal", "-shm"} {
		os.Remove(logPath + s)
	}
	out, err := os.Create(filepath.Join(dir, "screen-output.json"))
	if err != nil {
		return 0, 0, err
	}
	defer out.Close()
	cmd := exec.Command(bin, "-portfolio", book, "-securities", master, "-as-of", "2024-12-31", "-format", "json")
	cmd.Env = append(os.Environ(), "INVESTSCREEN_LOG=sqlite:"+logPath)
	cmd.Stdout = out
	var stderr strings.Builder
	cmd.Stderr = &stderr
	start := time.Now()
	err = cmd.Run()
	wall := time.Since(start)
	var ee *exec.ExitError
	if !errors.As(err, &ee) || ee.ExitCode() != 1 {
		return 0, 0, fmt.Errorf("exit %v, want 1 (violations): %s", err, stderr.String())
	}
	ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage)
	if !ok {
		return 0, 0, errors.New("no rusage on this platform")
	}
	return wall, int64(ru.Maxrss) * 1024, nil // Linux: kilobytes
}

func median(ds []time.Duration) time.Duration {
	s := append([]time.Duration(nil), ds...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	return s[len(s)/2]
}

func fatalf(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "procbench: "+format+"\n", args...)
	os.Exit(2)
}
