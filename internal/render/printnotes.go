package render

import (
	"fmt"
	"html/template"
	"strings"
	"unicode"
	"unicode/utf8"
)

// A dataset's notes (caveats about its figures) are shown under each of
// its figures and tables, and sibling datasets often share them word for
// word: a report charting a family of crime series may carry the same
// note under eight figures. On screen each figure keeps its notes, since
// a reader may land on any one of them. In print a note is shown once in
// each document, under the first figure or table that has it; a later one
// keeps the note in its markup, marked as a repeat (class note-repeat),
// and says where it is ("See the note under Figure 3", class note-see).
// The stylesheet shows each in its medium.

// A note is one note under a figure or table. It prints as its text, so a
// site's own layout that ranges over a figure's notes as strings still
// works.
type note struct {
	Text string
	// Repeat is set when the note was shown under an earlier figure or
	// table of the same document.
	Repeat bool
}

func (n note) String() string { return n.Text }

// A noteRef is the figure or table under which a repeated note is shown.
type noteRef struct {
	ID    string // element id, "figure-3"
	Label string // "Figure 3"
	Count int    // how many of the notes it holds
}

// notes are texts, the notes under the figure or table label (element id,
// empty for a list, which cannot be pointed at), marked where they repeat
// a note of the document, with where each repeated note was shown, in
// order of first use.
func (d *packData) notes(texts []string, id, label string) ([]note, []noteRef) {
	if d.noted == nil {
		d.noted = map[string]noteRef{}
	}
	out := make([]note, len(texts))
	var refs []noteRef
	for i, t := range texts {
		out[i].Text = t
		first, ok := d.noted[t]
		if !ok {
			if id != "" {
				d.noted[t] = noteRef{ID: id, Label: label}
			}
			continue
		}
		out[i].Repeat = true
		found := false
		for j := range refs {
			if refs[j].ID == first.ID {
				refs[j].Count++
				found = true
			}
		}
		if !found {
			first.Count = 1
			refs = append(refs, first)
		}
	}
	return out, refs
}

// figureLabel is how a figure or table is named in print: "Figure 3".
func figureLabel(kind string, n int) string { return fmt.Sprintf("%s %d", kind, n) }

// cssString is s as a quoted CSS string, for text written into a
// stylesheet (a pack's running header). html/template escapes text inside
// a CSS string, but reads the string as a possible address and replaces
// any text with a colon in it ("Cabinet: Finance") by ZgotmplZ; so the
// layout writes the whole string, {{cssString .}}, outside quotes. Every
// ASCII character but letters, digits, space and ,.-' is written as a hex
// escape, so the string cannot end itself, its rule, its comment or its
// <style> element; other characters stand as they are, unless they are
// not printable.
func cssString(s string) template.CSS {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r < utf8.RuneSelf && (r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune(" ,.-'", r)):
			b.WriteRune(r)
		case r >= utf8.RuneSelf && unicode.IsPrint(r):
			b.WriteRune(r)
		default:
			// The space ends the escape, so that a hex digit after it
			// is read as itself.
			fmt.Fprintf(&b, `\%x `, r)
		}
	}
	b.WriteByte('"')
	return template.CSS(b.String())
}
