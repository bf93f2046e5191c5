//go:build unix

package lists

import (
	"syscall"
	"time"
)

// cpuTime is the CPU time the process has used (user and system): a
// benchmark's figure that other processes on a busy machine inflate less
// than wall time.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
