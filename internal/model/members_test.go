package model

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestMemberRecords(t *testing.T) {
	a := Member{ID: "a", Name: "Cllr A", Role: RoleChair}
	b := Member{ID: "b", Name: "Cllr B"}
	c := Member{ID: "c", Name: "Cllr C"}
	com := &Committee{Slug: "s", Name: "Scrutiny", Members: []Member{a, b, c}}
	other := &Committee{Slug: "o", Name: "Audit", Members: []Member{b}}
	day := func(d int) time.Time { return time.Date(2018, 3, d, 0, 0, 0, 0, time.UTC) }
	later := &Meeting{Committee: com, Date: day(12), Status: Published, Members: []Member{a, b, c}, Minutes: &Minutes{
		Present: []string{"a"}, Apologies: []string{"b", "c"},
		Substitutes: []Substitute{{Name: "Cllr S", For: "c"}},
		Items:       []MinutesItem{{Number: 2, Declarations: []Declaration{{Member: "a", Interest: "a relative"}}}},
	}}
	earlier := &Meeting{Committee: com, Date: day(1), Status: Published, Members: []Member{a, b}, Minutes: &Minutes{
		Present: []string{"a", "b"},
	}}
	noMinutes := &Meeting{Committee: com, Date: day(20), Status: Published, Members: []Member{a, b, c}}
	draft := &Meeting{Committee: com, Date: day(25), Status: Draft, Members: []Member{a}, Minutes: &Minutes{}}
	com.Meetings = []*Meeting{draft, noMinutes, later, earlier}
	audit := &Meeting{Committee: other, Date: day(5), Status: Published, Members: []Member{b}, Minutes: &Minutes{Absent: []string{"b"}}}
	other.Meetings = []*Meeting{audit}

	got := MemberRecords([]*Committee{other, com})
	type counts struct {
		ID                                           string
		Committees                                   int
		Expected, Present, Apologies, Subbed, Absent int
		Declarations                                 int
	}
	var gotCounts []counts
	for _, r := range got {
		gotCounts = append(gotCounts, counts{r.ID, len(r.Committees), r.Expected(), r.Count(Present), r.Count(Apologies), r.Count(Substituted), r.Count(Absent), len(r.Declarations)})
	}
	want := []counts{
		// a: present at both of Scrutiny's meetings with minutes; the
		// meeting without minutes and the draft are not counted.
		{"a", 1, 2, 2, 0, 0, 0, 1},
		// b: on both committees; apologies on the 12th, absent from Audit.
		{"b", 2, 3, 1, 1, 0, 1, 0},
		// c: not a member on the 1st; a substitute attended on the 12th.
		{"c", 1, 1, 0, 0, 1, 0, 0},
	}
	if diff := cmp.Diff(want, gotCounts); diff != "" {
		t.Errorf("records (-want +got):\n%s", diff)
	}
	if s := got[2].Meetings[0].Substitute; s != "Cllr S" {
		t.Errorf("c's substitute = %q, want Cllr S", s)
	}
	if d := got[0].Declarations[0]; d.Meeting != later || d.Item != 2 || d.Interest != "a relative" {
		t.Errorf("a's declaration = %+v", d)
	}
}
