package main

import (
	"os/exec"
	"syscall"
)

// withoutRoot makes cmd run in a user namespace of its own, as an ordinary
// user there who is root outside it: the owner of the test's files, whose
// permission bits then apply, with none of root's powers to pass them by.
func withoutRoot(cmd *exec.Cmd) bool {
	cmd.SysProcAttr = &syscall.SysProcAttr{
		Cloneflags:  syscall.CLONE_NEWUSER,
		UidMappings: []syscall.SysProcIDMap{{ContainerID: 1000, HostID: 0, Size: 1}},
		GidMappings: []syscall.SysProcIDMap{{ContainerID: 1000, HostID: 0, Size: 1}},
	}
	return true
}
