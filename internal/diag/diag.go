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
//
// In a workbook (a spreadsheet a dataset takes its figures from), Sheet
// names the worksheet and Line and Col are the cell's row and column,
// both from 1: the position is written as the spreadsheet writes a cell,
// "robbery.xlsx:Sheet1!C7", not as a line of text. A Sheet with a zero
// Line means the whole worksheet.
type Pos struct {
	Path      string
	Line, Col int
	Sheet     string
}

func (p Pos) String() string {
	switch {
	case p.Sheet != "":
		return p.Path + ":" + p.Cell()
	case p.Line == 0:
		return p.Path
	case p.Col == 0:
		return fmt.Sprintf("%s:%d", p.Path, p.Line)
	}
	return fmt.Sprintf("%s:%d:%d", p.Path, p.Line, p.Col)
}

// Cell is where p is in its file without the path: "Sheet1!C7" (a name
// that is not letters, digits and _ quoted as the spreadsheet quotes it:
// 'Crime 2018'!C7), "Sheet1" for a whole worksheet, or "line 7" for a
// text file.
func (p Pos) Cell() string {
	if p.Sheet == "" {
		return fmt.Sprintf("line %d", p.Line)
	}
	name := p.Sheet
	if strings.ContainsFunc(name, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '_' }) {
		name = "'" + strings.ReplaceAll(name, "'", "''") + "'"
	}
	if p.Line == 0 {
		return name
	}
	return name + "!" + ColumnName(p.Col) + strconv.Itoa(p.Line)
}

// ColumnName is a spreadsheet's name for column n, from 1: A, …, Z, AA, ….
func ColumnName(n int) string {
	if n < 1 {
		return "?"
	}
	var b []byte
	for ; n > 0; n = (n - 1) / 26 {
		b = append(b, byte('A'+(n-1)%26))
	}
	slices.Reverse(b)
	return string(b)
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
			cmp.Compare(a.Pos.Sheet, b.Pos.Sheet),
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

// Names is a list of names that many unknown names are checked against,
// such as the rows of a dataset that a commentary quotes. Only the first
// maxSearches unknown names get a search of the list: thousands of them
// against thousands of names would cost seconds, and nobody reads past the
// first mistakes of one kind.
type Names struct {
	List     []string
	Label    string // what Suggest calls the list when it shows it
	searched int
}

// Suggest is Suggest(got, n.List, n.Label) for the first maxSearches
// unknown names, and "" after.
func (n *Names) Suggest(got string) string {
	if n.searched++; n.searched > maxSearches {
		return ""
	}
	return Suggest(got, n.List, n.Label)
}

// Limits on "did you mean". A suggestion is a courtesy: every unknown
// name of a run asks for one, against lists that may hold thousands of
// names (a dataset's rows, a folder's files), so its cost is bounded
// whatever the input. Real misspellings are a few edits away from names of
// a few dozen characters, far inside these.
const (
	maxSearches = 50      // unknown names that one Names searches for
	maxEdits    = 10      // edits between a name and its suggestion
	maxWork     = 1 << 17 // steps one suggestion may take: characters read and distance cells filled
)

// Nearest is the name close enough to got to suggest, or "": the first of
// the nearest names, compared without regard to case, if it is at most
// half got's length away (at least 2 edits, at most maxEdits). A list too
// long to search in maxWork steps (some thousands of names) gets no
// suggestion: the nearest of its first part could mislead.
func Nearest(got string, names []string) string {
	work := len(got)
	if work > maxWork {
		return ""
	}
	n := nearest{got: lowerRunes(got, nil)}
	for _, r := range n.got {
		n.bag[r%bags]++
	}
	limit := min(max(2, len(n.got)/2), maxEdits)
	best := ""
	for _, name := range names {
		d, steps := n.distance(name, limit)
		if work += steps; work > maxWork {
			return ""
		}
		if d <= limit {
			// Only a strictly nearer name replaces it: the first of
			// equals wins.
			best, limit = name, d-1
			if limit < 0 {
				break
			}
		}
	}
	return best
}

// bags is the number of buckets a name's characters are counted in for
// the cheap lower bound on its distance.
const bags = 128

// nearest is the state of one Nearest search: the lower-cased name sought,
// its characters counted in bags, and scratch space reused from name to
// name.
type nearest struct {
	got      []rune
	bag      [bags]int32
	buf      []rune
	row, alt []int
}

// distance is the edit distance from the name sought to name if it is at
// most limit, or more than limit; steps is the work it took. Cheap bounds
// come first: lengths, then the characters the two do not share (each edit
// changes at most one character on each side), then the table.
func (n *nearest) distance(name string, limit int) (d, steps int) {
	// A rune is 1 to 4 bytes: the byte length may already say that the
	// lengths differ by more than limit.
	if len(name) < len(n.got)-limit || len(name) > utf8.UTFMax*(len(n.got)+limit) {
		return limit + 1, 1
	}
	steps = 1 + len(name)
	bag := n.bag // the characters of got not yet matched
	runes, shared := 0, 0
	for _, r := range name {
		r = lower(r) % bags
		if bag[r] > 0 {
			bag[r]--
			shared++
		}
		runes++
	}
	if abs(runes-len(n.got)) > limit || max(runes, len(n.got))-shared > limit {
		return limit + 1, steps
	}
	n.buf = lowerRunes(name, n.buf[:0])
	b := n.buf
	if cap(n.row) < len(b)+1 {
		n.row, n.alt = make([]int, len(b)+1), make([]int, len(b)+1)
	}
	d, cells := distance(n.got, b, limit, n.row[:len(b)+1], n.alt[:len(b)+1])
	return d, steps + len(b) + cells
}

// lowerRunes appends the runes of s, lower-cased as strings.ToLower does,
// to buf.
func lowerRunes(s string, buf []rune) []rune {
	for _, r := range s {
		buf = append(buf, lower(r))
	}
	return buf
}

// lower is unicode.ToLower, quicker for ASCII.
func lower(r rune) rune {
	switch {
	case 'A' <= r && r <= 'Z':
		return r + 'a' - 'A'
	case r < utf8.RuneSelf:
		return r
	}
	return unicode.ToLower(r)
}

// distance is the Levenshtein edit distance between a and b if it is at
// most limit, and limit+1 otherwise, with the number of cells it filled.
// Only the diagonal band |i-j| <= limit can hold a distance within limit,
// and a row whose every cell exceeds limit ends the search (Ukkonen), so
// the cost is at most len(a)×(2×limit+1) cells, whatever b's length. row
// and alt are scratch space of len(b)+1.
func distance(a, b []rune, limit int, row, alt []int) (d, cells int) {
	if abs(len(a)-len(b)) > limit {
		return limit + 1, 0
	}
	far := limit + 1
	prev, cur := row, alt
	for j := range prev {
		prev[j] = min(j, far)
	}
	for i := 1; i <= len(a); i++ {
		lo, hi := max(1, i-limit), min(len(b), i+limit)
		cur[lo-1] = far
		if lo == 1 {
			cur[0] = min(i, far)
		}
		best := cur[lo-1]
		for j := lo; j <= hi; j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			v := min(prev[j-1]+cost, cur[j-1]+1, far)
			if j < i+limit { // prev[j] is outside the band in the last column
				v = min(v, prev[j]+1)
			}
			cur[j] = v
			best = min(best, v)
		}
		cells += hi - lo + 1
		if hi < len(b) {
			cur[hi+1] = far
		}
		if best > limit {
			return far, cells
		}
		prev, cur = cur, prev
	}
	return prev[len(b)], cells
}

func abs(x int) int { return max(x, -x) }
