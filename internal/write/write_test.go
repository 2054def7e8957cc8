package write

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// tree reads every file under dir into a map, for comparing folders.
func tree(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		out[filepath.ToSlash(rel)] = string(data)
		return err
	})
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
