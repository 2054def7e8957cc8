package load

// This file reads the figures of a dataset from a spreadsheet: a CSV file
// (encoding/csv) or an Excel workbook (.xlsx, through excelize). It reads
// a rectangle of cells, each with its position, and the rules by which a
// cell is a figure; figures.go lays the cells out as each kind of dataset
// needs them.

import (
	"archive/zip"
	"bytes"
	"encoding/csv"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math/big"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/briefing/briefing/internal/diag"
	"github.com/briefing/briefing/internal/model"
	"github.com/briefing/briefing/internal/number"
	"github.com/xuri/excelize/v2"
)

// Limits on spreadsheets. A workbook is a zip of XML: the caps bound what
// it may unzip to and how large a worksheet it may hold, so that a stray
// export, or a file made to explode, costs seconds and tens of megabytes
// at worst. A committee table is tens of cells.
const (
	MaxWorkbookSize = 10 << 20  // an .xlsx file, as stored (zipped)
	MaxUnzipSize    = 50 << 20  // every part of a workbook, unzipped
	MaxCSVSize      = 1 << 20   // a .csv file (as MaxTextSize)
	MaxSheetArea    = 1_000_000 // rows × columns of any worksheet's used area
	MaxMerges       = 1000      // merged regions in a worksheet
	MaxRangeCells   = 50_000    // cells of a range a dataset reads
	MaxRangeColumns = 100       // columns of that range
)

// cellKind is what a spreadsheet cell holds.
type cellKind int

const (
	cellEmpty  cellKind = iota
	cellText            // text as typed: every CSV field, and text cells of a workbook
	cellNumber          // a number as a workbook stores it: "27.410000000000004"
	cellBool            // TRUE or FALSE
	cellError           // a formula's error, such as #DIV/0!
)

// cell is one cell of a range.
type cell struct {
	kind    cellKind
	text    string
	percent bool // a number formatted as a percentage: 0.2741 shows as 27.41%
	// date is how a number formatted as a date shows it: "" not a date,
	// "day" or "month" (a format without a day, such as mmm-yy).
	date string
	// merged names the merged cells the cell lies in, when it is not
	// their first (top-left) cell: "B6:C6".
	merged string
	at     diag.Pos
}

// grid is the range of a spreadsheet that a dataset reads, row by row.
type grid struct {
	file  string // relative to the site
	sheet string // "" for a CSV file
	rng   cellRange
	rows  [][]cell
	// date1904 says that the workbook counts dates from 1904, as Excel
	// for the Mac once did.
	date1904 bool
}

// cellRange is a rectangle of cells, "A3:D12", from 1.
type cellRange struct {
	Top, Left, Bottom, Right int
	At                       diag.Pos
}

var cellRE = regexp.MustCompile(`^([A-Za-z]{1,3})([0-9]{1,7})$`)

// parseCell reads a cell's name, "C7", as column and row.
func parseCell(s string) (col, row int, ok bool) {
	m := cellRE.FindStringSubmatch(s)
	if m == nil {
		return 0, 0, false
	}
	for _, r := range strings.ToUpper(m[1]) {
		col = col*26 + int(r-'A') + 1
	}
	row, _ = strconv.Atoi(m[2])
	return col, row, col <= 16384 && row >= 1 && row <= 1_048_576
}

func (r *cellRange) decodeScalar(s string, at diag.Pos) error {
	a, b, ok := strings.Cut(strings.ReplaceAll(s, "$", ""), ":")
	c1, r1, ok1 := parseCell(a)
	c2, r2, ok2 := parseCell(b)
	switch {
	case !ok || !ok1 || !ok2:
		return fmt.Errorf("%q is not a range of cells; write its first and last cell, such as A3:D12", s)
	case c2 < c1 || r2 < r1:
		return fmt.Errorf("%q runs backwards; write the top-left cell first, such as %s%d:%s%d", s, diag.ColumnName(min(c1, c2)), min(r1, r2), diag.ColumnName(max(c1, c2)), max(r1, r2))
	case c2-c1+1 > MaxRangeColumns:
		return fmt.Errorf("%q is %d columns wide; a dataset's range has at most %d", s, c2-c1+1, MaxRangeColumns)
	case (c2-c1+1)*(r2-r1+1) > MaxRangeCells:
		return fmt.Errorf("%q holds %s cells; a dataset's range has at most %s", s, number.Grouped(strconv.Itoa((c2-c1+1)*(r2-r1+1)), false), number.Grouped(strconv.Itoa(MaxRangeCells), false))
	}
	*r = cellRange{Top: r1, Left: c1, Bottom: r2, Right: c2, At: at}
	return nil
}

func (r cellRange) set() bool { return r.Top > 0 }

func (r cellRange) String() string {
	return fmt.Sprintf("%s%d:%s%d", diag.ColumnName(r.Left), r.Top, diag.ColumnName(r.Right), r.Bottom)
}

// sheetSource is what names a spreadsheet: its file (relative to the
// site), its sheet (workbooks only), its range, and the positions in the
// YAML to report problems with each.
type sheetSource struct {
	file       string
	fileAt     diag.Pos
	sheet      string
	sheetAt    diag.Pos
	rng        cellRange // not set: the whole sheet
	errs       *diag.List
	data       []byte // the file's bytes, once read
	isWorkbook bool
	// flags says that the sheet and the range are given on the command
	// line (briefing import), not under a dataset's figures: mistakes
	// name the flags.
	flags bool
}

// isWorkbookName reports whether a spreadsheet's name says it is a
// workbook (.xlsx) rather than a CSV file.
func isWorkbookName(name string) bool { return strings.EqualFold(path.Ext(name), ".xlsx") }

// readSheet reads the range src names, reporting every problem to
// src.errs; it returns nil when the file, the sheet or the range cannot
// be read at all.
func readSheet(fsys fs.FS, src *sheetSource) *grid {
	src.isWorkbook = isWorkbookName(src.file)
	limit := int64(MaxCSVSize)
	if src.isWorkbook {
		limit = MaxWorkbookSize
	}
	info, err := fs.Lstat(fsys, src.file)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		src.errs.Add(src.fileAt, "%s not found; name a file beside the dataset, such as robbery.xlsx", src.file)
		return nil
	case err != nil:
		src.errs.Add(src.fileAt, "cannot read %s: %v", src.file, unwrapPath(err))
		return nil
	case info.Mode()&fs.ModeSymlink != 0:
		src.errs.Add(src.fileAt, "%s is a symbolic link; Briefing does not follow links, so copy the file into the site", src.file)
		return nil
	case !info.Mode().IsRegular():
		src.errs.Add(src.fileAt, "%s is not a regular file", src.file)
		return nil
	}
	data, size, err := readAtMost(fsys, src.file, limit)
	switch {
	case err != nil:
		src.errs.Add(src.fileAt, "cannot read %s: %v", src.file, unwrapPath(err))
		return nil
	case data == nil || int64(len(data)) > limit:
		src.errs.Add(src.fileAt, "%s is %s; a spreadsheet a dataset reads is at most %s, so copy the table to a file of its own", src.file, number.Size(max(size, int64(len(data)))), number.Size(limit))
		return nil
	}
	src.data = data
	if src.isWorkbook {
		return readWorkbook(src)
	}
	return readCSV(src)
}

// readCSV reads a CSV file: UTF-8, fields separated by commas, quoted
// with double quotes. Its rows are records (a quoted field may hold a
// line break) and its columns fields, so that A1:C5 is the first three
// fields of the first five records.
func readCSV(src *sheetSource) *grid {
	data := bytes.TrimPrefix(src.data, []byte("\uFEFF"))
	whole := diag.Pos{Path: src.file}
	if !utf8.Valid(data) {
		src.errs.Add(firstInvalid(src.file, data), "the file is not UTF-8; save it from the spreadsheet as \"CSV UTF-8\"")
		return nil
	}
	if i := bytes.IndexByte(data, 0); i >= 0 {
		src.errs.Add(diag.At(src.file, data, i), "the file holds a NUL byte; is it a CSV file?")
		return nil
	}
	if i := loneCR(data); i >= 0 {
		src.errs.Add(diag.At(src.file, data, i), "a carriage return without a line feed (old Mac line endings); save the file with LF or CRLF line endings")
		return nil
	}
	// Line starts, to turn the reader's byte columns into characters.
	starts := []int{0}
	for i, b := range data {
		if b == '\n' {
			starts = append(starts, i+1)
		}
	}
	at := func(line, col int) diag.Pos {
		if line < 1 || line > len(starts) {
			return diag.Pos{Path: src.file, Line: line, Col: col}
		}
		s := starts[line-1]
		end := min(len(data), s+max(0, col-1))
		return diag.Pos{Path: src.file, Line: line, Col: 1 + utf8.RuneCount(data[s:end])}
	}
	r := csv.NewReader(bytes.NewReader(data))
	r.FieldsPerRecord = -1
	rng := src.rng
	var rows [][]cell
	width := 0
	for n := 1; !rng.set() || n <= rng.Bottom; n++ {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				src.errs.Add(at(pe.Line, pe.Column), "%v; a field with a comma, a quote or a line break is put in double quotes, and a quote inside it doubled", pe.Err)
			} else {
				src.errs.Add(whole, "cannot read the file: %v", err)
			}
			return nil
		}
		if rng.set() && n < rng.Top {
			continue
		}
		if !rng.set() && (n > MaxRangeCells || len(rec) > MaxRangeColumns || (n*max(width, len(rec))) > MaxRangeCells) {
			src.errs.Add(at(r.FieldPos(0)), "the file is larger than a dataset's table (at most %d columns and %s cells); name the table's cells with range:", MaxRangeColumns, number.Grouped(strconv.Itoa(MaxRangeCells), false))
			return nil
		}
		width = max(width, len(rec))
		row := make([]cell, 0, len(rec))
		for i, f := range rec {
			c := cell{kind: cellText, text: f, at: at(r.FieldPos(i))}
			if strings.TrimSpace(f) == "" {
				c.kind = cellEmpty
			}
			row = append(row, c)
		}
		rows = append(rows, row)
	}
	if len(rows) == 0 {
		if rng.set() {
			src.errs.Add(rng.At, "range %s: the file has fewer than %d rows", rng, rng.Top)
		} else {
			// At its first line, as an editor shows an empty file.
			src.errs.Add(diag.Pos{Path: src.file, Line: 1, Col: 1}, "the file is empty; export the table from the spreadsheet again")
		}
		return nil
	}
	if !rng.set() {
		rng = cellRange{Top: 1, Left: 1, Bottom: len(rows), Right: width, At: src.fileAt}
	} else if len(rows) < rng.Bottom-rng.Top+1 {
		src.errs.Add(rng.At, "range %s: the file has %d rows; end the range at row %d or before", rng, rng.Top+len(rows)-1, rng.Top+len(rows)-1)
		return nil
	}
	g := &grid{file: src.file, rng: rng}
	for _, row := range rows {
		out := make([]cell, rng.Right-rng.Left+1)
		for j := range out {
			k := rng.Left - 1 + j
			if k < len(row) {
				out[j] = row[k]
				continue
			}
			// A missing field: placed after the record's last one.
			p := diag.Pos{Path: src.file}
			if len(row) > 0 {
				p = row[len(row)-1].at
				p.Col += utf8.RuneCountInString(row[len(row)-1].text) + (k - len(row) + 1)
			}
			out[j] = cell{at: p}
		}
		g.rows = append(g.rows, out)
	}
	return g
}

// readWorkbook reads a range of one sheet of an Excel workbook.
func readWorkbook(src *sheetSource) (g *grid) {
	if msg := prescanWorkbook(src.data); msg != "" {
		src.errs.Add(src.fileAt, "%s %s", src.file, msg)
		return nil
	}
	// excelize is a large parser of untrusted input: a panic in it is a
	// file it cannot read, not a crash of the build.
	defer func() {
		if r := recover(); r != nil {
			src.errs.Add(src.fileAt, "%s cannot be read as a workbook; open it in the spreadsheet and save it as \"Excel Workbook (.xlsx)\"", src.file)
			g = nil
		}
	}()
	f, err := excelize.OpenReader(bytes.NewReader(src.data), excelize.Options{UnzipSizeLimit: MaxUnzipSize, UnzipXMLSizeLimit: MaxUnzipSize})
	if err != nil {
		src.errs.Add(src.fileAt, "%s cannot be read as a workbook (%v); open it in the spreadsheet and save it as \"Excel Workbook (.xlsx)\"", src.file, err)
		return nil
	}
	defer f.Close()
	sheets := f.GetSheetList()
	switch {
	case src.sheet == "" && src.flags:
		src.errs.Add(src.fileAt, "a workbook has sheets: say which with --sheet (its sheets: %s)", quoteAll(sheets))
		return nil
	case src.sheet == "":
		src.errs.Add(src.fileAt, "a workbook has sheets: say which under figures, such as sheet: %s (its sheets: %s)", sheets[0], quoteAll(sheets))
		return nil
	case !slices.Contains(sheets, src.sheet) && src.flags:
		src.errs.Add(src.sheetAt, "--sheet: there is no sheet %q%s", src.sheet, diag.Suggest(src.sheet, sheets, "its sheets"))
		return nil
	case !slices.Contains(sheets, src.sheet):
		src.errs.Add(src.sheetAt, "%s has no sheet %q%s", src.file, src.sheet, diag.Suggest(src.sheet, sheets, "its sheets"))
		return nil
	}
	g = &grid{file: src.file, sheet: src.sheet, rng: src.rng}
	if props, err := f.GetWorkbookProps(); err == nil && props.Date1904 != nil {
		g.date1904 = *props.Date1904
	}
	pos := func(col, row int) diag.Pos { return diag.Pos{Path: src.file, Sheet: src.sheet, Line: row, Col: col} }
	if !g.rng.set() {
		rows, err := f.GetRows(src.sheet, excelize.Options{RawCellValue: true})
		if err != nil {
			src.errs.Add(pos(0, 0), "cannot read the sheet: %v", err)
			return nil
		}
		width := 0
		for _, r := range rows {
			width = max(width, len(r))
		}
		if len(rows) == 0 || width == 0 {
			src.errs.Add(pos(0, 0), "the sheet is empty")
			return nil
		}
		g.rng = cellRange{Top: 1, Left: 1, Bottom: len(rows), Right: width, At: src.fileAt}
		if width > MaxRangeColumns || width*len(rows) > MaxRangeCells {
			src.errs.Add(pos(0, 0), "the sheet's used cells, %s, are more than a dataset's table (at most %d columns and %s cells); name the table's cells with range:", g.rng, MaxRangeColumns, number.Grouped(strconv.Itoa(MaxRangeCells), false))
			return nil
		}
	}
	// Each cell covered by a merge, but its first, knows the merge.
	merges, err := f.GetMergeCells(src.sheet, true)
	if err != nil {
		src.errs.Add(pos(0, 0), "cannot read the sheet's merged cells: %v", err)
		return nil
	}
	covered := map[[2]int]string{}
	for _, m := range merges {
		c1, r1, ok1 := parseCell(m.GetStartAxis())
		c2, r2, ok2 := parseCell(m.GetEndAxis())
		if !ok1 || !ok2 {
			continue
		}
		for r := max(r1, g.rng.Top); r <= min(r2, g.rng.Bottom); r++ {
			for c := max(c1, g.rng.Left); c <= min(c2, g.rng.Right); c++ {
				if r != r1 || c != c1 {
					covered[[2]int{c, r}] = m.GetStartAxis() + ":" + m.GetEndAxis()
				}
			}
		}
	}
	styles := map[int]numberFormat{}
	// excelize copies a cell's text each time it is read, and gives a
	// merged cell its first cell's text: one long shared string, or one
	// long text merged across the range, would be copied for every cell.
	// The text read is held to what the workbook may unzip to.
	text := 0
	for r := g.rng.Top; r <= g.rng.Bottom; r++ {
		row := make([]cell, 0, g.rng.Right-g.rng.Left+1)
		for c := g.rng.Left; c <= g.rng.Right; c++ {
			name, _ := excelize.CoordinatesToCellName(c, r)
			at := pos(c, r)
			typ, err1 := f.GetCellType(src.sheet, name)
			raw, err2 := f.GetCellValue(src.sheet, name, excelize.Options{RawCellValue: true})
			style, err3 := f.GetCellStyle(src.sheet, name)
			if err := errors.Join(err1, err2, err3); err != nil {
				src.errs.Add(at, "cannot read the cell: %v", err)
				row = append(row, cell{at: at, kind: cellError, text: "?"})
				continue
			}
			if text += len(raw); text > MaxUnzipSize {
				src.errs.Add(src.fileAt, "%s: the cells of %s hold more than %s of text (a long text repeated in every cell, or merged across them); copy the table to a workbook of its own", src.file, g.rng, number.Size(MaxUnzipSize))
				return nil
			}
			cl := cell{at: at, text: raw, merged: covered[[2]int{c, r}]}
			switch typ {
			case excelize.CellTypeBool:
				cl.kind = cellBool
			case excelize.CellTypeError:
				cl.kind = cellError
			case excelize.CellTypeSharedString, excelize.CellTypeInlineString, excelize.CellTypeFormula, excelize.CellTypeDate:
				cl.kind = cellText
			default:
				cl.kind = cellNumber
			}
			if strings.TrimSpace(raw) == "" && cl.kind != cellError {
				cl.kind = cellEmpty
			}
			if cl.kind == cellNumber {
				nf, ok := styles[style]
				if !ok {
					nf = formatOf(f, style)
					styles[style] = nf
				}
				cl.percent, cl.date = nf.percent, nf.date
			}
			row = append(row, cl)
		}
		g.rows = append(g.rows, row)
	}
	return g
}

// numberFormat is what a cell's number format says about its value.
type numberFormat struct {
	percent bool
	date    string // "", "day" or "month"
}

// formatOf reads the number format of a style: built-in formats by id,
// custom ones by their code, without the text quoted in them.
func formatOf(f *excelize.File, style int) numberFormat {
	st, err := f.GetStyle(style)
	if err != nil || st == nil {
		return numberFormat{}
	}
	switch st.NumFmt {
	case 9, 10:
		return numberFormat{percent: true}
	case 17:
		return numberFormat{date: "month"}
	case 14, 15, 16, 22:
		return numberFormat{date: "day"}
	}
	if st.CustomNumFmt == nil {
		return numberFormat{}
	}
	code := formatCode(*st.CustomNumFmt)
	switch {
	case strings.Contains(code, "%"):
		return numberFormat{percent: true}
	case strings.ContainsAny(code, "dD"):
		return numberFormat{date: "day"}
	case strings.ContainsAny(code, "yY"):
		return numberFormat{date: "month"}
	}
	return numberFormat{}
}

// formatCode is a number format's code without quoted text, escaped
// characters and [bracketed] colours or locales: what is left says what
// the format shows.
func formatCode(s string) string {
	var b strings.Builder
	quoted, bracket, escaped := false, false, false
	for _, r := range s {
		switch {
		case escaped:
			escaped = false
		case quoted:
			quoted = r != '"'
		case bracket:
			bracket = r != ']'
		case r == '"':
			quoted = true
		case r == '[':
			bracket = true
		case r == '\\' || r == '_' || r == '*':
			escaped = true
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// prescanWorkbook checks a workbook before excelize reads it, and says
// what is wrong, or "": a zip whose parts unzip to no more than
// MaxUnzipSize, and whose worksheets have a used area of at most
// MaxSheetArea cells and at most MaxMerges merged regions. excelize pads
// every row to its last cell and compares merged regions pairwise, so
// that a small file naming cell XFD1048576, or thousands of merges, would
// cost gigabytes or minutes.
func prescanWorkbook(data []byte) string {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return "is not an Excel workbook (a password-protected workbook is not one either); open it in the spreadsheet and save it as \"Excel Workbook (.xlsx)\""
	}
	var total uint64
	for _, zf := range zr.File {
		if total += zf.UncompressedSize64; total > MaxUnzipSize {
			return fmt.Sprintf("unzips to more than %s; a workbook a dataset reads is at most that, so copy the table to a workbook of its own", number.Size(MaxUnzipSize))
		}
	}
	// Every part is scanned, not only those under xl/worksheets/: the
	// workbook's relationships may name any part as a worksheet
	// (Target="/xl/bomb.xml"), and excelize reads it wherever it is. A
	// part that is not XML (an image) is no worksheet: its error counts
	// only in a part named as one.
	var strs []int                   // the length of each shared string
	refs := map[string]map[int]int{} // by worksheet, how many cells show each
	for _, zf := range zr.File {
		name := strings.ToLower(strings.ReplaceAll(zf.Name, `\`, "/"))
		named := strings.HasPrefix(name, "xl/worksheets/") && strings.HasSuffix(name, ".xml")
		rc, err := zf.Open()
		if err != nil {
			return fmt.Sprintf("cannot be unzipped (%v); save it again from the spreadsheet", err)
		}
		sc := scanWorksheet(io.LimitReader(rc, MaxUnzipSize+1))
		rc.Close()
		if sc.malformed && !named {
			continue
		}
		if sc.msg != "" {
			return fmt.Sprintf("has a worksheet (%s) that %s; copy the table to a workbook of its own", zf.Name, sc.msg)
		}
		for i, n := range sc.strings {
			if i >= len(strs) {
				strs = append(strs, 0)
			}
			strs[i] = max(strs[i], n)
		}
		if len(sc.refs) > 0 {
			refs[zf.Name] = sc.refs
		}
	}
	// excelize copies a shared string each time a cell that shows it is
	// read: the text a worksheet's cells show, all told, is held to what
	// the workbook may unzip to.
	for name, counts := range refs {
		var shown uint64
		for i, n := range counts {
			if i < len(strs) {
				shown += uint64(n) * uint64(strs[i])
			}
		}
		if shown > MaxUnzipSize {
			return fmt.Sprintf("has a worksheet (%s) whose cells show more than %s of text (a long text repeated in many cells); copy the table to a workbook of its own", name, number.Size(MaxUnzipSize))
		}
	}
	return ""
}

// scan is what scanWorksheet found in a part of a workbook.
type scan struct {
	msg       string // what is wrong, or ""
	malformed bool   // msg says the part is not XML
	// strings is the length of each shared string, when the part is the
	// table of them (<sst>); refs is how many of its cells show each one.
	strings []int
	refs    map[int]int
}

// scanWorksheet reads a worksheet's XML for its used area, its merged
// regions and the shared strings its cells show, in one pass, and the
// shared strings' table for their lengths. Rows and cells count only
// inside <sheetData>, as excelize reads them: elsewhere (a drawing's
// xdr:row) they are not the sheet's.
func scanWorksheet(r io.Reader) (sc scan) {
	d := xml.NewDecoder(r)
	d.Strict = false
	maxRow, maxCol, row, col, merges, inData := 0, 0, 0, 0, 0, 0
	shared, inV, inSI := false, false, false
	var v []byte
	for {
		tok, err := d.RawToken()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return scan{msg: "is not well-formed XML", malformed: true}
		}
		switch t := tok.(type) {
		case xml.CharData:
			switch {
			case inSI:
				sc.strings[len(sc.strings)-1] += len(t)
			case inV && len(v) < 16:
				v = append(v, t...)
			}
		case xml.EndElement:
			switch t.Name.Local {
			case "sheetData":
				inData = max(0, inData-1)
			case "si":
				inSI = false
			case "v":
				if inV {
					if i, err := strconv.Atoi(strings.TrimSpace(string(v))); err == nil && i >= 0 {
						if sc.refs == nil {
							sc.refs = map[int]int{}
						}
						sc.refs[i]++
					}
				}
				inV, v = false, v[:0]
			}
		}
		el, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		attr := func(name string) string {
			for _, a := range el.Attr {
				if a.Name.Local == name {
					return a.Value
				}
			}
			return ""
		}
		switch el.Name.Local {
		case "sheetData":
			inData++
		case "si":
			inSI = true
			sc.strings = append(sc.strings, 0)
		case "v":
			inV = shared && inData > 0
		}
		if inData == 0 && el.Name.Local != "mergeCell" {
			continue
		}
		switch el.Name.Local {
		case "row":
			row, col = row+1, 0
			if n, err := strconv.Atoi(attr("r")); err == nil {
				row = n
			}
		case "c":
			col++
			shared = attr("t") == "s"
			if c, r, ok := parseCell(attr("r")); ok {
				col, row = c, max(row, r)
			} else if attr("r") != "" {
				return scan{msg: "names a cell that does not exist (" + brief(attr("r")) + ")"}
			}
			maxCol = max(maxCol, col)
		case "mergeCell":
			if merges++; merges > MaxMerges {
				return scan{msg: fmt.Sprintf("has more than %d merged regions", MaxMerges)}
			}
		}
		maxRow = max(maxRow, row)
		if row > 1_048_576 || col > 16384 || maxRow*max(maxCol, 1) > MaxSheetArea {
			return scan{msg: fmt.Sprintf("uses more than %s cells (rows × columns)", number.Grouped(strconv.Itoa(MaxSheetArea), false))}
		}
	}
	return sc
}

// Values. A cell is a figure by these rules (README, "Figures from a
// spreadsheet"):
//
//   - a number as a workbook stores it is read exactly, as the decimal it
//     is written as, rounded to the 15 significant digits a spreadsheet
//     shows (27.410000000000004 is 27.41); one formatted as a percentage
//     is a hundred times its stored value (0.2741 is 27.41), and only in a
//     percentage column;
//   - text is a number written in digits: a minus sign, thousands
//     separators in groups of three (1,577), a decimal point, and in a
//     percentage column a trailing % (12%);
//   - [x], [c] and [z] are the GSS shorthand for a missing figure;
//   - an empty cell, or a spreadsheet's blank ("..", "-", "–", ":", "x",
//     "*", "n/a"), is a mistake, unless the dataset says what a blank
//     means (blank: "[x]").

// gapError is a figure left blank: what the officer can do about it
// depends on where the spreadsheet is named (loader.figure).
type gapError string

func (e gapError) Error() string {
	return string(e) + `; a figure not given is written as [x] (not available), [c] (confidential) or [z] (not applicable), or say what blanks mean under figures, such as blank: "[x]"`
}

// blankMarks are the marks spreadsheets use for a figure not given.
var blankMarks = []string{"..", "...", "…", "-", "–", "—", ":", "x", "*", "n/a", "na"}

// textNumberRE is a number written as text, thousands separators and all.
var textNumberRE = regexp.MustCompile(`^([-−]?)([0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(\.[0-9]+)?(\s?%)?$`)

// figure reads a cell as a figure of a column; percent says the column is
// a percentage, blank what a blank cell means ("" when the dataset does
// not say). The error says what is wrong and how to mend it.
func (c cell) figure(percent bool, blank model.Missing) (model.Value, error) {
	v := model.Value{At: model.Pos(c.at)}
	text := strings.TrimFunc(c.text, unicode.IsSpace)
	gap := func(what string) error { return gapError(what) }
	switch c.kind {
	case cellEmpty:
		if blank != "" {
			v.Missing = blank
			return v, nil
		}
		return v, gap("the cell is empty")
	case cellBool:
		return v, fmt.Errorf("the cell holds %s, a yes-or-no value, not a figure", map[string]string{"1": "TRUE", "0": "FALSE"}[c.text])
	case cellError:
		return v, fmt.Errorf("the cell holds the spreadsheet error %s; correct its formula, or write [x] if the figure is not available", brief(c.text))
	case cellNumber:
		if c.percent && !percent {
			return v, errors.New("the cell is formatted as a percentage but its column is not one; say percent: true on the column, or format the cell as a number")
		}
		shift := 0
		if c.percent {
			shift = 2
		}
		s, err := storedDecimal(c.text, shift)
		if err != nil {
			return v, err
		}
		return v, decimal(&v, s)
	}
	lower := strings.ToLower(text)
	switch lower {
	case "[x]", "[c]", "[z]":
		v.Missing = model.Missing(lower[1:2])
		return v, nil
	}
	if slices.Contains(blankMarks, lower) {
		if blank != "" {
			v.Missing = blank
			return v, nil
		}
		return v, gap(fmt.Sprintf("the cell holds %q, a spreadsheet's blank", text))
	}
	m := textNumberRE.FindStringSubmatch(text)
	switch {
	case m == nil && strings.Contains(text, ","):
		return v, fmt.Errorf("%q is not a number: thousands separators go between groups of three digits, such as 1,577", brief(text))
	case m == nil:
		return v, fmt.Errorf("%q is not a number; write it in digits, such as 1577 or 27.41", brief(text))
	case m[4] != "" && !percent:
		return v, fmt.Errorf("%q ends in %% but its column is not a percentage; say percent: true on the column, or remove the %%", text)
	}
	s := strings.ReplaceAll(m[2], ",", "") + m[3]
	if m[1] != "" {
		s = "-" + s
	}
	return v, decimal(&v, s)
}

// decimal sets v to the decimal s, with YAML's limits and messages.
func decimal(v *model.Value, s string) error {
	var d value
	if err := d.decodeScalar(s, diag.Pos(v.At)); err != nil {
		return err
	}
	*v = d.Value
	return nil
}

// storedDecimal writes a number as a workbook stores it ("27.41",
// "2.7410000000000004E-2", "-0") as a plain decimal, exactly, rounded
// half away from zero to 15 significant digits as a spreadsheet shows it,
// times 10^shift.
func storedDecimal(raw string, shift int) (string, error) {
	s := strings.TrimSpace(raw)
	neg := strings.HasPrefix(s, "-")
	if neg || strings.HasPrefix(s, "+") {
		s = s[1:]
	}
	mant, expText, hasExp := strings.Cut(strings.ToLower(s), "e")
	exp := 0
	if hasExp {
		n, err := strconv.Atoi(expText)
		if err != nil || n < -400 || n > 400 {
			return "", fmt.Errorf("the cell holds %q, which is not a number the spreadsheet stores", brief(raw))
		}
		exp = n
	}
	whole, frac, _ := strings.Cut(mant, ".")
	digits := whole + frac
	if digits == "" || strings.Trim(digits, "0123456789") != "" {
		return "", fmt.Errorf("the cell holds %q, which is not a number the spreadsheet stores", brief(raw))
	}
	exp -= len(frac)
	digits = strings.TrimLeft(digits, "0")
	if len(digits) > 15 {
		// Round to 15 digits, half away from zero.
		up := digits[15] >= '5'
		exp += len(digits) - 15
		digits = digits[:15]
		if up {
			n, _ := new(big.Int).SetString(digits, 10)
			digits = n.Add(n, big.NewInt(1)).String()
		}
	}
	for len(digits) > 0 && digits[len(digits)-1] == '0' {
		digits = digits[:len(digits)-1]
		exp++
	}
	if digits == "" {
		return "0", nil
	}
	exp += shift
	var out string
	switch {
	case exp >= 0:
		if len(digits)+exp > 40 {
			return "", fmt.Errorf("the cell holds %q, larger than any figure", brief(raw))
		}
		out = digits + strings.Repeat("0", exp)
	case -exp >= len(digits):
		if -exp > 40 {
			out = "0." + strings.Repeat("0", 40) // more decimals than allowed: decimal says so
		} else {
			out = "0." + strings.Repeat("0", -exp-len(digits)) + digits
		}
	default:
		out = digits[:len(digits)+exp] + "." + digits[len(digits)+exp:]
	}
	if neg {
		out = "-" + out
	}
	return out, nil
}

// label is the text of a cell used as a label: a row's or a column's. A
// number is written as its stored value (a year, 2018).
func (c cell) label() (string, error) {
	switch c.kind {
	case cellBool, cellError:
		return "", fmt.Errorf("the cell holds %s where a label belongs", brief(c.text))
	case cellNumber:
		s, err := storedDecimal(c.text, 0)
		if err != nil {
			return "", err
		}
		return s, nil
	}
	s := strings.Join(strings.Fields(c.text), " ")
	if msg := textProblem(s, false); msg != "" {
		return "", errors.New(msg)
	}
	return s, nil
}

// quoteAll lists names quoted, separated by commas.
func quoteAll(names []string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = strconv.Quote(n)
	}
	return strings.Join(q, ", ")
}
