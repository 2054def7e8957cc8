package render

import (
	"bytes"
	"fmt"
	"html/template"
	"slices"
	"time"

	"github.com/briefing/briefing/internal/markdown"
	"github.com/briefing/briefing/internal/model"
)

// MinutesPath is where a meeting's minutes go: beside its pack, never in
// it, so that the pack's published versions stay as they were.
func MinutesPath(m *model.Meeting) string {
	return m.Committee.Slug + "/" + m.Slug() + "/minutes/index.html"
}

// MinutesVersionPath is where version v (1, 2) of a meeting's minutes
// goes: v1 the draft minutes as first published, v2 the approved
// minutes. MinutesPath is always the latest.
func MinutesVersionPath(m *model.Meeting, v int) string {
	return fmt.Sprintf("%s/%s/minutes/v%d/index.html", m.Committee.Slug, m.Slug(), v)
}

// MemberPath is where a member's page goes.
func MemberPath(id string) string { return "members/" + id + "/index.html" }

// hasMinutes reports whether the meeting's minutes are published: it has
// minutes and its packs were rendered.
func hasMinutes(m *model.Meeting, records map[*model.Meeting][]Version) bool {
	return m.Minutes != nil && m.Status == model.Published && len(records[m]) > 0
}

// committeeMinutes reports whether any of c's meetings has published
// minutes: only then do its members get pages, and its page link to
// them, so that a site without minutes builds as it did before them.
func committeeMinutes(c *model.Committee, records map[*model.Meeting][]Version) bool {
	return slices.ContainsFunc(c.Meetings, func(m *model.Meeting) bool { return hasMinutes(m, records) })
}

type minutesView struct {
	common
	Meeting *model.Meeting
	Minutes *model.Minutes
	Pack    string // the pack's page, relative to the minutes
	// Version is the version this page shows; Versions are every
	// version, oldest first, with their pages.
	Version  minutesVersionView
	Versions []minutesVersionView
	// Status is what the version is, as each printed page's running
	// header says it: "Draft minutes", "Draft minutes (superseded)",
	// "Approved minutes" or "Unfinished minutes".
	Status string
	// Approved is the approved version's page once there is one, and
	// ApprovedBy the approving meeting's minutes, "" when they are not
	// published.
	Approved, ApprovedBy string
	// Approves is the page of the minutes these approved, or "".
	Approves string
	// Present, Apologies and Absent are members, as the meeting lists
	// them.
	Present, Apologies, Absent []memberLink
	Substitutes                []substituteView
	Items                      []minutesItemView
	Body                       template.HTML
}

type memberLink struct {
	model.Member
	Link string
}

type substituteView struct {
	Name string
	For  memberLink
}

type minutesItemView struct {
	Item         *model.Item
	Declarations []declarationView
	Resolutions  []string
	Approves     string    // the approved minutes' page, or ""
	ApprovesOn   time.Time // the date of the meeting whose minutes it approved
	CallIn       *model.CallIn
	// Late is the late publication of the item's paper, nil when it was
	// not late; Urgency why the chair took it nonetheless.
	Late    *model.LatePaper
	Urgency string
}

// minutesVersionView is a version of the minutes with its page,
// relative to the page showing it.
type minutesVersionView struct {
	model.MinutesVersion
	Link string
}

type declarationView struct {
	Member   memberLink
	Interest string
}

// minutesPages renders each version of a meeting's minutes at its own
// page (MinutesVersionPath), and the latest again at MinutesPath, as the
// packs are.
func (r *renderer) minutesPages(m *model.Meeting, records map[*model.Meeting][]Version, e *emitter) error {
	vs := m.Minutes.Versions()
	for i, v := range vs {
		page := MinutesVersionPath(m, v.Number)
		data, err := r.minutes(m, i, page, records)
		if err != nil {
			return err
		}
		if err := e.page("minutes.html", page, data); err != nil {
			return err
		}
		if i == len(vs)-1 {
			if data, err = r.minutes(m, i, MinutesPath(m), records); err != nil {
				return err
			}
			if err := e.page("minutes.html", MinutesPath(m), data); err != nil {
				return err
			}
		}
	}
	return nil
}

// approvedPage is the page of the approved minutes of m, which a later
// meeting approved.
func approvedPage(m *model.Meeting) string { return MinutesVersionPath(m, 2) }

// minutes renders version v (an index into Minutes.Versions) of a
// meeting's minutes, for the page at page.
func (r *renderer) minutes(m *model.Meeting, ver int, page string, records map[*model.Meeting][]Version) ([]byte, error) {
	c := r.common(page)
	min := m.Minutes
	byID := map[string]memberLink{}
	for _, mem := range m.Members {
		byID[mem.ID] = memberLink{mem, c.Root + MemberPath(mem.ID)}
	}
	links := func(ids []string) []memberLink {
		out := make([]memberLink, len(ids))
		for i, id := range ids {
			out[i] = byID[id]
		}
		return out
	}
	v := minutesView{common: c, Meeting: m, Minutes: min, Pack: c.Root + PackPath(m),
		Present: links(min.Present), Apologies: links(min.Apologies), Absent: links(min.Absent)}
	for _, mv := range min.Versions() {
		v.Versions = append(v.Versions, minutesVersionView{mv, c.Root + MinutesVersionPath(m, mv.Number)})
	}
	v.Version = v.Versions[ver]
	switch {
	case min.Unfinished:
		v.Status = "Unfinished minutes"
	case v.Version.Approved:
		v.Status = "Approved minutes"
	case min.ApprovedBy != nil:
		v.Status = "Draft minutes (superseded)"
	default:
		v.Status = "Draft minutes"
	}
	if by := min.ApprovedBy; by != nil {
		v.Approved = c.Root + approvedPage(m)
		if hasMinutes(by, records) {
			v.ApprovedBy = c.Root + MinutesPath(by)
		}
	}
	if min.Approves != nil && hasMinutes(min.Approves, records) {
		v.Approves = c.Root + approvedPage(min.Approves)
	}
	for _, s := range min.Substitutes {
		v.Substitutes = append(v.Substitutes, substituteView{s.Name, byID[s.For]})
	}
	recorded := map[int]model.MinutesItem{}
	for _, it := range min.Items {
		recorded[it.Number] = it
	}
	late := map[*model.Item]*model.LatePaper{}
	lps := m.LatePapers()
	for i := range lps { // one to an item
		late[lps[i].Item] = &lps[i]
	}
	for _, it := range m.Agenda {
		if it.Draft {
			continue
		}
		rec := recorded[it.Number]
		iv := minutesItemView{Item: it, Resolutions: rec.Resolutions, CallIn: rec.CallIn, Urgency: rec.Urgency, Late: late[it]}
		for _, d := range rec.Declarations {
			iv.Declarations = append(iv.Declarations, declarationView{byID[d.Member], d.Interest})
		}
		if !rec.Approves.IsZero() && min.Approves != nil {
			iv.Approves, iv.ApprovesOn = v.Approves, min.Approves.Date
		}
		v.Items = append(v.Items, iv)
	}
	src, err := r.source(min.Doc)
	if err != nil {
		return nil, fmt.Errorf("render minutes %s: %w", m.Slug(), err)
	}
	doc := min.Doc
	doc.Source = src
	res, err := markdown.Convert(doc, markdown.Options{Level: 1, FootnotePrefix: "minutes-"})
	if err != nil {
		return nil, err
	}
	var body bytes.Buffer
	for _, s := range res.Segments {
		body.Write(s.HTML)
	}
	v.Body = template.HTML(body.String())
	data, _, err := r.page("minutes.html", v, body.Len())
	return data, err
}

// source is the text of a document, read again if the site let it go.
func (r *renderer) source(doc model.Doc) ([]byte, error) {
	if doc.Source != nil || r.opts.Source == nil {
		return doc.Source, nil
	}
	return r.opts.Source(doc)
}

type memberView struct {
	common
	Record   *model.MemberRecord
	Meetings []memberMeeting
	Decls    []memberDecl
	// Example and AllExample say whether some or all of the minutes the
	// record is computed from are example minutes.
	Example, AllExample bool
	// Drafts is how many of the minutes the record is computed from are
	// still draft minutes, subject to approval.
	Drafts int
	// Committees are the member's committees with their office on each
	// ("Chair", "Deputy Chair", or "" for a member), as the committee
	// files give it.
	Committees []memberCommittee
}

type memberCommittee struct {
	*model.Committee
	Role string
}

// draftMinutes reports whether m's minutes are still draft minutes,
// subject to approval, as their own page says.
func draftMinutes(m *model.Meeting) bool { return m.Minutes.ApprovedBy == nil }

type memberMeeting struct {
	model.MeetingAttendance
	Minutes string
}

// Draft reports whether the meeting's minutes are still draft minutes.
func (m memberMeeting) Draft() bool { return draftMinutes(m.Meeting) }

type memberDecl struct {
	model.MemberDeclaration
	Minutes string
}

// Draft reports whether the declaration's minutes are still draft
// minutes.
func (d memberDecl) Draft() bool { return draftMinutes(d.Meeting) }

// memberPages renders a page for each member of a committee with
// published minutes, from those minutes. Members of committees without
// minutes get none: it would say nothing.
func (r *renderer) memberPages(site *model.Site, records map[*model.Meeting][]Version, e *emitter) error {
	withMinutes := map[*model.Committee]bool{}
	for _, c := range site.Committees {
		withMinutes[c] = committeeMinutes(c, records)
	}
	for _, rec := range model.MemberRecords(site.Committees) {
		if !slices.ContainsFunc(rec.Committees, func(c *model.Committee) bool { return withMinutes[c] }) {
			continue
		}
		page := MemberPath(rec.ID)
		c := r.common(page)
		shown := *rec
		shown.Meetings = nil
		v := memberView{common: c, Record: &shown}
		for _, cm := range rec.Committees {
			mc := memberCommittee{Committee: cm}
			if i := slices.IndexFunc(cm.Members, func(m model.Member) bool { return m.ID == rec.ID }); i >= 0 {
				mc.Role = cm.Members[i].Role.Title()
			}
			v.Committees = append(v.Committees, mc)
		}
		for _, a := range rec.Meetings {
			if hasMinutes(a.Meeting, records) {
				shown.Meetings = append(shown.Meetings, a)
				v.Meetings = append(v.Meetings, memberMeeting{a, c.Root + MinutesPath(a.Meeting)})
			}
		}
		v.AllExample = len(v.Meetings) > 0
		for _, mm := range v.Meetings {
			v.Example = v.Example || mm.Meeting.Minutes.Example
			v.AllExample = v.AllExample && mm.Meeting.Minutes.Example
			if mm.Draft() {
				v.Drafts++
			}
		}
		for _, d := range rec.Declarations {
			if hasMinutes(d.Meeting, records) {
				v.Decls = append(v.Decls, memberDecl{d, c.Root + MinutesPath(d.Meeting)})
			}
		}
		data, _, err := r.page("member.html", v, 0)
		if err != nil {
			return err
		}
		if err := e.page("member.html", page, data); err != nil {
			return err
		}
	}
	return nil
}
