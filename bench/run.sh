#!/usr/bin/env bash
# Benchmark of the route pack: builds the pack jar (if missing) and the bench, then runs every phase
# (baseline, pack on H2, pack on PostgreSQL) and prints one table. Settings are key=value arguments,
# passed through to the bench (see bench/README.md), e.g.  bench/run.sh concurrency=32 dbs=h2
set -euo pipefail
bench_dir="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$bench_dir/.." && pwd)"

# Always rebuild: a stale jar would measure yesterday's code.
echo "== building the pack jar (mvn -q -DskipTests package)"
(cd "$repo" && mvn -q -B -DskipTests package)
echo "== building the bench"
(cd "$bench_dir" && mvn -q -B package)

exec java -Xms512m -Xmx1g -jar "$bench_dir/target/yunojuno-bench.jar" "repo=$repo" "$@"
