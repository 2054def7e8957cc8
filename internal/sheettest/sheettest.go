// Package sheettest makes real Excel workbooks for tests, with excelize:
// the shapes a service sends (a two-row header with merged cells, a totals
// row, suppressed and percentage cells, numbers stored as text), so that
// the loader is tested on the files it will meet rather than on mocks.
package sheettest

import (
	"bytes"
	"strings"

	"github.com/xuri/excelize/v2"
)

// Cell is a cell's content: a string is stored as text, a float64 or an
// int as a number; Percent formats a number as a percentage (0.041 shows
// as 4.1%).
type Cell struct {
	Value   any
	Percent bool
}

// Sheet is one worksheet: its rows from A1 and its merged regions
// ("B1:C1").
type Sheet struct {
	Name   string
	Rows   [][]Cell
	Merges []string
}

// Workbook writes the sheets as an .xlsx file.
func Workbook(sheets ...Sheet) ([]byte, error) {
	f := excelize.NewFile()
	defer f.Close()
	pct, err := f.NewStyle(&excelize.Style{NumFmt: 10}) // 0.00%
	if err != nil {
		return nil, err
	}
	for i, s := range sheets {
		if i == 0 {
			if err := f.SetSheetName("Sheet1", s.Name); err != nil {
				return nil, err
			}
		} else if _, err := f.NewSheet(s.Name); err != nil {
			return nil, err
		}
		for r, row := range s.Rows {
			for c, cell := range row {
				name, _ := excelize.CoordinatesToCellName(c+1, r+1)
				if cell.Value == nil {
					continue
				}
				if err := f.SetCellValue(s.Name, name, cell.Value); err != nil {
					return nil, err
				}
				if cell.Percent {
					if err := f.SetCellStyle(s.Name, name, name, pct); err != nil {
						return nil, err
					}
				}
			}
		}
		for _, m := range s.Merges {
			a, b, _ := strings.Cut(m, ":")
			if err := f.MergeCell(s.Name, a, b); err != nil {
				return nil, err
			}
		}
	}
	var buf bytes.Buffer
	if _, err := f.WriteTo(&buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// T is a text cell, N a number cell and P a number formatted as a
// percentage.
func T(s string) Cell  { return Cell{Value: s} }
func N(v float64) Cell { return Cell{Value: v} }
func P(v float64) Cell { return Cell{Value: v, Percent: true} }

// Workforce is a real-shaped workbook: officers by team, as a force's
// workforce team sends it. Its sheet "Teams" has a title in row 1, a
// two-row header in rows 3 and 4 (A3:A4 "Team" and D3:D4 "Sickness"
// merged down, B3:C3 "March 2018" merged across "Establishment" and
// "Strength"), five teams in rows 5 to 9 and a total in row 10: A3:D10
// is the table. Its figures are those of WorkforceYAML: numbers stored as
// text ("1,577", " 23.91 ", "3.2%"), a stored value with binary drift
// (27.41 is stored as 27.410000000000004), percentages formatted as such
// (0.041 is 4.1%) and a suppressed figure ([c]).
//
// Each edit puts a cell in place of one of those: "C7" → T("x").
func Workforce(edits map[string]Cell) ([]byte, error) {
	s := Sheet{
		Name: "Teams",
		Rows: [][]Cell{
			{T("Officers by team, March 2018")},
			{},
			{T("Team"), T("March 2018"), {}, T("Sickness")},
			{{}, T("Establishment"), T("Strength")},
			{T("NE"), N(1031), N(27.410000000000004), P(0.041)},
			{T("SNW"), T("1,577"), T(" 23.91 "), T("3.2%")},
			{T("ST M"), N(32), N(21.52), T("[c]")},
			{T("NTH"), N(21), N(16.59), P(0.05)},
			{T("LOMU"), N(26), N(24.42), P(0.1225)},
			{T("Total"), T("2,687"), N(113.85), T("[x]")},
		},
		Merges: []string{"A1:D1", "A3:A4", "B3:C3", "D3:D4"},
	}
	if err := s.put(edits); err != nil {
		return nil, err
	}
	return Workbook(s)
}

// Cells is a workbook of one sheet, name, holding cells ("B4" → N(1377))
// and nothing else.
func Cells(name string, cells map[string]Cell) ([]byte, error) {
	s := Sheet{Name: name}
	if err := s.put(cells); err != nil {
		return nil, err
	}
	return Workbook(s)
}

// put puts each cell in place by its name, such as "C7".
func (s *Sheet) put(cells map[string]Cell) error {
	for name, c := range cells {
		col, row, err := excelize.CellNameToCoordinates(name)
		if err != nil {
			return err
		}
		for len(s.Rows) < row {
			s.Rows = append(s.Rows, nil)
		}
		for len(s.Rows[row-1]) < col {
			s.Rows[row-1] = append(s.Rows[row-1], Cell{})
		}
		s.Rows[row-1][col-1] = c
	}
	return nil
}

// WorkforceCSV is Workforce as a CSV file saved from it: text as the
// spreadsheet shows it, a merged heading in its first cell only (an
// empty cell in an upper header row continues the heading on its left).
const WorkforceCSV = `Officers by team,,,
,,,
Team,March 2018,,Sickness
,Establishment,Strength,
NE,1031,27.41,4.1%
SNW,"1,577", 23.91 ,3.2%
ST M,32,21.52,[c]
NTH,21,16.59,5.00%
LOMU,26,24.42,12.25%
Total,"2,687",113.85,[x]
`

// WorkforceYAML is the figures of Workforce and WorkforceCSV as a
// dataset's YAML has them, after the keys of a table (its columns and
// total).
const WorkforceYAML = `rows:
  - {label: NE, values: [1031, 27.41, 4.1]}
  - {label: SNW, values: [1577, 23.91, 3.2]}
  - {label: ST M, values: [32, 21.52, "[c]"]}
  - {label: NTH, values: [21, 16.59, 5]}
  - {label: LOMU, values: [26, 24.42, 12.25]}
`
