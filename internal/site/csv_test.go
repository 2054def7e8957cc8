package site

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io/fs"
	"math/big"
	"net/url"
	"os"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/briefing/briefing"
	"github.com/briefing/briefing/internal/compute"
	"github.com/briefing/briefing/internal/load"
	"github.com/briefing/briefing/internal/model"
	"github.com/briefing/briefing/internal/render"
	"github.com/google/go-cmp/cmp"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

const bom = "\uFEFF"

// TestCSVDownloads builds the example site and reads back every CSV file
// it offers: each download link of each pack (its data: address decoded)
// and each file beside the packs that index.json lists. Each is RFC 4180
// CSV in UTF-8 after a byte order mark, that encoding/csv reads and writes
// back byte for byte; the link and the file hold the same bytes; and its
// figures are the pack's table's, as shown, and the dataset's, within the
// rounding shown.
func TestCSVDownloads(t *testing.T) {
	fsys := os.DirFS("../..")
	files := exampleFiles(t)
	tables := computedDatasets(t, fsys)
	var ix render.Index
	if err := json.Unmarshal(files["index.json"], &ix); err != nil {
		t.Fatal(err)
	}
	links, listed, sums := 0, 0, 0
	for _, c := range ix.Committees {
		for _, m := range c.Meetings {
			packs := map[string][]render.IndexData{m.Path: m.Data}
			for _, v := range m.Versions {
				packs[v.Path] = v.Data
			}
			for pack, data := range packs {
				for _, d := range data {
					listed++
					file, ok := files[d.Path]
					if !ok {
						t.Errorf("%s: index.json lists %s, which the build did not write", pack, d.Path)
						continue
					}
					if got := sha256Hex(file); got != d.SHA256 {
						t.Errorf("%s: index.json says SHA-256 %s, the file's is %s", d.Path, d.SHA256, got)
					}
					if d.Source == "" || d.Updated == "" || d.Title == "" || d.Dataset == "" {
						t.Errorf("%s: index.json lacks its title, dataset, source or date: %+v", d.Path, d)
					}
					records := readCSV(t, d.Path, file)
					checkDataset(t, d, records, tables[d.Dataset])
					if d.Chart == "" {
						sums += checkRowTypes(t, d.Path, records, tables[d.Dataset])
					}
				}
				for _, dl := range downloads(t, pack, files[pack]) {
					links++
					d, ok := dataBySum(data, dl.data)
					if !ok {
						t.Errorf("%s: the link %s holds a file that index.json does not list", pack, dl.name)
						continue
					}
					if !bytes.Equal(dl.data, files[d.Path]) {
						t.Errorf("%s: the link %s holds other bytes than %s", pack, dl.name, d.Path)
					}
					records := readCSV(t, pack+" "+dl.name, dl.data)
					if diff := cmp.Diff(dl.table, shownAsCSV(records)); diff != "" {
						t.Errorf("%s: %s differs from the pack's table (-table +csv):\n%s", pack, dl.name, diff)
					}
				}
			}
		}
	}
	if links < 15 || listed < 15 {
		t.Errorf("only %d download links and %d listed files in the example", links, listed)
	}
	if sums < 10 {
		t.Errorf("only %d sums checked by row type in the example's CSV files", sums)
	}
}

// checkRowTypes checks a table's CSV "Row type" column, which a reader
// uses to sum a column without counting a figure twice: a table with a
// total, parts or rows outside the total has it, and then, in every
// typed column (a measure, such as a change, does not add up), the exact figures of the rows typed "row" add up to the total,
// and the parts after a row add up to that row, wherever none is
// missing. It returns how many sums it checked.
func checkRowTypes(t *testing.T, name string, records [][]string, tab *compute.Table) int {
	t.Helper()
	if tab == nil {
		return 0
	}
	rows, _ := tableCells(tab)
	typed := tab.Total != nil || len(tab.After) > 0
	for _, r := range tab.Rows {
		typed = typed || r.Kind != compute.DataRow
	}
	at := slices.Index(records[0], "Row type")
	if typed != (at >= 0) {
		t.Errorf("%s: has a Row type column %v, want %v", name, at >= 0, typed)
		return 0
	}
	if !typed || len(records)-1 != len(rows) {
		return 0
	}
	checked := 0
	for ci := range tab.Columns {
		if tab.Columns[ci].Measure {
			continue // a change or a rate: not a count that adds up
		}
		var total, part *big.Rat = new(big.Rat), nil
		var whole *compute.Row
		missing, partMissing := false, false
		closeParts := func() {
			if whole != nil && part != nil && !partMissing && whole.Cells[ci].Exact != nil {
				checked++
				if part.Cmp(whole.Cells[ci].Exact) != 0 {
					t.Errorf("%s: the parts of %q add up to %s in %s, the row is %s", name, whole.Label, part.FloatString(4), tab.Columns[ci].Label, whole.Cells[ci].Exact.FloatString(4))
				}
			}
			part, partMissing = nil, false
		}
		for i, r := range rows {
			c := r.Cells[ci].Exact
			switch records[i+1][at] {
			case "row":
				closeParts()
				if r.Kind != compute.RemainderRow {
					whole = &rows[i]
				} else {
					whole = nil
				}
				if c == nil {
					missing = true
				} else {
					total.Add(total, c)
				}
			case "part":
				if part == nil {
					part = new(big.Rat)
				}
				if c == nil {
					partMissing = true
				} else {
					part.Add(part, c)
				}
			case "total":
				closeParts()
				if c != nil && !missing {
					checked++
					if total.Cmp(c) != 0 {
						t.Errorf("%s: the rows typed row add up to %s in %s, the total is %s", name, total.FloatString(4), tab.Columns[ci].Label, c.FloatString(4))
					}
				}
			case "outside total":
				closeParts()
				whole = nil
			default:
				t.Errorf("%s: row %d has Row type %q", name, i+1, records[i+1][at])
			}
		}
		closeParts()
	}
	return checked
}

// computedDatasets are the example's datasets, computed, by id.
func computedDatasets(t *testing.T, fsys fs.FS) map[string]*compute.Table {
	t.Helper()
	tables := map[string]*compute.Table{}
	_, err := load.Load(fsys, load.Options{Dataset: func(ds *model.Dataset) {
		tab, err := compute.Dataset(ds)
		if err != nil {
			t.Errorf("%s: %v", ds.ID, err)
		}
		tables[ds.ID] = tab
	}})
	if err != nil {
		t.Fatal(err)
	}
	return tables
}

func dataBySum(data []render.IndexData, file []byte) (render.IndexData, bool) {
	for _, d := range data {
		if d.SHA256 == sha256Hex(file) {
			return d, true
		}
	}
	return render.IndexData{}, false
}

// readCSV reads a CSV file strictly, and checks its form: a byte order
// mark, CRLF after every record, one header row, every row as wide, and
// written back by encoding/csv byte for byte.
func readCSV(t *testing.T, name string, data []byte) [][]string {
	t.Helper()
	body, ok := bytes.CutPrefix(data, []byte(bom))
	if !ok {
		t.Errorf("%s: no UTF-8 byte order mark", name)
	}
	if !bytes.HasSuffix(body, []byte("\r\n")) || bytes.Count(body, []byte("\n")) != bytes.Count(body, []byte("\r\n")) {
		t.Errorf("%s: a line does not end CRLF", name)
	}
	r := csv.NewReader(bytes.NewReader(body))
	records, err := r.ReadAll() // FieldsPerRecord 0: every record as wide as the first
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	if len(records) < 2 {
		t.Fatalf("%s: %d records, want a header row and rows", name, len(records))
	}
	var back bytes.Buffer
	w := csv.NewWriter(&back)
	w.UseCRLF = true
	if err := w.WriteAll(records); err != nil || !bytes.Equal(back.Bytes(), body) {
		t.Errorf("%s: encoding/csv writes it back differently (err %v):\n%s", name, err, cmp.Diff(string(body), back.String()))
	}
	return records
}

// checkDataset checks a CSV file's figures against its dataset: every
// figure is the computed one within the rounding the pack shows (half a
// unit of its last decimal, or a whole unit for rounding up or down), or
// the missing figure's shorthand.
func checkDataset(t *testing.T, d render.IndexData, records [][]string, tab *compute.Table) {
	t.Helper()
	if tab == nil {
		t.Errorf("%s: no dataset %q", d.Path, d.Dataset)
		return
	}
	if d.Source != tab.Dataset.Source || !strings.HasPrefix(d.Updated, tab.Dataset.Updated.Format("2006-01-02")) {
		t.Errorf("%s: source %q, updated %q; the dataset's are %q, %s", d.Path, d.Source, d.Updated, tab.Dataset.Source, tab.Dataset.Updated)
	}
	rows, cols := tableCells(tab)
	if d.Chart != "" {
		rows, cols = nil, nil
		for _, ch := range tab.Charts {
			if ch.ID == d.Chart {
				for _, ri := range ch.Rows {
					rows = append(rows, tab.Rows[ri])
				}
				cols = ch.Columns
			}
		}
	}
	if len(records)-1 != len(rows) {
		t.Errorf("%s: %d rows, the dataset has %d", d.Path, len(records)-1, len(rows))
		return
	}
	for i, r := range rows {
		rec := records[i+1]
		first := len(rec) - len(cols) // the label, and the group when there is one
		if first < 1 || unneutralised(rec[0]) != r.Label {
			t.Errorf("%s: row %d is %q, the dataset's is %q", d.Path, i+1, rec, r.Label)
			continue
		}
		for k, ci := range cols {
			if err := sameFigure(rec[first+k], r.Cells[ci], tab.Columns[ci]); err != nil {
				t.Errorf("%s: %s, %s: %v", d.Path, r.Label, tab.Columns[ci].Label, err)
			}
		}
	}
}

// tableCells are the rows a table shows, in order, and all its columns.
func tableCells(tab *compute.Table) ([]compute.Row, []int) {
	rows := append([]compute.Row{}, tab.Rows...)
	if tab.Total != nil {
		rows = append(rows, *tab.Total)
	}
	rows = append(rows, tab.After...)
	var cols []int
	for i := range tab.Columns {
		cols = append(cols, i)
	}
	return rows, cols
}

// sameFigure says how field differs from the computed cell c: a missing
// figure must be its shorthand; any other, a plain number with the
// column's decimals, within the rounding of the exact figure.
func sameFigure(field string, c compute.Cell, col compute.Column) error {
	if c.Exact == nil {
		if field != c.Text {
			return fmt.Errorf("%q, want %q", field, c.Text)
		}
		return nil
	}
	got, ok := new(big.Rat).SetString(field)
	_, frac, _ := strings.Cut(field, ".")
	if !ok || len(frac) != col.Decimals || strings.ContainsAny(field, ",+ e") {
		return fmt.Errorf("%q is not a plain number with %d decimals", field, col.Decimals)
	}
	unit := new(big.Rat).SetFrac64(1, 1)
	for range col.Decimals {
		unit.Quo(unit, big.NewRat(10, 1))
	}
	diff := new(big.Rat).Sub(got, c.Exact)
	if diff.Abs(diff).Cmp(unit) >= 0 {
		return fmt.Errorf("%s, the exact figure is %s", field, c.Exact.FloatString(8))
	}
	return nil
}

// unneutralised is a CSV text field as the pack shows it: without the
// apostrophe put before text a spreadsheet would read as a formula.
func unneutralised(s string) string {
	if len(s) > 1 && s[0] == '\'' && strings.ContainsRune("=+-@\t\r", rune(s[1])) {
		return s[1:]
	}
	return s
}

// download is a pack's download link: its file name, the file its
// address holds, and the table it is offered with, as text.
type download struct {
	name  string
	data  []byte
	table [][]string
}

// downloads are the download links of a pack, each with the table
// shown with it (the table's, or the figure's data table).
func downloads(t *testing.T, name string, page []byte) []download {
	t.Helper()
	doc, err := html.Parse(bytes.NewReader(page))
	if err != nil {
		t.Fatal(err)
	}
	var out []download
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && n.DataAtom == atom.A && hasAttr(n, "download") {
			href := attrOf(n, "href")
			enc, ok := strings.CutPrefix(href, render.CSVPrefix)
			data, err := url.PathUnescape(enc)
			if !ok || err != nil {
				t.Errorf("%s: a download link's address is %.60q", name, href)
			}
			out = append(out, download{name: attrOf(n, "download"), data: []byte(data), table: tableBeside(n)})
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	return out
}

// tableBeside is the table a download link is offered with, as the pack
// shows it: its header row, then each row's label, group and figures,
// written as CSV writes figures (no thousands separator, "-" for minus,
// no "+", no arrow).
func tableBeside(a *html.Node) [][]string {
	box := a.Parent
	for box != nil && !(box.DataAtom == atom.Figure || box.DataAtom == atom.Div && attrOf(box, "class") == "dataset") {
		box = box.Parent
	}
	table := findTable(box)
	if table == nil {
		return nil
	}
	var rows [][]string
	group := ""
	grouped := false
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.DataAtom == atom.Tr {
			var cells []string
			for c := n.FirstChild; c != nil; c = c.NextSibling {
				if c.DataAtom == atom.Th || c.DataAtom == atom.Td {
					cells = append(cells, textOf(c))
				}
			}
			switch {
			case attrOf(n, "class") == "group":
				group, grouped = cells[0], true
			case len(rows) == 0:
				rows = append(rows, cells)
			default:
				for i := 1; i < len(cells); i++ {
					cells[i] = asCSVFigure(cells[i])
				}
				if grouped {
					cells = append([]string{cells[0], group}, cells[1:]...)
				}
				rows = append(rows, cells)
			}
			return
		}
		if n.DataAtom == atom.Tbody && attrOf(n, "class") != "" {
			group = "" // the total and the rows after it have no group
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(table)
	if grouped {
		rows[0] = append([]string{rows[0][0], "Group"}, rows[0][1:]...)
	}
	return rows
}

func findTable(n *html.Node) *html.Node {
	if n == nil {
		return nil
	}
	if n.DataAtom == atom.Table {
		return n
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if t := findTable(c); t != nil {
			return t
		}
	}
	return nil
}

func asCSVFigure(s string) string {
	s = strings.TrimSpace(strings.NewReplacer("▲", "", "▼", "", ",", "", "−", "-").Replace(s))
	// A shortfall below zero reads "50% above" in the pack; the CSV keeps
	// the figure, signed, for a spreadsheet to use.
	if n, ok := strings.CutSuffix(s, "% above"); ok {
		return "-" + n
	}
	return strings.TrimPrefix(s, "+")
}

// shownAsCSV is a CSV file's records with their text as the pack shows
// it.
func shownAsCSV(records [][]string) [][]string {
	var out [][]string
	typeAt := slices.Index(records[0], "Row type") // the pack's table has no such column
	for _, rec := range records {
		row := make([]string, 0, len(rec))
		for i, f := range rec {
			if i != typeAt {
				row = append(row, unneutralised(f))
			}
		}
		out = append(out, row)
	}
	return out
}

func textOf(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return strings.Join(strings.Fields(b.String()), " ")
}

func hasAttr(n *html.Node, key string) bool {
	for _, a := range n.Attr {
		if a.Key == key {
			return true
		}
	}
	return false
}

func attrOf(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

// TestCSVInjection builds the example with a table whose labels a
// spreadsheet would read as formulas: in the CSV file, each is text with
// an apostrophe before it, while the figures, negative ones too, stay
// numbers.
func TestCSVInjection(t *testing.T) {
	fsys := exampleSite(t)
	fsys["data/datasets/test/hostile.yaml"] = &fstest.MapFile{Data: []byte(`kind: table
title: Hostile labels
source: A test
updated: 2018-03-09
row_header: "@Team"
columns:
  - {id: a, label: "=A", decimals: 0}
  - {id: b, label: B, decimals: 1}
measures:
  - {id: change, label: "+Change", difference: [a, b], decimals: 1}
rows:
  - {label: '=HYPERLINK("https://evil.example/","x")', values: [1, 2.5]}
  - {label: "+1", values: [2, 0.5]}
  - {label: "-2", values: [3, 1.0]}
  - {label: "@SUM(A1)", values: [4, "[c]"]}
  - {label: 'Plain, with a comma and a "quote"', values: [5, 5.0]}
`)}
	report := fsys["content/scrutiny-co-ordination/2018-03-12/04-wmp2020.md"]
	report.Data = append(bytes.Clone(report.Data), "\n[[table test/hostile]]\n"...)
	res, err := Build(fsys, Options{Defaults: briefing.Defaults})
	if err != nil {
		t.Fatal(err)
	}
	file := res.Files["scrutiny-co-ordination/2018-03-12/data/test/hostile.csv"]
	if file == nil {
		t.Fatal("no data/test/hostile.csv beside the pack")
	}
	got := readCSV(t, "hostile.csv", file)
	want := [][]string{
		{"'@Team", "'=A", "B", "'+Change"},
		{`'=HYPERLINK("https://evil.example/","x")`, "1", "2.5", "1.5"},
		{"'+1", "2", "0.5", "-1.5"},
		{"'-2", "3", "1.0", "-2.0"},
		{"'@SUM(A1)", "4", "[c]", "[c]"},
		{`Plain, with a comma and a "quote"`, "5", "5.0", "0.0"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("hostile.csv (-want +got):\n%s", diff)
	}
}
