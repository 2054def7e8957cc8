package diag

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"
)

func TestDistance(t *testing.T) {
	tests := []struct {
		a, b  string
		limit int
		want  int
	}{
		{"", "", 2, 0},
		{"", "abc", 5, 3},
		{"abc", "", 5, 3},
		{"venu", "venue", 2, 1},
		{"reprot", "report", 3, 2},
		{"kitten", "sitting", 3, 3},
		{"kitten", "sitting", 2, 3}, // beyond the limit: limit+1
		{"deployed", "deployable", 4, 4},
		{"01-a-v2.md", "01-a.md", 5, 3},
		{"abc", "abcdefgh", 2, 3}, // lengths too far apart
		{"flaw", "lawn", 2, 2},
		{"übersicht", "ubersicht", 2, 1}, // runes, not bytes
		{"aaaa", "bbbb", 0, 1},
		{"same", "same", 0, 0},
	}
	for _, tt := range tests {
		a, b := []rune(tt.a), []rune(tt.b)
		got, _ := distance(a, b, tt.limit, make([]int, len(b)+1), make([]int, len(b)+1))
		if got != tt.want {
			t.Errorf("distance(%q, %q, %d) = %d, want %d", tt.a, tt.b, tt.limit, got, tt.want)
		}
	}
}

// TestDistanceAgreesWithFullTable checks the banded, abandoning distance
// against the plain Levenshtein table on random short strings.
func TestDistanceAgreesWithFullTable(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	word := func() []rune {
		w := make([]rune, r.IntN(12))
		for i := range w {
			w[i] = rune('a' + r.IntN(3))
		}
		return w
	}
	for range 20000 {
		a, b, limit := word(), word(), r.IntN(8)
		want := min(levenshtein(a, b), limit+1)
		got, _ := distance(a, b, limit, make([]int, len(b)+1), make([]int, len(b)+1))
		if got != want {
			t.Fatalf("distance(%q, %q, %d) = %d, want %d", string(a), string(b), limit, got, want)
		}
	}
}

func levenshtein(a, b []rune) int {
	d := make([][]int, len(a)+1)
	for i := range d {
		d[i] = make([]int, len(b)+1)
		d[i][0] = i
	}
	for j := range d[0] {
		d[0][j] = j
	}
	for i := 1; i <= len(a); i++ {
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			d[i][j] = min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+cost)
		}
	}
	return d[len(a)][len(b)]
}

func TestNearest(t *testing.T) {
	rows := []string{"Coventry", "Dudley", "Force", "West Midlands Police (force)"}
	tests := []struct {
		got   string
		names []string
		want  string
	}{
		{"venu", []string{"time", "venue", "status"}, "venue"},
		{"Coventy", rows, "Coventry"},
		{"coventry", rows, "Coventry"}, // case is no difference
		{"West Midlands Police", rows, "West Midlands Police (force)"},
		{"Walsall", rows, ""},
		{"cc", []string{"c"}, "c"},
		{"deployed", []string{"Establishment", "Strength", "Deployable"}, "Deployable"},
		{"SWN", []string{"NE", "SNW", "ST M"}, "SNW"},
		{"ab", []string{"abcd", "ac"}, "ac"},               // the nearer, though later
		{"abcd", []string{"abxx", "xbcd", "abcx"}, "xbcd"}, // the first of the nearest
		{"abcd", []string{"abcx", "abxd"}, "abcx"},         // the first of equals
		{"x", nil, ""},
		{"", []string{"a", "ab", "abc"}, "a"},
		{strings.Repeat("a", 40), []string{strings.Repeat("a", 30)}, "a" + strings.Repeat("a", 29)}, // 10 edits
		{strings.Repeat("a", 40), []string{strings.Repeat("a", 29)}, ""},                            // 11 edits: beyond maxEdits
	}
	var files []string
	for i := range 20000 {
		files = append(files, fmt.Sprintf("stray-%05d-file.md", i))
	}
	tests = append(tests, []struct {
		got   string
		names []string
		want  string
	}{
		{"stray-01499-flie.md", files[:1500], "stray-01499-file.md"},
		{"stray-19999-flie.md", files, ""}, // too many to search: not stray-00099-file.md
	}...)
	for _, tt := range tests {
		if got := Nearest(tt.got, tt.names); got != tt.want {
			t.Errorf("Nearest(%q, %d names) = %q, want %q", tt.got, len(tt.names), got, tt.want)
		}
	}
}

func TestSuggest(t *testing.T) {
	var many []string
	for i := range 21 {
		many = append(many, fmt.Sprintf("name-%02d", i))
	}
	tests := []struct {
		got   string
		names []string
		want  string
	}{
		{"venu", []string{"time", "venue"}, ` (did you mean "venue"?)`},
		{"Walsall", []string{"Force", "Coventry", "Dudley"}, " (there are: Coventry, Dudley, Force)"},
		{"Walsall", many, ""}, // too many to list
		{"x", nil, ""},
	}
	for _, tt := range tests {
		if got := Suggest(tt.got, tt.names, "there are"); got != tt.want {
			t.Errorf("Suggest(%q, %q) = %q, want %q", tt.got, tt.names, got, tt.want)
		}
	}
}

// TestNearestAgreesWithPlainSearch checks Nearest against the plain
// search it replaced (every name, full table) on random short names, where
// the caps never bind.
func TestNearestAgreesWithPlainSearch(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	word := func() string {
		w := make([]rune, 1+r.IntN(10))
		for i := range w {
			w[i] = []rune("abcAB-é")[r.IntN(7)]
		}
		return string(w)
	}
	for range 5000 {
		got := word()
		names := make([]string, r.IntN(30))
		for i := range names {
			names[i] = word()
		}
		want, wantDist := "", max(3, len([]rune(got))/2+1)
		for _, n := range names {
			if d := levenshtein([]rune(strings.ToLower(got)), []rune(strings.ToLower(n))); d < wantDist {
				want, wantDist = n, d
			}
		}
		if got := Nearest(got, names); got != want {
			t.Fatalf("Nearest(%q, %q) = %q, want %q", got, names, got, want)
		}
	}
}

// TestNamesSearchesFirstOnes: a list asked about many times searches for
// the first maxSearches names only.
func TestNamesSearchesFirstOnes(t *testing.T) {
	n := Names{List: []string{"Coventry", "Dudley"}, Label: "there are"}
	for i := range maxSearches {
		if got, want := n.Suggest("Coventy"), ` (did you mean "Coventry"?)`; got != want {
			t.Fatalf("search %d: Suggest = %q, want %q", i+1, got, want)
		}
	}
	if got := n.Suggest("Coventy"); got != "" {
		t.Errorf("search %d: Suggest = %q, want none", maxSearches+1, got)
	}
}

// TestNearestIsBounded gives Nearest the shapes that made it quadratic:
// a long name against thousands of long names, and names that stay near
// until their last characters. The limit is a guard against a hang, not a
// measure of speed.
func TestNearestIsBounded(t *testing.T) {
	long := make([]string, 5000)
	near := make([]string, 5000)
	for i := range long {
		long[i] = fmt.Sprintf("%05d", i) + strings.Repeat("x", 295)
		near[i] = strings.Repeat("a", 30) + fmt.Sprintf("%011d", i)
	}
	start := time.Now()
	for range 100 {
		Nearest(strings.Repeat("y", 300), long)
		Nearest(strings.Repeat("x", 290)+"yyyyyyyyyy", long)
		Nearest(strings.Repeat("a", 41), near)
	}
	if d := time.Since(start); d > 10*time.Second {
		t.Fatalf("300 suggestions against 5,000 names took %v", d)
	}
}

func BenchmarkNearest(b *testing.B) {
	var files, rows []string
	for i := range 1500 {
		files = append(files, fmt.Sprintf("stray-%05d-file.md", i))
	}
	for i := range 5000 {
		rows = append(rows, fmt.Sprintf("Row number %d with a fairly long label to compare", i))
	}
	b.Run("files", func(b *testing.B) {
		for b.Loop() {
			Nearest("00000-missing-report.md", files)
		}
	})
	b.Run("rows", func(b *testing.B) {
		for b.Loop() {
			Nearest("Row numbr 4999 with a fairly long label to compare", rows)
		}
	})
}

func TestPrintable(t *testing.T) {
	tests := []struct{ in, want string }{
		{"content/c/report.md", "content/c/report.md"},
		{"Café – 2018/19", "Café – 2018/19"},
		{"a\x1b]0;pwned\a\x1b[2Jb", `a\x1b]0;pwned\a\x1b[2Jb`},
		{"tab\tand\nnewline", `tab\tand\nnewline`},
		{"del\x7f and c1 \u0085", `del\x7f and c1 \u0085`},
		{"report\u202egnp.md", `report\u202egnp.md`},       // right-to-left override
		{"a\u2066b\u2069c", `a\u2066b\u2069c`},             // isolates
		{"zero\u200bwidth\ufeff", `zero\u200bwidth\ufeff`}, // zero-width space, BOM
		{"line\u2028para\u2029", `line\u2028para\u2029`},
		{"bad \xff byte", "bad \ufffd byte"},
	}
	for _, tt := range tests {
		if got := Printable(tt.in); got != tt.want {
			t.Errorf("Printable(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestErrorIsPrintable(t *testing.T) {
	e := &Error{Pos: Pos{Path: "content/c/x\u202egnp.md"}, Msg: "no agenda item names this report"}
	if got, want := e.Error(), `content/c/x\u202egnp.md: no agenda item names this report`; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
}

func TestPosString(t *testing.T) {
	tests := []struct {
		pos  Pos
		want string
	}{
		{Pos{Path: "a.yaml"}, "a.yaml"},
		{Pos{Path: "a.yaml", Line: 3}, "a.yaml:3"},
		{Pos{Path: "a.yaml", Line: 3, Col: 7}, "a.yaml:3:7"},
		{Pos{Path: "x/robbery.csv", Line: 12, Col: 3}, "x/robbery.csv:12:3"},
		{Pos{Path: "x/robbery.xlsx", Sheet: "Sheet1", Line: 7, Col: 3}, "x/robbery.xlsx:Sheet1!C7"},
		{Pos{Path: "r.xlsx", Sheet: "Sheet1"}, "r.xlsx:Sheet1"},
		{Pos{Path: "r.xlsx", Sheet: "Crime 2018", Line: 1, Col: 28}, "r.xlsx:'Crime 2018'!AB1"},
		{Pos{Path: "r.xlsx", Sheet: "Jo's", Line: 2, Col: 702}, "r.xlsx:'Jo''s'!ZZ2"},
		{Pos{Path: "r.xlsx", Sheet: "S", Line: 2, Col: 703}, "r.xlsx:S!AAA2"},
	}
	for _, tt := range tests {
		if got := tt.pos.String(); got != tt.want {
			t.Errorf("%#v.String() = %q, want %q", tt.pos, got, tt.want)
		}
	}
}

func TestSortSheets(t *testing.T) {
	var l List
	l.Add(Pos{Path: "a.xlsx", Sheet: "B", Line: 1, Col: 1}, "m")
	l.Add(Pos{Path: "a.xlsx", Sheet: "A", Line: 9, Col: 2}, "m")
	l.Add(Pos{Path: "a.xlsx", Sheet: "A", Line: 9, Col: 1}, "m")
	got := l.Sort().Lines()
	want := "a.xlsx:A!A9: m\na.xlsx:A!B9: m\na.xlsx:B!A1: m\n"
	if got != want {
		t.Errorf("sorted:\n%s\nwant:\n%s", got, want)
	}
}
