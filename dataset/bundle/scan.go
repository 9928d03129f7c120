package bundle

import (
	"bufio"
	"crypto/sha256"
	"errors"
	"fmt"
	"hash"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/klauspost/compress/zstd"
	"github.com/quire-archive/quire/dataset/record"
	"github.com/quire-archive/quire/dataset/report"
	"github.com/quire-archive/quire/schema"
)

// shardStat is what the scanner learns about one shard while reading it.
type shardStat struct {
	Shard
	digest   hash.Hash // over "id NUL sha256 LF" of each record
	firstLen int       // length of the first line, for the layout rule
}

// bagState is what the scanner learns about the bag's members.
type bagState struct {
	top     string
	mtime   int64
	rank    int // table index of the furthest member seen
	seen    [memberKinds]bool
	shardN  int               // shards seen
	names   map[string]string // case-folded path -> path
	payload []fileSum
	tags    map[string]string // tag file -> sha256
	// cuts are the tar offsets of the shards' and the manifest's
	// headers: where format 2 cuts zstd frames.
	cuts []int64
}

// scanner is the one parsing path for Check and Reader. The members it
// expects are memberTable's; what it learns is grouped by layer.
type scanner struct {
	rep   *report.Report
	path  string
	level Level
	sch   *schema.Schema
	max   int64

	z        zstdState // the compressed layer
	tarSum   summer
	tarN     int64
	tr       *tarReader
	broken   bool // the zstd stream is unusable: stop everything
	tarEnded bool // the tar stream has ended (cleanly or not)
	done     bool

	bag      bagState
	schema   schemaState
	manifest *Manifest
	recs     recordState
	// pool checks records on all cores.
	pool *checkPool
}

// zstdState is the compressed layer: the frames and what the checker
// learns about their bytes.
type zstdState struct {
	in  *bufio.Reader
	fr  *frameReader
	dec *zstd.Decoder
	// reSum re-compresses the tar stream with quire's pinned encoder and
	// hashes the result (LevelFull), for FormatV1's rule that its one
	// frame is exactly what quire writes (docs/FORMAT.md §7.2). It is
	// dropped as soon as a second frame shows the bundle is not FormatV1.
	reSum summer
	// frameTar is the tar offset where the current frame started;
	// framesEnded counts the frames whose tar size is known.
	frameTar    int64
	framesEnded int
	// file hashes every byte read, for CheckOptions.FileSHA256.
	file     hash.Hash
	fileWant string
	// unverified says why the compressed bytes could not be tied to the
	// release (Q311), or "".
	unverified string
}

// schemaState is what the scanner learns from the bundled schema.
type schemaState struct {
	id  string
	ok  bool // it is one of quire's own
	sha string
	raw []byte
}

// recordState is what the scanner learns from the shards' lines.
type recordState struct {
	lr       *record.LineReader
	member   string // full member name of the current shard
	cur      *shardStat
	consumed int64
	lineOK   bool
	count    int64
	lastID   string
	shards   []*shardStat
}

// formatNum is the format number the bundle's manifest gives, or the
// newest before the manifest is read or if it gives none this quire
// knows (Q405 says so).
func (s *scanner) formatNum() int {
	if s.manifest != nil {
		if f := formatNumber(s.manifest.Format); f > 0 {
			return f
		}
	}
	return formatNumber(Format)
}

// decompressed is the tar stream: decoder output, counted, hashed and
// limited.
type decompressed struct{ s *scanner }

func (d decompressed) Read(p []byte) (int, error) {
	s := d.s
	for {
		if s.broken {
			return 0, errBroken
		}
		n, err := s.z.dec.Read(p)
		s.tarSum.Write(p[:n])
		if s.z.reSum != nil {
			s.z.reSum.Write(p[:n])
		}
		s.tarN += int64(n)
		if s.tarN > s.max {
			s.broken = true
			s.addf("", report.TooBig, "tar stream exceeds %d bytes decompressed", s.max)
			return n, errBroken
		}
		if err == io.EOF {
			if !s.nextFrame() {
				if s.broken {
					return n, errBroken
				}
				return n, io.EOF
			}
			if n == 0 {
				continue
			}
			return n, nil
		}
		if err != nil {
			// Reported here, once, because some callers only probe for EOF.
			s.broken = true
			if s.z.fr.err != nil {
				err = s.z.fr.err
			}
			s.addf("", report.ZstdCorrupt, "zstd: %v", err)
			return n, errBroken
		}
		return n, nil
	}
}

// nextFrame is called when the decoder has reached the end of a frame:
// it records the frame's tar size and moves the decoder on to the next
// frame, if one follows. It returns false at the end of the frames.
func (s *scanner) nextFrame() bool {
	fr := s.z.fr
	if !fr.complete() {
		s.broken = true
		s.addf("", report.ZstdCorrupt, "zstd frame %d: the decoder stopped at compressed byte %d, before the frame's last block and checksum", len(fr.frames), fr.n)
		return false
	}
	if k := len(fr.frames); k > s.z.framesEnded {
		fr.frames[k-1].TarBytes = s.tarN - s.z.frameTar
		s.z.frameTar, s.z.framesEnded = s.tarN, k
	}
	if !fr.next() {
		return false
	}
	if len(fr.frames) >= maxFrames {
		s.broken = true
		s.addf("", report.TooBig, "more than %d zstd frames", maxFrames)
		return false
	}
	// FormatV1's re-encoding rule applies to one frame only.
	if s.z.reSum != nil {
		closeSum(s.z.reSum)
		if r, ok := s.z.reSum.(*reencoder); ok {
			r.close()
		}
		s.z.reSum = nil
	}
	if err := s.z.dec.Reset(fr); err != nil {
		s.broken = true
		s.addf("", report.ZstdCorrupt, "zstd frame %d: %v", len(fr.frames)+1, err)
		return false
	}
	return true
}

// errBroken is returned once the zstd stream has failed; the problem
// is already in the report.
var errBroken = &streamError{code: report.ZstdCorrupt, msg: "zstd stream broken", reported: true}

func newScanner(r io.Reader, opts CheckOptions, rep *report.Report) (*scanner, error) {
	s := &scanner{rep: rep, path: opts.Path, level: opts.Level, sch: opts.Schema, max: MaxDecompressedBytes,
		tarSum: sha256.New()}
	s.z.fileWant = opts.FileSHA256
	s.bag = bagState{names: map[string]string{}, tags: map[string]string{}, mtime: -1}
	if s.level == 0 {
		s.level = LevelFull
	}
	if opts.MaxDecompressedBytes > 0 && opts.MaxDecompressedBytes < s.max {
		s.max = opts.MaxDecompressedBytes
	}
	if s.sch == nil {
		sch, err := schema.Record()
		if err != nil {
			return nil, err
		}
		s.sch = sch
	}
	if s.z.fileWant != "" {
		s.z.file = sha256.New()
		r = io.TeeReader(r, s.z.file)
	}
	s.z.in = bufio.NewReaderSize(r, 64<<10)
	s.z.fr = newFrameReader(s.z.in)
	dec, err := zstd.NewReader(s.z.fr,
		zstd.WithDecoderConcurrency(1),
		zstd.WithDecoderMaxWindow(MaxWindowBytes),
		zstd.WithDecoderMaxMemory(MaxWindowBytes),
		zstd.WithDecoderLowmem(true))
	if err != nil {
		return nil, fmt.Errorf("zstd decoder: %w", err)
	}
	s.z.dec = dec
	if s.level >= LevelFull {
		if s.z.reSum, err = newReencoder(); err != nil {
			return nil, err
		}
	}
	s.tr = &tarReader{r: decompressed{s}, sum: sha256.New()}
	return s, nil
}

func (s *scanner) at(member string) report.Problem {
	p := report.At(s.path)
	p.Member = member
	return p
}

func (s *scanner) addf(member string, c report.Code, format string, args ...any) {
	s.rep.Addf(s.at(member), c, format, args...)
}

func (s *scanner) streamProblem(err error) {
	var se *streamError
	if errors.As(err, &se) {
		if !se.reported {
			s.addf("", se.code, "%s", se.msg)
		}
		return
	}
	s.addf("", report.TarCorrupt, "%v", err)
}

// step reads one member that is not a shard, or opens a shard for
// readLines. It sets s.done at the end of the bundle.
func (s *scanner) step() {
	if s.tarEnded {
		s.finish()
		return
	}
	h, err := s.tr.next()
	if err != nil {
		if err != io.EOF {
			s.streamProblem(err)
		}
		s.tarEnded = true
		s.finish()
		return
	}
	s.header(h)
}

// header checks one member's header against the member table and
// handles its content.
func (s *scanner) header(h *tarHeader) {
	name := h.name
	b := &s.bag
	if h.typeflag != '0' {
		s.addf(name, report.BadMember, "member is a %s; a bundle holds only regular files", typeName(h.typeflag))
		return
	}
	if msg := unsafePath(name); msg != "" {
		s.addf(name, report.BadMember, "%s", msg)
		return
	}
	if b.mtime < 0 {
		b.mtime = h.mtime
	} else if h.mtime != b.mtime {
		s.addf(name, report.BadMember, "mtime %d differs from the first member's %d", h.mtime, b.mtime)
	}
	if s.level >= LevelComplete {
		if msg := headerDiff(h); msg != "" {
			s.addf(name, report.BadMember, "tar header is not the one quire writes: %s", msg)
		}
	}
	top, rel, _ := strings.Cut(name, "/")
	if b.top == "" {
		b.top = top
	}
	if top != b.top {
		s.addf(name, report.BadMember, "member is outside the top directory %q", b.top)
		return
	}
	fold := strings.ToLower(rel)
	if prev, ok := b.names[fold]; ok {
		if prev == rel {
			s.addf(name, report.ExtraMember, "duplicate member")
		} else {
			s.addf(name, report.BadMember, "path differs only in case from member %q", b.top+"/"+prev)
		}
		return
	}
	if len(b.names) < MaxMembers {
		b.names[fold] = rel
	}
	kind, n := lookupMember(rel)
	if kind < 0 {
		s.addf(name, report.ExtraMember, "member not allowed by %s", formatName(s.formatNum()))
		return
	}
	spec := memberTable[kind]
	if s.notInFormat(name, spec) {
		return
	}
	if h.size > spec.limit {
		s.addf(name, report.TooBig, "member of %d bytes exceeds the limit of %d", h.size, spec.limit)
		return
	}
	s.memberOrder(name, kind, n)
	b.seen[kind] = true
	if kind != mShard {
		s.settle() // the shards' statistics must be complete from here on
	}
	switch kind {
	case mShard:
		b.cuts = append(b.cuts, h.off)
		b.shardN = max(b.shardN, n+1)
		s.openShard(name, rel, h.size)
		return
	case mManifest:
		b.cuts = append(b.cuts, h.off)
		s.readManifest(name)
	default:
		content, err := io.ReadAll(s.tr)
		if err != nil {
			s.streamProblem(err)
			return
		}
		spec.read(s, name, content)
	}
	s.endMember(rel, h.size)
}

// endMember drains the member and records its sum.
func (s *scanner) endMember(rel string, size int64) {
	if _, err := io.Copy(io.Discard, s.tr); err != nil {
		return // the next header read reports it
	}
	sum := s.tr.memberSum()
	if strings.HasPrefix(rel, "data/") {
		s.bag.payload = append(s.bag.payload, fileSum{path: rel, sum: sum, size: size})
	} else {
		s.bag.tags[rel] = sum
	}
}

// unsafePath says what is wrong with a member path, or "".
func unsafePath(name string) string {
	switch {
	case !utf8.ValidString(name):
		return "path is not valid UTF-8"
	case strings.HasPrefix(name, "/"):
		return "path is absolute"
	case strings.ContainsAny(name, "\\:"):
		return "path contains a backslash or colon"
	case containsControl(name):
		return "path contains a control character"
	}
	for _, el := range strings.Split(name, "/") {
		if el == "" || el == "." || el == ".." {
			return fmt.Sprintf("path has an empty, %q or %q element", ".", "..")
		}
	}
	return ""
}

// openShard starts reading a shard line by line.
func (s *scanner) openShard(name, rel string, size int64) {
	s.recs.member = name
	s.recs.cur = &shardStat{Shard: Shard{Path: strings.TrimPrefix(rel, "data/"), Bytes: size}, digest: sha256.New()}
	s.recs.lr = record.NewLineReader(s.tr, MaxLineBytes)
	s.recs.consumed, s.recs.lineOK = 0, true
}

func isTarProblem(err error) bool {
	var se *streamError
	return errors.As(err, &se) && se.code == report.TarCorrupt
}

func (s *scanner) lineAt(n int) report.Problem {
	p := s.at(s.recs.member)
	p.Line = n
	return p
}

// countLine is what the scanner learns from a line without decoding it:
// the counts and the layout rule. It returns the line's ordinal in the
// bundle (from 1) and whether it is the first of its shard.
func (s *scanner) countLine(line []byte) (ordinal int64, first bool) {
	sh := s.recs.cur
	sh.Records++
	s.recs.count++
	if sh.Records == 1 {
		sh.firstLen = len(line) + 1
		s.checkLayout()
	}
	return s.recs.count, sh.Records == 1
}

// account takes the verdict of checkLine on a line of shard sh, in the
// order of the lines: id order, the shard's first and last id, its
// digest and the report. It says whether the line is fully valid.
func (s *scanner) account(sh *shardStat, member string, lineNo int, ordinal int64, first bool, sum string, r *record.Record, ps []lineProblem) bool {
	at := s.at(member)
	at.Line = lineNo
	id := ""
	if r != nil {
		id = r.ID
		at.Record = id
		if p := checkOrder(ordinal > 1, s.recs.lastID, id); p != nil {
			ps = append(ps, *p)
		}
		if s.recs.lastID < id || ordinal == 1 {
			s.recs.lastID = id
		}
	}
	if first {
		sh.FirstID = id
	}
	sh.LastID = id
	io.WriteString(sh.digest, id)
	io.WriteString(sh.digest, "\x00")
	io.WriteString(sh.digest, sum)
	io.WriteString(sh.digest, "\n")
	for _, p := range ps {
		p.add(s.rep, at)
	}
	return len(ps) == 0
}

// checkLayout checks, at the first line of a shard, that the previous
// shard was full: shard boundaries are a function of the records.
func (s *scanner) checkLayout() {
	if len(s.recs.shards) == 0 || s.level < LevelComplete {
		return
	}
	prev := s.recs.shards[len(s.recs.shards)-1]
	if fitsShard(prev.Bytes, prev.Records, s.recs.cur.firstLen-1) {
		s.addf(s.recs.member, report.ShardLayout, "shard %s ends early: it has room for this shard's first record", prev.Path)
	}
}

func (s *scanner) closeShard() {
	sh := s.recs.cur
	if s.recs.lineOK && s.recs.consumed != sh.Bytes && s.recs.consumed == sh.Bytes+1 {
		s.addf(s.recs.member, report.RecordJSON, "last line does not end with a newline")
	}
	if sh.Records == 0 {
		s.addf(s.recs.member, report.ShardLayout, "shard has no records")
	}
	s.recs.lr = nil
	if _, err := io.Copy(io.Discard, s.tr); err == nil {
		sh.SHA256 = s.tr.memberSum()
		s.bag.payload = append(s.bag.payload, fileSum{path: "data/" + sh.Path, sum: sh.SHA256, size: sh.Bytes})
	}
	s.recs.shards = append(s.recs.shards, sh)
	s.recs.cur = nil
}

// finish runs the checks that need the whole tar: missing members, the
// end of the zstd frames and the trailer.
func (s *scanner) finish() {
	s.done = true
	defer func() {
		// A Reader's re-encoder runs inline; release it even when the
		// canonical-encoding check was not reached. (Check's runs on a
		// goroutine that Check closes.)
		if r, ok := s.z.reSum.(*reencoder); ok {
			r.close()
		}
	}()
	s.settle()
	f := s.formatNum()
	if s.level >= LevelComplete && !s.broken {
		s.missingMembers(f)
	}
	if s.broken {
		return
	}
	// Drain the tar stream (after a tar problem there may be more).
	if _, err := io.Copy(io.Discard, decompressed{s}); err != nil {
		s.streamProblem(err)
		return
	}
	if s.broken {
		return
	}
	if f == 1 {
		s.fixityV1()
	} else {
		s.fixityV2()
	}
}
