package markdown

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/briefing/briefing/internal/diag"
	"github.com/briefing/briefing/internal/model"
	"github.com/google/go-cmp/cmp"
)

const docPath = "content/c/2018-03-12/report.md"

func convert(t *testing.T, src string, opts Options) (string, []string) {
	t.Helper()
	if opts.Image == nil {
		opts.Image = func(name string) (string, error) {
			if name == "content/c/2018-03-12/images/map.png" {
				return "data:image/png;base64,iVBORw0KGgo=", nil
			}
			return "", errors.New(`image "` + name + `" not found`)
		}
	}
	res, err := Convert(model.Doc{Path: docPath, Source: []byte(src)}, opts)
	if err == nil {
		return joined(res), nil
	}
	var list diag.List
	if !errors.As(err, &list) {
		t.Fatalf("Convert returned %T %v, want a diag.List", err, err)
	}
	var msgs []string
	for _, e := range list {
		msgs = append(msgs, e.Error())
	}
	return "", msgs
}

// joined is a converted document as text, each block written as
// {kind dataset/chart number}.
func joined(res Result) string {
	var b strings.Builder
	for _, s := range res.Segments {
		if s.Block == nil {
			b.Write(s.HTML)
			continue
		}
		fmt.Fprintf(&b, "{%s %s/%s %d}", s.Block.Kind, s.Block.Dataset, s.Block.Chart, s.Block.Number)
	}
	return b.String()
}

// TestRefused checks that everything the package comment promises to refuse
// is an error at the right place.
func TestRefused(t *testing.T) {
	tests := []struct {
		name, src string
		want      []string
	}{
		{"script block", "Intro.\n\n<script>alert(1)</script>\n", []string{
			docPath + ":3:1: raw HTML is not allowed in commentary; write it in markdown (a pack carries no HTML from its sources)"}},
		{"inline HTML", "Text with <img src=x onerror=alert(1)> inside.\n", []string{
			docPath + ":1:11: raw HTML is not allowed in commentary; write it in markdown (a pack carries no HTML from its sources)"}},
		{"HTML comment", "<!-- note -->\n", []string{
			docPath + ":1:1: raw HTML is not allowed in commentary; write it in markdown (a pack carries no HTML from its sources)"}},
		{"javascript link", "A [link](javascript:alert(1)).\n", []string{
			docPath + `:1:3: link "javascript:alert(1)" uses a scheme that is not allowed; use https:, http:, mailto:, tel: or a #heading`}},
		{"entity-encoded javascript link", "A [link](jav&#x61;script:alert(1)).\n", []string{
			docPath + `:1:3: link "javascript:alert(1)" uses a scheme that is not allowed; use https:, http:, mailto:, tel: or a #heading`}},
		{"data link", "A [link](data:text/html;base64,PHNjcmlwdD4=).\n", []string{
			docPath + `:1:3: link "data:text/html;base64,PHNjcmlwdD4=" uses a scheme that is not allowed; use https:, http:, mailto:, tel: or a #heading`}},
		{"relative file link", "See [the minutes](minutes.pdf).\n", []string{
			docPath + `:1:5: link "minutes.pdf" points to a file, which a single-file pack cannot carry; link to a web address or a #heading`}},
		{"remote image", "Chart:\n\n![Crime](https://tracker.example/pixel.png)\n", []string{
			docPath + `:3:1: image "https://tracker.example/pixel.png" is not a local file; a pack must open with no network, so save the image beside the report and name the file`}},
		{"image without alt text", "![](images/map.png)\n", []string{
			docPath + `:1:1: image "images/map.png" has no alternative text; say what it shows: ![Map of the three sectors](images/map.png)`}},
		{"image outside the site", "![Map](../../../../etc/passwd.png)\n", []string{
			docPath + `:1:1: image "../../../../etc/passwd.png" is outside the site folder`}},
		{"missing image", "![Map](images/none.png)\n", []string{
			docPath + `:1:1: image "content/c/2018-03-12/images/none.png" not found`}},
		{"heading in a block quote skips", "# Top\n\n> ### Deep\n", []string{
			docPath + ":3:3: heading level jumps from # to ###; use ## here, or add the heading in between"}},
		{"first heading deeper than a later one", "## Start\n\n# Top\n", []string{
			docPath + ":1:1: the first heading is ## but a later one is #; start with #"}},
		{"skipped heading level", "# Top\n\n### Too deep\n", []string{
			docPath + ":3:1: heading level jumps from # to ###; use ## here, or add the heading in between"}},
		{"every mistake at once", "<b>x</b>\n\n[a](javascript:x) [b](vbscript:y)\n", []string{
			docPath + ":1:1: raw HTML is not allowed in commentary; write it in markdown (a pack carries no HTML from its sources)",
			docPath + `:3:1: link "javascript:x" uses a scheme that is not allowed; use https:, http:, mailto:, tel: or a #heading`,
			docPath + `:3:19: link "vbscript:y" uses a scheme that is not allowed; use https:, http:, mailto:, tel: or a #heading`}},
		{"reference inside a reference", "Robbery rose by [[wmp2020/robbery / [[wmp2020/robbery / Coventry / Change]] / Change]] in a year.\n", []string{
			docPath + ":1:17: [[wmp2020/robbery / [[wmp2020/robbery / Coventry / Change]] / Change]] holds another reference; a reference names a dataset, a row and a column as plain text, so write each reference on its own"}},
		{"references nested twice", "[[table [[a / [[b]] ]] ]]\n", []string{
			docPath + ":1:1: [[table [[a / [[b]] ]]]] holds another reference; a reference names a dataset, a row and a column as plain text, so write each reference on its own"}},
		{"table without caption", "Intro.\n\n| a | b |\n| - | - |\n| 1 | 2 |\n", []string{
			docPath + `:3:1: table has no caption; write a line "Table: what the table shows" directly above it`}},
		{"table too wide", "|" + strings.Repeat("a|", 70) + "\n|" + strings.Repeat("-|", 70) + "\n", []string{
			docPath + `:1:1: line has more than 64 "|" characters; a table may have at most 64 columns, so split it`}},
		{"wide table inside a block quote", "> |" + strings.Repeat("a|", 70) + "\n> |" + strings.Repeat("-|", 70) + "\n", []string{
			docPath + `:1:1: line has more than 64 "|" characters; a table may have at most 64 columns, so split it`}},
		{"deeply nested quotes", strings.Repeat(">", 50000) + " x\n", []string{
			docPath + ":1:1: line is 50002 bytes long; the limit is 8192, so break it into paragraphs"}},
		{"nested quotes on short lines", strings.Repeat("> ", 9) + "x\n", []string{
			docPath + ":1:1: block quotes and lists are nested more than 8 deep; use fewer levels"}},
		{"lists inside quotes inside lists", "Intro.\n\n" + strings.Repeat("> - ", 2000) + "x\n", []string{
			docPath + ":3:1: block quotes and lists are nested more than 8 deep; use fewer levels"}},
		{"numbered lists with tabs", strings.Repeat("1.\t", 9) + "x\n", []string{
			docPath + ":1:1: block quotes and lists are nested more than 8 deep; use fewer levels"}},
		{"lists nested by indentation", nestedByIndent(9), []string{
			docPath + ":9:17: block quotes and lists are nested more than 8 deep; use fewer levels"}},
		{"quotes and lists over several lines", "- a\n  > - b\n  >   > - c\n  >   >   > - d\n  >   >   >   > - e\n", []string{
			docPath + ":5:17: block quotes and lists are nested more than 8 deep; use fewer levels"}},
		{"many emphasis marks in a paragraph", "Intro.\n\n" + strings.Repeat("*a_ ", 600) + "\n", []string{
			docPath + `:3:2001: more than 1000 emphasis marks (runs of *, _ or ~) in one paragraph; split it with blank lines, or escape the marks meant as themselves: \*, \_, \~`}},
		{"very long line", strings.Repeat("[a(", 2800) + "\n", []string{
			docPath + ":1:1: line is 8400 bytes long; the limit is 8192, so break it into paragraphs"}},
		{"many links", strings.Repeat("[a](\n", 2001), []string{
			docPath + ":2001:3: document has 2001 links or images; the limit is 2000, passed here, so split it into several reports"}},
		{"many reference definitions", strings.Repeat("[a]: b\n", 501), []string{
			docPath + ":501:1: document has 501 link references and footnotes; the limit is 500, passed here, so split it into several reports"}},
		{"references passing the cap after definitions", strings.Repeat("[a]: b\n", 300) + strings.Repeat("x[^1]\n", 300), []string{
			docPath + ":501:2: document has 600 link references and footnotes; the limit is 500, passed here, so split it into several reports"}},
		{"too big", strings.Repeat("Word. ", 50000), []string{
			docPath + ":1:262145: document is 293 KB; the limit for commentary is 256 KB, passed here, so split it into several reports"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			html, got := convert(t, tt.src, Options{Level: 2})
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("errors (-want +got):\n%s\nhtml: %.300s", diff, html)
			}
		})
	}
}

func TestConvert(t *testing.T) {
	src := `# Summary

"Quoted" text -- and it's fine... See [the force](https://www.west-midlands.police.uk/) or [write](mailto:a@example.org), or [the glossary](#glossary).

## Détails

Table: Recorded *burglary* by area
| Area | Count |
| :--- | ---: |
| Coventry | 1,577 |

~~old~~ new.[^1]

![Map of the sectors](images/map.png)

# Glossary

NPU
: Neighbourhood Policing Unit

[^1]: A footnote.
`
	ids := NewIDs()
	ids.Reserve("summary")
	html, errs := convert(t, src, Options{Level: 2, IDs: ids, FootnotePrefix: "item-4-"})
	if errs != nil {
		t.Fatalf("errors: %v", errs)
	}
	for _, want := range []string{
		`<h3 id="summary-1">Summary</h3>`,                     // shifted below the section's h2; reserved id avoided
		`<h4 id="détails">Détails</h4>`,                       // non-ASCII letters kept
		`“Quoted” text – and it’s fine…`,                      // typographer, as characters
		`<a href="https://www.west-midlands.police.uk/">`,     // safe links pass
		`<th scope="col" style="text-align:left">Area</th>`,   // table with alignment
		`<td class="num" style="text-align:right">1,577</td>`, // a figure, never wrapped
		`<del>old</del>`,            // strikethrough
		`<sup id="item-4-fnref:1">`, // footnote with the document's prefix
		`<li id="item-4-fn:1">`,     //
		`<img src="data:image/png;base64,iVBORw0KGgo=" alt="Map of the sectors">`,
		`<dt>NPU</dt>`, // definition list
	} {
		if !strings.Contains(html, want) {
			t.Errorf("output lacks %s\n%s", want, html)
		}
	}
}

// nestedByIndent is a list nested n deep, each level indented under the
// last.
func nestedByIndent(n int) string {
	var b strings.Builder
	for i := range n {
		b.WriteString(strings.Repeat("  ", i) + "- level\n")
	}
	return b.String()
}

// TestWithinTheCaps: eight levels of nesting, rules and list markers in
// text, 1,000 emphasis marks in each paragraph, escaped marks are fine.
func TestWithinTheCaps(t *testing.T) {
	for _, src := range []string{
		nestedByIndent(8),
		strings.Repeat("> ", 4) + strings.Repeat("- ", 4) + "x\n",
		"- - - - - - - - - - -\n",                             // a rule
		"> * * * * * * * * * *\n",                             // a rule in a quote
		"Text - - - - - - - - - - x\n",                        // markers after text
		"2019. A year - - - - - - - - - - x\n",                // one list
		strings.Repeat(strings.Repeat("*a_ ", 500)+"\n\n", 3), // 1,000 marks in each paragraph
		strings.Repeat("\\*a\\_ ", 1000),                      // escaped
	} {
		if _, errs := convert(t, src, Options{Level: 2}); errs != nil {
			t.Errorf("%q: %v", src, errs)
		}
	}
}

func TestHeadingsAndIDsAcrossDocuments(t *testing.T) {
	ids := NewIDs()
	var got []Heading
	for i, src := range []string{"## Summary\n\n### Übersicht & Ziele\n", "# Summary\n\n# 日本\n"} {
		res, err := Convert(model.Doc{Path: docPath, Source: []byte(src)}, Options{IDs: ids, Level: 2, FootnotePrefix: string(rune('a' + i))})
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, res.Headings...)
	}
	want := []Heading{
		{Level: 3, ID: "summary", Text: "Summary"},
		{Level: 4, ID: "übersicht-ziele", Text: "Übersicht & Ziele"},
		{Level: 3, ID: "summary-1", Text: "Summary"},
		{Level: 3, ID: "日本", Text: "日本"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("headings (-want +got):\n%s", diff)
	}
}

// TestFragmentsFollowHeadings: a link to a heading by its slug follows the
// first heading of the document with that slug when the pack renamed it,
// and stays put when that heading kept its id.
func TestFragmentsFollowHeadings(t *testing.T) {
	ids := NewIDs()
	ids.Reserve("summary")
	src := "# Summary\n\n# Notes\n\n# Notes\n\nSee [a](#summary), [b](#notes) and [c](#notes-1).\n"
	res, err := Convert(model.Doc{Path: docPath, Source: []byte(src)}, Options{IDs: ids, Level: 2})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range res.Fragments {
		got = append(got, f.ID)
	}
	if diff := cmp.Diff([]string{"summary-1", "notes", "notes-1"}, got); diff != "" {
		t.Errorf("fragments (-want +got):\n%s", diff)
	}
	if !strings.Contains(joined(res), `<a href="#summary-1">a</a>, <a href="#notes">b</a>`) {
		t.Errorf("links not followed:\n%s", joined(res))
	}
}

func TestSlug(t *testing.T) {
	for in, want := range map[string]string{
		"WMP 2020 – Transformation": "wmp-2020-transformation",
		"The force's response":      "the-forces-response",
		"  ":                        "",
		"Übersicht":                 "übersicht",
	} {
		if got := Slug(in); got != want {
			t.Errorf("Slug(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestReservedPrefixes(t *testing.T) {
	ids := NewIDs()
	ids.ReservePrefix("table-")
	var got []string
	for _, h := range []string{"Table 1", "Table 1", "Tables", "table-of-contents", "Table", "Table", "Table"} {
		got = append(got, string(ids.Generate([]byte(h), 0)))
	}
	want := []string{"section-table-1", "section-table-1-1", "tables", "table-of-contents", "table", "section-table-2", "section-table-3"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("ids (-want +got):\n%s", diff)
	}
}

// TestIDsAsBefore checks the generator against the plain search it
// replaced (try base-1, base-2, … from 1 for every heading), on headings
// whose numbered ids collide with other headings' texts and with reserved
// ids.
func TestIDsAsBefore(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	texts := []string{"A", "A 1", "a-2", "A 2 1", "A-1-1", "B", "b 1", "Summary", "Summary 3", ""}
	for range 200 {
		ids, used := NewIDs(), map[string]bool{}
		for range 50 {
			if r.IntN(10) == 0 { // the layout reserves an id between documents
				id := Slug(texts[r.IntN(len(texts))]) + "-" + strconv.Itoa(r.IntN(4))
				ids.Reserve(id)
				used[id] = true
				continue
			}
			text := texts[r.IntN(len(texts))]
			base := Slug(text)
			if base == "" {
				base = "section"
			}
			want := base
			for i := 1; used[want]; i++ {
				want = base + "-" + strconv.Itoa(i)
			}
			used[want] = true
			if got := string(ids.Generate([]byte(text), 0)); got != want {
				t.Fatalf("Generate(%q) = %q, want %q", text, got, want)
			}
		}
	}
}

func TestCharts(t *testing.T) {
	doc := model.Doc{Path: docPath, Source: []byte("[[chart a]]\n\n`[[chart in-code]]`\n\n    [[chart indented-code]]\n\n[[chart b second]]\n")}
	got := Charts(doc)
	want := [][2]string{{"a", ""}, {"b", "second"}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("charts (-want +got):\n%s", diff)
	}
}

// TestParseRef: a reference is read once, into what it asks for, or the
// mistake that makes it none.
func TestParseRef(t *testing.T) {
	tests := []struct {
		in      string
		want    Reference
		mistake string
	}{
		{" table wmp2020/robbery ", Reference{Kind: RefTable, Dataset: "wmp2020/robbery"}, ""},
		{"table  a b", Reference{Kind: RefTable, Dataset: "a b"}, ""}, // the lookup says there is no "a b"
		{"chart a", Reference{Kind: RefChart, Dataset: "a"}, ""},
		{"chart a  second", Reference{Kind: RefChart, Dataset: "a", Chart: "second"}, ""},
		{"figure a second", Reference{Kind: RefFigure, Dataset: "a", Chart: "second"}, ""},
		{"wmp2020/robbery / 2017/18 /  Change ", Reference{Kind: RefValue, Dataset: "wmp2020/robbery", Row: "2017/18", Column: "Change"}, ""},
		{"chart a b c", Reference{Kind: RefChart}, "[[chart a b c]] is not a reference; write [[chart dataset]] or [[chart dataset chart]]"},
		{"figure a b c", Reference{Kind: RefFigure}, "[[figure a b c]] is not a reference; write [[figure dataset]] or [[figure dataset chart]]"},
		{"a/b/c", Reference{}, "[[a/b/c]] is not a reference; write [[table dataset]] for a table, or [[dataset / row / column]] for a figure, with a space either side of each /"},
		{"a / b / c / d", Reference{}, "[[a / b / c / d]] is not a reference; write [[table dataset]] for a table, or [[dataset / row / column]] for a figure, with a space either side of each /"},
		{"a /  / c", Reference{}, "[[a /  / c]] is not a reference; write [[table dataset]] for a table, or [[dataset / row / column]] for a figure, with a space either side of each /"},
	}
	for _, tt := range tests {
		n := parseRef(tt.in)
		if n.Ref != tt.want || n.Mistake != tt.mistake {
			t.Errorf("parseRef(%q) = %+v, %q; want %+v, %q", tt.in, n.Ref, n.Mistake, tt.want, tt.mistake)
		}
	}
}

// placing answers references for TestBlocks.
type placing struct{}

func (placing) Table(string) (int, error)                    { return 3, nil }
func (placing) Chart(string, string) (int, error)            { return 2, nil }
func (placing) Value(string, string, string) (string, error) { return "5%", nil }
func (placing) Figure(string, string) (string, string, error) {
	return "Figure 2", "figure-2", nil
}

// TestBlocks: a table or chart comes back as a block between the HTML,
// numbered by Data, at its reference; a figure and a link to a chart are
// text.
func TestBlocks(t *testing.T) {
	src := "Robbery rose by [[d / r / c]], as [[figure d]] shows.\n\n[[table d]]\n\nText.\n\n  [[chart d second]]\n"
	res, err := Convert(model.Doc{Path: docPath, Source: []byte(src)}, Options{Level: 2, Data: placing{}})
	if err != nil {
		t.Fatal(err)
	}
	want := []Segment{
		{HTML: []byte("<p>Robbery rose by 5%, as <a href=\"#figure-2\">Figure 2</a> shows.</p>\n")},
		{Block: &Block{Kind: RefTable, Dataset: "d", Number: 3, At: diag.Pos{Path: docPath, Line: 3, Col: 1}}},
		{HTML: []byte("<p>Text.</p>\n")},
		{Block: &Block{Kind: RefChart, Dataset: "d", Chart: "second", Number: 2, At: diag.Pos{Path: docPath, Line: 7, Col: 3}}},
	}
	if diff := cmp.Diff(want, res.Segments); diff != "" {
		t.Errorf("segments (-want +got):\n%s", diff)
	}
	for _, k := range BlockKinds {
		if !slices.ContainsFunc(res.Segments, func(s Segment) bool { return s.Block != nil && s.Block.Kind == k }) {
			t.Errorf("no %s block in the test document", k)
		}
	}
}
