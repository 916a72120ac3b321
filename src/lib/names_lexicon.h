// The lexicons behind NameMatcher: name lists generated from hunspell-fr,
// the French common-word lexicon, ICU's French country and city names, the
// cue lists in data/fr/ and the user's --lexicon files. Loaded once, then
// read-only. Internal header.
#ifndef DEPECHE_SRC_LIB_NAMES_LEXICON_H_
#define DEPECHE_SRC_LIB_NAMES_LEXICON_H_

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "depeche/document.h"
#include "depeche/resources.h"
#include "depeche/status.h"

namespace depeche::detail {

// What a folded phrase is known as (bit set).
enum NameFlag : uint32_t {
  kFirstName = 1u << 0,
  kSurname = 1u << 1,
  kProperNoun = 1u << 2,   // hunspell po:npr: mostly places, some brands
  kCountry = 1u << 3,
  kCity = 1u << 4,
  kContinent = 1u << 5,
  kUserPer = 1u << 6,
  kUserOrg = 1u << 7,
  kUserLoc = 1u << 8,
  kOrgHead = 1u << 9,      // "Institut"
  kOrgHeadDe = 1u << 10,   // "Banque" de France
  kOrgHeadLower = 1u << 11,  // "université" X
  kOrgTail = 1u << 12,     // "Center", "Inc."
  kRole = 1u << 13,        // "ministre", "directeur général"
  kOrgCue = 1u << 14,      // "le constructeur" X
  kLocCue = 1u << 15,      // "la ville de" X
  kParticle = 1u << 16,    // de, van, El
  kCommonAcronym = 1u << 17,  // PIB, PDG: not organizations
  kKnownOrg = 1u << 18,    // data/fr/organizations.txt
  kLocHead = 1u << 19,     // "rue", "place", "église" before a name
  kPlace = kCountry | kCity | kContinent,
  kUser = kUserPer | kUserOrg | kUserLoc,
};

// Word classes of the common-word lexicon.
enum WordClass : uint8_t {
  kNoun = 1,
  kAdjective = 2,
  kVerb = 4,
  kParticiple = 8,
  kFunctionWord = 16,
  kOtherWord = 32,
};

struct NameInfo {
  uint32_t flags = 0;
  std::string canonical;  // the form to report (gazetteer, user lexicon)
};

// Appends the lookup key of a phrase: lowercase, no accents, the typographic
// apostrophe as ', whitespace runs as one space, no trailing space.
void AppendFoldedPhrase(std::string_view s, std::string* out);

// Folds the text of tokens [0, count) (and the gaps between them) once, as
// AppendFoldedPhrase folds a phrase, so that the key of tokens [b, e) is
// folded->substr((*fold_begin)[b], (*fold_end)[e - 1] - (*fold_begin)[b]).
// `folded` is a buffer reused across calls: it only grows, and its bytes
// past the last token's end are garbage.
// False (and nothing usable) when the tokens overlap or start or end with
// whitespace, where that substring rule would not hold.
bool FoldTokens(std::string_view text, const Token* tokens, size_t count, std::string* folded,
                std::vector<uint32_t>* fold_begin, std::vector<uint32_t>* fold_end);

// A fast 64-bit string hash (wyhash-style multiply-mix, 8 bytes a step):
// lexicon keys are short, and std::hash<std::string> costs a string.
inline uint64_t HashBytes(std::string_view s) {
  auto mix = [](uint64_t a, uint64_t b) {
    __uint128_t r = static_cast<__uint128_t>(a) * b;
    return static_cast<uint64_t>(r) ^ static_cast<uint64_t>(r >> 64);
  };
  const char* p = s.data();
  size_t n = s.size();
  uint64_t h = 0x9E3779B97F4A7C15ull ^ (n * 0xA0761D6478BD642Full);
  while (n >= 8) {
    uint64_t w;
    std::memcpy(&w, p, 8);
    h = mix(h ^ w ^ 0xE7037ED1A0B428DBull, 0x8EBC6AF09C88C6E3ull);
    p += 8;
    n -= 8;
  }
  uint64_t w = 0;
  for (size_t i = 0; i < n; ++i) w |= static_cast<uint64_t>(static_cast<unsigned char>(p[i])) << (8 * i);
  h = mix(h ^ w ^ 0x589965CC75374CC3ull, 0x1D8E4E27C47D124Full);
  return mix(h, 0xA0761D6478BD642Full);
}

// A cheaper hash of a key's length and first 8 bytes, for NameTable's
// filter: multiword phrases are long, and most are in no list.
inline uint64_t FilterHash(std::string_view s) {
  uint64_t w = 0;
  const size_t n = s.size() < 8 ? s.size() : 8;
  for (size_t i = 0; i < n; ++i) w |= static_cast<uint64_t>(static_cast<unsigned char>(s[i])) << (8 * i);
  __uint128_t r = static_cast<__uint128_t>(w ^ (s.size() * 0x9E3779B97F4A7C15ull)) * 0xA0761D6478BD642Full;
  return static_cast<uint64_t>(r) ^ static_cast<uint64_t>(r >> 64);
}

// Open-addressing (linear probing) table from folded phrases to NameInfo,
// keyed by string_view: a lookup hashes the caller's bytes in place.
class NameTable {
 public:
  NameInfo& Upsert(std::string_view key);
  const NameInfo* Find(std::string_view key) const {
    // Most words and phrases asked about are in no list: an 8 KB bit filter
    // (cache resident) answers them without the full hash or the table.
    uint64_t bit = FilterHash(key) >> 48;
    if (!((filter_[bit >> 6] >> (bit & 63)) & 1)) return nullptr;
    uint64_t h = HashBytes(key);
    uint32_t tag = static_cast<uint32_t>(h >> 32);
    for (size_t i = h & mask_;; i = (i + 1) & mask_) {
      uint64_t slot = slots_[i];
      if (slot == 0) return nullptr;
      if (static_cast<uint32_t>(slot >> 32) == tag) {
        const Entry& x = entries_[static_cast<uint32_t>(slot) - 1];
        if (x.key == key) return &x.info;
      }
    }
  }

 private:
  struct Entry {
    uint64_t hash;
    std::string key;
    NameInfo info;
  };
  void Place(size_t e);
  std::vector<Entry> entries_;
  std::vector<uint64_t> slots_;  // hash tag << 32 | (entry index + 1); 0 is empty
  size_t mask_ = 0;
  uint64_t filter_[1024] = {};   // bit (FilterHash >> 48) of every key
};

// The ~460k common-word forms: the file read with one read() into one
// buffer, and an open-addressing table of packed 64-bit slots pointing into
// it (offset, length, classes, hash tag), built in one pass. No std::string
// per entry: start-up matters when depeche runs on a single article.
class CommonWords {
 public:
  Status Load(const std::string& path);
  uint8_t Find(std::string_view w) const {
    if (w.empty()) return empty_classes_;
    if (mask_ == 0) return 0;
    uint64_t h = HashBytes(w);
    uint64_t tag = h >> 56;
    for (size_t i = h & mask_;; i = (i + 1) & mask_) {
      uint64_t s = slots_[i];
      if (s == 0) return 0;
      if ((s >> 56) == tag && ((s >> 32) & 0xFFFF) == w.size() &&
          std::memcmp(buf_ + static_cast<uint32_t>(s), w.data(), w.size()) == 0) {
        return static_cast<uint8_t>(s >> 48);
      }
    }
  }

 private:
  // Anonymous mappings in 2 MB pages where the kernel allows: a few page
  // faults instead of thousands at start-up, and no TLB miss per lookup.
  struct Mapping {
    void* addr = nullptr;
    size_t size = 0;
    Mapping() = default;
    Mapping(const Mapping&) = delete;
    Mapping& operator=(const Mapping&) = delete;
    ~Mapping();
    bool Allocate(size_t bytes);  // zero-filled
  };
  Mapping buf_map_, slots_map_;
  const char* buf_ = nullptr;
  uint64_t* slots_ = nullptr;
  size_t mask_ = 0;
  uint8_t empty_classes_ = 0;
};

class NameLexicon {
 public:
  Status Load(const DataPaths& paths, const std::vector<std::string>& user_lexicons);

  // `folded` is lowercase without accents, words separated by one space.
  const NameInfo* Find(std::string_view folded) const { return names_.Find(folded); }
  // Exact-case honorifics (M., Mme, Dr).
  bool IsHonorific(std::string_view word) const {
    // Most words are longer than any honorific or start with another letter.
    if (word.empty() || word.size() > honorific_max_len_ ||
        !(honorific_first_[static_cast<unsigned char>(word[0]) >> 6] >> (static_cast<unsigned char>(word[0]) & 63) & 1)) {
      return false;
    }
    for (const std::string& h : honorifics_) {
      if (h == word) return true;
    }
    return false;
  }
  // Classes of a lowercase word, 0 when it is not a common word.
  uint8_t WordClasses(std::string_view lower) const { return common_.Find(lower); }
  int max_words() const { return max_words_; }

 private:
  void Add(std::string_view phrase, uint32_t flags, bool set_canonical);
  Status LoadList(const DataPaths& paths, std::string_view relative, uint32_t flags, bool required);
  Status LoadCommonWords(const DataPaths& paths);
  void LoadIcu();

  NameTable names_;
  std::vector<std::string> honorifics_;  // a few dozen: a scan is cheap
  uint64_t honorific_first_[4] = {0, 0, 0, 0};  // first bytes of the honorifics
  size_t honorific_max_len_ = 0;
  CommonWords common_;
  int max_words_ = 1;
};

}  // namespace depeche::detail

#endif  // DEPECHE_SRC_LIB_NAMES_LEXICON_H_
