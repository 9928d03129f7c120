package bundle

import (
	"fmt"
	"io"

	"github.com/quire-archive/quire/schema"
)

// ShardOpener opens shard i's member bytes and its records list slice,
// as BuildShard wrote them. Assemble opens one shard at a time, in
// order, and closes both readers before it opens the next.
type ShardOpener func(i int) (data, list io.ReadCloser, err error)

// AssembleOptions configures Assemble.
type AssembleOptions struct {
	// Writer is what a Writer of the same bundle is given.
	Writer WriterOptions
	// SkipLineChecks makes Assemble trust that VerifyShard accepted
	// every part with the very bytes and list slice the opener returns,
	// and skip what only VerifyShard would otherwise catch: decoding
	// and checking every record line (strict, canonical, schema), the id
	// order and the shard rule inside a shard, the first and last ids
	// and the list slice entry by entry. What is left ties the bytes to
	// the parts (size, sha256, line count) and the parts to each other,
	// so a verified shard cannot be swapped or changed on the way; but a
	// part that was never verified can then give a bundle that Check
	// rejects. The gain is the one CPU-bound pass over the records in
	// the sequential step (the line checks, about as costly as zstd),
	// which VerifyShard has already run in parallel. Off by default.
	SkipLineChecks bool
}

// Assemble writes the bundle of the given shards to w: the same bytes a
// Writer with opts.Writer writes when given the shards' records one by
// one. It is the one sequential step of a distributed build
// (docs/SCALING.md): it streams each shard's bytes into the tar and its
// list slice into the records list, then writes the manifest, the BagIt
// files and the trailer with the Writer's own code. Memory is a copy
// buffer, one line and the zstd window; the list slices are spilled to
// opts.Writer.TempDir.
//
// Assemble checks each shard as VerifyShard does, with the same code,
// as it streams it (unless opts.SkipLineChecks), and what ties the
// shards together: the path (so parts come in order), the id order
// across shards and the shard rule at every boundary (a shard may not
// end early). Every part is checked as far as it can be without its
// bytes before anything is written. Errors name the shard, and the line
// if a line is at fault. On error what was written to w is not a bundle
// and must be discarded.
func Assemble(w io.Writer, opts AssembleOptions, parts []ShardPart, open ShardOpener) (Summary, error) {
	if len(parts) > MaxMembers {
		return Summary{}, fmt.Errorf("%d shards, more than %d", len(parts), MaxMembers)
	}
	for i, p := range parts {
		var prev *Shard
		if i > 0 {
			prev = &parts[i-1].Shard
		}
		if err := checkPart(i, p, prev); err != nil {
			return Summary{}, fmt.Errorf("shard %s: %w", shardPath(i), err)
		}
	}
	bw, err := NewWriter(w, opts.Writer)
	if err != nil {
		return Summary{}, err
	}
	defer bw.Abort()
	sch := bw.opts.Schema
	if opts.SkipLineChecks {
		sch = nil
	}
	for i, p := range parts {
		data, list, err := open(i)
		if err != nil {
			return Summary{}, fmt.Errorf("shard %s: open: %w", shardPath(i), err)
		}
		err = bw.addShard(sch, i, p, data, list)
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
// its list slice into the records list spill, checking its lines
// against sch as it goes (nil: only counting them). Writer.flushShard
// is the same step for a shard the Writer cut itself.
func (w *Writer) addShard(sch *schema.Schema, n int, p ShardPart, data, list io.Reader) error {
	name := shardPath(n)
	if w.shardLen > 0 || n != len(w.shards) {
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
	w.ts.endFrame() // each shard is a zstd frame of its own, as in flushShard
	if err := w.header(name, sh.Bytes); err != nil {
		return err
	}
	sc := scanShard(sch, n, p, data, w.tarWrite)
	if err := sc.err(); err != nil {
		return err
	}
	if prev != nil && fitsShard(prev.Bytes, prev.Records, sc.firstLen) {
		return fmt.Errorf("shard %s ends early: it has room for the first record of shard %s (%d bytes), which the shard rule puts there", shardPath(n-1), name, sc.firstLen+1)
	}
	if err := w.pad(sh.Bytes); err != nil {
		return err
	}
	w.ts.endFrame()
	var made *countHash
	if sch != nil {
		made = &sc.entries
	}
	if err := copyList(n, p, list, w.spillW, made); err != nil {
		return err
	}
	w.payload = append(w.payload, fileSum{path: name, sum: sh.SHA256, size: sh.Bytes})
	w.shards = append(w.shards, sh)
	w.count += sh.Records
	w.lastID = sh.LastID
	return nil
}
