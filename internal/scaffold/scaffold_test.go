package scaffold

import (
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/briefing/briefing/internal/load"
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
