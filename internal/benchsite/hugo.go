package benchsite

// hugoSite adds what Hugo needs besides the meetings' pages: its settings,
// a page per committee, and the smallest layouts that show every page.
func hugoSite(a *Archive, committees []*committee) {
	a.Hugo["hugo.toml"] = []byte(`baseURL = "https://democracy.example.org/"
languageCode = "en-gb"
title = "Synthetic council archive"
disableKinds = ["taxonomy", "term"]
`)
	for _, c := range committees {
		a.Hugo["content/"+c.slug+"/_index.md"] = []byte("---\ntitle: " + quote(c.name) + "\n---\n")
	}
	const head = `<!DOCTYPE html>
<html lang="en-GB"><head><meta charset="utf-8"><title>{{ .Title }}</title></head>
<body><main><h1>{{ .Title }}</h1>
`
	a.Hugo["layouts/_default/single.html"] = []byte(head + "{{ .Content }}\n</main></body></html>\n")
	a.Hugo["layouts/_default/list.html"] = []byte(head + "<ul>{{ range .Pages }}<li><a href=\"{{ .RelPermalink }}\">{{ .Title }}</a></li>{{ end }}</ul>\n</main></body></html>\n")
}
