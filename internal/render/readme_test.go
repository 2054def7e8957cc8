package render

import (
	"os"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// indexFields are the paths of every field index.json can hold, from
// Index's json tags: committees[].meetings[].minutes.status.
func indexFields() []string {
	var out []string
	var walk func(prefix string, t reflect.Type)
	walk = func(prefix string, t reflect.Type) {
		for t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice {
			if t.Kind() == reflect.Slice {
				prefix += "[]"
			}
			t = t.Elem()
		}
		if t.Kind() != reflect.Struct {
			return
		}
		for f := range t.Fields() {
			name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
			if name == "" || name == "-" {
				continue
			}
			path := name
			if prefix != "" {
				path = prefix + "." + name
			}
			out = append(out, path)
			walk(path, f.Type)
		}
	}
	walk("", reflect.TypeFor[Index]())
	return out
}

// TestReadmeIndexFields: the README's account of index.json (its
// "index.json" section) names every field the index can hold, by its
// path, and no field it cannot: another system reads the index by it.
func TestReadmeIndexFields(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, section, ok := strings.Cut(string(readme), "\n### index.json\n")
	if !ok {
		t.Fatal(`README.md has no section "### index.json"`)
	}
	if end := strings.Index(section, "\n#"); end >= 0 {
		section = section[:end]
	}
	var documented []string
	for _, m := range regexp.MustCompile("(?m)^\\| `([a-z0-9_.\\[\\]]+)` \\|").FindAllStringSubmatch(section, -1) {
		documented = append(documented, m[1])
	}
	fields := indexFields()
	for _, f := range fields {
		if !slices.Contains(documented, f) {
			t.Errorf("README.md's index.json section does not document %s: add a row | `%s` | … |", f, f)
		}
	}
	for _, d := range documented {
		if !slices.Contains(fields, d) {
			t.Errorf("README.md's index.json section documents %s, which index.json does not have", d)
		}
	}
}
