package markdown

import (
	"github.com/briefing/briefing/internal/diag"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
)

// emphasisCap counts the runs of emphasis marks ("*", "_" and "~") of each
// block before goldmark's emphasis and strikethrough parsers see them.
// goldmark matches every closing run against every run before it in the
// block, so a paragraph of n runs costs n² steps (60,000 "*a_ " took 45 s).
// Past MaxEmphasis in one block the document is refused, and the rest of
// the block's runs are read as text, so that parsing stays quick.
type emphasisCap struct{}

// emphasisCount is the count of runs in the block being parsed.
type emphasisCount struct {
	block ast.Node
	runs  int
}

var emphasisKey = parser.NewContextKey()

func (emphasisCap) Trigger() []byte { return []byte{'*', '_', '~'} }

func (emphasisCap) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	count, _ := pc.Get(emphasisKey).(*emphasisCount)
	if count == nil || count.block != parent {
		count = &emphasisCount{block: parent}
		pc.Set(emphasisKey, count)
	}
	if count.runs++; count.runs <= MaxEmphasis {
		return nil // for the emphasis or strikethrough parser
	}
	line, seg := block.PeekLine()
	if count.runs == MaxEmphasis+1 {
		if st, ok := pc.Get(stateKey).(*state); ok {
			st.errs.Add(diag.At(st.path, block.Source(), seg.Start),
				"more than %d emphasis marks (runs of *, _ or ~) in one paragraph; split it with blank lines, or escape the marks meant as themselves: \\*, \\_, \\~", MaxEmphasis)
		}
	}
	n := 1
	for n < len(line) && line[n] == line[0] {
		n++
	}
	block.Advance(n)
	return ast.NewTextSegment(seg.WithStop(seg.Start + n))
}
