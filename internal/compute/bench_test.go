package compute

import (
	"maps"
	"slices"
	"testing"

	"github.com/briefing/briefing/internal/benchsite"
	"github.com/briefing/briefing/internal/load"
	"github.com/briefing/briefing/internal/model"
)

// BenchmarkDatasets computes and checks the 400 datasets of a generated
// archive of 100 meetings, and the series that must agree with them.
func BenchmarkDatasets(b *testing.B) {
	a, err := benchsite.Generate(benchsite.Options{Meetings: 100, Seed: 1})
	if err != nil {
		b.Fatal(err)
	}
	var all []*model.Dataset
	s, err := load.Load(a.Briefing.FS(), load.Options{Dataset: func(ds *model.Dataset) { all = append(all, ds) }})
	if err != nil {
		b.Fatal(err)
	}
	ids := slices.Sorted(maps.Keys(s.Datasets))
	for b.Loop() {
		tables := make(map[string]*Table, len(all))
		for _, ds := range all {
			t, err := Dataset(ds)
			if err != nil {
				b.Fatal(err)
			}
			tables[ds.ID] = t
		}
		for _, t := range tables {
			if err := Agreements(t, func(id string) *Table { return tables[id] }, ids, s.Unread, &Suggestions{}); err != nil {
				b.Fatal(err)
			}
		}
	}
}
