// Package cache keeps what a build rendered between builds, on disk, by
// a content-addressed key: the caller hashes everything an output is made
// from into the key, so that an entry is never out of date, only unused.
// The cache knows nothing of meetings: an entry is a list of blobs.
//
// The cache is a folder (a site's .briefing-cache/) that is safe to
// delete at any time. Each entry is one file, <key[:2]>/<key>, written to
// a temporary file and renamed into place, and holds the SHA-256 and
// length of each blob: an entry that is truncated or corrupt, or is not
// the key's, is a miss, never returned. Failing to store an entry fails
// nothing (the build has its output already); Err reports it.
//
// The folder is in the site, which may come from someone else (a
// repository, a colleague's copy), and a cached page is published without
// being rendered and checked again. So every entry is signed: its header
// carries an HMAC-SHA256, under a secret that only this user's builds
// hold (Secret, outside the site), of its key and its blobs' sums. An
// entry planted in the folder, or copied from another machine, is a miss.
//
// Sums answers a hit from the entry's header alone (and its first blob):
// the signed lengths and SHA-256s of the other blobs, which are not read.
// It is for a caller that needs only to know what the blobs are, because
// it has their bytes already (the output in place holds them); one that
// needs the bytes calls Get, which checks every blob.
//
// PutFunc stores a blob too big to hold in memory twice (the build's
// record, package main) as it is written: through a temporary file, since
// the entry's header, which comes first, holds the blob's length and sum.
//
// The cache is bounded by the latest build of each kind: Prune removes
// every entry that neither the run nor the latest run of another kind
// found or stored. Kinds are the callers' (a site's build and its
// preview, package main): without them, previewing a site with its
// drafts would throw away every entry the next build of the site needs.
//
// Besides the site's own files and the output folder (package write),
// this is the one place a build touches the disk.
package cache

import (
	"bufio"
	"bytes"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/briefing/briefing/internal/fileid"
)

// magic begins every entry; the number changes with the entry format.
const magic = "briefing-cache 2"

// Cache is a cache folder. Its methods may be called from several
// goroutines at once.
type Cache struct {
	dir    string
	secret []byte // signs and checks entries

	mu   sync.Mutex
	used map[string]bool // keys found or stored by this run
	err  error           // the first failure to store

	hits, misses, stored atomic.Int64
}

// Stats count what a run asked of the cache.
type Stats struct {
	Hits, Misses, Stored int
}

// Open returns the cache in dir, whose entries are signed with secret.
// The folder is made at the first Put.
func Open(dir string, secret []byte) *Cache {
	return &Cache{dir: dir, secret: secret, used: map[string]bool{}}
}

func secretPath() (string, error) {
	dir, err := os.UserCacheDir()
	if err != nil {
		return "", err
	}
	return filepath.Join(dir, "briefing", "cache-secret"), nil
}

// ReadSecret returns the secret that Secret returns, without making it
// if there is none (an error then): for a command that writes nothing,
// which can use only entries made with it.
func ReadSecret() ([]byte, error) {
	p, err := secretPath()
	if err != nil {
		return nil, err
	}
	b, err := os.ReadFile(p)
	if err == nil && len(b) != 32 {
		err = fmt.Errorf("%s is not a secret of 32 bytes", p)
	}
	return b, err
}

// Secret returns this user's secret for signing entries, made at the
// first call: 32 random bytes in the user's cache folder
// (os.UserCacheDir()/briefing/cache-secret, readable by the user alone).
func Secret() ([]byte, error) {
	p, err := secretPath()
	if err != nil {
		return nil, err
	}
	if b, err := os.ReadFile(p); err == nil && len(b) == 32 {
		return b, nil
	}
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return nil, err
	}
	if err := os.MkdirAll(filepath.Dir(p), 0o700); err != nil {
		return nil, err
	}
	// Two builds may make it at once: the first one's stands.
	f, err := os.OpenFile(p, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, os.ErrExist) {
		if b, err := os.ReadFile(p); err == nil && len(b) == 32 {
			return b, nil
		}
		return nil, fmt.Errorf("%s is not a secret of 32 bytes; remove it", p)
	}
	if err != nil {
		return nil, err
	}
	_, err = f.Write(b)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(p)
		return nil, err
	}
	return b, nil
}

// Get returns the blobs stored under key, or false when there is no
// entry or it is not whole, not signed by this user's secret, not a plain
// file or over MaxEntry bytes.
func (c *Cache) Get(key string) ([][]byte, bool) {
	data, err := c.read(key)
	if err != nil {
		c.misses.Add(1)
		return nil, false
	}
	blobs, err := decode(c.secret, key, data)
	if err != nil {
		c.misses.Add(1)
		return nil, false
	}
	c.hits.Add(1)
	c.use(key)
	return blobs, true
}

// A Sum is a blob's length and SHA-256, as its entry's header gives them.
type Sum struct {
	Len    int
	SHA256 [sha256.Size]byte
}

// Sums is Get without the reading of every blob: it returns the first
// blob of key's entry, read and checked, and the Sum of each blob after
// it, as the entry's signed header gives them, without reading those.
// The signature covers the key and every length and SHA-256, so the sums
// are the ones this user's build stored; the entry's size must be the
// header's and the blobs' lengths, so a truncated entry is a miss. A blob
// damaged in place is not seen: a caller that wants a blob's bytes, not
// only its sum, calls Get, which checks them.
func (c *Cache) Sums(key string) (first []byte, sums []Sum, ok bool) {
	first, sums, err := c.sums(key)
	if err != nil {
		c.misses.Add(1)
		return nil, nil, false
	}
	c.hits.Add(1)
	c.use(key)
	return first, sums, true
}

func (c *Cache) sums(key string) ([]byte, []Sum, error) {
	f, size, err := c.open(key)
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	r := bufio.NewReader(io.LimitReader(f, size))
	read := 0
	line := func() ([]byte, bool) {
		l, err := r.ReadSlice('\n')
		read += len(l)
		if err != nil {
			return nil, false
		}
		return l[:len(l)-1], true
	}
	sums, err := parseHead(c.secret, key, int(size), line)
	if err != nil || len(sums) == 0 {
		return nil, nil, errCorrupt
	}
	total := int64(read)
	for _, s := range sums {
		total += int64(s.Len)
	}
	if total != size {
		return nil, nil, errCorrupt
	}
	first := make([]byte, sums[0].Len)
	if _, err := io.ReadFull(r, first); err != nil || sha256.Sum256(first) != sums[0].SHA256 {
		return nil, nil, errCorrupt
	}
	return first, sums[1:], nil
}

// MaxEntry is the largest entry stored or read: a meeting's pages, each
// at most 32 MB, rarely come near it, and a bigger file in the folder is
// not one of ours.
const MaxEntry = 256 << 20

// read reads key's entry whole.
func (c *Cache) read(key string) ([]byte, error) {
	f, _, err := c.open(key)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, MaxEntry+1))
	if err != nil || len(data) > MaxEntry {
		return nil, errCorrupt
	}
	return data, nil
}

// open opens key's entry and returns its size, refusing anything but a
// plain file of at most MaxEntry bytes inside the cache folder: the
// folder is in the site, and a link or a named pipe put there could point
// the read at /dev/zero or hang it.
func (c *Cache) open(key string) (*os.File, int64, error) {
	rel, ok := relPath(key)
	if !ok {
		return nil, 0, errCorrupt
	}
	root, err := c.root(false)
	if err != nil {
		return nil, 0, err
	}
	defer root.Close()
	info, err := root.Lstat(rel)
	if err != nil {
		return nil, 0, err
	}
	if !info.Mode().IsRegular() || info.Size() > MaxEntry {
		return nil, 0, errCorrupt
	}
	f, err := root.Open(rel)
	if err != nil {
		return nil, 0, err
	}
	// The file opened must be the one seen, and still a plain file.
	if opened, err := f.Stat(); err != nil || !os.SameFile(info, opened) || opened.Size() > MaxEntry {
		f.Close()
		return nil, 0, errCorrupt
	}
	return f, info.Size(), nil
}

// root opens the cache folder, which must be a real folder: a symbolic
// link in its place could send the cache's writes and removals anywhere.
// With create, a missing folder is made.
func (c *Cache) root(create bool) (*os.Root, error) {
	info, err := os.Lstat(c.dir)
	if errors.Is(err, os.ErrNotExist) && create {
		if err := os.Mkdir(c.dir, 0o755); err != nil && !errors.Is(err, os.ErrExist) {
			return nil, err
		}
		info, err = os.Lstat(c.dir)
	}
	if err != nil {
		return nil, err
	}
	if !info.IsDir() {
		return nil, fmt.Errorf("%s is not a folder (a symbolic link?); remove it, and the next build makes the cache again", c.dir)
	}
	root, err := os.OpenRoot(c.dir)
	if err != nil {
		return nil, err
	}
	// A link swapped in between the Lstat and the open is followed by
	// OpenRoot: the folder opened must be the one seen.
	if opened, err := root.Stat("."); err != nil || !os.SameFile(info, opened) {
		root.Close()
		return nil, fmt.Errorf("%s changed while it was opened; build again", c.dir)
	}
	return root, nil
}

// Put stores blobs under key, replacing what was there. An entry over
// MaxEntry bytes is not stored.
func (c *Cache) Put(key string, blobs [][]byte) {
	rel, ok := relPath(key)
	if !ok {
		c.fail(fmt.Errorf("cache: %q is not a key", key))
		return
	}
	data := encode(c.secret, key, blobs)
	if len(data) > MaxEntry {
		return
	}
	if err := c.write(rel, data); err != nil {
		c.fail(fmt.Errorf("cache: %w", err))
		return
	}
	c.stored.Add(1)
	c.use(key)
}

// PutFunc stores under key the one blob that write writes, for a blob
// too big to hold in memory (a build's record, 20 MB at 5,000 meetings):
// the blob goes to a temporary file in the cache folder, hashed as it is
// written, and the entry, the same as Put's, is made from that file. An
// entry over MaxEntry bytes is not stored, nor one whose write fails.
func (c *Cache) PutFunc(key string, write func(io.Writer) error) {
	rel, ok := relPath(key)
	if !ok {
		c.fail(fmt.Errorf("cache: %q is not a key", key))
		return
	}
	stored, err := c.writeFunc(key, rel, write)
	if err != nil {
		c.fail(fmt.Errorf("cache: %w", err))
		return
	}
	if stored {
		c.stored.Add(1)
		c.use(key)
	}
}

// errTooBig stops a blob of PutFunc at MaxEntry bytes.
var errTooBig = errors.New("entry too big")

// limitWriter counts what it writes, and refuses to write past max bytes.
type limitWriter struct {
	w   io.Writer
	n   int64
	max int64
}

func (l *limitWriter) Write(p []byte) (int, error) {
	if l.n+int64(len(p)) > l.max {
		return 0, errTooBig
	}
	n, err := l.w.Write(p)
	l.n += int64(n)
	return n, err
}

func (c *Cache) writeFunc(key, rel string, write func(io.Writer) error) (stored bool, err error) {
	root, err := c.root(true)
	if err != nil {
		return false, err
	}
	defer root.Close()
	if err := root.MkdirAll(path.Dir(rel), 0o755); err != nil {
		return false, err
	}
	blob, blobName, err := createTemp(root, path.Dir(rel))
	if err != nil {
		return false, err
	}
	defer func() {
		blob.Close()
		root.Remove(blobName)
	}()
	h := sha256.New()
	lw := &limitWriter{w: io.MultiWriter(blob, h), max: MaxEntry}
	bw := bufio.NewWriterSize(lw, 64<<10)
	err = write(bw)
	if err == nil {
		err = bw.Flush()
	}
	if errors.Is(err, errTooBig) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	sums := fmt.Appendf(nil, "%d %x\n", lw.n, h.Sum(nil))
	head := fmt.Appendf(nil, "%s %s %d %x\n%s", magic, key, 1, sign(c.secret, key, sums), sums)
	if int64(len(head))+lw.n > MaxEntry {
		return false, nil
	}
	if _, err := blob.Seek(0, io.SeekStart); err != nil {
		return false, err
	}
	err = rename(root, rel, func(f io.Writer) error {
		if _, err := f.Write(head); err != nil {
			return err
		}
		_, err := io.Copy(f, blob)
		return err
	})
	return err == nil, err
}

// Prune removes every entry that this run neither found nor stored,
// unless the latest run of another kind did, and any temporary file a
// killed run left. It first records this run's keys as those of kind
// (a file "used-<kind>" in the folder), for the runs of other kinds to
// keep. A list is only ever a reason to keep an entry, never to trust
// one, so it is not signed. Call it only after a build that succeeded,
// so that a failed build does not throw away the cache. Its error is
// also Err's, when nothing failed before it: a cache folder that cannot
// be used is one failure, said once.
func (c *Cache) Prune(kind string) error {
	err := c.prune(kind)
	if err != nil {
		c.fail(err)
	}
	return err
}

// usedPrefix begins the name of each kind's list of the keys its latest
// run used.
const usedPrefix = "used-"

// maxUsed is the largest list of keys read: 65 bytes a key, enough for a
// million entries.
const maxUsed = 64 << 20

// keep records the keys this run used as kind's and returns the keys that
// the latest runs of the other kinds used.
func (c *Cache) keep(root *os.Root, kind string) (map[string]bool, error) {
	if kind == "" || strings.ContainsAny(kind, "/\\.") {
		return nil, fmt.Errorf("cache: %q is not a kind", kind)
	}
	c.mu.Lock()
	keys := slices.Sorted(maps.Keys(c.used))
	c.mu.Unlock()
	err := rename(root, usedPrefix+kind, func(w io.Writer) error {
		bw := bufio.NewWriter(w)
		for _, k := range keys {
			bw.WriteString(k)
			bw.WriteByte('\n')
		}
		return bw.Flush()
	})
	if err != nil {
		return nil, err
	}
	names, err := fs.Glob(root.FS(), usedPrefix+"*")
	if err != nil {
		return nil, err
	}
	kept := map[string]bool{}
	for _, name := range names {
		if name == usedPrefix+kind {
			continue
		}
		// Like an entry, a list must be a plain file: a link or a pipe
		// planted in its place could hang the read.
		if info, err := root.Lstat(name); err != nil || !info.Mode().IsRegular() || info.Size() > maxUsed {
			continue
		}
		data, err := root.ReadFile(name)
		if err != nil {
			continue
		}
		for k := range strings.Lines(string(data)) {
			if k = strings.TrimSuffix(k, "\n"); isKey(k) {
				kept[k] = true
			}
		}
	}
	return kept, nil
}

func (c *Cache) prune(kind string) error {
	root, err := c.root(false)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("cache: %w", err)
	}
	defer root.Close()
	kept, err := c.keep(root, kind)
	if err != nil {
		return fmt.Errorf("cache: %w", err)
	}
	dirs, err := fs.ReadDir(root.FS(), ".")
	if err != nil {
		return fmt.Errorf("cache: %w", err)
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	var errs []error
	for _, d := range dirs {
		if !d.IsDir() && strings.HasPrefix(d.Name(), tempPrefix) {
			if err := root.Remove(d.Name()); err != nil {
				errs = append(errs, err)
			}
			continue
		}
		if !d.IsDir() || len(d.Name()) != 2 || !isHex(d.Name()) {
			continue
		}
		sub := d.Name()
		entries, err := fs.ReadDir(root.FS(), sub)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		left := len(entries)
		for _, e := range entries {
			name := e.Name()
			stale := isKey(name) && !c.used[name] && !kept[name]
			temp := len(name) > len(tempPrefix) && name[:len(tempPrefix)] == tempPrefix
			if !stale && !temp {
				continue
			}
			if err := root.Remove(sub + "/" + name); err != nil {
				errs = append(errs, err)
				continue
			}
			left--
		}
		if left == 0 {
			root.Remove(sub) // the next entry there makes it again
		}
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("cache: %w", err)
	}
	return nil
}

// Stats are the run's hits, misses and entries stored so far.
func (c *Cache) Stats() Stats {
	return Stats{Hits: int(c.hits.Load()), Misses: int(c.misses.Load()), Stored: int(c.stored.Load())}
}

// Err is the first failure to store an entry or to prune, or nil.
func (c *Cache) Err() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.err
}

func (c *Cache) use(key string) {
	c.mu.Lock()
	c.used[key] = true
	c.mu.Unlock()
}

func (c *Cache) fail(err error) {
	c.mu.Lock()
	if c.err == nil {
		c.err = err
	}
	c.mu.Unlock()
}

// relPath is where key's entry goes in the cache folder; a key is a hex
// SHA-256, so that no key names a file outside the folder.
func relPath(key string) (string, bool) {
	if !isKey(key) {
		return "", false
	}
	return key[:2] + "/" + key, true
}

func isKey(s string) bool { return len(s) == 2*sha256.Size && isHex(s) }

func isHex(s string) bool {
	for _, r := range s {
		if !('0' <= r && r <= '9' || 'a' <= r && r <= 'f') {
			return false
		}
	}
	return true
}

// An entry is
//
//	briefing-cache 2 <key> <n> <hmac>\n
//	<length> <sha256>\n     (n lines, one a blob)
//	<the blobs, one after another>
//
// and nothing after them; <hmac> signs the key and the n lines (sign).
func encode(secret []byte, key string, blobs [][]byte) []byte {
	var sums bytes.Buffer
	for _, blob := range blobs {
		fmt.Fprintf(&sums, "%d %x\n", len(blob), sha256.Sum256(blob))
	}
	var b bytes.Buffer
	fmt.Fprintf(&b, "%s %s %d %x\n", magic, key, len(blobs), sign(secret, key, sums.Bytes()))
	b.Write(sums.Bytes())
	for _, blob := range blobs {
		b.Write(blob)
	}
	return b.Bytes()
}

// sign is the HMAC-SHA256 of an entry's key and the lines of its blobs'
// lengths and sums, which together fix every byte of the entry.
func sign(secret []byte, key string, sums []byte) []byte {
	m := hmac.New(sha256.New, secret)
	m.Write([]byte(key + "\n"))
	m.Write(sums)
	return m.Sum(nil)
}

var errCorrupt = errors.New("corrupt entry")

func decode(secret []byte, key string, data []byte) ([][]byte, error) {
	line := func() ([]byte, bool) {
		i := bytes.IndexByte(data, '\n')
		if i < 0 {
			return nil, false
		}
		l := data[:i]
		data = data[i+1:]
		return l, true
	}
	sums, err := parseHead(secret, key, len(data), line)
	if err != nil {
		return nil, err
	}
	total := 0
	for _, s := range sums {
		total += s.Len
	}
	if total != len(data) {
		return nil, errCorrupt
	}
	blobs := make([][]byte, len(sums))
	for i, s := range sums {
		blobs[i], data = data[:s.Len:s.Len], data[s.Len:]
		if sha256.Sum256(blobs[i]) != s.SHA256 {
			return nil, errCorrupt
		}
	}
	return blobs, nil
}

// parseHead reads an entry's header, a line at a time from line, and
// returns its blobs' sums once their signature is found good. An entry
// of size bytes cannot hold more blobs than that.
func parseHead(secret []byte, key string, size int, line func() ([]byte, bool)) ([]Sum, error) {
	head, ok := line()
	prefix := magic + " " + key + " "
	if !ok || len(head) <= len(prefix) || string(head[:len(prefix)]) != prefix {
		return nil, errCorrupt
	}
	count, mac, found := strings.Cut(string(head[len(prefix):]), " ")
	n, err := strconv.Atoi(count)
	if err != nil || !found || n < 0 || n > size {
		return nil, errCorrupt
	}
	var signed bytes.Buffer
	sums := make([]Sum, n)
	for i := range sums {
		l, ok := line()
		if !ok {
			return nil, errCorrupt
		}
		signed.Write(l)
		signed.WriteByte('\n')
		size, hash, found := strings.Cut(string(l), " ")
		if !found {
			return nil, errCorrupt
		}
		s := &sums[i]
		if s.Len, err = strconv.Atoi(size); err != nil || s.Len < 0 {
			return nil, errCorrupt
		}
		h, err := hex.DecodeString(hash)
		if err != nil || len(h) != sha256.Size {
			return nil, errCorrupt
		}
		copy(s.SHA256[:], h)
	}
	want, err := hex.DecodeString(mac)
	if err != nil || !hmac.Equal(want, sign(secret, key, signed.Bytes())) {
		return nil, errCorrupt // not signed by this user's builds
	}
	return sums, nil
}

// tempPrefix begins the temporary file an entry is written to.
const tempPrefix = ".tmp-"

// write writes data to a temporary file beside rel, in the cache folder,
// and renames it into place, so that an entry is never seen half written.
func (c *Cache) write(rel string, data []byte) error {
	root, err := c.root(true)
	if err != nil {
		return err
	}
	defer root.Close()
	if err := root.MkdirAll(path.Dir(rel), 0o755); err != nil {
		return err
	}
	return rename(root, rel, func(f io.Writer) error {
		_, err := f.Write(data)
		return err
	})
}

// rename writes an entry with write into a temporary file beside rel,
// in root, and renames it into place.
func rename(root *os.Root, rel string, write func(io.Writer) error) error {
	f, temp, err := createTemp(root, path.Dir(rel))
	if err != nil {
		return err
	}
	err = write(f)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = root.Rename(temp, rel)
	}
	if err != nil {
		root.Remove(temp)
	}
	return err
}

// createTemp creates a new temporary file in dir, a folder of root, and
// returns it with its name in root. Prune removes one a killed run left.
func createTemp(root *os.Root, dir string) (*os.File, string, error) {
	var random [8]byte
	if _, err := rand.Read(random[:]); err != nil {
		return nil, "", err
	}
	name := fmt.Sprintf("%s/%s%x", dir, tempPrefix, random)
	f, err := root.OpenFile(name, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return nil, "", err
	}
	return f, name, nil
}

// Stamp writes the cache folder's file "stamp", making the folder if
// need be, and returns the file system's time as the write set it (see
// package fileid): the time before a build reads the site, which is on
// the same file system.
func (c *Cache) Stamp() (int64, error) {
	root, err := c.root(true)
	if err != nil {
		return 0, err
	}
	defer root.Close()
	return fileid.StampIn(root, "stamp")
}

// Executable is the SHA-256 of the running program's file: a version
// that changes whenever the code does, built by hand or by go run, with
// or without version control.
func Executable() (string, error) {
	p, err := os.Executable()
	if err != nil {
		return "", err
	}
	f, err := os.Open(p)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}
