package site

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/briefing/briefing"
	"github.com/briefing/briefing/internal/diag"
	"github.com/briefing/briefing/internal/markdown"
	"github.com/briefing/briefing/internal/model"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// illustrativeSite quotes an illustrative series in a published meeting
// and in a draft (a figure, a table and a sentence each), next to a
// comparison of the source's own figures, and an illustrative list.
func illustrativeSite() fstest.MapFS {
	meeting := func(status string) string {
		return `---
time: "10:00"
venue: Hall
status: ` + status + `
letter_date: 2019-01-11
contact:
  name: Officer
agenda:
  - number: 1
    title: Crime
    report: 01-report.md
---
Dear Member,
`
	}
	report := `# Crime

Burglary in Coventry reached [[crime/monthly / February 2018 / Coventry]] in February, and
[[crime/burglary / Coventry / This year]] over the year.

[[chart crime/monthly]]

[[table crime/monthly]]

[[chart crime/burglary]]

[[table crime/burglary]]

[[table estates]]
`
	return fstest.MapFS{
		"data/site.yaml":                    {Data: []byte("council: Test Council\n")},
		"data/committees/c.yaml":            {Data: []byte("name: Committee\nmembers:\n  - name: Councillor A\n")},
		"content/c/2019-01-21/meeting.md":   {Data: []byte(meeting("published"))},
		"content/c/2019-01-21/01-report.md": {Data: []byte(report)},
		"content/c/2019-02-18/meeting.md":   {Data: []byte(strings.Replace(meeting("draft"), "2019-01-11", "2019-02-08", 1))},
		"content/c/2019-02-18/01-report.md": {Data: []byte(report)},
		"data/datasets/crime/monthly.yaml": {Data: []byte(`kind: series
title: Burglary each month
source: Police
updated: 2019-01-10
illustrative: invented monthly figures that add up to the annual totals; the source's chart is lost
periods: ["2017-01", "2017-02", "2018-01", "2018-02"]
lines:
  - {id: coventry, label: Coventry, values: [10, 20, 20, 388]}
charts:
  - {kind: line, title: Burglary in Coventry, subtitle: Burglaries each month}
`)},
		"data/datasets/crime/burglary.yaml": {Data: []byte(`kind: comparison
title: Burglary by area
source: Police
updated: 2019-01-10
periods: [Last year, This year]
rows:
  - {label: Coventry, values: [30, 408]}
charts:
  - {kind: bars, title: Burglary by area, subtitle: This year against last}
`)},
		"data/datasets/estates.yaml": {Data: []byte(`kind: list
title: Sites
source: Estates
updated: 2019-01-10
illustrative: made-up sites, to show the layout
groups:
  - {label: To close, items: [Town Hall]}
`)},
	}
}

// TestIllustrativeMarked builds a site that shows illustrative figures
// in a figure, a table and a sentence, and the example site, and checks
// that every place a pack shows them says so in words.
func TestIllustrativeMarked(t *testing.T) {
	for _, c := range []struct {
		name string
		site fs.FS
		min  int // places the site must show, at least
	}{
		{"testdata", illustrativeSite(), 6},
		{"example", os.DirFS("../.."), 0},
	} {
		t.Run(c.name, func(t *testing.T) {
			res, err := Build(c.site, Options{Defaults: briefing.Defaults, Drafts: true})
			if err != nil {
				t.Fatalf("the site does not build:\n%v", err)
			}
			if n := checkIllustrative(t, c.site, res); n < c.min {
				t.Errorf("the site shows illustrative figures in %d places, want at least %d; the test is broken", n, c.min)
			}
		})
	}
}

// markWord is how a reader sees the mark: "(illustrative)".
var markWord = "(" + model.IllustrativeMark + ")"

// quotedMark is a figure quoted in a sentence with its mark after it,
// "388 (illustrative)", "86.0% (illustrative)", "3 percentage points
// (illustrative)", in text whose spaces (the no-break space before the
// mark too) are read as plain spaces.
var quotedMark = regexp.MustCompile(`(\d%?|points) \(` + model.IllustrativeMark + `\)`)

// checkIllustrative checks the newest pack of each meeting of a built
// site: every figure, table, list and quoted figure drawn from a dataset
// with the illustrative key carries the mark in the text a reader sees,
// and nothing else does. What each pack should mark is counted from the
// references in its documents; it returns how many places it checked.
func checkIllustrative(t *testing.T, site fs.FS, res *Result) int {
	t.Helper()
	illustrative := map[string]bool{}
	for id, ds := range res.Datasets {
		illustrative[id] = ds.Illustrative != ""
	}
	var index struct {
		Datasets []struct{ ID, Illustrative string }
	}
	if err := json.Unmarshal(res.Files["index.json"], &index); err != nil {
		t.Fatal(err)
	}
	for _, ds := range index.Datasets {
		if want := res.Datasets[ds.ID].Illustrative; ds.Illustrative != want {
			t.Errorf("index.json: dataset %q says illustrative %q, want %q", ds.ID, ds.Illustrative, want)
		}
	}
	places := 0
	for _, p := range res.Meetings {
		m := p.Meeting
		path := p.Versions[len(p.Versions)-1].Path
		page, ok := res.Files[path]
		if !ok {
			t.Fatalf("%s: no pack at %s", Name(m), path)
		}
		want := map[markdown.RefKind]int{}
		lists := 0
		charts := map[[2]string]bool{}
		for _, doc := range latestDocs(m) {
			src := doc.Source
			if src == nil {
				var err error
				if src, err = fs.ReadFile(site, doc.Path); err != nil {
					t.Fatal(err)
				}
			}
			doc.Source = src
			for _, r := range markdown.References(doc) {
				if !illustrative[r.Dataset] {
					continue
				}
				switch {
				case r.Kind == markdown.RefChart:
					charts[[2]string{r.Dataset, r.Chart}] = true
				case r.Kind == markdown.RefTable && res.Datasets[r.Dataset].Kind == model.KindList:
					lists++
				case r.Kind != markdown.RefFigure:
					want[r.Kind]++
				}
			}
		}
		want[markdown.RefChart] = len(charts)
		got := readMarks(t, path, page)
		for _, c := range []struct {
			what      string
			got, want int
		}{
			{"figures", got.figures, want[markdown.RefChart]},
			{"tables", got.tables, want[markdown.RefTable]},
			{"lists", got.lists, lists},
			{"figures quoted in sentences", got.quoted, want[markdown.RefValue]},
		} {
			if c.got != c.want {
				t.Errorf("%s: %d %s are marked %s, want %d, one for each drawn from a dataset with the illustrative key", path, c.got, c.what, markWord, c.want)
			}
			places += c.want
		}
		for _, msg := range got.mistakes {
			t.Errorf("%s: %s", path, msg)
		}
	}
	return places
}

// latestDocs are the documents of a meeting's newest pack: its letters
// and each item's newest report.
func latestDocs(m *model.Meeting) []model.Doc {
	docs := []model.Doc{m.Letter}
	v := len(m.Supplements)
	for _, s := range m.Supplements {
		docs = append(docs, s.Letter)
	}
	for _, it := range m.Agenda {
		if doc, _ := it.ReportIn(v); doc != nil && it.AddedBy <= v {
			docs = append(docs, *doc)
		}
	}
	return docs
}

// marks are the places of a pack that say its figures are illustrative.
type marks struct {
	figures, tables, lists, quoted int
	mistakes                       []string
}

// readMarks reads a pack as a reader sees it: a figure or a table is
// marked when its headline says so; a marked one must then say so
// everywhere it is named (its drawings' title and description, its data
// table, the contents), and an unmarked one nowhere.
func readMarks(t *testing.T, path string, page []byte) marks {
	doc, err := html.Parse(bytes.NewReader(page))
	if err != nil {
		t.Fatal(err)
	}
	var got marks
	contents := map[string][]string{} // #id → the text of each contents link to it
	for n := range doc.Descendants() {
		if n.DataAtom == atom.Nav && hasClass(n, "contents") {
			for a := range n.Descendants() {
				if a.DataAtom == atom.A {
					contents[attr(a, "href")] = append(contents[attr(a, "href")], text(a))
				}
			}
		}
	}
	// each checks that the texts of the parts of one figure or table all
	// carry the mark, or none do, as its headline.
	each := func(what string, marked bool, parts map[string][]string) {
		for part, texts := range parts {
			if len(texts) == 0 {
				got.mistakes = append(got.mistakes, fmt.Sprintf("%s has no %s", what, part))
			}
			for _, s := range texts {
				if has := strings.Contains(strings.ToLower(s), model.IllustrativeMark); has != marked {
					got.mistakes = append(got.mistakes, fmt.Sprintf("%s: its headline is%s marked illustrative, but its %s %q is%s", what, not(marked), part, s, not(has)))
				}
			}
		}
	}
	var prose strings.Builder
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		switch {
		case n.DataAtom == atom.Figure && hasClass(n, "figure"):
			id := attr(n, "id")
			caption := text(find(n, atom.Figcaption))
			marked := strings.Contains(caption, markWord)
			if marked {
				got.figures++
			}
			parts := map[string][]string{"headline": {caption}, "contents entry": contents["#"+id]}
			for d := range n.Descendants() {
				switch d.DataAtom {
				case atom.Title:
					parts["drawing's title"] = append(parts["drawing's title"], text(d))
				case atom.Desc:
					parts["drawing's description"] = append(parts["drawing's description"], text(d))
				case atom.Summary:
					parts["data table's summary"] = append(parts["data table's summary"], text(d))
				case atom.Caption:
					parts["data table's caption"] = append(parts["data table's caption"], text(d))
				}
			}
			each("figure "+id, marked, parts)
			return
		case n.DataAtom == atom.Div && hasClass(n, "dataset"):
			table := find(n, atom.Table)
			if table == nil { // a list
				title := text(findClass(n, "list-title"))
				if strings.Contains(title, markWord) {
					got.lists++
				}
				return
			}
			id := attr(table, "id")
			caption := text(find(table, atom.Caption))
			marked := strings.Contains(caption, markWord)
			if marked {
				got.tables++
			}
			each("table "+id, marked, map[string][]string{"caption": {caption},
				"title": {text(findClass(n, "table-title"))}, "contents entry": contents["#"+id]})
			return
		case n.DataAtom == atom.Nav:
			return
		case n.Type == html.TextNode:
			prose.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	got.quoted = len(quotedMark.FindAllString(strings.Join(strings.Fields(prose.String()), " "), -1))
	return got
}

func not(b bool) string {
	if b {
		return ""
	}
	return " not"
}

func hasClass(n *html.Node, class string) bool {
	return slices.Contains(strings.Fields(attr(n, "class")), class)
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

// find is the first element of kind a inside n, or nil.
func find(n *html.Node, a atom.Atom) *html.Node {
	for d := range n.Descendants() {
		if d.DataAtom == a {
			return d
		}
	}
	return nil
}

// findClass is the first element of class inside n, or nil.
func findClass(n *html.Node, class string) *html.Node {
	for d := range n.Descendants() {
		if d.Type == html.ElementNode && hasClass(d, class) {
			return d
		}
	}
	return nil
}

// TestIllustrativeWarnings checks that a published meeting is warned
// about each reference that shows or quotes illustrative figures, at the
// reference, and a draft is not.
func TestIllustrativeWarnings(t *testing.T) {
	res, err := Build(illustrativeSite(), Options{Defaults: briefing.Defaults, Drafts: true})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, w := range res.Warnings {
		got = append(got, w.Error())
	}
	report := "content/c/2019-01-21/01-report.md"
	var want []string
	for _, w := range []struct {
		at   diag.Pos
		what string
	}{
		{diag.Pos{Path: report, Line: 3, Col: 30}, "this sentence quotes a figure of dataset \"crime/monthly\""},
		{diag.Pos{Path: report, Line: 6, Col: 1}, "this chart draws dataset \"crime/monthly\""},
		{diag.Pos{Path: report, Line: 8, Col: 1}, "this table shows dataset \"crime/monthly\""},
		{diag.Pos{Path: report, Line: 14, Col: 1}, "this list shows dataset \"estates\", whose items"},
	} {
		what := w.what
		if !strings.HasSuffix(what, "items") {
			what += ", whose figures"
		}
		things := what[strings.LastIndex(what, " ")+1:]
		want = append(want, fmt.Sprintf("%s: warning: %s are illustrative, not the source's (its illustrative: key says why), in a published meeting; quote the source's %s instead, or keep the meeting a draft", w.at, what, things))
	}
	if !slices.Equal(got, want) {
		t.Errorf("warnings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestIllustrativeLayoutMustMark checks that a site's own figure
// partial that leaves the mark out fails the build, at the reference.
func TestIllustrativeLayoutMustMark(t *testing.T) {
	site := illustrativeSite()
	partial, err := fs.ReadFile(briefing.Defaults, "layouts/partials/figure.html")
	if err != nil {
		t.Fatal(err)
	}
	unmarked := regexp.MustCompile(`\{\{with \.Mark\}\}.*?\{\{end\}\}`).ReplaceAll(partial, nil)
	if bytes.Equal(unmarked, partial) {
		t.Fatal("the default figure partial writes no {{with .Mark}}; the test is broken")
	}
	site["layouts/partials/figure.html"] = &fstest.MapFile{Data: unmarked}
	_, err = Build(site, Options{Defaults: briefing.Defaults, Drafts: true})
	want := `content/c/2019-01-21/01-report.md:6:1: the layout's "figure" partial drew dataset "crime/monthly" without the mark that its figures are illustrative`
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("build with a figure partial that leaves the mark out: got %v, want an error holding %q", err, want)
	}
}
