package diag

import "testing"

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
