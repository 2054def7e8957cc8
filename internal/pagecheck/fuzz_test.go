package pagecheck

import (
	"testing"
	"time"
)

// FuzzStylesheet: any stylesheet is checked without a panic, in time, and
// every problem points into the stylesheet, so that its line and column
// can be reported.
func FuzzStylesheet(f *testing.F) {
	for _, seed := range []string{
		"body{font:1rem sans-serif}", `@\69mport "x";`, `p{background:u\72l("https://x/")}`, "p{content:\"a\n}",
		`</style><svg><style><img src=x onerror=alert(1)>`, `p{background:url(a b)}`, `a{b:image-set("x" 1x)}`, `\`, `url(`,
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, css []byte) {
		start := time.Now()
		problems := Stylesheet(css)
		if d := time.Since(start); d > 2*time.Second {
			t.Fatalf("%d bytes took %v", len(css), d)
		}
		for _, p := range problems {
			if p.Offset < 0 || p.Offset > len(css) {
				t.Fatalf("offset %d outside %d bytes: %s", p.Offset, len(css), p.Msg)
			}
		}
	})
}

// FuzzPage: any page is judged without a panic and in time.
func FuzzPage(f *testing.F) {
	f.Add([]byte(top + `</head><body><svg><style><img src=x onerror=alert(1)></style></svg>`))
	f.Add([]byte(top + `</head><body><math><mtext><table><mglyph><style><img src=x onerror=alert(1)>`))
	f.Add([]byte(`<p style="background:url(x)">`))
	f.Fuzz(func(t *testing.T, page []byte) {
		start := time.Now()
		Page(page)
		if d := time.Since(start); d > 2*time.Second {
			t.Fatalf("%d bytes took %v", len(page), d)
		}
	})
}
