// Package jsonstream writes one JSON document a piece at a time, so that
// a document the size of the archive (index.json, the build's record) is
// never held whole, as values or as text: objects and arrays are opened
// and closed by hand, and the values within them marshalled one by one.
// The bytes are those encoding/json writes for the whole: json.Marshal's
// with no indent, json.MarshalIndent(v, "", indent)'s with one. Callers'
// tests hold their writers to that.
package jsonstream

import (
	"bufio"
	"encoding/json"
	"io"
	"maps"
	"slices"
	"strings"
)

// Writer writes one JSON document. Its first failure, to marshal or to
// write, is Flush's error.
type Writer struct {
	out    *bufio.Writer
	indent string
	depth  int
	first  bool // nothing is written yet in the object or array open
	err    error
}

// New returns a Writer to w, indenting each level by indent ("" for none).
func New(w io.Writer, indent string) *Writer {
	return &Writer{out: bufio.NewWriter(w), indent: indent}
}

// Raw writes text as it is, such as the newline after the document.
func (w *Writer) Raw(text string) { w.out.WriteString(text) }

// Open begins an object ('{') or an array ('[').
func (w *Writer) Open(c byte) {
	w.out.WriteByte(c)
	w.depth++
	w.first = true
}

// Close ends the object or array open: '}' or ']'.
func (w *Writer) Close(c byte) {
	w.depth--
	if !w.first {
		w.newline()
	}
	w.out.WriteByte(c)
	w.first = false
}

// Next begins an element of the array open.
func (w *Writer) Next() {
	if !w.first {
		w.out.WriteByte(',')
	}
	w.first = false
	w.newline()
}

func (w *Writer) newline() {
	if w.indent == "" {
		return
	}
	w.out.WriteByte('\n')
	for range w.depth {
		w.out.WriteString(w.indent)
	}
}

// Key begins a member of the object open, for its value to follow.
func (w *Writer) Key(k string) {
	w.Next()
	w.Value(k)
	if w.indent == "" {
		w.out.WriteByte(':')
	} else {
		w.out.WriteString(": ")
	}
}

// Field writes a member of the object open.
func (w *Writer) Field(k string, v any) {
	w.Key(k)
	w.Value(v)
}

// Value writes v where the writer stands.
func (w *Writer) Value(v any) {
	var data []byte
	var err error
	if w.indent == "" {
		data, err = json.Marshal(v)
	} else {
		data, err = json.MarshalIndent(v, strings.Repeat(w.indent, w.depth), w.indent)
	}
	if err != nil && w.err == nil {
		w.err = err
	}
	w.out.Write(data)
}

// Map writes m as encoding/json does, keys in order, an entry at a time.
func Map[V any](w *Writer, m map[string]V) {
	if m == nil {
		w.Value(nil)
		return
	}
	w.Open('{')
	for _, k := range slices.Sorted(maps.Keys(m)) {
		w.Field(k, m[k])
	}
	w.Close('}')
}

// Flush writes what is buffered and returns the first failure.
func (w *Writer) Flush() error {
	if err := w.out.Flush(); w.err == nil {
		w.err = err
	}
	return w.err
}
