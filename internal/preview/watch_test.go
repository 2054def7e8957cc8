package preview

import (
	"os"
	"path/filepath"
	"testing"
	"time"
)

// TestWatch watches a real folder: a change in a folder made after the
// start is seen, and so is one in a site folder (data/) made later.
func TestWatch(t *testing.T) {
	site := t.TempDir()
	if err := os.MkdirAll(filepath.Join(site, "content"), 0o755); err != nil {
		t.Fatal(err)
	}
	w, err := Watch(site)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	wait := func(what string) {
		t.Helper()
		select {
		case <-w.Changes:
		case <-time.After(10 * time.Second):
			t.Fatalf("%s: no change seen in 10 s", what)
		}
	}
	write := func(name string) {
		t.Helper()
		p := filepath.Join(site, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("content/c/2019-01-21/meeting.md")
	wait("a meeting in a new folder")
	write("content/c/2019-01-21/01-item.md")
	wait("a file in the folder made after the start")
	write("data/site.yaml")
	wait("a file in a data folder made after the start")
	write("data/more/x.yaml")
	wait("a file in a folder in it")
}

func TestIgnored(t *testing.T) {
	for name, want := range map[string]bool{
		"meeting.md": false, "robbery.yaml": false, "4913.yaml": false,
		".meeting.md.swp": true, ".DS_Store": true, "meeting.md~": true, "#meeting.md#": true, ".#meeting.md": true, "4913": true,
	} {
		if got := ignored(name); got != want {
			t.Errorf("ignored(%q) = %v, want %v", name, got, want)
		}
	}
}
