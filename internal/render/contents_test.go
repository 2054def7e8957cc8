package render

import (
	"testing"

	"github.com/briefing/briefing/internal/markdown"
	"github.com/google/go-cmp/cmp"
)

// TestOutline holds how a document's headings (shifted into a pack
// section, so its top level is h3) nest in the contents: as they nest,
// down to a document's third level (h5), deeper ones left out.
func TestOutline(t *testing.T) {
	h := func(level int, id string) markdown.Heading { return markdown.Heading{Level: level, ID: id, Text: id} }
	e := func(id string, children ...Entry) Entry { return Entry{ID: id, Text: id, Children: children} }
	for _, tc := range []struct {
		name  string
		heads []markdown.Heading
		want  []Entry
	}{
		{"none", nil, nil},
		{"flat", []markdown.Heading{h(3, "a"), h(3, "b")}, []Entry{e("a"), e("b")}},
		{
			"nested to h5, h6 left out",
			[]markdown.Heading{h(3, "a"), h(4, "a1"), h(5, "a1x"), h(6, "deep"), h(5, "a1y"), h(4, "a2"), h(3, "b"), h(4, "b1")},
			[]Entry{e("a", e("a1", e("a1x"), e("a1y")), e("a2")), e("b", e("b1"))},
		},
		{
			"back up two levels",
			[]markdown.Heading{h(3, "a"), h(4, "a1"), h(5, "a1x"), h(3, "b"), h(4, "b1"), h(5, "b1x"), h(5, "b1y")},
			[]Entry{e("a", e("a1", e("a1x"))), e("b", e("b1", e("b1x"), e("b1y")))},
		},
		{
			// many siblings, so that appending moves the lists in memory
			"many siblings",
			[]markdown.Heading{h(3, "a"), h(4, "1"), h(4, "2"), h(4, "3"), h(4, "4"), h(5, "4x"), h(4, "5"), h(5, "5x"), h(3, "b"), h(3, "c"), h(3, "d"), h(3, "e"), h(4, "e1")},
			[]Entry{e("a", e("1"), e("2"), e("3"), e("4", e("4x")), e("5", e("5x"))), e("b"), e("c"), e("d"), e("e", e("e1"))},
		},
	} {
		if diff := cmp.Diff(tc.want, outline(tc.heads)); diff != "" {
			t.Errorf("%s: outline (-want +got):\n%s", tc.name, diff)
		}
	}
}
