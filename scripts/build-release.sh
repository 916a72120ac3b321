#!/bin/sh
# Builds build-release/depeche: -O3 with profile-guided optimization (GCC).
# 1. an instrumented build runs over our own text (the sample dump and the
#    golden-test inputs) and writes branch and call profiles;
# 2. the same build directory is rebuilt with those profiles.
# The output is the same as scripts/build.sh's binary, byte for byte: no
# fast-math, only code layout, inlining and unrolling change (the script ends
# by comparing the two builds on the sample when build/depeche exists).
# Takes about twice the time of scripts/build.sh.
set -eu
cd "$(dirname "$0")/.."
dir=build-release
prof="$PWD/$dir/pgo-profiles"
config() {
  cmake -S . -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE=Release -DCMAKE_CXX_FLAGS_RELEASE="-O3 -DNDEBUG" \
    -DDEPECHE_TESTS=OFF -DDEPECHE_PGO="$1" -DDEPECHE_PGO_DIR="$prof" >/dev/null
}
rm -rf "$prof"
config GENERATE
cmake --build "$dir" --target depeche
bin="$dir/depeche"
# Training: every output format and both commands over our own dump, then
# the golden inputs (odd encodings, blank lines, JSONL records, ...), which
# may fail on purpose.
for fmt in jsonl text tsv; do
  "$bin" brief --format "$fmt" -j 2 -q data/samples/depeches_exemple.txt >/dev/null
  "$bin" entities --format "$fmt" -j 2 -q data/samples/depeches_exemple.txt >/dev/null
done
for f in tests/golden/*/input.txt; do
  "$bin" brief --format jsonl -j 1 -q "$f" >/dev/null 2>&1 || true
done
config USE
cmake --build "$dir" --target depeche
if [ -x build/depeche ]; then
  for cmd in brief entities; do
    "$bin" $cmd --format jsonl -q data/samples/depeches_exemple.txt >"$dir/check.release"
    build/depeche $cmd --format jsonl -q data/samples/depeches_exemple.txt >"$dir/check.default"
    cmp "$dir/check.release" "$dir/check.default"
  done
fi
