package render

import (
	"encoding/json"
	"encoding/xml"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/briefing/briefing"
	"github.com/briefing/briefing/internal/model"
)

// archiveSite is a committee with two meetings, the newer with an exempt
// item whose report holds a marker that no page may show.
func archiveSite() *model.Site {
	site := testSite("# Burglary\n\nBurglary fell.\n")
	c := site.Committees[0]
	newer := c.Meetings[0]
	newer.Agenda[0].Title = "Burglary in the city centre"
	newer.Agenda = append(newer.Agenda, &model.Item{Number: 2, Title: "Contract award", Exempt: "Paragraph 3 of Schedule 12A",
		Report: &model.Doc{Path: "content/c/2018-03-12/secret.md", Source: []byte("# SECRET-MARKER\n\nSECRET-MARKER price.\n")}})
	day := time.Date(2018, 1, 15, 0, 0, 0, 0, time.UTC)
	older := &model.Meeting{Committee: c, Date: day, LetterDate: day, Time: "14:00", Venue: "V", Status: model.Published,
		Contact: model.Contact{Name: "N"},
		Letter:  model.Doc{Path: "content/c/2018-01-15/meeting.md", Source: []byte("Dear Member,\n")},
		Agenda:  []*model.Item{{Number: 1, Title: "Road safety"}}}
	c.Meetings = append(c.Meetings, older)
	return site
}

func renderFiles(t *testing.T, site *model.Site) map[string]string {
	t.Helper()
	out, err := Site(site, Options{Layouts: briefing.Defaults})
	if err != nil {
		t.Fatal(err)
	}
	files := map[string]string{}
	for name, data := range out.Files {
		files[name] = string(data)
	}
	return files
}

// TestArchiveListsItems: the index and the committee page name every
// meeting's items, an exempt one by its title and reason only, so that a
// reader finds the meeting about burglary without opening every pack.
func TestArchiveListsItems(t *testing.T) {
	files := renderFiles(t, archiveSite())
	for _, page := range []string{"index.html", "c/index.html"} {
		for _, want := range []string{"Burglary in the city centre", "Road safety", "Contract award", "(private business: Paragraph 3 of Schedule 12A)"} {
			if !strings.Contains(files[page], want) {
				t.Errorf("%s does not name %q", page, want)
			}
		}
	}
	// The loader never reads an exempt item's report (TestExemptNeverPublished
	// holds the whole build to it); the archive's pages never look at one.
	for _, name := range []string{"index.html", "c/index.html", "index.json", "feed.xml"} {
		if strings.Contains(files[name], "SECRET-MARKER") {
			t.Errorf("%s shows an exempt item's report", name)
		}
	}
}

// TestMembersAsAt: a committee's page dates its membership by the
// committee file's members_as_at, else by its latest meeting, else not at
// all; index.json says the same date.
func TestMembersAsAt(t *testing.T) {
	for _, tc := range []struct {
		name     string
		asAt     time.Time
		meetings bool
		want     string // on the page, "" for no date
		json     string
	}{
		{"given", time.Date(2018, 5, 21, 0, 0, 0, 0, time.UTC), true,
			`Members as at <time datetime="2018-05-21">21 May 2018</time>.</p>`, "2018-05-21"},
		{"latest meeting", time.Time{}, true,
			`Members as at <time datetime="2018-03-12">12 March 2018</time>, the date of the committee’s latest meeting.</p>`, "2018-03-12"},
		{"neither", time.Time{}, false, "", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			site := archiveSite()
			c := site.Committees[0]
			c.MembersAsAt = tc.asAt
			if !tc.meetings {
				c.Meetings = nil
			}
			files := renderFiles(t, site)
			page := files["c/index.html"]
			if tc.want == "" {
				if strings.Contains(page, "Members as at") {
					t.Errorf("the page dates a membership it has no date for")
				}
			} else if !strings.Contains(page, tc.want) {
				t.Errorf("the page does not say %s", tc.want)
			}
			var ix Index
			if err := json.Unmarshal([]byte(files["index.json"]), &ix); err != nil {
				t.Fatal(err)
			}
			if got := ix.Committees[0].MembersAsAt; got != tc.json {
				t.Errorf("index.json members_as_at = %q, want %q", got, tc.json)
			}
		})
	}
}

// TestHashesFolded: a version's SHA-256 shows its first 12 characters, the
// whole inside a <details>, so that it is in the record but not in the way;
// the whole in four groups that may wrap (<wbr>), whatever the stylesheet.
func TestHashesFolded(t *testing.T) {
	site := archiveSite()
	out, err := Site(site, Options{Layouts: briefing.Defaults})
	if err != nil {
		t.Fatal(err)
	}
	page := string(out.Files["c/index.html"])
	for _, p := range out.Meetings {
		for _, v := range p.Versions {
			want := `<details class="hash"><summary><code>` + v.SHA256[:12] + `…</code></summary><code class="hash">` + v.SHA256[:16] + `<wbr>` + v.SHA256[16:32] + `<wbr>` + v.SHA256[32:48] + `<wbr>` + v.SHA256[48:] + `</code></details>`
			if !strings.Contains(page, want) {
				t.Errorf("the committee page does not fold %s's hash: want %s", v.Path, want)
			}
		}
	}
}

// TestStatement: the accessibility statement is written from the site's
// settings, escaped, is linked from every page's footer and is in the
// sitemap.
func TestStatement(t *testing.T) {
	const x = `<b>bold</b>&"`
	site := archiveSite()
	site.Settings.Council = "Council " + x
	site.Settings.BaseURL = "https://example.org/papers/"
	site.Settings.Accessibility = model.Accessibility{ContactEmail: "access@example.org", ContactPhone: "0100 " + x,
		Prepared: time.Date(2019, 9, 23, 0, 0, 0, 0, time.UTC), Reviewed: time.Date(2020, 4, 1, 0, 0, 0, 0, time.UTC)}
	files := renderFiles(t, site)
	page := files[StatementPath]
	for _, want := range []string{
		"<title>Accessibility statement – Council &lt;b&gt;bold&lt;/b&gt;&amp;&#34;</title>",
		`<a href="mailto:access@example.org">access@example.org</a>`,
		"call 0100 &lt;b&gt;bold&lt;/b&gt;&amp;&#34;",
		`<a href="https://example.org/papers/">https://example.org/papers/</a>`,
		`prepared on <time datetime="2019-09-23">23 September 2019</time>`,
		`last reviewed on <time datetime="2020-04-01">1 April 2020</time>`,
		"WCAG 2.2 A and AA rules of axe-core", "Nu HTML Checker", "320 pixels", "printed on A4",
	} {
		if !strings.Contains(page, want) {
			t.Errorf("the statement does not say %s", want)
		}
	}
	if strings.Contains(page, "<b>") {
		t.Errorf("the statement shows a setting as markup")
	}
	for name, root := range map[string]string{"index.html": "", "c/index.html": "../", "c/2018-03-12/index.html": "../../", "c/2018-03-12/v1/index.html": "../../../"} {
		if want := `<a href="` + root + `accessibility.html">Accessibility statement</a>`; !strings.Contains(files[name], want) {
			t.Errorf("%s does not link to the statement: want %s", name, want)
		}
	}
	var set sitemapURLSet
	if err := xml.Unmarshal([]byte(files["sitemap.xml"]), &set); err != nil {
		t.Fatal(err)
	}
	want := sitemapURL{Loc: "https://example.org/papers/accessibility.html", LastMod: "2020-04-01"}
	if !slices.Contains(set.URLs, want) {
		t.Errorf("sitemap.xml lacks %+v: %+v", want, set.URLs)
	}
}

// TestStatementContact: without an accessibility contact the statement
// gives the council's telephone and address, and without those names the
// council; it says nothing of a preparation date it was not given.
func TestStatementContact(t *testing.T) {
	site := archiveSite()
	site.Settings.Telephone = "0100 200"
	site.Settings.Address = []string{"Town Hall", "High Street"}
	page := renderFiles(t, site)[StatementPath]
	for _, want := range []string{"<li>call 0100 200</li>", "<li>write to T, Town Hall, High Street</li>"} {
		if !strings.Contains(page, want) {
			t.Errorf("the statement does not say %s", want)
		}
	}
	if strings.Contains(page, "prepared on") || strings.Contains(page, "Preparation of this") {
		t.Errorf("the statement gives a preparation date it was not given")
	}
	site.Settings.Telephone, site.Settings.Address = "", nil
	if page := renderFiles(t, site)[StatementPath]; !strings.Contains(page, "<p>Contact T.</p>") {
		t.Errorf("the statement with no contact at all does not name the council")
	}
}
