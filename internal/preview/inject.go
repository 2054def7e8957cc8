package preview

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"html"
	"strings"

	nethtml "golang.org/x/net/html"
)

// reloadScript is the one script the preview adds to a page. It listens
// to the server's events and reloads the page when the build it was made
// from (the generation its element carries) is no longer the latest. A
// server started again begins new generations, so a page left open
// across a restart reloads too. Its hash, not 'unsafe-inline', lets it
// run; the generation is in an attribute, which the hash does not cover.
const reloadScript = `(function(){var g=document.currentScript.dataset.generation,s=new EventSource("` + EventsPath + `");` +
	`s.onmessage=function(e){if(e.data!==g){s.close();location.reload()}}})();`

// scriptSource is the source expression that allows reloadScript.
var scriptSource = func() string {
	sum := sha256.Sum256([]byte(reloadScript))
	return "'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'"
}()

// Loosen returns policy with what the reload needs added, and nothing
// else: the reload script's hash to script-src, and 'self' to
// connect-src, for its event stream. A directive the policy lacks starts
// from default-src's sources, which it stood for, less 'none'.
func Loosen(policy string) string {
	type directive struct {
		name    string
		sources []string
	}
	var ds []directive
	find := func(name string) int {
		for i, d := range ds {
			if d.name == name {
				return i
			}
		}
		return -1
	}
	for _, part := range strings.Split(policy, ";") {
		f := strings.Fields(part)
		if len(f) == 0 {
			continue
		}
		name := strings.ToLower(f[0])
		if find(name) >= 0 {
			continue // browsers obey the first of a directive
		}
		ds = append(ds, directive{name, f[1:]})
	}
	add := func(name, source string) {
		i := find(name)
		if i < 0 {
			var inherited []string
			if d := find("default-src"); d >= 0 {
				inherited = append(inherited, ds[d].sources...)
			}
			ds = append(ds, directive{name, inherited})
			i = len(ds) - 1
		}
		var sources []string
		for _, s := range ds[i].sources {
			if !strings.EqualFold(s, "'none'") {
				sources = append(sources, s)
			}
		}
		ds[i].sources = append(sources, source)
	}
	add("script-src", scriptSource)
	add("connect-src", "'self'")
	parts := make([]string, len(ds))
	for i, d := range ds {
		parts[i] = strings.Join(append([]string{d.name}, d.sources...), " ")
	}
	return strings.Join(parts, "; ")
}

// inject returns page as the preview serves it, and the policy it
// declares: the page's Content-Security-Policy <meta> loosened (Loosen)
// for the reload script, which goes before the page's last </body>, or
// at its end. A page without a policy <meta> is given fallback's,
// loosened, as a header only. The page's bytes are otherwise as built.
func inject(page []byte, generation, fallback string) ([]byte, string) {
	z := nethtml.NewTokenizer(bytes.NewReader(page))
	offset := 0
	metaStart, metaEnd, bodyEnd := -1, -1, -1
	policy := ""
	for {
		tt := z.Next()
		if tt == nethtml.ErrorToken {
			break
		}
		n := len(z.Raw())
		switch tt {
		case nethtml.StartTagToken, nethtml.SelfClosingTagToken:
			name, hasAttr := z.TagName()
			if metaStart >= 0 || string(name) != "meta" || !hasAttr {
				break
			}
			var equiv, content string
			for more := true; more; {
				var k, v []byte
				k, v, more = z.TagAttr()
				switch string(k) {
				case "http-equiv":
					equiv = string(v)
				case "content":
					content = string(v)
				}
			}
			if strings.EqualFold(equiv, "Content-Security-Policy") {
				metaStart, metaEnd, policy = offset, offset+n, content
			}
		case nethtml.EndTagToken:
			if name, _ := z.TagName(); string(name) == "body" {
				bodyEnd = offset
			}
		}
		offset += n
	}
	if metaStart < 0 {
		policy = fallback
	}
	policy = Loosen(policy)
	script := `<script data-generation="` + html.EscapeString(generation) + `">` + reloadScript + `</script>`
	if bodyEnd < 0 {
		bodyEnd = len(page)
	}
	var out bytes.Buffer
	out.Grow(len(page) + len(script) + 200)
	if metaStart >= 0 {
		out.Write(page[:metaStart])
		out.WriteString(`<meta http-equiv="Content-Security-Policy" content="` + html.EscapeString(policy) + `">`)
		out.Write(page[metaEnd:bodyEnd])
	} else {
		out.Write(page[:bodyEnd])
	}
	out.WriteString(script)
	out.Write(page[bodyEnd:])
	return out.Bytes(), policy
}
