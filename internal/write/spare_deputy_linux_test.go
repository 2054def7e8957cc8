package write

import (
	"os"
	"path/filepath"
	"testing"
)

// TestNotOursToEmpty: someone who can write the output's parent folder
// (the site folder, for the default --out) can rename any folder of the
// building user's there, .git say, though they cannot remove what is in
// it: to .public.spare, or to a name the build takes for a killed build's
// staging folder. The build must not remove it for them: a folder holding
// a file, without the build's marker, is not one a build left.
func TestNotOursToEmpty(t *testing.T) {
	for _, name := range []string{".public.spare", ".public.staging-123"} {
		t.Run(name, func(t *testing.T) {
			parent := t.TempDir()
			out := filepath.Join(parent, "public")
			spareBuild(t, out, map[string]string{"index.html": "new"})
			// The building user's own folder, holding their work.
			repo := filepath.Join(parent, ".git")
			must(t, os.MkdirAll(filepath.Join(repo, "objects"), 0o755))
			mustWrite(t, filepath.Join(repo, "objects", "pack"), "history")
			// A colleague renames it; the next build has work to do.
			must(t, os.Rename(repo, filepath.Join(parent, name)))
			spareBuild(t, out, map[string]string{"index.html": "newer"})
			var found bool
			filepath.WalkDir(parent, func(p string, d os.DirEntry, err error) error {
				if err == nil && d.Name() == "pack" && !d.IsDir() {
					found = true
				}
				return nil
			})
			if !found {
				t.Errorf("the build removed a folder of the user's renamed to %s, with the files in it", name)
			}
		})
	}
}
