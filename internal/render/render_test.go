package render

import (
	"errors"
	"io/fs"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/briefing/briefing"
	"github.com/briefing/briefing/internal/diag"
	"github.com/briefing/briefing/internal/markdown"
	"github.com/briefing/briefing/internal/model"
	"github.com/briefing/briefing/internal/pagecheck"
	"github.com/google/go-cmp/cmp"
	"golang.org/x/net/html"
)

func TestClock(t *testing.T) {
	for in, want := range map[string]string{
		"14:00": "2.00 pm", "09:30": "9.30 am", "12:00": "12 noon",
		"12:30": "12.30 pm", "00:15": "12.15 am", "23:59": "11.59 pm",
	} {
		if got := clock(in); got != want {
			t.Errorf("clock(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestTextIsEscaped puts markup into every text field of the model and
// checks that none of it reaches a page as markup.
func TestTextIsEscaped(t *testing.T) {
	const x = `<script>alert(1)</script><img src=x onerror=alert(2)>"'&`
	c := &model.Committee{Slug: "c", Name: "Committee " + x, Members: []model.Member{{Name: "Cllr " + x, Role: model.RoleChair}}}
	m := &model.Meeting{
		Committee: c, Date: time.Date(2018, 3, 12, 0, 0, 0, 0, time.UTC), LetterDate: time.Date(2018, 3, 2, 0, 0, 0, 0, time.UTC),
		Title: "Title " + x, Time: "14:00", Venue: "Venue " + x, Status: model.Published, Reference: "Ref " + x,
		Contact: model.Contact{Name: "Name " + x, Role: "Role " + x, Phone: "Phone " + x, Email: `a"onmouseover="alert(3)@example.org`},
		Invited: []model.Attendee{{Name: "Guest " + x, Role: "Role " + x}},
		Letter:  model.Doc{Path: "content/c/2018-03-12/meeting.md", Source: []byte("Dear Member,\n")},
		Agenda:  []*model.Item{{Number: 1, Title: "Item " + x, Presenter: "Presenter " + x, Description: "Description " + x}},
	}
	c.Meetings = []*model.Meeting{m}
	site := &model.Site{Settings: model.Settings{Council: "Council " + x, Directorate: "Dir " + x, Address: []string{"Street " + x}, Telephone: "Tel " + x,
		Accessibility: model.Accessibility{ContactPhone: "Phone " + x}}, Committees: []*model.Committee{c}}
	out, err := Site(site, Options{Layouts: briefing.Defaults})
	if err != nil {
		t.Fatal(err)
	}
	for name, data := range out.Files {
		if !strings.HasSuffix(name, ".html") {
			// Feeds and the JSON index carry text as data in their own
			// syntax; their own tests check that they parse.
			continue
		}
		page := string(data)
		for _, bad := range []string{"<script", "<img src=x"} {
			if strings.Contains(page, bad) {
				t.Errorf("%s contains %q", name, bad)
			}
		}
		doc, err := html.Parse(strings.NewReader(page))
		if err != nil {
			t.Fatal(err)
		}
		for n := range doc.Descendants() {
			for _, a := range n.Attr {
				if strings.HasPrefix(a.Key, "on") {
					t.Errorf("%s: <%s> has an event handler %s=%q", name, n.Data, a.Key, a.Val)
				}
			}
		}
		if !strings.Contains(page, "&lt;script&gt;alert(1)&lt;/script&gt;") {
			t.Errorf("%s does not show the text escaped", name)
		}
	}
}

func testSite(report string) *model.Site {
	c := &model.Committee{Slug: "c", Name: "C", Members: []model.Member{{Name: "A", Role: model.RoleMember}}}
	day := time.Date(2018, 3, 12, 0, 0, 0, 0, time.UTC)
	m := &model.Meeting{
		Committee: c, Date: day, LetterDate: day, Time: "14:00", Venue: "V", Status: model.Published,
		Contact: model.Contact{Name: "N"},
		Letter:  model.Doc{Path: "content/c/2018-03-12/meeting.md", Source: []byte("Dear Member,\n\n# Summary\n")},
		Agenda: []*model.Item{{Number: 1, Title: "T", Report: &model.Doc{
			Path: "content/c/2018-03-12/r.md", Source: []byte(report)}}},
	}
	c.Meetings = []*model.Meeting{m}
	return &model.Site{Settings: model.Settings{Council: "T"}, Committees: []*model.Committee{c}}
}

func renderErrors(t *testing.T, site *model.Site, layouts fs.FS) string {
	t.Helper()
	_, err := Site(site, Options{Layouts: layouts})
	var list diag.List
	if err != nil && !errors.As(err, &list) {
		t.Fatalf("Site: %v, want a diag.List", err)
	}
	return list.Lines()
}

func TestFragments(t *testing.T) {
	// The report's own "Summary" heading became summary-1 because the letter
	// took summary first: the report's link must follow its own heading.
	out, err := Site(testSite("# Summary\n\nSee [the summary](#summary) and [the agenda](#agenda).\n"), Options{Layouts: briefing.Defaults})
	if err != nil {
		t.Fatal(err)
	}
	page := string(out.Files["c/2018-03-12/index.html"])
	for _, want := range []string{`<h3 id="summary-1">Summary</h3>`, `<a href="#summary-1">the summary</a>`, `<a href="#agenda">the agenda</a>`} {
		if !strings.Contains(page, want) {
			t.Errorf("pack lacks %s", want)
		}
	}
	got := renderErrors(t, testSite("Text.\n\nSee [nothing](#no-such-heading).\n"), briefing.Defaults)
	want := "content/c/2018-03-12/r.md:3:5: link \"#no-such-heading\" points to nothing in this pack; link to a heading by its id (its words in lower case, joined by hyphens)\n"
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("errors (-want +got):\n%s", diff)
	}
}

// TestLayoutsCannotAddScript: a site's layouts and stylesheet are trusted
// code, but a pack still never carries script or requests.
func TestLayoutsCannotAddScript(t *testing.T) {
	tests := []struct{ name, file, text, want string }{
		{"script in a partial", "layouts/partials/footer.html", `{{define "footer"}}<script>alert(1)</script>{{end}}`, "a <script> element runs script"},
		{"stylesheet closing its style element", "static/briefing.css", "body{}</style><script>alert(1)</script><style>", `static/briefing.css:1:7: "</style" would end the page's <style> element`},
		{"stylesheet breaking out through svg", "static/briefing.css", `</style><svg><style><meta http-equiv="refresh" content="0;url=https://evil.example/"></style></svg><style>`, `static/briefing.css:1:1: "</style" would end`},
		{"css import", "static/briefing.css", "p{}\n@import url(https://evil.example/a.css);", "static/briefing.css:2:1: @import would load another stylesheet"},
		{"no policy", "layouts/partials/head.html", `{{define "head"}}<meta charset="utf-8"><style>{{.CSS}}</style>{{end}}`, "the first element in <head> is not <meta http-equiv=\"Content-Security-Policy\""},
		{"weakened policy", "layouts/partials/head.html", `{{define "head"}}<meta http-equiv="Content-Security-Policy" content="default-src *"><style>{{.CSS}}</style>{{end}}`, "the first element in <head> is not"},
		{"refresh in a partial", "layouts/partials/footer.html", `{{define "footer"}}<meta http-equiv="refresh" content="5;url=https://evil.example/">{{end}}`, `a <meta http-equiv="refresh">`},
		{"svg image in a partial", "layouts/partials/footer.html", `{{define "footer"}}<svg><image href="https://evil.example/p.png"/></svg>{{end}}`, `<svg image> has href="https://evil.example/p.png"`},
		{"huge page", "layouts/partials/footer.html", `{{define "footer"}}{{range 20000000}}xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx{{end}}{{end}}`, "layouts/pack.html: the page it makes is over 32 MB"},
		{"external stylesheet", "layouts/partials/footer.html", `{{define "footer"}}<link rel="stylesheet" href="https://cdn.example/x.css">{{end}}`, "a <link> element loads a resource"},
		{"event handler", "layouts/partials/footer.html", `{{define "footer"}}<p onclick="x()">x</p>{{end}}`, "<p> has an event handler onclick"},
		{"remote image", "layouts/partials/footer.html", `{{define "footer"}}<img src="https://tracker.example/p.gif" alt="">{{end}}`, `<img> has src="https://tracker.example/p.gif"`},
		{"javascript link written as a literal", "layouts/partials/footer.html", `{{define "footer"}}<a href="javascript:x()">x</a>{{end}}`, `<a> has href="javascript:x()"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			layouts := Overlay(fstest.MapFS{tt.file: {Data: []byte(tt.text)}}, briefing.Defaults)
			got := renderErrors(t, testSite("Text.\n"), layouts)
			if !strings.Contains(got, tt.want) {
				t.Errorf("errors = %q, want one containing %q", got, tt.want)
			}
		})
	}
}

func TestLayoutErrorPositions(t *testing.T) {
	for name, tt := range map[string]struct{ text, want string }{
		"parse": {`{{define "footer"}}{{if}}{{end}}`, "layouts/partials/footer.html:1: layout: missing value for if\n"},
		"exec":  {`{{define "footer"}}{{.Site.Councl}}{{end}}`, "layouts/partials/footer.html:1:27: layout: executing \"footer\" at <.Site.Councl>: can't evaluate field Councl in type *model.Settings\n"},
	} {
		t.Run(name, func(t *testing.T) {
			layouts := Overlay(fstest.MapFS{"layouts/partials/footer.html": {Data: []byte(tt.text)}}, briefing.Defaults)
			if diff := cmp.Diff(tt.want, renderErrors(t, testSite("Text.\n"), layouts)); diff != "" {
				t.Errorf("errors (-want +got):\n%s", diff)
			}
		})
	}
}

// denied is a file system in which some files and folders cannot be read,
// as without permission (tests may run as root, whom permissions do not
// stop).
type denied struct {
	fs.FS
	names []string
}

func (d denied) Open(name string) (fs.File, error) {
	if slices.Contains(d.names, name) {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrPermission}
	}
	return d.FS.Open(name)
}

// TestLayoutReadErrors checks that a stylesheet or layout that cannot be
// read is reported at the file the site holds, every one in one run.
func TestLayoutReadErrors(t *testing.T) {
	site := denied{fstest.MapFS{
		"static/briefing.css":          {Data: []byte("body{}")},
		"layouts/pack.html":            {Data: []byte("x")},
		"layouts/index.html":           {Mode: fs.ModeDir},
		"layouts/partials/footer.html": {Data: []byte(`{{define "footer"}}{{end}}`)},
		"layouts/partials/big.html":    {Data: make([]byte, 1<<20+1)},
	}, []string{"static/briefing.css", "layouts/pack.html"}}
	want := "layouts/index.html: is not a regular file\n" +
		"layouts/pack.html: cannot read: permission denied\n" +
		"layouts/partials/big.html: file is over 1 MB\n" +
		"static/briefing.css: cannot read: permission denied\n"
	if diff := cmp.Diff(want, renderErrors(t, testSite("Text.\n"), Overlay(site, briefing.Defaults))); diff != "" {
		t.Errorf("errors (-want +got):\n%s", diff)
	}
	folder := denied{fstest.MapFS{"layouts/partials/footer.html": {Data: []byte("x")}}, []string{"layouts/partials"}}
	if diff := cmp.Diff("layouts/partials: cannot read folder: permission denied\n", renderErrors(t, testSite("Text.\n"), Overlay(folder, briefing.Defaults))); diff != "" {
		t.Errorf("unreadable partials (-want +got):\n%s", diff)
	}
}

// TestOverlay checks that a site's own layout file wins over the default of
// the same name while the other defaults stay in use.
func TestOverlay(t *testing.T) {
	site := fstest.MapFS{"layouts/partials/footer.html": {Data: []byte(`{{define "footer"}}<footer>Local</footer>{{end}}`)}}
	defaults := fstest.MapFS{
		"layouts/partials/footer.html": {Data: []byte("default footer")},
		"layouts/partials/head.html":   {Data: []byte("default head")},
	}
	o := Overlay(site, defaults)
	for name, want := range map[string]string{
		"layouts/partials/footer.html": `{{define "footer"}}<footer>Local</footer>{{end}}`,
		"layouts/partials/head.html":   "default head",
	} {
		got, err := fs.ReadFile(o, name)
		if err != nil || string(got) != want {
			t.Errorf("ReadFile(%s) = %q, %v; want %q", name, got, err, want)
		}
	}
	entries, err := fs.ReadDir(o, "layouts/partials")
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if diff := cmp.Diff([]string{"footer.html", "head.html"}, names); diff != "" {
		t.Errorf("ReadDir (-want +got):\n%s", diff)
	}
}

// TestTemplateNeutralisesURLs: a javascript: address reaching a layout
// through a template action becomes #ZgotmplZ, never a link.
func TestTemplateNeutralisesURLs(t *testing.T) {
	layouts := Overlay(fstest.MapFS{"layouts/partials/footer.html": {Data: []byte(`{{define "footer"}}<a href="{{"javascript:x" | print}}">x</a>{{end}}`)}}, briefing.Defaults)
	out, err := Site(testSite("Text.\n"), Options{Layouts: layouts})
	if err != nil {
		t.Fatal(err)
	}
	page := string(out.Files["c/2018-03-12/index.html"])
	if strings.Contains(page, "javascript:") || !strings.Contains(page, `href="#ZgotmplZ"`) {
		t.Error("the javascript: address was not neutralised")
	}
}

// TestLayoutIDsAreReserved renders the default layouts and checks that
// every id they write is reserved from commentary's headings, so that a
// heading can never take an id the layout writes too.
func TestLayoutIDsAreReserved(t *testing.T) {
	site := testSite("Text.\n")
	m := site.Committees[0].Meetings[0]
	m.Supplements = []model.Supplement{{Number: 1, Date: m.Date.AddDate(0, 0, -3), Title: "Additional information",
		Letter: model.Doc{Path: "content/c/2018-03-12/supplement.md", Source: []byte("Please find attached.\n")}}}
	out, err := Site(site, Options{Layouts: briefing.Defaults})
	if err != nil {
		t.Fatal(err)
	}
	reserved := packIDs(m)
	for _, page := range []string{PackPath(m), VersionPath(m, 1)} {
		ids, _ := pagecheck.Page(out.Files[page])
		if len(ids) < len(layoutIDs) {
			t.Fatalf("%s has only %d ids", page, len(ids))
		}
		for id := range ids {
			if id == "summary" { // the letter's own heading
				continue
			}
			if !reserved.Taken(id) {
				t.Errorf("%s: the layout writes id %q, which packIDs does not reserve", page, id)
			}
		}
	}
}

// TestEveryChartKindDraws: a kind that load accepts has a drawing, so no
// chart falls through to another kind's.
func TestEveryChartKindDraws(t *testing.T) {
	drawsEvery(t, "figures", figures, "model.ChartKinds", model.ChartKinds)
}

// TestEveryBlockKindDraws: every kind of block that commentary places has
// a drawing, so none is dropped from a pack.
func TestEveryBlockKindDraws(t *testing.T) {
	drawsEvery(t, "blocks", blocks, "markdown.BlockKinds", markdown.BlockKinds)
}

// drawsEvery checks that the map draw has an entry for each of kinds, and
// no other.
func drawsEvery[K comparable, F any](t *testing.T, name string, draw map[K]F, kindsName string, kinds []K) {
	t.Helper()
	for _, k := range kinds {
		if _, ok := draw[k]; !ok {
			t.Errorf("kind %v has no entry in %s", k, name)
		}
	}
	if len(draw) != len(kinds) {
		t.Errorf("%s has %d kinds, %s %d", name, len(draw), kindsName, len(kinds))
	}
}
