// Command mutate measures how many deliberate bugs in the decision logic
// the tests catch: it applies each mutant of its catalogue (a flipped
// boundary, a changed threshold, a dropped derivation, a skipped rule, a
// swapped severity) to a copy of the module, runs the tests of the
// packages that could see it, and reports the mutant caught (a test
// failed) or survived. A mutant whose text is no longer found, or that
// does not compile, is an error of the catalogue: the tool fails, so the
// catalogue is kept in step with the code.
//
//	go run ./internal/mutate [-run REGEXP] [-min 0.95] [-timeout 10m]
//
// It exits 1 when the share caught is below -min, 2 on a catalogue error.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"time"
)

// A mutant replaces one occurrence of From (it must occur exactly once in
// File) with To.
type mutant struct {
	ID, File, From, To, What string
	Pkgs                     []string // packages whose tests run; default the file's own
}

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("mutate", flag.ContinueOnError)
	fs.SetOutput(stderr)
	only := fs.String("run", "", "run only the mutants whose id matches this `regexp`")
	min := fs.Float64("min", 0.95, "the share of mutants that must be caught")
	timeout := fs.Duration("timeout", 10*time.Minute, "time limit of one mutant's tests")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	re, err := regexp.Compile(*only)
	if err != nil {
		fmt.Fprintf(stderr, "mutate: -run: %v\n", err)
		return 2
	}
	root, err := moduleRoot()
	if err != nil {
		fmt.Fprintf(stderr, "mutate: %v\n", err)
		return 2
	}
	work, err := os.MkdirTemp("", "mutate-")
	if err != nil {
		fmt.Fprintf(stderr, "mutate: %v\n", err)
		return 2
	}
	defer os.RemoveAll(work)
	if err := copyModule(root, work); err != nil {
		fmt.Fprintf(stderr, "mutate: copying the module: %v\n", err)
		return 2
	}
	caught, total := 0, 0
	var survivors []string
	start := time.Now()
	for _, m := range catalogue {
		if !re.MatchString(m.ID) {
			continue
		}
		total++
		res, err := try(work, m, *timeout)
		if err != nil {
			fmt.Fprintf(stderr, "mutate: %s: %v\n", m.ID, err)
			return 2
		}
		fmt.Fprintf(stdout, "%-8s %-34s %s\n", res, m.ID, m.What)
		if res == "caught" {
			caught++
		} else {
			survivors = append(survivors, m.ID)
		}
	}
	if total == 0 {
		fmt.Fprintln(stderr, "mutate: no mutant matches -run")
		return 2
	}
	share := float64(caught) / float64(total)
	fmt.Fprintf(stdout, "%d of %d mutants caught (%.1f%%) in %s; survived: %s\n", caught, total, 100*share, time.Since(start).Round(time.Second), strings.Join(survivors, ", "))
	if share < *min {
		fmt.Fprintf(stdout, "below the minimum of %.0f%%\n", 100**min)
		return 1
	}
	return 0
}

// try applies m in work, runs the tests and restores the file.
func try(work string, m mutant, timeout time.Duration) (string, error) {
	path := filepath.Join(work, m.File)
	orig, err := os.ReadFile(path)
	if err != nil {
		return "", err
	}
	if n := strings.Count(string(orig), m.From); n != 1 {
		return "", fmt.Errorf("%s: the text to mutate occurs %d times, want once: %q", m.File, n, m.From)
	}
	if err := os.WriteFile(path, []byte(strings.Replace(string(orig), m.From, m.To, 1)), 0o644); err != nil {
		return "", err
	}
	defer os.WriteFile(path, orig, 0o644)
	pkgs := m.Pkgs
	if len(pkgs) == 0 {
		pkgs = []string{"./" + filepath.Dir(m.File)}
	}
	if out, err := command(work, timeout, append([]string{"vet"}, pkgs...)...); err != nil {
		return "", fmt.Errorf("the mutant does not build:\n%s", out)
	}
	out, err := command(work, timeout, append([]string{"test", "-count=1", "-failfast"}, pkgs...)...)
	var ee *exec.ExitError
	switch {
	case err == nil:
		return "SURVIVED", nil
	case errors.As(err, &ee) || errors.Is(err, context.DeadlineExceeded):
		return "caught", nil
	}
	return "", fmt.Errorf("go test: %v\n%s", err, out)
}

func command(dir string, timeout time.Duration, args ...string) ([]byte, error) {
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, "go", args...)
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	if ctx.Err() != nil {
		return out, ctx.Err()
	}
	return out, err
}

func moduleRoot() (string, error) {
	out, err := exec.Command("go", "env", "GOMOD").Output()
	if err != nil {
		return "", err
	}
	mod := strings.TrimSpace(string(out))
	if mod == "" || mod == os.DevNull {
		return "", errors.New("not inside the module")
	}
	return filepath.Dir(mod), nil
}

// copyModule copies the files git tracks (and, outside git, every file)
// from root to dst.
func copyModule(root, dst string) error {
	var files []string
	if out, err := exec.Command("git", "-C", root, "ls-files", "-co", "--exclude-standard").Output(); err == nil {
		for _, f := range strings.Split(strings.TrimSpace(string(out)), "\n") {
			if f != "" {
				files = append(files, f)
			}
		}
	} else {
		err := filepath.Walk(root, func(p string, fi os.FileInfo, err error) error {
			if err != nil || fi.IsDir() {
				return err
			}
			rel, _ := filepath.Rel(root, p)
			files = append(files, rel)
			return nil
		})
		if err != nil {
			return err
		}
	}
	for _, f := range files {
		src := filepath.Join(root, f)
		fi, err := os.Lstat(src)
		if err != nil || !fi.Mode().IsRegular() {
			continue // deleted in the work tree, or a link
		}
		b, err := os.ReadFile(src)
		if err != nil {
			return err
		}
		p := filepath.Join(dst, f)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(p, b, 0o644); err != nil {
			return err
		}
	}
	return nil
}
