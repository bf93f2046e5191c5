package main

import (
	"os"
	"path/filepath"
	"testing"
)

// TestMain sends the decision log of every service the tests start to a
// temporary SQLite file, not the working directory.
func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "pretrade-test-")
	if err != nil {
		panic(err)
	}
	os.Setenv("INVESTSCREEN_LOG", "sqlite:"+filepath.Join(dir, "decisions.db"))
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}
