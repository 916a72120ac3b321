#!/bin/sh
# Builds the libFuzzer targets with clang (ASan + UBSan) in build-fuzz/ and
# runs each one for a bounded time on its seed corpus (tests/fuzz/corpus/<t>,
# read-only) plus a working corpus in build-fuzz/corpus/<t>. Crashes are
# saved as build-fuzz/artifacts/<t>-crash-*; reproduce with
#   build-fuzz/tests/fuzz/<t>_fuzzer build-fuzz/artifacts/<t>-crash-...
# Usage: scripts/fuzz.sh [SECONDS_PER_TARGET (default 30)] [TARGET...]
# Exit status: 0 when no target crashed, 1 otherwise; 0 with a note when
# clang is missing.
set -eu
cd "$(dirname "$0")/.."
secs=${1:-30}
[ $# -gt 0 ] && shift
targets=${*:-"normalize tokenize split money dates names summarize jsonl pipeline"}
if ! command -v clang++ >/dev/null 2>&1; then
  echo "fuzz.sh: clang++ not found, fuzzing skipped" >&2
  exit 0
fi
B=build-fuzz
cmake -S . -B "$B" -G Ninja -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DDEPECHE_FUZZ=ON -DDEPECHE_SANITIZE=ON -DDEPECHE_TESTS=OFF >/dev/null
fuzzers=""
for t in $targets; do fuzzers="$fuzzers ${t}_fuzzer"; done
# shellcheck disable=SC2086
cmake --build "$B" -j "$(nproc)" --target $fuzzers
mkdir -p "$B/artifacts" "$B/logs"
status=0
for t in $targets; do
  mkdir -p "$B/corpus/$t"
  log="$B/logs/$t.log"
  set +e
  # A fixed seed and a fixed number of runs per target (about 15 s each
  # here): the CI run is one deterministic sequence, the same on every
  # machine, so it does not turn red on a coin toss. SECONDS only caps it.
  # Longer exploratory runs: DEPECHE_FUZZ_RUNS=-1 (unbounded, time-capped).
  case $t in
    normalize) runs=80000 ;; tokenize) runs=150000 ;; split) runs=25000 ;;
    money) runs=30000 ;; dates) runs=30000 ;; names) runs=20000 ;;
    summarize) runs=8000 ;; jsonl) runs=100000 ;; pipeline) runs=2500 ;; *) runs=10000 ;;
  esac
  runs=${DEPECHE_FUZZ_RUNS:-$runs}
  "$B/tests/fuzz/${t}_fuzzer" -seed=1 -runs="$runs" -max_total_time="$secs" -max_len=65536 -timeout=20 -rss_limit_mb=2560 \
    -dict=tests/fuzz/french.dict -print_final_stats=1 -artifact_prefix="$B/artifacts/$t-" \
    "$B/corpus/$t" "tests/fuzz/corpus/$t" >"$log" 2>&1
  rc=$?
  set -e
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
  speed=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log")
  cov=$(grep -o 'cov: [0-9]*' "$log" | tail -n 1)
  files=$(find "$B/corpus/$t" -type f | wc -l)
  if [ "$rc" -eq 0 ]; then
    echo "fuzz $t: ok, ${execs:-?} execs, ${speed:-?}/s, $cov, working corpus $files files"
  else
    echo "fuzz $t: FAILED (exit $rc), see $log and $B/artifacts/$t-*"
    grep -m 5 'ERROR\|invariant\|runtime error\|SUMMARY' "$log" || tail -n 20 "$log"
    status=1
  fi
done
exit $status
