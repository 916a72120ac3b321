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
#include <cassert>
#include <array>
#include <climits>
#include <cstddef>
#include <bit>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>
#include <type_traits>
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
// The longest run of capitalized words (with particles) taken as one name.
constexpr uint32_t kMaxRunTokens = 24;

struct Candidate {
  uint32_t tb = 0, te = 0;     // tokens [tb, te)
  std::array<int, 3> votes{};  // PER, ORG, LOC
  std::array<const char*, 3> rules{};  // strongest rule per type
  std::array<int, 3> rule_weight{};
  std::string_view key;        // folded text, the grouping key (in Scratch::arena)
  std::string_view canonical;  // gazetteer or user form when known (in the lexicon)
  int group = -1;
  int defined_by = -1;         // candidate index of "Name (ACR)"
  uint32_t key_id = 0;         // key's index in FindState::keys (one per distinct key)
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
  std::string_view last_word;  // folded last word, for "M. Ding" → "Jeffrey Ding" (multiword PER only)
  std::string_view initials;  // "GM" for "General Motors" (in FindState::initials; multiword non-PER only)
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
  // Every pattern holds a hyphen: most words have none. An inner one
  // starts at a hyphen of w: only those places are tried.
  size_t dash = w.find('-');
  if (dash == std::string_view::npos) return false;
  for (; dash != std::string_view::npos; dash = w.find('-', dash + 1)) {
    const std::string_view rest = w.substr(dash);
    // Every inner pattern goes on with one of these ("Jean-Pierre" does not).
    if (rest.size() < 3 || std::string_view("sdlea").find(rest[1]) == std::string_view::npos) continue;
    for (std::string_view p : kInner) {
      if (rest.substr(0, p.size()) == p) return true;
    }
  }
  switch (w[0]) {  // the prefixes' first letters
    case 'B': case 'F': case 'M': case 'N': case 'P': case 'S': case 'V':
      for (std::string_view p : kPrefix) {
        if (w.substr(0, p.size()) == p && w.size() > p.size()) return true;
      }
      break;
    default:
      break;
  }
  return false;
}

// Titles whose "de X" names the person: "le général de Gaulle", "la
// comtesse de Ségur" (not "le directeur de X", where X is an organization).
bool IsNobleTitle(std::string_view w) {
  static const detail::WordSet kTitles = {
      "cardinal", "général", "maréchal", "amiral", "colonel", "capitaine", "lieutenant", "commandant",
      "comte", "comtesse", "duc", "duchesse", "marquis", "marquise", "baron", "baronne", "vicomte",
      "vicomtesse", "chevalier", "abbé", "seigneur", "sire", "dame", "madame", "monsieur", "mademoiselle"};
  return kTitles.Contains(w);
}

// Roles whose "de X" is a place: "le maire de Lyon", "le préfet de l'Isère".
bool IsPlaceRole(std::string_view w) {
  static const detail::WordSet kRoles = {
      "maire", "mairesse", "préfet", "préfète", "sous-préfet", "gouverneur", "gouverneure", "évêque",
      "archevêque", "député", "députée", "sénateur", "sénatrice", "bourgmestre", "consul", "élu", "élue",
      "habitant", "habitante", "habitants", "habitantes", "originaire", "originaires", "natif", "native"};
  return kRoles.Contains(w);
}

// Capitalized words that open a sentence and never continue a name
// ("... au Parlement Mais la loi"): conjunctions, prepositions, pronouns.
bool IsSentenceOpener(std::string_view w) {
  static const detail::WordSet kWords = {
      "Et", "Mais", "Ou", "Donc", "Or", "Ni", "Car", "Puis", "Alors", "Ainsi", "Enfin", "Cependant",
      "Pourtant", "Toutefois", "En", "Dans", "Par", "Pour", "Sur", "Sous", "Avec", "Depuis", "Selon",
      "Après", "Avant", "Pendant", "Les", "Un", "Une", "Ce", "Cette", "Ces", "Il", "Elle", "Ils", "Elles",
      "On", "Nous", "Vous", "Je", "Quant", "Lors", "Si", "Quand", "Lorsque", "Comme", "Aussi", "Cela"};
  return kWords.Contains(w);
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
inline bool IsRomanOrInitial(std::string_view w) {
  if (w.size() == 2 && w[1] == '.') return true;
  auto roman = [](char ch) { return ch == 'I' || ch == 'V' || ch == 'X' || ch == 'L' || ch == 'C'; };
  if (w.empty() || !roman(w[0])) return false;  // most words
  size_t n = 1;
  while (n < w.size() && roman(w[n])) ++n;
  return n > 0 && (n == w.size() || (n + 1 == w.size() && w[n] >= 'a' && w[n] <= 'd'));
}

// The high bit of each byte of x that is an ASCII byte in [lo, hi] (SWAR).
template <char lo, char hi>
[[gnu::always_inline]] inline uint64_t RangeBytes(uint64_t x) {
  constexpr uint64_t kOnes = 0x0101010101010101ull, kHigh = 0x8080808080808080ull;
  const uint64_t low = x & ~kHigh;                      // no carry between bytes below
  const uint64_t ge = low + (0x80 - lo) * kOnes;        // high bit set when byte >= lo
  const uint64_t gt = low + (0x80 - hi - 1) * kOnes;    // high bit set when byte > hi
  return ge & ~gt & ~x & kHigh;                         // ~x: ASCII bytes only
}
[[gnu::always_inline]] inline uint64_t DigitBytes(uint64_t x) { return RangeBytes<'0', '9'>(x); }

// "McDonald", "iPhone": an uppercase ASCII letter after a lowercase one. A
// short word (most) in one 8-byte step.
bool IsCamel(std::string_view text, Span sp) {
  const size_t n = sp.size();
  if (n <= 8 && sp.begin <= text.size() && text.size() - sp.begin >= 8) {
    uint64_t x;
    std::memcpy(&x, text.data() + sp.begin, 8);
    const uint64_t live = n == 8 ? ~uint64_t{0} : (uint64_t{1} << (8 * n)) - 1;
    return ((RangeBytes<'A', 'Z'>(x) & RangeBytes<'a', 'z'>(x) << 8) & live) != 0;  // little-endian
  }
  const std::string_view w = text.substr(sp.begin, sp.size());
  for (size_t i = 1; i < w.size(); ++i) {
    if (w[i] >= 'A' && w[i] <= 'Z' && w[i - 1] >= 'a' && w[i - 1] <= 'z') return true;
  }
  return false;
}

bool HasDigitLong(std::string_view text, Span sp);

// Whether the token's text has an ASCII digit: a short word (most) in one
// 8-byte step (SWAR).
[[gnu::always_inline]] inline bool HasDigit(std::string_view text, Span sp) {
  const size_t n = sp.size();
  if (n <= 8 && sp.begin <= text.size() && text.size() - sp.begin >= 8) {
    uint64_t x;
    std::memcpy(&x, text.data() + sp.begin, 8);
    const uint64_t live = n == 8 ? ~uint64_t{0} : (uint64_t{1} << (8 * n)) - 1;
    return (DigitBytes(x) & live) != 0;
  }
  return HasDigitLong(text, sp);
}

// HasDigit for any token: 8 bytes at a time where the text has them.
bool HasDigitLong(std::string_view text, Span sp) {
  const size_t end = std::min<size_t>(sp.end, text.size());
  size_t k = sp.begin;
  for (; k < end && text.size() - k >= 8; k += 8) {
    uint64_t x;
    std::memcpy(&x, text.data() + k, 8);
    const size_t m = end - k;
    const uint64_t live = m >= 8 ? ~uint64_t{0} : (uint64_t{1} << (8 * m)) - 1;
    if ((DigitBytes(x) & live) != 0) return true;
  }
  for (; k < end; ++k) {
    if (text[k] >= '0' && text[k] <= '9') return true;
  }
  return false;
}

bool IsWord(const Token& t) { return t.kind == TokenKind::kWord; }

// w == lit for a string literal: the sizes first, then a memcmp of a
// constant size, which the compiler inlines (operator== calls out).
template <size_t N>
[[gnu::always_inline]] inline bool Eq(std::string_view w, const char (&lit)[N]) {
  return w.size() == N - 1 && std::memcmp(w.data(), lit, N - 1) == 0;
}

bool IsCap(const Token& t) { return IsWord(t) && (t.has(kCapitalized) || t.has(kAllCaps)); }

// Bump allocation in blocks that never move: phrase keys are views into it,
// valid until Reset (once per article), and the blocks are kept for the
// next article (no allocation once they have grown).
class KeyArena {
 public:
  // Room for n bytes and 8 more (for 8-byte stores and loads past the end
  // of a key); Commit then keeps the bytes used.
  char* Reserve(size_t n) {
    if (static_cast<size_t>(end_ - next_) >= n + 8) return next_;
    return NextBlock(n + 8);
  }
  std::string_view Commit(const char* p, size_t len) {
    next_ = const_cast<char*>(p) + len;
    return std::string_view(p, len);
  }
  void Reset() {
    cur_ = 0;
    next_ = end_ = nullptr;
    if (!blocks_.empty()) Use(0);
  }
  void Release() {
    blocks_.clear();
    total_ = 0;
    Reset();
  }
  size_t capacity() const { return total_; }

 private:
  static constexpr size_t kBlock = size_t{64} << 10;
  struct Block {
    std::unique_ptr<char[]> data;
    size_t size;
  };
  void Use(size_t k) {
    cur_ = k;
    next_ = blocks_[k].data.get();
    end_ = next_ + blocks_[k].size;
  }
  char* NextBlock(size_t need) {
    size_t k = next_ == nullptr ? 0 : cur_ + 1;
    while (k < blocks_.size() && blocks_[k].size < need) ++k;
    if (k == blocks_.size()) {
      const size_t size = std::max(need, kBlock);
      blocks_.push_back(Block{std::make_unique<char[]>(size), size});  // zeroed: no uninitialized reads
      total_ += size;
    }
    Use(k);
    return next_;
  }
  std::vector<Block> blocks_;
  size_t cur_ = 0, total_ = 0;
  char* next_ = nullptr;
  char* end_ = nullptr;
};

// What is known about one token of the article, computed on first use.
// Its first kCleared bytes all zero are "nothing asked yet": PrepareArticle
// clears them for the article's entries at once (a store per token costs
// less than a check at every use); the other fields are set with the ones
// that say they are known, and hold stale values until then.
struct TokenMemo {
  static constexpr uint32_t kSet = 1u << 31;  // in classes: asked (no NameFlag has it)
  static constexpr size_t kCleared = 16;
  // Cleared per article.
  const char* key_data;        // its fold (in Scratch::arena), nullptr until asked
  // PhraseEndingAt's answers: Pack(the flags of the phrase of n = 1..4
  // words ending here, its plural cue included), 0 until asked. Classify
  // asks about the same few tokens before a name for roles, organization
  // and place cues.
  uint8_t ending[4];
  uint8_t ends_filled;         // ending[0 .. ends_filled) are set (by FillEndings)
  bool word_asked;
  uint16_t classes;            // kSet >> 16 | common-word classes, 0 until asked
  // Stale until set.
  const NameInfo* word;        // the lexicon's entry for key, once word_asked
  uint32_t key_size;           // with key_data
  // The flags of ending[0 .. ends_filled), set with ends_filled: most
  // tokens end no cue, and a question about them is answered from this alone.
  uint8_t ends_any;
  bool plain;                  // a plain token (detail::IsPlainToken), with key_data
  bool ascii;                  // key is the text lowercased (short ASCII words), with key_data

  std::string_view key() const { return {key_data, key_size}; }
  void set_key(std::string_view k, bool is_plain, bool is_ascii) {
    key_data = k.data();
    key_size = static_cast<uint32_t>(k.size());
    plain = is_plain;
    ascii = is_ascii;
  }
  // kEndFiltered's flags (bits 9 to 15) in bits 1 to 7, and bit 0: asked.
  static_assert((detail::kEndFiltered & ~uint32_t{0xFE00}) == 0);
  static constexpr uint8_t Pack(uint32_t flags) {
    return static_cast<uint8_t>(1 | (flags & detail::kEndFiltered) >> 8);
  }
  static uint8_t PackedFlag(uint32_t flag) { return static_cast<uint8_t>((flag & detail::kEndFiltered) >> 8); }
};
static_assert(std::is_trivially_copyable_v<TokenMemo> && sizeof(TokenMemo) == 32 &&
              offsetof(TokenMemo, word) == TokenMemo::kCleared);

// A phrase key's length, first 8 bytes and last byte, known from its
// tokens' keys without writing it: enough for the lexicon's filter.
// Value-initialize (KeyShape x{}) to start one: arrays of them are left
// uninitialized (written before read).
struct KeyShape {
  static_assert(std::endian::native == std::endian::little, "head is detail::LoadHead8's word");
  uint64_t head;  // the first min(size, 8) bytes, zero-padded
  size_t size;
  char last;
  static uint64_t Low(size_t n) { return n >= 8 ? ~uint64_t{0} : (uint64_t{1} << (8 * n)) - 1; }
  // Appends n bytes whose first min(n, 8) are the low bytes of `bytes`.
  void Append(uint64_t bytes, size_t n) {
    if (size < 8) head |= (bytes & Low(n)) << (8 * size);  // bytes past 8 shift out
    size += n;
  }
  // The same in front.
  void Prepend(uint64_t bytes, size_t n) {
    head = n >= 8 ? bytes : (bytes & Low(n)) | head << (8 * n);
    size += n;
  }
  // The filter hash of the key's first n bytes (n <= size).
  uint64_t Hash(size_t n) const { return detail::FilterMix(head & Low(n), n); }
};

// Per-call scratch space, reused across tokens and, being thread_local in
// Find, across calls (no per-token allocation).
struct Scratch {
  // The article's tokens [base, base + count). Keys are folded when first
  // asked for, not the whole article up front: most tokens never are.
  uint32_t base = 0, count = 0;
  std::vector<TokenMemo> memo;
  KeyArena arena;
  std::string slow;  // AppendFoldedPhrase's output, before the arena
  // The last multiword PhraseInfo() or Phrase(): Classify asks again for
  // the name that ScanSentence just looked up. memo_key.data() == nullptr
  // when only the answer is known (the filter's).
  uint32_t memo_b = UINT32_MAX, memo_e = 0;
  std::string_view memo_key;
  const NameInfo* memo_info = nullptr;
  std::string lower, phrase;
  std::string_view key;               // key of the last Phrase()

  // Every token Find asks about is in the article's range: the tokens of
  // its sentences (each question stays within the sentence it is about)
  // and of its dateline, from which Find computes the range. So no check
  // here: the memo is read for a few tokens around each name, several
  // times each.
  [[gnu::always_inline]] TokenMemo* At(uint32_t i) {
    assert(i - base < count);
    return memo.data() + (i - base);
  }
  bool Covers(uint32_t b, uint32_t e) const { return b >= base && b < e && e - base <= count; }
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
    uint64_t h = detail::PhraseHash(k);
    for (size_t i = h & mask_;; i = (i + 1) & mask_) {
      const Slot& x = slots_[i];
      if (x.gen != gen_) return nullptr;
      if (x.hash == h && x.key.size() == k.size() && detail::SameKeyBytes(x.key.data(), k.data(), k.size())) return &x.value;
    }
  }
  // The value of k, inserted as {0, 0} when absent; *inserted says which.
  Value& Get(std::string_view k, bool* inserted = nullptr) {
    if ((size_ + 1) * 2 > slots_.size()) Grow();
    uint64_t h = detail::PhraseHash(k);
    for (size_t i = h & mask_;; i = (i + 1) & mask_) {
      Slot& x = slots_[i];
      if (x.gen != gen_) {
        x = Slot{k, h, gen_, {}};
        ++size_;
        if (inserted != nullptr) *inserted = true;
        return x.value;
      }
      if (x.hash == h && x.key.size() == k.size() && detail::SameKeyBytes(x.key.data(), k.data(), k.size())) {
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
  std::vector<uint32_t> order, next_by_length;
  std::vector<Group> groups;
  std::string initials;  // the groups' initials, reserved so views stay valid
  // The article's candidate keys, each looked up once: key_ids maps a key
  // to its index in keys, which holds what Find learns about it.
  struct KeyInfo {
    bool dropped = false;  // some candidate with it is not a name
    bool listed = false;   // some candidate with it was kept (before the alternative starts)
    int group = -1;        // the group of its first candidate
    int defined = -1;      // the group of its definition "Name (ACR)"
  };
  KeyMap key_ids;
  std::vector<KeyInfo> keys;
  KeyMap per_by_last_word, org_by_initials;
};

class RuleNameMatcher : public NameMatcher {
 public:
  Status Init(const DataPaths& paths, const std::vector<std::string>& user) {
    Status st = lex_.Load(paths, user);
    max_end_words_ = std::min(lex_.max_words(), 4);
    return st;
  }

  void Find(const Document& doc, uint32_t article, const std::vector<Entity>& taken,
            std::vector<Entity>* out) const override;

 private:
  // Resets s for the article's tokens [tb, te) (see Scratch).
  void PrepareArticle(uint32_t tb, uint32_t te, Scratch* s) const;
  // The folded key of tokens [b, e), as AppendFoldedPhrase folds their
  // text; valid until the end of Find.
  [[gnu::always_inline]] std::string_view Key(const Document& doc, uint32_t b, uint32_t e, Scratch* s) const {
    if (e == b + 1) return MemoKey(doc, b, s->At(b), s);
    return PhraseKey(doc, b, e, s);
  }
  [[gnu::always_inline]] std::string_view MemoKey(const Document& doc, uint32_t i, TokenMemo* m, Scratch* s) const {
    if (m->key_data == nullptr) {
      // Most tokens: a short ASCII word, folded inline.
      const Span sp = doc.tokens[i].span;
      char* p = s->arena.Reserve(3 * size_t{sp.size()});
      if (detail::FoldShortAscii(doc.text.view(), sp, p)) {
        m->set_key(s->arena.Commit(p, sp.size()), /*is_plain=*/true, /*is_ascii=*/true);
      } else {
        TokenKey(doc, i, m, s);
      }
    }
    return m->key();
  }
  // Key's cases: one token, folded on its own (sets m's key and m->plain;
  // MemoKey folds short ASCII words itself); anything else.
  void TokenKey(const Document& doc, uint32_t i, TokenMemo* m, Scratch* s) const;
  std::string_view PhraseKey(const Document& doc, uint32_t b, uint32_t e, Scratch* s) const;
  // AppendFoldedPhrase of the text of tokens [b, e), copied to the arena.
  std::string_view SlowKey(const Document& doc, uint32_t b, uint32_t e, Scratch* s) const;
  // The shape of the key of tokens [b, e) of the article when their keys
  // simply join (plain tokens, nothing or one space between them); false
  // otherwise.
  bool Shape(const Document& doc, uint32_t b, uint32_t e, Scratch* s, KeyShape* shape) const;
  // The lexicon's entry for tokens [b, e), the key not kept.
  const NameInfo* PhraseInfo(const Document& doc, uint32_t b, uint32_t e, Scratch* s) const;
  // The lexicon's entry for tokens [b, e); sets s->key.
  const NameInfo* Phrase(const Document& doc, uint32_t b, uint32_t e, Scratch* s) const;
  [[gnu::always_inline]] const NameInfo* Word(const Document& doc, uint32_t i, Scratch* s) const {
    TokenMemo* m = s->At(i);
    if (m->word_asked) return m->word;
    return AskWord(doc, i, m, s);
  }
  // Word's first time for a token (m its memo).
  [[gnu::noinline]] const NameInfo* AskWord(const Document& doc, uint32_t i, TokenMemo* m, Scratch* s) const {
    m->word = lex_.Find(MemoKey(doc, i, m, s));
    m->word_asked = true;
    return m->word;
  }
  // The shape of token k's key (m its memo); false when the token is not
  // plain. (The key is folded even so: a word looked at is looked up.)
  [[gnu::always_inline]] bool TokenShape(const Document& doc, uint32_t k, TokenMemo* m, Scratch* s, uint64_t* head,
                                         size_t* size, char* last) const {
    const std::string_view key = MemoKey(doc, k, m, s);
    if (!m->plain) return false;
    uint64_t bytes;
    std::memcpy(&bytes, key.data(), 8);  // the arena has 8 bytes of room past any key
    *head = bytes & KeyShape::Low(key.size());
    *size = key.size();
    *last = key.back();  // a plain token's key is never empty
    return true;
  }
  // False when token i is in no list of kWordFiltered. The filter answers
  // for most words without their key (an ASCII word's first 8 bytes are
  // folded in a register), and a lookup for them is seldom needed again.
  [[gnu::always_inline]] bool MayHaveWordFlags(const Document& doc, uint32_t i, Scratch* s) const {
    uint64_t fold;
    if (detail::AsciiFoldHead(doc.text.view(), doc.tokens[i].span, &fold)) {
      return lex_.MayHaveWordFlags(detail::FilterMix(fold, doc.tokens[i].span.size()));
    }
    return lex_.MayHaveWordFlags(detail::FilterHash(MemoKey(doc, i, s->At(i), s)));
  }
  [[gnu::always_inline]] uint32_t Flags(const Document& doc, uint32_t i, Scratch* s) const {
    const NameInfo* n = Word(doc, i, s);
    return n == nullptr ? 0 : n->flags;
  }
  [[gnu::always_inline]] uint8_t Classes(const Document& doc, uint32_t i, Scratch* s) const {
    TokenMemo* m = s->At(i);
    if (m->classes == 0) m->classes = (TokenMemo::kSet >> 16) | ComputeClasses(doc, i, m, s);
    return static_cast<uint8_t>(m->classes);
  }
  // m: token i's memo.
  uint8_t ComputeClasses(const Document& doc, uint32_t i, const TokenMemo* m, Scratch* s) const;
  // For "Revenons-en", "Ex-directeur": the classes shared by every part when
  // all parts are common words, else 0.
  uint8_t HyphenatedClasses(const Document& doc, uint32_t i, Scratch* s) const;
  // Longest phrase ending at token `last` (inclusive) whose flags match.
  // Most questions are about a token whose endings are all known already
  // and match no such flag: answered inline from its memo.
  [[gnu::always_inline]] int PhraseEndingAt(const Document& doc, uint32_t first_allowed, uint32_t last, uint32_t flag,
                                            Scratch* s) const {
    const TokenMemo* m = s->At(last);
    if (m->ends_filled >= max_end_words_ &&
        (m->ends_any & TokenMemo::PackedFlag(flag)) == 0) {
      return 0;  // ends_any holds the flags of every phrase PhraseEndingAt may ask about here
    }
    return AskPhraseEndingAt(doc, first_allowed, last, flag, s);
  }
  [[gnu::noinline]] int AskPhraseEndingAt(const Document& doc, uint32_t first_allowed, uint32_t last, uint32_t flag,
                                          Scratch* s) const;
  // The flags of the words [b, last] as a phrase, or of its singular
  // ("dirigeants" → "dirigeant"); 0 when a token is not a word.
  uint32_t EndingFlags(const Document& doc, uint32_t b, uint32_t last, Scratch* s) const;
  // EndingFlags without its checks: the lexicon's answers.
  uint32_t LookupEnding(const Document& doc, uint32_t b, uint32_t last, Scratch* s) const;
  // Sets m->ending[n - 1] = Pack(EndingFlags(last + 1 - n, last)) for n = 1..max_n
  // where unset (m is last's memo; the tokens are in the article), from
  // one walk over the tokens.
  void FillEndings(const Document& doc, uint32_t last, int max_n, TokenMemo* m, Scratch* s) const;
  // The shapes of the keys of tokens [i, i + n) for n = 1..k, in shapes[n]
  // (k <= max_n): as far as Shape would know them. Stops early, setting
  // *longest = n, when no entry of kBeginFiltered can be a phrase of more
  // than n words from i (none starts with the key of the first n words
  // and the space after them).
  int PrefixShapes(const Document& doc, uint32_t i, int max_n, Scratch* s, KeyShape* shapes, int* longest) const;
  // PhraseInfo when the shape of the key is known.
  const NameInfo* ShapedInfo(const Document& doc, uint32_t b, uint32_t e, const KeyShape& shape, Scratch* s) const {
    if (b == s->memo_b && e == s->memo_e) return s->memo_info;
    if (lex_.MayContain(shape.Hash(shape.size))) return Phrase(doc, b, e, s);
    s->memo_b = b;
    s->memo_e = e;
    s->memo_key = {};
    s->memo_info = nullptr;
    return nullptr;
  }
  [[gnu::always_inline]] bool IsDe(const Document& doc, uint32_t i) const {
    const Span sp = doc.tokens[i].span;  // de du d' des
    const char* w = doc.text.view().data() + sp.begin;
    if (sp.size() == 2) return w[0] == 'd' && (w[1] == 'e' || w[1] == 'u' || w[1] == '\'');
    return sp.size() == 3 && w[0] == 'd' && w[1] == 'e' && w[2] == 's';
  }

  // Extends an organization name at token j over lowercase adjectives and
  // up to three de-complements; returns the new end.
  uint32_t ExtendOrg(const Document& doc, uint32_t j, uint32_t se, const std::vector<uint8_t>& blocked, uint32_t base,
                     bool allow_cap, Scratch* s) const;
  void ScanSentence(const Document& doc, const Sentence& sent, const std::vector<uint8_t>& blocked,
                    uint32_t base, std::vector<Candidate>* cands, Scratch* s) const;
  void Classify(const Document& doc, uint32_t sent_begin, uint32_t sent_end, Candidate* c, Scratch* s) const;

  NameLexicon lex_;
  int max_end_words_ = 1;  // PhraseEndingAt's longest phrase: min(lex_.max_words(), 4)
};

void RuleNameMatcher::PrepareArticle(uint32_t tb, uint32_t te, Scratch* s) const {
  s->base = tb;
  s->count = te - tb;
  if (s->memo.size() < te - tb) s->memo.resize(te - tb);
  // Zero bytes are null pointers and false (on every target we build for).
  // Only the first kCleared bytes of an entry say what is known: one
  // 16-byte store of a zeroed register each (constant-size memsets),
  // four entries a step (fill_n reloaded the value from the stack at every
  // entry; a memset of the whole range may go to `rep stosb`).
  static_assert(sizeof(TokenMemo) == 32 && TokenMemo::kCleared == 16);
  char* const memo = reinterpret_cast<char*>(s->memo.data());
  const size_t n = te - tb;
  size_t k = 0;
  for (; k + 4 <= n; k += 4) {
    char* const at = memo + sizeof(TokenMemo) * k;
    std::memset(at, 0, 16);
    std::memset(at + 32, 0, 16);
    std::memset(at + 64, 0, 16);
    std::memset(at + 96, 0, 16);
  }
  for (; k < n; ++k) std::memset(memo + sizeof(TokenMemo) * k, 0, 16);
#if !defined(NDEBUG) || defined(__SANITIZE_ADDRESS__)
  // The other 16 bytes keep the last article's values until set: garbage
  // here makes a read before set show in the tests (debug builds, and CI's
  // sanitizer build).
  for (k = 0; k < n; ++k) std::memset(memo + sizeof(TokenMemo) * k + 16, 0x5A, sizeof(TokenMemo) - 16);
#endif
  s->arena.Reset();
  s->memo_b = UINT32_MAX;
}

std::string_view RuleNameMatcher::SlowKey(const Document& doc, uint32_t b, uint32_t e, Scratch* s) const {
  Span span{doc.tokens[b].span.begin, doc.tokens[e - 1].span.end};
  s->slow.clear();
  detail::AppendFoldedPhrase(doc.Text(span), &s->slow);
  char* p = s->arena.Reserve(s->slow.size());
  std::memcpy(p, s->slow.data(), s->slow.size());
  return s->arena.Commit(p, s->slow.size());
}

[[gnu::noinline]] void RuleNameMatcher::TokenKey(const Document& doc, uint32_t i, TokenMemo* m, Scratch* s) const {
  const std::string_view text = doc.text.view();
  const Span sp = doc.tokens[i].span;
  if (!detail::IsPlainToken(text, sp)) {
    m->set_key(SlowKey(doc, i, i + 1, s), /*is_plain=*/false, /*is_ascii=*/false);
    return;
  }
  char* p = s->arena.Reserve(3 * size_t{sp.size()});
  m->set_key(s->arena.Commit(p, static_cast<size_t>(detail::FoldToken(text, sp, p) - p)), /*is_plain=*/true,
             /*is_ascii=*/false);
}

std::string_view RuleNameMatcher::PhraseKey(const Document& doc, uint32_t b, uint32_t e, Scratch* s) const {
  const std::string_view text = doc.text.view();
  const std::vector<Token>& tok = doc.tokens;
  // Plain tokens that do not overlap: their folds joined by the folds of
  // the gaps (the same bytes as AppendFoldedPhrase of the whole text, which
  // folds every other case).
  if (!s->Covers(b, e) || tok[e - 1].span.end < tok[b].span.begin) return SlowKey(doc, b, e, s);
  char* const start = s->arena.Reserve(3 * size_t{tok[e - 1].span.end - tok[b].span.begin});
  char* q = start;
  for (uint32_t k = b; k < e; ++k) {
    const Span sp = tok[k].span;
    TokenMemo& m = *s->At(k);
    const bool plain = m.key_data != nullptr ? m.plain : detail::IsPlainToken(text, sp);
    if (!plain || (k > b && sp.begin < tok[k - 1].span.end)) {
      s->arena.Commit(start, static_cast<size_t>(q - start));  // keeps the token keys set below
      return SlowKey(doc, b, e, s);
    }
    if (k > b) {
      const uint32_t prev = tok[k - 1].span.end;
      if (sp.begin == prev + 1 && text[prev] == ' ') {
        *q++ = ' ';
      } else if (sp.begin != prev) {
        q = detail::FoldGap(text, prev, sp.begin, q);
      }
    }
    if (m.key_data != nullptr) {
      // A copy 8 bytes at a time: the arena has 8 bytes of room past any key.
      for (size_t o = 0; o < m.key_size; o += 8) std::memcpy(q + o, m.key_data + o, 8);
      q += m.key_size;
    } else {
      char* from = q;
      q = detail::FoldToken(text, sp, q);
      m.set_key(std::string_view(from, static_cast<size_t>(q - from)), /*is_plain=*/true,
                /*is_ascii=*/false);  // the arena keeps it
    }
  }
  return s->arena.Commit(start, static_cast<size_t>(q - start));
}

bool RuleNameMatcher::Shape(const Document& doc, uint32_t b, uint32_t e, Scratch* s, KeyShape* shape) const {
  const std::string_view text = doc.text.view();
  const std::vector<Token>& tok = doc.tokens;
  for (uint32_t k = b; k < e; ++k) {
    TokenMemo* m = s->At(k);
    std::string_view key = MemoKey(doc, k, m, s);
    if (!m->plain) return false;
    if (k > b) {
      const uint32_t prev = tok[k - 1].span.end, next = tok[k].span.begin;
      if (next == prev + 1 && text[prev] == ' ') {
        shape->Append(' ', 1);
      } else if (next != prev) {
        return false;  // overlapping, or another gap: PhraseKey knows
      }
    }
    uint64_t bytes;
    std::memcpy(&bytes, key.data(), 8);  // the arena has 8 bytes of room past any key
    shape->Append(bytes, key.size());
    shape->last = key.back();  // a plain token's key is never empty
  }
  return true;
}

const NameInfo* RuleNameMatcher::PhraseInfo(const Document& doc, uint32_t b, uint32_t e, Scratch* s) const {
  if (e == b + 1) return Word(doc, b, s);
  if (b == s->memo_b && e == s->memo_e) return s->memo_info;
  // Most phrases are in no list: the filter says so from the key's shape,
  // without writing the key.
  KeyShape shape{};
  if (b < e && Shape(doc, b, e, s, &shape) && !lex_.MayContain(shape.Hash(shape.size))) {
    s->memo_b = b;
    s->memo_e = e;
    s->memo_key = {};
    s->memo_info = nullptr;
    return nullptr;
  }
  return Phrase(doc, b, e, s);
}

const NameInfo* RuleNameMatcher::Phrase(const Document& doc, uint32_t b, uint32_t e, Scratch* s) const {
  if (e == b + 1) {  // one word: Word's answer, asked once
    const NameInfo* info = Word(doc, b, s);
    s->key = MemoKey(doc, b, s->At(b), s);  // Word may not have needed it
    return info;
  }
  const bool same = b == s->memo_b && e == s->memo_e;
  if (same && s->memo_key.data() != nullptr) {
    s->key = s->memo_key;
    return s->memo_info;
  }
  s->key = Key(doc, b, e, s);
  s->memo_key = s->key;
  if (!same) {
    s->memo_b = b;
    s->memo_e = e;
    s->memo_info = lex_.Find(s->key);
  }
  return s->memo_info;
}

[[gnu::noinline]] uint8_t RuleNameMatcher::ComputeClasses(const Document& doc, uint32_t i, const TokenMemo* m,
                                                          Scratch* s) const {
  // AppendLower of the word: the key of a short ASCII word when folded
  // already (the same bytes); else the word is lowered into a buffer on the
  // stack, ASCII 8 bytes at a time (SWAR) and the Latin-1 letters (U+00C0
  // to U+00FF: "é", "É", the accented letters of French) one by one, up to
  // any other character, from which on it goes to s->lower.
  std::string_view lower;
  char buf[64];
  if (m->key_data != nullptr && m->ascii) {
    lower = m->key();
  } else {
    const std::string_view text = doc.text.view();
    const Span sp = doc.tokens[i].span;
    const std::string_view w = doc.Text(sp);
    constexpr uint64_t kOnes = 0x0101010101010101ull, kHigh = 0x8080808080808080ull;
    size_t k = 0;  // the same number of bytes in and out
    if (w.size() + 8 <= sizeof buf) {
      while (k < w.size()) {
        if (text.size() - sp.begin - k >= 8) {
          uint64_t x;
          std::memcpy(&x, w.data() + k, 8);
          const size_t rest = w.size() - k;
          const uint64_t live = rest >= 8 ? ~uint64_t{0} : (uint64_t{1} << (8 * rest)) - 1;
          const uint64_t high = x & kHigh & live;
          // Bytes before the first non-ASCII one (a carry only runs upward).
          const size_t ascii = high == 0 ? (rest >= 8 ? 8 : rest) : static_cast<size_t>(__builtin_ctzll(high)) / 8;
          const uint64_t ge_a = x + (0x80 - 'A') * kOnes;      // high bit set when byte >= 'A'
          const uint64_t gt_z = x + (0x80 - 'Z' - 1) * kOnes;  // high bit set when byte > 'Z'
          x |= (ge_a & ~gt_z & kHigh) >> 2;                    // set bit 5 of 'A'..'Z'
          std::memcpy(buf + k, &x, 8);
          k += ascii;
          if (ascii == 8 || k == w.size()) continue;
        }
        const auto b = static_cast<unsigned char>(w[k]);
        if (b < 0x80) {  // near the text's end
          buf[k++] = static_cast<char>(b >= 'A' && b <= 'Z' ? b + 32 : b);
          continue;
        }
        const auto c = k + 1 < w.size() ? static_cast<unsigned char>(w[k + 1]) : 0;
        if (b != 0xC3 || c < 0x80 || c > 0xBF) break;
        // U+00C0..U+00DE but U+00D7 (the sign ×) are capitals, 0x20 below their lowercase.
        buf[k] = static_cast<char>(b);
        buf[k + 1] = static_cast<char>(c <= 0x9E && c != 0x97 ? c + 0x20 : c);
        k += 2;
      }
    }
    lower = std::string_view(buf, k);
    if (k < w.size()) {
      s->lower.clear();
      if (k > 0) s->lower.append(buf, k);  // the part lowered above
      detail::AppendLower(w.substr(k), &s->lower);
      lower = s->lower;
    }
  }
  uint8_t c = lex_.WordClasses(lower);
  if (c != 0 || lower.empty()) return c;
  // Capitals often drop their accent: "Etat" is "état", "Ecole" is "école".
  static constexpr std::pair<char, std::array<std::string_view, 3>> kAccents[] = {
      {'e', {"é", "è", "ê"}}, {'a', {"à", "â", ""}}, {'i', {"î", "", ""}},
      {'o', {"ô", "", ""}},   {'u', {"û", "", ""}},  {'c', {"ç", "", ""}}};
  char first = lower[0];
  for (const auto& [base, variants] : kAccents) {
    if (base != first) continue;
    char accented[64];  // the variant, on the stack when it fits
    for (std::string_view v : variants) {
      if (v.empty()) continue;
      std::string_view word;
      if (v.size() + lower.size() - 1 <= sizeof accented) {
        std::memcpy(accented, v.data(), v.size());
        std::memcpy(accented + v.size(), lower.data() + 1, lower.size() - 1);
        word = std::string_view(accented, v.size() + lower.size() - 1);
      } else {
        s->phrase.assign(v);
        s->phrase.append(lower.substr(1));
        word = s->phrase;
      }
      c = lex_.WordClasses(word);
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

uint32_t RuleNameMatcher::EndingFlags(const Document& doc, uint32_t b, uint32_t last, Scratch* s) const {
  for (uint32_t k = b; k <= last; ++k) {
    if (!IsWord(doc.tokens[k])) return 0;
  }
  if (last > b) {
    // Most phrases are in no list, nor their singular: the filter says so
    // from the key's shape, without writing the key.
    KeyShape shape{};
    if (Shape(doc, b, last + 1, s, &shape)) {
      const bool plural = shape.size > 3 && (shape.last == 's' || shape.last == 'x');
      if (!lex_.MayContain(shape.Hash(shape.size)) && !(plural && lex_.MayContain(shape.Hash(shape.size - 1)))) {
        return 0;
      }
    }
  }
  return LookupEnding(doc, b, last, s);
}

uint32_t RuleNameMatcher::LookupEnding(const Document& doc, uint32_t b, uint32_t last, Scratch* s) const {
  const NameInfo* info = Phrase(doc, b, last + 1, s);
  uint32_t flags = info != nullptr ? info->flags : 0;
  // Plurals of cue words: "les dirigeants de", "les villes de".
  if (s->key.size() > 3 && (s->key.back() == 's' || s->key.back() == 'x')) {
    info = lex_.Find(s->key.substr(0, s->key.size() - 1));
    if (info != nullptr) flags |= info->flags;
  }
  return flags;
}

void RuleNameMatcher::FillEndings(const Document& doc, uint32_t last, int max_n, TokenMemo* m, Scratch* s) const {
  const std::vector<Token>& tok = doc.tokens;
  const char* const text = doc.text.view().data();
  auto set = [&](int n, uint32_t flags) {
    if (m->ending[n - 1] == 0) m->ending[n - 1] = TokenMemo::Pack(flags);
  };
  // The phrases of n words ending at last for n from `from` on, one by one.
  auto lookup_from = [&](int from) {
    for (int n = from; n <= max_n; ++n) {
      if (m->ending[n - 1] == 0) set(n, EndingFlags(doc, last + 1 - static_cast<uint32_t>(n), last, s));
    }
  };
  auto none_from = [&](int from) {
    for (int n = from; n <= max_n; ++n) set(n, 0);
  };
  int words = 0;  // EndingFlags is 0 past the words ending at last
  while (words < max_n && IsWord(tok[last - static_cast<uint32_t>(words)])) ++words;
  none_from(words + 1);
  if (words == 0) return;
  // `shape` is that of the key of the words [last + 2 - n, last] below.
  KeyShape shape{};
  {
    uint64_t head;
    size_t size;
    if (!TokenShape(doc, last, m, s, &head, &size, &shape.last) || size < 2) return lookup_from(1);
    shape.Append(head, size);
  }
  // Most words end no cue, nor does their singular ("dirigeants" for
  // "dirigeant"): then no phrase ending here is one.
  const bool plural = shape.last == 's' || shape.last == 'x';
  if (!lex_.MayEndKey(shape.Hash(shape.size)) && !(plural && lex_.MayEndKey(shape.Hash(shape.size - 1)))) {
    return none_from(1);
  }
  if (m->ending[0] == 0) {
    // The word, or its singular, in a list: the filter says when neither is.
    const bool may = lex_.MayContain(shape.Hash(shape.size)) ||
                     (plural && shape.size > 3 && lex_.MayContain(shape.Hash(shape.size - 1)));
    set(1, may ? LookupEnding(doc, last, last, s) : 0);
  }
  // Longer phrases, one more word in front at a time.
  for (int n = 2; n <= words; ++n) {
    const uint32_t k = last + 1 - static_cast<uint32_t>(n);
    const uint32_t end = tok[k].span.end, next = tok[k + 1].span.begin;
    const bool space = next == end + 1 && text[end] == ' ';
    if (!space && next != end) return lookup_from(n);  // another gap: PhraseKey knows
    if (space) {
      // The longer phrases end with a space and the key so far (their
      // singulars with a space and its singular): does any cue end so?
      const uint64_t head = shape.head << 8 | ' ';
      if (!lex_.MayEndKey(detail::FilterMix(head & KeyShape::Low(shape.size + 1), shape.size + 1)) &&
          !(plural && (shape.size < 2 ||
                       lex_.MayEndKey(detail::FilterMix(((shape.head & KeyShape::Low(shape.size - 1)) << 8 | ' ') &
                                                            KeyShape::Low(shape.size),
                                                        shape.size))))) {
        return none_from(n);
      }
    }
    uint64_t head;
    size_t size;
    char last_byte;
    if (!TokenShape(doc, k, s->At(k), s, &head, &size, &last_byte)) return lookup_from(n);
    if (space) {
      if (size < 8) head |= uint64_t{' '} << (8 * size);
      shape.Prepend(head, size + 1);
    } else {
      shape.Prepend(head, size);
    }
    if (m->ending[n - 1] != 0) continue;
    // Most phrases are in no list, nor their singular: the filter says so
    // from the key's shape, without writing the key.
    const bool may = lex_.MayContain(shape.Hash(shape.size)) ||
                     (plural && shape.size > 3 && lex_.MayContain(shape.Hash(shape.size - 1)));
    set(n, may ? LookupEnding(doc, k, last, s) : 0);
  }
}

int RuleNameMatcher::PrefixShapes(const Document& doc, uint32_t i, int max_n, Scratch* s, KeyShape* shapes,
                                  int* longest) const {
  const std::vector<Token>& tok = doc.tokens;
  const char* const text = doc.text.view().data();
  KeyShape shape{};
  int n = 0;
  for (; n < max_n; ++n) {
    const uint32_t k = i + static_cast<uint32_t>(n);
    TokenMemo* m = s->At(k);
    uint64_t head;
    size_t size;
    char last;
    if (!TokenShape(doc, k, m, s, &head, &size, &last)) break;
    if (n > 0) {
      const uint32_t prev = tok[k - 1].span.end, next = tok[k].span.begin;
      if (next == prev + 1 && text[prev] == ' ') {
        shape.Append(' ', 1);
      } else if (next != prev) {
        break;
      }
    }
    shape.Append(head, size);
    shape.last = last;
    shapes[n + 1] = shape;
    // A longer phrase goes on with a space here (plain tokens): does any
    // entry start so?
    const uint32_t end = tok[k].span.end;
    if (n + 1 < max_n && k + 1 < tok.size() && tok[k + 1].span.begin == end + 1 && text[end] == ' ') {
      KeyShape then_space = shape;
      then_space.Append(' ', 1);
      if (!lex_.MayBeginKey(then_space.Hash(then_space.size))) {
        *longest = n + 1;
        return n + 1;
      }
    }
  }
  return n;
}

int RuleNameMatcher::AskPhraseEndingAt(const Document& doc, uint32_t first_allowed, uint32_t last,
                                       uint32_t flag, Scratch* s) const {
  assert((flag & ~detail::kEndFiltered) == 0);  // what the memo keeps
  // Phrases of n words, n <= 4, starting at first_allowed or later.
  int max_n = max_end_words_;
  if (last + 1 < first_allowed + static_cast<uint32_t>(max_n)) {
    max_n = last + 1 > first_allowed ? static_cast<int>(last + 1 - first_allowed) : 0;
  }
  // Find's questions stay inside the article (the memo's range), so the
  // max_n words ending at last all have a memo entry.
  assert(first_allowed >= s->base);
  TokenMemo* m = s->At(last);
  if (m->ends_filled < max_n) {
    // The key of a phrase ending here ends with the token's key (plain
    // tokens), its singular with that key but its last byte: the flags of
    // the entries that may end so bound the answer whatever the words
    // before. Most words end no cue at all: then no phrase ending here is
    // one, of any length, and the memo says so for every later question.
    // Many others end cues of another kind than asked ("de" ends "la ville
    // de", no role): 0, and the endings are left for a question that may
    // find one.
    uint64_t head;
    size_t size;
    char last_byte;
    if (TokenShape(doc, last, m, s, &head, &size, &last_byte) && size >= 2) {
      uint32_t may = lex_.EndKeyFlags(detail::FilterMix(head, size));
      if (last_byte == 's' || last_byte == 'x') {
        may |= lex_.EndKeyFlags(detail::FilterMix(head & KeyShape::Low(size - 1), size - 1));
      }
      if (may == 0) {
        static_assert(TokenMemo::Pack(0) != 0 && sizeof m->ending == 4);
        std::memset(m->ending, TokenMemo::Pack(0), sizeof m->ending);
        m->ends_filled = static_cast<uint8_t>(max_end_words_);
        m->ends_any = TokenMemo::Pack(0);
        return 0;
      }
      if ((may & flag) == 0) return 0;
    }
    FillEndings(doc, last, max_n, m, s);
    m->ends_filled = static_cast<uint8_t>(max_n);
    m->ends_any = 0;
    for (int n = 1; n <= max_n; ++n) m->ends_any |= m->ending[n - 1];
  }
  // ends_any may hold longer phrases than max_n allows: only a "no".
  const uint8_t packed = TokenMemo::PackedFlag(flag);
  if ((m->ends_any & packed) == 0) return 0;
  for (int n = max_n; n >= 1; --n) {
    if ((m->ending[n - 1] & packed) != 0) return n;
  }
  return 0;
}

// Fills the votes of a candidate from its own words and its context.
void RuleNameMatcher::Classify(const Document& doc, uint32_t sb, uint32_t se, Candidate* c, Scratch* s) const {
  // Raw pointers: the compiler need not reload them after each store.
  const Token* const tok = doc.tokens.data();
  const char* const all_text = doc.text.view().data();
  auto text_of = [&](uint32_t k) { return std::string_view(all_text + tok[k].span.begin, tok[k].span.size()); };
  const uint32_t n = c->te - c->tb;
  const NameInfo* whole = Phrase(doc, c->tb, c->te, s);
  uint32_t wf = whole ? whole->flags : 0;
  c->key = s->key;
  if (whole != nullptr && (wf & (detail::kPlace | detail::kUser | detail::kKnownOrg)) != 0) c->canonical = whole->canonical;

  if (wf & detail::kUserPer) c->AddVote(kVotePer, kUser, "user-lexicon");
  if (wf & detail::kUserOrg) c->AddVote(kVoteOrg, kUser, "user-lexicon");
  if (wf & detail::kUserLoc) c->AddVote(kVoteLoc, kUser, "user-lexicon");
  if (wf & detail::kKnownOrg) c->AddVote(kVoteOrg, kLexicon + 2, "known-organization");
  if (c->acronym && text_of(c->tb).size() <= 3 && whole != nullptr && whole->canonical != text_of(c->tb)) {
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
  const bool camel = IsCamel(doc.text.view(), tok[c->tb].span);
  if (n == 1 && !(wf & (detail::kUser | detail::kKnownOrg)) && IsPlaceShaped(text_of(c->tb))) {
    c->AddVote(kVoteLoc, kCue - 1, "place-shape");
  }
  if (first & detail::kOrgHead) c->AddVote(kVoteOrg, n > 1 ? kStrongCue : kCue, "org-head");
  if (n > 1 && (last & detail::kOrgTail)) c->AddVote(kVoteOrg, kStrongCue, "org-tail");
  // An all-caps word the lexicons know in another case ("MARSEILLE") is the
  // same name shouted, not an acronym.
  const bool shouted = c->acronym && whole != nullptr && !whole->canonical.empty() &&
                       whole->canonical != text_of(c->tb);
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
      if (tok[k].has(kAllCaps) && !IsRomanOrInitial(text_of(k))) {
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
        break;
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
    std::string_view prev = text_of(p);
    const bool prev_de = IsDe(doc, p) && p > sb;  // "de X": asked by several rules below
    if (lex_.IsHonorific(prev)) c->AddVote(kVotePer, kStrongCue, "honorific");
    if (Eq(prev, "à") || Eq(prev, "en") || Eq(prev, "À")) c->AddVote(kVoteLoc, kCue - 1, "preposition-place");
    // "près de X", "au nord de X", "dans la banlieue de X".
    if (prev_de) {
      std::string_view pp = text_of(p - 1);
      if (Eq(pp, "près") || Eq(pp, "proche") || Eq(pp, "nord") || Eq(pp, "sud") || Eq(pp, "est") ||
          Eq(pp, "ouest") || Eq(pp, "environs") || Eq(pp, "banlieue") || Eq(pp, "périphérie") ||
          Eq(pp, "centre-ville") || Eq(pp, "large") || Eq(pp, "originaire") || Eq(pp, "originaires") ||
          Eq(pp, "habitant") || Eq(pp, "habitants") || Eq(pp, "loin")) {
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
    // The walk below votes only past a "de" among the words it reaches
    // (not at p): most names have none there, and then its lookups can go.
    auto de_within = [&] {
      uint32_t q = p;
      for (int steps = 0; steps < 5 && q > sb && IsWord(tok[q]); ++steps, --q) {
        if (q != p && IsDe(doc, q)) return true;
      }
      return false;
    };
    if (role == 0 && de_within()) {
      // The complement must sit between the role and the name: in "maire de
      // Paris" the candidate is the complement itself.
      uint32_t q = p;
      bool de = false, gap = false;
      for (int steps = 0; steps < 5 && q > sb && IsWord(tok[q]); ++steps) {
        std::string_view qw = text_of(q);
        if (IsDe(doc, q)) {
          if (!gap) break;
          de = true;
        } else if (!Eq(qw, "l'") && !Eq(qw, "la") && !Eq(qw, "le") && !Eq(qw, "les")) {
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
    if (Eq(prev, ",") && p > sb) {
      uint32_t q = p - 1;
      int caps = 0;
      while (q > sb && IsCap(tok[q]) && caps < 6) {
        --q;
        ++caps;
      }
      if (Eq(text_of(q), "l'") && q > sb) --q;
      if (caps > 0 && IsDe(doc, q) && q > sb && PhraseEndingAt(doc, sb, q - 1, detail::kRole, s) > 0) {
        c->AddVote(kVotePer, kCue, "role-apposition");
      }
    }
    // "le constructeur Renault", "le géant technologique X", "la ville de X".
    {
      auto cue_at = [&](uint32_t q, uint32_t flag) {
        return q >= sb && IsWord(tok[q]) && !tok[q].has(kCapitalized) && PhraseEndingAt(doc, sb, q, flag, s) > 0;
      };
      auto adj = [&] {
        return IsWord(tok[p]) && !tok[p].has(kCapitalized) && (Classes(doc, p, s) & detail::kAdjective);
      };
      if (cue_at(p, detail::kOrgCue | detail::kOrgHead) || (p > sb && adj() && cue_at(p - 1, detail::kOrgCue))) {
        c->AddVote(kVoteOrg, kCue, "org-cue");
      } else if (cue_at(p, detail::kLocCue) || (prev_de && cue_at(p - 1, detail::kLocCue))) {
        c->AddVote(kVoteLoc, kCue, "place-cue");
      }
    }
    // "fondateur de X", "analyste chez X": the organization of a role.
    if (Eq(prev, "chez")) c->AddVote(kVoteOrg, kCue - 1, "chez");
    if (prev_de) {
      uint32_t q = p - 1;
      if (IsNobleTitle(text_of(q))) {
        c->AddVote(kVotePer, kCue, "title-de");  // "le cardinal de Richelieu"
      } else if (IsPlaceRole(text_of(q))) {
        c->AddVote(kVoteLoc, kCue, "role-of-place");  // "le maire de Lyon"
      } else if (PhraseEndingAt(doc, sb, q, detail::kRole, s) > 0 && !(wf & (detail::kPlace | detail::kProperNoun))) {
        c->AddVote(kVoteOrg, kCue - 1, "role-of");
      }
    } else if ((Eq(prev, "l'") || Eq(prev, "la")) && p > sb + 1 && IsDe(doc, p - 1)) {
      if (PhraseEndingAt(doc, sb, p - 2, detail::kRole, s) > 0 && !(wf & detail::kPlace)) {
        c->AddVote(kVoteOrg, kCue - 1, "role-of");
      }
    }
  }
  // Right context: "X, directeur de ...", "X, 45 ans".
  if (c->te + 1 < se && Eq(text_of(c->te), ",")) {
    uint32_t q = c->te + 1;
    std::string_view w = text_of(q);
    if ((Eq(w, "le") || Eq(w, "la") || Eq(w, "l'") || Eq(w, "un") || Eq(w, "une") || Eq(w, "son") || Eq(w, "sa") ||
         Eq(w, "ancien") || Eq(w, "ancienne") || Eq(w, "nouveau") || Eq(w, "nouvelle")) &&
        q + 1 < se) {
      ++q;
    }
    bool role = false;
    for (uint32_t k = q; k < std::min(se, q + 3); ++k) {
      if (!IsWord(tok[k])) break;
      if (PhraseEndingAt(doc, q, k, detail::kRole, s) > 0) role = true;
    }
    if (role) c->AddVote(kVotePer, kCue, "apposition");
    if (tok[q].kind == TokenKind::kNumber && q + 1 < se && Eq(text_of(q + 1), "ans")) {
      c->AddVote(kVotePer, kCue, "apposition-age");
    }
  }
}

uint32_t RuleNameMatcher::ExtendOrg(const Document& doc, uint32_t j, uint32_t se, const std::vector<uint8_t>& blocked,
                                    uint32_t base, bool allow_cap, Scratch* s) const {
  // Raw pointers: the compiler need not reload them after each store.
  const Token* const tok = doc.tokens.data();
  const char* const all_text = doc.text.view().data();
  auto text_of = [&](uint32_t k) { return std::string_view(all_text + tok[k].span.begin, tok[k].span.size()); };
  const uint8_t* const blocked_at = blocked.data();
  auto free = [&](uint32_t i) { return blocked_at[i - base] == 0; };
  auto adjective = [&](uint32_t k) {
    if (k >= se || !IsWord(tok[k]) || tok[k].has(kCapitalized) || !free(k)) return false;
    if (text_of(k).size() <= 2) return false;
    uint8_t cls = Classes(doc, k, s);
    return (cls & detail::kAdjective) && !(cls & (detail::kVerb | detail::kFunctionWord));
  };
  while (adjective(j)) ++j;
  // Up to three complements: "Union nationale des anciens combattants".
  for (int comp = 0; comp < 3; ++comp) {
    uint32_t k = j;
    if (k >= se || !free(k)) break;
    std::string_view pw = text_of(k);
    // "de l'emploi et des affaires sociales": a coordinated complement.
    if (Eq(pw, "et") && comp > 0 && k + 1 < se && IsDe(doc, k + 1)) {
      ++k;
      pw = text_of(k);
    }
    if (!(Eq(pw, "de") || Eq(pw, "du") || Eq(pw, "des") || Eq(pw, "d'") || (Eq(pw, "pour") && comp == 0) ||
          (Eq(pw, "à") && comp > 0))) {
      break;
    }
    ++k;
    // "tribunal correctionnel de Nanterre": a capitalized complement ends it.
    if (allow_cap && comp == 0 && (Eq(pw, "de") || Eq(pw, "d'") || Eq(pw, "du") || Eq(pw, "des"))) {
      uint32_t c = k;
      if (c < se && Eq(pw, "de") && (Eq(text_of(c), "la") || Eq(text_of(c), "l'"))) ++c;
      if (c < se && IsCap(tok[c]) && free(c) && !IsRomanOrInitial(text_of(c))) {
        while (c < se && IsCap(tok[c]) && free(c)) ++c;
        return c;
      }
    }
    bool det = !Eq(pw, "de") && !Eq(pw, "pour");  // du, des, d' carry their article
    if (k < se && (Eq(text_of(k), "la") || Eq(text_of(k), "l'") || Eq(text_of(k), "le") ||
                   Eq(text_of(k), "les"))) {
      if (!Eq(pw, "de") && !Eq(pw, "pour")) break;
      ++k;
      det = true;
    }
    if (k >= se || !IsWord(tok[k]) || tok[k].has(kCapitalized) || !free(k) || text_of(k).size() <= 2) break;
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
  // Raw pointers: the compiler need not reload them after each store.
  const Token* const tok = doc.tokens.data();
  const char* const all_text = doc.text.view().data();
  auto text_of = [&](uint32_t k) { return std::string_view(all_text + tok[k].span.begin, tok[k].span.size()); };
  // Whether token k's text is w (a short literal): the size first.
  auto is = [&](uint32_t k, std::string_view w) {
    return tok[k].span.size() == w.size() && std::memcmp(all_text + tok[k].span.begin, w.data(), w.size()) == 0;
  };
  const uint32_t sb = sent.token_begin, se = sent.token_end;
  const uint8_t* const blocked_at = blocked.data();
  auto free = [&](uint32_t i) { return blocked_at[i - base] == 0; };
  const std::string_view text_view = doc.text.view();
  auto cap = [&](uint32_t i) __attribute__((always_inline)) {
    // Product codes (H800, A320) are not names.
    return i < se && IsCap(tok[i]) && free(i) && !HasDigit(text_view, tok[i].span);
  };

  // A headline in capitals: only the gazetteer can be trusted there. Most
  // sentences have no word in capitals, and then the test below is false:
  // one flag test per token finds them.
  const Token* const sent_end = tok + se;
  if (std::find_if(tok + sb, sent_end, [](const Token& x) { return x.has(kAllCaps); }) != sent_end) {
    int words = 0, caps = 0;
    bool lowercase = false;  // the test below is false whatever follows
    for (uint32_t i = sb; i < se; ++i) {
      if (!IsWord(tok[i])) continue;
      ++words;
      if (tok[i].has(kAllCaps)) {
        ++caps;
      } else if (words - caps > caps + static_cast<int>(se - 1 - i)) {
        // More words not in capitals than capitals can ever be: neither
        // half the words in capitals nor every word.
        lowercase = true;
        break;
      }
    }
    bool common_caps = false;
    if (!lowercase && words > 0 && words <= 2 && caps == words) {
      for (uint32_t i = sb; i < se; ++i) {
        if (IsWord(tok[i]) && text_of(i).size() >= 4 && Classes(doc, i, s) != 0) common_caps = true;
      }
    }
    if (!lowercase && ((words >= 3 && caps * 2 >= words) || common_caps)) {
      // Keep the places there ("NEW YORK" as a sentence of its own).
      const NameInfo* all = words > 0 ? Phrase(doc, sb, se, s) : nullptr;
      if (all == nullptr || !(all->flags & (detail::kPlace | detail::kUser))) return;
    }
  }

  uint32_t dropped_initial = UINT32_MAX;
  const size_t first_cand = cands->size();
  const char* const text = doc.text.view().data();
  // Whether a token is a definite article: le la l' Le La L' du au,
  // compared byte by byte (a hot path).
  auto definite_token = [&](const Token& x) __attribute__((always_inline)) {
    const Span det = x.span;
    if (det.size() != 2) return false;
    const char a = text[det.begin], b = text[det.begin + 1];
    return ((a == 'l' || a == 'L') && (b == 'e' || b == 'a' || b == '\'')) || ((a == 'd' || a == 'a') && b == 'u');
  };
  auto definite = [&](uint32_t k) __attribute__((always_inline)) { return definite_token(tok[k]); };
  uint32_t i = sb;
  while (i < se) {
    // Most tokens are lowercase words and punctuation: nothing starts at
    // them but a lowercase institution head after a definite article (the
    // branch below). They are passed here on tests of the tokens alone
    // (the one before is read for lowercase words only), and so are the
    // words after an article that the filter of the word lists already
    // excludes (most of them: "le groupe", "la construction"): the branch
    // below would drop them on the same test.
    {
      const Token* x = tok + i;
      const Token* const first = tok + sb;
      const Token* const end = tok + se;
      // A token's kind and flags in one load: zero under kLowerWord for a
      // word not capitalized (most tokens), one test for them.
      static_assert(offsetof(Token, flags) == offsetof(Token, kind) + 1 && static_cast<int>(TokenKind::kWord) == 0 &&
                    std::endian::native == std::endian::little);
      constexpr uint16_t kLowerWord = 0xFF | (kCapitalized | kAllCaps) << 8;
      for (; x != end; ++x) {
        uint16_t kind_flags;
        std::memcpy(&kind_flags, reinterpret_cast<const char*>(x) + offsetof(Token, kind), 2);
        if ((kind_flags & kLowerWord) != 0) {
          if (IsWord(*x)) break;  // capitalized
          continue;
        }
        if (x != first && definite_token(x[-1])) {
          const auto k = static_cast<uint32_t>(x - tok);
          if (free(k) && MayHaveWordFlags(doc, k, s)) break;
        }
      }
      i = static_cast<uint32_t>(x - tok);
      if (i >= se) break;
    }
    // Lowercase heads and particles reach back, but not into the previous
    // name (no candidate is added before the uses below in an iteration).
    auto floor = [&] { return cands->size() > first_cand ? std::max(sb, cands->back().te) : sb; };
    const Token& t = tok[i];
    // Most tokens are lowercase words and punctuation, where cap(i) is false.
    if (!cap(i)) {
      const bool lower_word = IsWord(t) && !t.has(kCapitalized);
      // "le ministère de la justice", "le parti socialiste": a lowercase
      // institution head after a definite article, with its complements.
      // The article is checked first: it is cheaper than a lexicon lookup,
      // and without it no candidate starts here.
      static_assert((detail::kOrgHeadLower & ~detail::kWordFiltered) == 0);
      if (lower_word && i > sb && definite(i - 1) && free(i) && MayHaveWordFlags(doc, i, s) &&
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
                           std::string_view p = text_of(i - 1);
                           // « " ( - — – : . • [ ? !, by size: most punctuation is one byte.
                           if (p.size() == 1) {
                             switch (p[0]) {
                               case '"': case '(': case '-': case ':': case '.': case '[': case '?': case '!':
                                 return true;
                               default:
                                 return false;
                             }
                           }
                           return Eq(p, "«") || Eq(p, "—") || Eq(p, "–") || Eq(p, "•");
                         }());
    // The test for a sentence's first word (below) applies to word i.
    auto opens_sentence = [&] { return initial || (i > sb && i == sb + 1 && !IsWord(tok[sb])); };
    std::string_view w = text_of(i);
    if (lex_.IsHonorific(w)) {  // stays outside the name
      ++i;
      continue;
    }
    // A capitalized role before a name is a title too: "le Président Jacques
    // Martin", "Général Dupont" (the role cue then types the name).
    const bool next_cap = cap(i + 1);  // asked again below: the run's second word
    if (next_cap && !tok[i].has(kAllCaps) && !(Flags(doc, i, s) & detail::kOrgHead) &&
        (Flags(doc, i, s) & detail::kRole) && !(Flags(doc, i + 1, s) & detail::kOrgHead) &&
        Classes(doc, i, s) != 0) {  // written as French: "General Motors" keeps its word
      ++i;
      continue;
    }
    if (IsRomanOrInitial(w) && !next_cap) {  // "phase III", a lone "J."
      ++i;
      continue;
    }
    // A sentence's first word that is a function word ("Le", "Cette"), in
    // no list that keeps it: the test on the first word below drops it
    // unless the run is a known place, user entry or organization. None is
    // when no such entry begins with the key of the first two words (or the
    // word is the sentence's last): then it is dropped here, before the run
    // is grown. (Not in capitals nor a roman numeral: a run of codes is
    // skipped otherwise.)
    if (opens_sentence() && !tok[i].has(kAllCaps) && !IsRomanOrInitial(w)) {
      static_assert(((detail::kPlace | detail::kUser | detail::kKnownOrg) & ~detail::kBeginFiltered) == 0);
      const uint32_t fl = Flags(doc, i, s);
      if (!(fl & (detail::kPlace | detail::kUser | detail::kKnownOrg | detail::kOrgHead)) &&
          (Classes(doc, i, s) & detail::kFunctionWord)) {
        KeyShape two{};
        if (i + 1 >= se || (Shape(doc, i, i + 2, s, &two) && !lex_.MayBeginKey(two.Hash(two.size)))) {
          if (initial || i == sb + 1) dropped_initial = i;
          ++i;
          continue;
        }
      }
    }
    // Grow the run of capitalized words.
    uint32_t j = i + 1;
    uint32_t head_flags = Flags(doc, i, s);
    bool org = (head_flags & detail::kOrgHead) != 0;
    for (;;) {
      // A name is a few words. A longer run of capitals ("La Commission"
      // repeated 40,000 times) is cut: a dropped first word rebuilds the run
      // from the next one, and an unbounded run made that quadratic.
      if (j - i >= kMaxRunTokens) break;
      if (j == i + 1 ? next_cap : cap(j)) {
        ++j;
        continue;
      }
      // Particles: "Villeroy de Galhau", "Ursula von der Leyen", "d'Estaing".
      uint32_t k = j;
      bool de_like = false;
      static_assert((detail::kParticle & ~detail::kWordFiltered) == 0);
      while (k < se && k < j + 3 && IsWord(tok[k]) && !tok[k].has(kCapitalized) && free(k) &&
             MayHaveWordFlags(doc, k, s) && (Flags(doc, k, s) & detail::kParticle)) {
        std::string_view pw = text_of(k);
        de_like = de_like || Eq(pw, "de") || Eq(pw, "du") || Eq(pw, "des") || Eq(pw, "d'") || Eq(pw, "la") ||
                  Eq(pw, "le") || Eq(pw, "l'");
        ++k;
      }
      if (k < se && IsWord(tok[k]) && (is(k, "l'")) && k > j) ++k;
      if (k > j && cap(k)) {
        bool join = !de_like;
        if (de_like) {
          uint32_t next = Flags(doc, k, s);
          if (org && (head_flags & detail::kOrgHeadDe) && j == i + 1) {
            join = true;  // "Banque de France", "Institut du Monde Arabe"
          } else if ((Flags(doc, i, s) & detail::kFirstName) &&
                     !(next & (detail::kPlace | detail::kOrgHead)) && !tok[k].has(kAllCaps) &&
                     !IsPlaceShaped(text_of(k)) &&
                     !is(j, "des")) {
            join = true;  // "François Villeroy de Galhau"
          }
        }
        if (join) {
          j = k + 1;
          continue;
        }
      }
      if (j < se && is(j, "&") && cap(j + 1)) {
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
      if (lex_.IsHonorific(text_of(k))) {  // "les Français Maître Vergès"
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
                           IsSentenceOpener(text_of(k));
      bool shouted_place = tok[k].has(kAllCaps) && !tok[k - 1].has(kAllCaps) && text_of(k).size() >= 4 &&
                           (fk & detail::kPlace);
      if (function_word || shouted_place) {
        j = k;
        break;
      }
    }
    {
      // Codes such as "GP IIb": acronyms and roman numerals only.
      bool roman = false, codes = j > i + 1;  // a single word is no code here
      for (uint32_t k = i; k < j && codes; ++k) {
        bool r = IsRomanOrInitial(text_of(k));
        roman = roman || r;
        codes = r || tok[k].has(kAllCaps);
      }
      if (roman && codes && j > i + 1) {
        i = j;
        continue;
      }
    }
    // "le ministre de l'Economie Roland Lescure": after de/l'/la, capitalized
    // common words then a name are a role's complement followed by the name.
    if (!org && i > sb && (IsDe(doc, i - 1) || is(i - 1, "l'") || is(i - 1, "la")) &&
        !(Flags(doc, j - 1, s) & detail::kOrgTail)) {
      uint32_t k = i;
      while (k < j && IsCap(tok[k]) && !(Flags(doc, k, s) & (detail::kFirstName | detail::kPlace | detail::kUser)) &&
             (Classes(doc, k, s) & (detail::kNoun | detail::kAdjective))) {
        ++k;
      }
      if (k > i && k + 1 < j && IsCap(tok[k])) i = k;  // the name has two words at least
    }
    // Word i's flags: i is final from here on, and the tests below ask often.
    const uint32_t fl = Flags(doc, i, s);
    // Multiword gazetteer entries may include lowercase words ("Arabie
    // saoudite"): take the longest match starting here.
    // `words`: how many free words follow from i (counted once, up to 5);
    // shapes[n]: the shape of the key of the first n of them, when known.
    KeyShape shapes[6];
    int shaped = 0, longest = INT_MAX;
    // Most words begin no such entry: then no phrase of two words or more
    // starting here is one. A phrase of two words or more starts with the
    // key of word i, then a space when one follows it in the text.
    bool may_begin = true;
    {
      TokenMemo* const m = s->At(i);
      const std::string_view f = MemoKey(doc, i, m, s);
      if (m->plain) {
        const uint32_t end = tok[i].span.end;
        if (i + 1 < doc.tokens.size() && tok[i + 1].span.begin == end + 1 && text[end] == ' ') {
          may_begin = lex_.MayBeginKeyThenSpace(f);
        } else {
          may_begin = lex_.MayBeginKey(f);
        }
      }
    }
    for (int n = may_begin ? std::min(lex_.max_words(), 5) : 0, words = -1; n >= 2; --n) {
      uint32_t e = i + static_cast<uint32_t>(n);
      if (e > se || e <= j) continue;
      if (words < 0) {
        words = 0;
        while (words < n && IsWord(tok[i + static_cast<uint32_t>(words)]) && free(i + static_cast<uint32_t>(words))) {
          ++words;
        }
        shaped = PrefixShapes(doc, i, words, s, shapes, &longest);
      }
      if (words < n || n > longest) continue;
      const NameInfo* info = n <= shaped ? ShapedInfo(doc, i, e, shapes[n], s) : PhraseInfo(doc, i, e, s);
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
      const int run = static_cast<int>(j - i);
      bool known_whole = false;
      static_assert(((detail::kPlace | detail::kUser | detail::kKnownOrg) & ~detail::kBeginFiltered) == 0);
      if (run < 2 || (may_begin && run <= longest)) {
        const NameInfo* whole = run >= 2 && run <= shaped ? ShapedInfo(doc, i, j, shapes[run], s) : PhraseInfo(doc, i, j, s);
        known_whole = whole != nullptr && (whole->flags & (detail::kPlace | detail::kUser | detail::kKnownOrg));
      }
      bool drop = false;
      if (opens_sentence()) {
        uint8_t cls = Classes(doc, i, s);
        bool tail = j > i + 1 && (Flags(doc, j - 1, s) & detail::kOrgTail);
        if (cls == 0 && fl == 0) cls = HyphenatedClasses(doc, i, s);
        bool function_word = (cls & detail::kFunctionWord) && !(fl & detail::kPlace);
        bool keep = known_whole || cls == 0 || (tail && !function_word) || (fl & detail::kOrgHead) ||
                    (!(cls & detail::kFunctionWord) &&
                     ((fl & detail::kPlace) || ((fl & detail::kFirstName) && j > i + 1)));
        drop = !keep;
      } else if (j > i + 1 && !known_whole && (Flags(doc, i + 1, s) & detail::kOrgHead) &&
                 (Classes(doc, i, s) & detail::kFunctionWord)) {  // the lookups least often needed last
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
    if (!(fl & detail::kOrgHead) && i > sb) {
      uint32_t h = i - 1;
      bool de = false;
      if (IsDe(doc, h) && h > sb) {
        de = true;
        --h;
      } else if ((is(h, "l'") || is(h, "la")) && h > sb + 1 &&
                 is(h - 1, "de")) {
        de = true;
        h -= 2;
      }
      static_assert(((detail::kOrgHeadLower | detail::kLocHead) & ~detail::kWordFiltered) == 0);
      if (h >= floor() && IsWord(tok[h]) && !tok[h].has(kCapitalized) && free(h) && MayHaveWordFlags(doc, h, s)) {
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
      if (!(fl & (detail::kPlace | detail::kUser | detail::kKnownOrg | detail::kOrgHead | detail::kFirstName |
                  detail::kSurname | detail::kProperNoun)) &&
          !(i > sb && lex_.IsHonorific(text_of(i - 1))) && Classes(doc, i, s) != 0) {
        i = j;
        continue;
      }
    }
    if (j == i + 1 && (fl & detail::kCommonAcronym)) {
      i = j;
      continue;
    }
    if (j == i + 1 && tok[i].has(kAllCaps)) {
      // PIB, an all-caps common word (AUTRES), "une IRM": not organizations.
      bool known = fl & (detail::kPlace | detail::kUser | detail::kKnownOrg | detail::kProperNoun);
      std::string_view prev = i > sb ? text_of(i - 1) : std::string_view();
      if ((fl & detail::kCommonAcronym) ||
          (!known && (text_of(i).size() >= 4 && Classes(doc, i, s) != 0)) ||
          (!known && (Eq(prev, "un") || Eq(prev, "une")))) {
        i = j;
        continue;
      }
    }
    // "les Lyonnais", "des Brésiliens": plural common nouns of people.
    if (std::string_view w2 = text_of(i);
        j == i + 1 && !tok[i].has(kAllCaps) && i > sb && w2.size() > 3 && w2.back() == 's' && head_vote < 0) {
      std::string_view prev = text_of(i - 1);
      if ((Eq(prev, "les") || Eq(prev, "des") || Eq(prev, "aux") || Eq(prev, "ces") || Eq(prev, "Les") ||
           Eq(prev, "Des")) &&
          !(fl & (detail::kPlace | detail::kUser | detail::kKnownOrg | detail::kOrgHead | detail::kProperNoun)) &&
          !IsPlaceShaped(w2)) {
        i = j;
        continue;
      }
    }
    // "les industries culturelles (ICC)": an acronym of common words is not
    // a name, here or later in the article.
    if (j == i + 1 && tok[i].has(kAllCaps) && i >= sb + 2 && j < se && is(i - 1, "(") &&
        is(j, ")") && IsWord(tok[i - 2]) && !tok[i - 2].has(kCapitalized)) {
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
    if (org || (fl & detail::kOrgHead)) {
      org = true;
      j = ExtendOrg(doc, j, se, blocked, base, (head_flags & detail::kOrgHeadDe) != 0, s);
    }
    if (start == i) {
      uint32_t k = i;
      while (k > floor() && IsWord(tok[k - 1]) && !tok[k - 1].has(kCapitalized) && free(k - 1) &&
             MayHaveWordFlags(doc, k - 1, s) && (Flags(doc, k - 1, s) & detail::kParticle) && k + 3 > i) {
        --k;
      }
      if (k < i && k > sb && (lex_.IsHonorific(text_of(k - 1)) || IsNobleTitle(text_of(k - 1)))) {
        start = k;  // "Mme van der Berg", "le général de Lattre"
      }
    }
    // Built in place (nothing below drops it; c is not used once another
    // candidate is added).
    Candidate& c = cands->emplace_back();
    c.tb = start;
    c.te = j;
    if (dropped_initial != UINT32_MAX && dropped_initial + 1 == start) c.alt_tb = dropped_initial;
    c.acronym = j == i + 1 && tok[i].has(kAllCaps);
    Classify(doc, sb, se, &c, s);
    if (head_vote == kVoteOrg) c.AddVote(kVoteOrg, kStrongCue, "org-head");
    if (head_vote == kVoteLoc) c.AddVote(kVoteLoc, kStrongCue, "place-head");
    // "Forum économique mondial (WEF)": the acronym names the same thing.
    if (j + 2 < se && is(j, "(") && tok[j + 1].has(kAllCaps) && is(j + 2, ")")) {
      Candidate a;
      a.tb = j + 1;
      a.te = j + 2;
      a.acronym = true;
      a.defined_by = static_cast<int>(cands->size()) - 1;  // c
      Classify(doc, sb, se, &a, s);
      cands->push_back(std::move(a));
      i = j + 3;
      continue;
    }
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
  PrepareArticle(tok_begin, tok_end, &s);
  // A huge article (a whole file read as one) must not pin its buffers on
  // this thread for the rest of the run.
  struct Trim {
    Scratch& s;
    FindState& fs;
    ~Trim() {
      constexpr size_t kKeep = size_t{16} << 20;
      if (s.arena.capacity() > kKeep) s.arena.Release();
      if (s.memo.capacity() * sizeof(TokenMemo) > kKeep) {
        std::vector<TokenMemo>().swap(s.memo);
        std::vector<uint8_t>().swap(fs.blocked);
      }
    }
  } trim{s, fs};
  std::vector<Candidate>& cands = fs.cands;
  cands.clear();
  // The dateline ("PEKIN") is a place.
  if (!art.dateline.empty()) {
    uint32_t b = UINT32_MAX, e = 0;
    // Tokens are in text order: none past the dateline's end is in it.
    for (uint32_t i = tok_begin; i < tok_end && tok[i].span.begin <= art.dateline.end; ++i) {
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
  if (cands.empty()) return;
  // Each distinct key once in a map (names come back, and thousands of
  // dropped keys must not go quadratic); the rest indexes fs.keys.
  std::vector<FindState::KeyInfo>& keys = fs.keys;
  fs.key_ids.Clear();
  keys.clear();
  for (Candidate& c : cands) {
    bool inserted;
    KeyMap::Value& id = fs.key_ids.Get(c.key, &inserted);
    if (inserted) {
      id.a = static_cast<int>(keys.size());
      keys.emplace_back();
    }
    c.key_id = static_cast<uint32_t>(id.a);
  }
  {
    // Not a name here: not a name anywhere in the article.
    bool any = false;
    for (const Candidate& c : cands) {
      if (c.drop) keys[c.key_id].dropped = any = true;
    }
    if (any) {
      for (Candidate& c : cands) {
        if (keys[c.key_id].dropped) c.drop = true;
      }
    }
  }
  {
    // A sentence's first word dropped as common joins the name after it
    // when the article names it so elsewhere. The kept keys are marked
    // when first needed: few candidates have an alternative start.
    bool marked = false;
    for (Candidate& c : cands) {
      if (c.drop || c.alt_tb == UINT32_MAX) continue;
      if (!marked) {
        for (const Candidate& x : cands) {
          if (!x.drop) keys[x.key_id].listed = true;
        }
        marked = true;
      }
      Phrase(doc, c.alt_tb, c.te, &s);
      const KeyMap::Value* id = fs.key_ids.Find(s.key);
      if (id != nullptr && keys[static_cast<size_t>(id->a)].listed) {
        c.tb = c.alt_tb;
        c.key = s.key;
        c.key_id = static_cast<uint32_t>(id->a);
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
      return Eq(w, ",") || Eq(w, "et") || Eq(w, "ou");
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
  // A stable sort by length, longest first, as a counting sort: names are
  // a few words long.
  std::vector<uint32_t>& order = fs.order;
  order.resize(cands.size());
  {
    uint32_t longest = 0;
    for (const Candidate& c : cands) longest = std::max(longest, c.te - c.tb);
    std::vector<uint32_t>& next = fs.next_by_length;  // by longest - length: where the next one goes
    next.assign(size_t{longest} + 1, 0);
    for (const Candidate& c : cands) ++next[longest - (c.te - c.tb)];
    uint32_t at = 0;
    for (uint32_t& x : next) {
      const uint32_t count = x;
      x = at;
      at += count;
    }
    for (uint32_t k = 0; k < cands.size(); ++k) order[next[longest - (cands[k].te - cands[k].tb)]++] = k;
  }
  std::vector<Group>& groups = fs.groups;
  groups.clear();
  groups.reserve(cands.size());
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
    if (keys[c.key_id].group >= 0) {
      c.group = keys[c.key_id].group;
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
    g.type = c.Best();
    // Only the indexes below read these: made for the groups they index.
    if (g.multiword && g.type == kVotePer) g.last_word = last_word(c);
    if (g.multiword && g.type != kVotePer) g.initials = initials(c);
    c.group = static_cast<int>(groups.size());
    keys[c.key_id].group = c.group;  // the first: there was none above
    if (g.multiword && g.type == kVotePer) {
      KeyMap::Value& pl = per_by_last_word.Get(g.last_word);
      pl.a = c.group;
      ++pl.b;
    }
    if (g.multiword && g.type != kVotePer) org_by_initials.Emplace(g.initials, c.group);
    groups.push_back(std::move(g));
  }
  bool defined = false;  // "wef" → the group of its definition, in keys
  for (Candidate& c : cands) {
    if (c.drop || c.defined_by < 0) continue;
    c.group = cands[static_cast<size_t>(c.defined_by)].group;
    if (c.group < 0) {
      c.drop = true;
    } else {
      if (keys[c.key_id].defined < 0) keys[c.key_id].defined = c.group;  // the first stays
      defined = true;
    }
  }
  if (defined) {
    // Later bare uses of a defined acronym join its definition.
    for (Candidate& c : cands) {
      if (c.drop || c.defined_by >= 0) continue;
      if (keys[c.key_id].defined >= 0) c.group = keys[c.key_id].defined;
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
    Entity& e = out->emplace_back();  // in place: an Entity is large to move
    e.type = kTypes[g.type];
    e.span = Span{tok[c.tb].span.begin, tok[c.te - 1].span.end};
    e.article = article;
    e.value.assign(g.canonical);
    const char* rule = c.rules[g.type];
    e.rule = rule != nullptr ? rule : "linked";
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
