package agreement

import (
	"os"
	"testing"

	"github.com/investscreen/investscreen/internal/pgtest"
)

// TestMain sends the decision log of every program the tests run to a
// temporary SQLite file, not the working directory.
func TestMain(m *testing.M) { os.Exit(pgtest.TempLog(m, "agreement")) }
