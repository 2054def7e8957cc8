package load

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"strings"
	"testing"
	"testing/fstest"
	"unicode/utf8"

	"github.com/briefing/briefing/internal/diag"
	"github.com/briefing/briefing/internal/model"
	"github.com/briefing/briefing/internal/sheettest"
)

// datasetErrors is the mistakes of err under data/datasets, or nil: a
// site of datasets alone has no content or committees.
func datasetErrors(err error) error {
	list, _ := err.(diag.List)
	var out diag.List
	for _, e := range list {
		if strings.HasPrefix(e.Pos.Path, "data/datasets/") {
			out = append(out, e)
		}
	}
	return out.Err()
}

func TestStoredDecimal(t *testing.T) {
	tests := []struct {
		raw   string
		shift int
		want  string
	}{
		{"27.41", 0, "27.41"},
		{"27.410000000000004", 0, "27.41"},
		{"0.30000000000000004", 0, "0.3"},
		{"0.2741", 2, "27.41"},
		{"0.27410000000000001", 2, "27.41"},
		{"2.7410000000000004E-2", 0, "0.02741"},
		{"1E3", 0, "1000"},
		{"-0", 0, "0"},
		{"-12.5", 0, "-12.5"},
		{"1577", 0, "1577"},
		{"0.1", 2, "10"},
		{"99999999999999999", 0, "100000000000000000"},
		{"123456789012345678", 0, "123456789012346000"},
		{"0.333333333333333314829616256247", 0, "0.333333333333333"},
	}
	for _, tt := range tests {
		got, err := storedDecimal(tt.raw, tt.shift)
		if err != nil || got != tt.want {
			t.Errorf("storedDecimal(%q, %d) = %q, %v; want %q", tt.raw, tt.shift, got, err, tt.want)
		}
	}
	for _, bad := range []string{"", "abc", "1E99999", "1.2.3", "--1", "1e"} {
		if got, err := storedDecimal(bad, 0); err == nil {
			t.Errorf("storedDecimal(%q) = %q, want an error", bad, got)
		}
	}
}

func TestCellFigure(t *testing.T) {
	text := func(s string) cell { return cell{kind: cellText, text: s} }
	tests := []struct {
		c       cell
		percent bool
		blank   model.Missing
		want    string // the figure, the code, or "error: part of the message"
	}{
		{text("1,577"), false, "", "1577"},
		{text(" 27.41 "), false, "", "27.41"},
		{text("27.40"), false, "", "27.40"},
		{text("-1,031.5"), false, "", "-1031.5"},
		{text("−12"), false, "", "-12"},
		{text("12%"), true, "", "12"},
		{text("12.5 %"), true, "", "12.5"},
		{text("12%"), false, "", "error: its column is not a percentage"},
		{text("1,57"), false, "", "error: groups of three"},
		{text("15,77"), false, "", "error: groups of three"},
		{text("1,5777"), false, "", "error: groups of three"},
		{text("£12"), false, "", "error: not a number"},
		{text("[x]"), false, "", "[x]"},
		{text("[C]"), false, "", "[c]"},
		{text("[z]"), false, "", "[z]"},
		{text(".."), false, "", "error: a spreadsheet's blank"},
		{text("–"), false, "x", "[x]"},
		{text("n/a"), false, "z", "[z]"},
		{cell{}, false, "", "error: the cell is empty"},
		{cell{}, false, "c", "[c]"},
		{cell{kind: cellNumber, text: "27.410000000000004"}, false, "", "27.41"},
		{cell{kind: cellNumber, text: "0.2741", percent: true}, true, "", "27.41"},
		{cell{kind: cellNumber, text: "0.2741", percent: true}, false, "", "error: formatted as a percentage"},
		{cell{kind: cellNumber, text: "0.1", percent: true}, true, "", "10"},
		{cell{kind: cellNumber, text: "0.33333333333333331"}, false, "", "error: more digits than any figure needs"},
		{cell{kind: cellError, text: "#DIV/0!"}, false, "", "error: the spreadsheet error #DIV/0!"},
		{cell{kind: cellBool, text: "1"}, false, "", "error: TRUE"},
		{text("1234567890123456"), false, "", "error: more digits"},
	}
	for _, tt := range tests {
		v, err := tt.c.figure(tt.percent, tt.blank)
		var got string
		switch {
		case err != nil:
			got = "error: " + err.Error()
		case v.Missing != "":
			got = "[" + string(v.Missing) + "]"
		default:
			got = v.Num.FloatString(v.Decimals)
		}
		if want, ok := strings.CutPrefix(tt.want, "error: "); ok && strings.HasPrefix(got, "error: ") && strings.Contains(got, want) {
			continue
		}
		if got != tt.want {
			t.Errorf("%+v (percent %v, blank %q): got %q, want %q", tt.c, tt.percent, tt.blank, got, tt.want)
		}
	}
}

// TestSeriesFromCSV reads a series, periods down the first column in the
// forms a spreadsheet writes them, from a CSV file.
func TestSeriesFromCSV(t *testing.T) {
	fsys := fstest.MapFS{
		"data/datasets/s.yaml": {Data: []byte("kind: series\ntitle: T\nsource: S\nupdated: 2018-03-09\nfigures: {file: s.csv, blank: \"[x]\"}\nlines:\n  - {id: rate, label: Rate, percent: true}\n  - {id: count, label: Count}\n")},
		"data/datasets/s.csv":  {Data: []byte("Month,Count,Rate\nJanuary 2018,\"1,201\",12%\nFeb 2018,..,11.5%\n2018-03,97,\n")},
	}
	var got *model.Dataset
	_, err := Load(fsys, Options{Dataset: func(ds *model.Dataset) { got = ds }})
	if err := datasetErrors(err); err != nil {
		t.Fatal(err)
	}
	var periods, rates, counts []string
	for _, r := range got.Rows {
		periods = append(periods, r.Label)
		for i, v := range r.Values {
			s := "[" + string(v.Missing) + "]"
			if v.Num != nil {
				s = v.Num.FloatString(v.Decimals)
			}
			if i == 0 {
				rates = append(rates, s)
			} else {
				counts = append(counts, s)
			}
		}
	}
	want := "January 2018,February 2018,March 2018 12,11.5,[x] 1201,[x],97"
	if s := strings.Join(periods, ",") + " " + strings.Join(rates, ",") + " " + strings.Join(counts, ","); s != want {
		t.Errorf("got %s, want %s", s, want)
	}
	if got.Figures != "data/datasets/s.csv" || got.SHA256 == hash(fsys["data/datasets/s.yaml"].Data) {
		t.Errorf("Figures %q, SHA256 %s: want the CSV named and in the hash", got.Figures, got.SHA256)
	}
	// The heading over the labels is the row_header the YAML leaves out.
	if got.RowHeader != "Month" {
		t.Errorf("RowHeader %q, want the sheet's heading Month", got.RowHeader)
	}
}

// TestWorkbookErrors: the mistakes of a workbook, each at its cell.
func TestWorkbookErrors(t *testing.T) {
	book, err := sheettest.Workforce(map[string]sheettest.Cell{
		"B6": sheettest.T("1,57"), "C7": sheettest.T("-"), "D9": sheettest.T("abc"), "A8": sheettest.T("Grand total"),
	})
	if err != nil {
		t.Fatal(err)
	}
	fsys := fstest.MapFS{
		"data/datasets/w.yaml": {Data: []byte("kind: table\ntitle: T\nsource: S\nupdated: 2018-03-09\nfigures: {file: w.xlsx, sheet: Teams, range: A3:D10, header: 2}\ncolumns:\n  - {id: e, label: March 2018 Establishment}\n  - {id: s, label: March 2018 Strength}\n  - {id: k, label: Sickness, percent: true}\ntotal: {label: Total}\n")},
		"data/datasets/w.xlsx": {Data: book},
	}
	_, err = Load(fsys, Options{})
	err = datasetErrors(err)
	want := `data/datasets/w.xlsx:Teams!B6: "1,57" is not a number: thousands separators go between groups of three digits, such as 1,577
data/datasets/w.xlsx:Teams!C7: the cell holds "-", a spreadsheet's blank; a figure not given is written as [x] (not available), [c] (confidential) or [z] (not applicable), or say what blanks mean under figures, such as blank: "[x]"
data/datasets/w.xlsx:Teams!A8: the row "Grand total" is a total; say so in the dataset (total: {label: Grand total}) so that it is checked as one rather than counted as a row
data/datasets/w.xlsx:Teams!D9: "abc" is not a number; write it in digits, such as 1577 or 27.41
`
	if list, ok := err.(diag.List); !ok || list.Lines() != want {
		t.Errorf("got\n%v\nwant\n%s", err, want)
	}
}

// FuzzSheet: any CSV file, read as a dataset's figures, gives a dataset
// or positioned mistakes, never a panic, within the time budget.
func FuzzSheet(f *testing.F) {
	f.Add([]byte(sheettest.WorkforceCSV), "A3:D10", 2)
	f.Add([]byte("Area,Last,This\nA,\"1,031\",12%\nB,..,[c]\n"), "", 1)
	f.Add([]byte("a,\"b\nc\",d\n\"x\"\"y\",1e5,−3\n"), "B1:C2", 1)
	f.Fuzz(func(t *testing.T, data []byte, rng string, header int) {
		if CheckRange(rng) != nil {
			rng = ""
		}
		yaml := "kind: table\ntitle: T\nsource: S\nupdated: 2018-03-09\ntotal: {label: Total}\nfigures: {file: f.csv, header: " + string(rune('1'+(header&1))) + "}\n"
		if rng != "" {
			yaml = strings.Replace(yaml, "header:", "range: "+rng+", header:", 1)
		}
		fsys := fstest.MapFS{
			"data/datasets/f.yaml": {Data: []byte(yaml)},
			"data/datasets/f.csv":  {Data: data},
		}
		timed(t, len(data), func() {
			_, err := Load(fsys, Options{})
			if list, ok := err.(diag.List); ok {
				for _, e := range list {
					if e.Pos.Path == "" || (e.Pos.Path == "data/datasets/f.csv" && e.Pos.Line < 1 && utf8.Valid(data)) {
						t.Fatalf("error without a position: %v", e)
					}
				}
			}
		})
		for _, s := range strings.Split(string(data), ",") {
			c := cell{kind: cellText, text: s}
			if v, err := c.figure(true, ""); err == nil && v.Missing == "" && v.Num == nil {
				t.Fatalf("%q: neither a figure nor a mistake", s)
			}
			c.kind = cellNumber
			_, _ = c.figure(true, "")
		}
	})
}

// TestWorkbookCapsEveryWorksheet: the caps hold for a worksheet wherever
// the workbook keeps it. A workbook's relationships may name any part as
// a sheet (Target="/xl/elsewhere.xml"), and excelize reads it there; a
// prescan of xl/worksheets/ alone let a 12 KB file whose rows end at
// column XFD cost gigabytes. Parts that are not worksheets (an image, a
// drawing's xdr:row) are not counted.
func TestWorkbookCapsEveryWorksheet(t *testing.T) {
	book, err := sheettest.Workforce(nil)
	if err != nil {
		t.Fatal(err)
	}
	// rebuild copies book's parts, with edit applied to each part's name
	// and data, and extra parts added.
	rebuild := func(edit func(name string, data []byte) (string, []byte), extra map[string][]byte) []byte {
		zr, err := zip.NewReader(bytes.NewReader(book), int64(len(book)))
		if err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		zw := zip.NewWriter(&buf)
		put := func(name string, data []byte) {
			w, err := zw.Create(name)
			if err == nil {
				_, err = w.Write(data)
			}
			if err != nil {
				t.Fatal(err)
			}
		}
		for _, zf := range zr.File {
			rc, err := zf.Open()
			if err != nil {
				t.Fatal(err)
			}
			data, err := io.ReadAll(rc)
			rc.Close()
			if err != nil {
				t.Fatal(err)
			}
			put(edit(zf.Name, data))
		}
		for name, data := range extra {
			put(name, data)
		}
		if err := zw.Close(); err != nil {
			t.Fatal(err)
		}
		return buf.Bytes()
	}
	var wide strings.Builder
	for r := 100; r < 170; r++ {
		fmt.Fprintf(&wide, `<row r="%d"><c r="XFD%d"><v>1</v></c></row>`, r, r)
	}
	moved := func(target string) func(string, []byte) (string, []byte) {
		return func(name string, data []byte) (string, []byte) {
			switch name {
			case "xl/worksheets/sheet1.xml":
				return target, bytes.Replace(data, []byte("</sheetData>"), []byte(wide.String()+"</sheetData>"), 1)
			case "xl/_rels/workbook.xml.rels":
				return name, bytes.Replace(data, []byte("worksheets/sheet1.xml"), []byte("/"+target), 1)
			}
			return name, data
		}
	}
	yaml := []byte("kind: table\ntitle: T\nsource: S\nupdated: 2018-03-09\nfigures: {file: w.xlsx, sheet: Teams, range: A3:D10, header: 2}\ncolumns:\n  - {id: e, label: March 2018 Establishment}\n  - {id: s, label: March 2018 Strength}\n  - {id: k, label: Sickness, percent: true}\ntotal: {label: Total}\n")
	load := func(book []byte) error {
		_, err := Load(fstest.MapFS{"data/datasets/w.yaml": {Data: yaml}, "data/datasets/w.xlsx": {Data: book}}, Options{})
		return datasetErrors(err)
	}
	for _, target := range []string{"xl/elsewhere.xml", "xl/worksheets/sheet1.bin"} {
		err := load(rebuild(moved(target), nil))
		if err == nil || !strings.Contains(err.Error(), "("+target+") that uses more than 1,000,000 cells") {
			t.Errorf("a wide worksheet at %s: got %v, want it refused by the caps", target, err)
		}
	}
	// Not worksheets: a drawing's anchors and a binary part.
	var anchors strings.Builder
	anchors.WriteString(`<xdr:wsDr xmlns:xdr="http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing">`)
	for i := range 2000 {
		fmt.Fprintf(&anchors, `<xdr:twoCellAnchor><xdr:from><xdr:col>16000</xdr:col><xdr:row>%d</xdr:row></xdr:from></xdr:twoCellAnchor>`, i)
	}
	anchors.WriteString(`</xdr:wsDr>`)
	same := func(name string, data []byte) (string, []byte) { return name, data }
	err = load(rebuild(same, map[string][]byte{
		"xl/drawings/drawing1.xml": []byte(anchors.String()),
		"xl/media/image1.png":      {0x89, 'P', 'N', 'G', '<', '<', 0, 0xff, '&', '<'},
	}))
	if err != nil {
		t.Errorf("a workbook with a drawing and an image: %v", err)
	}
}

// TestWorkbookCapsSharedText: excelize copies a cell's shared string, or
// a merged region's first text, each time a cell is read; 5,000 cells
// showing one 11 MB string would be 55 GB. The text the cells show is
// held to MaxUnzipSize, with a range and without.
func TestWorkbookCapsSharedText(t *testing.T) {
	long := strings.Repeat("A", 11<<20)
	var rows strings.Builder
	for r := 1; r <= 5; r++ {
		fmt.Fprintf(&rows, `<row r="%d">`, r)
		for _, c := range "AB" {
			fmt.Fprintf(&rows, `<c r="%c%d" t="s"><v>0</v></c>`, c, r)
		}
		rows.WriteString(`</row>`)
	}
	const ns = `xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"`
	parts := map[string]string{
		"[Content_Types].xml":        `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>`,
		"_rels/.rels":                `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
		"xl/workbook.xml":            `<workbook ` + ns + ` xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>`,
		"xl/_rels/workbook.xml.rels": `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>`,
		"xl/worksheets/sheet1.xml":   `<worksheet ` + ns + `><sheetData>` + rows.String() + `</sheetData></worksheet>`,
		"xl/sharedStrings.xml":       `<sst ` + ns + ` count="1" uniqueCount="1"><si><t>` + long + `</t></si></sst>`,
	}
	book := func(parts map[string]string) []byte {
		var buf bytes.Buffer
		zw := zip.NewWriter(&buf)
		for name, data := range parts {
			w, err := zw.Create(name)
			if err == nil {
				_, err = io.WriteString(w, data)
			}
			if err != nil {
				t.Fatal(err)
			}
		}
		if err := zw.Close(); err != nil {
			t.Fatal(err)
		}
		return buf.Bytes()
	}
	shared := book(parts)
	// One long text in A1, merged across the range: excelize gives it to
	// every cell the merge covers.
	parts["xl/worksheets/sheet1.xml"] = `<worksheet ` + ns + `><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>` + long + `</t></is></c></row></sheetData><mergeCells count="1"><mergeCell ref="A1:B5"/></mergeCells></worksheet>`
	delete(parts, "xl/sharedStrings.xml")
	merged := book(parts)
	for _, c := range []struct {
		book []byte
		rng  string
	}{{shared, ""}, {shared, ", range: A1:B5"}, {merged, ", range: A1:B5"}} {
		yaml := "kind: table\ntitle: T\nsource: S\nupdated: 2018-03-09\nfigures: {file: w.xlsx, sheet: S" + c.rng + "}\n"
		_, err := Load(fstest.MapFS{"data/datasets/w.yaml": {Data: []byte(yaml)}, "data/datasets/w.xlsx": {Data: c.book}}, Options{})
		if err = datasetErrors(err); err == nil || !strings.Contains(err.Error(), "of text") {
			t.Errorf("figures {sheet: S%s}: got %v, want the repeated text refused", c.rng, err)
		}
	}
}
