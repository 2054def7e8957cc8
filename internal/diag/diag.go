// Package diag holds the positioned error list that every stage of the
// build uses to report user mistakes: a position in a source file and a
// message, collected so that one run reports all of them.
//
// It follows go/scanner's ErrorList: List.Err is nil when the list is empty,
// and an error's text is "path:line:col: message".
package diag

import (
	"bytes"
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Pos is a position in a site file. Path is slash-separated and relative to
// the site folder; Line and Col count from 1 (Col in characters). A zero
// Line means the whole file.
type Pos struct {
	Path      string
	Line, Col int
}

func (p Pos) String() string {
	switch {
	case p.Line == 0:
		return p.Path
	case p.Col == 0:
		return fmt.Sprintf("%s:%d", p.Path, p.Line)
	}
	return fmt.Sprintf("%s:%d:%d", p.Path, p.Line, p.Col)
}

// Error is one user mistake.
type Error struct {
	Pos Pos
	Msg string
}

// Error is the line printed for the mistake. Characters that would act on
// the terminal rather than show (a file name may hold escape codes, or
// U+202E, which reverses the text after it) are shown escaped.
func (e *Error) Error() string { return Printable(e.Pos.String() + ": " + e.Msg) }

// Printable returns s with every character that would act on a terminal
// rather than show written as a Go escape ("\x1b", "\u202e"): control
// characters, format characters (Unicode category Cf: bidirectional
// overrides, zero-width spaces), line and paragraph separators, and bytes
// that are not UTF-8 (as U+FFFD). Paths and messages pass through it
// before they are printed.
func Printable(s string) string {
	if !strings.ContainsFunc(s, unprintable) {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		if unprintable(r) {
			q := strconv.QuoteRune(r)
			b.WriteString(q[1 : len(q)-1])
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

func unprintable(r rune) bool {
	return unicode.IsControl(r) || unicode.Is(unicode.Cf, r) || r == '\u2028' || r == '\u2029' || r == utf8.RuneError
}

// List collects errors. The zero value is ready to use.
type List []*Error

// Add appends an error at pos.
func (l *List) Add(pos Pos, format string, args ...any) {
	*l = append(*l, &Error{Pos: pos, Msg: fmt.Sprintf(format, args...)})
}

// Append adds every error of other, which may be nil.
func (l *List) Append(other error) {
	if other == nil {
		return
	}
	if ol, ok := other.(List); ok {
		*l = append(*l, ol...)
		return
	}
	*l = append(*l, &Error{Msg: other.Error()})
}

// Sort orders the list by path, line and column, and drops exact
// duplicates, so that output is stable whatever order the stages ran in.
func (l List) Sort() List {
	slices.SortStableFunc(l, func(a, b *Error) int {
		return cmp.Or(
			cmp.Compare(a.Pos.Path, b.Pos.Path),
			cmp.Compare(a.Pos.Line, b.Pos.Line),
			cmp.Compare(a.Pos.Col, b.Pos.Col),
			cmp.Compare(a.Msg, b.Msg),
		)
	})
	return slices.CompactFunc(l, func(a, b *Error) bool { return *a == *b })
}

// Err returns the list as an error, or nil if it is empty.
func (l List) Err() error {
	if len(l) == 0 {
		return nil
	}
	return l
}

// Error reports the first error and how many more there are; callers that
// show every error range over the list instead.
func (l List) Error() string {
	switch len(l) {
	case 0:
		return "no errors"
	case 1:
		return l[0].Error()
	}
	return fmt.Sprintf("%s (and %d more errors)", l[0], len(l)-1)
}

// Lines is every error on its own line, in the list's order.
func (l List) Lines() string {
	var b strings.Builder
	for _, e := range l {
		b.WriteString(e.Error())
		b.WriteByte('\n')
	}
	return b.String()
}

// At returns the position of byte offset off in src, the text of the file
// at path, with the column counted in characters.
func At(path string, src []byte, off int) Pos {
	off = max(0, min(off, len(src)))
	line := 1 + bytes.Count(src[:off], []byte("\n"))
	start := bytes.LastIndexByte(src[:off], '\n') + 1
	return Pos{Path: path, Line: line, Col: 1 + utf8.RuneCount(src[start:off])}
}

// Suggest helps with a name that matches nothing: " (did you mean "x"?)"
// for the nearest of names, or the names themselves after label when none
// is near and they are few, or "" when there are none.
func Suggest(got string, names []string, label string) string {
	if len(names) == 0 {
		return ""
	}
	if best := Nearest(got, names); best != "" {
		return fmt.Sprintf(" (did you mean %q?)", best)
	}
	if len(names) > 20 {
		return ""
	}
	sorted := slices.Sorted(slices.Values(names))
	return " (" + label + ": " + strings.Join(sorted, ", ") + ")"
}

// Nearest is the name close enough to got to suggest, or "".
func Nearest(got string, names []string) string {
	best, bestDist := "", max(3, utf8.RuneCountInString(got)/2+1)
	for _, n := range names {
		if d := distance(strings.ToLower(got), strings.ToLower(n)); d < bestDist {
			best, bestDist = n, d
		}
	}
	return best
}

// distance is the Levenshtein edit distance between a and b, in runes.
func distance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}
