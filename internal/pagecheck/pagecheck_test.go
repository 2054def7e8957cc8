package pagecheck

import (
	"strings"
	"testing"
)

// TestCheckCatches shows that each check of Check can fail.
func TestCheckCatches(t *testing.T) {
	const head = `<!DOCTYPE html><html lang="en-GB"><head><meta http-equiv="Content-Security-Policy" content="` + CSP + `"><meta charset="utf-8"><title>t</title></head><body>`
	files := map[string][]byte{"index.html": nil, "c/index.html": nil}
	tests := []struct{ page, want string }{
		{head + `<h1>A</h1><p>ZgotmplZ</p>`, `contains "ZgotmplZ"`},
		{head + `<h1>A</h1><p>&amp;lt;b&gt;</p>`, `contains "&amp;lt;"`},
		{head + `<h1>A</h1><p>{{.Title}}</p>`, `contains "{{"`},
		{head + `<h1>A</h1><img src="https://example.org/x.png" alt="x">`, `src=https://example.org/x.png is not inline`},
		{head + `<h1>A</h1><img src="data:image/png;base64,AA==">`, `an <img> has no alt attribute`},
		{head + `<h1>A</h1><a href="#nowhere">x</a>`, `href=#nowhere points to no element`},
		{head + `<h1>A</h1><a href="../../etc/passwd">x</a>`, `leaves the output`},
		{head + `<h1>A</h1><a href="javascript:alert(1)">x</a>`, `is neither a relative link nor a web address`},
		{head + `<h1>A</h1><a href="c/missing.html">x</a>`, `c/missing.html is not a file of the build`},
		{head + `<h1>A</h1><p onclick="x()">x</p>`, `event handler onclick`},
		{head + `<h1>A</h1><script>x()</script>`, `a <script> element`},
		{head + `<h1>A</h1><link rel="stylesheet" href="https://example.org/a.css">`, `a <link> element`},
		{head + `<h1>A</h1><h1>B</h1>`, `has 2 h1 elements`},
		{head + `<h1>A</h1><h3>B</h3>`, `heading level jumps from h1 to h3`},
		{head + `<h1 id="a">A</h1><p id="a">x</p>`, `id "a" is used 2 times`},
		{`<!DOCTYPE html><html><head><title>t</title><meta http-equiv="Content-Security-Policy" content="` + CSP + `"><meta charset="utf-8"></head><body><h1>A</h1>`, `first element in <head> is not <meta`},
	}
	for _, tt := range tests {
		got := strings.Join(Check("index.html", []byte(tt.page), files), "\n")
		if !strings.Contains(got, tt.want) {
			t.Errorf("Check(%s)\ngot:  %s\nwant: %s", tt.page[len(head)-6:], got, tt.want)
		}
	}
	if got := Check("index.html", []byte(head+`<h1 id="a">A</h1><a href="#a">x</a><a href="c/index.html">c</a>`), files); len(got) != 0 {
		t.Errorf("a good page has problems: %v", got)
	}
}
