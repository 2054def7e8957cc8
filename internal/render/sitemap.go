package render

import (
	"encoding/xml"
	"io"

	"github.com/briefing/briefing/internal/model"
)

type sitemapURLSet struct {
	XMLName xml.Name     `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 urlset"`
	URLs    []sitemapURL `xml:"url"`
}

type sitemapURL struct {
	Loc     string `xml:"loc"`
	LastMod string `xml:"lastmod,omitempty"`
}

// sitemap writes the sitemap, for a site with a base URL (feeds).
func (r *renderer) sitemap(w io.Writer, site *model.Site, records map[*model.Meeting][]Version) error {
	a := site.Settings.Accessibility
	reviewed := a.Reviewed
	if reviewed.IsZero() {
		reviewed = a.Prepared
	}
	minutes := minutesRecords(site, records)
	set := sitemapURLSet{URLs: []sitemapURL{{Loc: r.url("index.html")}, {Loc: r.url(StatementPath), LastMod: isoDate(reviewed)}}}
	for _, c := range site.Committees {
		set.URLs = append(set.URLs, sitemapURL{Loc: r.url(c.Slug + "/index.html")})
		for _, m := range c.Meetings {
			vs := records[m]
			set.URLs = append(set.URLs, sitemapURL{Loc: r.url(PackPath(m)), LastMod: isoDate(vs[len(vs)-1].Date)})
			for _, v := range vs {
				set.URLs = append(set.URLs, sitemapURL{Loc: r.url(v.Path), LastMod: isoDate(v.Date)})
			}
			if rec := minutes[m]; rec != nil {
				set.URLs = append(set.URLs, sitemapURL{Loc: r.url(MinutesPath(m)), LastMod: isoDate(rec.latest().Date)})
				for _, v := range rec.versions {
					set.URLs = append(set.URLs, sitemapURL{Loc: r.url(v.Path), LastMod: isoDate(v.Date)})
				}
			}
		}
	}
	return encodeXML(w, set)
}
