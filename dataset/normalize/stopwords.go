package normalize

import "strings"

// stopWordList is a general English stop-word list: articles,
// pronouns, auxiliaries, prepositions, conjunctions and the commonest
// adverbs. Running text is 35–50 % stop words; menus, headlines run
// together and link lists are far below that, which is what the line
// classifier measures. It is a fixed list, not learnt from the dev set.
const stopWordList = `a about above after again against all also am an and any are aren't as at
be because been before being below between both but by
can can't cannot could couldn't
did didn't do does doesn't doing don't down during
each either even ever every
few for from further
had hadn't has hasn't have haven't having he he'd he'll he's her here here's hers herself him himself his how how's however
i i'd i'll i'm i've if in into is isn't it it's its itself
just
last least less let's like
many may me might more most much must mustn't my myself
neither never no nor not now
of off often on once one only or other others our ours ourselves out over own
rather
same she she'd she'll she's should shouldn't since so some still such
than that that's the their theirs them themselves then there there's these they they'd they'll they're they've this those though through thus to too
under until up upon us
very
was wasn't we we'd we'll we're we've were weren't what what's when when's where where's whether which while who who's whom whose why why's will with within without won't would wouldn't
yet you you'd you'll you're you've your yours yourself yourselves
said says say told`

// stopSet is the stop-word list as a set; built once per Normalizer.
// Words are found by their first byte and length, then compared with
// the few candidates of that bucket: a map lookup (hashing every word of
// every line) was the largest single cost of measuring a line.
type stopSet struct {
	bucket [26][stopMaxLen + 1][]string
}

// stopMaxLen is the longest stop word, in bytes.
const stopMaxLen = 10

func newStopSet() *stopSet {
	s := &stopSet{}
	for _, w := range strings.Fields(stopWordList) {
		if len(w) > stopMaxLen || w[0] < 'a' || w[0] > 'z' {
			panic("normalize: stop word " + w + " out of the table") // a programming error in the list above
		}
		s.bucket[w[0]-'a'][len(w)] = append(s.bucket[w[0]-'a'][len(w)], w)
	}
	return s
}

// has reports whether w is a stop word.
func (s *stopSet) has(w string) bool {
	if len(w) == 0 || len(w) > stopMaxLen || w[0] < 'a' || w[0] > 'z' {
		return false
	}
	for _, c := range s.bucket[w[0]-'a'][len(w)] {
		if c == w {
			return true
		}
	}
	return false
}
