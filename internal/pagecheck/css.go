package pagecheck

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/tdewolff/parse/v2"
	"github.com/tdewolff/parse/v2/css"
)

// A CSSProblem is something in a stylesheet that could make a request or
// run code, at a byte offset into the stylesheet.
type CSSProblem struct {
	Offset int
	Msg    string
}

// Stylesheet checks the text of a site's stylesheet, which every page
// inlines in a <style> element. Besides what CSS checks, the text must not
// be able to end that element: "</style" would close it, and whatever
// followed would be read as markup.
func Stylesheet(src []byte) []CSSProblem {
	var problems []CSSProblem
	if i := indexFold(src, "</style"); i >= 0 {
		problems = append(problems, CSSProblem{i, `"</style" would end the page's <style> element and turn the rest of the stylesheet into markup; remove it (in a CSS string, write "<\/style" instead)`})
	}
	return append(problems, CSS(src)...)
}

// CSS tokenises src as a browser's CSS parser would and lists what could
// make a request or run code: @import, url() and src() to anything but a
// data: URI or a fragment of the page, strings in image-set() and its
// relatives (which are addresses), expression(), behavior and
// -moz-binding, and malformed strings and addresses, which browsers
// recover from in ways that are not worth predicting. Escapes in names are
// decoded first, so u\72l( is url(.
func CSS(src []byte) []CSSProblem {
	var c cssChecker
	l := css.NewLexer(parse.NewInputBytes(src))
	for off := 0; ; {
		tt, data := l.Next()
		if tt == css.ErrorToken {
			break
		}
		if tt != css.WhitespaceToken && tt != css.CommentToken {
			c.token(tt, data, off)
		}
		off += len(data)
	}
	if c.wantURL != "" {
		c.fail(c.wantAt, "%s( is not closed", c.wantURL)
	}
	return c.problems
}

// Strings are the values of the string tokens of the stylesheet src, as
// a browser reads them: quotes removed and escapes decoded. A test can
// hold text that a layout wrote into CSS to what the browser will see.
func Strings(src []byte) []string {
	var out []string
	l := css.NewLexer(parse.NewInputBytes(src))
	for {
		tt, data := l.Next()
		switch tt {
		case css.ErrorToken:
			return out
		case css.StringToken:
			out = append(out, cssString(data))
		}
	}
}

// cssChecker follows a stylesheet token by token.
type cssChecker struct {
	problems []CSSProblem
	// funcs are the enclosing functions, innermost last, for strings
	// that are addresses.
	funcs []string
	// wantURL is a url( or src( whose argument is still to come, at
	// wantAt.
	wantURL string
	wantAt  int
	// ident is the identifier just before this token, at identAt.
	ident   string
	identAt int
	// inImport is set inside an @import rule, already reported whole.
	inImport bool
}

func (c *cssChecker) fail(off int, format string, args ...any) {
	c.problems = append(c.problems, CSSProblem{off, fmt.Sprintf(format, args...)})
}

// token checks one token, other than whitespace and comments, at byte
// offset at.
func (c *cssChecker) token(tt css.TokenType, data []byte, at int) {
	if c.inImport {
		c.inImport = tt != css.SemicolonToken && tt != css.LeftBraceToken
		return
	}
	if c.wantURL != "" {
		if tt != css.StringToken {
			c.fail(c.wantAt, "%s( takes its address in quotes here; write %s(\"data:…\")", c.wantURL, c.wantURL)
		} else if v := cssString(data); !localURL(v) {
			c.fail(at, "%s(%q) would load %s; a page may refer only to data: URIs and its own fragments", c.wantURL, v, v)
		}
		c.wantURL = ""
	}
	ident, identAt := c.ident, c.identAt
	c.ident = ""
	switch tt {
	case css.IdentToken:
		c.ident, c.identAt = unescapeCSS(data), at
	case css.AtKeywordToken:
		if name := unescapeCSS(data[1:]); strings.EqualFold(name, "import") {
			c.fail(at, "@import would load another stylesheet; put the rules in this stylesheet")
			c.inImport = true
		}
	case css.FunctionToken:
		c.function(strings.ToLower(unescapeCSS(data[:len(data)-1])), at)
	case css.LeftParenthesisToken:
		c.funcs = append(c.funcs, "")
	case css.RightParenthesisToken:
		if len(c.funcs) > 0 {
			c.funcs = c.funcs[:len(c.funcs)-1]
		}
	case css.URLToken:
		if v := cssURLToken(data); !localURL(v) {
			c.fail(at, "url(%s) would load %s; a page may refer only to data: URIs and its own fragments", v, v)
		}
	case css.StringToken:
		if n := len(c.funcs); n > 0 && takesAddresses(c.funcs[n-1]) {
			if v := cssString(data); !localURL(v) {
				c.fail(at, "%s(%q) would load %s; a page may refer only to data: URIs", c.funcs[n-1], v, v)
			}
		}
	case css.BadURLToken:
		c.fail(at, "a malformed url(); browsers recover from it in different ways, so write it as url(\"data:…\")")
	case css.BadStringToken:
		c.fail(at, "a string without its closing quote; close it on the same line")
	case css.ColonToken:
		switch strings.ToLower(ident) {
		case "behavior", "-moz-binding":
			c.fail(identAt, "%s runs code in old browsers; remove it", ident)
		}
	}
}

// function checks the start of a function call, name(, at offset at.
func (c *cssChecker) function(name string, at int) {
	switch name {
	case "url", "src":
		c.wantURL, c.wantAt = name, at
	case "expression":
		c.fail(at, "expression() runs script; remove it")
	}
	c.funcs = append(c.funcs, name)
}

// takesAddresses reports whether strings inside the CSS function name are
// addresses a browser may load.
func takesAddresses(name string) bool {
	switch name {
	case "image-set", "-webkit-image-set", "image", "cross-fade", "-webkit-cross-fade", "element", "-moz-element":
		return true
	}
	return false
}

// localURL reports whether v, an address from CSS or an SVG attribute,
// stays in the page: a data: URI or a fragment.
func localURL(v string) bool {
	v = strings.TrimSpace(v)
	return strings.HasPrefix(v, "#") || len(v) >= 5 && strings.EqualFold(v[:5], "data:")
}

// cssString is the value of a CSS string token, quotes and escapes removed.
func cssString(tok []byte) string {
	if len(tok) >= 2 {
		tok = tok[1 : len(tok)-1]
	}
	return unescapeCSS(tok)
}

// cssURLToken is the address in an unquoted url(…) token.
func cssURLToken(tok []byte) string {
	i := bytes.IndexByte(tok, '(')
	tok = bytes.TrimSpace(bytes.TrimSuffix(tok[i+1:], []byte(")")))
	if len(tok) > 0 && (tok[0] == '"' || tok[0] == '\'') {
		return cssString(tok)
	}
	return unescapeCSS(tok)
}

// unescapeCSS decodes CSS escapes (CSS Syntax Level 3, 4.3.7): a backslash
// and one to six hex digits, with one optional whitespace after them, or a
// backslash and any other character, which stands for itself. An escaped
// newline (in strings, a line continuation) is removed.
func unescapeCSS(b []byte) string {
	if bytes.IndexByte(b, '\\') < 0 {
		return string(b)
	}
	var sb strings.Builder
	for i := 0; i < len(b); i++ {
		c := b[i]
		if c != '\\' || i+1 == len(b) {
			sb.WriteByte(c)
			continue
		}
		i++
		j := i
		for j < len(b) && j-i < 6 && isHex(b[j]) {
			j++
		}
		if j == i {
			if b[i] == '\n' || b[i] == '\f' {
				continue
			}
			if b[i] == '\r' {
				if i+1 < len(b) && b[i+1] == '\n' {
					i++
				}
				continue
			}
			_, size := utf8.DecodeRune(b[i:])
			sb.Write(b[i : i+size])
			i += size - 1
			continue
		}
		n, _ := strconv.ParseUint(string(b[i:j]), 16, 32)
		r := rune(n)
		if n == 0 || n > utf8.MaxRune || (r >= 0xD800 && r <= 0xDFFF) {
			r = utf8.RuneError
		}
		sb.WriteRune(r)
		i = j - 1
		if j < len(b) {
			switch b[j] {
			case ' ', '\t', '\n', '\f':
				i = j
			case '\r':
				i = j
				if j+1 < len(b) && b[j+1] == '\n' {
					i = j + 1
				}
			}
		}
	}
	return sb.String()
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

// indexFold is the index of the first ASCII case-insensitive match of the
// lower-case word in b, or -1.
func indexFold[T string | []byte](b T, word string) int {
	lower, upper := word[0], word[0]
	if 'a' <= lower && lower <= 'z' {
		upper -= 'a' - 'A'
	}
	for i := 0; i+len(word) <= len(b); i++ {
		if c := b[i]; (c == lower || c == upper) && strings.EqualFold(string(b[i:i+len(word)]), word) {
			return i
		}
	}
	return -1
}
