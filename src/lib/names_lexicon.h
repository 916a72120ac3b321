// The lexicons behind NameMatcher: name lists generated from hunspell-fr,
// the French common-word lexicon, ICU's French country and city names, the
// cue lists in data/fr/ and the user's --lexicon files. Loaded once, then
// read-only. Internal header.
#ifndef DEPECHE_SRC_LIB_NAMES_LEXICON_H_
#define DEPECHE_SRC_LIB_NAMES_LEXICON_H_

#include <algorithm>
#include <bit>
#include <cstdint>
#include <cstring>
#include <initializer_list>
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
  // The entries NameLexicon::MayBeginKey and MayEndKey know about: those
  // the matcher looks for as multiword names and as cues before a name.
  kBeginFiltered = kPlace | kUser | kKnownOrg,
  kEndFiltered = kRole | kOrgCue | kOrgHead | kLocCue,
  // NameLexicon::MayHaveWordFlags: the one-word lists the matcher asks
  // about lowercase words around names (most words are in none).
  kWordFiltered = kOrgHeadLower | kParticle | kLocHead,
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

// A token whose fold starts and ends a phrase key cleanly: non-empty, inside
// the text, neither starting nor ending with whitespace. Its fold is never
// empty and neither starts nor ends with a space, so the key of a run of
// such tokens that do not overlap is their folds joined by the folds of
// the gaps between them (FoldGap).
inline bool IsPlainToken(std::string_view text, Span sp) {
  auto ws = [](char c) { return static_cast<unsigned char>(c) <= ' ' && (c == ' ' || c == '\t' || c == '\n'); };
  return !sp.empty() && sp.end <= text.size() && !ws(text[sp.begin]) && !ws(text[sp.end - 1]);
}

// Folds a plain token's text as AppendFoldedPhrase does, into q, which has
// room for 3 bytes per byte of the token plus 8 (it stores 8 bytes at a
// time); returns the end.
char* FoldToken(std::string_view text, Span sp, char* q);

// FoldToken's most common case, inline: a token of at most 8 bytes, all
// ASCII and none whitespace or a control, with 8 bytes of text from its
// start (read at once). Such a token is plain, and its fold is its bytes
// lowercased: ShortAsciiFold puts it in a register (zero-padded, as
// LoadHead8 below would load it), FoldShortAscii at q (8 bytes written).
// Both are false, with nothing usable, for any other token.
inline bool ShortAsciiFold(std::string_view text, Span sp, uint64_t* fold) {
  constexpr uint64_t kOnes = 0x0101010101010101ull, kHigh = 0x8080808080808080ull;
  const size_t n = sp.size();
  if (n == 0 || n > 8 || sp.begin > text.size() || text.size() - sp.begin < 8) return false;
  uint64_t x;
  std::memcpy(&x, text.data() + sp.begin, 8);
  const uint64_t live = n == 8 ? ~uint64_t{0} : (uint64_t{1} << (8 * n)) - 1;  // little-endian
  if ((((x & kHigh) | ((x - 0x21 * kOnes) & ~x & kHigh)) & live) != 0) return false;
  const uint64_t ge_a = x + (0x80 - 'A') * kOnes;      // high bit set when byte >= 'A'
  const uint64_t gt_z = x + (0x80 - 'Z' - 1) * kOnes;  // high bit set when byte > 'Z'
  *fold = (x | (ge_a & ~gt_z & kHigh) >> 2) & live;    // set bit 5 of 'A'..'Z'
  return true;
}
// The first 8 bytes of a token's fold, zero-padded, when the token is all
// ASCII (no whitespace nor control) of any length: its fold is then its
// bytes lowercased, as long as the token, and its FilterHash is
// FilterMix(*head, size) without the fold written anywhere. False, with
// nothing usable, for any other token (and a short one whose 8 bytes from
// its start would pass the text's end).
inline bool AsciiFoldHead(std::string_view text, Span sp, uint64_t* head) {
  constexpr uint64_t kOnes = 0x0101010101010101ull, kHigh = 0x8080808080808080ull;
  if (ShortAsciiFold(text, sp, head)) return true;  // most words
  const size_t n = sp.size();
  if (n <= 8 || sp.begin > sp.end || sp.end > text.size()) return false;
  const char* const p = text.data() + sp.begin;
  auto special = [](uint64_t x) { return ((x & kHigh) | ((x - 0x21 * kOnes) & ~x & kHigh)) != 0; };
  uint64_t x;
  for (size_t k = 8; k < n; k += 8) {
    std::memcpy(&x, p + std::min(k, n - 8), 8);  // the last load may overlap the one before
    if (special(x)) return false;
  }
  std::memcpy(&x, p, 8);
  if (special(x)) return false;
  const uint64_t ge_a = x + (0x80 - 'A') * kOnes;      // high bit set when byte >= 'A'
  const uint64_t gt_z = x + (0x80 - 'Z' - 1) * kOnes;  // high bit set when byte > 'Z'
  *head = x | (ge_a & ~gt_z & kHigh) >> 2;             // set bit 5 of 'A'..'Z'
  return true;
}
inline bool FoldShortAscii(std::string_view text, Span sp, char* q) {
  uint64_t x;
  if (!ShortAsciiFold(text, sp, &x)) return false;
  std::memcpy(q, &x, 8);
  return true;
}

// What a phrase key holds between two plain tokens that do not touch: the
// gap text [from, to) folded, then a space if it ends with whitespace (" "
// for a single space). Same room rule as FoldToken.
char* FoldGap(std::string_view text, uint32_t from, uint32_t to, char* q);

// The first 8 bytes of `s` as a word, zero-padded past its end: at most two
// loads, which may overlap, instead of a loop over bytes.
inline uint64_t LoadHead8(std::string_view s) {
  const size_t n = s.size();
  const char* p = s.data();
  if (n >= 8) {
    uint64_t w;
    std::memcpy(&w, p, 8);
    return w;
  }
  if (n >= 4) {
    uint32_t lo, hi;
    std::memcpy(&lo, p, 4);
    std::memcpy(&hi, p + n - 4, 4);
    return lo | static_cast<uint64_t>(hi) << (8 * (n - 4));  // the overlap ORs equal bytes
  }
  if (n == 0) return 0;
  const auto* u = reinterpret_cast<const unsigned char*>(p);
  return u[0] | static_cast<uint64_t>(u[n / 2]) << (8 * (n / 2)) | static_cast<uint64_t>(u[n - 1]) << (8 * (n - 1));
}

// A fast 64-bit string hash (wyhash-style multiply-mix, 8 bytes a step):
// lexicon keys are short, and std::hash<std::string> costs a string. Its
// values are stored in common_words.bin. (Not named HashBytes: summarize.cc
// defines an out-of-line detail::HashBytes(string_view), FNV-1a, and with
// the same name any call the compiler did not inline here was linked to
// that one instead: one definition rule.)
inline uint64_t LexiconHash(std::string_view s) {
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
  const uint64_t w = LoadHead8(std::string_view(p, n));  // the last n < 8 bytes, zero-padded
  h = mix(h ^ w ^ 0x589965CC75374CC3ull, 0x1D8E4E27C47D124Full);
  return mix(h, 0xA0761D6478BD642Full);
}

// A cheaper hash of a key's length and first 8 bytes, for NameTable's
// filter: multiword phrases are long, and most are in no list.
inline uint64_t FilterMix(uint64_t head, size_t n) {
  __uint128_t r = static_cast<__uint128_t>(head ^ (n * 0x9E3779B97F4A7C15ull)) * 0xA0761D6478BD642Full;
  return static_cast<uint64_t>(r) ^ static_cast<uint64_t>(r >> 64);
}
inline uint64_t FilterHash(std::string_view s) { return FilterMix(LoadHead8(s), s.size()); }

// A hash of a phrase key, in memory only (never stored: it may change):
// goes on from the key's FilterHash `f`, 8 bytes a step, the last step a
// load that may overlap the previous one. Cheaper than LexiconHash on short
// keys, whose last bytes it does not take one by one.
inline uint64_t PhraseHash(std::string_view s, uint64_t f) {
  auto mix = [](uint64_t a, uint64_t b) {
    __uint128_t r = static_cast<__uint128_t>(a) * b;
    return static_cast<uint64_t>(r) ^ static_cast<uint64_t>(r >> 64);
  };
  const size_t n = s.size();
  uint64_t h = f;
  if (n > 8) {
    const char* p = s.data();
    size_t i = 8;
    uint64_t w;
    for (; i + 8 < n; i += 8) {
      std::memcpy(&w, p + i, 8);
      h = mix(h ^ w ^ 0xE7037ED1A0B428DBull, 0x8EBC6AF09C88C6E3ull);
    }
    std::memcpy(&w, p + n - 8, 8);
    h = mix(h ^ w ^ 0x589965CC75374CC3ull, 0x1D8E4E27C47D124Full);
  }
  return mix(h ^ 0x2D358DCCAA6C78A5ull, 0xA0761D6478BD642Full);
}
inline uint64_t PhraseHash(std::string_view s) { return PhraseHash(s, FilterHash(s)); }

// Equal bytes without a memcmp call: phrase keys are short. (numbers.h has
// its own detail::SameBytes: one name each, one definition each.)
inline bool SameKeyBytes(const char* a, const char* b, size_t n) {
  if (n < 8) {
    if (n < 4) {
      for (size_t i = 0; i < n; ++i) {
        if (a[i] != b[i]) return false;
      }
      return true;
    }
    uint32_t x0, y0, x1, y1;
    std::memcpy(&x0, a, 4);
    std::memcpy(&y0, b, 4);
    std::memcpy(&x1, a + n - 4, 4);
    std::memcpy(&y1, b + n - 4, 4);
    return x0 == y0 && x1 == y1;
  }
  uint64_t x, y;
  for (size_t i = 0; i + 8 < n; i += 8) {
    std::memcpy(&x, a + i, 8);
    std::memcpy(&y, b + i, 8);
    if (x != y) return false;
  }
  std::memcpy(&x, a + n - 8, 8);
  std::memcpy(&y, b + n - 8, 8);
  return x == y;
}

// A few dozen short words (honorifics, closed word lists) for exact
// membership tests on hot paths: an open-addressing table of small indexes
// keyed by FilterHash, so a word not in the set costs a hash and a probe or
// two instead of a comparison with each word.
class WordSet {
 public:
  WordSet() = default;
  WordSet(std::initializer_list<std::string_view> words) {
    for (std::string_view w : words) Add(w);
  }
  void Add(std::string_view w) {
    if (w.empty() || Contains(w)) return;
    const auto b = static_cast<unsigned char>(w[0]);
    first_bytes_[b >> 6] |= uint64_t{1} << (b & 63);
    words_.emplace_back(w);
    max_len_ = std::max(max_len_, w.size());
    if (words_.size() * 4 > slots_.size()) {  // load factor at most 1/4
      slots_.assign(std::max<size_t>(64, slots_.size() * 2), 0);
      for (size_t k = 0; k < words_.size(); ++k) Place(k);
    } else {
      Place(words_.size() - 1);
    }
  }
  bool Contains(std::string_view w) const {
    if (w.empty() || w.size() > max_len_) return false;
    // Most words asked about start with a byte no word of the set does.
    const auto b = static_cast<unsigned char>(w[0]);
    if (((first_bytes_[b >> 6] >> (b & 63)) & 1) == 0) return false;
    const size_t mask = slots_.size() - 1;
    for (size_t i = FilterHash(w) & mask;; i = (i + 1) & mask) {
      const uint32_t x = slots_[i];
      if (x == 0) return false;
      const std::string& c = words_[x - 1];
      if (c.size() == w.size() && std::memcmp(c.data(), w.data(), w.size()) == 0) return true;
    }
  }

 private:
  void Place(size_t k) {
    const size_t mask = slots_.size() - 1;
    size_t i = FilterHash(words_[k]) & mask;
    while (slots_[i] != 0) i = (i + 1) & mask;
    slots_[i] = static_cast<uint32_t>(k + 1);
  }
  std::vector<std::string> words_;
  std::vector<uint32_t> slots_;  // index + 1 into words_, 0 when empty
  size_t max_len_ = 0;           // 0 while empty: Contains then never probes
  uint64_t first_bytes_[4] = {};  // bit b: some word starts with byte b
};

// Open-addressing (linear probing) table from folded phrases to NameInfo,
// keyed by string_view: a lookup hashes the caller's bytes in place.
class NameTable {
 public:
  NameInfo& Upsert(std::string_view key);
  // False when no key with this FilterHash is in the table.
  bool MayContain(uint64_t filter_hash) const { return Test(filter_, filter_hash); }
  // After the last Upsert: filters of the prefixes of the keys whose flags
  // meet `begin_flags` and of the suffixes of those whose flags meet
  // `end_flags` (every length, the whole key included), for MayBegin and
  // MayEnd; until then these answer true.
  // Also a filter of the whole keys whose flags meet `word_flags`, for
  // MayBeWith.
  void BuildAffixFilters(uint32_t begin_flags, uint32_t end_flags, uint32_t word_flags);
  // False when no key meeting begin_flags starts with s / end_flags ends
  // with s.
  bool MayBegin(std::string_view s) const { return MayBegin(FilterHash(s)); }
  bool MayBegin(uint64_t filter_hash) const { return !affixes_ || Test(begin_filter_, filter_hash); }
  // MayBegin(s + " ") without writing it.
  bool MayBeginThenSpace(std::string_view s) const {
    static_assert(std::endian::native == std::endian::little, "LoadHead8's word");
    if (!affixes_) return true;
    uint64_t head;
    if (s.size() >= 8) {
      std::memcpy(&head, s.data(), 8);
    } else {
      head = LoadHead8(s) | static_cast<uint64_t>(' ') << (8 * s.size());  // little-endian, as LoadHead8
    }
    return Test(begin_filter_, FilterMix(head, s.size() + 1));
  }
  bool MayEnd(std::string_view s) const { return MayEnd(FilterHash(s)); }
  bool MayEnd(uint64_t filter_hash) const { return !affixes_ || Test(end_filter_, filter_hash); }
  // The flags of kEndFiltered that some key ending with s (s's
  // FilterHash) may have: no flag when none has (as MayEnd), kEndFiltered
  // before BuildAffixFilters.
  uint32_t EndFlags(uint64_t filter_hash) const {
    if (!affixes_) return kEndFiltered;
    const uint64_t slot = filter_hash >> (64 - kEndFlagBits);
    const auto nibble = static_cast<uint32_t>(end_flag_filter_[slot >> 4] >> (4 * (slot & 15)));
    return (nibble & 1) << 9 | (nibble & 0xE) << 12;  // EndNibble's inverse
  }
  bool MayBeWith(uint64_t filter_hash) const { return !affixes_ || Test(word_filter_, filter_hash); }
  const NameInfo* Find(std::string_view key) const {
    // Most words and phrases asked about are in no list: an 8 KB bit filter
    // (cache resident) answers them without the full hash or the table.
    const uint64_t f = FilterHash(key);
    const uint64_t bit = f >> 48;
    if (!((filter_[bit >> 6] >> (bit & 63)) & 1)) return nullptr;
    const uint64_t h = PhraseHash(key, f);
    const uint32_t tag = static_cast<uint32_t>(h >> 32);
    for (size_t i = h & mask_;; i = (i + 1) & mask_) {
      uint64_t slot = slots_[i];
      if (slot == 0) return nullptr;
      if (static_cast<uint32_t>(slot >> 32) == tag) {
        const Entry& x = entries_[static_cast<uint32_t>(slot) - 1];
        if (x.key.size() == key.size() && SameKeyBytes(x.key.data(), key.data(), key.size())) return &x.info;
      }
    }
  }

 private:
  struct Entry {
    uint64_t hash;
    std::string key;
    NameInfo info;
  };
  static bool Test(const uint64_t* filter, uint64_t filter_hash) {
    const uint64_t bit = filter_hash >> 48;
    return (filter[bit >> 6] >> (bit & 63)) & 1;
  }
  static void Set(uint64_t* filter, uint64_t filter_hash) {
    const uint64_t bit = filter_hash >> 48;
    filter[bit >> 6] |= uint64_t{1} << (bit & 63);
  }
  // The 4 flags of kEndFiltered as the 4 bits of a nibble (kOrgHead is bit
  // 9, kRole to kLocCue bits 13 to 15).
  static_assert(kEndFiltered == (kOrgHead | kRole | kOrgCue | kLocCue) && kOrgHead == 1u << 9 && kRole == 1u << 13 &&
                kOrgCue == 1u << 14 && kLocCue == 1u << 15);
  static uint64_t EndNibble(uint32_t flags) { return ((flags >> 9) & 1) | ((flags >> 12) & 0xE); }
  static constexpr int kEndFlagBits = 14;  // 2^14 nibbles: 8 KB
  void Place(size_t e);
  std::vector<Entry> entries_;
  std::vector<uint64_t> slots_;  // hash tag << 32 | (entry index + 1); 0 is empty
  size_t mask_ = 0;
  uint64_t filter_[1024] = {};   // bit (FilterHash >> 48) of every key
  bool affixes_ = false;         // BuildAffixFilters was called
  uint64_t begin_filter_[1024] = {}, end_filter_[1024] = {}, word_filter_[1024] = {};
  // Per suffix (as end_filter_), the flags of kEndFiltered of the keys
  // ending with it, as EndNibble: most words end some cue ("de" ends
  // "garde") but none of the kind asked about.
  uint64_t end_flag_filter_[(size_t{1} << kEndFlagBits) / 16] = {};
};

// The ~460k common-word forms: an open-addressing table of packed 64-bit
// slots (offset, length, classes, hash tag) pointing into the text of
// common_words.txt. No std::string per entry: start-up matters when depeche
// runs on a single article. Two ways to get the table:
// - Load: reads the text with one read() and builds the table in one pass
//   (~160M instructions for the hunspell list);
// - LoadBinary: maps common_words.bin, the same table and text written by
//   WriteBinary at build time (depeche-lexbuild), read-only: no parsing, no
//   per-entry work, pages faulted in as lookups touch them.
// Find gives the same answers either way.
class CommonWords {
 public:
  Status Load(const std::string& path);
  // The .bin beside `txt_path` when it is valid and current, else the text.
  Status LoadPrebuiltOrText(const std::string& txt_path);
  // Maps `bin_path`, checking its header, every offset and size against the
  // file, and that it was built from `txt_path` as it is now (size and
  // mtime, else content hash). A DataLoss/NotFound error naming the file
  // otherwise, and the table is left empty.
  Status LoadBinary(const std::string& bin_path, const std::string& txt_path);
  // Writes the loaded table (from either path) to `bin_path`, via a
  // temporary file renamed into place: a running depeche that mapped the
  // old file keeps it intact.
  Status WriteBinary(const std::string& bin_path) const;
  static std::string BinaryPathFor(const std::string& txt_path);
  bool mapped() const { return file_map_.addr != nullptr; }

  uint8_t Find(std::string_view w) const {
    if (w.empty()) return empty_classes_;
    if (mask_ == 0) return 0;
    uint64_t h = LexiconHash(w);
    uint64_t tag = h >> 56;
    // A word present sits at most max_probe_ slots past its home, so the
    // scan stops there even without an empty slot; with the bound on the
    // offset below, a corrupt .bin cannot make Find loop or read outside
    // the mapping, without a check per entry at load.
    size_t i = h & mask_;
    for (size_t left = max_probe_;; --left) {
      uint64_t s = slots_[i];
      if (s == 0) return 0;
      if ((s >> 56) == tag && ((s >> 32) & 0xFFFF) == w.size() &&
          uint64_t{static_cast<uint32_t>(s)} + w.size() <= text_size_ &&
          SameKeyBytes(buf_ + static_cast<uint32_t>(s), w.data(), w.size())) {
        return static_cast<uint8_t>(s >> 48);
      }
      if (left == 0) return 0;
      i = (i + 1) & mask_;
    }
  }

 private:
  // Anonymous mappings in 2 MB pages where the kernel allows: a few page
  // faults instead of thousands at start-up, and no TLB miss per lookup.
  // Also holds LoadBinary's file mapping (only the munmap is shared).
  struct Mapping {
    void* addr = nullptr;
    size_t size = 0;
    Mapping() = default;
    Mapping(const Mapping&) = delete;
    Mapping& operator=(const Mapping&) = delete;
    ~Mapping();
    bool Allocate(size_t bytes);  // zero-filled
    void Reset();
  };
  void Clear();
  Mapping buf_map_, slots_map_, file_map_;
  const char* buf_ = nullptr;
  const uint64_t* slots_ = nullptr;
  size_t mask_ = 0;
  size_t text_size_ = 0;   // bytes at buf_
  size_t max_probe_ = 0;   // longest distance of a word from its home slot
  uint8_t empty_classes_ = 0;
  // The text file the table was built from, for WriteBinary's header.
  uint64_t source_size_ = 0;
  int64_t source_mtime_ns_ = 0;
};

class NameLexicon {
 public:
  Status Load(const DataPaths& paths, const std::vector<std::string>& user_lexicons);

  // `folded` is lowercase without accents, words separated by one space.
  const NameInfo* Find(std::string_view folded) const { return names_.Find(folded); }
  // False when Find has nothing for any key with this FilterHash.
  bool MayContain(uint64_t filter_hash) const { return names_.MayContain(filter_hash); }
  // False when no entry with a flag of kBeginFiltered has a key starting
  // with `folded` (or is it), no entry with a flag of kEndFiltered one
  // ending with it.
  bool MayBeginKey(std::string_view folded) const { return names_.MayBegin(folded); }
  bool MayBeginKey(uint64_t filter_hash) const { return names_.MayBegin(filter_hash); }
  bool MayBeginKeyThenSpace(std::string_view folded) const { return names_.MayBeginThenSpace(folded); }
  bool MayEndKey(std::string_view folded) const { return names_.MayEnd(folded); }
  bool MayEndKey(uint64_t filter_hash) const { return names_.MayEnd(filter_hash); }
  // The flags of kEndFiltered of the entries whose key may end with the
  // key of this FilterHash (0 when MayEndKey is false, and for most keys).
  uint32_t EndKeyFlags(uint64_t filter_hash) const { return names_.EndFlags(filter_hash); }
  // False when no entry with a flag of kWordFiltered has a key with this
  // FilterHash.
  bool MayHaveWordFlags(uint64_t filter_hash) const { return names_.MayBeWith(filter_hash); }
  // Exact-case honorifics (M., Mme, Dr).
  bool IsHonorific(std::string_view word) const { return honorifics_.Contains(word); }
  // Classes of a lowercase word, 0 when it is not a common word.
  uint8_t WordClasses(std::string_view lower) const { return common_.Find(lower); }
  int max_words() const { return max_words_; }

 private:
  void Add(std::string_view phrase, uint32_t flags, bool set_canonical);
  Status LoadList(const DataPaths& paths, std::string_view relative, uint32_t flags, bool required);
  Status LoadCommonWords(const DataPaths& paths);
  void LoadIcu();

  std::string key_;  // Add's fold, reused while loading (no allocation per entry)
  NameTable names_;
  WordSet honorifics_;
  CommonWords common_;
  int max_words_ = 1;
};

}  // namespace depeche::detail

#endif  // DEPECHE_SRC_LIB_NAMES_LEXICON_H_
