// Package fileid tells, by a stat alone, that a file is the one a build
// saw before: its device, inode, type and permissions, size, and
// modification and change times. Two builds compare IDs instead of
// reading and hashing the files again.
//
// A stat can be fooled only by a change made in the same tick of the file
// system's clock as the one recorded (the racy case git's index knows):
// the change leaves mtime and ctime as they were. So an ID is trusted only
// when its ctime is before a stamp, the file system's own time taken
// before the file was looked at (Stamp): a file changed since then has a
// ctime at or after the stamp, which a user cannot set back. A racy ID is
// checked some other way (its content hashed) or not trusted.
//
// IDs exist on Linux; elsewhere Of reports none, and callers do the work
// the IDs would have saved.
package fileid

import (
	"errors"
	"io/fs"
	"os"
	"time"
)

// ID is a file's identity and version as a stat gives them.
type ID struct {
	Dev, Ino     uint64
	Mode         fs.FileMode
	Size         int64
	Mtime, Ctime int64 // nanoseconds since 1970
}

// Racy reports whether id may hide a change: its ctime is not before
// stamp.
func (id ID) Racy(stamp int64) bool { return id.Ctime >= stamp }

// Place is id without its size and times: where the file is, not its
// version.
func (id ID) Place() ID { return ID{Dev: id.Dev, Ino: id.Ino, Mode: id.Mode} }

// Stat returns the ID of the file name (not following a final symbolic
// link).
func Stat(name string) (ID, bool) {
	info, err := os.Lstat(name)
	if err != nil {
		return ID{}, false
	}
	return Of(info)
}

// Stamp marks the file name, which it makes if missing, with the file
// system's time now and returns that time: every file changed on that
// file system from now on has a ctime at or after it. Take the stamp
// before the stats it is to vouch for.
func Stamp(name string) (int64, error) {
	f, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE, 0o644)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	return stampFile(f)
}

// StampIn is Stamp for the file name in root.
func StampIn(root *os.Root, name string) (int64, error) {
	f, err := root.OpenFile(name, os.O_WRONLY|os.O_CREATE, 0o644)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	return stampFile(f)
}

// stampFile writes to f, which sets its ctime to the file system's
// clock, and reads that ctime back.
func stampFile(f *os.File) (int64, error) {
	if _, err := f.WriteAt([]byte("stamp\n"), 0); err != nil {
		return 0, err
	}
	info, err := f.Stat()
	if err != nil {
		return 0, err
	}
	id, ok := Of(info)
	if !ok {
		return 0, errNoIDs
	}
	return id.Ctime, nil
}

// Settle waits until the file system's clock, as Stamp reads it in the
// file probe, is past after, and returns that stamp: a file changed
// before the call is then not racy. Tests call it so that which ID is
// trusted does not depend on timing. It gives up after two seconds.
func Settle(probe string, after int64) (int64, error) {
	for range 2000 {
		now, err := Stamp(probe)
		if err != nil || now > after {
			return now, err
		}
		time.Sleep(time.Millisecond)
	}
	return 0, errors.New("the file system's clock did not move in 2 s")
}

var errNoIDs = errors.New("file IDs are not known on this system")
