package load

import (
	"fmt"
	"path"
	"slices"
	"strings"
	"time"
	"unicode"

	"github.com/briefing/briefing/internal/diag"
	"github.com/briefing/briefing/internal/markdown"
	"github.com/briefing/briefing/internal/model"
	"golang.org/x/text/unicode/norm"
)

// minutesFile is the front matter of a meeting's minutes.md: who
// attended and what each agenda item recorded. Members are named by
// their id or their exact name as the committee's file (or the
// meeting's members) gives it.
type minutesFile struct {
	Published   date              `yaml:"published" required:"true"`
	Present     []memberRef       `yaml:"present" required:"key"`
	Apologies   []memberRef       `yaml:"apologies"`
	Absent      []memberRef       `yaml:"absent"`
	Substitutes []substituteEntry `yaml:"substitutes"`
	Officers    []attendeeEntry   `yaml:"officers"`
	Guests      []attendeeEntry   `yaml:"guests"`
	Items       []minutesItem     `yaml:"items"`
	Example     bool              `yaml:"example"`
	Unfinished  bool              `yaml:"unfinished"`
}

type substituteEntry struct {
	Name string    `yaml:"name" required:"true"`
	For  memberRef `yaml:"for" required:"true"`
}

type minutesItem struct {
	At           diag.Pos
	Item         itemRef            `yaml:"item" required:"true"`
	Declarations []declarationEntry `yaml:"declarations"`
	Resolutions  []prose            `yaml:"resolutions"`
	Approves     date               `yaml:"approves"`
	CallIn       callInEntry        `yaml:"call_in"`
	Urgency      prose              `yaml:"urgency"`
}

// callInEntry marks an item's resolutions as a decision that can be
// called in, published on a day; At.Line is 0 when the item has none.
type callInEntry struct {
	At        diag.Pos
	Published date `yaml:"published" required:"true"`
}

type declarationEntry struct {
	Member   memberRef `yaml:"member" required:"true"`
	Interest prose     `yaml:"interest" required:"true"`
}

// memberRef names a member in the minutes, by id or exact name.
type memberRef struct {
	Name string
	At   diag.Pos
}

func (r *memberRef) decodeScalar(s string, at diag.Pos) error {
	r.Name, r.At = s, at
	return nil
}

// approval is a minutes item that approves an earlier meeting's
// minutes, checked once all the committee's meetings are read.
type approval struct {
	by  *model.Meeting
	day date
}

// How long after a meeting its minutes and its decisions may be dated
// published. Minutes come out weeks after the meeting and decisions days
// after it; a date years later is a slip of the year (2108 for 2018),
// which would date the record, and a decision's call-in period, to then.
// The bounds are generous: minutes delayed by a dispute or a decision
// published late are still far inside them.
const (
	maxMinutesYears  = 2
	maxDecisionYears = 1
)

// LatestMinutes is the last day minutes of a meeting on day may be
// published (maxMinutesYears after it), for briefing new minutes.
func LatestMinutes(day time.Time) time.Time { return day.AddDate(maxMinutesYears, 0, 0) }

// minutesName is the file of a meeting's minutes, in its folder.
const minutesName = "minutes.md"

// minutes reads the meeting's minutes.md, if its folder has one.
func (l *loader) minutes(m *model.Meeting, dir string, used owners) {
	if _, ok := l.folder(dir).entries[minutesName]; !ok {
		return
	}
	name := path.Join(dir, minutesName)
	if !l.claim(used, minutesName, "the meeting's minutes", diag.Pos{Path: name}) {
		return
	}
	data, _, ok := l.readIn(dir, minutesName)
	if !ok {
		return
	}
	at := diag.Pos{Path: name, Line: 1, Col: 1}
	if m.Status != model.Published {
		l.errs.Add(at, "the meeting is a draft, so it has no minutes to publish; publish its papers first (status: published in meeting.md)")
		return
	}
	fm, _, lineOffset, err := splitFrontMatter(data)
	if err != nil {
		l.errs.Add(at, "%s", strings.ReplaceAll(err.Error(), "meeting's details", "attendance and items"))
		return
	}
	l.errs = append(l.errs, markdown.StrayNotes(model.Doc{Path: name, Source: data})...)
	var f minutesFile
	before := len(l.errs)
	decodeYAML(name, lineOffset, fm, &f, &l.errs)
	if len(l.errs) > before {
		return
	}
	min := &model.Minutes{Doc: model.Doc{Path: name, SHA256: hash(data)}, Example: f.Example, Unfinished: f.Unfinished, Published: f.Published.Time}
	switch {
	case f.Published.Before(m.Date):
		l.errs.Add(f.Published.At, "published: %s is before the meeting on %s; minutes are published after the meeting they record", f.Published.Format(time.DateOnly), m.Slug())
	case f.Published.After(m.Date.AddDate(maxMinutesYears, 0, 0)):
		l.errs.Add(f.Published.At, "published: %s is more than %d years after the meeting on %s; give the day the minutes were first published (weeks after the meeting, not years): check the year", f.Published.Format(time.DateOnly), maxMinutesYears, m.Slug())
	}
	r := newRefs(l, m)
	min.Present = r.attendance(f.Present, "present")
	min.Apologies = r.attendance(f.Apologies, "apologies")
	min.Absent = r.attendance(f.Absent, "absent")
	present := map[string]bool{}
	for _, id := range min.Present {
		present[id] = true
	}
	substituted := map[string]diag.Pos{}
	for i, s := range f.Substitutes {
		id, ok := r.member(s.For)
		if !ok {
			continue
		}
		first, dup := substituted[id]
		switch {
		case present[id]:
			l.errs.Add(s.For.At, "substitutes[%d].for: %s is recorded as present; a substitute attends in place of a member who is not", i, s.For.Name)
		case dup:
			l.errs.Add(s.For.At, "substitutes[%d].for: %s already has a substitute at line %d; one person attends in a member's place, so give each member one substitute", i, s.For.Name, first.Line)
		default:
			substituted[id] = s.For.At
			min.Substitutes = append(min.Substitutes, model.Substitute{Name: s.Name, For: id})
		}
	}
	for _, mem := range m.Members {
		if _, ok := r.seen[mem.ID]; !ok {
			l.errs.Add(at, "the minutes do not record %s (%s); list every member under present, apologies or absent", mem.Name, mem.ID)
		}
	}
	for _, a := range f.Officers {
		min.Officers = append(min.Officers, model.Attendee{Name: a.Name, Role: a.Role})
	}
	for _, a := range f.Guests {
		min.Guests = append(min.Guests, model.Attendee{Name: a.Name, Role: a.Role})
	}
	min.Items = r.items(f.Items, present)
	m.Minutes = min
}

// refs resolves the members the minutes name. The meeting's members are
// indexed once, so that resolving each name costs the same however many
// members there are, and only the first few names that match nobody get
// a "did you mean" search of them all (diag.Names).
type refs struct {
	l     *loader
	m     *model.Meeting
	byRef map[string]string   // id or exact name: the member's id
	names *diag.Names         // ids and names, built at the first miss
	seen  map[string]diag.Pos // ids recorded in attendance, where
}

func newRefs(l *loader, m *model.Meeting) refs {
	r := refs{l: l, m: m, byRef: make(map[string]string, 2*len(m.Members)), names: &diag.Names{Label: "members"}, seen: map[string]diag.Pos{}}
	// The first member a name or id fits wins, as when they were
	// searched in order.
	for _, mem := range m.Members {
		for _, k := range []string{mem.ID, mem.Name} {
			if _, ok := r.byRef[k]; !ok {
				r.byRef[k] = mem.ID
			}
		}
	}
	return r
}

// member is the id of the member ref names, or a reported mistake.
func (r refs) member(ref memberRef) (string, bool) {
	if id, ok := r.byRef[ref.Name]; ok {
		return id, true
	}
	if r.names.List == nil {
		r.names.List = make([]string, 0, 2*len(r.m.Members))
		for _, mem := range r.m.Members {
			r.names.List = append(r.names.List, mem.ID, mem.Name)
		}
	}
	r.l.errs.Add(ref.At, "%q is not a member of %s at this meeting%s; name a member by id or exact name, and list anyone else under substitutes or guests",
		ref.Name, r.m.Committee.Name, r.names.Suggest(ref.Name))
	return "", false
}

// attendance resolves one list of attendance, key, each member once.
func (r refs) attendance(list []memberRef, key string) []string {
	var ids []string
	for _, ref := range list {
		id, ok := r.member(ref)
		if !ok {
			continue
		}
		if first, dup := r.seen[id]; dup {
			r.l.errs.Add(ref.At, "%s: %s is already recorded at line %d; record each member once", key, ref.Name, first.Line)
			continue
		}
		r.seen[id] = ref.At
		ids = append(ids, id)
	}
	return ids
}

// items resolves what the minutes record under each agenda item. An
// exempt item's record keeps only its number: the public minutes give
// its title and the reason, nothing of what was said or resolved.
func (r refs) items(entries []minutesItem, present map[string]bool) []model.MinutesItem {
	agenda := map[int]*model.Item{}
	var numbers []string
	for _, it := range r.m.Agenda {
		agenda[it.Number] = it
		numbers = append(numbers, fmt.Sprint(it.Number))
	}
	var out []model.MinutesItem
	seen := map[int]diag.Pos{}
	late := map[*model.Item]bool{}
	for _, lp := range r.m.LatePapers() {
		late[lp.Item] = true
	}
	for i, e := range entries {
		n := e.Item.N
		it := agenda[n]
		if it == nil {
			r.l.errs.Add(e.Item.At, "items[%d].item: the agenda has no item %d (it has %s); record each item under its agenda number", i, n, oneOf(numbers))
			continue
		}
		if first, dup := seen[n]; dup {
			r.l.errs.Add(e.Item.At, "items[%d].item: item %d is already recorded at line %d; record each item once", i, n, first.Line)
			continue
		}
		seen[n] = e.Item.At
		mi := model.MinutesItem{Number: n, At: model.Pos(e.At)}
		for j, d := range e.Declarations {
			id, ok := r.member(d.Member)
			if !ok {
				continue
			}
			if !present[id] {
				r.l.errs.Add(d.Member.At, "items[%d].declarations[%d]: %s is not recorded as present; only a member at the meeting declares an interest", i, j, d.Member.Name)
				continue
			}
			mi.Declarations = append(mi.Declarations, model.Declaration{Member: id, Interest: string(d.Interest)})
		}
		for _, res := range e.Resolutions {
			mi.Resolutions = append(mi.Resolutions, string(res))
		}
		if c := e.CallIn; c.At.Line != 0 {
			switch {
			case len(e.Resolutions) == 0:
				r.l.errs.Add(c.At, "items[%d].call_in: item %d records no resolutions; a call-in period belongs to a decision, so write it under resolutions", i, n)
			case c.Published.Before(r.m.Date):
				r.l.errs.Add(c.Published.At, "items[%d].call_in.published: %s is before the meeting on %s; a decision is published after it is made", i, c.Published.Format(time.DateOnly), r.m.Slug())
			case c.Published.After(r.m.Date.AddDate(maxDecisionYears, 0, 0)):
				r.l.errs.Add(c.Published.At, "items[%d].call_in.published: %s is more than a year after the meeting on %s; give the day the decision was published (days after the meeting, not years): check the year", i, c.Published.Format(time.DateOnly), r.m.Slug())
			default:
				deadline, takes := r.l.calendar.CallIn(c.Published.Time, r.l.callInDays)
				mi.CallIn = &model.CallIn{Published: c.Published.Time, Deadline: deadline, TakesEffect: takes, Days: r.l.callInDays}
			}
		}
		if !e.Approves.IsZero() {
			mi.Approves = e.Approves.Time
			r.l.approvals = append(r.l.approvals, approval{r.m, e.Approves})
		}
		if e.Urgency != "" {
			if !late[it] {
				r.l.errs.Add(e.At, "items[%d].urgency: item %d's paper was not late (no publication of it gave fewer than %d clear days), so there were no special circumstances to record; remove urgency:", i, n, r.l.clearDays)
			}
			mi.Urgency = string(e.Urgency)
		}
		if it.Exempt != "" {
			// Private business: nothing said reaches the model, but a
			// decision's call-in period is public.
			mi = model.MinutesItem{Number: n, At: mi.At, CallIn: mi.CallIn}
		}
		out = append(out, mi)
	}
	slices.SortFunc(out, func(a, b model.MinutesItem) int { return a.Number - b.Number })
	return out
}

// approve links each minutes item that approves an earlier meeting's
// minutes to them: the meeting must be the committee's, earlier, and
// have minutes not approved already. It is called once the committee's
// meetings are read, and takes their approvals off the list, so that
// each is looked at once however many committees there are.
func (l *loader) approve(c *model.Committee) {
	defer func() {
		l.approvals = slices.DeleteFunc(l.approvals, func(a approval) bool { return a.by.Committee == c })
	}()
	byDay := map[time.Time]*model.Meeting{}
	for _, m := range c.Meetings {
		byDay[m.Date] = m
	}
	for _, a := range l.approvals {
		if a.by.Committee != c {
			continue
		}
		day := a.day.Format(time.DateOnly)
		prev := byDay[a.day.Time]
		switch {
		case !a.day.Before(a.by.Date):
			l.errs.Add(a.day.At, "approves: %s is not before this meeting; minutes approve an earlier meeting's", day)
		case prev == nil:
			l.errs.Add(a.day.At, "approves: %s held no meeting on %s; name the date of the meeting whose minutes were approved", c.Name, day)
		case prev.Minutes == nil:
			l.errs.Add(a.day.At, "approves: the meeting on %s has no minutes (content/%s/%s/%s); add them", day, c.Slug, day, minutesName)
		case prev.Minutes.Unfinished:
			l.errs.Add(a.day.At, "approves: the minutes of %s are unfinished (unfinished: true in content/%s/%s/%s); finish and publish them before a meeting approves them", day, c.Slug, day, minutesName)
		case prev.Minutes.Published.After(a.by.Date):
			l.errs.Add(a.day.At, "approves: the minutes of %s were published on %s, after this meeting on %s; a meeting approves minutes already published to its members", day, prev.Minutes.Published.Format(time.DateOnly), a.by.Slug())
		case prev.Minutes.ApprovedBy != nil:
			l.errs.Add(a.day.At, "approves: the minutes of %s are approved already, at the meeting on %s", day, prev.Minutes.ApprovedBy.Slug())
		default:
			// An approval is an item of a.by's minutes, which are read.
			prev.Minutes.ApprovedBy = a.by
			a.by.Minutes.Approves = prev
		}
	}
}

// maxMemberID is the longest a member's id may be: it is a folder name
// in the built archive (members/<id>/), and a file system refuses long
// ones.
const maxMemberID = 64

// memberID makes a member's id from their name when the committee's file
// gives none: "Councillor R Brown" is councillor-r-brown. A letter with
// a diacritic is its base letter (Şahin is sahin, Zoë is zoe), so that
// two people's names never make one id by losing letters; letters and
// digits that do not fold to a-z or 0-9 (李, ß, ø) are returned in
// unfolded, and the member needs an id of their own.
func memberID(name string) (id string, unfolded []rune) {
	var b strings.Builder
	dash := false
	for _, r := range norm.NFD.String(name) {
		switch lower := unicode.ToLower(r); {
		case unicode.Is(unicode.Mn, r):
			// a diacritic of the letter before it: dropped
		case lower >= 'a' && lower <= 'z' || r >= '0' && r <= '9':
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			b.WriteRune(lower)
			dash = false
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			unfolded = append(unfolded, r)
			dash = true
		default:
			dash = true
		}
	}
	return b.String(), unfolded
}
