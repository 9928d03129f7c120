#!/usr/bin/env bash
# End-to-end benchmark of quire build and quire validate (issue 6).
#
# usage: bench/e2e.sh [--floors-only] [--real] SIZE
#        e.g. bench/e2e.sh 1GiB; bench/e2e.sh --real 256
#
# Makes a corpus of SIZE (or reuses the one left by an earlier run in the
# same work directory): by default a synthetic one with quire-gen (SIZE
# as quire-gen's -size, e.g. 1GiB); with --real, one made from the dev
# set's real pages by ../shared/bench/realcorpus.py (SIZE in MB, e.g.
# 256), which compresses like real news (about 2.9x) and normalizes at
# about half the speed of the generated text. Then times, each RUNS times
# in this one run:
#   build floor     tar -cf - DIR | zstd -3 -T2 | sha256sum
#   quire build     quire build -seeds DIR -out OUT -name bench -version 1.0.0
#   validate floor  zstd -dc BUNDLE | sha256sum
#   quire validate  quire validate -level complete BUNDLE, then -level full
# and prints a Markdown table of medians: wall time, throughput (raw corpus
# bytes per second), throughput as a fraction of the floor's (floor wall
# time ÷ quire wall time: the issue's "0.33× the floor") and peak RSS
# (from /usr/bin/time; for a pipeline it is the largest process of it).
#
# Environment:
#   RUNS=3            runs per step (at least 3 for a meaningful median)
#   SEED=1            corpus seed
#   BENCH_DIR=DIR     work directory, kept between runs (default: a new
#                     temporary directory, removed at exit)
#   QUIRE=PATH        use this quire binary instead of building ./cmd/quire
#   SOURCE_DATE_EPOCH passed through to quire build
#   SHARED=DIR        the shared data for --real (default ../shared)
# With --floors-only, quire is not built or run.
#
# Progress and logs go to stderr; only the table goes to stdout.
set -euo pipefail

floors_only=0
real=0
while [ $# -gt 1 ]; do
  case $1 in
  --floors-only) floors_only=1 ;;
  --real) real=1 ;;
  *) break ;;
  esac
  shift
done
if [ $# -ne 1 ]; then
  echo "usage: bench/e2e.sh [--floors-only] [--real] SIZE" >&2
  exit 2
fi
size=$1
runs=${RUNS:-3}
seed=${SEED:-1}
root=$(cd "$(dirname "$0")/.." && pwd)

log() { echo "e2e: $*" >&2; }

for tool in tar zstd sha256sum go; do
  command -v "$tool" >/dev/null || { log "missing $tool"; exit 2; }
done
if [ ! -x /usr/bin/time ]; then
  log "installing GNU time for peak RSS"
  apt-get update -qq >&2 && apt-get install -y -qq time >&2
fi

if [ -n "${BENCH_DIR:-}" ]; then
  work=$BENCH_DIR
  mkdir -p "$work"
else
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
fi
bin=$work/bin
mkdir -p "$bin"

log "building quire-gen"
(cd "$root" && go build -o "$bin/quire-gen" ./cmd/quire-gen)
if [ $floors_only -eq 0 ]; then
  if [ -n "${QUIRE:-}" ]; then
    cp "$QUIRE" "$bin/quire"
  else
    log "building quire"
    (cd "$root" && go build -o "$bin/quire" ./cmd/quire)
  fi
fi

# The corpus is reused when a previous run finished writing it.
if [ $real -eq 1 ]; then
  shared=${SHARED:-$root/../shared}
  corpus=$work/corpus-real-${size}MB
else
  corpus=$work/corpus-$size-seed$seed
fi
if [ -f "$corpus.done" ]; then
  log "reusing $corpus"
else
  rm -rf "$corpus"
  if [ $real -eq 1 ]; then
    log "writing $size MB of real pages into $corpus"
    python3 "$shared/bench/realcorpus.py" "$shared/devset/cases" "$corpus" "$size" >&2
  else
    log "generating $size into $corpus"
    "$bin/quire-gen" -size "$size" -seed "$seed" -out "$corpus" >&2
  fi
  touch "$corpus.done"
fi
bytes=$(find "$corpus" -type f -name '*.txt' -printf '%s\n' | awk '{s+=$1} END {print s+0}')
docs=$(find "$corpus" -type f -name '*.txt' | wc -l)
log "corpus: $docs documents, $bytes bytes"

# measure NAME CMD: runs CMD (a bash command line) $runs times and
# appends "NAME median_wall median_rss_kib status" to $work/results.
: >"$work/results"
measure() {
  local name=$1 cmd=$2 walls=() rsss=() status=ok
  for ((r = 1; r <= runs; r++)); do
    [ -n "${PREP:-}" ] && eval "$PREP"
    if ! /usr/bin/time -f '%e %M' -o "$work/time.out" bash -c "$cmd" >"$work/$name.out" 2>"$work/$name.err"; then
      status="failed (see $work/$name.err)"
      log "$name: run $r failed: $(tail -n 3 "$work/$name.err" | tr '\n' ' ')"
      break
    fi
    read -r wall rss <"$work/time.out"
    walls+=("$wall"); rsss+=("$rss")
    log "$name: run $r: ${wall}s, peak RSS ${rss} KiB"
  done
  if [ "$status" = ok ]; then
    echo "$name $(printf '%s\n' "${walls[@]}" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}') $(printf '%s\n' "${rsss[@]}" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}') ok" >>"$work/results"
  else
    echo "$name - - failed" >>"$work/results"
  fi
}

# warm reads the whole corpus (untimed) before a run, so that every run
# reads a warm page cache, as the issue's targets assume: some machines
# reclaim idle page cache (DAMON), and a cold read of a million small
# files can take many times the run itself. (tar skips reading files
# when it writes to /dev/null, hence the pipe.)
warm() { tar -cf - -C "$corpus" . | cat >/dev/null; }

PREP=warm measure build-floor "tar -cf - -C '$corpus' . | zstd -3 -T2 | sha256sum"

# The validate floor reads quire's bundle when there is one, else the
# floor's own tar.zst, so that it can be measured before quire can build.
bundle=$work/floor.tar.zst
if [ $floors_only -eq 0 ]; then
  out=$work/out
  PREP="rm -rf '$out'; warm" measure quire-build "'$bin/quire' build -seeds '$corpus' -out '$out' -name bench -version 1.0.0"
  if [ -f "$out/bench-1.0.0.tar.zst" ]; then
    bundle=$out/bench-1.0.0.tar.zst
  fi
fi
if [ "$bundle" = "$work/floor.tar.zst" ]; then
  tar -cf - -C "$corpus" . | zstd -q -3 -T2 -o "$bundle" -f
fi
measure validate-floor "zstd -dc '$bundle' | sha256sum"
if [ $floors_only -eq 0 ] && [ "$bundle" != "$work/floor.tar.zst" ]; then
  measure quire-validate-complete "'$bin/quire' validate -level complete '$bundle'"
  measure quire-validate-full "'$bin/quire' validate -level full '$bundle'"
fi

# The table.
kind=" (generated)"
[ $real -eq 1 ] && kind=" MB of real pages"
awk -v kind="$kind" -v bytes="$bytes" -v docs="$docs" -v size="$size" -v runs="$runs" -v bundle_bytes="$(stat -c %s "$bundle")" '
  { wall[$1] = $2; rss[$1] = $3; st[$1] = $4; order[++n] = $1 }
  END {
    floor["quire-build"] = "build-floor"
    floor["quire-validate-complete"] = "validate-floor"; floor["quire-validate-full"] = "validate-floor"
    printf "Corpus: %s%s requested, %d documents, %.1f MB raw; bundle %.1f MB; median of %d runs.\n\n", size, kind, docs, bytes / 1e6, bundle_bytes / 1e6, runs
    print "| step | wall (s) | throughput (MB/s) | throughput ÷ floor | peak RSS (MiB) |"
    print "|---|---:|---:|---:|---:|"
    for (i = 1; i <= n; i++) {
      s = order[i]
      if (st[s] != "ok") { printf "| %s | %s | | | |\n", s, st[s]; continue }
      ratio = "1.00"
      if (s in floor) {
        f = floor[s]
        ratio = (st[f] == "ok" && wall[s] > 0) ? sprintf("%.3f", wall[f] / wall[s]) : "-"
      }
      printf "| %s | %.2f | %.1f | %s | %.0f |\n", s, wall[s], (wall[s] > 0 ? bytes / 1e6 / wall[s] : 0), ratio, rss[s] / 1024
    }
  }' "$work/results"
