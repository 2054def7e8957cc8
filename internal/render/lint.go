package render

import (
	"errors"
	"io/fs"
	"regexp"
	"strconv"

	"github.com/briefing/briefing/internal/diag"
)

// stylesheet is the site's stylesheet, inlined into every page.
const stylesheet = "static/briefing.css"

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
