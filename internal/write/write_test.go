package write

import (
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/briefing/briefing/internal/filetree"
	"github.com/google/go-cmp/cmp"
)

// tree reads every file under dir into a map, for comparing folders.
func tree(t *testing.T, dir string) map[string]string {
	t.Helper()
	out, err := filetree.Read(dir)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestDirReplacesWhole(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	if err := Dir(out, map[string][]byte{"index.html": []byte("one"), "a/old.html": []byte("old")}); err != nil {
		t.Fatal(err)
	}
	if err := Dir(out, map[string][]byte{"index.html": []byte("two"), "b/new.html": []byte("new")}); err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"index.html": "two", "b/new.html": "new", Marker: markerText}
	if diff := cmp.Diff(want, tree(t, out)); diff != "" {
		t.Errorf("output (-want +got):\n%s", diff)
	}
	if info, err := os.Stat(out); err != nil || info.Mode().Perm() != 0o755 {
		t.Errorf("output folder mode = %v, %v; want 0755 so that a web server can read it", info.Mode().Perm(), err)
	}
	leftovers, _ := filepath.Glob(filepath.Join(filepath.Dir(out), ".public.staging-*"))
	if len(leftovers) != 0 {
		t.Errorf("staging folders left behind: %v", leftovers)
	}
}

func TestDirRefusesForeignFolder(t *testing.T) {
	out := t.TempDir()
	if err := os.WriteFile(filepath.Join(out, "thesis.docx"), []byte("years of work"), 0o644); err != nil {
		t.Fatal(err)
	}
	err := Dir(out, map[string][]byte{"index.html": []byte("x")})
	if err == nil || !strings.Contains(err.Error(), "was not written by briefing") {
		t.Fatalf("Dir over a foreign folder: err = %v", err)
	}
	if diff := cmp.Diff(map[string]string{"thesis.docx": "years of work"}, tree(t, out)); diff != "" {
		t.Errorf("foreign folder changed (-want +got):\n%s", diff)
	}
}

func TestDirFailureLeavesOutput(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	if err := Dir(out, map[string][]byte{"index.html": []byte("one")}); err != nil {
		t.Fatal(err)
	}
	before := tree(t, out)
	err := Dir(out, map[string][]byte{"index.html": []byte("two"), "../escape.html": []byte("x")})
	if err == nil {
		t.Fatal("Dir accepted a path leaving the output folder")
	}
	if diff := cmp.Diff(before, tree(t, out)); diff != "" {
		t.Errorf("a failed write changed the output (-want +got):\n%s", diff)
	}
	if _, err := os.Stat(filepath.Join(filepath.Dir(out), "escape.html")); err == nil {
		t.Error("a file was written outside the output folder")
	}
}

func TestDirCleansLeftovers(t *testing.T) {
	parent := t.TempDir()
	stale := filepath.Join(parent, ".public.staging-123")
	if err := os.MkdirAll(filepath.Join(stale, "x"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := Dir(filepath.Join(parent, "public"), map[string][]byte{"index.html": []byte("x")}); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(stale); !os.IsNotExist(err) {
		t.Errorf("stale staging folder from a killed build is still there (err %v)", err)
	}
}

func TestSwapByRename(t *testing.T) {
	parent := t.TempDir()
	staging, out := filepath.Join(parent, "s"), filepath.Join(parent, "o")
	for dir, content := range map[string]string{staging: "new", out: "old"} {
		if err := os.Mkdir(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "f"), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := swapByRename(staging, out); err != nil {
		t.Fatal(err)
	}
	for dir, want := range map[string]string{out: "new", staging: "old"} {
		if got, _ := os.ReadFile(filepath.Join(dir, "f")); string(got) != want {
			t.Errorf("%s holds %q, want %q", dir, got, want)
		}
	}
}

func TestDirGlobCharactersInName(t *testing.T) {
	parent := t.TempDir()
	precious := filepath.Join(parent, ".q1.staging-precious")
	if err := os.Mkdir(precious, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := Dir(filepath.Join(parent, "q[1]"), map[string][]byte{"index.html": []byte("x")}); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(precious); err != nil {
		t.Errorf("a folder that only matches the output's name as a glob was removed: %v", err)
	}
}

// TestDirConcurrent runs builds into one folder at once: each must either
// fail or leave a whole output, never a mixture or a part.
func TestDirConcurrent(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	const builds, files = 4, 300
	errs := make(chan error, builds)
	for b := range builds {
		go func() {
			m := map[string][]byte{}
			for i := range files {
				m[filepath.ToSlash(filepath.Join("d", strings.Repeat("x", i%7), "f"+strconv.Itoa(i)+".html"))] = []byte(strconv.Itoa(b))
			}
			errs <- Dir(out, m)
		}()
	}
	for range builds {
		if err := <-errs; err != nil {
			t.Errorf("Dir: %v", err)
		}
	}
	got := tree(t, out)
	if len(got) != files+1 {
		t.Fatalf("output has %d files, want %d", len(got), files+1)
	}
	first := got["d/f0.html"]
	for name, content := range got {
		if name != Marker && content != first {
			t.Fatalf("output mixes builds: %s holds %q, d/f0.html holds %q", name, content, first)
		}
	}
}

// snapshot is tree with every folder and its mode as well: what a failed
// build must leave exactly as it was.
func snapshot(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := tree(t, dir)
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || !d.IsDir() {
			return err
		}
		info, err := d.Info()
		rel, _ := filepath.Rel(dir, p)
		out[filepath.ToSlash(rel)+"/"] = info.Mode().String()
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// checkUnchanged fails the test if out differs from the snapshot before,
// or a staging folder is left beside it.
func checkUnchanged(t *testing.T, out string, before map[string]string) {
	t.Helper()
	if diff := cmp.Diff(before, snapshot(t, out)); diff != "" {
		t.Errorf("a failed build changed the output (-want +got):\n%s", diff)
	}
	leftovers, _ := filepath.Glob(filepath.Join(filepath.Dir(out), "."+filepath.Base(out)+".staging-*"))
	if len(leftovers) != 0 {
		t.Errorf("staging folders left behind: %v", leftovers)
	}
}

// TestDirThroughSymlink publishes through an output that is a symbolic
// link to a folder elsewhere: the folder is replaced, the link is kept,
// and the staging folder is made beside the folder, not beside the link.
func TestDirThroughSymlink(t *testing.T) {
	root := t.TempDir()
	site, www := filepath.Join(root, "site"), filepath.Join(root, "www")
	target := filepath.Join(www, "briefing")
	if err := Dir(target, map[string][]byte{"index.html": []byte("old"), "stale.html": []byte("stale")}); err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(site, 0o755); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(site, "public")
	if err := os.Symlink("../www/briefing", out); err != nil {
		t.Fatal(err)
	}
	for _, text := range []string{"one", "two"} {
		if err := Dir(out, map[string][]byte{"index.html": []byte(text)}); err != nil {
			t.Fatalf("build %q: %v", text, err)
		}
		if link, err := os.Readlink(out); err != nil || link != "../www/briefing" {
			t.Fatalf("after build %q the output is no longer the link to ../www/briefing: %q, %v", text, link, err)
		}
		want := map[string]string{"index.html": text, Marker: markerText}
		if diff := cmp.Diff(want, tree(t, target)); diff != "" {
			t.Errorf("link target after build %q (-want +got):\n%s", text, diff)
		}
		for _, dir := range []string{site, www} {
			entries, _ := os.ReadDir(dir)
			for _, e := range entries {
				if strings.Contains(e.Name(), ".staging-") {
					t.Errorf("leftover %s in %s", e.Name(), dir)
				}
			}
		}
	}
}

func TestDirRefusesBrokenLink(t *testing.T) {
	root := t.TempDir()
	out := filepath.Join(root, "public")
	if err := os.Symlink("nowhere", out); err != nil {
		t.Fatal(err)
	}
	err := Dir(out, map[string][]byte{"index.html": []byte("x")})
	want := "write: " + out + " is a symbolic link to nowhere, which does not exist; create that folder, or remove the link, and build again"
	if err == nil || err.Error() != want {
		t.Fatalf("Dir through a broken link: err = %v, want %q", err, want)
	}
	if entries, _ := os.ReadDir(root); len(entries) != 1 {
		t.Errorf("Dir through a broken link wrote %d entries beside it", len(entries)-1)
	}
}

// TestDirForgedMarker: only a regular file marks a folder as Briefing's,
// since a link or a folder of the marker's name can be made by anyone who
// can make it point anywhere.
func TestDirForgedMarker(t *testing.T) {
	tests := []struct {
		name string
		make func(marker string) error
		kind string
	}{
		{"link to a file", func(marker string) error { return os.Symlink("thesis.docx", marker) }, "a symbolic link"},
		{"link to a marker elsewhere", func(marker string) error {
			other := filepath.Join(t.TempDir(), "public")
			if err := Dir(other, nil); err != nil {
				return err
			}
			return os.Symlink(filepath.Join(other, Marker), marker)
		}, "a symbolic link"},
		{"folder", func(marker string) error { return os.Mkdir(marker, 0o755) }, "a folder"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out := t.TempDir()
			if err := os.WriteFile(filepath.Join(out, "thesis.docx"), []byte("years of work"), 0o644); err != nil {
				t.Fatal(err)
			}
			if err := tt.make(filepath.Join(out, Marker)); err != nil {
				t.Fatal(err)
			}
			before := snapshot(t, out)
			err := Dir(out, map[string][]byte{"index.html": []byte("x")})
			want := "write: " + out + " is not empty and was not written by briefing (its .briefing is " + tt.kind + ", not the file briefing writes); choose a new or empty output folder"
			if err == nil || err.Error() != want {
				t.Fatalf("err = %v, want %q", err, want)
			}
			checkUnchanged(t, out, before)
		})
	}
}

// TestDirLeftover: when the previous output cannot be removed after the
// swap, the new build stays in place, whole, and the error says where the
// previous one is.
func TestDirLeftover(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	if err := Dir(out, map[string][]byte{"index.html": []byte("old")}); err != nil {
		t.Fatal(err)
	}
	removeAll = func(string) error { return os.ErrPermission }
	remove = func(string) error { return os.ErrPermission }
	t.Cleanup(func() { removeAll, remove = removeOutput, os.Remove })
	err := Dir(out, map[string][]byte{"index.html": []byte("new")})
	var leftover *LeftoverError
	if !errors.As(err, &leftover) {
		t.Fatalf("err = %v, want a LeftoverError", err)
	}
	if diff := cmp.Diff(map[string]string{"index.html": "new", Marker: markerText}, tree(t, out)); diff != "" {
		t.Errorf("output (-want +got):\n%s", diff)
	}
	if got := tree(t, leftover.Path)["index.html"]; got != "old" {
		t.Errorf("%s holds index.html %q, want the previous build's %q", leftover.Path, got, "old")
	}
}

// TestStagingAbort writes part of a build, from several goroutines, and
// abandons it: the output is as it was, the staging folder gone, and the
// lock free for the next build.
func TestStagingAbort(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	if err := Dir(out, map[string][]byte{"index.html": []byte("old")}); err != nil {
		t.Fatal(err)
	}
	s, err := Begin(out)
	if err != nil {
		t.Fatal(err)
	}
	errs := make(chan error, 8)
	for i := range 8 {
		go func() { errs <- s.Write("c/"+strconv.Itoa(i)+"/index.html", []byte("new")) }()
	}
	for range 8 {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
	s.Abort()
	want := map[string]string{"index.html": "old", Marker: markerText}
	if diff := cmp.Diff(want, tree(t, out)); diff != "" {
		t.Errorf("output after Abort (-want +got):\n%s", diff)
	}
	leftovers, _ := filepath.Glob(filepath.Join(filepath.Dir(out), ".public.staging-*"))
	if len(leftovers) != 0 {
		t.Errorf("staging folders left behind: %v", leftovers)
	}
	if err := s.Commit(); err == nil {
		t.Error("Commit after Abort succeeded")
	}
	// The lock was released: this would wait for ever otherwise.
	if err := Dir(out, map[string][]byte{"index.html": []byte("next")}); err != nil {
		t.Fatal(err)
	}
}

// TestStagingRelative writes a build into an output named by a relative
// path, as "briefing build" does by default (public).
func TestStagingRelative(t *testing.T) {
	t.Chdir(t.TempDir())
	if err := Dir("public", map[string][]byte{"a/b/index.html": []byte("x"), "a/c/index.html": []byte("y"), "index.html": []byte("z")}); err != nil {
		t.Fatal(err)
	}
	if got, err := os.ReadFile(filepath.Join("public", "a", "c", "index.html")); err != nil || string(got) != "y" {
		t.Errorf("public/a/c/index.html = %q, %v; want \"y\"", got, err)
	}
}
