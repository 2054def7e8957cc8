package cache

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func key(s string) string { return fmt.Sprintf("%x", sha256.Sum256([]byte(s))) }

// secret signs the tests' entries.
var secret = []byte("0123456789abcdef0123456789abcdef")

func TestPutGet(t *testing.T) {
	c := Open(t.TempDir(), secret)
	want := [][]byte{[]byte("meta"), {}, []byte("<!doctype html>\n")}
	c.Put(key("a"), want)
	got, ok := c.Get(key("a"))
	if !ok {
		t.Fatal("Get after Put: a miss")
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Get after Put (-want +got):\n%s", diff)
	}
	if _, ok := c.Get(key("b")); ok {
		t.Error("Get of a key never stored: a hit")
	}
	if _, ok := c.Get("../../etc/passwd"); ok {
		t.Error("Get of a path: a hit")
	}
	if got, want := c.Stats(), (Stats{Hits: 1, Misses: 2, Stored: 1}); got != want {
		t.Errorf("Stats() = %+v, want %+v", got, want)
	}
	if err := c.Err(); err != nil {
		t.Errorf("Err() = %v", err)
	}
}

// TestDamagedEntry damages a stored entry in every way a crash or a disk
// can: each is a miss, never the damaged blobs.
func TestDamagedEntry(t *testing.T) {
	k := key("a")
	blobs := [][]byte{[]byte("meta"), []byte("page one"), []byte("page two")}
	whole := encode(secret, k, blobs)
	tests := map[string]func([]byte) []byte{
		"empty":         func(b []byte) []byte { return nil },
		"truncated":     func(b []byte) []byte { return b[:len(b)-1] },
		"header only":   func(b []byte) []byte { return b[:len(magic)] },
		"a byte longer": func(b []byte) []byte { return append(b, 'x') },
		"a byte flipped": func(b []byte) []byte {
			b[len(b)-3] ^= 1
			return b
		},
		"another key's":    func([]byte) []byte { return encode(secret, key("b"), blobs) },
		"another secret's": func([]byte) []byte { return encode([]byte("not this user's secret, 32 bytes"), k, blobs) },
		"lengths moved": func(b []byte) []byte {
			// The blobs' bytes and sums as stored, split one byte apart.
			return bytes.Replace(bytes.Replace(b, []byte("\n8 "), []byte("\n7 "), 1), []byte("\n8 "), []byte("\n9 "), 1)
		},
	}
	for name, damage := range tests {
		t.Run(name, func(t *testing.T) {
			c := storeDamaged(t, k, blobs, damage(append([]byte(nil), whole...)))
			if got, ok := c.Get(k); ok {
				t.Errorf("Get of a damaged entry = %q, want a miss", got)
			}
			c.Put(k, blobs)
			if _, ok := c.Get(k); !ok {
				t.Error("Get after storing the entry again: a miss")
			}
		})
	}
}

// TestPrune keeps what the run used and removes the rest, and the
// temporary files a killed run left.
func TestPrune(t *testing.T) {
	dir := t.TempDir()
	old := Open(dir, secret)
	for _, s := range []string{"kept", "found", "dropped"} {
		old.Put(key(s), [][]byte{[]byte(s)})
	}
	leftover := filepath.Join(dir, key("x")[:2], tempPrefix+"123")
	if err := os.MkdirAll(filepath.Dir(leftover), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(leftover, []byte("half"), 0o644); err != nil {
		t.Fatal(err)
	}
	other := filepath.Join(dir, "README")
	if err := os.WriteFile(other, []byte("not ours"), 0o644); err != nil {
		t.Fatal(err)
	}

	run := Open(dir, secret)
	run.Put(key("kept"), [][]byte{[]byte("kept")})
	if _, ok := run.Get(key("found")); !ok {
		t.Fatal("Get of an entry a previous run stored: a miss")
	}
	if err := run.Prune("test"); err != nil {
		t.Fatal(err)
	}
	after := Open(dir, secret)
	for s, want := range map[string]bool{"kept": true, "found": true, "dropped": false} {
		if _, ok := after.Get(key(s)); ok != want {
			t.Errorf("after Prune, Get(%s) = %v, want %v", s, ok, want)
		}
	}
	if _, err := os.Stat(leftover); !os.IsNotExist(err) {
		t.Errorf("after Prune, the temporary file: %v, want it removed", err)
	}
	if _, err := os.Stat(other); err != nil {
		t.Errorf("Prune removed a file that is not an entry: %v", err)
	}
}

func TestPruneWithoutFolder(t *testing.T) {
	if err := Open(filepath.Join(t.TempDir(), "none"), secret).Prune("test"); err != nil {
		t.Errorf("Prune of a cache never stored to = %v, want nil", err)
	}
}

// TestFolderIsALink: a cache folder that is a symbolic link (planted in a
// site to send the cache's writes and removals elsewhere) is not used:
// nothing is read, written or removed through it.
func TestFolderIsALink(t *testing.T) {
	victim := t.TempDir()
	k := key("a")
	planted := filepath.Join(victim, k[:2], k)
	if err := os.MkdirAll(filepath.Dir(planted), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(planted, []byte("not an entry"), 0o644); err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(t.TempDir(), ".briefing-cache")
	if err := os.Symlink(victim, dir); err != nil {
		t.Fatal(err)
	}
	c := Open(dir, secret)
	c.Put(key("b"), [][]byte{[]byte("x")})
	if c.Err() == nil {
		t.Error("Put through a linked folder: no error")
	}
	if _, ok := c.Get(k); ok {
		t.Error("Get through a linked folder: a hit")
	}
	if err := c.Prune("test"); err == nil {
		t.Error("Prune through a linked folder: no error")
	}
	entries, _ := os.ReadDir(victim)
	if _, err := os.Stat(planted); err != nil || len(entries) != 1 {
		t.Errorf("the folder the link points to changed: %v, %d entries", err, len(entries))
	}
}

// TestEntryNotAFile: an entry that is a link (to /dev/zero, say), a named
// pipe or a file over MaxEntry is a miss, at once, without reading it.
func TestEntryNotAFile(t *testing.T) {
	dir := t.TempDir()
	c := Open(dir, secret)
	k := key("a")
	c.Put(k, [][]byte{[]byte("x")})
	p := filepath.Join(dir, k[:2], k)
	for name, plant := range map[string]func() error{
		"link to /dev/zero": func() error { return os.Symlink("/dev/zero", p) },
		"named pipe":        func() error { return syscall.Mkfifo(p, 0o644) },
		"over MaxEntry": func() error {
			f, err := os.Create(p)
			if err != nil {
				return err
			}
			defer f.Close()
			return f.Truncate(MaxEntry + 1)
		},
	} {
		t.Run(name, func(t *testing.T) {
			if err := os.Remove(p); err != nil {
				t.Fatal(err)
			}
			if err := plant(); err != nil {
				t.Skipf("cannot plant it here: %v", err)
			}
			done := make(chan bool)
			go func() { _, ok := c.Get(k); done <- ok }()
			select {
			case ok := <-done:
				if ok {
					t.Error("a hit")
				}
			case <-time.After(5 * time.Second):
				t.Fatal("Get hung")
			}
		})
	}
}

// TestSums returns the first blob and the signed sums of the others.
func TestSums(t *testing.T) {
	c := Open(t.TempDir(), secret)
	blobs := [][]byte{[]byte("meta"), {}, []byte("<!doctype html>\n")}
	c.Put(key("a"), blobs)
	first, sums, ok := c.Sums(key("a"))
	if !ok {
		t.Fatal("Sums after Put: a miss")
	}
	want := []Sum{{0, sha256.Sum256(nil)}, {len(blobs[2]), sha256.Sum256(blobs[2])}}
	if string(first) != "meta" || !cmp.Equal(sums, want) {
		t.Errorf("Sums = %q, %v; want %q, %v", first, sums, "meta", want)
	}
	if _, _, ok := c.Sums(key("b")); ok {
		t.Error("Sums of a key never stored: a hit")
	}
}

// TestSumsDamagedEntry: Sums reads the header and the first blob, and
// nothing else; damage there, or to the entry's length, is a miss. A
// later blob damaged in place is not read, and Get still refuses it.
func TestSumsDamagedEntry(t *testing.T) {
	k := key("a")
	blobs := [][]byte{[]byte("meta"), []byte("page one"), []byte("page two")}
	whole := encode(secret, k, blobs)
	headLen := bytes.Index(whole, []byte("meta"))
	tests := map[string]struct {
		damage func([]byte) []byte
		hit    bool // Sums still answers
	}{
		"empty":              {func(b []byte) []byte { return nil }, false},
		"truncated":          {func(b []byte) []byte { return b[:len(b)-1] }, false},
		"header only":        {func(b []byte) []byte { return b[:headLen] }, false},
		"a byte longer":      {func(b []byte) []byte { return append(b, 'x') }, false},
		"first blob flipped": {func(b []byte) []byte { b[headLen] ^= 1; return b }, false},
		"a sum flipped":      {func(b []byte) []byte { b[headLen-2] ^= 1; return b }, false},
		"another key's":      {func([]byte) []byte { return encode(secret, key("b"), blobs) }, false},
		"another secret's":   {func([]byte) []byte { return encode([]byte("not this user's secret, 32 bytes"), k, blobs) }, false},
		"last blob flipped":  {func(b []byte) []byte { b[len(b)-3] ^= 1; return b }, true},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			c := storeDamaged(t, k, blobs, tt.damage(append([]byte(nil), whole...)))
			first, sums, ok := c.Sums(k)
			if ok != tt.hit {
				t.Fatalf("Sums of the damaged entry: hit %t, want %t", ok, tt.hit)
			}
			if ok && (string(first) != "meta" || len(sums) != 2 || sums[1].SHA256 != sha256.Sum256(blobs[2])) {
				t.Errorf("Sums = %q, %v; want the sums stored", first, sums)
			}
			if got, ok := c.Get(k); ok {
				t.Errorf("Get of the damaged entry = %q, want a miss", got)
			}
		})
	}
}

// storeDamaged stores blobs under k in a new cache, then puts damaged in
// place of the entry.
func storeDamaged(t *testing.T, k string, blobs [][]byte, damaged []byte) *Cache {
	t.Helper()
	dir := t.TempDir()
	c := Open(dir, secret)
	c.Put(k, blobs)
	if err := os.WriteFile(filepath.Join(dir, k[:2], k), damaged, 0o644); err != nil {
		t.Fatal(err)
	}
	return c
}

// TestPruneKinds: a run of one kind keeps what the latest run of another
// kind used, and drops what its own previous run alone used.
func TestPruneKinds(t *testing.T) {
	dir := t.TempDir()
	run := func(kind string, keys ...string) {
		t.Helper()
		c := Open(dir, secret)
		for _, s := range keys {
			if _, ok := c.Get(key(s)); !ok {
				c.Put(key(s), [][]byte{[]byte(s)})
			}
		}
		if err := c.Prune(kind); err != nil {
			t.Fatal(err)
		}
	}
	has := func(when string, want map[string]bool) {
		t.Helper()
		c := Open(dir, secret)
		for s, want := range want {
			if _, ok := c.Get(key(s)); ok != want {
				t.Errorf("%s: Get(%s) = %v, want %v", when, s, ok, want)
			}
		}
	}
	run("build", "shared", "record")
	run("preview", "shared", "draft", "draft-old")
	has("after the preview", map[string]bool{"shared": true, "record": true, "draft": true, "draft-old": true})
	run("preview", "shared", "draft")
	has("after a second preview", map[string]bool{"shared": true, "record": true, "draft": true, "draft-old": false})
	run("build", "shared", "record")
	has("after the build again", map[string]bool{"shared": true, "record": true, "draft": true})
	if err := Open(dir, secret).Prune("../x"); err == nil {
		t.Error(`Prune("../x"): no error`)
	}
}
