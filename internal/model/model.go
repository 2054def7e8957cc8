// Package model holds Briefing's domain types: the site, its committees,
// their meetings and each meeting's agenda. Load produces a Site; every later
// stage reads it. The package imports nothing but the standard library.
package model

import (
	"fmt"
	"slices"
	"time"
)

// How council papers write dates, for time.Format.
const (
	DateLayout     = "2 January 2006"        // 12 March 2018
	LongDateLayout = "Monday 2 January 2006" // Monday 12 March 2018
	MonthLayout    = "January 2006"          // March 2018
	StampLayout    = "2 January 2006, 15:04" // 9 March 2018, 04:00
)

// Site is everything one build works from. It holds what every meeting
// may need, and no more: a dataset's figures and a document's text are
// read when a pack asks for them (see DatasetFile and Doc), so that the
// site stays small however large the archive.
type Site struct {
	Settings   Settings
	Committees []*Committee            // sorted by name
	Datasets   map[string]*DatasetFile // by id
	// Unreadable are the ids of dataset files that could not be read at
	// all, and the folders under data/datasets that could not be listed
	// ("wmp2020/"; "" for data/datasets itself). Their mistakes are
	// reported; references to what they hold are not reported again (see
	// Unread).
	Unreadable map[string]bool
}

// Unread reports whether the dataset id may exist but could not be read:
// its file, or a folder that would hold it, is Unreadable.
func (s *Site) Unread(id string) bool {
	if s.Unreadable[id] || s.Unreadable[""] {
		return true
	}
	for i := range len(id) {
		if id[i] == '/' && s.Unreadable[id[:i+1]] {
			return true
		}
	}
	return false
}

// Docs returns the SHA-256 of every document of the site's meetings, by
// path: letters, reports and supplements' letters, drafts included.
func (s *Site) Docs() map[string]string {
	docs := map[string]string{}
	add := func(d *Doc) {
		if d != nil && d.SHA256 != "" {
			docs[d.Path] = d.SHA256
		}
	}
	for _, c := range s.Committees {
		for _, m := range c.Meetings {
			add(&m.Letter)
			for _, it := range m.Agenda {
				add(it.Report)
				for _, r := range it.Replacements {
					add(r.Report)
				}
			}
			for i := range m.Supplements {
				add(&m.Supplements[i].Letter)
			}
		}
	}
	return docs
}

// Settings are the council-wide values from data/site.yaml.
type Settings struct {
	Council     string
	Directorate string
	Address     []string
	Telephone   string
	BaseURL     string // absolute http(s) URL ending in "/", or empty
	Logo        *Asset // nil when the site has no logo
	// Accessibility is what the archive's accessibility statement says
	// besides what the build knows: whom to tell about a problem, and
	// when the statement was prepared and reviewed.
	Accessibility Accessibility
	// Notice is how much notice the site's papers must give.
	Notice NoticeSettings
}

// NoticeSettings are the site's rules for the notice papers give before a
// meeting (section 100B of the Local Government Act 1972).
type NoticeSettings struct {
	ClearDays int         // required clear days; 5 unless the site says
	Holidays  []time.Time // closures besides England and Wales bank holidays
	// CallInDays is the working days after a decision is published
	// during which it may be called in; 5 unless the site says.
	CallInDays int
}

// Notice is how much notice one publication of a meeting's papers gave:
// the clear days between its date and the meeting (internal/notice).
type Notice struct {
	ClearDays  int    // counted
	Required   int    // the site's notice.clear_days
	LateReason string // why it is late, as written; "" when none is given
	At         Pos    // where the publication is written, for warnings
}

// Given is the notice given, as words: "0 clear days", "1 clear day", …
func (n Notice) Given() string {
	if n.ClearDays == 1 {
		return "1 clear day"
	}
	return fmt.Sprintf("%d clear days", n.ClearDays)
}

// Late reports whether the publication gave less notice than required.
func (n Notice) Late() bool { return n.ClearDays < n.Required }

// Placeholders are the sentences briefing new writes in a new document
// for the officer to replace: a published document that still holds one
// is warned of.
var Placeholders = []string{"Write the report here.", "Write the recommendations here."}

// Accessibility are the site's settings for its accessibility statement;
// "" or the zero time where the site gives none.
type Accessibility struct {
	ContactEmail string
	ContactPhone string
	Prepared     time.Time
	Reviewed     time.Time
}

// Asset is a file that a pack carries inline, such as an image.
type Asset struct {
	Path      string // slash-separated, relative to the site folder
	MediaType string
	Data      []byte
}

// Committee is one committee and its meetings.
type Committee struct {
	Slug    string // from the file name; used in URLs
	Name    string
	Members []Member
	// MembersAsAt is the date Members reflects, as the committee's file
	// gives it; the zero time when it does not.
	MembersAsAt time.Time
	Meetings    []*Meeting // newest first
	// Defaults are what the committee's meetings take when their
	// meeting.md leaves a key out.
	Defaults MeetingDefaults
}

// MeetingDefaults are a committee's venue, time and contact for its
// meetings; "" or nil where the committee gives none.
type MeetingDefaults struct {
	Venue   string
	Time    string // "hh:mm"
	Contact *Contact
}

// Role is a member's office on a committee.
type Role string

// The roles a committee member can hold.
const (
	RoleChair       Role = "chair"
	RoleDeputyChair Role = "deputy-chair"
	RoleMember      Role = "member"
)

// Title is the role as printed after a member's name, or "" for a member.
func (r Role) Title() string {
	switch r {
	case RoleChair:
		return "Chair"
	case RoleDeputyChair:
		return "Deputy Chair"
	}
	return ""
}

// Member is one person on a committee.
type Member struct {
	// ID is the member's stable id, the address of their page
	// (members/<id>/): the committee file's id, or one made from the name
	// when it gives none.
	ID   string
	Name string
	Role Role
}

// Status says whether a meeting's pack may be published.
type Status string

// The statuses a meeting can have.
const (
	Draft     Status = "draft"
	Published Status = "published"
)

// Meeting is one meeting of a committee and its papers.
type Meeting struct {
	Committee  *Committee
	Date       time.Time // midnight UTC on the day of the meeting
	Title      string    // heading of the covering letter, such as "Additional Information"; may be empty
	Time       string    // "14:00"
	Venue      string
	Status     Status
	Reference  string
	LetterDate time.Time // midnight UTC
	Contact    Contact
	// Members is the committee's membership as this meeting's papers show
	// it: the meeting's own list when its front matter has one (so that a
	// published pack keeps the members it was sent with), else the
	// committee's.
	Members []Member
	// Inherited are the keys the meeting takes from its committee's file
	// ("venue", "time", "contact", "members"), in that order: a change
	// there changes the meeting's papers.
	Inherited []string
	Invited   []Attendee
	Letter    Doc // the covering letter's body
	Agenda    []*Item
	// Fingerprint is the recorded fingerprint of the original pack, and
	// Frozen its page as published.
	Fingerprint Recorded
	Frozen      Frozen
	// Notice is the original pack's: from letter_date to the meeting.
	Notice      Notice
	Supplements []Supplement
	// Minutes are the meeting's minutes (minutes.md), nil until the
	// officer adds them.
	Minutes *Minutes
}

// Versions is how many versions the meeting's papers have: the original
// and one for each supplement.
func (m *Meeting) Versions() int { return 1 + len(m.Supplements) }

// Slug is the meeting's folder name and URL segment, yyyy-mm-dd.
func (m *Meeting) Slug() string { return m.Date.Format(time.DateOnly) }

// Contact is the officer to contact about a meeting.
type Contact struct {
	Name, Role, Phone, Email string
}

// Attendee is someone invited to a meeting who is not a member.
type Attendee struct {
	Name, Role string
}

// Item is one agenda item.
type Item struct {
	Number      int
	Title       string
	Presenter   string
	Description string
	Pages       string // the page range printed on the agenda, such as "3 - 44"
	Report      *Doc   // nil when the item has no written report
	// Exempt is the reason an item is private business (such as
	// "Paragraph 3 of Schedule 12A to the Local Government Act 1972"): its
	// report never reaches public output.
	Exempt string
	Draft  bool // built only with --drafts
	// AddedBy is the supplement (1, 2, …) that added the item; 0 when the
	// original pack had it.
	AddedBy int
	// BroughtBy is the supplement that brings the item's report: earlier
	// versions list the item with its report "to follow". 0 when the
	// report came with the item.
	BroughtBy int
	// Replacements are later versions of the report, each from a
	// supplement.
	Replacements []Replacement
}

// Replacement is a report that a supplement puts in place of an item's.
type Replacement struct {
	Supplement int
	Report     *Doc
}

// ReportIn returns the item's report as it stands in version v (0 for the
// original pack, k after supplement k).
func (it *Item) ReportIn(v int) (doc *Doc, replacedBy int) {
	if it.ToFollow(v) {
		return nil, 0
	}
	doc = it.Report
	for _, r := range it.Replacements {
		if r.Supplement <= v {
			doc, replacedBy = r.Report, r.Supplement
		}
	}
	return doc, replacedBy
}

// ToFollow reports whether the item's report is still to follow in
// version v: a later supplement brings it.
func (it *Item) ToFollow(v int) bool { return it.BroughtBy > v }

// Supplement is a later publication of a meeting's papers: a covering
// letter and the items it adds or whose reports it replaces.
type Supplement struct {
	Number      int // 1, 2, …
	Date        time.Time
	Title       string
	Letter      Doc
	Fingerprint Recorded
	Frozen      Frozen
	Notice      Notice
}

// Recorded is a version's fingerprint as recorded in the source once the
// version was published: the build refuses to change what it records.
type Recorded struct {
	SHA256 string // hex; "" when none is recorded
	At     Pos
}

// Frozen is a version's page as it was published, kept in the site's
// published/ folder (FrozenPath) once its fingerprint is recorded, and
// served in place of the page a build makes now: the bytes members
// received, whatever the layouts and stylesheet have become.
type Frozen struct {
	// SHA256 is the page's SHA-256 as recorded in meeting.md
	// (`sha256:`), "" when none is.
	SHA256 Recorded
	// Page is the frozen file, read and found to have that SHA-256; nil
	// when there is none. Its Source is nil: it is read again, checked
	// against its SHA256, when the pack is made.
	Page *Doc
}

// FrozenPath is where a site keeps version v (1, 2, …) of meeting m's
// page as published, relative to the site folder: the page's own path
// in the output (its vN/index.html) under published/.
func FrozenPath(m *Meeting, v int) string { return "published/" + VersionPath(m, v) }

// VersionPath is where version v (1, 2, …) of meeting m's pack goes in
// the output.
func VersionPath(m *Meeting, v int) string {
	return fmt.Sprintf("%s/%s/v%d/index.html", m.Committee.Slug, m.Slug(), v)
}

// Doc is a markdown source. Front matter, if the file had any, is blanked
// to empty lines so that offsets in Source are offsets in the file.
//
// A loaded site does not keep its documents' text: Source is nil and
// SHA256 is the hash of the file as it was checked, so that the text read
// again when a pack needs it is known to be the same.
type Doc struct {
	Path   string // slash-separated, relative to the site folder
	Source []byte
	SHA256 string // hex, of the file read; "" when Source is the text
}

// Minutes are what a meeting recorded: who attended, who declared an
// interest, what was resolved. They are a document of their own beside
// the pack, whose versions they never change. Members are named by
// their ids (Member.ID).
type Minutes struct {
	Doc Doc // minutes.md, its body the minutes' own words
	// Published is the day the minutes were first published, as draft
	// minutes: the first version's date.
	Published time.Time
	Present   []string // ids of the members present
	Apologies []string // ids of the members who sent apologies
	Absent    []string // ids of the members absent without apologies
	// Substitutes are those who attended in place of a member.
	Substitutes []Substitute
	Officers    []Attendee
	Guests      []Attendee
	Items       []MinutesItem // in agenda order
	// ApprovedBy is the later meeting whose minutes approve these; nil
	// while they are draft minutes.
	ApprovedBy *Meeting
	// Approves is the earlier meeting whose minutes these approve, or nil.
	Approves *Meeting
	// Example marks minutes written to show the tool, not any real
	// meeting's record: the page says so.
	Example bool
	// Unfinished marks minutes still being written: checked, but
	// published only by a build with drafts, which says so.
	Unfinished bool
}

// Substitute is someone who attended in place of a member.
type Substitute struct {
	Name string
	For  string // the member's id
}

// MinutesItem is what the minutes record under one agenda item. For an
// exempt item the public minutes keep nothing but the number: the title
// and the reason are the agenda's.
type MinutesItem struct {
	At           Pos // the item's entry in minutes.md
	Number       int
	Declarations []Declaration
	Resolutions  []string
	// Approves is the date of the earlier meeting whose minutes this item
	// approved; the zero time when it approved none.
	Approves time.Time
	// CallIn is when the item's decision may be called in until, nil
	// when it is not a decision that can be.
	CallIn *CallIn
	// Urgency is the special circumstances for which the chair took the
	// item though its paper was late (section 100B(4)(b) of the Local
	// Government Act 1972), as the minutes record them; "" when none.
	Urgency string
}

// LatePaper is an agenda item whose paper a late publication brought:
// the item, and the publication's label, date and notice.
type LatePaper struct {
	Item   *Item
	Label  string // "Original pack", "Supplement 1"
	Date   time.Time
	Notice Notice
}

// LatePapers are the meeting's items whose papers were published with
// less notice than the site requires: those with a report in a late
// original pack, and those a late supplement added, brought the report
// of or replaced the report of; an item whose report a later supplement
// replaced in time is not late. Each item once, at its latest late
// publication.
func (m *Meeting) LatePapers() []LatePaper {
	late := map[*Item]LatePaper{}
	if m.Notice.Late() {
		for _, it := range m.Agenda {
			if it.AddedBy == 0 && it.BroughtBy == 0 && it.Report != nil {
				late[it] = LatePaper{it, "Original pack", m.LetterDate, m.Notice}
			}
		}
	}
	for _, s := range m.Supplements {
		for _, it := range m.Agenda {
			replaced := slices.ContainsFunc(it.Replacements, func(r Replacement) bool { return r.Supplement == s.Number })
			switch {
			case it.AddedBy != s.Number && it.BroughtBy != s.Number && !replaced:
			case s.Notice.Late():
				late[it] = LatePaper{it, fmt.Sprintf("Supplement %d", s.Number), s.Date, s.Notice}
			default:
				delete(late, it) // its paper as considered came in time
			}
		}
	}
	var out []LatePaper
	for _, it := range m.Agenda {
		if lp, ok := late[it]; ok {
			out = append(out, lp)
		}
	}
	return out
}

// CallIn is the call-in period of a published decision: it may be called
// in until the end of Deadline, the site's notice.call_in_days working
// days after it was published, and takes effect on TakesEffect unless it
// is.
type CallIn struct {
	Published, Deadline, TakesEffect time.Time
	Days                             int // the working days counted
}

// MinutesVersion is one published version of a meeting's minutes: the
// draft minutes as first published, then the approved minutes.
type MinutesVersion struct {
	Number   int // 1, 2
	Date     time.Time
	Approved bool
}

// ApprovedAt is the date of the meeting that approved the minutes; the
// zero time while they are draft minutes.
func (m *Minutes) ApprovedAt() time.Time {
	if m.ApprovedBy == nil {
		return time.Time{}
	}
	return m.ApprovedBy.Date
}

// Versions are the minutes' published versions: the draft minutes on
// Published, and once a later meeting approves them, the approved
// minutes on the day that meeting's minutes are published.
func (m *Minutes) Versions() []MinutesVersion {
	vs := []MinutesVersion{{Number: 1, Date: m.Published}}
	if m.ApprovedBy != nil {
		vs = append(vs, MinutesVersion{Number: 2, Date: m.ApprovedBy.Minutes.Published, Approved: true})
	}
	return vs
}

// Unapprove undoes the approval these minutes record of an earlier
// meeting's, when they are left out of a build (unfinished minutes):
// the approval is not published until they are.
func (m *Minutes) Unapprove() {
	if m.Approves != nil && m.Approves.Minutes != nil {
		m.Approves.Minutes.ApprovedBy = nil
	}
	m.Approves = nil
}

// Declaration is a member's declaration of an interest.
type Declaration struct {
	Member   string // id
	Interest string
}
