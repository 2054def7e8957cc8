package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/briefing/briefing/internal/pagecheck"
	"golang.org/x/tools/txtar"
)

var update = flag.Bool("update", false, "rewrite the expected stderr of testdata/hostile/*.txtar")

// Limits every hostile case must stay within. The time limit is a guard
// against hangs, not a measure of speed: the build is killed after it.
const (
	hangGuard = 10 * time.Second
	maxRSS    = 200 << 20 // bytes
)

// TestHostile builds each small broken or malicious site of
// testdata/hostile with the real command, in its own process, and checks
// what the archive's comment promises:
//
//	want: error   the build exits 1, prints exactly the archive's "stderr"
//	              file, and leaves the previous output as it was;
//	want: safe    the build succeeds and no page carries script, an event
//	              handler or a dangerous address (the pages are also kept
//	              under test-output/hostile for the browser gates).
//
// Every case must also finish without a panic, within hangGuard and maxRSS.
// Setup lines in the comment make what a text archive cannot hold:
//
//	symlink NAME -> TARGET   a symbolic link
//	repeat NAME COUNT TEXT   a file of TEXT (Go-quoted) repeated COUNT times
//	append NAME COUNT TEXT   the same, added to the end of the file
//	copies NAME COUNT TEXT   COUNT files of TEXT, named NAME with {n} from 1
//	sparse NAME SIZE         a file of SIZE bytes (mostly a hole)
//
// In TEXT, {n} is the number of the repetition, from 1, so that repeated
// rows can have labels of their own.
//
// Run with -update to rewrite the expected stderr after a deliberate change
// in messages, and review the diff.
func TestHostile(t *testing.T) {
	archives, _ := filepath.Glob("../../testdata/hostile/*.txtar")
	if len(archives) == 0 {
		t.Fatal("no cases in testdata/hostile")
	}
	// Pages of safe cases are kept for the browser gates: start afresh, so
	// that a case that is no longer safe leaves nothing behind.
	if err := os.RemoveAll(filepath.Join("..", "..", "test-output", "hostile")); err != nil {
		t.Fatal(err)
	}
	var worstTime time.Duration
	var worstRSS int64
	ran := 0
	for _, name := range archives {
		t.Run(strings.TrimSuffix(filepath.Base(name), ".txtar"), func(t *testing.T) {
			r := runHostile(t, name)
			worstTime, worstRSS = max(worstTime, r.elapsed), max(worstRSS, r.rss)
			ran++
		})
	}
	t.Logf("%d hostile cases; slowest %v, largest %.1f MB resident", ran, worstTime.Round(time.Millisecond), float64(worstRSS)/(1<<20))
}

type hostileRun struct {
	elapsed time.Duration
	rss     int64
}

func runHostile(t *testing.T, name string) hostileRun {
	ar, err := txtar.ParseFile(name)
	if err != nil {
		t.Fatal(err)
	}
	want, setup := "", []string(nil)
	for _, line := range strings.Split(string(ar.Comment), "\n") {
		switch {
		case strings.HasPrefix(line, "want: "):
			want = strings.TrimSpace(strings.TrimPrefix(line, "want: "))
		case strings.HasPrefix(line, "symlink "), strings.HasPrefix(line, "repeat "), strings.HasPrefix(line, "append "), strings.HasPrefix(line, "copies "), strings.HasPrefix(line, "sparse "):
			setup = append(setup, line)
		}
	}
	if want != "error" && want != "safe" {
		t.Fatalf("%s: the comment needs a line \"want: error\" or \"want: safe\"", name)
	}
	site := filepath.Join(t.TempDir(), "site")
	var wantStderr []byte
	hasStderr := false
	for _, f := range ar.Files {
		if f.Name == "stderr" {
			wantStderr, hasStderr = f.Data, true
			continue
		}
		writeFile(t, filepath.Join(site, filepath.FromSlash(f.Name)), f.Data)
	}
	for _, line := range setup {
		if err := setUp(site, line); err != nil {
			t.Fatalf("%s: %s: %v", name, line, err)
		}
	}
	// A previous build, which a failed build must leave exactly as it was.
	previous := map[string]string{".briefing": "marker\n", "index.html": "<p>the previous build</p>\n"}
	for p, text := range previous {
		writeFile(t, filepath.Join(site, "public", p), []byte(text))
	}

	ctx, cancel := context.WithTimeout(context.Background(), hangGuard)
	defer cancel()
	cmd := exec.CommandContext(ctx, "briefing", "build")
	cmd.Dir = site
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	start := time.Now()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	peak := watchPeak(cmd.Process.Pid)
	err = cmd.Wait()
	r := hostileRun{elapsed: time.Since(start), rss: peak()}
	t.Logf("%v, %.1f MB resident", r.elapsed.Round(time.Millisecond), float64(r.rss)/(1<<20))
	if ctx.Err() != nil {
		t.Fatalf("the build did not finish within %v", hangGuard)
	}
	if r.rss > maxRSS {
		t.Errorf("the build used %.0f MB of memory; the limit is %d MB", float64(r.rss)/(1<<20), maxRSS>>20)
	}
	if bytes.Contains(stderr.Bytes(), []byte("panic")) || bytes.Contains(stderr.Bytes(), []byte("goroutine ")) {
		t.Fatalf("the build panicked:\n%s", stderr.String())
	}
	code := 0
	var exitErr *exec.ExitError
	if errors.As(err, &exitErr) {
		code = exitErr.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}

	switch want {
	case "error":
		if code != 1 {
			t.Errorf("exit code %d, want 1\nstdout: %s\nstderr: %s", code, stdout.String(), stderr.String())
		}
		if *update {
			updateStderr(t, name, ar, stderr.Bytes())
		} else if !hasStderr {
			t.Errorf("the archive has no \"stderr\" file; run with -update to record:\n%s", stderr.String())
		} else if got := stderr.String(); got != string(wantStderr) {
			t.Errorf("stderr:\n%s\nwant:\n%s", got, wantStderr)
		}
		got := readTree(t, filepath.Join(site, "public"))
		if !maps.Equal(got, previous) {
			t.Errorf("the failed build changed the previous output: %v", slices.Sorted(maps.Keys(got)))
		}
	case "safe":
		if code != 0 {
			t.Fatalf("exit code %d, want 0\nstderr: %s", code, stderr.String())
		}
		out := readTree(t, filepath.Join(site, "public"))
		files := map[string][]byte{}
		for p, text := range out {
			files[p] = []byte(text)
		}
		for _, p := range slices.Sorted(maps.Keys(out)) {
			if strings.HasSuffix(p, ".html") {
				for _, msg := range pagecheck.Safe(p, files[p], files) {
					t.Errorf("%s: %s", p, msg)
				}
			}
		}
		keep := filepath.Join("..", "..", "test-output", "hostile", strings.TrimSuffix(filepath.Base(name), ".txtar"))
		_ = os.RemoveAll(keep)
		for p, data := range files {
			writeFile(t, filepath.Join(keep, filepath.FromSlash(p)), data)
		}
	}
	return r
}

// watchPeak samples the process's resident high-water mark (VmHWM) until
// it exits, and returns a func that gives the last value seen. The
// process's own rusage cannot be used: a child started from this large test
// process inherits the test's high-water mark across exec. VmHWM only grows,
// so sampling misses at most the last few milliseconds of growth.
func watchPeak(pid int) func() int64 {
	var peak atomic.Int64
	done := make(chan struct{})
	stopped := make(chan struct{})
	go func() {
		defer close(stopped)
		status := fmt.Sprintf("/proc/%d/status", pid)
		for {
			if data, err := os.ReadFile(status); err == nil {
				for _, line := range strings.Split(string(data), "\n") {
					if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
						kb, _ := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
						if kb<<10 > peak.Load() {
							peak.Store(kb << 10)
						}
					}
				}
			}
			select {
			case <-done:
				return
			case <-time.After(2 * time.Millisecond):
			}
		}
	}()
	return func() int64 {
		close(done)
		<-stopped
		return peak.Load()
	}
}

func setUp(site, line string) error {
	f := strings.Fields(line)
	switch {
	case f[0] == "symlink" && len(f) == 4 && f[2] == "->":
		p := filepath.Join(site, filepath.FromSlash(f[1]))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		return os.Symlink(f[3], p)
	case (f[0] == "repeat" || f[0] == "append" || f[0] == "copies") && len(f) >= 4:
		count, err := strconv.Atoi(f[2])
		if err != nil {
			return err
		}
		text, err := strconv.Unquote(strings.Join(f[3:], " "))
		if err != nil {
			return err
		}
		numbered := func(s string, i int) string { return strings.ReplaceAll(s, "{n}", strconv.Itoa(i+1)) }
		if f[0] == "copies" {
			for i := range count {
				if err := addTo(filepath.Join(site, filepath.FromSlash(numbered(f[1], i))), []byte(text), false); err != nil {
					return err
				}
			}
			return nil
		}
		var data bytes.Buffer
		for i := range count {
			data.WriteString(numbered(text, i))
		}
		return addTo(filepath.Join(site, filepath.FromSlash(f[1])), data.Bytes(), f[0] == "append")
	case f[0] == "sparse" && len(f) == 3:
		n, err := strconv.ParseInt(f[2], 10, 64)
		if err != nil {
			return err
		}
		p := filepath.Join(site, filepath.FromSlash(f[1]))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		file, err := os.OpenFile(p, os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o644)
		if err != nil {
			return err
		}
		defer file.Close()
		info, err := file.Stat()
		if err != nil {
			return err
		}
		return file.Truncate(max(n, info.Size()))
	}
	return fmt.Errorf("cannot understand the setup line")
}

// addTo writes data to the file at p, after what it holds if add is set.
func addTo(p string, data []byte, add bool) error {
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return err
	}
	flag := os.O_WRONLY | os.O_CREATE | os.O_TRUNC
	if add {
		flag = os.O_WRONLY | os.O_CREATE | os.O_APPEND
	}
	file, err := os.OpenFile(p, flag, 0o644)
	if err != nil {
		return err
	}
	if _, err := file.Write(data); err != nil {
		file.Close()
		return err
	}
	return file.Close()
}

func updateStderr(t *testing.T, name string, ar *txtar.Archive, stderr []byte) {
	t.Helper()
	files := slices.DeleteFunc(slices.Clone(ar.Files), func(f txtar.File) bool { return f.Name == "stderr" })
	ar.Files = append(files, txtar.File{Name: "stderr", Data: stderr})
	if err := os.WriteFile(name, txtar.Format(ar), 0o644); err != nil {
		t.Fatal(err)
	}
}

func writeFile(t *testing.T, name string, data []byte) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(name, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

func readTree(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		out[filepath.ToSlash(rel)] = string(data)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}
