package scaffold

import (
	"bytes"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/briefing/briefing/internal/load"
	"github.com/briefing/briefing/internal/model"
)

// afterHead is a published meeting's front matter down to its
// supplements, with one item whose report a supplement could bring.
const afterHead = "---\ntime: \"10:00\"\nvenue: Hall\nstatus: published\nletter_date: 2027-01-08\ncontact:\n  name: D\n" +
	"agenda:\n  - number: 1\n    title: Apologies\n  - number: 3\n    title: Minutes\n  - number: 4\n    title: Budget\n    report: 04-budget.md\n"

func day(s string) time.Time {
	d, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return d
}

// afterSite is a site whose one meeting is meeting, with item 4's
// report, and files besides.
func afterSite(meeting string, files map[string]string) fstest.MapFS {
	fsys := fstest.MapFS{
		"data/site.yaml":                    {Data: []byte("council: T\n")},
		"data/committees/c.yaml":            {Data: []byte("name: C\nmembers:\n  - name: Councillor A\n    id: aone\n  - name: Councillor B\n")},
		"content/c/2027-01-18/meeting.md":   {Data: []byte(meeting)},
		"content/c/2027-01-18/04-budget.md": {Data: []byte("Text.\n")},
	}
	for name, text := range files {
		fsys[name] = &fstest.MapFile{Data: []byte(text)}
	}
	return fsys
}

// TestAddSupplement adds a supplement where there are none, to an empty
// list and after another, and checks that the text is kept, the late
// one's reason is left commented out (so that it is still late, with no
// reason), and the file loads with the new supplement.
func TestAddSupplement(t *testing.T) {
	tests := []struct {
		name, supplements, want string
		date                    string
		late                    bool
	}{
		{"none", "# a note\n", "# a note\nsupplements:", "2027-01-09", false},
		{"empty", "supplements:\n# later\n", "supplements:\n  - date: 2027-01-15\n", "2027-01-15", true},
		{"after one", "supplements:\n- date: 2027-01-09\n  title: A\n  letter: supplement-1.md\n  # its note\n# after\n",
			"  # its note\n- date: 2027-01-15\n  title: Additional Information\n  letter: supplement-2.md\n", "2027-01-15", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			file := afterHead + tt.supplements + "---\nDear Member,\n"
			end, err := load.FindSupplements("meeting.md", []byte(file))
			if err != nil {
				t.Fatalf("FindSupplements: %v", err)
			}
			m := &model.Meeting{Committee: &model.Committee{Name: "C", Slug: "c"}, Date: day("2027-01-18"), LetterDate: day("2027-01-08"), Agenda: []*model.Item{{Number: 4, Title: "Budget", Report: &model.Doc{}}}}
			s := Supplement{Meeting: m, Number: end.Entries + 1, Date: day(tt.date), Required: 5}
			s.Letter = SupplementName(s.Number)
			if tt.late {
				s.ClearDays = 0
			} else {
				s.ClearDays = 5
			}
			got := string(AddSupplement([]byte(file), end, s))
			if !strings.HasPrefix(got, afterHead) || !strings.Contains(got, tt.want) {
				t.Fatalf("got\n%s\nwant it to hold %q after the agenda", got, tt.want)
			}
			if !strings.Contains(got, "# brings: [4]") || !strings.Contains(got, "4 (Budget)") {
				t.Errorf("item 4 is not offered:\n%s", got)
			}
			if strings.Contains(got, "# late_reason:") != tt.late {
				t.Errorf("late = %v, but the late_reason line is %v:\n%s", tt.late, !tt.late, got)
			}
			if strings.Contains(got, "\n    late_reason:") || strings.Contains(got, "\n  late_reason:") {
				t.Errorf("a late_reason is written as a value:\n%s", got)
			}
			letter, err := SupplementLetter(s)
			if err != nil {
				t.Fatal(err)
			}
			files := map[string]string{"content/c/2027-01-18/" + s.Letter: string(letter)}
			if s.Number == 2 {
				files["content/c/2027-01-18/supplement-1.md"] = "Dear Member,\n"
			}
			site, err := load.Load(afterSite(got, files), load.Options{})
			if err != nil {
				t.Fatalf("Load: %v", err)
			}
			sups := site.Committees[0].Meetings[0].Supplements
			last := sups[len(sups)-1]
			if last.Number != s.Number || !last.Date.Equal(s.Date) || last.Letter.Path == "" {
				t.Errorf("last supplement = %+v, want number %d on %s", last, s.Number, tt.date)
			}
			if last.Notice.Late() != tt.late || last.Notice.LateReason != "" {
				t.Errorf("notice = %+v, want late %v with no reason", last.Notice, tt.late)
			}
		})
	}
}

func TestFindSupplementsRefuses(t *testing.T) {
	for name, fm := range map[string]string{
		"flow list":  "supplements: [{date: 2027-01-09}]\n",
		"bad YAML":   "supplements: [\n",
		"not a list": "supplements: yes\n",
	} {
		if _, err := load.FindSupplements("meeting.md", []byte("---\n"+fm+"---\n")); err == nil {
			t.Errorf("%s: FindSupplements gave no error", name)
		}
	}
}

// TestMinutes writes the minutes of a meeting whose minutes item
// approves the meeting before and whose item 5 is exempt, and loads
// them: every member present, every item recorded, nothing of the
// exempt item.
func TestMinutes(t *testing.T) {
	meeting := strings.Replace(afterHead, "    report: 04-budget.md\n", "    report: 04-budget.md\n  - number: 5\n    title: A contract\n    exempt: Paragraph 3\n", 1) + "---\nDear Member,\n"
	fsys := afterSite(meeting, nil)
	site, err := load.Load(fsys, load.Options{})
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	m := site.Committees[0].Meetings[0]
	text, err := Minutes(MinutesOptions{Meeting: m, Published: day("2027-01-25"), Approves: day("2026-12-14")})
	if err != nil {
		t.Fatal(err)
	}
	got := string(text)
	for _, want := range []string{
		"\npublished: 2027-01-25 ",
		"\npresent:\n  - aone                          # Councillor A\n  - councillor-b                  # Councillor B\n",
		"\n  - item: 3                       # Minutes\n    approves: 2026-12-14 ",
		"\n  - item: 5                       # A contract\n    # Private business (Paragraph 3)",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("minutes lack %q:\n%s", want, got)
		}
	}
	// Without the meeting it approves, the minutes load as they are.
	text, err = Minutes(MinutesOptions{Meeting: m, Published: day("2027-01-25")})
	if err != nil {
		t.Fatal(err)
	}
	fsys["content/c/2027-01-18/minutes.md"] = &fstest.MapFile{Data: text}
	site, err = load.Load(fsys, load.Options{})
	if err != nil {
		t.Fatalf("Load: %v\n%s", err, text)
	}
	min := site.Committees[0].Meetings[0].Minutes
	if min == nil || len(min.Present) != 2 || len(min.Items) != 4 || !min.Published.Equal(day("2027-01-25")) {
		t.Fatalf("minutes = %+v", min)
	}
	if _, err := Minutes(MinutesOptions{Meeting: &model.Meeting{Committee: &model.Committee{Name: "C", Slug: "c"}}}); err == nil {
		t.Error("minutes of a committee with no members: no error")
	}
}

// TestMinutesLateItem: an item whose paper a late supplement brought is
// written with a note to record the special circumstances, the urgency
// key commented out so that the warning stays until the officer writes
// them; the minutes load as written.
func TestMinutesLateItem(t *testing.T) {
	meeting := afterHead + "supplements:\n  - date: 2027-01-15\n    title: Additional Information\n    letter: s1.md\n    brings: [4]\n    late_reason: The figures came late.\n---\nDear Member,\n"
	fsys := afterSite(meeting, map[string]string{"content/c/2027-01-18/s1.md": "Attached.\n"})
	site, err := load.Load(fsys, load.Options{})
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	text, err := Minutes(MinutesOptions{Meeting: site.Committees[0].Meetings[0], Published: day("2027-01-20")})
	if err != nil {
		t.Fatal(err)
	}
	want := "\n  - item: 4                       # Budget\n    # Its paper came late (Supplement 1, 15 January 2027: 0 clear days). Say for\n"
	if !strings.Contains(string(text), want) || !strings.Contains(string(text), "\n    # urgency: …\n") {
		t.Errorf("minutes lack the late item's note %q:\n%s", want, text)
	}
	if strings.Contains(string(text), "  - item: 3                       # Minutes\n    # Its paper came late") {
		t.Errorf("an item with no late paper has the note:\n%s", text)
	}
	fsys["content/c/2027-01-18/minutes.md"] = &fstest.MapFile{Data: text}
	if _, err := load.Load(fsys, load.Options{}); err != nil {
		t.Fatalf("Load: %v\n%s", err, text)
	}
}

// TestNamesStayOnOneLine: a committee's or a member's name with a line
// break in it (YAML lets a quoted name hold one) never becomes a key of
// the file a command writes: in a comment or a note it is put on one
// line, in a value it is quoted.
func TestNamesStayOnOneLine(t *testing.T) {
	fsys := afterSite(afterHead+"---\nDear Member,\n", nil)
	fsys["data/committees/c.yaml"] = &fstest.MapFile{Data: []byte("name: \"C\\nexample: true\\nguests: [{name: Injected}]\\n#\"\nmembers:\n  - name: \"Councillor A\\nabsent: [aone]\"\n    id: aone\n  - name: Councillor B\n")}
	site, err := load.Load(fsys, load.Options{})
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	m := site.Committees[0].Meetings[0]
	text, err := Minutes(MinutesOptions{Meeting: m, Published: day("2027-01-20")})
	if err != nil {
		t.Fatal(err)
	}
	text = bytes.Replace(text, []byte("unfinished: true"), []byte("# finished"), 1)
	fsys["content/c/2027-01-18/minutes.md"] = &fstest.MapFile{Data: text}
	site, err = load.Load(fsys, load.Options{})
	if err != nil {
		t.Fatalf("Load: %v\n%s", err, text)
	}
	min := site.Committees[0].Meetings[0].Minutes
	if min.Example || len(min.Guests) > 0 || len(min.Absent) > 0 || len(min.Present) != 2 {
		t.Errorf("a name's line break wrote keys into minutes.md: %+v\n%s", min, text)
	}
	for _, want := range []string{"# The minutes of the C example: true guests: [{name: Injected}] # on ", "# Councillor A absent: [aone]\n"} {
		if !strings.Contains(string(text), want) {
			t.Errorf("minutes.md lacks %q:\n%s", want, text)
		}
	}
	if got := note("a)\n\n**b** (c"); got != `a\) **b** \(c` {
		t.Errorf("note = %q", got)
	}
}

// TestMeetingWritesMemberIDs: the membership a new meeting leaves
// commented out gives each member's id, their own or the one made from
// their name, so that the list, once uncommented, keeps each member's
// page.
func TestMeetingWritesMemberIDs(t *testing.T) {
	c, err := load.Committee(afterSite("", nil), "c")
	if err != nil {
		t.Fatal(err)
	}
	text, err := Meeting(MeetingOptions{Committee: c, Date: day("2027-02-15"), Status: model.Draft})
	if err != nil {
		t.Fatal(err)
	}
	want := "# members:\n#   - id: aone\n#     name: Councillor A\n#   - id: councillor-b\n#     name: Councillor B\n\n"
	if !strings.Contains(string(text), want) {
		t.Errorf("new meeting's members:\n%s\nwant them to read\n%s", text, want)
	}
}

// TestAddSupplementExamples: the first supplement of a meeting made by new
// meeting takes the place of its commented-out supplements: example
// (which new meeting's template really writes); the candidates are
// offered once, the item new item just added (the last) as the adds:
// example and the other as the brings: example; a late one's note reads
// as true once its late_reason is written.
func TestAddSupplementExamples(t *testing.T) {
	tmpl, err := files.ReadFile("files/meeting.md")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(tmpl), "\n"+supplementsExample("\n")+"---\n") {
		t.Fatalf("files/meeting.md does not end its front matter with supplementsExample: keep them the same")
	}
	head := afterHead + "  - number: 5\n    title: Late news\n    report: 05-late-news.md\n"
	file := head + "\n" + supplementsExample("\n") + "---\nDear Member,\n"
	end, err := load.FindSupplements("meeting.md", []byte(file))
	if err != nil {
		t.Fatalf("FindSupplements: %v", err)
	}
	m := &model.Meeting{Committee: &model.Committee{Name: "C", Slug: "c"}, Date: day("2027-01-18"), Agenda: []*model.Item{
		{Number: 4, Title: "Budget", Report: &model.Doc{}}, {Number: 5, Title: "Late news", Report: &model.Doc{}}}}
	s := Supplement{Meeting: m, Number: 1, Date: day("2027-01-15"), Letter: SupplementName(1), Required: 5}
	got := string(AddSupplement([]byte(file), end, s))
	if strings.Contains(got, "# supplements:") || strings.Count(got, "supplements:") != 1 || !strings.HasPrefix(got, head+"\nsupplements:") {
		t.Errorf("the commented-out example is not replaced by the real list:\n%s", got)
	}
	for _, want := range []string{"    # brings: [4] ", "    # adds: [5] ", "items not on the published agenda",
		"no supplement brings or adds yet: 4 (Budget), 5 (Late news);\n", "never both"} {
		if !strings.Contains(got, want) {
			t.Errorf("no %q in\n%s", want, got)
		}
	}
	if strings.Count(got, "(Late news)") != 1 || strings.Count(got, "(Budget)") != 1 {
		t.Errorf("a candidate is offered more than once:\n%s", got)
	}
	// Written as the officer would: the note above it still reads true.
	written := strings.Replace(got, "    # late_reason:   # remove the \"# \" and write the reason in place of this note\n",
		"    late_reason: The figures came out on 14 January.\n", 1)
	if written == got {
		t.Fatalf("no late_reason line to write:\n%s", got)
	}
	if strings.Contains(written, "remove the") || strings.Contains(written, "late_reason:   #") {
		t.Errorf("a note to remove the \"# \" survives the reason being written:\n%s", written)
	}
	// Anything else in the file before the example is kept.
	other := afterHead + "# supplements: my own note\n---\n"
	end, err = load.FindSupplements("meeting.md", []byte(other))
	if err != nil {
		t.Fatal(err)
	}
	if got := string(AddSupplement([]byte(other), end, s)); !strings.Contains(got, "# supplements: my own note\nsupplements:") {
		t.Errorf("an officer's own comment went:\n%s", got)
	}
}
