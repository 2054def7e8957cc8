package render

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/briefing/briefing/internal/diag"
	"github.com/briefing/briefing/internal/model"
)

// meeting renders every version of a meeting's pack, and the newest also
// as the meeting's own page, and checks each version against the
// fingerprint recorded when it was published. It notes in d the datasets
// and images the packs read.
func (r *renderer) meeting(m *model.Meeting, files *[]file, d *deps, notes *Notes) ([]Version, error) {
	vs := versions(m)
	var errs diag.List
	texts := map[string][]byte{}
	for v := range vs {
		pv, fp, err := r.pack(m, v, vs, d, texts)
		if err != nil {
			return nil, err
		}
		page, err := r.packPage(pv, vs[v].Path)
		if err != nil {
			return nil, err
		}
		frozen, rec := m.Frozen, m.Fingerprint
		if v > 0 {
			frozen, rec = m.Supplements[v-1].Frozen, m.Supplements[v-1].Fingerprint
		}
		if frozen.Page != nil {
			if page, err = r.frozen(*frozen.Page, page, vs[v], &pv.notes); err != nil {
				return nil, err
			}
		}
		vs[v].Frozen = frozen.Page != nil
		*files = append(*files, file{vs[v].Path, page})
		for _, f := range pv.csv {
			vs[v].Data = append(vs[v].Data, f.DataFile)
			*files = append(*files, file{DataPath(vs[v].Path, f.Name), f.data})
		}
		notes.add(pv.notes)
		if v == len(vs)-1 {
			latest, err := r.packPage(pv, PackPath(m))
			if err != nil {
				return nil, err
			}
			*files = append(*files, file{PackPath(m), latest})
			for _, f := range pv.csv {
				*files = append(*files, file{DataPath(PackPath(m), f.Name), f.data})
			}
		}
		vs[v].SHA256 = fmt.Sprintf("%x", sha256.Sum256(page))
		vs[v].Fingerprint = fp
		vs[v].Recorded = rec.SHA256 != ""
		if rec.SHA256 != "" && rec.SHA256 != fp && !r.anyBroken(pv.notes.Quoted) {
			errs.Add(diag.Pos(rec.At), "version %d (%s, published %s) has changed since it was published: its sources' fingerprint is now %s, the one recorded is %s; %s%s; put back what was published, or publish the change as a new supplement",
				vs[v].Number, strings.ToLower(vs[v].Label), vs[v].Date.Format(model.DateLayout), shortHash(fp), shortHash(rec.SHA256),
				covers(pv.notes.Quoted), inherited(m))
		}
	}
	if err := errs.Err(); err != nil {
		return nil, err
	}
	return vs, nil
}

// frozen is the page of version v as it was published, which the site
// keeps (model.Frozen), to serve in place of built, the page made now;
// a difference between the two is told in notes. The frozen page is held
// to the page check like any other.
func (r *renderer) frozen(doc model.Doc, built []byte, v Version, notes *Notes) ([]byte, error) {
	var errs diag.List
	page, err := r.opts.Frozen(doc)
	if err != nil {
		errs.Add(diag.Pos{Path: doc.Path}, "%v", err)
		return nil, errs
	}
	if _, problems := r.check.Page(page); len(problems) > 0 {
		for _, p := range problems {
			errs.Add(diag.Pos{Path: doc.Path}, "in the frozen page, %s; no page may run script, make a request or navigate: restore the page from version control (git checkout -- %s)", p, doc.Path)
		}
		return nil, errs
	}
	if !bytes.Equal(page, built) {
		notes.Warnings.Add(diag.Pos{Path: doc.Path}, "warning: version %d (%s, published %s) as built now differs from its frozen page, as the layouts or the stylesheet have changed since it was published; the frozen page is served unchanged, the one members received",
			v.Number, strings.ToLower(v.Label), v.Date.Format(model.DateLayout))
	}
	return page, nil
}

// anyBroken reports whether any of the datasets ids has mistakes of its
// own (Options.Broken).
func (r *renderer) anyBroken(ids []string) bool {
	return r.opts.Broken != nil && slices.ContainsFunc(ids, r.opts.Broken)
}

// covers says what a fingerprint is made of, for the officer to look
// for what changed: see fingerprint.
func covers(datasets []string) string {
	s := "the fingerprint covers the meeting's details, letters, agenda items and reports, the committee's name and members"
	switch n := len(datasets); {
	case n == 0:
		return s
	case n <= 3:
		return s + ", and the datasets " + strings.Join(datasets, ", ")
	default:
		return fmt.Sprintf("%s, and the datasets %s and %d more", s, strings.Join(datasets[:3], ", "), n-3)
	}
}

// inherited says which of the meeting's details come from its committee's
// file, where a change reaches every meeting that takes them.
func inherited(m *model.Meeting) string {
	if len(m.Inherited) == 0 {
		return ""
	}
	return fmt.Sprintf("; the meeting takes its %s from data/committees/%s.yaml, where a change changes it too (write them into meeting.md as they were published)",
		andList(m.Inherited), m.Committee.Slug)
}

// andList joins words as a sentence lists them: "a", "a and b", "a, b and c".
func andList(words []string) string {
	if len(words) < 2 {
		return strings.Join(words, "")
	}
	return strings.Join(words[:len(words)-1], ", ") + " and " + words[len(words)-1]
}

// municipalYear is a council's year, May to April: "2017/18".
type municipalYear struct {
	Label    string
	Meetings []meetingRecord
}

type meetingRecord struct {
	Meeting  *model.Meeting
	Link     string // the meeting's page, relative to the page showing it
	Minutes  string // its minutes' page, likewise; "" when it has none
	Versions []versionLink
	// Members is its membership, with attendance when its minutes are
	// published.
	Members meetingMembers
}

// meetingMembers is a committee's membership at one of its meetings, as
// the committee's page shows it: listed, or, when it is the same as at
// the last meeting before that listed it and this meeting has no
// published minutes, a pointer to that list.
type meetingMembers struct {
	ID   string // the list's fragment id on the committee's page
	Same *model.Meeting
	// SameID is Same's list's fragment id.
	SameID string
	Groups []memberGroup
	// Example says the attendance is from example minutes, written to
	// show Briefing, not the council's record: the page says so.
	Example bool
}

// memberGroup is a heading and its members: "Members", or, from the
// minutes, those present, those who sent apologies, those absent.
type memberGroup struct {
	Label   string
	Members []memberStanding
}

type memberStanding struct {
	memberLink
	Substitute string // who attended in the member's place
}

// memberships gives each of c's meetings its membership (meetingMembers),
// the members linked to their pages (under root) when c has published
// minutes.
func memberships(c *model.Committee, records map[*model.Meeting][]Version, root string) map[*model.Meeting]meetingMembers {
	pages := committeeMinutes(c, records)
	out := map[*model.Meeting]meetingMembers{}
	var listed *model.Meeting                       // the last meeting whose members are listed
	for _, m := range slices.Backward(c.Meetings) { // oldest first
		mm := meetingMembers{ID: "members-" + m.Slug()}
		minutes := hasMinutes(m, records)
		if !minutes && listed != nil && slices.Equal(listed.Members, m.Members) {
			mm.Same, mm.SameID = listed, out[listed].ID
			out[m] = mm
			continue
		}
		listed = m
		groups := []memberGroup{{Label: "Members"}}
		if minutes {
			groups = []memberGroup{{Label: "Members present"}, {Label: "Apologies"}, {Label: "Absent"}}
			mm.Example = m.Minutes.Example
		}
		var standing func(string) (model.Attendance, string)
		if minutes {
			standing = m.Minutes.Standings()
		}
		for _, mem := range m.Members {
			st := memberStanding{memberLink: memberLink{Member: mem}}
			if pages {
				st.Link = root + MemberPath(mem.ID)
			}
			g := 0
			if minutes {
				var a model.Attendance
				a, st.Substitute = standing(mem.ID)
				g = map[model.Attendance]int{model.Present: 0, model.Apologies: 1, model.Substituted: 1, model.Absent: 2}[a]
			}
			groups[g].Members = append(groups[g].Members, st)
		}
		for _, g := range groups {
			if len(g.Members) > 0 {
				mm.Groups = append(mm.Groups, g)
			}
		}
		out[m] = mm
	}
	return out
}

type versionLink struct {
	Version
	Link string // relative to the page showing it
}

// YearOf is the municipal year a date falls in: May to April.
func YearOf(t time.Time) string {
	y := t.Year()
	if t.Month() < time.May {
		y--
	}
	return fmt.Sprintf("%d/%02d", y, (y+1)%100)
}

// archive groups a committee's meetings, newest first, by municipal year,
// with links relative to page.
func (r *renderer) archive(c *model.Committee, records map[*model.Meeting][]Version, page string) []municipalYear {
	root := strings.Repeat("../", strings.Count(page, "/"))
	var out []municipalYear
	members := memberships(c, records, root)
	for _, m := range c.Meetings {
		y := YearOf(m.Date)
		if len(out) == 0 || out[len(out)-1].Label != y {
			out = append(out, municipalYear{Label: y})
		}
		rec := meetingRecord{Meeting: m, Link: root + PackPath(m), Members: members[m]}
		if hasMinutes(m, records) {
			rec.Minutes = root + MinutesPath(m)
		}
		for _, v := range records[m] {
			rec.Versions = append(rec.Versions, versionLink{v, root + v.Path})
		}
		out[len(out)-1].Meetings = append(out[len(out)-1].Meetings, rec)
	}
	return out
}

type indexView struct {
	common
	Committees []yearView
}

type committeeView struct {
	common
	Committee *model.Committee
	Years     []municipalYear
	// MembersAsAt is the date the membership reflects (membersAsAt),
	// zero when there is none; ByMeeting says it is the latest
	// meeting's.
	MembersAsAt time.Time
	ByMeeting   bool
	// MemberPages says its members have pages to link to: it has
	// published minutes (committeeMinutes).
	MemberPages bool
}

// membersAsAt is the date c's membership reflects: the committee file's
// members_as_at, else the date of its latest meeting in the build, else
// none. Never the build's own date, so that a build stays reproducible.
func membersAsAt(c *model.Committee) (at time.Time, byMeeting bool) {
	if !c.MembersAsAt.IsZero() {
		return c.MembersAsAt, false
	}
	if len(c.Meetings) > 0 {
		return c.Meetings[0].Date, true // newest first
	}
	return time.Time{}, false
}

// yearView is a committee and its meetings by municipal year.
type yearView struct {
	Committee *model.Committee
	Years     []municipalYear
}

// Version is one published version of a meeting's papers.
type Version struct {
	Number      int       // 1 for the original pack
	Date        time.Time // published
	Label       string    // "Original pack" or "Supplement 1"
	Path        string    // its own file, relative to the output folder
	SHA256      string    // of that file: the approval record
	Fingerprint string    // of its source, to record once it is published
	Recorded    bool      // the source records Fingerprint
	Frozen      bool      // the site keeps its page as published (model.Frozen)
	// Notice is the notice it gave: clear days before the meeting, and
	// the reason it is late when it is.
	Notice model.Notice
	// Data are the CSV files of its tables and figures, beside its file
	// (DataPath) and, for the latest version, beside the meeting's own.
	Data []DataFile
}

// VersionPath is where version v (1, 2, …) of a meeting's pack goes.
func VersionPath(m *model.Meeting, v int) string { return model.VersionPath(m, v) }

// versions lists a meeting's versions, without their hashes.
func versions(m *model.Meeting) []Version {
	out := []Version{{Number: 1, Date: m.LetterDate, Label: "Original pack", Path: VersionPath(m, 1), Notice: m.Notice}}
	for _, s := range m.Supplements {
		out = append(out, Version{Number: s.Number + 1, Date: s.Date, Label: fmt.Sprintf("Supplement %d", s.Number), Path: VersionPath(m, s.Number+1), Notice: s.Notice})
	}
	return out
}
