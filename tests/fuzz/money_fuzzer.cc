// Fuzzes MoneyMatcher::Find on every article: each match is inside its
// article, on boundaries, with a finite amount and an upper-case currency;
// after ResolveOverlaps the list is sorted and non-overlapping.
#include <cmath>
#include <vector>

#include "fuzz_common.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace depeche;
  using namespace depeche::fuzz;
  if (size > kMaxInput) return 0;
  static const MoneyMatcher* money = OrDie(MoneyMatcher::Load(Paths()), "money");
  Document doc;
  Prepare(&doc, AsView(data, size), size > 0 && (data[0] & 1));
  for (uint32_t a = 0; a < doc.articles.size(); ++a) {
    std::vector<Entity> found;
    money->Find(doc, a, &found);
    CheckRawEntities(doc, found, a);
    for (const Entity& e : found) {
      FUZZ_CHECK(e.type == EntityType::kMoney, "money matcher gave another type");
      FUZZ_CHECK(!std::isnan(e.money.amount), "NaN amount");
      if (e.money.max) FUZZ_CHECK(!std::isnan(*e.money.max), "NaN max");
      if (e.money.min) FUZZ_CHECK(!std::isnan(*e.money.min), "NaN min");
      for (char c : std::string_view(e.money.currency, 3)) {
        FUZZ_CHECK(c == 0 || (c >= 'A' && c <= 'Z'), "currency code");
      }
    }
    ResolveOverlaps(&found);
    CheckEntities(doc, found, static_cast<int>(a));
  }
  return 0;
}
