package markdown

import (
	"strings"
	"testing"

	"github.com/briefing/briefing/internal/benchsite"
	"github.com/briefing/briefing/internal/model"
)

// BenchmarkConvert converts one generated report: about 1,400 words, 4
// markdown tables, and references placing 6 charts and 4 tables.
func BenchmarkConvert(b *testing.B) {
	a, err := benchsite.Generate(benchsite.Options{Meetings: 1, Seed: 1})
	if err != nil {
		b.Fatal(err)
	}
	var doc model.Doc
	for name, data := range a.Briefing {
		if strings.HasPrefix(name, "content/") && !strings.HasSuffix(name, "/meeting.md") {
			doc = model.Doc{Path: name, Source: data}
		}
	}
	b.SetBytes(int64(len(doc.Source)))
	for b.Loop() {
		if _, err := Convert(doc, Options{Level: 2, Data: placing{}}); err != nil {
			b.Fatal(err)
		}
	}
}
