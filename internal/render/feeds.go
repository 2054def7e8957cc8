package render

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/briefing/briefing/internal/model"
)

// feeds writes the archive's machine-readable files: an Atom feed of the
// published versions, an iCalendar file of the meetings, a JSON index of
// everything, and a sitemap when the site has a base URL. None holds a
// wall-clock time: every date is a meeting's or a publication's.
func (r *renderer) feeds(site *model.Site, records map[*model.Meeting][]Version, files map[string][]byte) error {
	for name, make := range map[string]func(*model.Site, map[*model.Meeting][]Version) ([]byte, error){
		"feed.xml":     r.atom,
		"meetings.ics": r.calendar,
		"index.json":   r.index,
		"sitemap.xml":  r.sitemap,
	} {
		data, err := make(site, records)
		if err != nil {
			return fmt.Errorf("render %s: %w", name, err)
		}
		if data != nil {
			files[name] = data
		}
	}
	return nil
}

// url is where a file of the archive lives: absolute with a base URL,
// else relative to the archive's root (where the feeds are).
func (r *renderer) url(path string) string {
	u := r.site.Settings.BaseURL + strings.TrimSuffix(path, "index.html")
	if u == "" {
		return "./"
	}
	return u
}

// id is a permanent identifier for an Atom entry.
func (r *renderer) id(path string) string {
	if r.site.Settings.BaseURL != "" {
		return r.url(path)
	}
	return "urn:briefing:" + strings.TrimSuffix(path, "/index.html")
}

type atomFeed struct {
	XMLName xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
	Title   string      `xml:"title"`
	ID      string      `xml:"id"`
	Updated string      `xml:"updated"`
	Links   []atomLink  `xml:"link"`
	Author  atomPerson  `xml:"author"`
	Entries []atomEntry `xml:"entry"`
}

type atomLink struct {
	Rel  string `xml:"rel,attr,omitempty"`
	Href string `xml:"href,attr"`
	Type string `xml:"type,attr,omitempty"`
}

type atomPerson struct {
	Name string `xml:"name"`
}

type atomEntry struct {
	Title   string   `xml:"title"`
	ID      string   `xml:"id"`
	Updated string   `xml:"updated"`
	Link    atomLink `xml:"link"`
	Summary string   `xml:"summary"`
}

func atomTime(t time.Time) string { return t.UTC().Format(time.RFC3339) }

// publication is one published version of a meeting's papers.
type publication struct {
	m *model.Meeting
	v Version
}

// published lists every published version of every published meeting,
// newest first.
func published(site *model.Site, records map[*model.Meeting][]Version) []publication {
	var out []publication
	for _, c := range site.Committees {
		for _, m := range c.Meetings {
			if m.Status != model.Published {
				continue
			}
			for _, v := range records[m] {
				out = append(out, publication{m, v})
			}
		}
	}
	slices.SortStableFunc(out, func(a, b publication) int {
		if c := b.v.Date.Compare(a.v.Date); c != 0 {
			return c
		}
		return strings.Compare(a.v.Path, b.v.Path)
	})
	return out
}

func (r *renderer) atom(site *model.Site, records map[*model.Meeting][]Version) ([]byte, error) {
	feed := atomFeed{
		Title:  "Committee papers – " + site.Settings.Council,
		ID:     r.id("feed.xml"),
		Author: atomPerson{Name: site.Settings.Council},
		Links:  []atomLink{{Rel: "alternate", Href: r.url("index.html"), Type: "text/html"}},
	}
	if site.Settings.BaseURL != "" {
		feed.Links = append(feed.Links, atomLink{Rel: "self", Href: r.url("feed.xml"), Type: "application/atom+xml"})
	}
	updated := time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)
	for _, p := range published(site, records) {
		m, v := p.m, p.v
		if v.Date.After(updated) {
			updated = v.Date
		}
		summary := fmt.Sprintf("Papers for the meeting of %s on %s.", m.Committee.Name, m.Date.Format("Monday 2 January 2006"))
		if v.Number > 1 {
			summary = fmt.Sprintf("%s to the papers for the meeting of %s on %s: %s.", v.Label, m.Committee.Name, m.Date.Format("Monday 2 January 2006"), m.Supplements[v.Number-2].Title)
		}
		feed.Entries = append(feed.Entries, atomEntry{
			Title:   fmt.Sprintf("%s, %s: %s", m.Committee.Name, m.Date.Format("2 January 2006"), v.Label),
			ID:      r.id(v.Path),
			Updated: atomTime(v.Date),
			Link:    atomLink{Rel: "alternate", Href: r.url(v.Path), Type: "text/html"},
			Summary: summary + " SHA-256 " + v.SHA256 + ".",
		})
	}
	feed.Updated = atomTime(updated)
	return encodeXML(feed)
}

// encodeXML writes v as an indented XML document.
func encodeXML(v any) ([]byte, error) {
	var buf bytes.Buffer
	buf.WriteString(xml.Header)
	enc := xml.NewEncoder(&buf)
	enc.Indent("", "  ")
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	buf.WriteByte('\n')
	return buf.Bytes(), nil
}

// calendar writes an iCalendar file (RFC 5545) of the meetings. Times are
// the council's local clock ("floating"), as the papers print them.
func (r *renderer) calendar(site *model.Site, records map[*model.Meeting][]Version) ([]byte, error) {
	var b bytes.Buffer
	line := func(s string) { foldLine(&b, s) }
	line("BEGIN:VCALENDAR")
	line("VERSION:2.0")
	line("PRODID:-//Briefing//Committee papers//EN")
	line("CALSCALE:GREGORIAN")
	line("X-WR-CALNAME:" + icalText("Committee meetings – "+site.Settings.Council))
	for _, c := range site.Committees {
		for _, m := range c.Meetings {
			vs := records[m]
			start, _ := time.Parse("2006-01-02 15:04", m.Slug()+" "+m.Time)
			line("BEGIN:VEVENT")
			line("UID:" + c.Slug + "-" + m.Slug() + "@briefing")
			line("DTSTAMP:" + vs[len(vs)-1].Date.UTC().Format("20060102T150405Z"))
			line("DTSTART:" + start.Format("20060102T150405"))
			line("SUMMARY:" + icalText(c.Name))
			line("LOCATION:" + icalText(m.Venue))
			var agenda []string
			for _, it := range m.Agenda {
				agenda = append(agenda, fmt.Sprintf("%d. %s", it.Number, it.Title))
			}
			line("DESCRIPTION:" + icalText("Agenda:\n"+strings.Join(agenda, "\n")))
			if site.Settings.BaseURL != "" {
				line("URL:" + r.url(PackPath(m)))
			}
			if m.Status == model.Draft {
				line("STATUS:TENTATIVE")
			} else {
				line("STATUS:CONFIRMED")
			}
			line("END:VEVENT")
		}
	}
	line("END:VCALENDAR")
	return b.Bytes(), nil
}

// icalText writes text as an iCalendar TEXT value (RFC 5545 3.3.11):
// backslash, semicolon and comma escaped, a line break as \n, and any
// other control character but tab, which TEXT cannot hold, left out. (Load
// refuses them; this keeps the file valid whatever the model holds.)
func icalText(s string) string {
	return strings.Map(func(r rune) rune {
		if r != '\t' && unicode.IsControl(r) {
			return -1
		}
		return r
	}, icalEscaper.Replace(s))
}

var icalEscaper = strings.NewReplacer(`\`, `\\`, ";", `\;`, ",", `\,`, "\r\n", `\n`, "\n", `\n`, "\r", `\n`)

// foldLine writes an iCalendar content line, folded at 75 octets without
// splitting a character, ending in CRLF.
func foldLine(b *bytes.Buffer, s string) {
	limit := 75
	for len(s) > limit {
		cut := limit
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		b.WriteString(s[:cut])
		b.WriteString("\r\n ")
		s = s[cut:]
		limit = 74 // the leading space counts
	}
	b.WriteString(s)
	b.WriteString("\r\n")
}

type sitemapURLSet struct {
	XMLName xml.Name     `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 urlset"`
	URLs    []sitemapURL `xml:"url"`
}

type sitemapURL struct {
	Loc     string `xml:"loc"`
	LastMod string `xml:"lastmod,omitempty"`
}

func (r *renderer) sitemap(site *model.Site, records map[*model.Meeting][]Version) ([]byte, error) {
	if site.Settings.BaseURL == "" {
		return nil, nil // a sitemap needs absolute addresses
	}
	set := sitemapURLSet{URLs: []sitemapURL{{Loc: r.url("index.html")}}}
	for _, c := range site.Committees {
		set.URLs = append(set.URLs, sitemapURL{Loc: r.url(c.Slug + "/index.html")})
		for _, m := range c.Meetings {
			vs := records[m]
			set.URLs = append(set.URLs, sitemapURL{Loc: r.url(PackPath(m)), LastMod: vs[len(vs)-1].Date.Format(time.DateOnly)})
			for _, v := range vs {
				set.URLs = append(set.URLs, sitemapURL{Loc: r.url(v.Path), LastMod: v.Date.Format(time.DateOnly)})
			}
		}
	}
	return encodeXML(set)
}

// The JSON index: what another system needs to read the archive. Paths are
// relative to the archive's root; with a base URL, "url" fields are
// absolute too.

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

func (r *renderer) index(site *model.Site, records map[*model.Meeting][]Version) ([]byte, error) {
	ix := Index{Council: site.Settings.Council, BaseURL: site.Settings.BaseURL, Committees: []IndexCommittee{}, Datasets: []IndexDataset{}}
	for _, c := range site.Committees {
		ic := IndexCommittee{Slug: c.Slug, Name: c.Name, Path: c.Slug + "/index.html", Members: []IndexMember{}, Meetings: []IndexMeeting{}}
		for _, mem := range c.Members {
			ic.Members = append(ic.Members, IndexMember{Name: mem.Name, Role: string(mem.Role)})
		}
		for _, m := range c.Meetings {
			im := IndexMeeting{Date: m.Slug(), Time: m.Time, Venue: m.Venue, Status: string(m.Status), MunicipalYear: YearOf(m.Date),
				Path: PackPath(m), Items: []IndexItem{}, Versions: []IndexVersion{}}
			for _, it := range m.Agenda {
				item := IndexItem{Number: it.Number, Title: it.Title, Exempt: it.Exempt, AddedBy: it.AddedBy}
				if it.Exempt == "" { // private business: the title and the reason only
					item.Presenter, item.Pages, item.HasReport = it.Presenter, it.Pages, it.Report != nil
				}
				im.Items = append(im.Items, item)
			}
			for _, v := range records[m] {
				im.Versions = append(im.Versions, IndexVersion{Number: v.Number, Label: v.Label, Published: v.Date.Format(time.DateOnly),
					Path: v.Path, SHA256: v.SHA256, Fingerprint: v.Fingerprint, Recorded: v.Recorded})
			}
			ic.Meetings = append(ic.Meetings, im)
		}
		ix.Committees = append(ix.Committees, ic)
	}
	for _, id := range slices.Sorted(maps.Keys(site.Datasets)) {
		ds := site.Datasets[id]
		ix.Datasets = append(ix.Datasets, IndexDataset{ID: id, Title: ds.Title, Kind: string(ds.Kind), Source: ds.Source,
			Updated: ds.Updated.Format(time.DateOnly), SHA256: ds.SHA256})
	}
	out, err := json.MarshalIndent(ix, "", "  ")
	if err != nil {
		return nil, err
	}
	return append(out, '\n'), nil
}
