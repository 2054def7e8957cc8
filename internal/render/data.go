package render

import (
	"errors"
	"fmt"
	"html/template"
	"io"
	"strings"

	"github.com/briefing/briefing/internal/compute"
	"github.com/briefing/briefing/internal/diag"
	"github.com/briefing/briefing/internal/markdown"
	"github.com/briefing/briefing/internal/model"
)

// packData answers one pack's references to datasets, numbering its
// tables in the order the pack shows them, and draws the tables and
// charts its commentary places.
type packData struct {
	r       *renderer
	tables  int
	shown   []tableEntry
	figures map[string]int  // "dataset chart" → figure number
	placed  map[string]bool // charts already shown
	used    map[string]bool // datasets the pack quotes, for its fingerprint
	suggest compute.Suggestions
	// computed are the datasets the pack asked for, each asked of
	// Options.Datasets once and held while the pack is made.
	computed map[string]*compute.Table
	warnings diag.List // see Notes
	// noted are the notes shown under the figures and tables of the
	// document being converted, each with where it was first shown (see
	// note).
	noted map[string]noteRef
	// csv are the CSV files of the pack's tables and figures, in the
	// order they are shown, each once (csvSeen, by name).
	csv     []csvFile
	csvSeen map[string]bool
}

type tableEntry struct {
	ID    string // element id
	Title string
}

// datasetView is the data of the "dataset" partial.
type datasetView struct {
	ID     string // element id, "table-3"
	Number int    // 0 for a list
	Table  *compute.Table
	Groups [][]compute.Row // body rows, split where the group changes
	// Mark is model.IllustrativeMark when the figures are not the
	// source's, written after the table's number (or a list's title).
	Mark  string
	Notes []note
	// SeeNotes are where the notes that repeat an earlier table's or
	// figure's are shown.
	SeeNotes []noteRef
	Download *download // the table's figures as CSV; nil for a list
}

func (d *packData) lookup(id string) (*compute.Table, error) {
	t, err := d.table(id)
	if err != nil {
		return nil, err
	}
	if t != nil && d.used != nil {
		d.used[id] = true
	}
	if t == nil && d.r.site.Unread(id) {
		return nil, markdown.ErrReported
	}
	if t == nil {
		var ids []string
		if d.r.opts.Datasets != nil {
			ids = d.r.opts.Datasets.IDs()
		}
		return nil, fmt.Errorf("no dataset %q in data/datasets%s", id, diag.Suggest(id, ids, "datasets"))
	}
	return t, nil
}

// table is the computed dataset id, or nil when the site has none.
func (d *packData) table(id string) (*compute.Table, error) {
	if t, ok := d.computed[id]; ok || d.r.opts.Datasets == nil {
		return t, nil
	}
	t, err := d.r.opts.Datasets.Table(id)
	if err != nil {
		return nil, err
	}
	if d.computed == nil {
		d.computed = map[string]*compute.Table{}
	}
	d.computed[id] = t
	return t, nil
}

// Table implements markdown.Data: a dataset's table placed in commentary,
// numbered unless it is a list.
func (d *packData) Table(id string) (int, error) {
	t, err := d.lookup(id)
	if err != nil || t.Dataset.Kind == model.KindList {
		return 0, err
	}
	if t.Dataset.Kind == model.KindLost {
		return 0, errLost(t)
	}
	d.tables++
	d.shown = append(d.shown, tableEntry{ID: tableID(d.tables), Title: numbered("Table", d.tables, t.Dataset) + ": " + t.Dataset.Title})
	return d.tables, nil
}

// errLost refuses a table or a figure of a dataset whose figures are lost.
func errLost(t *compute.Table) error {
	var ids []string
	for _, ch := range t.Dataset.Charts {
		ids = append(ids, fmt.Sprintf("[[chart %s %s]]", t.Dataset.ID, ch.ID))
	}
	return fmt.Errorf("dataset %q is of kind lost: its figures did not survive, so it has no table and no figure to quote; place its charts, which say so, with %s", t.Dataset.ID, strings.Join(ids, " or "))
}

func tableID(n int) string { return fmt.Sprintf("table-%d", n) }

// drawTable draws a table that Table placed.
func (d *packData) drawTable(w *strings.Builder, b markdown.Block) error {
	t, err := d.lookup(b.Dataset)
	if err != nil {
		return err
	}
	v := datasetView{Table: t, Mark: mark(t.Dataset)}
	if b.Number > 0 {
		d.wideTable(t, b.At)
		v.Number, v.ID, v.Groups = b.Number, tableID(b.Number), groupRows(t.Rows)
		v.Download = d.offer(t, "", figureLabel("Table", b.Number), t.Dataset.Title, tableCSV(t))
	}
	v.Notes, v.SeeNotes = d.notes(datasetNotes(t.Dataset, t.Notes...), v.ID, figureLabel("Table", v.Number))
	named := t.Dataset.Title // a list is not numbered
	if v.Number > 0 {
		named = figureLabel("Table", v.Number)
	}
	return d.marked(w, "dataset", v, t.Dataset, named)
}

// partial executes one of the partials of layouts/pack.html into w.
func (d *packData) partial(w io.Writer, name string, data any) error {
	if err := d.r.tmpl["pack.html"].ExecuteTemplate(w, name, data); err != nil {
		return layoutError(err)
	}
	return nil
}

// marked executes a partial that draws ds's figures into w, and checks
// that it marks them after named ("Table 3") if they are illustrative.
func (d *packData) marked(w *strings.Builder, name string, data any, ds *model.Dataset, named string) error {
	start := w.Len()
	if err := d.partial(w, name, data); err != nil {
		return err
	}
	return checkMark(ds, name, named, w.String()[start:])
}

// Value implements markdown.Data: the figure as text, followed by the
// mark when it is illustrative.
func (d *packData) Value(id, row, column string) (string, error) {
	t, err := d.lookup(id)
	if err != nil {
		return "", err
	}
	if t.Dataset.Kind == model.KindList {
		return "", fmt.Errorf("dataset %q is a list; it has no figures to quote", id)
	}
	if t.Dataset.Kind == model.KindLost {
		return "", errLost(t)
	}
	text, err := t.Quote(row, column, &d.suggest)
	if errors.Is(err, compute.ErrBroken) {
		return "", markdown.ErrReported
	}
	if err != nil {
		return "", err
	}
	if m := mark(t.Dataset); m != "" {
		text += "\u00a0(" + m + ")" // a no-break space: the mark never leaves its figure
	}
	return text, nil
}

func groupRows(rows []compute.Row) [][]compute.Row {
	var out [][]compute.Row
	for i, r := range rows {
		if i == 0 || r.Group != rows[i-1].Group && r.Kind == compute.DataRow {
			out = append(out, nil)
		}
		out[len(out)-1] = append(out[len(out)-1], r)
	}
	return out
}

// cellClass is the class of a figure's cell: numbers align right, and a
// change carries its direction and whether it is good news.
func cellClass(c compute.Cell) template.HTMLAttr {
	cls := "num"
	switch {
	case c.Dir > 0:
		cls += " up"
	case c.Dir < 0:
		cls += " down"
	}
	switch {
	case c.Good:
		cls += " good"
	case c.Bad:
		cls += " bad"
	}
	if c.Missing != "" {
		cls += " missing"
	}
	return template.HTMLAttr(`class="` + cls + `"`)
}
