package render

import (
	"bufio"
	"fmt"
	"io"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/briefing/briefing/internal/model"
)

// calendar writes an iCalendar file (RFC 5545) of the meetings. Times are
// the council's local clock ("floating"), as the papers print them.
func (r *renderer) calendar(w io.Writer, site *model.Site, records map[*model.Meeting][]Version) error {
	b := bufio.NewWriter(w)
	line := func(s string) { foldLine(b, s) }
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
			stamp := vs[len(vs)-1].Date
			if stamp.IsZero() { // a draft not yet dated
				stamp = m.Date
			}
			line("DTSTAMP:" + stamp.UTC().Format("20060102T150405Z"))
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
	return b.Flush()
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
// splitting a character, ending in CRLF. A failure to write is b's to
// report (bufio.Writer.Flush).
func foldLine(b io.StringWriter, s string) {
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
