package preview

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"time"

	"github.com/briefing/briefing/internal/diag"
	"github.com/briefing/briefing/internal/number"
)

// Options are what Run needs from its caller.
type Options struct {
	// Site is the site folder, whose Folders are watched.
	Site string
	// Files is the folder that Build builds into, and the server serves.
	Files string
	// Build builds the site into Files, with its drafts, all of it or
	// nothing: the site's mistakes come back as a diag.List. It stops
	// early when its context ends.
	Build func(context.Context) error
	// Log is told the preview's address, and of each build.
	Log io.Writer
}

// Run serves the preview on l until ctx ends, and then returns nil: it
// builds the site, serves what it built, and builds again after each
// burst of changes to the site's Folders, telling open pages to reload.
// Stopping, it ends the event streams, shuts the server down, and stops
// watching; a build under way is stopped, leaving Files as it was.
func Run(ctx context.Context, l net.Listener, o Options) error {
	// Watching starts before the first build, so that no save is missed.
	w, err := Watch(o.Site)
	if err != nil {
		return fmt.Errorf("watch %s: %w", o.Site, err)
	}
	defer w.Close()
	root, err := os.OpenRoot(o.Site)
	if err != nil {
		return err
	}
	defer root.Close()
	s := New(os.DirFS(o.Files), root.FS())
	defer s.Close()
	build := func(what string) (stopped bool) {
		start := time.Now()
		err := o.Build(ctx)
		if ctx.Err() != nil {
			return true
		}
		took := time.Since(start).Round(time.Millisecond)
		var list diag.List
		switch {
		case err == nil:
			s.Built()
			fmt.Fprintf(o.Log, "%s in %s.\n", what, took)
		case errors.As(err, &list):
			s.Failed(err)
			fmt.Fprintf(o.Log, "%s in %s: %s, shown on every page until fixed.\n", what, took, number.Count(len(list), "error", "errors"))
		default:
			s.Failed(err)
			fmt.Fprintf(o.Log, "%s in %s: failed: %s\n", what, took, diag.Printable(err.Error()))
		}
		return false
	}
	if build("Built") {
		return nil
	}
	base, cancel := context.WithCancel(context.Background())
	defer cancel()
	srv := &http.Server{
		Handler:           s,
		ReadHeaderTimeout: 10 * time.Second,
		BaseContext:       func(net.Listener) context.Context { return base },
	}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(l) }()
	fmt.Fprintf(o.Log, "Serving the preview at http://%s/ (Ctrl-C to stop)\n", l.Addr())
	for stop := false; !stop; {
		select {
		case <-ctx.Done():
			stop = true
		case <-w.Changes:
			stop = build("Rebuilt")
		case err := <-w.Errors:
			fmt.Fprintf(o.Log, "warning: watching the site: %s\n", diag.Printable(err.Error()))
		case err := <-served:
			return fmt.Errorf("serve: %w", err)
		}
	}
	s.Close()
	cancel()
	shut, done := context.WithTimeout(context.Background(), 5*time.Second)
	defer done()
	if err := srv.Shutdown(shut); err != nil {
		return fmt.Errorf("stop the server: %w", err)
	}
	return nil
}
