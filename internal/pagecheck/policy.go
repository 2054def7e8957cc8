package pagecheck

import (
	"bytes"
	"fmt"
	"strings"
	"sync"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// CSP is the Content-Security-Policy every page declares first in its
// <head>: no script, no request; styles inline, images as data: URIs.
const CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"

// Page is the guarantee every written page must meet, whatever made it:
// Briefing's layouts, a site's own layouts and stylesheet, or text that
// entered them. It parses the page with an HTML5 tree builder, as a
// browser does (so "<svg><style>" is markup, not CSS, and a tag that
// breaks out of foreign content is an element), and lists what would let
// the page act:
//
//   - what must be present: the Content-Security-Policy <meta>, with
//     exactly CSP, as the first element in <head>;
//   - elements that run code, embed, load, submit or navigate (script,
//     iframe, object, link, base, form and its controls, media, template,
//     noscript and the other raw-text elements whose parsing depends on
//     the browser's settings), any other <meta http-equiv>, SVG animation
//     (it can animate an address), and <style> inside SVG or MathML;
//   - attributes: event handlers, ping, background, srcset and every other
//     address attribute; src other than a data: image; href other than a
//     link a reader may follow (on <a> and <area>) or a fragment (on
//     everything else, such as SVG's <use> and <image>); url() in any
//     attribute other than to a fragment or a data: URI; download, but on
//     a CSV download link (csvDownload), the one data: link allowed;
//   - CSS in <style> elements and style attributes, as CSS tokenises it.
//
// It returns the page's element ids too, for checking fragment links.
func Page(page []byte) (ids map[string]bool, problems []string) {
	var c Checker
	return c.Page(page)
}

// A Checker checks pages as Page does, and remembers the style sheets it
// found clean, so that a stylesheet inlined in every page of a build is
// tokenised once. It is safe for concurrent use; the zero value is ready.
type Checker struct {
	mu    sync.Mutex
	clean map[string]bool // style texts of at least minCachedCSS bytes with no problem
}

// minCachedCSS is the shortest style text worth remembering: a style
// attribute costs less to check than to keep.
const minCachedCSS = 256

// Page is the package's Page, with the checker's memory of clean styles.
func (c *Checker) Page(page []byte) (ids map[string]bool, problems []string) {
	doc, err := html.Parse(bytes.NewReader(page))
	if err != nil {
		return nil, []string{"the page does not parse: " + err.Error()}
	}
	w := walker{checker: c, ids: map[string]bool{}, csp: cspMeta(doc)}
	if w.csp == nil {
		w.fail("the first element in <head> is not <meta http-equiv=\"Content-Security-Policy\" content=%q>; keep layouts/partials/head.html's first line", CSP)
	}
	w.encoding(page)
	w.walk(doc)
	return w.ids, w.problems
}

// charsetMeta is how a page declares its encoding: the browser's pre-scan
// of the first 1024 bytes must meet it before anything else could name
// another encoding.
const charsetMeta = `<meta charset="utf-8">`

// encoding checks that a browser decodes the page as this check reads it:
// as UTF-8. The check reads the bytes as UTF-8; a browser decodes them in
// the encoding the page declares, and in ISO-2022-JP the bytes between
// ESC $ B and ESC ( B are two-byte characters, which can swallow the
// quotes this check sees and show markup it took for an attribute's
// value. So the page must be valid UTF-8 with no control character but
// tab and line ends (ESC included), declare UTF-8 within its first 1024
// bytes, and declare no other encoding anywhere (walk checks every
// <meta charset>). Other legacy encodings cannot move a quote, a space or
// an angle bracket: their multi-byte characters never take an ASCII byte
// below "@".
func (w *walker) encoding(page []byte) {
	if !utf8.Valid(page) {
		w.fail("it is not valid UTF-8; layouts and the stylesheet must be saved as UTF-8")
	}
	if i := indexControl(page); i >= 0 {
		w.fail("it holds the control character %U; a browser may decode the page in another encoding around it, so remove it from the layouts", page[i])
	}
	if !bytes.Contains(page[:min(len(page), 1024)], []byte(charsetMeta)) {
		w.fail("it does not declare %s in its first 1024 bytes; keep it right after the Content-Security-Policy in layouts/partials/head.html", charsetMeta)
	}
}

// indexControl is the index of the first control character in page other
// than tab and line ends, or -1. It reads bytes, not runes: in UTF-8 no
// byte of a multi-byte character is below 0x80.
func indexControl(page []byte) int {
	for i, b := range page {
		if b < ' ' && b != '\t' && b != '\n' && b != '\f' && b != '\r' || b == 0x7f {
			return i
		}
	}
	return -1
}

func (c *Checker) isClean(text string) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.clean[text]
}

func (c *Checker) remember(text string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.clean == nil {
		c.clean = map[string]bool{}
	}
	c.clean[text] = true
}

type walker struct {
	checker  *Checker
	ids      map[string]bool
	csp      *html.Node
	problems []string
	seenCSS  map[string]bool // style texts already checked
}

func (w *walker) fail(format string, args ...any) {
	w.problems = append(w.problems, fmt.Sprintf(format, args...))
}

// cspMeta is the policy's <meta> if it is the first element in <head>.
func cspMeta(doc *html.Node) *html.Node {
	head := find(doc, atom.Head)
	if head == nil {
		return nil
	}
	for c := head.FirstChild; c != nil; c = c.NextSibling {
		if c.Type != html.ElementNode {
			continue
		}
		if c.DataAtom == atom.Meta && c.Namespace == "" && strings.EqualFold(value(c, "http-equiv"), "Content-Security-Policy") && value(c, "content") == CSP {
			return c
		}
		return nil
	}
	return nil
}

func find(n *html.Node, a atom.Atom) *html.Node {
	if n.Type == html.ElementNode && n.DataAtom == a && n.Namespace == "" {
		return n
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if f := find(c, a); f != nil {
			return f
		}
	}
	return nil
}

func (w *walker) walk(n *html.Node) {
	if n.Type == html.ElementNode && !w.element(n) {
		return
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		w.walk(c)
	}
}

// refused are elements no page may have, in any namespace, by lower-case
// name, with the reason.
var refused = map[string]string{
	"script": "runs script", "noscript": "is read as markup or as text depending on the browser's settings",
	"iframe": "embeds another page", "frame": "embeds another page", "frameset": "embeds other pages",
	"object": "embeds a plug-in or page", "embed": "embeds a plug-in", "applet": "embeds a plug-in",
	"portal": "embeds another page", "fencedframe": "embeds another page",
	"base": "changes where every address points", "link": "loads a resource",
	"form": "submits data", "input": "is a form control", "button": "is a form control",
	"select": "is a form control, parsed differently by different browsers", "textarea": "is a form control",
	"keygen": "is a form control", "audio": "loads media", "video": "loads media", "source": "loads media",
	"track": "loads media", "template": "holds markup that can be brought to life later",
	"noembed": "is read differently by different browsers", "noframes": "is read differently by different browsers",
	"xmp": "is an obsolete raw-text element", "plaintext": "turns the rest of the page into text",
	"animate": "can animate an address", "set": "can set an address", "animatemotion": "can animate an address",
	"animatetransform": "is animation", "animatecolor": "is animation", "discard": "is animation",
}

// addressAttrs are attributes that make a request or navigate, and have no
// use in a pack.
var addressAttrs = map[string]bool{
	"ping": true, "background": true, "srcset": true, "srcdoc": true, "action": true, "formaction": true,
	"manifest": true, "poster": true, "codebase": true, "archive": true, "data": true, "lowsrc": true,
	"dynsrc": true, "longdesc": true, "profile": true, "icon": true, "attributionsrc": true,
}

// element checks n and reports whether its children need checking.
func (w *walker) element(n *html.Node) bool {
	name := strings.ToLower(n.Data)
	if why, ok := refused[name]; ok {
		// Its attributes and contents need no report of their own.
		w.fail("a %s element %s", what(n), why)
		return false
	}
	if name == "meta" {
		equiv, hasEquiv := attr(n, "http-equiv")
		charset, hasCharset := attr(n, "charset")
		switch {
		case n != w.csp && hasEquiv && !(w.csp == nil && strings.EqualFold(equiv, "Content-Security-Policy")):
			w.fail("there is a <meta http-equiv=%q>; the only one a page may have is its Content-Security-Policy, first in <head>", equiv)
		case hasCharset && !isUTF8Label(charset):
			w.fail("there is a <meta charset=%q>; a page is UTF-8 and may declare no other encoding", charset)
		}
	}
	switch {
	case name == "style" && n.Namespace != "":
		w.fail("a <style> inside <%s> is read by browsers as markup, not CSS; put styles in static/briefing.css", n.Namespace)
	case name == "style":
		w.css(n, nil, text(n))
	}
	download := name == "a" && csvDownload(n)
	for _, a := range n.Attr {
		key := strings.ToLower(a.Key)
		if a.Namespace != "" {
			key = a.Namespace + ":" + key
		}
		switch {
		case key == "download" && !download:
			w.fail("%s has a download attribute; only a CSV download link as Briefing writes it may have one: <a download=\"name.csv\" href=\"%s…\">, its data percent-encoded, with no target", what(n), CSVPrefix)
		case key == "href" && download:
			// The file the link holds, which the reader downloads.
		case strings.HasPrefix(key, "on"):
			w.fail("%s has an event handler %s", what(n), a.Key)
		case addressAttrs[key]:
			w.fail("%s has a %s attribute, which makes a request or navigates", what(n), a.Key)
		case key == "id":
			w.ids[a.Val] = true
		case key == "src":
			if !hasLowerPrefix(strings.TrimSpace(a.Val), "data:image/") {
				w.fail("%s has src=%q; a page may show only images inlined as data:image/ URIs", what(n), a.Val)
			}
		case key == "href" || key == "xlink:href":
			if (name == "a" || name == "area") && !followable(a.Val) {
				w.fail("%s has %s=%q; a link must go to a fragment, a page of the archive, or a web, mail or telephone address", what(n), key, a.Val)
			} else if name != "a" && name != "area" && !strings.HasPrefix(strings.TrimSpace(a.Val), "#") {
				w.fail("%s has %s=%q; only a fragment of the page (#id) may be referred to there", what(n), key, a.Val)
			}
		case key == "style":
			w.css(n, &a, a.Val)
		default:
			// SVG reads its presentation attributes (fill, mask, filter,
			// cursor, …) as CSS, escapes and all: u\72l( is url(.
			if n.Namespace == "svg" && strings.ContainsAny(a.Val, "(\\") || indexFold(a.Val, "url(") >= 0 {
				w.css(n, &a, a.Val)
			}
		}
	}
	return true
}

// what names element n in a message: <p>, or <svg title> in foreign
// content.
func what(n *html.Node) string {
	if n.Namespace != "" && n.Namespace != strings.ToLower(n.Data) {
		return "<" + n.Namespace + " " + n.Data + ">"
	}
	return "<" + n.Data + ">"
}

// hasLowerPrefix is strings.HasPrefix(strings.ToLower(s), prefix) for a
// prefix of single-byte characters, without lowering all of s (an image's
// data: URI): ToLower maps rune by rune, so only as many runes of s as
// the prefix has bytes can make the prefix.
func hasLowerPrefix(s, prefix string) bool {
	runes := 0
	for i := range s {
		if runes == len(prefix) {
			s = s[:i]
			break
		}
		runes++
	}
	return strings.HasPrefix(strings.ToLower(s), prefix)
}

// css checks CSS found in element n: its content, or its attribute attr.
// A text is checked once however often it appears, and a long one that
// the checker has found clean before is not checked again.
func (w *walker) css(n *html.Node, attr *html.Attribute, text string) {
	if w.seenCSS[text] || len(text) >= minCachedCSS && w.checker.isClean(text) {
		return
	}
	if w.seenCSS == nil {
		w.seenCSS = map[string]bool{}
	}
	w.seenCSS[text] = true
	problems := CSS([]byte(text))
	if len(problems) > 0 {
		where := what(n)
		if attr != nil {
			where += "'s " + attr.Key + " attribute"
		}
		for _, p := range problems {
			w.fail("in %s: %s", where, p.Msg)
		}
	}
	if len(problems) == 0 && len(text) >= minCachedCSS {
		w.checker.remember(text)
	}
}

// isUTF8Label reports whether label names UTF-8 in the Encoding
// standard's table of labels.
func isUTF8Label(label string) bool {
	switch strings.ToLower(strings.Trim(label, " \t\n\f\r")) {
	case "unicode-1-1-utf-8", "unicode11utf8", "unicode20utf8", "utf-8", "utf8", "x-unicode20utf8":
		return true
	}
	return false
}

// CSVPrefix begins the address of a CSV download link: the one data:
// address a link may have (csvDownload).
const CSVPrefix = "data:text/csv;charset=utf-8,"

// csvDownload reports whether n is a CSV download link as Briefing's
// renderer writes it, the one exception to "no data: link":
//
//	<a download="name.csv" href="data:text/csv;charset=utf-8,%EF%BB%BF…">
//
// an HTML <a> (not SVG's, which has no download), whose href is exactly
// CSVPrefix, as written, followed by nothing but RFC 3986's unreserved
// characters and percent-encoded bytes (no space, control, quote or
// second scheme a URL parser could read otherwise); whose download
// attribute names a .csv file of lower-case letters, digits, "-", "_"
// and "."; and with no target. A browser saves such a link's data as a
// file on a click: a download attribute on a data: address is honoured
// (the address is the page's own), and text/csv is never shown as a
// page, so nothing runs and the page stays where it is.
func csvDownload(n *html.Node) bool {
	if n.Type != html.ElementNode || n.Namespace != "" || n.DataAtom != atom.A {
		return false
	}
	href, ok := attr(n, "href")
	if !ok || !strings.HasPrefix(href, CSVPrefix) || !percentEncoded(href[len(CSVPrefix):]) {
		return false
	}
	name, ok := attr(n, "download")
	if _, target := attr(n, "target"); !ok || target || !csvName(name) {
		return false
	}
	return true
}

// percentEncoded reports whether s holds nothing but unreserved
// characters and percent-encoded bytes.
func percentEncoded(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9', c == '-', c == '.', c == '_', c == '~':
		case c == '%' && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]):
			i += 2
		default:
			return false
		}
	}
	return true
}

// csvName reports whether name is a file name a CSV download may
// suggest: lower-case letters, digits, "-", "_" and ".", ending .csv.
func csvName(name string) bool {
	base, ok := strings.CutSuffix(name, ".csv")
	if !ok || base == "" || base[0] == '.' {
		return false
	}
	for i := 0; i < len(base); i++ {
		c := base[i]
		if !('a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '-' || c == '_' || c == '.') {
			return false
		}
	}
	return true
}

// followable reports whether a reader may follow a link to v: a fragment,
// a relative address within the archive, or a web, mail or telephone
// address. It reads v as a browser's URL parser does: leading and trailing
// spaces and controls are dropped, and tabs and newlines anywhere.
func followable(v string) bool {
	v = strings.TrimFunc(v, func(r rune) bool { return r <= ' ' })
	v = strings.Map(func(r rune) rune {
		if r == '\t' || r == '\n' || r == '\r' {
			return -1
		}
		return r
	}, v)
	v = strings.ToLower(strings.ReplaceAll(v, `\`, "/"))
	scheme, _, found := strings.Cut(v, ":")
	if !found || strings.ContainsAny(scheme, "/?#") {
		return !strings.HasPrefix(v, "//")
	}
	switch scheme {
	case "https", "http", "mailto", "tel":
		return true
	}
	return false
}

// attr is the value of n's attribute key (not one of a foreign
// namespace, such as xlink:href), and whether n has it. The parser gives
// attribute names in lower case.
func attr(n *html.Node, key string) (string, bool) {
	for _, a := range n.Attr {
		if a.Namespace == "" && a.Key == key {
			return a.Val, true
		}
	}
	return "", false
}

// value is attr's value alone: "" when n has no such attribute.
func value(n *html.Node, key string) string {
	v, _ := attr(n, key)
	return v
}

// text is the text of n's children.
func text(n *html.Node) string {
	if c := n.FirstChild; c != nil && c.NextSibling == nil && c.Type == html.TextNode {
		return c.Data // a <style>'s usual one child, not copied
	}
	var sb strings.Builder
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.TextNode {
			sb.WriteString(c.Data)
		}
	}
	return sb.String()
}
