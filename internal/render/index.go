package render

import (
	"bufio"
	"encoding/json"
	"io"
	"maps"
	"slices"
	"strings"
	"time"

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
	Slug     string         `json:"slug"`
	Name     string         `json:"name"`
	Path     string         `json:"path"`
	Members  []IndexMember  `json:"members"`
	Meetings []IndexMeeting `json:"meetings"`
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
}

// IndexDataset is a dataset in index.json.
type IndexDataset struct {
	ID      string `json:"id"`
	Title   string `json:"title"`
	Kind    string `json:"kind"`
	Source  string `json:"source"`
	Updated string `json:"updated"`
	SHA256  string `json:"sha256"`
}

// index writes index.json as json.MarshalIndent would write an Index
// (TestIndexJSON in internal/site holds the two together), but a meeting
// at a time, so that the archive's index (15 MB at 5,000 meetings) is
// never held, as values or as text.
func (r *renderer) index(out io.Writer, site *model.Site, records map[*model.Meeting][]Version) error {
	w := jsonWriter{out: bufio.NewWriter(out)}
	writeIndex(&w, site, records)
	if w.err != nil {
		return w.err
	}
	return w.out.Flush()
}

func writeIndex(w *jsonWriter, site *model.Site, records map[*model.Meeting][]Version) {
	w.open('{')
	w.field("council", site.Settings.Council)
	if site.Settings.BaseURL != "" {
		w.field("base_url", site.Settings.BaseURL)
	}
	w.key("committees")
	w.open('[')
	for _, c := range site.Committees {
		w.next()
		w.open('{')
		w.field("slug", c.Slug)
		w.field("name", c.Name)
		w.field("path", c.Slug+"/index.html")
		members := []IndexMember{}
		for _, mem := range c.Members {
			members = append(members, IndexMember{Name: mem.Name, Role: string(mem.Role)})
		}
		w.field("members", members)
		w.key("meetings")
		w.open('[')
		for _, m := range c.Meetings {
			w.next()
			w.value(indexMeeting(m, records[m]))
		}
		w.close(']')
		w.close('}')
	}
	w.close(']')
	w.key("datasets")
	w.open('[')
	for _, id := range slices.Sorted(maps.Keys(site.Datasets)) {
		ds := site.Datasets[id]
		w.next()
		w.value(IndexDataset{ID: id, Title: ds.Title, Kind: string(ds.Kind), Source: ds.Source,
			Updated: ds.Updated.Format(time.DateOnly), SHA256: ds.SHA256})
	}
	w.close(']')
	w.close('}')
	w.raw("\n")
}

// indexMeeting is a meeting in index.json, with its versions.
func indexMeeting(m *model.Meeting, versions []Version) IndexMeeting {
	im := IndexMeeting{Date: m.Slug(), Time: m.Time, Venue: m.Venue, Status: string(m.Status), MunicipalYear: YearOf(m.Date),
		Path: PackPath(m), Items: []IndexItem{}, Versions: []IndexVersion{}}
	for _, it := range m.Agenda {
		item := IndexItem{Number: it.Number, Title: it.Title, Exempt: it.Exempt, AddedBy: it.AddedBy}
		if it.Exempt == "" { // private business: the title and the reason only
			item.Presenter, item.Pages, item.HasReport = it.Presenter, it.Pages, it.Report != nil
		}
		im.Items = append(im.Items, item)
	}
	for _, v := range versions {
		im.Versions = append(im.Versions, IndexVersion{Number: v.Number, Label: v.Label, Published: v.Date.Format(time.DateOnly),
			Path: v.Path, SHA256: v.SHA256, Fingerprint: v.Fingerprint, Recorded: v.Recorded})
	}
	return im
}

// jsonWriter writes JSON as json.MarshalIndent(v, "", "  ") writes it, a
// piece at a time: objects and arrays opened and closed by hand, and the
// values within them marshalled one by one. A failure to write is out's
// to report (Flush).
type jsonWriter struct {
	out   *bufio.Writer
	depth int
	first bool // nothing is written yet in the object or array open
	err   error
}

// raw writes text as it is.
func (w *jsonWriter) raw(text string) { w.out.WriteString(text) }

// open begins an object ('{') or an array ('[').
func (w *jsonWriter) open(c byte) {
	w.raw(string(c))
	w.depth++
	w.first = true
}

// close ends the object or array open: '}' or ']'.
func (w *jsonWriter) close(c byte) {
	w.depth--
	if !w.first {
		w.newline()
	}
	w.raw(string(c))
	w.first = false
}

// next begins an element of the object or array open.
func (w *jsonWriter) next() {
	if !w.first {
		w.raw(",")
	}
	w.first = false
	w.newline()
}

func (w *jsonWriter) newline() {
	w.raw("\n")
	for range w.depth {
		w.raw("  ")
	}
}

// key begins a member of the object open, for its value to follow.
func (w *jsonWriter) key(k string) {
	w.next()
	w.value(k)
	w.raw(": ")
}

// field writes a member of the object open.
func (w *jsonWriter) field(k string, v any) {
	w.key(k)
	w.value(v)
}

// value writes v where the writer stands.
func (w *jsonWriter) value(v any) {
	data, err := json.MarshalIndent(v, strings.Repeat("  ", w.depth), "  ")
	if err != nil && w.err == nil {
		w.err = err
	}
	w.out.Write(data)
}
