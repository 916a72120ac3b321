#!/bin/sh
# Builds the whole test suite with AddressSanitizer and UBSan
# (-DDEPECHE_SANITIZE=ON) in build-asan/ and runs it with ctest: the unit
# tests, the golden CLI cases, the hostile-input test and the fuzz corpora
# replayed through the g++ replay targets.
set -eu
cd "$(dirname "$0")/.."
B=build-asan
# The money and date matchers skip most lexemes through trigger filters; the
# CHECK defines also run every rule where a filter said no, and abort if one
# would have matched, so the whole suite checks the filters too.
cmake -S . -B "$B" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DDEPECHE_SANITIZE=ON -DDEPECHE_TESTS=ON \
  -DCMAKE_CXX_FLAGS="-DDEPECHE_CHECK_DATE_TRIGGERS -DDEPECHE_CHECK_MONEY_STARTS" >/dev/null
cmake --build "$B" -j "$(nproc)"
# Leaks fail the run; UBSan already aborts (-fno-sanitize-recover).
ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1} \
UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1} \
  ctest --test-dir "$B" --output-on-failure -j "$(nproc)"
