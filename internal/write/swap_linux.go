package write

import (
	"errors"
	"os"

	"golang.org/x/sys/unix"
)

// swap puts staging in out's place in one step. With an existing out, the
// two folders are exchanged atomically (renameat2 RENAME_EXCHANGE), so a
// reader or a kill never sees the output missing; staging then holds the
// old output.
func swap(staging, out string) error {
	err := unix.Renameat2(unix.AT_FDCWD, staging, unix.AT_FDCWD, out, unix.RENAME_EXCHANGE)
	switch {
	case err == nil:
		return nil
	case errors.Is(err, unix.ENOENT):
		return os.Rename(staging, out)
	case errors.Is(err, unix.EINVAL), errors.Is(err, unix.ENOSYS):
		return swapByRename(staging, out)
	}
	return err
}

// lock takes an exclusive lock on the file name, waiting for any other
// build that holds it.
func lock(name string) (unlock func(), err error) {
	f, err := os.OpenFile(name, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, err
	}
	if err := unix.Flock(int(f.Fd()), unix.LOCK_EX); err != nil {
		f.Close()
		return nil, err
	}
	return func() { f.Close() }, nil
}

// syncAll flushes the file system holding dir, and so every file written
// under it, with one syncfs.
func syncAll(dir string) error {
	f, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer f.Close()
	return unix.Syncfs(int(f.Fd()))
}
