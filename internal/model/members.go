package model

import (
	"slices"
	"strings"
)

// Attendance is how a member stood at one meeting whose minutes are
// published.
type Attendance string

// The ways minutes record a member.
const (
	Present     Attendance = "present"
	Apologies   Attendance = "apologies"
	Substituted Attendance = "substituted" // apologies, and a substitute attended
	Absent      Attendance = "absent"
)

// MemberRecord is one member's record across the archive, computed from
// the minutes: the committees they served on, the meetings they were
// expected at (those whose minutes list the membership they were part
// of) and how they stood at each, and the interests they declared.
type MemberRecord struct {
	ID, Name     string
	Committees   []*Committee // sorted by name
	Meetings     []MeetingAttendance
	Declarations []MemberDeclaration
}

// MeetingAttendance is a member's attendance at one meeting.
type MeetingAttendance struct {
	Meeting    *Meeting
	Attendance Attendance
	Substitute string // who attended in their place, for Substituted
}

// MemberDeclaration is an interest a member declared, with where.
type MemberDeclaration struct {
	Meeting  *Meeting
	Item     int
	Interest string
}

// Count is how many of the member's meetings had attendance a.
func (r *MemberRecord) Count(a Attendance) int {
	n := 0
	for _, m := range r.Meetings {
		if m.Attendance == a {
			n++
		}
	}
	return n
}

// Expected is how many meetings the member was expected at.
func (r *MemberRecord) Expected() int { return len(r.Meetings) }

// Standings indexes the minutes once and returns, for any member id, how
// the minutes record them: present, apologies (Substituted, with the
// substitute's name, when someone attended in their place) or, when they
// name the member nowhere, absent; at the same cost however many members
// the meeting has.
func (m *Minutes) Standings() func(id string) (Attendance, string) {
	type standing struct {
		a   Attendance
		sub string
	}
	by := make(map[string]standing, len(m.Present)+len(m.Apologies)+len(m.Substitutes))
	// Later lists do not overwrite earlier ones: present, then a
	// substitute, then apologies.
	set := func(id string, s standing) {
		if _, ok := by[id]; !ok {
			by[id] = s
		}
	}
	for _, id := range m.Present {
		set(id, standing{a: Present})
	}
	for _, s := range m.Substitutes {
		set(s.For, standing{Substituted, s.Name})
	}
	for _, id := range m.Apologies {
		set(id, standing{a: Apologies})
	}
	return func(id string) (Attendance, string) {
		if s, ok := by[id]; ok {
			return s.a, s.sub
		}
		return Absent, ""
	}
}

// MemberRecords computes every member's record from the committees'
// memberships and their meetings' minutes, sorted by id. A member is the
// same person wherever their id is the same; their name is the first
// committee's (by name) that lists them. Meetings are newest first, as
// each committee lists them, committees in name order.
func MemberRecords(committees []*Committee) []*MemberRecord {
	byID := map[string]*MemberRecord{}
	get := func(mem Member) *MemberRecord {
		r := byID[mem.ID]
		if r == nil {
			r = &MemberRecord{ID: mem.ID, Name: mem.Name}
			byID[mem.ID] = r
		}
		return r
	}
	// Every serve of a committee comes while its turn lasts, so the
	// record's last committee says whether it is listed already.
	serve := func(r *MemberRecord, c *Committee) {
		if n := len(r.Committees); n == 0 || r.Committees[n-1] != c {
			r.Committees = append(r.Committees, c)
		}
	}
	for _, c := range committees {
		for _, mem := range c.Members {
			serve(get(mem), c)
		}
		for _, m := range c.Meetings {
			min := m.Minutes
			if min == nil || m.Status != Published {
				continue
			}
			standing := min.Standings()
			for _, mem := range m.Members {
				r := get(mem)
				serve(r, c)
				a := MeetingAttendance{Meeting: m}
				a.Attendance, a.Substitute = standing(mem.ID)
				r.Meetings = append(r.Meetings, a)
			}
			for _, it := range min.Items {
				for _, d := range it.Declarations {
					if r := byID[d.Member]; r != nil {
						r.Declarations = append(r.Declarations, MemberDeclaration{m, it.Number, d.Interest})
					}
				}
			}
		}
	}
	out := make([]*MemberRecord, 0, len(byID))
	for _, r := range byID {
		slices.SortFunc(r.Committees, func(a, b *Committee) int { return strings.Compare(a.Name, b.Name) })
		out = append(out, r)
	}
	slices.SortFunc(out, func(a, b *MemberRecord) int { return strings.Compare(a.ID, b.ID) })
	return out
}
