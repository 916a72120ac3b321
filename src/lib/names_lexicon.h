// The lexicons behind NameMatcher: name lists generated from hunspell-fr,
// the French common-word lexicon, ICU's French country and city names, the
// cue lists in data/fr/ and the user's --lexicon files. Loaded once, then
// read-only. Internal header.
#ifndef DEPECHE_SRC_LIB_NAMES_LEXICON_H_
#define DEPECHE_SRC_LIB_NAMES_LEXICON_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

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

class NameLexicon {
 public:
  Status Load(const DataPaths& paths, const std::vector<std::string>& user_lexicons);

  // `folded` is lowercase without accents, words separated by one space.
  const NameInfo* Find(const std::string& folded) const {
    auto it = names_.find(folded);
    return it == names_.end() ? nullptr : &it->second;
  }
  // Exact-case honorifics (M., Mme, Dr).
  bool IsHonorific(std::string_view word) const {
    for (const std::string& h : honorifics_) {
      if (h == word) return true;
    }
    return false;
  }
  // Classes of a lowercase word, 0 when it is not a common word.
  uint8_t WordClasses(std::string_view lower) const;
  int max_words() const { return max_words_; }

 private:
  void Add(std::string_view phrase, uint32_t flags, bool set_canonical);
  Status LoadList(const DataPaths& paths, std::string_view relative, uint32_t flags, bool required);
  Status LoadCommonWords(const DataPaths& paths);
  void LoadIcu();

  std::unordered_map<std::string, NameInfo> names_;
  std::vector<std::string> honorifics_;  // a few dozen: a scan is cheap
  std::string common_buf_;
  std::vector<std::string_view> common_;
  std::vector<uint8_t> common_classes_;
  int max_words_ = 1;
};

}  // namespace depeche::detail

#endif  // DEPECHE_SRC_LIB_NAMES_LEXICON_H_
