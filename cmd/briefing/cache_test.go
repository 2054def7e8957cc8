package main

import (
	"maps"
	"os"
	"path/filepath"
	"testing"
)

// TestCachedBuild builds the example site twice with the cache and once
// with --no-cache, then again after damaging every entry and after
// deleting the cache: every build writes the same files.
func TestCachedBuild(t *testing.T) {
	site := t.TempDir()
	copySite(t, site)
	cacheDir := filepath.Join(site, ".briefing-cache")
	var want map[string]string
	check := func(name string, args ...string) {
		t.Helper()
		out := filepath.Join(t.TempDir(), "public")
		runBuild(t, nil, append([]string{"--source", site, "--out", out}, args...)...)
		got := readTree(t, out)
		if want == nil {
			want = got
			return
		}
		if !maps.Equal(got, want) {
			for p := range want {
				if got[p] != want[p] {
					t.Errorf("%s: %s differs from the first build", name, p)
				}
			}
			t.Errorf("%s: %d files, the first build %d", name, len(got), len(want))
		}
	}
	check("cold")
	entries := cacheEntries(t, cacheDir)
	if len(entries) == 0 {
		t.Fatalf("a build with the cache left nothing in %s", cacheDir)
	}
	check("nothing changed")
	check("--no-cache", "--no-cache")
	for _, p := range entries {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		data[len(data)-1] ^= 1
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	check("damaged entries")
	if err := os.RemoveAll(cacheDir); err != nil {
		t.Fatal(err)
	}
	check("cache deleted")
	if got := cacheEntries(t, cacheDir); len(got) != len(entries) {
		t.Errorf("after the cache was deleted, the build stored %d entries, want %d", len(got), len(entries))
	}
}

// TestNoCacheLeavesNoCache builds with --no-cache: the site folder gains
// no cache.
func TestNoCacheLeavesNoCache(t *testing.T) {
	site := t.TempDir()
	copySite(t, site)
	runBuild(t, nil, "--source", site, "--out", filepath.Join(t.TempDir(), "public"), "--no-cache")
	if _, err := os.Stat(filepath.Join(site, ".briefing-cache")); !os.IsNotExist(err) {
		t.Errorf("after a build with --no-cache, the cache folder: %v, want none", err)
	}
}

// cacheEntries are the files in the cache folder dir.
func cacheEntries(t *testing.T, dir string) []string {
	t.Helper()
	var out []string
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			out = append(out, p)
		}
		if os.IsNotExist(err) {
			return filepath.SkipAll
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}
