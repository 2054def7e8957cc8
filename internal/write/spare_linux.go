package write

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"syscall"

	"golang.org/x/sys/unix"
)

// The spare is the previous output's empty folders, kept beside the output
// after a swap for the next build to stage into: making 2,000 folders costs
// half a second of system time on ext4, removing them and taking them back
// almost nothing. See the package comment for what makes one usable.
const (
	// spareDepth bounds how deep a spare's folders may go: an output's
	// folders are at most three deep (committee/meeting/version).
	spareDepth = 4
	// spareDirs bounds how many folders a spare may hold (two a meeting
	// is 2,000 at 1,000 meetings).
	spareDirs = 1 << 16
)

// takeSpare renames the spare beside the output to a new staging folder in
// parent and returns that folder and the spare's folders (slash-separated,
// parents first), when the spare is ours and harmless (checkSpare).
// Otherwise it returns "": a spare that is not a folder of this user's is
// left as it is, one of ours that fails the check is removed.
func takeSpare(parent, base string) (string, []string) {
	spare := filepath.Join(parent, "."+base+".spare")
	info, err := os.Lstat(spare)
	if err != nil || !info.IsDir() || !ownedByMe(info) {
		return "", nil
	}
	staging, err := os.MkdirTemp(parent, "."+base+".staging-")
	if err != nil {
		return "", nil
	}
	// Renaming a folder onto an empty one replaces it in one step (which
	// os.Rename refuses to do); a spare that became anything but a folder
	// meanwhile is refused.
	if err := unix.Rename(spare, staging); err != nil {
		os.Remove(staging)
		return "", nil
	}
	dirs, err := checkSpare(staging)
	if err != nil {
		// Ours by owner, but not as a build left it. Someone who can
		// write the output's parent can rename any folder of ours to the
		// spare's name (.git, for the default --out), though not remove
		// what is in it: only folders are removed, and a spare holding
		// anything else is put back as it was.
		if !removeFolders(staging) {
			unix.Renameat2(unix.AT_FDCWD, staging, unix.AT_FDCWD, spare, unix.RENAME_NOREPLACE)
		}
		return "", nil
	}
	return staging, dirs
}

// checkSpare walks the folder dir, through an os.Root so that no link is
// followed out of it, and returns its folders below the top when every one
// is a real folder on the top's file system (no mount point), owned by this
// user, with mode 0755 (so no one else can change it after the check), no
// more than spareDepth deep and spareDirs many, holding nothing but such
// folders: no file, link, device or socket.
func checkSpare(dir string) ([]string, error) {
	info, err := os.Lstat(dir)
	if err != nil {
		return nil, err
	}
	if !info.IsDir() {
		return nil, fmt.Errorf("%s is not a folder", dir)
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, err
	}
	defer root.Close()
	var top unix.Statx_t
	var dirs []string
	var walk func(name string, depth int) error
	walk = func(name string, depth int) error {
		f, err := root.Open(name)
		if err != nil {
			return err
		}
		defer f.Close()
		var st unix.Statx_t
		if err := unix.Statx(int(f.Fd()), "", unix.AT_EMPTY_PATH, unix.STATX_TYPE|unix.STATX_MODE|unix.STATX_UID, &st); err != nil {
			return err
		}
		if name == "." {
			top = st
		}
		switch {
		case st.Mode != unix.S_IFDIR|0o755:
			return fmt.Errorf("%s: mode %o, not a folder with mode 0755", name, st.Mode)
		case int(st.Uid) != os.Geteuid():
			return fmt.Errorf("%s: owned by user %d", name, st.Uid)
		case st.Dev_major != top.Dev_major || st.Dev_minor != top.Dev_minor || st.Attributes&st.Attributes_mask&unix.STATX_ATTR_MOUNT_ROOT != 0:
			return fmt.Errorf("%s: a mount point", name)
		}
		entries, err := f.ReadDir(-1)
		if err != nil {
			return err
		}
		for _, e := range entries {
			if e.Type() != fs.ModeDir {
				return fmt.Errorf("%s holds %s, which is not a folder", name, e.Name())
			}
			if depth == spareDepth || len(dirs) == spareDirs {
				return errors.New("too deep or too many folders")
			}
			sub := path.Join(name, e.Name())
			dirs = append(dirs, sub)
			if err := walk(sub, depth+1); err != nil {
				return err
			}
		}
		return nil
	}
	if err := walk(".", 0); err != nil {
		return nil, err
	}
	return dirs, nil
}

func ownedByMe(info fs.FileInfo) bool {
	st, ok := info.Sys().(*syscall.Stat_t)
	return ok && int(st.Uid) == os.Geteuid()
}

// keepSpare empties old, the previous output as the swap left it, of all
// but its folders, and renames it to the spare beside the output (out), if
// there is none there. The next Begin stages into it.
func keepSpare(old, out string) error {
	var empty func(dir string, depth int) error
	empty = func(dir string, depth int) error {
		entries, err := os.ReadDir(dir)
		if err != nil {
			return err
		}
		for _, e := range entries {
			p := filepath.Join(dir, e.Name())
			if depth == 0 && e.Name() == Marker {
				continue // last: see below
			}
			if e.Type() != fs.ModeDir {
				if err := remove(p); err != nil {
					return err
				}
				continue
			}
			if depth == spareDepth {
				return errors.New("too deep for a spare")
			}
			if err := empty(p, depth+1); err != nil {
				return err
			}
		}
		return nil
	}
	if err := empty(old, 0); err != nil {
		return err
	}
	// The marker goes last, so that a build killed meanwhile leaves a
	// staging folder that the next one knows to remove (cleanLeftovers).
	if err := remove(filepath.Join(old, Marker)); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	spare := filepath.Join(filepath.Dir(out), "."+filepath.Base(out)+".spare")
	return unix.Renameat2(unix.AT_FDCWD, old, unix.AT_FDCWD, spare, unix.RENAME_NOREPLACE)
}
