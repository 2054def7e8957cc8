package fileid

import (
	"io/fs"
	"syscall"
)

// Of is the ID in info, which must come from a stat of the os package.
func Of(info fs.FileInfo) (ID, bool) {
	st, ok := info.Sys().(*syscall.Stat_t)
	if !ok {
		return ID{}, false
	}
	return ID{
		Dev:   st.Dev,
		Ino:   st.Ino,
		Mode:  info.Mode(),
		Size:  st.Size,
		Mtime: st.Mtim.Nano(),
		Ctime: st.Ctim.Nano(),
	}, true
}
