// Printers: text, markdown, JSON Lines and TSV over one Result. Offsets are
// printed as original byte offsets (base_offset + the normalized→original
// map), and every printed text is exactly the original bytes of its span.
#include "depeche/output.h"

#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <cstring>
#include <map>
#include <string_view>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include <fmt/format.h>

#include "chars.h"
#include "key_entities.h"
#include "scratch.h"
#include "depeche/tokenize.h"

namespace depeche {
namespace {

// Printable ASCII other than '"' and '\\': copied to JSON as is.
constexpr auto kJsonPlain = [] {
  std::array<bool, 256> plain{};
  for (int c = 0x20; c < 0x7F; ++c) plain[c] = c != '"' && c != '\\';
  return plain;
}();

// "00".."99": integers are written two digits per step.
constexpr auto kDigitPairs = [] {
  std::array<char, 200> d{};
  for (int i = 0; i < 100; ++i) {
    d[2 * i] = static_cast<char>('0' + i / 10);
    d[2 * i + 1] = static_cast<char>('0' + i % 10);
  }
  return d;
}();

// Writes v in decimal at p; returns the end. May store up to 20 bytes past p
// whatever the length. Offsets and counts are most of the numbers printed.
__attribute__((always_inline)) inline char* WriteUint(char* p, uint64_t v) {
  if (v < 100) {  // counts (most are 1): a digit or a pair
    if (v < 10) {
      *p = static_cast<char>('0' + v);
      return p + 1;
    }
    std::memcpy(p, kDigitPairs.data() + 2 * v, 2);
    return p + 2;
  }
  if (std::endian::native == std::endian::little && v < 100000000) {
    // Eight digits at once in a 64-bit word (SWAR): split into 4-digit
    // halves, each half into 2-digit lanes, each lane into digit bytes, with
    // multiply-shift divisions exact in these ranges. The leading zero digits
    // are the low zero bytes: shifted out.
    const uint64_t x = (v / 10000) | ((v % 10000) << 32);                // 2 lanes < 10000
    const uint64_t hundreds = ((x * 10486) >> 20) & 0x0000007F0000007Full;  // lane / 100
    const uint64_t pairs = hundreds | ((x - hundreds * 100) << 16);       // 4 lanes < 100
    const uint64_t tens = ((pairs * 103) >> 10) & 0x000F000F000F000Full;   // lane / 10
    const uint64_t digits = tens | ((pairs - tens * 10) << 8);             // 8 bytes < 10
    const int zeros = __builtin_ctzll(digits) / 8;                         // leading zeros
    const uint64_t ascii = (digits + 0x3030303030303030ull) >> (8 * zeros);
    std::memcpy(p, &ascii, 8);
    return p + (8 - zeros);
  }
  static constexpr uint64_t kPow10[] = {1ull,
                                        10ull,
                                        100ull,
                                        1000ull,
                                        10000ull,
                                        100000ull,
                                        1000000ull,
                                        10000000ull,
                                        100000000ull,
                                        1000000000ull,
                                        10000000000ull,
                                        100000000000ull,
                                        1000000000000ull,
                                        10000000000000ull,
                                        100000000000000ull,
                                        1000000000000000ull,
                                        10000000000000000ull,
                                        100000000000000000ull,
                                        1000000000000000000ull,
                                        10000000000000000000ull};
  // A number of `bits` bits has t or t + 1 digits, t = bits * log10(2).
  const int bits = 64 - __builtin_clzll(v | 1);
  const int t = (bits * 1233) >> 12;
  const int n = v == 0 ? 1 : t + (v >= kPow10[t] ? 1 : 0);
  char* const end = p + n;
  char* q = end;
  while (v >= 100) {
    const uint64_t r = v % 100;
    v /= 100;
    q -= 2;
    std::memcpy(q, kDigitPairs.data() + 2 * r, 2);
  }
  if (v >= 10) {
    std::memcpy(q - 2, kDigitPairs.data() + 2 * v, 2);
  } else {
    q[-1] = static_cast<char>('0' + v);
  }
  return end;
}

// Reserves room for `ratio` output bytes per input byte of doc (a guess: the
// string still grows if it is short).
void ReserveOutput(const Document& doc, size_t ratio, std::string* out) {
  out->reserve(out->size() + doc.original.size() * ratio + 4096);
}

// A write cursor over the end of a std::string. The printers write about
// three bytes per input byte, as many small pieces: through std::string each
// piece paid a capacity check, a strlen and a call. Here a caller reserves an
// upper bound with Need() once per piece and then stores through a raw
// pointer. The string holds slack (zeros) past the cursor while the JsonOut
// lives; the destructor trims it, so nothing else may touch the string then.
// A short string (4 to 16 bytes) as its first and last word, of 8 bytes
// (8 to 16 bytes) or 4 (4 to 7), which overlap unless the string is twice a
// word: two loads instead of a byte loop, for copies and compares of names.
struct EdgeWords {
  uint64_t lo = 0, hi = 0;
  size_t w = 0;  // the word size
};
inline EdgeWords LoadEdges(const char* s, size_t n) {
  EdgeWords e;
  if (n >= 8) {
    std::memcpy(&e.lo, s, 8);
    std::memcpy(&e.hi, s + n - 8, 8);
    e.w = 8;
  } else {
    uint32_t lo, hi;
    std::memcpy(&lo, s, 4);
    std::memcpy(&hi, s + n - 4, 4);
    e.lo = lo;
    e.hi = hi;
    e.w = 4;
  }
  return e;
}
// Writes the n bytes LoadEdges(src, n) read to d.
inline void StoreEdges(char* d, size_t n, const EdgeWords& e) {
  if (e.w == 8) {
    std::memcpy(d, &e.lo, 8);
    std::memcpy(d + n - 8, &e.hi, 8);
  } else {
    const auto lo = static_cast<uint32_t>(e.lo), hi = static_cast<uint32_t>(e.hi);
    std::memcpy(d, &lo, 4);
    std::memcpy(d + n - 4, &hi, 4);
  }
}

class JsonOut {
 public:
  // `slack`: bytes added beyond each growth's need (see kSlack); 0 for a
  // cursor that writes one piece, so that it zero-fills nothing more.
  explicit JsonOut(std::string* s, size_t slack = kSlack)
      : s_(s), p_(s->data() + s->size()), end_(p_), slack_(slack) {}
  ~JsonOut() { s_->resize(static_cast<size_t>(p_ - s_->data())); }
  JsonOut(const JsonOut&) = delete;
  JsonOut& operator=(const JsonOut&) = delete;

  // Inline: called for every piece; the growth is out of line.
  __attribute__((always_inline)) void Need(size_t n) {
    if (static_cast<size_t>(end_ - p_) < n) [[unlikely]] Grow(n);
  }
  // A string literal: its length is known at compile time, so the copy is a
  // few moves.
  template <size_t N>
  void Lit(const char (&s)[N]) {
    Need(N - 1);
    std::memcpy(p_, s, N - 1);
    p_ += N - 1;
  }
  void Raw(std::string_view s) {
    Need(s.size());
    if (!s.empty()) std::memcpy(p_, s.data(), s.size());
    p_ += s.size();
  }
  // A short piece known in advance, padded so that it is copied as one
  // fixed-size block.
  struct Piece {
    char bytes[32];
    size_t size;  // <= 32
  };
  void Put(const Piece& piece) {
    Need(32);
    std::memcpy(p_, piece.bytes, 32);
    p_ += piece.size;
  }
  void Char(char c) {
    Need(1);
    *p_++ = c;
  }
  // Where the next byte goes, as an offset (stays valid when the string grows).
  size_t Offset() const { return static_cast<size_t>(p_ - s_->data()); }
  // Appends a copy of n bytes this cursor already wrote at offset `at`.
  // Names are short: copied 16 bytes per step rather than through memcpy.
  // The copy may read up to 15 bytes past the source, which lie before the
  // cursor or in the room reserved here, and writes as much past n, also
  // in that room (the source ends before the cursor: no byte it needs is
  // overwritten).
  void Repeat(size_t at, size_t n) {
    Need(n + 16);
    const char* src = s_->data() + at;
#if defined(__SSE2__)
    for (size_t i = 0; i < n; i += 16)
      _mm_storeu_si128(reinterpret_cast<__m128i*>(p_ + i), _mm_loadu_si128(reinterpret_cast<const __m128i*>(src + i)));
#else
    std::memcpy(p_, src, n);
#endif
    p_ += n;
  }
  __attribute__((always_inline)) void Int(int64_t v) {
    Need(24);
    if (v < 0) {
      *p_++ = '-';
      p_ = WriteUint(p_, 0 - static_cast<uint64_t>(v));
    } else {
      p_ = WriteUint(p_, static_cast<uint64_t>(v));
    }
  }
  void Uint(uint64_t v) {
    Need(24);
    p_ = WriteUint(p_, v);
  }
  // ",\"start\":B,\"end\":E" then the literal `then`, under one capacity
  // check.
  template <size_t N = 1>
  void StartEnd(uint64_t b, uint64_t e, const char (&then)[N] = "") {
    Need(64 + N);
    std::memcpy(p_, ",\"start\":", 9);
    char* const begin_digits = p_ + 9;
    p_ = WriteUint(begin_digits, b);
    std::memcpy(p_, ",\"end\":", 7);
    // Spans are short: e is b's digits with the last two changed, unless
    // the sum carries past them. Cheaper than converting e.
    const size_t n = static_cast<size_t>(p_ - begin_digits);
    const uint64_t last2 = e >= b && b >= 10 && n <= 8 && e - b < 100
                               ? static_cast<uint64_t>((p_[-2] - '0') * 10 + (p_[-1] - '0')) + (e - b)
                               : 100;
    if (last2 < 100) {
      std::memcpy(p_ + 7, begin_digits, 8);  // n <= 8: the digits and slack
      std::memcpy(p_ + 7 + n - 2, kDigitPairs.data() + 2 * last2, 2);
      p_ += 7 + n;
    } else {
      p_ = WriteUint(p_ + 7, e);
    }
    std::memcpy(p_, then, N - 1);
    p_ += N - 1;
  }
  // Integral values as integers, others in shortest round-trip form, NaN
  // and infinities as null.
  void Number(double v) {
    // Integral when the truncation gives v back (no floor() call); the bound
    // keeps the cast defined and rules out NaN and infinities.
    if (std::fabs(v) < 9e15 && static_cast<double>(static_cast<int64_t>(v)) == v) {
      Int(static_cast<int64_t>(v));
    } else if (std::isfinite(v)) {
      Need(40);  // the shortest form of a double is at most 24 characters
      p_ = fmt::format_to(p_, "{}", v);
    } else {
      Lit("null");
    }
  }
  // s as a JSON string literal, quotes included. When the bytes from s up to
  // `readable_end` may be read (s is a view into a larger buffer), a short
  // s is scanned as one 16-byte block rather than byte by byte.
  void String(std::string_view s, const char* readable_end = nullptr) {
#if defined(__SSE2__)
    // Inline: a short string with nothing to escape (most names, dates)
    // is one 16-byte block, without the general loop's call and set-up.
    if (readable_end != nullptr && s.size() < 16 && readable_end - s.data() >= 16 && end_ - p_ >= 17) {
      const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s.data()));
      if ((SpecialMask(v) & ((1 << s.size()) - 1)) == 0) {
        *p_ = '"';
        _mm_storeu_si128(reinterpret_cast<__m128i*>(p_ + 1), v);
        p_[1 + s.size()] = '"';
        p_ += 2 + s.size();
        return;
      }
    }
#endif
    StringGeneral(s, readable_end);
  }
  // String for a short s that may not be read past its end (a canonical
  // name held by an entity): 4 to 15 bytes are copied, with two overlapping
  // loads, into a zeroed block that String's one-block path may read whole.
  void StringCopy(std::string_view s) {
    const size_t n = s.size();
    if (n < 4 || n >= 16) {
      String(s);
      return;
    }
    alignas(16) char block[16] = {};
    StoreEdges(block, n, LoadEdges(s.data(), n));
    String(std::string_view(block, n), block + sizeof block);
  }

 private:
#if defined(__SSE2__)
  // Bit i set when byte i of v needs more than a copy: a control byte, '"',
  // '\\', DEL, or a byte >= 0x80 (negative as signed, so below 0x20 too).
  static int SpecialMask(__m128i v) {
    __m128i m = _mm_cmplt_epi8(v, _mm_set1_epi8(0x20));
    m = _mm_or_si128(m, _mm_cmpeq_epi8(v, _mm_set1_epi8('"')));
    m = _mm_or_si128(m, _mm_cmpeq_epi8(v, _mm_set1_epi8('\\')));
    m = _mm_or_si128(m, _mm_cmpeq_epi8(v, _mm_set1_epi8(0x7F)));
    return _mm_movemask_epi8(m);
  }
#endif
  // String's loop, out of line.
  void StringGeneral(std::string_view s, const char* readable_end);

  // Slack added on each growth, so that Need() grows the string rarely; the
  // string's own capacity doubling keeps reallocation amortized. resize()
  // zero-fills what it adds: steps under 2 KB keep that vector stores
  // (glibc's memset turns to rep stosb there, byte by byte in valgrind).
  static constexpr size_t kSlack = 1536;

  __attribute__((noinline)) void Grow(size_t n) {
    const size_t used = static_cast<size_t>(p_ - s_->data());
    s_->resize(used + n + slack_);
    p_ = s_->data() + used;
    end_ = s_->data() + s_->size();
  }
  // Escapes the byte at *q (one that is not plain): advances q and p.
  static void Escape(std::string_view s, const char*& q, char*& p);
  // Room for `left` more input bytes copied as is, plus one escape, plus the
  // block stores' overrun and the closing quote.
  static size_t StringRoom(size_t left) { return left + 6 + 16 + 1; }

  std::string* s_;
  char* p_;
  char* end_;
  size_t slack_;
};

void JsonOut::StringGeneral(std::string_view s, const char* readable_end) {
  // Room for a plain copy; each escape (up to six bytes for one) checks for
  // more, so a long string does not reserve six times its size.
  Need(1 + StringRoom(s.size()));
  char* p = p_;
  const char* q = s.data();
  const char* const e = q + s.size();
  *p++ = '"';
  for (;;) {
#if defined(__SSE2__)
    // Copy 16 (then 8) bytes at a time, stopping at the first byte that needs
    // a look: most of a news text is plain ASCII.
    while (e - q >= 16) {
      __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(q));
      _mm_storeu_si128(reinterpret_cast<__m128i*>(p), v);
      // Two-byte sequences (accented letters, one in some 30 bytes of
      // French) are copied as they are (see Escape): already stored, they
      // are passed over here rather than through a call to Escape each.
      size_t step;
      const unsigned k = utf8::SkipPairsInBlock(
          static_cast<unsigned>(SpecialMask(v)),
          [&](unsigned k) {
            const auto c = static_cast<unsigned char>(q[k]);
            return c >= 0xC2 && c <= 0xDF && k + 1 < static_cast<size_t>(e - q) &&
                   utf8::IsContinuation(static_cast<unsigned char>(q[k + 1]));
          },
          &step);
      if (k == 16) {
        if (step == 17) p[16] = q[16];  // the second byte of a pair at byte 15
        q += step;
        p += step;
        continue;
      }
      q += k;
      p += k;
      goto special;
    }
    // The tail: one 16-byte block if the buffer goes on, else eight then
    // four bytes at a time (most entity texts are shorter than 16 bytes).
    // Loads never read past readable_end, nor past s without it.
    if (q < e && readable_end != nullptr && readable_end - q >= 16) {
      __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(q));
      _mm_storeu_si128(reinterpret_cast<__m128i*>(p), v);
      int m = SpecialMask(v) & ((1 << (e - q)) - 1);
      if (m == 0) {
        p += e - q;
        q = e;
        break;
      }
      int k = __builtin_ctz(static_cast<unsigned>(m));
      q += k;
      p += k;
      goto special;
    }
    // Else 4 to 15 bytes as two overlapping words (8 + 8, or 4 + 4) under
    // one mask test: most names are that short.
    if (e - q >= 4) {
      const size_t left = static_cast<size_t>(e - q);
      const EdgeWords words = LoadEdges(q, left);
      StoreEdges(p, left, words);
      const size_t w = words.w;
      // The two words side by side: byte k of the low word is bit k of the
      // mask, byte k of the high one bit w + k.
      const __m128i v = w == 8 ? _mm_set_epi64x(static_cast<long long>(words.hi), static_cast<long long>(words.lo))
                               : _mm_set_epi32(0, 0, static_cast<int>(words.hi), static_cast<int>(words.lo));
      const int m = SpecialMask(v) & ((1 << (2 * w)) - 1);
      if (m == 0) {
        p += left;
        q = e;
        break;
      }
      // The first byte to escape: in the low word, else in the high one
      // (which covers every byte past the low word).
      const int low = m & ((1 << w) - 1);
      const size_t k = low != 0 ? static_cast<size_t>(__builtin_ctz(static_cast<unsigned>(low)))
                                : static_cast<size_t>(__builtin_ctz(static_cast<unsigned>(m))) - w + (left - w);
      q += k;
      p += k;
      goto special;
    }
#endif
    while (q < e && kJsonPlain[static_cast<unsigned char>(*q)]) *p++ = *q++;
    if (q == e) break;
#if defined(__SSE2__)
  special:
#endif
    if (static_cast<size_t>(end_ - p) < StringRoom(static_cast<size_t>(e - q))) {
      p_ = p;
      Grow(StringRoom(static_cast<size_t>(e - q)));
      p = p_;
    }
    Escape(s, q, p);
    if (q == e) break;
  }
  *p++ = '"';
  p_ = p;
}

void JsonOut::Escape(std::string_view s, const char*& q, char*& p) {
  static constexpr char kHex[] = "0123456789abcdef";
  const auto c = static_cast<unsigned char>(*q);
  if (c >= 0x80) {
    // Two-byte sequences (accented letters) are always valid code points and
    // never U+2028/U+2029: copied without decoding.
    const char* e = s.data() + s.size();
    if (c >= 0xC2 && c <= 0xDF && q + 1 < e && utf8::IsContinuation(static_cast<unsigned char>(q[1]))) {
      p[0] = q[0];
      p[1] = q[1];
      p += 2;
      q += 2;
      return;
    }
    int len;
    const size_t i = static_cast<size_t>(q - s.data());
    char32_t cp = utf8::Decode(s, i, &len);
    if (cp == 0xFFFD && !(len == 3 && s.compare(i, 3, "\xEF\xBF\xBD") == 0)) {
      std::memcpy(p, "\xEF\xBF\xBD", 3);
      p += 3;
    } else if (cp == 0x2028 || cp == 0x2029) {
      std::memcpy(p, cp == 0x2028 ? "\\u2028" : "\\u2029", 6);
      p += 6;
    } else {
      std::memcpy(p, q, static_cast<size_t>(len));
      p += len;
    }
    q += len;
    return;
  }
  ++q;
  char short_escape = 0;
  switch (c) {
    case '"': short_escape = '"'; break;
    case '\\': short_escape = '\\'; break;
    case '\n': short_escape = 'n'; break;
    case '\r': short_escape = 'r'; break;
    case '\t': short_escape = 't'; break;
    default: break;
  }
  if (short_escape) {
    p[0] = '\\';
    p[1] = short_escape;
    p += 2;
  } else if (c < 0x20 || c == 0x7F) {
    std::memcpy(p, "\\u00", 4);
    p[4] = kHex[c >> 4];
    p[5] = kHex[c & 0xF];
    p += 6;
  } else {
    *p++ = static_cast<char>(c);
  }
}

}  // namespace

void AppendJsonString(std::string_view s, std::string* out) {
  JsonOut(out, 0).String(s);
}

namespace {

// Original-byte view of a normalized span.
struct OrigSpan {
  uint64_t begin, end;       // absolute, for printing
  std::string_view bytes;    // the original bytes
};

OrigSpan MakeOrig(const Document& doc, Span o) {
  if (o.end < o.begin) o.end = o.begin;
  return {doc.base_offset + o.begin, doc.base_offset + o.end,
          std::string_view(doc.original).substr(o.begin, o.end - o.begin)};
}

OrigSpan Orig(const Document& doc, Span s) { return MakeOrig(doc, doc.ToOriginal(s)); }

// The same for spans in increasing order: `hint` (0 at first) goes from one
// call to the next (see NormalizedText::ToOriginal).
OrigSpan Orig(const Document& doc, Span s, size_t* hint) {
  Span o;
  doc.text.ToOriginal(s.begin, s.end, &o.begin, &o.end, hint);
  return MakeOrig(doc, o);
}

// "YYYY-MM-DD" into buf (at least 40 bytes); returns the length. Every
// brief prints one: digits by hand, fmt only for out-of-range fields.
size_t FormatDate(const CivilDate& d, char* buf) {
  if (d.year >= 0 && d.year <= 9999 && d.month >= 0 && d.month <= 99 && d.day >= 0 && d.day <= 99) {
    buf[0] = static_cast<char>('0' + d.year / 1000);
    buf[1] = static_cast<char>('0' + d.year / 100 % 10);
    buf[2] = static_cast<char>('0' + d.year / 10 % 10);
    buf[3] = static_cast<char>('0' + d.year % 10);
    buf[4] = '-';
    buf[5] = static_cast<char>('0' + d.month / 10);
    buf[6] = static_cast<char>('0' + d.month % 10);
    buf[7] = '-';
    buf[8] = static_cast<char>('0' + d.day / 10);
    buf[9] = static_cast<char>('0' + d.day % 10);
    return 10;
  }
  return static_cast<size_t>(fmt::format_to_n(buf, 40, "{:04d}-{:02d}-{:02d}", d.year, d.month, d.day).out - buf);
}

std::string DateString(const std::optional<CivilDate>& d) {
  if (!d) return "";
  char buf[40];
  return std::string(buf, FormatDate(*d, buf));
}

std::optional<CivilDate> ArticleDate(const Document& doc, const Article& a) {
  return a.date ? a.date : doc.ref_date;
}

// A view into doc (the record's title or the original bytes): no copy.
std::string_view ArticleTitle(const Document& doc, const Article& a) {
  if (!doc.record_title.empty()) return doc.record_title;
  if (a.title.empty()) return {};
  return Orig(doc, a.title).bytes;
}

// TSV fields: tabs, newlines and backslashes escaped.
void AppendTsv(std::string_view s, std::string* out) {
  for (char c : s) {
    switch (c) {
      case '\t': out->append("\\t"); break;
      case '\n': out->append("\\n"); break;
      case '\r': out->append("\\r"); break;
      case '\\': out->append("\\\\"); break;
      default: out->push_back(c);
    }
  }
}

inline bool Wanted(const OutputOptions& o, EntityType t) {
  if (o.labels.empty()) return true;  // the usual case, inlined
  return std::find(o.labels.begin(), o.labels.end(), t) != o.labels.end();
}


void AppendNumber(double v, std::string* out) { JsonOut(out, 0).Number(v); }

void AppendEntityValueJson(const Entity& e, JsonOut& out) {
  if (e.type == EntityType::kMoney) {
    const MoneyValue& m = e.money;
    out.Lit("{\"amount\":");
    out.Number(m.amount);
    out.Lit(",\"currency\":");
    // ISO codes (three capitals) need no escaping: written in one go.
    const auto upper = [](char c) { return c >= 'A' && c <= 'Z'; };
    if (upper(m.currency[0]) && upper(m.currency[1]) && upper(m.currency[2]) && m.currency[3] == 0) {
      char quoted[5] = {'"', m.currency[0], m.currency[1], m.currency[2], '"'};
      out.Raw(std::string_view(quoted, 5));
    } else {
      out.String(std::string_view(m.currency, strnlen(m.currency, sizeof m.currency)));
    }
    if (m.max) { out.Lit(",\"max\":"); out.Number(*m.max); }
    if (m.min) { out.Lit(",\"min\":"); out.Number(*m.min); }
    if (m.approx) out.Lit(",\"approx\":true");
    if (m.implicit) out.Lit(",\"implicit\":true");
    out.Char('}');
  } else if (e.value.empty()) {
    out.Lit("null");
  } else {
    out.String(e.value);
  }
}

std::string EntityValueText(const Entity& e) {
  if (e.type == EntityType::kMoney) {
    const MoneyValue& m = e.money;
    std::string s;
    if (m.approx) s += "~";
    if (m.min) s += ">=";
    AppendNumber(m.amount, &s);
    if (m.max) { s += "-"; AppendNumber(*m.max, &s); }
    s += " ";
    s += m.currency;
    if (m.implicit) s += " (implicit)";
    return s;
  }
  return e.value.empty() ? "null" : e.value;
}

// The keys that open each line of JSONL output ("source", "id", "article")
// up to the article number: the same on every line of a document, so they
// are escaped once per document rather than once per line.
std::string RecordKeysPrefix(const Document& doc) {
  std::string prefix;
  {
    JsonOut o(&prefix, 0);
    o.Lit("{\"source\":");
    o.String(doc.source);
    if (!doc.id.empty()) {
      o.Lit(",\"id\":");
      o.String(doc.id);
    }
    o.Lit(",\"article\":");
  }  // the cursor trims the string here
  return prefix;
}

// AppendRecordKeys with the prefix above.
void AppendRecordKeys(std::string_view prefix, const Document& doc, uint32_t article, JsonOut& out) {
  out.Raw(prefix);
  out.Int(doc.first_article + article);
}

void AppendRecordKeys(const Document& doc, uint32_t article, std::string* out) {
  const std::string prefix = RecordKeysPrefix(doc);
  JsonOut o(out, 0);
  AppendRecordKeys(prefix, doc, article, o);
}

// "\"type\":\"PER\"" and the next key, per type, padded to 32 bytes: one
// fixed-size copy per entity.
using TypeKeys = std::array<JsonOut::Piece, 6>;
TypeKeys MakeTypeKeys(std::string_view next_key) {
  TypeKeys keys{};
  for (int t = 0; t < 6; ++t) {
    std::string k = std::string("\"type\":\"") + EntityTypeName(static_cast<EntityType>(t)) + "\"," +
                    std::string(next_key);
    std::memcpy(keys[t].bytes, k.data(), std::min(k.size(), sizeof keys[t].bytes));  // at most 24 bytes
    keys[t].size = std::min(k.size(), sizeof keys[t].bytes);
  }
  return keys;
}
const TypeKeys kTypeTextKeys = MakeTypeKeys("\"text\":");
const TypeKeys kTypeNameKeys = MakeTypeKeys("\"name\":");

// a == b for the short strings compared per entity (a name and its text):
// fixed-size loads inline rather than a call to memcmp.
inline bool SameBytes(std::string_view a, std::string_view b) {
  const size_t n = a.size();
  if (n != b.size()) return false;
  if (n >= 4 && n <= 16) {
    const EdgeWords x = LoadEdges(a.data(), n), y = LoadEdges(b.data(), n);
    return ((x.lo ^ y.lo) | (x.hi ^ y.hi)) == 0;
  }
  return a == b;
}

// A JSON string the cursor already wrote: where, and its size.
struct JsonSpan {
  size_t at = 0, size = 0;
};

// The name an entity is counted under among key entities: its canonical
// value for names, its text for amounts, dates and entities without value.
inline bool NameIsValue(const Entity& e) {
  return e.type != EntityType::kMoney && e.type != EntityType::kDate && !e.value.empty();
}

// The entity's keys (no braces), its original span `o` already mapped.
// `doc_end` ends the readable bytes after o.bytes (see JsonOut::String).
// `name`, when not null: the JSON string of the entity's key name (see
// NameIsValue) already written by `out`, copied rather than escaped again.
void AppendEntityJson(const Entity& e, const OrigSpan& o, const char* doc_end, JsonOut& out,
                      const JsonSpan* name = nullptr) {
  out.Put(kTypeTextKeys[static_cast<size_t>(e.type)]);
  const bool value_is_name = NameIsValue(e);
  JsonSpan text;
  if (name != nullptr && (!value_is_name || SameBytes(e.value, o.bytes))) {
    text = *name;
    out.Repeat(name->at, name->size);
  } else {
    text.at = out.Offset();
    out.String(o.bytes, doc_end);
    text.size = out.Offset() - text.at;
  }
  out.StartEnd(o.begin, o.end, ",\"value\":");
  // Most names are their own canonical value: a JSON string already
  // written is copied rather than escaped again.
  if (value_is_name && name != nullptr) {
    out.Repeat(name->at, name->size);
  } else if (e.type != EntityType::kMoney && !e.value.empty() && SameBytes(e.value, o.bytes)) {
    out.Repeat(text.at, text.size);
  } else {
    AppendEntityValueJson(e, out);
  }
}

using detail::KeyEntity;
using detail::KeyMention;

// The original spans of an article's entities, in entity order: the brief
// printers need each one twice (key entities and the entity list).
void MapEntities(const Document& doc, const Article& art, std::vector<OrigSpan>* out) {
  out->resize(art.entity_end - art.entity_begin);
  OrigSpan* o = out->data();
  size_t hint = 0;  // entities are sorted by span
  for (uint32_t i = art.entity_begin; i < art.entity_end; ++i) *o++ = Orig(doc, doc.entities[i].span, &hint);
}

}  // namespace

namespace detail {
namespace {

// 64-bit hash of a name, eight bytes per step, the last word overlapping
// the one before (fixed-size loads only). Only groups equal names together
// below: equal names hash equal, and a collision costs a comparison.
uint64_t NameHash(std::string_view s) {
  constexpr uint64_t kMul = 0x9E3779B97F4A7C15ull;
  const char* p = s.data();
  const size_t n = s.size();
  uint64_t h = n * kMul;
  auto mix = [&h](uint64_t w) {
    h = (h ^ w) * kMul;
    h ^= h >> 29;
  };
  if (n >= 8) {
    uint64_t w;
    for (size_t i = 0; i + 8 < n; i += 8) {
      std::memcpy(&w, p + i, 8);
      mix(w);
    }
    std::memcpy(&w, p + n - 8, 8);
    mix(w);
  } else if (n >= 4) {
    uint32_t a, b;
    std::memcpy(&a, p, 4);
    std::memcpy(&b, p + n - 4, 4);
    mix(a | static_cast<uint64_t>(b) << 32);
  } else if (n > 0) {
    mix(static_cast<unsigned char>(p[0]) | static_cast<unsigned char>(p[n / 2]) << 8 |
        static_cast<unsigned char>(p[n - 1]) << 16);
  }
  return h;
}

// Groups mentions (in text order) into *keys with an open-addressing table
// keyed by name hash: one probe or two per mention. Returns false, keys
// unspecified, when probing takes too long (many hash collisions, hostile
// input): the caller then sorts instead, so the work stays O(n log n).
bool GroupByTable(const std::vector<KeyMention>& mentions, size_t probes_per_mention, std::vector<KeyEntity>* keys,
                  uint32_t* group_first) {
  thread_local std::vector<uint32_t> slots;      // key index, or kEmpty
  thread_local std::vector<uint64_t> key_hashes;  // per key
  TrimScratchOnExit trim(slots, key_hashes);
  constexpr uint32_t kEmpty = UINT32_MAX;
  size_t cap = 16;
  while (cap < 2 * mentions.size()) cap *= 2;
  const size_t mask = cap - 1;
  slots.assign(cap, kEmpty);
  key_hashes.clear();
  if (probes_per_mention == 0) return false;
  size_t budget = probes_per_mention * mentions.size() + 64;  // probes beyond the first
  // Sizes and bases in locals, room for a key per mention made once: the
  // vectors' members were reloaded (and sizes divided) after every store.
  const uint32_t n = static_cast<uint32_t>(mentions.size());
  const KeyMention* const ms = mentions.data();
  keys->reserve(n);
  key_hashes.resize(n);
  uint64_t* const hashes = key_hashes.data();
  uint32_t* const table = slots.data();
  uint32_t nk = 0;  // keys so far
  for (uint32_t i = 0; i < n; ++i) {
    const KeyMention& m = ms[i];
    const uint64_t h = NameHash(m.name) + static_cast<uint64_t>(m.type);
    for (size_t at = h & mask;; at = (at + 1) & mask) {
      const uint32_t k = table[at];
      if (k == kEmpty) {
        table[at] = nk;
        hashes[nk++] = h;
        keys->push_back({m.type, m.name, 1, m.first, i});  // the earliest mention
        if (group_first) group_first[i] = i;
        break;
      }
      KeyEntity& key = keys->data()[k];
      if (hashes[k] == h && key.type == m.type && SameBytes(key.name, m.name)) {
        ++key.count;
        if (group_first) group_first[i] = key.mention;
        break;
      }
      if (budget-- == 0) return false;
    }
  }
  return true;
}

// The same by sorting (type, name, first): O(n log n) whatever the names.
void GroupBySort(const std::vector<KeyMention>& mentions, std::vector<KeyEntity>* keys, uint32_t* group_first) {
  std::vector<uint32_t> order(mentions.size());  // mention indices, sorted
  for (uint32_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&mentions](uint32_t x, uint32_t y) {
    const KeyMention& a = mentions[x];
    const KeyMention& b = mentions[y];
    if (a.type != b.type) return a.type < b.type;
    if (a.name != b.name) return a.name < b.name;
    return a.first < b.first;
  });
  for (size_t i = 0; i < order.size();) {
    const KeyMention& m = mentions[order[i]];
    size_t j = i + 1;
    while (j < order.size() && mentions[order[j]].type == m.type && mentions[order[j]].name == m.name) ++j;
    keys->push_back({m.type, m.name, static_cast<int>(j - i), m.first, order[i]});
    if (group_first) {
      for (size_t g = i; g < j; ++g) group_first[order[g]] = order[i];
    }
    i = j;
  }
  // Back to first-mention order, as GroupByTable leaves them (SortKeys needs it).
  std::sort(keys->begin(), keys->end(), [](const KeyEntity& a, const KeyEntity& b) { return a.first < b.first; });
}

// Sorts keys (in first-mention order) by type, then count (most first), then
// first mention. Most keys are mentioned once: a stable counting sort into
// (type, count > 1, count == 1) buckets keeps those in order, and only the
// few mentioned more are sorted.
void SortKeys(std::vector<KeyEntity>* keys) {
  constexpr int kBuckets = 2 * 6;
  auto bucket = [](const KeyEntity& k) { return 2 * static_cast<int>(k.type) + (k.count == 1 ? 1 : 0); };
  std::array<uint32_t, kBuckets + 1> start{};
  for (const KeyEntity& k : *keys) ++start[bucket(k) + 1];
  for (int b = 0; b < kBuckets; ++b) start[b + 1] += start[b];
  thread_local std::vector<KeyEntity> sorted;
  sorted.resize(keys->size());
  std::array<uint32_t, kBuckets + 1> next = start;
  for (const KeyEntity& k : *keys) sorted[next[bucket(k)]++] = k;
  for (int b = 0; b < kBuckets; b += 2) {
    // Distinct keys have distinct first offsets (entities do not overlap):
    // the order is total, so std::sort is deterministic.
    std::sort(sorted.begin() + start[b], sorted.begin() + start[b + 1], [](const KeyEntity& x, const KeyEntity& y) {
      return x.count != y.count ? x.count > y.count : x.first < y.first;
    });
  }
  keys->swap(sorted);
  TrimScratch(sorted);
}

}  // namespace

void RankKeys(const std::vector<KeyMention>& mentions, std::vector<KeyEntity>* keys, size_t probes_per_mention,
              std::vector<uint32_t>* group_first) {
  keys->clear();
  uint32_t* firsts = nullptr;
  if (group_first) {
    group_first->resize(mentions.size());
    firsts = group_first->data();
  }
  if (!GroupByTable(mentions, probes_per_mention, keys, firsts)) {
    keys->clear();
    GroupBySort(mentions, keys, firsts);
  }
  SortKeys(keys);
}

}  // namespace detail

namespace {

// Fills *keys with the article's key entities. `origs` is MapEntities' output.
// `group_first`: see RankKeys (indices among the wanted entities).
void KeyEntities(const Document& doc, uint32_t article, const OutputOptions& o, const std::vector<OrigSpan>& origs,
                 std::vector<KeyEntity>* keys, std::vector<uint32_t>* group_first = nullptr) {
  thread_local std::vector<KeyMention> mentions;
  mentions.clear();
  const Article& art = doc.articles[article];
  for (uint32_t i = art.entity_begin; i < art.entity_end; ++i) {
    const Entity& e = doc.entities[i];
    if (!Wanted(o, e.type)) continue;
    const std::string_view name = NameIsValue(e) ? std::string_view(e.value) : origs[i - art.entity_begin].bytes;
    mentions.push_back({name, e.span.begin, e.type});
  }
  RankKeys(mentions, keys, 4, group_first);
  detail::TrimScratch(mentions);
}

// KeyEntities for the text and markdown briefs.
std::vector<KeyEntity> KeyEntities(const Document& doc, uint32_t article, const OutputOptions& o) {
  std::vector<OrigSpan> origs;
  MapEntities(doc, doc.articles[article], &origs);
  std::vector<KeyEntity> keys;
  KeyEntities(doc, article, o, origs, &keys);
  return keys;
}

// The kinds of key entities a brief lists, in order, with their headings.
constexpr EntityType kKeyOrder[] = {EntityType::kPerson, EntityType::kOrganization, EntityType::kLocation,
                                    EntityType::kMoney, EntityType::kDate};

// "Claire Mornet (3), Thomas Berthier": the six most mentioned of a kind.
std::string KeyLine(const std::vector<KeyEntity>& keys, EntityType type) {
  std::string line;
  int n = 0;
  for (const KeyEntity& k : keys) {
    if (k.type != type || n >= 6) continue;
    if (n++) line += ", ";
    line += k.name;
    if (k.count > 1) line += fmt::format(" ({})", k.count);
  }
  return line;
}

// Greedy wrap of a paragraph to `width` columns (code points), with indent.
void AppendWrapped(std::string_view s, int width, std::string_view indent, std::string* out) {
  int col = 0;
  size_t i = 0;
  bool first_word = true;
  out->append(indent);
  col = static_cast<int>(indent.size());
  while (i < s.size()) {
    while (i < s.size() && (s[i] == ' ' || s[i] == '\n' || s[i] == '\t')) ++i;
    size_t j = i;
    while (j < s.size() && s[j] != ' ' && s[j] != '\n' && s[j] != '\t') ++j;
    if (j == i) break;
    std::string_view w = s.substr(i, j - i);
    int wl = 0;
    for (char c : w) wl += !utf8::IsContinuation(static_cast<unsigned char>(c));
    if (!first_word && width > 0 && col + 1 + wl > width) {
      out->push_back('\n');
      out->append(indent);
      col = static_cast<int>(indent.size());
      first_word = true;
    }
    if (!first_word) {
      out->push_back(' ');
      ++col;
    }
    out->append(w);
    col += wl;
    first_word = false;
    i = j;
  }
  out->push_back('\n');
}

const char* LabelColor(EntityType t) {
  switch (t) {
    case EntityType::kPerson: return "\x1b[36m";
    case EntityType::kOrganization: return "\x1b[35m";
    case EntityType::kLocation: return "\x1b[32m";
    case EntityType::kMoney: return "\x1b[33m";
    case EntityType::kDate: return "\x1b[34m";
    case EntityType::kMisc: return "\x1b[37m";
  }
  return "";
}

class SplitWriter : public Writer {
 public:
  explicit SplitWriter(const OutputOptions& o) : o_(o) {}
  void Header(std::string* out) const override {
    if (o_.format == Format::kTsv) out->append("source\tarticle\tpart\tstart\tend\ttext\n");
  }
  void Write(const Result& r, std::string* out) const override {
    const Document& doc = r.doc;
    for (uint32_t a = 0; a < doc.articles.size(); ++a) {
      const Article& art = doc.articles[a];
      OrigSpan os = Orig(doc, art.span);
      std::string date = DateString(ArticleDate(doc, art));
      std::string title(ArticleTitle(doc, art));
      if (o_.format == Format::kJsonl) {
        AppendRecordKeys(doc, a, out);
        out->append(",\"title\":");
        if (title.empty()) out->append("null"); else AppendJsonString(title, out);
        out->append(",\"date\":");
        if (date.empty()) out->append("null"); else AppendJsonString(date, out);
        out->append(",\"dateline\":");
        if (art.dateline.empty()) out->append("null"); else AppendJsonString(Orig(doc, art.dateline).bytes, out);
        fmt::format_to(std::back_inserter(*out), ",\"start\":{},\"end\":{},\"parts\":[", os.begin, os.end);
        bool first = true;
        for (const Part& p : art.parts) {
          OrigSpan ps = Orig(doc, p.span);
          if (!first) out->push_back(',');
          first = false;
          fmt::format_to(std::back_inserter(*out), "{{\"kind\":\"{}\",\"start\":{},\"end\":{}{}}}", PartKindName(p.kind),
                         ps.begin, ps.end, p.duplicate ? ",\"duplicate\":true" : "");
        }
        out->append("]}\n");
      } else if (o_.format == Format::kTsv) {
        for (const Part& p : art.parts) {
          OrigSpan ps = Orig(doc, p.span);
          AppendTsv(doc.source, out);
          fmt::format_to(std::back_inserter(*out), "\t{}\t{}{}\t{}\t{}\t", doc.first_article + a, PartKindName(p.kind),
                         p.duplicate ? "+dup" : "", ps.begin, ps.end);
          AppendTsv(ps.bytes, out);
          out->push_back('\n');
        }
      } else {
        fmt::format_to(std::back_inserter(*out), "{}#{}  bytes {}-{}  date {}  dateline {}\n", doc.source,
                       doc.first_article + a, os.begin, os.end, date.empty() ? "-" : date,
                       art.dateline.empty() ? "-" : std::string(Orig(doc, art.dateline).bytes));
        for (const Part& p : art.parts) {
          OrigSpan ps = Orig(doc, p.span);
          std::string_view t = ps.bytes;
          std::string shown(t.substr(0, 100));
          while (!shown.empty() && shown.size() < t.size() &&
                 utf8::IsContinuation(static_cast<unsigned char>(t[shown.size()]))) shown.pop_back();
          for (char& c : shown) if (c == '\n') c = ' ';
          fmt::format_to(std::back_inserter(*out), "  {:<10}{:>7}-{:<7} {}{}{}\n", PartKindName(p.kind), ps.begin, ps.end,
                         shown, t.size() > shown.size() ? "…" : "", p.duplicate ? "  (duplicate)" : "");
        }
        out->push_back('\n');
      }
    }
  }

 private:
  OutputOptions o_;
};

class TokensWriter : public Writer {
 public:
  explicit TokensWriter(const OutputOptions& o) : o_(o) {}
  void Header(std::string* out) const override {
    if (o_.format == Format::kTsv) out->append("start\tend\tkind\ttext\n");
  }
  void Write(const Result& r, std::string* out) const override {
    const Document& doc = r.doc;
    for (const Token& t : doc.tokens) {
      OrigSpan o = Orig(doc, t.span);
      if (o_.format == Format::kJsonl) {
        out->append("{\"source\":");
        AppendJsonString(doc.source, out);
        if (!doc.id.empty()) { out->append(",\"id\":"); AppendJsonString(doc.id, out); }
        fmt::format_to(std::back_inserter(*out), ",\"start\":{},\"end\":{},\"kind\":\"{}\",\"text\":", o.begin, o.end,
                       TokenKindName(t.kind));
        AppendJsonString(o.bytes, out);
        out->append(",\"norm\":");
        AppendJsonString(doc.Text(t), out);
        out->append("}\n");
      } else {
        fmt::format_to(std::back_inserter(*out), "{}\t{}\t{}\t", o.begin, o.end, TokenKindName(t.kind));
        AppendTsv(o.bytes, out);
        out->push_back('\n');
      }
    }
  }

 private:
  OutputOptions o_;
};

class EntitiesWriter : public Writer {
 public:
  explicit EntitiesWriter(const OutputOptions& o) : o_(o) {}
  void Header(std::string* out) const override {
    if (o_.format == Format::kTsv) out->append("source\tarticle\ttype\tstart\tend\ttext\tvalue\n");
  }
  void Write(const Result& r, std::string* out) const override {
    const Document& doc = r.doc;
    if (o_.format == Format::kJsonl) {
      ReserveOutput(doc, 3, out);  // about 2.7 bytes per input byte
      const std::string record_keys = RecordKeysPrefix(doc);
      JsonOut j(out);
      for (const Entity& e : doc.entities) {
        if (!Wanted(o_, e.type)) continue;
        AppendRecordKeys(record_keys, doc, e.article, j);
        j.Char(',');
        AppendEntityJson(e, Orig(doc, e.span), doc.original.data() + doc.original.size(), j);
        j.Lit("}\n");
      }
      return;
    }
    for (const Entity& e : doc.entities) {
      if (!Wanted(o_, e.type)) continue;
      OrigSpan os = Orig(doc, e.span);
      if (o_.format == Format::kTsv) {
        AppendTsv(doc.source, out);
        fmt::format_to(std::back_inserter(*out), "\t{}\t{}\t{}\t{}\t", doc.first_article + e.article, EntityTypeName(e.type),
                       os.begin, os.end);
        AppendTsv(os.bytes, out);
        out->push_back('\t');
        AppendTsv(EntityValueText(e), out);
        out->push_back('\n');
      } else {
        const char* c = o_.color ? LabelColor(e.type) : "";
        const char* z = o_.color ? "\x1b[0m" : "";
        fmt::format_to(std::back_inserter(*out), "{}#{}\t{}{:<5}{}\t{}-{}\t{}", doc.source, doc.first_article + e.article,
                       c, EntityTypeName(e.type), z, os.begin, os.end, os.bytes);
        std::string v = EntityValueText(e);
        if (v != os.bytes) fmt::format_to(std::back_inserter(*out), "\t→ {}", v);
        out->push_back('\n');
      }
    }
  }

 private:
  OutputOptions o_;
};

class BriefWriter : public Writer {
 public:
  explicit BriefWriter(const OutputOptions& o) : o_(o) {}
  void Header(std::string* out) const override {
    if (o_.format == Format::kTsv) out->append("source\tarticle\tfield\tlabel\tstart\tend\ttext\n");
  }
  void Write(const Result& r, std::string* out) const override {
    const Document& doc = r.doc;
    static const ArticleSummary kEmpty;
    if (o_.format == Format::kJsonl) {
      // About 2.8 output bytes per input byte: reserved once, so that the
      // output is not copied at each doubling.
      ReserveOutput(doc, 3, out);
      const std::string record_keys = RecordKeysPrefix(doc);
      // One cursor for the whole document: its slack is set up once.
      JsonOut j(out);
      for (uint32_t a = 0; a < doc.articles.size(); ++a)
        Jsonl(doc, record_keys, a, a < r.summaries.size() ? r.summaries[a] : kEmpty, j);
      return;
    }
    for (uint32_t a = 0; a < doc.articles.size(); ++a) {
      const ArticleSummary& sum = a < r.summaries.size() ? r.summaries[a] : kEmpty;
      switch (o_.format) {
        case Format::kJsonl: break;
        case Format::kTsv: Tsv(doc, a, sum, out); break;
        case Format::kMarkdown: Markdown(doc, a, sum, out); break;
        case Format::kText: Text(doc, a, sum, out); break;
      }
    }
  }

 private:
  // `record_keys`: RecordKeysPrefix(doc).
  void Jsonl(const Document& doc, std::string_view record_keys, uint32_t a, const ArticleSummary& sum, JsonOut& j) const {
    const Article& art = doc.articles[a];
    thread_local std::vector<OrigSpan> origs;
    thread_local std::vector<KeyEntity> keys;
    thread_local std::vector<uint32_t> group_first;  // per wanted entity
    thread_local std::vector<JsonSpan> names;        // per wanted entity first of its key: its name's JSON
    detail::TrimScratchOnExit trim(origs, keys, group_first, names);
    MapEntities(doc, art, &origs);
    KeyEntities(doc, a, o_, origs, &keys, &group_first);
    names.resize(group_first.size());
    // Printed texts are views into doc.original: readable up to its end.
    const char* const doc_end = doc.original.data() + doc.original.size();
    {
      AppendRecordKeys(record_keys, doc, a, j);
      std::string_view title = ArticleTitle(doc, art);
      j.Lit(",\"title\":");
      if (title.empty()) j.Lit("null"); else j.String(title);
      j.Lit(",\"date\":");
      if (auto d = ArticleDate(doc, art)) {
        char buf[40] = {};  // all of it readable: String may load past the date
        j.String(std::string_view(buf, FormatDate(*d, buf)), buf + sizeof buf);
      } else {
        j.Lit("null");
      }
      j.Lit(",\"dateline\":");
      if (art.dateline.empty()) j.Lit("null"); else j.String(Orig(doc, art.dateline).bytes);
      j.Lit(",\"summary\":[");
      bool first = true;
      for (uint32_t si : sum.selected) {
        OrigSpan o = Orig(doc, doc.sentences[si].span);
        if (!first) j.Char(',');
        first = false;
        j.Lit("{\"text\":");
        j.String(o.bytes, doc_end);
        j.StartEnd(o.begin, o.end);
        j.Char('}');
      }
      j.Lit("],\"key_entities\":[");
      first = true;
      for (const KeyEntity& k : keys) {
        if (first) j.Char('{'); else j.Lit(",{");
        first = false;
        j.Put(kTypeNameKeys[static_cast<size_t>(k.type)]);
        // The entity list below copies this JSON string for each mention.
        JsonSpan& name = names[k.mention];
        name.at = j.Offset();
        const bool in_doc = reinterpret_cast<uintptr_t>(k.name.data()) >= reinterpret_cast<uintptr_t>(doc.original.data()) &&
                            reinterpret_cast<uintptr_t>(k.name.data()) <= reinterpret_cast<uintptr_t>(doc_end);
        if (in_doc) {
          j.String(k.name, doc_end);
        } else {
          j.StringCopy(k.name);
        }
        name.size = j.Offset() - name.at;
        j.Lit(",\"count\":");
        j.Int(k.count);
        j.Char('}');
      }
      j.Lit("],\"entities\":[");
      first = true;
      uint32_t mention = 0;  // among the wanted entities, as in KeyEntities
      for (uint32_t i = art.entity_begin; i < art.entity_end; ++i) {
        const Entity& e = doc.entities[i];
        if (!Wanted(o_, e.type)) continue;
        if (first) j.Char('{'); else j.Lit(",{");
        first = false;
        AppendEntityJson(e, origs[i - art.entity_begin], doc_end, j, &names[group_first[mention++]]);
        j.Char('}');
      }
      j.Char(']');
    }
    if (o_.explain) {
      j.Lit(",\"scores\":[");
      bool first = true;
      std::string score;
      for (const SentenceScore& s : sum.candidates) {
        OrigSpan o = Orig(doc, doc.sentences[s.sentence].span);
        if (!first) j.Char(',');
        first = false;
        score.clear();
        fmt::format_to(std::back_inserter(score),
                       "{{\"start\":{},\"end\":{},\"total\":{:.4f},\"centrality\":{:.4f},\"position\":{:.4f},"
                       "\"salience\":{:.4f},\"length\":{:.4f},\"redundancy\":{:.4f},\"selected\":{}}}",
                       o.begin, o.end, s.total, s.centrality, s.position, s.salience, s.length, s.redundancy,
                       s.selected ? "true" : "false");
        j.Raw(score);
      }
      j.Char(']');
    }
    j.Lit("}\n");
  }

  void Tsv(const Document& doc, uint32_t a, const ArticleSummary& sum, std::string* out) const {
    const Article& art = doc.articles[a];
    auto row = [&](std::string_view field, std::string_view label, uint64_t b, uint64_t e, std::string_view text) {
      AppendTsv(doc.source, out);
      fmt::format_to(std::back_inserter(*out), "\t{}\t{}\t{}\t{}\t{}\t", doc.first_article + a, field, label, b, e);
      AppendTsv(text, out);
      out->push_back('\n');
    };
    if (!art.title.empty()) {
      OrigSpan o = Orig(doc, art.title);
      row("title", "", o.begin, o.end, o.bytes);
    } else if (!doc.record_title.empty()) {
      row("title", "", 0, 0, doc.record_title);
    }
    if (auto d = ArticleDate(doc, art)) row("date", "", 0, 0, DateString(d));
    if (!art.dateline.empty()) {
      OrigSpan o = Orig(doc, art.dateline);
      row("dateline", "LOC", o.begin, o.end, o.bytes);
    }
    for (uint32_t si : sum.selected) {
      OrigSpan o = Orig(doc, doc.sentences[si].span);
      row("summary", "", o.begin, o.end, o.bytes);
    }
    for (uint32_t i = art.entity_begin; i < art.entity_end; ++i) {
      const Entity& e = doc.entities[i];
      if (!Wanted(o_, e.type)) continue;
      OrigSpan o = Orig(doc, e.span);
      std::string v = e.type == EntityType::kMoney || e.type == EntityType::kDate ? EntityValueText(e)
                      : (e.value.empty() ? std::string(o.bytes) : e.value);
      row("entity", EntityTypeName(e.type), o.begin, o.end, v);
    }
  }

  void Text(const Document& doc, uint32_t a, const ArticleSummary& sum, std::string* out) const {
    const Article& art = doc.articles[a];
    const char* bold = o_.color ? "\x1b[1m" : "";
    const char* dim = o_.color ? "\x1b[2m" : "";
    const char* reset = o_.color ? "\x1b[0m" : "";
    std::string title(ArticleTitle(doc, art));
    std::string date = DateString(ArticleDate(doc, art));
    fmt::format_to(std::back_inserter(*out), "{}{} #{}{}", dim, doc.id.empty() ? doc.source : doc.id,
                   doc.first_article + a, reset);
    if (!date.empty()) fmt::format_to(std::back_inserter(*out), "{}  {}{}", dim, date, reset);
    if (!art.dateline.empty()) fmt::format_to(std::back_inserter(*out), "{}  {}{}", dim, Orig(doc, art.dateline).bytes, reset);
    out->push_back('\n');
    if (!title.empty()) {
      out->append(bold);
      AppendWrapped(title, o_.width, "", out);
      if (*bold) { out->pop_back(); out->append(reset); out->push_back('\n'); }
    }
    std::vector<KeyEntity> keys = KeyEntities(doc, a, o_);
    static constexpr const char* kNames[] = {"people", "organizations", "places", "amounts", "dates"};
    for (int t = 0; t < 5; ++t) {
      std::string line = KeyLine(keys, kKeyOrder[t]);
      if (line.empty()) continue;
      std::string label = fmt::format("{:<14}", kNames[t]);
      std::string colored = o_.color ? std::string(LabelColor(kKeyOrder[t])) + label + reset : label;
      out->append("  ");
      out->append(colored);
      std::string wrapped;
      AppendWrapped(line, o_.width - 16, "", &wrapped);
      // Indent continuation lines under the first.
      for (size_t i = 0; i < wrapped.size(); ++i) {
        out->push_back(wrapped[i]);
        if (wrapped[i] == '\n' && i + 1 < wrapped.size()) out->append(16, ' ');
      }
    }
    for (uint32_t si : sum.selected) {
      OrigSpan o = Orig(doc, doc.sentences[si].span);
      std::string text(o.bytes);
      std::string wrapped;
      AppendWrapped(text, o_.width, "    ", &wrapped);
      wrapped[2] = '-';
      out->append(wrapped);
    }
    if (o_.explain) Explain(doc, sum, out);
    out->push_back('\n');  // a blank line between articles
  }

  void Markdown(const Document& doc, uint32_t a, const ArticleSummary& sum, std::string* out) const {
    const Article& art = doc.articles[a];
    std::string title(ArticleTitle(doc, art));
    std::string date = DateString(ArticleDate(doc, art));
    fmt::format_to(std::back_inserter(*out), "## {}\n\n", title.empty() ? "(untitled)" : title);
    fmt::format_to(std::back_inserter(*out), "*{} #{}*", doc.id.empty() ? doc.source : doc.id, doc.first_article + a);
    if (!date.empty()) fmt::format_to(std::back_inserter(*out), " · {}", date);
    if (!art.dateline.empty()) fmt::format_to(std::back_inserter(*out), " · {}", Orig(doc, art.dateline).bytes);
    out->append("\n\n");
    std::vector<KeyEntity> keys = KeyEntities(doc, a, o_);
    static constexpr const char* kNames[] = {"People", "Organizations", "Places", "Amounts", "Dates"};
    for (int t = 0; t < 5; ++t) {
      std::string line = KeyLine(keys, kKeyOrder[t]);
      if (!line.empty()) fmt::format_to(std::back_inserter(*out), "- **{}:** {}\n", kNames[t], line);
    }
    if (!keys.empty()) out->push_back('\n');
    for (uint32_t si : sum.selected) {
      std::string text(Orig(doc, doc.sentences[si].span).bytes);
      for (char& c : text) if (c == '\n') c = ' ';
      fmt::format_to(std::back_inserter(*out), "> {}\n>\n", text);
    }
    if (!sum.selected.empty()) { out->pop_back(); out->pop_back(); out->push_back('\n'); }
    if (o_.explain) Explain(doc, sum, out);
    out->push_back('\n');
  }

  void Explain(const Document& doc, const ArticleSummary& sum, std::string* out) const {
    out->append("    score  central position salience  length   redund  sentence\n");
    for (const SentenceScore& s : sum.candidates) {
      std::string_view t = Orig(doc, doc.sentences[s.sentence].span).bytes;
      std::string head(t.substr(0, 50));
      while (!head.empty() && head.size() < t.size() && utf8::IsContinuation(static_cast<unsigned char>(t[head.size()])))
        head.pop_back();
      for (char& c : head) if (c == '\n') c = ' ';
      fmt::format_to(std::back_inserter(*out), "  {}{:7.3f} {:8.3f} {:8.3f} {:8.3f} {:7.3f} {:8.3f}  {}\n",
                     s.selected ? '*' : ' ', s.total, s.centrality, s.position, s.salience, s.length, s.redundancy,
                     head);
    }
  }

  OutputOptions o_;
};

}  // namespace

std::unique_ptr<Writer> MakeWriter(const OutputOptions& options) {
  switch (options.command) {
    case Stage::kSplit: return std::make_unique<SplitWriter>(options);
    case Stage::kTokens: return std::make_unique<TokensWriter>(options);
    case Stage::kEntities: return std::make_unique<EntitiesWriter>(options);
    case Stage::kBrief: return std::make_unique<BriefWriter>(options);
  }
  return nullptr;
}

}  // namespace depeche
