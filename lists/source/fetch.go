package source

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math/rand"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/investscreen/investscreen/lists"
)

// Defaults for the zero fields of a Fetcher.
const (
	// DefaultTimeout bounds one attempt at one file, from the request to
	// the last byte.
	DefaultTimeout = 10 * time.Minute
	// DefaultAttempts is how many times a file is tried.
	DefaultAttempts = 4
	// DefaultBackoff is the wait before the second attempt; each further
	// wait doubles, up to MaxBackoff.
	DefaultBackoff = 2 * time.Second
	// MaxBackoff is the longest wait between attempts, also for a
	// server's Retry-After.
	MaxBackoff = 2 * time.Minute
	// DefaultMaxFileSize bounds each file: 1 GiB (OFAC's SDN_ADVANCED.XML,
	// the largest, is about a tenth of that).
	DefaultMaxFileSize = 1 << 30
)

// ErrTooLarge is matched (errors.Is) by the error for a file larger than
// Fetcher.MaxFileSize.
var ErrTooLarge = errors.New("file too large")

// ErrOlder is matched, with ErrRefused, by the refusal of a download
// whose files state a publish date before that of the newest release: a
// stale mirror or a replayed old release.
var ErrOlder = errors.New("release is older than the newest stored one")

// ErrClock is matched by the error of a fetch whose time (Fetcher.Now)
// is before the newest stored release's: its release would sort before
// the one it follows.
var ErrClock = errors.New("clock behind the store")

// ErrShortBody is matched by the error for a body that ends before the
// length its Content-Length announced.
var ErrShortBody = errors.New("body shorter than its Content-Length")

// StatusError is an HTTP answer other than 200 (or 304 to a conditional
// request). 408, 429 and 5xx answers are retried; others are not.
type StatusError struct {
	// URL is the URL asked and Code the HTTP status code.
	URL  string
	Code int
}

// Error says which URL answered which status.
func (e *StatusError) Error() string {
	return fmt.Sprintf("GET %s: %d %s", e.URL, e.Code, http.StatusText(e.Code))
}

// FetchError is the error of a Fetch: the source, the file (empty when
// the whole download is refused) and the cause, which errors.Is and As
// see through (ErrRefused, ErrTooLarge, *StatusError, context errors,
// io.ErrUnexpectedEOF, ...).
type FetchError struct {
	Source, File string
	Err          error
}

// Error names the source, the file if any, and the cause.
func (e *FetchError) Error() string {
	if e.File == "" {
		return e.Source + ": " + e.Err.Error()
	}
	return e.Source + ": " + e.File + ": " + e.Err.Error()
}

// Unwrap returns the cause.
func (e *FetchError) Unwrap() error { return e.Err }

// Progress reports a fetch under way: the file being downloaded and the
// bytes so far.
type Progress struct {
	// Source and File name what is being fetched.
	Source, File string
	// Bytes is how much of File has arrived, Size its announced length
	// (-1 when the server announced none).
	Bytes, Size int64
	// Done is how many of the source's Files are complete.
	Done, Files int
	// Total is the bytes downloaded for the source so far.
	Total int64
}

// Status says what a Fetch did.
type Status int

const (
	// New: the download became a new release.
	New Status = iota + 1
	// Unchanged: the source holds what the newest release holds (the
	// server answered 304 Not Modified, or sent the same bytes); no
	// release was added.
	Unchanged
)

// String returns "new" or "unchanged".
func (s Status) String() string {
	switch s {
	case New:
		return "new"
	case Unchanged:
		return "unchanged"
	}
	return "Status(" + strconv.Itoa(int(s)) + ")"
}

// Result is what a Fetch did.
type Result struct {
	// Source is the source's name.
	Source string
	// Status is New or Unchanged.
	Status Status
	// Release is the new release, or the newest stored one when
	// Unchanged.
	Release *Release
	// Previous is the release before the new one; nil on a first fetch
	// and when Unchanged.
	Previous *Release
	// List is the new release read as a list (dated with Release.Date());
	// nil when Unchanged.
	List *lists.List
	// Changes is lists.Diff(previous, new); nil on a first fetch and when
	// Unchanged.
	Changes *lists.Changes
	// Bytes is how many bytes were downloaded.
	Bytes int64
}

// Fetcher downloads sources into a Store. Its zero value is ready to use
// with the defaults; the fields relax or tune it. A Fetcher must not be
// changed while a Fetch runs; it is then safe for concurrent use (the
// Store serialises fetches of one source).
type Fetcher struct {
	// Client makes the requests. Nil means a client that follows up to
	// 10 redirects but never from https to http.
	Client *http.Client
	// Timeout bounds one attempt at one file (0: DefaultTimeout).
	Timeout time.Duration
	// Attempts is how many times a file is tried before the fetch fails
	// (0: DefaultAttempts; 1: no retry).
	Attempts int
	// Backoff is the wait before the second attempt, doubled for each
	// further one up to MaxBackoff, with up to 25% jitter (0:
	// DefaultBackoff).
	Backoff time.Duration
	// MaxFileSize bounds each file in bytes (0: DefaultMaxFileSize).
	MaxFileSize int64
	// MaxLoss is the share (0..1) of the previous release's entries a new
	// release may lose before it is refused (0: DefaultMaxLoss; 1:
	// accept any loss).
	MaxLoss float64
	// Progress, if set, is called as bytes arrive and when each file is
	// complete, from the goroutine running Fetch.
	Progress func(Progress)
	// UserAgent is sent with every request (empty: "investscreen").
	UserAgent string
	// Now gives the fetch time (nil: time.Now).
	Now func() time.Time
}

func (f *Fetcher) client() *http.Client {
	if f.Client != nil {
		return f.Client
	}
	return &http.Client{CheckRedirect: func(req *http.Request, via []*http.Request) error {
		if len(via) >= 10 {
			return errors.New("stopped after 10 redirects")
		}
		if req.URL.Scheme != "https" && via[0].URL.Scheme == "https" {
			return fmt.Errorf("refused redirect from https to %s", req.URL.Scheme)
		}
		return nil
	}}
}

func orDefault[T int | int64 | time.Duration | float64](v, def T) T {
	if v == 0 {
		return def
	}
	return v
}

// Fetch downloads the files of src and, if they make a new release,
// stores it. Conditional requests send back the ETag and Last-Modified
// of the newest release's files (when fetched from the same URL). The
// download is accepted only if it reads as one whole list of src.Format
// with entries, every file read, an OFAC legacy CSV primary file with its
// end marker, no publish date before the newest release's, and no more
// than MaxLoss of the newest release's entries lost; otherwise Fetch
// returns a *FetchError matching ErrRefused and its cause. Content equal
// to the newest release makes no release (Status Unchanged).
//
// Any error leaves the store as it was: files are written to a temporary
// folder, fsynced, and renamed into place only once accepted. ctx cancels
// the fetch, including waits between attempts.
func (f *Fetcher) Fetch(ctx context.Context, st *Store, src Source) (*Result, error) {
	if err := src.validate(); err != nil {
		return nil, err
	}
	maxLoss := orDefault(f.MaxLoss, DefaultMaxLoss)
	if maxLoss < 0 || maxLoss > 1 {
		return nil, fmt.Errorf("%w: MaxLoss %v is not between 0 and 1", ErrSource, f.MaxLoss)
	}
	fail := func(file string, err error) (*Result, error) {
		return nil, &FetchError{Source: src.Name, File: file, Err: err}
	}
	unlock := st.lockSource(src.Name)
	defer unlock()

	now := time.Now
	if f.Now != nil {
		now = f.Now
	}
	fetched := now().UTC().Truncate(time.Second)
	newest, err := st.Newest(src.Name)
	if err == nil && newest != nil {
		err = newest.verify() // never call a damaged release unchanged
	}
	if err != nil {
		return fail("", err)
	}
	if newest != nil && fetched.Before(newest.FetchedAt) {
		// A release must sort after the one it follows.
		return fail("", fmt.Errorf("%w: the clock (%s) is behind the newest release %s", ErrClock, fetched.Format(time.RFC3339), newest.ID))
	}
	srcDir := filepath.Join(st.dir, src.Name)
	_, err = os.Stat(srcDir)
	fresh := errors.Is(err, fs.ErrNotExist)
	if err := os.MkdirAll(srcDir, 0o755); err != nil {
		return fail("", err)
	}
	tmp, err := os.MkdirTemp(srcDir, tempPrefix)
	if err != nil {
		return fail("", err)
	}
	committed := false
	defer func() {
		if !committed {
			os.RemoveAll(tmp)
			if fresh {
				os.Remove(srcDir) // only if still empty
			}
		}
	}()

	res := &Result{Source: src.Name}
	files := make([]ReleaseFile, len(src.Files))
	notModified := make([]bool, len(src.Files))
	allNotModified := newest != nil
	for i, file := range src.Files {
		var cond *ReleaseFile
		if newest != nil {
			for j := range newest.Files {
				if nf := &newest.Files[j]; nf.Name == file.Name && nf.URL == file.URL && (nf.ETag != "" || nf.LastModified != "") {
					cond = nf
				}
			}
		}
		p := Progress{Source: src.Name, File: file.Name, Size: -1, Done: i, Files: len(src.Files), Total: res.Bytes}
		rf, same, err := f.download(ctx, file, cond, filepath.Join(tmp, file.Name), &p)
		res.Bytes = p.Total
		if err != nil {
			return fail(file.Name, err)
		}
		if same {
			rf = *cond
		}
		files[i], notModified[i] = rf, same
		allNotModified = allNotModified && same
		if f.Progress != nil {
			p.Done = i + 1
			f.Progress(p)
		}
	}
	if allNotModified || newest.sameContent(files) {
		res.Status, res.Release = Unchanged, newest
		return res, nil
	}
	for i, file := range src.Files {
		dst := filepath.Join(tmp, file.Name)
		if notModified[i] {
			if err := copyVerified(filepath.Join(newest.dir, file.Name), dst, &files[i]); err != nil {
				return fail(file.Name, err)
			}
		} else if err := syncFile(dst); err != nil {
			return fail(file.Name, err)
		}
	}

	refuse := func(err error) (*Result, error) {
		var pe *lists.ParseError
		if errors.As(err, &pe) && strings.HasPrefix(pe.File, tmp) {
			pe.File = filepath.Base(pe.File) // the temporary folder is gone
		}
		return fail("", fmt.Errorf("%w: %w", ErrRefused, err))
	}
	if err := checkEndMarker(src, tmp); err != nil {
		return refuse(err)
	}
	l, err := loadDir(src.Format, tmp, files)
	if err != nil {
		return refuse(err)
	}
	var prev *lists.List
	if newest != nil {
		if prev, err = st.Load(newest); err != nil {
			return fail("", fmt.Errorf("previous release %s: %w", newest.ID, err))
		}
	}
	if err := checkWhole(prev, l, maxLoss); err != nil {
		return refuse(err)
	}
	pub := l.Release.Date
	if newest != nil && !pub.IsZero() && !newest.Published.IsZero() && pub.Before(newest.Published) {
		return refuse(fmt.Errorf("%w: published %s, the newest release %s was published %s", ErrOlder, pub, newest.ID, newest.Published))
	}
	r := &Release{Source: src.Name, Format: src.Format, FetchedAt: fetched, Published: pub, SHA256: l.Release.SHA256, Entries: len(l.Entries), Files: files}
	stored, err := st.commit(tmp, r, newest)
	if err != nil {
		return fail("", err)
	}
	if stored != r { // another process stored the same files meanwhile
		res.Status, res.Release = Unchanged, stored
		return res, nil
	}
	committed = true
	l.Release.Date = r.Date()
	l.Release.Source = r.dir
	if src.Format != lists.FormatOFACCSV {
		l.Release.Source = filepath.Join(r.dir, files[0].Name)
	}
	res.Status, res.Release, res.Previous, res.List = New, r, newest, l
	if prev != nil {
		// A diff that cannot be made (ids that are not stable) leaves
		// Changes nil: the release itself is whole and stored.
		res.Changes, _ = lists.Diff(prev, l)
	}
	return res, nil
}

// download fetches file to the new file dst, retrying as the Fetcher
// says. cond, if not nil, is the stored file to send validators for; a
// 304 answer then returns notModified and writes nothing.
func (f *Fetcher) download(ctx context.Context, file File, cond *ReleaseFile, dst string, p *Progress) (rf ReleaseFile, notModified bool, err error) {
	attempts := orDefault(f.Attempts, DefaultAttempts)
	wait := orDefault(f.Backoff, DefaultBackoff)
	start := p.Total
	for a := 1; ; a++ {
		p.Total = start
		var retryAfter time.Duration
		rf, notModified, retryAfter, err = f.attempt(ctx, file, cond, dst, p)
		if err == nil || a >= attempts || ctx.Err() != nil || !retryable(err) {
			return rf, notModified, err
		}
		d := wait + time.Duration(rand.Int63n(int64(wait)/4+1))
		if retryAfter > d {
			d = retryAfter
		}
		if d > MaxBackoff {
			d = MaxBackoff
		}
		t := time.NewTimer(d)
		select {
		case <-ctx.Done():
			t.Stop()
			return rf, false, fmt.Errorf("%w (after %d attempts: %v)", ctx.Err(), a, err)
		case <-t.C:
		}
		if wait *= 2; wait > MaxBackoff {
			wait = MaxBackoff
		}
	}
}

// retryable reports whether a failed attempt is worth another.
func retryable(err error) bool {
	var se *StatusError
	if errors.As(err, &se) {
		return se.Code == http.StatusRequestTimeout || se.Code == http.StatusTooManyRequests || se.Code >= 500
	}
	return !errors.Is(err, ErrTooLarge)
}

// attempt makes one request for file and writes a 200 body to dst.
func (f *Fetcher) attempt(ctx context.Context, file File, cond *ReleaseFile, dst string, p *Progress) (ReleaseFile, bool, time.Duration, error) {
	rf := ReleaseFile{Name: file.Name, URL: file.URL}
	ctx, cancel := context.WithTimeout(ctx, orDefault(f.Timeout, DefaultTimeout))
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, file.URL, nil)
	if err != nil {
		return rf, false, 0, err
	}
	ua := f.UserAgent
	if ua == "" {
		ua = "investscreen"
	}
	req.Header.Set("User-Agent", ua)
	if cond != nil {
		if cond.ETag != "" {
			req.Header.Set("If-None-Match", cond.ETag)
		}
		if cond.LastModified != "" {
			req.Header.Set("If-Modified-Since", cond.LastModified)
		}
	}
	resp, err := f.client().Do(req)
	if err != nil {
		return rf, false, 0, err
	}
	defer resp.Body.Close()
	switch {
	case resp.StatusCode == http.StatusNotModified && cond != nil:
		return rf, true, 0, nil
	case resp.StatusCode != http.StatusOK:
		var after time.Duration
		if s, err := strconv.Atoi(resp.Header.Get("Retry-After")); err == nil && s > 0 {
			after = time.Duration(s) * time.Second
		}
		return rf, false, after, &StatusError{URL: file.URL, Code: resp.StatusCode}
	}
	max := orDefault(f.MaxFileSize, DefaultMaxFileSize)
	if resp.ContentLength > max {
		return rf, false, 0, fmt.Errorf("%w: %d bytes announced, at most %d allowed", ErrTooLarge, resp.ContentLength, max)
	}
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o644)
	if err != nil {
		return rf, false, 0, err
	}
	defer out.Close()
	h := sha256.New()
	p.Size, p.Bytes = resp.ContentLength, 0
	start := p.Total
	w := io.MultiWriter(out, h, progressWriter(func(n int) {
		p.Bytes += int64(n)
		p.Total = start + p.Bytes
		if f.Progress != nil {
			f.Progress(*p)
		}
	}))
	n, err := io.Copy(w, io.LimitReader(resp.Body, max+1))
	switch {
	case err != nil:
		if errors.Is(err, io.ErrUnexpectedEOF) && resp.ContentLength >= 0 {
			return rf, false, 0, fmt.Errorf("%w: %d of %d bytes: %w", ErrShortBody, n, resp.ContentLength, err)
		}
		return rf, false, 0, err
	case n > max:
		return rf, false, 0, fmt.Errorf("%w: more than %d bytes", ErrTooLarge, max)
	case resp.ContentLength >= 0 && n != resp.ContentLength:
		return rf, false, 0, fmt.Errorf("%w: %d of %d bytes", ErrShortBody, n, resp.ContentLength)
	}
	if err := out.Close(); err != nil { // fsynced by Fetch if it is kept
		return rf, false, 0, err
	}
	rf.Size, rf.SHA256 = n, hex.EncodeToString(h.Sum(nil))
	rf.ETag, rf.LastModified = resp.Header.Get("ETag"), resp.Header.Get("Last-Modified")
	return rf, false, 0, nil
}

type progressWriter func(int)

func (w progressWriter) Write(b []byte) (int, error) { w(len(b)); return len(b), nil }

// copyVerified copies the stored file src to the new file dst, checking
// its bytes against want (a mismatch matches ErrCorrupt), and fsyncs it.
func copyVerified(src, dst string, want *ReleaseFile) error {
	in, err := os.Open(src)
	if err != nil {
		return fmt.Errorf("%w: %v", ErrCorrupt, err)
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o644)
	if err != nil {
		return err
	}
	defer out.Close()
	h := sha256.New()
	n, err := io.Copy(io.MultiWriter(out, h), in)
	if err != nil {
		return err
	}
	if n != want.Size || hex.EncodeToString(h.Sum(nil)) != want.SHA256 {
		return fmt.Errorf("%w: %s differs from its recorded SHA-256", ErrCorrupt, src)
	}
	if err := out.Sync(); err != nil {
		return err
	}
	return out.Close()
}

// syncFile fsyncs the file at path.
func syncFile(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	err = f.Sync()
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

// Outcome is what FetchAll did for one source: Result or Err.
type Outcome struct {
	// Source is the source's name.
	Source string
	// Result is the Fetch result, nil if Err is set.
	Result *Result
	// Err is the Fetch error (a *FetchError, or an error matching
	// ErrSource), nil on success.
	Err error
}

// FetchAll fetches each of srcs in turn, in the order given, and returns
// one Outcome per source in that order. A failed source does not stop the
// others (their releases are independent); a cancelled ctx makes the
// remaining sources fail with its error.
func (f *Fetcher) FetchAll(ctx context.Context, st *Store, srcs ...Source) []Outcome {
	out := make([]Outcome, len(srcs))
	for i, src := range srcs {
		res, err := f.Fetch(ctx, st, src)
		out[i] = Outcome{Source: src.Name, Result: res, Err: err}
	}
	return out
}
