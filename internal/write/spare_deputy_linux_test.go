package write

import (
	"os"
	"path/filepath"
	"testing"
)

// TestSpareNotOursToEmpty: someone who can write the output's parent
// folder (the site folder, for the default --out) can rename any folder of
// the building user's there, .git say, to .public.spare, though they
// cannot remove what is in it. The build must not remove it for them: a
// spare holding a file is not one a build left.
func TestSpareNotOursToEmpty(t *testing.T) {
	parent := t.TempDir()
	out := filepath.Join(parent, "public")
	files := map[string]string{"index.html": "new"}
	spareBuild(t, out, files)
	// The building user's own folder, holding their work.
	repo := filepath.Join(parent, ".git")
	must(t, os.MkdirAll(filepath.Join(repo, "objects"), 0o755))
	mustWrite(t, filepath.Join(repo, "objects", "pack"), "history")
	// A colleague renames it; the next build has work to do.
	must(t, os.Rename(repo, filepath.Join(parent, ".public.spare")))
	spareBuild(t, out, map[string]string{"index.html": "newer"})
	var found bool
	filepath.WalkDir(parent, func(p string, d os.DirEntry, err error) error {
		if err == nil && d.Name() == "pack" && !d.IsDir() {
			found = true
		}
		return nil
	})
	if !found {
		t.Errorf("the build removed a folder of the user's renamed to the spare, with the files in it")
	}
}

// TestLeftoverNotOursToEmpty: the same through a name the build takes
// for a killed build's staging folder.
func TestLeftoverNotOursToEmpty(t *testing.T) {
	parent := t.TempDir()
	out := filepath.Join(parent, "public")
	spareBuild(t, out, map[string]string{"index.html": "new"})
	repo := filepath.Join(parent, ".git")
	must(t, os.MkdirAll(filepath.Join(repo, "objects"), 0o755))
	mustWrite(t, filepath.Join(repo, "objects", "pack"), "history")
	must(t, os.Rename(repo, filepath.Join(parent, ".public.staging-123")))
	spareBuild(t, out, map[string]string{"index.html": "newer"})
	var found bool
	filepath.WalkDir(parent, func(p string, d os.DirEntry, err error) error {
		if err == nil && d.Name() == "pack" && !d.IsDir() {
			found = true
		}
		return nil
	})
	if !found {
		t.Errorf("the build removed a folder of the user's renamed to a staging folder's name, with the files in it")
	}
}
