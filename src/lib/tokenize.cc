// French tokenizer: one left-to-right pass, each decision looks at most a few
// characters ahead, so the whole run is linear in the input.
#include "depeche/tokenize.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <string>

#include "chars.h"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace depeche {
namespace {

using detail::IsDigit;
using detail::IsLetter;
using detail::IsSpace;
using detail::IsUpper;

// Words that take a period as abbreviations (compared lowercase, without the
// period). Single capital letters (initials) are handled apart.
constexpr std::array<std::string_view, 64> kAbbreviations = {
    "m",     "mm",    "mme",   "mmes",  "mlle",  "mlles", "dr",    "pr",    "me",   "mgr",
    "st",    "ste",   "etc",   "cf",    "ex",    "env",   "av",    "apr",   "bd",   "boul",
    "janv",  "févr",  "fevr",  "fév",   "avr",   "juil",  "sept",  "oct",   "nov",  "déc",
    "dec",   "lun",   "mar",   "mer",   "jeu",   "ven",   "sam",   "dim",   "vol",  "p",
    "pp",    "chap",  "art",   "al",    "coll",  "éd",    "ed",    "no",    "n°",   "tél",
    "tel",   "fig",   "hab",   "min",   "max",   "qqn",   "qqch",  "vs",    "gén",  "col",
    "cap",   "lt",    "sgt",   "adj"};

constexpr size_t kLongestAbbreviation = [] {
  size_t n = 0;
  for (std::string_view a : kAbbreviations) n = std::max(n, a.size());
  return n;
}();
static_assert(kLongestAbbreviation <= 7, "abbreviations are packed with their length in 64 bits");

// A word of at most 7 bytes as one integer (length, then bytes): equal words,
// equal keys.
constexpr uint64_t PackKey(std::string_view s) {
  uint64_t k = s.size();
  for (char c : s) k = (k << 8) | static_cast<unsigned char>(c);
  return k;
}

// The abbreviations' keys in an open-addressing table (IsAbbreviation runs
// for every word followed by a period): one multiply and a probe or two,
// where a binary search took six rounds of branches. 0 marks an empty slot
// (no key is 0: its length is in it). Built at compile time.
constexpr size_t kAbbreviationSlots = 256;  // 2 KB, a quarter full
constexpr size_t AbbreviationSlot(uint64_t key) {
  return static_cast<size_t>((key * 0x9E3779B97F4A7C15ull) >> 56);
}
constexpr auto kAbbreviationTable = [] {
  std::array<uint64_t, kAbbreviationSlots> table{};
  for (std::string_view a : kAbbreviations) {
    size_t at = AbbreviationSlot(PackKey(a));
    while (table[at] != 0) at = (at + 1) % kAbbreviationSlots;
    table[at] = PackKey(a);
  }
  return table;
}();
static_assert(kAbbreviations.size() * 2 < kAbbreviationSlots, "probes end at an empty slot");

// Elided prefixes that end a token with their apostrophe: l' d' qu' ...
constexpr std::array<std::string_view, 15> kElisions = {
    "l", "d", "j", "m", "n", "s", "t", "c", "qu", "jusqu", "lorsqu", "puisqu", "quoiqu",
    "quelqu", "presqu"};

// Words that keep their apostrophe inside.
constexpr std::array<std::string_view, 6> kApostropheWords = {
    "aujourd'hui", "quelqu'un", "quelqu'une", "presqu'île", "prud'homme", "prud'hommes"};

// Clitics split off after a hyphen in inversions: a-t-il, remet-elle, dit-on.
constexpr std::array<std::string_view, 22> kClitics = {
    "t-il", "t-elle", "t-on", "t-ils", "t-elles", "il",   "elle", "on",  "ils", "elles", "je",
    "tu",   "nous",   "vous", "ce",   "le",     "la",   "les",  "moi", "toi", "lui",   "leur"};

// Ordinal suffixes after digits: 1er 1re 2e 2ème 2nd 16es.
constexpr std::array<std::string_view, 12> kOrdinalSuffixes = {
    "er", "re", "ère", "e", "è", "ème", "eme", "nd", "nde", "es", "èmes", "emes"};

// Byte classes for the ASCII fast paths: the scanner decodes UTF-8 only at
// bytes >= 0x80 (one 256-byte table, always in cache).
enum ByteClass : uint8_t {
  kAlnumByte = 1 << 0,       // ASCII letter or digit: goes on a word
  kSpaceByte = 1 << 1,       // IsSpace
  kEmailGlueByte = 1 << 2,   // "@._%+-": a word glued to it may be an e-mail
  kHighByte = 1 << 3,        // >= 0x80: decode
  kAsciiLetterByte = 1 << 4,  // a-z, A-Z: starts a word
  kWordGlueByte = 1 << 5,    // ". ' - @ _ % +": after letters, the word may go on
  kSymbolByte = 1 << 6,      // ASCII symbols (kSymbol tokens), the rest is punctuation
  kLonePunctByte = 1 << 7,   // ASCII punctuation or symbol that is a token by itself
};
constexpr auto kByteClass = [] {
  std::array<uint8_t, 256> t{};
  for (int c = 0; c < 256; ++c) {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) t[c] |= kAlnumByte;
    if (c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r') t[c] |= kSpaceByte;
    if (c == '@' || c == '.' || c == '_' || c == '%' || c == '+' || c == '-') t[c] |= kEmailGlueByte;
    if (c >= 0x80) t[c] |= kHighByte;
    if ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') t[c] |= kAsciiLetterByte;
    if (c == '.' || c == '\'' || c == '-' || c == '@' || c == '_' || c == '%' || c == '+') t[c] |= kWordGlueByte;
    // Not letters, digits or spaces, nor the starts of longer punctuation:
    // "(...)", "[...]", "...", "?!", "-t-il".
    if (c < 0x80 && !(t[c] & (kAlnumByte | kSpaceByte)) && c != '(' && c != '[' && c != '.' && c != '!' &&
        c != '?' && c != '-')
      t[c] |= kLonePunctByte;
    for (char sym : std::string_view("%$&+=*#@|~^<>/\\`_")) {
      if (c == static_cast<unsigned char>(sym)) t[c] |= kSymbolByte;
    }
  }
  return t;
}();

// Length and first byte before the bytes: most entries differ there.
template <size_t N>
bool InList(const std::array<std::string_view, N>& list, std::string_view w) {
  if (w.empty()) return std::find(list.begin(), list.end(), w) != list.end();
  for (std::string_view x : list) {
    if (x.size() == w.size() && x[0] == w[0] && x == w) return true;
  }
  return false;
}

class Scanner {
 public:
  Scanner(std::string_view text, Span range, std::vector<Token>* out)
      : s_(text),
        end_(range.end),
        i_(range.begin),
        simd_end_(static_cast<uint32_t>(std::min<size_t>(range.end, text.size() >= 16 ? text.size() - 15 : 0))),
        out_(out) {}

  void Run() {
    uint8_t pending = kLineStart;
    if (i_ > 0 && s_[i_ - 1] != '\n') pending = 0;
    if (i_ > 0 && IsSpace(static_cast<unsigned char>(s_[i_ - 1]))) pending |= kSpaceBefore;
    // Locals, not members: a token store may alias any member (its flags are
    // a char type), so the loop would reload them after every token.
    const auto* const bytes = reinterpret_cast<const unsigned char*>(s_.data());
    const uint32_t end = end_;
    const uint32_t simd_end = simd_end_;
    std::vector<Token>* const out = out_;
    uint32_t i = i_;
    Token t;  // every field set by FastToken when it returns true
    for (;;) {
      while (i < end && (kByteClass[bytes[i]] & kSpaceByte)) {  // spaces are ASCII: no decoding
        pending |= kSpaceBefore;
        if (bytes[i] == '\n') pending |= kLineStart;
        ++i;
      }
      if (i >= end) break;
      // Most of the text is plain words, each followed by one space: they
      // are taken here one after the other, with no other dispatch.
      for (;;) {
        // No call in this loop, so that the scan's constants stay in
        // registers: a full vector, or a letter beyond U+017F, is left to
        // the general path (which grows the vector and decodes).
        if (out->size() == out->capacity()) break;
        uint32_t j;
        const uint8_t flags = PlainWordStart(bytes, i, end, &j);
        if (flags == kNotPlain) break;
        unsigned char b;
        for (;;) {
          // Letters only (digits in words are rare: one more round each).
          j = AsciiLetterEnd(bytes, j, end, simd_end);
          if (j >= end) break;
          b = bytes[j];
          if (b == ' ') break;
          if (static_cast<unsigned char>(b - '0') < 10) {
            ++j;
            continue;
          }
          if (b < 0x80 || !IsLatinLetterAt(bytes, j, end)) break;
          j += 2;
        }
        if (j >= end) {
          out->push_back(Token{{i, end}, TokenKind::kWord, static_cast<uint8_t>(flags | pending)});
          i = end;
          break;
        }
        if (b >= 0x80) break;
        if (b == '\'') {
          // l' d' qu' before a letter (ASCII or Latin-1): one token, and the
          // word after it goes on in this loop.
          if (!IsShortElision(bytes, i, j) || j + 1 >= end) break;
          const unsigned char n = bytes[j + 1];
          if (!(kByteClass[n] & kAsciiLetterByte) && !(n == 0xC3 && IsLatinLetterAt(bytes, j + 1, end))) break;
          out->push_back(Token{{i, j + 1}, TokenKind::kWord, static_cast<uint8_t>(flags | kElision | pending)});
          i = j + 1;
          pending = 0;
          continue;
        }
        // Glued to what may go on (a-t-il M. http:): the general path.
        if (b != ' ' && ((kByteClass[b] & kWordGlueByte) || (bytes[i] == 'h' && b == ':'))) break;
        out->push_back(Token{{i, j}, TokenKind::kWord, static_cast<uint8_t>(flags | pending)});
        if (b != ' ') {
          i = j;
          pending = 0;
          // A comma, parenthesis, quote... glued to the word: its own token
          // (as FastToken makes it), then maybe a space and the next word.
          if (!(kByteClass[b] & kLonePunctByte) || out->size() == out->capacity()) break;
          out->push_back(Token{{j, j + 1}, (kByteClass[b] & kSymbolByte) ? TokenKind::kSymbol : TokenKind::kPunct, 0});
          i = ++j;
          if (i >= end) break;
          if (bytes[i] != ' ') continue;
        }
        i = j + 1;
        pending = kSpaceBefore;
        if (i >= end) break;
      }
      if (i >= end) break;
      if (kByteClass[bytes[i]] & kSpaceByte) continue;
      const uint32_t start = i;
      // The other common tokens are recognized here, inline; the rest (and
      // any case the fast path does not fully decide) takes the general
      // path from the token's start.
      if (FastToken(start, &t)) {
        t.flags |= pending;
        out->push_back(t);
        i = t.span.end;
      } else {
        i = ScanAndEmit(start, pending);
      }
      pending = 0;
      // Most tokens are followed by one space: it is taken here, where the
      // loop above will only find the next token's first byte.
      if (i < end && bytes[i] == ' ') {
        pending = kSpaceBefore;
        ++i;
      }
    }
    i_ = i;
  }

 private:
  char32_t Peek(uint32_t at, int* len) const {
    if (at >= end_) {
      *len = 0;
      return 0;
    }
    return utf8::Decode(s_.substr(0, end_), at, len);
  }
  char32_t PeekCp(uint32_t at) const {
    if (at < end_ && static_cast<unsigned char>(s_[at]) < 0x80) return static_cast<unsigned char>(s_[at]);
    int l;
    return Peek(at, &l);
  }

  void Emit(uint32_t b, uint32_t e, TokenKind kind, uint8_t flags) {
    flags |= extra_flags_;
    extra_flags_ = 0;
    if (kind == TokenKind::kWord || kind == TokenKind::kOrdinal) flags |= CaseFlags(b, e);
    Token t;
    t.span = {b, e};
    t.kind = kind;
    t.flags = flags;
    out_->push_back(t);
  }

  // kCapitalized and kAllCaps of the word s_[b, e). Inline for words that
  // start with an ASCII lower case letter, or an upper case one followed by
  // a lower case one: nearly all of them.
  __attribute__((always_inline)) uint8_t CaseFlags(uint32_t b, uint32_t e) const {
    const auto* bytes = reinterpret_cast<const unsigned char*>(s_.data());
    const unsigned char b0 = bytes[b];
    if (b0 >= 'a' && b0 <= 'z') return 0;
    if (b0 >= 'A' && b0 <= 'Z' && b + 1 < e && bytes[b + 1] >= 'a' && bytes[b + 1] <= 'z') return kCapitalized;
    // Latin-1 letters (à, été, État): U+00E0..U+00FF are lower case but ÷,
    // U+00C0..U+00DE upper case but ×.
    if (b0 == 0xC3 && b + 1 < e) {
      const unsigned char b1 = bytes[b + 1];
      if (b1 >= 0xA0 && b1 <= 0xBF && b1 != 0xB7) return 0;
      if (b1 >= 0x80 && b1 <= 0x9E && b1 != 0x97 && b + 2 < e && bytes[b + 2] >= 'a' && bytes[b + 2] <= 'z')
        return kCapitalized;
    }
    return CaseFlagsSlow(b, e);
  }

  __attribute__((noinline)) uint8_t CaseFlagsSlow(uint32_t b, uint32_t e) const {
    uint8_t flags = 0;
    int l;
    char32_t first = utf8::Decode(s_, b, &l);
    if (IsUpper(first)) flags |= kCapitalized;
    // All caps: at least two letters, none of them lower case (every upper
    // case letter is a letter).
    int letters = 0;
    for (uint32_t k = b; k < e; k += l) {
      char32_t c;
      if (static_cast<unsigned char>(s_[k]) < 0x80) {
        c = static_cast<unsigned char>(s_[k]);
        l = 1;
      } else {
        c = utf8::Decode(s_, k, &l);
      }
      if (IsLetter(c)) {
        if (!IsUpper(c)) return flags;
        ++letters;
      }
    }
    if (letters >= 2) flags |= kAllCaps;
    return flags;
  }

  static constexpr uint8_t kNotPlain = 0xFF;

  // Does a plain word start at bytes[i] (i < end): one that FastToken would
  // take as a word with no case work beyond its first letters? Returns its
  // case flags (kCapitalized or 0) and in *j where its letters go on, or
  // kNotPlain. Plain: a lower case ASCII letter; an upper case one then a
  // lower case one, not a Roman ordinal's start (Ier, Ve, Xe); "à", "é"...
  __attribute__((always_inline)) static uint8_t PlainWordStart(const unsigned char* bytes, uint32_t i,
                                                               uint32_t end, uint32_t* j) {
    const unsigned char c = bytes[i];
    *j = i + 1;
    if (static_cast<unsigned char>(c - 'a') < 26) return 0;
    if (i + 1 >= end) return kNotPlain;
    const unsigned char c1 = bytes[i + 1];
    if (static_cast<unsigned char>(c - 'A') < 26) {
      if (static_cast<unsigned char>(c1 - 'a') >= 26) return kNotPlain;
      if ((c == 'I' || c == 'V' || c == 'X') && (c1 == 'e' || c1 == 'r')) return kNotPlain;
      return kCapitalized;
    }
    // U+00E0..U+00FF but U+00F7 (÷): lower case Latin-1 letters.
    *j = i + 2;
    if (c == 0xC3 && c1 >= 0xA0 && c1 <= 0xBF && c1 != 0xB7) return 0;
    return kNotPlain;
  }

  bool StartsWith(uint32_t at, std::string_view p) const {
    return at + p.size() <= end_ && s_.compare(at, p.size(), p) == 0;
  }

  // The token at s_[start] when it is one of the common simple shapes, with
  // exactly the span, kind and flags the general path would give it (but
  // kSpaceBefore / kLineStart); false leaves the token to the general path.
  __attribute__((always_inline)) bool FastToken(uint32_t start, Token* t) const {
    const auto* bytes = reinterpret_cast<const unsigned char*>(s_.data());
    const uint32_t end = end_;
    const unsigned char c = bytes[start];
    auto set = [&](uint32_t e, TokenKind kind, uint8_t flags) {
      t->span = {start, e};
      t->kind = kind;
      t->flags = flags;
      return true;
    };
    // A word s_[start, e): an initial in lower case (most words) is neither
    // capitalized nor a Roman numeral.
    auto word = [&](uint32_t e) {
      if (c >= 'a' && c <= 'z') return set(e, TokenKind::kWord, 0);
      return set(e, MaybeRomanOrdinal(start, e) ? TokenKind::kOrdinal : TokenKind::kWord, CaseFlags(start, e));
    };
    const bool ascii_letter = kByteClass[c] & kAsciiLetterByte;
    if (ascii_letter || IsLatinLetterAt(start)) {
      // A word of letters ended by a space or punctuation that cannot extend
      // it (no apostrophe, hyphen, period, e-mail), and not "http:".
      uint32_t j = ScanLetters(start + (ascii_letter ? 1 : 2));
      if (j >= end || (!(kByteClass[bytes[j]] & kWordGlueByte) && !(c == 'h' && bytes[j] == ':'))) {
        return word(j);
      }
      // The common elisions (l' d' qu' ...) before a letter. Longer
      // prefixes (jusqu', quelqu'un) take the general path.
      if (bytes[j] == '\'' && IsShortElision(start, j) && j + 1 < end && IsLetter(PeekCp(j + 1))) {
        return set(j + 1, TokenKind::kWord, static_cast<uint8_t>(kElision | CaseFlags(start, j + 1)));
      }
      // A word ending a sentence: a period then a space. Not an initial
      // (three bytes or more) nor an abbreviation, whose token keeps the
      // period, nor "www." (a URL); no acronym (U.S.) nor e-mail goes on
      // after a space.
      if (bytes[j] == '.' && (j + 1 >= end || (kByteClass[bytes[j + 1]] & kSpaceByte)) && j - start > 2 &&
          s_.compare(start, j - start, "www") != 0 && !IsAbbreviation(s_.substr(start, j - start))) {
        return word(j);
      }
      return false;
    }
    if (c >= '0' && c <= '9') {
      // A number: digits, decimal parts (1,5 or 1.5), ended by a byte that
      // cannot extend it: no thousands group (14 000), glued letters (16e,
      // 14h30), nor e-mail. As ScanNumber then MaybeEmail would have it.
      auto digit = [&](uint32_t k) { return k < end && bytes[k] >= '0' && bytes[k] <= '9'; };
      uint32_t j = start + 1;
      while (digit(j)) ++j;
      bool decimal = false;
      while (j < end && (bytes[j] == ',' || bytes[j] == '.') && digit(j + 1)) {
        j += 2;
        while (digit(j)) ++j;
        decimal = true;
      }
      if (j >= end) return set(j, TokenKind::kNumber, 0);
      const unsigned char b = bytes[j];
      if (b == ' ' && !decimal && digit(j + 1)) return false;  // maybe a thousands group
      if (kByteClass[b] & (kAlnumByte | kHighByte)) return false;
      // "50%", "2025." end the number when the e-mail run stops right after
      // them (no '@' in it).
      if ((kByteClass[b] & kEmailGlueByte) &&
          (b == '@' || (j + 1 < end && (kByteClass[bytes[j + 1]] & (kAlnumByte | kEmailGlueByte))))) {
        return false;
      }
      return set(j, TokenKind::kNumber, 0);
    }
    if (kByteClass[c] & kLonePunctByte) {  // , ; : ) " ' and ASCII symbols
      return set(start + 1, (kByteClass[c] & kSymbolByte) ? TokenKind::kSymbol : TokenKind::kPunct, 0);
    }
    if ((c == '(' || c == '[') && (start + 1 >= end || (bytes[start + 1] != '.' && bytes[start + 1] != 0xE2))) {
      return set(start + 1, TokenKind::kPunct, 0);  // not "(...)" nor "(…)"
    }
    if (c == '.') {  // a period or an ellipsis written with periods
      uint32_t j = start + 1;
      while (j < end && bytes[j] == '.') ++j;
      return set(j, TokenKind::kPunct, 0);
    }
    // « » and U+2010..U+2027 (dashes, quotes, •, …): punctuation.
    if (c == 0xC2 && start + 1 < end && (bytes[start + 1] == 0xAB || bytes[start + 1] == 0xBB)) {
      return set(start + 2, TokenKind::kPunct, 0);
    }
    if (c == 0xE2 && start + 2 < end && bytes[start + 1] == 0x80 && bytes[start + 2] >= 0x90 &&
        bytes[start + 2] <= 0xA7) {
      return set(start + 3, TokenKind::kPunct, 0);
    }
    return false;
  }

  // The general path: any token from s_[start], emitted; returns its end.
  // Out of line so that the hot loop above keeps its state in registers.
  __attribute__((noinline)) uint32_t ScanAndEmit(uint32_t start, uint8_t pending) {
    char32_t c = static_cast<unsigned char>(s_[start]);
    if (c >= 0x80) {
      int len;
      c = Peek(start, &len);
    }
    i_ = token_start_ = start;
    TokenKind kind = ScanToken(c);
    Emit(start, i_, kind, pending);
    return i_;
  }

  TokenKind ScanToken(char32_t c) {
    if (c == 'h' || c == 'H' || c == 'w' || c == 'W') {
      if (StartsWith(i_, "http://") || StartsWith(i_, "https://") || StartsWith(i_, "www.")) {
        ScanUrl();
        return TokenKind::kUrl;
      }
    }
    if (IsDigit(c)) return MaybeEmail(ScanNumber());
    // U+FFFD (an invalid byte in the input) inside or at the start of a word
    // belongs to it: "caf\xE9" read as UTF-8 stays one word.
    if (IsLetter(c) || c == 0xFFFD) return MaybeEmail(ScanWord());
    return ScanPunct(c);
  }

  // A word or number glued to one of "@._%+-" may be the start of an e-mail
  // address: rescan from its start (rare, so words are scanned once).
  TokenKind MaybeEmail(TokenKind kind) {
    if (i_ < end_ && (kByteClass[static_cast<unsigned char>(s_[i_])] & kEmailGlueByte)) {
      uint32_t end = i_;
      uint8_t flags = extra_flags_;
      i_ = token_start_;
      if (ScanEmail()) {
        extra_flags_ = 0;
        return TokenKind::kEmail;
      }
      i_ = end;
      extra_flags_ = flags;
    }
    return kind;
  }

  void ScanUrl() {
    uint32_t j = i_;
    while (j < end_) {
      char32_t c = PeekCp(j);
      if (IsSpace(c) || c == '<' || c == '>' || c == '"' || c == 0xAB || c == 0xBB) break;
      j += CpLen(j);
    }
    // Trailing sentence punctuation is not part of the URL.
    while (j > i_ && std::string_view(".,;:!?)'").find(s_[j - 1]) != std::string_view::npos) --j;
    i_ = j;
  }

  static bool EmailChar(unsigned char b) {
    return (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9') || b == '.' || b == '_' ||
           b == '%' || b == '+' || b == '-';
  }

  // name@domain.tld, ASCII only; false leaves i_ unchanged. A run already
  // scanned without '@' is not scanned again, so the pass stays linear.
  bool ScanEmail() {
    if (i_ < no_email_until_) return false;
    uint32_t j = i_;
    uint32_t at = 0;
    while (j < end_) {
      unsigned char b = static_cast<unsigned char>(s_[j]);
      if (b == '@' && at == 0) {
        at = j;
      } else if (!EmailChar(b)) {
        break;
      }
      ++j;
    }
    if (at == 0 || at == i_) {
      if (at == 0) no_email_until_ = j;
      return false;
    }
    while (j > at && s_[j - 1] == '.') --j;
    std::string_view domain = s_.substr(at + 1, j - at - 1);
    size_t dot = domain.rfind('.');
    if (dot == std::string_view::npos || dot == 0 || domain.size() - dot < 3) return false;
    i_ = j;
    return true;
  }

  TokenKind ScanNumber() {
    uint32_t j = i_;
    uint32_t group = 0;      // digits in the current group
    uint32_t groups = 0;     // groups separated by spaces so far
    bool first_group_short = false;
    auto digits = [&] {
      uint32_t n = 0;
      while (j < end_ && IsDigit(static_cast<unsigned char>(s_[j]))) ++j, ++n;
      return n;
    };
    group = digits();
    first_group_short = group <= 3;
    for (;;) {
      if (j + 1 < end_ && (s_[j] == ',' || s_[j] == '.') && IsDigit(static_cast<unsigned char>(s_[j + 1]))) {
        ++j;
        group = digits();
        first_group_short = false;  // no thousands groups after a decimal part
        continue;
      }
      // "14 000", "3 000 000": a space then exactly three digits.
      if (first_group_short && j + 4 <= end_ && s_[j] == ' ' && DigitAt(j + 1) && DigitAt(j + 2) &&
          DigitAt(j + 3) && !DigitAt(j + 4)) {
        j += 4;
        ++groups;
        continue;
      }
      break;
    }
    (void)groups;
    // Letters glued to the digits: an ordinal suffix (16e, 1er, 2nde) or a
    // word like 3T, 4G, 10k, 14h30 kept whole.
    if (j < end_ && IsLetter(PeekCp(j))) {
      uint32_t k = j;
      while (k < end_ && (IsLetter(PeekCp(k)) || IsDigit(PeekCp(k)))) k += CpLen(k);
      detail::SmallLower<16> lower(s_.substr(j, k - j));
      i_ = k;
      if (InList(kOrdinalSuffixes, lower.view())) return TokenKind::kOrdinal;
      return TokenKind::kWord;
    }
    i_ = j;
    return TokenKind::kNumber;
  }

  bool DigitAt(uint32_t at) const { return at < end_ && IsDigit(static_cast<unsigned char>(s_[at])); }

  // ".X." at s_[at]: the middle of an acronym written with periods.
  bool DotUpperDot(uint32_t at) const {
    if (at + 2 >= end_ || s_[at] != '.' || !IsUpper(PeekCp(at + 1))) return false;
    uint32_t after = at + 1 + CpLen(at + 1);
    return after < end_ && s_[after] == '.';
  }

  uint32_t CpLen(uint32_t at) const {
    if (at < end_ && static_cast<unsigned char>(s_[at]) < 0x80) return 1;
    int l;
    Peek(at, &l);
    return l > 0 ? static_cast<uint32_t>(l) : 1;
  }

  // French accented letters: U+00C0..U+017F minus × and ÷ are letters, two
  // bytes led by C3, C4 or C5. Tested on the bytes, without decoding.
  bool IsLatinLetterAt(uint32_t j) const {
    return IsLatinLetterAt(reinterpret_cast<const unsigned char*>(s_.data()), j, end_);
  }
  static bool IsLatinLetterAt(const unsigned char* bytes, uint32_t j, uint32_t end) {
    const unsigned char b = bytes[j];
    return b >= 0xC3 && b <= 0xC5 && j + 1 < end && utf8::IsContinuation(bytes[j + 1]) &&
           !(b == 0xC3 && (bytes[j + 1] == 0x97 || bytes[j + 1] == 0xB7));
  }

  // The first index at or after j whose byte is not an ASCII letter (or
  // digit, with kDigits), or any index >= end when the run reaches it. 16
  // bytes at a time below simd_end (bytes past end may be read, not used).
  // Letters only is three operations a block instead of six. Static, on
  // arguments: the hot loop keeps them in registers (members are reloaded
  // after each token store, which may alias them).
  template <bool kDigits>
  __attribute__((always_inline)) static uint32_t AsciiRunEnd(const unsigned char* bytes, uint32_t j,
                                                             uint32_t end, uint32_t simd_end) {
#if defined(__SSE2__)
    while (j < simd_end) {
      const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(bytes + j));
      // A range [lo, lo + n) in one signed compare: adding 0x80 - lo (mod
      // 256) moves it to [-128, -128 + n), and every other byte above it.
      const __m128i low = _mm_or_si128(v, _mm_set1_epi8(0x20));
      __m128i in_run = _mm_cmplt_epi8(_mm_add_epi8(low, _mm_set1_epi8(static_cast<char>(0x80 - 'a'))),
                                      _mm_set1_epi8(static_cast<char>(0x80 + 26)));
      if constexpr (kDigits) {
        in_run = _mm_or_si128(in_run, _mm_cmplt_epi8(_mm_add_epi8(v, _mm_set1_epi8(static_cast<char>(0x80 - '0'))),
                                                     _mm_set1_epi8(static_cast<char>(0x80 + 10))));
      }
      const unsigned other = ~static_cast<unsigned>(_mm_movemask_epi8(in_run)) & 0xFFFFu;
      if (other != 0) return j + static_cast<uint32_t>(__builtin_ctz(other));
      j += 16;
    }
#endif
    constexpr uint8_t kRunByte = kDigits ? kAlnumByte : kAsciiLetterByte;
    while (j < end && (kByteClass[bytes[j]] & kRunByte)) ++j;
    return j;
  }
  __attribute__((always_inline)) static uint32_t AsciiAlnumEnd(const unsigned char* b, uint32_t j, uint32_t end,
                                                              uint32_t simd_end) {
    return AsciiRunEnd<true>(b, j, end, simd_end);
  }
  __attribute__((always_inline)) static uint32_t AsciiLetterEnd(const unsigned char* b, uint32_t j, uint32_t end,
                                                               uint32_t simd_end) {
    return AsciiRunEnd<false>(b, j, end, simd_end);
  }

  // The end of the run of letters and digits (and U+FFFD) starting at j.
  __attribute__((always_inline)) uint32_t ScanLetters(uint32_t j) const {
    return ScanLetters(reinterpret_cast<const unsigned char*>(s_.data()), j, end_, simd_end_);
  }
  __attribute__((always_inline)) uint32_t ScanLetters(const unsigned char* bytes, uint32_t j, uint32_t end,
                                                      uint32_t simd_end) const {
    for (;;) {
      j = AsciiAlnumEnd(bytes, j, end, simd_end);  // no decoding
      if (j >= end) return end;
      if (bytes[j] < 0x80) return j;
      if (IsLatinLetterAt(bytes, j, end)) {
        j += 2;
        continue;
      }
      return ScanLettersFrom(j);
    }
  }

  // ScanLetters past a non-ASCII byte (kept out of line: the inline part is
  // the ASCII loop).
  __attribute__((noinline)) uint32_t ScanLettersFrom(uint32_t j) const {
    const auto* bytes = reinterpret_cast<const unsigned char*>(s_.data());
    while (j < end_) {
      const unsigned char b = bytes[j];
      if (kByteClass[b] & kAlnumByte) {
        ++j;
        continue;
      }
      if (b < 0x80) break;
      int len;
      char32_t c = Peek(j, &len);
      if (!(IsLetter(c) || c == 0xFFFD)) break;  // digits are ASCII
      j += static_cast<uint32_t>(len);
    }
    return j;
  }

  TokenKind ScanWord() {
    uint32_t start = i_;
    uint32_t j = ScanLetters(i_);
    auto scan_letters = [&] { j = ScanLetters(j); };
    // Acronym with periods: U.S. or I.N.S.E.E. (the cheap test first).
    if (DotUpperDot(j) && j - start == CpLen(start) && IsUpper(PeekCp(start))) {
      while (DotUpperDot(j)) j += 1 + CpLen(j + 1);
      if (j < end_ && s_[j] == '.') ++j;
      i_ = j;
      extra_flags_ |= kAbbreviation;
      return TokenKind::kWord;
    }
    for (;;) {
      if (j >= end_) break;
      char c = s_[j];
      if (c == '\'' && j + 1 < end_ && IsLetter(PeekCp(j + 1))) {
        detail::SmallLower<24> lowered(s_.substr(start, j - start));
        std::string_view lower = lowered.view();
        // aujourd'hui and friends stay one word.
        bool kept = false;
        for (std::string_view w : kApostropheWords) {
          if (!lower.empty() && w.size() > lower.size() + 1 && w[0] == lower[0] && w.substr(0, lower.size()) == lower &&
              w[lower.size()] == '\'') {
            std::string_view rest = w.substr(lower.size() + 1);
            detail::SmallLower<24> cand(s_.substr(j + 1, std::min<size_t>(rest.size(), end_ - j - 1)));
            if (cand.view() == rest) {
              j += 1 + static_cast<uint32_t>(rest.size());
              kept = true;
              break;
            }
          }
        }
        if (kept) {
          scan_letters();  // quelqu'une: the longer word goes on
          continue;
        }
        if (InList(kElisions, lower)) {
          i_ = j + 1;
          extra_flags_ |= kElision;
          return TokenKind::kWord;
        }
        ++j;  // O'Neill, Côte-d'Ivoire's inner part
        scan_letters();
        continue;
      }
      if (c == '-' && j + 1 < end_ && (IsLetter(PeekCp(j + 1)) || IsDigit(PeekCp(j + 1)))) {
        // "rendez-vous" is a noun, not an inversion like "pouvez-vous".
        if (IsClitic(j + 1) && !(j - start == 6 && detail::Lower(s_.substr(start, 11)) == "rendez-vous")) break;
        ++j;
        scan_letters();
        continue;
      }
      break;
    }
    // A period after an abbreviation or an initial belongs to the token.
    if (j < end_ && s_[j] == '.') {
      std::string_view w = s_.substr(start, j - start);
      int l;
      char32_t first = utf8::Decode(s_, start, &l);
      bool initial = static_cast<uint32_t>(l) == j - start && IsUpper(first);
      if (initial || IsAbbreviation(w)) {
        // "etc." keeps its period; "..." after a word is an ellipsis instead.
        if (!(j + 1 < end_ && s_[j + 1] == '.')) {
          ++j;
          extra_flags_ |= kAbbreviation;
        }
      }
    }
    i_ = j;
    if (MaybeRomanOrdinal(start, j)) return TokenKind::kOrdinal;
    return TokenKind::kWord;
  }

  // s_[b, e) (ASCII letters) is one of the elisions of one letter, or "qu".
  bool IsShortElision(uint32_t b, uint32_t e) const {
    return IsShortElision(reinterpret_cast<const unsigned char*>(s_.data()), b, e);
  }
  static bool IsShortElision(const unsigned char* bytes, uint32_t b, uint32_t e) {
    const char c0 = static_cast<char>(bytes[b] | 0x20);
    if (e - b == 1) {
      return c0 == 'l' || c0 == 'd' || c0 == 'j' || c0 == 'm' || c0 == 'n' || c0 == 's' || c0 == 't' || c0 == 'c';
    }
    return e - b == 2 && c0 == 'q' && (bytes[b + 1] | 0x20) == 'u';
  }

  bool MaybeRomanOrdinal(uint32_t b, uint32_t e) const {
    const char c = s_[b];
    // A lower case second letter ("Il", "La", "Cette") leaves only I, V or X
    // before the suffix's e or r (Ier, Ve, Xe).
    if (e - b >= 2) {
      const char c1 = s_[b + 1];
      if (c1 >= 'a' && c1 <= 'z' && ((c != 'I' && c != 'V' && c != 'X') || (c1 != 'e' && c1 != 'r'))) return false;
    }
    return (c == 'I' || c == 'V' || c == 'X' || c == 'L' || c == 'C') && IsRomanOrdinal(s_.substr(b, e - b));
  }

  // XXe, XIXème, IIIe, Ier: a Roman numeral with an ordinal suffix.
  static bool IsRomanDigit(char c) {
    return c == 'I' || c == 'V' || c == 'X' || c == 'L' || c == 'C' || c == 'D' || c == 'M';
  }

  static bool IsRomanOrdinal(std::string_view w) {
    if (w.size() < 2 || (w[0] != 'I' && w[0] != 'V' && w[0] != 'X' && w[0] != 'L' && w[0] != 'C')) return false;
    size_t k = 0;
    while (k < w.size() && IsRomanDigit(w[k])) ++k;
    if (k == 0 || k == w.size()) return false;
    // One letter: only I, V, X (Ier, Ve, Xe); "Le", "Me", "Ce", "De" are words.
    if (k == 1 && w[0] != 'I' && w[0] != 'V' && w[0] != 'X') return false;
    // Each suffix starts with e, r or è once lowercased: E, e, R, r or a
    // C3 lead byte (È, è) as written ("Il", "Lors" stop here).
    const char s0 = w[k];
    if (s0 != 'e' && s0 != 'E' && s0 != 'r' && s0 != 'R' && s0 != '\xC3') return false;
    detail::SmallLower<16> lowered(w.substr(k));
    std::string_view suffix = lowered.view();
    return suffix == "e" || suffix == "er" || suffix == "ème" || suffix == "eme" || suffix == "re" ||
           suffix == "ère";
  }

  // At s_[at] (just after a hyphen): is this a clitic ending the word?
  bool IsClitic(uint32_t at) const {
    // The clitics' first letters: most words after a hyphen fail here.
    if (at >= end_) return false;
    char first = s_[at];
    if (first >= 'A' && first <= 'Z') first = static_cast<char>(first + 32);
    switch (first) {
      case 't': case 'i': case 'e': case 'o': case 'j': case 'n': case 'v': case 'c': case 'l': case 'm':
        break;
      default:
        return false;
    }
    // A clitic is followed by no letter: one without a hyphen ("nous")
    // matches only a run of exactly its length of ASCII letters, and none
    // is longer than five. Compounds ("Saint-Nazaire", "Jean-Claude") stop
    // here rather than in the list. "t-il" and kin: after "t-" only.
    const bool t_hyphen = first == 't' && at + 1 < end_ && s_[at + 1] == '-';
    uint32_t letters = 0;
    if (!t_hyphen) {
      while (letters <= 5 && at + letters < end_ && (kByteClass[static_cast<unsigned char>(s_[at + letters])] & kAsciiLetterByte))
        ++letters;
      if (letters > 5) return false;
    }
    for (std::string_view c : kClitics) {
      if (c[0] != first || at + c.size() > end_) continue;
      if (t_hyphen ? c[1] != '-' : c.size() != letters) continue;
      std::string_view cand = s_.substr(at, c.size());
      bool eq = true;
      for (size_t k = 0; k < c.size(); ++k) {
        char a = cand[k];
        if (a >= 'A' && a <= 'Z') a = static_cast<char>(a + 32);
        if (a != c[k]) { eq = false; break; }
      }
      if (!eq) continue;
      uint32_t after = at + static_cast<uint32_t>(c.size());
      if (after >= end_) return true;
      char32_t next = PeekCp(after);
      if (!IsLetter(next) && !IsDigit(next) && next != '-' && next != '\'') return true;
    }
    return false;
  }

  TokenKind ScanPunct(char32_t c) {
    // "(...)" and "[...]" are one token.
    if ((c == '(' || c == '[') && (StartsWith(i_ + 1, "...)") || StartsWith(i_ + 1, "...]") ||
                                   StartsWith(i_ + 1, "\u2026)") || StartsWith(i_ + 1, "\u2026]"))) {
      i_ += 5;  // "(...)" and "(…)" are both five bytes
      return TokenKind::kPunct;
    }
    if (c == '.') {
      uint32_t j = i_;
      while (j < end_ && s_[j] == '.') ++j;
      i_ = j;
      return TokenKind::kPunct;
    }
    if (c == '!' || c == '?') {
      uint32_t j = i_;
      while (j < end_ && (s_[j] == '!' || s_[j] == '?')) ++j;
      i_ = j;
      return TokenKind::kPunct;
    }
    // A clitic after a hyphen: -t-il, -elle.
    if (c == '-' && i_ + 1 < end_ && IsLetter(PeekCp(i_ + 1)) && i_ > 0 &&
        IsLetter(PeekCp(PrevStart(i_))) && IsClitic(i_ + 1)) {
      uint32_t j = i_ + 1;
      while (j < end_ && (IsLetter(PeekCp(j)) || (s_[j] == '-' && j + 1 < end_ && IsLetter(PeekCp(j + 1)))))
        j += CpLen(j);
      i_ = j;
      return TokenKind::kWord;
    }
    int l;
    Peek(i_, &l);
    i_ += l;
    if (c < 0x80) {
      if (kByteClass[c] & kSymbolByte)
        return TokenKind::kSymbol;
      return TokenKind::kPunct;
    }
    return detail::IsPunctCp(c) ? TokenKind::kPunct : TokenKind::kSymbol;
  }

  uint32_t PrevStart(uint32_t at) const {
    uint32_t p = at - 1;
    while (p > 0 && utf8::IsContinuation(static_cast<unsigned char>(s_[p]))) --p;
    return p;
  }

  std::string_view s_;
  uint32_t end_;
  uint32_t i_;
  uint8_t extra_flags_ = 0;
  uint32_t no_email_until_ = 0;
  uint32_t token_start_ = 0;
  uint32_t simd_end_;  // below end_, and 16 bytes can be read from there
  std::vector<Token>* out_;
};

}  // namespace

bool IsAbbreviation(std::string_view word) {
  if (word.empty() || word.size() > 8) return false;
  // The key of the ASCII lower case (which has the word's length) in the
  // pass that looks for other bytes; past kLongestAbbreviation bytes it is
  // not used (most words before a period: ASCII and longer).
  uint64_t key = word.size();
  unsigned high = 0;  // any byte >= 0x80 sets bit 7
  for (char c : word) {
    high |= static_cast<unsigned char>(c);
    key = (key << 8) | static_cast<unsigned char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
  }
  if (high >= 0x80) {
    detail::SmallLower<24> lowered(word);
    std::string_view lower = lowered.view();
    if (lower.size() > kLongestAbbreviation) return false;
    key = PackKey(lower);
  } else if (word.size() > kLongestAbbreviation) {
    return false;
  }
  // "M." is Monsieur only with a capital; "m." is a metre.
  if (key == PackKey("m") && word[0] != 'M') return false;
  for (size_t at = AbbreviationSlot(key);; at = (at + 1) % kAbbreviationSlots) {
    if (kAbbreviationTable[at] == key) return true;
    if (kAbbreviationTable[at] == 0) return false;
  }
}

void Tokenize(std::string_view text, Span range, std::vector<Token>* out) {
  if (range.end > text.size()) range.end = static_cast<uint32_t>(text.size());
  if (range.begin >= range.end) return;
  Scanner(text, range, out).Run();
}

const char* TokenKindName(TokenKind k) {
  switch (k) {
    case TokenKind::kWord: return "word";
    case TokenKind::kNumber: return "number";
    case TokenKind::kOrdinal: return "ordinal";
    case TokenKind::kPunct: return "punct";
    case TokenKind::kSymbol: return "symbol";
    case TokenKind::kUrl: return "url";
    case TokenKind::kEmail: return "email";
  }
  return "?";
}

}  // namespace depeche
