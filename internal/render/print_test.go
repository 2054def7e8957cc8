package render

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/briefing/briefing"
	"github.com/briefing/briefing/internal/pagecheck"
	"github.com/google/go-cmp/cmp"
	"golang.org/x/net/html"
)

// TestRunningHeaderIsCSSString puts text that would break out of a CSS
// string, a style element and the page into the committee's name, and
// checks that the pack's @page rule holds it as one CSS string that reads
// back as the name, with nothing pagecheck refuses.
func TestRunningHeaderIsCSSString(t *testing.T) {
	names := []string{
		`Plain Committee`,
		`Quote " and \ backslash`,
		`"} body { background: url(https://evil.example/x) } @import "https://evil.example/y"; p { content: "`,
		`</style><script>alert(1)</script>`,
		"Line\nbreak and \u00a0 Ünïcode – dash",
		`*/ /* comment`,
		`Cabinet: Finance & Resources (2018/19)`,
		"\"1f after an escape",
	}
	for _, name := range names {
		site := testSite("# Summary\n")
		site.Committees[0].Name = name
		out, err := Site(site, Options{Layouts: briefing.Defaults})
		if err != nil {
			t.Fatalf("%q: %v", name, err)
		}
		page, ok := out.Files["c/2018-03-12/index.html"]
		if !ok {
			t.Fatalf("%q: no pack", name)
		}
		doc, err := html.Parse(strings.NewReader(string(page)))
		if err != nil {
			t.Fatal(err)
		}
		var rule string
		for n := range doc.Descendants() {
			if n.Type == html.ElementNode && n.Data == "style" && n.FirstChild != nil && strings.HasPrefix(n.FirstChild.Data, "@layer pack") {
				rule = n.FirstChild.Data
			}
		}
		if rule == "" {
			t.Fatalf("%q: the pack has no <style> with its @layer pack rule", name)
		}
		if p := pagecheck.Stylesheet([]byte(rule)); len(p) > 0 {
			t.Errorf("%q: pagecheck refuses the @page rule %s: %v", name, rule, p)
		}
		want := []string{name, "Monday 12 March 2018", "Page ", " of "}
		if diff := cmp.Diff(want, pagecheck.Strings([]byte(rule))); diff != "" {
			t.Errorf("%q: the @page rule's strings (-want +got):\n%s\nrule: %s", name, diff, rule)
		}
	}
}

// TestNotesRepeat checks which notes a figure or table prints and where
// it points for the rest.
func TestNotesRepeat(t *testing.T) {
	type shown struct {
		texts     []string
		id, label string
	}
	type want struct {
		notes []note
		refs  []noteRef
	}
	a, b, c := "Note A.", "Note B.", "Note C."
	steps := []shown{
		{[]string{a, b}, "figure-1", "Figure 1"},
		{[]string{a, b}, "figure-2", "Figure 2"},
		{[]string{c, a}, "table-1", "Table 1"},
		{[]string{c}, "", "Table 0"}, // a list
		{[]string{b, c}, "figure-3", "Figure 3"},
	}
	wants := []want{
		{[]note{{a, false}, {b, false}}, nil},
		{[]note{{a, true}, {b, true}}, []noteRef{{"figure-1", "Figure 1", 2}}},
		{[]note{{c, false}, {a, true}}, []noteRef{{"figure-1", "Figure 1", 1}}},
		{[]note{{c, true}}, []noteRef{{"table-1", "Table 1", 1}}},
		{[]note{{b, true}, {c, true}}, []noteRef{{"figure-1", "Figure 1", 1}, {"table-1", "Table 1", 1}}},
	}
	var d packData
	for i, s := range steps {
		notes, refs := d.notes(s.texts, s.id, s.label)
		if diff := cmp.Diff(wants[i], want{notes, refs}, cmp.AllowUnexported(want{})); diff != "" {
			t.Errorf("%s %v (-want +got):\n%s", s.label, s.texts, diff)
		}
	}
	// A list's notes are never pointed at: a note first shown under one
	// stays unmarked under the next.
	var e packData
	e.notes([]string{a}, "", "Table 0")
	if notes, refs := e.notes([]string{a}, "figure-1", "Figure 1"); notes[0].Repeat || refs != nil {
		t.Errorf("a note first shown under a list: got %v %v, want it shown again", notes, refs)
	}
}

// FuzzCSSString holds cssString to its promise: one string token that a
// browser reads back as the text, in a stylesheet pagecheck accepts.
func FuzzCSSString(f *testing.F) {
	for _, s := range []string{"Committee", `"}</style>`, "a\\3c b", "\x00\n\r\f", "\u00a0\u2028\ufeff"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if !utf8.ValidString(s) {
			return
		}
		rule := "p::after { content: " + string(cssString(s)) + " }"
		if p := pagecheck.Stylesheet([]byte(rule)); len(p) > 0 {
			t.Fatalf("%q: pagecheck refuses %s: %v", s, rule, p)
		}
		got := pagecheck.Strings([]byte(rule))
		want := strings.ReplaceAll(s, "\x00", "\ufffd") // CSS reads NUL as U+FFFD
		if len(got) != 1 || got[0] != want {
			t.Fatalf("%q: %s reads back as %q", s, rule, got)
		}
	})
}
