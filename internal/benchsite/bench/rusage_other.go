//go:build !unix

package main

import "os"

// maxRSS is not known where the system has no rusage.
func maxRSS(*os.ProcessState) int64 { return 0 }

// forgetPeak does nothing where maxRSS is not known.
func forgetPeak() {}
