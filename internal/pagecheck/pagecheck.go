// Package pagecheck reads a generated page the way a browser would and
// lists what would make it unfit to publish. Page is the guarantee the
// build holds every written page to (no script, no request, no navigation,
// the Content-Security-Policy first in <head>), and Stylesheet and CSS the
// same guarantee for CSS. Check, Safe and Leftovers add what tests of every
// stage that produces pages look for: escaping leftovers from a template,
// references that leave the file or the output, broken fragments, and the
// page structure every page promises (one h1, no skipped heading levels,
// unique ids).
package pagecheck

import (
	"bytes"
	"fmt"
	"path"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// Check returns what is wrong with the HTML page at name: Leftovers and
// Safe together.
func Check(name string, data []byte, files map[string][]byte) []string {
	return append(Leftovers(data), Safe(name, data, files)...)
}

// Leftovers lists signs that a template misbehaved: html/template's
// ZgotmplZ, text escaped twice, unexpanded actions, fmt's error verbs. A
// site whose own text contains such strings (a hostile one) trips it
// legitimately; use Safe alone there.
func Leftovers(data []byte) []string {
	var problems []string
	for _, bad := range []string{"ZgotmplZ", "&amp;lt;", "&amp;gt;", "&amp;amp;", "{{", "}}", "<no value>", "%!"} {
		if bytes.Contains(data, []byte(bad)) {
			problems = append(problems, fmt.Sprintf("contains %q", bad))
		}
	}
	return problems
}

// Safe lists what is unsafe or broken in the page whatever text it holds:
// script, event handlers, references that leave the file or the output,
// broken fragments, and the structure every page promises.
func Safe(name string, data []byte, files map[string][]byte) []string {
	_, problems := Page(data)
	fail := func(format string, args ...any) { problems = append(problems, fmt.Sprintf(format, args...)) }
	doc, err := html.Parse(bytes.NewReader(data))
	if err != nil {
		return append(problems, "does not parse: "+err.Error())
	}
	ids := map[string]int{}
	var refs []string
	var h1s int
	var headings []int
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			switch n.DataAtom {
			case atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6:
				level := int(n.Data[1] - '0')
				headings = append(headings, level)
				if level == 1 {
					h1s++
				}
			case atom.Img:
				if _, ok := attr(n, "alt"); !ok {
					fail("an <img> has no alt attribute")
				}
			}
			for _, a := range n.Attr {
				switch {
				case a.Key == "id":
					ids[a.Val]++
				case a.Key == "href" && csvDownload(n):
					// A CSV download link holds its file.
				case a.Key == "href" || a.Key == "src":
					refs = append(refs, a.Key+"="+a.Val)
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)

	if h1s != 1 {
		fail("has %d h1 elements, want 1", h1s)
	}
	for i := 1; i < len(headings); i++ {
		if headings[i] > headings[i-1]+1 {
			fail("heading level jumps from h%d to h%d", headings[i-1], headings[i])
		}
	}
	for id, n := range ids {
		if n > 1 {
			fail("id %q is used %d times", id, n)
		}
	}
	for _, ref := range refs {
		key, val, _ := strings.Cut(ref, "=")
		switch {
		case strings.HasPrefix(val, "#"):
			if ids[val[1:]] == 0 {
				fail("%s points to no element", ref)
			}
		case key == "src":
			if !strings.HasPrefix(val, "data:image/") {
				fail("%s is not inline: a pack must open with no network", ref)
			}
		case strings.HasPrefix(val, "https://"), strings.HasPrefix(val, "http://"), strings.HasPrefix(val, "mailto:"), strings.HasPrefix(val, "tel:"):
			// Links the reader may follow; nothing is loaded.
		case strings.Contains(val, ":"), strings.HasPrefix(val, "/"):
			fail("%s is neither a relative link nor a web address", ref)
		default:
			target := path.Join(path.Dir(name), val)
			if _, ok := files[target]; strings.HasPrefix(target, "../") || !ok {
				fail("%s leaves the output: %s is not a file of the build", ref, target)
			}
		}
	}
	return problems
}
