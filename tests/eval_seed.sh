#!/bin/sh
# Runs ../shared/eval/depeche_eval.py on the seed dump; skipped (77) when
# ../shared is not beside the project.
bin=$1 shared=$2
scorer="$shared/eval/depeche_eval.py"
[ -f "$scorer" ] || { echo "no $scorer: skipped"; exit 77; }
out=$(python3 "$scorer" --bin "$bin" seed) || { echo "$out"; exit 1; }
echo "$out"
echo "$out" | grep -q 'articles 4/4' || { echo "expected articles 4/4"; exit 1; }
# Each brief of the seed is made of body sentences only (issue 5).
seed="$shared/samples/000_f060b492ba5ed60a.txt"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
"$bin" split --format jsonl "$seed" > "$tmp/split" && "$bin" brief --format jsonl "$seed" > "$tmp/brief" || exit 1
python3 - "$tmp/split" "$tmp/brief" <<'PY' || exit 1
import json, sys
sp = [json.loads(l) for l in open(sys.argv[1])]
br = [json.loads(l) for l in open(sys.argv[2])]
assert len(sp) == len(br) == 4, "four articles, four briefs"
for a, b in zip(sp, br):
    paras = [(p["start"], p["end"]) for p in a["parts"] if p["kind"] == "paragraph"]
    assert b["summary"], f"article {a['article']}: empty brief"
    for s in b["summary"]:
        assert any(ps <= s["start"] and s["end"] <= pe for ps, pe in paras), \
            f"article {a['article']}: not a body sentence: {s['text'][:60]}"
print("seed briefs: body sentences only")
PY
