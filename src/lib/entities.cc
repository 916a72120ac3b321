// Overlap resolution, in one named place (spaCy's filter_spans).
#include <algorithm>
#include <iterator>
#include <map>

#include "depeche/entities.h"

namespace depeche {
namespace {
int Priority(EntityType t) {
  switch (t) {
    case EntityType::kMoney: return 0;
    case EntityType::kDate: return 1;
    case EntityType::kPerson: return 2;
    case EntityType::kOrganization: return 3;
    case EntityType::kLocation: return 4;
    case EntityType::kMisc: return 5;
  }
  return 6;
}
}  // namespace

const char* EntityTypeName(EntityType t) {
  switch (t) {
    case EntityType::kPerson: return "PER";
    case EntityType::kOrganization: return "ORG";
    case EntityType::kLocation: return "LOC";
    case EntityType::kMoney: return "MONEY";
    case EntityType::kDate: return "DATE";
    case EntityType::kMisc: return "MISC";
  }
  return "?";
}

void ResolveOverlaps(std::vector<Entity>* entities) {
  std::vector<Entity>& v = *entities;
  std::vector<uint32_t> order(v.size());
  for (uint32_t i = 0; i < v.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) {
    const Entity& x = v[a];
    const Entity& y = v[b];
    if (x.span.size() != y.span.size()) return x.span.size() > y.span.size();
    if (x.span.begin != y.span.begin) return x.span.begin < y.span.begin;
    return Priority(x.type) < Priority(y.type);
  });
  // Accepted spans (begin → end), sorted for an O(log n) overlap check and an
  // O(log n) insert: a sorted vector's insert moved O(n) spans each time,
  // quadratic on an article with 100k mentions.
  std::map<uint32_t, uint32_t> taken;
  std::vector<uint32_t> accepted;
  accepted.reserve(v.size());
  for (uint32_t idx : order) {
    const Span s = v[idx].span;
    if (s.empty()) continue;
    auto it = taken.lower_bound(s.begin);
    bool clash = (it != taken.end() && it->first < s.end) ||
                 (it != taken.begin() && std::prev(it)->second > s.begin);
    if (clash) continue;
    taken.emplace_hint(it, s.begin, s.end);
    accepted.push_back(idx);
  }
  // Sort indices, not entities: an Entity is ~120 bytes with a string.
  std::sort(accepted.begin(), accepted.end(),
            [&](uint32_t a, uint32_t b) { return v[a].span.begin < v[b].span.begin; });
  std::vector<Entity> kept;
  kept.reserve(accepted.size());
  for (uint32_t idx : accepted) kept.push_back(std::move(v[idx]));
  v = std::move(kept);
}

}  // namespace depeche
