package site

import (
	"maps"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/briefing/briefing"
	"github.com/briefing/briefing/internal/pagecheck"
)

// TestExampleSite builds the example site at the repository root, as
// "go run ./cmd/briefing build" does, and checks every page it writes for
// the mistakes a template or the markdown stage could make.
func TestExampleSite(t *testing.T) {
	res, err := Build(os.DirFS("../.."), Options{Defaults: briefing.Defaults})
	if err != nil {
		t.Fatalf("the example site does not build:\n%v", err)
	}
	if len(res.Meetings) < 2 {
		t.Errorf("example site has %d packs, want at least 2", len(res.Meetings))
	}
	for _, p := range slices.Sorted(maps.Keys(res.Files)) {
		if !strings.HasSuffix(p, ".html") {
			continue // feeds and the JSON index: TestFeeds and TestIndexJSON
		}
		t.Run(p, func(t *testing.T) {
			for _, msg := range pagecheck.Check(p, res.Files[p], res.Files) {
				t.Error(msg)
			}
		})
	}
}
