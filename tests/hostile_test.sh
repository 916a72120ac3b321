#!/bin/bash
# Hostile and broken inputs (issue 7). Every case is generated at test time in
# a temp dir, run beside a good file, and checked for: the exit code (0 all
# processed, 1 some input failed, 2 usage), a clear stderr message naming the
# file (and the byte or line where relevant), bounded time (timeout) and
# memory (max RSS from /usr/bin/time), and every input accounted for in the
# output or in an error line. Pathological repetitions are also run at two
# sizes to catch super-linear matchers.
#
# Usage: hostile_test.sh path/to/depeche [case-name-filter]
# DEPECHE_HOSTILE_FULL=1 (set by .ci/run) runs the big sizes and the
# linearity check on every repetition; the default is a lighter run (the same
# cases, smaller inputs) because ctest runs on a shared 2-core machine. A
# sanitizer build always runs light (it looks for crashes, not timings).
set -u
BIN=$(realpath "$1")
FILTER=${2:-}
command -v python3 >/dev/null || { echo "hostile_test: python3 needed" >&2; exit 77; }
[ -x /usr/bin/time ] || { echo "hostile_test: /usr/bin/time needed" >&2; exit 77; }

WORK=$(mktemp -d "${TMPDIR:-/tmp}/depeche-hostile.XXXXXX")
chmod 755 "$WORK"
cleanup() { chmod -R u+rwX "$WORK" 2>/dev/null; rm -rf "$WORK"; }
trap cleanup EXIT
cd "$WORK" || exit 1

# Sanitizer builds are slower and use more memory: scale the bounds.
SLOW=1
MEM_EXTRA=0
if ldd "$BIN" 2>/dev/null | grep -q 'libasan\|libubsan' || nm "$BIN" 2>/dev/null | grep -q __asan_init; then
  SLOW=4
  MEM_EXTRA=700000  # KB: shadow memory and quarantine
  export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:quarantine_size_mb=64}
fi

FULL=${DEPECHE_HOSTILE_FULL:-0}
[ "$SLOW" -gt 1 ] && FULL=0
MB=1000000
if [ "$FULL" = 1 ]; then BRIEF_LINE=$((20 * MB)); NOSENT=$((10 * MB)); else BRIEF_LINE=$((4 * MB)); NOSENT=$((3 * MB)); fi
echo "hostile_test: $BIN (full=$FULL, slow=x$SLOW)"

FAILS=0
CASES=0
fail() { echo "FAIL [$CASE]: $*" >&2; FAILS=$((FAILS + 1)); }
note() { echo "     [$CASE] $*"; }

# start CASE: returns 1 (skip) when the filter does not match.
start() {
  CASE=$1
  if [ -n "$FILTER" ] && [[ "$CASE" != *"$FILTER"* ]]; then return 1; fi
  CASES=$((CASES + 1))
  echo "---- $CASE"
  return 0
}

# run SECONDS MAX_RSS_KB ARGS...: runs depeche with stdout in out, stderr in
# err; sets RC, SECS, RSS; fails the case when over time or memory.
run() {
  local limit=$(($1 * SLOW)) mem=$(($2 + MEM_EXTRA))
  shift 2
  local t0 t1
  t0=$(date +%s.%N)
  timeout -k 5 "$limit" /usr/bin/time -f %M -o rss "$BIN" "$@" >out 2>err </dev/null
  RC=$?
  t1=$(date +%s.%N)
  SECS=$(python3 -c "print(f'{$t1 - $t0:.2f}')")
  RSS=$(tail -n 1 rss 2>/dev/null || echo 0)
  case $RSS in ''|*[!0-9]*) RSS=0 ;; esac
  note "depeche $* -> rc=$RC ${SECS}s ${RSS}KB"
  if [ "$RC" -eq 124 ] || [ "$RC" -eq 137 ]; then fail "timed out after ${limit}s"; fi
  if [ "$RSS" -gt "$mem" ]; then fail "max RSS ${RSS} KB > ${mem} KB"; fi
  if grep -q 'AddressSanitizer\|runtime error:\|LeakSanitizer' err; then fail "sanitizer report:"; head -n 30 err >&2; fi
}

expect_rc() { [ "$RC" -eq "$1" ] || { fail "exit code $RC, expected $1"; head -n 5 err >&2; }; }
# expect_err FIXED-STRING: stderr has it.
expect_err() { grep -qF -- "$1" err || { fail "stderr lacks: $1"; head -n 5 err >&2; }; }
no_err() { grep -qF -- "$1" err && fail "stderr should not have: $1"; }
expect_out() { grep -qF -- "$1" out || fail "stdout lacks: $1"; }
no_out() { grep -qF -- "$1" out && fail "stdout should not have: $1"; }
# JSON Lines output parses, line by line.
json_ok() {
  python3 - out <<'EOF' || fail "stdout is not valid JSON Lines"
import json, sys
for n, line in enumerate(open(sys.argv[1], 'rb'), 1):
    try:
        json.loads(line)
    except Exception as e:
        sys.exit(f"line {n}: {e}: {line[:200]!r}")
EOF
}
# accounted NAME...: each input shows up as a "source" in the output or in a
# "depeche: NAME..." line on stderr.
accounted() {
  local f
  for f in "$@"; do
    grep -qF "\"source\":\"$f\"" out || grep -qF "depeche: $f" err || fail "input $f is neither in the output nor in an error line"
  done
}

GOOD_TEXT='Une usine de vélos ouvre à Tulle

TULLE: La société Cyclor a inauguré lundi une usine de 40 millions d'"'"'euros. M. Marc Delorme, son directeur, vise 200 emplois en 2026.
'
printf '%s' "$GOOD_TEXT" > good.txt
GOOD='"source":"good.txt"'

# ---------------------------------------------------------------- empty input
if start empty; then
  : > empty.txt
  run 30 400000 brief -f jsonl empty.txt good.txt
  expect_rc 0; expect_out "$GOOD"; json_ok; accounted empty.txt good.txt
fi

if start whitespace; then
  printf '  \n\t\n\r\n   \n\n' > blank.txt
  run 30 400000 brief -f jsonl blank.txt good.txt
  expect_rc 0; expect_out "$GOOD"; json_ok; accounted blank.txt good.txt
fi

# ------------------------------------------------------------------ huge input
if start line_100mb; then
  # One 100 MB line of words: cut into chunks, memory stays bounded.
  python3 -c "
import sys
w = 'une ligne sans fin de Paris à Lyon pour 3 euros '
sys.stdout.write(w * (100_000_000 // len(w)))" > line.txt
  run 120 900000 split -f jsonl line.txt good.txt
  expect_rc 0; expect_out "$GOOD"; expect_out '"source":"line.txt"'; json_ok
  # The full pipeline on a 20 MB line (4 MB in the light run).
  head -c "$BRIEF_LINE" line.txt > line20.txt
  run 150 900000 brief -f jsonl -j 2 line20.txt good.txt
  expect_rc 0; expect_out "$GOOD"; expect_out '"source":"line20.txt"'; json_ok
  rm -f line.txt line20.txt
fi

if start no_sentence_end_10mb; then
  # 10 MB (3 MB light) with no . ! ? anywhere: one endless sentence per chunk.
  python3 -c "
import sys
w = 'le maire de Brest annonce 12 millions de francs pour le port le 3 mai 2021\n'
sys.stdout.write(w * ($NOSENT // len(w)))" > nosent.txt
  run 120 900000 brief -f jsonl nosent.txt good.txt
  expect_rc 0; expect_out "$GOOD"; expect_out '"source":"nosent.txt"'; json_ok
  rm -f nosent.txt
fi

# ----------------------------------------------------------- bad encodings
if start invalid_utf8; then
  # byte 5: lone continuation 0x80; 10: overlong C0 AF; 16: overlong E0 80 AF;
  # 22: surrogate ED A0 80; 30: F5 (above U+10FFFF); 36: truncated E2 82.
  printf 'Aïe \x80 ok \xc0\xaf et \xe0\x80\xaf x \xed\xa0\x80 sur \xf5 fin \xe2\x82' > bad.txt
  printf '\nLe texte continue ici. Il est lisible.\n' >> bad.txt
  run 30 400000 entities -f jsonl bad.txt good.txt
  expect_rc 0; expect_out "$GOOD"; json_ok; accounted bad.txt
  expect_err 'bad.txt: byte 5: invalid UTF-8 byte 0x80'
  expect_err 'bad.txt: byte 10: invalid UTF-8 byte 0xC0'
  expect_err 'bad.txt: byte 16: invalid UTF-8 byte 0xE0'
  expect_err 'bad.txt: byte 22: invalid UTF-8 byte 0xED'
  expect_err 'bad.txt: byte 30: invalid UTF-8 byte 0xF5'
  expect_err 'bad.txt: byte 36: invalid UTF-8 byte 0xE2'
  # Offsets still point at the original bytes.
  run 30 400000 split -f jsonl bad.txt
  json_ok
  python3 - <<'EOF' || fail "split offsets do not map to the original bytes"
import json
raw = open('bad.txt', 'rb').read()
for line in open('out'):
    o = json.loads(line)
    assert 0 <= o['start'] <= o['end'] <= len(raw), o
    for p in o['parts']:
        assert o['start'] <= p['start'] <= p['end'] <= o['end'], p
EOF
  # Many invalid bytes: the messages are capped, not one per byte.
  head -c 200000 /dev/zero | tr '\0' '\200' > many_bad.txt
  run 30 400000 brief -f jsonl many_bad.txt good.txt
  expect_rc 0; expect_out "$GOOD"; json_ok; accounted many_bad.txt
  [ "$(wc -l < err)" -lt 100 ] || fail "$(wc -l < err) stderr lines for one file of invalid bytes"
fi

if start nul_bytes; then
  printf 'Un titre\n\nDu texte\000avec un NUL.\n' > nul.txt
  run 30 400000 brief -f jsonl nul.txt good.txt
  expect_rc 1; expect_out "$GOOD"; accounted nul.txt
  expect_err 'nul.txt: binary file (NUL byte at offset 18)'
  # Found by a walk: skipped with a note, not a failure.
  mkdir -p nuldir && cp nul.txt good.txt nuldir/
  run 30 400000 brief -f jsonl nuldir
  expect_rc 0; expect_out '"source":"nuldir/good.txt"'; expect_err 'nuldir/nul.txt: binary file'
fi

if start utf16; then
  python3 -c "
t = 'Un article en UTF-16\n\nMARSEILLE: La ville a voté 5 millions d\'euros le 2 juin 2022.\n'
open('le.txt', 'wb').write(b'\xff\xfe' + t.encode('utf-16-le'))
open('be.txt', 'wb').write(b'\xfe\xff' + t.encode('utf-16-be'))
open('nobom.txt', 'wb').write(t.encode('utf-16-le'))"
  run 30 400000 brief -f jsonl le.txt be.txt good.txt
  expect_rc 0; expect_out "$GOOD"; json_ok
  expect_out '"source":"le.txt"'; expect_out '"source":"be.txt"'
  [ "$(grep -c 'MARSEILLE' out)" -ge 2 ] || fail "UTF-16 text not decoded"
  # Without a BOM, UTF-16 has NUL bytes: a binary file, said so.
  run 30 400000 brief -f jsonl nobom.txt good.txt
  expect_rc 1; expect_out "$GOOD"; expect_err 'nobom.txt: binary file'
fi

if start latin1; then
  printf 'La f\xeate de l\x27\xe9t\xe9\n\nNIMES: Le caf\xe9 co\xfbte 2 euros. Une soir\xe9e r\xe9ussie.\n' > latin1.txt
  run 30 400000 brief -f jsonl latin1.txt good.txt
  expect_rc 0; expect_out "$GOOD"; json_ok; accounted latin1.txt
  expect_err 'latin1.txt: looks like Latin-1'
  expect_err '--encoding latin1'
  expect_err 'latin1.txt: byte 4: invalid UTF-8 byte 0xEA'
  run 30 400000 brief -f jsonl --encoding latin1 latin1.txt good.txt
  expect_rc 0; expect_out "$GOOD"; json_ok; expect_out 'café'; no_err 'invalid UTF-8'
  run 10 400000 brief --encoding klingon-8 good.txt
  expect_rc 2; expect_err 'klingon-8'
fi

# ------------------------------------------------------------------- the walk
if start unreadable_mid_walk; then
  mkdir -p walk/b
  cp good.txt walk/a.txt; cp good.txt walk/b/c.txt
  printf 'Secret\n\nCe texte est illisible.\n' > walk/b/locked.txt
  ln -s disparu.txt walk/b/dangling.txt   # a file that vanished after the listing
  chmod 000 walk/b/locked.txt
  run 30 400000 brief -f jsonl walk
  expect_rc 1
  expect_out '"source":"walk/a.txt"'; expect_out '"source":"walk/b/c.txt"'; json_ok
  expect_err 'walk/b/dangling.txt: No such file or directory'
  if command -v setpriv >/dev/null && setpriv --reuid=nobody --regid=nogroup --clear-groups true 2>/dev/null; then
    # root reads anything: run as nobody to lose the permission.
    BIN_REAL=$BIN
    BIN="setpriv"
    run 30 400000 --reuid=nobody --regid=nogroup --clear-groups "$BIN_REAL" brief -f jsonl walk
    BIN=$BIN_REAL
    expect_rc 1
    expect_err 'walk/b/locked.txt: Permission denied'
    expect_out '"source":"walk/a.txt"'; expect_out '"source":"walk/b/c.txt"'; json_ok
  else
    note "setpriv unavailable: permission part skipped (root reads a chmod 000 file)"
  fi
  chmod 644 walk/b/locked.txt
fi

if start symlink_loop; then
  mkdir -p loop/sub
  cp good.txt loop/a.txt; cp good.txt loop/sub/b.txt
  ln -s .. loop/sub/up
  ln -s "$WORK/loop" loop/sub/abs
  run 30 400000 brief -f jsonl loop
  [ "$RC" -le 1 ] || fail "exit code $RC on a symlink loop"
  expect_out '"source":"loop/a.txt"'; expect_out '"source":"loop/sub/b.txt"'; json_ok
  expect_err 'loop/sub/up: symlink loop'
  expect_err 'loop/sub/abs: symlink loop'
  [ "$(grep -c '"source":"loop/a.txt"' out)" -eq 1 ] || fail "a file was read twice through the loop"
fi

if start fifo; then
  mkdir -p fifodir
  cp good.txt fifodir/a.txt
  mkfifo fifodir/tube.txt
  # Found by a walk: a note, not a hang (nobody writes to it).
  run 20 400000 brief -f jsonl fifodir
  expect_rc 0; expect_out '"source":"fifodir/a.txt"'; expect_err 'fifodir/tube.txt: FIFO, skipped'
  # Named with a writer: read like a file.
  ( printf 'Le tube\n\nBREST: Un texte venu du tube, 3 euros.\n' > fifodir/tube.txt ) &
  writer=$!
  run 20 400000 brief -f jsonl fifodir/tube.txt good.txt
  wait $writer
  expect_rc 0; expect_out '"source":"fifodir/tube.txt"'; expect_out "$GOOD"; expect_out 'BREST'
fi

if start missing_path; then
  run 10 400000 brief -f jsonl nosuch.txt good.txt
  expect_rc 1; expect_out "$GOOD"; expect_err 'nosuch.txt: No such file or directory'
fi

# ---------------------------------------------------------------------- JSONL
if start jsonl_broken; then
  {
    printf '{"id":"r1","text":"Le maire de Nantes a parlé. Il a promis 3 euros."}\n'
    printf '{"id":"r2","text":"coupé au mil\n'
    printf '[1, 2\n'
    printf '{"id":"r3","title":"sans texte"}\n'
    printf '{"id":"r4","text":"x","date":"2023-02-30"}\n'
    printf '"une chaîne"\n'
    printf '\n'
    printf '{"id":"r5","text":"Une ligne \xe9 en Latin-1."}\n'
    printf '{"id":"r6","text":"Dernier enregistrement, sans fin de ligne."}'
  } > rec.jsonl
  printf '{"id":"t1","text":"Le début d’un enregistrement tron' > trunc.jsonl
  run 30 400000 brief -f jsonl --input-format jsonl rec.jsonl trunc.jsonl
  expect_rc 1; json_ok
  expect_out '"id":"r1"'; expect_out '"id":"r6"'
  expect_err 'rec.jsonl:2: record r2: invalid JSON at byte'
  expect_err 'rec.jsonl:3: record: invalid JSON at byte'
  expect_err 'rec.jsonl:4: record r3: missing "text"'
  expect_err 'rec.jsonl:5: record r4: "date"'
  expect_err 'rec.jsonl:6: record: record is not a JSON object'
  expect_err 'rec.jsonl:8: record r5'
  expect_err 'trunc.jsonl:1: record t1: invalid JSON'
  # Every non-blank line accounted for: in the output (by id) or an error line.
  for k in 1 2 3 4 5 6 8 9; do
    grep -q "^depeche: rec.jsonl:$k: " err || [ "$k" = 1 ] || [ "$k" = 9 ] || fail "line $k of rec.jsonl unaccounted"
  done
fi

if start json_huge_and_deep; then
  python3 - <<'EOF'
import json
body = "Le port de Sète reçoit 2 millions d'euros. " * 250_000          # ~11 MB string
open('huge.jsonl', 'w').write(json.dumps({"id": "big", "text": body}) + "\n"
    + json.dumps({"id": "x" * 5_000_000, "text": "Un identifiant énorme."}) + "\n"
    + json.dumps({"id": "ok1", "text": "Après les gros."}) + "\n")
deep = '{"id":"deep","text":"x","n":' + '[' * 200_000 + ']' * 200_000 + '}'
open('deep.jsonl', 'w').write(deep + "\n" + '{"id":"ok2","text":"Après le profond."}\n'
    + '{"id":"deep2","text":"y","n":' + '{"a":' * 100_000 + '1' + '}' * 100_000 + '}\n'
    + '{"id":"open","text":"z","n":' + '[' * 100_000 + '\n')
EOF
  run 120 1200000 brief -f jsonl --input-format jsonl huge.jsonl deep.jsonl
  expect_rc 1; json_ok
  expect_out '"id":"big"'; expect_out '"id":"ok1"'; expect_out '"id":"ok2"'
  expect_err 'deep.jsonl:1: record deep: invalid JSON at byte'
  expect_err 'nesting deeper than 64'
  expect_err 'deep.jsonl:3: record deep2'
  expect_err 'deep.jsonl:4: record open'
  grep -q '"id":"xxxxx' out || expect_err 'huge.jsonl:2'
  [ "$(wc -c < err)" -lt 100000 ] || fail "stderr echoes the huge input ($(wc -c < err) bytes)"
fi

# ------------------------------------------------------------ silly values
if start huge_numbers; then
  printf 'Budget\n\nParis: Il a promis 999999999999999999999 milliards d%seuros, puis 1e400 dollars et 10^999 francs. Le %s milliards de dollars.\n' \
    "'" "$(head -c 400 /dev/zero | tr '\0' 9)" > numbers.txt
  run 30 400000 entities -f jsonl numbers.txt good.txt
  expect_rc 0; expect_out "$GOOD"; json_ok
  grep -q '"type":"MONEY".*"text":"999999999999999999999 milliards d' out || note "no MONEY for the 21-digit amount"
  grep -qi 'nan\|inf' <(grep '"type":"MONEY"' out | grep -o '"amount":[^,}]*') && fail "non-finite amount printed"
  run 30 400000 brief -f tsv numbers.txt good.txt
  expect_rc 0
fi

if start silly_dates; then
  printf 'Calendrier\n\nLyon: Rendez-vous le 99 septembre 99999, le 31 février 2023, le 0 janvier 0, le 29 février 2100, en l%san 999999999999 et le 32/13/2024.\n' "'" > dates.txt
  run 30 400000 entities -f jsonl --ref-date 2024-02-29 dates.txt good.txt
  expect_rc 0; expect_out "$GOOD"; json_ok
  python3 - <<'EOF' || fail "an impossible DATE value was printed"
import json, re
for line in open('out'):
    o = json.loads(line)
    if o['type'] != 'DATE' or o['value'] is None:
        continue
    for y, m, d in re.findall(r'(\d{4})-(\d\d)-(\d\d)', o['value']):
        import datetime
        datetime.date(int(y), int(m), int(d))   # raises on 2023-02-31 etc.
EOF
fi

if start capitalized_run; then
  # Thousands of distinct capitalized words in a row, then the same as
  # "M. First Last" names, lone surnames and organizations (the name
  # linker's worst case). Full run: 10k and 40k words, must scale linearly.
  python3 - <<'EOF'
import random
random.seed(7)
syl = ['ba', 'ri', 'lo', 'ne', 'tu', 'ga', 'mi', 'so', 'del', 'mar', 'ven', 'cor', 'pa', 'fi', 'zu', 'ke']
def word():
    return ''.join(random.choice(syl) for _ in range(5)).capitalize()
for n, fn in ((10000, 'caps_s.txt'), (40000, 'caps_l.txt')):
    words = [word() for _ in range(n)]
    text = 'Une liste\n\nRENNES: ' + ' '.join(words) + '.\n'
    text += ' '.join(f'M. {a} {b} a parlé.' for a, b in zip(words[::2], words[1::2])) + '\n'
    text += ' '.join(f'{b} a répondu.' for b in words[1::2]) + '\n'
    text += ' '.join(f'La société {a} et {b}, {a}.' for a, b in zip(words[::2], words[1::2])) + '\n'
    open(fn, 'w').write(text)
EOF
  : > empty0.txt
  run 30 400000 brief -f jsonl -j 1 empty0.txt
  base=$SECS
  run 120 900000 brief -f jsonl -j 1 caps_s.txt good.txt
  expect_rc 0; expect_out "$GOOD"; expect_out '"source":"caps_s.txt"'; json_ok
  small=$SECS
  if [ "$FULL" = 1 ]; then
    run 240 900000 brief -f jsonl -j 1 caps_l.txt good.txt
    expect_rc 0; expect_out "$GOOD"; expect_out '"source":"caps_l.txt"'; json_ok
    python3 -c "
import sys
s, l = max($small - $base, 0.05), max($SECS - $base, 0.05)
sys.exit(0 if l <= 8 * s + 1.0 else 1)" || fail "names are super-linear: ${small}s for 10k words, ${SECS}s for 40k"
  fi
fi

# ------------------------------------------- pathological repetitions: linear?
if start repetitions; then
  : > empty0.txt
  run 30 400000 brief -f jsonl -j 1 empty0.txt
  BASE=$SECS
  while IFS='|' read -r name unit; do
    python3 - "$unit" "$FULL" <<'EOF'
import sys
u = sys.argv[1].encode().decode('unicode_escape').encode('latin-1').decode('utf-8')
for size, fn in ((250_000, 'rep_s.txt'), (1_000_000, 'rep_l.txt')):
    if fn == 'rep_l.txt' and sys.argv[2] != '1':
        break
    open(fn, 'w').write(u * (size // len(u.encode()) + 1))
EOF
    run 60 900000 brief -f jsonl -j 1 rep_s.txt good.txt
    expect_rc 0; expect_out "$GOOD"; json_ok
    small=$SECS
    [ "$FULL" = 1 ] || continue
    run 120 900000 brief -f jsonl -j 1 rep_l.txt good.txt
    expect_rc 0; expect_out "$GOOD"; json_ok
    large=$SECS
    # 4x the input: linear is ~4x; allow 8x (noise on a shared machine) plus 1 s.
    python3 -c "
import sys
b, s, l = $BASE, $small, $large
s, l = max(s - b, 0.05), max(l - b, 0.05)
sys.exit(0 if l <= 8 * s + 1.0 * $SLOW else 1)" || fail "'$name' is super-linear: ${small}s for 250 KB, ${large}s for 1 MB"
  done <<'EOF'
de de|de 
ones|1 
parens|(
open-close|((a) 
monsieur|M. 
hyphens|a-
dots|.
ellipsis|… 
quotes|« 
elisions|l'
numbers-commas|1,
thousands|1 000 
money|999999999999999999999 milliards d'euros 
dates|le 99 septembre 99999 
date-list|le 3, 
caps|Dupont 
article-org|La Commission 
title-name|M. Jean 
initials|J. 
acronyms|ONU 
url|http://a.fr/
email|a@b.
ampersand|A&
newlines|\n
blank-lines|Titre\n\n
dateline|PARIS: 
publie|Publié le 3 mars 2024\n
EOF
fi

# ----------------------------------------------------------- usage errors
if start usage; then
  run 10 400000 brief --format yaml good.txt
  expect_rc 2
  run 10 400000 brief --ref-date 2023-02-30 good.txt
  expect_rc 2; expect_err '2023-02-30'
fi

echo "hostile_test: $CASES cases, $FAILS failures"
[ "$FAILS" -eq 0 ]
