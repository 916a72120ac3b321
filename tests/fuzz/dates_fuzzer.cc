// Fuzzes DateMatcher::Find, with and without a reference date (chosen by the
// first bytes): matches inside their article, on boundaries; values are
// printable ASCII ISO 8601 (or empty for null).
#include <vector>

#include "fuzz_common.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace depeche;
  using namespace depeche::fuzz;
  if (size > kMaxInput) return 0;
  static const DateMatcher* dates = OrDie(DateMatcher::Load(Paths()), "dates");
  Document doc;
  if (size >= 3 && (data[0] & 2)) {
    // Any year, including silly ones: the matcher must not trust it.
    doc.ref_date = CivilDate{(data[1] << 4) | (data[2] & 15), 1 + data[2] % 12, 1 + data[1] % 28};
  }
  Prepare(&doc, AsView(data, size), size > 0 && (data[0] & 1));
  for (uint32_t a = 0; a < doc.articles.size(); ++a) {
    std::vector<Entity> found;
    dates->Find(doc, a, &found);
    CheckRawEntities(doc, found, a);
    for (const Entity& e : found) {
      FUZZ_CHECK(e.type == EntityType::kDate, "date matcher gave another type");
      for (char c : e.value) FUZZ_CHECK(c > 0x20 && c < 0x7F, "date value not printable ASCII: " + e.value);
    }
    ResolveOverlaps(&found);
    CheckEntities(doc, found, static_cast<int>(a));
  }
  return 0;
}
