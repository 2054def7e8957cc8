package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/briefing/briefing"
	"github.com/briefing/briefing/internal/cache"
	"github.com/briefing/briefing/internal/diag"
	"github.com/briefing/briefing/internal/load"
	"github.com/briefing/briefing/internal/model"
	"github.com/briefing/briefing/internal/number"
	"github.com/briefing/briefing/internal/render"
	"github.com/briefing/briefing/internal/site"
	"github.com/briefing/briefing/internal/sources"
	"github.com/briefing/briefing/internal/write"
)

var buildHelp = helpText{
	usage: "briefing build [--source DIR] [--out DIR] [--drafts] [--no-cache] [--only COMMITTEE/DATE] [--strict] [--quiet | --verbose]",
	about: `Builds one self-contained HTML pack per meeting, a page per committee and an
archive index from the site in --source into --out, all of it or nothing,
then prints the site's warnings and a summary; on a terminal it shows a
progress bar. A site with mistakes writes nothing: each is printed as
path:line:col, and the output is left as it was. Each meeting's rendered
files are kept in .briefing-cache in the source folder (safe to delete), so
that the next build renders only what changed. With --strict, a site with
warnings is refused as one with mistakes: they are printed, and nothing is
written.`,
	examples: `
		briefing build                              # the site in this folder, into public/
		briefing build --source ../council-papers --drafts
		briefing build --out /var/www/papers --no-cache
		briefing build --only scrutiny-co-ordination/2018-03-12   # that meeting and the indexes
		briefing build --strict                     # to publish: warnings count as errors`,
}

func build(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fl := newFlags("build", buildHelp, stdout, stderr)
	source := fl.String("source", ".", "the site `folder`")
	out := fl.String("out", "", "the output `folder` (default: public in the source folder)")
	drafts := fl.Bool("drafts", false, "include meetings whose status is draft")
	noCache := fl.Bool("no-cache", false, "render every meeting, without reading or keeping "+cacheDir+" in the source folder")
	only := fl.String("only", "", "render only the meeting `COMMITTEE/DATE` and the archive pages, keeping every other meeting's files from the previous build")
	quiet := fl.Bool("quiet", false, "print only errors: no progress, warnings or summary")
	verbose := fl.Bool("verbose", false, "print a line for each meeting and how long each stage took")
	strict := fl.Bool("strict", false, "count warnings as errors: print them, write nothing (exit status 1)")
	if ok, err := fl.parse(args); !ok {
		return err
	}
	if err := fl.want(); err != nil {
		return err
	}
	if *quiet && *verbose {
		say(stderr, "briefing build: --quiet and --verbose cannot be given together")
		return usageError{"--quiet and --verbose"}
	}
	if *only != "" {
		if err := checkMeetingName(*only); err != nil {
			say(stderr, "briefing build: --only %s", err)
			return usageError{err.Error()}
		}
		if *noCache {
			say(stderr, "briefing build: --only keeps the other meetings as the previous build recorded them in %s; it cannot be given with --no-cache", cacheDir)
			return usageError{"--only with --no-cache"}
		}
	}
	if *out == "" {
		*out = filepath.Join(*source, "public")
	}
	if err := checkFolders(*source, *out); err != nil {
		say(stderr, "briefing build: %s", err)
		return usageError{err.Error()}
	}
	cfg := buildConfig{Source: *source, Out: *out, Drafts: *drafts, NoCache: *noCache, Only: *only, Strict: *strict}
	tell := newTeller(stderr, *quiet, *verbose)
	cfg.Progress, cfg.Each = tell.progress, tell.each
	b, err := buildSite(ctx, cfg, stderr)
	tell.done()
	var (
		list    diag.List
		unknown *site.UnknownMeetingError
	)
	switch {
	case errors.Is(err, render.ErrStopped):
		say(stderr, "briefing build: interrupted; %s is unchanged", *out)
		return err
	case errors.As(err, &list):
		printMistakes(stderr, *source, list)
		say(stderr, "briefing build: %s; nothing was written, %s is unchanged", number.Count(len(list), "error", "errors"), *out)
		return err
	case errors.Is(err, errStrict):
		printMistakes(stderr, *source, b.Warnings)
		say(stderr, "briefing build: %s, which --strict counts as errors; nothing was written, %s is unchanged", number.Count(len(b.Warnings), "warning", "warnings"), *out)
		return err
	case errors.As(err, &unknown):
		say(stderr, "briefing build: --only: %s; nothing was written, %s is unchanged", unknown, *out)
		return err
	case err != nil:
		say(stderr, "briefing build: %s", err)
		return err
	}
	if !*quiet {
		printMistakes(stderr, *source, b.Warnings)
	}
	nothing := ""
	if b.Unchanged {
		nothing = "; nothing had changed"
	}
	fmt.Fprintf(stdout, "Built %s: %s, %s, in %s%s.\nOpen %s\n",
		number.Count(b.Meetings, "meeting", "meetings"), number.Count(b.Files, "file", "files"), number.Size(b.Bytes),
		b.Took.Round(time.Millisecond), nothing, diag.Printable(filepath.Join(*out, "index.html")))
	if !*quiet {
		fmt.Fprintln(stdout, b.summary())
	}
	if *verbose {
		for _, t := range b.Timings {
			say(stderr, "%s: %s", t.Stage, t.Took.Round(time.Millisecond))
		}
	}
	return nil
}

// meetingName is how a meeting is named on the command line.
var meetingName = regexp.MustCompile(`^[a-z0-9][a-z0-9-]*/(\d{4}-\d{2}-\d{2})$`)

// checkMeetingName checks that s names a meeting as COMMITTEE/DATE.
func checkMeetingName(s string) error {
	m := meetingName.FindStringSubmatch(s)
	if m == nil {
		return fmt.Errorf("%q is not a meeting; name one as COMMITTEE/DATE, as its folder under content/ is named, e.g. scrutiny-co-ordination/2018-03-12", s)
	}
	if _, err := time.Parse(time.DateOnly, m[1]); err != nil {
		return fmt.Errorf("%q: %s is not a date; write it as YYYY-MM-DD", s, m[1])
	}
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
	// Progress, if set, is told after each meeting how many are done,
	// and Each of each meeting as it is done (render.Options.Each).
	Progress func(done, total int)
	Each     func(m *model.Meeting, how render.How)
	// Only, if set, renders that meeting alone ("committee/date") and
	// the archive's pages, and keeps every other meeting's files from the
	// previous build into Out, as its record in the cache gives them
	// (see keeper).
	Only string
	// Check builds without writing anything: no output (Out is not
	// used), nothing into the cache, which is only read.
	Check bool
	// Strict refuses a site with warnings: buildSite returns them in
	// built with errStrict, and leaves Out as it was.
	Strict bool
}

// built is what a build did.
type built struct {
	Meetings, Files int
	Bytes           int64
	Cached          int  // meetings taken from the cache, not rendered
	Kept            int  // meetings kept from the previous build (Only)
	Unchanged       bool // nothing had changed: the output was kept as it was
	Took            time.Duration
	// Packs, Figures and Tables count every version's pack and what it
	// shows; Warnings are the site's (site.Result.Warnings).
	Packs, Figures, Tables int
	Warnings               diag.List
	Timings                []site.Timing
}

// summary is the line that ends a build: what it made, and how.
func (b *built) summary() string {
	var how []string
	if rendered := b.Meetings - b.Cached - b.Kept; !b.Unchanged {
		how = append(how, fmt.Sprintf("%s rendered", number.Count(rendered, "meeting", "meetings")))
		if b.Cached > 0 {
			how = append(how, fmt.Sprintf("%s from the cache", strconv.Itoa(b.Cached)))
		}
		if b.Kept > 0 {
			how = append(how, fmt.Sprintf("%s kept as they were", strconv.Itoa(b.Kept)))
		}
	}
	line := fmt.Sprintf("%s, %s, %s, %s, %s, %s, %s",
		number.Count(b.Meetings, "meeting", "meetings"), number.Count(b.Packs, "pack", "packs"),
		number.Count(b.Figures, "figure", "figures"), number.Count(b.Tables, "table", "tables"),
		number.Count(len(b.Warnings), "warning", "warnings"), number.Size(b.Bytes), b.Took.Round(time.Millisecond))
	if len(how) > 0 {
		line += " (" + strings.Join(how, ", ") + ")"
	}
	return line + "."
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
	secret := cache.Secret
	if cfg.Check {
		secret = cache.ReadSecret // the cache is read, nothing made
	}
	if !cfg.NoCache {
		// The binary's own hash is its version: any change to the code
		// is a new key for every meeting.
		v, err := cache.Executable()
		secret, err2 := secret()
		if err == nil && err2 == nil {
			c, version = cache.Open(filepath.Join(cfg.Source, cacheDir), secret), v
		}
		if c != nil && !cfg.Check {
			prev = readRecord(c, recordKey(version, cfg.Drafts, absPath(cfg.Out)))
			if prev.unchanged(root, cfg.Out) {
				if cfg.Only != "" {
					if err := site.HasMeeting(slices.Collect(maps.Keys(prev.ByMeeting)), cfg.Only); err != nil {
						return nil, err
					}
				}
				b := &built{Meetings: prev.Meetings, Files: prev.Files, Bytes: prev.Bytes, Cached: prev.Meetings,
					Packs: prev.Packs, Figures: prev.Figures, Tables: prev.Tables, Warnings: prev.Warnings,
					Unchanged: true, Took: time.Since(start)}
				if cfg.Strict && len(b.Warnings) > 0 {
					return b, errStrict
				}
				return b, nil
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
	if cfg.Check {
		// Each file is made, checked and let go.
		emit = func(string, []byte) error { return nil }
		emitTo = func(_ string, write func(io.Writer) error) error { return write(io.Discard) }
	}
	var kept *keeper
	if cfg.Only != "" {
		if prev == nil || prev.ByMeeting == nil {
			return nil, fmt.Errorf("--only refreshes one meeting of a previous build of %s into %s, and there is none that this program made with these options; run a full build first (briefing build)", cfg.Source, cfg.Out)
		}
		kept = &keeper{out: cfg.Out, prev: prev, stage: begin}
	}
	defer func() {
		if stage != nil {
			stage.Abort() // after Commit, nothing
		}
	}()
	// Ctrl-C stops the build before its next meeting.
	opts := site.Options{Defaults: briefing.Defaults, Drafts: cfg.Drafts, Emit: emit, EmitTo: emitTo, Done: ctx.Done(), Progress: cfg.Progress, Each: cfg.Each}
	if c != nil {
		opts.Cache, opts.Version = c, version
		switch {
		case cfg.Check:
			opts.Cache = readOnly{c}
		case prev != nil:
			opts.Cache = &outputCache{Cache: c, out: cfg.Out, prev: prev.Output, stage: begin}
		}
	}
	if kept != nil {
		opts.Only, opts.Keep = cfg.Only, kept.keep
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
	if kept != nil && kept.err != nil && !errors.Is(err, render.ErrStopped) {
		err = kept.err // the output is not as its record says: no mistake in the site
	}
	if err != nil {
		return nil, err
	}
	b := &built{Meetings: len(res.Meetings), Files: res.Count, Bytes: res.Bytes, Cached: res.Cached,
		Packs: res.Packs, Figures: res.Figures, Tables: res.Tables, Warnings: res.Warnings, Timings: res.Timings}
	if kept != nil {
		b.Kept = int(kept.n.Load())
	}
	if cfg.Check {
		b.Took = time.Since(start)
		return b, nil
	}
	if cfg.Strict && len(b.Warnings) > 0 {
		return b, errStrict // the staging folder is thrown away
	}
	// What the next build --only keeps of each meeting.
	byMeeting := make(map[string]*keptMeeting, len(res.Meetings))
	for _, p := range res.Meetings {
		byMeeting[site.Name(p.Meeting)] = &keptMeeting{Versions: p.Versions, Paths: p.Paths(), Notes: p.Notes}
	}
	// The meetings' model is let go: what is left to do (the swap, the
	// record) does not need it, and at 5,000 meetings it is some 20 MB
	// that the garbage collector would otherwise double.
	res.Meetings = nil
	stageStart := time.Now()
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
	b.Timings = append(b.Timings, site.Timing{Stage: "swap", Took: time.Since(stageStart)})
	stageStart = time.Now()
	// The cache is kept to what this build used, and this build's record,
	// and what the latest build of the other kind used.
	// A cache that cannot be written to costs time, not the build.
	if c != nil {
		if rec != nil {
			ix, ok := rec.Index()
			if m := stage.Manifest(); ok && m != nil {
				storeRecord(c, recordKey(version, cfg.Drafts, absPath(cfg.Out)), &record{
					Meetings: b.Meetings, Files: res.Count, Bytes: res.Bytes, Sources: ix, Output: m, Datasets: res.Datasets, Docs: res.Docs,
					Packs: res.Packs, Figures: res.Figures, Tables: res.Tables, Warnings: res.Warnings,
					ByMeeting: byMeeting, Partial: kept != nil && kept.n.Load() > 0,
				})
			}
		}
		// The entries of meetings that --only kept were not used, but
		// are as good as they were: they stay.
		if kept == nil || kept.n.Load() == 0 {
			kind := "build"
			if cfg.Preview {
				kind = "preview"
			}
			c.Prune(kind)
		}
		if err := c.Err(); err != nil {
			say(stderr, "briefing build: warning: %s", err)
		}
	}
	b.Timings = append(b.Timings, site.Timing{Stage: "cache", Took: time.Since(stageStart)})
	b.Took = time.Since(start)
	return b, nil
}

// readOnly is a cache that stores nothing (check).
type readOnly struct{ *cache.Cache }

func (readOnly) Put(string, [][]byte) {}

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
