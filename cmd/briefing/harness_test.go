package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/briefing/briefing/internal/filetree"
	"github.com/briefing/briefing/internal/pagecheck"
	"github.com/briefing/briefing/internal/sheettest"
	"github.com/rogpeppe/go-internal/testscript"
)

// Every whole-site and command-line case is a testscript: a txtar archive
// whose comment is a script and whose files are the site. Three folders
// hold them:
//
//	cmd/briefing/testdata/script   the command: flags, output, exit codes
//	testdata/build                 golden sites: the exact files a build writes
//	testdata/hostile               broken and malicious sites
//
// Besides testscript's own commands (exec, cmp, exists, symlink, …), a
// script has these:
//
//	budget [-unprivileged] PROG ARGS...
//	    runs PROG as exec does, within hangGuard and maxRSS, and fails on a
//	    panic. "! budget" wants exit status 1 exactly: a build that fails
//	    over a mistake, not one that crashed or misread its flags.
//	    -unprivileged runs it without root's powers (cases that take
//	    permissions away); guard such a case with
//	    "[!unprivileged] skip 'why'", since that cannot be done everywhere.
//	previous DIR     a previous build in DIR, as if from an earlier run
//	unchanged DIR    DIR still holds exactly that previous build
//	safe DIR         every page in DIR passes pagecheck.Safe; the pages are
//	                 kept under $BRIEFING_TEST_OUTPUT/hostile/<script> for
//	                 the browser gates, when that variable is set
//	sametree DIR WANT   DIR and WANT hold the same files (cmp checks each)
//	repeat FILE COUNT TEXT   FILE is TEXT (Go-quoted) COUNT times
//	append FILE COUNT TEXT   the same, added to the end of FILE
//	copies FILE COUNT TEXT   COUNT files of TEXT, named FILE with {n} from 1
//	sparse FILE SIZE         FILE is SIZE bytes long (mostly a hole)
//	mode MODE PATH           chmod, given back when the script ends
//	listtree DIR             prints every folder and file under DIR, each
//	                         file with its size and SHA-256 (for a cmp of
//	                         the tree before and after a command)
//	workbook [-sheet NAME] FILE [CELL=VALUE...]
//	    FILE is sheettest.Workforce, a real-shaped Excel workbook (sheet
//	    Teams, table A3:D10), with each CELL holding VALUE instead: text,
//	    or a number stored as one after "number:" (C7=number:12.5);
//	    with -sheet, a workbook of the one sheet NAME holding only the
//	    CELLs
//	edit FILE OLD NEW   the one place in FILE that holds OLD holds NEW
//	                    instead (both Go-quoted)
//	grab NAME REGEXP    $NAME is the first group of REGEXP in the last
//	                    command's standard output
//
// In TEXT, {n} is the number of the repetition, from 1. Run with -update
// to rewrite what cmp compares against in the archives, and review the
// diff.
func TestSites(t *testing.T) {
	keep := os.Getenv("BRIEFING_TEST_OUTPUT")
	if keep != "" {
		// Start afresh, so that a case that is no longer safe leaves no
		// pages behind.
		if err := os.RemoveAll(filepath.Join(keep, "hostile")); err != nil {
			t.Fatal(err)
		}
	}
	for _, dir := range []string{"testdata/script", "../../testdata/build", "../../testdata/hostile"} {
		t.Run(filepath.Base(dir), func(t *testing.T) {
			testscript.Run(t, testscript.Params{
				Dir:                 dir,
				RequireExplicitExec: true,
				UpdateScripts:       *update,
				Cmds:                commands,
				Setup: func(env *testscript.Env) error {
					env.Setenv("BRIEFING_TEST_OUTPUT", keep)
					// What a build says must not depend on how fast
					// the machine runs it (see newTeller).
					env.Setenv("BRIEFING_PROGRESS", "off")
					return nil
				},
				Condition: func(cond string) (bool, error) {
					if cond == "unprivileged" {
						return canRunUnprivileged(), nil
					}
					return false, fmt.Errorf("unknown condition %q", cond)
				},
			})
		})
	}
}

var update = flag.Bool("update", false, "rewrite what the scripts' cmp commands compare against")

// Limits every case run by budget must stay within. The time limit is a
// guard against hangs, not a measure of speed: the build is killed after it.
const (
	hangGuard = 10 * time.Second
	maxRSS    = 200 << 20 // bytes
)

var commands = map[string]func(ts *testscript.TestScript, neg bool, args []string){
	"budget":    budget,
	"previous":  func(ts *testscript.TestScript, neg bool, args []string) { previous(ts, args) },
	"unchanged": unchanged,
	"safe":      safe,
	"sametree":  sametree,
	"repeat":    func(ts *testscript.TestScript, neg bool, args []string) { repeat(ts, "repeat", args) },
	"append":    func(ts *testscript.TestScript, neg bool, args []string) { repeat(ts, "append", args) },
	"copies":    func(ts *testscript.TestScript, neg bool, args []string) { repeat(ts, "copies", args) },
	"sparse":    sparse,
	"mode":      mode,
	"listtree":  listtree,
	"workbook":  workbook,
	"edit":      editFile,
	"grab":      grab,
}

// canRunUnprivileged reports whether a build can be run without root's
// powers: as an ordinary user, or as root through withoutRoot.
var canRunUnprivileged = sync.OnceValue(func() bool {
	if os.Geteuid() != 0 {
		return true
	}
	cmd := exec.Command("/bin/true")
	return withoutRoot(cmd) && cmd.Run() == nil
})

// previousBuild is what previous writes and unchanged expects.
var previousBuild = map[string]string{".briefing": "marker\n", "index.html": "<p>the previous build</p>\n"}

func previous(ts *testscript.TestScript, args []string) {
	if len(args) != 1 {
		ts.Fatalf("usage: previous DIR")
	}
	for p, text := range previousBuild {
		writeFile(ts, filepath.Join(ts.MkAbs(args[0]), p), []byte(text))
	}
}

func unchanged(ts *testscript.TestScript, neg bool, args []string) {
	if len(args) != 1 || neg {
		ts.Fatalf("usage: unchanged DIR")
	}
	got := readTree(ts, ts.MkAbs(args[0]))
	if !maps.Equal(got, previousBuild) {
		ts.Fatalf("the failed build changed the previous output: %v", slices.Sorted(maps.Keys(got)))
	}
}

func budget(ts *testscript.TestScript, neg bool, args []string) {
	unprivileged := len(args) > 0 && args[0] == "-unprivileged"
	if unprivileged {
		args = args[1:]
	}
	if len(args) == 0 {
		ts.Fatalf("usage: budget [-unprivileged] PROG ARGS...")
	}
	prog, err := exec.LookPath(args[0])
	if err != nil {
		// testscript installs the command in a folder on the script's PATH.
		prog = filepath.Join(strings.Split(ts.Getenv("PATH"), string(os.PathListSeparator))[0], args[0])
	}
	ctx, cancel := context.WithTimeout(context.Background(), hangGuard)
	defer cancel()
	cmd := exec.CommandContext(ctx, prog, args[1:]...)
	cmd.Dir = ts.Getenv("WORK")
	cmd.Env = os.Environ()
	for _, key := range []string{"PATH", "HOME", "TMPDIR", "WORK"} {
		cmd.Env = append(cmd.Env, key+"="+ts.Getenv(key))
	}
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if unprivileged && os.Geteuid() == 0 && !withoutRoot(cmd) {
		ts.Fatalf("running as root, whom permissions do not stop, on a system where the build cannot be run without root's powers; skip the case with [!unprivileged]")
	}
	start := time.Now()
	if err := cmd.Start(); err != nil {
		ts.Fatalf("%v", err)
	}
	peak := watchPeak(cmd.Process.Pid)
	err = cmd.Wait()
	elapsed, rss := time.Since(start), peak()
	ts.Stdout().Write(stdout.Bytes())
	ts.Stderr().Write(stderr.Bytes())
	ts.Logf("%v, %.1f MB resident", elapsed.Round(time.Millisecond), float64(rss)/(1<<20))
	if ctx.Err() != nil {
		ts.Fatalf("%s did not finish within %v", args[0], hangGuard)
	}
	if rss > maxRSS {
		ts.Fatalf("%s used %.0f MB of memory; the limit is %d MB", args[0], float64(rss)/(1<<20), maxRSS>>20)
	}
	if bytes.Contains(stderr.Bytes(), []byte("panic")) || bytes.Contains(stderr.Bytes(), []byte("goroutine ")) {
		ts.Fatalf("%s panicked", args[0])
	}
	code := 0
	var exitErr *exec.ExitError
	if errors.As(err, &exitErr) {
		code = exitErr.ExitCode()
	} else if err != nil {
		ts.Fatalf("%v", err)
	}
	switch {
	case neg && code != 1:
		ts.Fatalf("exit status %d, want 1", code)
	case !neg && code != 0:
		ts.Fatalf("exit status %d, want 0", code)
	}
}

// safe checks every page of a build and keeps the pages for the browser
// gates.
func safe(ts *testscript.TestScript, neg bool, args []string) {
	if len(args) != 1 || neg {
		ts.Fatalf("usage: safe DIR")
	}
	out := readTree(ts, ts.MkAbs(args[0]))
	files := map[string][]byte{}
	for p, text := range out {
		files[p] = []byte(text)
	}
	var problems []string
	for _, p := range slices.Sorted(maps.Keys(out)) {
		if strings.HasSuffix(p, ".html") {
			for _, msg := range pagecheck.Safe(p, files[p], files) {
				problems = append(problems, p+": "+msg)
			}
		}
	}
	if len(problems) > 0 {
		ts.Fatalf("unsafe pages:\n%s", strings.Join(problems, "\n"))
	}
	if keep := ts.Getenv("BRIEFING_TEST_OUTPUT"); keep != "" {
		dir := filepath.Join(keep, "hostile", ts.Name())
		for p, data := range files {
			writeFile(ts, filepath.Join(dir, filepath.FromSlash(p)), data)
		}
	}
}

// sametree checks that two folders hold files of the same names.
func sametree(ts *testscript.TestScript, neg bool, args []string) {
	if len(args) != 2 || neg {
		ts.Fatalf("usage: sametree DIR WANT")
	}
	got := slices.Sorted(maps.Keys(readTree(ts, ts.MkAbs(args[0]))))
	want := slices.Sorted(maps.Keys(readTree(ts, ts.MkAbs(args[1]))))
	got = slices.DeleteFunc(got, func(p string) bool { return p == ".briefing" })
	if !slices.Equal(got, want) {
		ts.Fatalf("%s holds %q\nwant %q", args[0], got, want)
	}
}

func repeat(ts *testscript.TestScript, how string, args []string) {
	if len(args) < 3 {
		ts.Fatalf("usage: %s FILE COUNT TEXT", how)
	}
	count, err := strconv.Atoi(args[1])
	ts.Check(err)
	text, err := strconv.Unquote(strings.Join(args[2:], " "))
	ts.Check(err)
	numbered := func(s string, i int) string { return strings.ReplaceAll(s, "{n}", strconv.Itoa(i+1)) }
	if how == "copies" {
		for i := range count {
			addTo(ts, ts.MkAbs(numbered(args[0], i)), []byte(text), false)
		}
		return
	}
	var data bytes.Buffer
	for i := range count {
		data.WriteString(numbered(text, i))
	}
	addTo(ts, ts.MkAbs(args[0]), data.Bytes(), how == "append")
}

func sparse(ts *testscript.TestScript, neg bool, args []string) {
	if len(args) != 2 || neg {
		ts.Fatalf("usage: sparse FILE SIZE")
	}
	n, err := strconv.ParseInt(args[1], 10, 64)
	ts.Check(err)
	p := ts.MkAbs(args[0])
	ts.Check(os.MkdirAll(filepath.Dir(p), 0o755))
	file, err := os.OpenFile(p, os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o644)
	ts.Check(err)
	defer file.Close()
	info, err := file.Stat()
	ts.Check(err)
	ts.Check(file.Truncate(max(n, info.Size())))
}

// mode is chmod that gives the permissions back when the script ends, so
// that the script's folder can be removed.
func mode(ts *testscript.TestScript, neg bool, args []string) {
	if len(args) != 2 || neg {
		ts.Fatalf("usage: mode MODE PATH")
	}
	m, err := strconv.ParseUint(args[0], 8, 32)
	ts.Check(err)
	p := ts.MkAbs(args[1])
	ts.Defer(func() { _ = os.Chmod(p, 0o755) })
	ts.Check(os.Chmod(p, fs.FileMode(m)))
}

// addTo writes data to the file at p, after what it holds if add is set.
func addTo(ts *testscript.TestScript, p string, data []byte, add bool) {
	ts.Check(os.MkdirAll(filepath.Dir(p), 0o755))
	flag := os.O_WRONLY | os.O_CREATE | os.O_TRUNC
	if add {
		flag = os.O_WRONLY | os.O_CREATE | os.O_APPEND
	}
	file, err := os.OpenFile(p, flag, 0o644)
	ts.Check(err)
	_, err = file.Write(data)
	ts.Check(errors.Join(err, file.Close()))
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

// fataler is what the file helpers need of a test or a script.
type fataler interface {
	Fatalf(format string, args ...any)
}

func writeFile(t fataler, name string, data []byte) {
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		t.Fatalf("%v", err)
	}
	if err := os.WriteFile(name, data, 0o644); err != nil {
		t.Fatalf("%v", err)
	}
}

// readTree is every file under dir, by slash-separated path.
func readTree(t fataler, dir string) map[string]string {
	out, err := filetree.Read(dir)
	if err != nil {
		t.Fatalf("%v", err)
	}
	return out
}

func listtree(ts *testscript.TestScript, neg bool, args []string) {
	if len(args) != 1 || neg {
		ts.Fatalf("usage: listtree DIR")
	}
	root := ts.MkAbs(args[0])
	ts.Check(filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		rel = filepath.ToSlash(rel)
		if d.IsDir() {
			fmt.Fprintf(ts.Stdout(), "%s/\n", rel)
			return nil
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		fmt.Fprintf(ts.Stdout(), "%s %d %x\n", rel, len(data), sha256.Sum256(data))
		return nil
	}))
}

func workbook(ts *testscript.TestScript, neg bool, args []string) {
	sheet := ""
	if len(args) > 1 && args[0] == "-sheet" {
		sheet, args = args[1], args[2:]
	}
	if neg || len(args) < 1 {
		ts.Fatalf("usage: workbook [-sheet NAME] FILE [CELL=VALUE...]")
	}
	edits := map[string]sheettest.Cell{}
	for _, a := range args[1:] {
		name, v, ok := strings.Cut(a, "=")
		if !ok {
			ts.Fatalf("workbook: %q is not CELL=VALUE", a)
		}
		edits[name] = sheettest.T(v)
		if n, ok := strings.CutPrefix(v, "number:"); ok {
			f, err := strconv.ParseFloat(n, 64)
			ts.Check(err)
			edits[name] = sheettest.N(f)
		}
	}
	data, err := sheettest.Workforce(edits)
	if sheet != "" {
		data, err = sheettest.Cells(sheet, edits)
	}
	ts.Check(err)
	ts.Check(os.WriteFile(ts.MkAbs(args[0]), data, 0o644))
}

// editFile replaces the one place in FILE that holds OLD with NEW, both
// Go-quoted, as an officer edits a file the commands made.
func editFile(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 3 {
		ts.Fatalf("usage: edit FILE OLD NEW")
	}
	old, err := strconv.Unquote(args[1])
	ts.Check(err)
	repl, err := strconv.Unquote(args[2])
	ts.Check(err)
	text := ts.ReadFile(args[0])
	if n := strings.Count(text, old); n != 1 {
		ts.Fatalf("%s holds %q %d times, want once", args[0], old, n)
	}
	ts.Check(os.WriteFile(ts.MkAbs(args[0]), []byte(strings.Replace(text, old, repl, 1)), 0o644))
}

// grab sets the variable NAME to the first group of REGEXP in the last
// command's standard output.
func grab(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: grab NAME REGEXP")
	}
	m := regexp.MustCompile(args[1]).FindStringSubmatch(ts.ReadFile("stdout"))
	if len(m) < 2 {
		ts.Fatalf("no match for %s (with a group) in the standard output", args[1])
	}
	ts.Setenv(args[0], m[1])
}
