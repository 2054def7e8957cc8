//go:build !linux

package write

import (
	"io/fs"
	"os"
	"path/filepath"
)

func swap(staging, out string) error { return swapByRename(staging, out) }

// lock does nothing where flock is not available: concurrent builds into
// one folder are then the user's to avoid.
func lock(string) (func(), error) { return func() {}, nil }

// syncAll flushes every file under dir to disk, one at a time, where
// there is no syncfs.
func syncAll(dir string) error {
	return filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		f, err := os.Open(p)
		if err != nil {
			return err
		}
		defer f.Close()
		return f.Sync()
	})
}
