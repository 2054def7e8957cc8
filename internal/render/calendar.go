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
	minutes := minutesRecords(site, records)
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
			rec := minutes[m]
			if rec != nil && rec.latest().Date.After(stamp) {
				stamp = rec.latest().Date // the event changed when the minutes did
			}
			line("DTSTAMP:" + stamp.UTC().Format("20060102T150405Z"))
			line("DTSTART:" + start.Format("20060102T150405"))
			line("SUMMARY:" + icalText(c.Name))
			line("LOCATION:" + icalText(m.Venue))
			var agenda []string
			for _, it := range m.Agenda {
				agenda = append(agenda, fmt.Sprintf("%d. %s", it.Number, it.Title))
			}
			desc := "Agenda:\n" + strings.Join(agenda, "\n")
			if m.Status == model.Published {
				desc += "\n\nPapers published:\n" + strings.Join(calendarPapers(vs), "\n")
			}
			if rec != nil {
				desc += "\n\n" + calendarMinutes(m, rec) + " " + r.url(MinutesPath(m))
			}
			line("DESCRIPTION:" + icalText(desc))
			if site.Settings.BaseURL != "" {
				line("URL:" + r.url(PackPath(m)))
			}
			if m.Status == model.Draft {
				line("STATUS:TENTATIVE")
			} else {
				line("STATUS:CONFIRMED")
			}
			line("END:VEVENT")
			if rec != nil {
				for _, d := range rec.decisions {
					callInEvent(line, c, m, d, r.url(MinutesPath(m)))
				}
			}
		}
	}
	line("END:VCALENDAR")
	return b.Flush()
}

// calendarPapers lists a meeting's published versions with their dates,
// and for a late one, its notice and reason.
func calendarPapers(vs []Version) []string {
	var out []string
	for _, v := range vs {
		s := fmt.Sprintf("%s, %s", v.Label, v.Date.Format(model.DateLayout))
		if n := v.Notice; n.Late() {
			s += fmt.Sprintf(": late paper, %s before the meeting where %d are required", n.Given(), n.Required)
			if n.LateReason != "" {
				s += ". Reason: " + n.LateReason
			} else {
				s += "; no reason is stated"
			}
		}
		out = append(out, s)
	}
	return out
}

// calendarMinutes says what meeting m's published minutes are, for its
// event.
func calendarMinutes(m *model.Meeting, rec *minutesRecord) string {
	what := "Minutes"
	if m.Minutes.Example {
		what = "Example minutes (written to show Briefing, not the council's record)"
	}
	if v := rec.latest(); v.Approved {
		return fmt.Sprintf("%s: approved at the meeting on %s, published %s (draft published %s):", what, m.Minutes.ApprovedAt().Format(model.DateLayout), v.Date.Format(model.DateLayout), rec.versions[0].Date.Format(model.DateLayout))
	}
	return fmt.Sprintf("%s: draft, published %s, subject to approval:", what, rec.versions[0].Date.Format(model.DateLayout))
}

// callInEvent writes an all-day event on the last day a decision may be
// called in.
func callInEvent(line func(string), c *model.Committee, m *model.Meeting, d decision, minutesURL string) {
	ci := d.CallIn
	line("BEGIN:VEVENT")
	line(fmt.Sprintf("UID:%s-%s-item-%d-call-in@briefing", c.Slug, m.Slug(), d.Item.Number))
	line("DTSTAMP:" + ci.Published.UTC().Format("20060102T150405Z"))
	line("DTSTART;VALUE=DATE:" + ci.Deadline.Format("20060102"))
	line("DTEND;VALUE=DATE:" + ci.Deadline.AddDate(0, 0, 1).Format("20060102"))
	line("SUMMARY:" + icalText(fmt.Sprintf("Call-in deadline: %s, item %d", c.Name, d.Item.Number)))
	title := d.Item.Title
	if d.Item.Exempt != "" {
		title += " (private business)"
	}
	line("DESCRIPTION:" + icalText(fmt.Sprintf("%s (meeting of %s). Decision published %s; it may be called in until the end of %s (%d working days) and takes effect on %s unless called in.\n\nMinutes: %s",
		title, m.Date.Format(model.DateLayout), ci.Published.Format(model.DateLayout), ci.Deadline.Format(model.DateLayout), ci.Days, ci.TakesEffect.Format(model.DateLayout), minutesURL)))
	line("TRANSP:TRANSPARENT")
	line("END:VEVENT")
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
