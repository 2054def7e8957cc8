//go:build !linux

package fileid

import "io/fs"

// Of reports no ID: only Linux's are known here.
func Of(fs.FileInfo) (ID, bool) { return ID{}, false }
