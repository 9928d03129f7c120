package corpus

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"math/rand/v2"
	"os"
	"runtime"
	"sort"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/google/go-cmp/cmp"
)

// listInMemory is corpus.List as it was before the listing streamed:
// the whole directory in memory, sorted at once. The streaming listing
// must return exactly what it returns.
func listInMemory(fsys fs.FS, dir string) ([]Doc, error) {
	entries, err := fs.ReadDir(fsys, dir)
	if err != nil {
		return nil, err
	}
	var docs []Doc
	var probs []string
	for _, e := range entries {
		name := e.Name()
		if strings.HasPrefix(name, ".") {
			continue
		}
		if !e.Type().IsRegular() {
			probs = append(probs, fmt.Sprintf("%s: not a regular file (%s); a seeds directory holds only %s documents", name, typeName(e.Type()), Ext))
			continue
		}
		if !strings.HasSuffix(name, Ext) {
			probs = append(probs, fmt.Sprintf("%s: not a raw document: names end in %q", name, Ext))
			continue
		}
		id := strings.TrimSuffix(name, Ext)
		if !ValidID(id) {
			probs = append(probs, fmt.Sprintf("%s: %q is not a valid record id (want %s)", name, id, idPattern))
			continue
		}
		info, err := e.Info()
		if err != nil {
			probs = append(probs, fmt.Sprintf("%s: %v", name, err))
			continue
		}
		docs = append(docs, Doc{Name: name, ID: id, Size: info.Size()})
	}
	folded := map[string][]int{}
	for i, d := range docs {
		if l := strings.ToLower(d.ID); l != d.ID {
			folded[l] = append(folded[l], i)
		}
	}
	for i, d := range docs {
		if g, ok := folded[d.ID]; ok {
			folded[d.ID] = append(g, i)
		}
	}
	for _, g := range folded {
		if len(g) < 2 {
			continue
		}
		sort.Slice(g, func(a, b int) bool { return docs[g[a]].Name < docs[g[b]].Name })
		for _, i := range g[1:] {
			probs = append(probs, fmt.Sprintf("%s: id %q differs from %q only in case; they would collide on case-insensitive file systems", docs[i].Name, docs[i].ID, docs[g[0]].ID))
		}
	}
	if len(probs) > 0 {
		sort.Strings(probs)
		return nil, &ListError{Problems: probs}
	}
	sort.Slice(docs, func(i, j int) bool { return docs[i].ID < docs[j].ID })
	return docs, nil
}

// collect lists dir with opts and reads the listing twice, checking
// both reads agree and that nothing is left in opts.TempDir.
func collect(t *testing.T, fsys fs.FS, dir string, opts ListOptions) ([]Doc, error) {
	t.Helper()
	defer assertNoTempFiles(t, opts.TempDir)
	l, err := Open(fsys, dir, opts)
	if err != nil {
		return nil, err
	}
	assertNoTempFiles(t, opts.TempDir) // unlinked at once
	var reads [2][]Doc
	for i := range reads {
		for d, err := range l.All() {
			if err != nil {
				t.Fatal(err)
			}
			reads[i] = append(reads[i], d)
		}
	}
	if diff := cmp.Diff(reads[0], reads[1]); diff != "" {
		t.Fatalf("second read differs (-first +second):\n%s", diff)
	}
	if len(reads[0]) != l.Len() {
		t.Errorf("Len = %d, read %d", l.Len(), len(reads[0]))
	}
	var bytes int64
	for _, d := range reads[0] {
		bytes += d.Size
	}
	if bytes != l.Bytes() {
		t.Errorf("Bytes = %d, sizes sum to %d", l.Bytes(), bytes)
	}
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	for _, err := range l.All() {
		if err == nil {
			t.Error("read after Close yielded a document")
		}
		break
	}
	return reads[0], nil
}

func assertNoTempFiles(t *testing.T, dir string) {
	t.Helper()
	if dir == "" {
		return
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		t.Errorf("left in the temporary directory: %s", e.Name())
	}
}

// randomDir makes a directory whose names collide in case, break the
// rules, or are fine, from a small alphabet so that collisions are many.
func randomDir(r *rand.Rand, n int) fstest.MapFS {
	const alphabet = "aAbB1._-"
	fsys := fstest.MapFS{}
	for range n {
		var b strings.Builder
		for range 1 + r.IntN(4) {
			b.WriteByte(alphabet[r.IntN(len(alphabet))])
		}
		name := b.String()
		switch r.IntN(20) {
		case 0:
			name += ".md"
		case 1:
			fsys["s/"+name+"/x.txt"] = &fstest.MapFile{}
			continue
		case 2:
			fsys["s/"+name+Ext] = &fstest.MapFile{Mode: fs.ModeSymlink}
			continue
		default:
			name += Ext
		}
		fsys["s/"+name] = &fstest.MapFile{Data: make([]byte, r.IntN(5))}
	}
	return fsys
}

func TestOpenMatchesInMemoryListing(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	var bad, good int
	for round := range 300 {
		fsys := randomDir(r, r.IntN(60))
		if round%3 == 0 { // only well-formed lower-case names: listings that succeed
			for name := range fsys {
				if l := strings.ToLower(name); l != name || !ValidID(strings.TrimSuffix(strings.TrimPrefix(name, "s/"), Ext)) || !strings.HasSuffix(name, Ext) || fsys[name].Mode != 0 {
					delete(fsys, name)
				}
			}
			fsys["s/ok.txt"] = &fstest.MapFile{}
		}
		want, wantErr := listInMemory(fsys, "s")
		if wantErr != nil {
			bad++
		} else {
			good++
		}
		for _, runSize := range []int{1, 2, 3, 7, 0} {
			tmp := t.TempDir()
			got, err := collect(t, fsys, "s", ListOptions{RunSize: runSize, TempDir: tmp})
			if diff := cmp.Diff(fmt.Sprint(wantErr), fmt.Sprint(err)); diff != "" {
				t.Fatalf("round %d, run size %d: error (-in memory +streaming):\n%s", round, runSize, diff)
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Fatalf("round %d, run size %d: listing (-in memory +streaming):\n%s", round, runSize, diff)
			}
		}
	}
	if bad < 50 || good < 50 {
		t.Fatalf("%d failing and %d passing listings: the test does not cover both", bad, good)
	}
}

func TestOpenRepoSeeds(t *testing.T) {
	fsys := os.DirFS("../..")
	want, err := listInMemory(fsys, "seeds")
	if err != nil {
		t.Fatal(err)
	}
	for _, runSize := range []int{2, 5, 0} {
		got, err := collect(t, fsys, "seeds", ListOptions{RunSize: runSize, TempDir: t.TempDir()})
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("run size %d (-in memory +streaming):\n%s", runSize, diff)
		}
	}
}

// genFS is a directory "d" of n generated files, produced as ReadDir
// asks for them, so that it costs no memory however large n is. name(i)
// gives the i-th entry's name; the size of every file is len(name).
type genFS struct {
	n        int
	name     func(i int) string
	maxBatch *int        // largest batch ReadDir was asked for
	each     func(i int) // called before entry i is produced
	failAt   int         // ReadDir fails once this many entries are out (0: never)
}

func (g genFS) Open(name string) (fs.File, error) {
	if name != "d" {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
	}
	return &genDir{g: g}, nil
}

type genDir struct {
	g    genFS
	next int
}

func (d *genDir) Stat() (fs.FileInfo, error) { return genInfo{"d", 0, fs.ModeDir}, nil }
func (d *genDir) Read([]byte) (int, error)   { return 0, io.EOF }
func (d *genDir) Close() error               { return nil }

func (d *genDir) ReadDir(n int) ([]fs.DirEntry, error) {
	if n <= 0 {
		return nil, errors.New("genFS: refusing to read the whole directory at once")
	}
	if d.g.maxBatch != nil && n > *d.g.maxBatch {
		*d.g.maxBatch = n
	}
	var out []fs.DirEntry
	for len(out) < n && d.next < d.g.n {
		if d.g.failAt > 0 && d.next >= d.g.failAt {
			return out, errors.New("disk on fire")
		}
		if d.g.each != nil {
			d.g.each(d.next)
		}
		name := d.g.name(d.next)
		out = append(out, fs.FileInfoToDirEntry(genInfo{name, int64(len(name)), 0}))
		d.next++
	}
	if len(out) == 0 {
		return nil, io.EOF
	}
	return out, nil
}

type genInfo struct {
	name string
	size int64
	mode fs.FileMode
}

func (i genInfo) Name() string       { return i.name }
func (i genInfo) Size() int64        { return i.size }
func (i genInfo) Mode() fs.FileMode  { return i.mode }
func (i genInfo) ModTime() time.Time { return time.Time{} }
func (i genInfo) IsDir() bool        { return i.mode.IsDir() }
func (i genInfo) Sys() any           { return nil }

// scrambled returns a permutation of [0, n) that is far from sorted.
func scrambled(i, n int) int { return (i * 7919) % n }

func TestOpenDuplicatesAcrossRuns(t *testing.T) {
	const n = 1000
	// Every 100th id is listed twice, once early and once late, so the
	// two copies land in different runs.
	names := func(i int) string {
		if i >= n {
			return fmt.Sprintf("%06d.txt", (i-n)*100)
		}
		return fmt.Sprintf("%06d.txt", scrambled(i, n))
	}
	tmp := t.TempDir()
	_, err := collect(t, genFS{n: n + 10, name: names}, "d", ListOptions{RunSize: 16, TempDir: tmp})
	var le *ListError
	if !errors.As(err, &le) {
		t.Fatalf("Open = %v, want a ListError", err)
	}
	var want []string
	for i := range 10 {
		want = append(want, fmt.Sprintf("%06d.txt: listed more than once by the file system", i*100))
	}
	if diff := cmp.Diff(want, le.Problems); diff != "" {
		t.Errorf("problems (-want +got):\n%s", diff)
	}
}

func TestOpenCaseCollisionsAcrossRuns(t *testing.T) {
	// Ids in groups that fold alike, spread over the listing in
	// scrambled order; a few have no lower-case partner.
	variants := []string{"abc%03d", "ABC%03d", "aBc%03d", "zz%03d", "Zz%03d", "QQ%03d", "q_%03d", "Q_%03d"}
	const k = 50
	n := len(variants) * k
	fsys := fstest.MapFS{}
	names := func(i int) string {
		j := scrambled(i, n)
		return fmt.Sprintf(variants[j%len(variants)], j/len(variants)) + Ext
	}
	for i := range n {
		fsys["d/"+names(i)] = &fstest.MapFile{Data: []byte(names(i))}
	}
	want, wantErr := listInMemory(fsys, "d")
	var le *ListError
	if !errors.As(wantErr, &le) || len(le.Problems) != 4*k {
		t.Fatalf("in-memory listing = %v, want %d case collisions", wantErr, 4*k)
	}
	for _, runSize := range []int{1, 3, 16, 0} {
		tmp := t.TempDir()
		_, err := collect(t, genFS{n: n, name: names}, "d", ListOptions{RunSize: runSize, TempDir: tmp})
		if diff := cmp.Diff(fmt.Sprint(wantErr), fmt.Sprint(err)); diff != "" {
			t.Errorf("run size %d (-in memory +streaming):\n%s", runSize, diff)
		}
	}
	_ = want
}

func TestOpenProblemsCapped(t *testing.T) {
	const n = MaxListProblems + 500
	names := func(i int) string { return fmt.Sprintf("%05d.md", scrambled(i, n)) }
	_, err := Open(genFS{n: n, name: names}, "d", ListOptions{RunSize: 64, TempDir: t.TempDir()})
	var le *ListError
	if !errors.As(err, &le) {
		t.Fatalf("Open = %v, want a ListError", err)
	}
	if len(le.Problems) != MaxListProblems || le.Dropped != 500 {
		t.Fatalf("%d problems kept, %d dropped; want %d and 500", len(le.Problems), le.Dropped, MaxListProblems)
	}
	for i, p := range le.Problems {
		if want := fmt.Sprintf("%05d.md: ", i); !strings.HasPrefix(p, want) {
			t.Fatalf("problem %d is %q, want the %d-th in sorted order", i, p, i)
		}
	}
	if !strings.HasSuffix(err.Error(), "… and 500 more") || !strings.HasPrefix(err.Error(), fmt.Sprintf("%d problems:", n)) {
		t.Errorf("error text does not count the dropped problems: %.60q…%q", err.Error(), err.Error()[len(err.Error())-30:])
	}
}

func TestOpenFailureRemovesTempFile(t *testing.T) {
	names := func(i int) string { return fmt.Sprintf("%05d.txt", scrambled(i, 10000)) }
	tmp := t.TempDir()
	_, err := Open(genFS{n: 10000, name: names, failAt: 5000}, "d", ListOptions{RunSize: 100, TempDir: tmp})
	if err == nil || !strings.Contains(err.Error(), "disk on fire") {
		t.Fatalf("Open = %v, want the read error", err)
	}
	assertNoTempFiles(t, tmp)

	// A temporary directory that does not exist: the spill fails, and
	// says so.
	_, err = Open(genFS{n: 10000, name: names}, "d", ListOptions{RunSize: 100, TempDir: tmp + "/missing"})
	if err == nil || !strings.Contains(err.Error(), "listing spill file") {
		t.Fatalf("Open = %v, want a spill error", err)
	}
}

func TestOpenSmallStaysInMemory(t *testing.T) {
	names := func(i int) string { return fmt.Sprintf("%05d.txt", scrambled(i, 100)) }
	l, err := Open(genFS{n: 100, name: names}, "d", ListOptions{RunSize: 100, TempDir: "/nonexistent"})
	if err != nil {
		t.Fatalf("Open of one run touched the disk: %v", err)
	}
	defer l.Close()
	if l.spilled || l.Len() != 100 {
		t.Errorf("spilled %v, %d documents; want in memory, 100", l.spilled, l.Len())
	}
	l, err = Open(genFS{n: 101, name: func(i int) string { return fmt.Sprintf("%05d.txt", i) }}, "d", ListOptions{RunSize: 100, TempDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	if !l.spilled {
		t.Error("a listing past one run did not spill")
	}
}

var (
	listingN       = flag.Int("listing.n", 300_000, "files in TestListingMemoryFlat")
	listingRunSize = flag.Int("listing.runsize", 1024, "run size in TestListingMemoryFlat")
)

// TestListingMemoryFlat lists a generated directory of many files with
// small runs (so there are more runs than one merge takes) and checks
// that the live heap, measured while the directory is read and while
// the listing is iterated, stays under a bound that does not depend on
// the number of files.
func TestListingMemoryFlat(t *testing.T) {
	n := *listingN
	if testing.Short() {
		n = min(n, 60_000)
	}
	runSize := *listingRunSize
	var peak uint64
	sample := func() {
		runtime.GC()
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		peak = max(peak, ms.HeapAlloc)
	}
	sample()
	base := peak
	var maxBatch int
	g := genFS{
		n: n,
		name: func(i int) string {
			return fmt.Sprintf("%07d_%016x.txt", scrambled(i, n), uint64(i)*0x9e3779b97f4a7c15)
		},
		maxBatch: &maxBatch,
		each: func(i int) {
			if i%(n/10) == n/10-1 {
				sample()
			}
		},
	}
	checked := 0
	l, err := Open(g, "d", ListOptions{RunSize: runSize, TempDir: t.TempDir(), checkHook: func() {
		if checked++; checked%(n/10) == 0 {
			sample()
		}
	}})
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	sample()
	i, prev := 0, ""
	for d, err := range l.All() {
		if err != nil {
			t.Fatal(err)
		}
		if d.ID <= prev {
			t.Fatalf("%q after %q", d.ID, prev)
		}
		prev = d.ID
		if i++; i%(n/10) == 0 {
			sample()
		}
	}
	if i != n || l.Len() != n {
		t.Fatalf("read %d documents, Len %d, want %d", i, l.Len(), n)
	}
	if maxBatch > readDirBatch {
		t.Errorf("ReadDir asked for %d entries at once, want ≤ %d", maxBatch, readDirBatch)
	}
	// One run of 1024 entries is ~100 KB; the merge of ≤ 64 runs holds
	// 64 × 32 KiB of buffers. Holding the listing would be ≥ 70 B × n
	// (21 MB at 300k).
	bound := uint64(4<<20 + runSize*200)
	t.Logf("%d files, run size %d: live heap %.2f MiB at rest, peak %.2f MiB while listing and reading", n, runSize, float64(base)/(1<<20), float64(peak)/(1<<20))
	if peak-base > bound {
		t.Errorf("live heap grew by %d bytes listing %d files, want ≤ %d", peak-base, n, bound)
	}
}

func TestSpillCorrupt(t *testing.T) {
	sp := &spill{dir: t.TempDir()}
	defer sp.close()
	sec, err := sp.writeRun(&sliceStream{[]entry{{"a", 1}, {"bb", 300}}})
	if err != nil {
		t.Fatal(err)
	}
	sec.n-- // cut the last byte
	s := sp.open(sec, 16)
	if _, _, err := s.next(); err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.next(); !errors.Is(err, errSpillCorrupt) {
		t.Errorf("reading a truncated run = %v, want errSpillCorrupt", err)
	}
}

// FuzzOpenMatchesInMemoryListing: for any set of names (one a line; a
// trailing "/" makes a directory) and any run size, the streaming
// listing returns what the in-memory one does.
func FuzzOpenMatchesInMemoryListing(f *testing.F) {
	f.Add("000_a.txt\n001_b.txt\n.hidden\n", uint8(1))
	f.Add("ab.txt\nAB.txt\naB.txt\nAb.txt\nx.md\nsub/\n-x.txt\n", uint8(2))
	f.Add("a.txt\na.b.txt\nA.txt\nA.B.txt\na_.txt\nA_.txt\n", uint8(3))
	if ents, err := os.ReadDir("../../seeds"); err == nil {
		var b strings.Builder
		for _, e := range ents {
			b.WriteString(e.Name() + "\n")
		}
		f.Add(b.String(), uint8(2))
	}
	f.Fuzz(func(t *testing.T, names string, runSize uint8) {
		fsys := fstest.MapFS{}
		for _, name := range strings.Split(names, "\n") {
			dir := strings.HasSuffix(name, "/")
			name = strings.TrimSuffix(name, "/")
			if name == "" || !fs.ValidPath("s/"+name) || strings.Contains(name, "/") {
				continue
			}
			if dir {
				fsys["s/"+name+"/f"] = &fstest.MapFile{}
			} else if _, ok := fsys["s/"+name+"/f"]; !ok {
				fsys["s/"+name] = &fstest.MapFile{Data: []byte(name)}
			}
		}
		fsys["s/.keep"] = &fstest.MapFile{}
		want, wantErr := listInMemory(fsys, "s")
		got, err := collect(t, fsys, "s", ListOptions{RunSize: int(runSize%8) + 1, TempDir: t.TempDir()})
		if fmt.Sprint(wantErr) != fmt.Sprint(err) {
			t.Fatalf("error: in memory %v, streaming %v", wantErr, err)
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Fatalf("listing (-in memory +streaming):\n%s", diff)
		}
	})
}
