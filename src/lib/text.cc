// NormalizedText: one pass over the original bytes. Runs of ASCII are copied
// as they are; only characters whose normalized form has another length get
// an edit, so the offset map stays sparse on clean text.
#include "depeche/text.h"

#include <utf8proc.h>

#include <algorithm>
#include <cstdlib>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include <fmt/format.h>

namespace depeche {
namespace utf8 {

char32_t DecodeSlow(std::string_view s, size_t i, int* len) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  size_t n = s.size();
  unsigned char b0 = p[i];
  *len = 1;
  if (b0 < 0x80) return b0;
  int need;
  char32_t cp, min;
  if (b0 >= 0xC2 && b0 <= 0xDF) {
    need = 1; cp = b0 & 0x1F; min = 0x80;
  } else if (b0 >= 0xE0 && b0 <= 0xEF) {
    need = 2; cp = b0 & 0x0F; min = 0x800;
  } else if (b0 >= 0xF0 && b0 <= 0xF4) {
    need = 3; cp = b0 & 0x07; min = 0x10000;
  } else {
    return 0xFFFD;  // continuation byte, overlong lead (C0, C1) or > F4
  }
  for (int k = 1; k <= need; ++k) {
    if (i + k >= n || !IsContinuation(p[i + k])) return 0xFFFD;
    cp = (cp << 6) | (p[i + k] & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0xFFFD;
  *len = need + 1;
  return cp;
}

void Append(char32_t cp, std::string* out) {
  if (cp < 0x80) {
    out->push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out->push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out->push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out->push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

}  // namespace utf8

namespace {

// The replacement of one code point, or nullptr to keep it. "" drops it.
const char* Replacement(char32_t cp) {
  if (cp >= 0xC0 && cp < 0x2B0) return nullptr;  // Latin letters: the common case
  switch (cp) {
    case 0x2019: case 0x2018: case 0x02BC: case 0x2032: case 0x00B4: case 0x0060:
      return "'";
    case 0x00A0: case 0x202F: case 0x2007: case 0x2009: case 0x200A: case 0x2002:
    case 0x2003: case 0x2004: case 0x2005: case 0x2006: case 0x2008: case 0x205F:
    case 0x3000:
      return " ";
    case 0x200B: case 0x00AD: case 0xFEFF: case 0x2060:
      return "";
    case 0x2028: case 0x2029: case 0x0085:
      return "\n";
    case 0x2010: case 0x2011:
      return "-";
    case 0x1D49: return "e";   // ᵉ in 16ᵉ, XXᵉ
    case 0x02B3: return "r";   // ʳ in 1ᵉʳ
    case 0x02E2: return "s";
    case 0x1D48: return "d";
    case 0x1D52: return "o";
    case 0xFB00: return "ff";
    case 0xFB01: return "fi";
    case 0xFB02: return "fl";
    case 0xFB03: return "ffi";
    case 0xFB04: return "ffl";
    case 0xFB05: case 0xFB06: return "st";
    default:
      return nullptr;
  }
}

bool IsCombining(char32_t cp) {
  return cp >= 0x300 && utf8proc_get_property(static_cast<utf8proc_int32_t>(cp))->combining_class != 0;
}

constexpr size_t kMaxIssues = 20;

bool IsAsciiLetter(unsigned char b) { return static_cast<unsigned char>((b | 0x20) - 'a') < 26; }

// A French accented letter (U+00C0..U+017F, leads C3..C5) at p[i] that Build
// keeps as it is: no combining mark (lead byte >= 0xCC) follows it.
inline bool PlainLatinPair(const char* p, size_t i, size_t n) {
  const auto b = static_cast<unsigned char>(p[i]);
  return b >= 0xC3 && b <= 0xC5 && i + 1 < n && utf8::IsContinuation(static_cast<unsigned char>(p[i + 1])) &&
         (i + 2 >= n || static_cast<unsigned char>(p[i + 2]) < 0xCC);
}

// The first index at or after i that Build must look at (n when none):
// bytes other than ASCII but '\r', and accented letters kept as they are,
// are passed over. 16 bytes at a time; an accented letter (one in some 30
// bytes of French) is passed over inside its block, not by a return to Build
// and a new block from the byte after it.
size_t PlainRunEnd(const char* p, size_t i, size_t n) {
#if defined(__SSE2__)
  const __m128i cr = _mm_set1_epi8('\r');
  while (i + 16 <= n) {
    __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i));
    const auto m = static_cast<unsigned>(_mm_movemask_epi8(_mm_or_si128(v, _mm_cmpeq_epi8(v, cr))));
    size_t step;
    const unsigned k = utf8::SkipPairsInBlock(m, [&](unsigned k) { return PlainLatinPair(p, i + k, n); }, &step);
    if (k < 16) return i + k;
    i += step;
  }
#endif
  while (i < n) {
    if (static_cast<unsigned char>(p[i]) < 0x80 && p[i] != '\r') {
      ++i;
    } else if (PlainLatinPair(p, i, n)) {
      i += 2;
    } else {
      break;
    }
  }
  return i;
}

}  // namespace

NormalizedText NormalizedText::Build(std::string_view in) {
  NormalizedText t;
  t.orig_size_ = static_cast<uint32_t>(in.size());
  t.norm_.reserve(in.size());
  size_t invalid = 0;
  const size_t n = in.size();
  const char* const p = in.data();
  size_t i = 0;
  // in[copied, i) is identical in the output but not yet appended: clean
  // text is copied once per edit, not once per character or ASCII run.
  size_t copied = 0;
  auto flush = [&](size_t upto) {
    t.norm_.append(p + copied, upto - copied);
    copied = upto;
  };
  auto edit = [&t](size_t ob, size_t oe, size_t nb) {
    t.edits_.push_back({static_cast<uint32_t>(nb), static_cast<uint32_t>(t.norm_.size()),
                        static_cast<uint32_t>(ob), static_cast<uint32_t>(oe)});
  };
  if (in.size() >= 3 && in.compare(0, 3, "\xEF\xBB\xBF") == 0) {
    edit(0, 3, 0);
    i = copied = 3;
  }
  while (i < n) {
    i = PlainRunEnd(p, i, n);
    if (i >= n) break;
    const auto b = static_cast<unsigned char>(p[i]);
    if (b == '\r') {
      flush(i);
      if (i + 1 < n && p[i + 1] == '\n') {
        edit(i, i + 1, t.norm_.size());  // CRLF: the CR is dropped
      } else {
        t.norm_.push_back('\n');  // lone CR (old Mac): same length, no edit
      }
      copied = ++i;
      continue;
    }
    // (French accented letters kept as they are were passed over above.)
    // An ASCII letter followed by combining marks (NFD "e" + U+0301) is
    // composed with its marks below. Marks are U+0300 and up: lead byte >= 0xCC.
    if (b >= 0xCC && i > 0 && IsAsciiLetter(static_cast<unsigned char>(p[i - 1]))) {
      int l2;
      if (IsCombining(utf8::Decode(in, i, &l2))) --i;
    }
    int len;
    char32_t cp = utf8::Decode(in, i, &len);
    if (cp == 0xFFFD && !(len == 3 && in.compare(i, 3, "\xEF\xBF\xBD") == 0)) {
      // Invalid sequence: one U+FFFD per maximal invalid byte.
      if (invalid < kMaxIssues) {
        t.issues_.push_back({static_cast<uint32_t>(i), fmt::format("invalid UTF-8 byte 0x{:02X}", b)});
      }
      ++invalid;
      flush(i);
      size_t nb = t.norm_.size();
      t.norm_.append("\xEF\xBF\xBD");
      edit(i, i + 1, nb);
      copied = ++i;
      continue;
    }
    if (const char* r = Replacement(cp)) {
      flush(i);
      size_t nb = t.norm_.size();
      t.norm_.append(r);
      // Always an edit, even at equal length: "ﬄ" (3 bytes) → "ffl" has
      // code-point boundaries the original lacks.
      edit(i, i + len, nb);
      i += len;
      copied = i;
      continue;
    }
    // A base followed by combining marks is composed (NFC) when it changes.
    size_t j = i + len;
    while (j < n && static_cast<unsigned char>(p[j]) >= 0xCC) {
      int l2;
      char32_t c2 = utf8::Decode(in, j, &l2);
      if (!IsCombining(c2)) break;
      j += l2;
    }
    if (j > i + static_cast<size_t>(len) || IsCombining(cp)) {
      flush(i);
      size_t nb = t.norm_.size();
      utf8proc_uint8_t* out = nullptr;
      utf8proc_ssize_t m = utf8proc_map(reinterpret_cast<const utf8proc_uint8_t*>(p + i),
                                        static_cast<utf8proc_ssize_t>(j - i), &out,
                                        static_cast<utf8proc_option_t>(UTF8PROC_STABLE | UTF8PROC_COMPOSE));
      if (m > 0) {
        t.norm_.append(reinterpret_cast<const char*>(out), static_cast<size_t>(m));
      } else {
        t.norm_.append(p + i, j - i);
      }
      std::free(out);
      // An edit whenever the bytes differ, even at equal length ("A" + U+0325
      // → U+1E00): inside it, offsets are not the original's.
      if (std::string_view(t.norm_).substr(nb) != in.substr(i, j - i)) edit(i, j, nb);
      i = copied = j;
      continue;
    }
    i += len;  // kept as it is: stays in the pending copy
  }
  flush(n);
  if (invalid > kMaxIssues) {
    t.issues_.push_back({t.issues_.back().orig_offset,
                         fmt::format("{} more invalid UTF-8 bytes", invalid - kMaxIssues)});
  }
  return t;
}

uint32_t NormalizedText::BeginAt(uint32_t i, size_t k) const {
  if (k == 0) return i;
  const TextEdit& e = edits_[k - 1];
  if (i < e.norm_end) return e.orig_begin;
  return e.orig_end + (i - e.norm_end);
}

uint32_t NormalizedText::EndAt(uint32_t i, size_t k) const {
  if (k == 0) return i;
  const TextEdit& e = edits_[k - 1];
  if (i <= e.norm_end) return e.orig_end;
  return e.orig_end + (i - e.norm_end);
}

uint32_t NormalizedText::ToOriginalBegin(uint32_t i) const {
  // After the last edit with norm_begin <= i.
  auto it = std::upper_bound(edits_.begin(), edits_.end(), i,
                             [](uint32_t v, const TextEdit& e) { return v < e.norm_begin; });
  return BeginAt(i, static_cast<size_t>(it - edits_.begin()));
}

uint32_t NormalizedText::ToOriginalEnd(uint32_t i) const {
  // After the last edit with norm_begin < i: the one holding byte i-1, or before it.
  auto it = std::lower_bound(edits_.begin(), edits_.end(), i,
                             [](const TextEdit& e, uint32_t v) { return e.norm_begin < v; });
  return EndAt(i, static_cast<size_t>(it - edits_.begin()));
}

void NormalizedText::ToOriginalEdited(uint32_t begin, uint32_t end, uint32_t* orig_begin, uint32_t* orig_end,
                                      size_t* hint) const {
  const size_t n = edits_.size();
  // k: the number of edits with norm_begin <= begin. From the hint, a few
  // steps forward; a binary search when the span is behind the hint or
  // more than a few edits ahead (bounded work per call in any order).
  constexpr size_t kSteps = 8;
  size_t k = std::min(*hint, n);
  if ((k > 0 && edits_[k - 1].norm_begin > begin) ||
      (k + kSteps < n && edits_[k + kSteps].norm_begin <= begin)) {
    k = static_cast<size_t>(std::upper_bound(edits_.begin(), edits_.end(), begin,
                                             [](uint32_t v, const TextEdit& e) { return v < e.norm_begin; }) -
                            edits_.begin());
  } else {
    while (k < n && edits_[k].norm_begin <= begin) ++k;
  }
  *hint = k;
  *orig_begin = BeginAt(begin, k);
  // The end's count: edits with norm_begin < end. Spans are short: a few
  // steps from k (a binary search past the few).
  size_t g = k;
  // An empty span (rare) has its count below k: searched too.
  if (end <= begin || (g + kSteps < n && edits_[g + kSteps].norm_begin < end)) {
    *orig_end = ToOriginalEnd(end);
    return;
  }
  while (g < n && edits_[g].norm_begin < end) ++g;
  *orig_end = EndAt(end, g);
}

}  // namespace depeche
