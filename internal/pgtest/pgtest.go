// Package pgtest gives tests a real PostgreSQL server: the one named by
// $INVESTSCREEN_TEST_POSTGRES (a postgres:// URL of a role that may
// create databases), or else a throwaway cluster it creates with the
// server binaries of the machine (/usr/lib/postgresql/*/bin, as Debian's
// postgresql package installs them) in a temporary directory, listening
// only on a unix socket there. Without either, tests skip PostgreSQL,
// unless $INVESTSCREEN_REQUIRE_POSTGRES=1 (CI sets it), when they fail.
//
// Main runs a test binary with that server; TempLog keeps the programs'
// decision log out of the working directory. It is for tests only;
// nothing here is mocked.
package pgtest

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"sort"
	"strconv"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // driver "pgx"
)

// ErrNotInstalled is returned by Start when no PostgreSQL server
// binaries are installed.
var ErrNotInstalled = errors.New("no PostgreSQL server binaries in /usr/lib/postgresql/*/bin")

// Server is a PostgreSQL server for tests.
type Server struct {
	// DSN is a URL of a superuser on the server's postgres database.
	DSN  string
	dir  string
	bin  string
	user *user.User
}

// Required reports whether tests must not skip PostgreSQL.
func Required() bool { return os.Getenv("INVESTSCREEN_REQUIRE_POSTGRES") == "1" }

// Start returns the server of $INVESTSCREEN_TEST_POSTGRES, or starts a
// throwaway cluster. Stop it when done.
func Start() (*Server, error) {
	if dsn := os.Getenv("INVESTSCREEN_TEST_POSTGRES"); dsn != "" {
		return &Server{DSN: dsn}, nil
	}
	bins, _ := filepath.Glob("/usr/lib/postgresql/*/bin/initdb")
	if len(bins) == 0 {
		return nil, ErrNotInstalled
	}
	sort.Slice(bins, func(i, j int) bool { return version(bins[i]) > version(bins[j]) })
	s := &Server{bin: filepath.Dir(bins[0])}
	dir, err := os.MkdirTemp("", "investscreen-pg-")
	if err != nil {
		return nil, err
	}
	s.dir = dir
	if os.Geteuid() == 0 {
		// initdb refuses to run as root: run the server as postgres.
		u, err := user.Lookup("postgres")
		if err != nil {
			os.RemoveAll(dir)
			return nil, fmt.Errorf("pgtest: running as root and no postgres user to run the server as: %w", err)
		}
		s.user = u
		uid, _ := strconv.Atoi(u.Uid)
		gid, _ := strconv.Atoi(u.Gid)
		if err := os.Chown(dir, uid, gid); err != nil {
			os.RemoveAll(dir)
			return nil, err
		}
	}
	data := filepath.Join(dir, "data")
	if out, err := s.run("initdb", "-D", data, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-sync"); err != nil {
		s.Stop()
		return nil, fmt.Errorf("pgtest: initdb: %w\n%s", err, out)
	}
	opts := "-c listen_addresses='' -k " + dir + " -c fsync=on -c max_connections=200"
	if out, err := s.run("pg_ctl", "-D", data, "-l", filepath.Join(dir, "log"), "-w", "-t", "60", "-o", opts, "start"); err != nil {
		log, _ := os.ReadFile(filepath.Join(dir, "log"))
		s.Stop()
		return nil, fmt.Errorf("pgtest: pg_ctl start: %w\n%s\n%s", err, out, log)
	}
	s.DSN = "postgres://postgres@/postgres?host=" + url.QueryEscape(dir) + "&sslmode=disable"
	return s, nil
}

func version(initdb string) int {
	v, _ := strconv.Atoi(filepath.Base(filepath.Dir(filepath.Dir(initdb))))
	return v
}

// run runs a server binary, as the postgres user when we are root.
func (s *Server) run(name string, args ...string) ([]byte, error) {
	cmd := exec.Command(filepath.Join(s.bin, name), args...)
	if s.user != nil {
		uid, _ := strconv.Atoi(s.user.Uid)
		gid, _ := strconv.Atoi(s.user.Gid)
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid)}}
		cmd.Env = append(os.Environ(), "HOME="+s.dir)
	}
	cmd.Dir = s.dir
	return cmd.CombinedOutput()
}

// Stop stops a cluster Start created and removes it; it does nothing for
// the server of $INVESTSCREEN_TEST_POSTGRES.
func (s *Server) Stop() {
	if s == nil || s.dir == "" {
		return
	}
	_, _ = s.run("pg_ctl", "-D", filepath.Join(s.dir, "data"), "-m", "fast", "-w", "stop")
	os.RemoveAll(s.dir)
}

var counter atomic.Int64

// Database creates a new, empty schema on the server and returns a URL
// whose connections use it (search_path); it is dropped when t ends. A
// schema is as separate as a database for the tables of one test, and
// much quicker to make.
func (s *Server) Database(t testing.TB) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	db, err := sql.Open("pgx", s.DSN)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	name := fmt.Sprintf("investscreen_test_%d_%d_%d", os.Getpid(), time.Now().UnixNano()%1e9, counter.Add(1))
	if _, err := db.ExecContext(ctx, "CREATE SCHEMA "+name); err != nil {
		t.Fatalf("create schema: %v", err)
	}
	t.Cleanup(func() {
		db, err := sql.Open("pgx", s.DSN)
		if err != nil {
			return
		}
		defer db.Close()
		_, _ = db.Exec("DROP SCHEMA IF EXISTS " + name + " CASCADE")
	})
	u, err := url.Parse(s.DSN)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	q.Set("search_path", name)
	u.RawQuery = q.Encode()
	return u.String()
}

// Main runs a test binary's tests (m.Run) with the server of this run:
// the one Start gives, passed to use before the tests run; nil when no
// PostgreSQL is installed and none is required (the tests of what then
// run on SQLite only, and Main says so on stderr). Any other failure to
// start one exits 1. It returns the exit code for os.Exit.
func Main(m *testing.M, what string, use func(*Server)) int {
	s, err := Start()
	switch {
	case errors.Is(err, ErrNotInstalled) && !Required():
		fmt.Fprintf(os.Stderr, "pgtest: PostgreSQL is not installed: %s is tested on SQLite only\n", what)
	case err != nil:
		fmt.Fprintln(os.Stderr, err)
		return 1
	default:
		use(s)
	}
	code := m.Run()
	s.Stop()
	return code
}

// TempLog points $INVESTSCREEN_LOG, the decision log the programs record
// in when -log is not given, at a SQLite file in a new temporary directory
// for the tests of m, so that they never write to the working directory;
// it returns m.Run's exit code for os.Exit, the directory removed.
func TempLog(m *testing.M, prefix string) int {
	dir, err := os.MkdirTemp("", prefix+"-test-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer os.RemoveAll(dir)
	os.Setenv("INVESTSCREEN_LOG", "sqlite:"+filepath.Join(dir, "decisions.db"))
	return m.Run()
}
