package markdown

import (
	"strconv"
	"strings"
	"unicode"

	"github.com/yuin/goldmark/ast"
)

// IDs hands out element IDs for one pack. Every document on the page shares
// it, so a heading "Summary" in two reports becomes summary and summary-1.
// Unlike goldmark's own generator it keeps non-ASCII letters: "Übersicht"
// becomes übersicht, not bersicht.
type IDs struct {
	used     map[string]bool
	prefixes []string       // "table-": every id of the prefix and digits is taken
	last     map[string]int // base → the last n given as base-n
}

// ReservePrefix marks every id made of prefix and a number (table-1,
// table-2-caption, …) as the layout's.
func (g *IDs) ReservePrefix(prefixes ...string) { g.prefixes = append(g.prefixes, prefixes...) }

func (g *IDs) prefixed(id string) bool {
	for _, p := range g.prefixes {
		if rest, ok := strings.CutPrefix(id, p); ok && rest != "" && rest[0] >= '0' && rest[0] <= '9' {
			return true
		}
	}
	return false
}

// NewIDs returns an empty generator.
func NewIDs() *IDs { return &IDs{used: map[string]bool{}, last: map[string]int{}} }

// Reserve marks ids the layout uses itself, so that no heading takes them.
func (g *IDs) Reserve(ids ...string) {
	for _, id := range ids {
		g.used[id] = true
	}
}

// Generate implements parser.IDs.
func (g *IDs) Generate(value []byte, _ ast.NodeKind) []byte {
	base := Slug(string(value))
	if base == "" {
		base = "section"
	}
	if g.prefixed(base) { // a heading "Table 1" must not take the layout's table-1
		base = "section-" + base
	}
	id := base
	if g.used[id] {
		if g.prefixed(base + "-1") { // a second "Table" must not take table-1 either
			base = "section-" + base
		}
		// Every base-n up to the last one given is taken (ids are never
		// freed), so the search goes on from there: a thousand headings
		// of one text cost a thousand tries, not half a million.
		n := g.last[base]
		for {
			n++
			if id = base + "-" + strconv.Itoa(n); !g.used[id] {
				break
			}
		}
		g.last[base] = n
	}
	g.used[id] = true
	return []byte(id)
}

// Put implements parser.IDs.
func (g *IDs) Put(value []byte) { g.used[string(value)] = true }

// Slug lower-cases s and keeps its letters and digits, joining words with
// hyphens.
func Slug(s string) string {
	var b strings.Builder
	hyphen := false
	for _, r := range strings.ToLower(s) {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if hyphen && b.Len() > 0 {
				b.WriteByte('-')
			}
			hyphen = false
			b.WriteRune(r)
		case unicode.IsSpace(r) || r == '-' || r == '_' || r == '–' || r == '—' || r == '/':
			hyphen = true
		}
	}
	return b.String()
}

// Taken reports whether id is reserved or already given to a heading.
func (g *IDs) Taken(id string) bool { return g.used[id] || g.prefixed(id) }
