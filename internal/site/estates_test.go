package site

import (
	"bufio"
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/briefing/briefing"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// referencePack is the text of the published pack the example
// reproduces. It is kept beside the repository, in shared/reference/, not
// in it.
const referencePack = "scrutiny-pack-2018-03-12.txt"

// findReference looks for shared/reference/<name> in the folders above
// the repository root (../shared/reference from the root, as the
// checkouts are laid out), or "" when there is none.
func findReference(t *testing.T, name string) string {
	t.Helper()
	dir, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	for {
		p := filepath.Join(dir, "shared", "reference", name)
		if _, err := os.Stat(p); err == nil {
			return p
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return ""
		}
		dir = parent
	}
}

// The estates lists of the reference pack, by the heading each is under:
// the sites to close, the sites that remain, the public contact offices
// to be re-provided and the sites under review. The site tables print the
// NPUs in one column and the sites ("Base") in the next; the text keeps
// them as blocks, so the sites are the lines after "Base".
func referenceEstates(t *testing.T, text []byte) map[string][]string {
	t.Helper()
	headings := map[string]string{
		"Public contact office to be re-provisioned in the local area": "re-provided",
		"Under review":                           "review",
		"Sites to close:":                        "close",
		"Sites which will remain in WMP estate:": "remain",
	}
	out := map[string][]string{}
	group, inSection, skipping := "", false, false
	sc := bufio.NewScanner(bytes.NewReader(text))
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		switch {
		case line == "Estates":
			inSection = true
		case !inSection || line == "":
		case line == "Any Questions?":
			inSection = false
		case headings[line] != "":
			group = headings[line]
			skipping = group == "close" || group == "remain"
		case line == "Base":
			skipping = false
		case skipping || group == "":
			// the NPU column, or the programme's introduction
		default:
			out[group] = append(out[group], line)
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// TestEstatesInFull builds the example and checks that its pack lists
// every site the reference pack names, each under the same heading: the
// lists are read from the reference text, not typed here.
func TestEstatesInFull(t *testing.T) {
	ref := findReference(t, referencePack)
	if ref == "" {
		t.Skipf("no shared/reference/%s above the repository root, so the estates lists cannot be compared with the published pack", referencePack)
	}
	text, err := os.ReadFile(ref)
	if err != nil {
		t.Fatal(err)
	}
	want := referenceEstates(t, text)
	// The reference names 24 sites to close and 30 that remain: a parse
	// that finds fewer has lost its way in the text, not found a short list.
	for group, n := range map[string]int{"close": 24, "remain": 30, "re-provided": 2, "review": 1} {
		if len(want[group]) != n {
			t.Fatalf("read %d sites under %q from %s, want %d: %q", len(want[group]), group, ref, n, want[group])
		}
	}
	res, err := Build(os.DirFS("../.."), Options{Defaults: briefing.Defaults})
	if err != nil {
		t.Fatal(err)
	}
	got := packLists(t, res.Files["scrutiny-co-ordination/2018-03-12/index.html"])
	// The example's headings, by the word that tells them apart.
	for group, sites := range want {
		var items map[string]bool
		for heading, its := range got {
			if strings.Contains(strings.ToLower(heading), group) {
				items = its
			}
		}
		if items == nil {
			t.Errorf("the pack has no list headed with %q; its lists are headed %q", group, keys(got))
			continue
		}
		for _, s := range sites {
			if !items[s] {
				t.Errorf("the pack does not list %q under %q, as the reference does", s, group)
			}
		}
	}
}

// packLists reads the lists of a pack: each group's heading, with the
// text of its items.
func packLists(t *testing.T, page []byte) map[string]map[string]bool {
	t.Helper()
	doc, err := html.Parse(bytes.NewReader(page))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]map[string]bool{}
	heading := ""
	for n := range doc.Descendants() {
		switch {
		case n.DataAtom == atom.P && hasClass(n, "list-group"):
			heading = text(n)
			out[heading] = map[string]bool{}
		case n.DataAtom == atom.Li && heading != "" && n.Parent != nil && hasClass(n.Parent, "list-items"):
			out[heading][text(n)] = true
		}
	}
	return out
}

func keys(m map[string]map[string]bool) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}
