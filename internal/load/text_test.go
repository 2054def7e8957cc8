package load

import (
	"strings"
	"testing"

	"github.com/briefing/briefing/internal/diag"
	"github.com/google/go-cmp/cmp"
)

// TestTextRule checks that a value with a character that means nothing on
// a page or in a calendar is refused at the value, whatever its key.
func TestTextRule(t *testing.T) {
	const meeting = "content/scrutiny/2018-03-12/meeting.md"
	tests := []struct {
		name, file, old, new string
		want                 string // "" when the text is fine
	}{
		{"bell in a venue", meeting, "venue: Council House", `venue: "Council House\a"`,
			meeting + `:3:8: venue: "Council House\a" holds U+0007, a control character; remove it`},
		{"NUL in a council", "data/site.yaml", "council: Test Council", `council: "Test\0Council"`,
			`data/site.yaml:1:10: council: "Test\x00" holds U+0000, a control character; remove it`},
		{"escape in an address line", "data/site.yaml", "  - Town Hall", `  - "Town \e[2JHall"`,
			`data/site.yaml:3:5: address[0]: "Town \x1b" holds U+001B, a control character; remove it`},
		{"DEL in a member", "data/committees/scrutiny.yaml", "name: Cllr C", `name: "Cllr\x7fC"`,
			`data/committees/scrutiny.yaml:7:11: members[2].name: "Cllr\x7f" holds U+007F, a control character; remove it`},
		{"C1 control in a title", meeting, "title: Police", `title: "Police\x85"`,
			meeting + `:13:12: agenda[1].title: "Police\u0085" holds U+0085, a control character; remove it`},
		{"right-to-left override in a title", meeting, "title: Police", "title: Police \u202edrawkcab",
			meeting + `:13:12: agenda[1].title: "Police \u202e" holds U+202E, an invisible formatting character, which can reorder or hide the text around it; remove it`},
		{"zero-width space in a contact", meeting, "name: Jo Ashby", "name: Jo\u200bAshby",
			meeting + `:7:9: contact.name: "Jo\u200b" holds U+200B, an invisible formatting character, which can reorder or hide the text around it; remove it`},
		{"line separator in a description", meeting, "title: Apologies", "title: Apologies\n    description: \"a\\Lb\"",
			meeting + `:12:18: agenda[0].description: "a\u2028" holds U+2028, a line or paragraph separator; start a new line instead`},
		{"long text is quoted from near the character", meeting, "venue: Council House", `venue: "Diamond Rooms 1 and 2, Council House\b, Coventry"`,
			meeting + `:3:8: venue: "…nd 2, Council House\b" holds U+0008, a control character; remove it`},
		{"control in a report name", meeting, "report: 04-report.md", `report: "04-report\t\v.md"`,
			meeting + `:14:13: agenda[1].report: "04-report\t\v" holds U+000B, a control character; remove it`},
		{"tab and newline are text", meeting, "venue: Council House", `venue: "Council\tHouse\nCoventry"`, ""},
		{"joiners spell words", meeting, "name: Jo Ashby", "name: Jo Ashby \u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645 \U0001F468\u200d\U0001F469", ""},
		{"a description may mark direction", meeting, "title: Apologies", "title: Apologies\n    description: \"\u05e9\u05dc\u05d5\u05dd\u200f (Hebrew)\"", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fsys := goodSite()
			if !strings.Contains(string(fsys[tt.file].Data), tt.old) {
				t.Fatalf("%s has no %q", tt.file, tt.old)
			}
			fsys[tt.file].Data = []byte(strings.Replace(string(fsys[tt.file].Data), tt.old, tt.new, 1))
			_, err := Load(fsys, Options{})
			var want []string
			if tt.want != "" {
				want = []string{tt.want}
			}
			if diff := cmp.Diff(want, errorLines(t, err)); diff != "" {
				t.Errorf("errors (-want +got):\n%s", diff)
			}
		})
	}
}

func TestEmail(t *testing.T) {
	for _, tt := range []struct{ in, err string }{
		{"jo@example.org", ""},
		{"jo.ashby+papers@coventry.gov.uk", ""},
		{"jö@exämple.org", ""},
		{"jo\v@example.org", "is not an email address"},
		{"jo@exa\x00mple.org", "is not an email address"},
		{"jo @example.org", "is not an email address"},
		{`"jo ashby"@example.org`, "is not an email address"},
		{"jo@localhost", "is not an email address"},
		{"jo@example.org.", "is not an email address"},
		{"jo@@example.org", "is not an email address"},
		{"Jo Ashby <jo@example.org>", "is not a bare email address"},
		{"<jo@example.org>", "is not a bare email address"},
		{"javascript:alert(3)//@example.org", "is not an email address"},
		{"o'neil+papers&x=1@example.org", ""},
	} {
		var e email
		err := e.decodeScalar(tt.in, diag.Pos{})
		switch {
		case tt.err == "" && err != nil:
			t.Errorf("email %q: got %v, want it accepted", tt.in, err)
		case tt.err == "" && string(e) != tt.in:
			t.Errorf("email %q: got %q", tt.in, string(e))
		case tt.err != "" && (err == nil || !strings.Contains(err.Error(), tt.err)):
			t.Errorf("email %q: got %v, want an error with %q", tt.in, err, tt.err)
		}
	}
}

func TestBaseURL(t *testing.T) {
	for _, tt := range []struct{ in, want, err string }{
		{"https://democracy.example.org/briefing/", "https://democracy.example.org/briefing/", ""},
		{"https://democracy.example.org/briefing", "https://democracy.example.org/briefing/", ""},
		{"http://example.org", "http://example.org/", ""},
		{"HTTPS://example.org:8443/papers", "https://example.org:8443/papers/", ""},
		{"https://example.org/comités/", "https://example.org/comit%C3%A9s/", ""},
		{"https://example.org/a%2Fb/", "https://example.org/a%2Fb/", ""},
		{`https://example.org/a b"<c>/`, "", `holds ' ', which a web address cannot`},
		{`https://example.org/a"b/`, "", `holds '"', which a web address cannot`},
		{`https://example.org/<c>/`, "", `holds '<', which a web address cannot`},
		{`https://example.org\evil/`, "", `holds '\\', which a web address cannot`},
		{"https://user:secret@example.org/", "", "holds a user name or password"},
		{"https://example.org/?page=1", "", "has a query (?) or fragment (#)"},
		{"https://example.org/?", "", "has a query (?) or fragment (#)"},
		{"https://example.org/#", "", "has a query (?) or fragment (#)"},
		{"https://bürger.example/", "", "host name in non-ASCII letters"},
		{"https://example.org:99999/", "", "has port 99999"},
		{"javascript:alert(1)//", "", "is not a web address"},
		{"https:example.org", "", "is not a web address"},
		{"//example.org/", "", "is not a web address"},
		{"ftp://example.org/", "", "is not a web address"},
		{"https://example.org/%zz", "", "is not a web address"},
		{"https://example.org/briefing/index.html", "", "ends in a file name (index.html)"},
		{"www.example.org/briefing/", "", "has no https:// at the start"},
	} {
		var b baseURL
		err := b.decodeScalar(tt.in, diag.Pos{})
		switch {
		case tt.err == "" && err != nil:
			t.Errorf("base_url %q: got %v, want %q", tt.in, err, tt.want)
		case tt.err == "" && string(b) != tt.want:
			t.Errorf("base_url %q: got %q, want %q", tt.in, string(b), tt.want)
		case tt.err != "" && (err == nil || !strings.Contains(err.Error(), tt.err)):
			t.Errorf("base_url %q: got %v (%q), want an error with %q", tt.in, err, string(b), tt.err)
		}
	}
}
