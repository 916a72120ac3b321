// Character classes over code points (utf8proc tables), shared by the
// tokenizer, splitter and matchers. Internal header.
#ifndef DEPECHE_SRC_LIB_CHARS_H_
#define DEPECHE_SRC_LIB_CHARS_H_

#include <utf8proc.h>

#include <cstdint>
#include <string>
#include <string_view>

#include "depeche/text.h"

namespace depeche::detail {

// utf8proc's categories of U+0000..U+07FF (one- and two-byte UTF-8, all of
// French), stored plus one, filled during static initialization: a lookup
// per character instead of a call into the library. 0 (before that has run)
// falls back to utf8proc.
extern uint8_t small_categories_plus_one[0x800];

inline utf8proc_category_t Category(char32_t cp) {
  if (cp < 0x800) {
    uint8_t c = small_categories_plus_one[cp];
    if (c != 0) return static_cast<utf8proc_category_t>(c - 1);
  }
  return utf8proc_category(static_cast<utf8proc_int32_t>(cp));
}
inline bool IsLetter(char32_t cp) {
  if (cp < 0x80) return (cp | 0x20) >= 'a' && (cp | 0x20) <= 'z';
  auto c = Category(cp);
  return c >= UTF8PROC_CATEGORY_LU && c <= UTF8PROC_CATEGORY_MC;  // L* and Mn, Mc
}
inline bool IsUpper(char32_t cp) {
  if (cp < 0x80) return cp >= 'A' && cp <= 'Z';
  auto c = Category(cp);
  return c == UTF8PROC_CATEGORY_LU || c == UTF8PROC_CATEGORY_LT;
}
inline bool IsLower(char32_t cp) {
  if (cp < 0x80) return cp >= 'a' && cp <= 'z';
  return Category(cp) == UTF8PROC_CATEGORY_LL;
}
inline bool IsDigit(char32_t cp) { return cp >= '0' && cp <= '9'; }
inline bool IsSpace(char32_t cp) {
  return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\v' || cp == '\f' || cp == '\r';
}
inline bool IsPunctCp(char32_t cp) {
  auto c = Category(cp);
  return c >= UTF8PROC_CATEGORY_PC && c <= UTF8PROC_CATEGORY_PO;
}

// Appends the lowercase (simple case folding) of s to *out; no allocation
// when *out has capacity. Used for lexicon lookups.
inline void AppendLower(std::string_view s, std::string* out) {
  for (size_t i = 0; i < s.size();) {
    unsigned char b = static_cast<unsigned char>(s[i]);
    if (b < 0x80) {
      out->push_back(static_cast<char>(b >= 'A' && b <= 'Z' ? b + 32 : b));
      ++i;
      continue;
    }
    int len;
    char32_t cp = utf8::Decode(s, i, &len);
    utf8::Append(static_cast<char32_t>(utf8proc_tolower(static_cast<utf8proc_int32_t>(cp))), out);
    i += len;
  }
}
inline std::string Lower(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  AppendLower(s, &out);
  return out;
}

// A short word lowercased into a caller's stack buffer: no allocation on
// the tokenizer's hot path. Words longer than the buffer give "" (callers
// only compare against short closed-class words).
template <size_t N>
struct SmallLower {
  char buf[N];
  size_t len = 0;
  explicit SmallLower(std::string_view s) {
    if (s.size() > N) return;
    for (size_t i = 0; i < s.size();) {
      unsigned char b = static_cast<unsigned char>(s[i]);
      if (b < 0x80) {
        // A lower case letter can be longer than its capital (U+023A is 2
        // bytes, U+2C65 3): the buffer may fill before s ends.
        if (len == N) { len = 0; return; }
        buf[len++] = static_cast<char>(b >= 'A' && b <= 'Z' ? b + 32 : b);
        ++i;
        continue;
      }
      int l;
      char32_t cp = utf8::Decode(s, i, &l);
      std::string tmp;  // only for non-ASCII letters, rare in these words
      utf8::Append(static_cast<char32_t>(utf8proc_tolower(static_cast<utf8proc_int32_t>(cp))), &tmp);
      if (len + tmp.size() > N) { len = 0; return; }
      for (char c : tmp) buf[len++] = c;
      i += l;
    }
  }
  std::string_view view() const { return {buf, len}; }
};

// AppendFolded's bytes for one code point below U+0800 (at most 3).
struct FoldEntry {
  uint8_t len = 0;
  char bytes[7] = {};  // zero-padded: callers may copy 6 bytes at once
};
// The 0x800 entries, computed once (thread-safe) from AppendFolded's rule.
const FoldEntry* SmallFoldTable();

// Appends s lowercased and without accents (é→e, Ç→c): "Etats" and "États"
// meet. Only Latin-1 and Latin Extended-A letters are folded.
void AppendFolded(std::string_view s, std::string* out);
inline std::string Folded(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  AppendFolded(s, &out);
  return out;
}

}  // namespace depeche::detail

#endif  // DEPECHE_SRC_LIB_CHARS_H_
