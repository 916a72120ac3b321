#!/bin/sh
# depeche as a streaming mapper under GNU parallel: records cut into blocks,
# two jobs, merged output sorted by id must equal a single-process run.
# Skipped (77) when GNU parallel is not installed.
set -eu
bin=$1 sample=$2
command -v parallel >/dev/null 2>&1 || { echo "GNU parallel not installed: skipped"; exit 77; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# Records: the sample's articles, 300 times over, each with its own id.
"$bin" split --format jsonl "$sample" | python3 -c '
import json, sys
raw = open(sys.argv[1], "rb").read()
arts = [json.loads(l) for l in sys.stdin]
with open(sys.argv[2], "w", encoding="utf-8") as out:
    n = 0
    for rep in range(300):
        for a in arts:
            n += 1
            rec = {"id": "r%05d" % n, "text": raw[a["start"]:a["end"]].decode("utf-8"), "date": "2025-03-%02d" % (1 + rep % 28)}
            out.write(json.dumps(rec, ensure_ascii=False) + "\n")
' "$sample" "$tmp/records.jsonl"
"$bin" brief --json --input-format jsonl -j 1 < "$tmp/records.jsonl" > "$tmp/single.jsonl"
parallel --will-cite --pipe --block 200k -j 2 "$bin" brief --json --input-format jsonl -j 1 \
  < "$tmp/records.jsonl" > "$tmp/parallel.jsonl"
sort_by_id() { python3 -c '
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]
rows.sort(key=lambda r: r["id"])
for r in rows: print(json.dumps(r, ensure_ascii=False, sort_keys=True))' "$1"; }
sort_by_id "$tmp/single.jsonl" > "$tmp/a"
sort_by_id "$tmp/parallel.jsonl" > "$tmp/b"
n=$(wc -l < "$tmp/a")
[ "$n" -eq "$(wc -l < "$tmp/records.jsonl")" ] || { echo "expected one line per record, got $n"; exit 1; }
cmp -s "$tmp/a" "$tmp/b" || { echo "parallel output differs from the single run"; diff "$tmp/a" "$tmp/b" | head; exit 1; }
echo "ok: $n records, parallel --pipe -j 2 output equals the single run"
