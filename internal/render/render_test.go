package render

import (
	"strings"
	"testing"
	"time"

	"github.com/briefing/briefing"
	"github.com/briefing/briefing/internal/model"
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
	site := &model.Site{Settings: model.Settings{Council: "Council " + x, Directorate: "Dir " + x, Address: []string{"Street " + x}, Telephone: "Tel " + x}, Committees: []*model.Committee{c}}
	files, err := Site(site, Options{Layouts: briefing.Defaults})
	if err != nil {
		t.Fatal(err)
	}
	for name, data := range files {
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
