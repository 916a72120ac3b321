// Internals of the extractive summarizer, split in two steps so that the
// weights can be fitted offline: ExtractFeatures computes, once per article,
// everything that does not depend on the weights (TF-IDF vectors, LexRank
// centrality, entity salience, title similarity, lengths); Rank combines them
// with SummaryWeights and runs the MMR selection.
#ifndef DEPECHE_SRC_LIB_SUMMARIZE_FEATURES_H_
#define DEPECHE_SRC_LIB_SUMMARIZE_FEATURES_H_

#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "depeche/document.h"
#include "depeche/summarize.h"

namespace depeche::detail {

// How the components are combined. Defaults were fitted on news with
// reference abstracts (see data/README.md, "Summarizer").
struct SummaryWeights {
  double centrality = 0.5;       // LexRank score, scaled to max 1 in the article
  double position = 1.0;         // lead prior 1 / (1 + position_decay * rank)
  double position_decay = 0.15;
  double paragraph_start = 0.0;  // bonus for the first sentence of a paragraph
  double entities = 0.1;         // the article's most-mentioned names
  double figures = 0.05;         // carries an amount of money or a date
  double title = 2.0;            // cosine similarity to the title
  double highlight = 0.5;        // repeated in a highlight bullet
  double length = 2.0;           // weight of the length penalty
  int short_words = 4;           // fewer words than this: penalized
  int long_words = 35;           // more words than this: penalized
  double per_word = 0.0;         // cost per 25 words
  double mmr = 0.4;              // redundancy penalty × max similarity to picked
};

// Everything about one candidate sentence that does not depend on weights.
struct CandidateFeatures {
  uint32_t sentence = 0;  // index into Document::sentences
  uint32_t rank = 0;      // 0-based position among the article's candidates
  bool paragraph_start = false;
  bool highlighted = false;
  uint32_t words = 0;     // word and number tokens
  double centrality = 0;  // in [0, 1], 1 for the most central
  double entities = 0;    // in [0, 1]
  double figures = 0;     // 0 or 1
  double title = 0;       // cosine to the title, in [0, 1]
};

struct ArticleFeatures {
  std::vector<CandidateFeatures> candidates;  // in text order
  // Unit TF-IDF vectors, flat: candidate i is [vector_offsets[i], [i + 1]),
  // as (dense term id, weight) in ascending order of the terms' hashes (the
  // order of every sum over a vector). Dense ids are numbered in order of
  // appearance, except when `similarity` is empty: then in the terms' order,
  // so that ids ascend within each vector, as VectorSimilarity needs.
  std::vector<std::pair<uint32_t, float>> vectors;
  std::vector<uint32_t> vector_offsets;
  // n × n cosine, row-major; empty for very long articles, where Similarity
  // computes each pair on demand.
  std::vector<float> similarity;

  // The cosine of candidates i and j from their vectors (a merge on ids):
  // only when `similarity` is empty.
  double VectorSimilarity(size_t i, size_t j) const;
  double Similarity(size_t i, size_t j) const {
    return similarity.empty() ? VectorSimilarity(i, j) : similarity[i * candidates.size() + j];
  }
};

// FNV-1a, 64 bits; never returns 0 (0 means "no term").
uint64_t HashBytes(std::string_view s);

// Turns words into term ids: lowercase, drop stop words, Snowball French stem,
// hash. Owns a libstemmer handle, which is not thread-safe: one per thread.
// `stop_words` holds HashBytes of lowercase words and must outlive the use.
class TermHasher {
 public:
  struct Entry {
    uint64_t lower_hash = 0;  // HashBytes of the lowercase form
    uint64_t term = 0;        // the term id, 0 when not a content term
    // When `term` is not 0: a dense index of the term, below term_count(),
    // the same for all its forms until ResetTermIndices. Callers key
    // per-term scratch by it (no hashing of terms).
    uint32_t term_index = 0;
  };

  TermHasher();
  ~TermHasher();
  TermHasher(const TermHasher&) = delete;
  TermHasher& operator=(const TermHasher&) = delete;

  // The term id of a token, or 0 when it is not a content term.
  uint64_t Term(const Document& doc, const Token& token) { return Term(doc.text.view(), token); }
  // Same, for a token of another text (a record's title).
  uint64_t Term(std::string_view text, const Token& token) { return Lookup(text, token).term; }
  // HashBytes of the token's lowercase form (cached like Term).
  uint64_t LowerHash(std::string_view text, const Token& token) {
    return Lookup(text, token).lower_hash;
  }
  // Both at once, for the token `token` of `text`.
  [[gnu::always_inline]] inline const Entry& Lookup(std::string_view text, const Token& token);
  // Lookup of each word and number of [begin, end) (tokens of `text`), in
  // order: f(entry). The table's state stays in registers across the loop,
  // where each Lookup reloads it (stores through the caller's pointers
  // might alias it).
  // Tokens in text order.
  template <typename F>
  [[gnu::always_inline]] inline void ForEachWord(std::string_view text, const Token* begin,
                                                 const Token* end, F&& f);

  // The term id of a stem (UTF-8): salted, so that a word never collides
  // with a number of the same bytes.
  static uint64_t StemTerm(std::string_view stem) { return HashBytes(stem) ^ kStemSalt; }
  static constexpr uint64_t kStemSalt = 0x9e3779b97f4a7c15ULL;

  // How many term indices have been given out.
  size_t term_count() const { return term_indices_.size(); }
  // Forgets the term indices (and so the cached forms, which hold them), to
  // bound memory: only between two uses of the indices.
  void ResetTermIndices();

  void set_stop_words(const std::unordered_set<uint64_t>* stop_words) {
    if (stop_words != stop_words_) ClearCache();
    stop_words_ = stop_words;
  }

 private:
  // Words repeat (Zipf): the stem of a word form is computed once per
  // thread and cached by its bytes, its kind and its elision flag. Open
  // addressing, linear probing, at most half full; bounded: cleared when it
  // holds kMaxCached forms. A word of at most 16 bytes is its own key (the
  // bytes, in two words; the length is in `meta`): exact, so two forms can
  // never share an entry, whatever this thread cached before. Longer words
  // (rare) are keyed by a 64-bit hash of their bytes and their length.
  struct WordKey {
    uint64_t a = 0, b = 0;
  };
  struct Slot {
    WordKey key;
    uint64_t meta = 0;  // length, kind, elision, and a bit that is never 0
    Entry entry;
  };
  // The length, the kind and the elision flag, and a bit that is never 0.
  static uint64_t Meta(const Token& token) {
    static_assert(offsetof(Token, flags) == offsetof(Token, kind) + 1);
    uint16_t kind_flags;  // both bytes in one load
    std::memcpy(&kind_flags, reinterpret_cast<const char*>(&token) + offsetof(Token, kind), 2);
    // The high half built in 32 bits: immediates, no 64-bit constants.
    const uint32_t high = (kind_flags & (0xFF | kElision << 8)) | uint32_t{1} << 31;
    return token.span.size() | static_cast<uint64_t>(high) << 32;
  }
  // kFar: the caller knows that p + 8 <= end (no test).
  template <bool kFar = false>
  static inline WordKey Key(const char* p, size_t n, const char* end);
  // kLowBytes[n]: the low n bytes of a word set.
  static constexpr uint64_t kLowBytes[9] = {
      0, 0xFF, 0xFFFF, 0xFFFFFF, 0xFFFFFFFF, 0xFFFFFFFFFFULL, 0xFFFFFFFFFFFFULL, 0xFFFFFFFFFFFFFFULL,
      ~uint64_t{0}};
  static uint64_t LongKey(const char* p, size_t n);
  // ForEachWord's loop; kFar: every token starts 8 bytes or more before the
  // end of the text.
  template <bool kFar, typename F>
  [[gnu::always_inline]] inline void ForEachWordIn(std::string_view text, const Token* begin,
                                                   const Token* end, F& f);
  // The key of a word of at most 8 bytes too close to the end of its buffer
  // for an 8-byte load: its bytes, zero-extended (rare: out of line).
  [[gnu::noinline]] static uint64_t ShortKeyAtEnd(const char* p, size_t n) {
    uint64_t a = 0;
    std::memcpy(&a, p, n);
    return a;
  }
  static size_t Home(const WordKey& key, uint64_t meta, int shift) {
    // b mixed in: words of 9 to 16 bytes often share their first 8 ("gouvernement",
    // "gouverneur") and must not share a home.
    return static_cast<size_t>((((key.a ^ key.b * 0x9fb21c651e98df25ULL) + meta) * 0x9e3779b97f4a7c15ULL) >>
                               shift);
  }
  size_t Home(const WordKey& key, uint64_t meta) const { return Home(key, meta, shift_); }
  // Lookup's miss path, out of line so that the hit path inlines. The key
  // by value: it travels in registers, not through the stack.
  [[gnu::noinline]] const Entry& Insert(std::string_view word, const Token& token, WordKey key,
                                        uint64_t meta);
  Entry Compute(std::string_view word, const Token& token);
  void ClearCache();
  void GrowCache();

  // Two empty slots: the table before the first word, so that Lookup needs
  // no test for it (its probe ends on an empty slot: a miss).
  static const Slot kNoSlots[2];

  const std::unordered_set<uint64_t>* stop_words_ = nullptr;
  // The stem of a lowercase word (UTF-8), as UTF-8 into *out; false when
  // the stemmer fails.
  bool Stem(const std::string& lower, std::string* out);

  struct sb_stemmer* stemmer_;
  // The same Snowball French algorithm on Latin-1 bytes: about half the
  // cost of the UTF-8 one (no decoding per letter). Used for the words
  // whose letters are all ASCII or U+00C0 to U+00FF (nearly all French
  // words); its stems are the UTF-8 stemmer's, re-encoded.
  struct sb_stemmer* latin1_stemmer_;
  std::string lower_;  // reused buffers: no allocation per token
  std::string latin1_, stem_;
  std::vector<Slot> slots_;
  std::unordered_map<uint64_t, uint32_t> term_indices_;  // term -> index (miss path only)
  // The table Lookup probes (slots_, or kNoSlots) and its index bits.
  const Slot* table_ = kNoSlots;
  size_t mask_ = 1;
  int shift_ = 63;  // 64 - log2(size)
  size_t cached_ = 0;
};

// The key of the bytes [p, p + n), of a buffer that ends at `end`: the
// bytes themselves up to 16 (up to 8: in `a`, zero-extended; 9 to 16: the
// first and the last 8, overlapping, which with the length, in `meta`, give
// back every byte); a hash of all bytes beyond.
template <bool kFar>
inline TermHasher::WordKey TermHasher::Key(const char* p, size_t n, const char* end) {
  static_assert(std::endian::native == std::endian::little, "the low bytes are the first ones");
  if (n <= 8) [[likely]] {
    if (!kFar && end - p < 8) [[unlikely]] return {ShortKeyAtEnd(p, n), 0};
    // One load (still inside the buffer), the bytes past the word masked
    // off: most words are short, and this is the hot path.
    uint64_t a;
    std::memcpy(&a, p, 8);
    return {a & kLowBytes[n], 0};
  }
  if (n > 16) return {LongKey(p, n), 0};
  WordKey k;
  std::memcpy(&k.a, p, 8);
  std::memcpy(&k.b, p + n - 8, 8);
  return k;
}

inline const TermHasher::Entry& TermHasher::Lookup(std::string_view text, const Token& token) {
  const char* p = text.data() + token.span.begin;
  const size_t n = token.span.size();
  const WordKey key = Key(p, n, text.data() + text.size());
  const uint64_t meta = Meta(token);
  const Slot* table = table_;
  for (size_t i = Home(key, meta);; i = (i + 1) & mask_) {
    if (table[i].key.a == key.a && table[i].key.b == key.b && table[i].meta == meta) return table[i].entry;
    if (table[i].meta == 0) break;
  }
  return Insert(std::string_view(p, n), token, key, meta);
}

template <typename F>
inline void TermHasher::ForEachWord(std::string_view text, const Token* begin, const Token* end,
                                    F&& f) {
  // Tokens come in text order: when the last one starts 8 bytes or more
  // before the end of the text, so do all, and no key needs the test for a
  // load too close to the end (most sentences: all but the text's last).
  if (begin != end && size_t{(end - 1)->span.begin} + 8 <= text.size()) {
    ForEachWordIn<true>(text, begin, end, f);
  } else {
    ForEachWordIn<false>(text, begin, end, f);
  }
}

template <bool kFar, typename F>
inline void TermHasher::ForEachWordIn(std::string_view text, const Token* begin, const Token* end,
                                      F& f) {
  static_assert(static_cast<int>(TokenKind::kWord) == 0 &&
                static_cast<int>(TokenKind::kNumber) == 1);
  const Slot* table = table_;
  size_t mask = mask_;
  int shift = shift_;
  const char* const text_end = text.data() + text.size();
  for (const Token* token = begin; token != end; ++token) {
    if (static_cast<uint8_t>(token->kind) > 1) continue;  // neither word nor number
    const char* p = text.data() + token->span.begin;
    const size_t n = token->span.size();
    const WordKey key = Key<kFar>(p, n, text_end);
    const uint64_t meta = Meta(*token);
    const Entry* e;
    for (size_t i = Home(key, meta, shift);; i = (i + 1) & mask) {
      const Slot& slot = table[i];
      if (slot.key.a == key.a && slot.key.b == key.b && slot.meta == meta) {
        e = &slot.entry;
        break;
      }
      if (slot.meta == 0) {
        e = &Insert(std::string_view(p, n), *token, key, meta);
        table = table_;  // Insert may have grown or cleared the table
        mask = mask_;
        shift = shift_;
        break;
      }
    }
    f(*e);
  }
}

// Lowercases UTF-8 text (simple case mapping) into *out, reusing its buffer.
void Lowercase(std::string_view s, std::string* out);

// Computes the features of the article's body sentences. `hasher` must be
// owned by the calling thread.
void ExtractFeatures(const Document& doc, uint32_t article, TermHasher* hasher,
                     ArticleFeatures* features);

// Scores the candidates and picks the summary (MMR, ties by position).
ArticleSummary Rank(const ArticleFeatures& features, const SummaryWeights& weights,
                    const SummaryOptions& options);

}  // namespace depeche::detail

#endif  // DEPECHE_SRC_LIB_SUMMARIZE_FEATURES_H_
