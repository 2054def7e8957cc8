package load

import (
	"bytes"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/briefing/briefing/internal/diag"
	"go.yaml.in/yaml/v3"
)

// What the commands that write a site's files (briefing new) ask of the
// loader: the rules it reads by, so that what they write is what it reads.

// Date parses a meeting's date, yyyy-mm-dd, as a meeting folder's name is
// read.
func Date(s string) (time.Time, error) { return parseDate(s) }

// IsSlug reports whether s can name a committee: lower-case letters,
// digits and hyphens, not starting or ending with a hyphen.
func IsSlug(s string) bool { return isSlug(s) }

// CheckText reports what is wrong with s as a value other than free text
// (a title, a name), as every value is checked when read.
func CheckText(s string) error {
	if msg := textProblem(s, false); msg != "" {
		return errors.New(msg)
	}
	return nil
}

// CheckDatasetID reports what is wrong with id as the id of a dataset
// file, data/datasets/<id>.yaml: each of its names as the loader would
// read it (not hidden, not an editor's backup, no character it refuses),
// and, so that commentary can name it in [[table id]], no space or
// bracket.
func CheckDatasetID(id string) error {
	if id == "" {
		return errors.New("a dataset id is empty; use a path such as health/ae-waits")
	}
	if strings.ContainsAny(id, `\[]`) || strings.ContainsFunc(id, func(r rune) bool { return r == ' ' || r == '\t' || r == '\n' }) {
		return fmt.Errorf("%q: a dataset id holds no space, backslash or bracket, so that commentary can name it; use hyphens, such as health/ae-waits", id)
	}
	if strings.HasSuffix(id, ".yaml") {
		return fmt.Errorf("%q: write the id without .yaml, such as %s", id, strings.TrimSuffix(id, ".yaml"))
	}
	for name := range strings.SplitSeq(id, "/") {
		switch {
		case name == "" || name == "." || name == "..":
			return fmt.Errorf("%q is not a path inside data/datasets; use names separated by single slashes, such as health/ae-waits", id)
		case strings.HasPrefix(name, ".") || strings.HasSuffix(name, "~"):
			return fmt.Errorf("%q: a name starting with a dot or ending with ~ is a hidden file or a backup, which Briefing ignores", id)
		}
		if i, what := badRune(name, false); i >= 0 {
			return fmt.Errorf("%q holds %s; remove it", id, what)
		}
	}
	return nil
}

// AgendaEnd is where an item can be added to the agenda of a meeting.md
// as text, after the last item, so that the officer's own formatting and
// comments stay as they are written.
type AgendaEnd struct {
	Offset  int      // in the file, the start of the line after the last item
	Dash    int      // the column, from 0, of each item's "-"
	Key     int      // the column, from 0, of each item's keys
	Newline string   // the file's line ending, "\n" or "\r\n"
	Last    int      // the highest item number, 0 for none
	Reports []string // the report files the agenda names
	Entries int      // the number of entries in the list
	// NeedsKey says that the front matter has no such list: the lines
	// added at Offset, the end of the front matter, start it.
	NeedsKey bool
	fmLine   int // the front matter's first line, for messages
}

// FindAgenda finds the end of the agenda in the meeting.md data, named
// name for messages. The front matter must be YAML whose agenda is a
// list written one item a line ("- number: …"), or empty; its mistakes
// are returned as a diag.List, and other mistakes of the meeting are
// the build's to report.
func FindAgenda(name string, data []byte) (AgendaEnd, error) {
	end, found, err := findList(name, data, "agenda", "an item")
	if err == nil && !found {
		var errs diag.List
		errs.Add(diag.Pos{Path: name, Line: end.fmLine, Col: 1}, "the front matter has no agenda; add one (agenda:) before adding an item")
		return AgendaEnd{}, errs
	}
	return end, err
}

// FindSupplements finds where a supplement can be added to the meeting.md
// data, as FindAgenda finds the agenda's end: after the last supplement,
// or, when the front matter has no supplements key, at its end, where
// the lines to add begin with "supplements:" (NeedsKey). Entries is the
// number of supplements already listed.
func FindSupplements(name string, data []byte) (AgendaEnd, error) {
	end, found, err := findList(name, data, "supplements", "a supplement")
	if err == nil && !found {
		end.NeedsKey = true
		end.Dash, end.Key = 2, 4
	}
	return end, err
}

// findList finds the end of the list under the top-level key of the
// meeting.md data; found is false when there is no such key, and the
// end is then the end of the front matter.
func findList(name string, data []byte, key, what string) (end AgendaEnd, found bool, _ error) {
	var errs diag.List
	fm, _, lineOffset, err := splitFrontMatter(data)
	if err != nil {
		errs.Add(diag.Pos{Path: name, Line: 1, Col: 1}, "%v", err)
		return AgendaEnd{}, false, errs
	}
	root := parseYAML(name, lineOffset, fm, &errs)
	if root == nil {
		return AgendaEnd{}, false, errs
	}
	at := func(n *yaml.Node) diag.Pos { return diag.Pos{Path: name, Line: lineOffset + n.Line, Col: n.Column} }
	if root.Kind != yaml.MappingNode {
		errs.Add(at(root), "the front matter must be a mapping of keys")
		return AgendaEnd{}, false, errs
	}
	// lines are the file's lines; a front-matter line n is lines[lineOffset+n-1].
	lines := bytes.SplitAfter(data, []byte("\n"))
	start := func(line int) int { // offset of the file's line (from 1)
		off := 0
		for _, l := range lines[:line-1] {
			off += len(l)
		}
		return off
	}
	end = AgendaEnd{Newline: "\n", Dash: 2, Key: 4}
	if bytes.HasSuffix(lines[0], []byte("\r\n")) {
		end.Newline = "\r\n"
	}
	fmEnd := lineOffset + bytes.Count(fm, []byte("\n")) // the last line of the front matter
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i], root.Content[i+1]
		if k.Value != key {
			continue
		}
		// The list runs to the line before the next key, or to the
		// end of the front matter.
		last := fmEnd
		if i+2 < len(root.Content) {
			last = lineOffset + root.Content[i+2].Line - 1
		}
		switch {
		case isNull(v):
			end.Offset = start(lineOffset + k.Line + 1)
			return end, true, nil
		case v.Kind != yaml.SequenceNode || v.Style&yaml.FlowStyle != 0:
			errs.Add(at(v), "%s: write the %s as a list, one \"- …\" entry a line, to add %s to it", key, key, what)
			return AgendaEnd{}, false, errs
		}
		end.Dash = v.Column - 1
		end.Key = end.Dash + 2
		end.Entries = len(v.Content)
		for _, it := range v.Content {
			if it.Kind == yaml.MappingNode && it.Style&yaml.FlowStyle == 0 {
				end.Key = it.Column - 1
			}
			if n, err := strconv.Atoi(scalarAt(it, "number")); err == nil {
				end.Last = max(end.Last, n)
			}
			if r := scalarAt(it, "report"); r != "" {
				end.Reports = append(end.Reports, r)
			}
		}
		// The last entry ends on its last line that is not blank and not
		// a comment less indented than its keys (one that is more
		// indented may be the text of a block scalar).
		first := lineOffset + v.Content[len(v.Content)-1].Line
		line := first
		for n := first; n <= last; n++ {
			t := strings.TrimRight(string(lines[n-1]), "\r\n")
			trimmed := strings.TrimLeft(t, " ")
			indent := len(t) - len(trimmed)
			if trimmed != "" && (!strings.HasPrefix(trimmed, "#") || indent >= end.Key) {
				line = n
			}
		}
		end.Offset = start(line + 1)
		return end, true, nil
	}
	// The end of the front matter: the line of its closing "---".
	end.fmLine = lineOffset + 1
	end.Offset = start(fmEnd + 1)
	return end, false, nil
}
