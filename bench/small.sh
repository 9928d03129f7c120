#!/usr/bin/env bash
# Correctness-only end-to-end run on a small synthetic corpus (about 2 MB),
# for CI: no timings, only exit codes and outputs.
#
# usage: bench/small.sh        (QUIRE=PATH to use a prebuilt quire binary)
#
# Generates version 1 (500 documents) and version 2 (-next) of a corpus,
# builds a bundle of each, validates them, diffs them and checks that:
#   - build and validate exit 0, and building v1 twice gives identical bytes;
#   - validate rejects a bundle with a flipped byte (exit 1), and accepts
#     a copy recompressed by zstd with a warning (exit 0; 1 with -strict);
#   - diff exits 0 for v1 against itself and 1 for v1 against v2, both for
#     bundles and for quire-gen's record files;
#   - validate and add refuse a link and a FIFO named on the command line
#     (without following or hanging) and junk, and add a clean
#     contribution; --version and the bash completion script work.
# Exits 0 if every check passed, 1 otherwise, 2 on setup trouble.
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-1700000000}

fail=0
pass() { echo "ok   $*"; }
bad() { echo "FAIL $*"; fail=1; }
# expect CODE DESCRIPTION CMD...: runs CMD, output to a log, checks its exit code.
expect() {
  local want=$1 what=$2; shift 2
  "$@" >"$work/last.out" 2>"$work/last.err"
  local got=$?
  if [ "$got" -eq "$want" ]; then
    pass "$what (exit $got)"
  else
    bad "$what: exit $got, want $want"
    sed 's/^/     | /' "$work/last.err" | tail -n 20
  fi
}

cd "$root" || exit 2
go build -o "$work/quire-gen" ./cmd/quire-gen || exit 2
if [ -n "${QUIRE:-}" ]; then
  q=$QUIRE
else
  go build -o "$work/quire" ./cmd/quire || exit 2
  q=$work/quire
fi
g=$work/quire-gen

expect 0 "generate v1" "$g" -n 500 -seed 1 -plain -out "$work/v1"
expect 0 "generate v2" "$g" -n 500 -seed 1 -plain -next -edit 2 -add 1 -remove 1 -out "$work/v2"
expect 0 "generate v1 again" "$g" -n 500 -seed 1 -plain -out "$work/v1b"
if diff -r "$work/v1" "$work/v1b" >/dev/null; then pass "generation is deterministic"; else bad "generation differs between runs"; fi
expect 2 "quire-gen refuses a non-empty directory" "$g" -n 5 -out "$work/v1"

expect 0 "build v1" "$q" build -seeds "$work/v1" -out "$work/out1" -name small -version 1.0.0
expect 0 "build v1 again" "$q" build -seeds "$work/v1b" -out "$work/out1b" -name small -version 1.0.0
expect 0 "build v2" "$q" build -seeds "$work/v2" -out "$work/out2" -name small -version 1.1.0
b1=$work/out1/small-1.0.0.tar.zst
b2=$work/out2/small-1.1.0.tar.zst
if cmp -s "$b1" "$work/out1b/small-1.0.0.tar.zst"; then pass "build is reproducible"; else bad "two builds of v1 differ"; fi

expect 0 "validate v1" "$q" validate "$b1"
expect 0 "validate v2" "$q" validate "$b2"
if [ -f "$b1" ]; then
  cp "$b1" "$work/corrupt.tar.zst"
  # Flip one byte in the middle of the compressed stream.
  size=$(stat -c %s "$work/corrupt.tar.zst")
  off=$((size / 2))
  orig=$(od -An -tu1 -j "$off" -N1 "$work/corrupt.tar.zst" | tr -d ' ')
  printf "$(printf '\\%03o' $(((orig + 1) % 256)))" | dd of="$work/corrupt.tar.zst" bs=1 seek="$off" conv=notrunc status=none
  expect 1 "validate rejects a corrupted bundle" "$q" validate "$work/corrupt.tar.zst"
  # A copy recompressed by zstd (which drops the trailer): content
  # verified, a warning; an error with -strict.
  zstd -dc "$b1" | zstd -19 -q -o "$work/recompressed.tar.zst"
  expect 0 "validate accepts a recompressed copy with a warning" "$q" validate "$work/recompressed.tar.zst"
  expect 1 "validate -strict refuses a recompressed copy" "$q" validate -strict "$work/recompressed.tar.zst"
fi

expect 0 "diff v1 v1 (bundles)" "$q" diff "$b1" "$b1"
expect 1 "diff v1 v2 (bundles)" "$q" diff "$b1" "$b2"

expect 0 "generate v1 records" "$g" -n 2000 -seed 2 -records "$work/r1.jsonl"
expect 0 "generate v2 records" "$g" -n 2000 -seed 2 -next -records "$work/r2.jsonl"
expect 0 "diff v1 v1 (records)" "$q" diff "$work/r1.jsonl" "$work/r1.jsonl"
expect 1 "diff v1 v2 (records)" "$q" diff -stat "$work/r1.jsonl" "$work/r2.jsonl"

# Contributions (issue 13): hostile inputs named on the command line are
# refused (exit 1) — a link is never followed, a FIFO never waited for —
# junk is not an article, and a clean contribution is added.
mkdir -p "$work/hostile" "$work/seeds"
cp "$root"/seeds/*.txt "$work/seeds/"
ln -s "$root/README.md" "$work/hostile/link.txt"
mkfifo "$work/hostile/fifo.txt"
head -c 100000 /dev/zero | tr '\000' '[' >"$work/hostile/brackets.txt"
expect 1 "validate refuses a link named on the command line" timeout 60 "$q" validate "$work/hostile/link.txt"
expect 1 "validate refuses a FIFO named on the command line" timeout 60 "$q" validate "$work/hostile/fifo.txt"
expect 1 "add refuses a directory holding a link, a FIFO and junk" timeout 60 "$q" add -seeds "$work/seeds" "$work/hostile"
if [ "$(ls "$work/seeds" | wc -l)" -eq "$(ls "$root"/seeds/*.txt | wc -l)" ]; then pass "nothing was added"; else bad "add changed seeds/"; fi
expect 0 "generate a contribution" "$g" -n 40 -seed 9 -mean 4KB -plain -out "$work/contrib"
expect 0 "add a clean contribution" "$q" add -quiet -seeds "$work/seeds" "$work/contrib"
if [ "$(ls "$work/seeds" | wc -l)" -eq $(($(ls "$root"/seeds/*.txt | wc -l) + 40)) ]; then pass "all 40 were added"; else bad "add placed $(ls "$work/seeds" | wc -l) files"; fi

# The CLI: its version and a completion script that bash loads.
expect 0 "quire --version" "$q" --version
if grep -q '^quire ' "$work/last.out"; then pass "--version names quire"; else bad "--version printed $(head -c 200 "$work/last.out")"; fi
expect 0 "quire completion bash" "$q" completion bash
cp "$work/last.out" "$work/quire.bash"
expect 0 "bash loads the completion script" bash -c "source '$work/quire.bash' && complete -p quire"

if [ $fail -eq 0 ]; then echo "small: all checks passed"; else echo "small: some checks failed"; fi
exit $fail
