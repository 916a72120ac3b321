// Fuzzes NameMatcher::Find after money and dates, as the pipeline does:
// names never overlap what was taken, stay inside their article, and the
// merged list resolves to sorted, non-overlapping entities.
#include <vector>

#include "fuzz_common.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace depeche;
  using namespace depeche::fuzz;
  if (size > kMaxInput) return 0;
  static const MoneyMatcher* money = OrDie(MoneyMatcher::Load(Paths()), "money");
  static const DateMatcher* dates = OrDie(DateMatcher::Load(Paths()), "dates");
  static const NameMatcher* names = OrDie(NameMatcher::Load(Paths(), {}), "names");
  Document doc;
  Prepare(&doc, AsView(data, size), size > 0 && (data[0] & 1));
  std::vector<Entity> all;
  for (uint32_t a = 0; a < doc.articles.size(); ++a) {
    std::vector<Entity> taken, found;
    money->Find(doc, a, &taken);
    dates->Find(doc, a, &taken);
    ResolveOverlaps(&taken);
    names->Find(doc, a, taken, &found);
    CheckRawEntities(doc, found, a);
    for (const Entity& e : found) {
      FUZZ_CHECK(e.type == EntityType::kPerson || e.type == EntityType::kOrganization ||
                     e.type == EntityType::kLocation || e.type == EntityType::kMisc,
                 "name matcher gave another type");
      FUZZ_CHECK(IsValidUtf8(e.value), "name value not UTF-8");
      for (const Entity& t : taken) {
        FUZZ_CHECK(e.span.end <= t.span.begin || e.span.begin >= t.span.end,
                   "name " + SpanStr(e.span) + " overlaps taken " + SpanStr(t.span));
      }
    }
    for (Entity& e : found) taken.push_back(std::move(e));
    ResolveOverlaps(&taken);
    CheckEntities(doc, taken, static_cast<int>(a));
  }
  return 0;
}
