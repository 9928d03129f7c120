package normalize

// SCRATCH prototype of per-language stop words (not for commit): the
// real package comes from engineer "lang".

import (
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"sync"
)

type wordSet interface{ has(string) bool }

type mapSet map[string]bool

func (m mapSet) has(w string) bool { return m[w] }

var protoOnce sync.Once
var protoSets map[string]mapSet

func protoLoad() {
	protoSets = map[string]mapSet{}
	b, err := os.ReadFile("/tmp/sw/stopwordsiso/stopwords-iso.json")
	if err != nil {
		return
	}
	var d map[string][]string
	json.Unmarshal(b, &d)
	for k, v := range d {
		m := mapSet{}
		for _, w := range v {
			m[strings.ToLower(w)] = true
		}
		protoSets[k] = m
	}
}

// protoDetect picks the language whose list covers most words of the
// longer lines.
func (n *Normalizer) protoDetect(lines []Line) wordSet {
	if os.Getenv("QUIRE_PROTO_LANG") == "" {
		return n.stops
	}
	protoOnce.Do(protoLoad)
	var words []string
	for _, l := range lines {
		if len(l.Text) < 80 {
			continue
		}
		for _, w := range strings.Fields(strings.ToLower(l.Text)) {
			if w = trimWord(w); w != "" {
				words = append(words, w)
			}
		}
		if len(words) > 3000 {
			break
		}
	}
	if len(words) < 20 {
		return n.stops
	}
	best, bestN := "", 0
	for k, s := range protoSets {
		c := 0
		for _, w := range words {
			if s[w] {
				c++
			}
		}
		if c > bestN {
			best, bestN = k, c
		}
	}
	if best == "en" || best == "" {
		return n.stops
	}
	return protoSets[best]
}

// exp is a SCRATCH experiment switch: QUIRE_EXP=a,b turns on a and b.
func init() {
	if v := os.Getenv("QUIRE_BRIDGE"); v != "" {
		fmt.Sscan(v, &bridgeMax)
	}
}

func exp(name string) bool {
	for _, e := range strings.Split(os.Getenv("QUIRE_EXP"), ",") {
		if e == name {
			return true
		}
	}
	return false
}
