package briefing

import (
	"bytes"
	"io"
	"testing"

	"github.com/tdewolff/parse/v2"
	"github.com/tdewolff/parse/v2/css"
)

// TestStylesheetBlocksClose: every block of the default stylesheet is
// closed where it was meant to be. A browser closes an unclosed block at
// the end of the file, so one lost "}" silently puts every rule after it
// inside an @media print (as a merge once did): the page still passes the
// safety check, but the phone layout below it never applies.
func TestStylesheetBlocksClose(t *testing.T) {
	data, err := Defaults.ReadFile("static/briefing.css")
	if err != nil {
		t.Fatal(err)
	}
	p := css.NewParser(parse.NewInput(bytes.NewReader(data)), false)
	depth := 0
	for {
		gt, _, text := p.Next()
		if gt == css.ErrorGrammar {
			if p.Err() != io.EOF {
				t.Fatalf("static/briefing.css: %v", p.Err())
			}
			break
		}
		switch gt {
		case css.BeginAtRuleGrammar, css.BeginRulesetGrammar:
			if gt == css.BeginAtRuleGrammar && depth > 0 && bytes.EqualFold(text, []byte("@media")) {
				var prelude []byte
				for _, v := range p.Values() {
					prelude = append(prelude, v.Data...)
				}
				t.Errorf("static/briefing.css: \"@media %s\" is inside another block: a \"}\" is missing before it", prelude)
			}
			depth++
		case css.EndAtRuleGrammar, css.EndRulesetGrammar:
			depth--
		}
	}
	if depth != 0 {
		t.Errorf("static/briefing.css ends inside %d open blocks: a \"}\" is missing", depth)
	}
}
