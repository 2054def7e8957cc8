package write

import (
	"path/filepath"
	"testing"

	"github.com/briefing/briefing"
	"github.com/briefing/briefing/internal/benchsite"
	"github.com/briefing/briefing/internal/site"
)

// BenchmarkDir writes the files of a generated archive of 100 meetings,
// replacing the previous run's as a rebuild does: staging folder, swap,
// and removal of the old output.
func BenchmarkDir(b *testing.B) {
	a, err := benchsite.Generate(benchsite.Options{Meetings: 100, Seed: 1})
	if err != nil {
		b.Fatal(err)
	}
	res, err := site.Build(a.Briefing.FS(), site.Options{Defaults: briefing.Defaults})
	if err != nil {
		b.Fatal(err)
	}
	var size int64
	for _, data := range res.Files {
		size += int64(len(data))
	}
	out := filepath.Join(b.TempDir(), "public")
	b.SetBytes(size)
	for b.Loop() {
		if err := Dir(out, res.Files); err != nil {
			b.Fatal(err)
		}
	}
}
