#!/bin/bash
# Runs one golden case: in the case directory, `depeche $(cat args)` with
# stdin from `stdin` if present; compares stdout, stderr and the exit code
# with expected.stdout, expected.stderr (if present) and expected.code.
# DEPECHE_UPDATE_GOLDEN=1 rewrites the expected files instead.
set -u
bin=$1 dir=$2
cd "$dir" || exit 2
args=$(cat args)
stdin=/dev/null
[ -f stdin ] && stdin=stdin
actual_out=$(mktemp) actual_err=$(mktemp)
trap 'rm -f "$actual_out" "$actual_err"' EXIT
eval "\"$bin\" $args" <"$stdin" >"$actual_out" 2>"$actual_err"
code=$?
if [ "${DEPECHE_UPDATE_GOLDEN:-}" = 1 ]; then
  cp "$actual_out" expected.stdout
  cp "$actual_err" expected.stderr
  echo "$code" > expected.code
  exit 0
fi
fail=0
if ! cmp -s expected.stdout "$actual_out"; then
  echo "--- stdout differs (expected vs actual):"; diff expected.stdout "$actual_out" | head -40; fail=1
fi
if [ -f expected.stderr ] && ! cmp -s expected.stderr "$actual_err"; then
  echo "--- stderr differs (expected vs actual):"; diff expected.stderr "$actual_err" | head -20; fail=1
fi
want=$(cat expected.code 2>/dev/null || echo 0)
if [ "$code" != "$want" ]; then echo "--- exit code $code, expected $want"; fail=1; fi
# Every JSONL line must parse.
case " $args " in *" jsonl "*|*"--json "*)
  if ! python3 -c 'import json,sys
for n,l in enumerate(open(sys.argv[1],encoding="utf-8"),1):
    json.loads(l)' "$actual_out"; then echo "--- output is not valid JSON Lines"; fail=1; fi;;
esac
exit $fail
