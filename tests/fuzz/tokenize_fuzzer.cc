// Fuzzes the tokenizer over the normalized view, on the whole text and on a
// sub-range chosen by the first bytes: tokens are non-empty, sorted,
// non-overlapping, inside the range and on code-point boundaries.
#include <vector>

#include "depeche/tokenize.h"
#include "fuzz_common.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace depeche;
  using namespace depeche::fuzz;
  if (size > kMaxInput) return 0;
  const NormalizedText t = NormalizedText::Build(AsView(data, size));
  std::vector<Token> tokens;
  Tokenize(t.view(), Span{0, t.size()}, &tokens);
  CheckTokens(t.view(), tokens, Span{0, t.size()});
  for (const Token& tok : tokens) {
    FUZZ_CHECK(TokenKindName(tok.kind) != nullptr, "token kind name");
    if (tok.has(kAbbreviation)) FUZZ_CHECK(t.view()[tok.span.end - 1] == '.', "abbreviation without its period");
  }
  // A sub-range on code-point boundaries (as an article would be).
  if (size >= 2) {
    uint32_t b = data[0] % (t.size() + 1), e = data[1] % (t.size() + 1);
    if (b > e) std::swap(b, e);
    while (b > 0 && !OnBoundary(t.view(), b)) --b;
    while (e < t.size() && !OnBoundary(t.view(), e)) ++e;
    tokens.clear();
    Tokenize(t.view(), Span{b, e}, &tokens);
    CheckTokens(t.view(), tokens, Span{b, e});
  }
  return 0;
}
