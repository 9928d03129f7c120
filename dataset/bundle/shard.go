package bundle

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"

	"github.com/quire-archive/quire/dataset/record"
	"github.com/quire-archive/quire/schema"
)

// Building a bundle on many machines (docs/SCALING.md): records are
// prepared anywhere (Prepare, PrepareLine), sorted, cut into shards
// (ShardCutter), each shard is built on its own (BuildShard) and may be
// verified on its own (VerifyShard), and one pass writes the bundle from
// the parts (Assemble). The result is byte-identical to what one Writer
// writes from the same records, because Writer and Assemble share every
// step after the shards: the records list spill, the manifest, the BagIt
// files, the tar headers, the zstd encoder and the trailer.

// ShardPart is what BuildShard learns about one shard and Assemble needs
// besides its bytes: the shard's manifest entry, and the size and sha256
// of its slice of the manifest's records list. It is small and has JSON
// tags, so a distributed job can move it between machines (encoding/json
// as is; decoding is strict, see UnmarshalJSON); the shard's bytes and
// its list slice travel as files.
type ShardPart struct {
	Shard      Shard  `json:"shard"`
	ListBytes  int64  `json:"list_bytes"`
	ListSHA256 string `json:"list_sha256"`
}

// PrepareLine checks a record line that was encoded elsewhere (by
// record.Marshal, on another machine) as the reader will (checkLine,
// linecheck), and returns it as a CheckedRecord. The line is given
// without its "\n" and is copied. Safe for concurrent use.
func PrepareLine(sch *schema.Schema, line []byte) (CheckedRecord, error) {
	if sch == nil {
		return CheckedRecord{}, errors.New("bundle: no schema")
	}
	r, ps := checkLine(line, sch)
	if len(ps) > 0 {
		if r != nil {
			return CheckedRecord{}, fmt.Errorf("record %q: %s", r.ID, ps[0])
		}
		return CheckedRecord{}, errors.New(ps[0].String())
	}
	return CheckedRecord{id: r.ID, line: bytes.Clone(line), sum: record.Sum(line), sch: sch.SHA256()}, nil
}

// shardEntryPath is shard n's path in its manifest entry (below data/).
func shardEntryPath(n int) string { return shardPath(n)[len("data/"):] }

// BuildShard writes shard n from its records, which must be exactly the
// records CutShards puts in shard n, in id order, prepared against sch:
// the member bytes go to data, the shard's slice of the manifest's
// records list to list. It needs nothing from the other shards, so
// every shard can be built at once, anywhere. Memory is a write buffer.
func BuildShard(sch *schema.Schema, n int, recs []CheckedRecord, data, list io.Writer) (ShardPart, error) {
	name := shardPath(n)
	if sch == nil {
		return ShardPart{}, fmt.Errorf("shard %s: no schema", name)
	}
	if n < 0 || n >= MaxMembers {
		return ShardPart{}, fmt.Errorf("shard %s: number %d out of range (0 to %d)", name, n, MaxMembers-1)
	}
	if len(recs) == 0 {
		return ShardPart{}, fmt.Errorf("shard %s: no records (a shard is never empty)", name)
	}
	sh := Shard{Path: shardEntryPath(n), Records: int64(len(recs)), FirstID: recs[0].id, LastID: recs[len(recs)-1].id}
	dataSum, listSum := sha256.New(), sha256.New()
	dw := bufio.NewWriterSize(io.MultiWriter(data, dataSum), 64<<10)
	lw := bufio.NewWriterSize(io.MultiWriter(list, listSum), 64<<10)
	var cut ShardCutter
	var listBytes int64
	for i, c := range recs {
		switch {
		case c.line == nil:
			return ShardPart{}, fmt.Errorf("shard %s: record %d was not made by Prepare", name, i)
		case c.sch != sch.SHA256():
			return ShardPart{}, fmt.Errorf("shard %s: record %q was checked against another schema", name, c.id)
		}
		if i > 0 {
			if p := checkOrder(true, recs[i-1].id, c.id); p != nil {
				return ShardPart{}, fmt.Errorf("shard %s: record %q: %s", name, c.id, p.msg)
			}
		}
		if _, first := cut.Add(len(c.line)); first && i > 0 {
			return ShardPart{}, fmt.Errorf("shard %s: record %q (%d of %d) starts a new shard by the shard rule: cut the records with CutShards", name, c.id, i+1, len(recs))
		}
		dw.Write(c.line)
		dw.WriteByte('\n')
		sh.Bytes += int64(len(c.line)) + 1
		e := listEntry(n, int64(i), c.id, c.sum)
		lw.Write(e)
		listBytes += int64(len(e))
	}
	if err := dw.Flush(); err != nil {
		return ShardPart{}, fmt.Errorf("shard %s: %w", name, err)
	}
	if err := lw.Flush(); err != nil {
		return ShardPart{}, fmt.Errorf("shard %s: records list: %w", name, err)
	}
	sh.SHA256 = hex.EncodeToString(dataSum.Sum(nil))
	return ShardPart{Shard: sh, ListBytes: listBytes, ListSHA256: hex.EncodeToString(listSum.Sum(nil))}, nil
}

// listEntry is entry i of shard n's slice of the records list. The
// canonical list separates entries with ",\n" and starts its first with
// "\n" (recordEntry), so only shard 0's first entry differs: a shard's
// slice depends on its own records and on whether it is shard 0.
func listEntry(n int, i int64, id, sum string) []byte {
	if n > 0 {
		i++ // any index but 0
	}
	return recordEntry(i, id, sum)
}

// checkPart checks what can be checked of shard n's part without its
// bytes: the path, the limits, and (given the previous shard's entry)
// the id order across shards.
func checkPart(n int, p ShardPart, prev *Shard) error {
	sh := p.Shard
	switch {
	case n < 0 || n >= MaxMembers:
		return fmt.Errorf("shard number %d out of range (0 to %d)", n, MaxMembers-1)
	case sh.Path != shardEntryPath(n):
		return fmt.Errorf("entry path %q, want %q: parts must be given in shard order", sh.Path, shardEntryPath(n))
	case sh.Records < 1 || sh.Records > MaxShardRecords:
		return fmt.Errorf("entry says %d records, want 1 to %d", sh.Records, MaxShardRecords)
	case sh.Bytes < 2*sh.Records || sh.Bytes > MaxShardBytes:
		return fmt.Errorf("entry says %d bytes for %d records, want at most %d and 2 per record", sh.Bytes, sh.Records, MaxShardBytes)
	case !hexRE.MatchString(sh.SHA256) || !hexRE.MatchString(p.ListSHA256):
		return fmt.Errorf("entry sha256 %q or list sha256 %q is not 64 lowercase hex digits", sh.SHA256, p.ListSHA256)
	case sh.FirstID > sh.LastID || (sh.Records == 1) != (sh.FirstID == sh.LastID):
		return fmt.Errorf("entry ids %q to %q do not fit %d records", sh.FirstID, sh.LastID, sh.Records)
	case p.ListBytes < 1 || p.ListBytes > MaxManifestBytes:
		return fmt.Errorf("entry says its records list has %d bytes", p.ListBytes)
	case prev != nil && prev.LastID >= sh.FirstID:
		return fmt.Errorf("first id %q does not come after the previous shard's last id %q: parts must be given in shard order", sh.FirstID, prev.LastID)
	}
	return nil
}
