// Entity recognizers: one class per label family, each immutable after Load
// and safe to share between threads. Each one appends what it finds in one
// article; ResolveOverlaps settles conflicts once, in one place.
#ifndef DEPECHE_ENTITIES_H_
#define DEPECHE_ENTITIES_H_

#include <memory>
#include <string>
#include <vector>

#include "depeche/document.h"
#include "depeche/resources.h"
#include "depeche/status.h"

namespace depeche {

// Amounts of money (MONEY), with normalized amount and ISO 4217 currency.
class MoneyMatcher {
 public:
  static StatusOr<std::unique_ptr<MoneyMatcher>> Load(const DataPaths& paths);
  virtual ~MoneyMatcher() = default;
  virtual void Find(const Document& doc, uint32_t article, std::vector<Entity>* out) const = 0;
};

// Dates (DATE), resolved against the article's publication date or doc.ref_date.
class DateMatcher {
 public:
  static StatusOr<std::unique_ptr<DateMatcher>> Load(const DataPaths& paths);
  virtual ~DateMatcher() = default;
  virtual void Find(const Document& doc, uint32_t article, std::vector<Entity>* out) const = 0;
};

// People, organizations and places (PER, ORG, LOC), linked within the
// article. `taken` holds entities already found (money, dates) that names
// must not overlap.
class NameMatcher {
 public:
  // user_lexicons: TSV files of "name<TAB>type" (--lexicon FILE).
  static StatusOr<std::unique_ptr<NameMatcher>> Load(const DataPaths& paths,
                                                     const std::vector<std::string>& user_lexicons);
  virtual ~NameMatcher() = default;
  virtual void Find(const Document& doc, uint32_t article, const std::vector<Entity>& taken,
                    std::vector<Entity>* out) const = 0;
};

// The label priority of ResolveOverlaps' last tie-break: lower wins
// (MONEY 0, DATE, PER, ORG, LOC, MISC 5).
int OverlapPriority(EntityType t);

// Sorts entities by span and drops overlaps: longest first, then leftmost,
// then label priority (MONEY > DATE > PER > ORG > LOC > MISC).
void ResolveOverlaps(std::vector<Entity>* entities);
// The same over the entities of *first then *second (as if concatenated),
// appending the kept ones to *out (moved) and clearing both: each entity is
// moved once, from a matcher's list to its place.
void ResolveOverlaps(std::vector<Entity>* first, std::vector<Entity>* second, std::vector<Entity>* out);

}  // namespace depeche

#endif  // DEPECHE_ENTITIES_H_
