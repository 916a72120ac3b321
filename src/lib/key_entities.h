// Key entities of a brief (internal to the printers, here for its unit
// test): mentions grouped by (type, name), with counts.
#ifndef DEPECHE_KEY_ENTITIES_H_
#define DEPECHE_KEY_ENTITIES_H_

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "depeche/document.h"

namespace depeche::detail {

struct KeyMention {
  std::string_view name;
  uint32_t first;  // offset of the mention
  EntityType type;
};

struct KeyEntity {
  EntityType type;
  std::string_view name;  // into the document (original bytes or a value)
  int count = 0;
  uint32_t first = 0;     // the earliest mention
  uint32_t mention = 0;   // its index in RankKeys' input
};

// Groups mentions (in text order, distinct offsets) by (type, name) into
// *keys, sorted by type, then count (most first), then first mention.
// `probes_per_mention` bounds the hash table's work before it falls back to
// sorting (hostile collisions); 0 forces the fallback (tests). When
// `group_first` is not null, it receives per mention the index of the
// earliest mention of its (type, name): printers write a name once and
// copy it for the other mentions.
void RankKeys(const std::vector<KeyMention>& mentions, std::vector<KeyEntity>* keys, size_t probes_per_mention = 4,
              std::vector<uint32_t>* group_first = nullptr);

}  // namespace depeche::detail

#endif  // DEPECHE_KEY_ENTITIES_H_
