//go:build unix

// Package unprivileged runs programs from tests as a user that permission
// bits apply to. Tests run as root in CI, and root ignores them: a test of
// a read-only folder must run the program under test as another user. As
// root, programs run as nobody; otherwise as the current user, who is
// unprivileged already.
package unprivileged

import (
	"bytes"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// UID and GID are nobody's, whom programs run as when the test runs as
// root.
const UID, GID = 65534, 65534

// Command returns a command that runs the program at path, unprivileged.
// As root it runs a copy, under the same name, that nobody can reach: go
// test builds programs in private folders.
func Command(t *testing.T, path string, args ...string) *exec.Cmd {
	t.Helper()
	if os.Geteuid() != 0 {
		return exec.Command(path, args...)
	}
	dir, err := os.MkdirTemp("", "unprivileged-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	exe := filepath.Join(dir, filepath.Base(path))
	if err := copyFile(path, exe); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	Give(t, dir)
	cmd := exec.Command(exe, args...)
	cmd.Dir = dir
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: UID, Gid: GID}}
	return cmd
}

// Run runs cmd and returns its standard output and error and its exit
// code. It skips the test, saying why, when the machine cannot start a
// process as nobody.
func Run(t *testing.T, cmd *exec.Cmd) (stdout, stderr string, code int) {
	t.Helper()
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err := cmd.Run()
	var exit *exec.ExitError
	switch {
	case err == nil:
	case errors.As(err, &exit):
		code = exit.ExitCode()
	case cmd.Process == nil && errors.Is(err, syscall.EPERM):
		t.Skipf("this machine cannot start a process as user nobody (%v)", err)
	default:
		t.Fatal(err)
	}
	return out.String(), errOut.String(), code
}

// Give hands dir and everything in it to the user Command runs programs
// as, and lets that user search the folders above it, which t.TempDir
// makes private. It skips the test, saying why, when a folder above dir
// that the test does not own is closed to other users.
func Give(t *testing.T, dir string) {
	t.Helper()
	if os.Geteuid() != 0 {
		return
	}
	err := filepath.WalkDir(dir, func(p string, _ os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		return os.Lchown(p, UID, GID)
	})
	if err != nil {
		t.Fatal(err)
	}
	for p := filepath.Dir(dir); ; p = filepath.Dir(p) {
		info, err := os.Stat(p)
		if err != nil {
			t.Fatal(err)
		}
		if info.Mode().Perm()&0o001 == 0 {
			if !strings.HasPrefix(p, os.TempDir()+string(filepath.Separator)) {
				t.Skipf("%s is closed to other users, so user nobody cannot reach the test's folder %s", p, dir)
			}
			if err := os.Chmod(p, info.Mode().Perm()|0o011); err != nil {
				t.Fatal(err)
			}
		}
		if p == filepath.Dir(p) {
			return
		}
	}
}

func copyFile(from, to string) error {
	src, err := os.Open(from)
	if err != nil {
		return err
	}
	defer src.Close()
	dst, err := os.OpenFile(to, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o755)
	if err != nil {
		return err
	}
	if _, err := io.Copy(dst, src); err != nil {
		dst.Close()
		return err
	}
	return dst.Close()
}
