package write

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/briefing/briefing/internal/fileid"
)

// A Manifest records a build that is in place: every file and folder of
// the output, each file's SHA-256, and the ID (package fileid) each had
// once the build was swapped in, with the stamp that vouches for them.
// Staging.Manifest makes it; the next build gives it to Staging.Reuse, to
// link the files that have not changed instead of writing them, or to
// Verify, to keep the output as it is when the build would make it again
// unchanged.
type Manifest struct {
	Stamp   int64           // the output file system's time before the stats
	Top     fileid.ID       // the output folder, Place only
	Files   map[string]File // by slash-separated path, Marker included
	Folders map[string]fileid.ID
}

// File is one file of a Manifest.
type File struct {
	Sum string // hex SHA-256
	ID  fileid.ID
}

// Reuse tells the staging folder about the build in the output now, as
// recorded by m: a file the build writes with the same bytes as the one at
// the same path in the output is linked from there (a hard link, so
// nothing is copied or written) if that file still has the ID m records.
// A file whose ID changed (edited, replaced, touched) or is racy and whose
// content no longer has m's sum is written afresh. Where the file system
// cannot link, every file is written. Call Reuse before the first Write.
//
// A linked file is shared with the previous output until Commit removes
// that: nothing in this package ever writes into an existing file (every
// file is created new, O_EXCL), so neither copy can change the other.
func (s *Staging) Reuse(m *Manifest) { s.prev = m }

// Has reports whether the output folder out holds, at name, a file of
// size bytes with the SHA-256 sum (hex), unchanged since m recorded it:
// one that a Staging given m (Reuse) would link. It writes nothing, and
// takes no lock: the Staging checks again when it links.
func (m *Manifest) Has(out, name, sum string, size int64) bool {
	dir, err := resolve(filepath.Clean(out))
	if err != nil {
		return false
	}
	_, _, ok := m.reusable(dir, name, sum, size)
	return ok
}

// Link puts into the build, at name, the output's file of size bytes with
// the SHA-256 sum (hex), as Write would given those bytes, and reports
// whether it could: a caller that knows only the sum of a file, not its
// bytes, offers it here first, and writes the bytes if Link says false,
// which leaves the build as it was.
func (s *Staging) Link(name, sum string, size int64) (bool, error) {
	p, err := s.place(name)
	if err != nil {
		return false, err
	}
	if err := s.claim(name, sum); err != nil {
		return false, err
	}
	if !s.link(name, p, sum, size) {
		s.sums.Delete(name)
		return false, nil
	}
	return true, nil
}

// reusable returns the path of the file at name in the output folder dir
// and its record, when m says dir holds the same bytes there, unchanged.
func (m *Manifest) reusable(dir, name, sum string, size int64) (string, File, bool) {
	if m == nil {
		return "", File{}, false
	}
	f, ok := m.Files[name]
	if !ok || f.Sum != sum || f.ID.Size != size || !f.ID.Mode.IsRegular() {
		return "", File{}, false
	}
	old := filepath.Join(dir, filepath.FromSlash(name))
	if !m.current(old, f) {
		return "", File{}, false
	}
	return old, f, true
}

// link links the file at name from the previous output into p when m
// says the previous output holds the same bytes there, unchanged.
func (s *Staging) link(name, p, sum string, size int64) bool {
	if s.noLinks.Load() {
		return false
	}
	old, f, ok := s.prev.reusable(s.dir, name, sum, size)
	if !ok {
		return false
	}
	if err := os.Link(old, p); err != nil {
		if !errors.Is(err, os.ErrNotExist) && !errors.Is(err, os.ErrExist) {
			s.noLinks.Store(true) // a file system without hard links
		}
		return false
	}
	// The old path could have been replaced between the stat and the
	// link: the link must be to the file that was checked. Linking
	// changes its ctime, nothing else.
	id, ok := fileid.Stat(p)
	if !ok || id.Place() != f.ID.Place() || id.Size != f.ID.Size || id.Mtime != f.ID.Mtime {
		os.Remove(p)
		return false
	}
	return true
}

// current reports whether the file at p is f as m recorded it: the same
// ID, and for a racy ID the same content.
func (m *Manifest) current(p string, f File) bool {
	id, ok := fileid.Stat(p)
	if !ok || id != f.ID {
		return false
	}
	return !id.Racy(m.Stamp) || fileSum(p) == f.Sum
}

func fileSum(p string) string {
	f, err := os.Open(p)
	if err != nil {
		return ""
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return ""
	}
	return hex.EncodeToString(h.Sum(nil))
}

func sum(data []byte) string {
	s := sha256.Sum256(data)
	return hex.EncodeToString(s[:])
}

// Manifest records the build Commit swapped in, or returns nil where
// files have no IDs or the output changed in the meantime. Call it after
// Commit, which it does not hold up: it takes the output's lock again (so
// that no other build swaps its output in while it looks), the stamp, a
// stat of each file and folder, and then reads each file back and checks
// it against the sum of what was written. A file linked from the previous
// output is the same file as the one published there until the swap, and
// a file written is open to whoever can write the output: a change to
// either before the stamp leaves an ID that is not racy, so only the
// content, read after the stat, shows that the ID is of the bytes this
// build made. A change after the stat changes the ID. The files are
// read back on every core.
func (s *Staging) Manifest() *Manifest {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.committed {
		return nil
	}
	unlock, err := lock(s.lockPath)
	if err != nil {
		return nil
	}
	defer unlock()
	stamp, err := fileid.Stamp(s.lockPath)
	if err != nil {
		return nil
	}
	top, ok := fileid.Stat(s.dir)
	// Another build swapped its output in since Commit.
	if !ok || s.swapped == (fileid.ID{}) || top != s.swapped {
		return nil
	}
	m := &Manifest{Stamp: stamp, Top: top.Place(), Files: map[string]File{}, Folders: map[string]fileid.ID{}}
	var names []string
	s.sums.Range(func(k, _ any) bool {
		names = append(names, k.(string))
		return true
	})
	// Reading back is most of the work: it is shared out among the cores.
	files := make([]File, len(names))
	var bad atomic.Bool
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(names)) {
		wg.Go(func() {
			for i := int(next.Add(1) - 1); i < len(names) && !bad.Load(); i = int(next.Add(1) - 1) {
				want, _ := s.sums.Load(names[i])
				p := filepath.Join(s.dir, filepath.FromSlash(names[i]))
				id, ok := fileid.Stat(p)
				if !ok || !id.Mode.IsRegular() || fileSum(p) != want.(string) {
					bad.Store(true)
					return
				}
				files[i] = File{Sum: want.(string), ID: id}
			}
		})
	}
	wg.Wait()
	if bad.Load() {
		return nil
	}
	for i, name := range names {
		m.Files[name] = files[i]
		for dir := parentOf(name); dir != ""; dir = parentOf(dir) {
			if _, ok := m.Folders[dir]; ok {
				break
			}
			id, ok := fileid.Stat(filepath.Join(s.dir, filepath.FromSlash(dir)))
			if !ok {
				return nil
			}
			m.Folders[dir] = id
		}
	}
	return m
}

// lists reports whether the folder p, at name in the output ("" for the
// top), holds exactly the entries m records there.
func (m *Manifest) lists(p, name string) bool {
	entries, err := os.ReadDir(p)
	if err != nil {
		return false
	}
	var got, want []string
	for _, e := range entries {
		got = append(got, e.Name())
	}
	for f := range m.Files {
		if parentOf(f) == name {
			want = append(want, f[len(name)+min(len(name), 1):])
		}
	}
	for f := range m.Folders {
		if parentOf(f) == name {
			want = append(want, f[len(name)+min(len(name), 1):])
		}
	}
	slices.Sort(want)
	return slices.Equal(got, want)
}

func parentOf(name string) string {
	i := strings.LastIndexByte(name, '/')
	if i < 0 {
		return ""
	}
	return name[:i]
}

// Verify reports whether the folder out holds exactly the build m
// records, unchanged: every file and folder with its ID (a racy file
// hashed again), and no other (a folder's ID changes when an entry is
// made or removed in it). It changes nothing, and takes the output's lock
// while it looks, so that no build swaps the output meanwhile.
func Verify(out string, m *Manifest) bool {
	if m == nil || len(m.Files) == 0 {
		return false
	}
	dir, err := resolve(filepath.Clean(out))
	if err != nil {
		return false
	}
	parent, base := filepath.Dir(dir), filepath.Base(dir)
	unlock, err := lock(filepath.Join(parent, "."+base+".lock"))
	if err != nil {
		return false
	}
	defer unlock()
	top, ok := fileid.Stat(dir)
	if !ok || top.Place() != m.Top {
		return false
	}
	// The top folder's times change when the output is swapped in, and a
	// racy folder's may hide an entry made in it: their entries are
	// checked by listing them. Any other folder's ID changes with its
	// entries.
	if !m.lists(dir, "") {
		return false
	}
	for name, want := range m.Folders {
		p := filepath.Join(dir, filepath.FromSlash(name))
		id, ok := fileid.Stat(p)
		if !ok || id != want || id.Racy(m.Stamp) && !m.lists(p, name) {
			return false
		}
	}
	for name, f := range m.Files {
		if !m.current(filepath.Join(dir, filepath.FromSlash(name)), f) {
			return false
		}
	}
	return true
}
