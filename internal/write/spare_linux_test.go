package write

import (
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/briefing/briefing/internal/unprivileged"
	"github.com/google/go-cmp/cmp"
)

// spareBuild writes files into out through Begin and Commit, and returns the
// folders Begin took from the spare.
func spareBuild(t *testing.T, out string, files map[string]string) []string {
	t.Helper()
	s, err := Begin(out)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Abort()
	for _, name := range slices.Sorted(maps.Keys(files)) {
		if err := s.Write(name, []byte(files[name])); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.Commit(); err != nil {
		t.Fatal(err)
	}
	return s.spare
}

// folders lists the folders below dir, slash-separated.
func folders(t *testing.T, dir string) []string {
	t.Helper()
	var dirs []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || p == dir || !d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		dirs = append(dirs, filepath.ToSlash(rel))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return dirs
}

func withMarker(files map[string]string) map[string]string {
	want := maps.Clone(files)
	want[Marker] = markerText
	return want
}

// TestSpareReused: the previous output's folders are kept, empty, and the
// next build stages into them; the output holds exactly the build's files
// and folders, the unused ones removed, even one where the build writes a
// file.
func TestSpareReused(t *testing.T) {
	parent := t.TempDir()
	out := filepath.Join(parent, "public")
	first := map[string]string{"a/b/c.html": "1", "a/d/e.html": "2", "x/y/z.html": "3", "f/g.html": "4"}
	spareBuild(t, out, first)
	spare := filepath.Join(parent, ".public.spare")
	if got := spareBuild(t, out, first); len(got) != 0 {
		t.Errorf("the first rebuild took %v from a spare that the first build could not have left", got)
	}
	if diff := cmp.Diff([]string{"a", "a/b", "a/d", "f", "x", "x/y"}, folders(t, spare)); diff != "" {
		t.Errorf("spare folders (-want +got):\n%s", diff)
	}
	if entries := tree(t, spare); len(entries) != 0 {
		t.Errorf("the spare holds files: %v", entries)
	}
	next := map[string]string{"a/b/c.html": "5", "x/y": "a file where the spare has a folder", "n/m.html": "6"}
	if got := spareBuild(t, out, next); len(got) != 6 {
		t.Errorf("the build took %v from the spare, want all six folders", got)
	}
	if diff := cmp.Diff(withMarker(next), tree(t, out)); diff != "" {
		t.Errorf("output (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"a", "a/b", "n", "x"}, folders(t, out)); diff != "" {
		t.Errorf("output folders (-want +got):\n%s", diff)
	}
	if leftovers, _ := filepath.Glob(filepath.Join(parent, ".public.staging-*")); len(leftovers) != 0 {
		t.Errorf("staging folders left behind: %v", leftovers)
	}
}

// TestSpareRefused plants spares that are not as a build leaves them: none
// is used, nothing is written through a link, and the output is exactly
// the build's.
func TestSpareRefused(t *testing.T) {
	files := map[string]string{"index.html": "new", "scrutiny/index.html": "new committee"}
	tests := []struct {
		name  string
		plant func(t *testing.T, spare, outside string)
		kept  bool // the spare is left as it was, not ours to remove or empty
	}{
		{"planted file", func(t *testing.T, spare, _ string) {
			mustWrite(t, filepath.Join(spare, "scrutiny", "index.html"), "planted")
		}, true},
		{"planted link to a folder outside", func(t *testing.T, spare, outside string) {
			must(t, os.Remove(filepath.Join(spare, "scrutiny")))
			must(t, os.Symlink(outside, filepath.Join(spare, "scrutiny")))
		}, true},
		{"group-writable folder", func(t *testing.T, spare, _ string) {
			must(t, os.Chmod(filepath.Join(spare, "scrutiny"), 0o775))
		}, false},
		{"spare is a link", func(t *testing.T, spare, outside string) {
			must(t, os.RemoveAll(spare))
			must(t, os.Mkdir(filepath.Join(outside, "scrutiny"), 0o755))
			must(t, os.Symlink(outside, spare))
		}, true},
		{"another user's spare", func(t *testing.T, spare, _ string) {
			if os.Geteuid() != 0 {
				t.Skip("giving the spare to another user takes root")
			}
			unprivileged.Give(t, spare)
		}, true},
		{"another user's folder in the spare", func(t *testing.T, spare, _ string) {
			if os.Geteuid() != 0 {
				t.Skip("giving a folder to another user takes root")
			}
			must(t, os.Lchown(filepath.Join(spare, "scrutiny"), unprivileged.UID, unprivileged.GID))
		}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			parent, outside := t.TempDir(), t.TempDir()
			out := filepath.Join(parent, "public")
			old := map[string]string{"index.html": "old", "scrutiny/index.html": "old committee"}
			spareBuild(t, out, old)
			spareBuild(t, out, old)
			spare := filepath.Join(parent, ".public.spare")
			tt.plant(t, spare, outside)
			before, _ := os.Lstat(spare)
			if got := spareBuild(t, out, files); len(got) != 0 {
				t.Errorf("the build took %v from the spare", got)
			}
			if diff := cmp.Diff(withMarker(files), tree(t, out)); diff != "" {
				t.Errorf("output (-want +got):\n%s", diff)
			}
			if got := tree(t, outside); len(got) != 0 {
				t.Errorf("the build wrote outside the output: %v", got)
			}
			after, err := os.Lstat(spare)
			switch {
			case tt.kept && (err != nil || !os.SameFile(before, after)):
				t.Errorf("the spare was moved or removed (%v); it is not this user's to remove", err)
			case !tt.kept && (err != nil || os.SameFile(before, after)):
				t.Errorf("the spare was not replaced by the new build's (%v)", err)
			}
			if leftovers, _ := filepath.Glob(filepath.Join(parent, ".public.staging-*")); len(leftovers) != 0 {
				t.Errorf("staging folders left behind: %v", leftovers)
			}
		})
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func mustWrite(t *testing.T, name, data string) {
	t.Helper()
	must(t, os.WriteFile(name, []byte(data), 0o644))
}
