#!/bin/bash
# End-to-end figures over a corpus of >= 100 MB built from data/samples/:
#   - depeche brief --format jsonl on one core vs LC_ALL=C.UTF-8 wc -w
#   - -j 2 vs -j 1
#   - peak memory (max RSS) on the whole corpus as a directory and as one dump
#   - depeche vs Debian's ots summarizer over the same articles (a sample of
#     articles, one file each, since ots summarizes one text per run)
# Usage: tests/bench/e2e.sh [build/depeche] [MB]
set -euo pipefail
bin=${1:-build/depeche}
mb=${2:-100}
here=$(cd "$(dirname "$0")/../.." && pwd)
sample="$here/data/samples/depeches_exemple.txt"
work=${DEPECHE_BENCH_DIR:-/tmp/depeche-bench}
mkdir -p "$work"
corpus="$work/corpus-$mb"
if [ ! -d "$corpus" ]; then
  # Directory of 1 MB dumps. Each copy of the sample gets its numbers shifted
  # so that articles are not byte-identical.
  mkdir -p "$corpus.tmp"
  python3 - "$sample" "$corpus.tmp" "$mb" <<'PY'
import re, sys
sample, out, mb = open(sys.argv[1], encoding="utf-8").read(), sys.argv[2], int(sys.argv[3])
files, n = mb, 0
for f in range(files):
    parts = []
    size = 0
    while size < 1_000_000:
        n += 1
        text = re.sub(r"\d+", lambda m: str(int(m.group()) + n % 7), sample)
        parts.append(text)
        size += len(text.encode("utf-8"))
    open(f"{out}/dump{f:04d}.txt", "w", encoding="utf-8").write("".join(parts))
PY
  mv "$corpus.tmp" "$corpus"
fi
big="$work/big-$mb.txt"
[ -f "$big" ] || cat "$corpus"/*.txt > "$big"
bytes=$(du -sb "$corpus" | cut -f1)
echo "corpus: $corpus ($((bytes / 1000000)) MB, $(ls "$corpus" | wc -l) files); machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"

# Best (lowest) time of $runs runs, and the highest peak RSS: the machine may
# be shared, and load only ever slows a run down.
runs=${DEPECHE_BENCH_RUNS:-3}
secs() {
  local best="" kb=0 t m
  for ((r = 0; r < runs; r++)); do
    read -r t m < <(/usr/bin/time -f "%e %M" "$@" 2>&1 >/dev/null | tail -1)
    if [ -z "$best" ] || python3 -c "import sys; sys.exit(0 if $t < $best else 1)"; then best=$t; fi
    [ "$m" -gt "$kb" ] && kb=$m
  done
  echo "$best $kb"
}
cat "$corpus"/*.txt > /dev/null   # warm the page cache
read -r wc_s _ < <(secs env LC_ALL=C.UTF-8 wc -w "$corpus"/*.txt)
read -r j1_s j1_kb < <(secs "$bin" brief --format jsonl -j 1 -q "$corpus")
read -r j2_s j2_kb < <(secs "$bin" brief --format jsonl -j 2 -q "$corpus")
read -r big_s big_kb < <(secs "$bin" brief --format jsonl -j 2 -q "$big")
mbs() { python3 -c "print(f'{$bytes/1e6/max($1,1e-9):.1f}')"; }
echo "wc -w:                  ${wc_s} s  $(mbs "$wc_s") MB/s"
echo "depeche brief -j 1:     ${j1_s} s  $(mbs "$j1_s") MB/s  peak ${j1_kb} KB  (ratio to wc -w: $(python3 -c "print(f'{$wc_s/$j1_s:.3f}')"))"
echo "depeche brief -j 2:     ${j2_s} s  $(mbs "$j2_s") MB/s  peak ${j2_kb} KB  (speed-up over -j 1: $(python3 -c "print(f'{$j1_s/$j2_s:.2f}')"))"
echo "one ${mb} MB dump, -j 2: ${big_s} s  peak ${big_kb} KB"

if command -v ots >/dev/null 2>&1; then
  arts="$work/articles"
  rm -rf "$arts"; mkdir -p "$arts"
  "$bin" split --format jsonl "$corpus/dump0000.txt" | head -200 | python3 -c '
import json, sys
raw = open(sys.argv[1], "rb").read()
for i, l in enumerate(sys.stdin):
    a = json.loads(l)
    open(f"{sys.argv[2]}/a{i:04d}.txt", "wb").write(raw[a["start"]:a["end"]])' "$corpus/dump0000.txt" "$arts"
  abytes=$(du -cb "$arts"/*.txt | tail -1 | cut -f1)
  read -r ots_s _ < <(secs bash -c 'for f in "$1"/*.txt; do ots --ratio 20 "$f"; done' _ "$arts")
  read -r dep1_s _ < <(secs bash -c 'for f in "$2"/*.txt; do "$1" brief --format jsonl -j 1 -q "$f"; done' _ "$bin" "$arts")
  echo "ots, 200 articles one run each:     ${ots_s} s ($(python3 -c "print(f'{$abytes/1e6/$ots_s:.3f}')") MB/s)"
  echo "depeche, same 200 runs:             ${dep1_s} s (x$(python3 -c "print(f'{$ots_s/$dep1_s:.1f}')") ots)"
  echo "depeche in one run over the corpus: x$(python3 -c "print(f'{($bytes/$j1_s)/($abytes/$ots_s):.0f}')") the speed of ots per byte"
fi
