// Package preview serves a site's preview on the officer's own machine
// while they write: the built files of a preview folder as they are,
// each page with a small script that reloads it when the site has been
// built again, and, while the site has mistakes, a page that shows them
// in place of every page.
//
// The files are never changed: the reload script is added to each page
// as it is served (inject), and the page's Content-Security-Policy is
// loosened for it and nothing else (Loosen): the script's hash, and
// connect-src 'self' for the event stream at EventsPath, which tells open
// pages of each new build (Server-Sent Events).
//
// Run is the whole of `briefing serve` but the build itself: it watches
// the site's folders (Watch), builds again after each burst of changes,
// and serves the preview until its context ends.
package preview

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"io/fs"
	"net"
	"net/http"
	"path"
	"strings"
	"sync"

	"github.com/briefing/briefing/internal/pagecheck"
)

// EventsPath is the address of the event stream that tells open pages
// of each build. It is reserved: a site's file there is not served.
const EventsPath = "/_briefing/events"

// reserved is the folder of addresses the preview keeps for itself.
const reserved = "/_briefing/"

// Server is the preview's http.Handler. Its methods may be called from
// several goroutines at once.
type Server struct {
	files fs.FS // the built files
	site  fs.FS // the site, for the lines its mistakes point at
	run   string

	mu      sync.Mutex
	n       int   // builds told of
	failed  error // the latest build's failure, or nil
	errPage []byte
	subs    map[chan struct{}]bool
	closed  bool
}

// New returns a server of the built files in files, for the site in
// site. Until it is told of a build (Built, Failed) it serves files as
// they are.
func New(files, site fs.FS) *Server {
	var run [4]byte
	rand.Read(run[:])
	return &Server{files: files, site: site, run: hex.EncodeToString(run[:]), subs: map[chan struct{}]bool{}}
}

// Built tells the server that files hold a new build: open pages reload.
func (s *Server) Built() { s.tell(nil) }

// Failed tells the server that the latest build failed with err (a
// diag.List of the site's mistakes, or another failure): every page
// shows it, open ones at once, until a build succeeds.
func (s *Server) Failed(err error) { s.tell(err) }

func (s *Server) tell(err error) {
	var page []byte
	if err != nil {
		page = renderError(s.site, err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.n++
	s.failed, s.errPage = err, page
	for c := range s.subs {
		select {
		case c <- struct{}{}:
		default: // it has a wake-up waiting
		}
	}
}

// Close ends the event streams, so that a server shutting down is not
// kept waiting by open pages.
func (s *Server) Close() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.closed = true
	for c := range s.subs {
		close(c)
		delete(s.subs, c)
	}
}

// generation names the build the server last heard of; it differs from
// one run of the server to the next.
func (s *Server) generation() string {
	return fmt.Sprintf("%s-%d", s.run, s.n)
}

func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Cache-Control", "no-store")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Content-Security-Policy", pagecheck.CSP)
	// A page elsewhere on the web may point a name of its own at this
	// machine (DNS rebinding) to read the preview's drafts: the preview
	// answers only to a loopback name.
	if !loopbackHost(r.Host) {
		http.Error(w, "the preview answers only at localhost or a loopback address", http.StatusMisdirectedRequest)
		return
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		h.Set("Allow", "GET, HEAD")
		http.Error(w, "the preview only shows pages", http.StatusMethodNotAllowed)
		return
	}
	if r.URL.Path == EventsPath {
		s.events(w, r)
		return
	}
	name, page, ok := s.resolve(r.URL.Path)
	if name == "" && ok {
		http.Redirect(w, r, path.Clean(r.URL.Path)+"/", http.StatusMovedPermanently)
		return
	}
	s.mu.Lock()
	gen, failed, errPage := s.generation(), s.failed, s.errPage
	s.mu.Unlock()
	switch {
	case failed != nil && (page || !ok):
		s.page(w, http.StatusInternalServerError, errPage, gen)
	case !ok:
		s.page(w, http.StatusNotFound, notFound, gen)
	case page:
		data, err := fs.ReadFile(s.files, name)
		if err != nil {
			// Swapped away between the look and the read: the next
			// build's event reloads the page.
			http.Error(w, "the page changed while it was read; reload", http.StatusServiceUnavailable)
			return
		}
		s.page(w, http.StatusOK, data, gen)
	default:
		http.ServeFileFS(w, r, s.files, name)
	}
}

// notFound is the page of an address with no file.
var notFound = []byte(`<!DOCTYPE html>
<html lang="en-GB"><head><meta http-equiv="Content-Security-Policy" content="` + pagecheck.CSP + `"><meta charset="utf-8"><title>Not found – Briefing preview</title></head>
<body><h1>Not found</h1><p>The site has no page at this address. <a href="/">The archive</a>.</p></body></html>
`)

// resolve returns the file of the built files that urlPath names, and
// whether it is a page. A folder's file is its index.html; a folder asked
// for without its final slash comes back as "" and ok, to be redirected.
func (s *Server) resolve(urlPath string) (name string, page, ok bool) {
	clean := path.Clean("/" + urlPath)
	if strings.HasPrefix(clean+"/", reserved) {
		return "", false, false
	}
	name = strings.TrimPrefix(clean, "/")
	if name == "" {
		name = "."
	}
	info, err := fs.Stat(s.files, name)
	if err != nil {
		return "", path.Ext(name) == ".html", false
	}
	if info.IsDir() {
		if !strings.HasSuffix(urlPath, "/") && name != "." {
			return "", true, true
		}
		name = path.Join(name, "index.html")
		if _, err := fs.Stat(s.files, name); err != nil {
			return "", true, false
		}
	}
	return name, path.Ext(name) == ".html", true
}

// page writes a page with the reload script, under its policy loosened
// for it, as a header too.
func (s *Server) page(w http.ResponseWriter, status int, data []byte, gen string) {
	out, policy := inject(data, gen, pagecheck.CSP)
	w.Header().Set("Content-Security-Policy", policy)
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	w.Write(out)
}

// events streams the generation of each build to an open page: the
// current one at once, then each new one.
func (s *Server) events(w http.ResponseWriter, r *http.Request) {
	rc := http.NewResponseController(w)
	wake := make(chan struct{}, 1)
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		http.Error(w, "the preview is stopping", http.StatusServiceUnavailable)
		return
	}
	s.subs[wake] = true
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		delete(s.subs, wake)
		s.mu.Unlock()
	}()
	h := w.Header()
	h.Set("Content-Type", "text/event-stream")
	w.WriteHeader(http.StatusOK)
	// A page whose server has gone tries again every second.
	fmt.Fprint(w, "retry: 1000\n\n")
	for {
		s.mu.Lock()
		gen := s.generation()
		s.mu.Unlock()
		if _, err := fmt.Fprintf(w, "data: %s\n\n", gen); err != nil {
			return
		}
		if err := rc.Flush(); err != nil {
			return
		}
		select {
		case _, open := <-wake:
			if !open {
				return
			}
		case <-r.Context().Done():
			return
		}
	}
}

// loopbackHost reports whether a request's Host names this machine:
// localhost or a loopback address, with any port.
func loopbackHost(host string) bool {
	if h, _, err := net.SplitHostPort(host); err == nil {
		host = h
	}
	host = strings.TrimSuffix(strings.TrimPrefix(host, "["), "]")
	return Loopback(host)
}

// Loopback reports whether host is localhost or a loopback address
// (127.0.0.0/8, ::1): an address only this machine can reach.
func Loopback(host string) bool {
	if strings.EqualFold(strings.TrimSuffix(host, "."), "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
