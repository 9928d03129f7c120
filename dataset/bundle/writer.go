package bundle

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
	"os"
	"strconv"
	"time"
	"unicode/utf8"

	"github.com/klauspost/compress/zstd"
	"github.com/quire-archive/quire/dataset/record"
	"github.com/quire-archive/quire/dataset/record/linecheck"
	"github.com/quire-archive/quire/schema"
)

// WriterOptions configures a Writer. Every field but Notes, TempDir and
// SourceDateEpoch is required.
type WriterOptions struct {
	Name         string // dataset name: a-z 0-9 . _ -, at most MaxNameBytes
	Version      string // dataset version, semver
	QuireVersion string // version of quire writing the bundle
	// Schema is one of quire's record schemas, byte for byte; records
	// are written in its version. quire writes the latest
	// (schema.Record()); older ones re-create old releases in tests.
	Schema *schema.Schema
	Rules  Rules
	// SourceDateEpoch, if set, is the mtime of every member, the
	// manifest's created and bag-info's Bagging-Date. If nil, mtimes are
	// 0 and there is no date at all.
	SourceDateEpoch *time.Time
	// Notes, if non-nil, become data/RELEASE-NOTES.md (UTF-8 Markdown).
	Notes []byte
	// TempDir is where the records list is spilled ("" means os.TempDir).
	TempDir string
	// Describe, if set, is called once at Close with the finished
	// manifest head, and what it returns becomes the bundle's
	// descriptive members (README.md, data/datapackage.json,
	// data/croissant.json) and bag-info.txt fields. Nil writes none.
	Describe Describer
	// Metadata, if set, identifies the dataset metadata file, recorded
	// in the manifest.
	Metadata *MetadataFile
}

// Summary describes a written bundle.
type Summary struct {
	TarSHA256       string
	TarBytes        int64
	CompressedBytes int64
	Records         int64
	Shards          int
	Frames          int // zstd frames before the trailer
}

// Writer writes a bundle one record at a time. Memory is at most two
// shards (MaxShardBytes: the one being filled and the one being
// compressed) plus the zstd window; the records list for the manifest
// is spilled to a temporary file, since it grows with the dataset.
type Writer struct {
	opts  WriterOptions
	mtime time.Time
	out   *countWriter
	ts    *tarStream
	tarN  int64
	// The shard being filled, in chunks of the tar stream's pool, handed
	// over whole when it is full.
	shard    [][]byte
	shardLen int64
	// The sha256 of each shard, computed by the tar stream as it
	// compresses, filled into shards and payload once it has caught up.
	pending []pendingSum
	cut     ShardCutter
	cur     Shard
	shards  []Shard
	payload []fileSum
	count   int64
	lastID  string
	spill   *os.File
	// spillGone is set when the spill file was unlinked at creation.
	spillGone bool
	spillW    *bufio.Writer
	err       error
}

type countWriter struct {
	w io.Writer
	n int64
}

func (c *countWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}

// checkOptions validates o the way the reader validates a manifest.
func checkOptions(o *WriterOptions) error {
	for _, msg := range []string{checkName(o.Name), checkVersion("version", o.Version), checkVersion("rules version", o.Rules.Version)} {
		if msg != "" {
			return errors.New(msg)
		}
	}
	if o.QuireVersion == "" || len(o.QuireVersion) > 64 || !utf8.ValidString(o.QuireVersion) || containsControl(o.QuireVersion) {
		return fmt.Errorf("quire version %q: want 1 to 64 printable UTF-8 bytes", o.QuireVersion)
	}
	if msg := o.Rules.Repeats.check(); msg != "" {
		return errors.New(msg)
	}
	if msg := o.Metadata.check(); msg != "" {
		return errors.New(msg)
	}
	if !hexRE.MatchString(o.Rules.SHA256) {
		return fmt.Errorf("rules sha256 %q is not 64 lowercase hex digits", o.Rules.SHA256)
	}
	if msg := checkEngine(o.Rules.Engine); msg != "" {
		return errors.New(msg)
	}
	if o.Schema == nil {
		return errors.New("no schema")
	}
	if _, msg := knownSchema(o.Schema.Bytes()); msg != "" {
		return errors.New(msg)
	}
	if t := o.SourceDateEpoch; t != nil && (t.Unix() < 0 || t.Unix() >= 1<<33) {
		return fmt.Errorf("SOURCE_DATE_EPOCH %d is out of range (0 to 8589934591)", t.Unix())
	}
	if err := o.checkNotes(); err != nil {
		return err
	}
	return nil
}

func containsControl(s string) bool {
	for _, r := range s {
		if r < 0x20 || r == 0x7f {
			return true
		}
	}
	return false
}

// NewWriter starts a bundle on w. The caller must call Close, which
// writes the rest of the bundle, or Abort: the writer compresses on a
// goroutine of its own (tarStream), which they stop. If Add or Close
// fails, what was written to w is not a bundle and must be discarded.
// Errors writing to w may surface one call late, from a later Add or
// from Close.
func NewWriter(w io.Writer, opts WriterOptions) (*Writer, error) {
	if err := checkOptions(&opts); err != nil {
		return nil, fmt.Errorf("bundle options: %w", err)
	}
	bw := &Writer{opts: opts, mtime: time.Unix(0, 0), out: &countWriter{w: w}}
	if opts.SourceDateEpoch != nil {
		bw.mtime = time.Unix(opts.SourceDateEpoch.Unix(), 0)
	}
	ts, err := newTarStream(bw.out)
	if err != nil {
		return nil, fmt.Errorf("zstd encoder: %w", err)
	}
	bw.ts = ts
	// Named like atomicfile's temporary files (".NAME.quire-tmp-PID-*"),
	// so that one left by a kill between creating and unlinking it is
	// recognized and removed by atomicfile.Clean on the next run.
	f, err := os.CreateTemp(opts.TempDir, ".records.quire-tmp-"+strconv.Itoa(os.Getpid())+"-*")
	if err != nil {
		bw.ts.abort()
		return nil, fmt.Errorf("records list spill file: %w", err)
	}
	// Unlink the spill file at once: it stays readable through f, and
	// nothing is left behind if the process dies or the caller never
	// calls Close or Abort. (Where unlinking an open file fails, cleanup
	// removes it instead.)
	if os.Remove(f.Name()) == nil {
		bw.spillGone = true
	}
	bw.spill, bw.spillW = f, bufio.NewWriterSize(f, 64<<10)
	if err := bw.member(pathBagIt, []byte(bagitTxt)); err != nil {
		bw.cleanup()
		return nil, err
	}
	if err := bw.member(pathSchema, opts.Schema.Bytes()); err != nil {
		bw.cleanup()
		return nil, err
	}
	return bw, nil
}

func (w *Writer) top() string { return w.opts.Name + "-" + w.opts.Version }

// tarWrite writes (a copy of) p to the tar stream.
func (w *Writer) tarWrite(p []byte) error {
	if err := w.grow(int64(len(p))); err != nil {
		return err
	}
	return w.ts.write(p)
}

// grow adds n bytes to the tar stream's size, within its limit.
func (w *Writer) grow(n int64) error {
	w.tarN += n
	if w.tarN > MaxDecompressedBytes {
		return fmt.Errorf("bundle exceeds %d bytes uncompressed", int64(MaxDecompressedBytes))
	}
	return nil
}

// pendingSum is a shard whose sha256 the tar stream is computing.
type pendingSum struct {
	shard, payload int // indexes in Writer.shards and Writer.payload
	h              hash.Hash
}

// newline ends each record line in a shard.
var newline = []byte{'\n'}

// appendShard copies p to the end of the shard being filled.
func (w *Writer) appendShard(p []byte) {
	w.shardLen += int64(len(p))
	for len(p) > 0 {
		n := len(w.shard)
		if n == 0 || len(w.shard[n-1]) == cap(w.shard[n-1]) {
			w.shard = append(w.shard, w.ts.chunk())
			n++
		}
		c := w.shard[n-1]
		k := copy(c[len(c):cap(c)], p)
		w.shard[n-1], p = c[:len(c)+k], p[k:]
	}
}

// header writes a member's header; the caller writes size bytes and pad.
func (w *Writer) header(path string, size int64) error {
	h, err := ustarHeader(w.top()+"/"+path, size, w.mtime)
	if err != nil {
		return err
	}
	return w.tarWrite(h)
}

func (w *Writer) pad(size int64) error {
	if p := (blockSize - size%blockSize) % blockSize; p > 0 {
		return w.tarWrite(make([]byte, p))
	}
	return nil
}

// member writes a whole member and records it as payload if it is one.
func (w *Writer) member(path string, content []byte) error {
	if err := w.header(path, int64(len(content))); err != nil {
		return err
	}
	if err := w.tarWrite(content); err != nil {
		return err
	}
	if len(path) > 5 && path[:5] == "data/" {
		w.payload = append(w.payload, fileSum{path: path, sum: sum(content), size: int64(len(content))})
	}
	return w.pad(int64(len(content)))
}

func sum(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

// CheckedRecord is a record in canonical form that has passed every
// check the reader runs on a record line (strict decoding, canonical
// form, schema). Only Prepare makes one, so a Writer can take it without
// checking again: the expensive checks run wherever Prepare is called,
// typically on all cores, and the writer, which must take records one at
// a time in id order, only copies bytes.
type CheckedRecord struct {
	id   string
	line []byte // canonical encoding, no newline
	sum  string // hex sha256 of line
	sch  string // sha256 of the schema it was checked against
}

// ID returns the record's id.
func (c CheckedRecord) ID() string { return c.id }

// Line returns the record's canonical encoding, exactly as the writer
// stores it (no newline). The caller must not change it.
func (c CheckedRecord) Line() []byte { return c.line }

// Prepare encodes r canonically, in the record version of sch, and
// checks the line as the reader will (linecheck.Checker.Record). It is
// safe for concurrent use with the same schema.
func Prepare(sch *schema.Schema, r *record.Record) (CheckedRecord, error) {
	if sch == nil {
		return CheckedRecord{}, errors.New("bundle: no schema")
	}
	line, ps := linecheck.New(sch).Record(r)
	if len(ps) > 0 {
		return CheckedRecord{}, fmt.Errorf("record %q: %s", r.ID, ps[0])
	}
	return CheckedRecord{id: r.ID, line: line, sum: record.Sum(line), sch: sch.SHA256()}, nil
}

// Add appends a record: Prepare, then AddChecked. Records must come in
// strictly increasing id order.
func (w *Writer) Add(r *record.Record) error {
	if w.err != nil {
		return w.err
	}
	c, err := Prepare(w.opts.Schema, r)
	if err != nil {
		w.err = err
		return err
	}
	return w.AddChecked(c)
}

// AddChecked appends a record prepared against the writer's schema.
// Records must come in strictly increasing id order.
func (w *Writer) AddChecked(c CheckedRecord) error {
	if w.err != nil {
		return w.err
	}
	if err := w.add(c); err != nil {
		w.err = err
		return err
	}
	return nil
}

func (w *Writer) add(c CheckedRecord) error {
	switch {
	case c.line == nil:
		return errors.New("bundle: record was not made by Prepare")
	case c.sch != w.opts.Schema.SHA256():
		return fmt.Errorf("record %q was checked against another schema", c.id)
	}
	if p := checkOrder(w.count > 0, w.lastID, c.id); p != nil {
		return fmt.Errorf("record %q: %s", c.id, p.msg)
	}
	if _, first := w.cut.Add(len(c.line)); first && w.shardLen > 0 {
		if err := w.flushShard(); err != nil {
			return err
		}
	}
	if w.cur.Records == 0 {
		w.cur.FirstID = c.id
	}
	w.cur.Records++
	w.cur.LastID = c.id
	w.appendShard(c.line)
	w.appendShard(newline)
	if _, err := w.spillW.Write(recordEntry(w.count, c.id, c.sum)); err != nil {
		return fmt.Errorf("records list spill file: %w", err)
	}
	w.count++
	w.lastID = c.id
	return nil
}

// flushShard hands the full shard to the tar stream. Its sha256 is
// filled in by finish, once the stream has computed it.
func (w *Writer) flushShard() error {
	if len(w.shards) >= MaxMembers {
		return fmt.Errorf("more than %d shards", MaxMembers)
	}
	path := shardPath(len(w.shards))
	w.cur.Path = path[len("data/"):]
	w.cur.Bytes = w.shardLen
	w.ts.endFrame() // each shard is a zstd frame of its own
	if err := w.header(path, w.shardLen); err != nil {
		return err
	}
	if err := w.grow(w.shardLen); err != nil {
		return err
	}
	h := sha256.New()
	chunks := w.shard
	w.shard, w.shardLen = nil, 0 // the chunks are the stream's now
	if err := w.ts.writeChunks(chunks, h); err != nil {
		return err
	}
	if err := w.pad(w.cur.Bytes); err != nil {
		return err
	}
	w.ts.endFrame()
	w.pending = append(w.pending, pendingSum{shard: len(w.shards), payload: len(w.payload), h: h})
	w.payload = append(w.payload, fileSum{path: path, size: w.cur.Bytes})
	w.shards = append(w.shards, w.cur)
	w.cur = Shard{}
	return nil
}

// fillSums waits for the tar stream to catch up and fills in the
// shards' sha256.
func (w *Writer) fillSums() error {
	if err := w.ts.wait(); err != nil {
		return err
	}
	for _, p := range w.pending {
		s := hex.EncodeToString(p.h.Sum(nil))
		w.shards[p.shard].SHA256 = s
		w.payload[p.payload].sum = s
	}
	w.pending = nil
	return nil
}

// Close writes the manifest, the BagIt tag files, the end of the tar,
// the zstd frame's end and the trailer. It removes the spill file.
func (w *Writer) Close() (Summary, error) {
	defer w.cleanup()
	if w.err != nil {
		return Summary{}, w.err
	}
	s, err := w.finish()
	if err != nil {
		w.err = err
	}
	return s, err
}

// SetNotes sets the release notes (data/RELEASE-NOTES.md) after the
// writer was created, for callers that only know them once every record
// has passed through (quire build -previous diffs as it builds). It must
// be called before Close; nil means no notes member.
func (w *Writer) SetNotes(notes []byte) error {
	o := w.opts
	o.Notes = notes
	if err := o.checkNotes(); err != nil {
		return err
	}
	w.opts.Notes = notes
	return nil
}

// Abort abandons the bundle and releases its resources. What was
// written to the underlying writer is incomplete and must be discarded
// by the caller. Abort after Close does nothing, so callers can defer it.
func (w *Writer) Abort() {
	if w.err == nil {
		w.err = errors.New("bundle writer aborted")
	}
	w.cleanup()
}

func (w *Writer) cleanup() {
	if w.ts != nil {
		w.ts.abort()
	}
	if w.spill != nil {
		w.spill.Close()
		if !w.spillGone {
			os.Remove(w.spill.Name())
		}
		w.spill = nil
	}
	w.shard, w.shardLen = nil, 0
}

func (w *Writer) finish() (Summary, error) {
	if w.shardLen > 0 {
		if err := w.flushShard(); err != nil {
			return Summary{}, err
		}
	}
	if err := w.fillSums(); err != nil {
		return Summary{}, err
	}
	m := w.manifest()
	var desc *Description
	if w.opts.Describe != nil {
		d, err := w.opts.Describe(m.clone())
		if err != nil {
			return Summary{}, fmt.Errorf("describe the bundle: %w", err)
		}
		if err := d.check(); err != nil {
			return Summary{}, fmt.Errorf("describe the bundle: %w", err)
		}
		desc = d
	}
	w.ts.endFrame() // the manifest starts the last frame
	if err := w.writeManifest(m); err != nil {
		return Summary{}, err
	}
	if desc == nil {
		desc = &Description{}
	}
	for _, f := range []struct {
		path string
		b    []byte
	}{{pathDataPackage, desc.DataPackage}, {pathCroissant, desc.Croissant}, {pathNotes, w.opts.Notes}, {pathCard, desc.Card}} {
		if f.b == nil {
			continue
		}
		if err := w.member(f.path, f.b); err != nil {
			return Summary{}, err
		}
	}
	var oxum int64
	for _, f := range w.payload {
		oxum += f.size
	}
	info := bagInfo(m, oxum, int64(len(w.payload)), desc.BagInfo)
	manifest := bagManifest(w.payload)
	tags := []fileSum{{path: pathBagIt, sum: sum([]byte(bagitTxt))}, {path: pathBagInfo, sum: sum(info)}, {path: pathManifestSHA, sum: sum(manifest)}}
	if desc.Card != nil {
		tags = append(tags, fileSum{path: pathCard, sum: sum(desc.Card)})
	}
	for _, f := range []struct {
		path string
		b    []byte
	}{{pathBagInfo, info}, {pathManifestSHA, manifest}, {pathTagManifest, bagManifest(tags)}} {
		if err := w.member(f.path, f.b); err != nil {
			return Summary{}, err
		}
	}
	if err := w.tarWrite(make([]byte, 2*blockSize)); err != nil {
		return Summary{}, err
	}
	if err := w.ts.close(); err != nil {
		return Summary{}, fmt.Errorf("zstd: %w", err)
	}
	t := Trailer{Format: Format, TarBytes: w.tarN, TarSHA256: hex.EncodeToString(w.ts.sum.Sum(nil)), Frames: w.ts.frames}
	if _, err := w.out.Write(trailerFrame(t)); err != nil {
		return Summary{}, err
	}
	return Summary{TarSHA256: t.TarSHA256, TarBytes: t.TarBytes, CompressedBytes: w.out.n, Records: w.count, Shards: len(w.shards), Frames: len(t.Frames)}, nil
}

func (w *Writer) manifest() *Manifest {
	m := &Manifest{
		Format: Format, Name: w.opts.Name, Version: w.opts.Version, QuireVersion: w.opts.QuireVersion,
		RecordCount: w.count,
		Schema:      SchemaInfo{ID: w.opts.Schema.ID(), Path: pathSchema[len("data/"):], SHA256: w.opts.Schema.SHA256()},
		Rules:       w.opts.Rules, Compression: pinnedCompression, Shards: w.shards,
		Metadata: w.opts.Metadata,
	}
	if w.opts.SourceDateEpoch != nil {
		m.Created = w.mtime.UTC().Format(time.RFC3339)
	}
	return m
}

// writeManifest streams data/manifest.json, copying the records list
// back from the spill file.
func (w *Writer) writeManifest(m *Manifest) error {
	if err := w.spillW.Flush(); err != nil {
		return fmt.Errorf("records list spill file: %w", err)
	}
	listBytes, err := w.spill.Seek(0, io.SeekCurrent)
	if err != nil {
		return err
	}
	if _, err := w.spill.Seek(0, io.SeekStart); err != nil {
		return err
	}
	prefix, err := manifestPrefix(m)
	if err != nil {
		return err
	}
	suffix := manifestSuffix(w.count)
	size := int64(len(prefix)) + listBytes + int64(len(suffix))
	if size > MaxManifestBytes {
		return fmt.Errorf("manifest of %d bytes exceeds the limit of %d", size, int64(MaxManifestBytes))
	}
	if err := w.header(pathManifest, size); err != nil {
		return err
	}
	h := sha256.New()
	tw := writerFunc(func(p []byte) (int, error) {
		h.Write(p)
		return len(p), w.tarWrite(p)
	})
	if _, err := tw.Write(prefix); err != nil {
		return err
	}
	if n, err := io.Copy(tw, io.LimitReader(w.spill, listBytes)); err != nil || n != listBytes {
		return fmt.Errorf("records list spill file: copied %d of %d bytes: %v", n, listBytes, err)
	}
	if _, err := tw.Write(suffix); err != nil {
		return err
	}
	w.payload = append(w.payload, fileSum{path: pathManifest, sum: hex.EncodeToString(h.Sum(nil)), size: size})
	return w.pad(size)
}

type writerFunc func([]byte) (int, error)

func (f writerFunc) Write(p []byte) (int, error) { return f(p) }

func (o WriterOptions) checkNotes() error {
	if len(o.Notes) > MaxNotesBytes || !utf8.Valid(o.Notes) {
		return fmt.Errorf("release notes: want valid UTF-8 of at most %d bytes", MaxNotesBytes)
	}
	return nil
}

// newEncoder is the one zstd encoder configuration quire writes each
// frame with (recorded in the manifest as pinnedCompression). The
// checker uses it too, for a FormatV1 bundle, to verify that its one
// frame is exactly what quire writes for its content.
func newEncoder(w io.Writer) (*zstd.Encoder, error) {
	return zstd.NewWriter(w,
		zstd.WithEncoderLevel(zstd.SpeedDefault),
		zstd.WithEncoderConcurrency(1),
		zstd.WithEncoderCRC(true),
		zstd.WithWindowSize(MaxWindowBytes),
		zstd.WithZeroFrames(false),
		zstd.WithEncoderPadding(1),
	)
}
