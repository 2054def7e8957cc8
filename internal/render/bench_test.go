package render

import (
	"errors"
	"testing"

	"github.com/briefing/briefing"
	"github.com/briefing/briefing/internal/benchsite"
	"github.com/briefing/briefing/internal/compute"
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
	s, err := load.Load(fsys)
	if err != nil {
		b.Fatal(err)
	}
	tables := map[string]*compute.Table{}
	for id, ds := range s.Datasets {
		if tables[id], err = compute.Dataset(ds); err != nil {
			b.Fatal(err)
		}
	}
	opts := Options{
		Layouts: Overlay(fsys, briefing.Defaults),
		Tables:  tables,
		Image:   func(string) (*model.Asset, error) { return nil, errors.New("the archive has no images") },
	}
	for b.Loop() {
		if _, err := Site(s, opts); err != nil {
			b.Fatal(err)
		}
	}
}
