#!/usr/bin/env bash
# Run the beam module's byte-identity tests on a real engine: Beam's
# Flink job server with an embedded local Flink cluster
# (--flink-master=[local]), or Beam's Spark job server with local[2],
# the Go workers in LOOPBACK (in the test process).
#
#   beam/jobserver/run.sh flink [go test flags...]
#   beam/jobserver/run.sh spark [go test flags...]
#
# The job server's jars are resolved from Maven Central with mvn (the
# POM beside this script names the exact coordinates) into
# $QUIRE_BEAM_CACHE (default ~/.cache/quire-beam), once. Needs Java 17
# and Maven. The job server is stopped when the script ends, however it
# ends. The default test selection is the byte-identity, retry and
# bad-input tests; pass -run to choose others.
set -euo pipefail
engine=${1:?usage: run.sh flink|spark [go test flags...]}
shift
here=$(cd "$(dirname "$0")" && pwd)
cache=${QUIRE_BEAM_CACHE:-$HOME/.cache/quire-beam}
case $engine in
  flink)
    main=org.apache.beam.runners.flink.FlinkJobServerDriver
    engine_flags=(--flink-master='[local]' --flink-conf-dir="$here/flink/conf")
    java_flags=()
    ;;
  spark)
    main=org.apache.beam.runners.spark.SparkJobServerDriver
    # local[2,4]: two threads, a failed task tried up to four times.
    engine_flags=(--spark-master-url='local[2,4]')
    java_flags=()
    for p in java.lang java.lang.invoke java.lang.reflect java.io java.net java.nio java.util \
      java.util.concurrent java.util.concurrent.atomic sun.nio.ch sun.nio.cs sun.security.action sun.util.calendar; do
      java_flags+=("--add-opens=java.base/$p=ALL-UNNAMED")
    done
    ;;
  *) echo "run.sh: unknown engine $engine (flink or spark)" >&2; exit 2 ;;
esac

lib=$cache/$engine-lib
if [ ! -f "$lib/.complete" ] || [ "$here/$engine/pom.xml" -nt "$lib/.complete" ]; then
  echo "run.sh: resolving the $engine job server's jars into $lib"
  rm -rf "$lib"
  mvn -q -B -f "$here/$engine/pom.xml" dependency:copy-dependencies -DoutputDirectory="$lib"
  touch "$lib/.complete"
fi

# A free port for the job service (and one for artifacts).
port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
job_port=$(port)
artifact_port=$(port)
log=$(mktemp -t "quire-beam-$engine-XXXXXX.log")
java "${java_flags[@]}" -cp "$lib/*" "$main" "${engine_flags[@]}" \
  --job-host=127.0.0.1 --job-port="$job_port" --artifact-port="$artifact_port" --expansion-port=0 \
  >"$log" 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null; wait "$server" 2>/dev/null || true' EXIT
for _ in $(seq 120); do
  if (exec 3<>"/dev/tcp/127.0.0.1/$job_port") 2>/dev/null; then break; fi
  if ! kill -0 "$server" 2>/dev/null; then
    echo "run.sh: the $engine job server exited:" >&2; cat "$log" >&2; exit 1
  fi
  sleep 1
done
echo "run.sh: $engine job server on 127.0.0.1:$job_port (log $log)"

cd "$here/.."
args=("$@")
if [[ " ${args[*]-} " != *" -run "* && " ${args[*]-} " != *" -run="* ]]; then
  args+=(-run 'SameBytes|Retry|BadDocument')
fi
go test ./job -count=1 -timeout 30m "${args[@]}" \
  -args -runner="$engine" -endpoint="127.0.0.1:$job_port" -environment_type=LOOPBACK
