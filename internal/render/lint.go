package render

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"regexp"
	"strconv"
	"strings"

	"github.com/briefing/briefing/internal/diag"
	"golang.org/x/net/html"
)

// lint reads a finished page as a browser would and returns its element
// ids, or what makes it unfit to publish. Commentary cannot add markup, so
// anything found here came from a site's layouts or stylesheet, which are
// trusted code; lint is the defence in depth that keeps even those from
// adding script, plug-ins or requests to a pack.
func lint(page []byte) (ids map[string]bool, problems []string) {
	ids = map[string]bool{}
	z := html.NewTokenizer(bytes.NewReader(page))
	for {
		switch z.Next() {
		case html.ErrorToken:
			return ids, problems
		case html.StartTagToken, html.SelfClosingTagToken:
			t := z.Token()
			switch t.Data {
			case "script", "iframe", "object", "embed", "frame", "frameset", "base", "form", "link", "applet", "portal":
				problems = append(problems, fmt.Sprintf("a <%s> element", t.Data))
			case "meta":
				if strings.EqualFold(attr(t, "http-equiv"), "refresh") {
					problems = append(problems, "a <meta http-equiv=refresh>")
				}
			}
			for _, a := range t.Attr {
				key := strings.ToLower(a.Key)
				switch {
				case strings.HasPrefix(key, "on"):
					problems = append(problems, fmt.Sprintf("an event handler %s on <%s>", a.Key, t.Data))
				case key == "id":
					ids[a.Val] = true
				case key == "href" || key == "src" || key == "action" || key == "formaction" || key == "xlink:href" || key == "srcset" || key == "poster":
					if !safeURL(key, a.Val) {
						problems = append(problems, fmt.Sprintf("%s=%q on <%s>", a.Key, a.Val, t.Data))
					}
				}
			}
		}
	}
}

func attr(t html.Token, key string) string {
	for _, a := range t.Attr {
		if strings.EqualFold(a.Key, key) {
			return a.Val
		}
	}
	return ""
}

// safeURL allows what a pack may refer to: fragments and relative pages
// for links, web and mail addresses for links, and data: images.
func safeURL(key, v string) bool {
	v = strings.ToLower(strings.TrimSpace(v))
	if key != "href" {
		return strings.HasPrefix(v, "data:image/")
	}
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

// templatePos matches the position html/template puts in its errors:
// "template: layouts/pack.html:12:5: …" or "…:12: …".
var templatePos = regexp.MustCompile(`template: ?([^:]+):(\d+):(?:(\d+):)? ?(.*)$`)

// layoutError turns a template error into a positioned one, so that a
// mistake in a site's layout is reported like any other mistake.
func layoutError(err error) error {
	m := templatePos.FindStringSubmatch(err.Error())
	if m == nil {
		return err
	}
	line, _ := strconv.Atoi(m[2])
	col, err := strconv.Atoi(m[3])
	if err == nil {
		col++ // text/template counts columns from 0
	}
	var l diag.List
	l.Add(diag.Pos{Path: m[1], Line: line, Col: col}, "layout: %s", m[4])
	return l
}

// readLayoutFile reads a layout or static file, refusing anything that is
// not a plain file: a named pipe would block the build for ever and a device
// could be endless. A failure is a diag.List naming the file, as the site
// holds it.
func readLayoutFile(fsys fs.FS, name string) ([]byte, error) {
	var errs diag.List
	at := diag.Pos{Path: name}
	info, err := fs.Lstat(fsys, name)
	switch {
	case err != nil:
		errs.Add(at, "cannot read: %v", pathless(err))
	case info.Mode()&fs.ModeSymlink != 0:
		errs.Add(at, "is a symbolic link; Briefing does not follow links, so copy the file into the site")
	case !info.Mode().IsRegular():
		errs.Add(at, "is not a regular file")
	case info.Size() > 1<<20:
		errs.Add(at, "file is over 1 MB")
	}
	if errs != nil {
		return nil, errs
	}
	data, err := fs.ReadFile(fsys, name)
	if err != nil {
		errs.Add(at, "cannot read: %v", pathless(err))
		return nil, errs
	}
	return data, nil
}

// pathless is err without the path and operation that fs adds, for a
// message that names the file already.
func pathless(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
