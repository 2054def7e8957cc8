// Package site runs a build from a site folder to output files: load,
// computing and checking each dataset as load reads it and the series
// that must agree with comparisons, leave out drafts unless asked, then
// render, which renders the meetings on every core. Its result is the
// same on any number of cores.
//
// The build holds what every meeting may need, not the archive: a
// dataset is let go once checked, and read again (load.Dataset) and
// computed when a pack quotes it, the last few computed kept for the
// packs after it (datasets.go); a document's text is read again when its
// pack is made (load.Source). A file changed since it was checked fails
// the build. With Options.Checked, the datasets and documents a previous
// build checked, unchanged since, are not read at all until a pack asks.
// It touches no disk itself: the command hands it an fs.FS, read from
// several goroutines at once, and a sink (Options.Emit) that writes each
// file as it is made, so that a build holds one meeting's packs at a time
// (a few per core), not the archive. Without a sink the files are
// gathered in memory, for tests and commands that write nothing.
package site

import (
	"cmp"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"slices"
	"strings"
	"time"

	"github.com/briefing/briefing/internal/diag"
	"github.com/briefing/briefing/internal/load"
	"github.com/briefing/briefing/internal/model"
	"github.com/briefing/briefing/internal/render"
)

// Options configure a build.
type Options struct {
	// Defaults holds the layouts/ and static/ used where the site has none
	// of its own, file by file.
	Defaults fs.FS
	// Drafts includes meetings whose status is draft.
	Drafts bool
	// Emit, if set, takes each output file as it is made (see
	// render.Options.Emit), instead of Result.Files. A build that fails
	// may have emitted some files first: the caller drops them. A site
	// with mistakes in its sources or datasets emits nothing.
	Emit func(path string, data []byte) error
	// EmitTo, if set with Emit, takes the index and the feeds in its
	// place, as functions that write them (see render.Options.EmitTo).
	EmitTo func(path string, write func(io.Writer) error) error
	// Cache, if set, keeps each meeting's rendered files between builds
	// (see render.Options.Cache); Version names the code that renders
	// them, for the cache's keys. A site with mistakes in its sources or
	// datasets reads the cache but stores nothing in it.
	Cache   render.Cache
	Version string
	// Checked, if set, lets Load keep the datasets and documents that a
	// previous build of the same program found without a mistake (its
	// Result.Datasets and Result.Docs), where their files are unchanged
	// since, without reading them again (see load.Checked). Mistakes are
	// reported as without it.
	Checked *load.Checked
	// Done, if set, is closed to stop the build early; Build then
	// returns render.ErrStopped.
	Done <-chan struct{}
	// Progress, if set, is told after each meeting how many are done (see
	// render.Options.Progress), and Each of each meeting as it is done
	// (render.Options.Each).
	Progress func(done, total int)
	Each     func(m *model.Meeting, how render.How)
	// Only, if set, names the one meeting to render ("committee/date"):
	// every other meeting is what Keep gives for it (nil: rendered, as a
	// meeting that an earlier build did not have). The whole site is
	// still loaded and checked. A meeting not in the site is an
	// UnknownMeetingError.
	Only string
	Keep func(name string) (*render.Kept, error)
}

// UnknownMeetingError is Options.Only naming no meeting of the site.
type UnknownMeetingError struct {
	Name    string
	Suggest string // " (did you mean …)", or ""
}

func (e *UnknownMeetingError) Error() string {
	return fmt.Sprintf("no meeting %s in the site%s", e.Name, e.Suggest)
}

// Name is how a meeting is named on the command line: "committee/date".
func Name(m *model.Meeting) string { return m.Committee.Slug + "/" + m.Slug() }

// Result is a finished build.
type Result struct {
	Files map[string][]byte // output path → content, when Options.Emit is nil
	Count int               // how many files the build made
	Bytes int64             // their total size
	// Meetings are the meetings built, in the site's order, each with
	// every published version of its papers and their fingerprints.
	Meetings []render.Published
	// Datasets are the site's datasets, and Docs its documents' SHA-256
	// by path, drafts included, for the next build's Options.Checked.
	Datasets map[string]*model.DatasetFile
	Docs     map[string]string
	// Cached is how many of the meetings came from Options.Cache rather
	// than being rendered.
	Cached int
	// Warnings are what the site does that a reader would notice but
	// that does not stop the build (see render.Notes, and unquoted),
	// sorted; Packs, Figures and Tables count the packs of every version
	// and what they show.
	Warnings               diag.List
	Packs, Figures, Tables int
	// Timings are how long each stage took, in order.
	Timings []Timing
}

// Timing is how long a stage of the build took.
type Timing struct {
	Stage string
	Took  time.Duration
}

// Build builds the site in fsys. A user mistake anywhere makes it return a
// diag.List with every mistake found, and no files.
func Build(fsys fs.FS, opts Options) (*Result, error) {
	// A site with mistakes still goes through render, so that one run
	// reports the mistakes in its commentary too; it never reaches output.
	start := time.Now()
	tables := newDatasets(fsys)
	s, loadErr := load.Load(fsys, load.Options{Dataset: tables.check, Checked: opts.Checked})
	computeErr := tables.loaded(s)
	docs := s.Docs()
	if !opts.Drafts {
		dropDrafts(s)
	}
	timings := []Timing{{"load and check", time.Since(start)}}
	start = time.Now()
	var keep func(*model.Meeting) (*render.Kept, error)
	if opts.Only != "" {
		if err := only(s, opts.Only); err != nil && loadErr == nil && computeErr == nil {
			return nil, err
		}
		keep = func(m *model.Meeting) (*render.Kept, error) {
			if name := Name(m); name != opts.Only {
				return opts.Keep(name)
			}
			return nil, nil
		}
	}
	layouts := fsys
	if opts.Defaults != nil {
		layouts = render.Overlay(fsys, opts.Defaults)
	}
	// The sink's own error (a full disk) is returned as it is, not as a
	// mistake in the site.
	var emitErr error
	emit, emitTo := opts.Emit, opts.EmitTo
	switch {
	case emit != nil && (loadErr != nil || computeErr != nil):
		emit, emitTo = func(string, []byte) error { return nil }, nil
	case emit != nil:
		emit = func(path string, data []byte) error {
			emitErr = opts.Emit(path, data)
			return emitErr
		}
		if emitTo != nil {
			emitTo = func(path string, write func(io.Writer) error) error {
				emitErr = opts.EmitTo(path, write)
				return emitErr
			}
		}
	}
	cache := opts.Cache
	if cache != nil && (loadErr != nil || computeErr != nil) {
		// A meeting can render without a word about a dataset that
		// failed to load; its packs are not to be kept.
		cache = readOnly{cache}
	}
	broken := brokenDatasets(tables.files, loadErr, computeErr)
	out, err := render.Site(s, render.Options{
		Layouts:  layouts,
		Datasets: tables,
		Source:   func(doc model.Doc) ([]byte, error) { return load.Source(fsys, doc) },
		Frozen:   func(doc model.Doc) ([]byte, error) { return load.Frozen(fsys, doc) },
		Image:    func(name string) (*model.Asset, error) { return load.CommentaryImage(fsys, name) },
		Emit:     emit,
		EmitTo:   emitTo,
		Cache:    cache,
		CacheKey: fmt.Sprintf("version %q drafts %t", opts.Version, opts.Drafts),
		Done:     opts.Done,
		Progress: opts.Progress,
		Broken:   func(id string) bool { return broken[id] },
		Each:     opts.Each,
		Keep:     keep,
	})
	if err != nil && (err == emitErr || errors.Is(err, render.ErrStopped)) {
		return nil, err
	}
	var errs diag.List
	errs.Append(loadErr)
	errs.Append(computeErr)
	errs.Append(err)
	if err := errs.Sort().Err(); err != nil {
		return nil, err
	}
	res := &Result{Files: out.Files, Count: out.Count, Bytes: out.Bytes, Meetings: out.Meetings, Datasets: s.Datasets, Docs: docs, Cached: out.Cached}
	res.tell(s.Datasets)
	res.Timings = append(timings, Timing{"render", time.Since(start)})
	return res, nil
}

// tell gathers what the meetings' packs told, and warns of each dataset
// that none of them quotes: one left behind, or one whose meeting is
// still to be written. A draft meeting's packs are the build's only with
// Options.Drafts, so without it what only a draft quotes is unquoted.
func (res *Result) tell(datasets map[string]*model.DatasetFile) {
	quoted := map[string]bool{}
	for _, p := range res.Meetings {
		res.Warnings = append(res.Warnings, p.Notes.Warnings...)
		res.Packs += len(p.Versions)
		res.Figures += p.Notes.Figures
		res.Tables += p.Notes.Tables
		for _, id := range p.Notes.Quoted {
			quoted[id] = true
		}
	}
	for _, p := range res.Meetings {
		res.Warnings = append(res.Warnings, urgencyWarnings(p.Meeting)...)
	}
	for id := range datasets {
		if !quoted[id] {
			res.Warnings.Add(diag.Pos{Path: load.DatasetPath(id)}, "warning: no meeting quotes dataset %q; quote it in a meeting's commentary ([[table %s]]), or remove the file if it is left over (a draft meeting's references count only with --drafts)", id, id)
		}
	}
	res.Warnings = res.Warnings.Sort()
}

// urgencyWarnings warns of each late paper of a meeting whose minutes do
// not record why the chair took it as urgent: section 100B(4)(b) of the
// Local Government Act 1972 lets a committee consider an item whose
// papers were not open to inspection in time only for special
// circumstances that the minutes specify. An exempt item's minutes are
// private, and not checked.
func urgencyWarnings(m *model.Meeting) diag.List {
	var w diag.List
	if m.Minutes == nil {
		return nil
	}
	recorded := map[int]model.MinutesItem{}
	for _, it := range m.Minutes.Items {
		recorded[it.Number] = it
	}
	for _, lp := range m.LatePapers() {
		rec, ok := recorded[lp.Item.Number]
		if lp.Item.Exempt != "" || rec.Urgency != "" {
			continue
		}
		at := diag.Pos{Path: m.Minutes.Doc.Path, Line: 1, Col: 1}
		if ok {
			at = diag.Pos(rec.At)
		}
		w.Add(at, "warning: item %d's paper came late (%s, %s: %s where %d are required), so the minutes must say for what special circumstances the chair took it as urgent (section 100B(4)(b) of the Local Government Act 1972); write them under the item as urgency:",
			lp.Item.Number, lp.Label, lp.Date.Format(model.DateLayout), lp.Notice.Given(), lp.Notice.Required)
	}
	return w
}

// only checks that the site has the meeting name.
func only(s *model.Site, name string) error {
	var names []string
	for _, c := range s.Committees {
		for _, m := range c.Meetings {
			names = append(names, Name(m))
		}
	}
	return HasMeeting(names, name)
}

// HasMeeting returns nil when names holds name, else an
// UnknownMeetingError suggesting the nearest: a name near in spelling,
// or else the committee's meetings nearest in date.
func HasMeeting(names []string, name string) error {
	if slices.Contains(names, name) {
		return nil
	}
	suggest := diag.Suggest(name, names, "meetings")
	committee, date, _ := strings.Cut(name, "/")
	day, _ := time.Parse(time.DateOnly, date)
	type dated struct {
		name string
		off  time.Duration
	}
	var same []dated
	for _, n := range names {
		c, d, _ := strings.Cut(n, "/")
		if t, err := time.Parse(time.DateOnly, d); err == nil && c == committee {
			same = append(same, dated{n, t.Sub(day).Abs()})
		}
	}
	if !strings.Contains(suggest, "did you mean") && len(same) > 0 {
		slices.SortStableFunc(same, func(a, b dated) int { return cmp.Or(cmp.Compare(a.off, b.off), cmp.Compare(a.name, b.name)) })
		var near []string
		for _, d := range same[:min(3, len(same))] {
			near = append(near, d.name)
		}
		suggest = " (the nearest: " + strings.Join(near, ", ") + ")"
	}
	return &UnknownMeetingError{Name: name, Suggest: suggest}
}

// brokenDatasets are the ids of the datasets whose files (the YAML, or
// the spreadsheet it names) have mistakes among errs.
func brokenDatasets(files map[string]*model.DatasetFile, errs ...error) map[string]bool {
	bad := map[string]bool{}
	for _, err := range errs {
		var list diag.List
		if errors.As(err, &list) {
			for _, e := range list {
				bad[e.Pos.Path] = true
			}
		}
	}
	broken := map[string]bool{}
	if len(bad) == 0 {
		return broken
	}
	for id, f := range files {
		if bad[load.DatasetPath(id)] || f.Figures != "" && bad[f.Figures] {
			broken[id] = true
		}
	}
	return broken
}

// readOnly is a cache that stores nothing.
type readOnly struct{ render.Cache }

func (readOnly) Put(string, [][]byte) {}

// dropDrafts leaves out draft meetings, draft items and unfinished
// minutes (with the approval they record): they reach the output only
// when the build asks for them.
func dropDrafts(s *model.Site) {
	for _, c := range s.Committees {
		c.Meetings = slices.DeleteFunc(c.Meetings, func(m *model.Meeting) bool { return m.Status == model.Draft })
		for _, m := range c.Meetings {
			m.Agenda = slices.DeleteFunc(m.Agenda, func(it *model.Item) bool { return it.Draft })
			if m.Minutes != nil && m.Minutes.Unfinished {
				m.Minutes.Unapprove()
				m.Minutes = nil
			}
		}
	}
}
