package render

import (
	"bytes"
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
// A table that a phone cannot show whole even scrolled: on a phone a
// table's figures scroll sideways in their box while its row labels stay
// in view (static/briefing.css), so every column can be reached as long
// as the labels and the widest other column fit side by side in
// PhoneWidth, less the page's margins (columnWidths). When they do not,
// that column is always partly under the labels or past the screen's
// edge. Reported at its [[table …]] reference.

// PhoneWidth is the screen, in CSS pixels, that the wide-table warning
// holds a table to: the narrowest phone in common use (320 px is also
// the width WCAG's reflow criterion names).
const PhoneWidth = 320

// The measures of the default stylesheet on a phone (static/briefing.css,
// its "max-width: 30rem" rules): 16 px text, main's 1rem padding either
// side, each data cell's 0.4rem padding either side, and a part row's
// label indented by 0.8rem more. A character is taken as 0.55em of the
// font (a digit of the usual sans-serif faces is 0.55 to 0.56em; letters
// are narrower on average) and a bold one (a heading, the total row) as
// 0.62em: a rule of thumb that errs towards a wider column, so that the
// warning comes a little early rather than too late. Against the widths
// Chromium gives the example site's eight tables at 320 px (Liberation
// Sans), the labels and the widest column together are 7 to 13% over.
const (
	phoneFont        = 16.0
	phoneMargins     = 2 * 16.0
	cellPadding      = 2 * 0.4 * 16.0
	partIndent       = 0.8 * 16.0
	charWidth        = 0.55 * phoneFont
	boldCharWidth    = 0.62 * phoneFont
	phoneTableSpace  = PhoneWidth - phoneMargins
	arrowAndSpaceLen = 2 // "▲ " before a change, as the dataset partial writes it
)

// columnWidths is about the narrowest, in CSS pixels, that each column
// of t can be drawn on a phone, the row labels first: each column as wide
// as its widest unbreakable text (a figure does not wrap; a label and a
// heading wrap between words), plus its padding.
func columnWidths(t *compute.Table) []float64 {
	widths := make([]float64, len(t.Columns)+1)
	widest := func(i int, s string, char, indent float64, wraps bool) {
		words := []string{s}
		if wraps {
			words = strings.Fields(s)
		}
		for _, w := range words {
			widths[i] = max(widths[i], indent+float64(utf8.RuneCountInString(w))*char)
		}
	}
	widest(0, t.Dataset.RowHeader, boldCharWidth, 0, true)
	for i, c := range t.Columns {
		heading := c.Label
		if c.Unit != "" {
			heading += " (" + c.Unit + ")"
		}
		widest(i+1, heading, boldCharWidth, 0, true)
	}
	rows := slices.Concat(t.Rows, t.After)
	if t.Total != nil {
		rows = append(rows, *t.Total)
	}
	for _, r := range rows {
		char, indent := charWidth, 0.0
		switch r.Kind {
		case compute.TotalRow:
			char = boldCharWidth
		case compute.PartRow:
			indent = partIndent
		}
		widest(0, r.Label, char, indent, true)
		for i, c := range r.Cells {
			text := c.Text
			if c.Dir != 0 && c.Missing == "" {
				text = strings.Repeat(" ", arrowAndSpaceLen) + text
			}
			if i+1 < len(widths) {
				widest(i+1, text, char, 0, false)
			}
		}
	}
	for i := range widths {
		widths[i] += cellPadding
	}
	return widths
}

// wideTable warns, at the reference that places it, of a table that a
// phone cannot show whole even by scrolling: its row labels and its
// widest other column do not fit side by side.
func (d *packData) wideTable(t *compute.Table, at diag.Pos) {
	widths := columnWidths(t)
	if len(widths) < 2 {
		return
	}
	widest := 1
	for i := 2; i < len(widths); i++ {
		if widths[i] > widths[widest] {
			widest = i
		}
	}
	if need := widths[0] + widths[widest]; need > phoneTableSpace {
		d.warnings.Add(at, "warning: table %q cannot be read whole on a %d px phone: its row labels, which stay in view while the other columns scroll, need about %.0f px and its column %q about %.0f px, more than the %.0f px the phone leaves for the table, so that column is never seen whole; shorten the longest word of the row labels or of that column's heading, or show fewer digits",
			t.Dataset.ID, PhoneWidth, widths[0], t.Columns[widest-1].Label, widths[widest], phoneTableSpace)
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

// placeholderWarnings warns of each sentence a published document still
// holds from the start briefing new wrote for it (model.Placeholders):
// the reader would get "Write the report here." as the report.
func (d *packData) placeholderWarnings(doc model.Doc) {
	for _, p := range model.Placeholders {
		i := bytes.Index(doc.Source, []byte(p))
		if i < 0 {
			continue
		}
		line := bytes.Count(doc.Source[:i], []byte("\n")) + 1
		col := i - bytes.LastIndexByte(doc.Source[:i], '\n')
		d.warnings.Add(diag.Pos{Path: doc.Path, Line: line, Col: col}, "warning: %q is still the text briefing new wrote to be replaced, in a published meeting; write what goes here, or keep the meeting (or the item) a draft", p)
	}
}
