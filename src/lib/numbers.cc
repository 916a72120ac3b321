#include "numbers.h"

#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <cstddef>
#include <cstring>

#include <emmintrin.h>

#include "chars.h"
#include "depeche/text.h"

namespace depeche::detail {
namespace {

inline bool IsAsciiDigit(char c) { return c >= '0' && c <= '9'; }
inline bool IsAsciiLetter(unsigned char c) { return (c | 0x20) >= 'a' && (c | 0x20) <= 'z'; }

// Apostrophe look-alikes met in scraped text; all read as "'".
bool IsApostrophe(char32_t cp) {
  return cp == '\'' || cp == 0x2019 || cp == 0x2018 || cp == 0x02BC || cp == 0x02BB ||
         cp == 0x055A || cp == 0x2032 || cp == 0x02B9 || cp == 0xFF07;
}

bool IsHyphen(char32_t cp) { return cp == '-' || cp == 0x2010 || cp == 0x2011; }

// Words that end in an elided vowel: "d'" "l'" "qu'" "jusqu'".
// By length, so that a word is compared with at most five prefixes.
bool IsElisionPrefix(std::string_view f) {
  switch (f.size()) {
    case 1:
      return std::string_view("ldjmnstc").find(f[0]) != std::string_view::npos;
    case 2:
      return f == "qu";
    case 5:
      return f == "jusqu";
    case 6:
      return f == "lorsqu" || f == "puisqu" || f == "quoiqu" || f == "presqu" || f == "quelqu";
    default:
      return false;
  }
}

// Length of the run of ASCII digits at s[i].
size_t DigitRun(std::string_view s, size_t i, size_t end) {
  size_t j = i;
  while (j < end && IsAsciiDigit(s[j])) ++j;
  return j - i;
}

struct NumberWord {
  std::string_view word;
  int value;
};
constexpr std::array<NumberWord, 33> kNumberWords = {{
    {"zero", 0},      {"un", 1},        {"une", 1},      {"deux", 2},       {"trois", 3},
    {"quatre", 4},    {"cinq", 5},      {"six", 6},      {"sept", 7},       {"huit", 8},
    {"neuf", 9},      {"dix", 10},      {"onze", 11},    {"douze", 12},     {"treize", 13},
    {"quatorze", 14}, {"quinze", 15},   {"seize", 16},   {"vingt", 20},     {"vingts", 20},
    {"trente", 30},   {"quarante", 40}, {"cinquante", 50}, {"soixante", 60}, {"septante", 70},
    {"huitante", 80}, {"octante", 80},  {"nonante", 90}, {"cent", 100},     {"cents", 100},
    {"mil", 1000},    {"mille", 1000},  {"milles", 1000},
}};

// Decodes a two-byte sequence for U+00C0..U+017F at text[q] (lead C3..C5):
// the letters the fast path knows. Returns 0 when it is anything else.
inline char32_t DecodeLatin(std::string_view text, size_t q) {
  unsigned char b = static_cast<unsigned char>(text[q]);
  if (b < 0xC3 || b > 0xC5 || q + 1 >= text.size()) return 0;
  unsigned char c = static_cast<unsigned char>(text[q + 1]);
  if ((c & 0xC0) != 0x80) return 0;
  return static_cast<char32_t>(((b & 0x1F) << 6) | (c & 0x3F));
}

}  // namespace

void Lexemes::SetFold(Lexeme* l, std::string_view fold_text) {
  l->fold_begin = static_cast<uint32_t>(arena_.size());
  arena_.Append(fold_text);
  l->fold_len = static_cast<uint32_t>(fold_text.size());
  l->hash = FoldHashPadded(arena_.data() + l->fold_begin, l->fold_len);
}

[[gnu::always_inline]] inline void Lexemes::SetFoldFromTail(Lexeme* l) {
  l->fold_len = static_cast<uint32_t>(arena_.size() - l->fold_begin);
  l->hash = FoldHashPadded(arena_.data() + l->fold_begin, l->fold_len);  // any letters' fold
}

// What a byte starts, for the lexer's dispatch: ASCII whitespace, a digit,
// a letter, other ASCII (punctuation or symbol), or a multi-byte character
// that must be decoded first. File-local (anonymous namespace), like
// Tables() below: names in detail are shared by every file of the library.
namespace {
enum ByteClass : uint8_t { kBlank, kNewline, kDigit, kLower, kUpper, kPunct, kSymbol, kMultiByte };
}  // namespace

// Lexer tables, filled once: the class of every byte, and the class and
// folded bytes of the two-byte characters U+0080..U+017F (Latin-1 and Latin
// Extended-A: French accented letters, guillemets, the degree sign).
struct LexTables {
  ByteClass byte[256];
  uint32_t byte_hash[128];  // FoldHash of each ASCII byte alone
  struct Latin {
    uint64_t fold;  // folded bytes, zero-padded
    uint8_t len;
    ByteClass cls;  // kBlank, kLower, kUpper, kPunct, kSymbol
  } latin[0x100];   // index: code point - 0x80
  // The entry of the two-byte character at t[p] when it is one of
  // U+0080..U+017F (a lead byte C2..C5, then a continuation byte before
  // limit), else null.
  const Latin* TwoByteAt(const char* t, size_t p, size_t limit) const {
    const auto b = static_cast<unsigned char>(t[p]);
    if (b < 0xC2 || b > 0xC5 || p + 1 >= limit || !utf8::IsContinuation(static_cast<unsigned char>(t[p + 1])))
      return nullptr;
    return &latin[(((b & 0x1F) << 6) | (t[p + 1] & 0x3F)) - 0x80];
  }
};
namespace {
const LexTables& Tables() {
  static const LexTables kTables = [] {
    LexTables t{};
    auto classify = [](char32_t cp) {
      if (cp == '\n') return kNewline;
      if (IsSpace(cp) || cp == 0xA0) return kBlank;
      if (cp < 0x80 && IsAsciiDigit(static_cast<char>(cp))) return kDigit;
      if (IsLetter(cp) && !IsApostrophe(cp)) return IsUpper(cp) ? kUpper : kLower;
      return IsPunctCp(cp) || IsApostrophe(cp) ? kPunct : kSymbol;
    };
    for (int b = 0; b < 256; ++b) t.byte[b] = b >= 0x80 ? kMultiByte : classify(static_cast<char32_t>(b));
    for (int b = 0; b < 128; ++b) {
      const char c = static_cast<char>(b);
      t.byte_hash[b] = FoldHash(std::string_view(&c, 1));
    }
    const FoldEntry* fold_table = SmallFoldTable();
    std::string bytes;
    for (char32_t cp = 0x80; cp < 0x180; ++cp) {
      auto& e = t.latin[cp - 0x80];
      e.cls = classify(cp);
      bytes.clear();
      if (e.cls == kLower || e.cls == kUpper) {
        bytes.assign(fold_table[cp].bytes, fold_table[cp].len);  // as words fold
      } else {
        std::string one;
        utf8::Append(cp, &one);
        AppendLower(one, &bytes);  // as symbols fold
      }
      e.len = static_cast<uint8_t>(bytes.size());
      std::memcpy(&e.fold, bytes.data(), std::min<size_t>(bytes.size(), 8));
    }
    return t;
  }();
  return kTables;
}

// The eight bytes at text[q] (zeros past the end of text), little-endian.
inline uint64_t Load8(std::string_view text, size_t q) {
  uint64_t x = 0;
  if (q + 8 <= text.size()) std::memcpy(&x, text.data() + q, 8);
  else std::memcpy(&x, text.data() + q, text.size() - q);
  return x;
}

// 0x80 in each byte of x that is an ASCII letter, 0 elsewhere.
inline uint64_t AsciiLetterBytes(uint64_t x) {
  constexpr uint64_t kOnes = 0x0101010101010101ull, kHigh = 0x8080808080808080ull;
  uint64_t v = (x | 0x2020202020202020ull) & ~kHigh;  // lowercase, high bit apart
  uint64_t ge_a = v + (0x80 - 'a') * kOnes;           // high bit: v >= 'a'
  uint64_t gt_z = v + (0x80 - 'z' - 1) * kOnes;       // high bit: v > 'z'
  return ge_a & ~gt_z & ~x & kHigh;
}

// out[0, n) = in[0, n) with ASCII letters lowercased.
void LowerAscii(const char* in, size_t n, char* out) {
  size_t k = 0;
  const __m128i kCase = _mm_set1_epi8(0x20);
  const __m128i kMove = _mm_set1_epi8(0x80 - 'a'), kAfterZ = _mm_set1_epi8(static_cast<char>(-128 + 26));
  for (; k + 16 <= n; k += 16) {
    __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(in + k));
    // Letters by one signed compare (see AsciiLetterMask16 below).
    __m128i letter = _mm_cmplt_epi8(_mm_add_epi8(_mm_or_si128(v, kCase), kMove), kAfterZ);
    _mm_storeu_si128(reinterpret_cast<__m128i*>(out + k), _mm_or_si128(v, _mm_and_si128(letter, kCase)));
  }
  for (; k < n; ++k) {
    unsigned char c = static_cast<unsigned char>(in[k]);
    out[k] = static_cast<char>(IsAsciiLetter(c) ? c | 0x20 : c);
  }
}

}  // namespace

[[gnu::always_inline]] inline size_t Lexemes::FoldAsciiRun(std::string_view text, size_t q,
                                                           size_t end) {
  // Eight bytes at a time: lowercase them all (0x20 on letters), store the
  // eight, keep the letters' count. The arena's slack takes the extra bytes.
  for (;;) {
    uint64_t x = Load8(text, q);
    uint64_t letters = AsciiLetterBytes(x);
    uint64_t stop = ~letters & 0x8080808080808080ull;
    size_t n = stop ? static_cast<size_t>(__builtin_ctzll(stop)) >> 3 : 8;
    if (n > end - q) n = end - q;
    uint64_t lower = x | (letters >> 2);
    std::memcpy(arena_.tail(), &lower, 8);
    arena_.Grow(n);
    q += n;
    if (n < 8 || q >= end) return q;
  }
}

size_t Lexemes::FoldWord(std::string_view text, size_t q, size_t end, uint32_t fold_begin) {
  // A word: letters, with an inner apostrophe unless it ends an elision
  // ("d'" "l'" are words of their own, "aujourd'hui" is one word). The folded
  // form is written straight into the arena; ASCII and Latin letters take a
  // table path, the rest the generic one.
  static const FoldEntry* const fold_table = SmallFoldTable();
  while (q < end) {
    unsigned char c = static_cast<unsigned char>(text[q]);
    if (c < 0x80) {
      if (IsAsciiLetter(c)) {
        q = FoldAsciiRun(text, q, end);
        continue;
      }
      if (c != '\'') break;
    } else if (char32_t lc = DecodeLatin(text, q)) {
      if (!IsLetter(lc)) break;  // no apostrophe in this range
      // The entry's bytes are zero-padded to 7; the slack takes them.
      std::memcpy(arena_.tail(), fold_table[lc].bytes, 6);
      arena_.Grow(fold_table[lc].len);
      q += 2;
      continue;
    }
    int l2 = 1;
    char32_t cp2 = c < 0x80 ? c : utf8::Decode(text, q, &l2);
    if (IsLetter(cp2) && !IsApostrophe(cp2)) {
      std::string word;  // rare: letters beyond U+017F
      AppendFolded(text.substr(q, l2), &word);
      arena_.Append(word);
      q += l2;
      continue;
    }
    if (IsApostrophe(cp2)) {
      int l3 = 1;
      char32_t next = q + l2 < end ? utf8::Decode(text, q + l2, &l3) : 0;
      if (IsElisionPrefix(std::string_view(arena_.data() + fold_begin, arena_.size() - fold_begin))) {
        arena_.PushBack('\'');
        q += l2;
        break;
      }
      if (IsLetter(next)) {
        arena_.PushBack('\'');
        q += l2;
        continue;
      }
    }
    break;
  }
  return q;
}

void Lexemes::GrowLexemes() {
  size_t cap = std::max<size_t>(256, cap_ * 2);
  std::unique_ptr<Lexeme[]> b(new Lexeme[cap]);
  std::copy(lex_.get(), lex_.get() + n_, b.get());
  lex_ = std::move(b);
  cap_ = cap;
}

namespace {
// Reads the number at text[p] (a digit), ending before `end`: digits,
// thousands groups ("14 000", "7.500"), decimals ("1,6"). Sets l's end, kind
// and number fields (the others are the caller's) and returns its end. Its
// fold is its bytes: digits, spaces, periods and commas fold to themselves.
size_t ReadNumber(std::string_view text, size_t p, size_t end, Lexeme* l) {
  // The first digits and their value in one pass, as an integer: exact,
  // and the same double as the decimal loop below while it stays under
  // 2^53 (15 digits); longer runs take that loop, whose roundings differ.
  size_t q = p;
  uint64_t u = 0;
  for (; q < end && IsAsciiDigit(text[q]); ++q) u = u * 10 + static_cast<unsigned>(text[q] - '0');
  size_t first_group = q - p;
  double v = static_cast<double>(u);
  if (first_group > 15) {
    v = 0;
    for (size_t k = p; k < q; ++k) v = v * 10 + (text[k] - '0');
  }
  char sep = 0;
  bool grouped = false, decimal = false;
  while (q < end && first_group <= 3) {
    char c = text[q];
    if ((c == ' ' || c == '.') && (sep == 0 || sep == c) && q + 4 <= end &&
        DigitRun(text, q + 1, end) == 3) {
      size_t k = q + 4;
      // "13.500.2" is not a grouped number; neither is "1.234.56".
      if (c == '.' && k + 1 < end && text[k] == '.' && DigitRun(text, k + 1, end) != 3) break;
      for (size_t d = q + 1; d < k; ++d) v = v * 10 + (text[d] - '0');
      sep = c;
      grouped = true;
      q = k;
      continue;
    }
    break;
  }
  if (q + 1 < end && text[q] == ',' && IsAsciiDigit(text[q + 1])) {
    size_t k = q + 1 + DigitRun(text, q + 1, end);
    double scale = 0.1;
    for (size_t d = q + 1; d < k; ++d, scale /= 10) v += (text[d] - '0') * scale;
    decimal = true;
    q = k;
  }
  l->end = static_cast<uint32_t>(q);
  l->kind = LexKind::kNumber;
  l->value = v;
  l->grouped = grouped;
  l->decimal = decimal;
  l->leading_zero = text[p] == '0' && first_group > 1;
  l->digits = grouped || decimal ? 0 : static_cast<uint8_t>(first_group > 255 ? 255 : first_group);
  return q;
}
}  // namespace

namespace {
// LexSimple's state between lexemes, held as the eight bytes of a lexeme
// from Lexeme::kind to Lexeme::grouped (little-endian), so that a word's
// flags are its kind and case or'ed in and one store, and the state one
// register: as three bools the compiler kept them in memory and stored
// each flag apart. Bits: space_before, hyphen_joined, line_start (set by
// the lexer), capitalized (per lexeme). The hyphen bit is set only where
// the space bit is not (a joining hyphen is glued to the word before it,
// and whitespace clears it), so it is hyphen_joined as is.
constexpr uint64_t kStSpace = uint64_t{1} << 8;
constexpr uint64_t kStHyphen = uint64_t{1} << 16;
constexpr uint64_t kStCapitalized = uint64_t{1} << 24;
constexpr uint64_t kStLineStart = uint64_t{1} << 32;
static_assert(std::endian::native == std::endian::little);
static_assert(offsetof(Lexeme, space_before) == offsetof(Lexeme, kind) + 1 &&
              offsetof(Lexeme, hyphen_joined) == offsetof(Lexeme, kind) + 2 &&
              offsetof(Lexeme, capitalized) == offsetof(Lexeme, kind) + 3 &&
              offsetof(Lexeme, line_start) == offsetof(Lexeme, kind) + 4 &&
              offsetof(Lexeme, digits) == offsetof(Lexeme, kind) + 5 &&
              offsetof(Lexeme, decimal) == offsetof(Lexeme, kind) + 6 &&
              offsetof(Lexeme, grouped) == offsetof(Lexeme, kind) + 7 &&
              sizeof(LexKind) == 1 && sizeof(bool) == 1);

inline uint64_t PackState(bool space, bool line_start, bool hyphen) {
  return (space ? kStSpace : 0) | (hyphen && !space ? kStHyphen : 0) | (line_start ? kStLineStart : 0);
}
// A blank (a newline if newline): the next lexeme has a space before it.
inline uint64_t BlankState(uint64_t st, bool newline) {
  return (st & kStLineStart) | kStSpace | (newline ? kStLineStart : 0);
}

// Fills l as a lexeme without number fields; flags is the state with the
// lexeme's kind (and kStCapitalized) or'ed in. Field by field: as one
// aggregate the compiler packed the offsets through SSE registers, which
// costs more instructions.
[[gnu::always_inline]] inline void SetLexeme(Lexeme* l, size_t begin, size_t end, size_t fold_begin,
                                             size_t fold_len, uint32_t hash, uint64_t flags) {
  l->begin = static_cast<uint32_t>(begin);
  l->end = static_cast<uint32_t>(end);
  l->fold_begin = static_cast<uint32_t>(fold_begin);
  l->fold_len = static_cast<uint32_t>(fold_len);
  l->hash = hash;
  std::memcpy(reinterpret_cast<char*>(l) + offsetof(Lexeme, kind), &flags, 8);
  l->leading_zero = false;
  l->value = 0;
}

// The 16-bit mask of the ASCII letters among the 16 bytes at s.
inline unsigned AsciiLetterMask16(const char* s) {
  const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s));
  // Lowercased and moved so that 'a'..'z' land on -128..-103 (signed): one
  // signed compare, not a range's two and their and. Other ASCII lands on
  // 0x3F..0x9E (-98 at least), bytes 0x80 and above on -65..30.
  const __m128i moved = _mm_add_epi8(_mm_or_si128(v, _mm_set1_epi8(0x20)), _mm_set1_epi8(0x80 - 'a'));
  return static_cast<unsigned>(
      _mm_movemask_epi8(_mm_cmplt_epi8(moved, _mm_set1_epi8(static_cast<char>(-128 + 26)))));
}

// Goes on folding the word at t[q] into fold[*wlen...] (room: bytes fold
// may take in all): runs of ASCII letters (their lowercase, from the
// mirror: arena[i - mirror_begin] is text byte i lowercased) and two-byte
// letters (their folds from the table). Returns the word's end: an ASCII
// byte other than an apostrophe, or a two-byte character that is no letter.
// Returns 0 where LexSimple's general loop must take the word: an
// apostrophe or another character next, `limit` (16 bytes before the
// text's end at most) reached, room short. Writes up to 16 bytes past its
// fold.
inline size_t FoldTwoByteWord(const char* t, size_t q, size_t limit, const char* arena,
                              size_t mirror_begin, const LexTables& tables, char* fold,
                              size_t room, size_t* wlen) {
  for (;;) {
    if (q >= limit || *wlen + 16 > room) return 0;
    const unsigned char c = static_cast<unsigned char>(t[q]);
    if (c < 0x80) {
      if (!IsAsciiLetter(c)) return c == '\'' ? 0 : q;
      const unsigned k = static_cast<unsigned>(__builtin_ctz(~AsciiLetterMask16(t + q)));
      if (k == 16) return 0;
      std::memmove(fold + *wlen, arena + (q - mirror_begin), 16);  // may overlap the mirror's tail
      *wlen += k;
      q += k;
      continue;
    }
    const LexTables::Latin* e = tables.TwoByteAt(t, q, limit);
    if (e == nullptr) return 0;
    if (e->cls != kLower && e->cls != kUpper) return q;
    std::memcpy(fold + *wlen, &e->fold, 8);
    *wlen += e->len;
    q += 2;
  }
}
}  // namespace

namespace {
// Lexes the run of plain text at t[p] (p < limit): blanks, ASCII
// punctuation, words of ASCII and two-byte (Latin-1, Latin Extended-A)
// letters, each word ended by ASCII other than an apostrophe or by a
// two-byte non-letter, or by an elision's apostrophe ("l'", "qu'"): most of
// a text. The fold of an ASCII word or mark is its bytes lowercased, already
// in the mirror (arena[p - mirror_begin] is text byte p lowercased); other
// words' folds go to the arena at *asize_io (alimit as in LexSimple). Stops
// before anything else (a digit, an inner apostrophe, another character, a
// run of 16+ ASCII letters, a word reaching `limit`), which LexSimple's
// general path takes. limit is at most `end` and 16 bytes before the text's
// end: letters are found with one 16-byte compare (in SSE registers: as
// 8-byte integer masks the constants took the general registers the loop's
// state needs). Returns where it stopped; *n, *space, *line_start, *hyphen
// and *asize_io are updated. When it stopped at a word whose first len
// letters are ASCII but that it cannot end, *head is len (else it is left
// alone), so that LexSimple goes on from them instead of scanning them
// again. A separate loop rather than a case of LexSimple's: a plain word or
// mark needs none of its dispatch, and runs of them are most of a text.
[[gnu::always_inline]] inline size_t LexAsciiRun(
    const char* t, size_t p, size_t limit, size_t end, char* arena, size_t* asize_io,
    size_t alimit, size_t mirror_begin, const LexTables& tables, Lexeme* lex, size_t* n_io,
    size_t cap, uint64_t* state, size_t* head) {
  size_t n = *n_io;
  uint64_t st = *state;
  // Each turn of the loop takes a byte at least and makes a lexeme at most:
  // room for as many lexemes as bytes before limit, and the loop needs no
  // test of the room (the general path takes the rest, and grows it).
  limit = std::min(limit, p + (cap - n));
  // A word with two-byte letters ("général", "à"): its fold goes to the
  // arena; q is where FoldTwoByteWord ended it.
  auto put_two_byte_word = [&](size_t q, size_t wlen, bool capitalized) {
    const size_t asize = *asize_io;
    SetLexeme(&lex[n++], p, q, asize, wlen, FoldHashPaddedNoDigit(arena + asize, wlen),
              st | static_cast<uint8_t>(LexKind::kWord) | (capitalized ? kStCapitalized : 0));
    *asize_io = asize + wlen;
    const bool sp = t[q] == ' ';  // q < limit
    p = q + sp;
    st = sp ? kStSpace : 0;
  };
  while (p < limit) {
    const unsigned char b = static_cast<unsigned char>(t[p]);
    if (b >= 0x80) {
      // A word that starts with a two-byte letter ("à", "état").
      const LexTables::Latin* e = tables.TwoByteAt(t, p, limit);
      if (e == nullptr || (e->cls != kLower && e->cls != kUpper)) break;
      size_t wlen = 0;
      const size_t q = FoldTwoByteWord(t, p, limit, arena, mirror_begin, tables,
                                       arena + *asize_io, alimit - *asize_io, &wlen);
      if (!q) break;
      put_two_byte_word(q, wlen, e->cls == kUpper);
      continue;
    }
    const ByteClass cls = tables.byte[b];
    if (cls == kLower || cls == kUpper) {
      const unsigned len = static_cast<unsigned>(__builtin_ctz(~AsciiLetterMask16(t + p)));  // 1 to 16
      size_t q = p + len;
      if (len == 16 || q >= limit) break;
      const unsigned char c = static_cast<unsigned char>(t[q]);
      if (c >= 0x80) {
        // A word that goes on past its ASCII head ("g" of "général").
        size_t wlen = len;
        char* fold = arena + *asize_io;
        if (*asize_io + 16 <= alimit) {
          std::memmove(fold, arena + (p - mirror_begin), 16);  // the head (may overlap the mirror's tail)
          q = FoldTwoByteWord(t, q, limit, arena, mirror_begin, tables, fold,
                              alimit - *asize_io, &wlen);
          if (q) {
            put_two_byte_word(q, wlen, cls == kUpper);
            continue;
          }
        }
        *head = len;  // LexSimple goes on from the head
        break;
      }
      const size_t fold_begin = p - mirror_begin;
      size_t flen = len;
      if (c == '\'') {
        if (!IsElisionPrefix(std::string_view(arena + fold_begin, flen))) {
          *head = len;  // "aujourd'hui"
          break;
        }
        ++q, ++flen;
      }
      SetLexeme(&lex[n++], p, q, fold_begin, flen, FoldHashPaddedNoDigit(arena + fold_begin, flen),
                st | static_cast<uint8_t>(LexKind::kWord) | (cls == kUpper ? kStCapitalized : 0));
      // The blank after a word, taken here.
      const bool sp = c == ' ';
      p = q + sp;
      st = sp ? kStSpace : 0;
      continue;
    }
    if (cls <= kNewline) {
      st = BlankState(st, cls == kNewline);
      ++p;
      continue;
    }
    if (cls == kDigit) break;
    // Punctuation or a symbol: its own fold.
    if (b == '-' && n > 0 && lex[n - 1].kind == LexKind::kWord && !(st & kStSpace) && p + 1 < end) {
      // A hyphen between two words joins them ("vingt-cinq", "mi-mars"):
      // it is dropped and the next word remembers it.
      const unsigned char next = static_cast<unsigned char>(t[p + 1]);
      if (next >= 0x80) break;
      if (IsAsciiLetter(next)) {
        st |= kStHyphen;  // the space bit is clear (tested above)
        ++p;
        continue;
      }
    }
    SetLexeme(&lex[n++], p, p + 1, p - mirror_begin, 1, tables.byte_hash[b],
              st | static_cast<uint8_t>(cls == kPunct ? LexKind::kPunct : LexKind::kSymbol));
    ++p;
    // The blank after it (", " ". "), taken here.
    const bool sp = p < end && t[p] == ' ';
    p += sp;
    st = sp ? kStSpace : 0;
  }
  *n_io = n;
  *state = st;
  return p;
}
}  // namespace

size_t Lexemes::LexSimple(std::string_view text, size_t p, size_t end, size_t mirror_begin,
                          const LexTables& tables, LexState* st) {
  // Most of a text is ASCII or Latin-1 words, single spaces and punctuation.
  // This loop takes them with the state in registers: the lexeme array and
  // the arena are written through local pointers, committed on the way out.
  // Runs of plain text go to LexAsciiRun; the words it leaves (an inner
  // apostrophe, near the text's end) are folded here, ASCII letters eight
  // bytes at a time, two-byte letters through the table.
  // Numbers are read by ReadNumber, as Build reads them. Whatever needs
  // more care (other characters, a hyphen or apostrophe before a non-ASCII
  // character) is left to Build, from the start of its lexeme; so is a
  // piece that could touch `end` or the arena's end.
  const char* t = text.data();
  const size_t text_size = text.size();
  Lexeme* lex = lex_.get();
  size_t n = n_;
  char* arena = arena_.buffer();
  size_t asize = arena_.size();
  const size_t alimit = arena_.capacity() - Arena::kSlack;  // 8-byte stores end before this
  uint64_t state = PackState(st->space, st->line_start, st->hyphen);
  const size_t cap = cap_;  // a local: stores through lex may alias members
  // LexAsciiRun's bound: 16 bytes before the text's end (its loads), and
  // `end`.
  const size_t ascii_limit = std::min(end, text_size >= 16 ? text_size - 16 : 0);
  while (p < end) {
    unsigned char b = static_cast<unsigned char>(t[p]);
    ByteClass cls;
    size_t len1 = 1;  // bytes of the first character
    const LexTables::Latin* latin = nullptr;
    // Plain text first: the common case.
    size_t head = 0;  // ASCII letters at p that LexAsciiRun read: the head of a word
    if (p < ascii_limit) {
      const size_t q = LexAsciiRun(t, p, ascii_limit, end, arena, &asize, alimit, mirror_begin,
                                   tables, lex, &n, cap, &state, &head);
      if (!head) {
        if (q != p) {
          p = q;
          continue;
        }
      } else {
        p = q;  // before ascii_limit, so before end
        b = static_cast<unsigned char>(t[p]);
      }
    }
    {
      cls = tables.byte[b];
      if (cls == kMultiByte) {
        latin = tables.TwoByteAt(t, p, end);
        if (latin == nullptr) break;
        cls = latin->cls;
        len1 = 2;
      }
      if (cls <= kNewline) {
        state = BlankState(state, cls == kNewline);
        p += len1;
        continue;
      }
      if (n == cap || asize + 8 > alimit) break;  // Build grows them
    }
    if (cls == kDigit) {
      // A number. Its fold is its bytes, in the mirror.
      Lexeme& l = lex[n++];
      l = Lexeme{.begin = static_cast<uint32_t>(p),
                 .fold_begin = static_cast<uint32_t>(p - mirror_begin),
                 .space_before = (state & kStSpace) != 0,
                 .line_start = (state & kStLineStart) != 0};
      const size_t q = ReadNumber(text, p, end, &l);
      l.fold_len = static_cast<uint32_t>(q - p);
      l.hash = FoldHashPaddedNoDigit(arena + l.fold_begin, l.fold_len) | kNumberHashBits;
      p = q;
      // The blank after it, taken here (as after a word).
      const bool space = p < end && t[p] == ' ';
      p += space;
      state = space ? kStSpace : 0;
      continue;
    }
    size_t q = p;
    size_t wlen = 0;  // folded bytes written for this lexeme
    if (cls == kLower || cls == kUpper) {
      if (head) {
        // The head's fold is in the mirror (head < 16; the arena has room
        // for 16 bytes at asize, checked above, and 16 readable bytes past
        // any mirror position).
        std::memmove(arena + asize, arena + (p - mirror_begin), 16);  // may overlap: near the span's end
        q = p + head;
        wlen = head;
      }
      for (;;) {
        unsigned char c = q < end ? static_cast<unsigned char>(t[q]) : 0;
        if (IsAsciiLetter(c)) {
          // A run of ASCII letters, eight bytes at a time.
          for (;;) {
            if (asize + wlen + 8 > alimit || q + 8 > text_size) goto bail;
            uint64_t x;
            std::memcpy(&x, t + q, 8);
            uint64_t letters = AsciiLetterBytes(x);
            uint64_t stop = ~letters & 0x8080808080808080ull;
            size_t k = stop ? static_cast<size_t>(__builtin_ctzll(stop)) >> 3 : 8;
            if (k > end - q) k = end - q;
            uint64_t lower = x | (letters >> 2);
            std::memcpy(arena + asize + wlen, &lower, 8);
            q += k;
            wlen += k;
            if (k < 8 || q >= end) break;
          }
          continue;
        }
        if (c >= 0xC2 && c <= 0xC5) {
          // A two-byte letter goes on the word; anything else there ends it.
          const LexTables::Latin* e = tables.TwoByteAt(t, q, end);
          if (e == nullptr) goto bail;
          if (e->cls != kLower && e->cls != kUpper) break;
          if (asize + wlen + 8 > alimit) goto bail;
          std::memcpy(arena + asize + wlen, &e->fold, 8);
          wlen += e->len;
          q += 2;
          continue;
        }
        if (c == '\'') {
          // Ends an elision ("l'", "qu'"), or joins letters ("aujourd'hui"):
          // FoldWord's rule, with a non-ASCII next character left to it.
          if (IsElisionPrefix(std::string_view(arena + asize, wlen))) {
            arena[asize + wlen++] = '\'';
            ++q;
            break;
          }
          unsigned char next = q + 1 < end ? static_cast<unsigned char>(t[q + 1]) : 0;
          if (next >= 0x80) goto bail;
          if (!IsAsciiLetter(next)) break;
          arena[asize + wlen++] = '\'';
          ++q;
          continue;
        }
        if (c >= 0x80) goto bail;
        break;  // ASCII that is not a letter, or the end
      }
    } else if (cls == kPunct || cls == kSymbol) {
      if (b == '-' && n > 0 && lex[n - 1].kind == LexKind::kWord && !(state & kStSpace) && p + 1 < end) {
        // A hyphen between two words joins them ("vingt-cinq", "mi-mars"):
        // it is dropped and the next word remembers it.
        unsigned char next = static_cast<unsigned char>(t[p + 1]);
        if (next >= 0x80) break;
        if (IsAsciiLetter(next)) {
          state |= kStHyphen;  // the space bit is clear (tested above)
          ++p;
          continue;
        }
      }
      uint64_t fold = latin ? latin->fold : b;
      std::memcpy(arena + asize, &fold, 8);
      wlen = latin ? latin->len : 1;
      q = p + len1;
    } else {
      break;
    }
    {
      uint32_t len = static_cast<uint32_t>(wlen);
      const LexKind kind =
          cls == kPunct ? LexKind::kPunct : cls == kSymbol ? LexKind::kSymbol : LexKind::kWord;
      // A word, a mark or a symbol: no digit first.
      SetLexeme(&lex[n++], p, q, asize, len, FoldHashPaddedNoDigit(arena + asize, len),
                state | static_cast<uint8_t>(kind) | (cls == kUpper ? kStCapitalized : 0));
      asize += len;
      p = q;
      // The blank after it (", " ". "), taken here.
      const bool space = p < end && t[p] == ' ';
      p += space;
      state = space ? kStSpace : 0;
      continue;
    }
  bail:
    break;
  }
  n_ = n;
  arena_.set_size(asize);
  st->space = (state & kStSpace) != 0;
  st->line_start = (state & kStLineStart) != 0;
  st->hyphen = (state & kStHyphen) != 0;
  return p;
}

void Lexemes::Build(std::string_view text, uint32_t begin, uint32_t end) {
  n_ = 0;
  arena_.clear();
  if (end > text.size()) end = static_cast<uint32_t>(text.size());
  const size_t span = end > begin ? end - begin : 0;
  // The arena starts with a mirror of the span, ASCII letters lowercased:
  // the fold of an ASCII word or punctuation mark is its own bytes there,
  // written sixteen at a time. Other folds follow it ("rarely grow": twice
  // the span is ample, and Extend grows it otherwise).
  arena_.Reserve(2 * span);
  if (span) LowerAscii(text.data() + begin, span, arena_.Extend(span));
  const LexTables& tables = Tables();
  bool space = true, line_start = true, hyphen = false;
  size_t p = begin;
  while (p < end) {
    {
      LexState st{space, line_start, hyphen};
      p = LexSimple(text, p, end, begin, tables, &st);
      space = st.space, line_start = st.line_start, hyphen = st.hyphen;
      if (p >= end) break;
    }
    unsigned char b = static_cast<unsigned char>(text[p]);
    ByteClass cls = tables.byte[b];
    int len = 1;
    char32_t cp = b;
    if (cls == kMultiByte) {
      cp = utf8::Decode(text, p, &len);
      if (cp == 0xA0 || cp == 0x202F || cp == 0x2009) cls = kBlank;
      else if (IsLetter(cp) && !IsApostrophe(cp)) cls = IsUpper(cp) ? kUpper : kLower;
      else cls = IsPunctCp(cp) || IsApostrophe(cp) ? kPunct : kSymbol;
    }
    if (cls <= kNewline) {
      space = true;
      line_start |= cls == kNewline;
      hyphen = false;
      p += len;
      continue;
    }
    // Built in place: filling a stack copy field by field and then copying
    // it whole into the vector stalls on store forwarding.
    Lexeme& l = Push();
    l = Lexeme();
    l.begin = static_cast<uint32_t>(p);
    l.space_before = space;
    l.line_start = line_start;
    if (cls == kDigit) {
      const size_t q = ReadNumber(text, p, end, &l);
      SetFold(&l, text.substr(p, q - p));
      p = q;
    } else if (cls == kLower || cls == kUpper) {
      l.kind = LexKind::kWord;
      l.capitalized = cls == kUpper;
      l.hyphen_joined = hyphen && !space;
      l.fold_begin = static_cast<uint32_t>(arena_.size());
      size_t q = p;
      if (b < 0x80) {
        // Most words are ASCII letters only, ended by ASCII that is no
        // apostrophe: done here without entering the general loop.
        q = FoldAsciiRun(text, p, end);
        if (q < end && (static_cast<unsigned char>(text[q]) >= 0x80 || text[q] == '\''))
          q = FoldWord(text, q, end, l.fold_begin);
      } else {
        q = FoldWord(text, p, end, l.fold_begin);
      }
      l.end = static_cast<uint32_t>(q);
      SetFoldFromTail(&l);
      p = q;
    } else {
      l.kind = cls == kPunct ? LexKind::kPunct : LexKind::kSymbol;
      l.end = static_cast<uint32_t>(p + len);
      // A hyphen between two words joins them ("vingt-cinq", "mi-mars"):
      // it is dropped and the next word remembers it.
      if (IsHyphen(cp) && n_ >= 2 && lex_[n_ - 2].kind == LexKind::kWord &&
          !space && p + len < end) {
        int l2 = 1;
        char32_t next = utf8::Decode(text, p + len, &l2);
        if (IsLetter(next)) {
          --n_;
          hyphen = true;
          space = false;
          p += len;
          continue;
        }
      }
      if (b < 0x80) {
        // Not a letter, so its own lowercase.
        SetFold(&l, text.substr(p, 1));
      } else if (IsApostrophe(cp)) {
        SetFold(&l, "'");
      } else {
        std::string word;  // rare: a non-ASCII symbol
        AppendLower(text.substr(p, len), &word);
        SetFold(&l, word);
      }
      p += len;
    }
    space = false;
    line_start = false;
    hyphen = false;
  }
}

std::optional<double> ParsePressNumber(std::string_view s) {
  Lexemes lx;
  lx.Build(s, 0, static_cast<uint32_t>(s.size()));
  if (lx.size() != 1 || !lx.IsNumber(0)) return std::nullopt;
  return lx[0].value;
}

namespace {
const WordMap<int>& NumberWordMap() {
  static const WordMap<int> kMap = [] {
    WordMap<int> m;
    for (const auto& w : kNumberWords) m.Insert(w.word, w.value);
    return m;
  }();
  return kMap;
}
}  // namespace

std::vector<std::string_view> NumberWords() {
  std::vector<std::string_view> out;
  for (const auto& w : kNumberWords) out.push_back(w.word);
  return out;
}

void Lexemes::Trim() {
  constexpr size_t kKeep = 1 << 18;  // lexemes: ~10 MB, far above a news article
  if (cap_ > kKeep) {
    lex_.reset();
    n_ = cap_ = 0;
  }
  if (arena_.capacity() > 4 * kKeep) arena_.Release();
}

const Lexemes& ArticleLexemes(std::string_view text, uint32_t begin, uint32_t end) {
  struct Cache {
    const char* data = nullptr;
    size_t size = 0;
    uint32_t begin = 0, end = 0;
    std::string bytes;  // the span and the few bytes after it the lexer may peek at
    Lexemes lx;
  };
  thread_local Cache cache;
  if (end > text.size()) end = static_cast<uint32_t>(text.size());
  if (begin > end) begin = end;
  std::string_view bytes = text.substr(begin, std::min<size_t>(text.size(), size_t{end} + 4) - begin);
  if (cache.data == text.data() && cache.size == text.size() && cache.begin == begin &&
      cache.end == end && cache.bytes == bytes) {
    return cache.lx;
  }
  cache.data = nullptr;  // invalid while rebuilding
  cache.lx.Trim();
  cache.lx.Build(text, begin, end);
  if (cache.bytes.capacity() > (1u << 22) && bytes.size() < (1u << 20)) std::string().swap(cache.bytes);
  cache.bytes.assign(bytes);
  cache.data = text.data();
  cache.size = text.size();
  cache.begin = begin;
  cache.end = end;
  return cache.lx;
}

int NumberWordValue(std::string_view fold) {
  const int* v = NumberWordMap().Find(fold);
  return v ? *v : -1;
}

namespace {
struct ScaleEntry {
  std::string_view word;
  double value;
};
constexpr ScaleEntry kScales[] = {
    {"mille", 1e3},    {"k", 1e3},         {"million", 1e6}, {"millions", 1e6}, {"m", 1e6},
    {"mln", 1e6},      {"mn", 1e6},        {"mio", 1e6},     {"milliard", 1e9}, {"milliards", 1e9},
    {"md", 1e9},       {"mds", 1e9},       {"mrd", 1e9},     {"mrds", 1e9},     {"mld", 1e9},
    {"mlds", 1e9},     {"bn", 1e9},        {"billion", 1e12}, {"billions", 1e12}};
}  // namespace

namespace {
// The `word` members of a table of words and values.
template <typename Table>
std::vector<std::string_view> WordsOf(const Table& table) {
  std::vector<std::string_view> out;
  for (const auto& entry : table) out.push_back(entry.word);
  return out;
}
}  // namespace

std::vector<std::string_view> ScaleWords() { return WordsOf(kScales); }

double ScaleWord(std::string_view f) {
  static const WordMap<double> kMap = [] {
    WordMap<double> m;
    for (const auto& w : kScales) m.Insert(w.word, w.value);
    return m;
  }();
  if (f.empty() || f.size() > 9) return 0;
  const double* v = kMap.Find(f);
  return v ? *v : 0;
}

namespace {
struct Noun {
  std::string_view word;
  double value;
};
constexpr std::array<Noun, 22> kNouns = {{
      {"dizaine", 10},       {"dizaines", 10},  {"douzaine", 12},  {"quinzaine", 15},
      {"vingtaine", 20},     {"trentaine", 30}, {"quarantaine", 40}, {"cinquantaine", 50},
      {"soixantaine", 60},   {"centaine", 100}, {"centaines", 100}, {"millier", 1000},
      {"milliers", 1000},    {"huitaine", 8},   {"neuvaine", 9},    {"sixaine", 6},
      {"septantaine", 70},   {"octantaine", 80}, {"nonantaine", 90}, {"quatre-vingtaine", 80},
      {"demi-douzaine", 6},  {"douzaines", 12},
}};
}  // namespace

std::vector<std::string_view> ApproxNouns() { return WordsOf(kNouns); }

double ApproxNounValue(std::string_view f) {
  static const WordMap<double> kMap = [] {
    WordMap<double> m;
    for (const auto& n : kNouns) m.Insert(n.word, n.value);
    return m;
  }();
  if (f.size() < 7) return 0;
  const double* v = kMap.Find(f);
  return v ? *v : 0;
}

std::optional<WordNumber> ParseNumberWords(const Lexemes& lx, size_t i) {
  double total = 0, current = 0;
  int last = -1;   // value of the last word read
  size_t j = i;
  bool any = false;
  while (j < lx.size() && lx.IsWord(j)) {
    std::string_view f = lx.fold(j);
    if (any && !lx[j].hyphen_joined && f == "et" && j + 1 < lx.size() && last >= 20 &&
        last % 10 == 0 && last < 100 && (lx.Is(j + 1, "un") || lx.Is(j + 1, "une") || lx.Is(j + 1, "onze"))) {
      ++j;
      continue;
    }
    const int* pv = NumberWordMap().Find(f, lx.hash(j));
    if (!pv) break;
    int v = *pv;
    if (any && (f == "un" || f == "une") && last != 20 && last != 30 && last != 40 && last != 50 &&
        last != 60 && last != 80 && last != 1000) {
      break;  // "deux un" is not a number
    }
    if (any && v < 100 && last >= 0 && last < 100) {
      bool unit_after_unit = last % 10 != 0 && !(last == 4 && v == 20);
      bool ten_after_ten = last % 10 == 0 && last != 0 && v >= 10 &&
                           !((last == 60 || last == 80) && v < 20) && !(last == 10 && v < 10);
      if (unit_after_unit || ten_after_ten || last == 0 || (last > 10 && last < 20)) break;
      if (last == 10 && v >= 10) break;
    }
    if (v == 100) {
      current = (current == 0 ? 1 : current) * 100;
    } else if (v == 1000) {
      total += (current == 0 ? 1 : current) * 1000;
      current = 0;
    } else if (v == 20 && last == 4) {
      current += 80 - 4;  // quatre-vingt(s)
    } else {
      current += v;
    }
    last = (v == 20 && last == 4) ? 80 : v;
    any = true;
    ++j;
  }
  if (!any) return std::nullopt;
  return WordNumber{total + current, j};
}

}  // namespace depeche::detail
