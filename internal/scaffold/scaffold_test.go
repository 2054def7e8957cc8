package scaffold

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/briefing/briefing/internal/load"
	"github.com/briefing/briefing/internal/model"
	"github.com/briefing/briefing/internal/sheettest"
)

// TestAddItem adds an item to agendas written in several ways, and checks
// that the text is kept, the item goes after the last one, and the file
// loads with the new item.
func TestAddItem(t *testing.T) {
	const head = "---\ntime: \"10:00\"\nvenue: Hall\nstatus: draft\ncontact:\n  name: D\n"
	tests := []struct {
		name, agenda, want string // want: the agenda after the item is added
	}{
		{"indented",
			"agenda:\n  - number: 1\n    title: Apologies\n  # a note\nsupplements: []\n",
			"agenda:\n  - number: 1\n    title: Apologies\n  - number: 2\n    title: \"New: item\"\n    report: 02-new-item.md\n  # a note\nsupplements: []\n"},
		{"not indented, last key",
			"agenda:\n- number: 3\n  title: Minutes\n  description: |\n    The minutes.\n\n    # not a comment\n",
			"agenda:\n- number: 3\n  title: Minutes\n  description: |\n    The minutes.\n\n    # not a comment\n- number: 4\n  title: \"New: item\"\n  report: 04-new-item.md\n"},
		{"empty",
			"agenda:\n# items here\n",
			"agenda:\n  - number: 1\n    title: \"New: item\"\n    report: 01-new-item.md\n# items here\n"},
		{"CRLF",
			"agenda:\r\n  - number: 1\r\n    title: A\r\n",
			"agenda:\r\n  - number: 1\r\n    title: A\r\n  - number: 2\r\n    title: \"New: item\"\r\n    report: 02-new-item.md\r\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			nl := "\n"
			if strings.Contains(tt.agenda, "\r") {
				nl = "\r\n"
			}
			h := strings.ReplaceAll(head, "\n", nl)
			file := h + tt.agenda + "---" + nl + "Dear Member," + nl
			end, err := load.FindAgenda("meeting.md", []byte(file))
			if err != nil {
				t.Fatalf("FindAgenda: %v", err)
			}
			it := Item{Number: end.Last + 1, Title: "New: item"}
			it.Report = ReportName(it.Number, it.Title)
			got := string(AddItem([]byte(file), end, it))
			if want := h + tt.want + "---" + nl + "Dear Member," + nl; got != want {
				t.Fatalf("got\n%q\nwant\n%q", got, want)
			}
			fsys := fstest.MapFS{
				"data/site.yaml":                    {Data: []byte("council: T\n")},
				"data/committees/c.yaml":            {Data: []byte("name: C\nmembers:\n  - name: A\n")},
				"content/c/2027-01-18/meeting.md":   {Data: []byte(got)},
				"content/c/2027-01-18/" + it.Report: {Data: []byte("Text.\n")},
			}
			s, err := load.Load(fsys, load.Options{})
			if err != nil {
				t.Fatalf("Load: %v", err)
			}
			agenda := s.Committees[0].Meetings[0].Agenda
			if last := agenda[len(agenda)-1]; last.Number != it.Number || last.Title != it.Title || last.Report == nil {
				t.Errorf("last item = %+v, want %+v", last, it)
			}
		})
	}
}

func TestFindAgendaRefuses(t *testing.T) {
	for name, fm := range map[string]string{
		"flow list":  "agenda: [{number: 1, title: A}]\n",
		"no agenda":  "status: draft\n",
		"bad YAML":   "agenda: [\n",
		"not a list": "agenda: yes\n",
	} {
		if _, err := load.FindAgenda("meeting.md", []byte("---\n"+fm+"---\n")); err == nil {
			t.Errorf("%s: FindAgenda gave no error", name)
		}
	}
}

func TestText(t *testing.T) {
	for s, want := range map[string]string{
		"Work programme":             "Work programme",
		"Budget: quarter 3":          `"Budget: quarter 3"`,
		"yes":                        `"yes"`,
		"#1 priority":                `"#1 priority"`,
		"Children's services – 2026": "Children's services – 2026",
		`Say "no"`:                   `"Say \"no\""`,
		"- a list?":                  `"- a list?"`,
	} {
		if got := Text(s); got != want {
			t.Errorf("Text(%q) = %s, want %s", s, got, want)
		}
	}
}

func TestReportName(t *testing.T) {
	for _, tt := range []struct {
		n     int
		title string
		want  string
	}{
		{4, "Budget monitoring: quarter 3 (2026/27)", "04-budget-monitoring-quarter-3-2026-27.md"},
		{12, "Ça va?", "12-a-va.md"},
		{5, "!!!", "05.md"},
	} {
		if got := ReportName(tt.n, tt.title); got != tt.want {
			t.Errorf("ReportName(%d, %q) = %q, want %q", tt.n, tt.title, got, tt.want)
		}
	}
}

// TestSite checks the new site loads without a mistake, and that every
// dataset kind's placeholder loads too.
func TestSite(t *testing.T) {
	files, err := Site()
	if err != nil {
		t.Fatal(err)
	}
	fsys := fstest.MapFS{}
	for _, f := range files {
		fsys[f.Path] = &fstest.MapFile{Data: f.Data}
	}
	for _, kind := range Kinds {
		data, err := Dataset(kind, "x/"+kind, time.Date(2026, 11, 28, 0, 0, 0, 0, time.UTC))
		if err != nil {
			t.Fatal(err)
		}
		fsys[load.DatasetPath("x/"+kind)] = &fstest.MapFile{Data: data}
	}
	s, err := load.Load(fsys, load.Options{})
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	if len(s.Datasets) != len(Kinds) {
		t.Errorf("%d datasets, want %d", len(s.Datasets), len(Kinds))
	}
	if _, err := Dataset("chart", "x", time.Time{}); err == nil {
		t.Error("Dataset of an unknown kind gave no error")
	}
}

// TestDatasetFigures follows the note on figures in each dataset that can
// take them from a spreadsheet: the figures line uncommented as it is
// written, the typed figures deleted, and a workbook put beside the file;
// the dataset must then load with the workbook's rows.
func TestDatasetFigures(t *testing.T) {
	T, N := sheettest.T, sheettest.N
	rows := func(head []string, label func(i int) sheettest.Cell, n int) [][]sheettest.Cell {
		out := [][]sheettest.Cell{{}}
		for _, h := range head {
			out[0] = append(out[0], T(h))
		}
		for i := 1; i <= n; i++ {
			row := []sheettest.Cell{label(i)}
			for j := 1; j < len(head); j++ {
				row = append(row, N(float64(i*10+j)))
			}
			out = append(out, row)
		}
		return out
	}
	area := func(i int) sheettest.Cell { return T(fmt.Sprintf("Area %d", i)) }
	year := func(i int) sheettest.Cell { return N(float64(2010 + i)) }
	tests := []struct {
		kind   string
		sheet  [][]sheettest.Cell
		delete *regexp.Regexp // the typed figures
		edit   func(string) string
	}{
		{"table", rows([]string{"Team", "First column", "Second column"}, area, 9),
			regexp.MustCompile(`(?m)^(rows:|  - \{label:).*\n`), nil},
		{"comparison", rows([]string{"Area", "Last year", "This year"}, area, 9),
			regexp.MustCompile(`(?m)^(rows:|  - \{label:).*\n`), nil},
		{"series", rows([]string{"Year", "First line"}, year, 3),
			regexp.MustCompile(`(?m)^periods:.*\n|, values: \[[^]]*\]`),
			func(s string) string { return strings.Replace(s, "range: A1:C10", "range: A1:B4", 1) }},
	}
	for _, tt := range tests {
		t.Run(tt.kind, func(t *testing.T) {
			data, err := Dataset(tt.kind, "x/"+tt.kind, time.Date(2026, 11, 28, 0, 0, 0, 0, time.UTC))
			if err != nil {
				t.Fatal(err)
			}
			line := "# figures: {file: " + tt.kind + ".xlsx, sheet: Sheet1, range: A1:C10}"
			text := string(data)
			if !strings.Contains(text, line) {
				t.Fatalf("no line %q in\n%s", line, text)
			}
			text = strings.Replace(text, line, line[2:], 1)
			text = tt.delete.ReplaceAllString(text, "")
			if tt.edit != nil {
				text = tt.edit(text)
			}
			book, err := sheettest.Workbook(sheettest.Sheet{Name: "Sheet1", Rows: tt.sheet})
			if err != nil {
				t.Fatal(err)
			}
			files, err := Site()
			if err != nil {
				t.Fatal(err)
			}
			fsys := fstest.MapFS{
				load.DatasetPath("x/" + tt.kind):       {Data: []byte(text)},
				"data/datasets/x/" + tt.kind + ".xlsx": {Data: book},
			}
			for _, f := range files {
				fsys[f.Path] = &fstest.MapFile{Data: f.Data}
			}
			s, err := load.Load(fsys, load.Options{})
			if err != nil {
				t.Fatalf("Load: %v\n%s", err, text)
			}
			d := s.Datasets["x/"+tt.kind]
			if len(s.Datasets) != 1 || d == nil || d.Figures != "data/datasets/x/"+tt.kind+".xlsx" {
				t.Fatalf("datasets %+v, want x/%s with its figures from x/%[2]s.xlsx", s.Datasets, tt.kind)
			}
		})
	}
}

// TestPlaceholders: the sentences a new report holds for the officer to
// replace are the ones the build warns of in a published meeting
// (model.Placeholders), and each is in the new report.
func TestPlaceholders(t *testing.T) {
	data, err := files.ReadFile("files/report.md")
	if err != nil {
		t.Fatal(err)
	}
	var found []string
	for _, line := range strings.Split(string(data), "\n") {
		if strings.HasPrefix(line, "Write ") {
			found = append(found, line)
		}
	}
	if !slices.Equal(found, model.Placeholders) {
		t.Errorf("the new report's placeholders are %q; model.Placeholders are %q", found, model.Placeholders)
	}
}
