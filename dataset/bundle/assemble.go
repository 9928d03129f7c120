package bundle

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
)

// ShardOpener opens shard i's member bytes and its records list slice,
// as BuildShard wrote them. Assemble opens one shard at a time, in
// order, and closes both readers before it opens the next.
type ShardOpener func(i int) (data, list io.ReadCloser, err error)

// Assemble writes the bundle of the given shards to w: the same bytes a
// Writer with opts writes when given the shards' records one by one. It
// is the one sequential step of a distributed build (docs/SCALING.md):
// it streams each shard's bytes into the tar and its list slice into
// the records list, then writes the manifest, the BagIt files and the
// trailer with the Writer's own code. Memory is a copy buffer and the
// zstd window; the list slices are spilled to opts.TempDir.
//
// Assemble checks, per shard, what ties the bytes to their part and the
// parts to each other: the path (so parts come in order), the limits,
// the size and sha256 of the bytes and of the list slice, the record
// count (newlines), the id order across shards and the shard rule at
// every boundary (a shard may not end early). It does not decode the
// lines: that is VerifyShard's job, run per shard beforehand on any
// machine, whose verdict the sha256 in the part carries to here. Errors
// name the shard. On error what was written to w is not a bundle and
// must be discarded.
func Assemble(w io.Writer, opts WriterOptions, parts []ShardPart, open ShardOpener) (Summary, error) {
	if len(parts) > MaxMembers {
		return Summary{}, fmt.Errorf("%d shards, more than %d", len(parts), MaxMembers)
	}
	bw, err := NewWriter(w, opts)
	if err != nil {
		return Summary{}, err
	}
	defer bw.Abort()
	for i, p := range parts {
		data, list, err := open(i)
		if err != nil {
			return Summary{}, fmt.Errorf("shard %s: open: %w", shardName(i), err)
		}
		err = bw.addShard(i, p, data, list)
		data.Close()
		list.Close()
		if err != nil {
			bw.err = err
			return Summary{}, err
		}
	}
	return bw.Close()
}

// addShard writes shard n, built elsewhere, into the tar stream, and
// its list slice into the records list spill. Writer.flushShard is the
// same step for a shard the Writer cut itself.
func (w *Writer) addShard(n int, p ShardPart, data, list io.Reader) error {
	name := shardName(n)
	if len(w.shard) > 0 || n != len(w.shards) {
		return fmt.Errorf("shard %s: added out of turn", name)
	}
	var prev *Shard
	if n > 0 {
		prev = &w.shards[n-1]
	}
	if err := checkPart(n, p, prev); err != nil {
		return fmt.Errorf("shard %s: %w", name, err)
	}
	sh := p.Shard
	if err := w.header(name, sh.Bytes); err != nil {
		return err
	}
	h := sha256.New()
	var size, lines int64
	firstLen := -1
	var last byte
	buf := make([]byte, 64<<10)
	r := io.LimitReader(data, sh.Bytes+1)
	for {
		k, err := r.Read(buf)
		if k > 0 {
			b := buf[:k]
			if firstLen < 0 {
				if i := bytes.IndexByte(b, '\n'); i >= 0 {
					firstLen = int(size) + i
				}
			}
			size += int64(k)
			if size > sh.Bytes {
				return fmt.Errorf("shard %s: more than the %d bytes its entry says", name, sh.Bytes)
			}
			lines += int64(bytes.Count(b, []byte{'\n'}))
			last = b[k-1]
			h.Write(b)
			if err := w.tarWrite(b); err != nil {
				return err
			}
		}
		if err == io.EOF {
			break
		}
		if err != nil {
			return fmt.Errorf("shard %s: read: %w", name, err)
		}
	}
	if got := hex.EncodeToString(h.Sum(nil)); size != sh.Bytes || got != sh.SHA256 {
		return fmt.Errorf("shard %s: %d bytes with sha256 %s, its entry says %d bytes with sha256 %s", name, size, got, sh.Bytes, sh.SHA256)
	}
	if lines != sh.Records || last != '\n' {
		return fmt.Errorf("shard %s: %d lines (the last ending with %q), its entry says %d records", name, lines, last, sh.Records)
	}
	if prev != nil && fitsShard(prev.Bytes, prev.Records, firstLen) {
		return fmt.Errorf("shard %s ends early: it has room for the first record of shard %s (%d bytes), which the shard rule puts there", shardName(n-1), name, firstLen+1)
	}
	if err := w.pad(sh.Bytes); err != nil {
		return err
	}
	lh := sha256.New()
	k, err := io.Copy(io.MultiWriter(w.spillW, lh), io.LimitReader(list, p.ListBytes+1))
	if err != nil {
		return fmt.Errorf("shard %s: records list: %w", name, err)
	}
	if got := hex.EncodeToString(lh.Sum(nil)); k != p.ListBytes || got != p.ListSHA256 {
		return fmt.Errorf("shard %s: records list has %d bytes with sha256 %s, its entry says %d bytes with sha256 %s", name, k, got, p.ListBytes, p.ListSHA256)
	}
	w.payload = append(w.payload, fileSum{path: name, sum: sh.SHA256, size: sh.Bytes})
	w.shards = append(w.shards, sh)
	w.count += sh.Records
	w.lastID = sh.LastID
	return nil
}
