#!/bin/sh
# Runs ../shared/eval/depeche_eval.py on the seed dump; skipped (77) when
# ../shared is not beside the project.
bin=$1 shared=$2
scorer="$shared/eval/depeche_eval.py"
[ -f "$scorer" ] || { echo "no $scorer: skipped"; exit 77; }
out=$(python3 "$scorer" --bin "$bin" seed) || { echo "$out"; exit 1; }
echo "$out"
echo "$out" | grep -q 'articles 4/4' || { echo "expected articles 4/4"; exit 1; }
