package cache

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestPutFunc stores a blob written a piece at a time: the entry is the
// one Put makes of the same bytes, and no temporary file is left. A
// write that fails stores nothing.
func TestPutFunc(t *testing.T) {
	dir := t.TempDir()
	c := Open(dir, secret)
	blob := []byte(strings.Repeat("record ", 100_000)) // more than one buffer
	c.PutFunc(key("a"), func(w io.Writer) error {
		for chunk := range slices.Chunk(blob, 1000) {
			if _, err := w.Write(chunk); err != nil {
				return err
			}
		}
		return nil
	})
	got, ok := c.Get(key("a"))
	if !ok || len(got) != 1 || !bytes.Equal(got[0], blob) {
		t.Fatalf("Get after PutFunc: ok %v, %d blobs; want the blob written", ok, len(got))
	}
	streamed, err := os.ReadFile(filepath.Join(dir, key("a")[:2], key("a")))
	if err != nil {
		t.Fatal(err)
	}
	if want := encode(secret, key("a"), [][]byte{blob}); !bytes.Equal(streamed, want) {
		t.Error("PutFunc's entry is not Put's of the same blob")
	}

	c.PutFunc(key("b"), func(w io.Writer) error {
		io.WriteString(w, "half")
		return errors.New("failed")
	})
	if _, ok := c.Get(key("b")); ok {
		t.Error("Get after a failed PutFunc: a hit")
	}
	if c.Err() == nil {
		t.Error("Err() after a failed PutFunc = nil")
	}
	entries, err := os.ReadDir(filepath.Join(dir, key("b")[:2]))
	if err != nil && !os.IsNotExist(err) {
		t.Fatal(err)
	}
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), tempPrefix) {
			t.Errorf("temporary file %s left", e.Name())
		}
	}
	if got, want := c.Stats().Stored, 1; got != want {
		t.Errorf("Stats().Stored = %d, want %d", got, want)
	}
}
