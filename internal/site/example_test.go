package site

import (
	"bytes"
	"fmt"
	"os"
	"path"
	"slices"
	"strings"
	"testing"

	"github.com/briefing/briefing"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// TestExampleSite builds the example site at the repository root, as
// "go run ./cmd/briefing build" does, and checks every page it writes for
// the mistakes a template or the markdown stage could make.
func TestExampleSite(t *testing.T) {
	res, err := Build(os.DirFS("../.."), Options{Defaults: briefing.Defaults})
	if err != nil {
		t.Fatalf("the example site does not build:\n%v", err)
	}
	if res.Packs < 2 {
		t.Errorf("example site has %d packs, want at least 2", res.Packs)
	}
	for _, p := range slices.Sorted(mapKeys(res.Files)) {
		t.Run(p, func(t *testing.T) {
			for _, msg := range CheckPage(p, res.Files[p], res.Files) {
				t.Error(msg)
			}
		})
	}
}

// CheckPage returns what is wrong with the HTML page at name: escaping
// leftovers, references that leave the file or the output, broken
// fragments, and the structure every page promises.
func CheckPage(name string, data []byte, files map[string][]byte) []string {
	var problems []string
	fail := func(format string, args ...any) { problems = append(problems, fmt.Sprintf(format, args...)) }
	for _, bad := range []string{"ZgotmplZ", "&amp;lt;", "&amp;gt;", "&amp;amp;", "{{", "}}", "<no value>", "%!"} {
		if bytes.Contains(data, []byte(bad)) {
			fail("contains %q", bad)
		}
	}
	doc, err := html.Parse(bytes.NewReader(data))
	if err != nil {
		return append(problems, "does not parse: "+err.Error())
	}
	ids := map[string]int{}
	var refs []string
	var h1s int
	var headings []int
	var firstHeadChild *html.Node
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			if n.DataAtom == atom.Head {
				for c := n.FirstChild; c != nil; c = c.NextSibling {
					if c.Type == html.ElementNode {
						firstHeadChild = c
						break
					}
				}
			}
			switch n.DataAtom {
			case atom.Script, atom.Iframe, atom.Object, atom.Embed, atom.Link, atom.Base, atom.Form:
				fail("has a <%s> element", n.Data)
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
				case strings.HasPrefix(strings.ToLower(a.Key), "on"):
					fail("<%s> has an event handler %s", n.Data, a.Key)
				case a.Key == "id":
					ids[a.Val]++
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

	if firstHeadChild == nil || firstHeadChild.DataAtom != atom.Meta || attrOr(firstHeadChild, "http-equiv") != "Content-Security-Policy" {
		fail("the first element in <head> is not the Content-Security-Policy")
	}
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

func attr(n *html.Node, key string) (string, bool) {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val, true
		}
	}
	return "", false
}

func attrOr(n *html.Node, key string) string {
	v, _ := attr(n, key)
	return v
}

// TestCheckPageCatches shows that each check of CheckPage can fail.
func TestCheckPageCatches(t *testing.T) {
	const head = `<!DOCTYPE html><html lang="en-GB"><head><meta http-equiv="Content-Security-Policy" content="x"><title>t</title></head><body>`
	files := map[string][]byte{"index.html": nil, "c/index.html": nil}
	tests := []struct{ page, want string }{
		{head + `<h1>A</h1><p>ZgotmplZ</p>`, `contains "ZgotmplZ"`},
		{head + `<h1>A</h1><p>&amp;lt;b&gt;</p>`, `contains "&amp;lt;"`},
		{head + `<h1>A</h1><p>{{.Title}}</p>`, `contains "{{"`},
		{head + `<h1>A</h1><img src="https://example.org/x.png" alt="x">`, `src=https://example.org/x.png is not inline`},
		{head + `<h1>A</h1><img src="data:image/png;base64,AA==">`, `an <img> has no alt attribute`},
		{head + `<h1>A</h1><a href="#nowhere">x</a>`, `href=#nowhere points to no element`},
		{head + `<h1>A</h1><a href="../../etc/passwd">x</a>`, `leaves the output`},
		{head + `<h1>A</h1><a href="javascript:alert(1)">x</a>`, `is neither a relative link nor a web address`},
		{head + `<h1>A</h1><a href="c/missing.html">x</a>`, `c/missing.html is not a file of the build`},
		{head + `<h1>A</h1><p onclick="x()">x</p>`, `event handler onclick`},
		{head + `<h1>A</h1><script>x()</script>`, `has a <script> element`},
		{head + `<h1>A</h1><link rel="stylesheet" href="https://example.org/a.css">`, `has a <link> element`},
		{head + `<h1>A</h1><h1>B</h1>`, `has 2 h1 elements`},
		{head + `<h1>A</h1><h3>B</h3>`, `heading level jumps from h1 to h3`},
		{head + `<h1 id="a">A</h1><p id="a">x</p>`, `id "a" is used 2 times`},
		{`<!DOCTYPE html><html><head><title>t</title><meta http-equiv="Content-Security-Policy" content="x"></head><body><h1>A</h1>`, `first element in <head> is not the Content-Security-Policy`},
	}
	for _, tt := range tests {
		got := strings.Join(CheckPage("index.html", []byte(tt.page), files), "\n")
		if !strings.Contains(got, tt.want) {
			t.Errorf("CheckPage(%s)\ngot:  %s\nwant: %s", tt.page[len(head)-6:], got, tt.want)
		}
	}
	if got := CheckPage("index.html", []byte(head+`<h1 id="a">A</h1><a href="#a">x</a><a href="c/index.html">c</a>`), files); len(got) != 0 {
		t.Errorf("a good page has problems: %v", got)
	}
}
