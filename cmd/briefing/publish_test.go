package main

import (
	"bytes"
	"errors"
	"maps"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"
)

// copySite copies the example site at the repository root into dir.
func copySite(t *testing.T, dir string) {
	t.Helper()
	for _, sub := range []string{"content", "data", "layouts", "static"} {
		src := filepath.Join("..", "..", sub)
		err := filepath.WalkDir(src, func(p string, d os.DirEntry, err error) error {
			if err != nil {
				return err
			}
			rel, _ := filepath.Rel(filepath.Join("..", ".."), p)
			dst := filepath.Join(dir, rel)
			if d.IsDir() {
				return os.MkdirAll(dst, 0o755)
			}
			data, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			return os.WriteFile(dst, data, 0o644)
		})
		if err != nil {
			t.Fatal(err)
		}
	}
}

// changeSite changes a letter of the example site in dir, so that the next
// build differs from the last.
func changeSite(t *testing.T, dir string) {
	t.Helper()
	letter := filepath.Join(dir, "content", "scrutiny-co-ordination", "2018-02-14", "meeting.md")
	data, err := os.ReadFile(letter)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(letter, append(data, []byte("\nA sentence added after publication.\n")...), 0o644); err != nil {
		t.Fatal(err)
	}
}

func runBuild(t *testing.T, env []string, args ...string) {
	t.Helper()
	cmd := exec.Command("briefing", append([]string{"build"}, args...)...)
	cmd.Env = append(os.Environ(), env...)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("briefing build %v: %v\n%s", args, err, out)
	}
}

// TestReproducible builds the example site under different time zones,
// locales and numbers of threads: the output is the same, byte for byte.
func TestReproducible(t *testing.T) {
	site := t.TempDir()
	copySite(t, site)
	var trees []map[string]string
	for i, env := range [][]string{
		{"TZ=UTC", "LANG=C", "GOMAXPROCS=1"},
		{"TZ=America/Los_Angeles", "LANG=de_DE.UTF-8", "LC_ALL=de_DE.UTF-8", "GOMAXPROCS=2"},
		{"TZ=Pacific/Kiritimati", "LANG=ja_JP.UTF-8", "GOMAXPROCS=7"},
	} {
		out := filepath.Join(t.TempDir(), "public")
		// Without the cache: each build renders every page.
		runBuild(t, env, "--source", site, "--out", out, "--no-cache")
		trees = append(trees, readTree(t, out))
		if i > 0 && !maps.Equal(trees[0], trees[i]) {
			for name := range trees[0] {
				if trees[0][name] != trees[i][name] {
					t.Errorf("%s differs under %v", name, env)
				}
			}
		}
	}
	if len(trees[0]) < 10 {
		t.Errorf("the example site built only %d files", len(trees[0]))
	}
}

// TestKilledBuild kills builds at random moments, 20 times: the output is
// always a whole build, the previous one or the new one, never a mixture;
// and the next build clears what the killed ones left.
func TestKilledBuild(t *testing.T) {
	site := t.TempDir()
	copySite(t, site)
	out := filepath.Join(t.TempDir(), "public")
	runBuild(t, nil, "--source", site, "--out", out)
	before := readTree(t, out)

	changeSite(t, site)
	want := filepath.Join(t.TempDir(), "public")
	runBuild(t, nil, "--source", site, "--out", want)
	after := readTree(t, want)
	if maps.Equal(before, after) {
		t.Fatal("the change made no difference to the output")
	}

	rng := rand.New(rand.NewPCG(1, 2))
	for i := range 20 {
		cmd := exec.Command("briefing", "build", "--source", site, "--out", out)
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(time.Duration(rng.IntN(60)) * time.Millisecond)
		_ = cmd.Process.Signal(syscall.SIGKILL)
		_ = cmd.Wait()
		got := readTree(t, out)
		if !maps.Equal(got, before) && !maps.Equal(got, after) {
			t.Fatalf("kill %d left an output that is neither build (%d files)", i, len(got))
		}
	}
	runBuild(t, nil, "--source", site, "--out", out)
	if got := readTree(t, out); !maps.Equal(got, after) {
		t.Error("the build after the kills is not the new build")
	}
	entries, _ := os.ReadDir(filepath.Dir(out))
	for _, e := range entries {
		if strings.Contains(e.Name(), ".staging-") {
			t.Errorf("leftover %s after a successful build", e.Name())
		}
	}
}

// TestExemptNeverPublished builds the example site, drafts included, and
// searches every output file for the words of exempt reports.
func TestExemptNeverPublished(t *testing.T) {
	site := t.TempDir()
	copySite(t, site)
	// Minutes for the meeting with the exempt item, recording under it
	// what must stay private.
	writeFile(t, filepath.Join(site, "content", "audit-and-procurement", "2018-07-16", "minutes.md"), []byte(`---
published: 2018-07-18
present: [Councillor H Whitfield, Councillor K Maddox, Councillor S Dhillon, Councillor E Harper, Councillor T Okafor, Councillor L Parkes, Councillor B Ruddock]
items:
  - item: 7
    declarations:
      - member: Councillor S Dhillon
        interest: CONFIDENTIAL-EXEMPT-MARKER-M1 interest
    resolutions:
      - CONFIDENTIAL-EXEMPT-MARKER-M2 resolved
---
`))
	out := filepath.Join(t.TempDir(), "public")
	runBuild(t, nil, "--source", site, "--out", out, "--drafts")
	var secrets [][]byte
	_ = filepath.WalkDir(filepath.Join(site, "content"), func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".md") {
			data, _ := os.ReadFile(p)
			if i := bytes.Index(data, []byte("CONFIDENTIAL-EXEMPT-MARKER")); i >= 0 {
				secrets = append(secrets, data[i:i+len("CONFIDENTIAL-EXEMPT-MARKER")+5])
			}
		}
		return nil
	})
	if len(secrets) == 0 {
		t.Fatal("the example site has no exempt report with a marker to look for")
	}
	tree := readTree(t, out)
	for name, data := range tree {
		for _, s := range secrets {
			if strings.Contains(data, string(s)) {
				t.Errorf("%s contains exempt text %q", name, s)
			}
		}
	}
	// The archive names the exempt item by its title and reason, as the
	// agenda does, so that a reader knows it was taken in private.
	const title = "Internal audit: investigation of a procurement irregularity"
	const reason = "Paragraph 3 of Schedule 12A to the Local Government Act 1972"
	for _, page := range []string{"index.html", "audit-and-procurement/index.html", "audit-and-procurement/2018-07-16/minutes/index.html"} {
		if data := tree[page]; !strings.Contains(data, title) || !strings.Contains(data, "private business") && !strings.Contains(data, "Private business") || !strings.Contains(data, reason) {
			t.Errorf("%s does not list the exempt item %q with its reason", page, title)
		}
	}
}

// TestInterrupt presses Ctrl-C once during a slow build: the build stops
// before its next meeting, says so, and leaves the previous output as it
// was.
func TestInterrupt(t *testing.T) {
	site := t.TempDir()
	copySite(t, site)
	// A footer that makes every page slow to write (and big, under the
	// page cap), so that the build is still running when it is stopped.
	writeFile(t, filepath.Join(site, "layouts", "partials", "footer.html"),
		[]byte(`{{define "footer"}}<footer>{{range 400000}}<b>x</b>{{end}}</footer>{{end}}`))
	for p, text := range previousBuild {
		writeFile(t, filepath.Join(site, "public", p), []byte(text))
	}
	cmd := exec.Command("briefing", "build", "--source", site, "--no-cache")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	// Ctrl-C once the build has written its first file (its staging
	// folder is made then), so that it is surely mid-build.
	for deadline := time.Now().Add(hangGuard); ; time.Sleep(10 * time.Millisecond) {
		if staged, _ := filepath.Glob(filepath.Join(site, ".public.staging-*")); len(staged) > 0 {
			break
		}
		if time.Now().After(deadline) {
			cmd.Process.Kill()
			t.Fatalf("the build wrote nothing within %v\n%s", hangGuard, stderr.String())
		}
	}
	if err := cmd.Process.Signal(os.Interrupt); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		var exitErr *exec.ExitError
		if !errors.As(err, &exitErr) || exitErr.ExitCode() != 1 {
			t.Errorf("exit: %v, want status 1\n%s", err, stderr.String())
		}
	case <-time.After(hangGuard):
		cmd.Process.Kill()
		t.Fatalf("the build did not stop within %v of Ctrl-C", hangGuard)
	}
	if !strings.Contains(stderr.String(), "briefing build: interrupted; ") {
		t.Errorf("stderr: %s, want it to say the build was interrupted", stderr.String())
	}
	if got := readTree(t, filepath.Join(site, "public")); !maps.Equal(got, previousBuild) {
		t.Errorf("the interrupted build changed the previous output: %v", slices.Sorted(maps.Keys(got)))
	}
}
