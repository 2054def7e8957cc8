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

// note escapes s for the title of a markdown note, "[//]: # (…)".
func note(s string) string {
	return strings.NewReplacer(`\`, `\\`, `(`, `\(`, `)`, `\)`).Replace(s)
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
