// People, organizations and places without a trained model.
//
// Per article: (1) candidate names are runs of capitalized words, joined by
// name particles ("Villeroy de Galhau") or, after an organization head, by a
// de-complement ("Banque de France") and lowercase adjectives ("Forum
// économique mondial"); (2) each candidate collects typed votes from its
// context (honorific, role, apposition, organization or place cue,
// preposition) and from the lexicons; (3) candidates are grouped into
// entities (same name, a surname of a person, an acronym of an organization)
// and each entity gets one type from all its mentions' votes, and one
// canonical value. Everything is linear in the number of tokens.
#include <algorithm>
#include <array>
#include <deque>
#include <string>
#include <string_view>
#include <vector>

#include "chars.h"
#include "depeche/entities.h"
#include "names_lexicon.h"

namespace depeche {
namespace {

using detail::NameInfo;
using detail::NameLexicon;

enum Vote { kVotePer = 0, kVoteOrg = 1, kVoteLoc = 2 };

// Vote weights: a context cue beats a lexicon hit, which beats a default.
constexpr int kUser = 100;
constexpr int kStrongCue = 8;
constexpr int kCue = 5;
constexpr int kLexicon = 4;
constexpr int kWeakLexicon = 2;
constexpr int kDefault = 1;
// A one-word name with no more than a default vote over the whole article
// (no cue, no lexicon, a single mention) is left out: mostly capitalized
// noise (OCR, foreign words), rarely a name.
constexpr int kWeakThreshold = kDefault;

struct Candidate {
  uint32_t tb = 0, te = 0;     // tokens [tb, te)
  std::array<int, 3> votes{};  // PER, ORG, LOC
  std::array<const char*, 3> rules{};  // strongest rule per type
  std::array<int, 3> rule_weight{};
  std::string_view key;        // folded text, the grouping key (in Scratch::folded)
  std::string_view canonical;  // gazetteer or user form when known (in the lexicon)
  int group = -1;
  int defined_by = -1;         // candidate index of "Name (ACR)"
  uint32_t alt_tb = UINT32_MAX;  // the sentence's first word, dropped as common
  bool acronym = false;
  bool dateline = false;
  bool drop = false;           // not a name; drops the same key elsewhere

  void AddVote(Vote v, int w, const char* rule) {
    votes[v] += w;
    if (w > rule_weight[v]) {
      rule_weight[v] = w;
      rules[v] = rule;
    }
  }
  int Best() const {
    int best = kVotePer;
    for (int v : {kVoteOrg, kVoteLoc}) {
      if (votes[v] > votes[best]) best = v;
    }
    return best;
  }
};

struct Group {
  std::string_view canonical;  // in the lexicon or the document
  std::string_view last_word;  // folded last word, for "M. Ding" → "Jeffrey Ding"
  std::string_view initials;  // "GM" for "General Motors" (in FindState::initials)
  std::array<int, 3> votes{};
  int type = kVotePer;
  bool multiword = false;
  bool weak = false;
};

// Town names built like "Isle-sur-le-Doubs", "Saint-Dizier", "Hauts-de-Seine".
bool IsPlaceShaped(std::string_view w) {
  static constexpr std::string_view kInner[] = {"-sur-", "-de-", "-du-", "-des-", "-le-", "-la-", "-les-",
                                                "-lès-", "-lez-", "-en-", "-aux-", "-sous-", "-d'"};
  static constexpr std::string_view kPrefix[] = {"Saint-", "Sainte-", "St-", "Ste-", "Mont-", "Bourg-",
                                                 "Port-", "Pont-", "Val-", "Villeneuve-", "Neuville-", "Fort-"};
  for (std::string_view p : kInner) {
    if (w.find(p) != std::string_view::npos) return true;
  }
  for (std::string_view p : kPrefix) {
    if (w.substr(0, p.size()) == p && w.size() > p.size()) return true;
  }
  return false;
}

// Titles whose "de X" names the person: "le général de Gaulle", "la
// comtesse de Ségur" (not "le directeur de X", where X is an organization).
bool IsNobleTitle(std::string_view w) {
  static constexpr std::string_view kTitles[] = {
      "cardinal", "général", "maréchal", "amiral", "colonel", "capitaine", "lieutenant", "commandant",
      "comte", "comtesse", "duc", "duchesse", "marquis", "marquise", "baron", "baronne", "vicomte",
      "vicomtesse", "chevalier", "abbé", "seigneur", "sire", "dame", "madame", "monsieur", "mademoiselle"};
  for (std::string_view t : kTitles) {
    if (w == t) return true;
  }
  return false;
}

// Roles whose "de X" is a place: "le maire de Lyon", "le préfet de l'Isère".
bool IsPlaceRole(std::string_view w) {
  static constexpr std::string_view kRoles[] = {
      "maire", "mairesse", "préfet", "préfète", "sous-préfet", "gouverneur", "gouverneure", "évêque",
      "archevêque", "député", "députée", "sénateur", "sénatrice", "bourgmestre", "consul", "élu", "élue",
      "habitant", "habitante", "habitants", "habitantes", "originaire", "originaires", "natif", "native"};
  for (std::string_view r : kRoles) {
    if (w == r) return true;
  }
  return false;
}

// Capitalized words that open a sentence and never continue a name
// ("... au Parlement Mais la loi"): conjunctions, prepositions, pronouns.
bool IsSentenceOpener(std::string_view w) {
  static constexpr std::string_view kWords[] = {
      "Et", "Mais", "Ou", "Donc", "Or", "Ni", "Car", "Puis", "Alors", "Ainsi", "Enfin", "Cependant",
      "Pourtant", "Toutefois", "En", "Dans", "Par", "Pour", "Sur", "Sous", "Avec", "Depuis", "Selon",
      "Après", "Avant", "Pendant", "Les", "Un", "Une", "Ce", "Cette", "Ces", "Il", "Elle", "Ils", "Elles",
      "On", "Nous", "Vous", "Je", "Quant", "Lors", "Si", "Quand", "Lorsque", "Comme", "Aussi", "Cela"};
  for (std::string_view x : kWords) {
    if (w == x) return true;
  }
  return false;
}

// False when `text` has an accented letter where `canonical` has a plain
// one (same length in code points); true otherwise.
bool AccentCompatible(std::string_view text, std::string_view canonical) {
  size_t i = 0, j = 0;
  while (i < text.size() && j < canonical.size()) {
    int li, lj;
    char32_t a = utf8::Decode(text, i, &li);
    char32_t b = utf8::Decode(canonical, j, &lj);
    if (a >= 0xC0 && a <= 0x17F && b < 0x80) return false;
    i += static_cast<size_t>(li);
    j += static_cast<size_t>(lj);
  }
  return true;
}

// Roman numerals (III, IIb) and initials (J.) are not names on their own.
bool IsRomanOrInitial(std::string_view w) {
  if (w.size() == 2 && w[1] == '.') return true;
  size_t n = 0;
  while (n < w.size() && std::string_view("IVXLC").find(w[n]) != std::string_view::npos) ++n;
  return n > 0 && (n == w.size() || (n + 1 == w.size() && w[n] >= 'a' && w[n] <= 'd'));
}

bool IsWord(const Token& t) { return t.kind == TokenKind::kWord; }
bool IsCap(const Token& t) { return IsWord(t) && (t.has(kCapitalized) || t.has(kAllCaps)); }

// Per-call scratch space, reused across tokens and, being thread_local in
// Find, across calls (no per-token allocation).
struct Scratch {
  // The article's tokens [base, end) folded once, as AppendFoldedPhrase
  // folds a phrase (gaps included): the key of tokens [b, e) is then the
  // substring folded[fold_begin[b - base], fold_end[e - 1 - base]).
  uint32_t base = 0, end = 0;
  std::string folded;
  std::vector<uint32_t> fold_begin, fold_end;
  // Lexicon answers per token, computed on first use.
  std::vector<const NameInfo*> word;  // kUnknownInfo until asked
  std::vector<int16_t> classes;       // -1 until asked
  std::deque<std::string> keep;       // keys folded outside the article's tokens
  std::string lower, phrase;
  std::string_view key;               // key of the last Phrase()

  static const NameInfo* Unknown() {
    static const NameInfo unknown;
    return &unknown;
  }
  bool Covers(uint32_t b, uint32_t e) const { return b >= base && b < e && e <= end; }
};

// A map from keys (views that outlive it) to two ints, reused from article
// to article: Clear() is O(1) (a generation stamp), and inserting allocates
// nothing once the table has grown, unlike a node-based unordered_map.
class KeyMap {
 public:
  struct Value {
    int a = 0, b = 0;
  };
  void Clear() {
    size_ = 0;
    if (++gen_ == 0) {  // wrapped: stale stamps could look current
      for (Slot& x : slots_) x.gen = 0;
      gen_ = 1;
    }
  }
  bool empty() const { return size_ == 0; }
  const Value* Find(std::string_view k) const {
    if (size_ == 0) return nullptr;
    uint64_t h = detail::HashBytes(k);
    for (size_t i = h & mask_;; i = (i + 1) & mask_) {
      const Slot& x = slots_[i];
      if (x.gen != gen_) return nullptr;
      if (x.hash == h && x.key == k) return &x.value;
    }
  }
  bool Contains(std::string_view k) const { return Find(k) != nullptr; }
  // The value of k, inserted as {0, 0} when absent; *inserted says which.
  Value& Get(std::string_view k, bool* inserted = nullptr) {
    if ((size_ + 1) * 2 > slots_.size()) Grow();
    uint64_t h = detail::HashBytes(k);
    for (size_t i = h & mask_;; i = (i + 1) & mask_) {
      Slot& x = slots_[i];
      if (x.gen != gen_) {
        x = Slot{k, h, gen_, {}};
        ++size_;
        if (inserted != nullptr) *inserted = true;
        return x.value;
      }
      if (x.hash == h && x.key == k) {
        if (inserted != nullptr) *inserted = false;
        return x.value;
      }
    }
  }
  // Like unordered_map::emplace: an existing key keeps its value.
  void Emplace(std::string_view k, int a) {
    bool inserted;
    Value& v = Get(k, &inserted);
    if (inserted) v.a = a;
  }

 private:
  struct Slot {
    std::string_view key;
    uint64_t hash = 0;
    uint32_t gen = 0;
    Value value;
  };
  void Grow() {
    std::vector<Slot> old;
    old.swap(slots_);
    size_t cap = std::max<size_t>(old.size() * 2, 64);
    slots_.assign(cap, Slot{});
    mask_ = cap - 1;
    const uint32_t old_gen = gen_;
    gen_ = 1;
    size_ = 0;
    for (const Slot& x : old) {
      if (x.gen != old_gen) continue;
      size_t i = x.hash & mask_;
      while (slots_[i].gen == gen_) i = (i + 1) & mask_;
      slots_[i] = Slot{x.key, x.hash, gen_, x.value};
      ++size_;
    }
  }
  std::vector<Slot> slots_;
  size_t mask_ = 0, size_ = 0;
  uint32_t gen_ = 1;
};

// Per-thread containers of Find, reused across articles (no allocation once
// they have grown).
struct FindState {
  std::vector<uint8_t> blocked;
  std::vector<Candidate> cands;
  std::vector<uint32_t> order;
  std::vector<Group> groups;
  std::string initials;  // the groups' initials, reserved so views stay valid
  KeyMap dropped, keys, by_key, per_by_last_word, org_by_initials, defined;
};

class RuleNameMatcher : public NameMatcher {
 public:
  Status Init(const DataPaths& paths, const std::vector<std::string>& user) { return lex_.Load(paths, user); }

  void Find(const Document& doc, uint32_t article, const std::vector<Entity>& taken,
            std::vector<Entity>* out) const override;

 private:
  // Folds the article's tokens into s (see Scratch).
  void PrepareArticle(const Document& doc, uint32_t tb, uint32_t te, Scratch* s) const;
  // The folded key of tokens [b, e), valid until the end of Find.
  std::string_view Key(const Document& doc, uint32_t b, uint32_t e, Scratch* s) const;
  // Lexicon lookups over tokens [b, e); Phrase sets s->key.
  const NameInfo* Phrase(const Document& doc, uint32_t b, uint32_t e, Scratch* s) const {
    s->key = Key(doc, b, e, s);
    return lex_.Find(s->key);
  }
  const NameInfo* Word(const Document& doc, uint32_t i, Scratch* s) const {
    if (!s->Covers(i, i + 1)) return lex_.Find(Key(doc, i, i + 1, s));
    const NameInfo*& m = s->word[i - s->base];
    if (m == Scratch::Unknown()) m = lex_.Find(Key(doc, i, i + 1, s));
    return m;
  }
  uint32_t Flags(const Document& doc, uint32_t i, Scratch* s) const {
    const NameInfo* n = Word(doc, i, s);
    return n == nullptr ? 0 : n->flags;
  }
  uint8_t Classes(const Document& doc, uint32_t i, Scratch* s) const;
  uint8_t ComputeClasses(const Document& doc, uint32_t i, Scratch* s) const;
  // For "Revenons-en", "Ex-directeur": the classes shared by every part when
  // all parts are common words, else 0.
  uint8_t HyphenatedClasses(const Document& doc, uint32_t i, Scratch* s) const;
  // Longest phrase ending at token `last` (inclusive) whose flags match.
  int PhraseEndingAt(const Document& doc, uint32_t first_allowed, uint32_t last, uint32_t flag,
                     Scratch* s) const;
  bool IsDe(const Document& doc, uint32_t i) const {
    std::string_view w = doc.Text(doc.tokens[i]);  // de du d' des
    if (w.size() == 2) return w[0] == 'd' && (w[1] == 'e' || w[1] == 'u' || w[1] == '\'');
    return w.size() == 3 && w[0] == 'd' && w[1] == 'e' && w[2] == 's';
  }

  // Extends an organization name at token j over lowercase adjectives and
  // up to three de-complements; returns the new end.
  uint32_t ExtendOrg(const Document& doc, uint32_t j, uint32_t se, const std::vector<uint8_t>& blocked, uint32_t base,
                     bool allow_cap, Scratch* s) const;
  void ScanSentence(const Document& doc, const Sentence& sent, const std::vector<uint8_t>& blocked,
                    uint32_t base, std::vector<Candidate>* cands, Scratch* s) const;
  void Classify(const Document& doc, uint32_t sent_begin, uint32_t sent_end, Candidate* c, Scratch* s) const;

  NameLexicon lex_;
};

void RuleNameMatcher::PrepareArticle(const Document& doc, uint32_t tb, uint32_t te, Scratch* s) const {
  s->base = tb;
  s->end = te;
  s->word.assign(te - tb, Scratch::Unknown());
  s->classes.assign(te - tb, -1);
  s->keep.clear();
  if (!detail::FoldTokens(doc.text.view(), doc.tokens.data() + tb, te - tb, &s->folded, &s->fold_begin,
                          &s->fold_end)) {
    s->end = s->base;  // every key folded on its own (Key's slow path)
  }
}

std::string_view RuleNameMatcher::Key(const Document& doc, uint32_t b, uint32_t e, Scratch* s) const {
  if (s->Covers(b, e)) {
    uint32_t fb = s->fold_begin[b - s->base], fe = s->fold_end[e - 1 - s->base];
    return std::string_view(s->folded).substr(fb, fe - fb);
  }
  // Outside the prepared tokens: fold the text itself, kept until Find ends.
  Span span{doc.tokens[b].span.begin, doc.tokens[e - 1].span.end};
  s->keep.emplace_back();
  detail::AppendFoldedPhrase(doc.Text(span), &s->keep.back());
  return s->keep.back();
}

uint8_t RuleNameMatcher::Classes(const Document& doc, uint32_t i, Scratch* s) const {
  if (s->Covers(i, i + 1)) {
    int16_t& m = s->classes[i - s->base];
    if (m < 0) m = ComputeClasses(doc, i, s);
    return static_cast<uint8_t>(m);
  }
  return ComputeClasses(doc, i, s);
}

uint8_t RuleNameMatcher::ComputeClasses(const Document& doc, uint32_t i, Scratch* s) const {
  std::string_view w = doc.Text(doc.tokens[i]);
  s->lower.clear();
  detail::AppendLower(w, &s->lower);
  uint8_t c = lex_.WordClasses(s->lower);
  if (c != 0 || s->lower.empty()) return c;
  // Capitals often drop their accent: "Etat" is "état", "Ecole" is "école".
  static constexpr std::pair<char, std::array<std::string_view, 3>> kAccents[] = {
      {'e', {"é", "è", "ê"}}, {'a', {"à", "â", ""}}, {'i', {"î", "", ""}},
      {'o', {"ô", "", ""}},   {'u', {"û", "", ""}},  {'c', {"ç", "", ""}}};
  char first = s->lower[0];
  for (const auto& [base, variants] : kAccents) {
    if (base != first) continue;
    for (std::string_view v : variants) {
      if (v.empty()) continue;
      s->phrase.assign(v);
      s->phrase.append(s->lower, 1, std::string::npos);
      c = lex_.WordClasses(s->phrase);
      if (c != 0) return c;
    }
  }
  return 0;
}

uint8_t RuleNameMatcher::HyphenatedClasses(const Document& doc, uint32_t i, Scratch* s) const {
  std::string_view w = doc.Text(doc.tokens[i]);
  if (w.find('-') == std::string_view::npos || IsPlaceShaped(w)) return 0;
  uint8_t all = 0xFF;
  size_t pos = 0;
  while (pos <= w.size()) {
    size_t dash = w.find('-', pos);
    if (dash == std::string_view::npos) dash = w.size();
    std::string_view part = w.substr(pos, dash - pos);
    if (part.empty()) return 0;
    s->lower.clear();
    detail::AppendLower(part, &s->lower);
    uint8_t c = lex_.WordClasses(s->lower);
    if (c == 0) return 0;
    all &= static_cast<uint8_t>(c | detail::kOtherWord);
    pos = dash + 1;
  }
  return all == 0 ? static_cast<uint8_t>(detail::kOtherWord) : all;
}

int RuleNameMatcher::PhraseEndingAt(const Document& doc, uint32_t first_allowed, uint32_t last,
                                    uint32_t flag, Scratch* s) const {
  for (int n = std::min<int>(lex_.max_words(), 4); n >= 1; --n) {
    if (last + 1 < first_allowed + static_cast<uint32_t>(n)) continue;
    uint32_t b = last + 1 - static_cast<uint32_t>(n);
    bool words = true;
    for (uint32_t k = b; k <= last; ++k) words = words && IsWord(doc.tokens[k]);
    if (!words) continue;
    const NameInfo* info = Phrase(doc, b, last + 1, s);
    if (info != nullptr && (info->flags & flag) != 0) return n;
    // Plurals of cue words: "les dirigeants de", "les villes de".
    if (s->key.size() > 3 && (s->key.back() == 's' || s->key.back() == 'x')) {
      s->key.remove_suffix(1);
      info = lex_.Find(s->key);
      if (info != nullptr && (info->flags & flag) != 0) return n;
    }
  }
  return 0;
}

// Fills the votes of a candidate from its own words and its context.
void RuleNameMatcher::Classify(const Document& doc, uint32_t sb, uint32_t se, Candidate* c, Scratch* s) const {
  const std::vector<Token>& tok = doc.tokens;
  const uint32_t n = c->te - c->tb;
  const NameInfo* whole = Phrase(doc, c->tb, c->te, s);
  uint32_t wf = whole ? whole->flags : 0;
  c->key = s->key;
  if (whole != nullptr && (wf & (detail::kPlace | detail::kUser | detail::kKnownOrg)) != 0) c->canonical = whole->canonical;

  if (wf & detail::kUserPer) c->AddVote(kVotePer, kUser, "user-lexicon");
  if (wf & detail::kUserOrg) c->AddVote(kVoteOrg, kUser, "user-lexicon");
  if (wf & detail::kUserLoc) c->AddVote(kVoteLoc, kUser, "user-lexicon");
  if (wf & detail::kKnownOrg) c->AddVote(kVoteOrg, kLexicon + 2, "known-organization");
  if (c->acronym && doc.Text(tok[c->tb]).size() <= 3 && whole != nullptr && whole->canonical != doc.Text(tok[c->tb])) {
    wf &= ~(detail::kPlace | detail::kProperNoun);  // "ACT" is not a place
    c->canonical = {};
  }
  // "Général" is not the place "General": an accent the place lacks means
  // another word (the reverse, "Etats-Unis" for "États-Unis", is common).
  if ((wf & detail::kPlace) && !AccentCompatible(doc.Text(Span{tok[c->tb].span.begin, tok[c->te - 1].span.end}),
                                                 whole->canonical)) {
    wf &= ~detail::kPlace;
  }
  if (wf & (detail::kCountry | detail::kContinent)) c->AddVote(kVoteLoc, kLexicon + 1, "gazetteer-country");
  if (wf & detail::kCity) c->AddVote(kVoteLoc, kLexicon, "gazetteer-city");

  uint32_t first = Flags(doc, c->tb, s);
  uint32_t last = Flags(doc, c->te - 1, s);
  bool camel = false;
  {
    std::string_view w = doc.Text(tok[c->tb]);
    for (size_t i = 1; i < w.size(); ++i) {
      if (w[i] >= 'A' && w[i] <= 'Z' && w[i - 1] >= 'a' && w[i - 1] <= 'z') camel = true;
    }
  }
  if (n == 1 && !(wf & (detail::kUser | detail::kKnownOrg)) && IsPlaceShaped(doc.Text(tok[c->tb]))) {
    c->AddVote(kVoteLoc, kCue - 1, "place-shape");
  }
  if (first & detail::kOrgHead) c->AddVote(kVoteOrg, n > 1 ? kStrongCue : kCue, "org-head");
  if (n > 1 && (last & detail::kOrgTail)) c->AddVote(kVoteOrg, kStrongCue, "org-tail");
  // An all-caps word the lexicons know in another case ("MARSEILLE") is the
  // same name shouted, not an acronym.
  const bool shouted = c->acronym && whole != nullptr && !whole->canonical.empty() &&
                       whole->canonical != doc.Text(tok[c->tb]);
  if (n == 1 && (wf & detail::kProperNoun) && !(wf & detail::kPlace)) {
    if (camel || (tok[c->tb].has(kAllCaps) && !shouted)) {
      c->AddVote(kVoteOrg, kWeakLexicon, "proper-noun");
    } else {
      c->AddVote(kVoteLoc, kWeakLexicon, "proper-noun");
    }
  }
  if (n > 1 && (first & detail::kFirstName) && !(first & detail::kOrgHead)) {
    c->AddVote(kVotePer, kLexicon, "first-name");
  }
  if (n > 1 && (last & detail::kSurname)) c->AddVote(kVotePer, kLexicon, "surname");
  if (n == 1 && (wf & (detail::kFirstName | detail::kSurname))) c->AddVote(kVotePer, kWeakLexicon, "name-lexicon");
  if (n > 1 && !(first & detail::kFirstName)) {
    for (uint32_t k = c->tb; k < c->te; ++k) {
      if (tok[k].has(kAllCaps) && !IsRomanOrInitial(doc.Text(tok[k]))) {
        c->AddVote(kVoteOrg, kLexicon, "acronym-in-name");  // "Thomson CSF", "GM North America"
        break;
      }
    }
  }
  if (c->acronym) {
    if (!(wf & detail::kPlace) && !shouted) c->AddVote(kVoteOrg, kWeakLexicon, "acronym");
  } else if (camel) {
    c->AddVote(kVoteOrg, kWeakLexicon, "camel-case");
  } else if (n > 1) {
    bool common = false;
    for (uint32_t k = c->tb; k < c->te; ++k) {
      if (IsCap(tok[k]) && !(Flags(doc, k, s) & (detail::kFirstName | detail::kSurname)) &&
          Classes(doc, k, s) != 0) {
        common = true;
      }
    }
    if (common) {
      c->AddVote(kVoteOrg, kDefault, "capitalized-words");
    } else {
      c->AddVote(kVotePer, kDefault, "capitalized-words");
    }
  } else {
    c->AddVote(kVoteOrg, kDefault, "capitalized-word");
  }

  // Left context.
  if (c->tb > sb) {
    uint32_t p = c->tb - 1;
    std::string_view prev = doc.Text(tok[p]);
    if (lex_.IsHonorific(prev)) c->AddVote(kVotePer, kStrongCue, "honorific");
    if (prev == "à" || prev == "en" || prev == "À") c->AddVote(kVoteLoc, kCue - 1, "preposition-place");
    // "près de X", "au nord de X", "dans la banlieue de X".
    if (IsDe(doc, p) && p > sb) {
      std::string_view pp = doc.Text(tok[p - 1]);
      if (pp == "près" || pp == "proche" || pp == "nord" || pp == "sud" || pp == "est" || pp == "ouest" ||
          pp == "environs" || pp == "banlieue" || pp == "périphérie" || pp == "centre-ville" || pp == "large" ||
          pp == "originaire" || pp == "originaires" || pp == "habitant" || pp == "habitants" || pp == "loin") {
        c->AddVote(kVoteLoc, kCue - 1, "near-place");
      }
    }
    // "le ministre Roland X", "le ministre de l'Economie Roland X".
    int role = IsWord(tok[p]) ? PhraseEndingAt(doc, sb, p, detail::kRole, s) : 0;
    // "le président américain X": one adjective between role and name.
    if (role == 0 && p > sb && IsWord(tok[p]) && !tok[p].has(kCapitalized) && IsWord(tok[p - 1]) &&
        (Classes(doc, p, s) & detail::kAdjective) && !(Classes(doc, p, s) & detail::kVerb)) {
      role = PhraseEndingAt(doc, sb, p - 1, detail::kRole, s);
    }
    if (role > 0) c->AddVote(kVotePer, kCue, "role");
    if (role == 0) {
      // The complement must sit between the role and the name: in "maire de
      // Paris" the candidate is the complement itself.
      uint32_t q = p;
      bool de = false, gap = false;
      for (int steps = 0; steps < 5 && q > sb && IsWord(tok[q]); ++steps) {
        std::string_view qw = doc.Text(tok[q]);
        if (IsDe(doc, q)) {
          if (!gap) break;
          de = true;
        } else if (qw != "l'" && qw != "la" && qw != "le" && qw != "les") {
          // Only a nominal complement may sit there, not a verb.
          if (!tok[q].has(kCapitalized) && (Classes(doc, q, s) & detail::kVerb)) break;
          gap = true;
        }
        --q;
        if (de && IsWord(tok[q]) && PhraseEndingAt(doc, sb, q, detail::kRole, s) > 0) {
          c->AddVote(kVotePer, kCue - 1, "role-complement");
          break;
        }
      }
    }
    // "le fondateur de X, Liang Wenfeng": a role's holder after its complement.
    if (prev == "," && p > sb) {
      uint32_t q = p - 1;
      int caps = 0;
      while (q > sb && IsCap(tok[q]) && caps < 6) {
        --q;
        ++caps;
      }
      if (doc.Text(tok[q]) == "l'" && q > sb) --q;
      if (caps > 0 && IsDe(doc, q) && q > sb && PhraseEndingAt(doc, sb, q - 1, detail::kRole, s) > 0) {
        c->AddVote(kVotePer, kCue, "role-apposition");
      }
    }
    // "le constructeur Renault", "le géant technologique X", "la ville de X".
    {
      auto cue_at = [&](uint32_t q, uint32_t flag) {
        return q >= sb && IsWord(tok[q]) && !tok[q].has(kCapitalized) && PhraseEndingAt(doc, sb, q, flag, s) > 0;
      };
      bool adj = IsWord(tok[p]) && !tok[p].has(kCapitalized) && (Classes(doc, p, s) & detail::kAdjective);
      if (cue_at(p, detail::kOrgCue | detail::kOrgHead) || (adj && p > sb && cue_at(p - 1, detail::kOrgCue))) {
        c->AddVote(kVoteOrg, kCue, "org-cue");
      } else if (cue_at(p, detail::kLocCue) || (IsDe(doc, p) && p > sb && cue_at(p - 1, detail::kLocCue))) {
        c->AddVote(kVoteLoc, kCue, "place-cue");
      }
    }
    // "fondateur de X", "analyste chez X": the organization of a role.
    if (prev == "chez") c->AddVote(kVoteOrg, kCue - 1, "chez");
    if (IsDe(doc, p) && p > sb) {
      uint32_t q = p - 1;
      if (IsNobleTitle(doc.Text(tok[q]))) {
        c->AddVote(kVotePer, kCue, "title-de");  // "le cardinal de Richelieu"
      } else if (IsPlaceRole(doc.Text(tok[q]))) {
        c->AddVote(kVoteLoc, kCue, "role-of-place");  // "le maire de Lyon"
      } else if (PhraseEndingAt(doc, sb, q, detail::kRole, s) > 0 && !(wf & (detail::kPlace | detail::kProperNoun))) {
        c->AddVote(kVoteOrg, kCue - 1, "role-of");
      }
    } else if ((prev == "l'" || prev == "la") && p > sb + 1 && IsDe(doc, p - 1)) {
      if (PhraseEndingAt(doc, sb, p - 2, detail::kRole, s) > 0 && !(wf & detail::kPlace)) {
        c->AddVote(kVoteOrg, kCue - 1, "role-of");
      }
    }
  }
  // Right context: "X, directeur de ...", "X, 45 ans".
  if (c->te + 1 < se && doc.Text(tok[c->te]) == ",") {
    uint32_t q = c->te + 1;
    std::string_view w = doc.Text(tok[q]);
    if ((w == "le" || w == "la" || w == "l'" || w == "un" || w == "une" || w == "son" || w == "sa" ||
         w == "ancien" || w == "ancienne" || w == "nouveau" || w == "nouvelle") &&
        q + 1 < se) {
      ++q;
    }
    bool role = false;
    for (uint32_t k = q; k < std::min(se, q + 3); ++k) {
      if (!IsWord(tok[k])) break;
      if (PhraseEndingAt(doc, q, k, detail::kRole, s) > 0) role = true;
    }
    if (role) c->AddVote(kVotePer, kCue, "apposition");
    if (tok[q].kind == TokenKind::kNumber && q + 1 < se && doc.Text(tok[q + 1]) == "ans") {
      c->AddVote(kVotePer, kCue, "apposition-age");
    }
  }
}

uint32_t RuleNameMatcher::ExtendOrg(const Document& doc, uint32_t j, uint32_t se, const std::vector<uint8_t>& blocked,
                                    uint32_t base, bool allow_cap, Scratch* s) const {
  const std::vector<Token>& tok = doc.tokens;
  auto free = [&](uint32_t i) { return blocked[i - base] == 0; };
  auto adjective = [&](uint32_t k) {
    if (k >= se || !IsWord(tok[k]) || tok[k].has(kCapitalized) || !free(k)) return false;
    if (doc.Text(tok[k]).size() <= 2) return false;
    uint8_t cls = Classes(doc, k, s);
    return (cls & detail::kAdjective) && !(cls & (detail::kVerb | detail::kFunctionWord));
  };
  while (adjective(j)) ++j;
  // Up to three complements: "Union nationale des anciens combattants".
  for (int comp = 0; comp < 3; ++comp) {
    uint32_t k = j;
    if (k >= se || !free(k)) break;
    std::string_view pw = doc.Text(tok[k]);
    // "de l'emploi et des affaires sociales": a coordinated complement.
    if (pw == "et" && comp > 0 && k + 1 < se && IsDe(doc, k + 1)) {
      ++k;
      pw = doc.Text(tok[k]);
    }
    if (!(pw == "de" || pw == "du" || pw == "des" || pw == "d'" || (pw == "pour" && comp == 0) ||
          (pw == "à" && comp > 0))) {
      break;
    }
    ++k;
    // "tribunal correctionnel de Nanterre": a capitalized complement ends it.
    if (allow_cap && comp == 0 && (pw == "de" || pw == "d'" || pw == "du" || pw == "des")) {
      uint32_t c = k;
      if (c < se && pw == "de" && (doc.Text(tok[c]) == "la" || doc.Text(tok[c]) == "l'")) ++c;
      if (c < se && IsCap(tok[c]) && free(c) && !IsRomanOrInitial(doc.Text(tok[c]))) {
        while (c < se && IsCap(tok[c]) && free(c)) ++c;
        return c;
      }
    }
    bool det = pw != "de" && pw != "pour";  // du, des, d' carry their article
    if (k < se && (doc.Text(tok[k]) == "la" || doc.Text(tok[k]) == "l'" || doc.Text(tok[k]) == "le" ||
                   doc.Text(tok[k]) == "les")) {
      if (pw != "de" && pw != "pour") break;
      ++k;
      det = true;
    }
    if (k >= se || !IsWord(tok[k]) || tok[k].has(kCapitalized) || !free(k) || doc.Text(tok[k]).size() <= 2) break;
    uint8_t cls = Classes(doc, k, s);
    // After a determiner a noun may also read as a verb ("la recherche").
    if (!(cls & detail::kNoun) || (cls & detail::kFunctionWord) || (!det && (cls & detail::kVerb))) break;
    j = k + 1;
    while (adjective(j)) ++j;
  }
  return j;
}

void RuleNameMatcher::ScanSentence(const Document& doc, const Sentence& sent, const std::vector<uint8_t>& blocked,
                                   uint32_t base, std::vector<Candidate>* cands, Scratch* s) const {
  const std::vector<Token>& tok = doc.tokens;
  const uint32_t sb = sent.token_begin, se = sent.token_end;
  auto free = [&](uint32_t i) { return blocked[i - base] == 0; };
  auto cap = [&](uint32_t i) {
    if (i >= se || !IsCap(tok[i]) || !free(i)) return false;
    // Product codes (H800, A320) are not names.
    for (char ch : doc.Text(tok[i])) {
      if (ch >= '0' && ch <= '9') return false;
    }
    return true;
  };

  // A headline in capitals: only the gazetteer can be trusted there.
  {
    int words = 0, caps = 0;
    for (uint32_t i = sb; i < se; ++i) {
      if (!IsWord(tok[i])) continue;
      ++words;
      if (tok[i].has(kAllCaps)) ++caps;
    }
    bool common_caps = false;
    if (words > 0 && words <= 2 && caps == words) {
      for (uint32_t i = sb; i < se; ++i) {
        if (IsWord(tok[i]) && doc.Text(tok[i]).size() >= 4 && Classes(doc, i, s) != 0) common_caps = true;
      }
    }
    if ((words >= 3 && caps * 2 >= words) || common_caps) {
      // Keep the places there ("NEW YORK" as a sentence of its own).
      const NameInfo* all = words > 0 ? Phrase(doc, sb, se, s) : nullptr;
      if (all == nullptr || !(all->flags & (detail::kPlace | detail::kUser))) return;
    }
  }

  uint32_t dropped_initial = UINT32_MAX;
  const size_t first_cand = cands->size();
  uint32_t i = sb;
  while (i < se) {
    // Lowercase heads and particles reach back, but not into the previous name.
    const uint32_t floor = cands->size() > first_cand ? std::max(sb, cands->back().te) : sb;
    if (!cap(i)) {
      // "le ministère de la justice", "le parti socialiste": a lowercase
      // institution head after a definite article, with its complements.
      // The article is checked first: it is cheaper than a lexicon lookup,
      // and without it no candidate starts here.
      auto definite = [&] {
        std::string_view det = doc.Text(tok[i - 1]);
        // le la l' Le La L' du au, compared byte by byte (a hot path).
        if (det.size() != 2) return false;
        const char a = det[0], b = det[1];
        return ((a == 'l' || a == 'L') && (b == 'e' || b == 'a' || b == '\'')) || ((a == 'd' || a == 'a') && b == 'u');
      };
      if (i > sb && IsWord(tok[i]) && !tok[i].has(kCapitalized) && free(i) && definite() &&
          (Flags(doc, i, s) & detail::kOrgHeadLower) && (Flags(doc, i, s) & detail::kOrgHeadDe)) {
        uint32_t e = ExtendOrg(doc, i + 1, se, blocked, base, true, s);
        if (e > i + 1) {
          Candidate c;
          c.tb = i;
          c.te = e;
          Classify(doc, sb, se, &c, s);
          c.AddVote(kVoteOrg, kStrongCue, "org-head");
          cands->push_back(std::move(c));
          i = e;
          continue;
        }
      }
      ++i;
      continue;
    }
    const bool initial = i == sb || (tok[i - 1].kind == TokenKind::kPunct && [&] {
                           std::string_view p = doc.Text(tok[i - 1]);
                           return p == "«" || p == "\"" || p == "(" || p == "-" || p == "—" || p == "–" ||
                                  p == ":" || p == "." || p == "•" || p == "[" || p == "?" || p == "!";
                         }());
    std::string_view w = doc.Text(tok[i]);
    if (lex_.IsHonorific(w)) {  // stays outside the name
      ++i;
      continue;
    }
    // A capitalized role before a name is a title too: "le Président Jacques
    // Martin", "Général Dupont" (the role cue then types the name).
    if (cap(i + 1) && !tok[i].has(kAllCaps) && !(Flags(doc, i, s) & detail::kOrgHead) &&
        (Flags(doc, i, s) & detail::kRole) && !(Flags(doc, i + 1, s) & detail::kOrgHead) &&
        Classes(doc, i, s) != 0) {  // written as French: "General Motors" keeps its word
      ++i;
      continue;
    }
    if (IsRomanOrInitial(w) && !cap(i + 1)) {  // "phase III", a lone "J."
      ++i;
      continue;
    }
    // Grow the run of capitalized words.
    uint32_t j = i + 1;
    uint32_t head_flags = Flags(doc, i, s);
    bool org = (head_flags & detail::kOrgHead) != 0;
    for (;;) {
      if (cap(j)) {
        ++j;
        continue;
      }
      // Particles: "Villeroy de Galhau", "Ursula von der Leyen", "d'Estaing".
      uint32_t k = j;
      bool de_like = false;
      while (k < se && k < j + 3 && IsWord(tok[k]) && !tok[k].has(kCapitalized) && free(k) &&
             (Flags(doc, k, s) & detail::kParticle)) {
        std::string_view pw = doc.Text(tok[k]);
        de_like = de_like || pw == "de" || pw == "du" || pw == "des" || pw == "d'" || pw == "la" ||
                  pw == "le" || pw == "l'";
        ++k;
      }
      if (k < se && IsWord(tok[k]) && (doc.Text(tok[k]) == "l'") && k > j) ++k;
      if (k > j && cap(k)) {
        bool join = !de_like;
        if (de_like) {
          uint32_t next = Flags(doc, k, s);
          if (org && (head_flags & detail::kOrgHeadDe) && j == i + 1) {
            join = true;  // "Banque de France", "Institut du Monde Arabe"
          } else if ((Flags(doc, i, s) & detail::kFirstName) &&
                     !(next & (detail::kPlace | detail::kOrgHead)) && !tok[k].has(kAllCaps) &&
                     !IsPlaceShaped(doc.Text(tok[k])) &&
                     doc.Text(tok[j]) != "des") {
            join = true;  // "François Villeroy de Galhau"
          }
        }
        if (join) {
          j = k + 1;
          continue;
        }
      }
      if (j < se && doc.Text(tok[j]) == "&" && cap(j + 1)) {
        j += 2;
        continue;
      }
      break;
    }
    // End the run after an organization tail ("Acme GmbH Hauptstraße") and
    // before a first name that follows an acronym ("DGSE Jean Martin").
    for (uint32_t k = i + 2; k < j; ++k) {
      if ((Flags(doc, k - 1, s) & detail::kOrgTail) ||
          (tok[k - 1].has(kAllCaps) && !tok[k].has(kAllCaps) && (Flags(doc, k, s) & detail::kFirstName))) {
        j = k;
        break;
      }
    }
    if (j > i + 1 && tok[i].has(kAllCaps) && (Flags(doc, i + 1, s) & detail::kFirstName) &&
        !tok[i + 1].has(kAllCaps)) {
      j = i + 1;
    }
    for (uint32_t k = i + 1; k < j; ++k) {
      if (lex_.IsHonorific(doc.Text(tok[k]))) {  // "les Français Maître Vergès"
        j = k;
        break;
      }
    }
    // A sentence boundary lost in the text (OCR, a missing period): a
    // capitalized function word ("Mais", "Et") or a place in capitals
    // ("... Birmanie PARIS") starts something new.
    for (uint32_t k = i + 1; k < j; ++k) {
      uint32_t fk = Flags(doc, k, s);
      bool function_word = !tok[k].has(kAllCaps) && !(fk & (detail::kParticle | detail::kPlace)) &&
                           IsSentenceOpener(doc.Text(tok[k]));
      bool shouted_place = tok[k].has(kAllCaps) && !tok[k - 1].has(kAllCaps) && doc.Text(tok[k]).size() >= 4 &&
                           (fk & detail::kPlace);
      if (function_word || shouted_place) {
        j = k;
        break;
      }
    }
    {
      // Codes such as "GP IIb": acronyms and roman numerals only.
      bool roman = false, codes = true;
      for (uint32_t k = i; k < j; ++k) {
        bool r = IsRomanOrInitial(doc.Text(tok[k]));
        roman = roman || r;
        codes = codes && (r || tok[k].has(kAllCaps));
      }
      if (roman && codes && j > i + 1) {
        i = j;
        continue;
      }
    }
    // "le ministre de l'Economie Roland Lescure": after de/l'/la, capitalized
    // common words then a name are a role's complement followed by the name.
    if (!org && i > sb && (IsDe(doc, i - 1) || doc.Text(tok[i - 1]) == "l'" || doc.Text(tok[i - 1]) == "la") &&
        !(Flags(doc, j - 1, s) & detail::kOrgTail)) {
      uint32_t k = i;
      while (k < j && IsCap(tok[k]) && (Classes(doc, k, s) & (detail::kNoun | detail::kAdjective)) &&
             !(Flags(doc, k, s) & (detail::kFirstName | detail::kPlace | detail::kUser))) {
        ++k;
      }
      if (k > i && k + 1 < j && IsCap(tok[k])) i = k;  // the name has two words at least
    }
    // Multiword gazetteer entries may include lowercase words ("Arabie
    // saoudite"): take the longest match starting here.
    for (int n = std::min(lex_.max_words(), 5); n >= 2; --n) {
      uint32_t e = i + static_cast<uint32_t>(n);
      if (e > se || e <= j) continue;
      bool ok = true;
      for (uint32_t k = i; k < e; ++k) ok = ok && IsWord(tok[k]) && free(k);
      if (!ok) continue;
      const NameInfo* info = Phrase(doc, i, e, s);
      if (info != nullptr && (info->flags & (detail::kPlace | detail::kUser | detail::kKnownOrg))) {
        j = e;
        break;
      }
    }
    // The capitalized first word of a sentence is a common word, not a name,
    // unless the lexicons know it as a name ("Paris", "Pierre Durand").
    // Mid-sentence, a capitalized article before an organization head is not
    // part of the name ("La Commission"); "Le Havre", "Le Monde" keep theirs.
    {
      const NameInfo* whole = Phrase(doc, i, j, s);
      bool known_whole =
          whole != nullptr && (whole->flags & (detail::kPlace | detail::kUser | detail::kKnownOrg));
      uint8_t cls = Classes(doc, i, s);
      uint32_t fl = Flags(doc, i, s);
      bool drop = false;
      if (initial || (i > sb && i == sb + 1 && !IsWord(tok[sb]))) {
        bool tail = j > i + 1 && (Flags(doc, j - 1, s) & detail::kOrgTail);
        if (cls == 0 && fl == 0) cls = HyphenatedClasses(doc, i, s);
        bool function_word = (cls & detail::kFunctionWord) && !(fl & detail::kPlace);
        bool keep = known_whole || cls == 0 || (tail && !function_word) || (fl & detail::kOrgHead) ||
                    (!(cls & detail::kFunctionWord) &&
                     ((fl & detail::kPlace) || ((fl & detail::kFirstName) && j > i + 1)));
        drop = !keep;
      } else if (j > i + 1 && (cls & detail::kFunctionWord) && !known_whole &&
                 (Flags(doc, i + 1, s) & detail::kOrgHead)) {
        drop = true;
      }
      if (drop) {
        // Kept aside: "Rima Abdul Malak" at a sentence start is a name if
        // the article names her so elsewhere.
        if (initial || i == sb + 1) dropped_initial = i;
        ++i;  // the loop rebuilds the run from the next word
        continue;
      }
    }
    // A lowercase head before the name: "université George Washington",
    // "la mairie de Lyon", "rue Cadet", "l'église Saint-Paul".
    uint32_t start = i;
    int head_vote = -1;
    if (!(Flags(doc, i, s) & detail::kOrgHead) && i > sb) {
      uint32_t h = i - 1;
      bool de = false;
      if (IsDe(doc, h) && h > sb) {
        de = true;
        --h;
      } else if ((doc.Text(tok[h]) == "l'" || doc.Text(tok[h]) == "la") && h > sb + 1 &&
                 doc.Text(tok[h - 1]) == "de") {
        de = true;
        h -= 2;
      }
      if (h >= floor && IsWord(tok[h]) && !tok[h].has(kCapitalized) && free(h)) {
        uint32_t hf = Flags(doc, h, s);
        if ((hf & detail::kOrgHeadLower) && (!de || (hf & detail::kOrgHeadDe))) {
          start = h;
          head_vote = kVoteOrg;
        } else if (hf & detail::kLocHead) {
          start = h;
          head_vote = kVoteLoc;
        }
      }
    }
    // A lone capitalized common word ("l'Etat", "Internet", a demonym) is not
    // a name, unless a list knows it as one.
    if (j == i + 1 && !tok[i].has(kAllCaps) && head_vote < 0) {
      uint32_t fl = Flags(doc, i, s);
      bool honor = i > sb && lex_.IsHonorific(doc.Text(tok[i - 1]));
      if (Classes(doc, i, s) != 0 && !honor &&
          !(fl & (detail::kPlace | detail::kUser | detail::kKnownOrg | detail::kOrgHead | detail::kFirstName |
                  detail::kSurname | detail::kProperNoun))) {
        i = j;
        continue;
      }
    }
    if (j == i + 1 && (Flags(doc, i, s) & detail::kCommonAcronym)) {
      i = j;
      continue;
    }
    if (j == i + 1 && tok[i].has(kAllCaps)) {
      // PIB, an all-caps common word (AUTRES), "une IRM": not organizations.
      uint32_t fl = Flags(doc, i, s);
      bool known = fl & (detail::kPlace | detail::kUser | detail::kKnownOrg | detail::kProperNoun);
      std::string_view prev = i > sb ? doc.Text(tok[i - 1]) : std::string_view();
      if ((fl & detail::kCommonAcronym) ||
          (!known && (doc.Text(tok[i]).size() >= 4 && Classes(doc, i, s) != 0)) ||
          (!known && (prev == "un" || prev == "une"))) {
        i = j;
        continue;
      }
    }
    // "les Lyonnais", "des Brésiliens": plural common nouns of people.
    if (std::string_view w2 = doc.Text(tok[i]);
        j == i + 1 && !tok[i].has(kAllCaps) && i > sb && w2.size() > 3 && w2.back() == 's' && head_vote < 0) {
      std::string_view prev = doc.Text(tok[i - 1]);
      uint32_t fl = Flags(doc, i, s);
      if ((prev == "les" || prev == "des" || prev == "aux" || prev == "ces" || prev == "Les" || prev == "Des") &&
          !(fl & (detail::kPlace | detail::kUser | detail::kKnownOrg | detail::kOrgHead | detail::kProperNoun)) &&
          !IsPlaceShaped(w2)) {
        i = j;
        continue;
      }
    }
    // "les industries culturelles (ICC)": an acronym of common words is not
    // a name, here or later in the article.
    if (j == i + 1 && tok[i].has(kAllCaps) && i >= sb + 2 && j < se && doc.Text(tok[i - 1]) == "(" &&
        doc.Text(tok[j]) == ")" && IsWord(tok[i - 2]) && !tok[i - 2].has(kCapitalized)) {
      Candidate c;
      c.tb = i;
      c.te = j;
      c.drop = true;
      Phrase(doc, i, j, s);
      c.key = s->key;
      cands->push_back(std::move(c));
      i = j;
      continue;
    }
    // Organization heads take lowercase adjectives and complements:
    // "Forum économique mondial", "Institut X pour la concurrence stratégique".
    if (org || (Flags(doc, i, s) & detail::kOrgHead)) {
      org = true;
      j = ExtendOrg(doc, j, se, blocked, base, (head_flags & detail::kOrgHeadDe) != 0, s);
    }
    if (start == i) {
      uint32_t k = i;
      while (k > floor && IsWord(tok[k - 1]) && !tok[k - 1].has(kCapitalized) && free(k - 1) &&
             (Flags(doc, k - 1, s) & detail::kParticle) && k + 3 > i) {
        --k;
      }
      if (k < i && k > sb && (lex_.IsHonorific(doc.Text(tok[k - 1])) || IsNobleTitle(doc.Text(tok[k - 1])))) {
        start = k;  // "Mme van der Berg", "le général de Lattre"
      }
    }
    Candidate c;
    c.tb = start;
    c.te = j;
    if (dropped_initial != UINT32_MAX && dropped_initial + 1 == start) c.alt_tb = dropped_initial;
    c.acronym = j == i + 1 && tok[i].has(kAllCaps);
    Classify(doc, sb, se, &c, s);
    if (head_vote == kVoteOrg) c.AddVote(kVoteOrg, kStrongCue, "org-head");
    if (head_vote == kVoteLoc) c.AddVote(kVoteLoc, kStrongCue, "place-head");
    // "Forum économique mondial (WEF)": the acronym names the same thing.
    if (j + 2 < se && doc.Text(tok[j]) == "(" && tok[j + 1].has(kAllCaps) && doc.Text(tok[j + 2]) == ")") {
      Candidate a;
      a.tb = j + 1;
      a.te = j + 2;
      a.acronym = true;
      a.defined_by = static_cast<int>(cands->size());
      cands->push_back(std::move(c));
      Classify(doc, sb, se, &a, s);
      cands->push_back(std::move(a));
      i = j + 3;
      continue;
    }
    cands->push_back(std::move(c));
    i = j;
  }
}

void RuleNameMatcher::Find(const Document& doc, uint32_t article, const std::vector<Entity>& taken,
                           std::vector<Entity>* out) const {
  if (article >= doc.articles.size()) return;
  const Article& art = doc.articles[article];
  // The article's sentences and token range.
  const std::vector<Token>& tok = doc.tokens;
  // The article's tokens (the dateline's included, which no sentence holds)
  // and sentences: index ranges, never a scan of the whole document.
  uint32_t tok_begin = std::min<uint32_t>(art.token_begin, static_cast<uint32_t>(tok.size()));
  uint32_t tok_end = std::min<uint32_t>(art.token_end, static_cast<uint32_t>(tok.size()));
  const size_t n_sent = doc.sentences.size();
  auto sent_first = doc.sentences.begin() + static_cast<ptrdiff_t>(std::min<size_t>(art.sentence_begin, n_sent));
  auto sent_last = doc.sentences.begin() + static_cast<ptrdiff_t>(std::min<size_t>(art.sentence_end, n_sent));
  if (sent_last < sent_first) sent_last = sent_first;
  for (auto it = sent_first; it != sent_last; ++it) {
    const Sentence& st = *it;
    tok_begin = std::min(tok_begin, st.token_begin);
    tok_end = std::max(tok_end, st.token_end);
  }
  if (tok_begin >= tok_end) return;
  thread_local FindState state;
  FindState& fs = state;
  std::vector<uint8_t>& blocked = fs.blocked;
  blocked.assign(tok_end - tok_begin, 0);
  for (const Entity& e : taken) {
    if (e.span.end <= art.span.begin || e.span.begin >= art.span.end) continue;
    // Tokens are sorted and disjoint: jump to the first one ending after the
    // entity begins, so blocking stays linear (not tokens x entities).
    auto first = std::partition_point(tok.begin() + tok_begin, tok.begin() + tok_end,
                                      [&e](const Token& t) { return t.span.end <= e.span.begin; });
    for (auto i = static_cast<uint32_t>(first - tok.begin()); i < tok_end && tok[i].span.begin < e.span.end; ++i) {
      blocked[i - tok_begin] = 1;
    }
  }
  thread_local Scratch s;
  PrepareArticle(doc, tok_begin, tok_end, &s);
  // A huge article (a whole file read as one) must not pin its buffers on
  // this thread for the rest of the run.
  struct Trim {
    Scratch& s;
    FindState& fs;
    ~Trim() {
      constexpr size_t kKeep = size_t{16} << 20;
      if (s.folded.size() > kKeep) std::string().swap(s.folded);
      if (s.word.capacity() * sizeof(void*) > kKeep) {
        std::vector<const NameInfo*>().swap(s.word);
        std::vector<int16_t>().swap(s.classes);
        std::vector<uint32_t>().swap(s.fold_begin);
        std::vector<uint32_t>().swap(s.fold_end);
        std::vector<uint8_t>().swap(fs.blocked);
      }
      s.keep.clear();
    }
  } trim{s, fs};
  std::vector<Candidate>& cands = fs.cands;
  cands.clear();
  // The dateline ("PEKIN") is a place.
  if (!art.dateline.empty()) {
    uint32_t b = UINT32_MAX, e = 0;
    for (uint32_t i = tok_begin; i < tok_end; ++i) {
      if (tok[i].span.begin >= art.dateline.begin && tok[i].span.end <= art.dateline.end && IsWord(tok[i])) {
        b = std::min(b, i);
        e = std::max(e, i + 1);
      }
    }
    // A heading in capitals ("NOTICE", "NUMERO DU LOT") may look like a
    // dateline: a place is known to the lexicons or not a common word.
    if (b < e && Phrase(doc, b, e, &s) == nullptr) {
      bool common = true;
      for (uint32_t i = b; i < e; ++i) common = common && Classes(doc, i, &s) != 0;
      if (common) b = e;
    }
    if (b < e) {
      Candidate c;
      c.tb = b;
      c.te = e;
      c.dateline = true;
      const NameInfo* info = Phrase(doc, b, e, &s);
      c.key = s.key;
      if (info != nullptr && !info->canonical.empty()) c.canonical = info->canonical;
      c.AddVote(kVoteLoc, kUser, "dateline");
      for (uint32_t i = b; i < e; ++i) blocked[i - tok_begin] = 1;
      cands.push_back(std::move(c));
    }
  }
  for (auto it = sent_first; it != sent_last; ++it) {
    const Sentence& st = *it;
    if (st.part < art.parts.size()) {
      PartKind kind = art.parts[st.part].kind;
      if (kind == PartKind::kShortUrl || kind == PartKind::kPublished) continue;
    }
    ScanSentence(doc, st, blocked, tok_begin, &cands, &s);
  }
  {
    // A set, not a list: thousands of dropped keys must not go quadratic.
    KeyMap& dropped = fs.dropped;
    dropped.Clear();
    for (const Candidate& c : cands) {
      if (c.drop) dropped.Get(c.key);
    }
    if (!dropped.empty()) {
      for (Candidate& c : cands) {
        if (dropped.Contains(c.key)) c.drop = true;
      }
    }
  }
  if (cands.empty()) return;
  {
    KeyMap& keys = fs.keys;
    keys.Clear();
    for (const Candidate& c : cands) {
      if (!c.drop) keys.Get(c.key);
    }
    for (Candidate& c : cands) {
      if (c.drop || c.alt_tb == UINT32_MAX) continue;
      Phrase(doc, c.alt_tb, c.te, &s);
      if (keys.Contains(s.key)) {
        c.tb = c.alt_tb;
        c.key = s.key;
      }
    }
  }

  // Lists share their type: "MM. Jean Dubois, Favre et Martin",
  // "Renault, Stellantis et Volkswagen".
  {
    auto strength = [](const Candidate& c) { return c.votes[static_cast<size_t>(c.Best())]; };
    auto linked = [&](const Candidate& a, const Candidate& b) {
      if (a.drop || b.drop || a.te + 1 != b.tb) return false;
      std::string_view w = doc.Text(tok[a.te]);
      return w == "," || w == "et" || w == "ou";
    };
    for (int pass = 0; pass < 2; ++pass) {
      for (size_t k = 0; k + 1 < cands.size(); ++k) {
        size_t from = pass == 0 ? k : k + 1;
        size_t to = pass == 0 ? k + 1 : k;
        if (pass == 1) {
          from = cands.size() - 1 - k;
          to = from - 1;
        }
        Candidate& a = cands[std::min(from, to)];
        Candidate& b = cands[std::max(from, to)];
        if (!linked(a, b)) continue;
        const Candidate& src = cands[from];
        Candidate& dst = cands[to];
        if (strength(src) >= kLexicon && strength(dst) < kLexicon) {
          dst.AddVote(static_cast<Vote>(src.Best()), kWeakLexicon + 1, "coordination");
        }
      }
    }
  }
  // Group mentions into entities: longest names first, so that shorter
  // mentions find the full name they abbreviate.
  std::vector<uint32_t>& order = fs.order;
  order.resize(cands.size());
  for (uint32_t k = 0; k < order.size(); ++k) order[k] = k;
  std::stable_sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) {
    return cands[a].te - cands[a].tb > cands[b].te - cands[b].tb;
  });
  std::vector<Group>& groups = fs.groups;
  groups.clear();
  groups.reserve(cands.size());
  KeyMap& by_key = fs.by_key;
  by_key.Clear();
  // Indexes of the multiword groups, so linking a lone surname or an acronym
  // is a lookup, not a scan of every group (linear on long name lists).
  // Multiword candidates come first (longest first), so they are complete
  // before any one-word candidate looks them up.
  KeyMap& per_by_last_word = fs.per_by_last_word;  // a: last match, b: count
  per_by_last_word.Clear();
  KeyMap& org_by_initials = fs.org_by_initials;  // a: first match
  org_by_initials.Clear();
  // Room for every candidate's initials (at most its words' bytes), so the
  // views into this buffer never move.
  {
    size_t room = 1;
    for (const Candidate& c : cands) room += tok[c.te - 1].span.end - tok[c.tb].span.begin;
    fs.initials.clear();
    fs.initials.reserve(room);
  }
  auto last_word = [&](const Candidate& c) { return Key(doc, c.te - 1, c.te, &s); };
  auto initials = [&](const Candidate& c) {
    const size_t from = fs.initials.size();
    for (uint32_t k = c.tb; k < c.te; ++k) {
      if (!IsCap(tok[k])) continue;
      std::string_view w = doc.Text(tok[k]);
      if (tok[k].has(kAllCaps)) {
        fs.initials.append(w);
      } else {
        fs.initials.push_back(w[0]);
      }
    }
    return std::string_view(fs.initials).substr(from);
  };
  for (uint32_t k : order) {
    Candidate& c = cands[k];
    if (c.drop || c.defined_by >= 0) continue;  // definitions: after their name, below
    if (const KeyMap::Value* it = by_key.Find(c.key)) {
      c.group = it->a;
      continue;
    }
    bool multi = c.te - c.tb > 1;
    if (!multi) {
      // A surname alone: the person named in full earlier or later.
      std::string_view lw = last_word(c);
      int match = -1, count = 0;
      if (const KeyMap::Value* pl = per_by_last_word.Find(lw)) {
        match = pl->a;
        count = pl->b;
      }
      if (count == 1 && c.votes[kVoteOrg] < kStrongCue && c.votes[kVoteLoc] < kLexicon) {
        c.group = match;
      }
      // An acronym of an organization named in full.
      if (c.group < 0 && c.acronym) {
        std::string_view w = doc.Text(tok[c.tb]);
        if (const KeyMap::Value* oi = org_by_initials.Find(w)) c.group = oi->a;
      }
      if (c.group >= 0) continue;
    }
    Group g;
    Span span{tok[c.tb].span.begin, tok[c.te - 1].span.end};
    g.canonical = !c.canonical.empty() ? c.canonical : doc.Text(span);
    g.multiword = multi;
    g.last_word = last_word(c);
    g.initials = initials(c);
    g.type = c.Best();
    c.group = static_cast<int>(groups.size());
    by_key.Emplace(c.key, c.group);
    if (g.multiword && g.type == kVotePer) {
      KeyMap::Value& pl = per_by_last_word.Get(g.last_word);
      pl.a = c.group;
      ++pl.b;
    }
    if (g.multiword && g.type != kVotePer) org_by_initials.Emplace(g.initials, c.group);
    groups.push_back(std::move(g));
  }
  KeyMap& defined = fs.defined;  // "wef" → the group of its definition
  defined.Clear();
  for (Candidate& c : cands) {
    if (c.drop || c.defined_by < 0) continue;
    c.group = cands[static_cast<size_t>(c.defined_by)].group;
    if (c.group < 0) {
      c.drop = true;
    } else {
      defined.Emplace(c.key, c.group);
    }
  }
  if (!defined.empty()) {
    // Later bare uses of a defined acronym join its definition.
    for (Candidate& c : cands) {
      if (c.drop || c.defined_by >= 0) continue;
      if (const KeyMap::Value* d = defined.Find(c.key)) c.group = d->a;
    }
  }
  for (const Candidate& c : cands) {
    if (c.drop) continue;
    for (int v = 0; v < 3; ++v) groups[static_cast<size_t>(c.group)].votes[v] += c.votes[v];
  }
  for (Group& g : groups) {
    int best = kVotePer;
    for (int v : {kVoteOrg, kVoteLoc}) {
      if (g.votes[v] > g.votes[best]) best = v;
    }
    g.type = best;
    // A lone unknown word with no cue anywhere in the article.
    g.weak = !g.multiword && g.votes[static_cast<size_t>(best)] <= kWeakThreshold;
  }
  static constexpr EntityType kTypes[] = {EntityType::kPerson, EntityType::kOrganization, EntityType::kLocation};
  for (const Candidate& c : cands) {
    if (c.drop) continue;
    const Group& g = groups[static_cast<size_t>(c.group)];
    if (g.weak) continue;
    Entity e;
    e.type = kTypes[g.type];
    e.span = Span{tok[c.tb].span.begin, tok[c.te - 1].span.end};
    e.article = article;
    e.value = std::string(g.canonical);
    const char* rule = c.rules[g.type];
    e.rule = rule != nullptr ? rule : "linked";
    out->push_back(std::move(e));
  }
}

}  // namespace

StatusOr<std::unique_ptr<NameMatcher>> NameMatcher::Load(const DataPaths& paths,
                                                         const std::vector<std::string>& user_lexicons) {
  auto m = std::make_unique<RuleNameMatcher>();
  Status st = m->Init(paths, user_lexicons);
  if (!st.ok()) return st;
  return std::unique_ptr<NameMatcher>(std::move(m));
}

}  // namespace depeche
