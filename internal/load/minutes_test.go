package load

import (
	"fmt"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/briefing/briefing/internal/diag"
	"github.com/briefing/briefing/internal/model"
	"github.com/google/go-cmp/cmp"
)

// TestMinutesNonePresent records a meeting every member sent apologies
// for, one with a substitute, on the last days the bounds allow: the
// minutes two years after it, the decision a year after.
func TestMinutesNonePresent(t *testing.T) {
	fsys := goodSite()
	fsys["content/scrutiny/2018-03-12/minutes.md"] = &fstest.MapFile{Data: []byte("---\npublished: 2020-03-12\npresent: []\napologies: [cllr-a, cllr-b, cllr-c]\nsubstitutes:\n  - name: Cllr X\n    for: cllr-b\nitems:\n  - item: 4\n    resolutions: [That the report be noted.]\n    call_in:\n      published: 2019-03-12\n---\n")}
	site, err := Load(fsys, Options{})
	if err != nil {
		t.Fatal(err)
	}
	min := site.Committees[0].Meetings[0].Minutes
	if min == nil || len(min.Present) != 0 || len(min.Apologies) != 3 || len(min.Substitutes) != 1 || min.Items[0].CallIn == nil {
		t.Fatalf("minutes = %+v", min)
	}
	standing := min.Standings()
	var got []string
	for _, id := range []string{"cllr-a", "cllr-b", "cllr-c"} {
		a, sub := standing(id)
		got = append(got, string(a)+" "+sub)
	}
	if diff := cmp.Diff([]string{"apologies ", "substituted Cllr X", "apologies "}, got); diff != "" {
		t.Errorf("standings (-want +got):\n%s", diff)
	}
}

// TestMinutesScaleLinearly reads minutes of a meeting of 20,000 members
// (the committee's file near its 1 MB cap): all present, each declaring
// an interest; then all named a letter or two wrong, each a mistake. A
// search of every member for each name, and of every name for a "did you
// mean" (now only the first few misses get one), took a minute or more;
// the bound only catches a hang.
func TestMinutesScaleLinearly(t *testing.T) {
	const n = 20000
	var com, present, decls, wrong strings.Builder
	com.WriteString("name: Scrutiny Committee\nmembers:\n")
	for i := range n {
		fmt.Fprintf(&com, "  - name: Cllr Member %d\n    id: m%d\n", i, i)
		fmt.Fprintf(&present, "  - m%d\n", i)
		fmt.Fprintf(&decls, "      - {member: m%d, interest: x}\n", i)
		fmt.Fprintf(&wrong, "  - Cllr Membr %dx\n", i)
	}
	load := func(t *testing.T, minutes string) (*model.Site, error) {
		fsys := goodSite()
		fsys["data/committees/scrutiny.yaml"] = &fstest.MapFile{Data: []byte(com.String())}
		fsys["content/scrutiny/2018-03-12/minutes.md"] = &fstest.MapFile{Data: []byte(minutes)}
		done := make(chan struct{})
		var site *model.Site
		var err error
		go func() { site, err = Load(fsys, Options{}); close(done) }()
		select {
		case <-done:
		case <-time.After(20 * time.Second):
			t.Fatalf("Load of minutes of %d members did not finish in 20 s", n)
		}
		return site, err
	}
	t.Run("present and declaring", func(t *testing.T) {
		site, err := load(t, "---\npublished: 2018-03-14\npresent:\n"+present.String()+"items:\n  - item: 4\n    declarations:\n"+decls.String()+"---\n")
		if err != nil {
			t.Fatal(err)
		}
		min := site.Committees[0].Meetings[0].Minutes
		if len(min.Present) != n || len(min.Items[0].Declarations) != n {
			t.Errorf("%d present, %d declarations; want %d of each", len(min.Present), len(min.Items[0].Declarations), n)
		}
		recs := model.MemberRecords(site.Committees)
		if len(recs) != n || recs[0].Count(model.Present) != 1 || len(recs[0].Declarations) != 1 {
			t.Errorf("%d member records, the first %+v", len(recs), recs[0])
		}
	})
	t.Run("near misses", func(t *testing.T) {
		_, err := load(t, "---\npublished: 2018-03-14\npresent:\n"+wrong.String()+"---\n")
		list, _ := err.(diag.List)
		if len(list) != 2*n {
			t.Fatalf("%d errors, want %d (each name, each member unrecorded)", len(list), 2*n)
		}
	})
}
