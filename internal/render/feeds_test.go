package render

import (
	"bytes"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestICalText(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"Council House", "Council House"},
		{`Rooms 1, 2; C:\papers`, `Rooms 1\, 2\; C:\\papers`},
		{"Agenda:\n1. Minutes\r\n2. Police\r3. Close", `Agenda:\n1. Minutes\n2. Police\n3. Close`},
		{"Hall\x00\x1b[2J\a\b\v\f\x7f\u0085 2", "Hall[2J 2"},
		{"tab\tkept", "tab\tkept"},
		{"Café – 2018/19", "Café – 2018/19"},
	} {
		if got := icalText(tt.in); got != tt.want {
			t.Errorf("icalText(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestFoldLine(t *testing.T) {
	for _, in := range []string{
		"SUMMARY:short",
		"LOCATION:" + strings.Repeat("a", 200),
		"LOCATION:" + strings.Repeat("é", 100), // two octets each
		"LOCATION:" + strings.Repeat("€", 90),  // three octets each
	} {
		var b bytes.Buffer
		foldLine(&b, in)
		out := b.String()
		if !strings.HasSuffix(out, "\r\n") {
			t.Errorf("%q: does not end in CRLF", in)
		}
		for _, l := range strings.Split(strings.TrimSuffix(out, "\r\n"), "\r\n") {
			if len(l) > 75 || !utf8.ValidString(l) {
				t.Errorf("%q: line %q is %d octets or splits a character", in, l, len(l))
			}
		}
		if got := strings.ReplaceAll(strings.TrimSuffix(out, "\r\n"), "\r\n ", ""); got != in {
			t.Errorf("unfolded %q, want %q", got, in)
		}
	}
}
