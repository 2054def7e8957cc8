// Package site runs a build from a site folder to output files in memory:
// load, then render. It touches no disk itself; the command hands it an
// fs.FS and gives its files to write.
package site

import (
	"encoding/base64"
	"errors"
	"io/fs"
	"slices"
	"strings"

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
}

// Result is a finished build.
type Result struct {
	Files map[string][]byte // output path → content
	Packs int
}

// Build builds the site in fsys. A user mistake anywhere makes it return a
// diag.List with every mistake found, and no files.
func Build(fsys fs.FS, opts Options) (*Result, error) {
	// A site with mistakes still goes through render, so that one run
	// reports the mistakes in its commentary too; it never reaches output.
	s, loadErr := load.Load(fsys)
	if !opts.Drafts {
		dropDrafts(s)
	}
	layouts := fsys
	if opts.Defaults != nil {
		layouts = Overlay(fsys, opts.Defaults)
	}
	files, err := render.Site(s, render.Options{
		Layouts: layouts,
		Image: func(name string) (string, error) {
			a, err := load.Image(fsys, name)
			if err != nil {
				return "", err
			}
			if a.MediaType == "image/svg+xml" {
				return "", errors.New("SVG images cannot be embedded in commentary; export the image as PNG")
			}
			return "data:" + a.MediaType + ";base64," + base64.StdEncoding.EncodeToString(a.Data), nil
		},
	})
	var errs diag.List
	errs.Append(loadErr)
	errs.Append(err)
	if err := errs.Sort().Err(); err != nil {
		return nil, err
	}
	packs := 0
	for _, c := range s.Committees {
		packs += len(c.Meetings)
	}
	return &Result{Files: files, Packs: packs}, nil
}

func dropDrafts(s *model.Site) {
	for _, c := range s.Committees {
		c.Meetings = slices.DeleteFunc(c.Meetings, func(m *model.Meeting) bool { return m.Status == model.Draft })
	}
}

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

// ReadDir merges both folders' entries, the site's winning.
func (o overlay) ReadDir(name string) ([]fs.DirEntry, error) {
	a, errA := fs.ReadDir(o.site, name)
	b, errB := fs.ReadDir(o.defaults, name)
	if errA != nil && errB != nil {
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
