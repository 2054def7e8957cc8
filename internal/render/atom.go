package render

import (
	"encoding/xml"
	"fmt"
	"io"
	"slices"
	"strings"
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
	type dated struct {
		date time.Time
		path string
		e    atomEntry
	}
	var entries []dated
	for _, p := range published(site, records) {
		m, v := p.m, p.v
		summary := fmt.Sprintf("Papers for the meeting of %s on %s.", m.Committee.Name, m.Date.Format(model.LongDateLayout))
		if v.Number > 1 {
			summary = fmt.Sprintf("%s to the papers for the meeting of %s on %s: %s.", v.Label, m.Committee.Name, m.Date.Format(model.LongDateLayout), m.Supplements[v.Number-2].Title)
		}
		if n := v.Notice; n.Late() {
			summary += fmt.Sprintf(" Late paper: published %s before the meeting, where %d are required.", n.Given(), n.Required)
			if n.LateReason != "" {
				summary += " Reason: " + n.LateReason
			} else {
				summary += " No reason is stated."
			}
		}
		entries = append(entries, dated{v.Date, v.Path, atomEntry{
			Title:   fmt.Sprintf("%s, %s: %s", m.Committee.Name, m.Date.Format(model.DateLayout), v.Label),
			ID:      r.id(v.Path),
			Updated: atomTime(v.Date),
			Link:    atomLink{Rel: "alternate", Href: r.url(v.Path), Type: "text/html"},
			Summary: summary + " SHA-256 " + v.SHA256 + ".",
		}})
	}
	minutes := minutesRecords(site, records)
	for _, c := range site.Committees {
		for _, m := range c.Meetings {
			rec := minutes[m]
			if rec == nil {
				continue
			}
			for _, v := range rec.versions {
				entries = append(entries, dated{v.Date, v.Path, atomEntry{
					Title:   fmt.Sprintf("%s, %s: %s", c.Name, m.Date.Format(model.DateLayout), v.Label),
					ID:      r.id(v.Path),
					Updated: atomTime(v.Date),
					Link:    atomLink{Rel: "alternate", Href: r.url(v.Path), Type: "text/html"},
					Summary: minutesSummary(m, rec, v),
				}})
			}
		}
	}
	// Newest first, as published lists the packs.
	slices.SortStableFunc(entries, func(a, b dated) int {
		if c := b.date.Compare(a.date); c != 0 {
			return c
		}
		return strings.Compare(a.path, b.path)
	})
	updated := time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)
	for _, e := range entries {
		if e.date.After(updated) {
			updated = e.date
		}
		feed.Entries = append(feed.Entries, e.e)
	}
	feed.Updated = atomTime(updated)
	return encodeXML(w, feed)
}

// minutesSummary is the Atom summary of version v of a meeting's
// minutes: what they are, the items taken although their papers came
// late (with the chair's reason), and the decisions that may be called
// in.
func minutesSummary(m *model.Meeting, rec *minutesRecord, v minutesVersion) string {
	var b strings.Builder
	if m.Minutes.Example {
		b.WriteString("Example minutes, written to show Briefing, not the council's record. ")
	}
	fmt.Fprintf(&b, "%s of the meeting of the %s on %s", v.Label, m.Committee.Name, m.Date.Format(model.LongDateLayout))
	switch {
	case v.Approved:
		fmt.Fprintf(&b, ", approved as a true record at the meeting on %s.", m.Minutes.ApprovedAt().Format(model.DateLayout))
	default:
		fmt.Fprintf(&b, ", published %s: subject to approval at a later meeting.", v.Date.Format(model.DateLayout))
	}
	for _, li := range rec.lateItems {
		switch {
		case li.Item.Exempt != "":
			fmt.Fprintf(&b, " Item %d, %s (private business), taken although its paper came late.", li.Item.Number, li.Item.Title)
		case li.Urgency != "":
			fmt.Fprintf(&b, " Item %d, %s, taken as urgent although its paper came late (%s before the meeting): %s", li.Item.Number, li.Item.Title, li.Notice.Given(), li.Urgency)
			if !strings.HasSuffix(li.Urgency, ".") {
				b.WriteString(".")
			}
		default:
			fmt.Fprintf(&b, " Item %d, %s, taken although its paper came late (%s before the meeting); the minutes do not say why it was urgent.", li.Item.Number, li.Item.Title, li.Notice.Given())
		}
	}
	for _, d := range rec.decisions {
		fmt.Fprintf(&b, " Item %d, %s", d.Item.Number, d.Item.Title)
		if d.Item.Exempt != "" {
			b.WriteString(" (private business)")
		}
		ci := d.CallIn
		fmt.Fprintf(&b, ": decision published %s, may be called in until %s, takes effect %s unless called in.",
			ci.Published.Format(model.DateLayout), ci.Deadline.Format(model.DateLayout), ci.TakesEffect.Format(model.DateLayout))
	}
	return b.String()
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
