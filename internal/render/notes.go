package render

import (
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/briefing/briefing/internal/compute"
	"github.com/briefing/briefing/internal/diag"
	"github.com/briefing/briefing/internal/markdown"
	"github.com/briefing/briefing/internal/model"
)

// Notes are what a meeting's packs tell besides their files: the warnings
// their commentary raises, the datasets they quote, and the figures and
// tables they show, counted over every version's pack. They are kept in
// the meeting's cache entry, so that a meeting taken from the cache tells
// the same as one rendered.
type Notes struct {
	Warnings diag.List `json:",omitempty"` // sorted
	Quoted   []string  `json:",omitempty"` // dataset ids, sorted
	Figures  int       `json:",omitempty"`
	Tables   int       `json:",omitempty"`
}

// add adds what one version's pack told.
func (n *Notes) add(o Notes) {
	n.Warnings = append(n.Warnings, o.Warnings...).Sort()
	for _, id := range o.Quoted {
		if i, found := slices.BinarySearch(n.Quoted, id); !found {
			n.Quoted = slices.Insert(n.Quoted, i, id)
		}
	}
	n.Figures += o.Figures
	n.Tables += o.Tables
}

// Warnings are things in the site that do not stop the build but that a
// reader would notice. The rules that commentary raises are here; package
// site adds the ones about the whole site (a dataset no meeting quotes).
//
// A report with no headings: its item has no entries in the pack's
// contents list, and a screen reader's reader cannot jump through it.
// Reported at the report's file.
//
// A dataset updated more than a year before the meeting that quotes it
// (its updated: date, against the meeting's date): the figures may be
// stale. Reported at the first reference to it in each document.
//
// A table wider than a phone can show: PhoneWidth, less the page's
// margins, against the narrowest the table can be drawn (tableWidth).
// Reported at its [[table …]] reference.

// PhoneWidth is the screen, in CSS pixels, that the wide-table warning
// holds a table to: the narrowest phone in common use (320 px is also
// the width WCAG's reflow criterion names).
const PhoneWidth = 320

// The measures of the default stylesheet on a phone (static/briefing.css,
// its "max-width: 30rem" rules): 16 px text, main's 1rem padding either
// side, and each data cell's 0.6rem padding either side. A character is
// taken as 0.55em of the font (a digit of the usual sans-serif faces is
// 0.55 to 0.56em; letters are narrower on average) and a heading's, bold,
// as 0.62em: a rule of thumb that errs towards a narrower table, so that
// a warning means the table does not fit. Against Chromium's min-content
// widths of the example site's eight tables (459 to 604 px) it is 1 to
// 11% under.
const (
	phoneFont        = 16.0
	phoneMargins     = 2 * 16.0
	cellPadding      = 2 * 0.6 * 16.0
	charWidth        = 0.55 * phoneFont
	boldCharWidth    = 0.62 * phoneFont
	phoneTableSpace  = PhoneWidth - phoneMargins
	arrowAndSpaceLen = 2 // "▲ " before a change, as the dataset partial writes it
)

// tableWidth is about the narrowest, in CSS pixels, that t can be drawn
// on a phone: each column as wide as its widest unbreakable text (a
// figure does not wrap; a label and a heading wrap between words), plus
// its padding.
func tableWidth(t *compute.Table) float64 {
	widths := make([]float64, len(t.Columns)+1)
	widest := func(i int, s string, char float64, wraps bool) {
		words := []string{s}
		if wraps {
			words = strings.Fields(s)
		}
		for _, w := range words {
			widths[i] = max(widths[i], float64(utf8.RuneCountInString(w))*char)
		}
	}
	widest(0, t.Dataset.RowHeader, boldCharWidth, true)
	for i, c := range t.Columns {
		heading := c.Label
		if c.Unit != "" {
			heading += " (" + c.Unit + ")"
		}
		widest(i+1, heading, boldCharWidth, true)
	}
	rows := slices.Concat(t.Rows, t.After)
	if t.Total != nil {
		rows = append(rows, *t.Total)
	}
	for _, r := range rows {
		widest(0, r.Label, charWidth, true)
		for i, c := range r.Cells {
			text := c.Text
			if c.Dir != 0 && c.Missing == "" {
				text = strings.Repeat(" ", arrowAndSpaceLen) + text
			}
			if i+1 < len(widths) {
				widest(i+1, text, charWidth, false)
			}
		}
	}
	total := 0.0
	for _, w := range widths {
		total += w + cellPadding
	}
	return total
}

// wideTable warns, at the reference that places it, of a table too wide
// for a phone.
func (d *packData) wideTable(t *compute.Table, at diag.Pos) {
	if w := tableWidth(t); w > phoneTableSpace {
		d.warnings.Add(at, "warning: table %q needs about %.0f px across, wider than the %.0f px a %d px phone leaves for it, so a reader there must scroll it sideways; show fewer columns (a comparison's printed: key), shorter labels, or split the dataset",
			t.Dataset.ID, w, phoneTableSpace, PhoneWidth)
	}
}

// stale reports whether a dataset updated on updated is stale at a
// meeting on day: updated more than a year before it.
func stale(updated, day time.Time) bool {
	return !updated.IsZero() && updated.Before(day.AddDate(-1, 0, 0))
}

// refWarnings are the warnings of one converted document's references:
// each stale dataset, at its first reference in the document.
func (d *packData) refWarnings(day time.Time, refs []markdown.Ref) {
	seen := map[string]bool{}
	for _, ref := range refs {
		if seen[ref.Dataset] {
			continue
		}
		seen[ref.Dataset] = true
		t := d.computed[ref.Dataset]
		if t == nil || !stale(t.Dataset.Updated, day) {
			continue
		}
		d.warnings.Add(ref.At, "warning: dataset %q was last updated on %s, more than a year before this meeting on %s; bring its figures up to date, or make sure figures this old are the ones to quote",
			ref.Dataset, t.Dataset.Updated.Format(model.DateLayout), day.Format(model.DateLayout))
	}
}
