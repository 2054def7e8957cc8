// Package write is the one place that touches the output folder. It writes
// a build into a staging folder beside the output and swaps it in only when
// every file is written, so the output is always a whole build: the previous
// one or the new one, never a mixture, never half.
//
// A build is written as it is made (Begin, Staging.Write for each file,
// then Commit, or Abort if the build fails), so that it never holds all
// its files in memory; Staging.WriteFunc takes a file too big to hold
// whole (the archive's index) as a function that writes it, and hashes
// it as it goes. Dir writes files already in memory the same way.
//
// A build that fails leaves the output exactly as it was. So before
// anything is written, Begin checks what the swap and the removal of the
// previous output will need (on Linux): that the output's folder is
// writable, and that every folder of the previous output can be emptied,
// with no read-only folder, mount point, immutable file or other user's
// file in a sticky folder in the way. It reports the first obstacle and
// how to remove it.
//
// Once the swap is made the new build is in place, whole. If the previous
// output then cannot be removed from the staging folder, for a reason the
// checks could not foresee (its permissions changed during the build, a
// disk error), Commit does not swap it back: part of it may already be
// removed, and a part of the old output is worse than the whole new one. It
// returns a LeftoverError instead, which names the folder to remove.
//
// A build need not write what the output already holds: given the
// Manifest of the build in place (Staging.Reuse), a file with the same
// bytes at the same path, whose stat is as the manifest recorded, is
// hard-linked into the staging folder instead (see reuse.go). A caller
// that knows a file only by its SHA-256 (a cache's signed record of it)
// offers it to Staging.Link, which links it on the same terms or says no,
// and then writes its bytes. Verify
// checks an output against its Manifest, for the command to keep an
// output that a build would only make again.
//
// Making folders is what a rebuild spends most of its system time on
// (2,000 mkdirs take half a second on ext4), so after the swap the previous
// output is emptied of its files but not its folders, and kept beside the
// output as the spare (.public.spare; Linux only). The next Begin renames
// it to its staging folder and uses it only if, walked without following
// links, it holds nothing but real folders on one file system, each owned
// by this user with mode 0755 (so that no one else could change it since),
// at most spareDepth deep and spareDirs many; otherwise it removes it if
// it holds nothing but folders, or leaves it (anyone who can write the
// output's parent can rename any folder of this user's to the spare's
// name), and makes every folder. Its
// folders count as made; those the build did not use are removed before
// the swap, so the output holds exactly the build. A kill leaves at worst
// a staging folder, removed by the next build, or no spare.
//
// An output that is a symbolic link (public -> /var/www/site, a common way
// to publish) is published through: the link is resolved, the build is
// staged beside its target, on the same file system, and swapped in there,
// and the link is kept. Replacing the link by a folder would leave the web
// server serving the old site for ever. A link whose target does not exist
// is refused.
package write

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"

	"github.com/briefing/briefing/internal/fileid"
)

// Marker is the file that marks a folder as Briefing's output. Dir refuses
// to replace a non-empty folder without it, so a mistyped --out cannot wipe
// someone's documents. Only a regular file counts: a symbolic link or a
// folder of that name could be made to point at anything.
const Marker = ".briefing"

const markerText = "This folder is written by \"briefing build\" and replaced whole on every build.\n"

// LeftoverError reports a build that is in place whose previous output,
// swapped out to Path, could not be removed.
type LeftoverError struct {
	Path string
	Err  error
}

func (e *LeftoverError) Error() string {
	return fmt.Sprintf("write: the new build is in place, but the previous one could not be removed from %s (%v); remove that folder", e.Path, e.Err)
}

func (e *LeftoverError) Unwrap() error { return e.Err }

// removeAll removes the previous output after the swap. It is a variable
// so that a test can make it fail: once the checks have passed, nothing
// real makes it fail on demand.
var removeAll = removeOutput

// removeOutput removes a staging folder p, or the previous output as
// swapped out to p, its marker last, so that a build killed meanwhile
// leaves a staging folder that the next one knows to remove
// (cleanLeftovers). os.RemoveAll would remove the marker in its turn, and
// a kill after it would leave files that no build may remove.
func removeOutput(p string) error {
	entries, err := os.ReadDir(p)
	if err != nil {
		return os.RemoveAll(p)
	}
	for _, e := range entries {
		if e.Name() != Marker {
			if err := os.RemoveAll(filepath.Join(p, e.Name())); err != nil {
				return err
			}
		}
	}
	return os.RemoveAll(p)
}

// remove removes one file of the previous output as it is emptied into
// the spare (keepSpare); a variable for the same reason.
var remove = os.Remove

// Dir replaces the folder out with exactly files (slash-separated paths
// relative to out). If out is a symbolic link, the folder it points to is
// replaced and the link kept. It is Begin, a Write of each file in path
// order, and Commit.
func Dir(out string, files map[string][]byte) error {
	s, err := Begin(out)
	if err != nil {
		return err
	}
	defer s.Abort()
	for _, name := range slices.Sorted(maps.Keys(files)) {
		if err := s.Write(name, files[name]); err != nil {
			return err
		}
	}
	return s.Commit()
}

// Staging is a build being written beside the output, file by file as it
// is made, so that a build never holds all its files in memory. Nothing
// changes at the output until Commit; Abort removes what was written.
// Write may be called from several goroutines at once.
type Staging struct {
	out    string // as the caller named it, for messages
	dir    string // the folder out names
	parent string
	path   string // the staging folder
	unlock func()
	// made holds the folders of the staging folder, by slash-separated
	// path: true for one the build has made or used, false for one taken
	// from the spare and not used yet.
	made  sync.Map
	spare []string // the folders taken from the spare, parents first

	lockPath string
	prev     *Manifest   // the build in the output now, if known (Reuse)
	noLinks  atomic.Bool // the file system cannot link: write every file
	sums     sync.Map    // path → hex SHA-256 of each file written

	mu        sync.Mutex
	done      bool // committed or aborted
	committed bool
	swapped   fileid.ID // the output folder as the swap left it (Manifest)
}

// Begin checks that out can be replaced (see the package comment), takes
// the output's lock, removes what killed builds left behind and makes an
// empty staging folder beside out. The lock is held until Commit or Abort,
// one of which the caller must call.
func Begin(out string) (*Staging, error) {
	out = filepath.Clean(out)
	dir, err := resolve(out)
	if err != nil {
		return nil, err
	}
	if err := checkReplaceable(dir); err != nil {
		return nil, err
	}
	parent, base := filepath.Dir(dir), filepath.Base(dir)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return nil, fmt.Errorf("write: %w", err)
	}
	if err := checkParent(parent); err != nil {
		return nil, fmt.Errorf("write: cannot write %s: %w", out, err)
	}
	// Two builds into the same folder take turns: otherwise one would
	// clean up the other's staging folder as a leftover.
	lockPath := filepath.Join(parent, "."+base+".lock")
	unlock, err := lock(lockPath)
	if err != nil {
		return nil, fmt.Errorf("write: %w", err)
	}
	cleanLeftovers(parent, base)
	if err := checkOld(parent, dir); err != nil {
		unlock()
		return nil, fmt.Errorf("write: cannot replace %s: %w", out, err)
	}
	staging, spare := takeSpare(parent, base)
	if staging == "" {
		staging, err = os.MkdirTemp(parent, "."+base+".staging-")
		if err != nil {
			unlock()
			return nil, fmt.Errorf("write: %w", err)
		}
	}
	// MkdirTemp makes the folder private (0700); the output is for a web
	// server, which often runs as another user. The marker goes in first:
	// it is what tells the next build that a staging folder left by a
	// kill is a build's to remove (cleanLeftovers).
	if err := os.Chmod(staging, 0o755); err != nil {
		removeFolders(staging)
		unlock()
		return nil, fmt.Errorf("write: %w", err)
	}
	if err := writeFile(filepath.Join(staging, Marker), []byte(markerText)); err != nil {
		removeFolders(staging)
		unlock()
		return nil, fmt.Errorf("write: %w", err)
	}
	s := &Staging{out: out, dir: dir, parent: parent, path: staging, unlock: unlock, lockPath: lockPath, spare: spare}
	for _, d := range spare {
		s.made.Store(d, false)
	}
	return s, nil
}

// Write writes one file of the build, at name (a slash-separated path
// relative to the output), into the staging folder, or links it from the
// output when it is there unchanged (see Reuse).
func (s *Staging) Write(name string, data []byte) error {
	p, err := s.place(name)
	if err != nil {
		return err
	}
	sum := sum(data)
	if err := s.claim(name, sum); err != nil {
		return err
	}
	if s.link(name, p, sum, int64(len(data))) {
		return nil
	}
	if err := writeFile(p, data); err != nil {
		return s.writeError(err)
	}
	return nil
}

// WriteFunc is Write for a file that write writes, hashed as it is
// written, for a file the build would rather not hold whole (index.json,
// 15 MB at 5,000 meetings). write may be called twice: a file the output
// holds unchanged is linked from there, as Write links it, and written
// again should the link fail. An error of write's is returned as it is.
func (s *Staging) WriteFunc(name string, write func(io.Writer) error) error {
	p, err := s.place(name)
	if err != nil {
		return err
	}
	sum, size, err := s.writeFileFunc(p, write)
	if err != nil {
		os.Remove(p) // half a file is no file of the build
		return err
	}
	if err := s.claim(name, sum); err != nil {
		return err
	}
	if _, _, ok := s.prev.reusable(s.dir, name, sum, size); !ok || s.noLinks.Load() {
		return nil
	}
	if err := os.Remove(p); err != nil {
		return s.writeError(err)
	}
	if s.link(name, p, sum, size) {
		return nil
	}
	again, _, err := s.writeFileFunc(p, write)
	if err == nil && again != sum {
		err = fmt.Errorf("write: %s was written with other bytes the second time", name)
	}
	return err
}

// place checks that name stays in the output and returns its path in the
// staging folder, whose folders it makes.
func (s *Staging) place(name string) (string, error) {
	if !filepath.IsLocal(filepath.FromSlash(name)) || strings.Contains(name, `\`) {
		return "", fmt.Errorf("write: output path %q leaves the output folder", name)
	}
	if err := s.mkdirs(parentOf(name)); err != nil {
		return "", s.writeError(err)
	}
	// A file where the spare has a folder: the folder goes.
	if used, ok := s.made.Load(name); ok && !used.(bool) {
		if err := s.pruneSpare(name); err != nil {
			return "", s.writeError(err)
		}
	}
	return filepath.Join(s.path, filepath.FromSlash(name)), nil
}

// mkdirs makes the folder dir (slash-separated, "" for the top) of the
// staging folder and those above it, each with one mkdir over the
// build: the folders made are remembered. A folder taken from the spare
// is not made, only marked as used, with those above it.
func (s *Staging) mkdirs(dir string) error {
	if dir == "" {
		return nil
	}
	used, known := s.made.Load(dir)
	if known && used.(bool) {
		return nil
	}
	if err := s.mkdirs(parentOf(dir)); err != nil {
		return err
	}
	if !known {
		if err := os.Mkdir(filepath.Join(s.path, filepath.FromSlash(dir)), 0o755); err != nil && !errors.Is(err, fs.ErrExist) {
			return err
		}
	}
	s.made.Store(dir, true)
	return nil
}

// pruneSpare removes the spare's folders at and below dir ("" for all)
// that the build has not used, deepest first, so that the build holds
// only what it made. Each is removed only if empty, as the check left it.
func (s *Staging) pruneSpare(dir string) error {
	for _, d := range slices.Backward(s.spare) {
		if dir != "" && d != dir && !strings.HasPrefix(d, dir+"/") {
			continue
		}
		if used, ok := s.made.Load(d); !ok || used.(bool) {
			continue
		}
		if err := os.Remove(filepath.Join(s.path, filepath.FromSlash(d))); err != nil {
			return err
		}
		s.made.Delete(d)
	}
	return nil
}

// claim records that the build has the file name, with sum: a file is
// written once.
func (s *Staging) claim(name, sum string) error {
	if _, dup := s.sums.LoadOrStore(name, sum); dup {
		return fmt.Errorf("write: %s is written twice", name)
	}
	return nil
}

func (s *Staging) writeError(err error) error {
	if errors.Is(err, syscall.ENOSPC) {
		return fmt.Errorf("write: cannot write %s: the file system holding %s is full; free some space and build again", s.out, s.parent)
	}
	return fmt.Errorf("write: %w", err)
}

// Commit marks the staging folder as Briefing's output and swaps it in
// for the output, whole, then removes the previous output. If that
// removal fails, the new build is in place and Commit returns a
// LeftoverError. After any other error the output is as it was.
func (s *Staging) Commit() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.done {
		return fmt.Errorf("write: the build of %s was already committed or abandoned", s.out)
	}
	s.done = true
	defer s.unlock()
	if err := s.pruneSpare(""); err != nil {
		removeOutput(s.path)
		return s.writeError(err)
	}
	// Begin wrote the marker.
	s.sums.Store(Marker, sum([]byte(markerText)))
	// Every file must be on disk before the swap makes it the output: one
	// flush of the staging folder's file system instead of one fsync a
	// file (2,000 of them at 1,000 meetings).
	if err := syncAll(s.path); err != nil {
		removeOutput(s.path)
		return s.writeError(err)
	}
	if err := swap(s.path, s.dir); err != nil {
		removeOutput(s.path)
		return fmt.Errorf("write: replace %s: %w", s.out, err)
	}
	s.committed = true
	// While the lock is held: Manifest, after it, must know that the output
	// is still this build's, not one another build swapped in meanwhile.
	s.swapped, _ = fileid.Stat(s.dir)
	// The staging folder now holds the previous output, if there was one:
	// its folders are kept, empty, as the next build's spare.
	if keepSpare(s.path, s.dir) == nil {
		return nil
	}
	if err := removeAll(s.path); err != nil {
		return &LeftoverError{Path: s.path, Err: err}
	}
	return nil
}

// Abort removes the staging folder and releases the lock, leaving the
// output as it was. After Commit it does nothing, so that it can be
// deferred.
func (s *Staging) Abort() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.done {
		return
	}
	s.done = true
	removeOutput(s.path)
	s.unlock()
}

// resolve returns the folder out names: out, or the target of the
// symbolic link out is.
func resolve(out string) (string, error) {
	info, err := os.Lstat(out)
	if err != nil || info.Mode()&fs.ModeSymlink == 0 {
		return out, nil
	}
	dir, err := filepath.EvalSymlinks(out)
	if err != nil {
		target, _ := os.Readlink(out)
		if errors.Is(err, fs.ErrNotExist) {
			return "", fmt.Errorf("write: %s is a symbolic link to %s, which does not exist; create that folder, or remove the link, and build again", out, target)
		}
		return "", fmt.Errorf("write: %s is a symbolic link to %s, which cannot be followed (%v); fix the link and build again", out, target, err)
	}
	return dir, nil
}

func checkReplaceable(out string) error {
	info, err := os.Stat(out)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("write: %w", err)
	}
	if !info.IsDir() {
		return fmt.Errorf("write: %s exists and is not a folder", out)
	}
	entries, err := os.ReadDir(out)
	if errors.Is(err, fs.ErrPermission) {
		return fmt.Errorf("write: cannot replace %s: %w; fix its permissions (chmod u+rwx %s) and build again", out, err, out)
	}
	if err != nil {
		return fmt.Errorf("write: %w", err)
	}
	if len(entries) == 0 {
		return nil
	}
	info, err = os.Lstat(filepath.Join(out, Marker))
	if err != nil {
		return fmt.Errorf("write: %s is not empty and was not written by briefing (it has no %s file); choose a new or empty output folder", out, Marker)
	}
	if !info.Mode().IsRegular() {
		kind := "a special file"
		switch {
		case info.Mode()&fs.ModeSymlink != 0:
			kind = "a symbolic link"
		case info.IsDir():
			kind = "a folder"
		}
		return fmt.Errorf("write: %s is not empty and was not written by briefing (its %s is %s, not the file briefing writes); choose a new or empty output folder", out, Marker, kind)
	}
	return nil
}

// cleanLeftovers removes staging folders that a killed build left behind.
// The output's name is matched literally: it may contain glob characters.
// Anyone who can write the output's parent can rename any folder of this
// user's there to such a name (.git, for the default --out), though not
// remove what is in it: only a folder with the marker (Begin writes it
// first; a previous output swapped out has it) is removed whole, and any
// other only if it holds nothing but folders.
func cleanLeftovers(parent, base string) {
	entries, _ := os.ReadDir(parent)
	for _, e := range entries {
		if e.IsDir() && strings.HasPrefix(e.Name(), "."+base+".staging-") {
			p := filepath.Join(parent, e.Name())
			if info, err := os.Lstat(filepath.Join(p, Marker)); err == nil && info.Mode().IsRegular() {
				removeOutput(p)
			} else {
				removeFolders(p)
			}
		}
	}
}

// removeFolders removes the tree dir when it holds nothing but folders
// (no link followed), deepest first, and reports whether it did. A tree
// with anything else in it is left whole: it is not a build's to remove.
func removeFolders(dir string) bool {
	var dirs []string
	var walk func(p string) bool
	walk = func(p string) bool {
		entries, err := os.ReadDir(p)
		if err != nil {
			return false
		}
		dirs = append(dirs, p)
		for _, e := range entries {
			if e.Type() != fs.ModeDir || !walk(filepath.Join(p, e.Name())) {
				return false
			}
		}
		return true
	}
	if info, err := os.Lstat(dir); err != nil || !info.IsDir() || !walk(dir) {
		return false
	}
	for _, d := range slices.Backward(dirs) {
		// Remove takes only an empty folder: one filled meanwhile stays.
		if os.Remove(d) != nil {
			return false
		}
	}
	return true
}

// writeFileFunc creates the file name with what write writes, and
// returns its hex SHA-256 and size. A failure to write the file is
// reported as Write reports it; write's own error is returned as it is.
func (s *Staging) writeFileFunc(name string, write func(io.Writer) error) (sum string, size int64, err error) {
	f, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return "", 0, s.writeError(err)
	}
	defer func() {
		if cerr := f.Close(); err == nil && cerr != nil {
			err = s.writeError(cerr)
		}
	}()
	h := sha256.New()
	fw := &fileWriter{f: f}
	b := bufio.NewWriterSize(io.MultiWriter(fw, h), 64<<10)
	werr := write(b)
	if fw.err != nil {
		return "", 0, s.writeError(fw.err)
	}
	if werr != nil {
		return "", 0, werr
	}
	if err := b.Flush(); err != nil {
		return "", 0, s.writeError(err)
	}
	return hex.EncodeToString(h.Sum(nil)), fw.n, nil
}

// fileWriter writes to f, counting, and keeps its first error, to tell it
// from an error of the function writing through it.
type fileWriter struct {
	f   *os.File
	n   int64
	err error
}

func (w *fileWriter) Write(p []byte) (int, error) {
	n, err := w.f.Write(p)
	w.n += int64(n)
	if err != nil && w.err == nil {
		w.err = err
	}
	return n, err
}

// writeFile creates the file name with data. Commit flushes every file
// of the build to disk at once, before the swap.
func writeFile(name string, data []byte) error {
	f, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
