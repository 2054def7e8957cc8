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
