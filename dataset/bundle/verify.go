package bundle

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"

	"github.com/quire-archive/quire/dataset/record"
	"github.com/quire-archive/quire/schema"
)

// Reading one shard built elsewhere, for VerifyShard and Assemble: one
// function (scanShard) reads the bytes, checks every line with
// checkLine (the fast path first, as Check does) and compares what it
// read with the part, and one (copyList) does the same for the list
// slice. Assemble runs them with the tar stream and the records list
// spill as destinations, so what it writes is what it checked.

// maxShardProblems bounds the problems one shard's error lists.
const maxShardProblems = 10

// VerifyShard checks shard n's bytes (data) and its records list slice
// (list) against its part, as Check at level full checks a shard in a
// bundle: size and sha256, every line (strict decoding, canonical form,
// schema), strict id order, the record count and first and last ids,
// the shard rule inside the shard, and the list slice entry by entry.
// It needs nothing from the other shards; Assemble checks the order and
// boundaries across shards. Errors name the shard and the line, up to
// maxShardProblems of them. Memory is one line.
func VerifyShard(sch *schema.Schema, n int, p ShardPart, data, list io.Reader) error {
	name := shardPath(n)
	if sch == nil {
		return fmt.Errorf("shard %s: no schema", name)
	}
	if err := checkPart(n, p, nil); err != nil {
		return fmt.Errorf("shard %s: %w", name, err)
	}
	sc := scanShard(sch, n, p, data, nil)
	if err := sc.err(); err != nil {
		return err
	}
	return copyList(n, p, list, io.Discard, &sc.entries)
}

// shardScan is what scanShard learned from one shard's bytes.
type shardScan struct {
	name     string
	errs     []error
	firstLen int // the first line's length without "\n"; -1 if none
	// Set only when the lines were checked:
	records     int64
	first, last string
	entries     countHash // the list slice the lines make
}

func (sc *shardScan) bad(format string, args ...any) {
	if len(sc.errs) < maxShardProblems {
		sc.errs = append(sc.errs, fmt.Errorf("shard %s: "+format, append([]any{sc.name}, args...)...))
	}
}

func (sc *shardScan) err() error { return errors.Join(sc.errs...) }

// shardSink hashes and counts a shard's bytes and passes the first
// limit of them on to out: the bytes past the limit only count, since
// the shard is refused for them.
type shardSink struct {
	h     hash.Hash
	n     int64
	limit int64
	out   func([]byte) error // nil: nowhere
}

func (s *shardSink) Write(p []byte) (int, error) {
	s.h.Write(p)
	keep := min(int64(len(p)), max(s.limit-s.n, 0))
	s.n += int64(len(p))
	if s.out != nil && keep > 0 {
		if err := s.out(p[:keep]); err != nil {
			return 0, err
		}
	}
	return len(p), nil
}

// scanShard reads shard n's bytes from data, at most one past the size
// its part p says, passes them on to out (nil: nowhere) and compares
// them with p: size and sha256, the record count, the final newline.
// With a schema it also checks every line as Check at level full does
// (checkLine, id order, the shard rule inside the shard) and its first
// and last ids, and makes the list slice the lines make; with a nil
// schema it only counts the lines. p has passed checkPart.
func scanShard(sch *schema.Schema, n int, p ShardPart, data io.Reader, out func([]byte) error) *shardScan {
	sh := p.Shard
	sc := &shardScan{name: shardPath(n), firstLen: -1}
	sc.entries.h = sha256.New()
	sink := &shardSink{h: sha256.New(), limit: sh.Bytes, out: out}
	in := io.TeeReader(io.LimitReader(data, sh.Bytes+1), sink)
	var lines int64
	var noNL bool
	if sch != nil {
		lines, noNL = sc.checkLines(sch, n, in, sink)
	} else {
		lines, noNL = sc.countLines(in)
	}
	if sink.n > sh.Bytes {
		sc.bad("more than the %d bytes its entry says", sh.Bytes)
		return sc
	}
	if noNL {
		sc.bad("last line does not end with a newline")
	}
	if got := hex.EncodeToString(sink.h.Sum(nil)); sink.n != sh.Bytes || got != sh.SHA256 {
		sc.bad("%d bytes with sha256 %s, its entry says %d bytes with sha256 %s", sink.n, got, sh.Bytes, sh.SHA256)
	}
	switch {
	case sch == nil && lines != sh.Records:
		sc.bad("%d lines, its entry says %d records", lines, sh.Records)
	case sch != nil && (lines != sh.Records || sc.first != sh.FirstID || sc.last != sh.LastID):
		sc.bad("%d records %q to %q, its entry says %d records %q to %q", lines, sc.first, sc.last, sh.Records, sh.FirstID, sh.LastID)
	}
	return sc
}

// checkLines reads and checks shard n's lines from in, which tees into
// sink; it returns their number and whether the last lacks its "\n".
func (sc *shardScan) checkLines(sch *schema.Schema, n int, in io.Reader, sink *shardSink) (lines int64, noNL bool) {
	lr := record.NewLineReader(in, MaxLineBytes)
	var cut ShardCutter
	var consumed int64
	for {
		line, err := lr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			sc.bad("%v", err)
			if !errors.Is(err, record.ErrLineTooLong) {
				return lines, false // the error says what is wrong
			}
			lines++
			continue
		}
		lines++
		if lines == 1 {
			sc.firstLen = len(line)
		}
		consumed += int64(len(line)) + 1
		if _, f := cut.Add(len(line)); f && lines > 1 {
			sc.bad("line %d: starts a new shard by the shard rule: the shard holds too much", lr.Line())
		}
		r, ps := checkLine(line, sch)
		if r == nil {
			sc.bad("line %d: %s", lr.Line(), ps[0])
			continue
		}
		for _, q := range ps {
			sc.bad("line %d: record %q: %s", lr.Line(), r.ID, q)
		}
		if lines > 1 {
			if q := checkOrder(true, sc.last, r.ID); q != nil {
				sc.bad("line %d: record %q: %s", lr.Line(), r.ID, q.msg)
			}
		} else {
			sc.first = r.ID
		}
		sc.last = r.ID
		sc.entries.Write(listEntry(n, lines-1, r.ID, record.Sum(line)))
	}
	// LineReader drops a final "\n" and does not say whether there
	// was one: one byte fewer than the lines and their newlines means
	// there was not.
	return lines, sink.n == consumed-1
}

// countLines reads the shard's bytes without decoding them; it returns
// the number of lines and whether the last lacks its "\n".
func (sc *shardScan) countLines(in io.Reader) (lines int64, noNL bool) {
	buf := make([]byte, 64<<10)
	var size int64
	var last byte
	for {
		k, err := in.Read(buf)
		if k > 0 {
			b := buf[:k]
			if sc.firstLen < 0 {
				if i := bytes.IndexByte(b, '\n'); i >= 0 {
					sc.firstLen = int(size) + i
				}
			}
			size += int64(k)
			lines += int64(bytes.Count(b, []byte{'\n'}))
			last = b[k-1]
		}
		if err == io.EOF {
			break
		}
		if err != nil {
			sc.bad("read: %v", err)
			return lines, false
		}
	}
	noNL = size > 0 && last != '\n'
	if noNL {
		lines++ // as LineReader counts it
	}
	return lines, noNL
}

// copyList copies shard n's records list slice from list to out, at
// most one byte past the size its part p says, and compares its size
// and sha256 with p's; made, if the lines were checked, is the slice
// they make, which p must describe.
func copyList(n int, p ShardPart, list io.Reader, out io.Writer, made *countHash) error {
	name := shardPath(n)
	if made != nil {
		if want := hex.EncodeToString(made.h.Sum(nil)); made.n != p.ListBytes || want != p.ListSHA256 {
			return fmt.Errorf("shard %s: records list entry says %d bytes with sha256 %s, the records make %d bytes with sha256 %s", name, p.ListBytes, p.ListSHA256, made.n, want)
		}
	}
	got := &countHash{h: sha256.New()}
	if _, err := io.Copy(io.MultiWriter(out, got), io.LimitReader(list, p.ListBytes+1)); err != nil {
		return fmt.Errorf("shard %s: records list: %w", name, err)
	}
	if s := hex.EncodeToString(got.h.Sum(nil)); got.n != p.ListBytes || s != p.ListSHA256 {
		return fmt.Errorf("shard %s: records list has %d bytes with sha256 %s, its entry says %d bytes with sha256 %s", name, got.n, s, p.ListBytes, p.ListSHA256)
	}
	return nil
}

// countHash counts and hashes what is written to it.
type countHash struct {
	h hash.Hash
	n int64
}

func (c *countHash) Write(p []byte) (int, error) {
	c.h.Write(p)
	c.n += int64(len(p))
	return len(p), nil
}
