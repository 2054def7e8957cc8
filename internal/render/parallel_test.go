package render

import (
	"errors"
	"fmt"
	"runtime"
	"testing"
	"time"

	"github.com/briefing/briefing"
	"github.com/briefing/briefing/internal/diag"
	"github.com/briefing/briefing/internal/model"
	"github.com/google/go-cmp/cmp"
)

// meetingsSite is a committee of n meetings, a day apart; the report of
// meeting k links to a heading that is not there when broken[k].
func meetingsSite(n int, broken map[int]bool) *model.Site {
	c := &model.Committee{Slug: "c", Name: "C", Members: []model.Member{{Name: "A", Role: model.RoleMember}}}
	for k := range n {
		day := time.Date(2018, 3, 1+k, 0, 0, 0, 0, time.UTC)
		dir := "content/c/" + day.Format(time.DateOnly) + "/"
		report := fmt.Sprintf("Report %d.\n", k)
		if broken[k] {
			report += "\nSee [nothing](#nothing).\n"
		}
		c.Meetings = append(c.Meetings, &model.Meeting{
			Committee: c, Date: day, LetterDate: day, Time: "14:00", Venue: "V", Status: model.Published,
			Contact: model.Contact{Name: "N"},
			Letter:  model.Doc{Path: dir + "meeting.md", Source: []byte("Dear Member,\n")},
			Agenda:  []*model.Item{{Number: 1, Title: "T", Report: &model.Doc{Path: dir + "r.md", Source: []byte(report)}}},
		})
	}
	return &model.Site{Settings: model.Settings{Council: "T"}, Committees: []*model.Committee{c}}
}

// TestMeetingsInSiteOrder renders meetings on 1 to 8 cores: the
// mistakes, and where the output cap stops the build, are those of
// rendering them one after another. The cap is lowered so that it is
// reached at meeting 8; meeting 10's mistake lies beyond it and is not
// reported.
func TestMeetingsInSiteOrder(t *testing.T) {
	const n = 12
	broken := map[int]bool{2: true, 5: true, 10: true}
	clean, err := Site(meetingsSite(n, nil), Options{Layouts: briefing.Defaults})
	if err != nil {
		t.Fatal(err)
	}
	sizes := make([]int, n)
	for k, p := range clean.Meetings {
		sizes[k] = len(clean.Files[PackPath(p.Meeting)])
		for _, v := range p.Versions {
			sizes[k] += len(clean.Files[v.Path])
		}
	}
	limit := 0
	for k := range 8 {
		if !broken[k] {
			limit += sizes[k]
		}
	}
	defer func(m int) { maxOutputBytes = m }(maxOutputBytes)
	maxOutputBytes = limit

	want := "content/c/2018-03-03/r.md:3:5: link \"#nothing\" points to nothing in this pack; link to a heading by its id (its words in lower case, joined by hyphens)\n" +
		"content/c/2018-03-06/r.md:3:5: link \"#nothing\" points to nothing in this pack; link to a heading by its id (its words in lower case, joined by hyphens)\n" +
		fmt.Sprintf("layouts/pack.html: the packs add up to over %d MB by the meeting of c/2018-03-09; Briefing writes at most that much: if a layout repeats text, fix it, otherwise build fewer meetings into one archive\n", MaxOutputBytes>>20)
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	for _, procs := range []int{1, 2, 4, 8} {
		runtime.GOMAXPROCS(procs)
		_, err := Site(meetingsSite(n, broken), Options{Layouts: briefing.Defaults})
		list, _ := err.(diag.List)
		if diff := cmp.Diff(want, list.Lines()); diff != "" {
			t.Errorf("GOMAXPROCS=%d: errors (-want +got):\n%s", procs, diff)
		}
	}
}

// TestEmit renders a site to a sink on 1 to 8 cores: it is handed the
// files Output.Files would hold, each once, in the same order every
// time, with the packs first; the counts agree. A sink that fails stops
// being called, and its error is returned, unless the site has mistakes,
// which come first.
func TestEmit(t *testing.T) {
	const n = 12
	gathered, err := Site(meetingsSite(n, nil), Options{Layouts: briefing.Defaults})
	if err != nil {
		t.Fatal(err)
	}
	var bytes int64
	for _, data := range gathered.Files {
		bytes += int64(len(data))
	}
	if gathered.Count != len(gathered.Files) || gathered.Bytes != bytes {
		t.Errorf("gathered: Count, Bytes = %d, %d; want %d, %d", gathered.Count, gathered.Bytes, len(gathered.Files), bytes)
	}
	var first []string
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	for _, procs := range []int{1, 2, 4, 8} {
		runtime.GOMAXPROCS(procs)
		var order []string
		got := map[string][]byte{}
		out, err := Site(meetingsSite(n, nil), Options{Layouts: briefing.Defaults, Emit: func(path string, data []byte) error {
			if _, ok := got[path]; ok {
				t.Errorf("GOMAXPROCS=%d: %s emitted twice", procs, path)
			}
			got[path] = data
			order = append(order, path)
			return nil
		}})
		if err != nil {
			t.Fatal(err)
		}
		if out.Files != nil {
			t.Errorf("GOMAXPROCS=%d: Output.Files is set with Emit", procs)
		}
		if diff := cmp.Diff(gathered.Files, got); diff != "" {
			t.Errorf("GOMAXPROCS=%d: emitted files (-gathered +emitted):\n%s", procs, diff)
		}
		if out.Count != gathered.Count || out.Bytes != gathered.Bytes {
			t.Errorf("GOMAXPROCS=%d: Count, Bytes = %d, %d; want %d, %d", procs, out.Count, out.Bytes, gathered.Count, gathered.Bytes)
		}
		if first == nil {
			first = order
		} else if diff := cmp.Diff(first, order); diff != "" {
			t.Errorf("GOMAXPROCS=%d: order (-GOMAXPROCS=1 +got):\n%s", procs, diff)
		}
	}
	if want := VersionPath(gathered.Meetings[0].Meeting, 1); first[0] != want {
		t.Errorf("first file emitted = %s, want the first meeting's pack %s", first[0], want)
	}

	errFull := errors.New("disk full")
	calls := 0
	failing := func(string, []byte) error { calls++; return errFull }
	if _, err := Site(meetingsSite(n, nil), Options{Layouts: briefing.Defaults, Emit: failing}); err != errFull || calls != 1 {
		t.Errorf("failing sink: err = %v after %d calls; want %v after 1", err, calls, errFull)
	}
	calls = 0
	_, err = Site(meetingsSite(n, map[int]bool{10: true}), Options{Layouts: briefing.Defaults, Emit: failing})
	if list, ok := err.(diag.List); !ok || len(list) != 1 {
		t.Errorf("failing sink, a mistake in meeting 10: err = %v; want the mistake", err)
	}
}
