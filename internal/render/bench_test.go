package render

import (
	"errors"
	"maps"
	"slices"
	"testing"

	"github.com/briefing/briefing"
	"github.com/briefing/briefing/internal/benchsite"
	"github.com/briefing/briefing/internal/compute"
	"github.com/briefing/briefing/internal/diag"
	"github.com/briefing/briefing/internal/load"
	"github.com/briefing/briefing/internal/model"
)

// BenchmarkSite renders a generated archive of 100 meetings, loaded and
// computed: the packs (600 charts drawn, 400 tables), the committee
// pages, the index and the feeds, each page checked.
func BenchmarkSite(b *testing.B) {
	a, err := benchsite.Generate(benchsite.Options{Meetings: 100, Seed: 1})
	if err != nil {
		b.Fatal(err)
	}
	fsys := a.Briefing.FS()
	tables := tables{}
	var errs diag.List
	s, err := load.Load(fsys, load.Options{Dataset: func(ds *model.Dataset) {
		t, err := compute.Dataset(ds)
		errs.Append(err)
		tables[ds.ID] = t
	}})
	errs.Append(err)
	if err := errs.Err(); err != nil {
		b.Fatal(err)
	}
	opts := Options{
		Layouts:  Overlay(fsys, briefing.Defaults),
		Datasets: tables,
		Source:   func(doc model.Doc) ([]byte, error) { return load.Source(fsys, doc) },
		Image:    func(string) (*model.Asset, error) { return nil, errors.New("the archive has no images") },
	}
	for b.Loop() {
		if _, err := Site(s, opts); err != nil {
			b.Fatal(err)
		}
	}
}

// tables are computed datasets held in memory, by id: the Datasets of a
// test that computed them all.
type tables map[string]*compute.Table

func (t tables) Table(id string) (*compute.Table, error) { return t[id], nil }

func (t tables) SHA256(id string) string {
	if t[id] == nil {
		return ""
	}
	return t[id].Dataset.SHA256
}

func (t tables) IDs() []string { return slices.Sorted(maps.Keys(t)) }
