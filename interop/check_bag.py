"""Check an extracted quire release bag with the tools its users run.

Usage: python check_bag.py BAG_DIR

Each check prints one line "ok: ..." or "FAIL: ..." and the script exits 1
if any failed. The checks:

  bagit         the Library of Congress reference validator (bagit-python)
                validates the bag: every checksum, the Oxum, bag-info syntax.
  datasets      datasets.load_dataset(BAG_DIR) reads the card's configs and
                dataset_info.features and yields exactly the records of
                data/records/*.jsonl, with the card's feature types.
  frictionless  frictionless validates data/datapackage.json (as `frictionless
                validate` does): the resource's bytes and sha256, its table
                schema against every row.
  croissant     `mlcroissant validate` accepts data/croissant.json with no
                error or warning in its log, and mlcroissant reads the
                record set back; every record equals the shard's line.

Records are compared as JSON values; a field the record omits (an optional
field) is compared with None, and a date with its ISO form, since that is
how a typed table holds them.
"""

import datetime
import glob
import json
import os
import sys
import traceback


def records(bag):
    out = []
    for path in sorted(glob.glob(os.path.join(bag, "data", "records", "*.jsonl"))):
        with open(path, encoding="utf-8") as f:
            out.extend(json.loads(line) for line in f)
    return out


def plain(v):
    """A value as JSON would hold it: dates as ISO strings."""
    if isinstance(v, dict):
        return {k: plain(x) for k, x in v.items()}
    if isinstance(v, list):
        return [plain(x) for x in v]
    if isinstance(v, (datetime.date, datetime.datetime)):
        return v.isoformat()[:10]
    return v


def fill(rec, features):
    """rec with every feature it omits present as None (recursively)."""
    if isinstance(features, dict):
        return {k: fill(rec.get(k) if isinstance(rec, dict) else None, f) for k, f in features.items()}
    if isinstance(features, list) and rec is not None:
        return [fill(x, features[0]) for x in rec]
    return rec


def shape(feature):
    """A datasets feature as nested dicts/lists of leaves, for fill."""
    import datasets

    if isinstance(feature, dict):
        return {k: shape(v) for k, v in feature.items()}
    if isinstance(feature, (datasets.List, datasets.LargeList)):
        return [shape(feature.feature)]
    if isinstance(feature, list):
        return [shape(feature[0])]
    return None


def first_difference(want, got, path=""):
    if type(want) is not type(got) and not (want is None or got is None):
        return f"{path or '/'}: {want!r:.80} != {got!r:.80}"
    if isinstance(want, dict):
        for k in sorted(set(want) | set(got)):
            d = first_difference(want.get(k), got.get(k), f"{path}/{k}")
            if d:
                return d
        return None
    if isinstance(want, list):
        if len(want) != len(got):
            return f"{path}: {len(want)} items != {len(got)}"
        for i, (a, b) in enumerate(zip(want, got)):
            d = first_difference(a, b, f"{path}/{i}")
            if d:
                return d
        return None
    return None if want == got else f"{path or '/'}: {want!r:.80} != {got!r:.80}"


def compare(what, want, got):
    if len(want) != len(got):
        raise AssertionError(f"{what}: {len(got)} records, want {len(want)}")
    for i, (w, g) in enumerate(zip(want, got)):
        d = first_difference(w, g)
        if d:
            raise AssertionError(f"{what}: record {i} ({w.get('id')!r}) differs at {d}")


def check_bagit(bag):
    import bagit

    b = bagit.Bag(bag)
    b.validate(processes=1)
    info = b.info
    for label in ("Payload-Oxum", "Bag-Software-Agent"):
        if label not in info:
            raise AssertionError(f"bag-info.txt has no {label}")
    return f"bagit-python validates the bag ({len(b.entries)} entries, {info['Payload-Oxum']} payload octets.files)"


def card_features(bag):
    import yaml

    with open(os.path.join(bag, "README.md"), encoding="utf-8") as f:
        text = f.read()
    if not text.startswith("---\n"):
        raise AssertionError("README.md has no YAML front matter")
    front = yaml.safe_load(text[4 : text.index("\n---\n", 4)])
    import datasets

    return datasets.Features._from_yaml_list(front["dataset_info"]["features"])


def check_datasets(bag):
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("HF_DATASETS_OFFLINE", "1")
    import datasets

    datasets.disable_progress_bars()
    want_features = card_features(bag)
    ds = datasets.load_dataset(bag, split="train")
    if ds.features != want_features:
        raise AssertionError(f"load_dataset features {ds.features} differ from the card's {want_features}")
    sh = shape(dict(ds.features))
    want = [fill(r, sh) for r in records(bag)]
    got = [plain(row) for row in ds]
    compare("load_dataset", want, got)
    return f"datasets {datasets.__version__}: load_dataset yields the {len(got)} records with the card's features"


def check_frictionless(bag):
    import frictionless

    path = os.path.join(bag, "data", "datapackage.json")
    report = frictionless.validate(path)
    if not report.valid:
        raise AssertionError("frictionless: " + json.dumps(report.flatten(["type", "message"]))[:2000])
    pkg = frictionless.Package(path)
    res = pkg.get_resource("records")
    n = 0
    with res:
        for row in res.row_stream:
            n += 1
    want = len(records(bag))
    if n != want:
        raise AssertionError(f"frictionless read {n} rows, want {want}")
    return f"frictionless validates datapackage.json ({n} rows)"


def check_croissant(bag):
    import subprocess

    import mlcroissant as mlc

    path = os.path.join(bag, "data", "croissant.json")
    # The command users run; it logs problems (and exits 0 on some), so
    # its log must be free of errors and warnings too.
    cli = os.path.join(os.path.dirname(sys.executable), "mlcroissant")
    run = subprocess.run([cli, "validate", "--jsonld", path], capture_output=True, text=True)
    log = run.stdout + run.stderr
    if run.returncode != 0 or "error" in log.lower() or "warning" in log.lower():
        raise AssertionError(f"mlcroissant validate (exit {run.returncode}):\n{log[-3000:]}")
    ds = mlc.Dataset(jsonld=path)
    issues = ds.metadata.ctx.issues
    if issues.errors:
        raise AssertionError("mlcroissant: " + issues.report())
    want = records(bag)
    got = []
    for rec in ds.records(record_set="records"):
        got.append(decode(rec))
    # mlcroissant reads a FileSet's files in an order of its own: compare by id.
    got.sort(key=lambda r: r["id"])
    want = [fill(r, croissant_shape(ds.metadata.record_sets[0].fields)) for r in want]
    compare("mlcroissant records", want, got)
    return f"mlcroissant validates croissant.json and reads back the {len(got)} records"


def croissant_shape(fields):
    out = {}
    for f in fields:
        s = croissant_shape(f.sub_fields) if f.sub_fields else None
        out[f.name] = [s] if f.is_array else s
    return out


def decode(v):
    """mlcroissant's values as JSON would hold them."""
    if isinstance(v, dict):
        return {k.split("/")[-1]: decode(x) for k, x in v.items()}
    if isinstance(v, (list, tuple)):
        return [decode(x) for x in v]
    if isinstance(v, bytes):
        return v.decode("utf-8")
    if hasattr(v, "item"):  # numpy scalar
        return v.item()
    if isinstance(v, (datetime.date, datetime.datetime)):
        return v.isoformat()[:10]
    try:
        import pandas

        if v is pandas.NaT or (isinstance(v, float) and v != v):
            return None
    except ImportError:
        pass
    return v


CHECKS = {
    "bagit": check_bagit,
    "datasets": check_datasets,
    "frictionless": check_frictionless,
    "croissant": check_croissant,
}


def main(argv):
    if len(argv) < 2:
        print(__doc__)
        return 2
    bag = argv[1]
    names = argv[2:] or list(CHECKS)
    failed = 0
    for name in names:
        try:
            print(f"ok: {name}: {CHECKS[name](bag)}", flush=True)
        except Exception as e:  # report every check, then fail
            failed += 1
            print(f"FAIL: {name}: {type(e).__name__}: {e}", flush=True)
            if os.environ.get("QUIRE_INTEROP_TRACE"):
                traceback.print_exc()
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
