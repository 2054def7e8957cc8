package render

import (
	"bytes"
	"encoding/base64"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/briefing/briefing/internal/diag"
	"github.com/briefing/briefing/internal/model"
	"github.com/briefing/briefing/internal/pagecheck"
)

type renderer struct {
	site *model.Site
	opts Options
	tmpl map[string]*template.Template
	css  template.CSS
	logo template.URL
	// check holds every page to the page guarantee; it remembers the
	// stylesheet once found clean.
	check pagecheck.Checker
	// sources are the stylesheet, the page layouts and the partials as
	// read, by path; partials are the partials' paths.
	sources  map[string][]byte
	partials []string
}

var pageNames = []string{"pack.html", "committee.html", "index.html", "accessibility.html", "minutes.html", "member.html"}

// newRenderer reads the stylesheet and the layouts, reporting every one
// that cannot be read or parsed.
func newRenderer(site *model.Site, opts Options) (*renderer, error) {
	r := &renderer{site: site, opts: opts, tmpl: map[string]*template.Template{}, sources: map[string][]byte{}}
	var errs diag.List
	// Each file is read once, and kept for the cache's key (cacheBase).
	unread := map[string]bool{}
	read := func(name string) ([]byte, bool) {
		if src, ok := r.sources[name]; ok {
			return src, true
		}
		if unread[name] {
			return nil, false
		}
		src, err := readLayoutFile(opts.Layouts, name)
		if err != nil {
			errs.Append(err)
			unread[name] = true
			return nil, false
		}
		r.sources[name] = src
		return src, true
	}
	css, _ := read(stylesheet)
	for _, p := range pagecheck.Stylesheet(css) {
		errs.Add(diag.At(stylesheet, css, p.Offset), "%s", p.Msg)
	}
	r.css = template.CSS(css)
	if l := site.Settings.Logo; l != nil {
		r.logo = dataURI(l.MediaType, l.Data)
	}
	partials, err := listPartials(opts.Layouts)
	errs.Append(err)
	r.partials = partials
	for _, name := range pageNames {
		t := template.New(name).Funcs(funcs)
		for _, p := range append(slices.Clone(partials), "layouts/"+name) {
			src, ok := read(p)
			if !ok {
				continue
			}
			if _, err := t.New(p).Parse(string(src)); err != nil {
				errs.Append(layoutError(err))
			}
		}
		r.tmpl[name] = t
	}
	// Each page parses the partials again: Sort drops repeated mistakes.
	if err := errs.Sort().Err(); err != nil {
		return nil, err
	}
	return r, nil
}

// listPartials names the files of layouts/partials/*.html. Unlike fs.Glob
// it reports a folder it cannot read, rather than leaving the site's own
// partials out without a word.
func listPartials(fsys fs.FS) ([]string, error) {
	const dir = "layouts/partials"
	entries, err := fs.ReadDir(fsys, dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		var errs diag.List
		errs.Add(diag.Pos{Path: dir}, "cannot read folder: %v", pathless(err))
		return nil, errs
	}
	var names []string
	for _, e := range entries {
		if path.Ext(e.Name()) == ".html" {
			names = append(names, dir+"/"+e.Name())
		}
	}
	return names, nil
}

func dataURI(mediaType string, data []byte) template.URL {
	return template.URL("data:" + mediaType + ";base64," + base64.StdEncoding.EncodeToString(data))
}

// undated is how a date not yet known is written: the letter_date of a
// draft that leaves it out.
const undated = "not yet dated"

// dated is t in layout, or undated for the zero time (a draft's letter
// date not yet known).
func dated(t time.Time, layout string) string {
	if t.IsZero() {
		return undated
	}
	return t.Format(layout)
}

// isoDate is t as yyyy-mm-dd, or "" for the zero time.
func isoDate(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(time.DateOnly)
}

var funcs = template.FuncMap{
	"longdate":  func(t time.Time) string { return dated(t, model.LongDateLayout) },
	"date":      func(t time.Time) string { return dated(t, model.DateLayout) },
	"iso":       func(t time.Time) string { return dated(t, time.DateOnly) },
	"clock":     clock,
	"dict":      dict,
	"datetime":  func(t time.Time) string { return t.Format(model.StampLayout) },
	"add":       func(a, b int) int { return a + b },
	"cellClass": cellClass,
	"cssString": cssString,
}

// dict builds a map from key, value pairs, for passing several values to a
// partial.
func dict(pairs ...any) (map[string]any, error) {
	if len(pairs)%2 != 0 {
		return nil, fmt.Errorf("dict: odd number of arguments")
	}
	m := make(map[string]any, len(pairs)/2)
	for i := 0; i < len(pairs); i += 2 {
		k, ok := pairs[i].(string)
		if !ok {
			return nil, fmt.Errorf("dict: key %v is not a string", pairs[i])
		}
		m[k] = pairs[i+1]
	}
	return m, nil
}

// clock writes "14:00" the way council papers do: "2.00 pm".
func clock(hhmm string) string {
	h, m, ok := strings.Cut(hhmm, ":")
	hour, err := strconv.Atoi(h)
	if !ok || err != nil {
		return hhmm
	}
	suffix := "am"
	switch {
	case hour == 12 && m == "00":
		return "12 noon"
	case hour >= 12:
		suffix = "pm"
		if hour > 12 {
			hour -= 12
		}
	case hour == 0:
		hour = 12
	}
	return fmt.Sprintf("%d.%s %s", hour, m, suffix)
}

// common is what every page's layout can use.
type common struct {
	Site *model.Settings
	CSP  string
	CSS  template.CSS
	Logo template.URL
	Root string // relative path from the page to the output folder, "" or "../"…
}

func (r *renderer) common(page string) common {
	return common{
		Site: &r.site.Settings,
		CSP:  CSP,
		CSS:  r.css,
		Logo: r.logo,
		Root: strings.Repeat("../", strings.Count(page, "/")),
	}
}

// Caps on what a build writes, so that a layout that repeats its text
// without end fails at once instead of filling memory and disk.
const (
	// MaxPageBytes is the most one page may hold: room for MaxImageBytes
	// of images as base64 and the text around them.
	MaxPageBytes = 32 << 20
	// MaxOutputBytes is the most the packs of one build may add up to.
	MaxOutputBytes = 1 << 30
)

// pageBytes is about what a page's layout writes besides the stylesheet
// and the documents it shows.
const pageBytes = 8 << 10

// errPageTooBig stops a layout that writes more than MaxPageBytes.
var errPageTooBig = errors.New("page too big")

// cappedBuffer is a buffer that refuses to grow past max bytes.
type cappedBuffer struct {
	bytes.Buffer
	max int
}

func (b *cappedBuffer) Write(p []byte) (int, error) {
	if b.Len()+len(p) > b.max {
		return 0, errPageTooBig
	}
	return b.Buffer.Write(p)
}

// page executes a layout and refuses the result if it is unfit to publish.
// It returns the page and the ids of its elements. size is about how big
// the page will be, so that its buffer seldom grows: the stylesheet is
// added to it.
func (r *renderer) page(name string, data any, size int) ([]byte, map[string]bool, error) {
	buf := cappedBuffer{max: MaxPageBytes}
	buf.Grow(min(size+len(r.css)+pageBytes, MaxPageBytes))
	if err := r.tmpl[name].ExecuteTemplate(&buf, "layouts/"+name, data); err != nil {
		if errors.Is(err, errPageTooBig) {
			var l diag.List
			l.Add(diag.Pos{Path: "layouts/" + name}, "the page it makes is over %d MB; a page may be at most that big: look for a range or a template that repeats without end", MaxPageBytes>>20)
			return nil, nil, l
		}
		return nil, nil, layoutError(err)
	}
	ids, problems := r.check.Page(buf.Bytes())
	if len(problems) > 0 {
		var l diag.List
		for _, p := range problems {
			l.Add(diag.Pos{Path: "layouts/" + name}, "in the page it makes, %s; no page may run script, make a request or navigate, whatever its layouts and stylesheet say", p)
		}
		return nil, nil, l
	}
	return buf.Bytes(), ids, nil
}

// stylesheet is the site's stylesheet, inlined into every page.
const stylesheet = "static/briefing.css"

// templatePos matches the position html/template puts in its errors:
// "template: layouts/pack.html:12:5: …" or "…:12: …".
var templatePos = regexp.MustCompile(`template: ?([^:]+):(\d+):(?:(\d+):)? ?(.*)$`)

// layoutError turns a template error into a positioned one, so that a
// mistake in a site's layout is reported like any other mistake.
func layoutError(err error) error {
	m := templatePos.FindStringSubmatch(err.Error())
	if m == nil {
		return err
	}
	line, _ := strconv.Atoi(m[2])
	col, err := strconv.Atoi(m[3])
	if err == nil {
		col++ // text/template counts columns from 0
	}
	var l diag.List
	l.Add(diag.Pos{Path: m[1], Line: line, Col: col}, "layout: %s", m[4])
	return l
}

// readLayoutFile reads a layout or static file, refusing anything that is
// not a plain file: a named pipe would block the build for ever and a device
// could be endless. A failure is a diag.List naming the file, as the site
// holds it.
func readLayoutFile(fsys fs.FS, name string) ([]byte, error) {
	var errs diag.List
	at := diag.Pos{Path: name}
	info, err := fs.Lstat(fsys, name)
	switch {
	case err != nil:
		errs.Add(at, "cannot read: %v", pathless(err))
	case info.Mode()&fs.ModeSymlink != 0:
		errs.Add(at, "is a symbolic link; Briefing does not follow links, so copy the file into the site")
	case !info.Mode().IsRegular():
		errs.Add(at, "is not a regular file")
	case info.Size() > 1<<20:
		errs.Add(at, "file is over 1 MB")
	}
	if errs != nil {
		return nil, errs
	}
	data, err := fs.ReadFile(fsys, name)
	if err != nil {
		errs.Add(at, "cannot read: %v", pathless(err))
		return nil, errs
	}
	return data, nil
}

// pathless is err without the path and operation that fs adds, for a
// message that names the file already.
func pathless(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
