package render

import (
	"errors"
	"io/fs"
	"slices"
	"strings"
)

// Overlay returns a file system that serves each file from site when it has
// it and from defaults otherwise, so that a site overrides layouts and
// static files one by one.
func Overlay(site, defaults fs.FS) fs.FS { return overlay{site, defaults} }

type overlay struct{ site, defaults fs.FS }

func (o overlay) Open(name string) (fs.File, error) {
	f, err := o.site.Open(name)
	if errors.Is(err, fs.ErrNotExist) {
		return o.defaults.Open(name)
	}
	return f, err
}

// ReadDir merges both folders' entries, the site's winning. A site folder
// that exists but cannot be read is an error, not a folder of defaults.
func (o overlay) ReadDir(name string) ([]fs.DirEntry, error) {
	a, errA := fs.ReadDir(o.site, name)
	b, errB := fs.ReadDir(o.defaults, name)
	if (errA != nil && errB != nil) || (errA != nil && !errors.Is(errA, fs.ErrNotExist)) {
		return nil, errA
	}
	seen := map[string]bool{}
	var out []fs.DirEntry
	for _, e := range append(a, b...) {
		if !seen[e.Name()] {
			seen[e.Name()] = true
			out = append(out, e)
		}
	}
	slices.SortFunc(out, func(x, y fs.DirEntry) int { return strings.Compare(x.Name(), y.Name()) })
	return out, nil
}

// Lstat implements fs.ReadLinkFS, so that a site's symbolic links are seen
// as links (and refused), not followed.
func (o overlay) Lstat(name string) (fs.FileInfo, error) {
	info, err := fs.Lstat(o.site, name)
	if errors.Is(err, fs.ErrNotExist) {
		return fs.Lstat(o.defaults, name)
	}
	return info, err
}

// ReadLink implements fs.ReadLinkFS.
func (o overlay) ReadLink(name string) (string, error) {
	return fs.ReadLink(o.site, name)
}
