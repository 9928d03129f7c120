package gen

import (
	"math/rand/v2"
	"strconv"
	"strings"
)

// style is a document's typography: real pages are consistent within
// themselves and differ from each other (a CMS with smart quotes, a wire
// feed without).
type style struct {
	curly bool   // “” and ’ instead of "" and '
	dash  string // " — ", " -- " or " - "
	nbsp  bool   // NBSP after honorifics and before units
}

// writer builds English-like news prose from a small grammar over the
// word lists. It is not a language model; it aims at the surface
// statistics a boilerplate classifier looks at: sentence length,
// stop-word density, capitalisation, punctuation, quotes.
type writer struct {
	r  *rand.Rand
	st style
	sb strings.Builder
	// glue suppresses the space before the next word (after an opening
	// quote); capNext capitalises it (start of a sentence).
	glue, capNext bool
}

func pick[T any](r *rand.Rand, xs []T) T { return xs[r.IntN(len(xs))] }

func (w *writer) chance(p float64) bool { return w.r.Float64() < p }

func (w *writer) word(s string) {
	if w.sb.Len() > 0 && !w.glue {
		w.sb.WriteByte(' ')
	}
	w.glue = false
	if w.capNext {
		s = capitalize(s)
		w.capNext = false
	}
	w.sb.WriteString(s)
}

// open writes an opening quote glued to the next word.
func (w *writer) open() {
	if w.sb.Len() > 0 && !w.glue {
		w.sb.WriteByte(' ')
	}
	w.sb.WriteString(w.quote(true))
	w.glue = true
}

func (w *writer) name() string {
	n := pick(w.r, firstNames[:]) + " " + pick(w.r, lastNames[:])
	return w.apos(n)
}

func (w *writer) honorific() string {
	sp := " "
	if w.st.nbsp && w.chance(0.5) {
		sp = "\u00a0"
	}
	return pick(w.r, titles[:]) + sp + w.apos(pick(w.r, lastNames[:]))
}

// apos applies the document's apostrophe style to s.
func (w *writer) apos(s string) string {
	if w.st.curly {
		return s
	}
	return strings.ReplaceAll(s, "’", "'")
}

func (w *writer) quote(open bool) string {
	switch {
	case !w.st.curly:
		return `"`
	case open:
		return "“"
	}
	return "”"
}

// np writes a noun phrase.
func (w *writer) np() {
	switch x := w.r.IntN(10); {
	case x < 6:
		det := pick(w.r, determiners[:])
		next := pick(w.r, nouns[:])
		var adj string
		if w.chance(0.5) {
			adj = pick(w.r, adjectives[:])
			next = adj
		}
		if det == "a" && strings.IndexByte("aeiou", next[0]) >= 0 {
			det = "an"
		}
		w.word(det)
		if adj != "" {
			w.word(adj)
			w.word(pick(w.r, nouns[:]))
		} else {
			w.word(next)
		}
		if w.chance(0.3) {
			w.word("of the")
			w.word(pick(w.r, nouns[:]))
		}
	case x < 8:
		w.word(pick(w.r, orgs[:]))
	default:
		w.word(plural(pick(w.r, nouns[:])))
	}
}

// plural is good enough for the nouns list.
func plural(n string) string {
	switch {
	case n == "data" || n == "evidence" || n == "research" || n == "testimony":
		return n
	case strings.HasSuffix(n, "y") && strings.IndexByte("aeiou", n[len(n)-2]) < 0:
		return n[:len(n)-1] + "ies"
	case strings.HasSuffix(n, "s") || strings.HasSuffix(n, "sh") || strings.HasSuffix(n, "ch"):
		return n + "es"
	}
	return n + "s"
}

func (w *writer) subject() {
	switch x := w.r.IntN(10); {
	case x < 2:
		w.word(pick(w.r, pronouns[:]))
	case x < 4:
		w.word(w.honorific())
	default:
		w.np()
	}
}

func (w *writer) pp() {
	w.word(pick(w.r, prepositions[:]))
	if w.chance(0.2) {
		w.word(pick(w.r, places[:]))
		return
	}
	w.np()
}

// clause writes subject, verb, object and prepositional phrases.
func (w *writer) clause() {
	w.subject()
	if w.chance(0.3) {
		w.word(pick(w.r, auxiliaries[:]))
		w.word(pick(w.r, verbs[:]))
	} else {
		w.word(pick(w.r, verbs[:]))
	}
	w.np()
	for n := w.r.IntN(3); n > 0; n-- {
		w.pp()
	}
	if w.chance(0.25) {
		w.word(pick(w.r, timeWords[:]))
	}
}

// sentence writes one sentence, capitalised and punctuated.
func (w *writer) sentence() {
	w.capNext = true
	switch x := w.r.IntN(20); {
	case x < 3: // quotation with attribution
		w.open()
		w.capNext = true
		w.clause()
		if w.chance(0.15) {
			w.sb.WriteString("…")
		} else {
			w.sb.WriteString(",")
		}
		w.sb.WriteString(w.quote(false))
		w.word(pick(w.r, saidVerbs[:]))
		w.word(w.name())
		if w.chance(0.5) {
			w.sb.WriteString(",")
			w.word(pick(w.r, roles[:]))
			w.word(pick(w.r, orgs[:]))
		}
	case x < 5: // reported speech
		w.word(w.name())
		w.sb.WriteString(",")
		w.word(pick(w.r, roles[:]))
		w.word(pick(w.r, orgs[:]) + ",")
		w.word("said")
		w.word(pick(w.r, timeWords[:]))
		w.word("that")
		w.clause()
	case x < 7: // a figure
		w.subject()
		w.word(pick(w.r, verbs[:]))
		w.word(strconv.Itoa(2 + w.r.IntN(998)))
		w.word(plural(pick(w.r, nouns[:])))
		if w.chance(0.4) {
			sp := " "
			if w.st.nbsp {
				sp = "\u00a0"
			}
			w.word("or about " + strconv.Itoa(1+w.r.IntN(99)) + sp + "percent")
		}
		w.pp()
	case x < 9: // parenthetical dash
		w.clause()
		w.sb.WriteString(w.st.dash)
		w.glue = true
		w.word("the")
		w.word(pick(w.r, adjectives[:]))
		w.word(pick(w.r, nouns[:]))
		w.sb.WriteString(w.st.dash)
		w.glue = true
		w.word(pick(w.r, connectives[:]))
		w.clause()
	default:
		if w.chance(0.2) {
			w.word(pick(w.r, timeWords[:]) + ",")
		}
		w.clause()
		if w.chance(0.35) {
			w.sb.WriteString(",")
			w.word(pick(w.r, connectives[:]))
			w.clause()
		}
	}
	w.sb.WriteString(".")
}

// paragraph returns a paragraph of at least min bytes (at least one
// sentence).
func (w *writer) paragraph(min int) string {
	w.sb.Reset()
	for w.sb.Len() == 0 || w.sb.Len() < min {
		w.sentence()
	}
	return w.sb.String()
}

// headline returns a Title Case headline of 5–13 words.
func (w *writer) headline() string {
	w.sb.Reset()
	for w.sb.Len() < 30+w.r.IntN(50) {
		switch x := w.r.IntN(6); {
		case x == 0:
			w.word(pick(w.r, lastNames[:]))
		case x == 1:
			w.word(pick(w.r, places[:]))
		case x == 2 && w.sb.Len() > 0:
			w.word(pick(w.r, prepositions[:]))
		case x == 3:
			w.word(pick(w.r, verbs[:]))
		default:
			w.word(pick(w.r, nouns[:]))
		}
	}
	h := titleCase(w.sb.String())
	if w.chance(0.2) {
		q := pick(w.r, nouns[:])
		if w.st.curly {
			h += " ‘" + titleCase(q) + "’"
		} else {
			h += " '" + titleCase(q) + "'"
		}
	}
	return w.apos(h)
}

func capitalize(s string) string {
	if s == "" || s[0] < 'a' || s[0] > 'z' {
		return s
	}
	return string(s[0]-'a'+'A') + s[1:]
}

func titleCase(s string) string {
	fs := strings.Fields(s)
	for i, f := range fs {
		if i == 0 || len(f) > 3 {
			fs[i] = capitalize(f)
		}
	}
	return strings.Join(fs, " ")
}
