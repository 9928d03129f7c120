package contrib

import (
	"fmt"
	"slices"
	"strings"

	"github.com/quire-archive/quire/dataset/report"
	"github.com/quire-archive/quire/internal/lang"
)

// Languages is what a dataset says about the languages it takes, for
// the language check (Q607). A dataset may be in any language: only its
// maintainer knows which it should hold, and says so in the metadata
// file; without that, the languages its records are in are the best
// evidence there is.
type Languages struct {
	// Declared are the ISO 639-1 codes the maintainer declared
	// (quire.toml's languages). When there are any, they decide.
	Declared []string
	// Records are the languages of the dataset's records (records of
	// unsure language left out), used when none are declared. The
	// caller collects them as it reads the dataset for the index, so
	// the dataset is read once.
	Records []string
	// File is the dataset's metadata file, where the languages are
	// declared or would be, for messages; "" when it is not known.
	File string
}

// textLang is the language a contribution is judged by.
type textLang struct {
	code lang.Lang // lang.Unsure when there is none
	// record says the text is a JSON Lines record's, and stated that
	// the record states the language, rather than the normalizer
	// detecting it.
	record, stated bool
}

// docLang returns the language of a raw document: its record's, which
// the normalizer detected.
func docLang(detected *string) textLang {
	if detected == nil {
		return textLang{}
	}
	return textLang{code: lang.Lang(*detected)}
}

// recordLang returns the language of a record line's text: the one the
// record states, else (a null language, or a schema-v1 record, which
// has none) the one the normalizer detects in the text, as it would in
// the raw document.
func recordLang(stated, detected *string) textLang {
	if stated != nil {
		return textLang{code: lang.Lang(*stated), record: true, stated: true}
	}
	l := docLang(detected)
	l.record = true
	return l
}

// sameLanguage reports whether a text in language text belongs to a
// dataset that takes language want. ISO 639-1 has one macrolanguage
// whose members have codes of their own: Norwegian ("no"), which the
// detector says, and its written standards Bokmål ("nb") and Nynorsk
// ("nn"), which a maintainer may declare instead.
func sameLanguage(want, text string) bool {
	if want == text {
		return true
	}
	norwegian := func(c string) bool { return c == "no" || c == "nb" || c == "nn" }
	return (want == "no" || text == "no") && norwegian(want) && norwegian(text)
}

// checkLanguage warns (Q607) when a text's language is not one the
// dataset takes — its declared languages, or, with none declared, the
// languages of its records — and when there is no language: no running
// text in one language the detector knows. Without declared languages
// and without a dataset, only the second is reported.
func (c *Checker) checkLanguage(rep *report.Report, p report.Problem, tl textLang) {
	ls := c.opts.Languages
	file := ls.File
	if file == "" {
		file = "the dataset's quire.toml"
	}
	takes, declared := ls.Declared, len(ls.Declared) > 0
	if !declared {
		takes = ls.Records
	}
	// What the dataset takes, as the messages say it.
	var dataset string
	switch {
	case declared:
		dataset = fmt.Sprintf("the dataset declares %s in %s", quoteList(takes), file)
	case len(takes) > 0:
		dataset = fmt.Sprintf("the dataset's records are in %s, and %s declares no languages", quoteList(takes), file)
	}
	if tl.code == lang.Unsure {
		what := "no language detected (the record's language is null)"
		if tl.record {
			what = "the record states no language, and none is detected in its text"
		}
		msg := what + ": the text is not clearly running text in one language quire knows (a mix of languages, a language without an ISO 639-1 code or stop-word list, or mostly names, numbers and lists)"
		if dataset != "" {
			msg += "; " + dataset + ": check that the text is an article in one of them"
		} else {
			msg += ": check that the text is an article in one language"
		}
		rep.Addf(p, report.Language, "%s", msg)
		return
	}
	if len(takes) == 0 || slices.ContainsFunc(takes, func(w string) bool { return sameLanguage(w, string(tl.code)) }) {
		return
	}
	how := "detected"
	if tl.stated {
		how = "the record's"
	}
	fix := fmt.Sprintf("add %q to languages in %s", string(tl.code), file)
	if !declared {
		fix = fmt.Sprintf("declare them in %s: languages = [%s]", file, quoteList(sortedUnion(takes, string(tl.code))))
	}
	rep.Addf(p, report.Language, "language %q (%s) is not one the dataset takes: %s; leave the document out or, if the dataset takes %q documents, %s",
		string(tl.code), how, dataset, string(tl.code), fix)
}

// quoteList writes codes as a TOML list's items: "de", "en".
func quoteList(codes []string) string {
	q := make([]string, len(codes))
	for i, c := range codes {
		q[i] = fmt.Sprintf("%q", c)
	}
	return strings.Join(q, ", ")
}

// sortedUnion returns codes and c, sorted, without repeats.
func sortedUnion(codes []string, c string) []string {
	u := append(slices.Clone(codes), c)
	slices.Sort(u)
	return slices.Compact(u)
}
