package markdown

import (
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestTableRegion: a table's box is a region named by the table's caption,
// as a dataset table's is, and a right-aligned column's cells are figures.
func TestTableRegion(t *testing.T) {
	src := "# Staff\n\nTable: Officers *by* area, 2018\n\n| Area | Officers | Note |\n| --- | ---: | :-: |\n| North | 1,024 | x |\n"
	html, errs := convert(t, src, Options{Level: 2})
	if errs != nil {
		t.Fatalf("errors: %v", errs)
	}
	for _, want := range []string{
		`<div class="table-scroll" tabindex="0" role="region" aria-labelledby="table-officers-by-area-2018">` + "\n" + `<table class="prose-table">`,
		`<caption id="table-officers-by-area-2018">Officers <em>by</em> area, 2018</caption>`,
		`<th scope="col" style="text-align:right">Officers</th>`, // a heading is not a figure
		`<td>North</td>`,
		`<td class="num" style="text-align:right">1,024</td>`,
		`<td style="text-align:center">x</td>`,
	} {
		if !strings.Contains(html, want) {
			t.Errorf("output lacks %s\n%s", want, html)
		}
	}
}

// TestTableWithoutCaption: a table without a caption is a mistake; the
// HTML as far as it goes has no region without a name.
func TestTableWithoutCaption(t *testing.T) {
	html, errs := convert(t, "| a |\n| - |\n| 1 |\n", Options{Level: 2})
	if len(errs) != 1 {
		t.Fatalf("errors: %v, want one", errs)
	}
	if strings.Contains(html, "role=") || strings.Contains(html, "aria-") {
		t.Errorf("an unnamed table's box claims a role or a name:\n%s", html)
	}
}

var idAttr = regexp.MustCompile(` (?:id|aria-labelledby)="([^"]*)"`)

// TestTableIDs: tables' ids come from the pack's one generator, so that
// tables of one caption in two reports, a heading of the caption's text,
// a caption that begins with a number (which would read as a dataset
// table's table-2018) and the layout's reserved ids all stay apart, and
// every build gives the same ids. The box names the caption's id.
func TestTableIDs(t *testing.T) {
	docs := []string{
		"# Notes\n\nTable: Notes\n\n| a |\n| - |\n| 1 |\n\nTable: 2018 figures\n\n| a |\n| - |\n| 1 |\n",
		"# Table notes\n\nTable: Notes\n\n| a |\n| - |\n| 1 |\n\nTable: Taken\n\n| a |\n| - |\n| 1 |\n",
	}
	build := func() []string {
		ids := NewIDs()
		ids.ReservePrefix("table-")
		ids.Reserve("table-taken")
		var got []string
		for _, d := range docs {
			html, errs := convert(t, d, Options{Level: 2, IDs: ids})
			if errs != nil {
				t.Fatalf("errors: %v", errs)
			}
			for _, m := range idAttr.FindAllStringSubmatch(html, -1) {
				got = append(got, m[1])
			}
		}
		return got
	}
	got := build()
	want := []string{
		"notes",
		"table-notes", "table-notes",
		"section-table-2018-figures", "section-table-2018-figures",
		"table-notes-1",
		"table-notes-2", "table-notes-2",
		"table-taken-1", "table-taken-1",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("ids in order, each box's name after its caption's id (-want +got):\n%s", diff)
	}
	if again := build(); !cmp.Equal(got, again) {
		t.Errorf("a second build gave other ids: %v, then %v", got, again)
	}
}
