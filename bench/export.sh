#!/usr/bin/env bash
# Export benchmark: quire export of an N-record bundle (default 100,000
# generated records, about 480 MB of JSON Lines) as Parquet, JSON Lines
# and CSV, with quire validate -level full (which reads and checks the
# same bundle and writes nothing) as the baseline measured in the same
# run. Prints wall time, CPU time and peak RSS of each, the median of
# RUNS runs (default 3), and checks that two Parquet exports are
# byte-identical.
#
# usage: bench/export.sh [N] [RUNS]     (from the repository root)
# Needs GNU time (/usr/bin/time). Work files go to $TMPDIR (~1.1 GB).
set -euo pipefail
n=${1:-100000}
runs=${2:-3}
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
bin=$work/bin
mkdir -p "$bin"
(cd "$root" && go build -o "$bin/quire" ./cmd/quire && go build -o "$bin/quire-gen" ./cmd/quire-gen \
  && go build -o "$bin/jsonl2bundle" ./bench/jsonl2bundle)
(cd "$root/parquet" && go build -o "$bin/quire-parquet" ./cmd/quire-parquet)
"$bin/quire-gen" -n "$n" -records "$work/records.jsonl" >/dev/null
"$bin/jsonl2bundle" -name bench -version 1.0.0 "$work/records.jsonl" "$work/b.tar.zst" >/dev/null
rm "$work/records.jsonl"
echo "bundle: $n records, $(stat -c %s "$work/b.tar.zst") bytes compressed; $(nproc) cores; load $(cut -d' ' -f1-3 /proc/loadavg)"

measure() { # name command...
  local name=$1; shift
  local walls=() cpus=() rss=()
  for _ in $(seq "$runs"); do
    cat "$work/b.tar.zst" >/dev/null # warm the page cache for each run alike
    /usr/bin/time -f '%e %U %S %M' -o "$work/t" "$@" >/dev/null 2>"$work/err" || { cat "$work/err"; exit 1; }
    read -r w u s m <"$work/t"
    walls+=("$w"); cpus+=("$(echo "$u + $s" | bc)"); rss+=("$m")
  done
  med() { printf '%s\n' "$@" | sort -g | sed -n "$(( ($# + 1) / 2 ))p"; }
  printf '%-22s wall %6ss  cpu %6ss  peak RSS %5d MiB  (median of %d)\n' "$name" \
    "$(med "${walls[@]}")" "$(med "${cpus[@]}")" "$(( $(med "${rss[@]}") / 1024 ))" "$runs"
}
measure "validate -level full" "$bin/quire" validate -quiet "$work/b.tar.zst"
measure "export parquet" "$bin/quire" export -quiet -format parquet -o "$work/a.parquet" "$work/b.tar.zst"
measure "export jsonl" "$bin/quire" export -quiet -o "$work/a.jsonl" "$work/b.tar.zst"
measure "export csv" "$bin/quire" export -quiet -o "$work/a.csv" "$work/b.tar.zst"
"$bin/quire" export -quiet -o "$work/b.parquet" "$work/b.tar.zst"
cmp "$work/a.parquet" "$work/b.parquet" && echo "two Parquet exports: identical ($(stat -c %s "$work/a.parquet") bytes)"
