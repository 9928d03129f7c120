#!/usr/bin/env bash
# The Beam pipeline on Prism against quire build, on one generated
# corpus, in the same run (docs/SCALING.md).
#
# usage: beam/bench.sh SIZE        e.g. beam/bench.sh 256MB
#
# Generates SIZE of documents with quire-gen (kept in BENCH_DIR between
# runs), then times RUNS times, alternately, quire build and quire-beam
# (-runner=prism, in its own process) on it, with the same flags and
# SOURCE_DATE_EPOCH; checks with cmp that every bundle is the same; and
# prints a Markdown table of medians: wall time, CPU time (user + sys),
# peak RSS (GNU time's maximum resident set size of the process).
#
# Environment: RUNS=3, SEED=1, BENCH_DIR=DIR (default: a temporary
# directory, removed at exit).
set -euo pipefail
size=${1:?usage: beam/bench.sh SIZE}
runs=${RUNS:-3}
seed=${SEED:-1}
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
log() { echo "bench: $*" >&2; }
if [ ! -x /usr/bin/time ]; then
  apt-get update -qq >&2 && apt-get install -y -qq time >&2
fi
if [ -n "${BENCH_DIR:-}" ]; then
  work=$BENCH_DIR; mkdir -p "$work"
else
  work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
fi
bin=$work/bin
mkdir -p "$bin"
log "building quire, quire-gen and quire-beam"
(cd "$root" && go build -o "$bin" ./cmd/quire ./cmd/quire-gen)
(cd "$here" && go build -o "$bin" ./cmd/quire-beam)
corpus=$work/corpus-$size-$seed
if [ ! -f "$corpus/.complete" ]; then
  rm -rf "$corpus"
  log "generating $size into $corpus"
  "$bin/quire-gen" -size "$size" -seed "$seed" -out "$corpus" >&2
  touch "$corpus/.complete"
fi
export SOURCE_DATE_EPOCH=1700000000
docs=$(find "$corpus" -name '*.txt' | wc -l)
bytes=$(du -sb --exclude=.complete "$corpus" | cut -f1)
log "$docs documents, $bytes bytes; load before: $(cut -d' ' -f1-3 /proc/loadavg)"

# run NAME CMD...: one timed run; appends "wall cpu rss_kib" to $work/NAME.
run() {
  local name=$1; shift
  cat "$corpus"/*.txt >/dev/null 2>&1 || find "$corpus" -name '*.txt' -exec cat {} + >/dev/null
  /usr/bin/time -f "%e %U %S %M" -o "$work/time" "$@" >/dev/null 2>"$work/$name.err" || {
    log "$name failed:"; cat "$work/$name.err" >&2; exit 1; }
  read -r wall user sys rss <"$work/time"
  echo "$wall $(echo "$user + $sys" | bc) $rss" >>"$work/$name"
  log "$name: ${wall}s wall, user ${user}s sys ${sys}s, ${rss} KiB; load $(cut -d' ' -f1 /proc/loadavg)"
}
rm -f "$work/build" "$work/beam"
for i in $(seq "$runs"); do
  rm -rf "$work/out-build" "$work/out-beam"
  run build "$bin/quire" build -quiet -seeds "$corpus" -out "$work/out-build"
  run beam "$bin/quire-beam" -seeds "$corpus" -out "$work/out-beam" -runner=prism
  cmp "$work/out-build/dataset-0.1.0.tar.zst" "$work/out-beam/dataset-0.1.0.tar.zst"
  cmp "$work/out-build/dataset-0.1.0.tar.zst.sha256" "$work/out-beam/dataset-0.1.0.tar.zst.sha256"
done
log "bundles identical in every run (cmp); load after: $(cut -d' ' -f1-3 /proc/loadavg)"

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
col() { awk -v c="$2" '{print $c}' "$work/$1" | median; }
bw=$(col build 1); ew=$(col beam 1)
echo "| $docs documents, $bytes bytes, medians of $runs | wall (s) | CPU (s) | peak RSS (MiB) |"
echo "|---|---:|---:|---:|"
for n in build beam; do
  label="quire build"; [ $n = beam ] && label="quire-beam -runner=prism"
  printf "| %s | %s | %s | %d |\n" "$label" "$(col $n 1)" "$(col $n 2)" "$(( $(col $n 3) / 1024 ))"
done
echo
echo "Prism ÷ quire build, wall: $(echo "scale=2; $ew / $bw" | bc)×"
