#include "chars.h"

namespace depeche::detail {

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
    char32_t lower = static_cast<char32_t>(utf8proc_tolower(static_cast<utf8proc_int32_t>(cp)));
    if (lower >= 0xC0 && lower <= 0x17F) {
      // Decompose and keep the base letter when it is ASCII.
      utf8proc_int32_t buf[4];
      int opts = UTF8PROC_DECOMPOSE;
      utf8proc_ssize_t m = utf8proc_decompose_char(static_cast<utf8proc_int32_t>(lower), buf, 4,
                                                   static_cast<utf8proc_option_t>(opts), nullptr);
      if (m >= 1 && buf[0] < 0x80) {
        out->push_back(static_cast<char>(buf[0]));
        continue;
      }
      if (lower == 0xE6) { out->append("ae"); continue; }
      if (lower == 0x153) { out->append("oe"); continue; }
    }
    utf8::Append(lower, out);
  }
}

}  // namespace depeche::detail
