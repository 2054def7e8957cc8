package load

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"html"
	"maps"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/briefing/briefing/internal/diag"
	"github.com/briefing/briefing/internal/markdown"
	"github.com/briefing/briefing/internal/model"
)

// The README's Reference is the officer's only account of the files a site
// holds, so it must name every key the loader accepts, and no key it
// refuses. The keys are read from the loader's own types: each file's
// decode target, walked field by field through the same fieldsOf the
// decoder uses.

// readmeFiles are the loader's decode targets other than datasets (whose
// targets are fileOfKind), with the README heading whose key table
// documents their keys. TestReadmeKnowsEveryTarget holds this list to the
// calls in the loader's source.
var readmeFiles = []struct {
	typ     reflect.Type
	section string
}{
	{reflect.TypeFor[siteFile](), "data/site.yaml"},
	{reflect.TypeFor[committeeFile](), "data/committees/<slug>.yaml"},
	{reflect.TypeFor[meetingFile](), "content/<committee>/<yyyy-mm-dd>/meeting.md"},
	{reflect.TypeFor[minutesFile](), "content/<committee>/<yyyy-mm-dd>/minutes.md"},
}

// datasetSection is the README heading of the keys every dataset has;
// each kind's own keys are under the heading "kind: <kind>".
const datasetSection = "Datasets: data/datasets/**/*.yaml"

// sharedSections are the headings of parts that several kinds of file
// share: their keys are documented once, there.
var sharedSections = map[reflect.Type]string{
	reflect.TypeFor[datasetCommon](): datasetSection,
	reflect.TypeFor[rowEntry]():      "Rows and totals",
	reflect.TypeFor[totalEntry]():    "Rows and totals",
	reflect.TypeFor[measureEntry]():  "Measures",
	reflect.TypeFor[chartEntry]():    "Charts",
	reflect.TypeFor[figuresEntry]():  "Figures from a spreadsheet",
}

// docKey is one key the loader accepts.
type docKey struct {
	path    string // from the top of the file: agenda[].number, total.printed
	goPath  string // the Go fields that hold it, for messages: "tableFile: tableFile.Columns[] → columnEntry.ID"
	section string // the README heading whose key table lists it
}

// loaderKeys lists every key of every file the loader decodes.
func loaderKeys(t *testing.T) []docKey {
	var keys []docKey
	for _, f := range readmeFiles {
		keys = walkKeys(f.typ, "", f.typ.Name()+": ", f.section, nil, keys)
	}
	for _, kind := range slices.Sorted(maps.Keys(fileOfKind)) {
		typ := fileOfKind[kind]
		keys = walkKeys(typ, "", typ.Name()+": ", "kind: "+string(kind), nil, keys)
	}
	if len(keys) < 100 {
		t.Fatalf("found only %d keys in the loader's types; the walk is broken", len(keys))
	}
	return keys
}

var nodeDecoderType = reflect.TypeFor[nodeDecoder]()

// walkKeys appends the keys of struct type typ, found at path in a file,
// to keys. A field declared in a shared part (an embedded struct, or a
// struct in sharedSections) is documented in that part's section; others
// in section. outer are the struct types around this one, so that a type
// holding itself (a row's parts are rows) is walked once.
func walkKeys(typ reflect.Type, path, goPath, section string, outer []reflect.Type, keys []docKey) []docKey {
	if s, ok := sharedSections[typ]; ok {
		section = s
	}
	outer = append(outer, typ)
	fields, _ := fieldsOf(typ)
	for _, f := range fields {
		sec, declared := section, typ
		for i := range len(f.index) - 1 {
			declared = declared.Field(f.index[i]).Type
			if s, ok := sharedSections[declared]; ok {
				sec = s
			}
		}
		sf := typ.FieldByIndex(f.index)
		k := docKey{path: join(path, f.key), goPath: goPath + declared.Name() + "." + sf.Name, section: sec}
		keys = append(keys, k)
		ft, list := sf.Type, ""
		for ft.Kind() == reflect.Slice {
			ft, list = ft.Elem(), list+"[]"
		}
		if ft.Kind() != reflect.Struct || reflect.PointerTo(ft).Implements(nodeDecoderType) || slices.Contains(outer, ft) {
			continue // a value, or a shape already walked on this path
		}
		keys = walkKeys(ft, k.path+list, k.goPath+list+" → ", sec, outer, keys)
	}
	return keys
}

// readmeRow is a row of one of the README's key tables.
type readmeRow struct {
	keys    []string // the paths in backticks in its first cell
	text    string
	line    int
	section string // the heading it is under
}

var codeSpan = regexp.MustCompile("`([^`]+)`")

// readme is the text of the repository's README.md.
func readme(t *testing.T) string {
	t.Helper()
	data, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// readmeRows reads the rows of the tables in README.md whose first
// column is headed Key, and the headings there are.
func readmeRows(t *testing.T) (rows []readmeRow, headings map[string]bool) {
	t.Helper()
	lines := strings.Split(readme(t), "\n")
	headings = map[string]bool{}
	section, fenced, keyTable := "", false, false
	for i, l := range lines {
		switch {
		case strings.HasPrefix(l, "```"):
			fenced = !fenced
		case fenced:
		case strings.HasPrefix(l, "#"):
			section = html.UnescapeString(strings.TrimSpace(strings.TrimLeft(l, "#")))
			headings[section] = true
		case !strings.HasPrefix(l, "|"):
			keyTable = false
		case i+1 < len(lines) && strings.HasPrefix(lines[i+1], "| ---"):
			keyTable = strings.TrimSpace(strings.Split(l, "|")[1]) == "Key"
		case keyTable && !strings.HasPrefix(l, "| ---"):
			r := readmeRow{text: l, line: i + 1, section: section}
			for _, m := range codeSpan.FindAllStringSubmatch(strings.Split(l, "|")[1], -1) {
				r.keys = append(r.keys, m[1])
			}
			rows = append(rows, r)
		}
	}
	return rows, headings
}

// TestReadmeDocumentsEveryKey fails when a key the loader accepts has no
// row in the README's table for its file, or a row names a key the loader
// does not accept there.
func TestReadmeDocumentsEveryKey(t *testing.T) {
	keys := loaderKeys(t)
	rows, headings := readmeRows(t)
	documented := map[[2]string]bool{} // section, path
	for _, r := range rows {
		for _, k := range r.keys {
			documented[[2]string{r.section, k}] = true
		}
	}
	// A part that several files share is reported once, with the first
	// Go path that reaches it.
	accepted := map[[2]string][]string{}
	var order [][2]string
	for _, k := range keys {
		sk := [2]string{k.section, k.path}
		if accepted[sk] == nil {
			order = append(order, sk)
		}
		accepted[sk] = append(accepted[sk], k.goPath)
		if !headings[k.section] {
			t.Errorf("README.md has no heading %q, where key %q (%s) belongs; add the heading and a key table under it", k.section, k.path, k.goPath)
			headings[k.section] = true // once
		}
	}
	for _, sk := range order {
		if documented[sk] {
			continue
		}
		goPaths := accepted[sk]
		more := ""
		if len(goPaths) > 1 {
			more = fmt.Sprintf(", and %d more", len(goPaths)-1)
		}
		t.Errorf("key %q (%s%s) is accepted by the loader but has no row in README.md's key table under %q; add a row whose first cell is `%s`",
			sk[1], goPaths[0], more, sk[0], sk[1])
	}
	sections := map[string]bool{}
	for _, k := range keys {
		sections[k.section] = true
	}
	for _, r := range rows {
		if !sections[r.section] {
			continue // a table of something else than a file's keys
		}
		if len(r.keys) == 0 {
			t.Errorf("README.md:%d: a row of a key table under %q names no key in backticks in its first cell", r.line, r.section)
		}
		for _, k := range r.keys {
			if accepted[[2]string{r.section, k}] == nil {
				t.Errorf("README.md:%d: %q is not a key the loader accepts under %q%s", r.line, k, r.section, diag.Suggest(k, sectionKeys(keys, r.section), "keys there"))
			}
		}
	}
}

func sectionKeys(keys []docKey, section string) []string {
	var out []string
	for _, k := range keys {
		if k.section == section {
			out = append(out, k.path)
		}
	}
	return out
}

// TestReadmeDocumentsEveryValue fails when a value that the loader takes
// from a table of its own (kinds of dataset and chart, rounding rules,
// what a comparison's printed: takes) is not named, in backticks, in the
// row of the key that takes it.
func TestReadmeDocumentsEveryValue(t *testing.T) {
	rows, _ := readmeRows(t)
	var kinds, charts, rules []string
	for k := range fileOfKind {
		kinds = append(kinds, string(k))
	}
	slices.Sort(kinds)
	for _, k := range model.ChartKinds {
		charts = append(charts, string(k))
	}
	for _, r := range roundings {
		rules = append(rules, string(r))
	}
	// A comparison's printed: names the measures the loader gives it.
	l := &loader{}
	two := []label{{Text: "Last year", At: diag.Pos{Path: "c.yaml"}}, {Text: "This year", At: diag.Pos{Path: "c.yaml"}}}
	var compared []string
	for _, m := range l.comparison("c.yaml", &comparisonFile{Periods: two}).Measures {
		compared = append(compared, m.ID)
	}
	for _, c := range []struct {
		section, key string
		values       []string
	}{
		{datasetSection, "kind", kinds},
		{datasetSection, "rounding", rules},
		{datasetSection, "better", []string{string(model.UpIsGood), string(model.DownIsGood)}},
		{"Charts", "charts[].kind", charts},
		{"Rows and totals", "rows[].printed", compared},
		{"content/<committee>/<yyyy-mm-dd>/meeting.md", "status", []string{string(model.Draft), string(model.Published)}},
		{"data/committees/<slug>.yaml", "members[].role", []string{string(model.RoleChair), string(model.RoleDeputyChair), string(model.RoleMember)}},
	} {
		i := slices.IndexFunc(rows, func(r readmeRow) bool { return r.section == c.section && slices.Contains(r.keys, c.key) })
		if i < 0 {
			t.Errorf("README.md has no row for %q under %q", c.key, c.section)
			continue
		}
		for _, v := range c.values {
			if !strings.Contains(rows[i].text, "`"+v+"`") {
				t.Errorf("README.md:%d: the row of %q does not name `%s`, which the loader accepts there", rows[i].line, c.key, v)
			}
		}
	}
}

// TestReadmeDocumentsReferences fails when a kind of [[…]] reference that
// commentary can hold is not shown in the README's section on commentary.
func TestReadmeDocumentsReferences(t *testing.T) {
	_, text, _ := strings.Cut(readme(t), "\n#### In commentary\n")
	text, _, _ = strings.Cut(text, "\n#")
	for _, k := range append(slices.Clone(markdown.BlockKinds), markdown.RefFigure) {
		if !strings.Contains(text, "[["+k.String()+" ") {
			t.Errorf("README.md's section \"In commentary\" shows no [[%s …]] reference", k)
		}
	}
	if !strings.Contains(text, " / ") {
		t.Error("README.md's section \"In commentary\" shows no [[dataset / row / column]] reference")
	}
}

// TestReadmeKnowsEveryTarget fails when the loader decodes YAML into a
// type that readmeFiles and fileOfKind do not list, so that a new kind of
// file cannot go undocumented: it reads the loader's source for the calls
// of decodeYAML, decodeNode and walk, and the declared type of what each decodes
// into.
func TestReadmeKnowsEveryTarget(t *testing.T) {
	known := map[string]bool{}
	for _, f := range readmeFiles {
		known[f.typ.Name()] = true
	}
	for _, typ := range fileOfKind {
		known[typ.Name()] = true
	}
	fset := token.NewFileSet()
	names, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	found := 0
	for _, name := range names {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		file, err := parser.ParseFile(fset, name, nil, parser.SkipObjectResolution)
		if err != nil {
			t.Fatal(err)
		}
		for _, decl := range file.Decls {
			fn, ok := decl.(*ast.FuncDecl)
			if !ok || fn.Body == nil {
				continue
			}
			for _, target := range decodeTargets(fn) {
				found++
				if !known[target.typ] {
					t.Errorf("%s: the loader decodes YAML into %s, which readmeFiles does not list; add it with the README heading that documents its keys", fset.Position(target.at), target.typ)
				}
			}
		}
	}
	if found < len(known) {
		t.Errorf("found %d calls of decodeYAML, decodeNode and walk in the loader, fewer than the %d targets known; the search is broken", found, len(known))
	}
}

type decodeTarget struct {
	typ string
	at  token.Pos
}

// decodeTargets finds, in fn, the calls decodeYAML(…, &v, …) and
// walk(…, &v, …), and the type of the nearest var v T declared before
// each.
func decodeTargets(fn *ast.FuncDecl) []decodeTarget {
	type decl struct {
		typ string
		at  token.Pos
	}
	vars := map[string][]decl{}
	ast.Inspect(fn.Body, func(n ast.Node) bool {
		if vs, ok := n.(*ast.ValueSpec); ok {
			if id, ok := vs.Type.(*ast.Ident); ok {
				for _, name := range vs.Names {
					vars[name.Name] = append(vars[name.Name], decl{id.Name, name.Pos()})
				}
			}
		}
		return true
	})
	var out []decodeTarget
	ast.Inspect(fn.Body, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok {
			return true
		}
		if id, ok := call.Fun.(*ast.Ident); !ok || (id.Name != "decodeYAML" && id.Name != "decodeNode" && id.Name != "walk") {
			return true
		}
		for _, arg := range call.Args {
			u, ok := arg.(*ast.UnaryExpr)
			if !ok || u.Op != token.AND {
				continue
			}
			id, ok := u.X.(*ast.Ident)
			if !ok {
				continue
			}
			typ := "(undeclared " + id.Name + ")"
			for _, d := range vars[id.Name] {
				if d.at < call.Pos() {
					typ = d.typ
				}
			}
			out = append(out, decodeTarget{typ, call.Pos()})
		}
		return true
	})
	return out
}
