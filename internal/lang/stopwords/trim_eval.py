#!/usr/bin/env python3
"""How the trim size (make.py's TOP) was chosen: for each candidate N, the
character-weighted AUC of stop-word density between article and
boilerplate lines of at least 3 words, per language, on both dev sets.

    /tmp/wf/bin/python internal/lang/stopwords/trim_eval.py package/stopwords-iso.json ../shared

It approximates lang.Count's words with a regular expression; the Go test
TestStopDensity measures the shipped lists exactly. The last line scores
the normalizer's hand-made English list (dataset/normalize/stopwords.go)
the same way, for comparison. Figures: docs/LANG.md.
"""
import bisect
import collections
import glob
import json
import os
import sys
import unicodedata

import regex
import wordfreq

WORD = regex.compile(r"[\p{L}\p{M}\p{N}](?:[\p{L}\p{M}\p{N}'’\-]*[\p{L}\p{M}\p{N}])?")
WORDFREQ_CODE = {"no": "nb", "tl": "fil", "hr": "sh"}


def nfc(s):
    return " ".join(unicodedata.normalize("NFC", s).split())


def words(line):
    return [w.replace("’", "'") for w in WORD.findall(line.lower()) if regex.search(r"\p{L}", w)]


def labelled_lines(shared, labels):
    for f in sorted(glob.glob(os.path.join(shared, "devset-web", "cases", "*.snippets.json"))):
        d = json.load(open(f, encoding="utf-8"))
        name = os.path.basename(f)[: -len(".snippets.json")]
        with_, without = [nfc(s) for s in d["with"]], [nfc(s) for s in d["without"]]
        for line in open(f[: -len(".snippets.json")] + ".txt", encoding="utf-8").read().split("\n"):
            line = nfc(line)
            a, b = any(s in line for s in with_), any(s in line for s in without)
            if line and a != b:
                yield labels[name], "content" if a else "boilerplate", line
    for f in sorted(glob.glob(os.path.join(shared, "devset", "cases", "*.labels.json"))):
        d = json.load(open(f, encoding="utf-8"))
        text = open(f[: -len(".labels.json")] + ".txt", encoding="utf-8").read().split("\n")
        for e in d["lines"]:
            if e["label"] in ("content", "boilerplate"):
                yield "en-devset", e["label"], nfc(text[e["n"] - 1])


def auc(content, boiler):
    boiler = sorted(boiler)
    ds = [d for d, _ in boiler]
    cum = [0]
    for _, w in boiler:
        cum.append(cum[-1] + w)
    s = weight = 0
    for d, w in content:
        lo, hi = bisect.bisect_left(ds, d), bisect.bisect_right(ds, d)
        s += w * (cum[lo] + (cum[hi] - cum[lo]) / 2)
        weight += w
    return s / (weight * cum[-1])


def main(src, shared):
    sw = json.load(open(src, encoding="utf-8"))
    here = os.path.dirname(os.path.abspath(__file__))
    labels = {}
    for t in open(os.path.join(here, "..", "testdata", "devset-web-languages.tsv"), encoding="utf-8"):
        if t.strip() and not t.startswith("#"):
            labels[t.split("\t")[0]] = t.split("\t")[1]
    data = list(labelled_lines(shared, labels))
    groups = ["en-devset", "en", "de", "es", "fr", "pl"]
    for n in [None, 1000, 500, 300, 200, 150, 100]:
        res = []
        for g in groups:
            lang = "en" if g == "en-devset" else g
            s = {unicodedata.normalize("NFC", w.lower()).replace("’", "'") for w in sw[lang]}
            if n is not None:
                s &= set(wordfreq.top_n_list(WORDFREQ_CODE.get(lang, lang), n))
            dens = collections.defaultdict(list)
            for lg, cls, line in data:
                ws = words(line)
                if lg == g and len(ws) >= 3:
                    dens[cls].append((sum(w in s for w in ws) / len(ws), len(line)))
            res.append(auc(dens["content"], dens["boilerplate"]))
        print(f"N={n or 'all':>5} " + " ".join(f"{g}={a:.3f}" for g, a in zip(groups, res)) + f"  mean={sum(res) / len(res):.3f}")
    go = open(os.path.join(here, "..", "..", "..", "dataset", "normalize", "stopwords.go"), encoding="utf-8").read()
    today = set(regex.search(r"const stopWordList = `([^`]*)`", go).group(1).split())
    res = []
    for g in ["en-devset", "en"]:
        dens = collections.defaultdict(list)
        for lg, cls, line in data:
            ws = words(line)
            if lg == g and len(ws) >= 3:
                dens[cls].append((sum(w in today for w in ws) / len(ws), len(line)))
        res.append(f"{g}={auc(dens['content'], dens['boilerplate']):.3f}")
    print(f"normalize's English list ({len(today)} words): " + " ".join(res))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
