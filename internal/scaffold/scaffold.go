// Package scaffold makes the starter files that briefing new writes: a
// new site, a meeting, an agenda item and its report, a dataset. Each is
// made from the embedded files under files/, commented so that an officer
// sees every key, and none holds a figure presented as real: what cannot
// be known is left commented out, and placeholders say they are.
//
// It makes bytes; the command writes them. What the loader reads by (a
// meeting's date, a dataset's id, where an agenda ends) it asks of
// package load, so that what it writes is what the build reads.
package scaffold

import (
	"bytes"
	"embed"
	"fmt"
	"io/fs"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"text/template"
	"time"

	"github.com/briefing/briefing/internal/load"
	"github.com/briefing/briefing/internal/model"
	"github.com/briefing/briefing/internal/number"
)

//go:embed all:files
var files embed.FS

// File is a file to write, by its slash-separated path in the site.
type File struct {
	Path string
	Data []byte
}

// The example site's one committee and meeting.
const (
	exampleCommittee = "scrutiny"
	exampleDate      = "2027-01-18"
	exampleLetter    = "2027-01-08"
)

// Site is a new site: settings, one committee, one published meeting with
// the opening items and an example report, and a .gitignore. Layouts and
// the stylesheet are not among them: the binary's own apply until the
// site has its own.
func Site() ([]File, error) {
	var out []File
	root, _ := fs.Sub(files, "files/site")
	err := fs.WalkDir(root, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(root, name)
		out = append(out, File{Path: name, Data: data})
		return err
	})
	if err != nil {
		return nil, err
	}
	// The meeting is made as briefing new meeting and new item make one,
	// published, with a letter, so that the site builds a pack as it is.
	c, err := load.Committee(root, exampleCommittee)
	if err != nil {
		return nil, fmt.Errorf("the starter committee: %w", err)
	}
	day, _ := time.Parse(time.DateOnly, exampleDate)
	letter, _ := time.Parse(time.DateOnly, exampleLetter)
	const title = "An example report"
	report := ReportName(4, title)
	m, err := Meeting(MeetingOptions{Committee: c, Date: day, Status: model.Published, LetterDate: letter, Letter: true,
		Items: []Item{{Number: 4, Title: title, Report: report}}})
	if err != nil {
		return nil, err
	}
	r, err := Report(4, title)
	if err != nil {
		return nil, err
	}
	// The starter meeting is published, so its report says what it is
	// rather than keep the sentences a new report has to be replaced.
	r = bytes.Replace(r, []byte(model.Placeholders[0]), []byte("This is an example, made by briefing new site to show where a report goes. Replace this meeting with your own (briefing new meeting), or delete its folder."), 1)
	r = bytes.Replace(r, []byte(model.Placeholders[1]), []byte("That the committee notes the example."), 1)
	dir := MeetingDir(exampleCommittee, day)
	out = append(out, File{dir + "/meeting.md", m}, File{dir + "/" + report, r})
	slices.SortFunc(out, func(a, b File) int { return strings.Compare(a.Path, b.Path) })
	return out, nil
}

// MeetingDir is the folder of the committee's meeting on day.
func MeetingDir(committee string, day time.Time) string {
	return "content/" + committee + "/" + day.Format(time.DateOnly)
}

// MeetingOptions say what a new meeting.md holds.
type MeetingOptions struct {
	Committee  *model.Committee // its name, slug and defaults
	Date       time.Time
	Status     model.Status // draft for a new meeting
	LetterDate time.Time    // zero: left for the officer to write
	Previous   time.Time    // the committee's meeting before, for the minutes; zero if none
	Letter     bool         // a short letter, rather than notes on writing one
	Items      []Item       // items after the opening three
}

// Item is an agenda item that has a report.
type Item struct {
	Number int
	Title  string
	Report string // its file name
}

// Meeting is a meeting.md: front matter with the committee's defaults
// shown (commented out, since the meeting takes them) or left to fill in
// where the committee has none, the three opening items, and a letter.
func Meeting(o MeetingOptions) ([]byte, error) {
	return execute("files/meeting.md", o)
}

// Report is the starter report of item number, titled title.
func Report(number int, title string) ([]byte, error) {
	return execute("files/report.md", Item{Number: number, Title: title})
}

// Kinds are the kinds of dataset Dataset makes, in the order help lists
// them: every kind the loader reads.
var Kinds = []string{string(model.KindTable), string(model.KindComparison), string(model.KindSeries), string(model.KindList), string(model.KindLost)}

// Dataset is a dataset of kind with the id id: every key shown (the
// optional ones commented out), with placeholder figures that build and
// say they are placeholders. updated is the day it is made.
func Dataset(kind, id string, updated time.Time) ([]byte, error) {
	if !slices.Contains(Kinds, kind) {
		return nil, fmt.Errorf("%q is not a kind of dataset; use %s", kind, strings.Join(Kinds, ", "))
	}
	if err := load.CheckDatasetID(id); err != nil {
		return nil, err
	}
	data := map[string]string{"Kind": kind, "ID": id, "Updated": updated.Format(time.DateOnly), "Chart": "bars",
		"File": id[strings.LastIndex(id, "/")+1:], "Typed": "rows"}
	switch kind {
	case "table":
		data["What"], data["Row"], data["Column"], data["RowHeader"] = "rows of typed columns", "First row", "Second column", "Team"
	case "comparison":
		data["What"], data["Row"], data["Column"], data["RowHeader"] = "areas over two periods, the change computed", "First area", "This year", "Area"
	case "series":
		data["What"], data["Row"], data["Column"], data["RowHeader"] = "values over periods", "2026", "First line", "Year"
		data["Chart"] = "line"
		data["Typed"] = "periods and the lines' values"
	case "list":
		data["What"] = "grouped items"
	case "lost":
		return execute("files/dataset/lost.yaml", data)
	}
	return execute("files/dataset/"+kind+".yaml", data, "files/dataset/common.tmpl")
}

// execute runs the template name, with the templates in also, on data.
func execute(name string, data any, also ...string) ([]byte, error) {
	t, err := template.New("").Funcs(funcs).ParseFS(files, append([]string{name}, also...)...)
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	if err := t.ExecuteTemplate(&b, name[strings.LastIndex(name, "/")+1:], data); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

var funcs = template.FuncMap{
	"longdate": func(t time.Time) string { return t.Format(model.LongDateLayout) },
	"date":     func(t time.Time) string { return t.Format(model.DateLayout) },
	"iso":      func(t time.Time) string { return t.Format(time.DateOnly) },
	"yaml":     Text,
	"note":     note,
	"oneline":  oneLine,
	"notice":   func(n int) string { return number.Count(n, "clear day's", "clear days'") },
	"pad":      func(s string) string { return strings.Repeat(" ", max(30-len(s), 1)) },
}

// plain is text that YAML reads as the same text written bare.
var plain = regexp.MustCompile(`^[\p{L}\p{N}][\p{L}\p{N} ,.'’()&/–-]*$`)

// Text is s as a YAML value: bare where YAML reads it as written, else in
// double quotes (whose escapes are Go's).
func Text(s string) string {
	switch strings.ToLower(s) {
	case "null", "true", "false", "yes", "no", "on", "off", "y", "n":
		return strconv.Quote(s)
	}
	if plain.MatchString(s) && !strings.HasSuffix(s, " ") {
		return s
	}
	return strconv.Quote(s)
}

// note escapes s for the title of a markdown note, "[//]: # (…)", on
// one line: a line break in s would end the note, and print what follows.
func note(s string) string {
	return strings.NewReplacer(`\`, `\\`, `(`, `\(`, `)`, `\)`).Replace(oneLine(s))
}

// ReportName is the file name of item number's report: "05-budget.md".
func ReportName(number int, title string) string {
	var slug strings.Builder
	dash := false
	for _, r := range strings.ToLower(title) {
		switch {
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
			if dash && slug.Len() > 0 {
				slug.WriteByte('-')
			}
			slug.WriteRune(r)
			dash = false
		default:
			dash = true
		}
		if slug.Len() >= 40 {
			break
		}
	}
	name := fmt.Sprintf("%02d", number)
	if slug.Len() > 0 {
		name += "-" + slug.String()
	}
	return name + ".md"
}

// AddItem adds item to the agenda of meeting.md's text data, whose agenda
// ends at end (load.FindAgenda): its lines go after the last item's, as
// the items are indented, and nothing else of the file changes.
func AddItem(data []byte, end load.AgendaEnd, it Item) []byte {
	dash, key, nl := strings.Repeat(" ", end.Dash), strings.Repeat(" ", end.Key), end.Newline
	entry := fmt.Sprintf("%s- %snumber: %d%s%stitle: %s%s%sreport: %s%s",
		dash, strings.Repeat(" ", max(end.Key-end.Dash-2, 0)), it.Number, nl, key, Text(it.Title), nl, key, it.Report, nl)
	out := make([]byte, 0, len(data)+len(entry))
	out = append(out, data[:end.Offset]...)
	out = append(out, entry...)
	return append(out, data[end.Offset:]...)
}

// Supplement is a supplement to add to a meeting: its number (1 for the
// first), date and covering letter's file, and what the officer is
// offered in comments.
type Supplement struct {
	Meeting *model.Meeting
	Number  int
	Date    time.Time
	Letter  string // the letter's file name, SupplementName(Number)
	// Published is the pack's letter_date; zero if it has none yet.
	Published time.Time
	// ClearDays is the notice it gives of the meeting; Required, the
	// site's notice.clear_days. Fewer than required makes it late.
	ClearDays, Required int
}

// Late reports whether the supplement gives less notice than required.
func (s Supplement) Late() bool { return s.ClearDays < s.Required }

// SupplementName is the file name of supplement n's covering letter.
func SupplementName(n int) string { return fmt.Sprintf("supplement-%d.md", n) }

// Candidates are the agenda's items that a supplement could bring the
// report of: those with a public report that no supplement adds or
// brings already.
func (s Supplement) Candidates() []*model.Item {
	var out []*model.Item
	for _, it := range s.Meeting.Agenda {
		if it.Report != nil && it.Exempt == "" && !it.Draft && it.AddedBy == 0 && it.BroughtBy == 0 {
			out = append(out, it)
		}
	}
	return out
}

// AddSupplement adds s to the supplements of meeting.md's text data,
// which end at end (load.FindSupplements), as AddItem adds an item: its
// lines go after the last supplement's, as they are indented, or start
// the list at the end of the front matter, and nothing else changes.
// What the officer decides (which items it brings or adds, and why a
// late supplement is late) is written as comments, never as a value: a
// placeholder must not pass as a reason.
func AddSupplement(data []byte, end load.AgendaEnd, s Supplement) []byte {
	dash, key, nl := strings.Repeat(" ", end.Dash), strings.Repeat(" ", end.Key), end.Newline
	var b strings.Builder
	head := data[:end.Offset]
	if end.NeedsKey {
		b.WriteString("supplements:                     # papers published after the pack: README.md (\"Supplements\")" + nl)
		// The commented-out example that new meeting writes in the same
		// place goes: the real list now shows how.
		if i := bytes.LastIndex(head, []byte(supplementsExample(nl))); i >= 0 && (i == 0 || head[i-1] == '\n') {
			head = slices.Concat(head[:i], head[i+len(supplementsExample(nl)):])
		}
	}
	fmt.Fprintf(&b, "%s- %sdate: %s%s", dash, strings.Repeat(" ", max(end.Key-end.Dash-2, 0)), s.Date.Format(time.DateOnly), nl)
	fmt.Fprintf(&b, "%stitle: Additional Information%s%sletter: %s%s", key, nl, key, s.Letter, nl)
	line := func(text string) { b.WriteString(key + "# " + text + nl) }
	brings, adds := s.examples()
	var offered []string
	for _, it := range s.Candidates() {
		offered = append(offered, fmt.Sprintf("%d (%s)", it.Number, oneLine(it.Title)))
	}
	line(fmt.Sprintf("brings: [%d]    # items on the published agenda, listed there with their report to follow", brings))
	line(fmt.Sprintf("adds: [%d]      # items not on the published agenda (make each with briefing new item first)", adds))
	if len(offered) > 0 {
		line("  items with a report that no supplement brings or adds yet: " + strings.Join(offered, ", ") + ";")
		line("  put each under brings: or adds:, as above, never both")
	}
	line("replaces:      # a report it puts in place of one already published")
	line(fmt.Sprintf("  - item: %d", brings))
	line("    report: revised-report.md")
	if s.Late() {
		// Worded to read as true once the reason is written: the
		// scaffold never comes back to remove it.
		line(fmt.Sprintf("Late: it gives %s notice of the meeting, fewer than the site's %d.", number.Count(s.ClearDays, "clear day's", "clear days'"), s.Required))
		line("late_reason says why it is late and why its business could not wait")
		line("for the next meeting; without it, briefing check warns and")
		line("briefing check --strict fails.")
		line("late_reason:   # remove the \"# \" and write the reason in place of this note")
	}
	entry := b.String()
	return slices.Concat(head, []byte(entry), data[end.Offset:])
}

// supplementsExample is the commented-out supplements: example that
// files/meeting.md ends its front matter with, in lines ending nl.
func supplementsExample(nl string) string {
	return strings.Join([]string{
		`# supplements:                   # later papers, "Additional Information": see README.md`,
		`#   - date: yyyy-mm-dd`,
		`#     title: Additional Information`,
		`#     letter: supplement-1.md`,
		`#     adds: [5]`,
	}, nl) + nl
}

// examples are the item numbers the commented-out brings: and adds: of
// a new supplement show, real ones where there are some. The report of
// an item that new item just made is not in the published original, but
// nothing here can tell that from a report that is to follow; as new
// item numbers an item after the last, adds: shows the last candidate
// when it ends the agenda (else the number after the last item), and
// brings: the first other candidate.
func (s Supplement) examples() (brings, adds int) {
	last := 0
	for _, it := range s.Meeting.Agenda {
		last = max(last, it.Number)
	}
	c := s.Candidates()
	brings, adds = 4, last+1
	if len(c) > 1 && c[len(c)-1].Number == last {
		adds, c = last, c[:len(c)-1]
	}
	if len(c) > 0 {
		brings = c[0].Number
	}
	return brings, adds
}

// oneLine is s on one line, for a comment.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// SupplementLetter is the covering letter of supplement s: a start, with
// notes on naming each paper it brings.
func SupplementLetter(s Supplement) ([]byte, error) {
	return execute("files/supplement.md", s)
}

// MinutesOptions say what a new minutes.md holds.
type MinutesOptions struct {
	Meeting   *model.Meeting
	Published time.Time // the day the draft minutes are published
	// Approves is the date of the committee's meeting before, whose
	// minutes its minutes item approves; zero when there are none to.
	Approves time.Time
}

// MinutesItem is one agenda item as the minutes template shows it.
type MinutesItem struct {
	*model.Item
	Approves time.Time // for the minutes item
	// Late is the late publication of the item's paper, or nil: the
	// minutes must then say why the chair took it as urgent.
	Late *model.LatePaper
}

// Items are the agenda items the minutes record: every item on the
// published agenda, the minutes item with what it approves.
func (o MinutesOptions) Items() []MinutesItem {
	var out []MinutesItem
	late := o.Meeting.LatePapers()
	for _, it := range o.Meeting.Agenda {
		if it.Draft {
			continue
		}
		mi := MinutesItem{Item: it}
		for _, lp := range late {
			if lp.Item == it {
				mi.Late = &lp
			}
		}
		if it.Title == "Minutes" {
			mi.Approves = o.Approves
		}
		out = append(out, mi)
	}
	return out
}

// Minutes is a meeting's minutes.md: published on o.Published, every
// member present (the officer moves those who were not), and an entry
// for each agenda item with its resolutions to write.
func Minutes(o MinutesOptions) ([]byte, error) {
	if len(o.Meeting.Members) == 0 {
		return nil, fmt.Errorf("%s has no members to record; list them in data/committees/%s.yaml", o.Meeting.Committee.Name, o.Meeting.Committee.Slug)
	}
	return execute("files/minutes.md", o)
}
