// Overlap resolution, in one named place (spaCy's filter_spans).
#include <algorithm>
#include <iterator>
#include <map>

#include "depeche/entities.h"
#include "scratch.h"

namespace depeche {
int OverlapPriority(EntityType t) {
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

namespace {

// An entity's span and its index in the input: the resolution works on these
// 12-byte items, not on the ~120-byte entities.
struct Item {
  uint32_t begin, end, idx;
};

// The greedy of ResolveOverlaps over one cluster of mutually reachable
// overlapping spans: longest first, then leftmost, then label priority, then
// input order. `type_of(idx)` is the entity type of input idx. Appends the
// accepted input indices to *accepted, by begin.
template <typename TypeOf>
void ResolveCluster(std::vector<Item>* cluster, TypeOf type_of, std::vector<uint32_t>* accepted) {
  std::sort(cluster->begin(), cluster->end(), [&](const Item& x, const Item& y) {
    if (x.end - x.begin != y.end - y.begin) return x.end - x.begin > y.end - y.begin;
    if (x.begin != y.begin) return x.begin < y.begin;
    int px = OverlapPriority(type_of(x.idx)), py = OverlapPriority(type_of(y.idx));
    if (px != py) return px < py;
    return x.idx < y.idx;
  });
  // Accepted spans (begin → end), sorted for an O(log n) overlap check and an
  // O(log n) insert: a sorted vector's insert moved O(n) spans each time,
  // quadratic on an article with 100k overlapping mentions.
  std::map<uint32_t, std::pair<uint32_t, uint32_t>> taken;  // begin → (end, idx)
  for (const Item& s : *cluster) {
    auto it = taken.lower_bound(s.begin);
    bool clash = (it != taken.end() && it->first < s.end) ||
                 (it != taken.begin() && std::prev(it)->second.first > s.begin);
    if (clash) continue;
    taken.emplace_hint(it, s.begin, std::make_pair(s.end, s.idx));
  }
  for (const auto& [begin, end_idx] : taken) accepted->push_back(end_idx.second);
}

// The input indices ResolveOverlaps keeps, by begin, for n entities whose
// span and type are span_of(i) and type_of(i). Returns false when that is
// every entity in input order (nothing to decide, nothing to move).
template <typename SpanOf, typename TypeOf>
bool KeptOrder(uint32_t n, SpanOf span_of, TypeOf type_of, std::vector<uint32_t>* accepted) {
  // Each matcher emits sorted, disjoint spans, so the input is a few sorted
  // runs; in news text the runs hardly ever overlap.
  thread_local std::vector<Item> items, merged, cluster;
  thread_local std::vector<uint32_t> runs, next_runs;
  detail::TrimScratchOnExit trim(items, merged, cluster, runs, next_runs);
  items.clear();
  runs.clear();
  bool in_order = true;  // non-empty, each after the one before
  for (uint32_t i = 0; i < n; ++i) {
    const Span s = span_of(i);
    if (s.empty()) {  // dropped: an empty span takes no room
      in_order = false;
      continue;
    }
    if (!items.empty()) {
      if (s.begin < items.back().end) in_order = false;
      if (s.begin < items.back().begin) runs.push_back(static_cast<uint32_t>(items.size()));
    }
    items.push_back({s.begin, s.end, i});
  }
  if (in_order) return false;

  // Order by begin: merge the runs pairwise (O(n log runs)) rather than sort.
  runs.insert(runs.begin(), 0);
  runs.push_back(static_cast<uint32_t>(items.size()));
  auto by_begin = [](const Item& a, const Item& b) { return a.begin < b.begin; };
  while (runs.size() > 2) {
    merged.resize(items.size());
    next_runs.clear();
    size_t r = 0;
    for (; r + 2 < runs.size(); r += 2) {
      next_runs.push_back(runs[r]);
      std::merge(items.begin() + runs[r], items.begin() + runs[r + 1], items.begin() + runs[r + 1],
                 items.begin() + runs[r + 2], merged.begin() + runs[r], by_begin);
    }
    if (r + 1 < runs.size()) {  // an odd run left: copied as is
      next_runs.push_back(runs[r]);
      std::copy(items.begin() + runs[r], items.begin() + runs[r + 1], merged.begin() + runs[r]);
    }
    next_runs.push_back(static_cast<uint32_t>(items.size()));
    items.swap(merged);
    runs.swap(next_runs);
  }

  // Sweep by begin: a span that starts at or after the end of every span
  // before it starts a new cluster. Spans of different clusters never
  // overlap, so the greedy decides each cluster on its own; a lone span is
  // kept.
  accepted->clear();
  for (size_t i = 0; i < items.size();) {
    uint32_t end = items[i].end;
    size_t j = i + 1;
    while (j < items.size() && items[j].begin < end) {
      end = std::max(end, items[j].end);
      ++j;
    }
    if (j == i + 1) {
      accepted->push_back(items[i].idx);
    } else {
      cluster.assign(items.begin() + static_cast<std::ptrdiff_t>(i), items.begin() + static_cast<std::ptrdiff_t>(j));
      ResolveCluster(&cluster, type_of, accepted);
    }
    i = j;
  }
  return true;
}

// The common case of the two-input ResolveOverlaps, decided in one linear
// pass: each input sorted by begin, no empty span, and no two spans of either
// overlapping. Then nothing is dropped and the result is the two merged by
// begin (equal begins would overlap). False when that does not hold: the
// general path decides.
bool DisjointInOrder(const std::vector<Entity>& a, const std::vector<Entity>& b) {
  const size_t na = a.size(), nb = b.size();
  size_t i = 0, j = 0;
  uint32_t last_end = 0;
  while (i < na || j < nb) {
    const bool take_a = j >= nb || (i < na && a[i].span.begin < b[j].span.begin);
    const Span s = take_a ? a[i++].span : b[j++].span;
    if (s.empty() || s.begin < last_end) return false;
    last_end = s.end;
  }
  return true;
}

// Moves the entities of a and b to *out, merged by begin (as
// DisjointInOrder found them): no index list to build and read back. (A
// range insert per run from one input measured slower: runs are short.)
__attribute__((flatten)) void MoveMerged(std::vector<Entity>& a, std::vector<Entity>& b, std::vector<Entity>* out) {
  const size_t na = a.size(), nb = b.size();
  size_t i = 0, j = 0;
  while (i < na && j < nb) out->push_back(std::move(a[i].span.begin < b[j].span.begin ? a[i++] : b[j++]));
  for (; i < na; ++i) out->push_back(std::move(a[i]));
  for (; j < nb; ++j) out->push_back(std::move(b[j]));
}

}  // namespace

void ResolveOverlaps(std::vector<Entity>* entities) {
  std::vector<Entity>& v = *entities;
  thread_local std::vector<uint32_t> accepted;
  detail::TrimScratchOnExit trim(accepted);
  if (!KeptOrder(
          static_cast<uint32_t>(v.size()), [&](uint32_t i) { return v[i].span; },
          [&](uint32_t i) { return v[i].type; }, &accepted))
    return;
  // Move each kept entity once (an Entity is ~120 bytes with a string).
  std::vector<Entity> kept;
  kept.reserve(accepted.size());
  for (uint32_t idx : accepted) kept.push_back(std::move(v[idx]));
  v = std::move(kept);
}

void ResolveOverlaps(std::vector<Entity>* first, std::vector<Entity>* second, std::vector<Entity>* out) {
  std::vector<Entity>& a = *first;
  std::vector<Entity>& b = *second;
  const auto na = static_cast<uint32_t>(a.size());
  auto at = [&](uint32_t i) -> Entity& { return i < na ? a[i] : b[i - na]; };
  thread_local std::vector<uint32_t> accepted;
  detail::TrimScratchOnExit trim(accepted);
  // No reserve here: an exact reserve per call would defeat the vector's
  // doubling, and the caller appends article after article.
  if (DisjointInOrder(a, b)) {
    std::vector<Entity>& whole = a.empty() ? b : a;
    if (out->empty() && (a.empty() || b.empty()) && out->capacity() <= whole.capacity()) {
      // One input, kept whole, into an empty output: its buffer is handed
      // over rather than each entity moved (unless the output's buffer is
      // the larger one: the caller reserved it for a whole document).
      out->swap(whole);
    } else {
      MoveMerged(a, b, out);
    }
  } else if (!KeptOrder(
          static_cast<uint32_t>(a.size() + b.size()), [&](uint32_t i) { return at(i).span; },
          [&](uint32_t i) { return at(i).type; }, &accepted)) {
    for (Entity& e : a) out->push_back(std::move(e));
    for (Entity& e : b) out->push_back(std::move(e));
  } else {
    for (uint32_t idx : accepted) out->push_back(std::move(at(idx)));
  }
  a.clear();
  b.clear();
}

}  // namespace depeche
