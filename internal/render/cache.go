package render

import (
	"crypto/sha256"
	"encoding/json"
	"fmt"

	"github.com/briefing/briefing/internal/model"
)

// Cache keeps each meeting's rendered files between builds, by a key
// that hashes everything they are made from (see Options.Cache). It is
// called from several goroutines at once.
type Cache interface {
	// Get returns the blobs stored under key, whole, or false.
	Get(key string) ([][]byte, bool)
	// Put stores blobs under key. A failure to store is the cache's to
	// report: the build has its files already.
	Put(key string, blobs [][]byte)
}

// A Linker is a Cache that can answer a hit without its files' bytes,
// where the output already holds them: the build then takes those files
// from the output, by their SHA-256 as the entry's signature vouches for
// it, and reads none of the entry but its record (cacheEntry). It is
// used only with Options.Emit, whose output it is.
type Linker interface {
	Cache
	// Sums returns the first blob of key's entry, whole, and the Sum of
	// each blob after it, as the entry's signature gives them, without
	// reading those; or false.
	Sums(key string) (first []byte, files []Sum, ok bool)
	// Has reports whether the output holds at path, unchanged, the
	// file of sum s: one that Link would take.
	Has(path string, s Sum) bool
	// Link takes the output's file at path, of sum s, into the build in
	// place of Emit with its bytes, and reports whether it could; when
	// it could not, the build is as it was, and the bytes are emitted
	// (and Emit reports what stands in the way, a full disk say). Unlike
	// Emit, Has and Link are called from several goroutines at once, as
	// meetings are rendered, and for a meeting that a mistake before it
	// keeps out of the build: the caller drops the build then.
	Link(path string, s Sum) bool
}

// Sum is a file's length and SHA-256.
type Sum struct {
	Len    int
	SHA256 [sha256.Size]byte
}

// A meeting's cache key is the SHA-256 of
//
//   - Options.CacheKey: the binary's version and the build's options;
//   - the layouts in effect (every page and partial) and the stylesheet;
//   - the site's settings (council, address, base URL, logo);
//   - the committee, without its other meetings;
//   - the meeting, with every document's source, item, supplement and
//     recorded fingerprint, but not its minutes, which the packs do not
//     show.
//
// The model values go in as JSON, every exported field, so that a field
// added to the model is in the key without a word here. What the packs
// read besides (the datasets they quote, the images they show) is found
// only by rendering: the entry holds each with its hash (deps), and a
// hit whose deps changed is rendered again.

// cacheEntry is the first blob of a meeting's entry; its files follow,
// in the order they were made.
type cacheEntry struct {
	Versions []Version
	Paths    []string
	Deps     deps
	Notes    Notes
}

// deps are what a meeting's packs read beyond the meeting's own sources.
type deps struct {
	Datasets map[string]string // id → the dataset file's SHA-256
	Images   map[string]string // path → the image's SHA-256
}

// add notes the datasets and the images one version's pack read.
func (d *deps) add(r *renderer, datasets map[string]bool, letters []letterSrc, reportImages [][]shownImage) {
	if d == nil {
		return
	}
	if d.Datasets == nil {
		d.Datasets, d.Images = map[string]string{}, map[string]string{}
	}
	for id := range datasets {
		d.Datasets[id] = r.opts.Datasets.SHA256(id)
	}
	for _, l := range letters {
		for _, im := range l.images {
			d.Images[im.name] = im.sha256
		}
	}
	for _, shown := range reportImages {
		for _, im := range shown {
			d.Images[im.name] = im.sha256
		}
	}
}

// current says whether every dataset and image is as it was.
func (d *deps) current(r *renderer) bool {
	for id, sum := range d.Datasets {
		if r.opts.Datasets == nil || r.opts.Datasets.SHA256(id) != sum {
			return false
		}
	}
	for name, sum := range d.Images {
		if r.opts.Image == nil {
			return false
		}
		a, err := r.opts.Image(name)
		if err != nil || fmt.Sprintf("%x", sha256.Sum256(a.Data)) != sum {
			return false
		}
	}
	return true
}

// cacheBase hashes what every meeting's key shares: Options.CacheKey,
// the layouts and the stylesheet, the site's settings. It returns nil,
// so that nothing is cached, when a layout cannot be read (newRenderer
// has reported it).
func (r *renderer) cacheBase() []byte {
	h := sha256.New()
	field := func(b []byte) { fmt.Fprintf(h, "%d:%s\n", len(b), b) }
	field([]byte("briefing meeting cache"))
	field([]byte(r.opts.CacheKey))
	// The layouts as newRenderer read and parsed them, not read again: an
	// edit in between would store pages made from the old layout under
	// the new one's key.
	names := []string{stylesheet}
	for _, p := range pageNames {
		names = append(names, "layouts/"+p)
	}
	for _, name := range append(names, r.partials...) {
		src, ok := r.sources[name]
		if !ok {
			return nil
		}
		field([]byte(name))
		field(src)
	}
	settings, err := json.Marshal(r.site.Settings)
	if err != nil {
		return nil
	}
	field(settings)
	return h.Sum(nil)
}

// meetingKey is m's cache key, or "" when it cannot be made.
func meetingKey(base []byte, m *model.Meeting) string {
	c := *m.Committee
	c.Meetings = nil
	mm := *m
	mm.Committee = nil
	// The packs never show the minutes (a page of their own, rendered
	// on every build), and the minutes point at other meetings.
	mm.Minutes = nil
	committee, err1 := json.Marshal(c)
	meeting, err2 := json.Marshal(mm)
	if err1 != nil || err2 != nil {
		return ""
	}
	h := sha256.New()
	h.Write(base)
	fmt.Fprintf(h, "%d:%s\n%d:%s\n", len(committee), committee, len(meeting), meeting)
	return fmt.Sprintf("%x", h.Sum(nil))
}

// cachedMeeting is meeting, through the cache: a meeting whose key is
// stored, and whose datasets and images are as they were, is not
// rendered. Only a meeting rendered without mistakes is stored.
func (r *renderer) cachedMeeting(base []byte, m *model.Meeting) meetingPacks {
	if r.opts.Keep != nil {
		k, err := r.opts.Keep(m)
		if err != nil {
			return meetingPacks{err: err}
		}
		if k != nil {
			return kept(k)
		}
	}
	var key string
	if r.opts.Cache != nil && base != nil {
		key = meetingKey(base, m)
	}
	if key == "" {
		var p meetingPacks
		p.versions, p.err = r.meeting(m, &p.files, nil, &p.notes)
		return p
	}
	if l, ok := r.linker(); ok {
		if p, ok := r.fromSums(l, key, m); ok {
			return p
		}
	}
	if p, ok := r.fromCache(key); ok {
		return p
	}
	return r.renderAndStore(key, m)
}

// renderAndStore renders m and stores its packs under key.
func (r *renderer) renderAndStore(key string, m *model.Meeting) meetingPacks {
	var p meetingPacks
	var d deps
	p.versions, p.err = r.meeting(m, &p.files, &d, &p.notes)
	if p.err == nil {
		if blobs, err := toCache(p, d); err == nil {
			r.opts.Cache.Put(key, blobs)
		}
	}
	return p
}

// linker is the cache as a Linker, when it is one and the files go to
// Options.Emit.
func (r *renderer) linker() (Linker, bool) {
	l, ok := r.opts.Cache.(Linker)
	return l, ok && r.opts.Emit != nil
}

// fromSums is a hit on key whose every file the output holds unchanged:
// each is linked from there (Linker.Link), here, on the worker's core,
// and the entry's files are not read. A file that could not be linked
// after all (changed since Has looked) is read from the entry, whole and
// checked; failing that, the meeting is rendered again, and each file
// linked must be the one rendered.
func (r *renderer) fromSums(l Linker, key string, m *model.Meeting) (meetingPacks, bool) {
	first, sums, ok := l.Sums(key)
	if !ok {
		return meetingPacks{}, false
	}
	e, ok := r.entry(first, len(sums))
	if !ok {
		return meetingPacks{}, false
	}
	for i, path := range e.Paths {
		if !l.Has(path, sums[i]) {
			return meetingPacks{}, false
		}
	}
	p := meetingPacks{versions: e.Versions, notes: e.Notes, cached: true, sums: sums, linked: make([]bool, len(sums))}
	var missing []int
	for i, path := range e.Paths {
		p.files = append(p.files, file{path: path})
		if p.linked[i] = l.Link(path, sums[i]); !p.linked[i] {
			missing = append(missing, i)
		}
	}
	if len(missing) == 0 {
		return p, true
	}
	got, ok := r.fromCache(key)
	if !ok {
		if got = r.renderAndStore(key, m); got.err != nil {
			return got, true
		}
	}
	fresh := map[string][]byte{}
	for _, f := range got.files {
		fresh[f.path] = f.data
	}
	for i, path := range e.Paths {
		if data, ok := fresh[path]; !ok || sha256.Sum256(data) != sums[i].SHA256 {
			return meetingPacks{err: fmt.Errorf("render %s: rendered again, the meeting differs from its cache entry", m.Committee.Slug+"/"+m.Slug())}, true
		}
	}
	for _, i := range missing {
		p.files[i].data = fresh[p.files[i].path]
	}
	return p, true
}

func toCache(p meetingPacks, d deps) ([][]byte, error) {
	e := cacheEntry{Versions: p.versions, Deps: d, Notes: p.notes}
	for _, f := range p.files {
		e.Paths = append(e.Paths, f.path)
	}
	meta, err := json.Marshal(e)
	if err != nil {
		return nil, err
	}
	blobs := [][]byte{meta}
	for _, f := range p.files {
		blobs = append(blobs, f.data)
	}
	return blobs, nil
}

// fromCache is a hit on key, read whole and checked.
func (r *renderer) fromCache(key string) (meetingPacks, bool) {
	blobs, ok := r.opts.Cache.Get(key)
	if !ok || len(blobs) == 0 {
		return meetingPacks{}, false
	}
	e, ok := r.entry(blobs[0], len(blobs)-1)
	if !ok {
		return meetingPacks{}, false
	}
	p := meetingPacks{versions: e.Versions, notes: e.Notes, cached: true}
	for i, path := range e.Paths {
		p.files = append(p.files, file{path, blobs[i+1]})
	}
	return p, true
}

// entry decodes an entry's record, of n files, and reports whether it
// can be used: its datasets and images are as they were.
func (r *renderer) entry(first []byte, n int) (cacheEntry, bool) {
	var e cacheEntry
	if json.Unmarshal(first, &e) != nil || len(e.Paths) != n || !e.Deps.current(r) {
		return cacheEntry{}, false
	}
	return e, true
}

// kept is a meeting's packs as Options.Keep gives them.
func kept(k *Kept) meetingPacks {
	p := meetingPacks{versions: k.Versions, notes: k.Notes, kept: true, linked: make([]bool, len(k.Files))}
	for i, f := range k.Files {
		p.files = append(p.files, file{f.Path, f.Data})
		p.sums = append(p.sums, f.Sum)
		p.linked[i] = f.Data == nil
	}
	return p
}
