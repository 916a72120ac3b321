#!/bin/sh
# Output with -j 1 and -j 2 must be identical byte for byte, over a directory
# of dumps and over one dump big enough to be cut into chunks.
set -eu
bin=$1 sample=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir "$tmp/dir"
i=0
while [ $i -lt 12 ]; do cp "$sample" "$tmp/dir/d$i.txt"; i=$((i + 1)); done
i=0
while [ $i -lt 1500 ]; do cat "$sample"; i=$((i + 1)); done > "$tmp/big.txt"   # ~6 MB: several chunks
for cmd in brief entities split; do
  "$bin" $cmd --format jsonl -j 1 "$tmp/dir" "$tmp/big.txt" > "$tmp/one"
  "$bin" $cmd --format jsonl -j 2 "$tmp/dir" "$tmp/big.txt" > "$tmp/two"
  cmp "$tmp/one" "$tmp/two" || { echo "$cmd: -j 1 and -j 2 differ"; exit 1; }
done
# The chunked dump keeps its article numbering: 1500 copies x 3 articles.
n=$("$bin" split --format jsonl -j 2 "$tmp/big.txt" | wc -l)
[ "$n" -eq 4500 ] || { echo "expected 4500 articles in the big dump, got $n"; exit 1; }
last=$("$bin" split --format jsonl -j 2 "$tmp/big.txt" | tail -1 | python3 -c 'import json,sys; print(json.loads(sys.stdin.read())["article"])')
[ "$last" -eq 4500 ] || { echo "last article number $last, expected 4500"; exit 1; }
echo ok
