// Tests of src/lib/entities.cc: ResolveOverlaps against the plain statement
// of its rule (longest first, then leftmost, then label priority, then input
// order; keep what overlaps nothing kept; sort by begin), on random lists of
// sorted runs with overlaps, touching spans and empty spans.
#include "depeche/entities.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

namespace depeche {
namespace {

// The priority order the header states.
TEST(ResolveOverlapsTest, PriorityOrder) {
  const EntityType order[] = {EntityType::kMoney, EntityType::kDate, EntityType::kPerson,
                              EntityType::kOrganization, EntityType::kLocation, EntityType::kMisc};
  for (size_t k = 1; k < std::size(order); ++k) EXPECT_LT(OverlapPriority(order[k - 1]), OverlapPriority(order[k]));
}

// The rule, quadratic and obvious.
std::vector<Entity> Reference(std::vector<Entity> v) {
  std::vector<size_t> order(v.size());
  for (size_t i = 0; i < v.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    const Span& x = v[a].span;
    const Span& y = v[b].span;
    if (x.size() != y.size()) return x.size() > y.size();
    if (x.begin != y.begin) return x.begin < y.begin;
    return OverlapPriority(v[a].type) < OverlapPriority(v[b].type);
  });
  std::vector<Entity> kept;
  for (size_t i : order) {
    const Span s = v[i].span;
    if (s.empty()) continue;
    bool clash = false;
    for (const Entity& k : kept) clash = clash || (k.span.begin < s.end && s.begin < k.span.end);
    if (!clash) kept.push_back(v[i]);
  }
  std::sort(kept.begin(), kept.end(), [](const Entity& a, const Entity& b) { return a.span.begin < b.span.begin; });
  return kept;
}

Entity Make(uint32_t b, uint32_t e, EntityType t, int id) {
  Entity x;
  x.type = t;
  x.span = {b, e};
  x.value = "entity number " + std::to_string(id);  // not a small string: moves must carry it
  return x;
}

void ExpectSame(const std::vector<Entity>& got, const std::vector<Entity>& want, int round) {
  ASSERT_EQ(got.size(), want.size()) << "round " << round;
  for (size_t i = 0; i < got.size(); ++i) {
    EXPECT_EQ(got[i].span, want[i].span) << "round " << round << " #" << i;
    EXPECT_EQ(got[i].type, want[i].type) << "round " << round << " #" << i;
    EXPECT_EQ(got[i].value, want[i].value) << "round " << round << " #" << i;
  }
}

// A sorted run of spans, disjoint or not, as a matcher might emit.
std::vector<Entity> RandomRun(uint32_t* seed, int n, uint32_t width, bool disjoint, int* id) {
  std::vector<Entity> v;
  uint32_t pos = 0;
  for (int i = 0; i < n; ++i) {
    *seed = *seed * 1103515245u + 12345u;
    uint32_t r = *seed >> 8;
    pos += disjoint ? r % 7 : r % 3;
    uint32_t len = 1 + (r >> 4) % width;
    if ((r >> 12) % 29 == 0) len = 0;  // an empty span now and then
    auto t = static_cast<EntityType>((r >> 16) % 6);
    v.push_back(Make(pos, pos + len, t, (*id)++));
    if (disjoint) pos += len;
  }
  return v;
}

TEST(ResolveOverlapsTest, MatchesTheRule) {
  uint32_t seed = 7;
  for (int round = 0; round < 600; ++round) {
    int id = 0;
    const bool disjoint = round % 3 == 0;
    std::vector<Entity> a = RandomRun(&seed, round % 23, 1 + round % 9, disjoint, &id);
    std::vector<Entity> b = RandomRun(&seed, (round / 2) % 17, 1 + round % 5, disjoint, &id);
    std::vector<Entity> all = a;
    all.insert(all.end(), b.begin(), b.end());
    const std::vector<Entity> want = Reference(all);

    std::vector<Entity> one = all;
    ResolveOverlaps(&one);
    ExpectSame(one, want, round);

    std::vector<Entity> out = {Make(0, 0, EntityType::kMisc, -1)};  // appended after what is there
    std::vector<Entity> a2 = a, b2 = b;
    ResolveOverlaps(&a2, &b2, &out);
    EXPECT_TRUE(a2.empty());
    EXPECT_TRUE(b2.empty());
    ASSERT_FALSE(out.empty());
    EXPECT_EQ(out[0].value, "entity number -1");
    out.erase(out.begin());
    ExpectSame(out, want, round);
  }
}

TEST(ResolveOverlapsTest, SortedDisjointInputIsKeptAsIs) {
  std::vector<Entity> v = {Make(0, 3, EntityType::kPerson, 0), Make(3, 5, EntityType::kDate, 1),
                           Make(9, 12, EntityType::kMoney, 2)};
  std::vector<Entity> w = v;
  ResolveOverlaps(&w);
  ExpectSame(w, v, 0);
}

TEST(ResolveOverlapsTest, LongestThenLeftmostThenPriority) {
  // "14 000 euros" (MONEY) beats the shorter "14 000" (DATE misread) inside it.
  std::vector<Entity> v = {Make(10, 16, EntityType::kDate, 0), Make(10, 22, EntityType::kMoney, 1),
                           Make(30, 35, EntityType::kLocation, 2), Make(30, 35, EntityType::kPerson, 3),
                           Make(33, 40, EntityType::kOrganization, 4)};
  ResolveOverlaps(&v);
  ASSERT_EQ(v.size(), 2u);
  EXPECT_EQ(v[0].type, EntityType::kMoney);
  EXPECT_EQ(v[1].span, (Span{33, 40}));  // longest of the second cluster
}

}  // namespace
}  // namespace depeche
