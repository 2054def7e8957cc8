package write

import (
	"errors"
	"os"
)

// swapByRename is the fallback where the system cannot exchange two
// folders: out moves aside, staging takes its place, and the old output ends
// up at staging's path. Between the two renames out is briefly missing.
func swapByRename(staging, out string) error {
	old := staging + ".old"
	if err := os.Rename(out, old); err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return os.Rename(staging, out)
		}
		return err
	}
	if err := os.Rename(staging, out); err != nil {
		_ = os.Rename(old, out)
		return err
	}
	return os.Rename(old, staging)
}
