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
	"errors"
	"fmt"
	"io"
	"io/fs"
	"slices"

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
	// render.Options.Progress).
	Progress func(done, total int)
}

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
}

// Build builds the site in fsys. A user mistake anywhere makes it return a
// diag.List with every mistake found, and no files.
func Build(fsys fs.FS, opts Options) (*Result, error) {
	// A site with mistakes still goes through render, so that one run
	// reports the mistakes in its commentary too; it never reaches output.
	tables := newDatasets(fsys)
	s, loadErr := load.Load(fsys, load.Options{Dataset: tables.check, Checked: opts.Checked})
	computeErr := tables.loaded(s)
	docs := s.Docs()
	if !opts.Drafts {
		dropDrafts(s)
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
	out, err := render.Site(s, render.Options{
		Layouts:  layouts,
		Datasets: tables,
		Source:   func(doc model.Doc) ([]byte, error) { return load.Source(fsys, doc) },
		Image:    func(name string) (*model.Asset, error) { return load.CommentaryImage(fsys, name) },
		Emit:     emit,
		EmitTo:   emitTo,
		Cache:    cache,
		CacheKey: fmt.Sprintf("version %q drafts %t", opts.Version, opts.Drafts),
		Done:     opts.Done,
		Progress: opts.Progress,
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
	return &Result{Files: out.Files, Count: out.Count, Bytes: out.Bytes, Meetings: out.Meetings, Datasets: s.Datasets, Docs: docs, Cached: out.Cached}, nil
}

// readOnly is a cache that stores nothing.
type readOnly struct{ render.Cache }

func (readOnly) Put(string, [][]byte) {}

// dropDrafts leaves out draft meetings and draft items: they reach the
// output only when the build asks for them.
func dropDrafts(s *model.Site) {
	for _, c := range s.Committees {
		c.Meetings = slices.DeleteFunc(c.Meetings, func(m *model.Meeting) bool { return m.Status == model.Draft })
		for _, m := range c.Meetings {
			m.Agenda = slices.DeleteFunc(m.Agenda, func(it *model.Item) bool { return it.Draft })
		}
	}
}
