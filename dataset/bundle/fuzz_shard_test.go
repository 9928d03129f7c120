package bundle

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/quire-archive/quire/dataset/record"
)

// shardSeed is a shard built by BuildShard: its bytes, its list slice
// and its part as JSON, as they travel between machines.
type shardSeed struct {
	data, list, part []byte
}

func buildSeed(t testing.TB, opts WriterOptions, n int, rs []CheckedRecord) shardSeed {
	t.Helper()
	var data, list bytes.Buffer
	p, err := BuildShard(opts.Schema, n, rs, &data, &list)
	if err != nil {
		t.Fatal(err)
	}
	j, err := json.Marshal(p)
	if err != nil {
		t.Fatal(err)
	}
	return shardSeed{data.Bytes(), list.Bytes(), j}
}

// fuzzModes: the fuzz input's mode byte picks the shard number (mode %
// 3) and what the harness does with the part (mode / 3 % 3): use it as
// decoded, or seal it to the data so that the fuzzer, which cannot forge
// a sha256, reaches the line checks (with the list as given, or with
// the list the lines make).
const (
	partAsGiven = iota
	partSealed
	partSealedList
)

// FuzzVerifyShard feeds VerifyShard and Assemble what a distributed
// build hands them from other machines: a shard's bytes, its records
// list slice and its ShardPart as JSON. Properties: no panic; bounded
// time; a part that decodes re-encodes to JSON that decodes to the same
// part; and whenever VerifyShard accepts shard 0, Assemble of that one
// part accepts it too, writes the bytes a Writer writes from the same
// lines, and Check at level full finds no error in the result.
// Assemble (which checks the lines itself) accepts exactly what
// VerifyShard accepts.
func FuzzVerifyShard(f *testing.F) {
	opts := testOptions(f)
	sch := opts.Schema
	var recs []CheckedRecord
	for _, r := range testRecords(3) {
		c, err := Prepare(sch, r)
		if err != nil {
			f.Fatal(err)
		}
		recs = append(recs, c)
	}
	s0 := buildSeed(f, opts, 0, recs)
	s1 := buildSeed(f, opts, 1, recs[1:])
	add := func(shard, how int, s shardSeed) { f.Add(uint8(shard+3*how), s.data, s.list, s.part) }
	for how := partAsGiven; how <= partSealedList; how++ {
		add(0, how, s0)
		add(1, how, s1)
	}
	edit := func(b []byte, old, new string) []byte {
		return bytes.Replace(bytes.Clone(b), []byte(old), []byte(new), 1)
	}
	// Lines that VerifyShard must refuse, sealed so that only the line
	// checks can find them.
	lines := bytes.SplitAfter(s0.data, []byte("\n"))
	for _, d := range [][]byte{
		edit(s0.data, `{"id":`, `{"id": `),            // not canonical
		edit(s0.data, `2024-01-02`, `2024-13-02`),     // schema
		edit(s0.data, `"doc-000001"`, `"doc-000000"`), // duplicate id
		s0.data[:len(s0.data)-1],                      // no final newline
		bytes.ReplaceAll(s0.data, []byte("\n"), []byte("\r\n")),
		append(append(bytes.Clone(lines[1]), lines[0]...), lines[2]...), // out of order
		append(bytes.Clone(s0.data), '\n'),                              // empty line
	} {
		add(0, partSealed, shardSeed{d, s0.list, s0.part})
		add(0, partSealedList, shardSeed{d, s0.list, s0.part})
	}
	flipped := bytes.Clone(s0.data)
	flipped[len(flipped)/2] ^= 1
	add(0, partAsGiven, shardSeed{flipped, s0.list, s0.part})
	add(0, partAsGiven, shardSeed{s0.data, edit(s0.list, "doc", "dod"), s0.part})
	// Parts that UnmarshalJSON must refuse.
	for _, p := range []string{
		strings.Replace(string(s0.part), `{`, `{"extra":1,`, 1),
		strings.Replace(string(s0.part), `"list_bytes":`, `"list_bytes":1,"list_bytes":`, 1),
		strings.Replace(string(s0.part), `"bytes":`, `"bytes":-`, 1),
		strings.Replace(string(s0.part), `"records":`, `"records":1e0,"x":`, 1),
		strings.Replace(string(s0.part), `"list_sha256":`, `"list_sha256":null,"y":`, 1),
		`null`, `{}`, `[]`,
	} {
		add(0, partAsGiven, shardSeed{s0.data, s0.list, []byte(p)})
	}

	f.Fuzz(func(t *testing.T, mode uint8, data, list, partJSON []byte) {
		start := time.Now()
		shard, how := int(mode%3), int(mode/3%3)
		var p ShardPart
		if err := json.Unmarshal(partJSON, &p); err != nil {
			var se *json.SyntaxError
			if !errors.As(err, &se) && !strings.HasPrefix(err.Error(), "shard part: ") {
				t.Fatalf("refused part without naming it: %v", err)
			}
			p = ShardPart{}
		} else {
			j, err := json.Marshal(p)
			if err != nil {
				t.Fatal(err)
			}
			var q ShardPart
			if err := json.Unmarshal(j, &q); err != nil || q != p {
				t.Fatalf("part %+v re-encodes to %s, which decodes to %+v, %v", p, j, q, err)
			}
		}
		if how != partAsGiven {
			p = sealPart(shard, p, data)
			if how == partSealedList {
				list = linesList(shard, data)
			}
			p.ListBytes, p.ListSHA256 = int64(len(list)), sum(list)
		}
		verr := VerifyShard(sch, shard, p, bytes.NewReader(data), bytes.NewReader(list))
		if d := time.Since(start); d > 5*time.Second {
			t.Fatalf("VerifyShard took %v on %d+%d bytes", d, len(data), len(list))
		}
		if shard != 0 {
			return
		}
		var out bytes.Buffer
		_, aerr := Assemble(&out, AssembleOptions{Writer: opts}, []ShardPart{p}, func(int) (io.ReadCloser, io.ReadCloser, error) {
			return io.NopCloser(bytes.NewReader(data)), io.NopCloser(bytes.NewReader(list)), nil
		})
		switch {
		case verr == nil && aerr != nil:
			t.Fatalf("VerifyShard accepted shard 0, Assemble refused it: %v", aerr)
		case verr != nil && aerr == nil:
			t.Fatalf("Assemble accepted shard 0, VerifyShard refused it: %v", verr)
		case verr != nil:
			return
		}
		rep, _, err := Check(bytes.NewReader(out.Bytes()), CheckOptions{Level: LevelFull, Schema: sch, Workers: 1})
		if err != nil || rep.HasErrors() {
			t.Fatalf("VerifyShard and Assemble accepted a shard, Check refuses the bundle: %v\n%s", err, problems(rep))
		}
		want := writeLines(t, opts, data)
		if !bytes.Equal(out.Bytes(), want) {
			t.Fatalf("Assemble wrote other bytes than Writer: %s", firstDiff(out.Bytes(), want))
		}
		if d := time.Since(start); d > 10*time.Second {
			t.Fatalf("VerifyShard, Assemble and Check took %v on %d+%d bytes", d, len(data), len(list))
		}
	})
}

// splitLines splits shard bytes as record.LineReader does.
func splitLines(data []byte) [][]byte {
	var ls [][]byte
	for len(data) > 0 {
		i := bytes.IndexByte(data, '\n')
		if i < 0 {
			return append(ls, data)
		}
		ls, data = append(ls, data[:i]), data[i+1:]
	}
	return ls
}

// sealPart returns p with everything that ties it to data (path, size,
// sha256, record count, first and last id) made to match data.
func sealPart(shard int, p ShardPart, data []byte) ShardPart {
	ls := splitLines(data)
	p.Shard.Path = shardEntryPath(shard)
	p.Shard.Bytes, p.Shard.SHA256, p.Shard.Records = int64(len(data)), sum(data), int64(len(ls))
	if len(ls) > 0 {
		if r, err := record.Latest.Decode(ls[0]); err == nil {
			p.Shard.FirstID = r.ID
		}
		if r, err := record.Latest.Decode(ls[len(ls)-1]); err == nil {
			p.Shard.LastID = r.ID
		}
	}
	return p
}

// linesList is the records list slice data's lines make, whether or not
// they are valid.
func linesList(shard int, data []byte) []byte {
	var b []byte
	for i, l := range splitLines(data) {
		id := ""
		if r, err := record.Latest.Decode(l); err == nil {
			id = r.ID
		}
		b = append(b, listEntry(shard, int64(i), id, record.Sum(l))...)
	}
	return b
}

// writeLines writes a bundle of data's lines with a Writer.
func writeLines(t *testing.T, opts WriterOptions, data []byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	w, err := NewWriter(&buf, opts)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Abort()
	for _, l := range splitLines(data) {
		c, err := PrepareLine(opts.Schema, l)
		if err != nil {
			t.Fatalf("VerifyShard accepted a line PrepareLine refuses: %v", err)
		}
		if err := w.AddChecked(c); err != nil {
			t.Fatalf("VerifyShard accepted a line Writer refuses: %v", err)
		}
	}
	if _, err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}
