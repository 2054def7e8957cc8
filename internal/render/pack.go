package render

import (
	"crypto/sha256"
	"fmt"
	"html/template"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/briefing/briefing/internal/diag"
	"github.com/briefing/briefing/internal/markdown"
	"github.com/briefing/briefing/internal/model"
)

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
	// CommitteePage is the committee's page, from the output folder
	// (the layout puts Root before it).
	CommitteePage string

	fragments []markdown.Fragment // the commentary's #links, to check in the page
	notes     Notes
	csv       []csvFile // the CSV files of its tables and figures
}

type itemView struct {
	*model.Item
	ID         string
	Report     template.HTML
	ReplacedBy int // the supplement whose report this is, or 0
	// ToFollow says the report is still to follow in this version: a
	// later supplement (BroughtBy) brings it.
	ToFollow bool
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
	Notice      model.Notice
	HTML        template.HTML
}

// pack prepares version v (0 for the original, k after supplement k) of
// a meeting's pack: every document converted, every figure drawn. It
// returns the view, ready for packPage, and the fingerprint of the
// version's sources, and notes in d the datasets and images it read.
// texts are the documents the meeting's versions read, by path (readDocs).
func (r *renderer) pack(m *model.Meeting, v int, all []Version, d *deps, texts map[string][]byte) (*packView, string, error) {
	letters, items := versionDocs(m, v)
	reports, err := r.readDocs(v, letters, items, texts)
	if err != nil {
		return nil, "", err
	}
	// A version's page lists the versions up to itself, never a later
	// one: its bytes are the same whatever is published after it, so that
	// a frozen page still matches the page built now (model.Frozen).
	pv := &packView{Meeting: m, Version: all[v], Versions: all[:v+1], Latest: v == len(all)-1, CommitteePage: CommitteePath(m.Committee)}
	c := &conversion{
		day:       m.Date,
		published: m.Status == model.Published,
		ids:       packIDs(m),
		images:    &images{r: r},
		data:      &packData{r: r, used: map[string]bool{}},
	}
	var docs []model.Doc
	for _, l := range letters {
		docs = append(docs, l.doc)
	}
	for _, doc := range reports {
		if doc != nil {
			docs = append(docs, *doc)
		}
	}
	c.data.numberFigures(docs)

	for i := range letters {
		l := &letters[i]
		html := c.convert(l.doc, letterID(l.n), &l.images)
		pv.Letters = append(pv.Letters, letterView{ID: letterID(l.n), TitleID: letterID(l.n) + "-title", Title: l.title, Date: l.date, Supplement: l.n, Notice: l.notice, HTML: html})
		pv.Contents = append(pv.Contents, Entry{ID: letterID(l.n), Text: l.title, Children: outline(c.headings)})
	}
	members := Entry{ID: "members", Text: "Membership"}
	if len(m.Invited) > 0 {
		members.Children = []Entry{{ID: invitedID, Text: "By invitation"}}
	}
	pv.Contents = append(pv.Contents, Entry{ID: "agenda", Text: "Agenda"}, members)
	reportImages := make([][]shownImage, len(items))
	for i, it := range items {
		iv := itemView{Item: it, ID: itemID(it)}
		_, iv.ReplacedBy = it.ReportIn(v)
		iv.ToFollow = it.ToFollow(v)
		if doc := reports[i]; doc != nil {
			iv.Report = c.convert(*doc, iv.ID, &reportImages[i])
			if len(c.headings) == 0 {
				c.data.warnings.Add(diag.Pos{Path: doc.Path}, "warning: report has no headings, so its item has nothing in the pack's contents list and a screen reader cannot jump through it; begin each part with a heading (# Summary)")
			}
			pv.Contents = append(pv.Contents, c.entry(iv))
		}
		pv.Items = append(pv.Items, iv)
	}
	if len(c.data.shown) > 0 {
		e := Entry{ID: "figures-and-tables", Text: "Figures and tables"}
		for _, s := range c.data.shown {
			e.Children = append(e.Children, Entry{ID: s.ID, Text: s.Title})
		}
		pv.Figures = e
	}
	if err := c.errs.Err(); err != nil {
		return nil, "", c.errs
	}
	if pv.Latest && c.published {
		lateWarnings(&c.data.warnings, all)
	}
	pv.fragments = c.fragments
	pv.csv = c.data.csv
	pv.notes = Notes{Warnings: c.data.warnings.Sort(), Quoted: slices.Sorted(maps.Keys(c.data.used)), Figures: len(c.data.placed), Tables: c.data.tables}
	d.add(r, c.data.used, letters, reportImages)
	return pv, r.fingerprint(m, v, letters, items, reports, reportImages, c.data.used), nil
}

// readDocs reads the text of the documents of a version that the site
// did not keep (model.Doc): the letters' in place, and the items'
// reports, returned in the order of items (nil for an item without one).
// texts holds what the meeting's other versions read, by path, so that
// each file is read once for all of them.
func (r *renderer) readDocs(v int, letters []letterSrc, items []*model.Item, texts map[string][]byte) ([]*model.Doc, error) {
	var errs diag.List
	read := func(doc model.Doc) model.Doc {
		if doc.Source != nil || doc.SHA256 == "" || r.opts.Source == nil {
			return doc
		}
		src, ok := texts[doc.Path]
		if !ok {
			var err error
			if src, err = r.opts.Source(doc); err != nil {
				errs.Add(diag.Pos{Path: doc.Path}, "%v", err)
			}
			texts[doc.Path] = src
		}
		doc.Source = src
		return doc
	}
	for i := range letters {
		letters[i].doc = read(letters[i].doc)
	}
	reports := make([]*model.Doc, len(items))
	for i, it := range items {
		if doc, _ := it.ReportIn(v); doc != nil {
			text := read(*doc)
			reports[i] = &text
		}
	}
	return reports, errs.Err()
}

// conversion is the state the documents of one pack version share as
// they are converted: ids, the image budget, the datasets they quote.
type conversion struct {
	day       time.Time // the meeting's
	published bool      // the meeting is published, not a draft
	ids       *markdown.IDs
	images    *images
	data      *packData
	errs      diag.List
	fragments []markdown.Fragment
	headings  []markdown.Heading // of the last document converted
}

// convert converts one document of the pack, keeping the images it shows
// in shown.
func (c *conversion) convert(doc model.Doc, id string, shown *[]shownImage) template.HTML {
	opts := markdown.Options{IDs: c.ids, FootnotePrefix: id + "-", Level: 2, Image: c.images.inline, Data: c.data}
	if c.images.r.opts.Image == nil {
		opts.Image = nil
	}
	c.data.noted = nil // a note is pointed to only within its document
	if stray := markdown.StrayNotes(doc); len(stray) > 0 {
		c.errs = append(c.errs, stray...)
		*shown = nil
		return ""
	}
	res, err := markdown.Convert(doc, opts)
	c.errs.Append(err)
	*shown = c.images.take()
	c.fragments = append(c.fragments, res.Fragments...)
	c.data.refWarnings(c.day, res.Refs)
	if c.published {
		c.data.illustrativeWarnings(res.Refs)
		c.data.placeholderWarnings(doc)
	}
	c.headings = res.Headings
	return c.assemble(res.Segments)
}

// blocks draws each kind of block that commentary places, into the
// document being assembled. Every markdown.BlockKinds has one
// (TestEveryBlockKindDraws).
var blocks = map[markdown.RefKind]func(*packData, *strings.Builder, markdown.Block) error{
	markdown.RefTable: (*packData).drawTable,
	markdown.RefChart: (*packData).drawChart,
}

// blockBytes is about what a drawn block adds to a document: a figure
// (two drawings, a legend and a data table) is some 10 KB, a table less.
// The document's buffer is made this big for each block, so that it
// seldom grows.
const blockBytes = 8 << 10

// assemble is a converted document's HTML with its blocks drawn in place.
// A block that cannot be drawn is reported at its reference; the pack
// then fails, so what it may have written is never shown.
func (c *conversion) assemble(segs []markdown.Segment) template.HTML {
	size := 0
	for _, s := range segs {
		if s.Block == nil {
			size += len(s.HTML)
		} else {
			size += blockBytes
		}
	}
	var out strings.Builder
	out.Grow(size)
	for _, s := range segs {
		b := s.Block
		if b == nil {
			out.Write(s.HTML)
			continue
		}
		draw, ok := blocks[b.Kind]
		if !ok {
			c.errs.Add(b.At, "Briefing cannot draw a %s reference", b.Kind)
			continue
		}
		if err := draw(c.data, &out, *b); err != nil {
			c.errs.Add(b.At, "%v", err)
		}
	}
	return template.HTML(out.String())
}

// entry is the contents line of an item whose report was just converted,
// with the report's headings under it.
func (c *conversion) entry(iv itemView) Entry {
	return Entry{ID: iv.ID, Text: fmt.Sprintf("Item %d: %s", iv.Number, iv.Title), Children: outline(c.headings)}
}

// contentsDepth is the deepest heading level the contents list reaches:
// a document's third level, since its sections are h2 in the pack.
const contentsDepth = 5

// outline nests the headings of a document that sits in a pack section
// (an h2), down to contentsDepth, as the headings nest. Levels never
// skip (markdown refuses that), so each heading's parent is the last
// shallower heading before it.
func outline(heads []markdown.Heading) []Entry {
	var root []Entry
	// path[i] is the list holding the latest entry of level 3+i.
	var path []*[]Entry
	for _, h := range heads {
		if h.Level > contentsDepth {
			continue
		}
		depth := h.Level - 3
		if depth < 0 || depth > len(path) {
			continue // not below the section's h2; cannot happen for converted documents
		}
		path = path[:depth]
		list := &root
		if depth > 0 {
			parent := *path[depth-1]
			list = &parent[len(parent)-1].Children
		}
		*list = append(*list, Entry{ID: h.ID, Text: h.Text})
		path = append(path, list)
	}
	return root
}

// letterSrc is one covering letter of a pack version.
type letterSrc struct {
	doc    model.Doc
	title  string
	date   time.Time
	n      int // 0 for the original, k for supplement k
	notice model.Notice
	images []shownImage // the images it shows, once converted
}

// versionDocs are the letters, newest first (a supplement's letter says
// what changed), and the agenda items of version v.
func versionDocs(m *model.Meeting, v int) ([]letterSrc, []*model.Item) {
	var letters []letterSrc
	for k := v; k >= 1; k-- {
		s := m.Supplements[k-1]
		letters = append(letters, letterSrc{doc: s.Letter, title: s.Title, date: s.Date, n: k, notice: s.Notice})
	}
	title := m.Title
	if title == "" {
		title = "Notice of meeting"
	}
	letters = append(letters, letterSrc{doc: m.Letter, title: title, date: m.LetterDate, notice: m.Notice})
	var items []*model.Item
	for _, it := range m.Agenda {
		if it.AddedBy <= v {
			items = append(items, it)
		}
	}
	return letters, items
}

// layoutIDs are the ids layouts/pack.html writes itself; commentary's
// headings never take them. TestLayoutIDsAreReserved renders the default
// layouts and fails on an id of theirs missing here. "versions" is no
// longer written, but stays reserved so that a heading "Versions" keeps
// the id it was published with.
var layoutIDs = []string{"main", "contents", "agenda", "agenda-title", "members", "members-title", invitedID, "figures-and-tables", "versions"}

// invitedID is the id of the membership's "By invitation" heading.
const invitedID = "members-invited"

// layoutIDPrefixes begin the numbered ids of dataset tables and figures.
var layoutIDPrefixes = []string{"table-", "figure-"}

// packIDs are the pack's ids, with those the layout writes reserved: its
// own, each letter's and each item's.
func packIDs(m *model.Meeting) *markdown.IDs {
	ids := markdown.NewIDs()
	ids.Reserve(layoutIDs...)
	for i := 0; i <= len(m.Supplements); i++ {
		ids.Reserve(letterID(i), letterID(i)+"-title")
	}
	ids.ReservePrefix(layoutIDPrefixes...)
	for _, it := range m.Agenda {
		ids.Reserve(itemID(it), itemID(it)+"-title")
	}
	return ids
}

// packPage writes a prepared pack as the file at path: only the relative
// links to the rest of the archive depend on where it is.
func (r *renderer) packPage(pv *packView, path string) ([]byte, error) {
	pv.common = r.common(path)
	out, pageIDs, err := r.page("pack.html", pv, pv.size())
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

// size is about how many bytes of the pack's page its documents take.
func (pv *packView) size() int {
	n := 0
	for _, l := range pv.Letters {
		n += len(l.HTML)
	}
	for _, it := range pv.Items {
		n += len(it.Report)
	}
	return n
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

// images inlines the images of one pack within MaxImageBytes, and
// remembers the images each document shows, for the fingerprint.
type images struct {
	r     *renderer
	bytes int
	shown []shownImage // by the document being converted
}

// shownImage is an image a document shows: its path and its SHA-256.
type shownImage struct{ name, sha256 string }

// inline is the data: URI of the image at name, for markdown.Options.Image.
func (im *images) inline(name string) (string, error) {
	if im.bytes > MaxImageBytes {
		// Reported once, at the image that went over; the build fails,
		// so the rest need not be inlined or reported.
		return "", nil
	}
	a, err := im.r.opts.Image(name)
	if err != nil {
		return "", err
	}
	im.shown = append(im.shown, shownImage{name, fmt.Sprintf("%x", sha256.Sum256(a.Data))})
	uri := string(dataURI(a.MediaType, a.Data))
	if im.bytes += len(uri); im.bytes > MaxImageBytes {
		return "", fmt.Errorf("images in this pack add up to over %d MB; use smaller images, or show them fewer times", MaxImageBytes>>20)
	}
	return uri, nil
}

// take returns the images shown since the last take.
func (im *images) take() []shownImage {
	s := im.shown
	im.shown = nil
	return s
}

func itemID(it *model.Item) string { return "item-" + strconv.Itoa(it.Number) }

// lateWarnings warns of each version of a published meeting that gave
// less notice than the site requires and says not why, at the key that
// dates it (section 100B of the Local Government Act 1972: a late paper
// is taken only for special circumstances, which the papers state).
func lateWarnings(w *diag.List, all []Version) {
	for _, v := range all {
		n := v.Notice
		if n.Late() && n.LateReason == "" {
			w.Add(diag.Pos(n.At), "warning: %s, published %s, gives %s before the meeting where %d are required; say why it is late with late_reason: (the special circumstances the chair is asked to accept), or publish it earlier",
				strings.ToLower(v.Label[:1])+v.Label[1:], v.Date.Format(model.DateLayout), n.Given(), n.Required)
		}
	}
}
