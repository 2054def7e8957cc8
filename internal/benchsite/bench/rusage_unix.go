//go:build unix

package main

import (
	"os"
	"runtime"
	"runtime/debug"
	"syscall"
)

// maxRSS is the peak resident memory of the process, as wait4 returned
// it: the process's own, children it waited for included.
func maxRSS(ps *os.ProcessState) int64 {
	ru, ok := ps.SysUsage().(*syscall.Rusage)
	if !ok {
		return 0
	}
	if runtime.GOOS == "darwin" || runtime.GOOS == "ios" {
		return ru.Maxrss // bytes
	}
	return ru.Maxrss << 10 // kilobytes
}

// forgetPeak returns this process's free memory to the system and, on
// Linux, resets its peak resident memory to what it holds now. os/exec
// starts a child in this process's memory (CLONE_VM) until it execs, and
// Linux counts the peak of that memory in the child's: without this, a
// build measured after the archive was generated is charged with the
// generator's peak (about 290 MiB at 5,000 meetings).
func forgetPeak() {
	debug.FreeOSMemory()
	_ = os.WriteFile("/proc/self/clear_refs", []byte("5"), 0) // Linux since 4.0; elsewhere nothing to reset
}
