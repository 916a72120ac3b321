#include "chars.h"

#include <array>
#include <cstring>

namespace depeche::detail {

uint8_t small_categories_plus_one[0x800];

namespace {
// Fills small_categories_plus_one during static initialization (before any
// thread starts); until then the array is zero and Category() asks utf8proc.
const bool kSmallCategoriesFilled = [] {
  for (char32_t cp = 0; cp < 0x800; ++cp) {
    small_categories_plus_one[cp] =
        static_cast<uint8_t>(utf8proc_category(static_cast<utf8proc_int32_t>(cp)) + 1);
  }
  return true;
}();

// The folding rule of one code point: lowercase, then Latin-1 and Latin
// Extended-A letters lose their accents (é→e, Ç→c), æ→ae, œ→oe.
void FoldCodePoint(char32_t cp, std::string* out) {
  char32_t lower = static_cast<char32_t>(utf8proc_tolower(static_cast<utf8proc_int32_t>(cp)));
  if (lower >= 0xC0 && lower <= 0x17F) {
    // Decompose and keep the base letter when it is ASCII.
    utf8proc_int32_t buf[4];
    utf8proc_ssize_t m = utf8proc_decompose_char(static_cast<utf8proc_int32_t>(lower), buf, 4,
                                                 static_cast<utf8proc_option_t>(UTF8PROC_DECOMPOSE), nullptr);
    if (m >= 1 && buf[0] < 0x80) {
      out->push_back(static_cast<char>(buf[0]));
      return;
    }
    if (lower == 0xE6) { out->append("ae"); return; }
    if (lower == 0x153) { out->append("oe"); return; }
  }
  utf8::Append(lower, out);
}
}  // namespace

const FoldEntry* SmallFoldTable() {
  static const std::array<FoldEntry, 0x800> table = [] {
    std::array<FoldEntry, 0x800> t{};
    std::string out;
    for (char32_t cp = 0; cp < 0x800; ++cp) {
      out.clear();
      FoldCodePoint(cp, &out);  // at most 3 bytes below U+0800
      t[cp].len = static_cast<uint8_t>(out.size());
      std::memcpy(t[cp].bytes, out.data(), out.size());
    }
    return t;
  }();
  return table.data();
}

void AppendFolded(std::string_view s, std::string* out) {
  static const FoldEntry* const table = SmallFoldTable();
  for (size_t i = 0; i < s.size();) {
    unsigned char b = static_cast<unsigned char>(s[i]);
    if (b < 0x80) {
      out->push_back(static_cast<char>(b >= 'A' && b <= 'Z' ? b + 32 : b));
      ++i;
      continue;
    }
    int len;
    char32_t cp = utf8::Decode(s, i, &len);
    i += len;
    if (cp < 0x800) {
      out->append(table[cp].bytes, table[cp].len);
    } else {
      FoldCodePoint(cp, out);
    }
  }
}

}  // namespace depeche::detail
