// Fuzzes NormalizedText::Build and the UTF-8 helpers: the normalized text is
// valid UTF-8, the offset map is monotone and in range, issues point inside
// the input, and normalizing twice changes nothing more.
#include <string>

#include "fuzz_common.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace depeche;
  using namespace depeche::fuzz;
  if (size > kMaxInput) return 0;
  const std::string_view in = AsView(data, size);
  const NormalizedText t = NormalizedText::Build(in);
  CheckOffsetMap(t, in);
  for (const TextIssue& issue : t.issues()) {
    FUZZ_CHECK(issue.orig_offset < in.size(), "issue offset outside the input");
    FUZZ_CHECK(!issue.what.empty(), "issue without a message");
  }
  // Valid input reports no issue.
  if (IsValidUtf8(in)) FUZZ_CHECK(t.issues().empty(), "issue on valid UTF-8");
  // Idempotent length-wise: a second pass finds nothing invalid.
  const NormalizedText again = NormalizedText::Build(t.view());
  FUZZ_CHECK(again.issues().empty(), "normalized text has invalid UTF-8");
  // Decode/Append round trip on every code point of the normalized text.
  std::string rebuilt;
  for (size_t i = 0; i < t.size();) {
    int len;
    char32_t cp = utf8::Decode(t.view(), i, &len);
    FUZZ_CHECK(len >= 1 && len <= 4 && i + len <= t.size(), "Decode length");
    utf8::Append(cp, &rebuilt);
    i += static_cast<size_t>(len);
  }
  FUZZ_CHECK(rebuilt == t.str(), "Decode/Append round trip");
  return 0;
}
