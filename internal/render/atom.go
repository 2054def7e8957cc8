package render

import (
	"encoding/xml"
	"fmt"
	"io"
	"time"

	"github.com/briefing/briefing/internal/model"
)

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

func (r *renderer) atom(w io.Writer, site *model.Site, records map[*model.Meeting][]Version) error {
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
		summary := fmt.Sprintf("Papers for the meeting of %s on %s.", m.Committee.Name, m.Date.Format(model.LongDateLayout))
		if v.Number > 1 {
			summary = fmt.Sprintf("%s to the papers for the meeting of %s on %s: %s.", v.Label, m.Committee.Name, m.Date.Format(model.LongDateLayout), m.Supplements[v.Number-2].Title)
		}
		if n := v.Notice; n.Late() {
			summary += fmt.Sprintf(" Late paper: published %s before the meeting, where %d are required.", clearDays(n.ClearDays), n.Required)
			if n.LateReason != "" {
				summary += " Reason: " + n.LateReason
			}
		}
		feed.Entries = append(feed.Entries, atomEntry{
			Title:   fmt.Sprintf("%s, %s: %s", m.Committee.Name, m.Date.Format(model.DateLayout), v.Label),
			ID:      r.id(v.Path),
			Updated: atomTime(v.Date),
			Link:    atomLink{Rel: "alternate", Href: r.url(v.Path), Type: "text/html"},
			Summary: summary + " SHA-256 " + v.SHA256 + ".",
		})
	}
	feed.Updated = atomTime(updated)
	return encodeXML(w, feed)
}

// encodeXML writes v to w as an indented XML document.
func encodeXML(w io.Writer, v any) error {
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(v); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}
