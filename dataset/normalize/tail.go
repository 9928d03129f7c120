package normalize

import "strings"

// What may follow the body and still be the article (rules 1.4.0,
// docs/RULES.md). The body search scores short lines as furniture, so an
// article that ends in a list of plain items (product features, "what
// you get", the points of a ticket offer) or in a last note below its
// gallery lost them to the footer zone. Two shapes are taken back, both
// general and both narrow:
//
//   - an item run: at most one heading line of a few words ending in a
//     colon, then TailItems or more lines in a row right after the body,
//     each under ListLength runes, with no sentence end, a stop-word
//     density of at least TailDensity and none of the TailVeto words
//     ("click", "subscribe"), none of them a stamp, a furniture heading
//     or a marked region. Menus and link rows are made of names and fail
//     the density test; promos are sentences or calls to action.
//   - embedded tweets right after the body: a text line and its credit
//     ("— Jane Doe (@jane) November 19, 2019").
//   - a last note: one good line (running text that ends like a
//     sentence) within TailGap lines after the body, with nothing but
//     short or bad lines between, among them a gallery counter ("Image 1
//     of 1"), and nothing after it but the end of the page, a furniture
//     heading or a marked region. An article's last note often sits
//     below its photos; without the gallery, a lone paragraph there is
//     as likely a policy or promo text, and goes.

// tailItems returns the last line of an item run that starts right after
// end (with at most one heading line before it), or end when there is
// none.
func tailItems(infos []*lineInfo, fs []features, regions []*region, heads []bool, end int, p *classifierParams) int {
	k := end + 1
	if k < len(fs) && tailHeading(fs[k]) && regions[k] == nil && !heads[k] {
		k++
	}
	j := k
	for j < len(fs) && tailItem(infos[j], fs[j], p) && regions[j] == nil && !heads[j] {
		j++
	}
	if j-k < p.TailItems {
		return end
	}
	return j - 1
}

// tailHeading is the heading of an item run: a few words and a colon.
func tailHeading(f features) bool {
	return f.words >= 1 && f.words <= 6 && f.class == cShort && f.colonEnd
}

// tailItem is one line of an item run.
func tailItem(li *lineInfo, f features, p *classifierParams) bool {
	if f.runes >= p.ListLength || f.words < 3 || f.term || f.stamp || f.comment || f.heading || f.seps >= 2 || f.colonEnd {
		return false
	}
	return float64(f.rel) >= p.TailDensity && !hasWord(li.lower, p.TailVeto)
}

// hasWord reports whether one of words occurs in lower as a whole word.
func hasWord(lower string, words []string) bool {
	for _, w := range words {
		for i := 0; ; {
			j := strings.Index(lower[i:], w)
			if j < 0 {
				break
			}
			a, b := i+j, i+j+len(w)
			if (a == 0 || !isWordByte(lower[a-1])) && (b == len(lower) || !isWordByte(lower[b])) {
				return true
			}
			i = b
		}
	}
	return false
}

// galleryCounter is a gallery's position line: "Image 1 of 12", "1 / 1".
func galleryCounter(li *lineInfo) bool {
	if li.words > 4 {
		return false
	}
	f := strings.Fields(li.lower)
	for i := 1; i+1 < len(f); i++ {
		if (f[i] == "of" || f[i] == "/") && digits(f[i-1]) == len(f[i-1]) && digits(f[i+1]) == len(f[i+1]) {
			return true
		}
	}
	return false
}

// tweetCredit is the credit line of an embedded tweet:
// "— Jane Doe (@jane) November 19, 2019".
func tweetCredit(li *lineInfo) bool {
	t := li.text
	if li.words > 16 || !(strings.HasPrefix(t, "—") || strings.HasPrefix(t, "–") || strings.HasPrefix(t, "- ")) {
		return false
	}
	i := strings.Index(t, "(@")
	if i < 0 || !strings.Contains(t[i:], ")") {
		return false
	}
	n := len(t)
	return n >= 4 && digits(t[n-4:]) == 4
}

// tailTweets returns the last line of the embedded tweets (a text line,
// then its credit line) that follow the body directly, or end.
func tailTweets(infos []*lineInfo, regions []*region, end int) int {
	for {
		k := end + 1
		if k < len(infos) && regions[k] == nil && !tweetCredit(infos[k]) {
			k++ // the tweet's text
		}
		if k >= len(infos) || regions[k] != nil || !tweetCredit(infos[k]) {
			return end
		}
		end = k
	}
}

// tailNote returns the index of a last note after end (see above), or
// -1: a good line below a gallery (a counter such as "Image 1 of 1"
// between), with only short or bad lines between it and the body.
func tailNote(infos []*lineInfo, fs []features, regions []*region, heads []bool, end int, p *classifierParams) int {
	gallery := false
	for g := end + 1; g < len(fs) && g <= end+p.TailGap; g++ {
		if regions[g] != nil || heads[g] {
			return -1
		}
		f := fs[g]
		gallery = gallery || galleryCounter(infos[g])
		if f.class == cGood && f.term && gallery {
			if n := g + 1; n == len(fs) || regions[n] != nil || heads[n] {
				return g
			}
			return -1
		}
		if f.class >= cNearGood {
			return -1 // prose between: not a lone note
		}
	}
	return -1
}
