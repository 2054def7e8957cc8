package markdown

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/briefing/briefing/internal/diag"
	"github.com/briefing/briefing/internal/model"
	"golang.org/x/net/html"
)

// fuzzBudget is how long one input may take before the fuzzer reports it,
// as it reports a crash: generous, since a fuzzing machine is busy, but far
// below what a shape that is quadratic in the caps costs.
const fuzzBudget = 2 * time.Second

// FuzzConvert renders any markdown: no panic, no input slower than
// fuzzBudget, every error at a line of the document, and no output that
// could run script or load anything.
func FuzzConvert(f *testing.F) {
	files, _ := filepath.Glob("../../content/*/*/*.md")
	for _, name := range files {
		data, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	for _, s := range []string{
		"<script>x</script>", "[a](javascript:x)", "[a](jav&#x61;script:x)", "<javascript:x>",
		"![a](https://x/y.png)", "![a](data:image/svg+xml;base64,PHN2Zz4=)", "[a]: javascript:x\n\n[b][a]",
		"Table: t\n| a |\n| - |\n| <b> |", "# a\n\n### b", "> # a\n>\n> ### b", "[x](#nowhere)",
		"[[table d]]", "a [[d / r / c]] b", "[[table d]] and text", "[[ / / ]]", "[[d/r/c]][[x]]", "`[[d / r / c]]`",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		doc := model.Doc{Path: "r.md", Source: src}
		start := time.Now()
		res, err := Convert(doc, Options{Level: 2, Data: fakeData{}, Image: func(string) (string, error) {
			return "data:image/png;base64,iVBORw0KGgo=", nil
		}})
		Charts(doc)
		if d := time.Since(start); d > fuzzBudget {
			t.Fatalf("%d bytes took %v; any document within the caps should take well under %v", len(src), d.Round(time.Millisecond), fuzzBudget)
		}
		lines := bytes.Count(src, []byte("\n")) + 1
		for _, s := range res.Segments {
			if b := s.Block; b != nil && (b.At.Path != "r.md" || b.At.Line < 1 || b.At.Line > lines) {
				t.Fatalf("block not at a line of the document (%d lines): %+v", lines, b)
			}
		}
		if err != nil {
			var list diag.List
			if !errors.As(err, &list) {
				t.Fatalf("Convert returned %T: %v", err, err)
			}
			for _, e := range list {
				if e.Pos.Path != "r.md" || e.Pos.Line < 1 || e.Pos.Line > lines {
					t.Fatalf("error not at a line of the document (%d lines): %v", lines, e)
				}
			}
			return
		}
		out := joined(res)
		z := html.NewTokenizer(strings.NewReader(out))
		for {
			tt := z.Next()
			if tt == html.ErrorToken {
				return
			}
			if tt != html.StartTagToken && tt != html.SelfClosingTagToken {
				continue
			}
			tok := z.Token()
			switch tok.Data {
			case "script", "iframe", "object", "embed", "style", "link", "base", "form", "meta":
				t.Fatalf("output has a <%s> element:\n%s", tok.Data, out)
			}
			for _, a := range tok.Attr {
				v := strings.ToLower(strings.TrimSpace(a.Val))
				switch {
				case strings.HasPrefix(a.Key, "on"):
					t.Fatalf("output has an event handler %s", a.Key)
				case a.Key == "src" && !strings.HasPrefix(v, "data:image/"):
					t.Fatalf("output loads %q", a.Val)
				case a.Key == "href" && (strings.HasPrefix(v, "javascript:") || strings.HasPrefix(v, "data:") || strings.HasPrefix(v, "vbscript:")):
					t.Fatalf("output links to %q", a.Val)
				}
			}
		}
	})
}

// fakeData resolves every reference, so that fuzzing reaches past the
// reference parser; a name with "x" in it is missing.
type fakeData struct{}

func (fakeData) Table(id string) (int, error) {
	if strings.Contains(id, "x") {
		return 0, errors.New("no such dataset")
	}
	return 1, nil
}

func (fakeData) Value(id, row, col string) (string, error) {
	if strings.Contains(id+row+col, "x") {
		return "", errors.New("no such figure")
	}
	return "<script>1</script>", nil
}

func (fakeData) Chart(id, chart string) (int, error) { return fakeData{}.Table(id + chart) }

func (fakeData) Figure(id, chart string) (string, string, error) {
	if strings.Contains(id+chart, "x") {
		return "", "", errors.New("no such chart")
	}
	return "<script>Figure 1</script>", "figure-1", nil
}
