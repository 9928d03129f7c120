package bundle

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
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

// member kinds, in the order they must appear.
const (
	kBagIt = iota
	kSchema
	kShard
	kManifest
	kNotes
	kBagInfo
	kManifestSHA
	kTagManifest
	kExtra
)

var kindPath = []string{pathBagIt, pathSchema, pathShardDir + "NNNNNN.jsonl", pathManifest, pathNotes, pathBagInfo, pathManifestSHA, pathTagManifest}

// kindLimit is the largest member of each kind.
var kindLimit = []int64{MaxTagFileBytes, MaxSchemaBytes, MaxShardBytes, MaxManifestBytes, MaxNotesBytes, MaxTagFileBytes, MaxTagFileBytes, MaxTagFileBytes}

func classify(rel string) (kind, shard int) {
	switch rel {
	case pathBagIt:
		return kBagIt, 0
	case pathSchema:
		return kSchema, 0
	case pathManifest:
		return kManifest, 0
	case pathNotes:
		return kNotes, 0
	case pathBagInfo:
		return kBagInfo, 0
	case pathManifestSHA:
		return kManifestSHA, 0
	case pathTagManifest:
		return kTagManifest, 0
	}
	if m := shardRE.FindStringSubmatch(rel); m != nil {
		n := 0
		for _, c := range m[1] {
			n = n*10 + int(c-'0')
		}
		return kShard, n
	}
	return kExtra, 0
}

// shardStat is what the scanner learns about one shard while reading it.
type shardStat struct {
	Shard
	digest   hash.Hash // over "id NUL sha256 LF" of each record
	firstLen int       // length of the first line, for the layout rule
}

// scanner is the one parsing path for Check and Reader.
type scanner struct {
	rep   *report.Report
	path  string
	level Level
	sch   *schema.Schema
	max   int64

	fr     *frameReader
	dec    *zstd.Decoder
	in     *bufio.Reader
	tarSum summer
	// reSum re-compresses the tar stream with quire's pinned encoder and
	// hashes the result (LevelFull), so finish can check that the
	// compressed bytes are exactly the ones quire writes for this
	// content: zstd has bits a decoder ignores, and decoders disagree on
	// some damaged streams. Check runs it on a goroutine of its own.
	reSum summer
	tarN  int64
	tr    *tarReader

	broken   bool // the zstd stream is unusable: stop everything
	tarEnded bool // the tar stream has ended (cleanly or not)
	done     bool

	top       string
	mtime     int64
	rank      int
	seen      [kExtra]bool
	shardN    int
	names     map[string]string // case-folded path -> path
	payload   []fileSum
	tags      map[string]string // tag file -> sha256
	schemaID  string
	schemaOK  bool
	schemaSH  string
	schemaRaw []byte

	// records
	lr       *record.LineReader
	member   string // full member name of the current shard
	cur      *shardStat
	consumed int64
	lineOK   bool
	count    int64
	lastID   string
	shards   []*shardStat

	manifest *Manifest

	// pool checks records on all cores (Check only; nil for Reader).
	pool *checkPool
}

// decompressed is the tar stream: decoder output, counted, hashed and
// limited.
type decompressed struct{ s *scanner }

func (d decompressed) Read(p []byte) (int, error) {
	s := d.s
	if s.broken {
		return 0, errBroken
	}
	n, err := s.dec.Read(p)
	s.tarSum.Write(p[:n])
	if s.reSum != nil {
		s.reSum.Write(p[:n])
	}
	s.tarN += int64(n)
	if s.tarN > s.max {
		s.broken = true
		s.addf("", report.TooBig, "tar stream exceeds %d bytes decompressed", s.max)
		return n, errBroken
	}
	if err != nil && err != io.EOF {
		// Reported here, once, because some callers only probe for EOF.
		s.broken = true
		if s.fr.err != nil {
			err = s.fr.err
		}
		s.addf("", report.ZstdCorrupt, "zstd: %v", err)
		return n, errBroken
	}
	return n, err
}

// errBroken is returned once the zstd stream has failed; the problem
// is already in the report.
var errBroken = &streamError{code: report.ZstdCorrupt, msg: "zstd stream broken", reported: true}

func newScanner(r io.Reader, opts CheckOptions, rep *report.Report) (*scanner, error) {
	s := &scanner{rep: rep, path: opts.Path, level: opts.Level, sch: opts.Schema, max: MaxDecompressedBytes,
		names: map[string]string{}, tags: map[string]string{}, tarSum: sha256.New(), mtime: -1}
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
	s.in = bufio.NewReaderSize(r, 64<<10)
	s.fr = &frameReader{r: s.in}
	dec, err := zstd.NewReader(s.fr,
		zstd.WithDecoderConcurrency(1),
		zstd.WithDecoderMaxWindow(MaxWindowBytes),
		zstd.WithDecoderMaxMemory(MaxWindowBytes),
		zstd.WithDecoderLowmem(true))
	if err != nil {
		return nil, fmt.Errorf("zstd decoder: %w", err)
	}
	s.dec = dec
	if s.level >= LevelFull {
		s.fr.sum = sha256.New()
		if s.reSum, err = newReencoder(); err != nil {
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

// header checks one member's header and handles its content.
func (s *scanner) header(h *tarHeader) {
	name := h.name
	if h.typeflag != '0' {
		s.addf(name, report.BadMember, "member is a %s; a bundle holds only regular files", typeName(h.typeflag))
		return
	}
	if msg := unsafePath(name); msg != "" {
		s.addf(name, report.BadMember, "%s", msg)
		return
	}
	if s.mtime < 0 {
		s.mtime = h.mtime
	} else if h.mtime != s.mtime {
		s.addf(name, report.BadMember, "mtime %d differs from the first member's %d", h.mtime, s.mtime)
	}
	if s.level >= LevelComplete {
		if msg := headerDiff(h); msg != "" {
			s.addf(name, report.BadMember, "tar header is not the one quire writes: %s", msg)
		}
	}
	top, rel, _ := strings.Cut(name, "/")
	if s.top == "" {
		s.top = top
	}
	if top != s.top {
		s.addf(name, report.BadMember, "member is outside the top directory %q", s.top)
		return
	}
	fold := strings.ToLower(rel)
	if prev, ok := s.names[fold]; ok {
		if prev == rel {
			s.addf(name, report.ExtraMember, "duplicate member")
		} else {
			s.addf(name, report.BadMember, "path differs only in case from member %q", s.top+"/"+prev)
		}
		return
	}
	if len(s.names) < MaxMembers {
		s.names[fold] = rel
	}
	kind, n := classify(rel)
	if kind == kExtra {
		s.addf(name, report.ExtraMember, "member not allowed by %s", Format)
		return
	}
	if h.size > kindLimit[kind] {
		s.addf(name, report.TooBig, "member of %d bytes exceeds the limit of %d", h.size, kindLimit[kind])
		return
	}
	if kind < s.rank || (kind == kShard && n != s.shardN) {
		want := kindPath[s.rank]
		if s.rank == kShard || kind == kShard {
			want = shardPath(s.shardN) + " or a later member"
		}
		s.addf(name, report.MemberOrder, "member out of order: expected %s", want)
	}
	s.rank = max(s.rank, kind)
	s.seen[kind] = true
	if kind != kShard {
		s.settle() // the shards' statistics must be complete from here on
	}
	switch kind {
	case kShard:
		s.shardN = max(s.shardN, n+1)
		s.openShard(name, rel, h.size)
		return
	case kManifest:
		s.readManifest(name)
	default:
		b, err := io.ReadAll(s.tr)
		if err != nil {
			s.streamProblem(err)
			return
		}
		s.small(kind, name, b)
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
		s.payload = append(s.payload, fileSum{path: rel, sum: sum, size: size})
	} else {
		s.tags[rel] = sum
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

// small checks a member read whole.
func (s *scanner) small(kind int, name string, b []byte) {
	switch kind {
	case kBagIt:
		if s.level >= LevelComplete && string(b) != bagitTxt {
			s.addf(name, report.BagIt, "bagit.txt must be exactly %q", bagitTxt)
		}
	case kSchema:
		var head struct {
			ID string `json:"$id"`
		}
		_ = jsonUnmarshal(b, &head)
		s.schemaID, s.schemaSH, s.schemaRaw = head.ID, sum(b), b
		if s.level < LevelFull {
			return
		}
		known, msg := knownSchema(b)
		if known != nil {
			s.useSchema(known)
		}
		if msg != "" {
			s.addf(name, report.SchemaMismatch, "bundled schema %q: %s; records are checked against quire's own", head.ID, msg)
		} else {
			s.schemaOK = true
		}
	case kNotes:
		if s.level >= LevelComplete && !utf8.Valid(b) {
			s.addf(name, report.BagIt, "release notes are not valid UTF-8")
		}
	case kBagInfo:
		s.checkBagInfo(name, b)
	case kManifestSHA:
		s.checkBagManifest(name, b, s.payload)
	case kTagManifest:
		tags := []fileSum{{path: pathBagIt, sum: s.tags[pathBagIt]}, {path: pathBagInfo, sum: s.tags[pathBagInfo]}, {path: pathManifestSHA, sum: s.tags[pathManifestSHA]}}
		s.checkBagManifest(name, b, tags)
	}
}

// openShard starts reading a shard line by line.
func (s *scanner) openShard(name, rel string, size int64) {
	s.member = name
	s.cur = &shardStat{Shard: Shard{Path: strings.TrimPrefix(rel, "data/"), Bytes: size}, digest: sha256.New()}
	s.lr = record.NewLineReader(s.tr, MaxLineBytes)
	s.consumed, s.lineOK = 0, true
}

func isTarProblem(err error) bool {
	var se *streamError
	return errors.As(err, &se) && se.code == report.TarCorrupt
}

func (s *scanner) lineAt(n int) report.Problem {
	p := s.at(s.member)
	p.Line = n
	return p
}

// countLine is what the scanner learns from a line without decoding it:
// the counts and the layout rule. It returns the line's ordinal in the
// bundle (from 1) and whether it is the first of its shard.
func (s *scanner) countLine(line []byte) (ordinal int64, first bool) {
	sh := s.cur
	sh.Records++
	s.count++
	if sh.Records == 1 {
		sh.firstLen = len(line) + 1
		s.checkLayout()
	}
	return s.count, sh.Records == 1
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
		if p := checkOrder(ordinal > 1, s.lastID, id); p != nil {
			ps = append(ps, *p)
		}
		if s.lastID < id || ordinal == 1 {
			s.lastID = id
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
	if len(s.shards) == 0 || s.level < LevelComplete {
		return
	}
	prev := s.shards[len(s.shards)-1]
	if fitsShard(prev.Bytes, prev.Records, s.cur.firstLen-1) {
		s.addf(s.member, report.ShardLayout, "shard %s ends early: it has room for this shard's first record", prev.Path)
	}
}

func (s *scanner) closeShard() {
	sh := s.cur
	if s.lineOK && s.consumed != sh.Bytes && s.consumed == sh.Bytes+1 {
		s.addf(s.member, report.RecordJSON, "last line does not end with a newline")
	}
	if sh.Records == 0 {
		s.addf(s.member, report.ShardLayout, "shard has no records")
	}
	s.lr = nil
	if _, err := io.Copy(io.Discard, s.tr); err == nil {
		sh.SHA256 = s.tr.memberSum()
		s.payload = append(s.payload, fileSum{path: "data/" + sh.Path, sum: sh.SHA256, size: sh.Bytes})
	}
	s.shards = append(s.shards, sh)
	s.cur = nil
}

// finish runs the checks that need the whole tar: missing members, the
// end of the zstd frame and the trailer.
func (s *scanner) finish() {
	s.done = true
	defer func() {
		// A Reader's re-encoder runs inline; release it even when the
		// canonical-encoding check was not reached. (Check's runs on a
		// goroutine that Check closes.)
		if r, ok := s.reSum.(*reencoder); ok {
			r.close()
		}
	}()
	s.settle()
	if s.level >= LevelComplete && !s.broken {
		for k := kBagIt; k < kExtra; k++ {
			if !s.seen[k] && k != kShard && k != kNotes {
				s.addf(s.top+"/"+kindPath[k], report.MissingMember, "required member is missing")
			}
		}
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
	if !s.fr.done || s.fr.left != 0 {
		s.addf("", report.ZstdCorrupt, "zstd frame: the decoder stopped at compressed byte %d, before the frame's last block and checksum", s.fr.n)
		return
	}
	// The encoder chooses single-segment with a content size for small
	// streams, so only the settings quire pins are checked here.
	if fi := s.fr.info; !fi.checksum || fi.dictID {
		s.addf("", report.Compression, "zstd frame has checksum %t and dictionary %t; quire writes a checksum and no dictionary", fi.checksum, fi.dictID)
	} else if s.reSum != nil && !s.broken {
		if !bytes.Equal(s.reSum.Sum(nil), sizedSum(s.fr.sum.Sum(nil), s.fr.n)) {
			s.addf("", report.Compression, "the zstd frame (%d bytes) is not quire's encoding of its content: a byte was changed without changing what it decodes to, or another encoder wrote it", s.fr.n)
		}
	}
	s.trailer()
}

// trailer checks the skippable frame after the data frame.
func (s *scanner) trailer() {
	sum := hex.EncodeToString(s.tarSum.Sum(nil))
	head, err := s.in.Peek(8)
	if len(head) == 0 && err == io.EOF {
		s.addf("", report.Trailer, "no trailer frame after the zstd frame")
		return
	}
	if len(head) < 8 || le32(head) != skippableMagic {
		s.addf("", report.Trailer, "after the zstd frame: %d bytes that are not a quire trailer frame", len(head))
		return
	}
	size := int64(le32(head[4:]))
	if size > MaxTrailerBytes {
		s.addf("", report.Trailer, "trailer frame of %d bytes exceeds the limit of %d", size, MaxTrailerBytes)
		return
	}
	frame := make([]byte, 8+size)
	if _, err := io.ReadFull(s.in, frame); err != nil {
		s.addf("", report.Trailer, "trailer frame truncated")
		return
	}
	var t Trailer
	if err := strictUnmarshal(frame[8:], &t); err != nil {
		s.addf("", report.Trailer, "trailer: %v", err)
	} else {
		if t.Format != Format {
			s.addf("", report.FormatVersion, "trailer format %q, want %q", t.Format, Format)
		}
		if t.TarBytes != s.tarN || t.TarSHA256 != sum {
			s.addf("", report.Trailer, "trailer says the tar stream is %d bytes with sha256 %s; it is %d bytes with sha256 %s", t.TarBytes, t.TarSHA256, s.tarN, sum)
		} else if !bytes.Equal(frame, trailerFrame(t)) {
			s.addf("", report.Trailer, "trailer is not in canonical form")
		}
	}
	if n, _ := io.Copy(io.Discard, io.LimitReader(s.in, 1<<20)); n > 0 {
		s.addf("", report.TrailingData, "%d or more bytes after the trailer frame", n)
	}
}

// reencoder is a summer whose Sum is the sha256 and length of quire's
// zstd encoding of what was written (see newEncoder).
type reencoder struct {
	enc    *zstd.Encoder
	out    *countingHash
	closed bool
}

func newReencoder() (*reencoder, error) {
	out := &countingHash{h: sha256.New()}
	enc, err := newEncoder(out)
	if err != nil {
		return nil, fmt.Errorf("zstd encoder: %w", err)
	}
	return &reencoder{enc: enc, out: out}, nil
}

// Write feeds the encoder, which writes to a hash and cannot fail.
func (r *reencoder) Write(p []byte) (int, error) { return r.enc.Write(p) }

// Sum ends the encoding and appends its sizedSum to b.
func (r *reencoder) Sum(b []byte) []byte {
	r.close()
	return append(b, sizedSum(r.out.h.Sum(nil), r.out.n)...)
}

// close releases the encoder; it may be called more than once.
func (r *reencoder) close() {
	if !r.closed {
		r.closed = true
		r.enc.Close()
	}
}

// sizedSum is a hash followed by the length of what was hashed.
func sizedSum(sum []byte, n int64) []byte {
	return binary.BigEndian.AppendUint64(sum, uint64(n))
}

// countingHash is a hash that also counts what was written to it.
type countingHash struct {
	h hash.Hash
	n int64
}

func (c *countingHash) Write(p []byte) (int, error) {
	c.n += int64(len(p))
	return c.h.Write(p)
}
