// French numbers as the press writes them, and the small lexer the money and
// date matchers share. Internal header.
//
// The matchers scan an article's normalized text with their own lexer rather
// than the shared tokens: they need finer pieces than the tokenizer gives
// ("10K$" is 10, K, $; "M€" is M, €; "2025-01-29" is five pieces) and must see
// the inside of a number ("14 000", "7.500", "1,6") in one place.
#ifndef DEPECHE_SRC_LIB_NUMBERS_H_
#define DEPECHE_SRC_LIB_NUMBERS_H_

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <new>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace depeche::detail {

enum class LexKind : uint8_t { kWord, kNumber, kPunct, kSymbol };

// Hash of a folded form, eight bytes at a time (words are short, so this is a
// couple of multiplications). The lexer stores it with each lexeme so that
// word tables (WordMap) look lexemes up without hashing them again.
// FoldHashTail mixes the last 0-7 bytes, given as w (little-endian, zero above).
constexpr uint64_t kFoldHashSeed = 0x9E3779B97F4A7C15ull;
inline uint64_t FoldHashBlocks(const unsigned char** p, size_t* n) {
  uint64_t h = kFoldHashSeed ^ *n;
  while (*n >= 8) {
    uint64_t w;
    std::memcpy(&w, *p, 8);
    h = (h ^ w) * 0xBF58476D1CE4E5B9ull;
    h ^= h >> 31;
    *p += 8;
    *n -= 8;
  }
  return h;
}
inline uint32_t FoldHashTail(uint64_t h, uint64_t w) {
  h = (h ^ w) * 0x94D049BB133111EBull;
  h ^= h >> 29;
  return static_cast<uint32_t>(h) ^ static_cast<uint32_t>(h >> 32);
}
// The folds of numbers (an ASCII digit first) hash with bits 20-31 set,
// the bits WordMap's filter reads: a table made to pass them (PassNumbers)
// lets a scan for "a number or maybe a word of the table" make one filter
// test per lexeme instead of a test of the kind and one of the filter.
// Words and marks never start with a digit; a word whose hash has these
// bits by chance only passes a filter it would have failed (filters may
// pass anything; the table is asked next).
constexpr uint32_t kNumberHashBits = 0xFFF00000u;
inline uint32_t TagNumberFold(uint32_t h, const char* s, size_t n) {
  return n && static_cast<unsigned char>(s[0]) - unsigned{'0'} < 10u ? h | kNumberHashBits : h;
}
inline uint32_t FoldHash(std::string_view s) {
  const unsigned char* p = reinterpret_cast<const unsigned char*>(s.data());
  size_t n = s.size();
  uint64_t h = FoldHashBlocks(&p, &n);
  uint64_t w = 0;
  for (size_t k = 0; k < n; ++k) w |= uint64_t{p[k]} << (8 * k);
  return TagNumberFold(FoldHashTail(h, w), s.data(), s.size());
}
// FoldHash(string_view(s, n)) for a fold that does not start with a digit
// (the lexer's words and marks), when the 8 bytes after s[n - 1] may be
// read (the lexer's arena keeps that slack): the tail is one load and a mask
// instead of a byte loop.
inline uint32_t FoldHashPaddedNoDigit(const char* s, size_t n) {
  const unsigned char* p = reinterpret_cast<const unsigned char*>(s);
  // Most folds are shorter than 8 bytes: laid out as the straight path (no
  // block loop, no jump back from an out-of-line block).
  uint64_t h = __builtin_expect(n < 8, 1) ? kFoldHashSeed ^ n : FoldHashBlocks(&p, &n);
  // The low n bytes (n < 8) by a table: a load instead of a branch and a
  // variable shift, on every lexeme.
  static constexpr uint64_t kLowBytes[8] = {
      0, 0xFF, 0xFFFF, 0xFFFFFF, 0xFFFFFFFF, 0xFFFFFFFFFFull, 0xFFFFFFFFFFFFull, 0xFFFFFFFFFFFFFFull};
  uint64_t w;
  std::memcpy(&w, p, 8);
  w &= kLowBytes[n];
  return FoldHashTail(h, w);
}
// FoldHash(string_view(s, n)) of any fold, with the same slack.
inline uint32_t FoldHashPadded(const char* s, size_t n) {
  return TagNumberFold(FoldHashPaddedNoDigit(s, n), s, n);
}

// Byte equality for the short strings of the word tables, without a library
// call.
inline bool SameBytes(const char* a, const char* b, size_t n) {
  for (; n >= 8; a += 8, b += 8, n -= 8) {
    uint64_t x, y;
    std::memcpy(&x, a, 8);
    std::memcpy(&y, b, 8);
    if (x != y) return false;
  }
  for (size_t k = 0; k < n; ++k) {
    if (a[k] != b[k]) return false;
  }
  return true;
}

struct Lexeme {
  uint32_t begin = 0, end = 0;            // offsets into the whole normalized text
  uint32_t fold_begin = 0, fold_len = 0;  // lowercase, accentless form in the arena
  uint32_t hash = 0;                      // FoldHash of the folded form
  LexKind kind = LexKind::kWord;
  bool space_before = false;   // whitespace between this and the previous lexeme
  bool hyphen_joined = false;  // word joined to the previous word by '-'
  bool capitalized = false;    // word starting with an uppercase letter
  bool line_start = false;     // first lexeme of a line
  // Numbers only.
  uint8_t digits = 0;     // digit count of a plain integer ("2025" → 4), else 0
  bool decimal = false;   // has a decimal part ("1,6")
  bool grouped = false;   // has thousands separators ("14 000", "7.500")
  bool leading_zero = false;
  double value = 0;

  bool glued() const { return !space_before; }  // touches the previous lexeme
};

struct LexTables;  // numbers.cc

// The lexemes of one span of text. Reuse one object across calls: Build()
// keeps the capacity of its buffers, so steady-state scanning does not allocate.
class Lexemes {
 public:
  void Build(std::string_view text, uint32_t begin, uint32_t end);
  // Frees the buffers when a huge span left them much larger than usual.
  void Trim();

  size_t size() const { return n_; }
  const Lexeme& operator[](size_t i) const { return lex_[i]; }
  // Past the end: empty (matchers look ahead without checking the size).
  std::string_view fold(size_t i) const {
    if (i >= n_) return {};
    return std::string_view(arena_.data() + lex_[i].fold_begin, lex_[i].fold_len);
  }
  uint32_t hash(size_t i) const { return i < n_ ? lex_[i].hash : 0; }
  // True when lexeme i exists and its folded form is w. Inline and length
  // first: the matchers call it at almost every position.
  bool Is(size_t i, std::string_view w) const {
    if (i >= n_ || lex_[i].fold_len != w.size()) return false;
    return SameBytes(arena_.data() + lex_[i].fold_begin, w.data(), w.size());
  }
  bool IsWord(size_t i) const { return i < n_ && lex_[i].kind == LexKind::kWord; }
  bool IsNumber(size_t i) const { return i < n_ && lex_[i].kind == LexKind::kNumber; }
  // The first lexeme from i on whose hash passes `filter` (a WordMap: its
  // MayContain), or size(): the matchers' scan for where a match may start.
  // A pointer loop: indexing 40-byte lexemes kept two counters.
  template <typename Filter>
  size_t NextPassing(size_t i, const Filter& filter) const {
    if (i >= n_) return i;
    const Lexeme* l = lex_.get() + i;
    const Lexeme* const end = lex_.get() + n_;
    while (l != end && !filter.MayContain(l->hash)) ++l;
    return static_cast<size_t>(l - lex_.get());
  }
  // A plain integer (no separator, no decimals) of 1 to max_digits digits.
  bool IsInt(size_t i, int max_digits) const {
    return IsNumber(i) && lex_[i].digits > 0 && lex_[i].digits <= max_digits;
  }

 private:
  // Appends fold_text to the arena as l's folded form.
  void SetFold(Lexeme* l, std::string_view fold_text);
  // l's folded form is the arena's tail from l->fold_begin.
  void SetFoldFromTail(Lexeme* l);
  // The folded forms, back to back. A bare buffer rather than std::string:
  // the lexer appends a few bytes per lexeme, and std::string's resize and
  // append cost a library call each. The buffer always has kSlack bytes of
  // capacity past its size, all of them initialized (zeroed on allocation):
  // the lexer writes and hashes eight bytes at a time and may read or write
  // past a fold's end.
  class Arena {
   public:
    static constexpr size_t kSlack = 16;
    const char* data() const { return buf_.get(); }
    char* tail() { return buf_.get() + size_; }
    size_t size() const { return size_; }
    size_t capacity() const { return cap_; }
    void clear() { size_ = 0; }
    void Release() {
      buf_.reset();
      size_ = cap_ = 0;
    }
    // Makes room for n more bytes and returns where they go.
    char* Extend(size_t n) {
      if (size_ + n + kSlack > cap_) Reserve(size_ + n);
      char* p = buf_.get() + size_;
      size_ += n;
      return p;
    }
    // Room for n bytes (plus the slack) without growing the size.
    void Reserve(size_t n) {
      n += kSlack;
      if (n <= cap_) return;
      size_t cap = std::max(n, cap_ * 2);
      // calloc: fresh pages from the system are zero already, so a large
      // arena is not touched (made resident) before it is used.
      Buffer b(static_cast<char*>(std::calloc(cap, 1)));
      if (!b) throw std::bad_alloc();
      if (size_) std::memcpy(b.get(), buf_.get(), size_);
      buf_ = std::move(b);
      cap_ = cap;
    }
    // Makes the size n bytes larger after the caller wrote them at tail()
    // (it wrote at most kSlack bytes there).
    void Grow(size_t n) {
      size_ += n;
      if (size_ + kSlack > cap_) Reserve(size_);
    }
    void Append(std::string_view s) {
      if (!s.empty()) std::memcpy(Extend(s.size()), s.data(), s.size());
    }
    void PushBack(char c) { *Extend(1) = c; }
    // For the lexer's inner loop, which keeps the size in a register.
    char* buffer() { return buf_.get(); }
    void set_size(size_t n) { size_ = n; }

   private:
    struct Free {
      void operator()(char* p) const { std::free(p); }
    };
    using Buffer = std::unique_ptr<char[], Free>;
    Buffer buf_;
    size_t size_ = 0, cap_ = 0;
  };
  // Where the lexer is between lexemes.
  struct LexState {
    bool space = true, line_start = true, hyphen = false;
  };
  // Lexes from p the common pieces (blanks, ASCII and Latin-1 words, ASCII
  // punctuation, numbers) and returns where it stopped: at end or at
  // anything else, which Build takes.
  // The arena starts with the span from mirror_begin, ASCII letters lowercased.
  size_t LexSimple(std::string_view text, size_t p, size_t end, size_t mirror_begin,
                   const LexTables& tables, LexState* st);
  // Folds the word at text[q, end) into the arena; returns its end.
  size_t FoldWord(std::string_view text, size_t q, size_t end, uint32_t fold_begin);
  // Folds the run of ASCII letters at text[q, end) (at least one).
  size_t FoldAsciiRun(std::string_view text, size_t q, size_t end);
  // A new lexeme at the end, its fields to be set by the caller.
  Lexeme& Push() {
    if (n_ == cap_) GrowLexemes();
    return lex_[n_++];
  }
  void GrowLexemes();
  // The lexemes are lex_[0, n_) of cap_: adding one is a compare and an
  // increment, and size() a load (a vector divides by the element size).
  std::unique_ptr<Lexeme[]> lex_;
  size_t n_ = 0, cap_ = 0;
  Arena arena_;
};

// A read-only table from folded words to values, filled once (at Load or on
// first use) and then shared by all threads. Open addressing over FoldHash;
// lookups do not allocate. The first value inserted for a word wins.
template <typename V>
class WordMap {
 public:
  void Insert(std::string_view key, V value) {
    if ((count_ + 1) * 2 > slots_.size()) Grow();
    uint32_t h = FoldHash(key);
    size_t mask = slots_.size() - 1;
    for (size_t s = h & mask;; s = (s + 1) & mask) {
      Slot& slot = slots_[s];
      if (!slot.used) {
        slot = Slot{h, static_cast<uint32_t>(keys_.size()), static_cast<uint32_t>(key.size()), true, value};
        filter_[(h >> 26) & 63] |= uint64_t{1} << ((h >> 20) & 63);
        keys_.append(key);
        ++count_;
        return;
      }
      if (slot.hash == h && Key(slot) == key) return;
    }
  }
  // The value of key (whose FoldHash is h), or nullptr.
  const V* Find(std::string_view key, uint32_t h) const {
    if (!MayContain(h)) return nullptr;
    size_t mask = slots_.size() - 1;
    for (size_t s = h & mask;; s = (s + 1) & mask) {
      const Slot& slot = slots_[s];
      if (!slot.used) return nullptr;
      if (slot.hash == h && slot.key_len == key.size() &&
          SameBytes(keys_.data() + slot.key_begin, key.data(), key.size()))
        return &slot.value;
    }
  }
  const V* Find(std::string_view key) const { return Find(key, FoldHash(key)); }
  // Lexeme i of lx, with the hash the lexer stored.
  const V* Find(const Lexemes& lx, size_t i) const {
    return i < lx.size() ? Find(lx.fold(i), lx.hash(i)) : nullptr;
  }
  size_t size() const { return count_; }
  // Makes every number pass MayContain (see kNumberHashBits): for the
  // matchers' scans, where any number may start a match.
  void PassNumbers() { filter_[(kNumberHashBits >> 26) & 63] |= uint64_t{1} << ((kNumberHashBits >> 20) & 63); }
  // False when no key has hash h: one load and a bit test, so that the
  // matchers' scans reject ordinary words before probing the table.
  bool MayContain(uint32_t h) const { return (filter_[(h >> 26) & 63] >> ((h >> 20) & 63)) & 1; }

 private:
  struct Slot {
    uint32_t hash = 0, key_begin = 0, key_len = 0;
    bool used = false;
    V value{};
  };
  std::string_view Key(const Slot& s) const {
    return std::string_view(keys_.data() + s.key_begin, s.key_len);
  }
  void Grow() {
    std::vector<Slot> old = std::move(slots_);
    slots_.assign(old.empty() ? 16 : old.size() * 2, Slot());
    size_t mask = slots_.size() - 1;
    for (const Slot& o : old) {
      if (!o.used) continue;
      size_t s = o.hash & mask;
      while (slots_[s].used) s = (s + 1) & mask;
      slots_[s] = o;
    }
  }
  std::vector<Slot> slots_;
  std::string keys_;
  size_t count_ = 0;
  // 4096 bits from hash bits 20-31 (the slots use the low bits).
  uint64_t filter_[64] = {};
};

// The lexemes of text[begin, end), built at most once per thread for the same
// span of the same text: the money and date matchers run one after the other
// on each article and share them. The reference stays valid until the calling
// thread asks for another span. The cache compares the span's bytes, not only
// its address, so a new document at a recycled address is never served stale
// lexemes.
const Lexemes& ArticleLexemes(std::string_view text, uint32_t begin, uint32_t end);

// All the words NumberWordValue knows.
std::vector<std::string_view> NumberWords();

// Parses a number in press format: "1,6" "7.500" "14 000" "3 000 000"
// "10 000,00" "2025" "0,5". Thousands separators are a space or a period
// before exactly three digits; the decimal mark is a comma.
std::optional<double> ParsePressNumber(std::string_view s);

// The value of a folded number word used alone or as a part ("cinq" → 5,
// "vingt" → 20, "cent" → 100); -1 when not a number word. "mille", "million"
// and above are scales (see ScaleWord).
int NumberWordValue(std::string_view fold);

// Multiplier of a folded scale word: "mille" 1e3, "million(s)" 1e6,
// "milliard(s)" 1e9, "billion(s)" 1e12 (French long scale), "k" 1e3, "m"
// "mln" 1e6, "md" "mds" "mrd" 1e9; 0 when not a scale.
double ScaleWord(std::string_view fold);

// All the words ScaleWord and ApproxNounValue know.
std::vector<std::string_view> ScaleWords();
std::vector<std::string_view> ApproxNouns();

// Value of an approximate-quantity noun: "dizaine" 10, "trentaine" 30,
// "centaine" 100, "millier" 1000; 0 otherwise.
double ApproxNounValue(std::string_view fold);

// Parses number words starting at lexeme i ("vingt-cinq", "quatre-vingt-douze",
// "deux cent mille", "vingt et un"). Stops before million/milliard so that the
// caller reads the scale. Returns the end lexeme (exclusive) and the value, or
// std::nullopt when lexeme i does not start a number.
struct WordNumber {
  double value = 0;
  size_t end = 0;
};
std::optional<WordNumber> ParseNumberWords(const Lexemes& lx, size_t i);

}  // namespace depeche::detail

#endif  // DEPECHE_SRC_LIB_NUMBERS_H_
