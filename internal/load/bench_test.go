package load

import (
	"testing"

	"github.com/briefing/briefing/internal/benchsite"
)

// BenchmarkLoad reads and checks a generated archive of 100 meetings (600
// documents, 400 datasets) from memory.
func BenchmarkLoad(b *testing.B) {
	a, err := benchsite.Generate(benchsite.Options{Meetings: 100, Seed: 1})
	if err != nil {
		b.Fatal(err)
	}
	fsys := a.Briefing.FS()
	for b.Loop() {
		if _, err := Load(fsys, Options{}); err != nil {
			b.Fatal(err)
		}
	}
}
