// Package markdown turns commentary (covering letters and reports) into
// HTML for a pack. It owns Briefing's one goldmark configuration:
// CommonMark plus GFM tables and strikethrough, footnotes, definition lists,
// and a typographer that writes curly quotes and dashes as characters.
//
// Commentary is untrusted text that ends up in a file people open offline,
// so what goldmark would pass through or silently drop is a build error
// instead, with the file, line and column:
//
//   - raw HTML (goldmark's unsafe mode and attribute syntax stay off);
//   - links other than https:, http:, mailto:, tel: and #fragments
//     (javascript:, data:, relative links to files, which break in a
//     single-file pack);
//   - images that are not local files (a remote image is a network request
//     every time the pack opens), or that have no alternative text;
//   - heading levels that skip (# then ###) or go deeper than HTML allows;
//   - tables wider than MaxTableColumns (goldmark pads every row to the
//     header's width, so a wide header makes output grow quadratically);
//   - block quotes and lists nested more than MaxNesting deep, counted
//     together, and the other shapes that make goldmark slow (see Limits).
//
// Local images are inlined as data: URIs through Options.Image. Headings
// are shifted so that a document's top level sits just below the section
// that holds it, and heading IDs come from one IDs per pack, so that IDs
// stay unique across the many documents on one page.
//
// References to datasets, [[…]], are answered through Options.Data: a
// quoted figure and a link to a figure become text, while a dataset's
// table or chart comes back as a Block among the Result's segments, for
// the caller to draw (see RefKind). The package draws nothing itself.
package markdown

import (
	"bytes"
	"fmt"
	"regexp"
	"slices"

	"github.com/briefing/briefing/internal/diag"
	"github.com/briefing/briefing/internal/model"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// Options say where a document sits in its pack.
type Options struct {
	// IDs hands out element IDs for the whole pack.
	IDs *IDs
	// FootnotePrefix starts every footnote ID of this document, so that
	// footnote 1 of two reports do not collide.
	FootnotePrefix string
	// Level is the heading level of the section holding the document; the
	// document's top-level headings become Level+1.
	Level int
	// Image returns the data: URI for a local image, given its path relative
	// to the site folder. A nil Image refuses all images.
	Image func(path string) (string, error)
	// Data resolves [[…]] references to datasets; nil refuses them.
	Data Data
}

// Heading is a heading of a converted document, for the contents list.
type Heading struct {
	Level int
	ID    string
	Text  string
}

// Result is a converted document.
type Result struct {
	Segments  []Segment // the HTML, cut where a table or chart is placed
	Headings  []Heading
	Fragments []Fragment // the document's links to #ids, to check against the whole pack
	Refs      []Ref      // the document's references to datasets, in order, for warnings
}

// Ref is a reference to a dataset that Data answered: where it is, and
// the dataset it names.
type Ref struct {
	Kind    RefKind
	Dataset string
	At      diag.Pos
}

// Fragment is a link to an element of the pack, such as [see](#summary).
type Fragment struct {
	ID string
	At diag.Pos
}

var typography = map[extension.TypographicPunctuation]string{
	extension.LeftSingleQuote:  "‘",
	extension.RightSingleQuote: "’",
	extension.LeftDoubleQuote:  "“",
	extension.RightDoubleQuote: "”",
	extension.EnDash:           "–",
	extension.EmDash:           "—",
	extension.Ellipsis:         "…",
	extension.LeftAngleQuote:   "«",
	extension.RightAngleQuote:  "»",
	extension.Apostrophe:       "’",
}

func substitutions() map[extension.TypographicPunctuation]string { return typography }

var md = goldmark.New(
	goldmark.WithExtensions(
		extension.NewTable(extension.WithTableCellAlignMethod(extension.TableCellAlignStyle)),
		extension.Strikethrough,
		extension.DefinitionList,
		extension.NewFootnote(
			extension.WithFootnoteIDPrefixFunction(func(n ast.Node) []byte {
				p, _ := n.OwnerDocument().Meta()[footnoteMeta].(string)
				return []byte(p)
			}),
			extension.WithFootnoteBacklinkHTML("↩<span class=\"visually-hidden\"> back to text</span>"),
		),
		extension.NewTypographer(extension.WithTypographicSubstitutions(substitutionBytes())),
	),
	goldmark.WithParserOptions(
		parser.WithAutoHeadingID(),
		parser.WithASTTransformers(util.Prioritized(checker{}, 999)),
		parser.WithInlineParsers(util.Prioritized(dataRefParser{}, 150), util.Prioritized(emphasisCap{}, 100)),
	),
	goldmark.WithRendererOptions(renderer.WithNodeRenderers(
		util.Prioritized(tableRenderer{}, 100),
		util.Prioritized(dataRenderer{}, 100),
	)),
)

func substitutionBytes() extension.TypographicSubstitutions {
	out := extension.TypographicSubstitutions{}
	for k, v := range substitutions() {
		out[k] = []byte(v)
	}
	return out
}

const footnoteMeta = "briefing-footnote-prefix"

// stateKey holds the *state of one Convert call in goldmark's parser
// context: the transformer has no other way to reach it.
var stateKey = parser.NewContextKey()

type state struct {
	opts      *Options
	path      string
	errs      diag.List
	heads     []Heading
	fragments []Fragment
	refs      []Ref
}

// Convert renders doc. Mistakes in the markdown come back as a diag.List,
// with the Result as far as it goes: the caller still draws its blocks, so
// that mistakes found in drawing them are reported in the same run.
func Convert(doc model.Doc, opts Options) (Result, error) {
	if opts.IDs == nil {
		opts.IDs = NewIDs()
	}
	st := &state{opts: &opts, path: doc.Path}
	if !precheck(doc, &st.errs) {
		return Result{}, st.errs.Err()
	}
	ctx := parser.NewContext(parser.WithIDs(opts.IDs))
	ctx.Set(stateKey, st)
	out := newSegments()
	if err := md.Convert(doc.Source, out, parser.WithContext(ctx)); err != nil {
		return Result{}, fmt.Errorf("render markdown %s: %w", doc.Path, err)
	}
	res := Result{Segments: out.done(), Headings: st.heads, Fragments: st.fragments, Refs: st.refs}
	return res, st.errs.Sort().Err()
}

// Limits on commentary. goldmark's time or output grows faster than its
// input for some shapes of markdown (measured: 50,000 nested ">" take 1.7 s
// and 100,000 take 6.6 s, 32 lines of 4,000 nested "- " 2 s; 25,000
// unclosed "[a](" take 4.9 s, and 50,000 on separate lines 1.6 s; a table
// padded to a 3,000-column header turns 24 KB into 90 MB of HTML; each
// footnote reference adds about 200 bytes), so such shapes are refused
// before parsing, or as they are parsed (emphasisCap). Real committee
// papers are far inside them.
const (
	MaxSize         = 256 << 10 // bytes in one document
	MaxLineLength   = 8 << 10   // bytes in one line
	MaxTableColumns = 64        // "|" characters in one line
	MaxNesting      = 8         // block quotes and lists inside one another, counted together
	MaxReferences   = 500       // link reference definitions and footnote references
	MaxLinks        = 2000      // "](" pairs: inline links and images
	MaxBrackets     = 5000      // "[" characters: links, references and footnotes used
	MaxURLLength    = 1024      // bytes in a link reference definition
	MaxTableCells   = 20000     // rows × header columns, over all tables
	MaxEmphasis     = 1000      // runs of "*", "_" and "~" in one paragraph, heading or table cell
)

var (
	refDefinition = regexp.MustCompile(`^ {0,3}\[[^\]]+\]:`)
	footnoteRef   = []byte("[^")
	// delimiterRow is a table's second line, such as "| --- | :-: |",
	// possibly inside block quotes.
	delimiterRow = regexp.MustCompile(`^[ \t>]*\|?[ \t]*:?-+:?[ \t]*(\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$`)
)

// precheck refuses documents whose shape would make goldmark slow or its
// output huge.
//
// A cap on a count over the whole document is reported where the document
// passes it, so that every error has a line.
func precheck(doc model.Doc, errs *diag.List) bool {
	src := doc.Source
	if len(src) > MaxSize {
		errs.Add(diag.At(doc.Path, src, MaxSize), "document is %d KB; the limit for commentary is %d KB, passed here, so split it into several reports", (len(src)+1023)/1024, MaxSize>>10)
		return false
	}
	if n := bytes.Count(src, []byte("](")); n > MaxLinks {
		errs.Add(diag.At(doc.Path, src, nthIndex(src, []byte("]("), MaxLinks)), "document has %d links or images; the limit is %d, passed here, so split it into several reports", n, MaxLinks)
		return false
	}
	if n := bytes.Count(src, []byte("[")); n > MaxBrackets {
		errs.Add(diag.At(doc.Path, src, nthIndex(src, []byte("["), MaxBrackets)), "document has %d \"[\" characters (links, references, footnotes); the limit is %d, passed here, so split it into several reports", n, MaxBrackets)
		return false
	}
	var refs []int // offsets of footnote references and link reference definitions
	for i := 0; i < len(src); {
		j := bytes.Index(src[i:], footnoteRef)
		if j < 0 {
			break
		}
		refs = append(refs, i+j)
		i += j + len(footnoteRef)
	}
	lines := bytes.Split(src, []byte("\n"))
	cells, lineStart := 0, 0
	for i, line := range lines {
		start := lineStart
		lineStart += len(line) + 1
		at := diag.Pos{Path: doc.Path, Line: i + 1, Col: 1}
		switch {
		case len(line) > MaxLineLength:
			errs.Add(at, "line is %d bytes long; the limit is %d, so break it into paragraphs", len(line), MaxLineLength)
			return false
		case bytes.Count(line, []byte("|")) > MaxTableColumns:
			errs.Add(at, "line has more than %d \"|\" characters; a table may have at most %d columns, so split it", MaxTableColumns, MaxTableColumns)
			return false
		case markers(line) > MaxNesting:
			errs.Add(at, nestingMessage, MaxNesting)
			return false
		}
		if refDefinition.Match(line) {
			refs = append(refs, start)
			if len(line) > MaxURLLength {
				errs.Add(at, "link reference is %d bytes long; the limit is %d", len(line), MaxURLLength)
				return false
			}
		}
		if i > 0 && delimiterRow.Match(line) && bytes.Contains(line, []byte("|")) {
			// goldmark pads every row to the header's width: the cost is
			// rows × columns whatever the rows hold.
			cols := bytes.Count(bytes.Trim(bytes.TrimLeft(line, " \t>"), " \t\r|"), []byte("|")) + 1
			rows := 1
			for _, l := range lines[i+1:] {
				if len(bytes.TrimSpace(bytes.TrimLeft(l, " \t>"))) == 0 {
					break
				}
				rows++
			}
			if cells += rows * cols; cells > MaxTableCells {
				errs.Add(at, "tables hold more than %d cells in all (this one: %d rows × %d columns); make the figures a dataset, or split the report", MaxTableCells, rows, cols)
				return false
			}
		}
	}
	if len(refs) > MaxReferences {
		slices.Sort(refs)
		errs.Add(diag.At(doc.Path, src, refs[MaxReferences]), "document has %d link references and footnotes; the limit is %d, passed here, so split it into several reports", len(refs), MaxReferences)
		return false
	}
	return true
}

// nthIndex is the offset of the (n+1)th sep in src, which has more.
func nthIndex(src, sep []byte, n int) int {
	off := 0
	for range n {
		off += bytes.Index(src[off:], sep) + len(sep)
	}
	return off + bytes.Index(src[off:], sep)
}

// nestingMessage reports containers nested more than MaxNesting deep.
const nestingMessage = "block quotes and lists are nested more than %d deep; use fewer levels"

// markers counts the block quote and list markers that start line, such as
// "> - > 1. " (4), up to MaxNesting+1: how deep its text is nested, at
// least. Each level costs goldmark a pass over the line, so a line of
// thousands is refused before parsing; nesting built up over several lines
// is checked in the tree.
func markers(line []byte) int {
	n := 0
	for i := 0; n <= MaxNesting; n++ {
		for i < len(line) && (line[i] == ' ' || line[i] == '\t') {
			i++
		}
		if i == len(line) {
			return n
		}
		switch c := line[i]; {
		case c == '>':
			i++
			continue
		case c == '-' || c == '+' || c == '*':
			if thematicBreak(line[i:]) {
				return n // "- - -" is a rule, not three lists
			}
			i++
		case '0' <= c && c <= '9':
			j := i
			for j < len(line) && j-i < 9 && '0' <= line[j] && line[j] <= '9' {
				j++
			}
			if j == len(line) || (line[j] != '.' && line[j] != ')') {
				return n
			}
			i = j + 1
		default:
			return n
		}
		// A list marker is followed by a space or a tab.
		if i == len(line) || (line[i] != ' ' && line[i] != '\t') {
			return n
		}
	}
	return n
}

// thematicBreak reports whether line is a rule: three or more of one of
// "-", "*" and "_", and nothing else but spaces and tabs.
func thematicBreak(line []byte) bool {
	var mark byte
	count := 0
	for _, c := range bytes.TrimRight(line, "\r\n") {
		switch {
		case c == ' ' || c == '\t':
		case mark == 0 && (c == '-' || c == '*' || c == '_'):
			mark, count = c, 1
		case c == mark:
			count++
		default:
			return false
		}
	}
	return count >= 3
}

// checker is the AST transformer that enforces the rules in the package
// comment, inlines images and shifts headings.
type checker struct{}

func (checker) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	st, ok := pc.Get(stateKey).(*state)
	if !ok {
		return // parsed only to be read (Charts), not converted
	}
	doc.AddMeta(footnoteMeta, st.opts.FootnotePrefix)
	c := &check{state: st, src: reader.Source()}
	c.headings(doc)
	var refs []*dataRef
	depth := 0 // block quotes and lists around n
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if r, ok := n.(*dataRef); ok && entering {
			refs = append(refs, r)
		}
		switch n.(type) {
		case *ast.Blockquote, *ast.List, *east.DefinitionList:
			if !entering {
				depth--
				return ast.WalkContinue, nil
			}
			if depth++; depth == MaxNesting+1 {
				c.fail(n, nestingMessage, MaxNesting)
			}
		}
		if entering {
			return c.node(n), nil
		}
		return ast.WalkContinue, nil
	})
	// Replaced after the walk: replacing a node during it would end the walk
	// of its siblings.
	c.resolve(refs)
}
