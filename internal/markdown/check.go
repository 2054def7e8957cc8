package markdown

import (
	"html"
	"net/url"
	"path"
	"strings"

	"github.com/briefing/briefing/internal/diag"
	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
)

type check struct {
	*state
	src      []byte
	htmlLine int               // line of the last raw HTML reported
	bySlug   map[string]string // a heading's slug → the id of the first heading with it
}

// at is the position of n in the file, or of the nearest ancestor that has
// one.
func (c *check) at(n ast.Node) diag.Pos {
	for ; n != nil; n = n.Parent() {
		if p := n.Pos(); p >= 0 {
			return diag.At(c.path, c.src, p)
		}
		if n.Type() == ast.TypeBlock && n.Lines().Len() > 0 {
			return diag.At(c.path, c.src, n.Lines().At(0).Start)
		}
	}
	return diag.Pos{Path: c.path}
}

func (c *check) fail(n ast.Node, format string, args ...any) {
	c.errs.Add(c.at(n), format, args...)
}

func (c *check) node(n ast.Node) ast.WalkStatus {
	switch n := n.(type) {
	case *ast.HTMLBlock, *ast.RawHTML:
		// One report per line: <b>x</b> is one mistake, not two.
		if at := c.at(n); at.Line != c.htmlLine {
			c.htmlLine = at.Line
			c.errs.Add(at, "raw HTML is not allowed in commentary; write it in markdown (a pack carries no HTML from its sources)")
		}
		return ast.WalkSkipChildren
	case *ast.Link:
		c.link(n, string(n.Destination))
	case *ast.AutoLink:
		if n.AutoLinkType == ast.AutoLinkURL {
			c.link(n, string(n.URL(c.src)))
		}
	case *ast.Image:
		c.image(n)
	case *east.Table:
		c.table(n)
	}
	return ast.WalkContinue
}

// safeSchemes are the link schemes a pack may carry. Everything else,
// including javascript: and data:, is refused.
var safeSchemes = map[string]bool{"https": true, "http": true, "mailto": true, "tel": true}

func (c *check) link(n ast.Node, dest string) {
	// Browsers decode character references in href before reading the
	// scheme: jav&#x61;script: is javascript:.
	dest = html.UnescapeString(dest)
	d := strings.TrimSpace(dest)
	if strings.HasPrefix(d, "#") && len(d) > 1 && !strings.ContainsAny(d, " \"'<>") {
		c.fragment(n, d[1:])
		return
	}
	u, err := url.Parse(d)
	switch {
	case err != nil || d == "":
		c.fail(n, "link %q is not a valid address", dest)
	case u.Scheme == "" && u.Host != "":
		c.fail(n, "link %q has no scheme; write the address in full, such as https:%s", dest, d)
	case u.Scheme == "" && u.Host == "":
		c.fail(n, "link %q points to a file, which a single-file pack cannot carry; link to a web address or a #heading", dest)
	case !safeSchemes[strings.ToLower(u.Scheme)]:
		c.fail(n, "link %q uses a scheme that is not allowed; use https:, http:, mailto:, tel: or a #heading", dest)
	case strings.HasPrefix(strings.ToLower(u.Scheme), "http") && u.Host == "":
		c.fail(n, "link %q is not a full web address; write it as %s://host/page", dest, strings.ToLower(u.Scheme))
	}
}

// fragment records a link to #id. An author links to a heading of the same
// document by its slug; when the pack renamed that heading's id (another
// document had taken it), the link follows the heading.
func (c *check) fragment(n ast.Node, id string) {
	if to, ok := c.bySlug[id]; ok && to != id {
		id = to
		if l, ok := n.(*ast.Link); ok {
			l.Destination = []byte("#" + id)
		}
	}
	c.fragments = append(c.fragments, Fragment{ID: id, At: c.at(n)})
}

func (c *check) image(n *ast.Image) {
	dest := string(n.Destination)
	if len(plainText(n, c.src)) == 0 {
		c.fail(n, "image %q has no alternative text; say what it shows: ![Map of the three sectors](%s)", dest, dest)
	}
	u, err := url.Parse(dest)
	switch {
	case err != nil || dest == "":
		c.fail(n, "image %q is not a valid file name", dest)
		return
	case u.Scheme != "" || u.Host != "":
		c.fail(n, "image %q is not a local file; a pack must open with no network, so save the image beside the report and name the file", dest)
		return
	case u.RawQuery != "" || u.Fragment != "" || strings.HasPrefix(dest, "/"):
		c.fail(n, "image %q must be a file path relative to this document", dest)
		return
	}
	name := path.Join(path.Dir(c.path), u.Path)
	if strings.HasPrefix(name, "../") || name == ".." {
		c.fail(n, "image %q is outside the site folder", dest)
		return
	}
	if c.opts.Image == nil {
		c.fail(n, "images are not allowed here")
		return
	}
	uri, err := c.opts.Image(name)
	if err != nil {
		c.fail(n, "%v", err)
		return
	}
	n.Destination = []byte(uri)
}

// headings shifts every heading of the document so that its top level sits
// at opts.Level+1, and refuses levels that skip.
func (c *check) headings(doc ast.Node) {
	top := 7
	for h := range eachHeading(doc) {
		top = min(top, h.Level)
	}
	prev := top - 1
	for h := range eachHeading(doc) {
		if h.Level > prev+1 && prev < top {
			c.fail(h, "the first heading is %s but a later one is %s; start with %s",
				strings.Repeat("#", h.Level), strings.Repeat("#", top), strings.Repeat("#", top))
		} else if h.Level > prev+1 {
			c.fail(h, "heading level jumps from %s to %s; use %s here, or add the heading in between",
				strings.Repeat("#", prev), strings.Repeat("#", h.Level), strings.Repeat("#", prev+1))
		}
		prev = h.Level
		level := h.Level - top + c.opts.Level + 1
		if level > 6 {
			c.fail(h, "heading is nested too deeply for a pack (level %d inside this section); use fewer levels", h.Level)
			level = 6
		}
		h.Level = level
		id, _ := h.AttributeString("id")
		idb, _ := id.([]byte)
		c.heads = append(c.heads, Heading{Level: level, ID: string(idb), Text: plainText(h, c.src)})
	}
	c.bySlug = map[string]string{}
	for _, h := range c.heads {
		if s := Slug(h.Text); c.bySlug[s] == "" {
			c.bySlug[s] = h.ID
		}
	}
}

// eachHeading yields every heading of the document in order, including
// those inside block quotes and lists.
func eachHeading(doc ast.Node) func(func(*ast.Heading) bool) {
	return func(yield func(*ast.Heading) bool) {
		_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
			if h, ok := n.(*ast.Heading); ok && entering {
				if !yield(h) {
					return ast.WalkStop, nil
				}
				return ast.WalkSkipChildren, nil
			}
			return ast.WalkContinue, nil
		})
	}
}

// plainText is the text of n's inline content, without markup.
func plainText(n ast.Node, src []byte) string {
	var b strings.Builder
	_ = ast.Walk(n, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Text:
			b.Write(n.Value(src))
			if n.SoftLineBreak() || n.HardLineBreak() {
				b.WriteByte(' ')
			}
		case *ast.String:
			b.Write(n.Value)
		case *ast.CodeSpan:
			for c := n.FirstChild(); c != nil; c = c.NextSibling() {
				if t, ok := c.(*ast.Text); ok {
					b.Write(t.Value(src))
				}
			}
			return ast.WalkSkipChildren, nil
		case *east.FootnoteLink:
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	return strings.TrimSpace(b.String())
}
