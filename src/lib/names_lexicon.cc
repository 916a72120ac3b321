#include "names_lexicon.h"

#include <algorithm>
#include <fstream>
#include <memory>
#include <sstream>

#include <unicode/locid.h>
#include <unicode/region.h>
#include <unicode/strenum.h>
#include <unicode/timezone.h>
#include <unicode/tznames.h>
#include <unicode/unistr.h>

#include "chars.h"

namespace depeche::detail {
namespace {

std::string FoldPhrase(std::string_view s) {
  std::string out;
  AppendFoldedPhrase(s, &out);
  return out;
}

int CountWords(std::string_view folded) {
  // Words as the tokenizer sees them: spaces and elisions ("l'") split.
  int n = 1;
  for (size_t i = 0; i < folded.size(); ++i) {
    if (folded[i] == ' ' || (folded[i] == '\'' && i + 1 < folded.size() && folded[i + 1] != ' ')) ++n;
  }
  return n;
}

std::string ToUtf8(const icu::UnicodeString& u) {
  std::string s;
  u.toUTF8String(s);
  // ICU writes the typographic apostrophe; the normalized text has '.
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s.compare(i, 3, "\xE2\x80\x99") == 0) {
      out.push_back('\'');
      i += 2;
    } else {
      out.push_back(s[i]);
    }
  }
  // "Hong Kong (R.A.S. chinoise)": keep the name only.
  size_t paren = out.find(" (");
  if (paren != std::string::npos) out.resize(paren);
  return out;
}

}  // namespace

void AppendFoldedPhrase(std::string_view s, std::string* out) {
  size_t start = out->size();
  AppendFolded(s, out);
  std::string& o = *out;
  size_t w = start;
  for (size_t r = start; r < o.size(); ++r) {
    if (o.compare(r, 3, "\xE2\x80\x99") == 0) {
      o[w++] = '\'';
      r += 2;
      continue;
    }
    char c = o[r];
    if (c == ' ' || c == '\t' || c == '\n') {
      if (w > start && o[w - 1] != ' ') o[w++] = ' ';
      continue;
    }
    o[w++] = c;
  }
  while (w > start && o[w - 1] == ' ') --w;
  o.resize(w);
}

void NameLexicon::Add(std::string_view phrase, uint32_t flags, bool set_canonical) {
  std::string key = FoldPhrase(phrase);
  if (key.empty()) return;
  NameInfo& info = names_[key];
  info.flags |= flags;
  if (set_canonical || info.canonical.empty()) info.canonical = std::string(phrase);
  max_words_ = std::max(max_words_, CountWords(key));
}

uint8_t NameLexicon::WordClasses(std::string_view lower) const {
  auto it = std::lower_bound(common_.begin(), common_.end(), lower);
  if (it == common_.end() || *it != lower) return 0;
  return common_classes_[static_cast<size_t>(it - common_.begin())];
}

Status NameLexicon::LoadList(const DataPaths& paths, std::string_view relative, uint32_t flags,
                             bool required) {
  StatusOr<std::string> path = paths.Find(relative);
  if (!path.ok()) return required ? path.status() : Status::Ok();
  return ReadLines(*path, [&](std::string_view line, int) -> Status {
    std::string_view name = line;
    uint32_t extra = 0;
    size_t tab = line.find('\t');
    if (tab != std::string_view::npos) {
      name = line.substr(0, tab);
      std::string_view opts = line.substr(tab + 1);
      if (opts.find("de") != std::string_view::npos) extra |= kOrgHeadDe;
      if (opts.find("lc") != std::string_view::npos) extra |= kOrgHeadLower;
    }
    Add(name, flags | extra, false);
    return Status::Ok();
  });
}

Status NameLexicon::LoadCommonWords(const DataPaths& paths) {
  StatusOr<std::string> path = paths.Find("fr/common_words.txt");
  if (!path.ok()) return path.status();
  std::ifstream in(*path, std::ios::binary);
  if (!in) return NotFoundError(*path + ": cannot open");
  std::ostringstream ss;
  ss << in.rdbuf();
  common_buf_ = ss.str();
  std::string_view buf = common_buf_;
  std::vector<std::pair<std::string_view, uint8_t>> entries;
  entries.reserve(buf.size() / 10);
  size_t pos = 0;
  while (pos < buf.size()) {
    size_t eol = buf.find('\n', pos);
    if (eol == std::string_view::npos) eol = buf.size();
    std::string_view line = buf.substr(pos, eol - pos);
    pos = eol + 1;
    if (line.empty() || line[0] == '#') continue;
    size_t tab = line.find('\t');
    std::string_view word = line.substr(0, tab);
    uint8_t cls = 0;
    if (tab != std::string_view::npos) {
      for (char c : line.substr(tab + 1)) {
        switch (c) {
          case 'n': cls |= kNoun; break;
          case 'a': cls |= kAdjective; break;
          case 'v': cls |= kVerb; break;
          case 'p': cls |= kParticiple; break;
          case 'g': cls |= kFunctionWord; break;
          default: cls |= kOtherWord; break;
        }
      }
    } else {
      cls = kOtherWord;
    }
    entries.emplace_back(word, cls);
  }
  auto less = [](const auto& a, const auto& b) { return a.first < b.first; };
  if (!std::is_sorted(entries.begin(), entries.end(), less)) std::sort(entries.begin(), entries.end(), less);
  common_.reserve(entries.size());
  common_classes_.reserve(entries.size());
  for (const auto& [w, c] : entries) {
    if (!common_.empty() && common_.back() == w) {
      common_classes_.back() |= c;
      continue;
    }
    common_.push_back(w);
    common_classes_.push_back(c);
  }
  return Status::Ok();
}

void NameLexicon::LoadIcu() {
  icu::Locale fr("fr");
  icu::UnicodeString u;
  // Countries and territories.
  for (const char* const* c = icu::Locale::getISOCountries(); *c != nullptr; ++c) {
    u.remove();
    icu::Locale("", *c).getDisplayCountry(fr, u);
    std::string name = ToUtf8(u);
    if (!name.empty() && name != *c) Add(name, kCountry, true);
  }
  // Continents and world regions ("Europe", "Afrique", "Asie").
  UErrorCode status = U_ZERO_ERROR;
  for (URegionType type : {URGN_CONTINENT, URGN_SUBCONTINENT}) {
    status = U_ZERO_ERROR;
    std::unique_ptr<icu::StringEnumeration> regions(icu::Region::getAvailable(type, status));
    if (U_FAILURE(status) || !regions) continue;
    const char* code;
    while ((code = regions->next(nullptr, status)) != nullptr && U_SUCCESS(status)) {
      u.remove();
      icu::Locale("", code).getDisplayCountry(fr, u);
      std::string name = ToUtf8(u);
      if (!name.empty() && name != code) Add(name, kContinent, true);
    }
  }
  // Cities: the exemplar locations of time zones ("Paris", "Moscou").
  status = U_ZERO_ERROR;
  std::unique_ptr<icu::TimeZoneNames> tzn(icu::TimeZoneNames::createInstance(fr, status));
  if (U_FAILURE(status) || !tzn) return;
  std::unique_ptr<icu::StringEnumeration> ids(icu::TimeZone::createEnumeration(status));
  if (U_FAILURE(status) || !ids) return;
  const icu::UnicodeString* id;
  while ((id = ids->snext(status)) != nullptr && U_SUCCESS(status)) {
    std::string sid;
    id->toUTF8String(sid);
    if (sid.find('/') == std::string::npos || sid.rfind("Etc/", 0) == 0 || sid.rfind("SystemV/", 0) == 0) continue;
    u.remove();
    tzn->getExemplarLocationName(*id, u);
    std::string name = ToUtf8(u);
    // Skip codes such as "ACT" (Australia/ACT): a city name has lowercase letters.
    bool lower = false;
    for (char ch : name) lower = lower || (ch >= 'a' && ch <= 'z');
    if (!name.empty() && lower) Add(name, kCity, true);
  }
}

Status NameLexicon::Load(const DataPaths& paths, const std::vector<std::string>& user_lexicons) {
  // Generated from hunspell-fr at build time.
  DEPECHE_RETURN_IF_ERROR(LoadList(paths, "fr/first_names.txt", kFirstName, true));
  DEPECHE_RETURN_IF_ERROR(LoadList(paths, "fr/surnames.txt", kSurname, true));
  DEPECHE_RETURN_IF_ERROR(LoadList(paths, "fr/proper_nouns.txt", kProperNoun, true));
  DEPECHE_RETURN_IF_ERROR(LoadCommonWords(paths));
  LoadIcu();
  // Ours.
  DEPECHE_RETURN_IF_ERROR(LoadList(paths, "fr/org_heads.txt", kOrgHead, true));
  DEPECHE_RETURN_IF_ERROR(LoadList(paths, "fr/org_tails.txt", kOrgTail, true));
  DEPECHE_RETURN_IF_ERROR(LoadList(paths, "fr/roles.txt", kRole, true));
  DEPECHE_RETURN_IF_ERROR(LoadList(paths, "fr/org_cues.txt", kOrgCue, true));
  DEPECHE_RETURN_IF_ERROR(LoadList(paths, "fr/loc_cues.txt", kLocCue, true));
  DEPECHE_RETURN_IF_ERROR(LoadList(paths, "fr/loc_heads.txt", kLocHead, true));
  DEPECHE_RETURN_IF_ERROR(LoadList(paths, "fr/name_particles.txt", kParticle, true));
  DEPECHE_RETURN_IF_ERROR(LoadList(paths, "fr/common_acronyms.txt", kCommonAcronym, true));
  DEPECHE_RETURN_IF_ERROR(LoadList(paths, "fr/not_names.txt", kCommonAcronym, true));
  DEPECHE_RETURN_IF_ERROR(LoadList(paths, "fr/places.txt", kCity, true));
  DEPECHE_RETURN_IF_ERROR(LoadList(paths, "fr/organizations.txt", kKnownOrg, true));
  {
    StatusOr<std::string> path = paths.Find("fr/honorifics.txt");
    if (!path.ok()) return path.status();
    DEPECHE_RETURN_IF_ERROR(ReadLines(*path, [&](std::string_view line, int) -> Status {
      honorifics_.emplace_back(line);
      return Status::Ok();
    }));
  }
  for (const std::string& file : user_lexicons) {
    DEPECHE_RETURN_IF_ERROR(ReadLines(file, [&](std::string_view line, int) -> Status {
      size_t tab = line.find('\t');
      if (tab == std::string_view::npos || tab == 0) return InvalidArgumentError("expected name<TAB>PER|ORG|LOC");
      std::string_view name = line.substr(0, tab);
      std::string_view type = line.substr(tab + 1);
      while (!type.empty() && type.front() == ' ') type.remove_prefix(1);
      uint32_t flag = type == "PER" ? uint32_t{kUserPer} : type == "ORG" ? uint32_t{kUserOrg} : type == "LOC" ? uint32_t{kUserLoc} : 0u;
      if (flag == 0) return InvalidArgumentError("unknown type '" + std::string(type) + "' (PER, ORG or LOC)");
      std::string key = FoldPhrase(name);
      NameInfo& info = names_[key];
      info.flags = (info.flags & ~kUser) | flag;  // the last user entry wins
      info.canonical = std::string(name);
      max_words_ = std::max(max_words_, CountWords(key));
      return Status::Ok();
    }));
  }
  return Status::Ok();
}

}  // namespace depeche::detail
