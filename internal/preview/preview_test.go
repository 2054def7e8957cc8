package preview

import (
	"bufio"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/briefing/briefing/internal/diag"
	"github.com/briefing/briefing/internal/pagecheck"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// builtPage is a page as the layouts write one: the policy first in
// <head>, escaped as html/template escapes it.
const builtPage = `<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;; style-src &#39;unsafe-inline&#39;; img-src data:">
<meta charset="utf-8">
<title>Pack</title>
</head>
<body class="pack"><p>Robbery rose by 86.0%.</p></body>
</html>
`

func newServer(t *testing.T, files, site fstest.MapFS) (*Server, *httptest.Server) {
	t.Helper()
	s := New(files, site)
	ts := httptest.NewServer(s)
	t.Cleanup(func() {
		s.Close()
		ts.Close()
	})
	return s, ts
}

func get(t *testing.T, url string) (*http.Response, string) {
	t.Helper()
	res, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return res, string(body)
}

// policy parses a Content-Security-Policy into its directives' sources.
func policy(p string) map[string][]string {
	out := map[string][]string{}
	for part := range strings.SplitSeq(p, ";") {
		if f := strings.Fields(part); len(f) > 0 {
			out[f[0]] = f[1:]
		}
	}
	return out
}

// TestInjectedPolicy: a page is served with the reload script, under its
// own policy plus exactly what the script needs, in its <meta> and as a
// header; the file itself is as built.
func TestInjectedPolicy(t *testing.T) {
	files := fstest.MapFS{"c/2019-01-21/index.html": {Data: []byte(builtPage)}}
	_, ts := newServer(t, files, fstest.MapFS{})
	res, body := get(t, ts.URL+"/c/2019-01-21/")
	if res.StatusCode != http.StatusOK {
		t.Fatalf("status %d, want 200", res.StatusCode)
	}
	header := res.Header.Get("Content-Security-Policy")
	doc, err := html.Parse(strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	var meta string
	var scripts []string
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && n.DataAtom == atom.Meta {
			for _, a := range n.Attr {
				if a.Key == "content" && meta == "" && strings.Contains(a.Val, "default-src") {
					meta = a.Val
				}
			}
		}
		if n.Type == html.ElementNode && n.DataAtom == atom.Script {
			scripts = append(scripts, n.FirstChild.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	if meta != header {
		t.Errorf("the page's policy %q, its header %q: want the same", meta, header)
	}
	got, orig := policy(header), policy(pagecheck.CSP)
	want := map[string][]string{
		// default-src 'none' stood for them; only the reload is allowed.
		"script-src":  {scriptSource},
		"connect-src": {"'self'"},
	}
	for d, s := range orig {
		want[d] = s
	}
	for d := range got {
		if !slices.Equal(got[d], want[d]) {
			t.Errorf("%s: got %q, want %q", d, got[d], want[d])
		}
	}
	if len(got) != len(want) {
		t.Errorf("policy %q: %d directives, want %d", header, len(got), len(want))
	}
	if len(scripts) != 1 || scripts[0] != reloadScript {
		t.Errorf("scripts %q, want the reload script alone", scripts)
	}
	if !strings.Contains(body, "<p>Robbery rose by 86.0%.</p>") {
		t.Errorf("the page's body is not as built:\n%s", body)
	}
	if string(files["c/2019-01-21/index.html"].Data) != builtPage {
		t.Error("the built file changed")
	}
}

func TestLoosen(t *testing.T) {
	h := scriptSource
	tests := []struct{ in, want string }{
		{pagecheck.CSP, "default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src " + h + "; connect-src 'self'"},
		{"script-src 'none'; connect-src 'none'", "script-src " + h + "; connect-src 'self'"},
		{"default-src 'self'", "default-src 'self'; script-src 'self' " + h + "; connect-src 'self' 'self'"},
		{"script-src https://a.example; img-src data:", "script-src https://a.example " + h + "; img-src data:; connect-src 'self'"},
		{"", "script-src " + h + "; connect-src 'self'"},
	}
	for _, tt := range tests {
		if got := Loosen(tt.in); got != tt.want {
			t.Errorf("Loosen(%q)\n got %q\nwant %q", tt.in, got, tt.want)
		}
	}
}

// TestErrorPage: while the latest build failed, every page shows its
// mistakes, each with its line and a caret under the column, escaped;
// a build that succeeds brings the pages back.
func TestErrorPage(t *testing.T) {
	files := fstest.MapFS{"index.html": {Data: []byte(builtPage)}, "feed.xml": {Data: []byte("<feed/>")}}
	site := fstest.MapFS{"data/x.yaml": {Data: []byte("title: ok\n\tnote: <script>alert(1)</script>\n")}}
	s, ts := newServer(t, files, site)
	hostile := "a value <script>alert(1)</script> & <img src=x onerror=alert(2)>"
	s.Failed(diag.List{
		{Pos: diag.Pos{Path: "data/x.yaml", Line: 2, Col: 8}, Msg: hostile},
		{Pos: diag.Pos{Path: "data/missing.yaml", Line: 3, Col: 1}, Msg: "no such file"},
	})
	for _, p := range []string{"/", "/index.html", "/no/such/page.html"} {
		res, body := get(t, ts.URL+p)
		if res.StatusCode != http.StatusInternalServerError {
			t.Errorf("%s: status %d, want 500", p, res.StatusCode)
		}
		for _, want := range []string{
			"data/x.yaml:2:8: a value &lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;img src=x onerror=alert(2)&gt;",
			"<pre>\tnote: &lt;script&gt;alert(1)&lt;/script&gt;\n<span class=\"caret\">\t      ^</span></pre>",
			"data/missing.yaml:3:1: no such file",
		} {
			if !strings.Contains(body, want) {
				t.Errorf("%s: the error page lacks %q:\n%s", p, want, body)
			}
		}
		if n := strings.Count(body, "<script"); n != 1 {
			t.Errorf("%s: %d scripts, want the reload script alone", p, n)
		}
		if strings.Contains(body, "Robbery") {
			t.Errorf("%s: the error page shows the stale pack", p)
		}
	}
	// The page before the reload script is added meets every page's rules.
	if _, problems := pagecheck.Page(renderError(site, diag.List{{Pos: diag.Pos{Path: "data/x.yaml", Line: 2, Col: 8}, Msg: hostile}})); len(problems) > 0 {
		t.Errorf("the error page: %q", problems)
	}
	if res, body := get(t, ts.URL+"/feed.xml"); res.StatusCode != http.StatusOK || body != "<feed/>" {
		t.Errorf("a file other than a page: status %d %q, want it as built", res.StatusCode, body)
	}
	s.Built()
	if res, body := get(t, ts.URL+"/"); res.StatusCode != http.StatusOK || !strings.Contains(body, "Robbery") {
		t.Errorf("after a build that succeeded: status %d\n%s", res.StatusCode, body)
	}
}

func TestSourceLine(t *testing.T) {
	long := strings.Repeat("x", 400) + "<"
	site := fstest.MapFS{"a": {Data: []byte("one\r\ntwo\u202ethree\n" + long + "\n")}}
	tests := []struct {
		pos         diag.Pos
		line, caret string
	}{
		{diag.Pos{Path: "a", Line: 1, Col: 2}, "one", " ^"},
		{diag.Pos{Path: "a", Line: 2, Col: 5}, `two\u202ethree`, `         ^`},
		{diag.Pos{Path: "a", Line: 2}, `two\u202ethree`, ""},
		{diag.Pos{Path: "a", Line: 3, Col: 401}, "…" + strings.Repeat("x", 159) + "<", strings.Repeat(" ", 160) + "^"},
		{diag.Pos{Path: "a", Line: 3, Col: 200}, "…" + strings.Repeat("x", 160) + "…", strings.Repeat(" ", 81) + "^"},
		{diag.Pos{Path: "a", Line: 9, Col: 1}, "", ""},
		{diag.Pos{Path: "../a", Line: 1, Col: 1}, "", ""},
		{diag.Pos{Path: "a"}, "", ""},
	}
	for _, tt := range tests {
		line, caret := sourceLine(site, tt.pos)
		if line != tt.line || caret != tt.caret {
			t.Errorf("sourceLine(%v) = %q, %q; want %q, %q", tt.pos, line, caret, tt.line, tt.caret)
		}
	}
}

// TestEvents: an open page hears of each build, first the one it may
// have been made from.
func TestEvents(t *testing.T) {
	s, ts := newServer(t, fstest.MapFS{"index.html": {Data: []byte(builtPage)}}, fstest.MapFS{})
	s.Built()
	res, err := http.Get(ts.URL + EventsPath)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	if ct := res.Header.Get("Content-Type"); ct != "text/event-stream" {
		t.Errorf("Content-Type %q", ct)
	}
	events := make(chan string)
	go func() {
		sc := bufio.NewScanner(res.Body)
		for sc.Scan() {
			if d, ok := strings.CutPrefix(sc.Text(), "data: "); ok {
				events <- d
			}
		}
		close(events)
	}()
	next := func() string {
		select {
		case d := <-events:
			return d
		case <-time.After(10 * time.Second):
			t.Fatal("no event in 10 s")
		}
		return ""
	}
	first := next()
	_, page := get(t, ts.URL+"/")
	if !strings.Contains(page, `data-generation="`+first+`"`) {
		t.Errorf("the page does not carry the generation %q the events began with", first)
	}
	s.Built()
	if second := next(); second == first {
		t.Errorf("after a build, the event %q, the same as before", second)
	}
	s.Close()
	if _, open := <-events; open {
		t.Error("the stream went on after Close")
	}
}

func TestRefused(t *testing.T) {
	_, ts := newServer(t, fstest.MapFS{"index.html": {Data: []byte(builtPage)}, "_briefing/x.html": {Data: []byte("x")}}, fstest.MapFS{})
	req, _ := http.NewRequest("GET", ts.URL+"/", nil)
	req.Host = "attacker.example:1313"
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusMisdirectedRequest {
		t.Errorf("a request for another host: status %d, want 421", res.StatusCode)
	}
	if res, _ := get(t, ts.URL+"/_briefing/x.html"); res.StatusCode != http.StatusNotFound {
		t.Errorf("a site file under the reserved folder: status %d, want 404", res.StatusCode)
	}
	res, err = http.Post(ts.URL+"/", "text/plain", strings.NewReader("x"))
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("POST: status %d, want 405", res.StatusCode)
	}
}

func TestLoopback(t *testing.T) {
	for host, want := range map[string]bool{
		"127.0.0.1": true, "127.8.9.10": true, "::1": true, "localhost": true, "LOCALHOST.": true,
		"0.0.0.0": false, "::": false, "192.168.1.2": false, "example.com": false, "localhost.example": false, "": false,
	} {
		if got := Loopback(host); got != want {
			t.Errorf("Loopback(%q) = %v, want %v", host, got, want)
		}
	}
}
