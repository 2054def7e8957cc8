package main

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"maps"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

// serveBound is the anti-hang bound on each wait for the preview: to
// start, to show a change, to stop. It asserts nothing about speed.
const serveBound = 30 * time.Second

// serveProcess is a `briefing serve` process.
type serveProcess struct {
	cmd    *exec.Cmd
	url    string
	stdout *bytes.Buffer // after the address line
	stderr bytes.Buffer
	done   chan error
}

// startServe starts `briefing serve` on a free loopback port for the
// site in dir, and waits for it to print its address.
func startServe(t *testing.T, dir string) *serveProcess {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := l.Addr().(*net.TCPAddr).Port
	l.Close()
	p := &serveProcess{stdout: &bytes.Buffer{}, done: make(chan error, 1)}
	p.cmd = exec.Command("briefing", "serve", "--source", dir, "--port", strconv.Itoa(port))
	p.cmd.Stderr = &p.stderr
	out, err := p.cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := p.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		p.cmd.Process.Kill()
		<-p.done
	})
	addr := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			if u, ok := strings.CutPrefix(sc.Text(), "Serving the preview at "); ok {
				addr <- strings.Fields(u)[0]
			}
			p.stdout.WriteString(sc.Text() + "\n")
		}
		p.done <- p.cmd.Wait()
	}()
	select {
	case p.url = <-addr:
	case <-time.After(serveBound):
		t.Fatalf("briefing serve printed no address in %s\n%s", serveBound, p.stderr.String())
	}
	if want := fmt.Sprintf("http://127.0.0.1:%d/", port); p.url != want {
		t.Errorf("address %q, want %q", p.url, want)
	}
	return p
}

// stop interrupts the preview as Ctrl-C does: it must exit 0.
func (p *serveProcess) stop(t *testing.T) {
	t.Helper()
	if err := p.cmd.Process.Signal(os.Interrupt); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-p.done:
		p.done <- err // for the cleanup
		if err != nil {
			t.Errorf("briefing serve after Ctrl-C: %v, want exit 0\n%s", err, p.stderr.String())
		}
	case <-time.After(serveBound):
		t.Fatalf("briefing serve did not stop in %s after Ctrl-C", serveBound)
	}
}

// fetch gets a page of the preview: its status and body.
func fetch(t *testing.T, url string) (int, string) {
	t.Helper()
	res, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return res.StatusCode, string(body)
}

// await fetches url until ok accepts what it gets.
func await(t *testing.T, what, url string, ok func(status int, body string) bool) string {
	t.Helper()
	deadline := time.Now().Add(serveBound)
	for {
		status, body := fetch(t, url)
		if ok(status, body) {
			return body
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s: not seen in %s; last status %d:\n%s", what, serveBound, status, body)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// siteState is every file and folder under dir but the cache: a file's
// SHA-256, "folder" for a folder.
func siteState(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		if rel == cacheDir {
			return filepath.SkipDir
		}
		if d.IsDir() {
			out[rel] = "folder"
			return nil
		}
		data, err := os.ReadFile(p)
		out[rel] = fmt.Sprintf("%x", sha256.Sum256(data))
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestServe runs `briefing serve` on the example site: a pack, then the
// pack with a changed figure, the error page while a dataset does not
// parse, the pack again once it is fixed, drafts marked as drafts, and
// a clean stop on Ctrl-C that leaves the site as it was but the cache.
func TestServe(t *testing.T) {
	t.Setenv("XDG_CACHE_HOME", t.TempDir())
	site := t.TempDir()
	copySite(t, site)
	before := siteState(t, site)
	p := startServe(t, site)
	pack := p.url + "scrutiny-co-ordination/2018-03-12/index.html"
	status, body := fetch(t, pack)
	// Dudley's robbery this year, 388, becomes 389, and Wolverhampton's
	// one less, so that the force's total stays the sum of the areas.
	const figure = `<td class="num">389</td>`
	if status != http.StatusOK || !strings.Contains(body, `<td class="num">388</td>`) {
		t.Fatalf("the pack: status %d, and not Dudley's robbery figure 388", status)
	}
	if strings.Contains(body, figure) {
		t.Fatalf("the pack shows %s before the change", figure)
	}
	// The file served is the built file with the reload script; the file
	// has none.
	built, err := os.ReadFile(filepath.Join(site, cacheDir, "preview", "scrutiny-co-ordination", "2018-03-12", "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(built, []byte("<script")) || strings.Count(body, "<script") != 1 {
		t.Errorf("scripts: %d in the built file, %d in the page served; want 0 and 1", bytes.Count(built, []byte("<script")), strings.Count(body, "<script"))
	}
	if _, draft := fetch(t, p.url+"scrutiny-co-ordination/2018-06-13/index.html"); !strings.Contains(draft, `class="draft-banner"`) {
		t.Error("the draft meeting is not shown marked as a draft")
	}

	dataset := filepath.Join(site, "data", "datasets", "wmp2020", "robbery.yaml")
	orig, err := os.ReadFile(dataset)
	if err != nil {
		t.Fatal(err)
	}
	edit := func(from, to string, in []byte) []byte {
		t.Helper()
		if !bytes.Contains(in, []byte(from)) {
			t.Fatalf("%s has no %q", dataset, from)
		}
		out := bytes.Replace(in, []byte(from), []byte(to), 1)
		if err := os.WriteFile(dataset, out, 0o644); err != nil {
			t.Fatal(err)
		}
		return out
	}
	changed := edit("values: [371, 407]", "values: [371, 406]", edit("values: [391, 388]", "values: [391, 389]", orig))
	await(t, "the changed figure", pack, func(status int, body string) bool {
		return status == http.StatusOK && strings.Contains(body, figure)
	})

	broken := edit("rows:\n", "rows: [\n", changed)
	where := regexp.MustCompile(`data/datasets/wmp2020/robbery\.yaml:\d+:\d+: YAML`)
	page := await(t, "the error page", pack, func(status int, body string) bool {
		return status == http.StatusInternalServerError && where.MatchString(body)
	})
	for _, want := range []string{"<pre>rows: [\n", `<span class="caret">^</span>`} {
		if !strings.Contains(page, want) {
			t.Errorf("the error page lacks %q:\n%s", want, page)
		}
	}
	if strings.Contains(page, "Robbery") {
		t.Error("the error page shows the stale pack")
	}

	final := edit("rows: [\n", "rows:\n", broken)
	await(t, "the pack after the fix", pack, func(status int, body string) bool {
		return status == http.StatusOK && strings.Contains(body, figure)
	})

	p.stop(t)
	for _, want := range []string{"Built in ", "Rebuilt in ", "1 error, shown on every page"} {
		if !strings.Contains(p.stdout.String(), want) {
			t.Errorf("stdout lacks %q:\n%s", want, p.stdout.String())
		}
	}
	if !strings.Contains(p.stderr.String(), "robbery.yaml:") {
		t.Errorf("stderr does not name the broken dataset:\n%s", p.stderr.String())
	}
	after := siteState(t, site)
	want := maps.Clone(before)
	want[filepath.Join("data", "datasets", "wmp2020", "robbery.yaml")] = fmt.Sprintf("%x", sha256.Sum256(final))
	for name := range mergeKeys(want, after) {
		if want[name] != after[name] {
			t.Errorf("%s changed in the site: %q, want %q", name, after[name], want[name])
		}
	}
	leftovers, _ := filepath.Glob(filepath.Join(site, cacheDir, "*staging*"))
	if len(leftovers) > 0 {
		t.Errorf("staging folders left behind: %v", leftovers)
	}
}

func mergeKeys(a, b map[string]string) map[string]bool {
	out := map[string]bool{}
	for k := range a {
		out[k] = true
	}
	for k := range b {
		out[k] = true
	}
	return out
}

// TestServeKeepsBuildWarm: the preview's build, with drafts, keeps in the
// cache what the build before it used, so that a build after it with
// nothing changed has nothing to do.
func TestServeKeepsBuildWarm(t *testing.T) {
	t.Setenv("XDG_CACHE_HOME", t.TempDir())
	site := t.TempDir()
	copySite(t, site)
	runBuild(t, nil, "--source", site)
	p := startServe(t, site)
	if status, _ := fetch(t, p.url); status != http.StatusOK {
		t.Errorf("the archive: status %d", status)
	}
	p.stop(t)
	out, err := exec.Command("briefing", "build", "--source", site).CombinedOutput()
	if err != nil || !strings.Contains(string(out), "nothing had changed") {
		t.Errorf("build after serve: %v, want nothing to do:\n%s", err, out)
	}
}

// TestServeExitCodes: a --bind other than loopback is a usage mistake,
// and a port in use a failure said plainly.
func TestServeExitCodes(t *testing.T) {
	site := t.TempDir()
	copySite(t, site)
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	busy := strconv.Itoa(l.Addr().(*net.TCPAddr).Port)
	tests := []struct {
		name   string
		args   []string
		want   int
		stderr string
	}{
		{"help", []string{"serve", "--help"}, 0, ""},
		{"every address", []string{"serve", "--source", site, "--bind", "0.0.0.0"}, 2, "not a loopback address"},
		{"a network's address", []string{"serve", "--source", site, "--bind", "192.168.1.10"}, 2, "not a loopback address"},
		{"stray argument", []string{"serve", "--source", site, "extra"}, 2, "unexpected argument"},
		{"no such port", []string{"serve", "--source", site, "--port", "70000"}, 2, "is not a port"},
		{"missing source", []string{"serve", "--source", filepath.Join(site, "nope")}, 2, "not found"},
		{"port in use", []string{"serve", "--source", site, "--port", busy}, 1, "port " + busy + " on 127.0.0.1 is in use"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			err := run(context.Background(), tt.args, &stdout, &stderr)
			if got := exitCode(err); got != tt.want {
				t.Errorf("exit code %d, want %d (err %v)\nstderr: %s", got, tt.want, err, stderr.String())
			}
			if !strings.Contains(stderr.String(), tt.stderr) {
				t.Errorf("stderr %q, want it to say %q", stderr.String(), tt.stderr)
			}
			if tt.want == 0 && !strings.Contains(stdout.String(), "Examples:") {
				t.Errorf("--help printed no examples to stdout:\n%s", stdout.String())
			}
		})
	}
	if _, err := os.Stat(filepath.Join(site, cacheDir)); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a refused serve made the cache: %v", err)
	}
}
