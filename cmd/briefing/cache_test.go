package main

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/briefing/briefing/internal/filetree"
)

// TestCachedBuild builds the example site twice with the cache and once
// with --no-cache, then again after damaging every entry and after
// deleting the cache: every build writes the same files.
func TestCachedBuild(t *testing.T) {
	// The secret that signs entries lives in the user's cache folder.
	t.Setenv("XDG_CACHE_HOME", t.TempDir())
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
	for _, p := range cacheEntries(t, cacheDir) {
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
	// Entries forged by someone who can write the site's folder but does
	// not hold this user's secret: a page with a script and its sum made
	// to match. Each must be a miss, rebuilt and checked, never published.
	check("stored again")
	for _, p := range cacheEntries(t, cacheDir) {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, forge(t, data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	check("forged entries")
	if err := os.RemoveAll(cacheDir); err != nil {
		t.Fatal(err)
	}
	check("cache deleted")
	if got := cacheEntries(t, cacheDir); len(got) != len(entries) {
		t.Errorf("after the cache was deleted, the build stored %d entries, want %d", len(got), len(entries))
	}
}

// forge rewrites a cache entry as someone without the secret could: a
// script added to its last blob, whose length and SHA-256 are written to
// match, and the signature left as it was.
func forge(t *testing.T, entry []byte) []byte {
	t.Helper()
	lines := strings.SplitN(string(entry), "\n", 2)
	head := strings.Fields(lines[0])
	n, err := strconv.Atoi(head[3])
	if err != nil || n < 1 {
		t.Fatalf("entry header %q", lines[0])
	}
	rest := strings.SplitN(lines[1], "\n", n+1)
	sums, body := rest[:n], []byte(rest[n])
	sizes := make([]int, n)
	for i, l := range sums {
		sizes[i], _ = strconv.Atoi(strings.Fields(l)[0])
	}
	last := body[len(body)-sizes[n-1]:]
	evil := bytes.Replace(last, []byte("</body>"), []byte("<script>alert(1)</script></body>"), 1)
	if len(evil) == len(last) { // the build's record (warm.go), not a page
		evil = append(slices.Clone(last), " "...)
	}
	sums[n-1] = fmt.Sprintf("%d %x", len(evil), sha256.Sum256(evil))
	return []byte(lines[0] + "\n" + strings.Join(sums, "\n") + "\n" + string(body[:len(body)-len(last)]) + string(evil))
}

// TestNoCacheLeavesNoCache builds with --no-cache: the site folder gains
// no cache.
func TestNoCacheLeavesNoCache(t *testing.T) {
	t.Setenv("XDG_CACHE_HOME", t.TempDir())
	site := t.TempDir()
	copySite(t, site)
	runBuild(t, nil, "--source", site, "--out", filepath.Join(t.TempDir(), "public"), "--no-cache")
	if _, err := os.Stat(filepath.Join(site, ".briefing-cache")); !os.IsNotExist(err) {
		t.Errorf("after a build with --no-cache, the cache folder: %v, want none", err)
	}
}

// cacheEntries are the entries in the cache folder dir (the files in its
// folders, not its stamp), none if it is missing.
func cacheEntries(t *testing.T, dir string) []string {
	t.Helper()
	out, err := filetree.Files(dir)
	if err != nil && !os.IsNotExist(err) {
		t.Fatal(err)
	}
	return slices.DeleteFunc(out, func(p string) bool { return filepath.Dir(p) == dir })
}
