package write

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/briefing/briefing/internal/unprivileged"
	"golang.org/x/sys/unix"
)

// nobodyEnv marks a test binary that runs one test again as user nobody.
const nobodyEnv = "BRIEFING_WRITE_TEST_AS_NOBODY"

// rerunAsNobody runs the calling test again, as user nobody, when it runs
// as root, to whom permission bits do not apply; it reports that run's
// failures and returns true, and the caller returns. Unprivileged, in that
// run or when the tests are run by another user, it returns false.
func rerunAsNobody(t *testing.T) bool {
	t.Helper()
	if os.Geteuid() != 0 || os.Getenv(nobodyEnv) != "" {
		return false
	}
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	cmd := unprivileged.Command(t, exe, "-test.run=^"+t.Name()+"$", "-test.v")
	cmd.Env = append(os.Environ(), nobodyEnv+"=1")
	stdout, stderr, code := unprivileged.Run(t, cmd)
	switch {
	case code != 0:
		t.Errorf("the test as user nobody failed:\n%s%s", stdout, stderr)
	case strings.Contains(stdout, "--- SKIP"):
		t.Skipf("skipped as user nobody:\n%s", stdout)
	}
	return true
}

// oldOutput writes a previous build into parent/public and returns its
// path.
func oldOutput(t *testing.T, parent string) string {
	t.Helper()
	out := filepath.Join(parent, "public")
	err := Dir(out, map[string][]byte{"index.html": []byte("old"), "scrutiny/index.html": []byte("old committee")})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestDirUnwritable makes folders that the swap or the removal of the
// previous output needs read-only, as an unprivileged user: the build is
// refused before anything changes, with a message that says what to fix.
func TestDirUnwritable(t *testing.T) {
	if rerunAsNobody(t) {
		return
	}
	tests := []struct {
		name    string
		folder  string // relative to the output's parent
		mode    os.FileMode
		message string // with {parent}
	}{
		{"committee folder", "public/scrutiny", 0o555, "cannot replace {parent}/public: {parent}/public/scrutiny is not writable (permission denied); fix its permissions (chmod u+rwx {parent}/public/scrutiny) and build again"},
		{"committee folder unreadable", "public/scrutiny", 0o333, "cannot replace {parent}/public: {parent}/public/scrutiny is not readable (permission denied); fix its permissions (chmod u+rwx {parent}/public/scrutiny) and build again"},
		{"output folder", "public", 0o555, "cannot replace {parent}/public: {parent}/public is not writable (permission denied); fix its permissions (chmod u+rwx {parent}/public) and build again"},
		{"output's parent", ".", 0o555, "cannot write {parent}/public: {parent} is not writable (permission denied); fix its permissions (chmod u+rwx {parent}) and build again"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			parent := t.TempDir()
			out := oldOutput(t, parent)
			before := snapshot(t, out)
			folder := filepath.Join(parent, tt.folder)
			if err := os.Chmod(folder, tt.mode); err != nil {
				t.Fatal(err)
			}
			err := Dir(out, map[string][]byte{"index.html": []byte("new")})
			// Back to its mode before, so that the snapshot can be read.
			if err := os.Chmod(folder, 0o755); err != nil {
				t.Fatal(err)
			}
			want := "write: " + strings.ReplaceAll(tt.message, "{parent}", parent)
			if err == nil || err.Error() != want {
				t.Errorf("err = %v\nwant %s", err, want)
			}
			checkUnchanged(t, out, before)
		})
	}
}

// TestDirObstaclesAsRoot sets up what even root cannot get past: a full
// disk, a read-only mount, a mount point, an immutable file. The build is
// refused and the output left as it was.
func TestDirObstaclesAsRoot(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("mounting file systems and marking files immutable need root")
	}
	tests := []struct {
		name    string
		setUp   func(t *testing.T, parent string) (out string)
		files   map[string][]byte
		message string // with {parent}
	}{
		{
			name: "full disk",
			setUp: func(t *testing.T, parent string) string {
				mount(t, "tmpfs", parent, "tmpfs", 0, "size=200k")
				return oldOutput(t, parent)
			},
			files:   map[string][]byte{"index.html": make([]byte, 300<<10)},
			message: "cannot write {parent}/public: the file system holding {parent} is full; free some space and build again",
		},
		{
			name: "read-only file system",
			setUp: func(t *testing.T, parent string) string {
				out := oldOutput(t, parent)
				mount(t, parent, parent, "", unix.MS_BIND, "")
				mount(t, "", parent, "", unix.MS_REMOUNT|unix.MS_BIND|unix.MS_RDONLY, "")
				return out
			},
			message: "cannot write {parent}/public: {parent} is on a read-only file system; mount it read-write, or choose an output folder elsewhere, and build again",
		},
		{
			name: "mount point inside",
			setUp: func(t *testing.T, parent string) string {
				out := oldOutput(t, parent)
				mount(t, "tmpfs", filepath.Join(out, "scrutiny"), "tmpfs", 0, "size=100k")
				return out
			},
			message: "cannot replace {parent}/public: {parent}/public/scrutiny is a mount point inside the output, which a build cannot remove; unmount it and build again",
		},
		{
			name: "output a mount point",
			setUp: func(t *testing.T, parent string) string {
				out := oldOutput(t, parent)
				mount(t, "tmpfs", out, "tmpfs", 0, "size=100k")
				if err := os.WriteFile(filepath.Join(out, Marker), []byte(markerText), 0o644); err != nil {
					t.Fatal(err)
				}
				return out
			},
			message: "cannot replace {parent}/public: {parent}/public is a mount point, and a build is swapped in by a rename, which cannot move a mounted file system; build into a folder inside it instead",
		},
		{
			name: "immutable file",
			setUp: func(t *testing.T, parent string) string {
				out := oldOutput(t, parent)
				immutable(t, filepath.Join(out, "scrutiny", "index.html"))
				return out
			},
			message: "cannot replace {parent}/public: {parent}/public/scrutiny/index.html is marked immutable or append-only, so it cannot be removed; clear the mark (chattr -ia {parent}/public/scrutiny/index.html) and build again",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			parent := t.TempDir()
			out := tt.setUp(t, parent)
			before := snapshot(t, out)
			files := tt.files
			if files == nil {
				files = map[string][]byte{"index.html": []byte("new")}
			}
			err := Dir(out, files)
			want := "write: " + strings.ReplaceAll(tt.message, "{parent}", parent)
			if err == nil || err.Error() != want {
				t.Errorf("err = %v\nwant %s", err, want)
			}
			checkUnchanged(t, out, before)
		})
	}
}

// mount mounts a file system for the rest of the test, or skips it where
// the machine does not allow mounts.
func mount(t *testing.T, source, target, fstype string, flags uintptr, data string) {
	t.Helper()
	if err := unix.Mount(source, target, fstype, flags, data); err != nil {
		t.Skipf("cannot mount %s on %s here: %v", fstype, target, err)
	}
	if flags&unix.MS_REMOUNT != 0 {
		return
	}
	t.Cleanup(func() {
		if err := unix.Unmount(target, 0); err != nil {
			t.Errorf("unmount %s: %v", target, err)
		}
	})
}

// fsImmutableFL is FS_IMMUTABLE_FL of linux/fs.h, which x/sys/unix lacks.
const fsImmutableFL = 0x10

// immutable marks a file immutable for the rest of the test, or skips it
// where the file system does not support the mark.
func immutable(t *testing.T, name string) {
	t.Helper()
	f, err := os.Open(name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	flags, err := unix.IoctlGetInt(int(f.Fd()), unix.FS_IOC_GETFLAGS)
	if err != nil {
		t.Skipf("cannot read the attributes of %s here: %v", name, err)
	}
	if err := unix.IoctlSetPointerInt(int(f.Fd()), unix.FS_IOC_SETFLAGS, flags|fsImmutableFL); err != nil {
		t.Skipf("cannot mark %s immutable here: %v", name, err)
	}
	t.Cleanup(func() {
		f, err := os.Open(name)
		if err == nil {
			err = unix.IoctlSetPointerInt(int(f.Fd()), unix.FS_IOC_SETFLAGS, flags)
			f.Close()
		}
		if err != nil {
			t.Errorf("clear the immutable mark of %s: %v", name, err)
		}
	})
}
