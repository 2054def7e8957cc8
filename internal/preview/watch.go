package preview

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/fsnotify/fsnotify"
)

// Folders are the site's folders that the build reads, and Watch watches.
var Folders = []string{"content", "data", "layouts", "static"}

// Quiet is how long Watch waits after a change for the rest of its
// burst: an editor's save is often several events (a temporary file
// written, renamed over the old one, its mode set).
const Quiet = 75 * time.Millisecond

// maxWait bounds the wait for a burst that does not end (a large copy
// into the site): the build runs at least this often meanwhile.
const maxWait = time.Second

// A Watcher tells of changes to a site's folders.
type Watcher struct {
	// Changes receives once after each burst of changes, or after
	// several while the receiver was busy.
	Changes <-chan struct{}
	// Errors receives the watcher's own failures (too many folders for
	// the system's limit, say); the preview goes on with what it has.
	Errors <-chan error

	w    *fsnotify.Watcher
	site string
	done chan struct{}
}

// Watch watches the site's Folders, and each folder in them, whenever
// made; and the site folder itself, for a Folder made after the start.
func Watch(site string) (*Watcher, error) {
	fw, err := fsnotify.NewWatcher()
	if err != nil {
		return nil, err
	}
	changes := make(chan struct{}, 1)
	errs := make(chan error, 1)
	w := &Watcher{Changes: changes, Errors: errs, w: fw, site: site, done: make(chan struct{})}
	if err := fw.Add(site); err != nil {
		fw.Close()
		return nil, err
	}
	for _, dir := range Folders {
		if err := w.addTree(filepath.Join(site, dir)); err != nil {
			fw.Close()
			return nil, err
		}
	}
	go w.loop(changes, errs)
	return w, nil
}

// Close stops watching; Changes receives nothing more.
func (w *Watcher) Close() error {
	err := w.w.Close()
	<-w.done
	return err
}

// addTree watches dir and every folder in it. A folder that does not
// exist (yet) is no failure; a symbolic link is not followed, as the
// build follows none.
func (w *Watcher) addTree(dir string) error {
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return nil
			}
			return err
		}
		if !d.IsDir() {
			return nil
		}
		if p != dir && ignored(d.Name()) {
			return filepath.SkipDir
		}
		return w.w.Add(p)
	})
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	return err
}

func (w *Watcher) loop(changes chan<- struct{}, errs chan<- error) {
	defer close(w.done)
	// A burst ends Quiet after its last event, or maxWait after its
	// first. (Since Go 1.23 a timer stopped or reset sends nothing stale.)
	quiet, bound := time.NewTimer(Quiet), time.NewTimer(maxWait)
	quiet.Stop()
	bound.Stop()
	defer quiet.Stop()
	defer bound.Stop()
	burst := false
	for {
		select {
		case ev, ok := <-w.w.Events:
			if !ok {
				return
			}
			if !w.relevant(ev) {
				continue
			}
			if ev.Has(fsnotify.Create) {
				if info, err := os.Lstat(ev.Name); err == nil && info.IsDir() {
					if err := w.addTree(ev.Name); err != nil {
						w.report(errs, err)
					}
				}
			}
			quiet.Reset(Quiet)
			if !burst {
				bound.Reset(maxWait)
				burst = true
			}
			continue
		case err, ok := <-w.w.Errors:
			if !ok {
				return
			}
			w.report(errs, err)
			continue
		case <-quiet.C:
		case <-bound.C:
		}
		quiet.Stop()
		bound.Stop()
		burst = false
		select {
		case changes <- struct{}{}:
		default: // one is waiting already
		}
	}
}

func (w *Watcher) report(errs chan<- error, err error) {
	select {
	case errs <- err:
	default:
	}
}

// relevant reports whether ev could change the build: a change to a
// file or folder in the site's Folders, or to one of those folders
// itself, other than a file the build does not read (ignored) or a
// change of mode alone.
func (w *Watcher) relevant(ev fsnotify.Event) bool {
	if ev.Op == fsnotify.Chmod {
		return false
	}
	rel, err := filepath.Rel(w.site, ev.Name)
	if err != nil || rel == "." || strings.HasPrefix(rel, "..") {
		return false
	}
	parts := strings.Split(filepath.ToSlash(rel), "/")
	top := false
	for _, f := range Folders {
		top = top || parts[0] == f
	}
	if !top {
		return false // the site folder's other files: public/, the cache
	}
	for _, p := range parts {
		if ignored(p) {
			return false
		}
	}
	return true
}

// ignored reports whether a name is one the build does not read, as
// package load skips it (hidden files, such as an editor's .notes.md.swp,
// and backups ending in ~), or an editor's own: Emacs's #notes.md# and
// the 4913 that Vim makes to test a folder.
func ignored(name string) bool {
	return strings.HasPrefix(name, ".") || strings.HasSuffix(name, "~") ||
		strings.HasPrefix(name, "#") && strings.HasSuffix(name, "#") || name == "4913"
}
