package write

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"golang.org/x/sys/unix"
)

// checkParent reports whether this process can make the lock file and the
// staging folder in parent, and rename folders there.
func checkParent(parent string) error {
	return access(parent, unix.W_OK|unix.X_OK)
}

// checkOld reports what would stop the swap of out, or the removal of the
// previous output once it is swapped out: a folder this process cannot
// read, write or search; a file system mounted at or inside out; a file
// marked immutable or append-only; another user's file in a sticky folder.
// It only looks: trying a removal for real would change the output. A
// missing out needs nothing.
func checkOld(parent, out string) error {
	if _, err := os.Lstat(out); errors.Is(err, os.ErrNotExist) {
		return nil
	}
	var st unix.Statx_t
	if err := statx(parent, &st); err != nil {
		return err
	}
	return checkTree(out, &st, true)
}

// checkTree checks path, whose folder is described by parent, and
// everything below it. Symbolic links are removed, not followed.
func checkTree(path string, parent *unix.Statx_t, top bool) error {
	var st unix.Statx_t
	if err := statx(path, &st); err != nil {
		return err
	}
	attrs := st.Attributes & st.Attributes_mask
	switch {
	case attrs&unix.STATX_ATTR_MOUNT_ROOT != 0 || st.Dev_major != parent.Dev_major || st.Dev_minor != parent.Dev_minor:
		if top {
			return fmt.Errorf("%s is a mount point, and a build is swapped in by a rename, which cannot move a mounted file system; build into a folder inside it instead", path)
		}
		return fmt.Errorf("%s is a mount point inside the output, which a build cannot remove; unmount it and build again", path)
	case attrs&(unix.STATX_ATTR_IMMUTABLE|unix.STATX_ATTR_APPEND) != 0:
		return fmt.Errorf("%s is marked immutable or append-only, so it cannot be removed; clear the mark (chattr -ia %s) and build again", path, path)
	case parent.Mode&unix.S_ISVTX != 0 && !owns(parent.Uid) && !owns(st.Uid):
		return fmt.Errorf("%s belongs to another user and its folder has the sticky bit, so this user cannot remove it; build as its owner, or change its owner (chown), and build again", path)
	}
	if st.Mode&unix.S_IFMT != unix.S_IFDIR {
		return nil
	}
	if err := access(path, unix.R_OK|unix.W_OK|unix.X_OK); err != nil {
		return err
	}
	entries, err := os.ReadDir(path)
	if err != nil {
		return err
	}
	for _, e := range entries {
		if err := checkTree(filepath.Join(path, e.Name()), &st, false); err != nil {
			return err
		}
	}
	return nil
}

// owns reports whether this process may remove a file owned by uid from a
// sticky folder (root may remove any).
func owns(uid uint32) bool {
	euid := os.Geteuid()
	return euid == 0 || uint32(euid) == uid
}

func statx(path string, st *unix.Statx_t) error {
	err := unix.Statx(unix.AT_FDCWD, path, unix.AT_SYMLINK_NOFOLLOW, unix.STATX_TYPE|unix.STATX_MODE|unix.STATX_UID, st)
	if err != nil {
		return &os.PathError{Op: "stat", Path: path, Err: err}
	}
	return nil
}

// access asks the kernel whether this process may use the folder in the
// given ways. Unlike reading the mode bits, it also knows about access
// control lists, read-only mounts and root.
func access(dir string, mode uint32) error {
	err := unix.Access(dir, mode)
	switch {
	case err == nil:
		return nil
	case errors.Is(err, unix.EROFS):
		return fmt.Errorf("%s is on a read-only file system; mount it read-write, or choose an output folder elsewhere, and build again", dir)
	case errors.Is(err, unix.EACCES), errors.Is(err, unix.EPERM):
		what := "writable"
		if unix.Access(dir, unix.W_OK|unix.X_OK) == nil {
			what = "readable"
		}
		return fmt.Errorf("%s is not %s (%v); fix its permissions (chmod u+rwx %s) and build again", dir, what, err, dir)
	}
	return &os.PathError{Op: "access", Path: dir, Err: err}
}
