package benchsite

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/briefing/briefing/internal/number"
)

// wordsPerMeeting is the commentary of a meeting, letter and report,
// tables left out.
const wordsPerMeeting = 1500

// writer writes the same commentary twice: for Briefing, with its [[…]]
// references, and for Hugo, with a quoted figure as its plain number and
// no placed charts or tables.
type writer struct {
	briefing, hugo strings.Builder
	words          int // of prose, in both
	rnd            *rand.Rand
}

// figure is a figure quoted in a sentence: the reference and the number.
type figure struct{ ref, plain string }

func quoted(id, row, column string, v int) figure {
	return figure{fmt.Sprintf("[[%s / %s / %s]]", id, row, column), number.Float(float64(v), 0)}
}

func (w *writer) both(s string) {
	w.briefing.WriteString(s)
	w.hugo.WriteString(s)
}

func (w *writer) heading(level int, text string) {
	w.both(strings.Repeat("#", level) + " " + text + "\n\n")
}

// para writes a paragraph of format with the figures in place.
func (w *writer) para(format string, figures ...figure) {
	refs, plain := make([]any, len(figures)), make([]any, len(figures))
	for i, f := range figures {
		refs[i], plain[i] = f.ref, f.plain
	}
	w.briefing.WriteString(fmt.Sprintf(format, refs...) + "\n\n")
	text := fmt.Sprintf(format, plain...)
	w.hugo.WriteString(text + "\n\n")
	w.words += len(strings.Fields(text))
}

// text writes a paragraph of plain text.
func (w *writer) text(s string) { w.para("%s", figure{s, s}) }

// place places a chart or a table: Briefing only.
func (w *writer) place(ref string) { w.briefing.WriteString("[[" + ref + "]]\n\n") }

// prose writes n paragraphs of four to six sentences.
func (w *writer) prose(n int) {
	for range n {
		s := make([]string, 4+w.rnd.IntN(3))
		for i := range s {
			s[i] = w.sentence()
		}
		w.text(strings.Join(s, " "))
	}
}

// list writes a bulleted or numbered list of n sentences.
func (w *writer) list(n int, numbered bool) {
	for i := range n {
		mark := "-"
		if numbered {
			mark = fmt.Sprintf("%d.", i+1)
		}
		s := w.sentence()
		w.both(mark + " " + s + "\n")
		w.words += len(strings.Fields(s))
	}
	w.both("\n")
}

func (w *writer) sentence() string {
	pick := func(words []string) string { return words[w.rnd.IntN(len(words))] }
	var s []string
	if w.rnd.IntN(5) < 2 {
		s = append(s, pick(connectors))
	}
	s = append(s, pick(subjects), pick(verbs), pick(objects))
	if w.rnd.IntN(5) < 3 {
		s = append(s, pick(tails))
	}
	text := strings.Join(s, " ") + "."
	r, n := utf8.DecodeRuneInString(text)
	return string(unicode.ToUpper(r)) + text[n:]
}

// table writes a markdown table with its caption.
func (w *writer) table(caption string, header []string, rows int, cell func(row, col int) string) {
	w.both("Table: " + caption + "\n\n| " + strings.Join(header, " | ") + " |\n|" + strings.Repeat(" --- |", len(header)) + "\n")
	for r := range rows {
		cells := make([]string, len(header))
		for c := range cells {
			cells[c] = cell(r, c)
		}
		w.both("| " + strings.Join(cells, " | ") + " |\n")
	}
	w.both("\n")
}

func (m *meeting) letter(w *writer) {
	w.text("Dear Member,")
	w.text(fmt.Sprintf("You are invited to attend a meeting of the %s on %s. The agenda is attached, with the papers available at the time of publication.",
		m.committee.name, m.date.Format("Monday 2 January 2006")))
	w.prose(1)
	w.text("If you cannot attend, please let me know as soon as possible so that your apologies can be recorded. The papers are also on [the council's website](https://www.example.org/meetings).")
}

// report writes the item's report: about wordsPerMeeting words in all
// with the letter, four markdown tables, and the meeting's datasets
// placed as six charts and four tables.
func (m *meeting) report(w *writer, t topic, d datasets) {
	w.heading(1, "Purpose of this report")
	w.prose(1)
	w.heading(1, "Recommendations")
	w.text("The committee is recommended to:")
	w.list(3, true)

	w.heading(1, "Background")
	w.prose(2)
	w.table("Actions agreed at the last meeting", []string{"Action", "Lead", "Due", "Status"}, 5, func(r, c int) string {
		return [][]string{objects, officers, months, statuses}[c][m.rnd.IntN(len([][]string{objects, officers, months, statuses}[c]))]
	})
	w.prose(1)

	w.heading(1, "Performance")
	w.heading(2, "Month by month")
	w.para("This year the North area recorded %s "+t.unit+", against %s the year before.",
		quoted(d.areas, "North", "This year", d.north[1]), quoted(d.areas, "North", "Last year", d.north[0]))
	w.place("chart " + d.monthly + " north")
	w.place("chart " + d.monthly + " south")
	w.para("The monthly figures show the change building through the year, as %s shows for the North.",
		figure{"[[figure " + d.monthly + " north]]", "Figure 1"})
	w.prose(1)
	w.place("table " + d.monthly)
	w.heading(2, "By area")
	w.para("Across all areas, %s "+t.unit+" were recorded this year, against %s last year.",
		quoted(d.areas, "total", "This year", d.total[1]), quoted(d.areas, "total", "Last year", d.total[0]))
	w.place("chart " + d.areas)
	w.place("table " + d.areas)
	w.prose(2)

	w.heading(1, "Workforce")
	w.para("The service has %s staff in post, full-time equivalent.", quoted(d.workforce, "total", "Strength", d.strength))
	w.place("chart " + d.workforce)
	w.place("table " + d.workforce)
	w.prose(1)
	w.place("chart " + d.yearly + " both")
	w.place("chart " + d.yearly + " strength")
	w.place("table " + d.yearly)
	w.prose(1)

	w.heading(1, "Financial implications")
	w.prose(1)
	w.table("Budget for the year, in £ thousands", []string{"Budget line", "Budget", "Forecast", "Variance"}, 6, func(r, c int) string {
		if c == 0 {
			return budgetLines[r%len(budgetLines)]
		}
		return number.Float(float64(100+m.rnd.IntN(9900)), 0)
	})
	w.prose(1)

	w.heading(1, "Consultation")
	w.prose(1)
	w.table("Consultation responses by area", []string{"Area", "Responses", "Agree", "Disagree"}, 6, func(r, c int) string {
		if c == 0 {
			return areaNames[r]
		}
		return fmt.Sprint(m.rnd.IntN(400))
	})

	w.heading(1, "Risks")
	w.list(4, false)
	w.table("Risks and their mitigation", []string{"Risk", "Likelihood", "Impact", "Mitigation"}, 4, func(r, c int) string {
		return [][]string{objects, levels, levels, tails}[c][m.rnd.IntN(len([][]string{objects, levels, levels, tails}[c]))]
	})

	w.heading(1, "Options considered")
	for w.words < wordsPerMeeting-40 {
		w.prose(1)
	}
	w.heading(1, "Contact")
	w.text(t.presenter + ", for the service.")
}
