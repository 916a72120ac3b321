// Internals of the extractive summarizer, split in two steps so that the
// weights can be fitted offline: ExtractFeatures computes, once per article,
// everything that does not depend on the weights (TF-IDF vectors, LexRank
// centrality, entity salience, title similarity, lengths); Rank combines them
// with SummaryWeights and runs the MMR selection.
#ifndef DEPECHE_SRC_LIB_SUMMARIZE_FEATURES_H_
#define DEPECHE_SRC_LIB_SUMMARIZE_FEATURES_H_

#include <cstdint>
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
  // Unit TF-IDF vectors, flat: candidate i is [vector_offsets[i], [i + 1]).
  std::vector<std::pair<uint32_t, float>> vectors;
  std::vector<uint32_t> vector_offsets;
  // n × n cosine, row-major; empty for very long articles, where Similarity
  // computes each pair on demand.
  std::vector<float> similarity;

  double VectorSimilarity(size_t i, size_t j) const;
  double Similarity(size_t i, size_t j) const {
    return similarity.empty() ? VectorSimilarity(i, j) : similarity[i * candidates.size() + j];
  }
};

// Turns words into term ids: lowercase, drop stop words, Snowball French stem,
// hash. Owns a libstemmer handle, which is not thread-safe: one per thread.
// `stop_words` holds HashBytes of lowercase words and must outlive the use.
class TermHasher {
 public:
  TermHasher();
  ~TermHasher();
  TermHasher(const TermHasher&) = delete;
  TermHasher& operator=(const TermHasher&) = delete;

  // The term id of a token, or 0 when it is not a content term.
  uint64_t Term(const Document& doc, const Token& token) { return Term(doc.text.view(), token); }
  // Same, for a token of another text (a record's title).
  uint64_t Term(std::string_view text, const Token& token);
  // Both at once: the term id, and LowerHash in *lower_hash.
  uint64_t Term(std::string_view text, const Token& token, uint64_t* lower_hash);
  // HashBytes of the token's lowercase form (cached like Term).
  uint64_t LowerHash(std::string_view text, const Token& token);
  void set_stop_words(const std::unordered_set<uint64_t>* stop_words) {
    if (stop_words != stop_words_) ClearCache();
    stop_words_ = stop_words;
  }

 private:
  struct Entry {
    uint64_t lower_hash = 0;
    uint64_t term = 0;
  };
  // Words repeat (Zipf): the stem of a word form is computed once per
  // thread and cached by the hash of its bytes. Bounded: cleared when full.
  const Entry& Lookup(std::string_view word, const Token& token);
  // Lookup's miss path, out of line so that the hit path inlines.
  [[gnu::noinline]] const Entry& Insert(std::string_view word, const Token& token, uint64_t key,
                                        size_t i);
  Entry Compute(std::string_view word, const Token& token);
  void ClearCache();
  void GrowCache();

  const std::unordered_set<uint64_t>* stop_words_ = nullptr;
  struct sb_stemmer* stemmer_;
  std::string lower_;  // reused buffer: no allocation per token
  // The cache: open addressing, linear probing, at most half full. Key 0
  // marks an empty slot, so an entry whose key is 0 is kept apart.
  struct Slot {
    uint64_t key = 0;
    Entry entry;
  };
  std::vector<Slot> slots_;
  int slot_bits_ = 0;
  size_t cached_ = 0;  // entries, the zero-key one included
  bool has_zero_key_ = false;
  Entry zero_key_entry_;
};

// FNV-1a, 64 bits; never returns 0 (0 means "no term").
uint64_t HashBytes(std::string_view s);
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
