package render

import (
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/briefing/briefing/internal/diag"
	"github.com/briefing/briefing/internal/model"
)

// feeds writes the archive's machine-readable files: an Atom feed of the
// published versions, an iCalendar file of the meetings, a JSON index of
// everything, and a sitemap when the site has a base URL. None holds a
// wall-clock time: every date is a meeting's or a publication's. Each is
// written straight to where it goes (emitter.stream): index.json alone is
// 15 MB at 5,000 meetings.
func (r *renderer) feeds(site *model.Site, records map[*model.Meeting][]Version, e *emitter) error {
	for _, f := range []struct {
		name  string
		write func(io.Writer, *model.Site, map[*model.Meeting][]Version) error
	}{
		{"feed.xml", r.atom},
		{"meetings.ics", r.calendar},
		{"index.json", r.index},
		{"sitemap.xml", r.sitemap},
	} {
		if f.name == "sitemap.xml" && site.Settings.BaseURL == "" {
			continue // a sitemap needs absolute addresses
		}
		err := e.stream(f.name, func(w io.Writer) error { return f.write(w, site, records) })
		if over, ok := err.(diag.List); ok {
			return over // the output cap
		}
		if err != nil {
			return fmt.Errorf("render %s: %w", f.name, err)
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

// The JSON index: what another system needs to read the archive. Paths are
// relative to the archive's root; with a base URL, "url" fields are
// absolute too.

// minutesRecord is a meeting's published minutes as the feeds and the
// index give them.
type minutesRecord struct {
	versions []minutesVersion // the draft minutes, then the approved
	// approvedBy is the meeting whose published minutes approve these,
	// or nil.
	approvedBy *model.Meeting
	decisions  []decision
	// lateItems are the items whose papers came late (model.Meeting's
	// LatePapers), in agenda order, with the special circumstances for
	// which the chair took each as urgent, as the minutes give them.
	lateItems []lateItem
}

// lateItem is an item whose paper came late, with why the chair took it
// as urgent ("" when the minutes do not say). An exempt item's minutes
// are private: its urgency is not given here, nor anything but its
// number and title where it is published.
type lateItem struct {
	model.LatePaper
	Urgency string
}

// minutesVersion is one published version of a meeting's minutes.
type minutesVersion struct {
	model.MinutesVersion
	Label string // "Draft minutes", "Approved minutes"
	Path  string // MinutesVersionPath
}

// decision is an agenda item whose decision may be called in. An
// exempt item's call-in dates are public, as its minutes print them;
// nothing else it records is, and nothing else is here.
type decision struct {
	Item   *model.Item
	CallIn *model.CallIn
}

// minutesRecords gives the published minutes of the site's meetings, by
// meeting; a meeting without published minutes (hasMinutes) has none.
func minutesRecords(site *model.Site, records map[*model.Meeting][]Version) map[*model.Meeting]*minutesRecord {
	out := map[*model.Meeting]*minutesRecord{}
	for _, c := range site.Committees {
		for _, m := range c.Meetings {
			if !hasMinutes(m, records) {
				continue
			}
			rec := &minutesRecord{}
			for _, v := range m.Minutes.Versions() {
				label := "Draft minutes"
				if v.Approved {
					label = "Approved minutes"
				}
				rec.versions = append(rec.versions, minutesVersion{v, label, MinutesVersionPath(m, v.Number)})
			}
			callIns := map[int]*model.CallIn{}
			for _, it := range m.Minutes.Items {
				if it.CallIn != nil {
					callIns[it.Number] = it.CallIn
				}
			}
			for _, it := range m.Agenda {
				if ci := callIns[it.Number]; ci != nil && !it.Draft {
					rec.decisions = append(rec.decisions, decision{it, ci})
				}
			}
			urgency := map[int]string{}
			for _, it := range m.Minutes.Items {
				urgency[it.Number] = it.Urgency
			}
			for _, lp := range m.LatePapers() {
				if lp.Item.Draft {
					continue
				}
				li := lateItem{LatePaper: lp}
				if lp.Item.Exempt == "" {
					li.Urgency = urgency[lp.Item.Number]
				}
				rec.lateItems = append(rec.lateItems, li)
			}
			out[m] = rec
		}
	}
	for m, rec := range out {
		if by := m.Minutes.ApprovedBy; by != nil && out[by] != nil {
			rec.approvedBy = by
		}
	}
	return out
}

// approved reports whether the minutes are approved: their latest
// version is the approved minutes.
func (rec *minutesRecord) approved() bool { return rec.latest().Approved }

func (rec *minutesRecord) latest() minutesVersion { return rec.versions[len(rec.versions)-1] }

// status is "draft" or "approved".
func (rec *minutesRecord) status() string {
	if rec.approved() {
		return "approved"
	}
	return "draft"
}
