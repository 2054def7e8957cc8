package pagecheck

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/tools/txtar"
)

// TestBreakoutShapes judges every shape of testdata/breakout and keeps the
// pages and the verdicts under $BRIEFING_TEST_OUTPUT/breakout, when it is
// set (make test sets it to test-output), where the browser
// gates open each page in Chromium: wherever Chromium runs script, makes a
// request or navigates, this check must have refused the page. Here it
// checks what needs no browser: the harmless pages pass (Briefing's CSV
// download link among them), the shapes that any HTML5 parser turns into
// a live image with a handler are refused, and so is every csv-* shape
// that tries to widen the CSV download's exception.
func TestBreakoutShapes(t *testing.T) {
	ar, err := txtar.ParseFile(filepath.Join("..", "..", "testdata", "breakout", "shapes.txtar"))
	if err != nil {
		t.Fatal(err)
	}
	out := t.TempDir()
	if keep := os.Getenv("BRIEFING_TEST_OUTPUT"); keep != "" {
		out = filepath.Join(keep, "breakout")
		if err := os.RemoveAll(out); err != nil {
			t.Fatal(err)
		}
		if err := os.MkdirAll(out, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	verdicts := map[string][]string{}
	for _, f := range ar.Files {
		page := top + string(f.Data)
		_, problems := Page([]byte(page))
		verdicts[f.Name] = append([]string{}, problems...)
		switch {
		case strings.HasPrefix(f.Name, "safe-") && len(problems) > 0:
			t.Errorf("%s: refused a harmless page: %q", f.Name, problems)
		case !strings.HasPrefix(f.Name, "safe-") && strings.Contains(page, "onerror") && len(problems) == 0 && !isTextShape(f.Name):
			t.Errorf("%s: passed", f.Name)
		case strings.HasPrefix(f.Name, "csv-") && len(problems) == 0:
			// Every shape but Briefing's own CSV download is refused.
			t.Errorf("%s: passed a link that abuses the CSV download's exception", f.Name)
		}
		if err := os.WriteFile(filepath.Join(out, f.Name), []byte(page), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	data, err := json.MarshalIndent(verdicts, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(out, "verdicts.json"), data, 0o644); err != nil {
		t.Fatal(err)
	}
}

// isTextShape names the shapes in which every HTML5 parser reads the
// would-be tag as text or a comment.
func isTextShape(name string) bool {
	switch name {
	case "svg-cdata.html", "html-cdata.html", "svg-comment.html", "math-mtext-mglyph-style.html", "math-annotation-xml-html.html":
		return true
	}
	return false
}
