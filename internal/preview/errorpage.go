package preview

import (
	"bytes"
	"errors"
	"html/template"
	"io"
	"io/fs"
	"strings"

	"github.com/briefing/briefing/internal/diag"
	"github.com/briefing/briefing/internal/number"
	"github.com/briefing/briefing/internal/pagecheck"
)

// maxShown is how many mistakes the error page shows, as the command
// prints: the first hundred show what is wrong.
const maxShown = 100

// mistake is one mistake as the error page shows it.
type mistake struct {
	Error string // path:line:col: message
	Line  string // the source line it points at, or ""
	Caret string // spaces (and the line's tabs) up to the column, then ^
}

var errorPage = template.Must(template.New("error").Parse(`<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta http-equiv="Content-Security-Policy" content="{{.CSP}}">
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Title}} – Briefing preview</title>
<style>
body{font:1rem/1.5 system-ui,sans-serif;margin:0;color:#0b0c0c;background:#fff}
main{max-width:60rem;margin:0 auto;padding:1rem 1.5rem}
h1{border-left:.4rem solid #d4351c;padding-left:.75rem}
.mistake{margin:1.5rem 0}
.where{font-family:ui-monospace,monospace;font-weight:bold;white-space:pre-wrap;overflow-wrap:anywhere;margin:0}
pre{background:#f3f2f1;padding:.5rem .75rem;overflow-x:auto;margin:.25rem 0 0;tab-size:8}
.caret{color:#d4351c;font-weight:bold}
</style>
</head>
<body>
<main>
<h1>{{.Title}}</h1>
<p>The preview shows the site again once {{if eq (len .Mistakes) 1}}it is{{else}}they are{{end}} fixed: this page reloads itself each time a file is saved.</p>
{{range .Mistakes}}<section class="mistake">
<p class="where">{{.Error}}</p>
{{- if .Line}}
<pre>{{.Line}}
<span class="caret">{{.Caret}}</span></pre>
{{- end}}
</section>
{{end}}
{{- with .More}}<p>… and {{.}}.</p>{{end}}
</main>
</body>
</html>
`))

// renderError writes the page that shows why the latest build failed:
// each of the site's mistakes with the line of its file that it points
// at, read from site, or the failure itself. Every text is escaped: a
// message may quote the site's own (hostile) text.
func renderError(site fs.FS, err error) []byte {
	var list diag.List
	data := struct {
		CSP, Title, More string
		Mistakes         []mistake
	}{CSP: pagecheck.CSP}
	if errors.As(err, &list) {
		data.Title = "The site has " + number.Count(len(list), "mistake", "mistakes")
		for i, e := range list {
			if i == maxShown {
				data.More = number.Count(len(list)-maxShown, "more mistake", "more mistakes")
				break
			}
			m := mistake{Error: e.Error()}
			m.Line, m.Caret = sourceLine(site, e.Pos)
			data.Mistakes = append(data.Mistakes, m)
		}
	} else {
		data.Title = "The site could not be built"
		data.Mistakes = []mistake{{Error: diag.Printable(err.Error())}}
	}
	var b bytes.Buffer
	if err := errorPage.Execute(&b, data); err != nil {
		panic(err) // the template and its data are ours
	}
	return b.Bytes()
}

// maxSource is the largest file read for the line a mistake points at.
const maxSource = 16 << 20

// maxLine is the most characters of a line shown: around the column,
// when the line is longer.
const maxLine = 160

// sourceLine returns the line of the site's file that pos points at,
// shown as a terminal would (printable), and the caret line under
// it: blanks, the line's own tabs kept so that the caret stays under
// its column, then ^. Both are "" when there is no such line.
func sourceLine(site fs.FS, pos diag.Pos) (line, caret string) {
	if pos.Line < 1 || !fs.ValidPath(pos.Path) {
		return "", ""
	}
	f, err := site.Open(pos.Path)
	if err != nil {
		return "", ""
	}
	defer f.Close()
	if info, err := f.Stat(); err != nil || !info.Mode().IsRegular() {
		return "", ""
	}
	data, err := io.ReadAll(io.LimitReader(f, maxSource))
	if err != nil {
		return "", ""
	}
	n := 0
	for l := range strings.Lines(string(data)) {
		if n++; n == pos.Line {
			line = strings.TrimRight(l, "\r\n")
			break
		}
	}
	if n != pos.Line {
		return "", ""
	}
	runes := []rune(line)
	col := min(max(pos.Col, 1), len(runes)+1) // 1 when the column is unknown
	from, to := 0, len(runes)
	if len(runes) > maxLine {
		from = max(0, min(col-1-maxLine/2, len(runes)-maxLine))
		to = from + maxLine
	}
	before := printable(string(runes[from : col-1]))
	line = printable(string(runes[from:to]))
	if from > 0 {
		line, before = "…"+line, "…"+before
	}
	if to < len(runes) {
		line += "…"
	}
	if pos.Col < 1 {
		return line, ""
	}
	caret = strings.Map(func(r rune) rune {
		if r == '\t' {
			return r
		}
		return ' '
	}, before) + "^"
	return line, caret
}

// printable is diag.Printable but for tabs, which are kept: the caret
// line copies them to stay under its column.
func printable(s string) string {
	parts := strings.Split(s, "\t")
	for i, p := range parts {
		parts[i] = diag.Printable(p)
	}
	return strings.Join(parts, "\t")
}
