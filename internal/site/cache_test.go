package site

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"slices"
	"sync"
	"testing"
	"testing/fstest"

	"github.com/briefing/briefing"
	"github.com/briefing/briefing/internal/cache"
	"github.com/briefing/briefing/internal/diag"
	"github.com/briefing/briefing/internal/filetree"
	"github.com/google/go-cmp/cmp"
)

// exampleSite is the example site at the repository root, in memory, to
// be edited: archiveSite with one copy of each committee.
func exampleSite(t *testing.T) fstest.MapFS {
	t.Helper()
	return archiveSite(t, 1)
}

// memCache is a render.Cache in memory that counts what is stored.
type memCache struct {
	mu      sync.Mutex
	entries map[string][][]byte
	puts    int
}

func (c *memCache) Get(key string) ([][]byte, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	b, ok := c.entries[key]
	return b, ok
}

func (c *memCache) Put(key string, blobs [][]byte) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.entries == nil {
		c.entries = map[string][][]byte{}
	}
	c.entries[key] = blobs
	c.puts++
}

// buildWith builds site, fails the test on a mistake, and checks that its
// files are those of a build without a cache.
func buildWith(t *testing.T, site fs.FS, opts Options) *Result {
	t.Helper()
	opts.Defaults = briefing.Defaults
	got, err := Build(site, opts)
	if err != nil {
		t.Fatal(err)
	}
	opts.Cache = nil
	want, err := Build(site, opts)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range slices.Sorted(func(yield func(string) bool) {
		for p := range want.Files {
			if !yield(p) {
				return
			}
		}
	}) {
		if !bytes.Equal(got.Files[p], want.Files[p]) {
			t.Errorf("%s differs from a build without the cache", p)
		}
	}
	if len(got.Files) != len(want.Files) || got.Count != want.Count || got.Bytes != want.Bytes {
		t.Errorf("with the cache, %d files (Count %d, Bytes %d); without, %d (Count %d, Bytes %d)",
			len(got.Files), got.Count, got.Bytes, len(want.Files), want.Count, want.Bytes)
	}
	// What the packs told is the same whether a meeting came from the
	// cache or was rendered.
	if got.Packs != want.Packs || got.Figures != want.Figures || got.Tables != want.Tables {
		t.Errorf("with the cache, %d packs, %d figures, %d tables; without, %d, %d, %d", got.Packs, got.Figures, got.Tables, want.Packs, want.Figures, want.Tables)
	}
	if diff := cmp.Diff(want.Warnings.Lines(), got.Warnings.Lines()); diff != "" {
		t.Errorf("warnings with the cache differ from those without (-without +with):\n%s", diff)
	}
	return got
}

// TestCacheSameOutput builds the example site cold, then with nothing
// changed, then after editing one meeting's letter, then after editing a
// dataset two meetings quote: each build's files are those of a build
// without the cache, and only what changed is rendered.
func TestCacheSameOutput(t *testing.T) {
	site := exampleSite(t)
	c := &memCache{}
	opts := Options{Cache: c, Version: "test"}

	cold := buildWith(t, site, opts)
	n := len(cold.Meetings)
	if cold.Cached != 0 || c.puts != n {
		t.Errorf("cold build: %d meetings cached and %d stored, want 0 and %d", cold.Cached, c.puts, n)
	}

	warm := buildWith(t, site, opts)
	if warm.Cached != n || c.puts != n {
		t.Errorf("build with nothing changed: %d of %d meetings cached, %d stored in all, want all and %d", warm.Cached, n, c.puts, n)
	}

	letter := "content/scrutiny-co-ordination/2018-02-14/meeting.md"
	site[letter] = &fstest.MapFile{Data: append(slices.Clone(site[letter].Data), "\nA sentence added.\n"...)}
	edited := buildWith(t, site, opts)
	if edited.Cached != n-1 {
		t.Errorf("after editing one letter, %d of %d meetings cached, want %d", edited.Cached, n, n-1)
	}

	// Two meetings quote the workforce datasets; a comment changes the
	// file's hash, not its figures.
	dataset := "data/datasets/wmp2020/workforce-constables.yaml"
	if site[dataset] == nil {
		t.Fatalf("the example site has no %s", dataset)
	}
	site[dataset] = &fstest.MapFile{Data: append(slices.Clone(site[dataset].Data), "# checked\n"...)}
	quoted := buildWith(t, site, opts)
	if quoted.Cached >= n || quoted.Cached == 0 {
		t.Errorf("after editing a dataset, %d of %d meetings cached, want those that do not quote it", quoted.Cached, n)
	}

	drafts := buildWith(t, site, Options{Cache: c, Version: "test", Drafts: true})
	if drafts.Cached != 0 {
		t.Errorf("with --drafts, %d meetings came from entries stored without", drafts.Cached)
	}
	other := buildWith(t, site, Options{Cache: c, Version: "another"})
	if other.Cached != 0 {
		t.Errorf("another binary's build took %d meetings from the cache", other.Cached)
	}
}

// TestCacheLayouts rebuilds after a change to the stylesheet: every
// meeting is rendered again.
func TestCacheLayouts(t *testing.T) {
	site := exampleSite(t)
	opts := Options{Cache: &memCache{}, Version: "test"}
	buildWith(t, site, opts)
	css := "static/briefing.css"
	site[css] = &fstest.MapFile{Data: append(slices.Clone(site[css].Data), "\n/* restyled */\n"...)}
	if res := buildWith(t, site, opts); res.Cached != 0 {
		t.Errorf("after restyling, %d meetings came from the cache", res.Cached)
	}
}

// TestCacheDamagedEntries damages every entry of a cache on disk: the
// next build renders every meeting again, with the same files, and
// stores them whole.
func TestCacheDamagedEntries(t *testing.T) {
	site := exampleSite(t)
	dir := t.TempDir()
	cold := buildWith(t, site, Options{Cache: cache.Open(dir, []byte("test secret")), Version: "test"})
	entries, err := filetree.Files(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != len(cold.Meetings) {
		t.Fatalf("the cache holds %d entries for %d meetings", len(entries), len(cold.Meetings))
	}
	for i, p := range entries {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		if i%2 == 0 {
			data[len(data)/2] ^= 0x20 // a flipped bit
		} else {
			data = data[:len(data)-100] // a truncated write
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	c := cache.Open(dir, []byte("test secret"))
	if res := buildWith(t, site, Options{Cache: c, Version: "test"}); res.Cached != 0 {
		t.Errorf("%d meetings came from damaged entries", res.Cached)
	}
	if got := c.Stats(); got.Hits != 0 || got.Stored != len(entries) {
		t.Errorf("after damage, the cache's Stats = %+v, want no hit and %d stored", got, len(entries))
	}
	if res := buildWith(t, site, Options{Cache: cache.Open(dir, []byte("test secret")), Version: "test"}); res.Cached != len(entries) {
		t.Errorf("after the entries were stored again, %d of %d meetings came from the cache", res.Cached, len(entries))
	}
}

// TestCacheKeepsNoMistake builds a site whose report links to nothing,
// twice: the meeting is not stored, and both builds report its mistake.
func TestCacheKeepsNoMistake(t *testing.T) {
	site := exampleSite(t)
	report := "content/scrutiny-co-ordination/2018-03-12/04-wmp2020.md"
	site[report] = &fstest.MapFile{Data: append(slices.Clone(site[report].Data), "\nSee [nothing](#nothing).\n"...)}
	c := &memCache{}
	var first string
	for i := range 2 {
		_, err := Build(site, Options{Defaults: briefing.Defaults, Cache: c, Version: "test"})
		var list diag.List
		if !errors.As(err, &list) {
			t.Fatalf("build %d: err = %v, want the mistake", i+1, err)
		}
		if i == 0 {
			first = err.Error()
		} else if err.Error() != first {
			t.Errorf("build %d reports\n%s\nwant, as the first,\n%s", i+1, err, first)
		}
	}
	if len(c.entries) != 4 || c.puts != 4 {
		t.Errorf("two builds stored %d entries (%d times), want the 4 meetings without mistakes, once", len(c.entries), c.puts)
	}
}
