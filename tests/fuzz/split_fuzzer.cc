// Fuzzes the article splitter (dump and single-article modes), the sentence
// splitter, ParsePublicationDate and FindArticleCut.
#include <vector>

#include "depeche/split.h"
#include "fuzz_common.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace depeche;
  using namespace depeche::fuzz;
  if (size > kMaxInput) return 0;
  const std::string_view in = AsView(data, size);
  for (bool single : {false, true}) {
    Document doc;
    Prepare(&doc, in, single);
    if (single) FUZZ_CHECK(doc.articles.size() <= 1, "single_article gave several articles");
  }
  const NormalizedText t = NormalizedText::Build(in);
  // Every line as a publication date.
  std::string_view rest = t.view();
  while (!rest.empty()) {
    size_t nl = rest.find('\n');
    std::string_view line = rest.substr(0, nl);
    if (auto d = ParsePublicationDate(line)) {
      FUZZ_CHECK(d->month >= 0 && d->month <= 12 && d->day >= 0 && d->day <= 31, "impossible date");
    }
    rest = nl == std::string_view::npos ? std::string_view() : rest.substr(nl + 1);
  }
  // The streaming cut: at or after min, inside the text, on a boundary.
  const uint32_t min = size > 0 ? data[0] * static_cast<uint32_t>(size) / 256 : 0;
  if (auto cut = FindArticleCut(t.view(), min)) {
    FUZZ_CHECK(*cut >= min && *cut <= t.size(), "FindArticleCut out of range");
    FUZZ_CHECK(OnBoundary(t.view(), *cut), "FindArticleCut off a code point");
  }
  // The batch runner cuts raw (not yet normalized) bytes.
  if (auto cut = FindArticleCut(in, min)) {
    FUZZ_CHECK(*cut >= min && *cut <= in.size(), "FindArticleCut (raw) out of range");
    if (IsValidUtf8(in)) FUZZ_CHECK(OnBoundary(in, *cut), "FindArticleCut (raw) off a code point");
  }
  return 0;
}
