package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/briefing/briefing"
	"github.com/briefing/briefing/internal/cache"
	"github.com/briefing/briefing/internal/diag"
	"github.com/briefing/briefing/internal/load"
	"github.com/briefing/briefing/internal/number"
	"github.com/briefing/briefing/internal/render"
	"github.com/briefing/briefing/internal/site"
	"github.com/briefing/briefing/internal/sources"
	"github.com/briefing/briefing/internal/write"
)

func build(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fl := flag.NewFlagSet("build", flag.ContinueOnError)
	fl.SetOutput(stderr)
	source := fl.String("source", ".", "the site `folder`")
	out := fl.String("out", "", "the output `folder` (default: public in the source folder)")
	drafts := fl.Bool("drafts", false, "include meetings whose status is draft")
	noCache := fl.Bool("no-cache", false, "render every meeting, without reading or keeping "+cacheDir+" in the source folder")
	if err := fl.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return usageError{err.Error()}
	}
	if fl.NArg() > 0 {
		fmt.Fprintf(stderr, "briefing build: unexpected argument %q\n", fl.Arg(0))
		return usageError{"unexpected argument"}
	}
	if *out == "" {
		*out = filepath.Join(*source, "public")
	}
	if err := checkFolders(*source, *out); err != nil {
		say(stderr, "briefing build: %s", err)
		return usageError{err.Error()}
	}
	b, err := buildSite(ctx, buildConfig{Source: *source, Out: *out, Drafts: *drafts, NoCache: *noCache}, stderr)
	var list diag.List
	switch {
	case errors.Is(err, render.ErrStopped):
		say(stderr, "briefing build: interrupted; %s is unchanged", *out)
		return err
	case errors.As(err, &list):
		printMistakes(stderr, *source, list)
		say(stderr, "briefing build: %s; nothing was written, %s is unchanged", number.Count(len(list), "error", "errors"), *out)
		return err
	case err != nil:
		say(stderr, "briefing build: %s", err)
		return err
	}
	nothing := ""
	if b.Unchanged {
		nothing = "; nothing had changed"
	}
	fmt.Fprintf(stdout, "Built %s: %s, %s, in %s%s.\nOpen %s\n",
		number.Count(b.Meetings, "meeting pack", "meeting packs"), number.Count(b.Files, "file", "files"), number.Size(b.Bytes),
		b.Took.Round(time.Millisecond), nothing, diag.Printable(filepath.Join(*out, "index.html")))
	return nil
}

// buildConfig is what one build is asked to do: build, and serve's
// preview, each make one.
type buildConfig struct {
	Source, Out     string // checked by checkFolders
	Drafts, NoCache bool
	// Preview is serve's build. Each kind keeps in the cache what its
	// latest build used (cache.Prune), so that a preview with drafts
	// does not throw away what the next build needs, nor the reverse.
	Preview bool
	// Progress, if set, is told after each meeting how many are done.
	Progress func(done, total int)
}

// built is what a build did.
type built struct {
	Meetings, Files int
	Bytes           int64
	Cached          int  // meetings taken from the cache, not rendered
	Unchanged       bool // nothing had changed: the output was kept as it was
	Took            time.Duration
}

// buildSite builds the site in cfg.Source into cfg.Out, all of it or
// nothing. The site's mistakes come back as a diag.List, paths relative
// to the site; an interrupted build as render.ErrStopped. Warnings (the
// cache could not be kept, a leftover folder) are written to stderr.
func buildSite(ctx context.Context, cfg buildConfig, stderr io.Writer) (*built, error) {
	start := time.Now()
	// os.Root keeps every read inside the site: a symbolic link (or a
	// folder that is one) pointing out of it cannot be followed.
	root, err := os.OpenRoot(cfg.Source)
	if err != nil {
		return nil, err
	}
	defer root.Close()
	// With the cache, the previous build's record (warm.go) may show that
	// there is nothing to do, and otherwise which files of the output
	// can be linked rather than written.
	var (
		c       *cache.Cache
		version string
		prev    *record
		rec     *sources.Recorder
		fsys    = root.FS()
	)
	if !cfg.NoCache {
		// The binary's own hash is its version: any change to the code
		// is a new key for every meeting.
		v, err := cache.Executable()
		secret, err2 := cache.Secret()
		if err == nil && err2 == nil {
			c, version = cache.Open(filepath.Join(cfg.Source, cacheDir), secret), v
			prev = readRecord(c, recordKey(version, cfg.Drafts, absPath(cfg.Out)))
			if prev.unchanged(root, cfg.Out) {
				return &built{Meetings: prev.Meetings, Files: prev.Files, Bytes: prev.Bytes, Cached: prev.Meetings,
					Unchanged: true, Took: time.Since(start)}, nil
			}
			// The stamp comes before the first read of the site.
			if stamp, err := c.Stamp(); err == nil {
				rec = sources.Record(root, stamp)
				defer rec.Close()
				fsys = rec
			}
		}
	}
	// Each file is written to the staging folder as it is made, so that
	// the build holds a few meetings at a time, not the archive. The
	// staging folder is begun at the first file, so that a site with
	// mistakes in its sources touches nothing.
	var (
		stage   *write.Staging
		stageMu sync.Mutex // begin is called from several goroutines (outputCache)
	)
	begin := func() (*write.Staging, error) {
		stageMu.Lock()
		defer stageMu.Unlock()
		if stage == nil {
			s, err := write.Begin(cfg.Out)
			if err != nil {
				return nil, err
			}
			if prev != nil {
				s.Reuse(prev.Output)
			}
			stage = s
		}
		return stage, nil
	}
	emit := func(path string, data []byte) error {
		s, err := begin()
		if err != nil {
			return err
		}
		return s.Write(path, data)
	}
	emitTo := func(path string, write func(io.Writer) error) error {
		s, err := begin()
		if err != nil {
			return err
		}
		return s.WriteFunc(path, write)
	}
	defer func() {
		if stage != nil {
			stage.Abort() // after Commit, nothing
		}
	}()
	// Ctrl-C stops the build before its next meeting.
	opts := site.Options{Defaults: briefing.Defaults, Drafts: cfg.Drafts, Emit: emit, EmitTo: emitTo, Done: ctx.Done(), Progress: cfg.Progress}
	if c != nil {
		opts.Cache, opts.Version = c, version
		if prev != nil {
			opts.Cache = &outputCache{Cache: c, out: cfg.Out, prev: prev.Output, stage: begin}
		}
	}
	if prev != nil && rec != nil {
		// The datasets and documents the last build checked, unchanged
		// since, are taken as it found them. Each file's stat is
		// recorded, for the build after.
		opts.Checked = &load.Checked{Datasets: prev.Datasets, Docs: prev.Docs,
			Unchanged: func(name string, info fs.FileInfo) bool { return rec.Same(prev.Sources, name, info) }}
	}
	res, err := site.Build(fsys, opts)
	if err == nil && ctx.Err() != nil {
		err = render.ErrStopped
	}
	if err != nil {
		return nil, err
	}
	// The meetings' model is let go: what is left to do (the swap, the
	// record) does not need it, and at 5,000 meetings it is some 20 MB
	// that the garbage collector would otherwise double.
	meetings := len(res.Meetings)
	res.Meetings = nil
	// A leftover is reported but is no failure: the new build is in place,
	// and a failed build would have left the output as it was.
	var leftover *write.LeftoverError
	// Every build emits at least its index, so the staging folder is begun.
	err = stage.Commit()
	if errors.As(err, &leftover) {
		say(stderr, "briefing build: warning: %s", err)
	} else if err != nil {
		return nil, err
	}
	// The cache is kept to what this build used, and this build's record,
	// and what the latest build of the other kind used.
	// A cache that cannot be written to costs time, not the build.
	if c != nil {
		if rec != nil {
			ix, ok := rec.Index()
			if m := stage.Manifest(); ok && m != nil {
				storeRecord(c, recordKey(version, cfg.Drafts, absPath(cfg.Out)), &record{
					Meetings: meetings, Files: res.Count, Bytes: res.Bytes, Sources: ix, Output: m, Datasets: res.Datasets, Docs: res.Docs,
				})
			}
		}
		kind := "build"
		if cfg.Preview {
			kind = "preview"
		}
		c.Prune(kind)
		if err := c.Err(); err != nil {
			say(stderr, "briefing build: warning: %s", err)
		}
	}
	return &built{Meetings: meetings, Files: res.Count, Bytes: res.Bytes, Cached: res.Cached, Took: time.Since(start)}, nil
}

// cacheDir is the folder, in the site, of the cache of rendered meetings:
// safe to delete, and left out of version control.
const cacheDir = ".briefing-cache"

// maxPrinted is how many mistakes a run prints: the first hundred, in
// order, show what is wrong; a thousand more lines would only bury them.
const maxPrinted = 100

// printMistakes prints the site's mistakes, one a line, each path as the
// user would open it (under the --source folder), at most maxPrinted of
// them and then how many more there are. Error escapes what would act on
// the terminal.
func printMistakes(w io.Writer, source string, list diag.List) {
	for i, e := range list {
		if i == maxPrinted {
			fmt.Fprintf(w, "… and %s\n", number.Count(len(list)-maxPrinted, "more error", "more errors"))
			return
		}
		e := *e
		e.Pos.Path = filepath.ToSlash(filepath.Join(source, filepath.FromSlash(e.Pos.Path)))
		fmt.Fprintln(w, e.Error())
	}
}

// checkFolders refuses an output folder that would swallow the site.
func checkFolders(source, out string) error {
	src, err := filepath.Abs(source)
	if err != nil {
		return err
	}
	dst, err := filepath.Abs(out)
	if err != nil {
		return err
	}
	if info, err := os.Stat(src); err != nil || !info.IsDir() {
		return fmt.Errorf("source folder %s not found", source)
	}
	// The output may be a symbolic link, which is published through: compare
	// the folders the two paths lead to.
	src, dst = realPath(src), realPath(dst)
	if rel, err := filepath.Rel(dst, src); err == nil && (rel == "." || !strings.HasPrefix(rel, "..")) {
		return fmt.Errorf("output folder %s would replace the site itself; choose a folder such as %s", out, filepath.Join(source, "public"))
	}
	for _, dir := range []string{"content", "data", "layouts", "static"} {
		if rel, err := filepath.Rel(filepath.Join(src, dir), dst); err == nil && !strings.HasPrefix(rel, "..") {
			return fmt.Errorf("output folder %s is inside the site's %s folder; choose a folder such as %s", out, dir, filepath.Join(source, "public"))
		}
	}
	return nil
}

// realPath resolves the symbolic links in the part of the absolute path p
// that exists.
func realPath(p string) string {
	if real, err := filepath.EvalSymlinks(p); err == nil {
		return real
	}
	parent := filepath.Dir(p)
	if parent == p {
		return p
	}
	return filepath.Join(realPath(parent), filepath.Base(p))
}

// say writes a line of the command's own to w, escaped as mistakes are
// (diag.Printable): a path or a message from the system may hold control
// or format characters that a terminal would obey.
func say(w io.Writer, format string, args ...any) {
	fmt.Fprintln(w, diag.Printable(fmt.Sprintf(format, args...)))
}
