package render

import (
	"errors"
	"fmt"
	"testing"
	"testing/fstest"

	"github.com/briefing/briefing"
	"github.com/briefing/briefing/internal/diag"
	"github.com/briefing/briefing/internal/model"
	"github.com/google/go-cmp/cmp"
)

// capSite is testSite with two members and minutes, so that it has
// minutes and member pages as well as a pack, a committee page, the
// index and the feeds.
func capSite() *model.Site {
	site := testSite("# Summary\n")
	c := site.Committees[0]
	c.Members = []model.Member{{ID: "a", Name: "A", Role: model.RoleMember}, {ID: "b", Name: "B", Role: model.RoleMember}}
	m := c.Meetings[0]
	m.Members = c.Members
	m.Minutes = &model.Minutes{Doc: model.Doc{Path: "content/c/2018-03-12/minutes.md", Source: []byte("")},
		Published: m.Date, Present: []string{"a"}, Apologies: []string{"b"}}
	return site
}

// TestOutputCapCoversEveryFile lowers the output cap to what a build of
// capSite writes, then makes each kind of page a little bigger with its
// layout: the build stops at the first page of that layout, with the
// mistake at the layout, whatever the page (not only packs count). With
// the default layouts and the cap one byte short, the last file, a feed,
// is the one over, and the mistake says so.
func TestOutputCapCoversEveryFile(t *testing.T) {
	clean, err := Site(capSite(), Options{Layouts: briefing.Defaults})
	if err != nil {
		t.Fatal(err)
	}
	defer func(m int) { maxOutputBytes = m }(maxOutputBytes)
	maxOutputBytes = int(clean.Bytes) + 50_000
	over := func(at, path, what string) string {
		return fmt.Sprintf("%s: the archive's files add up to over %d MB with %s, %s; Briefing writes at most that much: if a layout repeats text, fix it, otherwise build fewer meetings into one archive\n", at, MaxOutputBytes>>20, path, what)
	}
	m := capSite().Committees[0].Meetings[0]
	for _, tt := range []struct{ layout, first string }{
		{"committee.html", "c/index.html"},
		{"minutes.html", MinutesVersionPath(m, 1)},
		{"member.html", MemberPath("a")},
		{"index.html", "index.html"},
		{"accessibility.html", StatementPath},
	} {
		t.Run(tt.layout, func(t *testing.T) {
			name := "layouts/" + tt.layout
			text, err := briefing.Defaults.ReadFile(name)
			if err != nil {
				t.Fatal(err)
			}
			// 1 MB of text after the page: more than the cap's
			// slack and the files after the page, far less than a
			// page may hold.
			big := append(text, "{{range 1000000}}x{{end}}"...)
			layouts := Overlay(fstest.MapFS{name: {Data: big}}, briefing.Defaults)
			var emitted []string
			_, err = Site(capSite(), Options{Layouts: layouts, Emit: func(path string, data []byte) error {
				emitted = append(emitted, path)
				return nil
			}})
			var list diag.List
			if !errors.As(err, &list) {
				t.Fatalf("Site: %v, want the output cap's mistake", err)
			}
			if diff := cmp.Diff(over(name, tt.first, "made by that layout"), list.Lines()); diff != "" {
				t.Errorf("mistake (-want +got):\n%s", diff)
			}
			for _, p := range emitted {
				if p == tt.first {
					t.Errorf("%s was written, over the cap", p)
				}
			}
		})
	}
	t.Run("feeds", func(t *testing.T) {
		maxOutputBytes = int(clean.Bytes) - 1
		err := renderErrors(t, capSite(), briefing.Defaults)
		if diff := cmp.Diff(over("content", "index.json", "which lists the meetings under content"), err); diff != "" {
			t.Errorf("mistake (-want +got):\n%s", diff)
		}
	})
}
