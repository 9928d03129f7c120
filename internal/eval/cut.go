package eval

import "strings"

// The seed-like cut.
//
// The seeds quire is built for hold an article and a few lines of page
// furniture above and below it, not a whole page dump. On such a cut the
// classifier's context steps (menu runs, the end marker, smoothing) have
// little page to work with, so the line rules carry the removal. Issue 11
// scores the held-out pages on both; Cut makes the same measurement on
// the line-labelled set. The article's extent is read from the labels,
// which only the scorer sees: the normalizer is given the cut bytes.

// CutPage returns p cut to its labelled article and k non-blank lines of
// page above and below it: from the k-th labelled line before the first
// content line (or the page's first labelled line) to the k-th after the
// last content line (or the page's last labelled line), with the blank
// lines in between. Lines keep their text, label and labelling rule and
// are numbered from 1 again; the data is the kept lines joined by LF,
// with a final LF. A page without content lines is returned whole: there
// is no article to cut around. p is not changed.
func CutPage(p *Page, k int) *Page {
	var labelled []int // indexes into p.Lines of the labelled lines
	first, last := -1, -1
	for i, ln := range p.Lines {
		if ln.Label == NoLabel {
			continue
		}
		if ln.Label == Content {
			if first < 0 {
				first = len(labelled)
			}
			last = len(labelled)
		}
		labelled = append(labelled, i)
	}
	if first < 0 {
		return p
	}
	from := labelled[max(0, first-max(k, 0))]
	to := labelled[min(len(labelled)-1, last+max(k, 0))]
	out := &Page{Name: p.Name, Kind: p.Kind, Lines: make([]Line, 0, to-from+1)}
	var b strings.Builder
	for i, ln := range p.Lines[from : to+1] {
		ln.N = i + 1
		out.Lines = append(out.Lines, ln)
		b.WriteString(ln.Text)
		b.WriteByte('\n')
	}
	out.Data = []byte(b.String())
	return out
}

// Cut returns a view of d whose pages are cut by CutPage with margin k;
// k < 0 returns d's whole pages again. d itself is not changed.
func (d *Devset) Cut(k int) *Devset {
	c := *d
	c.cut = k
	return &c
}

// CutMargin is the margin the pages are cut with, or -1 when they are
// whole.
func (d *Devset) CutMargin() int { return d.cut }
