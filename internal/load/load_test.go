package load

import (
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"math/big"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/briefing/briefing/internal/diag"
	"github.com/briefing/briefing/internal/model"
	"github.com/google/go-cmp/cmp"
)

// goodSite is a small valid site; cases change one file of it.
func goodSite() fstest.MapFS {
	return fstest.MapFS{
		"data/site.yaml": {Data: []byte("council: Test Council\naddress:\n  - Town Hall\n")},
		"data/committees/scrutiny.yaml": {Data: []byte(
			"name: Scrutiny Committee\nmembers:\n  - name: Cllr A\n    role: chair\n  - name: Cllr B\n    role: deputy-chair\n  - name: Cllr C\n")},
		"content/scrutiny/2018-03-12/meeting.md":   {Data: []byte(goodMeeting)},
		"content/scrutiny/2018-03-12/04-report.md": {Data: []byte("# Report\n\nText.\n")},
	}
}

const goodMeeting = `---
time: "14:00"
venue: Council House
status: published
letter_date: 2018-03-02
contact:
  name: Jo Ashby
  email: jo@example.org
agenda:
  - number: 1
    title: Apologies
  - number: 4
    title: Police
    report: 04-report.md
---
Dear Member,
`

func TestLoadGood(t *testing.T) {
	fsys := goodSite()
	s, err := Load(fsys, Options{})
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	if len(s.Committees) != 1 || len(s.Committees[0].Meetings) != 1 {
		t.Fatalf("got %d committees, want 1 with 1 meeting", len(s.Committees))
	}
	c := s.Committees[0]
	m := c.Meetings[0]
	want := []model.Member{{ID: "cllr-a", Name: "Cllr A", Role: model.RoleChair}, {ID: "cllr-b", Name: "Cllr B", Role: model.RoleDeputyChair}, {ID: "cllr-c", Name: "Cllr C", Role: model.RoleMember}}
	if diff := cmp.Diff(want, c.Members); diff != "" {
		t.Errorf("members (-want +got):\n%s", diff)
	}
	if got, want := m.Date, time.Date(2018, 3, 12, 0, 0, 0, 0, time.UTC); !got.Equal(want) {
		t.Errorf("date = %v, want %v", got, want)
	}
	if m.Agenda[1].Report == nil || m.Agenda[1].Report.Path != "content/scrutiny/2018-03-12/04-report.md" {
		t.Errorf("item 4 report = %+v", m.Agenda[1].Report)
	}
	// The site keeps the letter's hash, not its text, which Source reads
	// again, with the front matter blanked so that the letter keeps its
	// line numbers.
	if m.Letter.Source != nil || m.Letter.SHA256 == "" {
		t.Errorf("letter = %+v, want its hash and no text", m.Letter)
	}
	letter, err := Source(fsys, m.Letter)
	if err != nil {
		t.Fatalf("Source: %v", err)
	}
	if got := strings.Count(string(letter[:strings.Index(string(letter), "Dear")]), "\n"); got != 15 {
		t.Errorf("letter starts on line %d, want 16", got+1)
	}
}

// deleted, as a file's new text, removes the file.
const deleted = "\x00deleted"

// TestLoadErrors changes one file of goodSite and checks every message,
// position included.
func TestLoadErrors(t *testing.T) {
	const meeting = "content/scrutiny/2018-03-12/meeting.md"
	const minutes = "content/scrutiny/2018-03-12/minutes.md"
	edit := func(old, new string) string { return strings.Replace(goodMeeting, old, new, 1) }
	tests := []struct {
		name  string
		files map[string]string // "" deletes the file
		want  []string
	}{
		{"typo in front-matter key", map[string]string{meeting: edit("venue:", "venu:")}, []string{
			meeting + `:3:1: unknown key "venu" (did you mean "venue"?)`,
		}},
		{"date that is not a date", map[string]string{meeting: edit("2018-03-02", "2018-02-30")}, []string{
			meeting + `:5:14: letter_date: "2018-02-30" is not a real date (day out of range)`,
		}},
		{"date in the wrong form", map[string]string{meeting: edit("2018-03-02", "2 March 2018")}, []string{
			meeting + `:5:14: letter_date: "2 March 2018" is not a date; write it as yyyy-mm-dd, e.g. 2018-03-12`,
		}},
		{"date in an unlikely year", map[string]string{meeting: edit("2018-03-02", "9999-12-31")}, []string{
			meeting + `:5:14: letter_date: "9999-12-31" is in the year 9999; dates from 1900 to 2100 are accepted, so check the year`,
		}},
		{"letter after the meeting", map[string]string{meeting: edit("2018-03-02", "2018-03-13")}, []string{
			meeting + `:5:14: letter_date: 2018-03-13 is after the meeting on 2018-03-12; papers are published before the meeting`,
		}},
		{"letter years before the meeting", map[string]string{meeting: edit("2018-03-02", "2017-03-02")}, []string{
			meeting + `:5:14: letter_date: 2017-03-02 is more than a year before the meeting on 2018-03-12; check the year`,
		}},
		{"meeting folder in year 0", map[string]string{"content/scrutiny/0000-01-01/meeting.md": goodMeeting}, []string{
			`content/scrutiny/0000-01-01: folder name "0000-01-01" is in the year 0; dates from 1900 to 2100 are accepted, so check the year`,
		}},
		{"missing report file", map[string]string{"content/scrutiny/2018-03-12/04-report.md": deleted}, []string{
			meeting + `:14:13: report "04-report.md" not found in content/scrutiny/2018-03-12`,
		}},
		{"report with a folder part", map[string]string{meeting: edit("04-report.md", "../../../etc/passwd.md")}, []string{
			meeting + `:14:13: agenda[1].report: "../../../etc/passwd.md" is not a plain file name; name a file in this meeting's folder, without any folder part`,
		}},
		{"octal number", map[string]string{meeting: edit("number: 4", "number: 04")}, []string{
			meeting + `:12:13: agenda[1].number: "04" has a leading zero, which YAML reads as octal; write it without the zero`,
		}},
		{"float where a whole number belongs", map[string]string{meeting: edit("number: 4", "number: 4.0")}, []string{
			meeting + `:12:13: agenda[1].number: must be a whole number, got "4.0"`,
		}},
		{"text where a number belongs", map[string]string{meeting: edit("number: 4", "number: four")}, []string{
			meeting + `:12:13: agenda[1].number: must be a whole number, got "four"`,
		}},
		{"items out of order", map[string]string{meeting: edit("number: 4", "number: 1")}, []string{
			meeting + `:12:5: agenda[1]: item number 1 is used twice; number items in ascending order, once each`,
		}},
		{"duplicate key", map[string]string{meeting: edit("venue: Council House\n", "venue: Council House\nvenue: Guildhall\n")}, []string{
			meeting + `:4:1: duplicate key "venue" (first defined at line 3)`,
		}},
		{"bad status and time", map[string]string{meeting: edit(`time: "14:00"`+"\nvenue: Council House\nstatus: published", `time: "2pm"`+"\nvenue: Council House\nstatus: final")}, []string{
			meeting + `:2:7: time: "2pm" is not a time; write it as 24-hour hh:mm in quotes, e.g. "14:00"`,
			meeting + `:4:9: status: "final" is not a status; use draft or published`,
		}},
		{"alias", map[string]string{meeting: edit("venue: Council House", "venue: &v Council House\nreference: *v")}, []string{
			meeting + `:3:8: venue: anchors and aliases (& and *) are not allowed; write the value out`,
			meeting + `:4:12: reference: anchors and aliases (& and *) are not allowed; write the value out`,
		}},
		{"published without a letter_date", map[string]string{meeting: edit("letter_date: 2018-03-02\n", "")}, []string{
			meeting + `:2:1: missing required key "letter_date"`,
		}},
		{"draft with a letter_date that is wrong", map[string]string{meeting: edit("status: published\nletter_date: 2018-03-02", "status: draft\nletter_date: 2018-03-20")}, []string{
			meeting + `:5:14: letter_date: 2018-03-20 is after the meeting on 2018-03-12; papers are published before the meeting`,
		}},
		{"no front matter", map[string]string{meeting: "Dear Member,\n"}, []string{
			meeting + `:1:1: missing front matter: meeting.md starts with a line "---", the meeting's details in YAML, and another "---" line`,
		}},
		{"unclosed front matter", map[string]string{meeting: "---\ntime: \"14:00\"\n"}, []string{
			meeting + `:1:1: front matter is not closed: add a line "---" after the meeting's details`,
		}},
		{"YAML syntax error", map[string]string{"data/site.yaml": "council: [Test\n"}, []string{
			`data/site.yaml:1:10: YAML syntax error: a [ list ] is not closed (did not find expected ',' or ']')`,
		}},
		{"tab indentation", map[string]string{"data/site.yaml": "council: Test\naddress:\n\t- Town Hall\n"}, []string{
			`data/site.yaml:3:1: YAML syntax error: a tab used for indentation? indent with spaces (found character that cannot start any token)`,
		}},
		{"empty settings", map[string]string{"data/site.yaml": "\n"}, []string{
			`data/site.yaml:1:1: no YAML here: the file (or front matter) is empty`,
		}},
		{"two documents", map[string]string{"data/site.yaml": "council: A\n---\ncouncil: B\n"}, []string{
			`data/site.yaml:2:1: a second YAML document starts here; a file holds exactly one (remove the "---" line)`,
		}},
		{"role is checked", map[string]string{"data/committees/scrutiny.yaml": "name: S\nmembers:\n  - name: A\n    role: boss\n"}, []string{
			`data/committees/scrutiny.yaml:4:11: members[0].role: "boss" is not a role; use chair, deputy-chair or member`,
		}},
		{"two chairs", map[string]string{"data/committees/scrutiny.yaml": "name: S\nmembers:\n  - name: A\n    role: chair\n  - name: B\n    role: chair\n"}, []string{
			`data/committees/scrutiny.yaml:5:5: a committee has one Chair; line 3 already names one`,
		}},
		{"unknown committee folder", map[string]string{"content/scrutny/2018-03-12/meeting.md": goodMeeting}, []string{
			`content/scrutny: no committee "scrutny" in data/committees (did you mean "scrutiny"?)`,
		}},
		{"meeting folder not a date", map[string]string{"content/scrutiny/12-03-2018/meeting.md": goodMeeting}, []string{
			`content/scrutiny/12-03-2018: folder name "12-03-2018" is not a date; write it as yyyy-mm-dd, e.g. 2018-03-12`,
		}},
		{"invalid UTF-8", map[string]string{"data/site.yaml": "council: Caf\xe9\n"}, []string{
			`data/site.yaml:1:13: text is not valid UTF-8; save the file as UTF-8`,
		}},
		{"stray report", map[string]string{"content/scrutiny/2018-03-12/05-extra.md": "# Extra\n"}, []string{
			"content/scrutiny/2018-03-12/05-extra.md: no agenda item names this report; add it to an item's report key in meeting.md, or move it out of the folder",
		}},
		{"bad email and base URL", map[string]string{
			meeting:          edit("jo@example.org", "jo at example"),
			"data/site.yaml": "council: T\nbase_url: javascript:alert(1)\n",
		}, []string{
			`content/scrutiny/2018-03-12/meeting.md:8:10: contact.email: "jo at example" is not an email address; write it as name@domain, such as jo.ashby@example.gov.uk`,
			`data/site.yaml:2:11: base_url: "javascript:alert(1)" is not a web address; write the archive's address, e.g. https://democracy.example.org/briefing/`,
		}},
		{"comparison period that is not text", map[string]string{"data/datasets/d.yaml": "kind: comparison\ntitle: T\nsource: S\nupdated: 2019-01-10\nperiods:\n  - {a: 1}\nrows:\n  - label: X\n    values: [1, 2]\n"}, []string{
			`data/datasets/d.yaml:6:5: periods[0]: must be a single value, got a mapping of keys`,
		}},
		{"comparison with one period", map[string]string{"data/datasets/d.yaml": "kind: comparison\ntitle: T\nsource: S\nupdated: 2019-01-10\nperiods: [This year]\nrows:\n  - label: X\n    values: [1, 2]\n"}, []string{
			`data/datasets/d.yaml:5:11: periods: a comparison has two periods, the earlier first, such as [Last year, This year]; got 1`,
		}},
		{"agreement that is not a mapping", map[string]string{"data/datasets/d.yaml": "kind: series\ntitle: T\nsource: S\nupdated: 2019-01-10\nperiods: [\"2018\"]\nlines:\n  - id: a\n    label: A\n    values: [1]\nagrees_with: [x]\n"}, []string{
			`data/datasets/d.yaml:10:15: agrees_with[0]: must be a mapping of keys, got "x"`,
		}},
		{"minutes naming a non-member and an item not on the agenda", map[string]string{minutes: "---\npublished: 2018-03-14\npresent: [cllr-a, Cllr B, Cllr D]\napologies: [cllr-a]\nitems:\n  - item: 3\n  - item: 4\n    declarations:\n      - member: cllr-c\n        interest: x\n    approves: 2018-03-01\n---\nText.\n"}, []string{
			minutes + `:1:1: the minutes do not record Cllr C (cllr-c); list every member under present, apologies or absent`,
			minutes + `:3:27: "Cllr D" is not a member of Scrutiny Committee at this meeting (did you mean "Cllr A"?); name a member by id or exact name, and list anyone else under substitutes or guests`,
			minutes + `:4:13: apologies: cllr-a is already recorded at line 3; record each member once`,
			minutes + `:6:11: items[0].item: the agenda has no item 3 (it has 1 or 4); record each item under its agenda number`,
			minutes + `:9:17: items[1].declarations[0]: cllr-c is not recorded as present; only a member at the meeting declares an interest`,
			minutes + `:11:15: approves: Scrutiny Committee held no meeting on 2018-03-01; name the date of the meeting whose minutes were approved`,
		}},
		{"minutes published before the meeting, and call-in periods that cannot be", map[string]string{minutes: "---\npublished: 2018-03-09\npresent: [cllr-a, cllr-b, cllr-c]\nitems:\n  - item: 1\n    call_in:\n      published: 2018-03-14\n  - item: 4\n    resolutions: [That the report be noted.]\n    call_in:\n      published: 2018-03-11\n---\n"}, []string{
			minutes + `:2:12: published: 2018-03-09 is before the meeting on 2018-03-12; minutes are published after the meeting they record`,
			minutes + `:7:7: items[0].call_in: item 1 records no resolutions; a call-in period belongs to a decision, so write it under resolutions`,
			minutes + `:11:18: items[1].call_in.published: 2018-03-11 is before the meeting on 2018-03-12; a decision is published after it is made`,
		}},
		{"minutes giving a member two substitutes, dated years after the meeting", map[string]string{minutes: "---\npublished: 2020-03-13\npresent: [cllr-a]\napologies: [cllr-b, cllr-c]\nsubstitutes:\n  - name: Cllr X\n    for: cllr-b\n  - name: Cllr Y\n    for: Cllr B\n  - name: Cllr Z\n    for: cllr-c\nitems:\n  - item: 4\n    resolutions: [That the report be noted.]\n    call_in:\n      published: 2019-03-13\n---\n"}, []string{
			minutes + `:2:12: published: 2020-03-13 is more than 2 years after the meeting on 2018-03-12; give the day the minutes were first published (weeks after the meeting, not years): check the year`,
			minutes + `:9:10: substitutes[1].for: Cllr B already has a substitute at line 7; one person attends in a member's place, so give each member one substitute`,
			minutes + `:16:18: items[0].call_in.published: 2019-03-13 is more than a year after the meeting on 2018-03-12; give the day the decision was published (days after the meeting, not years): check the year`,
		}},
		{"minutes with present: but no list", map[string]string{minutes: "---\npublished: 2018-03-14\npresent:\napologies: [cllr-a, cllr-b, cllr-c]\n---\n"}, []string{
			minutes + `:3:9: present: must not be empty; list them, or write [] for none`,
		}},
		{"minutes without a publication date", map[string]string{minutes: "---\npresent: [cllr-a, cllr-b, cllr-c]\n---\n"}, []string{
			minutes + `:2:1: missing required key "published"`,
		}},
		{"members whose names make no id", map[string]string{"data/committees/scrutiny.yaml": "name: Scrutiny Committee\nmembers:\n  - name: Cllr A\n  - name: 李明\n  - name: Councillor Łukasz Weiß\n  - name: \"—\"\n  - name: Councillor 李明\n    id: lming\n  - name: Councillor Şahin\n  - name: Councillor Ahin\n"}, []string{
			`data/committees/scrutiny.yaml:4:5: 李明 has letters an id cannot be made from (李明: an id made from a name uses a-z and 0-9, and letters with accents as their base letter); give the member an id (id: …), such as their initial and surname`,
			`data/committees/scrutiny.yaml:5:5: Councillor Łukasz Weiß has letters an id cannot be made from (Łß: an id made from a name uses a-z and 0-9, and letters with accents as their base letter); give the member an id (id: …), such as their initial and surname`,
			`data/committees/scrutiny.yaml:6:5: — has no letters or digits an id can be made from (a-z, 0-9); give the member an id (id: …), such as their initial and surname`,
		}},
		{"member ids too long for a page address", map[string]string{"data/committees/scrutiny.yaml": "name: Scrutiny Committee\nmembers:\n  - name: Cllr A\n    id: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n  - name: Cllr BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB\n  - name: Cllr C\n    id: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n"}, []string{
			`data/committees/scrutiny.yaml:4:9: members[0].id: a member id is at most 64 characters, the longest a page address may have; this one has 65: give a shorter one, e.g. rbrown`,
			`data/committees/scrutiny.yaml:5:5: Cllr BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB makes an id of 65 characters, longer than the 64 a page address may have; give the member a shorter id (id: …), such as their initial and surname`,
		}},
		{"a member named as another's id", map[string]string{"data/committees/scrutiny.yaml": "name: Scrutiny Committee\nmembers:\n  - name: Bob Smith\n    id: bob\n  - name: bob\n    id: bjones\n  - name: ann\n    id: annw\n  - name: Ann Green\n    id: ann\n  - name: cllr\n"}, []string{
			`data/committees/scrutiny.yaml:5:5: bob is the id of the member at line 3, so minutes naming bob could mean either; give that member another id (id: …)`,
			`data/committees/scrutiny.yaml:9:5: Ann Green has the id "ann", the name of the member at line 7, so minutes naming ann could mean either; give Ann Green another id (id: …)`,
		}},
		{"a committee named as the archive's own folder", map[string]string{
			"data/committees/members.yaml":            "name: Members Committee\nmembers:\n  - name: Cllr A\n    id: 2027-01-18\n",
			"content/members/2027-01-18/meeting.md":   goodMeeting,
			"content/members/2027-01-18/04-report.md": "# Report\n",
		}, []string{
			`data/committees/members.yaml: "members" is a name the archive uses for its own pages (members/), so a committee cannot have it; name the file (and content/members/) otherwise, e.g. members-committee.yaml`,
		}},
		{"two names that make one member id", map[string]string{"data/committees/audit.yaml": "name: Audit\nmembers:\n  - name: Cllr A.\n  - name: Cllr C\n"}, []string{
			`data/committees/scrutiny.yaml:3:5: Cllr A has the id "cllr-a", which Cllr A. (data/committees/audit.yaml:3) has too, so the two would share one member page; if they are one person, write the same name or give both id: cllr-a; if two, give each an id of their own (id: …)`,
		}},
		{"missing site settings", map[string]string{"data/site.yaml": deleted}, []string{
			`data/site.yaml: file not found`,
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fsys := goodSite()
			for name, text := range tt.files {
				if text == deleted {
					delete(fsys, name)
					continue
				}
				fsys[name] = &fstest.MapFile{Data: []byte(text)}
			}
			_, err := Load(fsys, Options{})
			if diff := cmp.Diff(tt.want, errorLines(t, err)); diff != "" {
				t.Errorf("errors (-want +got):\n%s", diff)
			}
		})
	}
}

// errorLines is each error of Load's diag.List as it is printed.
func errorLines(t *testing.T, err error) []string {
	t.Helper()
	var got []string
	if list, ok := err.(diag.List); ok {
		for _, e := range list {
			got = append(got, e.Error())
		}
	} else if err != nil {
		t.Fatalf("Load returned %T %v, want a diag.List", err, err)
	}
	return got
}

// TestLoadTolerates covers inputs that look odd but are fine.
func TestLoadTolerates(t *testing.T) {
	for name, edit := range map[string]func(string) string{
		"byte-order mark": func(s string) string { return "\uFEFF" + s },
		"CRLF line ends":  func(s string) string { return strings.ReplaceAll(s, "\n", "\r\n") },
		"a draft not yet dated": func(s string) string {
			return strings.Replace(s, "status: published\nletter_date: 2018-03-02\n", "status: draft\n", 1)
		},
	} {
		t.Run(name, func(t *testing.T) {
			fsys := goodSite()
			for _, f := range []string{"content/scrutiny/2018-03-12/meeting.md", "data/site.yaml"} {
				fsys[f].Data = []byte(edit(string(fsys[f].Data)))
			}
			s, err := Load(fsys, Options{})
			if err != nil {
				t.Fatalf("Load: %v", err)
			}
			if got := s.Settings.Council; got != "Test Council" {
				t.Errorf("council = %q", got)
			}
			if got := s.Committees[0].Meetings[0].Venue; got != "Council House" {
				t.Errorf("venue = %q", got)
			}
		})
	}
}

func TestDuplicateKeysScaleLinearly(t *testing.T) {
	// yaml.v3's own duplicate check is quadratic: 40,000 keys take seconds.
	var big strings.Builder
	big.WriteString("council: T\nka: 1\n")
	for i := range 40000 {
		big.WriteString("k")
		big.WriteString(strings.Repeat("x", i%7))
		big.WriteString(string(rune('a' + i%26)))
		big.WriteString(": 1\n")
	}
	fsys := goodSite()
	fsys["data/site.yaml"].Data = []byte(big.String())
	done := make(chan error, 1)
	go func() { _, err := Load(fsys, Options{}); done <- err }()
	select {
	case err := <-done:
		list, ok := err.(diag.List)
		if !ok || len(list) != maxErrorsPerFile+1 || !strings.Contains(list.Lines(), `duplicate key "ka" (first defined at line 2)`) {
			t.Fatalf("got %d errors (%v), want %d and duplicate key errors", len(list), err, maxErrorsPerFile+1)
		}
		if got, want := list[len(list)-1].Error(), "data/site.yaml:52:1: and 39951 more mistakes in this file from here on"; got != want {
			t.Errorf("last error = %q, want %q", got, want)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Load of 40,000 keys did not finish in 10 s")
	}
}

func TestSuggest(t *testing.T) {
	allowed := []string{"venue", "time", "title", "status"}
	for _, tt := range []struct{ in, want string }{
		{"venu", ` (did you mean "venue"?)`},
		{"Title", ` (did you mean "title"?)`},
		{"staus", ` (did you mean "status"?)`},
		{"presenter", ` (allowed: status, time, title, venue)`},
	} {
		if got := suggest(tt.in, allowed); got != tt.want {
			t.Errorf("suggest(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestLoadIgnoresHiddenAndRefusesOddReports(t *testing.T) {
	fsys := goodSite()
	fsys["content/.DS_Store"] = &fstest.MapFile{Data: []byte{0, 1}}
	fsys["content/scrutiny/.DS_Store"] = &fstest.MapFile{Data: []byte{0, 1}}
	fsys["content/scrutiny/2018-03-12/.04-report.md.swp"] = &fstest.MapFile{Data: []byte{0}}
	fsys["content/scrutiny/2018-03-12/notes.md~"] = &fstest.MapFile{Data: []byte("x")}
	fsys["data/committees/.hidden.yaml"] = &fstest.MapFile{Data: []byte("x")}
	if _, err := Load(fsys, Options{}); err != nil {
		t.Fatalf("hidden files and backups are not ignored: %v", err)
	}
	const meeting = "content/scrutiny/2018-03-12/meeting.md"
	for in, want := range map[string]string{
		"meeting.md":    meeting + `:14:13: agenda[1].report: "meeting.md" cannot be a report; name the item's own markdown file`,
		".hidden.md":    meeting + `:14:13: agenda[1].report: ".hidden.md" cannot be a report; name the item's own markdown file`,
		"04-report.txt": meeting + `:14:13: agenda[1].report: "04-report.txt" is not a markdown file; a report's name ends in .md`,
	} {
		fsys := goodSite()
		fsys[meeting].Data = []byte(strings.Replace(goodMeeting, "04-report.md", in, 1))
		_, err := Load(fsys, Options{})
		if err == nil || !strings.Contains(err.(diag.List).Lines(), want+"\n") {
			t.Errorf("report %q: got %v, want %s", in, err, want)
		}
	}
	fsys = goodSite()
	fsys[meeting].Data = []byte(strings.Replace(goodMeeting, "number: 4", "number: +04", 1))
	if _, err := Load(fsys, Options{}); err == nil || !strings.Contains(err.Error(), `"+04" has a leading zero`) {
		t.Errorf("+04: got %v", err)
	}
	fsys = goodSite()
	fsys[meeting].Data = []byte(strings.Replace(strings.Replace(goodMeeting, "---\n", "--- \n", 1), "---\nDear", "---\t\r\nDear", 1))
	if _, err := Load(fsys, Options{}); err != nil {
		t.Errorf("fences with trailing blanks: %v", err)
	}
}

// TestReadAgain reads a document and a dataset again after Load let them
// go, as a build's packs do: the same bytes give the same text and
// figures, and a file changed in between is refused, never mixed in.
func TestReadAgain(t *testing.T) {
	fsys := goodSite()
	const dataset = "data/datasets/police/robbery.yaml"
	fsys[dataset] = &fstest.MapFile{Data: []byte("kind: series\ntitle: T\nsource: S\nupdated: 2019-01-10\nperiods: [\"2018\"]\nlines:\n  - id: a\n    label: A\n    values: [1]\n")}
	var loaded []*model.Dataset
	s, err := Load(fsys, Options{Dataset: func(ds *model.Dataset) { loaded = append(loaded, ds) }})
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	report := *s.Committees[0].Meetings[0].Agenda[1].Report
	file := s.Datasets["police/robbery"]
	if len(loaded) != 1 || file == nil || file.SHA256 != loaded[0].SHA256 || file.Title != "T" {
		t.Fatalf("Load handed on %d datasets and kept %+v, want police/robbery", len(loaded), file)
	}
	if text, err := Source(fsys, report); err != nil || string(text) != "# Report\n\nText.\n" {
		t.Errorf("Source(%s) = %q, %v; want the report's text", report.Path, text, err)
	}
	if ds, err := Dataset(fsys, file); err != nil || !cmp.Equal(ds, loaded[0], cmp.Comparer(func(a, b *big.Rat) bool { return a == nil && b == nil || a != nil && b != nil && a.Cmp(b) == 0 })) {
		t.Errorf("Dataset(%s) = %+v, %v; want what Load read", file.ID, ds, err)
	}

	fsys[report.Path] = &fstest.MapFile{Data: []byte("# Report\n\nOther text.\n")}
	fsys[dataset].Data = append(fsys[dataset].Data, "notes: [n]\n"...)
	const changed = "the file changed while the site was being built; build again"
	if _, err := Source(fsys, report); err == nil || err.Error() != changed {
		t.Errorf("Source(%s) after an edit: err = %v, want %q", report.Path, err, changed)
	}
	if _, err := Dataset(fsys, file); err == nil || err.Error() != dataset+": "+changed {
		t.Errorf("Dataset(%s) after an edit: err = %v, want %q", file.ID, err, dataset+": "+changed)
	}
}

// TestChecked keeps the datasets and documents a previous build checked
// whose files are unchanged, without reading them, and reads the rest: a
// changed file, a new one, and a series that agrees with a changed
// comparison.
func TestChecked(t *testing.T) {
	fsys := goodSite()
	series := "kind: series\ntitle: S\nsource: S\nupdated: 2019-01-10\nperiods: [\"2018\"]\nlines:\n  - id: a\n    label: A\n    values: [1]\n"
	list := "kind: list\ntitle: L\nsource: S\nupdated: 2019-01-10\ngroups:\n  - label: G\n    items: [a]\n"
	for _, name := range []string{"kept", "changed", "agrees", "other", "new"} {
		fsys["data/datasets/"+name+".yaml"] = &fstest.MapFile{Data: []byte(list)}
	}
	fsys["data/datasets/agrees.yaml"] = &fstest.MapFile{Data: []byte(series)}
	before, err := Load(fsys, Options{})
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	checked := maps.Clone(before.Datasets)
	delete(checked, "new")
	checked["agrees"] = &model.DatasetFile{ID: "agrees", Title: "from the record", Agrees: []string{"changed"}}
	checked["other"] = &model.DatasetFile{ID: "other", Title: "from the record", Agrees: []string{"kept"}}
	var read []string
	s, err := Load(fsys, Options{
		Dataset: func(ds *model.Dataset) { read = append(read, ds.ID) },
		Checked: &Checked{
			Datasets:  checked,
			Unchanged: func(name string, _ fs.FileInfo) bool { return name != "data/datasets/changed.yaml" },
		},
	})
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	if want := []string{"agrees", "changed", "new"}; !slices.Equal(read, want) {
		t.Errorf("read %q, want %q", read, want)
	}
	if s.Datasets["kept"] != checked["kept"] || s.Datasets["other"].Title != "from the record" {
		t.Errorf("kept %+v and %+v, want them as checked", s.Datasets["kept"], s.Datasets["other"])
	}
	if got := s.Datasets["agrees"]; got.Title != "S" {
		t.Errorf("agrees: %+v, want it read again", got)
	}
	// A document is kept with the sum recorded, unread; one changed is
	// read.
	const report = "content/scrutiny/2018-03-12/04-report.md"
	for _, unchanged := range []bool{true, false} {
		s, err := Load(fsys, Options{Checked: &Checked{
			Docs:      map[string]string{report: "recorded"},
			Unchanged: func(string, fs.FileInfo) bool { return unchanged },
		}})
		if err != nil {
			t.Fatalf("Load: %v", err)
		}
		want := map[bool]string{true: "recorded", false: before.Docs()[report]}[unchanged]
		if got := s.Committees[0].Meetings[0].Agenda[1].Report.SHA256; got != want {
			t.Errorf("unchanged %t: the report has SHA-256 %q, want %q", unchanged, got, want)
		}
	}
}

// TestCommitteeDefaults checks that a meeting takes the venue, time and
// contact it leaves out from its committee, and keeps its own.
func TestCommitteeDefaults(t *testing.T) {
	const committee = "name: Scrutiny Committee\nmembers:\n  - name: Cllr A\nvenue: Committee Room 1\ntime: \"10:00\"\ncontact:\n  name: Sam Clerk\n  email: sam@example.org\n"
	const bare = "---\nstatus: published\nletter_date: 2018-03-02\nagenda:\n  - number: 1\n    title: Apologies\n---\nDear Member,\n"
	own := "---\nvenue: Guildhall\ntime: \"18:30\"\ncontact:\n  name: Jo Ashby\n" + strings.TrimPrefix(bare, "---\n")
	tests := []struct {
		name, committee, meeting string
		want                     []string // venue, time, contact name, contact email
	}{
		{"taken from the committee", committee, bare, []string{"Committee Room 1", "10:00", "Sam Clerk", "sam@example.org"}},
		{"the meeting's own wins, the contact whole", committee, own, []string{"Guildhall", "18:30", "Jo Ashby", ""}},
		{"no defaults", "name: S\nmembers:\n  - name: A\n", own, []string{"Guildhall", "18:30", "Jo Ashby", ""}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fsys := goodSite()
			fsys["data/committees/scrutiny.yaml"] = &fstest.MapFile{Data: []byte(tt.committee)}
			fsys["content/scrutiny/2018-03-12/meeting.md"] = &fstest.MapFile{Data: []byte(tt.meeting)}
			delete(fsys, "content/scrutiny/2018-03-12/04-report.md")
			s, err := Load(fsys, Options{})
			if err != nil {
				t.Fatalf("Load: %v", err)
			}
			m := s.Committees[0].Meetings[0]
			got := []string{m.Venue, m.Time, m.Contact.Name, m.Contact.Email}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("venue, time, contact (-want +got):\n%s", diff)
			}
		})
	}
}

// TestCommitteeDefaultsErrors checks the committee's defaults are read as
// strictly as meeting.md's keys, and that a meeting with no default to
// take still needs its own.
func TestCommitteeDefaultsErrors(t *testing.T) {
	const meeting = "content/scrutiny/2018-03-12/meeting.md"
	const committee = "data/committees/scrutiny.yaml"
	const bare = "---\nstatus: published\nletter_date: 2018-03-02\nagenda:\n  - number: 1\n    title: Apologies\n---\nDear Member,\n"
	tests := []struct {
		name, committee string
		want            []string
	}{
		{"no defaults", "name: S\nmembers:\n  - name: A\nvenue: Hall\n", []string{
			meeting + `:2:1: missing required key "contact"`,
			meeting + `:2:1: missing required key "time"`,
		}},
		{"bad defaults", "name: S\nmembers:\n  - name: A\nvenue: Hall\ntime: 2pm\ncontact:\n  role: Clerk\n  email: not an address\n  phon: 1\n", []string{
			committee + `:5:7: time: "2pm" is not a time; write it as 24-hour hh:mm in quotes, e.g. "14:00"`,
			committee + `:7:3: contact: missing required key "name"`,
			committee + `:8:10: contact.email: "not an address" is not an email address; write it as name@domain, such as jo.ashby@example.gov.uk`,
			committee + `:9:3: contact: unknown key "phon" (did you mean "phone"?)`,
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fsys := goodSite()
			fsys[committee] = &fstest.MapFile{Data: []byte(tt.committee)}
			fsys[meeting] = &fstest.MapFile{Data: []byte(bare)}
			delete(fsys, "content/scrutiny/2018-03-12/04-report.md")
			_, err := Load(fsys, Options{})
			if diff := cmp.Diff(tt.want, errorLines(t, err)); diff != "" {
				t.Errorf("errors (-want +got):\n%s", diff)
			}
		})
	}
}

func TestCommittee(t *testing.T) {
	fsys := goodSite()
	fsys["data/committees/scrutiny.yaml"] = &fstest.MapFile{Data: []byte("name: S\nmembers:\n  - name: A\nvenue: Hall\n")}
	c, err := Committee(fsys, "scrutiny")
	if err != nil || c.Name != "S" || c.Defaults.Venue != "Hall" {
		t.Errorf("Committee = %+v, %v; want S with venue Hall", c, err)
	}
	fsys["data/committees/scrutiny.yaml"] = &fstest.MapFile{Data: []byte("name: S\n")}
	if _, err := Committee(fsys, "scrutiny"); err == nil || !strings.Contains(err.Error(), `missing required key "members"`) {
		t.Errorf("Committee of a file without members: %v", err)
	}
}

func TestCommitteeRefusesArchiveNames(t *testing.T) {
	fsys := goodSite()
	fsys["data/committees/members.yaml"] = &fstest.MapFile{Data: []byte("name: M\nmembers:\n  - name: A\n")}
	if _, err := Committee(fsys, "members"); err == nil || !strings.Contains(err.Error(), "a name the archive uses for its own pages") {
		t.Errorf("Committee(members) = %v, want it refused", err)
	}
}

// TestMemberID: an id made from a name keeps every letter, a letter
// with a diacritic as its base letter, so that two names never make one
// id by dropping letters; a letter that has no base letter in a-z is
// given back, for the member to be given an id.
func TestMemberID(t *testing.T) {
	tests := []struct {
		name, id, unfolded string
	}{
		{"Councillor R Brown", "councillor-r-brown", ""},
		{"Councillor Şahin", "councillor-sahin", ""},
		{"Councillor Ahin", "councillor-ahin", ""},
		{"Zoë O'Neill", "zoe-o-neill", ""},
		{"ZOË", "zoe", ""},
		{"Councillor Ångström-Núñez", "councillor-angstrom-nunez", ""},
		{"Councillor İpek Çelik", "councillor-ipek-celik", ""},
		{"Councillor Łukasz", "councillor-ukasz", "Ł"},
		{"李明", "", "李明"},
		{"Councillor 3", "councillor-3", ""},
		{"Councillor ٣", "councillor", "٣"},
	}
	for _, tt := range tests {
		id, unfolded := memberID(tt.name)
		if id != tt.id || string(unfolded) != tt.unfolded {
			t.Errorf("memberID(%q) = %q, %q; want %q, %q", tt.name, id, string(unfolded), tt.id, tt.unfolded)
		}
	}
}

// TestMeetingMembersKeepIDs: a meeting's own members without an id take
// the id of the committee's member of the same name, so that a person
// keeps one id (and one page) whether or not the meeting lists its
// membership; an id the meeting gives is its own, and a name the
// committee has not is given one made from it.
func TestMeetingMembersKeepIDs(t *testing.T) {
	fsys := goodSite()
	fsys["data/committees/scrutiny.yaml"] = &fstest.MapFile{Data: []byte("name: Scrutiny Committee\nmembers:\n  - id: ra\n    name: Cllr A\n  - id: rb\n    name: Cllr B\n  - name: Cllr C\n")}
	meeting := strings.Replace(goodMeeting, "agenda:", "members:\n  - name: Cllr A\n  - name: Cllr B\n    id: bee\n  - name: Cllr C\n  - name: Cllr D\nagenda:", 1)
	fsys["content/scrutiny/2018-03-12/meeting.md"] = &fstest.MapFile{Data: []byte(meeting)}
	site, err := Load(fsys, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, m := range site.Committees[0].Meetings[0].Members {
		got = append(got, m.ID)
	}
	if want := []string{"ra", "bee", "cllr-c", "cllr-d"}; !slices.Equal(got, want) {
		t.Errorf("meeting's members' ids = %v, want %v", got, want)
	}
}

// TestFinancialYears: a series' periods may be financial years, shown as
// typed and drawn from 1 April; a pair of years that do not follow is no
// period.
func TestFinancialYears(t *testing.T) {
	fsys := fstest.MapFS{
		"data/datasets/s.yaml": {Data: []byte("kind: series\ntitle: T\nsource: S\nupdated: 2018-03-09\nperiods: [1999/00, 2016/17, 2017/18]\nlines:\n  - {id: n, label: N, values: [1, 2, 3]}\n")},
		"data/datasets/b.yaml": {Data: []byte("kind: series\ntitle: T\nsource: S\nupdated: 2018-03-09\nperiods: [2017/19]\nlines:\n  - {id: n, label: N, values: [1]}\n")},
	}
	var got *model.Dataset
	_, err := Load(fsys, Options{Dataset: func(ds *model.Dataset) {
		if ds.ID == "s" {
			got = ds
		}
	}})
	if got == nil || len(got.Rows) != 3 {
		t.Fatalf("the series of financial years did not load: %v", err)
	}
	if r := got.Rows[2]; r.Label != "2017/18" || !r.Period.Equal(time.Date(2017, time.April, 1, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("2017/18 read as %q from %v, want from 1 April 2017", r.Label, r.Period)
	}
	var list diag.List
	errors.As(err, &list)
	found := false
	for _, e := range list {
		found = found || strings.HasPrefix(e.Error(), `data/datasets/b.yaml:5:11: periods[0]: "2017/19" is not a period; write a year (2018), a financial year (2017/18)`)
	}
	if !found {
		for _, e := range list {
			t.Log(e)
		}
		t.Errorf("2017/19: not reported as a period")
	}
}

// TestCallIn: a decision's call-in period counts the site's
// notice.call_in_days working days from its publication, over the
// site's own closures as well as weekends and bank holidays.
func TestCallIn(t *testing.T) {
	fsys := goodSite()
	fsys["data/site.yaml"] = &fstest.MapFile{Data: []byte("council: Test Council\nnotice:\n  call_in_days: 3\n  holidays: [2018-03-16]\n")}
	fsys["content/scrutiny/2018-03-12/minutes.md"] = &fstest.MapFile{Data: []byte("---\npublished: 2018-03-14\npresent: [cllr-a, cllr-b, cllr-c]\nitems:\n  - item: 4\n    resolutions: [That the report be approved.]\n    call_in:\n      published: 2018-03-14\n---\n")}
	site, err := Load(fsys, Options{})
	if err != nil {
		t.Fatal(err)
	}
	m := site.Committees[0].Meetings[0]
	c := m.Minutes.Items[0].CallIn
	if c == nil {
		t.Fatal("item 4 has no call-in period")
	}
	// Wednesday 14 March: Thursday 15, (closed Friday 16), Monday 19,
	// Tuesday 20; in force on Wednesday 21.
	got := []string{c.Published.Format(time.DateOnly), c.Deadline.Format(time.DateOnly), c.TakesEffect.Format(time.DateOnly), fmt.Sprint(c.Days)}
	want := []string{"2018-03-14", "2018-03-20", "2018-03-21", "3"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("call-in (-want +got):\n%s", diff)
	}
	if vs := m.Minutes.Versions(); len(vs) != 1 || vs[0].Approved || !vs[0].Date.Equal(c.Published) {
		t.Errorf("unapproved minutes' versions: %+v", vs)
	}
}

// TestMeetingCaps: a meeting with more agenda items or supplements than
// MaxItems and MaxSupplements is told so at the first one over, so that
// its versions times its items stay bounded.
func TestMeetingCaps(t *testing.T) {
	fsys := goodSite()
	meeting := strings.Replace(goodMeeting, "agenda:\n", "supplements:\n"+strings.Repeat("  - {date: 2018-03-05, title: T, letter: s.md}\n", MaxSupplements+1)+"agenda:\n"+strings.Repeat("  - {number: 90, title: T}\n", MaxItems), 1)
	fsys["content/scrutiny/2018-03-12/meeting.md"] = &fstest.MapFile{Data: []byte(meeting)}
	_, err := Load(fsys, Options{})
	var got []string
	for _, line := range errorLines(t, err) {
		if strings.Contains(line, "a meeting may have at most") {
			got = append(got, line)
		}
	}
	const path = "content/scrutiny/2018-03-12/meeting.md"
	want := []string{
		path + fmt.Sprintf(`:%d:5: a meeting may have at most %d supplements; this one has %d: send the papers together in fewer`, 10+MaxSupplements, MaxSupplements, MaxSupplements+1),
		path + fmt.Sprintf(`:%d:5: a meeting may have at most %d agenda items; this one has %d: split the business between meetings`, 12+MaxSupplements+MaxItems, MaxItems, MaxItems+2),
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("cap errors (-want +got):\n%s", diff)
	}
}
