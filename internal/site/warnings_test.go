package site

import (
	"runtime"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/briefing/briefing"
)

// warningsSite has one case of each warning, and beside each a case
// that is just inside the rule.
func warningsSite() fstest.MapFS {
	table := func(updated, columns, label string) *fstest.MapFile {
		return &fstest.MapFile{Data: []byte("kind: table\ntitle: T\nsource: S\nupdated: " + updated + "\nunit: people\nrow_header: Team\ncolumns:\n" + columns +
			"rows:\n  - {label: " + label + ", values: [" + strings.TrimSuffix(strings.Repeat("10, ", strings.Count(columns, "id:")), ", ") + "]}\n")}
	}
	one := "  - {id: a, label: Count}\n"
	five := "  - {id: a, label: Establishment}\n  - {id: b, label: Strength}\n  - {id: c, label: Deployable}\n  - {id: d, label: Vacancies}\n  - {id: e, label: Abstractions}\n"
	meeting := func(status, reports string) *fstest.MapFile {
		return &fstest.MapFile{Data: []byte("---\ntime: \"10:00\"\nvenue: Hall\nstatus: " + status + "\nletter_date: 2019-01-11\ncontact:\n  name: D\nagenda:\n" + reports + "---\nDear Member,\n")}
	}
	return fstest.MapFS{
		"data/site.yaml":         {Data: []byte("council: T\n")},
		"data/committees/c.yaml": {Data: []byte("name: C\nmembers:\n  - name: A\n")},
		// Updated a year to the day before the meeting: not stale.
		"data/datasets/narrow.yaml": table("2018-01-21", one, "North"),
		// A year and a day: stale.
		"data/datasets/old.yaml": table("2018-01-20", one, "North"),
		// On a 320 px phone, the column "Establishment" (about 142 px)
		// beside the label "Northamptonshire" (154 px) does not fit in
		// 288 px; beside "Wolverhampton" (127 px) it does.
		"data/datasets/wide.yaml":   table("2019-01-10", five, "Northamptonshire"),
		"data/datasets/fits.yaml":   table("2019-01-10", five, "Wolverhampton"),
		"data/datasets/unused.yaml": table("2019-01-10", one, "North"),
		"data/datasets/draft.yaml":  table("2019-01-10", one, "North"),
		"content/c/2019-01-21/meeting.md": meeting("published",
			"  - number: 1\n    title: Headed\n    report: 1.md\n  - number: 2\n    title: Plain\n    report: 2.md\n"),
		"content/c/2019-01-21/1.md": {Data: []byte("# Staff\n\nStaff: [[old / North / Count]], [[old / North / Count]].\n\n[[table narrow]]\n\n[[table wide]]\n\n[[table fits]]\n")},
		"content/c/2019-01-21/2.md": {Data: []byte("No headings here, only [[old / North / Count]].\n")},
		"content/c/2019-02-18/meeting.md": meeting("draft",
			"  - number: 1\n    title: Draft\n    report: 1.md\n"),
		"content/c/2019-02-18/1.md": {Data: []byte("# Draft\n\n[[table draft]]\n")},
	}
}

// TestWarnings holds each warning rule to a case it must warn of and one
// just inside it that it must not.
func TestWarnings(t *testing.T) {
	for _, tt := range []struct {
		drafts bool
		want   []string // each warning's position and what it names, in order
	}{
		{false, []string{
			`content/c/2019-01-21/1.md:3:8: warning: dataset "old" was last updated on 20 January 2018, more than a year before this meeting on 21 January 2019`,
			`content/c/2019-01-21/1.md:7:1: warning: table "wide" cannot be read whole on a 320 px phone: its row labels, which stay in view while the other columns scroll, need about 154 px and its column "Establishment" about 142 px`,
			`content/c/2019-01-21/2.md: warning: report has no headings`,
			`content/c/2019-01-21/2.md:1:24: warning: dataset "old" was last updated`,
			`data/datasets/draft.yaml: warning: no meeting quotes dataset "draft"`,
			`data/datasets/unused.yaml: warning: no meeting quotes dataset "unused"`,
		}},
		// A draft meeting's quotes count with --drafts; the draft's
		// own warnings (its date is a month later) are the same rules.
		{true, []string{
			`content/c/2019-01-21/1.md:3:8: warning: dataset "old"`,
			`content/c/2019-01-21/1.md:7:1: warning: table "wide"`,
			`content/c/2019-01-21/2.md: warning: report has no headings`,
			`content/c/2019-01-21/2.md:1:24: warning: dataset "old"`,
			`data/datasets/unused.yaml: warning: no meeting quotes dataset "unused"`,
		}},
	} {
		res, err := Build(warningsSite(), Options{Defaults: briefing.Defaults, Drafts: tt.drafts})
		if err != nil {
			t.Fatalf("drafts %t: %v", tt.drafts, err)
		}
		got := strings.Split(strings.TrimSuffix(res.Warnings.Lines(), "\n"), "\n")
		if len(got) != len(tt.want) {
			t.Errorf("drafts %t: %d warnings, want %d:\n%s", tt.drafts, len(got), len(tt.want), res.Warnings.Lines())
			continue
		}
		for i := range got {
			if !strings.HasPrefix(got[i], tt.want[i]) {
				t.Errorf("drafts %t: warning %d is\n%s\nwant it to begin\n%s", tt.drafts, i, got[i], tt.want[i])
			}
		}
	}
}

// TestWarningsEveryWay builds the site on one core and on several, with
// the cache and without: the warnings are the same.
func TestWarningsEveryWay(t *testing.T) {
	site := warningsSite()
	c := &memCache{}
	cold := buildWith(t, site, Options{Cache: c, Version: "test"})
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1))
	warm := buildWith(t, site, Options{Cache: c, Version: "test"})
	if warm.Cached != len(warm.Meetings) {
		t.Fatalf("%d of %d meetings from the cache", warm.Cached, len(warm.Meetings))
	}
	if cold.Warnings.Lines() != warm.Warnings.Lines() || len(warm.Warnings) == 0 {
		t.Errorf("warnings from the cache, on one core:\n%s\nrendered, on %d:\n%s", warm.Warnings.Lines(), runtime.NumCPU(), cold.Warnings.Lines())
	}
}
