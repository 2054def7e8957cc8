package pagecheck_test

import (
	"testing"

	"github.com/briefing/briefing"
	"github.com/briefing/briefing/internal/benchsite"
	"github.com/briefing/briefing/internal/pagecheck"
	"github.com/briefing/briefing/internal/render"
	"github.com/briefing/briefing/internal/site"
)

// BenchmarkPage checks a generated meeting's pack (six charts, each drawn
// twice, and ten tables): with a fresh checker, as Page does, and with
// one that has seen the stylesheet, as a build's pages after the first.
func BenchmarkPage(b *testing.B) {
	a, err := benchsite.Generate(benchsite.Options{Meetings: 1, Seed: 1})
	if err != nil {
		b.Fatal(err)
	}
	res, err := site.Build(a.Briefing.FS(), site.Options{Defaults: briefing.Defaults})
	if err != nil {
		b.Fatal(err)
	}
	page := res.Files[render.PackPath(res.Meetings[0].Meeting)]
	b.Run("fresh", func(b *testing.B) {
		b.SetBytes(int64(len(page)))
		for b.Loop() {
			if _, problems := pagecheck.Page(page); len(problems) > 0 {
				b.Fatal(problems)
			}
		}
	})
	b.Run("checker", func(b *testing.B) {
		var c pagecheck.Checker
		b.SetBytes(int64(len(page)))
		for b.Loop() {
			if _, problems := c.Page(page); len(problems) > 0 {
				b.Fatal(problems)
			}
		}
	})
}
