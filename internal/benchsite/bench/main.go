// Command bench writes a synthetic archive (see package benchsite) and
// times Briefing and Hugo building it, cold, in turn: each build's wall
// time, CPU time (user + system) and peak resident memory, as the kernel
// accounts for the build's own process, the median of several runs.
// make bench runs it (README, Benchmarks):
//
//	go build -o /tmp/briefing ./cmd/briefing
//	go run ./internal/benchsite/bench -briefing /tmp/briefing -dir /tmp/bench -meetings 1000
package main

import (
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/briefing/briefing/internal/benchsite"
	"github.com/briefing/briefing/internal/number"
)

func main() {
	if err := run(os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

// marker marks a folder as this command's, so that it replaces only its
// own.
const marker = ".benchsite"

func run(args []string, stdout io.Writer) error {
	fl := flag.NewFlagSet("bench", flag.ContinueOnError)
	meetings := fl.Int("meetings", 1000, "how many `meetings` the archive has")
	seed := fl.Uint64("seed", 1, "the generator's `seed`")
	runs := fl.Int("runs", 3, "how many `times` to run each build")
	dir := fl.String("dir", "", "the `folder` to write the sites into (replaced)")
	briefingBin := fl.String("briefing", "", "the briefing `binary`")
	hugoBin := fl.String("hugo", "hugo", "the hugo `binary`")
	if err := fl.Parse(args); err != nil {
		return err
	}
	if *dir == "" || *briefingBin == "" || *runs < 1 {
		return fmt.Errorf("usage: bench -briefing BINARY -dir FOLDER [-meetings N] [-runs N] [-seed N] [-hugo BINARY]")
	}
	if err := claim(*dir); err != nil {
		return err
	}
	a, err := benchsite.Generate(benchsite.Options{Meetings: *meetings, Seed: *seed})
	if err != nil {
		return err
	}
	src, hugoSrc := filepath.Join(*dir, "briefing"), filepath.Join(*dir, "hugo")
	if err := a.Briefing.Write(src); err != nil {
		return err
	}
	if err := a.Hugo.Write(hugoSrc); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "Archive of %s (seed %d) in %s: %s words of commentary a meeting, 4 markdown tables, 4 datasets placed as 6 charts and 4 tables\n",
		count(*meetings, "meeting", "meetings"), *seed, *dir, number.Float(float64(a.Words / *meetings), 0))
	fmt.Fprintf(stdout, "sources: Briefing %s, %s; Hugo %s, %s\n",
		count(len(a.Briefing), "file", "files"), number.Size(a.Briefing.Size()), count(len(a.Hugo), "file", "files"), number.Size(a.Hugo.Size()))
	// The archive, hundreds of MB at 5,000 meetings, is on disk now. A
	// child's peak as wait4 gives it includes this process's own at the
	// child's start (forgetPeak), so it is let go first.
	a = nil
	forgetPeak()

	builds := []*build{
		{name: "Briefing", out: filepath.Join(src, "public"), cache: filepath.Join(src, ".briefing-cache"), args: []string{*briefingBin, "build", "--source", src}},
		{name: "Hugo", out: filepath.Join(hugoSrc, "public"), cache: filepath.Join(*dir, "hugo-cache"),
			args: []string{*hugoBin, "--source", hugoSrc, "--cacheDir", filepath.Join(*dir, "hugo-cache"), "--quiet"}},
	}
	fmt.Fprintf(stdout, "machine: %d cores, load average %s before the runs\n", runtime.NumCPU(), loadAverage())
	// The builds take turns, so that a busy spell on the machine falls on
	// both.
	for range *runs {
		for _, b := range builds {
			if err := b.run(); err != nil {
				return err
			}
		}
	}
	for _, b := range builds {
		if b.files, b.bytes, err = tree(b.out); err != nil {
			return err
		}
	}
	report(stdout, *meetings, *runs, builds)
	return nil
}

// claim empties dir for the sites, refusing a folder that holds anything
// but an earlier run's.
func claim(dir string) error {
	entries, err := os.ReadDir(dir)
	if err != nil && !os.IsNotExist(err) {
		return err
	}
	if len(entries) > 0 {
		if _, err := os.Stat(filepath.Join(dir, marker)); err != nil {
			return fmt.Errorf("%s is not empty and not a folder of this command (it has no %s); choose another", dir, marker)
		}
		if err := os.RemoveAll(dir); err != nil {
			return err
		}
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, marker), nil, 0o644)
}

// build is one program building its site, and what its runs measured.
type build struct {
	name       string
	args       []string
	out, cache string // removed before each run, so that every run is cold
	runs       []measure
	files      int
	bytes      int64
}

type measure struct {
	wall, cpu time.Duration
	rss       int64 // bytes; 0 where the system does not say
}

func (b *build) run() error {
	for _, dir := range []string{b.out, b.cache} {
		if dir != "" {
			if err := os.RemoveAll(dir); err != nil {
				return err
			}
		}
	}
	cmd := exec.Command(b.args[0], b.args[1:]...)
	var out strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &out
	start := time.Now()
	err := cmd.Run()
	wall := time.Since(start)
	if err != nil {
		return fmt.Errorf("%s: %v\n%s", strings.Join(b.args, " "), err, out.String())
	}
	ps := cmd.ProcessState
	b.runs = append(b.runs, measure{wall: wall, cpu: ps.UserTime() + ps.SystemTime(), rss: maxRSS(ps)})
	return nil
}

// median is the median of each measure on its own.
func (b *build) median() measure {
	pick := func(f func(measure) int64) int64 {
		v := make([]int64, len(b.runs))
		for i, m := range b.runs {
			v[i] = f(m)
		}
		slices.Sort(v)
		if len(v)%2 == 0 {
			return (v[len(v)/2-1] + v[len(v)/2]) / 2
		}
		return v[len(v)/2]
	}
	return measure{
		wall: time.Duration(pick(func(m measure) int64 { return int64(m.wall) })),
		cpu:  time.Duration(pick(func(m measure) int64 { return int64(m.cpu) })),
		rss:  pick(func(m measure) int64 { return m.rss }),
	}
}

// tree counts the files under dir and their bytes.
func tree(dir string) (files int, bytes int64, err error) {
	err = filepath.WalkDir(dir, func(_ string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		info, err := d.Info()
		files++
		bytes += info.Size()
		return err
	})
	return files, bytes, err
}

// report prints the medians of each build, and their ratio.
func report(w io.Writer, meetings, runs int, builds []*build) {
	fmt.Fprintf(w, "\n%s built cold, median of %s:\n\n", count(meetings, "meeting", "meetings"), count(runs, "run", "runs"))
	tw := tabwriter.NewWriter(w, 0, 0, 3, ' ', tabwriter.AlignRight)
	// tabwriter aligns every column right: pad the names to the left.
	pad := fmt.Sprintf("%%-%ds", len(builds[0].name+" ÷ "+builds[1].name))
	fmt.Fprintf(tw, pad+"\twall\tCPU (user+sys)\tpeak RSS\toutput\t\n", "")
	var medians []measure
	for _, b := range builds {
		m := b.median()
		medians = append(medians, m)
		fmt.Fprintf(tw, pad+"\t%s\t%s\t%s\t%s, %s\t\n", b.name, seconds(m.wall), seconds(m.cpu), mib(m.rss),
			count(b.files, "file", "files"), number.Size(b.bytes))
	}
	a, h := medians[0], medians[1]
	fmt.Fprintf(tw, pad+"\t%s\t%s\t%s\t\t\n", builds[0].name+" ÷ "+builds[1].name,
		ratio(float64(a.wall), float64(h.wall)), ratio(float64(a.cpu), float64(h.cpu)), ratio(float64(a.rss), float64(h.rss)))
	tw.Flush()
	fmt.Fprintln(w)
	for _, b := range builds {
		var walls []string
		for _, m := range b.runs {
			walls = append(walls, seconds(m.wall))
		}
		fmt.Fprintf(w, "%s, each run's wall time: %s\n", b.name, strings.Join(walls, ", "))
	}
}

// count writes n things with commas between thousands.
func count(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return number.Float(float64(n), 0) + " " + many
}

// seconds writes d with two decimals below 10 s and one above.
func seconds(d time.Duration) string {
	decimals := 2
	if d >= 10*time.Second {
		decimals = 1
	}
	return number.Float(d.Seconds(), decimals) + " s"
}

func mib(n int64) string {
	if n == 0 {
		return "n/a"
	}
	return number.Float(float64(n)/(1<<20), 0) + " MiB"
}

func ratio(a, b float64) string {
	if a == 0 || b == 0 {
		return "n/a"
	}
	return number.Float(a/b, 1) + "×"
}

// loadAverage is the system's load over the last minute, where the system
// says (Linux).
func loadAverage() string {
	data, err := os.ReadFile("/proc/loadavg")
	if f := strings.Fields(string(data)); err == nil && len(f) > 0 {
		return f[0]
	}
	return "unknown"
}
