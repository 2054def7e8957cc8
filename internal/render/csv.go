package render

import (
	"bytes"
	"crypto/sha256"
	"encoding/csv"
	"fmt"
	"html/template"
	"path"
	"strings"
	"time"

	"github.com/briefing/briefing/internal/compute"
	"github.com/briefing/briefing/internal/model"
	"github.com/briefing/briefing/internal/number"
	"github.com/briefing/briefing/internal/pagecheck"
)

// The data behind every table and figure of a pack, to take away: a CSV
// file (RFC 4180, UTF-8 with a byte order mark so that a spreadsheet
// reads it as UTF-8, lines ending CRLF), one header row and then the rows
// the pack's table shows, in its order. It travels twice: inside the pack
// as a download link whose address holds the file (csvHref), so that it
// works offline and with no script, and beside the pack as a plain file
// (DataFile), listed in index.json with its source and "data updated".
//
// A figure is written as the table shows it, rounded to the same
// decimals, as a plain number a spreadsheet reads: no thousands
// separator, "-" for minus, no "+" and no unit. The exact figures are in
// the dataset. A missing figure is its GSS shorthand ([x], [c], [z]) or
// n/a, as shown. Text (row labels, groups, headings) that a spreadsheet
// would read as a formula (csvText) is neutralised.

// CSVPrefix begins the address of every download link Briefing writes;
// the rest is the file, every byte but the unreserved ones (RFC 3986:
// letters, digits, "-", ".", "_", "~") percent-encoded. pagecheck allows
// a data: address only in this form.
const CSVPrefix = pagecheck.CSVPrefix

// DataFile is a CSV file of a pack version: the figures of one of its
// tables or figures.
type DataFile struct {
	// Name is the file's path in the version's data folder: the dataset's
	// id for a table ("wmp2020/robbery.csv"), with the chart's id after a
	// dot for a figure ("wmp2020/robbery.monthly.csv"). A dataset id has no
	// dot, so the two never meet.
	Name    string
	Title   string // "Table 3: …" or "Figure 2: …", as the pack numbers it
	Dataset string
	Chart   string // the chart's id, "" for a table
	Unit    string // the dataset's unit
	Source  string
	Updated string // yyyy-mm-dd, or yyyy-mm-ddThh:mm when the stamp has a time
	SHA256  string // of the file
}

// dataDir is the folder, beside a pack, of its CSV files.
const dataDir = "data"

// DataPath is where the data file name of the pack at pack goes.
func DataPath(pack, name string) string {
	return path.Join(path.Dir(pack), dataDir, name)
}

// download is a download link's data in a layout (the "download"
// partial).
type download struct {
	Name  string       // for the download attribute: the file name, folders joined by "-"
	Href  template.URL // CSVPrefix and the file
	Label string       // "Table 3", "Figure 2"
	Size  string       // "1.2 KB"
}

// csvFile is a table's or a figure's CSV, made once per pack.
type csvFile struct {
	DataFile
	data []byte
}

// tableCSV is the CSV of a table as the pack shows it: every row, its
// group, total and the rows after the total.
//
// A table whose rows do not all add up to its columns (a total, parts of
// a row, what the parts leave, rows outside the total) gets a "Row type"
// column, so that a reader who sums a column in a spreadsheet can take
// the rows that add up ("row", csvRowType) and not count a figure twice.
func tableCSV(t *compute.Table) []byte {
	grouped, typed := false, t.Total != nil || len(t.After) > 0
	for _, r := range t.Rows {
		grouped = grouped || r.Group != ""
		typed = typed || r.Kind != compute.DataRow
	}
	head := []string{t.Dataset.RowHeader}
	if grouped {
		head = append(head, "Group")
	}
	if typed {
		head = append(head, "Row type")
	}
	for _, c := range t.Columns {
		label := plainSpaces(c.Heading())
		if c.Unit != "" {
			label += " (" + c.Unit + ")"
		}
		head = append(head, label)
	}
	records := [][]string{head}
	add := func(r compute.Row, kind string) {
		rec := []string{r.Label}
		if grouped {
			rec = append(rec, r.Group)
		}
		if typed {
			rec = append(rec, kind)
		}
		for i, c := range r.Cells {
			rec = append(rec, csvFigure(c, t.Columns[i]))
		}
		records = append(records, rec)
	}
	for _, r := range t.Rows {
		kind := csvRowType[r.Kind]
		if r.Kind == compute.RemainderRow && !r.OfRow {
			kind = "row" // what the rows leave of the total adds up with them
		}
		add(r, kind)
	}
	if t.Total != nil {
		add(*t.Total, csvRowType[compute.TotalRow])
	}
	for _, r := range t.After {
		add(r, "outside total")
	}
	return writeCSV(records)
}

// csvRowType is the "Row type" of each kind of row in a table's CSV: the
// rows typed "row" add up to the total, and the parts of a row (what
// they leave of it included), typed "part", add up to that row.
var csvRowType = [...]string{
	compute.DataRow:      "row",
	compute.PartRow:      "part",
	compute.RemainderRow: "part",
	compute.TotalRow:     "total",
}

// chartCSV is the CSV of a figure: the rows and columns it draws, as its
// data table shows them.
func chartCSV(t *compute.Table, ch compute.Chart) []byte {
	head := []string{t.Dataset.RowHeader}
	for _, ci := range ch.Columns {
		head = append(head, plainSpaces(t.Columns[ci].Heading()))
	}
	records := [][]string{head}
	for _, ri := range ch.Rows {
		rec := []string{t.Rows[ri].Label}
		for _, ci := range ch.Columns {
			rec = append(rec, csvFigure(t.Rows[ri].Cells[ci], t.Columns[ci]))
		}
		records = append(records, rec)
	}
	return writeCSV(records)
}

// csvFigure is a cell as a CSV field: its GSS shorthand when it is
// missing, else the figure as shown, as a plain number.
func csvFigure(c compute.Cell, col compute.Column) string {
	if c.Missing != "" || c.Shown == nil {
		return c.Text
	}
	return c.Shown.FloatString(col.Decimals)
}

// writeCSV writes records as RFC 4180 CSV after a UTF-8 byte order mark,
// every text field made safe for a spreadsheet (csvText).
func writeCSV(records [][]string) []byte {
	var b bytes.Buffer
	b.WriteString("\uFEFF")
	w := csv.NewWriter(&b)
	w.UseCRLF = true
	for i, rec := range records {
		for j, f := range rec {
			if i == 0 || j == 0 || !isFigure(f) {
				rec[j] = csvText(f)
			}
		}
		_ = w.Write(rec) // a bytes.Buffer does not fail
	}
	w.Flush()
	return b.Bytes()
}

// isFigure reports whether f is a figure csvFigure wrote: a plain number
// or a missing figure's shorthand.
func isFigure(f string) bool {
	switch f {
	case "[x]", "[c]", "[z]", "n/a":
		return true
	}
	f = strings.TrimPrefix(f, "-")
	whole, frac, _ := strings.Cut(f, ".")
	return whole != "" && digits(whole) && digits(frac)
}

func digits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// csvText neutralises text that a spreadsheet would read as a formula
// (CSV injection): a field that begins with "=", "+", "-", "@", a tab or
// a carriage return gets an apostrophe before it, which spreadsheets
// read as "this is text" and do not show. Figures are never touched: a
// figure is a plain number, which no spreadsheet runs.
func csvText(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

// csvHref is the address of a download link holding data: CSVPrefix, then
// every byte of data percent-encoded but the unreserved ones.
func csvHref(data []byte) template.URL {
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	b.Grow(len(CSVPrefix) + 3*len(data))
	b.WriteString(CSVPrefix)
	for _, c := range data {
		if unreserved(c) {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hex[c>>4])
		b.WriteByte(hex[c&15])
	}
	return template.URL(b.String())
}

// unreserved reports whether c is one of RFC 3986's unreserved
// characters, which an address may carry as they are.
func unreserved(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-' || c == '.' || c == '_' || c == '~'
}

// updatedStamp is a dataset's "data updated" for index.json.
func updatedStamp(ds *model.Dataset) string {
	if ds.UpdatedClock {
		return ds.Updated.Format("2006-01-02T15:04")
	}
	return ds.Updated.Format(time.DateOnly)
}

// offer makes the CSV of a table (chartID "") or a figure of t, labelled
// label ("Table 3"), keeps it for the version's data folder, and returns
// its download link.
func (d *packData) offer(t *compute.Table, chartID, label, title string, data []byte) *download {
	name := t.Dataset.ID
	if chartID != "" {
		name += "." + chartID
	}
	name += ".csv"
	if d.csvSeen == nil {
		d.csvSeen = map[string]bool{}
	}
	if !d.csvSeen[name] {
		d.csvSeen[name] = true
		ds := t.Dataset
		d.csv = append(d.csv, csvFile{DataFile{Name: name, Title: label + ": " + title, Dataset: ds.ID, Chart: chartID, Unit: ds.Unit,
			Source: ds.Source, Updated: updatedStamp(ds), SHA256: fmt.Sprintf("%x", sha256.Sum256(data))}, data})
	}
	return &download{Name: strings.ReplaceAll(name, "/", "-"), Href: csvHref(data), Label: label, Size: number.Size(int64(len(data)))}
}

// plainSpaces writes a heading's no-break spaces (which keep a period's
// dates together on the page) as plain ones: a spreadsheet has no use
// for them, and some show them as odd characters.
func plainSpaces(s string) string { return strings.ReplaceAll(s, "\u00a0", " ") }
