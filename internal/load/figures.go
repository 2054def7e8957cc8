package load

// This file lays out the figures of a dataset that takes them from a
// spreadsheet (the figures key): the cells that sheet.go reads become the
// rows, columns, periods and lines the YAML would otherwise hold, with
// each figure's position its cell, and the dataset is then checked as
// any other. The layout, for every kind: the range's first row (or
// header: rows) heads the columns; the first column holds the labels.
//
//   - table: a column of labels, then one column per column of the
//     dataset, matched to columns: by label when they are declared, or
//     taken from the header;
//   - comparison: a column of labels, then the two periods, earlier
//     first; the header names them (and must match periods: if declared);
//   - series: periods down the first column, one line per column after
//     it, matched to lines: by label when they are declared.
//
// In a table or a comparison, the row whose label is total.label is the
// typed total, checked as a typed total is.

import (
	"errors"
	"fmt"
	"io/fs"
	"path"
	"strconv"
	"strings"
	"time"

	"github.com/briefing/briefing/internal/diag"
	"github.com/briefing/briefing/internal/model"
)

// figuresEntry is a dataset's figures key.
type figuresEntry struct {
	At     diag.Pos
	File   sheetName  `yaml:"file" required:"true"`
	Sheet  label      `yaml:"sheet"`
	Range  cellRange  `yaml:"range"`
	Header headerRows `yaml:"header"`
	Blank  blankCode  `yaml:"blank"`
}

// sheetName is a spreadsheet's file, relative to the dataset's folder.
type sheetName struct {
	Name string
	At   diag.Pos
}

func (s *sheetName) decodeScalar(v string, at diag.Pos) error {
	switch ext := strings.ToLower(path.Ext(v)); {
	case strings.HasPrefix(v, "/") || strings.Contains(v, `\`) || path.Clean(v) != v:
		return fmt.Errorf("%q is not a path relative to the dataset's folder; write it with / between folders, such as robbery.xlsx or sheets/robbery.csv", v)
	case ext == ".xls" || ext == ".ods" || ext == ".xlsm" || ext == ".xlsb":
		return fmt.Errorf("%q is not a file Briefing reads; save it from the spreadsheet as \"Excel Workbook (.xlsx)\" or as \"CSV UTF-8\"", v)
	case ext != ".xlsx" && ext != ".csv":
		return fmt.Errorf("%q is not a spreadsheet; name an Excel workbook (.xlsx) or a CSV file (.csv)", v)
	}
	s.Name, s.At = v, at
	return nil
}

// headerRows is how many rows at the top of the range head its columns.
type headerRows int

func (h *headerRows) decodeScalar(s string, _ diag.Pos) error {
	if len(s) != 1 || s[0] < '1' || s[0] > '3' {
		return fmt.Errorf("%q is not a number of header rows; use 1, 2 or 3", s)
	}
	*h = headerRows(s[0] - '0')
	return nil
}

// blankCode is what an empty cell, or a spreadsheet's blank such as
// "..", means: one of the GSS codes.
type blankCode model.Missing

func (b *blankCode) decodeScalar(s string, _ diag.Pos) error {
	switch s {
	case "[x]", "[c]", "[z]":
		*b = blankCode(s[1:2])
		return nil
	}
	return fmt.Errorf("%q is not a code for a blank; use \"[x]\" (not available), \"[c]\" (confidential) or \"[z]\" (not applicable)", s)
}

// figureSource is what parseDataset keeps of a spreadsheet read: its
// file and bytes, for the dataset's hash.
type figureSource struct {
	file string
	data []byte
}

// readFigures reads the spreadsheet f names for the dataset file name.
func (l *loader) readFigures(name string, f *figuresEntry) (*grid, *figureSource) {
	file := path.Join(path.Dir(name), f.File.Name)
	if !fs.ValidPath(file) {
		l.errs.Add(f.File.At, "%q leads out of the site folder; keep the spreadsheet in the site, such as beside the dataset", f.File.Name)
		return nil, nil
	}
	src := &sheetSource{file: file, fileAt: f.File.At, sheet: f.Sheet.Text, sheetAt: f.Sheet.At, rng: f.Range, errs: &l.errs}
	if !isWorkbookName(file) && f.Sheet.Text != "" {
		l.errs.Add(f.Sheet.At, "sheet: a CSV file has no sheets; remove sheet, or name a workbook (.xlsx)")
		return nil, nil
	}
	g := readSheet(l.fsys, src)
	if src.data == nil {
		return nil, nil
	}
	return g, &figureSource{file: file, data: src.data}
}

// sheetHash is the hash of a dataset whose figures are in a spreadsheet:
// of its YAML and of the spreadsheet's bytes, so that a change to either
// changes the packs that quote it.
func sheetHash(yamlData []byte, src *figureSource) string {
	return hash([]byte("briefing dataset\x00" + hash(yamlData) + "\x00" + src.file + "\x00" + hash(src.data)))
}

// sheetLayout is a grid split into its header and rows.
type sheetLayout struct {
	g       *grid
	corner  string  // the heading of the column of labels, "" for none
	columns []label // the heading of each column after the first
	rows    []sheetRow
}

type sheetRow struct {
	label string
	at    diag.Pos // the label's cell
	first cell     // the label's cell
	cells []cell   // the cells after the label
}

// normal is a label as labels are matched: spaces collapsed, any case.
func normal(s string) string { return strings.ToLower(strings.Join(strings.Fields(s), " ")) }

// layout splits g after its header rows, or reports why it cannot.
func (l *loader) layout(g *grid, header headerRows) *sheetLayout {
	h := max(int(header), 1)
	if len(g.rows) <= h || len(g.rows[0]) < 2 {
		l.errs.Add(g.rng.At, "range %s: a dataset's range has %s of headings, then at least one row; and a column of labels, then at least one of figures", g.rng, countRows(h))
		return nil
	}
	lay := &sheetLayout{g: g}
	// The labels' own heading ("Area", "Site"): the row_header a dataset
	// that does not give one takes, its header rows' texts joined.
	var corner []string
	for i := range h {
		if text, err := g.rows[i][0].label(); err == nil && text != "" && (len(corner) == 0 || corner[len(corner)-1] != text) {
			corner = append(corner, text)
		}
	}
	lay.corner = strings.Join(corner, " ")
	left := make([]string, h) // the heading on the left, in each header row
	for j := 1; j < len(g.rows[0]); j++ {
		var parts []string
		var last cell
		for i := range h {
			c := g.rows[i][j]
			last = c
			text, err := c.label()
			if err != nil {
				l.errs.Add(c.at, "%v", err)
				continue
			}
			// In an upper header row, an empty cell continues the
			// heading on its left, as a merged one does: a CSV file
			// keeps a merged heading in its first cell only.
			if text == "" && i < h-1 {
				text = left[i]
			}
			left[i] = text
			// A merged heading gives its text to every cell it covers:
			// "2017/18" over "Q1" and "Q2". A heading merged down the
			// header rows is said once.
			if text != "" && (len(parts) == 0 || parts[len(parts)-1] != text) {
				parts = append(parts, text)
			}
		}
		if len(parts) == 0 {
			l.errs.Add(last.at, "the column has no heading; write one in the header row, so that its figures are named")
		}
		lay.columns = append(lay.columns, label{Text: strings.Join(parts, " "), At: last.at})
	}
	for _, row := range g.rows[h:] {
		c := row[0]
		text, err := c.label()
		switch {
		case c.merged != "":
			l.errs.Add(c.at, "the cell is inside the merged cells %s; give each row its own label (unmerge them)", c.merged)
		case err != nil:
			l.errs.Add(c.at, "%v", err)
		case text == "" && emptyRow(row) && l.importing:
			l.errs.Add(c.at, "the row is empty; give the table's cells with --range (such as --range A3:D12), or delete the row")
			continue
		case text == "" && emptyRow(row):
			l.errs.Add(c.at, "the row is empty; end the range above it, or delete the row")
			continue
		case text == "":
			l.errs.Add(c.at, "the row has no label; write one in its first cell")
		}
		lay.rows = append(lay.rows, sheetRow{label: text, at: c.at, first: c, cells: row[1:]})
	}
	return lay
}

func countRows(n int) string {
	if n == 1 {
		return "a row"
	}
	return strconv.Itoa(n) + " rows"
}

func emptyRow(row []cell) bool {
	for _, c := range row {
		if c.kind != cellEmpty {
			return false
		}
	}
	return true
}

// figure reads the cell as a figure, reporting a mistake at the cell; a
// mistake gives a value that counts as broken, as YAML's do.
func (l *loader) figure(c cell, percent bool, blank blankCode) value {
	if c.merged != "" {
		l.errs.Add(c.at, "the cell is inside the merged cells %s; give each figure a cell of its own (unmerge them)", c.merged)
		return value{model.Value{At: model.Pos(c.at)}}
	}
	v, err := c.figure(percent, model.Missing(blank))
	var gap gapError
	if errors.As(err, &gap) && l.importing {
		l.errs.Add(c.at, "%s; a figure not given is written as [x] (not available), [c] (confidential) or [z] (not applicable): write one in the cell", string(gap))
		return value{model.Value{At: model.Pos(c.at)}}
	}
	if err != nil {
		l.errs.Add(c.at, "%v", err)
		return value{model.Value{At: model.Pos(c.at)}}
	}
	return value{v}
}

// matchColumns matches the headings of lay to declared columns by label,
// and returns, for each declared column, the index of its column in the
// sheet (-1: not there). what names them in messages ("column", "line").
func (l *loader) matchColumns(lay *sheetLayout, declared []columnEntry, what string) []int {
	var labels []string
	index := map[string]int{}
	for i, c := range declared {
		labels = append(labels, c.Label)
		if _, dup := index[normal(c.Label)]; !dup {
			index[normal(c.Label)] = i
		}
	}
	where := make([]int, len(declared))
	for i := range where {
		where[i] = -1
	}
	for j, h := range lay.columns {
		i, ok := index[normal(h.Text)]
		switch {
		case h.Text == "":
		case !ok:
			l.errs.Add(h.At, "the heading %q is not the label of any of the dataset's %ss%s", h.Text, what, diag.Suggest(h.Text, labels, what+"s"))
		case where[i] >= 0:
			l.errs.Add(h.At, "the heading %q is there twice; each %s has one column", h.Text, what)
		default:
			where[i] = j
		}
	}
	for i, c := range declared {
		if where[i] < 0 && c.At.Path != "" {
			l.errs.Add(c.At, "%s %q is not among the spreadsheet's headings (%s); its label and its heading must be the same", what, c.Label, headingsOf(lay))
		}
	}
	return where
}

func headingsOf(lay *sheetLayout) string {
	var s []string
	for _, c := range lay.columns {
		s = append(s, strconv.Quote(c.Text))
	}
	return strings.Join(s, ", ")
}

// columnsFromHeader makes a column of each heading, with an id made of
// its label.
func columnsFromHeader(lay *sheetLayout) []columnEntry {
	seen := map[ident]bool{}
	var out []columnEntry
	for _, h := range lay.columns {
		id := ident(Slug(h.Text))
		for n := 2; seen[id]; n++ {
			id = ident(Slug(h.Text) + "-" + strconv.Itoa(n))
		}
		seen[id] = true
		out = append(out, columnEntry{At: h.At, ID: id, Label: h.Text, Decimals: decimals{}})
	}
	return out
}

// Slug is an id made of a label: lower-case letters and digits, - between
// words, starting with a letter ("2017/18" is "c2017-18").
func Slug(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(s) {
		switch {
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			b.WriteRune(r)
			dash = false
		default:
			dash = true
		}
	}
	out := b.String()
	if out == "" || out[0] < 'a' {
		out = "c" + out
	}
	return out
}

// looksLikeTotal reports whether a row's label says it is a total.
func looksLikeTotal(label string) bool {
	switch normal(label) {
	case "total", "totals", "grand total", "all", "overall":
		return true
	}
	return false
}

// sheetRows makes the rows of a table or comparison from lay, each value
// read for the column at where[i] with percent[i]; the row labelled as
// the total becomes the typed total's values.
func (l *loader) sheetRows(lay *sheetLayout, where []int, percent []bool, total *totalEntry, blank blankCode) []rowEntry {
	var rows []rowEntry
	var totalAt diag.Pos // the total's row, once found
	for _, r := range lay.rows {
		vals := make([]value, len(where))
		for i, j := range where {
			if j < 0 {
				vals[i] = value{model.Value{At: model.Pos(r.at)}}
				continue
			}
			vals[i] = l.figure(r.cells[j], percent[i], blank)
		}
		if total.Label != "" && normal(r.label) == normal(total.Label) {
			if totalAt.Path != "" {
				l.errs.Add(r.at, "a second row labelled %q; the total is the row at %s", r.label, totalAt.Cell())
				continue
			}
			totalAt = r.at
			if len(total.Values) > 0 {
				l.errs.Add(total.At, "total: its values come from the spreadsheet's row %q (%s); remove values here", r.label, r.at.Cell())
			}
			total.Values = vals
			continue
		}
		if looksLikeTotal(r.label) {
			l.errs.Add(r.at, "the row %q is a total; say so in the dataset (total: {label: %s}) so that it is checked as one rather than counted as a row", r.label, r.label)
		}
		rows = append(rows, rowEntry{At: r.at, Label: r.label, Values: vals})
	}
	return rows
}

// fromSheet reports keys that a spreadsheet's figures replace.
func (l *loader) fromSheet(g *grid, key string, at diag.Pos) {
	l.errs.Add(at, "%s: the figures come from %s; remove %s, or remove figures", key, g.file, key)
}

// layoutFor lays out g for the dataset whose figures it holds: the
// heading over its labels is the dataset's row_header when the YAML gives
// none.
func (l *loader) layoutFor(g *grid, fig figuresEntry, common *datasetCommon) *sheetLayout {
	lay := l.layout(g, fig.Header)
	if lay != nil && common.RowHeader == "" {
		common.RowHeader = lay.corner
	}
	return lay
}

// replaceRows reports rows typed in the YAML of a dataset whose rows come
// from the spreadsheet g, and lets them go.
func (l *loader) replaceRows(g *grid, rows *[]rowEntry) {
	if len(*rows) > 0 {
		l.fromSheet(g, "rows", (*rows)[0].At)
	}
	*rows = nil
}

func (l *loader) tableFigures(f *tableFile, g *grid) {
	lay := l.layoutFor(g, f.Figures, &f.datasetCommon)
	l.replaceRows(g, &f.Rows)
	if lay == nil {
		return
	}
	if len(f.Columns) == 0 {
		f.Columns = columnsFromHeader(lay)
	}
	where := l.matchColumns(lay, f.Columns, "column")
	percent := make([]bool, len(f.Columns))
	for i, c := range f.Columns {
		percent[i] = c.Percent
	}
	f.Rows = l.sheetRows(lay, where, percent, &f.Total, f.Figures.Blank)
}

func (l *loader) comparisonFigures(f *comparisonFile, g *grid) {
	lay := l.layoutFor(g, f.Figures, &f.datasetCommon)
	l.replaceRows(g, &f.Rows)
	if lay == nil {
		return
	}
	if len(lay.columns) != 2 {
		l.errs.Add(g.rng.At, "range %s has %d columns of figures; a comparison has two, the earlier period first, after a column of labels", g.rng, len(lay.columns))
		return
	}
	if len(f.Periods) == 0 {
		f.Periods = lay.columns
	} else if len(f.Periods) == 2 {
		for i, p := range f.Periods {
			if h := lay.columns[i]; normal(h.Text) != normal(p.Text) {
				l.errs.Add(h.At, "the heading %q is not %q, the period periods: names here; make them the same, or remove periods to take the headings", h.Text, p.Text)
			}
		}
	}
	f.Rows = l.sheetRows(lay, []int{0, 1}, []bool{false, false}, &f.Total, f.Figures.Blank)
}

func (l *loader) seriesFigures(f *seriesFile, g *grid) {
	lay := l.layoutFor(g, f.Figures, &f.datasetCommon)
	if len(f.Periods) > 0 {
		l.fromSheet(g, "periods", f.Periods[0].At)
	}
	f.Periods = nil
	for i := range f.Lines {
		if f.Lines[i].Values != nil {
			l.fromSheet(g, fmt.Sprintf("lines[%d].values", i), f.Lines[i].At)
		}
		f.Lines[i].Values = nil
	}
	if lay == nil {
		return
	}
	if len(f.Lines) == 0 {
		for _, c := range columnsFromHeader(lay) {
			f.Lines = append(f.Lines, lineEntry{columnEntry: c})
		}
	}
	cols := make([]columnEntry, len(f.Lines))
	for i, line := range f.Lines {
		cols[i] = line.columnEntry
	}
	where := l.matchColumns(lay, cols, "line")
	for _, r := range lay.rows {
		var p period
		key, err := periodOf(r, g.date1904)
		if err == nil {
			err = p.decodeScalar(key, r.at)
		}
		if err != nil {
			l.errs.Add(r.at, "%v", err)
			p = period{At: r.at, Key: r.label}
		}
		f.Periods = append(f.Periods, p)
		for i, j := range where {
			v := value{model.Value{At: model.Pos(r.at)}}
			if j >= 0 {
				v = l.figure(r.cells[j], f.Lines[i].Percent, f.Figures.Blank)
			}
			f.Lines[i].Values = append(f.Lines[i].Values, v)
		}
	}
}

// periodOf reads a series row's period from its label cell: text as
// periods: takes it (2018, 2018-03, 2018-03-12) or a month as the pack
// writes it (March 2018, Mar 2018), a whole number (a year), or a date
// (a month when the cell's format shows no day).
func periodOf(r sheetRow, date1904 bool) (string, error) {
	c := r.first
	if c.kind == cellNumber && c.date != "" {
		s, err := storedDecimal(c.text, 0)
		if err != nil {
			return "", err
		}
		serial, err := strconv.Atoi(s)
		if err != nil || serial < 1 || serial > 100_000 {
			return "", fmt.Errorf("the cell holds %s, which is not a day; a period is a year, a month or a day", s)
		}
		t := excelDate(serial, date1904)
		if c.date == "month" {
			return t.Format("2006-01"), nil
		}
		return t.Format(time.DateOnly), nil
	}
	for _, layout := range []string{model.MonthLayout, "Jan 2006", "January-2006", "Jan-2006", "Jan-06"} {
		if t, err := time.Parse(layout, r.label); err == nil {
			return t.Format("2006-01"), nil
		}
	}
	return r.label, nil
}

// excelDate is the day a spreadsheet's date serial number stands for.
// In the 1900 system, day 1 is 1 January 1900 and day 60 the 29 February
// 1900 that Lotus 1-2-3 invented; in the 1904 system, day 0 is 1 January
// 1904.
func excelDate(serial int, date1904 bool) time.Time {
	switch {
	case date1904:
		return time.Date(1904, 1, 1+serial, 0, 0, 0, 0, time.UTC)
	case serial < 60:
		return time.Date(1899, 12, 31+serial, 0, 0, 0, 0, time.UTC)
	}
	return time.Date(1899, 12, 30+serial, 0, 0, 0, 0, time.UTC)
}
