#!/usr/bin/env python3
"""Regenerate the embedded stop-word lists from their sources.

The lists are data, committed with the code; this script is how they were
made, so that anyone can check them or redo them with newer sources. It
needs no network: fetch the two sources through their registries first.

    npm pack stopwords-iso@1.1.0 && tar xzf stopwords-iso-1.1.0.tgz
    python3 -m venv /tmp/wf && /tmp/wf/bin/pip install wordfreq==3.1.1
    /tmp/wf/bin/python internal/lang/stopwords/make.py package/stopwords-iso.json

The rule, the same for every language (see SOURCE.md):

1. Take the stopwords-iso list, NFC, lower case, ’ written as '.
2. Keep only entries that are one word as lang.Count splits words (letters,
   marks and digits, with ' ’ - inside): no phrases, no punctuation, no
   numbers alone.
3. Where wordfreq 3.1.1 has a frequency list for the language, keep only
   the words among its TOP most frequent words: stopwords-iso mixes function
   words with content words ("abroad", "information") that make menus and
   headlines look like prose. Where it has none, keep the whole list if it
   has at most MAX_UNRANKED words, else leave the language out.
4. The fallback list (for text of unknown language) is the union, over the
   ranked languages written with spaces, of each list's FALLBACK_PER_LANG
   most frequent words.
5. prose-density.tsv: the share of running text a list covers, the sum of
   wordfreq's frequencies of its words (word tokens; in Chinese and
   Japanese a rough guide only, as Count counts characters there). For the
   fallback list, the mean of that sum over the ranked languages written
   with spaces; for a language without wordfreq data, the median of the
   ranked lists' figures.
"""
import json
import os
import sys
import unicodedata

import regex
import wordfreq

TOP = 500
MAX_UNRANKED = 250
FALLBACK_PER_LANG = 12
# stopwords-iso code -> wordfreq code where they differ.
WORDFREQ_CODE = {"no": "nb", "tl": "fil", "hr": "sh"}
# Scripts written without spaces between words (lang.Count's dense scripts).
DENSE = ("zh", "ja", "th")

# A word as lang.Count sees one: letters, marks and digits, with ' ’ - inside.
WORD = regex.compile(r"^[\p{L}\p{M}\p{N}](?:[\p{L}\p{M}\p{N}'’\-]*[\p{L}\p{M}\p{N}])?$")


def one_word(w):
    return WORD.match(w) is not None and regex.search(r"\p{L}", w) is not None


def main(src, out):
    sw = json.load(open(src, encoding="utf-8"))
    ranked = {}
    kept = {}
    freqs = {}
    for lang in sorted(sw):
        words = {unicodedata.normalize("NFC", w.strip().lower()).replace("’", "'") for w in sw[lang]}
        words = {w for w in words if one_word(w)}
        code = WORDFREQ_CODE.get(lang, lang)
        if code in wordfreq.available_languages("best"):
            rank = {w: i for i, w in enumerate(wordfreq.top_n_list(code, TOP))}
            rank = {unicodedata.normalize("NFC", w): i for w, i in rank.items()}
            words = {w for w in words if w in rank}
            ranked[lang] = sorted(words, key=lambda w: (rank[w], w))
            fd = wordfreq.get_frequency_dict(code, "best")
            freqs[lang] = {unicodedata.normalize("NFC", w): f for w, f in fd.items()}
        elif len(words) > MAX_UNRANKED:
            print(f"{lang}: {len(words)} words, no frequency list: left out", file=sys.stderr)
            continue
        kept[lang] = sorted(words)
    for name in os.listdir(out):
        if name.endswith(".txt") or name.endswith(".tsv"):
            os.remove(os.path.join(out, name))
    for lang, words in kept.items():
        with open(os.path.join(out, lang + ".txt"), "w", encoding="utf-8") as f:
            f.write("".join(w + "\n" for w in words))
    fallback = set()
    for lang, words in ranked.items():
        if lang not in DENSE:
            fallback.update(words[:FALLBACK_PER_LANG])
    with open(os.path.join(out, "fallback.txt"), "w", encoding="utf-8") as f:
        f.write("".join(w + "\n" for w in sorted(fallback)))
    density = {lang: sum(freqs[lang].get(w, 0) for w in kept[lang]) for lang in ranked}
    spaced = [lang for lang in ranked if lang not in DENSE]
    density["fallback"] = sum(sum(freqs[lang].get(w, 0) for w in fallback) for lang in spaced) / len(spaced)
    ordered = sorted(density[lang] for lang in ranked)
    median = ordered[len(ordered) // 2]
    for lang in kept:
        density.setdefault(lang, median)
    with open(os.path.join(out, "prose-density.tsv"), "w", encoding="utf-8") as f:
        f.write("".join(f"{lang}\t{density[lang]:.3f}\n" for lang in sorted(density)))
    for lang in sorted(kept):
        print(lang, len(sw[lang]), "->", len(kept[lang]), "(ranked)" if lang in ranked else "(whole)")
    print("fallback", len(fallback))


if __name__ == "__main__":
    main(sys.argv[1], os.path.dirname(os.path.abspath(__file__)))
