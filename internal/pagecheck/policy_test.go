package pagecheck

import (
	"bytes"
	"strings"
	"testing"
)

const top = `<!DOCTYPE html><html lang="en-GB"><head><meta http-equiv="Content-Security-Policy" content="` + CSP + `"><meta charset="utf-8"><title>t</title>`

// TestPageRefuses holds the shapes an attacker used to get past a
// tokenising check, and their relatives: each must be refused.
func TestPageRefuses(t *testing.T) {
	tests := []struct{ name, head, body, want string }{
		{"svg style breakout", ``, `<svg><style><meta http-equiv="refresh" content="0;url=https://evil.example/"></style></svg>`, `<meta http-equiv="refresh">`},
		{"svg style handler", ``, `<svg><style><img src=x onerror=alert(1)></style></svg>`, `has an event handler onerror`},
		{"svg style itself", ``, `<svg><style>a{}</style></svg>`, `<style> inside <svg>`},
		{"math style", ``, `<math><style>a{}</style></math>`, `<style> inside <math>`},
		{"math mtext breakout", ``, `<form><math><mtext></form><form><mglyph><style></math><img src onerror=alert(1)>`, `<form>`},
		{"noscript", ``, `<noscript><p title="</noscript><img src=x onerror=alert(1)>"></p></noscript>`, `<noscript>`},
		{"noembed", ``, `<noembed><img src=x></noembed>`, `<noembed>`},
		{"xmp", ``, `<xmp>x</xmp>`, `<xmp>`},
		{"template", ``, `<template><img src=x onerror=alert(1)></template>`, `<template>`},
		{"select", ``, `<select><img src=x onerror=alert(1)></select>`, `<select>`},
		{"svg cdata", ``, `<svg><![CDATA[</svg><img src=x onerror=alert(1)>]]></svg>`, ``},
		{"comment in svg", ``, `<svg><!--</svg><img src=x onerror=alert(1)>--></svg>`, ``},
		{"svg title breakout", ``, `<svg><title><img src=x onerror=alert(1)></title></svg>`, `has an event handler onerror`},
		{"meta refresh in body", ``, `<meta http-equiv="refresh" content="0;url=https://evil.example/">`, `<meta http-equiv="refresh">`},
		{"set-cookie", `<meta http-equiv="set-cookie" content="a=b">`, ``, `http-equiv="set-cookie"`},
		{"body background", ``, `<table background="https://evil.example/x.png"><tr><td>x</td></tr></table>`, `background attribute`},
		{"a ping", ``, `<a href="#x" ping="https://evil.example/">x</a>`, `ping attribute`},
		{"svg image", ``, `<svg><image href="https://evil.example/x.png"/></svg>`, `<svg image> has href="https://evil.example/x.png"`},
		{"svg use", ``, `<svg><use href="https://evil.example/x.svg#a"/></svg>`, `only a fragment`},
		{"svg use xlink", ``, `<svg><use xlink:href="https://evil.example/x.svg#a"/></svg>`, `xlink:href=`},
		{"svg animate href", ``, `<svg><a><animate attributeName="href" values="javascript:alert(1)"/><text>x</text></a></svg>`, `<svg animate>`},
		{"svg set", ``, `<svg><a><set attributeName="href" to="javascript:alert(1)"/></a></svg>`, `<svg set>`},
		{"svg a javascript", ``, `<svg><a href="javascript:alert(1)"><text>x</text></a></svg>`, `a link must go to`},
		{"javascript with tab", ``, `<a href="java&#9;script:alert(1)">x</a>`, `a link must go to`},
		{"svg fill url", ``, `<svg><rect fill="url(https://evil.example/p.svg#g)"/></svg>`, `would load`},
		{"style attribute url", ``, `<p style="background:url(https://evil.example/x.png)">x</p>`, `would load`},
		{"upper-case URL( in an attribute", ``, `<p data-x="URL(https://evil.example/x.png)">x</p>`, `would load`},
		{"css import", `<style>@import "https://evil.example/a.css";</style>`, ``, `@import`},
		{"css escaped import", `<style>@\69mport "https://evil.example/a.css";</style>`, ``, `@import`},
		{"css url", `<style>body{background:url(https://evil.example/x.png)}</style>`, ``, `would load`},
		{"css escaped url", `<style>body{background:u\72l("https://evil.example/x.png")}</style>`, ``, `would load`},
		{"css javascript url", `<style>body{background:url(javascript:alert(1))}</style>`, ``, `malformed url()`},
		{"css javascript url quoted", `<style>body{background:url("javascript:alert(1)")}</style>`, ``, `would load`},
		{"css image-set", `<style>body{background:image-set("https://evil.example/x.png" 1x)}</style>`, ``, `image-set`},
		{"css expression", `<style>p{width:expression(alert(1))}</style>`, ``, `expression()`},
		{"css behavior", `<style>p{behavior:url(#x)}</style>`, ``, `behavior`},
		{"css font", `<style>@font-face{font-family:x;src:url(https://evil.example/f.woff)}</style>`, ``, `would load`},
		{"img remote", ``, `<img alt="" src="https://evil.example/x.png">`, `data:image/`},
		{"img srcset", ``, `<img alt="" src="data:image/png;base64,AA==" srcset="https://evil.example/x.png 2x">`, `srcset attribute`},
		{"iframe", ``, `<iframe srcdoc="<script>alert(1)</script>"></iframe>`, `<iframe>`},
		{"form", ``, `<form action="https://evil.example/"><button>x</button></form>`, `<form>`},
		{"base", `<base href="https://evil.example/">`, ``, `<base>`},
		{"link", `<link rel="prefetch" href="https://evil.example/">`, ``, `<link>`},
		{"video poster", ``, `<video poster="https://evil.example/x.png"></video>`, `<video>`},
		{"attributionsrc", ``, `<a href="#x" attributionsrc="https://evil.example/">x</a>`, `attributionsrc`},
		{"svg script", ``, `<svg><script>alert(1)</script></svg>`, `<svg script>`},
		{"foreignObject handler", ``, `<svg><foreignObject><p onclick="x()">x</p></foreignObject></svg>`, `has an event handler onclick`},
		{"iso-2022-jp", `<meta charset="iso-2022-jp">`, "<p \x1b$B x='\x1b(B><img src=x onerror=alert(1)> '>ok</p>", `the control character U+001B`},
		{"other charset", `<meta charset="shift_jis">`, ``, `<meta charset="shift_jis">`},
		{"invalid utf-8", ``, "<p>\xff</p>", `not valid UTF-8`},
		{"svg escaped url", ``, `<svg><rect mask="u\rl(https://evil.example/m.svg#m)" fill="u\72 l(https://evil.example/f.svg#f)"/></svg>`, `would load`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			page := top + tt.head + `</head><body><h1 id="x">A</h1>` + tt.body + `</body></html>`
			_, problems := Page([]byte(page))
			got := strings.Join(problems, "\n")
			if tt.want == "" {
				// Shapes that a browser reads as harmless text: the check
				// must agree with the browser and not see an element.
				if got != "" {
					t.Errorf("Page(%s) = %s, want nothing (the browser reads it as text)", tt.body, got)
				}
				return
			}
			if !strings.Contains(got, tt.want) {
				t.Errorf("Page(%s%s)\ngot:  %s\nwant: %s", tt.head, tt.body, got, tt.want)
			}
		})
	}
}

// TestPagePolicyMeta shows that the policy must be present, exact and
// first.
func TestPagePolicyMeta(t *testing.T) {
	body := `</head><body><h1>A</h1></body></html>`
	for _, head := range []string{
		`<!DOCTYPE html><html><head><meta charset="utf-8"><title>t</title>`,
		`<!DOCTYPE html><html><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="` + CSP + `">`,
		`<!DOCTYPE html><html><head><meta http-equiv="Content-Security-Policy" content="default-src *"><meta charset="utf-8">`,
		`<!DOCTYPE html><html><head><meta charset="utf-8"><title>t</title></head><body><meta http-equiv="Content-Security-Policy" content="` + CSP + `">`,
	} {
		_, problems := Page([]byte(head + body))
		if len(problems) != 1 || !strings.Contains(problems[0], "first element in <head>") {
			t.Errorf("Page(%s) = %q, want one problem about the policy", head, problems)
		}
	}
}

// TestPageAllows shows what a pack may hold.
func TestPageAllows(t *testing.T) {
	body := `<h1 id="x">A</h1><a href="#x">x</a><a href="../index.html">up</a><a href="https://example.org/">w</a>
<a href="mailto:clerk@example.org">m</a><a href="tel:+441212">t</a><img alt="" src="data:image/png;base64,AA==">
<svg viewBox="0 0 10 10" role="img" aria-labelledby="t1"><title id="t1">Chart</title><defs><linearGradient id="g"/></defs>
<rect fill="url(#g)" style="stroke:#000"/><use href="#g"/></svg><p style="color:red">x</p>`
	head := `<style>body{font:1rem sans-serif}@media print{a::after{content:"</p>"}}.x{background:url("data:image/png;base64,AA==")}</style>`
	if _, problems := Page([]byte(top + head + `</head><body>` + body)); len(problems) > 0 {
		t.Errorf("a good page has problems: %q", problems)
	}
}

// TestStylesheet shows the stylesheet's own rules, with offsets.
func TestStylesheet(t *testing.T) {
	tests := []struct {
		css  string
		off  int
		want string
	}{
		{"p{}\n</STYLE><script>alert(1)</script>", 4, `"</style" would end`},
		{"p{}\n@import url(a.css);", 4, "@import"},
		{"p{background:url( https://x/ )}", 13, "would load"},
		{"p{content:\"a\n}", 10, "closing quote"},
		{`p{background:url(a b)}`, 13, "malformed"},
	}
	for _, tt := range tests {
		got := Stylesheet([]byte(tt.css))
		if len(got) == 0 || got[0].Offset != tt.off || !strings.Contains(got[0].Msg, tt.want) {
			t.Errorf("Stylesheet(%q) = %+v, want offset %d and %q", tt.css, got, tt.off, tt.want)
		}
	}
	if got := Stylesheet([]byte(`p::before{content:"<\/style>"} a{background:url(data:image/png;base64,AA==)}`)); len(got) > 0 {
		t.Errorf("a good stylesheet has problems: %+v", got)
	}
}

// TestUnescapeCSS covers the escapes CSS names and strings may use.
func TestUnescapeCSS(t *testing.T) {
	for in, want := range map[string]string{
		`url`: "url", `u\72l`: "url", `u\000072 l`: "url", `\69mport`: "import", `a\"b`: `a"b`, "a\\\nb": "ab", `\0`: "\uFFFD", `x\`: `x\`,
	} {
		if got := unescapeCSS([]byte(in)); got != want {
			t.Errorf("unescapeCSS(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestIndexControl holds the byte scan to the rune scan it replaced, on
// valid and invalid UTF-8.
func TestIndexControl(t *testing.T) {
	runes := func(b []byte) int {
		return bytes.IndexFunc(b, func(r rune) bool { return r < ' ' && r != '\t' && r != '\n' && r != '\f' && r != '\r' || r == 0x7f })
	}
	for _, in := range []string{"", "plain\ttext\r\n", "é€😀\x1b$B", "\xff\xfe\x00", "\xe2\x82", "a\x7f", "\u0085\u2028x\x01", "\xc0\x80"} {
		if got, want := indexControl([]byte(in)), runes([]byte(in)); got != want {
			t.Errorf("indexControl(%q) = %d, want %d", in, got, want)
		}
	}
}

// TestCheapEqualsPlain holds the walker's cheaper string tests to the
// plain expressions they stand for, on text that lowers or folds in
// surprising ways (İ lowers to i, the Kelvin sign folds to k, invalid
// UTF-8 lowers to U+FFFD): a cheaper test must not change a verdict.
func TestCheapEqualsPlain(t *testing.T) {
	plainIndexFold := func(b []byte, word string) int {
		first := word[:1] + strings.ToUpper(word[:1])
		for i := 0; i+len(word) <= len(b); i++ {
			j := bytes.IndexAny(b[i:], first)
			if j < 0 {
				return -1
			}
			i += j
			if i+len(word) <= len(b) && strings.EqualFold(string(b[i:i+len(word)]), word) {
				return i
			}
		}
		return -1
	}
	var inputs []string
	for _, s := range []string{"", "d", "data:image/", "DATA:IMAGE/png", "data:İmage/", "data:\u0130mage/x", "\xffdata:image/", "data:imag\xff/", "Data:Image\u212a", "url(", "URL(#a)", "u\\72l(", "uRl(x)url(", "</STYLE", "<</style", "\u212al(", "ur", "data:image"} {
		inputs = append(inputs, s, s+"x", "x"+s, " "+s+"ſ")
	}
	for _, in := range inputs {
		for _, prefix := range []string{"data:image/", "d", "x"} {
			if got, want := hasLowerPrefix(in, prefix), strings.HasPrefix(strings.ToLower(in), prefix); got != want {
				t.Errorf("hasLowerPrefix(%q, %q) = %v, want %v", in, prefix, got, want)
			}
		}
		for _, word := range []string{"url(", "</style", "k"} {
			if got, want := indexFold(in, word), plainIndexFold([]byte(in), word); got != want {
				t.Errorf("indexFold(%q, %q) = %d, want %d", in, word, got, want)
			}
			if got, want := indexFold([]byte(in), word), plainIndexFold([]byte(in), word); got != want {
				t.Errorf("indexFold([]byte(%q), %q) = %d, want %d", in, word, got, want)
			}
		}
	}
}
