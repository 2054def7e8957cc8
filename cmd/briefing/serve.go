package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"syscall"

	"github.com/briefing/briefing/internal/diag"
	"github.com/briefing/briefing/internal/preview"
)

const serveUsage = `Usage:
  briefing serve [--source DIR] [--port 1313] [--bind 127.0.0.1]

Builds the site with its drafts into a preview folder in the cache
(` + cacheDir + `/preview) and serves it on this machine, at
http://127.0.0.1:1313/ by default. Each time a file in content/, data/,
layouts/ or static/ is saved, the site is built again and open pages
reload. While the site has mistakes, every page shows them, each with
its line and a caret under the column, until they are fixed. Nothing in
the site changes but the cache. Ctrl-C stops.

The preview is for the officer's own machine: --bind takes only a
loopback address (127.0.0.1, ::1 or localhost).

Flags:
`

const serveExamples = `
Examples:
  briefing serve
  briefing serve --source ~/sites/scrutiny --port 8080
`

func serve(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fl := flag.NewFlagSet("serve", flag.ContinueOnError)
	fl.SetOutput(stderr)
	source := fl.String("source", ".", "the site `folder`")
	port := fl.Int("port", 1313, "the `port` to serve on")
	bind := fl.String("bind", "127.0.0.1", "the loopback `address` to serve on")
	fl.Usage = func() {
		fmt.Fprint(fl.Output(), serveUsage)
		fl.PrintDefaults()
		fmt.Fprint(fl.Output(), serveExamples)
	}
	for _, a := range args {
		if a == "-h" || a == "-help" || a == "--help" {
			fl.SetOutput(stdout)
			fl.Usage()
			return nil
		}
	}
	if err := fl.Parse(args); err != nil {
		return usageError{err.Error()}
	}
	if fl.NArg() > 0 {
		fmt.Fprintf(stderr, "briefing serve: unexpected argument %q\n", fl.Arg(0))
		return usageError{"unexpected argument"}
	}
	if !preview.Loopback(*bind) {
		say(stderr, "briefing serve: --bind %s is not a loopback address; the preview shows drafts, so it is served only to this machine (127.0.0.1, ::1 or localhost)", *bind)
		return usageError{"--bind not loopback"}
	}
	if *port < 0 || *port > 65535 {
		say(stderr, "briefing serve: --port %d is not a port; give one from 1 to 65535", *port)
		return usageError{"bad port"}
	}
	files := filepath.Join(*source, cacheDir, "preview")
	if err := checkFolders(*source, files); err != nil {
		say(stderr, "briefing serve: %s", err)
		return usageError{err.Error()}
	}
	// The preview is written only inside the site: a cache folder, or a
	// preview folder in it, that is a symbolic link (as a site copied from
	// elsewhere may hold) would have the preview replace a folder outside
	// the site.
	for _, dir := range []string{filepath.Dir(files), files} {
		if info, err := os.Lstat(dir); err == nil && (info.Mode()&os.ModeSymlink != 0 || !info.IsDir()) {
			err := fmt.Errorf("%s is not a folder (a symbolic link?); the preview is built only inside the site: remove it, and serve makes it again", dir)
			say(stderr, "briefing serve: %s", err)
			return err
		}
	}
	l, err := net.Listen("tcp", net.JoinHostPort(*bind, strconv.Itoa(*port)))
	if errors.Is(err, syscall.EADDRINUSE) {
		say(stderr, "briefing serve: port %d on %s is in use (another briefing serve?); stop that, or choose another with --port", *port, *bind)
		return err
	}
	if err != nil {
		say(stderr, "briefing serve: %s", err)
		return err
	}
	defer l.Close()
	// The preview folder's parent, the cache, is made here in case the
	// cache cannot be used and so is not made by the build.
	if err := os.MkdirAll(filepath.Dir(files), 0o755); err != nil {
		say(stderr, "briefing serve: %s", err)
		return err
	}
	err = preview.Run(ctx, l, preview.Options{
		Site:  *source,
		Files: files,
		Log:   stdout,
		Build: func(ctx context.Context) error {
			_, err := buildSite(ctx, buildConfig{Source: *source, Out: files, Drafts: true, Preview: true}, stderr)
			var list diag.List
			if errors.As(err, &list) {
				printMistakes(stderr, *source, list)
			}
			return err
		},
	})
	if err != nil {
		say(stderr, "briefing serve: %s", err)
		return err
	}
	return nil
}
