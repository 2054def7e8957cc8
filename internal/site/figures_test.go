package site

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/briefing/briefing"
	"github.com/briefing/briefing/internal/diag"
	"github.com/briefing/briefing/internal/sheettest"
)

// workforceHead is a table dataset's keys but its figures: the same for
// the dataset with its figures in YAML and those reading a spreadsheet.
const workforceHead = `kind: table
title: Officers by team
source: West Midlands Police workforce
updated: 2018-03-09
unit: officers
row_header: Team
columns:
  - {id: establishment, label: March 2018 Establishment, decimals: 0}
  - {id: strength, label: March 2018 Strength, decimals: 2}
  - {id: sickness, label: Sickness, percent: true, decimals: 1}
total:
  label: Total
measures:
  - {id: share, label: Share of strength, share: [strength], decimals: 1}
charts:
  - {id: teams, kind: bars, title: Strength by team, subtitle: "Officers by team, March 2018", columns: [strength]}
`

// figuresSite is the example site with a table dataset whose figures are
// given by the file figures (the rest of the dataset's YAML), and file
// name holding data, placed in the scrutiny pack of 12 March 2018.
func figuresSite(t *testing.T, figures string, name string, data []byte) fstest.MapFS {
	t.Helper()
	fsys := exampleSite(t)
	yaml := workforceHead + figures
	if name == "" { // figures in the YAML: the typed total as YAML has it
		yaml = strings.Replace(yaml, "  label: Total\n", "  label: Total\n  values: [2687, 113.85, \"[x]\"]\n", 1)
	} else {
		fsys["data/datasets/test/"+name] = &fstest.MapFile{Data: data}
	}
	fsys["data/datasets/test/workforce.yaml"] = &fstest.MapFile{Data: []byte(yaml)}
	report := fsys["content/scrutiny-co-ordination/2018-03-12/04-wmp2020.md"]
	report.Data = append(bytes.Clone(report.Data), "\n[[table test/workforce]]\n\n[[chart test/workforce teams]]\n\nThe share of NE is [[test/workforce / NE / share]], SNW's establishment [[test/workforce / SNW / establishment]].\n"...)
	return fsys
}

// TestFiguresFromSpreadsheets builds three sites with the real pipeline:
// a dataset's figures typed in YAML, read from a real-shaped workbook
// (merged headings, a totals row, a [c] cell, percentages formatted as
// such, numbers stored as text) and read from the same saved as CSV. The
// packs are byte for byte the same.
func TestFiguresFromSpreadsheets(t *testing.T) {
	book, err := sheettest.Workforce(nil)
	if err != nil {
		t.Fatal(err)
	}
	const pack = "scrutiny-co-ordination/2018-03-12/index.html"
	build := func(name string, fsys fstest.MapFS) map[string][]byte {
		t.Helper()
		res, err := Build(fsys, Options{Defaults: briefing.Defaults})
		var list diag.List
		if errors.As(err, &list) {
			t.Fatalf("%s: %s", name, list.Lines())
		}
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if res.Files[pack] == nil {
			t.Fatalf("%s: no %s", name, pack)
		}
		return res.Files
	}
	inline := build("YAML", figuresSite(t, sheettest.WorkforceYAML, "", nil))
	for _, want := range []string{"Officers by team", "1,577", "27.41", ">12.3<", "[c]"} {
		if !bytes.Contains(inline[pack], []byte(want)) {
			i := bytes.LastIndex(inline[pack], []byte("LOMU"))
			t.Fatalf("the pack does not show %q: %s", want, inline[pack][i:i+600])
		}
	}
	for _, tc := range []struct {
		name, figures string
		data          []byte
	}{
		{"workforce.xlsx", "figures: {file: workforce.xlsx, sheet: Teams, range: A3:D10, header: 2}\n", book},
		{"workforce.csv", "figures: {file: workforce.csv, range: A3:D10, header: 2}\n", []byte(sheettest.WorkforceCSV)},
	} {
		files := build(tc.name, figuresSite(t, tc.figures, tc.name, tc.data))
		if !bytes.Equal(files[pack], inline[pack]) {
			t.Errorf("%s: the pack differs from the one with the figures in YAML", tc.name)
			for _, l := range strings.Split(string(inline[pack]), "\n") {
				if !bytes.Contains(files[pack], []byte(l)) {
					t.Logf("only in YAML's: %.300s", l)
					break
				}
			}
		}
	}
}
