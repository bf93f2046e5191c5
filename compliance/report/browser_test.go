package report_test

import (
	"bytes"
	"context"
	"image"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/investscreen/investscreen/compliance/report"
)

// TestBrowserHTMLReport renders the HTML report in headless Chromium and
// checks what a reader sees: the DOM the browser built (summary counts,
// the SenseTime finding and its path, no script run from the input) and
// a screenshot. It is skipped when chromium is not on PATH; .ci/browser-test
// installs it and runs this test.
func TestBrowserHTMLReport(t *testing.T) {
	chromium, err := exec.LookPath("chromium")
	if err != nil {
		t.Skip("chromium not on PATH (.ci/browser-test installs it)")
	}
	rep := exampleReport(t)
	dir := t.TempDir()
	page := filepath.Join(dir, "report.html")
	var buf bytes.Buffer
	if err := report.WriteHTML(&buf, "examples/data/portfolio.csv", rep); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(page, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	url := "file://" + filepath.ToSlash(page)

	// browse runs chromium headless on the page with extra flags, in its
	// own profile directory, with no network activity of its own.
	browseURL := func(url string, extra ...string) []byte {
		t.Helper()
		ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
		defer cancel()
		args := append([]string{"--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
			"--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
			"--user-data-dir=" + t.TempDir()}, extra...)
		cmd := exec.CommandContext(ctx, chromium, append(args, url)...)
		var stdout, stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		if err := cmd.Run(); err != nil {
			t.Fatalf("chromium %s: %v\n%s", strings.Join(extra, " "), err, stderr.Bytes())
		}
		return stdout.Bytes()
	}
	browse := func(extra ...string) []byte { return browseURL(url, extra...) }

	t.Run("DOM", func(t *testing.T) {
		dom := browse("--dump-dom")
		doc := parseHTML(t, dom)
		c := rep.Counts
		wantSummary := []string{"Holdings screened", strconv.Itoa(c.Holdings), "Flagged", strconv.Itoa(c.Flagged), "Violations", strconv.Itoa(c.Violations),
			"Warnings", strconv.Itoa(c.Warnings), "Waived", strconv.Itoa(c.Waived), "Unresolved", strconv.Itoa(c.Unresolved)}
		if diff := cmp.Diff(wantSummary, doc.lists["dl"]); diff != "" {
			t.Errorf("summary the browser shows (-want +got):\n%s", diff)
		}
		for _, want := range []string{"FAIL", "NS-CMIC 33114 SENSETIME GROUP LIMITED", "Rule ns-cmic/purchase", scriptAccount, rep.Lists[0].SHA256} {
			if !strings.Contains(doc.text, want) {
				t.Errorf("the browser's DOM does not show %q", want)
			}
		}
		found := false
		for _, p := range doc.paths {
			found = found || cmp.Equal(p, senseTimePath)
		}
		if !found {
			t.Errorf("the browser's DOM has no numbered path %q", senseTimePath)
		}
		if doc.elements["script"] != 0 {
			t.Errorf("the browser built %d <script> elements from the input", doc.elements["script"])
		}
	})

	t.Run("hostile", func(t *testing.T) {
		// Every value of this report is the hostile string: what the
		// browser builds holds its escaped form and none of its controls.
		r, _ := filled(hostile)
		var buf bytes.Buffer
		if err := report.WriteHTML(&buf, hostile, r); err != nil {
			t.Fatal(err)
		}
		hostilePage := filepath.Join(dir, "hostile.html")
		if err := os.WriteFile(hostilePage, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		dom := browseURL("file://"+filepath.ToSlash(hostilePage), "--dump-dom")
		assertSafe(t, "the browser's DOM", dom)
		doc := parseHTML(t, dom)
		if !strings.Contains(doc.text, hostileEscaped) {
			t.Errorf("the browser's DOM does not show %s", hostileEscaped)
		}
	})

	t.Run("screenshot", func(t *testing.T) {
		shot := filepath.Join(dir, "report.png")
		browse("--screenshot="+shot, "--window-size=1280,2000", "--hide-scrollbars")
		f, err := os.Open(shot)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		img, err := png.Decode(f)
		if err != nil {
			t.Fatalf("screenshot: %v", err)
		}
		if b := img.Bounds(); b.Dx() != 1280 || b.Dy() != 2000 {
			t.Errorf("screenshot is %dx%d, want 1280x2000", b.Dx(), b.Dy())
		}
		if ink := inked(img); ink < 0.02 {
			t.Errorf("screenshot is %.1f%% ink: the page looks blank", 100*ink)
		}
		if out := os.Getenv("SCREEN_REPORT_SCREENSHOT"); out != "" {
			// For a human to look at: .ci/browser-test keeps it.
			b, err := os.ReadFile(shot)
			if err == nil {
				err = os.WriteFile(out, b, 0o644)
			}
			if err != nil {
				t.Error(err)
			}
		}
	})
}

// inked returns the share of pixels, sampled, that are not near white.
func inked(img image.Image) float64 {
	b := img.Bounds()
	n, ink := 0, 0
	for y := b.Min.Y; y < b.Max.Y; y += 4 {
		for x := b.Min.X; x < b.Max.X; x += 4 {
			r, g, bl, _ := img.At(x, y).RGBA()
			n++
			if r < 0xe000 || g < 0xe000 || bl < 0xe000 {
				ink++
			}
		}
	}
	return float64(ink) / float64(n)
}
