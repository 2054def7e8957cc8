package render

import (
	"strings"
	"testing"
	"time"

	"github.com/briefing/briefing"
	"github.com/briefing/briefing/internal/model"
)

// TestMinutesVersions renders a meeting's minutes approved by a later
// meeting's: the draft and the approved minutes each have a page, the
// latest address is the approved version's page with its links made for
// its folder, and minutes not yet approved have one version.
func TestMinutesVersions(t *testing.T) {
	site := testSite("# Summary\n")
	c := site.Committees[0]
	first := c.Meetings[0]
	day := func(m time.Month, d int) time.Time { return time.Date(2018, m, d, 0, 0, 0, 0, time.UTC) }
	later := &model.Meeting{
		Committee: c, Date: day(4, 9), LetterDate: day(3, 29), Time: "14:00", Venue: "V", Status: model.Published,
		Contact: model.Contact{Name: "N"},
		Letter:  model.Doc{Path: "content/c/2018-04-09/meeting.md", Source: []byte("Dear Member,\n")},
		Agenda:  []*model.Item{{Number: 1, Title: "Minutes"}, {Number: 2, Title: "Private", Exempt: "Paragraph 3"}},
	}
	c.Meetings = append(c.Meetings, later)
	first.Minutes = &model.Minutes{Doc: model.Doc{Path: "content/c/2018-03-12/minutes.md", Source: []byte("")},
		Published: day(3, 14), ApprovedBy: later}
	callIn := &model.CallIn{Published: day(4, 11), Deadline: day(4, 18), TakesEffect: day(4, 19), Days: 5}
	later.Minutes = &model.Minutes{Doc: model.Doc{Path: "content/c/2018-04-09/minutes.md", Source: []byte("")},
		Published: day(4, 11), Approves: first, Items: []model.MinutesItem{
			{Number: 1, Approves: first.Date},
			{Number: 2, Resolutions: []string{"Secret resolution."}, CallIn: callIn},
		}}
	out, err := Site(site, Options{Layouts: briefing.Defaults})
	if err != nil {
		t.Fatal(err)
	}
	page := func(path string) string {
		t.Helper()
		data, ok := out.Files[path]
		if !ok {
			t.Fatalf("no %s", path)
		}
		return string(data)
	}
	v1, v2, latest := page("c/2018-03-12/minutes/v1/index.html"), page("c/2018-03-12/minutes/v2/index.html"), page("c/2018-03-12/minutes/index.html")
	if got := strings.ReplaceAll(v2, `"../../../../`, `"../../../`); got != latest {
		t.Error("the latest minutes are not the approved version's page")
	}
	for _, want := range []string{
		`<title>Draft minutes (superseded): C`,
		`read <a href="../../../../c/2018-03-12/minutes/v2/index.html">the approved minutes</a>`,
		`<strong>Draft minutes</strong> (this version)`,
		`approved at the meeting on <a href="../../../../c/2018-04-09/minutes/index.html"><time datetime="2018-04-09">9 April 2018</time></a>, published <time datetime="2018-04-11">11 April 2018</time>`,
	} {
		if !strings.Contains(v1, want) {
			t.Errorf("the draft minutes lack %q", want)
		}
	}
	for _, want := range []string{
		`<strong>Approved at the meeting on <time datetime="2018-04-09">9 April 2018</time></strong>`,
		`<strong>Approved minutes</strong> (this version)`,
		`<a href="../../../../c/2018-03-12/minutes/v1/index.html">Draft minutes</a>: published <time datetime="2018-03-14">14 March 2018</time>`,
	} {
		if !strings.Contains(v2, want) {
			t.Errorf("the approved minutes lack %q", want)
		}
	}
	if _, ok := out.Files["c/2018-04-09/minutes/v2/index.html"]; ok {
		t.Error("minutes not yet approved have a second version")
	}
	l := page("c/2018-04-09/minutes/index.html")
	for _, want := range []string{
		`<a href="../../../c/2018-03-12/minutes/v2/index.html">the minutes of the meeting on 12 March 2018</a>`,
		`<dd>the end of <time datetime="2018-04-18">Wednesday 18 April 2018</time> (5 working days after publication)</dd>`,
		`<dd><time datetime="2018-04-19">Thursday 19 April 2018</time>, unless called in</dd>`,
	} {
		if !strings.Contains(l, want) {
			t.Errorf("the approving minutes lack %q", want)
		}
	}
	if strings.Contains(l, "Secret resolution") {
		t.Error("an exempt item's resolution is on the public minutes")
	}
}
