package write

import (
	"bytes"
	"os"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/briefing/briefing/internal/fileid"
)

// settle waits until the file system's clock has moved past every change
// made so far, so that no ID below is racy by chance and the tests show
// what the stats alone are trusted with.
func settle(t *testing.T) {
	t.Helper()
	probe := filepath.Join(t.TempDir(), "probe")
	first, err := fileid.Stamp(probe)
	if err != nil {
		t.Fatal(err)
	}
	fileid.Settle(probe, first)
}

// build writes files into out with the manifest prev to reuse, commits
// and returns the new manifest; during is called after the files are
// written (or linked), before the commit.
func build(t *testing.T, out string, prev *Manifest, files map[string]string, during func()) *Manifest {
	t.Helper()
	s, err := Begin(out)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Abort()
	if prev != nil {
		s.Reuse(prev)
	}
	for name, data := range files {
		if err := s.Write(name, []byte(data)); err != nil {
			t.Fatal(err)
		}
	}
	if during != nil {
		during()
	}
	if err := s.Commit(); err != nil {
		t.Fatal(err)
	}
	// In a build of any size, the previous output takes a while to
	// remove: most files are last changed ticks before Manifest's stamp,
	// not racy.
	settle(t)
	return s.Manifest()
}

// tamper rewrites the file p in place with the same length and mtime, as
// an intruder who can write the output might.
func tamper(t *testing.T, p string) {
	t.Helper()
	info, err := os.Stat(p)
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	evil := []byte("<script>alert(1)</script>")
	copy(data, evil)
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Chtimes(p, info.ModTime(), info.ModTime()); err != nil {
		t.Fatal(err)
	}
}

var page = "<!DOCTYPE html><title>A page</title><p>" + string(bytes.Repeat([]byte("x"), 200)) + "</p>\n"

// TestManifestTamperedWhileLinked: a file linked from the previous output
// is the same file as the one still published there until the swap. One
// written to in place meanwhile (same size, same mtime) is published
// with the content tampered, and the manifest taken after the commit must
// not vouch for it: otherwise the next build says "nothing had changed"
// and keeps it, and every later build links it again, for ever.
func TestManifestTamperedWhileLinked(t *testing.T) {
	if _, ok := fileid.Stat("."); !ok {
		t.Skip("file IDs are not known on this system")
	}
	out := filepath.Join(t.TempDir(), "public")
	files := map[string]string{"index.html": page, "a/index.html": page}
	m1 := build(t, out, nil, files, nil)
	if m1 == nil {
		t.Fatal("no manifest")
	}
	settle(t)
	old := filepath.Join(out, "a", "index.html")
	m2 := build(t, out, m1, files, func() {
		var st syscall.Stat_t
		if err := syscall.Stat(old, &st); err != nil || st.Nlink != 2 {
			t.Fatalf("a/index.html was not linked into the staging folder (nlink %d, %v)", st.Nlink, err)
		}
		tamper(t, old) // the previous output's path: the same inode
		settle(t)
	})
	got, err := os.ReadFile(old)
	if err != nil {
		t.Fatal(err)
	}
	if string(got) == page {
		t.Fatal("not tampered: the test shows nothing")
	}
	if m2 != nil && Verify(out, m2) {
		t.Error("the manifest vouches for a file tampered with during the build: the next build keeps it (nothing had changed)")
	}
	if m2 != nil {
		m3 := build(t, out, m2, files, nil)
		if got, _ := os.ReadFile(old); string(got) != page {
			t.Error("the next build with work linked the tampered file again, instead of writing it")
		}
		_ = m3
	}
}

// TestManifestAfterAnotherBuild: Commit releases the output's lock, and
// Manifest is taken after it. A second build into the same folder, waiting
// for the lock, may swap its own files in before the first one's Manifest:
// that manifest must not record the second build's files under the first
// one's sums.
func TestManifestAfterAnotherBuild(t *testing.T) {
	if _, ok := fileid.Stat("."); !ok {
		t.Skip("file IDs are not known on this system")
	}
	out := filepath.Join(t.TempDir(), "public")
	s, err := Begin(out)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Abort()
	if err := s.Write("index.html", []byte("first build, "+page)); err != nil {
		t.Fatal(err)
	}
	if err := s.Commit(); err != nil {
		t.Fatal(err)
	}
	// Another build (say with --drafts) takes the lock and swaps in.
	if err := Dir(out, map[string][]byte{"index.html": []byte("other build, " + page)}); err != nil {
		t.Fatal(err)
	}
	settle(t)
	if m := s.Manifest(); m != nil && Verify(out, m) {
		t.Error("the first build's manifest vouches for the second build's output")
	}
}

// TestLinkBySum: a caller that knows a file's sum and not its bytes has
// it linked from the output only where the output holds those bytes
// unchanged; otherwise Link does nothing and the bytes are written.
func TestLinkBySum(t *testing.T) {
	if _, ok := fileid.Stat("."); !ok {
		t.Skip("file IDs are not known on this system")
	}
	out := filepath.Join(t.TempDir(), "public")
	m1 := build(t, out, nil, map[string]string{"a/index.html": page, "b/index.html": page, "c/index.html": page}, nil)
	if m1 == nil {
		t.Fatal("no manifest")
	}
	tamper(t, filepath.Join(out, "b", "index.html"))
	if err := os.Remove(filepath.Join(out, "c", "index.html")); err != nil {
		t.Fatal(err)
	}
	settle(t)
	s, err := Begin(out)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Abort()
	s.Reuse(m1)
	want, size := sum([]byte(page)), int64(len(page))
	for _, tt := range []struct {
		name, sum string
		size      int64
		linked    bool
	}{
		{"a/index.html", want, size, true},
		{"a/other.html", want, size, false},        // not in the output
		{"b/index.html", want, size, false},        // tampered with
		{"c/index.html", want, size, false},        // removed
		{"index.html", sum([]byte("x")), 1, false}, // never there
	} {
		if got := m1.Has(out, tt.name, tt.sum, tt.size); got != tt.linked {
			t.Errorf("Has(%s) = %t, want %t", tt.name, got, tt.linked)
		}
		linked, err := s.Link(tt.name, tt.sum, tt.size)
		if err != nil || linked != tt.linked {
			t.Errorf("Link(%s) = %t, %v; want %t", tt.name, linked, err, tt.linked)
		}
		if !linked {
			// Nothing was claimed: the bytes can be written.
			if err := s.Write(tt.name, []byte(page)); err != nil {
				t.Errorf("Write(%s) after Link said false: %v", tt.name, err)
			}
		}
	}
	if _, err := s.Link("a/index.html", want, size); err == nil {
		t.Error("Link of a file the build has already: no error")
	}
	if err := s.Commit(); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"a/index.html", "a/other.html", "b/index.html", "c/index.html", "index.html"} {
		if got, err := os.ReadFile(filepath.Join(out, filepath.FromSlash(name))); err != nil || string(got) != page {
			t.Errorf("%s after the build = %.40q, %v; want the page", name, got, err)
		}
	}
}
