package render

import (
	"fmt"
	"strings"

	"golang.org/x/net/html"

	"github.com/briefing/briefing/internal/markdown"
	"github.com/briefing/briefing/internal/model"
)

// Illustrative figures are figures that are not the source's: a dataset
// whose illustrative: key says why (model.Dataset.Illustrative). A pack
// may show them, but a reader must never take them for the source's, so
// every place that shows them says so in words (model.IllustrativeMark),
// not only by colour:
//
//   - a figure: after its number in the headline, "Figure 3 (illustrative):",
//     in the summary and the caption of its data table, in the title and
//     the description of both drawings, and in the contents' list of
//     figures;
//   - a table: after its number in its title and its caption, and in the
//     contents' list of tables; a list, after its title;
//   - a figure quoted in a sentence: after it, "388 (illustrative)";
//   - under each figure and table, a note with the reason.
//
// The layouts write the mark where the view's Mark is set; a layout of
// the site's own that leaves it out fails the build (checkMark). A
// published meeting that shows or quotes illustrative figures is warned
// about at each reference (illustrativeWarnings); check --strict and
// build --strict refuse it. A draft may use them freely.

// mark is the word that marks ds's figures, or "" for the source's.
func mark(ds *model.Dataset) string {
	if ds.Illustrative == "" {
		return ""
	}
	return model.IllustrativeMark
}

// numbered is how the contents list and the mark checks name a figure or
// a table: "Table 3", or "Table 3 (illustrative)".
func numbered(kind string, n int, ds *model.Dataset) string {
	s := figureLabel(kind, n)
	if m := mark(ds); m != "" {
		s += " (" + m + ")"
	}
	return s
}

// datasetNotes are the notes under ds's figures and tables: first, for
// illustrative figures, why they are not the source's.
func datasetNotes(ds *model.Dataset, more ...string) []string {
	var out []string
	if ds.Illustrative != "" {
		out = append(out, "Illustrative figures, not the source's: "+ds.Illustrative)
	}
	return append(append(out, ds.Notes...), more...)
}

// illustrativeTitle is a chart's title in its drawings: the headline,
// marked when the figures are illustrative.
func illustrativeTitle(ch model.Chart, ds *model.Dataset) string {
	if m := mark(ds); m != "" {
		return ch.Title + " (" + m + ")"
	}
	return ch.Title
}

// checkMark fails when a layout drew ds's table or figure, html, without
// the mark that its figures are illustrative where a reader sees it,
// after its number (or a list's title): a site's own layout must write
// it too.
func checkMark(ds *model.Dataset, partial, named, html string) error {
	m := mark(ds)
	if m == "" || strings.Contains(visibleText(html), named+" ("+m+")") {
		return nil
	}
	return fmt.Errorf("the layout's %q partial drew dataset %q without the mark that its figures are illustrative; write {{with .Mark}} <span class=\"illustrative\">({{.}})</span>{{end}} after the number, as the default layout does", partial, ds.ID)
}

// visibleText is the text of an HTML fragment, its spaces collapsed.
func visibleText(fragment string) string {
	z := html.NewTokenizer(strings.NewReader(fragment))
	var b strings.Builder
	for {
		switch z.Next() {
		case html.ErrorToken:
			return strings.Join(strings.Fields(b.String()), " ")
		case html.TextToken:
			b.Write(z.Text())
		}
	}
}

// illustrativeWarnings warns, at each reference of a published meeting's
// document that shows or quotes illustrative figures, that it does.
func (d *packData) illustrativeWarnings(refs []markdown.Ref) {
	for _, ref := range refs {
		t := d.computed[ref.Dataset]
		if t == nil || t.Dataset.Illustrative == "" {
			continue
		}
		what, figures := "", "figures"
		switch {
		case ref.Kind == markdown.RefValue:
			what = "this sentence quotes a figure of"
		case ref.Kind == markdown.RefTable && t.Dataset.Kind == model.KindList:
			what, figures = "this list shows", "items"
		case ref.Kind == markdown.RefTable:
			what = "this table shows"
		case ref.Kind == markdown.RefChart:
			what = "this chart draws"
		default:
			continue // a link to a figure, which is warned about where it is placed
		}
		d.warnings.Add(ref.At, "warning: %s dataset %q, whose %s are illustrative, not the source's (its illustrative: key says why), in a published meeting; quote the source's %s instead, or keep the meeting a draft",
			what, ref.Dataset, figures, figures)
	}
}
