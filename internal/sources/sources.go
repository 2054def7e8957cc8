// Package sources records which files of a site a build read, with each
// one's ID (package fileid), so that the next build can tell by stats
// alone that it would read exactly the same files: the ones it read,
// unchanged; the ones it looked for and did not find, still missing; and
// every folder it listed, with the same entries (so a new file counts).
//
// A build's output is a function of what it read, its options and the
// program; the command keys the record by the last two. Record serves the
// site's os.Root as an fs.FS and sees every Open, Stat, Lstat and ReadDir
// that load and render make through it; Index is what it saw, and
// Index.Unchanged checks it against the site now (Recorder.Same, one file
// of it). Both look files up in their own folder, kept open a while,
// rather than from the root.
//
// Every ID is taken as the file is opened (from the open file itself),
// after the stamp given to Record: a file changed while the build read it
// has a ctime at or after the stamp, or a different ID the second time it
// is looked at. Either way the index is not trusted (Unchanged says no),
// and the next build reads everything.
package sources

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io/fs"
	"maps"
	"os"
	"path"
	"slices"
	"sync"

	"github.com/briefing/briefing/internal/fileid"
)

// An Index is what a build read of its site.
type Index struct {
	Stamp int64 // the site's file system's time before the build read it
	// Files are the files and folders looked at, by how: "stat " or
	// "lstat " and the slash-separated name. A missing file has the zero
	// ID.
	Files map[string]fileid.ID
	// Lists are the folders listed, by name, each with the hex SHA-256 of
	// its entries' names and types.
	Lists map[string]string
}

// Recorder is a site's fs.FS that records what is read through it. It may
// be used from several goroutines at once.
type Recorder struct {
	dirs *dirs
	mu   sync.Mutex
	ix   Index
	bad  bool // something changed under the build, or could not be recorded
}

// Record returns the site in root as an fs.FS, recording what is read
// through it; stamp is the file system's time before the first read
// (fileid.Stamp). Close it once the build is done.
func Record(root *os.Root, stamp int64) *Recorder {
	return &Recorder{dirs: newDirs(root), ix: Index{Stamp: stamp, Files: map[string]fileid.ID{}, Lists: map[string]string{}}}
}

// Close closes the folders the recorder holds open.
func (r *Recorder) Close() { r.dirs.close() }

// Index returns what was read, or false when it cannot vouch for a build:
// a file changed while it was read, or could not be identified.
func (r *Recorder) Index() (*Index, bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.bad {
		return nil, false
	}
	return &r.ix, true
}

func (r *Recorder) note(how, name string, info fs.FileInfo, err error) {
	var id fileid.ID
	ok := true
	switch {
	case err == nil:
		id, ok = idOf(info)
	case errors.Is(err, fs.ErrNotExist):
	default:
		ok = false // an error the build reports; no index is kept
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	key := how + name
	if old, seen := r.ix.Files[key]; !ok || seen && old != id {
		r.bad = true
	}
	r.ix.Files[key] = id
}

// idOf is info's ID, and for a folder only its Place: a folder's times
// change with its entries, which matter only where the build lists them
// (Index.Lists).
func idOf(info fs.FileInfo) (fileid.ID, bool) {
	id, ok := fileid.Of(info)
	if info.IsDir() {
		id = id.Place()
	}
	return id, ok
}

// Open implements fs.FS. The ID is the open file's, so that it is the
// version read.
func (r *Recorder) Open(name string) (fs.File, error) {
	var f *os.File
	err := r.dirs.in(name, func(dir *os.Root, rel string) (err error) {
		f, err = dir.Open(rel)
		return err
	})
	if err != nil {
		r.note("stat ", name, nil, err)
		return nil, err
	}
	info, err := f.Stat()
	r.note("stat ", name, info, err)
	return f, nil
}

// Stat implements fs.StatFS.
func (r *Recorder) Stat(name string) (fs.FileInfo, error) {
	info, err := r.dirs.stat(name, true)
	r.note("stat ", name, info, err)
	return info, err
}

// Lstat implements fs.ReadLinkFS.
func (r *Recorder) Lstat(name string) (fs.FileInfo, error) {
	info, err := r.dirs.stat(name, false)
	r.note("lstat ", name, info, err)
	return info, err
}

// ReadLink implements fs.ReadLinkFS. A link is refused by load, so what
// it points to is not recorded: the link's own ID is.
func (r *Recorder) ReadLink(name string) (string, error) {
	info, err := r.dirs.stat(name, false)
	r.note("lstat ", name, info, err)
	var target string
	if err == nil {
		err = r.dirs.in(name, func(dir *os.Root, rel string) (err error) {
			target, err = dir.Readlink(rel)
			return err
		})
	}
	return target, err
}

// ReadDir implements fs.ReadDirFS.
func (r *Recorder) ReadDir(name string) ([]fs.DirEntry, error) {
	entries, err := r.dirs.readDir(name)
	if err != nil {
		r.note("stat ", name, nil, err)
		return entries, err
	}
	sum := listSum(entries)
	r.mu.Lock()
	if old, seen := r.ix.Lists[name]; seen && old != sum {
		r.bad = true
	}
	r.ix.Lists[name] = sum
	r.mu.Unlock()
	return entries, nil
}

// listSum hashes the names and types of a folder's entries, in order.
func listSum(entries []fs.DirEntry) string {
	h := sha256.New()
	for _, e := range entries {
		h.Write([]byte(e.Name()))
		h.Write([]byte{0, byte(e.Type() >> 24), byte(e.Type() >> 16), 0})
	}
	return hex.EncodeToString(h.Sum(nil))
}

// Unchanged reports whether the site in root is as ix recorded it: every
// file with the same ID, none of them racy, every missing file still
// missing, every folder listed with the same entries. It reads no file.
func (ix *Index) Unchanged(root *os.Root) bool {
	if ix == nil || len(ix.Files) == 0 {
		return false
	}
	d := newDirs(root)
	defer d.close()
	// In the order of their names, so that a folder's files come
	// together, while its folder is open.
	for _, key := range slices.Sorted(maps.Keys(ix.Files)) {
		want := ix.Files[key]
		if want != (fileid.ID{}) && want.Racy(ix.Stamp) {
			return false
		}
		how, name := splitKey(key)
		info, err := d.stat(name, how == "stat ")
		switch {
		case errors.Is(err, fs.ErrNotExist):
			if want != (fileid.ID{}) {
				return false
			}
		case err != nil:
			return false
		default:
			id, ok := idOf(info)
			if !ok || id != want {
				return false
			}
		}
	}
	for name, want := range ix.Lists {
		entries, err := d.readDir(name)
		if err != nil || listSum(entries) != want {
			return false
		}
	}
	return true
}

// Same reports whether the file name, whose stat taken now is info (as
// its folder's listing through the site's os.Root gives it, at no cost),
// is the one ix recorded opening: the same ID, and not racy. It reads
// no file, and records info as name's, as if the file were opened now:
// the next build checks the same.
func (r *Recorder) Same(ix *Index, name string, info fs.FileInfo) bool {
	r.note("stat ", name, info, nil)
	want, ok := ix.Files["stat "+name]
	if !ok || want == (fileid.ID{}) || want.Racy(ix.Stamp) {
		return false
	}
	id, ok := idOf(info)
	return ok && id == want
}

func splitKey(key string) (how, name string) {
	if len(key) > 6 && key[:6] == "lstat " {
		return key[:6], key[6:]
	}
	return key[:5], key[5:]
}

// dirs opens the folders of a site, and keeps the last few open, so that
// a look-up in one is one system call rather than one a path component
// (os.Root opens every folder on the way). A look-up that fails there is
// made again from the site's root, so that it fails (or, through a link
// between folders, succeeds) as the root has it, with the root's error.
// It may be used from several goroutines at once.
type dirs struct {
	mu   sync.Mutex
	root *os.Root
	open map[string]*os.Root
}

// maxOpenDirs bounds the folders dirs holds open: a build reads a folder
// at a time (a few, on several cores), and the user's limit on open
// files may be a few thousand.
const maxOpenDirs = 64

func newDirs(root *os.Root) *dirs {
	return &dirs{root: root, open: map[string]*os.Root{}}
}

// in calls f with the folder that holds name, open, and name's last
// element; failing that, with the site's root and name.
func (d *dirs) in(name string, f func(dir *os.Root, rel string) error) error {
	if fs.ValidPath(name) {
		d.mu.Lock()
		dir, err := d.dir(path.Dir(name))
		if err == nil {
			err = f(dir, path.Base(name))
		}
		d.mu.Unlock()
		if err == nil {
			return nil
		}
	}
	return f(d.root, name)
}

// dir is the folder name, opened; d.mu is held.
func (d *dirs) dir(name string) (*os.Root, error) {
	if name == "." {
		return d.root, nil
	}
	if r, ok := d.open[name]; ok {
		return r, nil
	}
	if len(d.open) >= maxOpenDirs {
		d.closeAll()
	}
	parent, err := d.dir(path.Dir(name))
	if err != nil {
		return nil, err
	}
	r, err := parent.OpenRoot(path.Base(name))
	if err != nil {
		return nil, err
	}
	d.open[name] = r
	return r, nil
}

func (d *dirs) stat(name string, follow bool) (info fs.FileInfo, err error) {
	err = d.in(name, func(dir *os.Root, rel string) error {
		if follow {
			info, err = dir.Stat(rel)
		} else {
			info, err = dir.Lstat(rel)
		}
		return err
	})
	return info, err
}

func (d *dirs) readDir(name string) ([]fs.DirEntry, error) {
	if fs.ValidPath(name) {
		d.mu.Lock()
		dir, err := d.dir(name)
		var entries []fs.DirEntry
		if err == nil {
			entries, err = fs.ReadDir(dir.FS(), ".")
		}
		d.mu.Unlock()
		if err == nil {
			return entries, nil
		}
	}
	return fs.ReadDir(d.root.FS(), name)
}

func (d *dirs) close() {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.closeAll()
}

func (d *dirs) closeAll() {
	for name, r := range d.open {
		r.Close()
		delete(d.open, name)
	}
}
