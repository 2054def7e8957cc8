package main

import (
	"os"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/txtar"
)

// TestWalkthroughFiles holds README.md's walkthrough to the files that
// testdata/script/walkthrough.txtar runs it with: each file the README
// shows in full must be there as the script has it, so that what the
// README tells an officer to write is what the script shows to work.
func TestWalkthroughFiles(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	const heading = "## Walkthrough: a meeting from start to finish\n"
	_, section, ok := strings.Cut(string(readme), heading)
	if !ok {
		t.Fatalf("README.md has no heading %q", strings.TrimSpace(heading))
	}
	if end := strings.Index(section, "\n## "); end >= 0 {
		section = section[:end]
	}
	a, err := txtar.ParseFile("testdata/script/walkthrough.txtar")
	if err != nil {
		t.Fatal(err)
	}
	shown := map[string]string{ // file → how the README shows it
		"ae-waits.yaml":           "```yaml\n%s```\n",
		"delayed-discharges.yaml": "```yaml\n%s```\n",
		"report.md":               "```markdown\n%s```\n",
		"imported.yaml":           "indented",
		"supplement-1.md":         "indented",
		"minutes.md":              "```yaml\n%s```\n",
	}
	for _, f := range a.Files {
		form, ok := shown[f.Name]
		if !ok {
			continue
		}
		delete(shown, f.Name)
		want := strings.Replace(form, "%s", string(f.Data), 1)
		if form == "indented" {
			want = "\n" + indent(string(f.Data)) + "\n"
		}
		if !strings.Contains(section, want) {
			t.Errorf("README.md's walkthrough does not show %s as the script has it; want:\n%s", f.Name, want)
		}
	}
	for name := range shown {
		t.Errorf("walkthrough.txtar has no file %s", name)
	}
}

// indent is text as a markdown code block: each line not empty after four
// spaces.
func indent(text string) string {
	lines := strings.Split(strings.TrimSuffix(text, "\n"), "\n")
	for i, l := range lines {
		if l != "" {
			lines[i] = "    " + l
		}
	}
	return strings.Join(lines, "\n") + "\n"
}
