package write

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// TestWriteFunc writes files through WriteFunc: the output and the
// manifest are what Write makes of the same bytes, a file the output
// holds unchanged is linked from there (write called twice: once to
// hash, and no more), a changed one is written, and write's own error
// comes back as it is.
func TestWriteFunc(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	big := strings.Repeat("index ", 50_000) // more than one buffer
	prev := build(t, out, nil, map[string]string{"index.json": big, "feed.xml": "old"}, nil)
	if prev == nil {
		t.Fatal("no manifest")
	}
	inode := func(name string) uint64 {
		info, err := os.Stat(filepath.Join(out, name))
		if err != nil {
			t.Fatal(err)
		}
		return info.Sys().(*syscall.Stat_t).Ino
	}
	before := inode("index.json")

	s, err := Begin(out)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Abort()
	s.Reuse(prev)
	calls := 0
	if err := s.WriteFunc("index.json", func(w io.Writer) error {
		calls++
		_, err := io.WriteString(w, big)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if err := s.WriteFunc("feed.xml", func(w io.Writer) error {
		_, err := io.WriteString(w, "new")
		return err
	}); err != nil {
		t.Fatal(err)
	}
	failed := errors.New("no index")
	if err := s.WriteFunc("other.json", func(io.Writer) error { return failed }); err != failed {
		t.Errorf("WriteFunc with write failing: %v, want write's error", err)
	}
	if err := s.Commit(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(out, "other.json")); !os.IsNotExist(err) {
		t.Errorf("a file whose write failed is in the output: %v", err)
	}
	if calls != 1 {
		t.Errorf("write called %d times for a file linked, want 1", calls)
	}
	if inode("index.json") != before {
		t.Error("index.json unchanged was written, not linked")
	}
	for name, want := range map[string]string{"index.json": big, "feed.xml": "new"} {
		got, err := os.ReadFile(filepath.Join(out, name))
		if err != nil || string(got) != want {
			t.Errorf("%s: %d bytes (%v), want %d", name, len(got), err, len(want))
		}
	}
	m := s.Manifest()
	if m == nil || m.Files["index.json"].Sum != prev.Files["index.json"].Sum || m.Files["feed.xml"].Sum != sum([]byte("new")) {
		t.Errorf("Manifest after WriteFunc: %+v", m)
	}
}
