package gen

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
)

type blockKind uint8

const (
	kHeadline blockKind = iota
	kStandfirst
	kByline
	kBody
	kCaption
	kBoiler
)

// block is one unit of the page dump: its lines are consecutive (one
// <br> apart) unless spread, and blocks are a blank line apart unless
// tight.
type block struct {
	kind   blockKind
	fam    Family // for kBoiler and kCaption
	at     place  // for kBoiler and kCaption
	lines  []string
	spread bool // a blank line between lines too (one element per line)
	tight  bool // only a line break before this block
	// caption and credit are the parts of a caption line.
	caption, credit string
}

// doc is a document before rendering: the structure the record
// generator maps to a record and the next version edits.
type doc struct {
	blocks     []block
	feat       Features
	fams       uint32 // bit k: Families()[k] present
	crawler    string // "date YYYY-MM-DD", prefixed to line 1
	lead       string // white space before the crawler prefix
	outlet     string // from the dateline
	published  string // from the crawler prefix
	trailingNL bool
}

// build makes document i's structure from its own random stream. The
// order of draws is fixed; changing it changes every corpus, so do it
// only on purpose (tests pin a few hashes).
func (g *Generator) build(i int) *doc {
	r := g.rng(i, streamDoc)
	var f Features
	f.Headline = r.Float64() < RateHeadline
	f.Standfirst = r.Float64() < RateStandfirst
	f.Byline = r.Float64() < RateByline
	f.Dateline = r.Float64() < RateDateline
	f.CrawlerDate = r.Float64() < RateCrawlerDate
	f.BRLines = r.Float64() < RateBRLines
	f.CurlyQuotes = r.Float64() < RateCurlyQuotes
	f.NBSP = r.Float64() < RateNBSP
	f.ZWSP = r.Float64() < RateZWSP
	f.CRLF = r.Float64() < RateCRLF
	f.BOM = r.Float64() < RateBOM
	dash := " — "
	if x := r.IntN(5); x == 0 || !f.CurlyQuotes && x < 3 {
		dash = pick(r, []string{" -- ", " - "})
	}
	w := &writer{r: r, st: style{curly: f.CurlyQuotes, nbsp: f.NBSP, dash: dash}}
	d := &doc{feat: f, trailingNL: r.IntN(3) == 0}
	target := g.targetSize(r)

	var boil []block
	for k, fam := range Families() {
		if r.Float64() < fam.Rate() {
			boil = append(boil, w.boiler(fam)...)
			d.fams |= 1 << k
		}
	}
	for k := range boil {
		boil[k].tight = boil[k].kind == kBoiler && r.IntN(7) == 0
	}

	var head []block
	if f.Headline {
		head = append(head, block{kind: kHeadline, lines: []string{w.headline()}})
	}
	if f.Standfirst {
		head = append(head, block{kind: kStandfirst, lines: []string{w.paragraph(0)}})
	}
	if f.Byline {
		by := "By " + w.name()
		if r.IntN(3) == 0 {
			by += " and " + w.name()
		}
		head = append(head, block{kind: kByline, lines: []string{by}})
	}
	var dateline string
	if f.Dateline {
		dateline, d.outlet = w.dateline()
	}
	if f.CrawlerDate {
		d.published = fmt.Sprintf("%04d-%02d-%02d", 2005+r.IntN(20), 1+r.IntN(12), 1+r.IntN(28))
		d.crawler = "date " + d.published
		d.lead = pick(r, []string{"", " "})
	}

	// The body gets what the target leaves after the furniture, but
	// never less than half of it: a page is mostly article.
	used := 0
	for _, b := range append(head, boil...) {
		for _, l := range b.lines {
			used += len(l) + 2
		}
	}
	budget := max(target-used, target/2)
	avg := 250 + r.IntN(350)
	k := min(max(budget/avg, 3), 40)
	per := budget / k
	body := make([]block, 0, k)
	for p := 0; p < k; p++ {
		n := int(float64(per)*(0.4+1.2*r.Float64())) - 60
		body = append(body, block{kind: kBody, lines: []string{w.paragraph(n)}})
	}
	// Top up short documents to the size floor, within the paragraph
	// limit.
	size := used
	for _, b := range body {
		size += len(b.lines[0]) + 2
	}
	for size < g.min && len(body) < 40 {
		p := w.paragraph(min(g.min-size, 2*avg))
		body = append(body, block{kind: kBody, lines: []string{p}})
		size += len(p) + 2
	}
	k = len(body)
	if f.BRLines {
		// A paragraph of <br>-separated lines: an address, a list, verse.
		p := 1 + r.IntN(k-1)
		var lines []string
		for n := 2 + r.IntN(4); n > 0; n-- {
			lines = append(lines, w.paragraph(0))
		}
		body[p].lines = lines
	}
	if dateline != "" {
		body[0].lines[0] = dateline + body[0].lines[0]
	}
	if f.ZWSP {
		for n := 1 + r.IntN(3); n > 0; n-- {
			p := &body[r.IntN(k)].lines[0]
			if sp := strings.IndexByte((*p)[len(*p)/2:], ' '); sp >= 0 {
				at := len(*p)/2 + sp + 1
				*p = (*p)[:at] + "\u200b" + (*p)[at:]
			}
		}
	}

	// Assemble: top furniture, head, furniture under the head, body with
	// furniture between paragraphs, bottom furniture (copyright last).
	for _, b := range boil {
		if b.at == atTop {
			d.blocks = append(d.blocks, b)
		}
	}
	d.blocks = append(d.blocks, head...)
	for _, b := range boil {
		if b.at == afterHead {
			d.blocks = append(d.blocks, b)
		}
	}
	slots := make([][]block, k) // slots[p]: furniture after paragraph p
	for _, b := range boil {
		if b.at == inBody {
			p := r.IntN(k - 1)
			slots[p] = append(slots[p], b)
		}
	}
	for p, b := range body {
		d.blocks = append(d.blocks, b)
		d.blocks = append(d.blocks, slots[p]...)
	}
	var bottom []block
	for _, b := range boil {
		if b.at == atBottom {
			bottom = append(bottom, b)
		}
	}
	slices.SortStableFunc(bottom, func(a, b block) int { return bottomRank(a.fam) - bottomRank(b.fam) })
	d.blocks = append(d.blocks, bottom...)
	if len(d.blocks) > 0 {
		d.blocks[0].tight = false
	}
	return d
}

func bottomRank(f Family) int {
	switch f {
	case Copyright:
		return 3
	case Cookie, Masthead:
		return 2
	case Nav:
		return 1
	}
	return 0
}

// edit changes one body paragraph of d, or adds one, drawing from r.
// It returns whether a paragraph was added.
func (d *doc) edit(r *rand.Rand) (added bool) {
	var body []int
	for k, b := range d.blocks {
		if b.kind == kBody {
			body = append(body, k)
		}
	}
	// Leave the first paragraph alone: it may carry the dateline.
	j := body[1+r.IntN(len(body)-1)]
	w := &writer{r: r, st: style{curly: d.feat.CurlyQuotes, nbsp: d.feat.NBSP, dash: " — "}}
	p := block{kind: kBody, lines: []string{w.paragraph(100 + r.IntN(500))}}
	if r.IntN(2) == 0 {
		d.blocks[j] = p
		return false
	}
	d.blocks = slices.Insert(d.blocks, j+1, p)
	return true
}

// lineNumbers returns the 1-based line number of each block's first line
// and how its lines advance.
func (d *doc) lineNumbers() []int {
	starts := make([]int, len(d.blocks))
	line := 1
	for k, b := range d.blocks {
		if k > 0 {
			if b.tight {
				line++
			} else {
				line += 2
			}
		}
		starts[k] = line
		line += (len(b.lines) - 1) * b.step()
	}
	return starts
}

func (b *block) step() int {
	if b.spread {
		return 2
	}
	return 1
}

// render returns the raw bytes of d, appended to buf.
func (d *doc) render(buf []byte) []byte {
	eol := "\n"
	if d.feat.CRLF {
		eol = "\r\n"
	}
	if d.feat.BOM {
		buf = append(buf, "\ufeff"...)
	}
	if d.crawler != "" {
		buf = append(buf, d.lead...)
		buf = append(buf, d.crawler...)
		buf = append(buf, ' ')
	}
	for k, b := range d.blocks {
		if k > 0 {
			buf = append(buf, eol...)
			if !b.tight {
				buf = append(buf, eol...)
			}
		}
		for n, l := range b.lines {
			if n > 0 {
				buf = append(buf, eol...)
				if b.spread {
					buf = append(buf, eol...)
				}
			}
			buf = append(buf, l...)
		}
	}
	if d.trailingNL {
		buf = append(buf, eol...)
	}
	return buf
}

func (d *doc) info(name string, size int) Info {
	in := Info{Name: name, Bytes: size, Features: d.feat}
	for k, f := range Families() {
		if d.fams&(1<<k) != 0 {
			in.Families = append(in.Families, f)
		}
	}
	for _, b := range d.blocks {
		if b.kind == kBody {
			in.Paragraphs++
		}
	}
	return in
}
