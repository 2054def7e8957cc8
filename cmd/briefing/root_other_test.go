//go:build !linux

package main

import "os/exec"

// withoutRoot cannot drop root's powers for cmd on this system.
func withoutRoot(*exec.Cmd) bool { return false }
