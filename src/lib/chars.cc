#include "chars.h"

namespace depeche::detail {

SmallCategoryTable::SmallCategoryTable() {
  for (char32_t cp = 0; cp < 0x800; ++cp) {
    plus_one[cp] = static_cast<uint8_t>(utf8proc_category(static_cast<utf8proc_int32_t>(cp)) + 1);
  }
}
const SmallCategoryTable kSmallCategories;

namespace {
// AppendFolded's answer for U+0080..U+07FF: up to two ASCII bytes (the base
// letter, "ae", "oe"), or 0 bytes when the code point is appended lowercased
// as UTF-8. Filled at start-up; `ready` guards use before that.
struct FoldTable {
  char ascii[0x800][2] = {};
  uint8_t n[0x800] = {};
  char32_t lower[0x800] = {};
  bool ready = false;
  FoldTable() {
    for (char32_t cp = 0x80; cp < 0x800; ++cp) {
      char32_t lo = static_cast<char32_t>(utf8proc_tolower(static_cast<utf8proc_int32_t>(cp)));
      lower[cp] = lo;
      if (lo >= 0xC0 && lo <= 0x17F) {
        utf8proc_int32_t buf[4];
        utf8proc_ssize_t m = utf8proc_decompose_char(static_cast<utf8proc_int32_t>(lo), buf, 4,
                                                     static_cast<utf8proc_option_t>(UTF8PROC_DECOMPOSE), nullptr);
        if (m >= 1 && buf[0] < 0x80) {
          ascii[cp][0] = static_cast<char>(buf[0]);
          n[cp] = 1;
        } else if (lo == 0xE6) {
          ascii[cp][0] = 'a', ascii[cp][1] = 'e', n[cp] = 2;
        } else if (lo == 0x153) {
          ascii[cp][0] = 'o', ascii[cp][1] = 'e', n[cp] = 2;
        }
      }
    }
    ready = true;
  }
};
const FoldTable kFold;

void AppendFoldedSlow(char32_t cp, std::string* out) {
  char32_t lower = static_cast<char32_t>(utf8proc_tolower(static_cast<utf8proc_int32_t>(cp)));
  if (lower >= 0xC0 && lower <= 0x17F) {
    // Decompose and keep the base letter when it is ASCII.
    utf8proc_int32_t buf[4];
    int opts = UTF8PROC_DECOMPOSE;
    utf8proc_ssize_t m = utf8proc_decompose_char(static_cast<utf8proc_int32_t>(lower), buf, 4,
                                                 static_cast<utf8proc_option_t>(opts), nullptr);
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

void AppendFolded(std::string_view s, std::string* out) {
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
    if (cp < 0x800 && kFold.ready) {
      if (kFold.n[cp] != 0) {
        out->append(kFold.ascii[cp], kFold.n[cp]);
      } else {
        utf8::Append(kFold.lower[cp], out);
      }
      continue;
    }
    AppendFoldedSlow(cp, out);
  }
}

}  // namespace depeche::detail
