package compute

import (
	"testing"

	"github.com/briefing/briefing/internal/benchsite"
	"github.com/briefing/briefing/internal/load"
)

// BenchmarkDatasets computes and checks the 400 datasets of a generated
// archive of 100 meetings, and the series that must agree with them.
func BenchmarkDatasets(b *testing.B) {
	a, err := benchsite.Generate(benchsite.Options{Meetings: 100, Seed: 1})
	if err != nil {
		b.Fatal(err)
	}
	s, err := load.Load(a.Briefing.FS())
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		tables := make(map[string]*Table, len(s.Datasets))
		for id, ds := range s.Datasets {
			t, err := Dataset(ds)
			if err != nil {
				b.Fatal(err)
			}
			tables[id] = t
		}
		if err := Agreements(tables, s.Unread); err != nil {
			b.Fatal(err)
		}
	}
}
