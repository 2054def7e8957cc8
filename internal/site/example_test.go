package site

import (
	"maps"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/briefing/briefing"
	"github.com/briefing/briefing/internal/load"
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
	archiveNames(t, res.Files)
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

// archiveNames checks that every name at the top of the built example
// that a committee's slug could spell is a committee's or one of
// load.ArchiveNames, which the loader refuses as a slug: a new folder
// of the archive's own must be added there, or a committee of that
// name would share its addresses.
func archiveNames(t *testing.T, files map[string][]byte) {
	t.Helper()
	entries, err := os.ReadDir("../../data/committees")
	if err != nil {
		t.Fatal(err)
	}
	committees := map[string]bool{}
	for _, e := range entries {
		committees[strings.TrimSuffix(e.Name(), ".yaml")] = true
	}
	top := map[string]bool{}
	for p := range files {
		top[strings.SplitN(p, "/", 2)[0]] = true
	}
	for name := range top {
		if load.IsSlug(name) && !committees[name] && !slices.Contains(load.ArchiveNames, name) {
			t.Errorf("the archive writes %s at its top, which a committee's slug could be; add it to load.ArchiveNames", name)
		}
	}
	for _, name := range load.ArchiveNames {
		if !top[name] {
			t.Errorf("load.ArchiveNames has %s, which the example's archive does not write", name)
		}
	}
}
