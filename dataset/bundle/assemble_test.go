package bundle

import (
	"bytes"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
)

func TestCutShards(t *testing.T) {
	zeros := make([]int, MaxShardRecords+1)
	for _, tc := range []struct {
		name string
		lens []int
		want []int
	}{
		{"none", nil, nil},
		{"one", []int{10}, []int{0}},
		{"one line fills a shard", []int{MaxShardBytes - 1, 0}, []int{0, 1}},
		{"two lines fill a shard", []int{MaxShardBytes/2 - 1, MaxShardBytes/2 - 1, 0}, []int{0, 2}},
		{"one byte over", []int{MaxShardBytes / 2, MaxShardBytes/2 - 1}, []int{0, 1}},
		{"a line longer than a shard still goes in", []int{5, MaxShardBytes, 5}, []int{0, 1, 2}},
		{"record count", zeros, []int{0, MaxShardRecords}},
	} {
		if got := CutShards(tc.lens); !slices.Equal(got, tc.want) {
			t.Errorf("%s: CutShards = %v, want %v", tc.name, got, tc.want)
		}
	}
}

// shardFixture is a set of prepared records that make three shards,
// one cut by the record count and one by size, and the bundle a Writer
// writes from them.
type shardFixture struct {
	opts   WriterOptions
	recs   []CheckedRecord
	starts []int
	want   []byte
	sum    Summary
}

func newShardFixture(t *testing.T) *shardFixture {
	t.Helper()
	if testing.Short() {
		t.Skip("writes 3 shards, 60 MB")
	}
	opts := testOptions(t)
	rs := testRecords(MaxShardRecords + 16)
	for _, r := range rs { // small enough that the count fills shard 0
		r.Text, r.Captions, r.Removed, r.Source.Bytes = "Short.", nil, nil, 6
	}
	big := strings.Repeat("word ", 7<<20/5) // 7 MiB: four fill a shard
	for i := MaxShardRecords + 1; i <= MaxShardRecords+5; i++ {
		rs[i].Text = big + rs[i].ID
	}
	f := &shardFixture{opts: opts}
	var buf bytes.Buffer
	w, err := NewWriter(&buf, opts)
	if err != nil {
		t.Fatal(err)
	}
	lens := make([]int, len(rs))
	for i, r := range rs {
		c, err := Prepare(opts.Schema, r)
		if err != nil {
			t.Fatal(err)
		}
		if err := w.AddChecked(c); err != nil {
			t.Fatal(err)
		}
		f.recs = append(f.recs, c)
		lens[i] = len(c.line)
	}
	if f.sum, err = w.Close(); err != nil {
		t.Fatal(err)
	}
	f.want = buf.Bytes()
	f.starts = CutShards(lens)
	if want := []int{0, MaxShardRecords, MaxShardRecords + 5}; !slices.Equal(f.starts, want) {
		t.Fatalf("CutShards = %v, want %v (one shard cut by count, one by size)", f.starts, want)
	}
	return f
}

// shardRecs returns the records of shard n.
func (f *shardFixture) shardRecs(n int) []CheckedRecord {
	end := len(f.recs)
	if n+1 < len(f.starts) {
		end = f.starts[n+1]
	}
	return f.recs[f.starts[n]:end]
}

// builtShards builds every shard on a goroutine of its own, started in
// shuffled order, into files of dir, verifies each, and returns the
// parts in shard order.
func (f *shardFixture) buildShards(t *testing.T, dir string) []ShardPart {
	t.Helper()
	parts := make([]ShardPart, len(f.starts))
	errs := make([]error, len(f.starts))
	var wg sync.WaitGroup
	for _, n := range rand.New(rand.NewPCG(6, 6)).Perm(len(f.starts)) {
		wg.Go(func() {
			errs[n] = func() error {
				data, err := os.Create(filepath.Join(dir, fmt.Sprintf("%d.jsonl", n)))
				if err != nil {
					return err
				}
				defer data.Close()
				list, err := os.Create(filepath.Join(dir, fmt.Sprintf("%d.list", n)))
				if err != nil {
					return err
				}
				defer list.Close()
				if parts[n], err = BuildShard(f.opts.Schema, n, f.shardRecs(n), data, list); err != nil {
					return err
				}
				if _, err := data.Seek(0, io.SeekStart); err != nil {
					return err
				}
				if _, err := list.Seek(0, io.SeekStart); err != nil {
					return err
				}
				return VerifyShard(f.opts.Schema, n, parts[n], data, list)
			}()
		})
	}
	wg.Wait()
	for n, err := range errs {
		if err != nil {
			t.Fatalf("shard %d: %v", n, err)
		}
	}
	return parts
}

// openFiles opens the files buildShards wrote, counting how many shards
// are open at once.
func openFiles(dir string, open, maxOpen *int) ShardOpener {
	return func(i int) (io.ReadCloser, io.ReadCloser, error) {
		data, err := os.Open(filepath.Join(dir, fmt.Sprintf("%d.jsonl", i)))
		if err != nil {
			return nil, nil, err
		}
		list, err := os.Open(filepath.Join(dir, fmt.Sprintf("%d.list", i)))
		if err != nil {
			data.Close()
			return nil, nil, err
		}
		*open++
		*maxOpen = max(*maxOpen, *open)
		return closeFunc{data, func() { *open-- }}, list, nil
	}
}

type closeFunc struct {
	io.ReadCloser
	done func()
}

func (c closeFunc) Close() error {
	c.done()
	return c.ReadCloser.Close()
}

// firstDiff describes where a and b first differ.
func firstDiff(a, b []byte) string {
	n := min(len(a), len(b))
	for i := 0; i < n; i++ {
		if a[i] != b[i] {
			return fmt.Sprintf("first difference at byte %d of %d/%d: %#x vs %#x", i, len(a), len(b), a[i], b[i])
		}
	}
	return fmt.Sprintf("one is a prefix of the other: %d vs %d bytes", len(a), len(b))
}

// TestAssembleSameBytes: shards built independently, in any order, and
// assembled give the bytes one Writer gives (docs/SCALING.md).
func TestAssembleSameBytes(t *testing.T) {
	f := newShardFixture(t)
	dir := t.TempDir()
	parts := f.buildShards(t, dir)
	var buf bytes.Buffer
	for _, skip := range []bool{false, true} {
		var open, maxOpen int
		buf.Reset()
		sum, err := Assemble(&buf, AssembleOptions{Writer: f.opts, SkipLineChecks: skip}, parts, openFiles(dir, &open, &maxOpen))
		if err != nil {
			t.Fatalf("SkipLineChecks %t: %v", skip, err)
		}
		if got := buf.Bytes(); !bytes.Equal(got, f.want) {
			t.Fatalf("SkipLineChecks %t: Assemble wrote other bytes than Writer: %s", skip, firstDiff(got, f.want))
		}
		if sum != f.sum {
			t.Errorf("SkipLineChecks %t: Assemble summary %+v, Writer's %+v", skip, sum, f.sum)
		}
		if maxOpen != 1 || open != 0 {
			t.Errorf("SkipLineChecks %t: %d shards open at once, %d left open; want 1 and 0", skip, maxOpen, open)
		}
	}
	rep, m, err := Check(bytes.NewReader(buf.Bytes()), CheckOptions{Level: LevelFull})
	if err != nil || len(rep.Problems) > 0 {
		t.Fatalf("Check: %v\n%s", err, problems(rep))
	}
	if len(m.Shards) != 3 {
		t.Errorf("%d shards, want 3", len(m.Shards))
	}
}

// TestAssembleRefuses: a shard changed after it was built, or given out
// of order, is refused, and the error names the shard.
func TestAssembleRefuses(t *testing.T) {
	f := newShardFixture(t)
	dir := t.TempDir()
	parts := f.buildShards(t, dir)
	read := func(n int, ext string) []byte {
		b, err := os.ReadFile(filepath.Join(dir, fmt.Sprintf("%d.%s", n, ext)))
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	datas := [][]byte{read(0, "jsonl"), read(1, "jsonl"), read(2, "jsonl")}
	lists := [][]byte{read(0, "list"), read(1, "list"), read(2, "list")}
	sch := f.opts.Schema

	type tamper struct {
		name         string
		parts        []ShardPart
		datas        [][]byte
		lists        [][]byte
		shard        int    // VerifyShard on this shard must fail (-1: skip)
		wantVerify   string // in VerifyShard's error
		wantAssemble string // in Assemble's error
	}
	with := func(bs [][]byte, n int, b []byte) [][]byte {
		c := slices.Clone(bs)
		c[n] = b
		return c
	}
	flipped := bytes.Clone(datas[1])
	flipped[len(flipped)/2] ^= 1
	extra := append(bytes.Clone(datas[2]), datas[2][:bytes.IndexByte(datas[2], '\n')+1]...)
	badList := bytes.Clone(lists[2])
	badList[len(badList)-3] ^= 1
	swapped := []ShardPart{parts[0], parts[2], parts[1]}
	cases := []tamper{
		{"byte flipped", parts, with(datas, 1, flipped), lists, 1,
			`shard data/records/000001.jsonl: `, fmt.Sprintf(`shard data/records/000001.jsonl: %d bytes with sha256`, parts[1].Shard.Bytes)},
		{"line appended", parts, with(datas, 2, extra), lists, 2,
			`shard data/records/000002.jsonl: `, `shard data/records/000002.jsonl: more than the`},
		{"list changed", parts, datas, with(lists, 2, badList), 2,
			`shard data/records/000002.jsonl: records list has`, `shard data/records/000002.jsonl: records list has`},
		{"parts out of order", swapped, [][]byte{datas[0], datas[2], datas[1]}, [][]byte{lists[0], lists[2], lists[1]}, 1,
			`shard data/records/000001.jsonl: entry path "records/000002.jsonl", want "records/000001.jsonl"`,
			`shard data/records/000001.jsonl: entry path "records/000002.jsonl", want "records/000001.jsonl": parts must be given in shard order`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			n := tc.shard
			err := VerifyShard(sch, n, tc.parts[n], bytes.NewReader(tc.datas[n]), bytes.NewReader(tc.lists[n]))
			if err == nil || !strings.Contains(err.Error(), tc.wantVerify) {
				t.Errorf("VerifyShard = %v, want an error with %q", err, tc.wantVerify)
			}
			open := func(i int) (io.ReadCloser, io.ReadCloser, error) {
				return io.NopCloser(bytes.NewReader(tc.datas[i])), io.NopCloser(bytes.NewReader(tc.lists[i])), nil
			}
			for _, skip := range []bool{false, true} {
				_, err = Assemble(io.Discard, AssembleOptions{Writer: f.opts, SkipLineChecks: skip}, tc.parts, open)
				if err == nil || !strings.Contains(err.Error(), tc.wantAssemble) {
					t.Errorf("SkipLineChecks %t: Assemble = %v, want an error with %q", skip, err, tc.wantAssemble)
				}
			}
		})
	}

	t.Run("records that do not fit one shard", func(t *testing.T) {
		recs := f.recs[f.starts[1] : f.starts[2]+1]
		_, err := BuildShard(sch, 1, recs, io.Discard, io.Discard)
		if want := `shard data/records/000001.jsonl: record "doc-100005" (6 of 6) starts a new shard`; err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("BuildShard = %v, want an error with %q", err, want)
		}
	})
}

// TestAssembleSmall covers what needs no big shards: a shard that ends
// early, records out of order, a line that is not canonical, and the
// empty bundle.
func TestAssembleSmall(t *testing.T) {
	opts := testOptions(t)
	sch := opts.Schema
	var recs []CheckedRecord
	for _, r := range testRecords(6) {
		c, err := Prepare(sch, r)
		if err != nil {
			t.Fatal(err)
		}
		recs = append(recs, c)
	}
	buildShard := func(n int, rs []CheckedRecord) (ShardPart, []byte, []byte) {
		t.Helper()
		var data, list bytes.Buffer
		p, err := BuildShard(sch, n, rs, &data, &list)
		if err != nil {
			t.Fatal(err)
		}
		if err := VerifyShard(sch, n, p, bytes.NewReader(data.Bytes()), bytes.NewReader(list.Bytes())); err != nil {
			t.Fatal(err)
		}
		return p, data.Bytes(), list.Bytes()
	}
	assembleOpts := func(aopts AssembleOptions, parts []ShardPart, datas, lists [][]byte) ([]byte, error) {
		var buf bytes.Buffer
		_, err := Assemble(&buf, aopts, parts, func(i int) (io.ReadCloser, io.ReadCloser, error) {
			return io.NopCloser(bytes.NewReader(datas[i])), io.NopCloser(bytes.NewReader(lists[i])), nil
		})
		return buf.Bytes(), err
	}
	assemble := func(parts []ShardPart, datas, lists [][]byte) ([]byte, error) {
		var buf bytes.Buffer
		_, err := Assemble(&buf, AssembleOptions{Writer: opts}, parts, func(i int) (io.ReadCloser, io.ReadCloser, error) {
			return io.NopCloser(bytes.NewReader(datas[i])), io.NopCloser(bytes.NewReader(lists[i])), nil
		})
		return buf.Bytes(), err
	}

	t.Run("one shard", func(t *testing.T) {
		p, d, l := buildShard(0, recs)
		got, err := assemble([]ShardPart{p}, [][]byte{d}, [][]byte{l})
		if err != nil {
			t.Fatal(err)
		}
		rs := testRecords(6)
		if want := build(t, opts, rs); !bytes.Equal(got, want) {
			t.Errorf("Assemble wrote other bytes than Writer: %s", firstDiff(got, want))
		}
	})
	t.Run("no records", func(t *testing.T) {
		got, err := assemble(nil, nil, nil)
		if err != nil {
			t.Fatal(err)
		}
		if want := build(t, opts, nil); !bytes.Equal(got, want) {
			t.Errorf("Assemble wrote other bytes than Writer: %s", firstDiff(got, want))
		}
	})
	t.Run("shard ends early", func(t *testing.T) {
		p0, d0, l0 := buildShard(0, recs[:3])
		p1, d1, l1 := buildShard(1, recs[3:])
		_, err := assemble([]ShardPart{p0, p1}, [][]byte{d0, d1}, [][]byte{l0, l1})
		if want := "shard data/records/000000.jsonl ends early"; err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("Assemble = %v, want an error with %q", err, want)
		}
	})
	t.Run("shards built with each other's numbers", func(t *testing.T) {
		p0, d0, l0 := buildShard(0, recs[3:])
		p1, d1, l1 := buildShard(1, recs[:3])
		_, err := assemble([]ShardPart{p0, p1}, [][]byte{d0, d1}, [][]byte{l0, l1})
		if want := `shard data/records/000001.jsonl: first id "doc-000000" does not come after the previous shard's last id "doc-000005"`; err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("Assemble = %v, want an error with %q", err, want)
		}
	})
	t.Run("records out of order", func(t *testing.T) {
		_, err := BuildShard(sch, 0, []CheckedRecord{recs[1], recs[0]}, io.Discard, io.Discard)
		if want := `shard data/records/000000.jsonl: record "doc-000000": id "doc-000000" comes after "doc-000001"`; err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("BuildShard = %v, want an error with %q", err, want)
		}
	})
	t.Run("line not canonical", func(t *testing.T) {
		p, d, l := buildShard(0, recs[:2])
		d = bytes.Replace(d, []byte(`{"id":`), []byte(`{"id": `), 1)
		p.Shard.Bytes++
		p.Shard.SHA256 = sum(d)
		err := VerifyShard(sch, 0, p, bytes.NewReader(d), bytes.NewReader(l))
		if want := `shard data/records/000000.jsonl: line 1: record "doc-000000": record is not in canonical form`; err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("VerifyShard = %v, want an error with %q", err, want)
		}
	})
	// A part that never went through VerifyShard, with a bad line whose
	// part was made to match it: Assemble finds the line itself, unless
	// told to skip the line checks, and then Check refuses the bundle.
	for _, tc := range []struct{ name, old, new, want string }{
		{"unverified line not canonical", `{"id":`, `{"id": `,
			`shard data/records/000000.jsonl: line 2: record "doc-000001": record is not in canonical form`},
		{"unverified line against the schema", `"2024-01-02"`, `"2024-13-02"`,
			`shard data/records/000000.jsonl: line 2: record "doc-000001": /published: Does not match format 'date'`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, d, l := buildShard(0, recs[:3])
			lines := bytes.SplitAfter(d, []byte("\n"))
			lines[1] = bytes.Replace(lines[1], []byte(tc.old), []byte(tc.new), 1)
			d = bytes.Join(lines, nil)
			p.Shard.Bytes, p.Shard.SHA256 = int64(len(d)), sum(d)
			_, err := assembleOpts(AssembleOptions{Writer: opts}, []ShardPart{p}, [][]byte{d}, [][]byte{l})
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("Assemble = %v, want an error with %q", err, tc.want)
			}
			got, err := assembleOpts(AssembleOptions{Writer: opts, SkipLineChecks: true}, []ShardPart{p}, [][]byte{d}, [][]byte{l})
			if err != nil {
				t.Fatalf("Assemble with SkipLineChecks = %v, want it to trust the part", err)
			}
			rep, _, err := Check(bytes.NewReader(got), CheckOptions{Level: LevelFull, Schema: sch})
			if err != nil || !rep.HasErrors() {
				t.Errorf("Check passed a bundle with a bad line (%v): the test does not test what it says", err)
			}
		})
	}
	t.Run("shard number out of range", func(t *testing.T) {
		p, d, l := buildShard(0, recs[:1])
		for _, n := range []int{-1, MaxMembers} {
			p.Shard.Path = shardEntryPath(n)
			err := VerifyShard(sch, n, p, bytes.NewReader(d), bytes.NewReader(l))
			if want := fmt.Sprintf("shard number %d out of range", n); err == nil || !strings.Contains(err.Error(), want) {
				t.Errorf("VerifyShard = %v, want an error with %q", err, want)
			}
		}
	})
	t.Run("PrepareLine", func(t *testing.T) {
		c, err := PrepareLine(sch, recs[0].line)
		if err != nil || c.id != recs[0].id || c.sum != recs[0].sum || !bytes.Equal(c.line, recs[0].line) {
			t.Errorf("PrepareLine = %+v, %v; want %+v", c, err, recs[0])
		}
		if _, err := PrepareLine(sch, []byte(`{"id": "x"}`)); err == nil {
			t.Error("PrepareLine accepted a line that is not canonical")
		}
	})
}
