package site

import (
	"io/fs"
	"maps"
	"slices"
	"sync"

	"github.com/briefing/briefing/internal/compute"
	"github.com/briefing/briefing/internal/diag"
	"github.com/briefing/briefing/internal/load"
	"github.com/briefing/briefing/internal/model"
)

// maxCachedCells bounds the computed datasets a build holds between the
// packs that quote them, by their figures (each costs about 1 KB, with
// its typed value): the datasets of a dozen meetings, or a long series
// that every meeting of a committee quotes.
var maxCachedCells = 1 << 12 // lowered by a test

// datasets are a site's computed datasets (render.Datasets). Load hands
// each dataset to check, which computes it, checks it and its agreements
// with comparisons, and lets it go; a pack that quotes it later has it
// read again (load.Dataset) and computed. The last few computed are kept,
// shared by the workers, so that a dataset that several meetings quote is
// read once while it stays in the cache; a build holds a few datasets at
// a time, not the archive's. Each dataset's mistakes are reported once,
// by check.
type datasets struct {
	fsys  fs.FS
	files map[string]*model.DatasetFile // once Load has returned
	ids   []string                      // of files, sorted

	errs diag.List // of check
	// agreeing are the series whose agreements check could not check
	// when it computed them: a comparison they name was not in the cache.
	agreeing []string
	suggest  compute.Suggestions // for the agreements' lookups

	mu     sync.Mutex
	cached map[string]*cachedTable
	recent []*cachedTable // least recently used first
	cells  int            // the figures of recent
}

// cachedTable is a computed dataset in the cache, or one being computed.
type cachedTable struct {
	id    string
	once  sync.Once
	t     *compute.Table
	err   error
	cells int
}

func newDatasets(fsys fs.FS) *datasets {
	return &datasets{fsys: fsys, cached: map[string]*cachedTable{}}
}

// check computes a dataset that Load has just read: its mistakes are
// kept for the build, and its agreements checked once the comparisons they
// name are at hand.
func (d *datasets) check(ds *model.Dataset) {
	t, err := compute.Dataset(ds)
	d.errs.Append(err)
	e := d.entry(ds.ID)
	e.once.Do(func() { e.t = t })
	d.weigh(e)
	if len(ds.Agrees) == 0 {
		return
	}
	// Load reads a meeting's datasets one after another: the comparison
	// a series agrees with is usually still in the cache.
	others := map[string]*compute.Table{}
	for _, a := range ds.Agrees {
		if others[a.Dataset] = d.peek(a.Dataset); others[a.Dataset] == nil {
			d.agreeing = append(d.agreeing, ds.ID)
			return
		}
	}
	// Every comparison named is at hand: neither "did you mean" nor
	// unread is asked for.
	d.errs.Append(compute.Agreements(t, func(id string) *compute.Table { return others[id] }, nil, nil, &d.suggest))
}

// loaded takes the site's datasets, once Load has returned, and checks
// the agreements that check left. It returns every mistake of the
// datasets.
func (d *datasets) loaded(s *model.Site) error {
	d.files = s.Datasets
	d.ids = slices.Sorted(maps.Keys(s.Datasets))
	table := func(id string) *compute.Table {
		t, _ := d.Table(id) // a file that cannot be read again is reported by the packs that quote it
		return t
	}
	for _, id := range d.agreeing {
		if t := table(id); t != nil {
			d.errs.Append(compute.Agreements(t, table, d.ids, s.Unread, &d.suggest))
		}
	}
	d.agreeing = nil
	return d.errs.Sort().Err()
}

// Table implements render.Datasets: the dataset, from the cache or read
// again and computed.
func (d *datasets) Table(id string) (*compute.Table, error) {
	f := d.files[id]
	if f == nil {
		return nil, nil
	}
	e := d.entry(id)
	e.once.Do(func() {
		ds, err := load.Dataset(d.fsys, f)
		if err != nil {
			e.err = err
			return
		}
		e.t, _ = compute.Dataset(ds) // its mistakes are reported by check
	})
	d.weigh(e)
	return e.t, e.err
}

// SHA256 implements render.Datasets.
func (d *datasets) SHA256(id string) string {
	if f := d.files[id]; f != nil {
		return f.SHA256
	}
	return ""
}

// IDs implements render.Datasets.
func (d *datasets) IDs() []string { return d.ids }

// entry is the cache's entry for id, made if it has none, as the most
// recently used.
func (d *datasets) entry(id string) *cachedTable {
	d.mu.Lock()
	defer d.mu.Unlock()
	e := d.cached[id]
	if e == nil {
		e = &cachedTable{id: id}
		d.cached[id] = e
	} else {
		d.recent = slices.DeleteFunc(d.recent, func(x *cachedTable) bool { return x == e })
	}
	d.recent = append(d.recent, e)
	return e
}

// peek is the computed dataset id if the cache holds it, or nil.
func (d *datasets) peek(id string) *compute.Table {
	d.mu.Lock()
	defer d.mu.Unlock()
	if e := d.cached[id]; e != nil {
		return e.t
	}
	return nil
}

// weigh counts the figures of a computed entry, and lets go of the least
// recently used entries while the cache holds more than maxCachedCells.
// An entry let go stays with the packs that have it.
func (d *datasets) weigh(e *cachedTable) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if e.cells == 0 && e.t != nil && d.cached[e.id] == e {
		e.cells = cells(e.t)
		d.cells += e.cells
	}
	for d.cells > maxCachedCells && len(d.recent) > 1 {
		old := d.recent[0]
		d.recent = d.recent[1:]
		delete(d.cached, old.id)
		d.cells -= old.cells
	}
}

// cells counts a computed table's figures, and its rows, which each hold
// a label.
func cells(t *compute.Table) int {
	n := 1 + len(t.Columns)
	for _, rows := range [][]compute.Row{t.Rows, t.After} {
		for _, r := range rows {
			n += 1 + len(r.Cells)
		}
	}
	if t.Total != nil {
		n += 1 + len(t.Total.Cells)
	}
	for _, g := range t.Dataset.Groups {
		n += 1 + len(g.Items)
	}
	return n
}
