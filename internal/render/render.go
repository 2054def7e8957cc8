// Package render turns the site model and the computed datasets into the
// files of the archive: every version of every meeting's self-contained
// HTML pack (the latest also at the meeting's own address), a page per
// committee, the archive index, an Atom feed, an iCalendar file, a JSON
// index and a sitemap. It returns the files in memory; writing them is the
// write stage's job. It checks each published version against the
// fingerprint recorded for it, and holds every page to the page guarantee
// (pagecheck.Page): a page that could run script, make a request or
// navigate is refused, naming its layout.
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
//	layouts/partials/*.html  shared pieces, each a {{define "name"}} block:
//	                         head, masthead, footer, members, meetings,
//	                         dataset, dataset-row, source, figure
//	static/briefing.css      inlined into every page's <style>
//
// The site's layouts and static files are read through the overlay, which
// refuses symbolic links and anything that is not a plain file.
//
// Template functions: longdate (Monday 12 March 2018), date (12 March 2018),
// datetime (9 March 2018, 04:00), clock ("14:00" → 2.00 pm), iso
// (2018-03-12), add, cellClass (a dataset cell's classes), and dict (key,
// value, …), which builds a map for passing several values to a partial.
//
// Every page starts its <head> with a Content-Security-Policy that allows
// no script and no request: styles are inline and images are data: URIs.
package render

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"maps"
	"path"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/briefing/briefing/internal/compute"
	"github.com/briefing/briefing/internal/diag"
	"github.com/briefing/briefing/internal/markdown"
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
	// folder.
	Image func(path string) (*model.Asset, error)
	// Tables are the computed datasets, by id, for commentary to place.
	Tables map[string]*compute.Table
}

// Output is what a site renders to.
type Output struct {
	// Files are the archive's files by slash-separated path relative to
	// the output folder.
	Files map[string][]byte
	// Meetings are the meetings rendered, in the site's order, with their
	// published versions.
	Meetings []Published
}

// Published is a meeting and every version of its papers.
type Published struct {
	Meeting  *model.Meeting
	Versions []Version
}

// Site renders every page of site.
func Site(site *model.Site, opts Options) (*Output, error) {
	r, err := newRenderer(site, opts)
	if err != nil {
		return nil, err
	}
	files := map[string][]byte{}
	var errs diag.List
	records := map[*model.Meeting][]Version{}
	var published []Published
	total := 0
	for _, c := range site.Committees {
		for _, m := range c.Meetings {
			vs, err := r.meeting(m, files)
			if err != nil {
				errs.Append(err)
				continue
			}
			records[m] = vs
			published = append(published, Published{m, vs})
			total += len(files[PackPath(m)])
			for _, v := range vs {
				total += len(files[v.Path])
			}
			if total > MaxOutputBytes {
				errs.Add(diag.Pos{Path: "layouts/pack.html"}, "the packs add up to over %d MB by the meeting of %s; Briefing writes at most that much: if a layout repeats text, fix it, otherwise build fewer meetings into one archive", MaxOutputBytes>>20, m.Committee.Slug+"/"+m.Slug())
				return nil, errs
			}
		}
	}
	if err := errs.Sort().Err(); err != nil {
		return nil, err
	}
	for _, c := range site.Committees {
		page := c.Slug + "/index.html"
		data, _, err := r.page("committee.html", committeeView{r.common(page), c, r.archive(c, records, page)})
		if err != nil {
			return nil, err
		}
		files[page] = data
	}
	var all []yearView
	for _, c := range site.Committees {
		all = append(all, yearView{Committee: c, Years: r.archive(c, records, "index.html")})
	}
	data, _, err := r.page("index.html", indexView{r.common("index.html"), all})
	if err != nil {
		return nil, err
	}
	files["index.html"] = data
	if err := r.feeds(site, records, files); err != nil {
		return nil, err
	}
	return &Output{Files: files, Meetings: published}, nil
}

// PackPath is where a meeting's pack goes in the output folder.
func PackPath(m *model.Meeting) string {
	return m.Committee.Slug + "/" + m.Slug() + "/index.html"
}

type renderer struct {
	site *model.Site
	opts Options
	tmpl map[string]*template.Template
	css  template.CSS
	logo template.URL
	// check holds every page to the page guarantee; it remembers the
	// stylesheet once found clean.
	check pagecheck.Checker
}

var pageNames = []string{"pack.html", "committee.html", "index.html"}

// newRenderer reads the stylesheet and the layouts, reporting every one
// that cannot be read or parsed.
func newRenderer(site *model.Site, opts Options) (*renderer, error) {
	r := &renderer{site: site, opts: opts, tmpl: map[string]*template.Template{}}
	var errs diag.List
	css, err := readLayoutFile(opts.Layouts, stylesheet)
	errs.Append(err)
	for _, p := range pagecheck.Stylesheet(css) {
		errs.Add(diag.At(stylesheet, css, p.Offset), "%s", p.Msg)
	}
	r.css = template.CSS(css)
	if l := site.Settings.Logo; l != nil {
		r.logo = dataURI(l.MediaType, l.Data)
	}
	partials, err := listPartials(opts.Layouts)
	errs.Append(err)
	for _, name := range pageNames {
		t := template.New(name).Funcs(funcs)
		for _, p := range append(slices.Clone(partials), "layouts/"+name) {
			src, err := readLayoutFile(opts.Layouts, p)
			if err != nil {
				errs.Append(err)
				continue
			}
			if _, err := t.New(p).Parse(string(src)); err != nil {
				errs.Append(layoutError(err))
			}
		}
		r.tmpl[name] = t
	}
	// Each page reads the partials again: Sort drops the repeats.
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

var funcs = template.FuncMap{
	"longdate":  func(t time.Time) string { return t.Format("Monday 2 January 2006") },
	"date":      func(t time.Time) string { return t.Format("2 January 2006") },
	"iso":       func(t time.Time) string { return t.Format(time.DateOnly) },
	"clock":     clock,
	"dict":      dict,
	"datetime":  func(t time.Time) string { return t.Format("2 January 2006, 15:04") },
	"add":       func(a, b int) int { return a + b },
	"cellClass": cellClass,
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

type indexView struct {
	common
	Committees []yearView
}

type committeeView struct {
	common
	Committee *model.Committee
	Years     []municipalYear
}

// yearView is a committee and its meetings by municipal year.
type yearView struct {
	Committee *model.Committee
	Years     []municipalYear
}

// packView is the data of layouts/pack.html.
type packView struct {
	common
	Meeting  *model.Meeting
	Version  Version   // this pack's version
	Versions []Version // every version, oldest first
	Latest   bool      // this is the newest version
	Letters  []letterView
	Items    []itemView
	Contents []Entry
	Figures  Entry // the list of figures and tables, when the pack has any

	fragments []markdown.Fragment // the commentary's #links, to check in the page
}

type itemView struct {
	*model.Item
	ID         string
	Report     template.HTML
	ReplacedBy int // the supplement whose report this is, or 0
}

// Entry is a line of a pack's contents list.
type Entry struct {
	ID, Text string
	Children []Entry
}

// letterView is one covering letter of a pack: the original summons, or
// a supplement's.
type letterView struct {
	ID, TitleID string
	Title       string
	Date        time.Time
	Supplement  int // 0 for the original
	HTML        template.HTML
}

// Version is one published version of a meeting's papers.
type Version struct {
	Number      int       // 1 for the original pack
	Date        time.Time // published
	Label       string    // "Original pack" or "Supplement 1"
	Path        string    // its own file, relative to the output folder
	SHA256      string    // of that file: the approval record
	Fingerprint string    // of its source, to record once it is published
	Recorded    bool      // the source records Fingerprint
}

// VersionPath is where version v (1, 2, …) of a meeting's pack goes.
func VersionPath(m *model.Meeting, v int) string {
	return fmt.Sprintf("%s/%s/v%d/index.html", m.Committee.Slug, m.Slug(), v)
}

// versions lists a meeting's versions, without their hashes.
func versions(m *model.Meeting) []Version {
	out := []Version{{Number: 1, Date: m.LetterDate, Label: "Original pack", Path: VersionPath(m, 1)}}
	for _, s := range m.Supplements {
		out = append(out, Version{Number: s.Number + 1, Date: s.Date, Label: fmt.Sprintf("Supplement %d", s.Number), Path: VersionPath(m, s.Number+1)})
	}
	return out
}

// pack prepares version v (0 for the original, k after supplement k) of
// a meeting's pack: every document converted, every figure drawn. It
// returns the view, ready for packPage, and the fingerprint of the
// version's sources.
func (r *renderer) pack(m *model.Meeting, v int, all []Version) (*packView, string, error) {
	ids := markdown.NewIDs()
	// The ids layouts/pack.html writes itself.
	ids.Reserve("main", "contents", "agenda", "agenda-title", "members", "members-title", "figures-and-tables", "versions")
	for i := 0; i <= len(m.Supplements); i++ {
		ids.Reserve(letterID(i), letterID(i)+"-title")
	}
	ids.ReservePrefix("table-", "figure-") // dataset tables and figures, numbered from 1
	for _, it := range m.Agenda {
		ids.Reserve(itemID(it), itemID(it)+"-title")
	}
	pv := &packView{Meeting: m, Version: all[v], Versions: all, Latest: v == len(all)-1}
	fp := newFingerprint(m)
	image := r.imageBudget(fp)
	data := &packData{r: r, used: map[string]bool{}}

	// The letters, newest first: a supplement's letter says what changed.
	type letterSrc struct {
		doc   model.Doc
		title string
		date  time.Time
		n     int
	}
	var letters []letterSrc
	for k := v; k >= 1; k-- {
		s := m.Supplements[k-1]
		letters = append(letters, letterSrc{s.Letter, s.Title, s.Date, k})
	}
	title := m.Title
	if title == "" {
		title = "Notice of meeting"
	}
	letters = append(letters, letterSrc{m.Letter, title, m.LetterDate, 0})
	var items []*model.Item
	for _, it := range m.Agenda {
		if it.AddedBy <= v {
			items = append(items, it)
		}
	}
	docs := []model.Doc{}
	for _, l := range letters {
		docs = append(docs, l.doc)
	}
	for _, it := range items {
		if doc, _ := it.ReportIn(v); doc != nil {
			docs = append(docs, *doc)
		}
	}
	data.numberFigures(docs)

	var errs diag.List
	var fragments []markdown.Fragment
	for _, l := range letters {
		res, err := markdown.Convert(l.doc, markdown.Options{IDs: ids, FootnotePrefix: letterID(l.n) + "-", Level: 2, Image: image, Data: data})
		errs.Append(err)
		fragments = append(fragments, res.Fragments...)
		pv.Letters = append(pv.Letters, letterView{ID: letterID(l.n), TitleID: letterID(l.n) + "-title", Title: l.title, Date: l.date, Supplement: l.n, HTML: template.HTML(res.HTML)})
		// The letter's text without the blank lines that stand for its
		// front matter: recording a fingerprint there is no change.
		fp.add("letter", l.title, l.date.Format(time.DateOnly), strings.TrimSpace(string(l.doc.Source)))
		pv.Contents = append(pv.Contents, Entry{ID: letterID(l.n), Text: l.title})
	}
	pv.Contents = append(pv.Contents, Entry{ID: "agenda", Text: "Agenda"}, Entry{ID: "members", Text: "Membership"})
	for _, it := range items {
		iv := itemView{Item: it, ID: itemID(it)}
		doc, replacedBy := it.ReportIn(v)
		iv.ReplacedBy = replacedBy
		fp.add("item", fmt.Sprint(it.Number), it.Title, it.Presenter, it.Description, it.Pages, it.Exempt, fmt.Sprint(it.AddedBy, replacedBy))
		if doc != nil {
			fp.add("report", string(doc.Source))
			res, err := markdown.Convert(*doc, markdown.Options{IDs: ids, FootnotePrefix: iv.ID + "-", Level: 2, Image: image, Data: data})
			errs.Append(err)
			iv.Report = template.HTML(res.HTML)
			fragments = append(fragments, res.Fragments...)
			e := Entry{ID: iv.ID, Text: fmt.Sprintf("Item %d: %s", it.Number, it.Title)}
			for _, h := range res.Headings {
				if h.Level == 3 {
					e.Children = append(e.Children, Entry{ID: h.ID, Text: h.Text})
				}
			}
			pv.Contents = append(pv.Contents, e)
		}
		pv.Items = append(pv.Items, iv)
	}
	for _, id := range slices.Sorted(maps.Keys(data.used)) {
		if t := r.opts.Tables[id]; t != nil {
			fp.add("dataset", id, t.Dataset.SHA256)
		}
	}
	if len(data.shown) > 0 {
		e := Entry{ID: "figures-and-tables", Text: "Figures and tables"}
		for _, s := range data.shown {
			e.Children = append(e.Children, Entry{ID: s.ID, Text: s.Title})
		}
		pv.Figures = e
	}
	if err := errs.Err(); err != nil {
		return nil, "", errs
	}
	pv.fragments = fragments
	return pv, fp.sum(), nil
}

// packPage writes a prepared pack as the file at path: only the relative
// links to the rest of the archive depend on where it is.
func (r *renderer) packPage(pv *packView, path string) ([]byte, error) {
	pv.common = r.common(path)
	out, pageIDs, err := r.page("pack.html", pv)
	if err != nil {
		return nil, err
	}
	var errs diag.List
	for _, f := range pv.fragments {
		if !pageIDs[f.ID] {
			errs.Add(f.At, "link \"#%s\" points to nothing in this pack; link to a heading by its id (its words in lower case, joined by hyphens)", f.ID)
		}
	}
	if err := errs.Err(); err != nil {
		return nil, err
	}
	return out, nil
}

func letterID(supplement int) string {
	if supplement == 0 {
		return "letter"
	}
	return fmt.Sprintf("supplement-%d", supplement)
}

// MaxImageBytes is the most image data one pack may inline. Every use of
// an image is a copy in the file: one large photograph shown often would
// make a pack too big to open on a council tablet.
const MaxImageBytes = 10 << 20

// imageBudget wraps opts.Image, refusing images once a pack has inlined
// MaxImageBytes.
func (r *renderer) imageBudget(fp *fingerprint) func(string) (string, error) {
	if r.opts.Image == nil {
		return nil
	}
	used := 0
	return func(name string) (string, error) {
		if used > MaxImageBytes {
			// Reported once, at the image that went over; the build
			// fails, so the rest need not be inlined or reported.
			return "", nil
		}
		a, err := r.opts.Image(name)
		if err != nil {
			return "", err
		}
		fp.add("image", name, fmt.Sprintf("%x", sha256.Sum256(a.Data)))
		uri := string(dataURI(a.MediaType, a.Data))
		if used += len(uri); used > MaxImageBytes {
			return "", fmt.Errorf("images in this pack add up to over %d MB; use smaller images, or show them fewer times", MaxImageBytes>>20)
		}
		return uri, nil
	}
}

func itemID(it *model.Item) string { return "item-" + strconv.Itoa(it.Number) }

// Caps on what a build writes, so that a layout that repeats its text
// without end fails at once instead of filling memory and disk.
const (
	// MaxPageBytes is the most one page may hold: room for MaxImageBytes
	// of images as base64 and the text around them.
	MaxPageBytes = 32 << 20
	// MaxOutputBytes is the most the packs of one build may add up to.
	MaxOutputBytes = 1 << 30
)

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
// It returns the page and the ids of its elements.
func (r *renderer) page(name string, data any) ([]byte, map[string]bool, error) {
	buf := cappedBuffer{max: MaxPageBytes}
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
