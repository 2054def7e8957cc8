package load

import (
	"fmt"
	"io/fs"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/briefing/briefing/internal/diag"
	"github.com/briefing/briefing/internal/model"
)

// ImportOptions say what Import reads.
type ImportOptions struct {
	Kind   model.Kind // table, comparison or series
	Sheet  string     // a workbook's sheet; "" for a CSV file
	Range  string     // "A3:D12"; "" for every used cell
	Header int        // rows of headings at the top of the range; 0 is 1
	// Shown is the file's name as messages give it (the path typed),
	// when it is not name.
	Shown string
}

// ImportKinds are the kinds of dataset Import writes.
var ImportKinds = []model.Kind{model.KindTable, model.KindComparison, model.KindSeries}

// CheckRange says what is wrong with a range of cells as typed, or nil.
func CheckRange(s string) error {
	var r cellRange
	return r.decodeScalar(s, diag.Pos{})
}

// Import reads the spreadsheet name in fsys, laid out as a dataset of
// opts.Kind takes its figures (see figures.go), and writes the dataset's
// YAML with the figures inline, by the same rules as a dataset that names
// the spreadsheet. What it cannot know, the title, source and "data
// updated" date, is left as commented lines to fill in. A percentage
// column is one whose cells are formatted as percentages or end in %; a
// row labelled Total (or Totals, Grand total, All, Overall) is the typed
// total. Every mistake is returned, as a diag.List.
func Import(fsys fs.FS, name string, opts ImportOptions) ([]byte, error) {
	l := &loader{fsys: fsys, importing: true}
	out, ok := l.importSheet(name, opts)
	if opts.Shown != "" {
		for _, e := range l.errs {
			if e.Pos.Path == name {
				e.Pos.Path = opts.Shown
			}
		}
	}
	if err := l.errs.Sort().Err(); err != nil || !ok {
		return nil, err
	}
	return out, nil
}

func (l *loader) importSheet(name string, opts ImportOptions) ([]byte, bool) {
	at := diag.Pos{Path: name}
	src := &sheetSource{file: name, fileAt: at, sheet: opts.Sheet, sheetAt: at, errs: &l.errs, flags: l.importing}
	if opts.Range != "" {
		if err := src.rng.decodeScalar(opts.Range, at); err != nil {
			l.errs.Add(at, "--range: %v", err)
			return nil, false
		}
	}
	if !isWorkbookName(name) && opts.Sheet != "" {
		l.errs.Add(at, "--sheet: a CSV file has no sheets; leave --sheet out")
		return nil, false
	}
	if !isSpreadsheet(name) {
		l.errs.Add(at, "is not a spreadsheet Briefing reads; save it as \"Excel Workbook (.xlsx)\" or as \"CSV UTF-8\"")
		return nil, false
	}
	g := readSheet(l.fsys, src)
	if g == nil {
		return nil, false
	}
	lay := l.layout(g, headerRows(opts.Header))
	if lay == nil {
		return nil, false
	}
	w := &yamlOut{}
	where := g.rng.String()
	if g.sheet != "" {
		where = diag.Pos{Sheet: g.sheet}.Cell() + "!" + where
	}
	w.line("# Made by briefing import from %s (%s). Fill in the lines marked", lastElem(opts.Shown, name), where)
	w.line("# \"to fill in\" and remove their #: Briefing cannot know them, and")
	w.line("# a dataset without them does not build.")
	w.line("kind: %s", opts.Kind)
	w.line("# title: What the figures show               # to fill in: the caption")
	w.line("# source: Who published the figures          # to fill in")
	w.line("# updated: 2018-03-09                        # to fill in: the \"data updated\" date")
	if h := g.rows[0][0]; h.kind == cellText {
		if text, err := h.label(); err == nil && text != "" && max(opts.Header, 1) == 1 {
			w.line("row_header: %s", scalar(text))
		}
	}
	cols := columnsFromHeader(lay)
	percent := make([]bool, len(cols))
	for j := range cols {
		for _, r := range lay.rows {
			c := r.cells[j]
			if c.percent || c.kind == cellText && strings.HasSuffix(strings.TrimSpace(c.text), "%") {
				percent[j] = true
			}
		}
	}
	before := len(l.errs)
	switch opts.Kind {
	case model.KindTable, model.KindComparison:
		var total totalEntry
		for _, r := range lay.rows {
			if looksLikeTotal(r.label) {
				total.Label = r.label
			}
		}
		where := make([]int, len(cols))
		for j := range where {
			where[j] = j
		}
		if opts.Kind == model.KindComparison {
			if len(cols) != 2 {
				l.errs.Add(at, "the range %s has %d columns of figures; a comparison has two, the earlier period first, after a column of labels", g.rng, len(cols))
				return nil, false
			}
			w.line("periods: [%s, %s]", scalar(cols[0].Label), scalar(cols[1].Label))
			percent = []bool{false, false}
		} else {
			w.line("columns:")
			for j, c := range cols {
				extra := ""
				if percent[j] {
					extra = ", percent: true"
				}
				w.line("  - {id: %s, label: %s%s}", c.ID, scalar(c.Label), extra)
			}
		}
		rows := l.sheetRows(lay, where, percent, &total, "")
		w.line("rows:")
		for _, r := range rows {
			w.line("  - {label: %s, values: %s}", scalar(r.Label), flow(r.Values))
		}
		if total.Label != "" {
			w.line("total:")
			w.line("  label: %s", scalar(total.Label))
			w.line("  values: %s", flow(total.Values))
		}
	case model.KindSeries:
		var periods []string
		for _, r := range lay.rows {
			key, err := periodOf(r, g.date1904)
			var p period
			if err == nil {
				err = p.decodeScalar(key, r.at)
			}
			if err != nil {
				l.errs.Add(r.at, "%v", err)
			}
			periods = append(periods, strconv.Quote(key))
		}
		w.line("periods: [%s]", strings.Join(periods, ", "))
		w.line("lines:")
		for j, c := range cols {
			var vals []value
			for _, r := range lay.rows {
				vals = append(vals, l.figure(r.cells[j], percent[j], ""))
			}
			extra := ""
			if percent[j] {
				extra = ", percent: true"
			}
			w.line("  - {id: %s, label: %s%s, values: %s}", c.ID, scalar(c.Label), extra, flow(vals))
		}
	}
	return []byte(w.b.String()), len(l.errs) == before
}

func lastElem(shown, name string) string {
	if shown != "" {
		name = shown
	}
	return name[strings.LastIndexAny(name, `/\`)+1:]
}

// yamlOut writes a dataset's YAML a line at a time.
type yamlOut struct{ b strings.Builder }

func (w *yamlOut) line(format string, args ...any) {
	fmt.Fprintf(&w.b, format, args...)
	w.b.WriteByte('\n')
}

// plainRE is text that YAML reads as that text when written bare, in a
// flow list or mapping as well as in a block.
var plainRE = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9 .()'&/+-]*[A-Za-z0-9.)]$|^[A-Za-z]$`)

// scalar writes text as a YAML scalar: bare when that reads back as the
// same text, quoted otherwise.
func scalar(s string) string {
	switch strings.ToLower(s) {
	case "y", "n", "yes", "no", "true", "false", "on", "off", "null":
		return strconv.Quote(s)
	}
	if plainRE.MatchString(s) && !strings.Contains(s, " #") {
		return s
	}
	return strconv.Quote(s)
}

// flow writes figures as a YAML flow list: [1577, 27.41, "[c]"].
func flow(vals []value) string {
	parts := make([]string, len(vals))
	for i, v := range vals {
		switch {
		case v.Missing != "":
			parts[i] = `"[` + string(v.Missing) + `]"`
		case v.Num != nil:
			parts[i] = v.Num.FloatString(v.Decimals)
		default:
			parts[i] = `"?"` // a mistake, reported
		}
	}
	return "[" + strings.Join(parts, ", ") + "]"
}

// ImportKindNames lists the kinds Import writes, for messages.
func ImportKindNames() string {
	names := make([]string, len(ImportKinds))
	for i, k := range ImportKinds {
		names[i] = string(k)
	}
	return oneOf(names)
}

// IsImportKind reports whether Import writes datasets of kind k.
func IsImportKind(k string) bool { return slices.Contains(ImportKinds, model.Kind(k)) }
