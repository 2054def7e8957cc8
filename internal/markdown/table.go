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

const captionPrefix = "Table:"

// kindCaption is the node kind of a table's caption.
var kindCaption = ast.NewNodeKind("Caption")

type caption struct{ ast.BaseBlock }

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
		for n := p.FirstChild(); n != nil; {
			next := n.NextSibling()
			cap.AppendChild(cap, n)
			n = next
		}
		trimPrefix(cap, c.src)
		p.Parent().RemoveChild(p.Parent(), p)
		t.InsertBefore(t, t.FirstChild(), cap)
	}
	for h := t.FirstChild(); h != nil; h = h.NextSibling() {
		if _, ok := h.(*east.TableHeader); ok {
			for cell := h.FirstChild(); cell != nil; cell = cell.NextSibling() {
				cell.SetAttributeString("scope", []byte("col"))
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
// mouse.
type tableRenderer struct{}

func (tableRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(east.KindTable, func(w util.BufWriter, _ []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering {
			_, _ = w.WriteString("<div class=\"table-scroll\" tabindex=\"0\">\n<table>\n")
		} else {
			_, _ = w.WriteString("</table>\n</div>\n")
		}
		return ast.WalkContinue, nil
	})
	reg.Register(kindCaption, func(w util.BufWriter, _ []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering {
			_, _ = w.WriteString("<caption>")
		} else {
			_, _ = w.WriteString("</caption>\n")
		}
		return ast.WalkContinue, nil
	})
}
