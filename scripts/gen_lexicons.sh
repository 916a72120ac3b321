#!/bin/sh
# Generates the name lexicons from Debian's hunspell-fr dictionary (MPL-2.0):
#   gen_lexicons.sh /usr/share/hunspell/fr.dic OUTDIR
# writes OUTDIR/first_names.txt (po:prn), surnames.txt (po:patr),
# proper_nouns.txt (po:npr) and common_words.txt (every lowercase form of the
# dictionary, suffixes expanded from the .aff file next to the .dic).
#
# Suffix expansion is done here, in plain awk, rather than with hunspell's
# `unmunch` so that no extra package is needed: the French .aff only uses one
# level of suffixes (continuation flags on suffixes are elision prefixes,
# irrelevant to a word list), with FLAG long (two-byte flags).
set -eu

dic=$1
out=$2
aff=${dic%.dic}.aff
[ -r "$dic" ] || { echo "gen_lexicons.sh: cannot read $dic" >&2; exit 1; }
[ -r "$aff" ] || { echo "gen_lexicons.sh: cannot read $aff" >&2; exit 1; }
mkdir -p "$out"
tmp=$out/.gen_lexicons.$$
trap 'rm -f "$tmp".*' EXIT INT TERM

# Proper names: the stem as written (they only carry elision prefixes).
LC_ALL=C awk -v out="$tmp" '
  FNR == 1 { next }  # entry count
  {
    w = $1; sub(/\/.*/, "", w)
    if (w == "") next
    if ($0 ~ / po:prn/) print w > (out ".prn")
    if ($0 ~ / po:patr/) print w > (out ".patr")
    if ($0 ~ / po:npr/) print w > (out ".npr")
  }' "$dic"
touch "$tmp.prn" "$tmp.patr" "$tmp.npr"

# Common words: lowercase entries and their suffixed forms.
LC_ALL=C awk '
  function utf8_split(s, arr,    n, i, b, len) {
    n = 0; i = 1
    while (i <= length(s)) {
      b = ord[substr(s, i, 1)]
      len = (b < 192) ? 1 : (b < 224) ? 2 : (b < 240) ? 3 : 4
      arr[++n] = substr(s, i, len); i += len
    }
    return n
  }
  # Splits a hunspell condition ("[^cg]er", ".", "[iïu]f") into units:
  # kind[k] is "." (any), "=" (literal), "+" (set) or "-" (negated set).
  function parse_cond(c, kind, val,    n, i, j, b, len, ch) {
    n = 0; i = 1
    while (i <= length(c)) {
      ch = substr(c, i, 1)
      if (ch == "[") {
        j = index(substr(c, i), "]")
        if (substr(c, i + 1, 1) == "^") { kind[++n] = "-"; val[n] = substr(c, i + 2, j - 3) }
        else { kind[++n] = "+"; val[n] = substr(c, i + 1, j - 2) }
        i += j
      } else if (ch == ".") { kind[++n] = "."; i++ }
      else {
        b = ord[ch]
        len = (b < 192) ? 1 : (b < 224) ? 2 : (b < 240) ? 3 : 4
        kind[++n] = "="; val[n] = substr(c, i, len); i += len
      }
    }
    return n
  }
  function in_set(ch, set,    m, k, parts) {
    m = utf8_split(set, parts)
    for (k = 1; k <= m; k++) if (parts[k] == ch) return 1
    return 0
  }
  function cond_ok(word, r,    n, k, w, base, ch, kd) {
    if (cond_n[r] == 0) return 1
    n = utf8_split(word, w)
    if (n < cond_n[r]) return 0
    base = n - cond_n[r]
    for (k = 1; k <= cond_n[r]; k++) {
      ch = w[base + k]; kd = cond_kind[r, k]
      if (kd == "=" && ch != cond_val[r, k]) return 0
      if (kd == "+" && !in_set(ch, cond_val[r, k])) return 0
      if (kd == "-" && in_set(ch, cond_val[r, k])) return 0
    }
    return 1
  }
  BEGIN { for (i = 1; i < 256; i++) ord[sprintf("%c", i)] = i }
  FNR == NR {  # the .aff file
    if ($1 != "SFX") next
    if (NF == 4 && $3 ~ /^[YN]$/) next  # block header
    r = ++nrules
    flag_rules[$2] = flag_rules[$2] " " r
    strip[r] = ($3 == "0") ? "" : $3
    is_ppas[r] = ($0 ~ / po:ppas/)
    add = $4; sub(/\/.*/, "", add); if (add == "0") add = ""
    sfx[r] = add
    cond = (NF >= 5) ? $5 : "."
    m = parse_cond(cond, ck, cv)
    if (cond == ".") m = 0
    cond_n[r] = m
    for (k = 1; k <= m; k++) { cond_kind[r, k] = ck[k]; cond_val[r, k] = cv[k] }
    next
  }
  FNR == 1 { next }  # entry count of the .dic
  {
    w = $1; flags = ""
    p = index(w, "/")
    if (p > 0) { flags = substr(w, p + 1); w = substr(w, 1, p - 1) }
    if (w == "" || w !~ /^[a-z\200-\377]/) next
    # Uppercase Latin-1 letters are U+00C0..U+00DE: bytes C3 80..C3 9E.
    if (substr(w, 1, 1) == "\303" && ord[substr(w, 2, 1)] < 159) next
    if ($0 ~ / po:(prn|patr|npr)/) next
    # Word classes: n noun, a adjective, v verb form, p past participle,
    # g grammatical word (determiner, preposition, pronoun, conjunction, adverb).
    cls = ""
    if ($0 ~ / po:nom/) cls = cls "n"
    if ($0 ~ / po:adj/) cls = cls "a"
    if ($0 ~ / po:(mg|adv|prep|det|pro|cj|loc)/) cls = cls "g"
    verb = ($0 ~ / po:v[0-9]/)
    if (verb) cls = cls "v"
    if (cls == "") cls = "o"
    print w "\t" cls
    for (f = 1; f < length(flags); f += 2) {
      fl = substr(flags, f, 2)
      if (!(fl in flag_rules)) continue
      nr = split(flag_rules[fl], rl, " ")
      for (q = 1; q <= nr; q++) {
        r = rl[q]
        s = strip[r]
        if (s != "" && (length(w) < length(s) || substr(w, length(w) - length(s) + 1) != s)) continue
        if (!cond_ok(w, r)) continue
        form = substr(w, 1, length(w) - length(s)) sfx[r]
        if (form == "") continue
        if (verb) print form "\t" (is_ppas[r] ? "p" : "v")
        else print form "\t" cls
      }
    }
  }' "$aff" "$dic" > "$tmp.common"

# One line per form: "form<TAB>classes", the classes of all its readings.
LC_ALL=C sort -u "$tmp.common" | LC_ALL=C awk -F '\t' '
  $1 != prev { if (NR > 1) print prev "\t" cls; prev = $1; cls = "" }
  index(cls, $2) == 0 { cls = cls $2 }
  END { if (NR > 0) print prev "\t" cls }' > "$tmp.merged"
mv "$tmp.merged" "$tmp.common"

for pair in prn:first_names patr:surnames npr:proper_nouns common:common_words; do
  src=${pair%%:*}
  dst=${pair#*:}
  LC_ALL=C sort -u "$tmp.$src" > "$tmp.sorted"
  mv "$tmp.sorted" "$out/$dst.txt"
done
