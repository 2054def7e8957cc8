package markdown

import (
	"bytes"
	"strings"

	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/util"
)

// Tables in commentary must be accessible: a caption, and header cells that
// say which cells they head. GFM has no caption syntax, so a paragraph
// "Table: what it shows" directly above a table becomes its caption (the
// convention Pandoc reads too), and a table without one is a mistake.
//
// A table is drawn as a dataset's table is (layouts/partials/dataset.html):
// in a box that scrolls on its own on a narrow screen, a region named by
// the caption, whose id comes from the pack's IDs ("table-" and the
// caption's slug), so that it is unique in the pack and the same in every
// build. GFM cannot say which column heads the rows, so the stylesheet
// keeps the first column in view, as a table's first column is nearly
// always its labels; the cells stay as written. A right-aligned column
// holds figures: its cells are class "num", and never wrap.

const captionPrefix = "Table:"

// kindCaption is the node kind of a table's caption.
var kindCaption = ast.NewNodeKind("Caption")

type caption struct {
	ast.BaseBlock
	id string // unique in the pack; the table's box is named by it
}

func (n *caption) Kind() ast.NodeKind { return kindCaption }

func (n *caption) Dump(source []byte, level int) { ast.DumpHelper(n, source, level, nil, nil) }

// table gives t its caption from the paragraph above it, and scope to its
// header cells.
func (c *check) table(t *east.Table) {
	p, ok := t.PreviousSibling().(*ast.Paragraph)
	if !ok || !strings.HasPrefix(plainText(p, c.src), captionPrefix) {
		c.fail(t, "table has no caption; write a line \"%s what the table shows\" directly above it", captionPrefix)
	} else {
		cap := &caption{}
		cap.id = string(c.opts.IDs.Generate([]byte("table "+plainText(p, c.src)[len(captionPrefix):]), kindCaption))
		for n := p.FirstChild(); n != nil; {
			next := n.NextSibling()
			cap.AppendChild(cap, n)
			n = next
		}
		trimPrefix(cap, c.src)
		p.Parent().RemoveChild(p.Parent(), p)
		t.InsertBefore(t, t.FirstChild(), cap)
	}
	for row := t.FirstChild(); row != nil; row = row.NextSibling() {
		_, header := row.(*east.TableHeader)
		_, body := row.(*east.TableRow)
		for cell := row.FirstChild(); cell != nil && (header || body); cell = cell.NextSibling() {
			switch c, _ := cell.(*east.TableCell); {
			case header:
				cell.SetAttributeString("scope", []byte("col"))
			case c != nil && c.Alignment == east.AlignRight:
				cell.SetAttributeString("class", []byte("num"))
			}
		}
	}
}

// trimPrefix removes "Table:" and the spaces after it from the caption's
// first text.
func trimPrefix(cap ast.Node, src []byte) {
	t, ok := cap.FirstChild().(*ast.Text)
	if !ok {
		return
	}
	seg := t.Segment
	v := seg.Value(src)
	if !bytes.HasPrefix(v, []byte(captionPrefix)) {
		return
	}
	start := seg.Start + len(captionPrefix)
	for start < seg.Stop && (src[start] == ' ' || src[start] == '\t') {
		start++
	}
	t.Segment = seg.WithStart(start)
}

// tableRenderer writes the caption, and wraps each table in a container
// that scrolls on its own on a narrow screen, so the page itself never
// does. The container takes keyboard focus, so it can be scrolled without a
// mouse, and is a region named by the caption, so that a screen reader says
// what it has reached. A table without a caption is a mistake reported as
// it is parsed, so no page shows one; its box is left unnamed.
type tableRenderer struct{}

func (tableRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(east.KindTable, func(w util.BufWriter, _ []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			_, _ = w.WriteString("</table>\n</div>\n")
			return ast.WalkContinue, nil
		}
		_, _ = w.WriteString("<div class=\"table-scroll\" tabindex=\"0\"")
		if cap, ok := n.FirstChild().(*caption); ok {
			_, _ = w.WriteString(" role=\"region\" aria-labelledby=\"")
			_, _ = w.Write(util.EscapeHTML([]byte(cap.id)))
			_, _ = w.WriteString("\"")
		}
		_, _ = w.WriteString(">\n<table class=\"prose-table\">\n")
		return ast.WalkContinue, nil
	})
	reg.Register(kindCaption, func(w util.BufWriter, _ []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering {
			_, _ = w.WriteString("<caption id=\"")
			_, _ = w.Write(util.EscapeHTML([]byte(n.(*caption).id)))
			_, _ = w.WriteString("\">")
		} else {
			_, _ = w.WriteString("</caption>\n")
		}
		return ast.WalkContinue, nil
	})
}
