package render

import (
	"io"
	"maps"
	"slices"
	"time"

	"github.com/briefing/briefing/internal/jsonstream"
	"github.com/briefing/briefing/internal/model"
)

// Index is the shape of index.json.
type Index struct {
	Council    string           `json:"council"`
	BaseURL    string           `json:"base_url,omitempty"`
	Committees []IndexCommittee `json:"committees"`
	Datasets   []IndexDataset   `json:"datasets"`
}

// IndexCommittee is a committee in index.json.
type IndexCommittee struct {
	Slug    string        `json:"slug"`
	Name    string        `json:"name"`
	Path    string        `json:"path"`
	Members []IndexMember `json:"members"`
	// MembersAsAt is the date the committee's page says Members
	// reflects (yyyy-mm-dd): its file's members_as_at, else its latest
	// meeting's; absent when there is neither.
	MembersAsAt string         `json:"members_as_at,omitempty"`
	Meetings    []IndexMeeting `json:"meetings"`
}

// IndexMember is a committee member in index.json.
type IndexMember struct {
	Name string `json:"name"`
	Role string `json:"role"`
}

// IndexMeeting is a meeting in index.json.
type IndexMeeting struct {
	Date          string         `json:"date"`
	Time          string         `json:"time"`
	Venue         string         `json:"venue"`
	Status        string         `json:"status"`
	MunicipalYear string         `json:"municipal_year"`
	Path          string         `json:"path"`
	Items         []IndexItem    `json:"items"`
	Versions      []IndexVersion `json:"versions"`
	// Data are the CSV files beside the meeting's latest pack (Path): the
	// latest version's, under the meeting's own folder.
	Data []IndexData `json:"data"`
	// Minutes are the meeting's published minutes; absent until they
	// are published.
	Minutes *IndexMinutes `json:"minutes,omitempty"`
}

// IndexMinutes are a meeting's published minutes in index.json.
type IndexMinutes struct {
	Path      string `json:"path"`   // the latest version's page
	Status    string `json:"status"` // "draft" or "approved"
	Published string `json:"published"`
	// ApprovedAt is the date of the meeting that approved the minutes,
	// ApprovedBy the path of that meeting's minutes (absent while its
	// minutes are unpublished); both absent for draft minutes.
	ApprovedAt string `json:"approved_at,omitempty"`
	ApprovedBy string `json:"approved_by,omitempty"`
	// Example marks minutes written to show Briefing, not the
	// council's record (minutes.md's example: true).
	Example   bool                  `json:"example,omitempty"`
	Versions  []IndexMinutesVersion `json:"versions"`
	Decisions []IndexDecision       `json:"decisions"`
	// LateItems are the items whose papers came late, and why the chair
	// took each as urgent.
	LateItems []IndexLateItem `json:"late_items"`
}

// IndexLateItem is an item whose paper was published with less notice
// than the site requires (model.Meeting's LatePapers), in index.json,
// with the special circumstances for which the chair took it as urgent
// (minutes.md's urgency; absent when the minutes give none). An exempt
// item has its number and title only.
type IndexLateItem struct {
	Item           int    `json:"item"`
	Title          string `json:"title"`
	PaperPublished string `json:"paper_published,omitempty"`
	ClearDays      *int   `json:"clear_days,omitempty"`
	Urgency        string `json:"urgency,omitempty"`
}

// IndexMinutesVersion is a published version of a meeting's minutes in
// index.json: 1 the draft minutes, 2 the approved.
type IndexMinutesVersion struct {
	Number    int    `json:"number"`
	Label     string `json:"label"`
	Published string `json:"published"`
	Path      string `json:"path"`
}

// IndexDecision is an agenda item whose decision may be called in, in
// index.json. An exempt item's call-in dates are public, as its minutes
// print them; nothing else it records is, and nothing else is here.
type IndexDecision struct {
	Item   int         `json:"item"`
	Title  string      `json:"title"`
	CallIn IndexCallIn `json:"call_in"`
}

// IndexCallIn is a decision's call-in period in index.json: published
// on Published, it may be called in until the end of Deadline,
// WorkingDays working days later, and takes effect on TakesEffect unless
// it is.
type IndexCallIn struct {
	Published   string `json:"published"`
	Deadline    string `json:"deadline"`
	TakesEffect string `json:"takes_effect"`
	WorkingDays int    `json:"working_days"`
}

// IndexItem is an agenda item in index.json. An exempt item has its title
// and the reason only.
type IndexItem struct {
	Number    int    `json:"number"`
	Title     string `json:"title"`
	Presenter string `json:"presenter,omitempty"`
	Pages     string `json:"pages,omitempty"`
	Exempt    string `json:"exempt,omitempty"`
	HasReport bool   `json:"has_report"`
	AddedBy   int    `json:"added_by_supplement,omitempty"`
	// BroughtBy is the supplement that brings the report of an item the
	// agenda listed with its report to follow.
	BroughtBy int `json:"report_brought_by_supplement,omitempty"`
	// ReplacedBy are the supplements that replaced the item's report,
	// in order: each replacement is published on its supplement's date
	// (versions[].published).
	ReplacedBy []int `json:"report_replaced_by_supplements,omitempty"`
}

// IndexVersion is a published version of a pack in index.json.
type IndexVersion struct {
	Number      int    `json:"number"`
	Label       string `json:"label"`
	Published   string `json:"published"`
	Path        string `json:"path"`
	SHA256      string `json:"sha256"`
	Fingerprint string `json:"fingerprint"`
	// Recorded says whether meeting.md records the fingerprint, freezing
	// the version.
	Recorded bool `json:"recorded"`
	// ClearDays is the notice the version gave (internal/notice); Late
	// says it is fewer than the site requires, LateReason why, as
	// stated.
	ClearDays  int    `json:"clear_days"`
	Late       bool   `json:"late"`
	LateReason string `json:"late_reason,omitempty"`
	// Data are the CSV files beside the version's pack, one for each of
	// its tables and figures, in the order the pack shows them.
	Data []IndexData `json:"data"`
}

// IndexData is a CSV file of a pack's table or figure in index.json: its
// path, what it holds and where the figures come from.
type IndexData struct {
	Path    string `json:"path"`
	Title   string `json:"title"`
	Dataset string `json:"dataset"`
	Chart   string `json:"chart,omitempty"` // the chart's id, for a figure
	Unit    string `json:"unit,omitempty"`
	Source  string `json:"source"`
	// Updated is the dataset's "data updated" stamp: yyyy-mm-dd, or
	// yyyy-mm-ddThh:mm when it has a time of day.
	Updated string `json:"updated"`
	SHA256  string `json:"sha256"`
}

// IndexDataset is a dataset in index.json.
type IndexDataset struct {
	ID      string `json:"id"`
	Title   string `json:"title"`
	Kind    string `json:"kind"`
	Source  string `json:"source"`
	Updated string `json:"updated"`
	SHA256  string `json:"sha256"`
	// Illustrative says why the figures are not the source's; absent
	// when they are.
	Illustrative string `json:"illustrative,omitempty"`
}

// index writes index.json as json.MarshalIndent would write an Index
// (TestIndexJSON in internal/site holds the two together), but a meeting
// at a time, so that the archive's index (15 MB at 5,000 meetings) is
// never held, as values or as text.
func (r *renderer) index(out io.Writer, site *model.Site, records map[*model.Meeting][]Version) error {
	w := jsonstream.New(out, "  ")
	writeIndex(w, site, records)
	w.Raw("\n")
	return w.Flush()
}

func writeIndex(w *jsonstream.Writer, site *model.Site, records map[*model.Meeting][]Version) {
	w.Open('{')
	w.Field("council", site.Settings.Council)
	if site.Settings.BaseURL != "" {
		w.Field("base_url", site.Settings.BaseURL)
	}
	minutes := minutesRecords(site, records)
	w.Key("committees")
	w.Open('[')
	for _, c := range site.Committees {
		w.Next()
		w.Open('{')
		w.Field("slug", c.Slug)
		w.Field("name", c.Name)
		w.Field("path", CommitteePath(c))
		members := []IndexMember{}
		for _, mem := range c.Members {
			members = append(members, IndexMember{Name: mem.Name, Role: string(mem.Role)})
		}
		w.Field("members", members)
		if at, _ := membersAsAt(c); !at.IsZero() {
			w.Field("members_as_at", isoDate(at))
		}
		w.Key("meetings")
		w.Open('[')
		for _, m := range c.Meetings {
			w.Next()
			w.Value(indexMeeting(m, records[m], minutes[m]))
		}
		w.Close(']')
		w.Close('}')
	}
	w.Close(']')
	w.Key("datasets")
	w.Open('[')
	for _, id := range slices.Sorted(maps.Keys(site.Datasets)) {
		ds := site.Datasets[id]
		w.Next()
		w.Value(IndexDataset{ID: id, Title: ds.Title, Kind: string(ds.Kind), Source: ds.Source,
			Updated: ds.Updated.Format(time.DateOnly), SHA256: ds.SHA256, Illustrative: ds.Illustrative})
	}
	w.Close(']')
	w.Close('}')
}

// indexMeeting is a meeting in index.json, with its versions and its
// minutes (nil when they are not published).
func indexMeeting(m *model.Meeting, versions []Version, minutes *minutesRecord) IndexMeeting {
	im := IndexMeeting{Date: m.Slug(), Time: m.Time, Venue: m.Venue, Status: string(m.Status), MunicipalYear: YearOf(m.Date),
		Path: PackPath(m), Items: []IndexItem{}, Versions: []IndexVersion{}}
	for _, it := range m.Agenda {
		item := IndexItem{Number: it.Number, Title: it.Title, Exempt: it.Exempt, AddedBy: it.AddedBy, BroughtBy: it.BroughtBy}
		if it.Exempt == "" { // private business: the title and the reason only
			item.Presenter, item.Pages, item.HasReport = it.Presenter, it.Pages, it.Report != nil
			for _, rep := range it.Replacements {
				item.ReplacedBy = append(item.ReplacedBy, rep.Supplement)
			}
		}
		im.Items = append(im.Items, item)
	}
	im.Data = []IndexData{}
	for _, v := range versions {
		im.Versions = append(im.Versions, IndexVersion{Number: v.Number, Label: v.Label, Published: isoDate(v.Date),
			Path: v.Path, SHA256: v.SHA256, Fingerprint: v.Fingerprint, Recorded: v.Recorded,
			ClearDays: v.Notice.ClearDays, Late: v.Notice.Late(), LateReason: v.Notice.LateReason, Data: indexData(v.Path, v.Data)})
	}
	if n := len(versions); n > 0 {
		im.Data = indexData(im.Path, versions[n-1].Data)
	}
	if minutes != nil {
		im.Minutes = indexMinutes(m, minutes)
	}
	return im
}

// indexMinutes are a meeting's published minutes in index.json.
func indexMinutes(m *model.Meeting, rec *minutesRecord) *IndexMinutes {
	out := &IndexMinutes{Path: MinutesPath(m), Status: rec.status(), Published: isoDate(m.Minutes.Published), Example: m.Minutes.Example,
		Versions: []IndexMinutesVersion{}, Decisions: []IndexDecision{}, LateItems: []IndexLateItem{}}
	for _, li := range rec.lateItems {
		il := IndexLateItem{Item: li.Item.Number, Title: li.Item.Title}
		if li.Item.Exempt == "" {
			days := li.Notice.ClearDays
			il.PaperPublished, il.ClearDays, il.Urgency = isoDate(li.Date), &days, li.Urgency
		}
		out.LateItems = append(out.LateItems, il)
	}
	if rec.approved() {
		out.ApprovedAt = isoDate(m.Minutes.ApprovedAt())
		if rec.approvedBy != nil {
			out.ApprovedBy = MinutesPath(rec.approvedBy)
		}
	}
	for _, v := range rec.versions {
		out.Versions = append(out.Versions, IndexMinutesVersion{Number: v.Number, Label: v.Label, Published: isoDate(v.Date), Path: v.Path})
	}
	for _, d := range rec.decisions {
		ci := d.CallIn
		out.Decisions = append(out.Decisions, IndexDecision{Item: d.Item.Number, Title: d.Item.Title,
			CallIn: IndexCallIn{Published: isoDate(ci.Published), Deadline: isoDate(ci.Deadline),
				TakesEffect: isoDate(ci.TakesEffect), WorkingDays: ci.Days}})
	}
	return out
}

// indexData lists in index.json the data files of the pack at pack.
func indexData(pack string, files []DataFile) []IndexData {
	out := []IndexData{}
	for _, f := range files {
		out = append(out, IndexData{Path: DataPath(pack, f.Name), Title: f.Title, Dataset: f.Dataset, Chart: f.Chart,
			Unit: f.Unit, Source: f.Source, Updated: f.Updated, SHA256: f.SHA256})
	}
	return out
}
