package markdown

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/briefing/briefing/internal/diag"
	"github.com/briefing/briefing/internal/model"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// References to datasets. Commentary places a dataset's table, or one of
// its charts (its first when the chart is not named), with a line of its
// own,
//
//	[[table wmp2020/robbery]]
//	[[chart wmp2020/robbery by-area]]
//
// refers to a chart placed anywhere in the pack by its figure number,
//
//	As [[figure wmp2020/robbery by-area]] shows, …
//
// and quotes a figure inside a sentence by dataset, row and column,
// separated by " / " with a space either side:
//
//	Robbery in Coventry rose by [[wmp2020/robbery / Coventry / Change]].
//
// A reference is parsed once, by the inline parser, into a node holding
// what it asks for (see RefKind), or the mistake that makes it none; every
// later step reads the node. A reference cannot hold another:
// [[a / [[b / c / d]] / e]] is an error, not a figure in brackets.
//
// Figures are computed and formatted by the pack (Options.Data), so a
// sentence can never drift from the table it quotes; a figure and a link
// to a chart are text, resolved as the document is converted. A table or
// a chart is only placed then: Data checks it and numbers it, and the
// Result holds it as a Block between the converted HTML, for the pack to
// draw.

// ErrReported is returned by a Data whose answer depends on a mistake
// reported elsewhere (a dataset file that could not be read): the
// reference is not reported again.
var ErrReported = errors.New("already reported")

// Data answers the references of one pack's documents as they are
// converted.
type Data interface {
	// Table places a dataset's table and returns its number in the pack,
	// 0 for a list, which is not numbered.
	Table(id string) (number int, err error)
	// Value returns one figure as text, formatted by its column's rules.
	Value(id, row, column string) (string, error)
	// Chart places a dataset's chart (chartID "" for its first) and
	// returns its figure number.
	Chart(id, chartID string) (number int, err error)
	// Figure returns how to refer to a chart: "Figure 2" and its element id.
	Figure(id, chartID string) (text, anchor string, err error)
}

// BlockKinds are the kinds of reference that a Result holds as a Block,
// for the caller to draw.
var BlockKinds = []RefKind{RefTable, RefChart}

// Block is a table or a chart placed in a document.
type Block struct {
	Kind    RefKind // one of BlockKinds
	Dataset string
	Chart   string   // a chart's id, "" for the dataset's first
	Number  int      // what Data numbered it: Table n or Figure n; 0 for a list
	At      diag.Pos // the reference, for mistakes found in drawing it
}

// Segment is a piece of a converted document: HTML, or a Block for the
// caller to draw in its place.
type Segment struct {
	HTML  []byte
	Block *Block // nil for HTML
}

var (
	kindDataRef   = ast.NewNodeKind("DataRef")
	kindDataBlock = ast.NewNodeKind("DataBlock")
)

// RefKind is what a [[…]] reference asks for.
type RefKind int

// The kinds of reference.
const (
	RefValue  RefKind = iota // [[dataset / row / column]]: one figure, as text
	RefTable                 // [[table dataset]]: the dataset's table
	RefChart                 // [[chart dataset]] or [[chart dataset chart]]: a chart
	RefFigure                // [[figure dataset]] or [[figure dataset chart]]: a link to a chart
)

func (k RefKind) String() string {
	return [...]string{RefValue: "value", RefTable: "table", RefChart: "chart", RefFigure: "figure"}[k]
}

// Reference is what a [[…]] reference asks for, as written: not yet
// resolved.
type Reference struct {
	Kind        RefKind
	Dataset     string
	Chart       string // of a chart or figure: its id, "" for the dataset's first
	Row, Column string // of a value
}

// dataRef is a [[…]] reference, parsed once by dataRefParser: every later
// step reads its fields, never its text.
type dataRef struct {
	ast.BaseInline
	Ref     Reference
	Written string // the reference as written, trimmed, for messages
	// Mistake says why the text is not a reference, to be reported at the
	// node's position instead of resolving it.
	Mistake string
	// Nested is set for a reference that holds another, [[a / [[b]] ]]:
	// a mistake, reported whole rather than resolving the inner one and
	// publishing the outer brackets as text.
	Nested bool
}

func (n *dataRef) Kind() ast.NodeKind { return kindDataRef }

func (n *dataRef) Dump(source []byte, level int) { ast.DumpHelper(n, source, level, nil, nil) }

// dataBlock is a placed table or chart, in place of the paragraph of its
// reference.
type dataBlock struct {
	ast.BaseBlock
	Block Block
}

func (n *dataBlock) Kind() ast.NodeKind { return kindDataBlock }

func (n *dataBlock) Dump(source []byte, level int) { ast.DumpHelper(n, source, level, nil, nil) }

type dataRefParser struct{}

func (dataRefParser) Trigger() []byte { return []byte{'['} }

func (dataRefParser) Parse(_ ast.Node, block text.Reader, _ parser.Context) ast.Node {
	line, _ := block.PeekLine()
	if !bytes.HasPrefix(line, []byte("[[")) {
		return nil
	}
	end := bytes.Index(line, []byte("]]"))
	if end < 0 {
		return nil
	}
	ref := line[2:end]
	if bytes.Contains(ref, []byte("[[")) {
		if end = nestedEnd(line); end < 0 {
			return nil // the outer one is never closed: text, then a reference
		}
		block.Advance(end + 2)
		text := strings.TrimSpace(string(line[2:end]))
		return &dataRef{Written: text, Nested: true, Mistake: fmt.Sprintf("[[%s]] holds another reference; a reference names a dataset, a row and a column as plain text, so write each reference on its own", text)}
	}
	if len(bytes.TrimSpace(ref)) == 0 || bytes.ContainsAny(ref, "[]") {
		return nil
	}
	block.Advance(end + 2)
	return parseRef(string(ref))
}

// parseRef reads the text between [[ and ]].
func parseRef(inner string) *dataRef {
	text := strings.TrimSpace(inner)
	n := &dataRef{Written: text}
	if rest, ok := strings.CutPrefix(text, "table "); ok {
		n.Ref.Kind, n.Ref.Dataset = RefTable, strings.TrimSpace(rest)
		return n
	}
	for _, k := range []RefKind{RefChart, RefFigure} {
		if rest, ok := strings.CutPrefix(text, k.String()+" "); ok {
			n.Ref.Kind = k
			f := strings.Fields(rest)
			if len(f) < 1 || len(f) > 2 {
				n.Mistake = fmt.Sprintf("[[%s]] is not a reference; write [[%s dataset]] or [[%s dataset chart]]", text, k, k)
				return n
			}
			n.Ref.Dataset, n.Ref.Chart = f[0], strings.Join(f[1:], "")
			return n
		}
	}
	// The parts are separated by " / ", with spaces: a dataset id
	// (wmp2020/robbery) and a label (2017/18) may hold a bare slash.
	parts := strings.SplitN(text, " / ", 4)
	for i := range parts {
		parts[i] = strings.TrimSpace(parts[i])
	}
	if len(parts) != 3 || slices.Contains(parts, "") {
		n.Mistake = fmt.Sprintf("[[%s]] is not a reference; write [[table dataset]] for a table, or [[dataset / row / column]] for a figure, with a space either side of each /", text)
		return n
	}
	n.Ref = Reference{Kind: RefValue, Dataset: parts[0], Row: parts[1], Column: parts[2]}
	return n
}

// nestedEnd returns where the "]]" that closes the "[[" at the start of
// line is, counting the pairs opened and closed inside it, or -1.
func nestedEnd(line []byte) int {
	depth := 0
	for i := 0; i+1 < len(line); i++ {
		switch string(line[i : i+2]) {
		case "[[":
			depth++
			i++
		case "]]":
			if depth--; depth == 0 {
				return i
			}
			i++
		}
	}
	return -1
}

// dataRenderer renders a placed block as a cut in the output, where the
// caller draws it: the writer is Convert's segments.
type dataRenderer struct{}

func (dataRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(kindDataBlock, func(w util.BufWriter, _ []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		s, ok := w.(*segments)
		if !ok {
			return ast.WalkStop, errors.New("a placed table or chart is rendered by Convert only")
		}
		if entering {
			s.cut(&n.(*dataBlock).Block)
		}
		return ast.WalkSkipChildren, nil
	})
	// An unresolved reference is an error already reported; it writes
	// nothing.
	reg.Register(kindDataRef, func(util.BufWriter, []byte, ast.Node, bool) (ast.WalkStatus, error) {
		return ast.WalkSkipChildren, nil
	})
}

// Charts lists the charts a document places, in order, as [dataset,
// chart] pairs (chart "" for a dataset's first): what a pack needs to
// number its figures before the text that refers to them is converted.
func Charts(doc model.Doc) [][2]string {
	var out [][2]string
	for _, r := range References(doc) {
		if r.Kind == RefChart {
			out = append(out, [2]string{r.Dataset, r.Chart})
		}
	}
	return out
}

// References lists the well-formed references a document holds, in
// order. It reads the document with the same parser as Convert, so a
// reference in code is no reference.
func References(doc model.Doc) []Reference {
	var errs diag.List
	if !precheck(doc, &errs) {
		return nil // too costly to parse; Convert reports why
	}
	root := md.Parser().Parse(text.NewReader(doc.Source))
	var out []Reference
	_ = ast.Walk(root, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if r, ok := n.(*dataRef); ok && entering && r.Mistake == "" && !r.Nested {
			out = append(out, r.Ref)
		}
		return ast.WalkContinue, nil
	})
	return out
}

// resolve replaces each reference found by the walk with what it asks
// for.
func (c *check) resolve(refs []*dataRef) {
	seen := map[*dataRef]bool{}
	for _, n := range refs {
		// A node is met twice when a transformer moved it during the walk
		// (a table's caption), and has no parent once replaced.
		if seen[n] || n.Parent() == nil {
			continue
		}
		seen[n] = true
		c.reference(n)
	}
}

// reference resolves one reference, or reports why it cannot.
func (c *check) reference(n *dataRef) {
	switch {
	case n.Nested:
		c.fail(n, "%s", n.Mistake)
	case inside[*ast.Heading](n):
		c.fail(n, "[[%s]] is in a heading; put figures and references in the text, where the contents list does not repeat them", n.Written)
	case c.opts.Data == nil:
		c.fail(n, "dataset references are not available here")
	case n.Ref.Kind == RefFigure:
		c.figure(n)
	case n.Ref.Kind == RefTable, n.Ref.Kind == RefChart:
		c.block(n)
	case n.Ref.Kind == RefValue:
		c.value(n)
	}
}

// figure replaces a figure reference with a link to the chart.
func (c *check) figure(n *dataRef) {
	if n.Mistake != "" {
		c.fail(n, "%s", n.Mistake)
		return
	}
	if inside[*ast.Link](n) {
		c.fail(n, "[[%s]] is inside a link; a figure reference is a link itself", n.Written)
		return
	}
	text, anchor, err := c.opts.Data.Figure(n.Ref.Dataset, n.Ref.Chart)
	if !c.answered(n, err) {
		return
	}
	link := ast.NewLink()
	link.Destination = []byte("#" + anchor)
	c.fragments = append(c.fragments, Fragment{ID: anchor, At: c.at(n)})
	link.AppendChild(link, ast.NewString([]byte(text)))
	n.Parent().ReplaceChild(n.Parent(), n, link)
}

// block places a table or a chart in place of the paragraph of its
// reference.
func (c *check) block(n *dataRef) {
	p, alone := n.Parent().(*ast.Paragraph)
	if !alone || p.ChildCount() != 1 {
		c.fail(n, "a %s reference must be a paragraph of its own: put [[%s]] on its own line, with blank lines around it", n.Ref.Kind, n.Written)
		return
	}
	if n.Mistake != "" {
		c.fail(n, "%s", n.Mistake)
		return
	}
	b := Block{Kind: n.Ref.Kind, Dataset: n.Ref.Dataset, Chart: n.Ref.Chart, At: c.at(n)}
	var err error
	if b.Kind == RefTable {
		b.Number, err = c.opts.Data.Table(b.Dataset)
	} else {
		b.Number, err = c.opts.Data.Chart(b.Dataset, b.Chart)
	}
	if !c.answered(n, err) {
		return
	}
	p.Parent().ReplaceChild(p.Parent(), p, &dataBlock{Block: b})
}

// value replaces a reference to a figure with its text.
func (c *check) value(n *dataRef) {
	if n.Mistake != "" {
		c.fail(n, "%s", n.Mistake)
		return
	}
	v, err := c.opts.Data.Value(n.Ref.Dataset, n.Ref.Row, n.Ref.Column)
	if !c.answered(n, err) {
		return
	}
	n.Parent().ReplaceChild(n.Parent(), n, ast.NewString([]byte(v)))
}

// answered reports whether Data answered a reference, and reports its
// mistake if not, unless it is reported elsewhere.
func (c *check) answered(n *dataRef, err error) bool {
	if err != nil && !errors.Is(err, ErrReported) {
		c.fail(n, "%v", err)
	}
	if err == nil {
		c.refs = append(c.refs, Ref{Kind: n.Ref.Kind, Dataset: n.Ref.Dataset, At: c.at(n)})
	}
	return err == nil
}

// inside reports whether n has an ancestor of type T.
func inside[T ast.Node](n ast.Node) bool {
	for p := n.Parent(); p != nil; p = p.Parent() {
		if _, ok := p.(T); ok {
			return true
		}
	}
	return false
}

// segments is the writer Convert renders into: goldmark's HTML, cut where
// a block stands. goldmark's renderer writes to a writer that is already a
// util.BufWriter as it is, so its node renderers can reach this one.
type segments struct {
	*bufio.Writer
	text bytes.Buffer
	out  []Segment
}

func newSegments() *segments {
	s := &segments{}
	s.Writer = bufio.NewWriter(&s.text)
	return s
}

// cut ends the HTML written so far and places b after it.
func (s *segments) cut(b *Block) {
	s.flushText()
	s.out = append(s.out, Segment{Block: b})
}

// flushText ends the HTML written so far.
func (s *segments) flushText() {
	_ = s.Flush() // a bytes.Buffer takes every write
	if s.text.Len() > 0 {
		s.out = append(s.out, Segment{HTML: bytes.Clone(s.text.Bytes())})
		s.text.Reset()
	}
}

// done returns the document's segments.
func (s *segments) done() []Segment {
	s.flushText()
	return s.out
}
