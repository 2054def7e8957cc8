package sources

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"github.com/briefing/briefing/internal/fileid"
)

// TestSame vouches for a file only with the ID recorded and a ctime
// before the recorded build's stamp, and records the ID it is given.
func TestSame(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "d.yaml"), []byte("kind: list\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer root.Close()
	info, err := fs.Stat(root.FS(), "d.yaml")
	if err != nil {
		t.Fatal(err)
	}
	id, ok := fileid.Of(info)
	if !ok {
		t.Skip("file IDs are not known on this system")
	}
	other := id
	other.Size++
	tests := []struct {
		name  string
		files map[string]fileid.ID
		stamp int64
		want  bool
	}{
		{"unchanged", map[string]fileid.ID{"stat d.yaml": id}, id.Ctime + 1, true},
		{"racy", map[string]fileid.ID{"stat d.yaml": id}, id.Ctime, false},
		{"changed", map[string]fileid.ID{"stat d.yaml": other}, id.Ctime + 1, false},
		{"not recorded", map[string]fileid.ID{"lstat d.yaml": id}, id.Ctime + 1, false},
		{"recorded missing", map[string]fileid.ID{"stat d.yaml": {}}, id.Ctime + 1, false},
	}
	for _, tt := range tests {
		r := Record(root, id.Ctime+1)
		got := r.Same(&Index{Stamp: tt.stamp, Files: tt.files}, "d.yaml", info)
		r.Close()
		if got != tt.want {
			t.Errorf("%s: Same = %t, want %t", tt.name, got, tt.want)
		}
		if ix, ok := r.Index(); !ok || ix.Files["stat d.yaml"] != id {
			t.Errorf("%s: recorded %v, want the ID given", tt.name, ix)
		}
	}
}

// TestRecorderFolders reads files in more folders than the recorder
// keeps open, and one through a link to a folder beside its own, which
// only the site's root can follow: each as the root reads it.
func TestRecorderFolders(t *testing.T) {
	dir := t.TempDir()
	var names []string
	for i := range maxOpenDirs + 6 {
		name := filepath.Join("c", fmt.Sprintf("m%02d", i), "meeting.md")
		names = append(names, filepath.ToSlash(name))
		if err := os.MkdirAll(filepath.Join(dir, filepath.Dir(name)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), []byte(name), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Mkdir(filepath.Join(dir, "a"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join("..", "c", "m00"), filepath.Join(dir, "a", "b")); err != nil {
		t.Skip(err)
	}
	names = append(names, "a/b/meeting.md", "c/missing.md")
	root, err := os.OpenRoot(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer root.Close()
	r := Record(root, 0)
	defer r.Close()
	for range 2 {
		for _, name := range names {
			got, err := fs.ReadFile(r, name)
			want, wantErr := fs.ReadFile(root.FS(), name)
			if string(got) != string(want) || (err == nil) != (wantErr == nil) {
				t.Errorf("%s: read %q, %v; the root reads %q, %v", name, got, err, want, wantErr)
			}
		}
	}
}
