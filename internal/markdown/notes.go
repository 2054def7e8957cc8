package markdown

import (
	"strings"

	"github.com/briefing/briefing/internal/diag"
	"github.com/briefing/briefing/internal/model"
)

// StrayNotes are the mistakes of each note line ("[//]: # (…)", which
// markdown does not print) that follows a line of text with no blank
// line between: a note cannot interrupt a paragraph, a list item or a
// table, so the reader would get it as text. Briefing new writes such
// notes for the officer to write in place of; text written just above
// one prints it. A document with one is not converted, so that the
// cause is told and not what markdown makes of it. Lines of front
// matter, blanked or not, are not notes and are skipped.
func StrayNotes(doc model.Doc) diag.List {
	var w diag.List
	prev, fenced := "", false
	lines := strings.Split(string(doc.Source), "\n")
	start := 0
	if len(lines) > 0 && strings.TrimRight(lines[0], "\r") == "---" {
		for j := 1; j < len(lines); j++ {
			if strings.TrimRight(lines[j], "\r") == "---" {
				start = j + 1
				break
			}
		}
	}
	for i, line := range lines {
		if i < start {
			continue
		}
		trimmed := strings.TrimSpace(line)
		if strings.HasPrefix(trimmed, "```") || strings.HasPrefix(trimmed, "~~~") {
			fenced = !fenced
		}
		isNote := strings.HasPrefix(line, "[//]: #")
		if isNote && !fenced && prev != "" && !strings.HasPrefix(prev, "[//]: #") && !strings.HasPrefix(prev, "#") {
			w.Add(diag.Pos{Path: doc.Path, Line: i + 1, Col: 1}, "this note follows a line of text with no blank line between, so it would be printed as text, not kept as a note; put a blank line before it, or delete it")
		}
		prev = trimmed
	}
	return w
}
