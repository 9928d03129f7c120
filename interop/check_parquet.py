"""Read a Parquet export of quire records with pyarrow and DuckDB and
compare every row with the record it came from.

Usage: python check_parquet.py FILE.parquet RECORDS.jsonl

RECORDS.jsonl holds the same records as JSON Lines (quire export -format
jsonl). Both readers must return the records in the same order, each row
equal to its record, with the types the schema implies: int64 numbers,
dates as DATE (compared by their ISO form), lists and structs nested.
A field a record omits (optional) must read back as null. Prints one
"ok: ..." line per reader and exits 1 at the first difference.
"""

import datetime
import json
import sys


def plain(v):
    if isinstance(v, dict):
        return {k: plain(x) for k, x in v.items()}
    if isinstance(v, list):
        return [plain(x) for x in v]
    if isinstance(v, datetime.date):
        return v.isoformat()
    return v


def fill(want, got):
    """want with the members got has and want omits set to None."""
    if isinstance(want, dict) and isinstance(got, dict):
        return {k: fill(want.get(k), got[k]) if k in want else None for k in got} | {
            k: v for k, v in want.items() if k not in got
        }
    if isinstance(want, list) and isinstance(got, list) and len(want) == len(got):
        return [fill(w, g) for w, g in zip(want, got)]
    return want


def compare(reader, want, rows):
    if len(rows) != len(want):
        raise SystemExit(f"FAIL: {reader}: {len(rows)} rows, want {len(want)}")
    for i, (w, g) in enumerate(zip(want, rows)):
        g = plain(g)
        if fill(w, g) != g:
            raise SystemExit(f"FAIL: {reader}: row {i} ({w['id']!r}) differs from its record:\n{json.dumps(w)[:2000]}\n{json.dumps(g, default=str)[:2000]}")


def main(argv):
    if len(argv) != 3:
        print(__doc__)
        return 2
    path, jsonl = argv[1], argv[2]
    with open(jsonl, encoding="utf-8") as f:
        want = [json.loads(line) for line in f]

    import pyarrow
    import pyarrow.parquet as pq

    pf = pq.ParquetFile(path)
    meta = pf.metadata
    if not meta.created_by.startswith("quire version "):
        raise SystemExit(f"FAIL: pyarrow: created_by {meta.created_by!r}")
    for i in range(meta.num_row_groups):
        for j in range(meta.num_columns):
            c = meta.row_group(i).column(j)
            if c.compression != "ZSTD":
                raise SystemExit(f"FAIL: pyarrow: row group {i} column {c.path_in_schema} is {c.compression}, want ZSTD")
    types = {f.name: str(f.type) for f in pf.schema_arrow}
    for name, t in (("id", "string"), ("source", "struct<name: string not null, bytes: int64 not null, sha256: string not null>")):
        if types.get(name) != t:
            raise SystemExit(f"FAIL: pyarrow: column {name} is {types.get(name)}, want {t}")
    if "published" in types and types["published"] != "date32[day]":
        raise SystemExit(f"FAIL: pyarrow: published is {types['published']}, want date32[day]")
    compare("pyarrow", want, pf.read().to_pylist())
    print(f"ok: pyarrow {pyarrow.__version__}: {len(want)} rows in {meta.num_row_groups} row groups equal the records")

    import duckdb

    con = duckdb.connect()
    cur = con.execute("SELECT * FROM read_parquet(?)", [path])
    names = [d[0] for d in cur.description]
    rows = [dict(zip(names, r)) for r in cur.fetchall()]
    compare("duckdb", want, rows)
    n = con.execute("SELECT count(*) FROM read_parquet(?) WHERE id IS NULL", [path]).fetchone()[0]
    if n:
        raise SystemExit(f"FAIL: duckdb: {n} rows without id")
    print(f"ok: duckdb {duckdb.__version__}: {len(rows)} rows equal the records")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
