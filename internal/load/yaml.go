package load

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
	"unique"

	"github.com/briefing/briefing/internal/diag"
	"go.yaml.in/yaml/v3"
)

// This file parses YAML for the rest of the package (datasets.go only
// looks at a parsed document's nodes, to tell a dataset's kind before
// decoding it). It parses a document into yaml.Node and then walks the nodes and the target Go type side by side,
// so that every mistake gets a file, line and column and all of them are
// reported together. yaml.v3's own decoder is not used: its messages have no
// file or column, its duplicate-key check is quadratic, and it reads 012 as
// octal, yes as true and 3.0 as an integer.
//
// Targets are structs whose fields carry `yaml:"key"` tags; `required:"true"`
// marks a key that must be present and not empty; `required:"key"` a list
// whose key must be present but may be the empty list, [] (a meeting at
// which no member was present). A field of type diag.Pos
// without a yaml tag receives the position of the mapping. Leaf types may
// implement nodeDecoder to parse their own text.
//
// Every scalar passes the text rule (textProblem) before it is decoded, so
// that no name, title, venue, address, label or id can carry characters that
// mean nothing on a page or in a calendar. Free text is of type prose.

// nodeDecoder is implemented by leaf types that parse a scalar themselves.
// The returned error's text becomes the message at the node's position.
type nodeDecoder interface {
	decodeScalar(value string, at diag.Pos) error
}

var posType = reflect.TypeFor[diag.Pos]()

// yamlSyntax matches yaml.v3's syntax error text, "yaml: line N: msg".
var yamlSyntax = regexp.MustCompile(`^yaml: (?:line (\d+): )?(.*)$`)

// decodeYAML parses src, a YAML document from path whose first line is line
// lineOffset+1 of the file, into v, which must be a pointer to a struct.
// It is for what the site keeps (settings, committees, meetings' front
// matter): its text is interned (unique.Make), since meetings repeat the
// same venues, names and item titles thousands of times in an archive.
//
// The keys named in optional may be left out of the top-level mapping even
// where the struct marks them required: a meeting takes them from its
// committee (meetingDefaults).
func decodeYAML(path string, lineOffset int, src []byte, v any, errs *diag.List, optional ...string) {
	if root := parseYAML(path, lineOffset, src, errs); root != nil {
		decodeNode(path, lineOffset, root, v, errs, optional...)
	}
}

// decodeNode is decodeYAML for a document parseYAML parsed.
func decodeNode(path string, lineOffset int, root *yaml.Node, v any, errs *diag.List, optional ...string) {
	w := walker{path: path, lineOffset: lineOffset, errs: errs, intern: true, optional: optional}
	w.walk(root, v)
}

// scalarAt is the text of the scalar under key in the mapping root, or "".
func scalarAt(root *yaml.Node, key string) string {
	if root.Kind != yaml.MappingNode {
		return ""
	}
	for i := 0; i+1 < len(root.Content); i += 2 {
		if k, v := root.Content[i], root.Content[i+1]; k.Value == key && v.Kind == yaml.ScalarNode {
			return v.Value
		}
	}
	return ""
}

// parseYAML parses src into a node tree, reporting syntax errors, empty
// text and second documents. It returns nil when it reported a problem.
func parseYAML(path string, lineOffset int, src []byte, errs *diag.List) *yaml.Node {
	start := diag.Pos{Path: path, Line: lineOffset + 1, Col: 1}
	dec := yaml.NewDecoder(bytes.NewReader(src))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			errs.Add(start, "no YAML here: the file (or front matter) is empty")
			return nil
		}
		errs.Add(syntaxPos(path, lineOffset, src, err), "YAML syntax error: %s", syntaxMsg(err))
		return nil
	}
	var next yaml.Node
	switch err := dec.Decode(&next); {
	case err == nil:
		errs.Add(diag.Pos{Path: path, Line: lineOffset + next.Line, Col: 1},
			"a second YAML document starts here; a file holds exactly one (remove the \"---\" line)")
		return nil
	case !errors.Is(err, io.EOF):
		errs.Add(syntaxPos(path, lineOffset, src, err), "YAML syntax error: %s", syntaxMsg(err))
		return nil
	}
	root := &doc
	if root.Kind == yaml.DocumentNode && len(root.Content) == 1 {
		root = root.Content[0]
	}
	if isNull(root) {
		errs.Add(start, "no YAML here: the file (or front matter) is empty")
		return nil
	}
	return root
}

// walk decodes a parsed document into v, a pointer to a struct. The keys
// optional are not required, at any depth, whatever their tags say: a
// dataset that takes its figures from a spreadsheet has no rows to type.
func walk(path string, lineOffset int, root *yaml.Node, v any, errs *diag.List, optional ...string) {
	w := walker{path: path, lineOffset: lineOffset, errs: errs, anyDepth: optional}
	w.walk(root, v)
}

func (w *walker) walk(root *yaml.Node, v any) {
	w.value(root, reflect.ValueOf(v).Elem(), "")
	if w.count > maxErrorsPerFile {
		w.errs.Add(w.firstUnreported, "and %d more mistakes in this file from here on", w.count-maxErrorsPerFile)
	}
}

// syntaxPos places a syntax error. The YAML library names a line, which is
// sometimes the start of the block that holds the mistake, and sometimes
// one past the end of the text when something is left open; it is kept
// within the text.
func syntaxPos(path string, lineOffset int, src []byte, err error) diag.Pos {
	// For a quote or bracket left open the library names the end of the
	// text; the opening character is more use.
	if msg := err.Error(); strings.Contains(msg, "unexpected end of stream") || strings.Contains(msg, "did not find expected ',' or") {
		if line, col, ok := unclosed(src); ok {
			return diag.Pos{Path: path, Line: lineOffset + line, Col: col}
		}
	}
	line := 1
	if m := yamlSyntax.FindStringSubmatch(err.Error()); m != nil && m[1] != "" {
		line, _ = strconv.Atoi(m[1])
	}
	lines := bytes.Count(bytes.TrimRight(src, "\n"), []byte("\n")) + 1
	line = max(1, min(line, lines))
	return diag.Pos{Path: path, Line: lineOffset + line, Col: 1}
}

// unclosed finds the first value that opens a quote or a flow bracket and
// does not close it on its line: the usual cause of "unexpected end of
// stream". It is a heuristic for placing the message, not a parser.
func unclosed(src []byte) (line, col int, ok bool) {
	for i, l := range strings.Split(string(src), "\n") {
		s := strings.TrimRight(l, "\r")
		start := strings.Index(s, ": ")
		if start < 0 {
			if t := strings.TrimLeft(s, " "); strings.HasPrefix(t, "- ") {
				start = len(s) - len(t)
			} else {
				continue
			}
		}
		v := strings.TrimLeft(s[start+2:], " ")
		at := len(s) - len(v)
		switch {
		case v == "":
			continue
		case v[0] == '"' || v[0] == '\'':
			if strings.Count(v, string(v[0])) < 2 {
				return i + 1, at + 1, true
			}
		case v[0] == '[' || v[0] == '{':
			closer := map[byte]string{'[': "]", '{': "}"}[v[0]]
			if strings.Count(v, string(v[0])) > strings.Count(v, closer) {
				return i + 1, at + 1, true
			}
		}
	}
	return 0, 0, false
}

// syntaxHints explain the YAML library's commonest messages in words a
// clerk can act on; the library's own words follow in brackets.
var syntaxHints = []struct{ in, hint string }{
	{"found character that cannot start any token", "a tab used for indentation? indent with spaces"},
	{"found unexpected end of stream", "a quotation mark or bracket is opened and never closed"},
	{"did not find expected ',' or ']'", "a [ list ] is not closed"},
	{"did not find expected ',' or '}'", "a { mapping } is not closed"},
	{"did not find expected <document start>", "the YAML ends early: remove the \"...\" line or the text after the end"},
	{"mapping values are not allowed in this context", "a value holds \": \"; put the value in quotes"},
	{"did not find expected key", "a line is indented differently from the keys around it"},
	{"did not find expected '-' indicator", "a list item is indented differently from the items around it"},
	{"could not find expected ':'", "a key has no \": \" after it, or a quoted value is not closed"},
}

func syntaxMsg(err error) string {
	msg := err.Error()
	if m := yamlSyntax.FindStringSubmatch(msg); m != nil {
		msg = m[2]
	}
	for _, h := range syntaxHints {
		if strings.Contains(msg, h.in) {
			return h.hint + " (" + msg + ")"
		}
	}
	return msg
}

type walker struct {
	path       string
	lineOffset int
	errs       *diag.List
	count      int      // mistakes found, reported or not
	intern     bool     // text is interned (see decodeYAML)
	optional   []string // required keys the top level may leave out (see decodeYAML)
	anyDepth   []string // required keys any mapping may leave out (see walk)

	firstUnreported diag.Pos
}

func (w *walker) pos(n *yaml.Node) diag.Pos {
	return diag.Pos{Path: w.path, Line: w.lineOffset + n.Line, Col: n.Column}
}

// maxErrorsPerFile is how many mistakes one file reports before the rest
// are only counted: a file with thousands of the same mistake needs one
// fix, not thousands of lines.
const maxErrorsPerFile = 50

func (w *walker) fail(n *yaml.Node, where, format string, args ...any) {
	w.count++
	if w.count == maxErrorsPerFile+1 {
		w.firstUnreported = w.pos(n)
	}
	if w.count > maxErrorsPerFile {
		return
	}
	msg := fmt.Sprintf(format, args...)
	if where != "" {
		msg = where + ": " + msg
	}
	w.errs.Add(w.pos(n), "%s", msg)
}

func isNull(n *yaml.Node) bool {
	return n.Kind == yaml.ScalarNode && n.Tag == "!!null"
}

// describe names what a node is, for "got …" messages.
func describe(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping of keys"
	case yaml.SequenceNode:
		return "a list"
	case yaml.AliasNode:
		return "an alias"
	}
	return strconv.Quote(n.Value)
}

func (w *walker) value(n *yaml.Node, v reflect.Value, where string) {
	if n.Kind == yaml.AliasNode || n.Anchor != "" {
		w.fail(n, where, "anchors and aliases (& and *) are not allowed; write the value out")
		return
	}
	if n.Kind == yaml.ScalarNode {
		if msg := textProblem(n.Value, v.Type() == proseType); msg != "" {
			w.fail(n, where, "%s", msg)
			return
		}
	}
	if d, ok := v.Addr().Interface().(nodeDecoder); ok {
		// [x] unquoted in a flow list is a one-item list to YAML; it is the
		// GSS shorthand for a missing value, so a leaf gets it as text.
		if n.Kind == yaml.SequenceNode && len(n.Content) == 1 && n.Content[0].Kind == yaml.ScalarNode && n.Style&yaml.FlowStyle != 0 {
			if err := d.decodeScalar("["+n.Content[0].Value+"]", w.pos(n)); err != nil {
				w.fail(n, where, "%v", err)
			}
			return
		}
		if n.Kind != yaml.ScalarNode {
			w.fail(n, where, "must be a single value, got %s", describe(n))
			return
		}
		if err := d.decodeScalar(n.Value, w.pos(n)); err != nil {
			w.fail(n, where, "%v", err)
		}
		return
	}
	switch v.Kind() {
	case reflect.Struct:
		w.mapping(n, v, where)
	case reflect.Slice:
		w.sequence(n, v, where)
	case reflect.Map:
		w.dict(n, v, where)
	case reflect.String:
		if n.Kind != yaml.ScalarNode {
			w.fail(n, where, "must be text, got %s", describe(n))
			return
		}
		switch {
		case isNull(n):
		case w.intern:
			v.SetString(unique.Make(n.Value).Value())
		default:
			v.SetString(n.Value)
		}
	case reflect.Bool:
		if n.Kind != yaml.ScalarNode || (n.Value != "true" && n.Value != "false") {
			w.fail(n, where, "must be true or false, got %s", describe(n))
			return
		}
		v.SetBool(n.Value == "true")
	default:
		panic(fmt.Sprintf("load: no YAML decoding for %s", v.Type()))
	}
}

// prose is free text, such as an agenda item's description or a dataset's
// notes: the one kind of text that may hold format characters (U+200F, the
// right-to-left mark, has a use in a sentence), though no more control
// characters than any other.
type prose string

var proseType = reflect.TypeFor[prose]()

// textProblem says what is wrong with s as the text of a value, or "".
func textProblem(s string, free bool) string {
	i, what := badRune(s, free)
	if i < 0 {
		return ""
	}
	r, size := utf8.DecodeRuneInString(s[i:])
	fix := "remove it"
	if r == '\u2028' || r == '\u2029' {
		fix = "start a new line instead"
	}
	return fmt.Sprintf("%s holds %U, %s; %s", strconv.Quote(upTo(s, i+size)), r, what, fix)
}

// badRune finds the first character of s that no value may hold, and says
// what it is; i is -1 when there is none. No value may hold a control
// character but tab and newline (YAML's escapes make "\a" or "\x1b" easy
// to write; RFC 5545 forbids them in a calendar, HTML in a page), nor a line
// or paragraph separator. Only free text may hold a format character
// (Unicode category Cf: bidirectional overrides such as U+202E, which shows
// the text after it reversed, zero-width spaces), except the zero-width
// joiner and non-joiner that some scripts and emoji are spelt with.
func badRune(s string, free bool) (i int, what string) {
	for i, r := range s {
		switch {
		case r == '\t' || r == '\n':
		case unicode.IsControl(r):
			return i, "a control character"
		case r == '\u2028' || r == '\u2029':
			return i, "a line or paragraph separator"
		case !free && unicode.Is(unicode.Cf, r) && r != '\u200c' && r != '\u200d':
			return i, "an invisible formatting character, which can reorder or hide the text around it"
		}
	}
	return -1, ""
}

// upTo is s up to byte end, shortened at the front, for quoting the text
// that leads to a bad character.
func upTo(s string, end int) string {
	s = s[:end]
	if n := utf8.RuneCountInString(s); n > 24 {
		return "…" + string([]rune(s)[n-20:])
	}
	return s
}

func (w *walker) sequence(n *yaml.Node, v reflect.Value, where string) {
	if isNull(n) {
		return
	}
	if n.Kind != yaml.SequenceNode {
		w.fail(n, where, "must be a list (lines starting with \"- \"), got %s", describe(n))
		return
	}
	s := reflect.MakeSlice(v.Type(), len(n.Content), len(n.Content))
	for i, c := range n.Content {
		w.value(c, s.Index(i), fmt.Sprintf("%s[%d]", where, i))
	}
	v.Set(s)
}

// dict decodes a mapping with keys of the caller's choosing into a map
// from text.
func (w *walker) dict(n *yaml.Node, v reflect.Value, where string) {
	if isNull(n) {
		return
	}
	if n.Kind != yaml.MappingNode {
		w.fail(n, where, "must be a mapping of keys, got %s", describe(n))
		return
	}
	m := reflect.MakeMapWithSize(v.Type(), len(n.Content)/2)
	seen := map[string]*yaml.Node{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, val := n.Content[i], n.Content[i+1]
		if k.Kind != yaml.ScalarNode || k.Tag == "!!merge" {
			w.fail(k, where, "a key must be plain text, got %s", describe(k))
			continue
		}
		if first, dup := seen[k.Value]; dup {
			w.fail(k, where, "duplicate key %q (first defined at line %d)", k.Value, w.lineOffset+first.Line)
			continue
		}
		seen[k.Value] = k
		elem := reflect.New(v.Type().Elem()).Elem()
		w.value(val, elem, join(where, k.Value))
		m.SetMapIndex(reflect.ValueOf(k.Value), elem)
	}
	v.Set(m)
}

type field struct {
	key       string
	index     []int
	required  bool
	mayBeNone bool // required:"key": present, but [] will do
}

// fieldsOf lists a struct's keys. An embedded struct without a yaml tag
// adds its keys to the outer struct's, so that kinds of file can share a
// common part.
func fieldsOf(t reflect.Type) (fields []field, posIndex []int) {
	for i := range t.NumField() {
		f := t.Field(i)
		key, ok := f.Tag.Lookup("yaml")
		switch {
		case !ok && f.Type == posType:
			posIndex = []int{i}
		case !ok && f.Anonymous && f.Type.Kind() == reflect.Struct:
			inner, innerPos := fieldsOf(f.Type)
			for _, in := range inner {
				in.index = append([]int{i}, in.index...)
				fields = append(fields, in)
			}
			if innerPos != nil {
				posIndex = append([]int{i}, innerPos...)
			}
		case ok && key != "-":
			req := f.Tag.Get("required")
			fields = append(fields, field{key: key, index: []int{i}, required: req == "true" || req == "key", mayBeNone: req == "key"})
		}
	}
	return fields, posIndex
}

func (w *walker) mapping(n *yaml.Node, v reflect.Value, where string) {
	if n.Kind != yaml.MappingNode {
		w.fail(n, where, "must be a mapping of keys, got %s", describe(n))
		return
	}
	fields, posIndex := fieldsOf(v.Type())
	if posIndex != nil {
		v.FieldByIndex(posIndex).Set(reflect.ValueOf(w.pos(n)))
	}
	keys := make([]string, len(fields))
	for i, f := range fields {
		keys[i] = f.key
	}
	seen := make(map[string]*yaml.Node, len(n.Content)/2)
	suggested := map[string]bool{} // hints given for unknown keys
	merged := false                // a merge key was refused: required keys may be in it
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, val := n.Content[i], n.Content[i+1]
		if k.Kind != yaml.ScalarNode {
			w.fail(k, where, "a key must be plain text, got %s", describe(k))
			continue
		}
		if k.Tag == "!!merge" || k.Value == "<<" {
			w.fail(k, where, "merge keys (<<) are not allowed; write the keys out in full")
			merged = true
			continue
		}
		if first, dup := seen[k.Value]; dup {
			w.fail(k, where, "duplicate key %q (first defined at line %d)", k.Value, w.lineOffset+first.Line)
			continue
		}
		seen[k.Value] = k
		j := slices.Index(keys, k.Value)
		if j < 0 {
			w.fail(k, where, "unknown key %q%s", k.Value, suggest(k.Value, keys))
			suggested[diag.Nearest(k.Value, keys)] = true
			continue
		}
		f := fields[j]
		switch {
		case f.mayBeNone && val.Kind == yaml.SequenceNode:
			// [] is a list of none
		case f.mayBeNone && isEmpty(val):
			w.fail(val, join(where, f.key), "must not be empty; list them, or write [] for none")
			continue
		case f.required && !slices.Contains(w.anyDepth, f.key) && isEmpty(val):
			w.fail(val, join(where, f.key), "must not be empty")
			continue
		}
		w.value(val, v.FieldByIndex(f.index), join(where, f.key))
	}
	for _, f := range fields {
		// A misspelt required key is one mistake: "did you mean" covers it.
		if w.required(f, where) && seen[f.key] == nil && !merged && !suggested[f.key] {
			w.fail(n, where, "missing required key %q", f.key)
		}
	}
}

// required says whether the key of f must be given in the mapping at
// where ("" at the top level).
func (w *walker) required(f field, where string) bool {
	return f.required && !slices.Contains(w.anyDepth, f.key) && (where != "" || !slices.Contains(w.optional, f.key))
}

func isEmpty(n *yaml.Node) bool {
	return isNull(n) || (n.Kind == yaml.ScalarNode && strings.TrimSpace(n.Value) == "") ||
		(n.Kind != yaml.ScalarNode && n.Kind != yaml.AliasNode && len(n.Content) == 0)
}

func join(where, key string) string {
	if where == "" {
		return key
	}
	return where + "." + key
}

// suggest returns " (did you mean "x"?)" for the nearest allowed key, or
// the list of allowed keys when none is near.
func suggest(got string, allowed []string) string {
	return diag.Suggest(got, allowed, "allowed")
}
