// Package render turns the site model and the computed datasets into the
// files of the archive: every version of every meeting's self-contained
// HTML pack (the latest also at the meeting's own address), a page per
// committee, the archive index, an accessibility statement, an Atom feed, an iCalendar file, a JSON
// index and a sitemap. It hands each file to Options.Emit as it is made
// (or gathers them in memory); writing them is the write stage's job.
// It checks each published version against the
// fingerprint recorded for it, and holds every page to the page guarantee
// (pagecheck.Page): a page that could run script, make a request or
// navigate is refused, naming its layout.
//
// Meetings are rendered in parallel, GOMAXPROCS at a time, and emitted
// in the site's order: the files, the mistakes and the versions are the
// same, byte for byte, on any number of cores. A meeting's packs are let
// go once emitted, so that memory is bounded by the few meetings in
// flight, not the archive. A pack asks for the datasets it quotes
// (Options.Datasets) and the text of its documents (Options.Source) as
// it is made: the model need not hold them. The committee pages, the index and the feeds
// are built after them from the versions alone (paths, dates, SHA-256s
// and fingerprints), never from the packs; the index and the feeds, which
// grow with the archive, go to Options.EmitTo as functions that write
// them, so that they are not held whole either.
//
// With Options.Cache, a meeting whose key is stored is not rendered; with
// a Cache that is also a Linker (cache.go), a stored meeting whose files
// the output already holds is not even read: its files are linked from
// the output by the SHA-256s its entry's signed header gives, on the
// worker's core, and Emit never sees them.
//
// # Layouts
//
// Pages are html/template layouts read from Options.Layouts, a file system
// holding layouts/ and static/ (the build overlays the site's own folders
// on the defaults embedded in the binary, file by file):
//
//	layouts/pack.html        one meeting's pack
//	layouts/committee.html   a committee's page
//	layouts/index.html       the archive index
//	layouts/accessibility.html  the archive's accessibility statement,
//	                         from the site's settings (Settings.Accessibility)
//	layouts/partials/*.html  shared pieces, each a {{define "name"}} block:
//	                         head, masthead, footer, members, meetings,
//	                         dataset, dataset-row, source, download, figure, contents
//	                         (with contents-list and contents-entry)
//	static/briefing.css      inlined into every page's <style>
//
// The site's layouts and static files are read through the overlay, which
// refuses symbolic links and anything that is not a plain file.
//
// Template functions: longdate (Monday 12 March 2018), date (12 March 2018),
// datetime (9 March 2018, 04:00), clock ("14:00" → 2.00 pm), iso
// (2018-03-12), add, cellClass (a dataset cell's classes), cssString (text
// as a quoted, escaped CSS string, for a <style> element), and dict (key,
// value, …), which builds a map for passing several values to a partial.
//
// # Commentary
//
// Letters and reports are converted by the markdown package, which asks
// the pack's datasets (packData, a markdown.Data) about each [[…]]
// reference as it goes: a quoted figure and a link to a figure come back
// as text, while a table or a chart is only placed, checked and numbered.
// The converted document comes back as segments, its HTML with the
// placed blocks between; the pack then writes the pieces into one buffer,
// drawing each block in its place with the "dataset" or "figure" partial
// (a chart's wide and narrow drawings from the chart package).
//
// Every page starts its <head> with a Content-Security-Policy that allows
// no script and no request: styles are inline and images are data: URIs.
package render

import (
	"bytes"
	"errors"
	"io"
	"io/fs"
	"iter"
	"runtime"
	"sync"
	"sync/atomic"

	"github.com/briefing/briefing/internal/compute"
	"github.com/briefing/briefing/internal/diag"
	"github.com/briefing/briefing/internal/model"
	"github.com/briefing/briefing/internal/pagecheck"
)

// CSP is the Content-Security-Policy of every page. pagecheck.Page
// refuses a page that does not declare it first in its <head>.
const CSP = pagecheck.CSP

// Options configure rendering.
type Options struct {
	// Layouts holds layouts/ and static/.
	Layouts fs.FS
	// Image reads an image that commentary shows, by its path in the site
	// folder. Meetings are rendered in parallel: it is called from several
	// goroutines at once.
	Image func(path string) (*model.Asset, error)
	// Datasets are the computed datasets, by id, for commentary to
	// place; nil for a site without any.
	Datasets Datasets
	// Source reads the text of a document that the site did not keep
	// (model.Doc); nil when every document has its Source. It is called
	// from several goroutines at once.
	Source func(model.Doc) ([]byte, error)
	// Frozen reads a version's frozen page (model.Frozen.Page), which
	// is served in place of the page made now; it is called from
	// several goroutines at once. Nil when no page is frozen.
	Frozen func(model.Doc) ([]byte, error)
	// Emit, if set, takes each file of the archive as it is made, by
	// slash-separated path relative to the output folder: a meeting's
	// packs as soon as the meetings before it are done, then the
	// committee pages, the index and the feeds. It is called from one
	// goroutine at a time, in the same order on any number of cores, and
	// may keep data. Once it returns an error it is not called again; the
	// rest of the site is still rendered, so that its mistakes are
	// reported, and Site returns the mistakes or else that error. Emit is
	// called for a site with mistakes too, until the first is found: the
	// caller drops what it was given when Site fails. Without Emit, the
	// files are gathered in Output.Files.
	Emit func(path string, data []byte) error
	// EmitTo, if set with Emit, takes the index and the feeds in its
	// place, each as a function that writes the file (and may be called
	// again, to write it again): they span the archive (index.json is 15
	// MB at 5,000 meetings), and are never held whole. An error of write's
	// is returned as EmitTo's.
	EmitTo func(path string, write func(io.Writer) error) error
	// Cache, if set, keeps each meeting's files between builds: a meeting
	// whose key (cache.go) is stored is not rendered again. CacheKey is
	// what else the files depend on, for the key: the binary's version
	// and the build's options.
	Cache    Cache
	CacheKey string
	// Done, if set, is closed to stop the build early (the reader pressed
	// Ctrl-C): no meeting starts after it, and Site returns ErrStopped.
	Done <-chan struct{}
	// Broken, if set, reports whether the dataset id has mistakes of
	// its own, reported where it was read: a published version that
	// quotes it and no longer matches its fingerprint is then not
	// reported, since the dataset's mistakes are the cause to mend first.
	Broken func(id string) bool
	// Progress, if set, is told after each meeting how many of the
	// meetings are done, in the site's order, from one goroutine at a
	// time.
	Progress func(done, total int)
	// Each, if set, is told of each meeting as it is done, just before
	// Progress: the meeting, and how its packs were had.
	Each func(m *model.Meeting, how How)
	// Keep, if set, is asked first for each meeting, from several
	// goroutines at once: a meeting it keeps (a Kept, not nil) is not
	// rendered, its packs are those Kept gives, as an earlier build made
	// them. An error of Keep's fails the build, as the sink's does.
	Keep func(m *model.Meeting) (*Kept, error)
}

// How says how a meeting's packs were had.
type How int

// The ways a meeting's packs are had.
const (
	Rendered How = iota
	FromCache
	KeptAsWas // Options.Keep
)

func (h How) String() string {
	return [...]string{Rendered: "rendered", FromCache: "from the cache", KeptAsWas: "kept as it was"}[h]
}

// Kept is a meeting's packs as an earlier build made them (Options.Keep):
// its versions, what its packs told, and its files, in the order Paths
// gives.
type Kept struct {
	Versions []Version
	Notes    Notes
	Files    []KeptFile
}

// KeptFile is a file of a kept meeting: in the build already when Data is
// nil (Keep linked it there), else to be emitted.
type KeptFile struct {
	Path string
	Sum  Sum
	Data []byte
}

// Paths are the files of a meeting's packs, in the order they are made:
// each version's, with its data files, then the newest again at the
// meeting's own address, with its data files.
func (p Published) Paths() []string {
	var out []string
	for _, v := range p.Versions {
		out = append(out, v.Path)
		for _, f := range v.Data {
			out = append(out, DataPath(v.Path, f.Name))
		}
	}
	latest := PackPath(p.Meeting)
	out = append(out, latest)
	if n := len(p.Versions); n > 0 {
		for _, f := range p.Versions[n-1].Data {
			out = append(out, DataPath(latest, f.Name))
		}
	}
	return out
}

// Datasets gives the packs the computed datasets their commentary quotes,
// by id, as they ask for them: a build need not hold every dataset of the
// archive at once. It is called from several goroutines at once.
type Datasets interface {
	// Table returns the computed dataset, or nil when the site has none by
	// that id. A dataset with mistakes comes back as far as it goes (its
	// mistakes are reported where it was checked); an error is a dataset
	// that could not be read again.
	Table(id string) (*compute.Table, error)
	// SHA256 is the hash of the dataset's file, or "" when there is none.
	SHA256(id string) string
	// IDs are the ids of every dataset, sorted, for "did you mean".
	IDs() []string
}

// ErrStopped is Site's error when Options.Done was closed.
var ErrStopped = errors.New("stopped")

// Output is what a site renders to.
type Output struct {
	// Files are the archive's files by slash-separated path relative to
	// the output folder, when Options.Emit is nil.
	Files map[string][]byte
	// Count and Bytes are how many files the site has and their total
	// size, emitted or gathered.
	Count int
	Bytes int64
	// Meetings are the meetings rendered, in the site's order, with their
	// published versions.
	Meetings []Published
	// Cached is how many of them came from Options.Cache.
	Cached int
}

// Published is a meeting and every version of its papers, with what its
// packs told (Notes).
type Published struct {
	Meeting  *model.Meeting
	Versions []Version
	Notes    Notes
}

// Site renders every page of site. Meetings are rendered on every core
// (packs), and their files emitted in the site's order, so that the
// output, the mistakes reported and where the output cap stops the build
// are the same whatever the number of cores.
func Site(site *model.Site, opts Options) (*Output, error) {
	r, err := newRenderer(site, opts)
	if err != nil {
		return nil, err
	}
	out := &Output{}
	var errs diag.List
	e := emitter{emit: opts.Emit, emitTo: opts.EmitTo, out: out}
	if e.emit == nil {
		out.Files = map[string][]byte{}
	}
	// The committee pages, the index and the feeds are made from records,
	// the versions with their hashes: no pack is kept once emitted.
	records := map[*model.Meeting][]Version{}
	total := 0
	var meetings []*model.Meeting
	for _, c := range site.Committees {
		meetings = append(meetings, c.Meetings...)
	}
	done := 0
	for m, p := range r.packs(meetings) {
		if r.stopped() {
			return nil, ErrStopped
		}
		if opts.Each != nil && p.err == nil {
			opts.Each(m, p.how())
		}
		if done++; opts.Progress != nil {
			opts.Progress(done, len(meetings))
		}
		if p.err != nil {
			errs.Append(p.err)
			continue
		}
		records[m] = p.versions
		if p.cached {
			out.Cached++
		}
		out.Meetings = append(out.Meetings, Published{m, p.versions, p.notes})
		for i, f := range p.files {
			if p.isLinked(i) {
				total += p.sums[i].Len
			} else {
				total += len(f.data)
			}
		}
		if total > maxOutputBytes {
			errs.Add(diag.Pos{Path: "layouts/pack.html"}, "the packs add up to over %d MB by the meeting of %s; Briefing writes at most that much: if a layout repeats text, fix it, otherwise build fewer meetings into one archive", MaxOutputBytes>>20, m.Committee.Slug+"/"+m.Slug())
			return nil, errs
		}
		// A site with a mistake fails: what follows it is not written.
		if len(errs) == 0 {
			for i, f := range p.files {
				if p.isLinked(i) {
					e.count(p.sums[i].Len)
				} else {
					e.file(f.path, f.data)
				}
			}
		}
	}
	if err := errs.Sort().Err(); err != nil {
		return nil, err
	}
	for _, c := range site.Committees {
		page := CommitteePath(c)
		at, byMeeting := membersAsAt(c)
		data, _, err := r.page("committee.html", committeeView{r.common(page), c, r.archive(c, records, page), at, byMeeting, committeeMinutes(c, records)}, 0)
		if err != nil {
			return nil, err
		}
		if err := e.page("committee.html", page, data); err != nil {
			return nil, err
		}
	}
	for _, c := range site.Committees {
		for _, m := range c.Meetings {
			if !hasMinutes(m, records) {
				continue
			}
			if err := r.minutesPages(m, records, &e); err != nil {
				return nil, err
			}
		}
	}
	if err := r.memberPages(site, records, &e); err != nil {
		return nil, err
	}
	var all []yearView
	for _, c := range site.Committees {
		all = append(all, yearView{Committee: c, Years: r.archive(c, records, "index.html")})
	}
	data, _, err := r.page("index.html", indexView{r.common("index.html"), all}, 0)
	if err != nil {
		return nil, err
	}
	if err := e.page("index.html", "index.html", data); err != nil {
		return nil, err
	}
	data, _, err = r.page("accessibility.html", r.common(StatementPath), 0)
	if err != nil {
		return nil, err
	}
	if err := e.page("accessibility.html", StatementPath, data); err != nil {
		return nil, err
	}
	if err := r.feeds(site, records, &e); err != nil {
		return nil, err
	}
	if e.err != nil {
		return nil, e.err
	}
	return out, nil
}

// emitter hands the site's files to Options.Emit, or gathers them, and
// counts them.
type emitter struct {
	emit   func(path string, data []byte) error
	emitTo func(path string, write func(io.Writer) error) error
	out    *Output
	err    error // the first error of emit, after which it is not called
}

// page emits a page that layout made, unless it takes the build's files
// over the output cap: then the build stops, with a mistake at the layout.
func (e *emitter) page(layout, path string, data []byte) error {
	if e.out.Bytes+int64(len(data)) > int64(maxOutputBytes) {
		return overCap(diag.Pos{Path: "layouts/" + layout}, path, "made by that layout")
	}
	e.file(path, data)
	return nil
}

// overCap is the mistake of a build whose files add up to more than
// MaxOutputBytes with the file at path.
func overCap(at diag.Pos, path, what string) error {
	var l diag.List
	l.Add(at, "the archive's files add up to over %d MB with %s, %s; Briefing writes at most that much: if a layout repeats text, fix it, otherwise build fewer meetings into one archive", MaxOutputBytes>>20, path, what)
	return l
}

func (e *emitter) file(path string, data []byte) {
	e.count(len(data))
	switch {
	case e.emit == nil:
		e.out.Files[path] = data
	case e.err == nil:
		e.err = e.emit(path, data)
	}
}

// stream hands on the file that write writes, to emitTo when it is set,
// else as file does. The error is write's own, a file that could not be
// made, or the output cap's, which is counted once the file is written
// (the feeds are made from the meetings, one entry each, so they grow
// only with the archive); the sink's is e.err.
func (e *emitter) stream(path string, write func(io.Writer) error) error {
	if err := e.streamed(path, write); err != nil {
		return err
	}
	if e.out.Bytes > int64(maxOutputBytes) {
		return overCap(diag.Pos{Path: "content"}, path, "which lists the meetings under content")
	}
	return nil
}

func (e *emitter) streamed(path string, write func(io.Writer) error) error {
	if e.emitTo == nil || e.emit == nil {
		var b bytes.Buffer
		if err := write(&b); err != nil {
			return err
		}
		e.file(path, b.Bytes())
		return nil
	}
	if e.err != nil {
		return nil
	}
	var size int64
	var writeErr error
	err := e.emitTo(path, func(w io.Writer) error {
		c := &counter{w: w}
		writeErr = write(c)
		size = c.n
		return writeErr
	})
	if writeErr != nil {
		return writeErr
	}
	e.err = err
	e.count(int(size))
	return nil
}

// counter counts what it writes to w.
type counter struct {
	w io.Writer
	n int64
}

func (c *counter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}

// count counts a file of size bytes.
func (e *emitter) count(size int) {
	e.out.Count++
	e.out.Bytes += int64(size)
}

// StatementPath is where the archive's accessibility statement goes: a
// file beside the index, so that no committee's folder can take its
// name.
const StatementPath = "accessibility.html"

// CommitteePath is where a committee's page goes in the output folder.
func CommitteePath(c *model.Committee) string {
	return c.Slug + "/index.html"
}

// PackPath is where a meeting's pack goes in the output folder.
func PackPath(m *model.Meeting) string {
	return m.Committee.Slug + "/" + m.Slug() + "/index.html"
}

// maxOutputBytes is MaxOutputBytes, lowered by a test.
var maxOutputBytes = MaxOutputBytes

// meetingPacks are the files of a meeting's packs and its versions, or
// the mistakes that stopped them.
type meetingPacks struct {
	files    []file // in the order they were made
	versions []Version
	notes    Notes
	err      error
	cached   bool // from Options.Cache
	kept     bool // from Options.Keep
	// For a hit whose files the output holds (fromSums): each file's
	// sum, and whether it is linked into the build already, its data
	// nil.
	sums   []Sum
	linked []bool
}

func (p *meetingPacks) how() How {
	switch {
	case p.kept:
		return KeptAsWas
	case p.cached:
		return FromCache
	}
	return Rendered
}

// isLinked reports whether the i-th file is in the build already.
func (p *meetingPacks) isLinked(i int) bool { return p.linked != nil && p.linked[i] }

// file is one file of the output.
type file struct {
	path string
	data []byte
}

// stopped reports whether Options.Done is closed.
func (r *renderer) stopped() bool {
	select {
	case <-r.opts.Done:
		return true
	default:
		return false
	}
}

// packs renders meetings GOMAXPROCS at a time and yields each one's packs
// in the order given, whatever order they finish in. Workers start a
// meeting only while fewer than two per worker are rendered and not yet
// yielded, so that the memory held beyond what the caller keeps stays
// bounded; a caller that stops early (the output cap) stops them before
// their next meeting.
func (r *renderer) packs(meetings []*model.Meeting) iter.Seq2[*model.Meeting, meetingPacks] {
	return func(yield func(*model.Meeting, meetingPacks) bool) {
		workers := min(runtime.GOMAXPROCS(0), len(meetings))
		ahead := 2 * workers
		jobs := make(chan int, ahead) // never full: at most ahead are queued and not yet yielded
		done := make([]chan meetingPacks, len(meetings))
		for i := range done {
			done[i] = make(chan meetingPacks, 1)
		}
		var base []byte // the cache key's part every meeting shares
		if r.opts.Cache != nil {
			base = r.cacheBase()
		}
		var stop atomic.Bool
		var wg sync.WaitGroup
		for range workers {
			wg.Go(func() {
				for i := range jobs {
					if stop.Load() || r.stopped() {
						done[i] <- meetingPacks{}
						continue
					}
					done[i] <- r.cachedMeeting(base, meetings[i])
				}
			})
		}
		queued := 0
		queue := func(upTo int) {
			for ; queued < min(upTo, len(meetings)); queued++ {
				jobs <- queued
			}
		}
		defer func() {
			stop.Store(true)
			close(jobs)
			wg.Wait()
		}()
		queue(ahead)
		for i, m := range meetings {
			p := <-done[i]
			queue(i + 1 + ahead)
			if !yield(m, p) {
				return
			}
		}
	}
}
