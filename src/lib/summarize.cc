// Extractive summarizer: LexRank centrality over TF-IDF cosine of Snowball
// French stems, a lead prior, entity/figure salience, similarity to the title
// and a length penalty, combined linearly; MMR picks the summary.
#include "depeche/summarize.h"

#include <libstemmer.h>
#include <utf8proc.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <memory>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "depeche/tokenize.h"
#include "summarize_features.h"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif


namespace depeche {
namespace detail {
namespace {

constexpr uint64_t kFnvOffset = 1469598103934665603ULL;
constexpr uint64_t kFnvPrime = 1099511628211ULL;

// LexRank: damping and stopping rule of the power iteration.
constexpr double kDamping = 0.85;
constexpr int kMaxIterations = 100;
constexpr double kTolerance = 1e-7;
// Above this many candidates the n × n graph is too costly (memory and
// time are quadratic): centrality falls back to similarity to the centroid.
constexpr size_t kMaxGraph = 1000;

bool IsCandidatePart(PartKind kind) { return kind == PartKind::kParagraph; }

// TermHasher's cache: cleared when it holds this many word forms (bounds
// memory on endless input); starts small so short runs stay cheap.
constexpr size_t kMaxCached = size_t{1} << 17;
constexpr int kInitialSlotBits = 12;
// The per-thread term indices (and the scratch keyed by them) are reset
// between articles beyond this many.
constexpr size_t kMaxTerms = size_t{1} << 18;

// Sparse TF-IDF vector: (dense term index, weight), sorted by index.
using SparseVector = std::vector<std::pair<uint32_t, float>>;

double Dot(const std::pair<uint32_t, float>* a, size_t na, const std::pair<uint32_t, float>* b,
           size_t nb) {
  double sum = 0;
  size_t i = 0, j = 0;
  while (i < na && j < nb) {
    if (a[i].first < b[j].first) {
      ++i;
    } else if (b[j].first < a[i].first) {
      ++j;
    } else {
      sum += static_cast<double>(a[i].second) * b[j].second;
      ++i;
      ++j;
    }
  }
  return sum;
}

// A content word: its term and the term's TermHasher index.
struct TermRef {
  uint64_t term;
  uint32_t index;
};

// A set of sentence signatures, sized per article: the repeat checks stay
// linear on an article of 100,000 sentences, where a search of a list was
// quadratic. Open addressing in a reused buffer, so no allocation per insert.
class SignatureSet {
 public:
  // Room for up to n signatures; O(n), so O(1) per sentence of the article.
  void Reset(size_t n) {
    size_t size = 16;
    while (size < 2 * n) size *= 2;
    slots_.assign(size, 0);
    has_zero_ = false;
  }
  // False when sig was already in the set.
  bool Insert(uint64_t sig) {
    if (sig == 0) return !std::exchange(has_zero_, true);
    uint64_t* slot = Probe(sig);
    if (*slot == sig) return false;
    *slot = sig;
    return true;
  }
  bool Contains(uint64_t sig) { return sig == 0 ? has_zero_ : *Probe(sig) == sig; }

 private:
  // The slot holding sig, or the empty one where it would go.
  uint64_t* Probe(uint64_t sig) {
    const size_t mask = slots_.size() - 1;
    size_t i = static_cast<size_t>(sig * 0x9e3779b97f4a7c15ULL >> 32) & mask;
    while (slots_[i] != 0 && slots_[i] != sig) i = (i + 1) & mask;
    return &slots_[i];
  }
  std::vector<uint64_t> slots_;  // 0 = empty
  bool has_zero_ = false;
};

// Reused buffers of one thread, so that steady-state summarizing allocates
// nothing per token (only when an article is bigger than any seen before).
struct Workspace {
  TermHasher hasher;
  ArticleFeatures features;
  std::vector<uint32_t> sentence_ids;       // the article's sentences
  std::vector<uint64_t> signatures;         // of the candidates, by rank
  SignatureSet seen;                        // the same, for dedup
  SignatureSet bullet_signatures;           // of highlight bullets
  // Flat: the candidates' content words, candidate i in [off[i], off[i+1]);
  // a buffer, used up to term_offsets.back().
  std::vector<TermRef> terms;
  std::vector<uint32_t> term_offsets;       // candidate i: [off[i], off[i+1])
  // The article's terms, by dense id (numbered in order of appearance):
  // the term and its df. Buffers, used up to vocabulary_size.
  std::vector<uint64_t> vocabulary;
  std::vector<uint32_t> df;
  uint32_t vocabulary_size = 0;
  // By TermHasher term index: the dense id of the term in the article
  // whose stamp it carries (stamps of other articles are stale).
  std::vector<uint32_t> index_stamp, index_id;
  uint32_t term_stamp = 0;                  // the article's stamp
  // The candidates' distinct terms, in ascending term order (entry k is
  // vector k of ArticleFeatures::vectors): dense id and count.
  std::vector<uint32_t> entry_ids;
  std::vector<uint32_t> entry_counts;
  // 1 + log(count) for small counts (the same std::log values).
  double tf_weight[64];

  Workspace() {
    tf_weight[0] = 0;
    for (size_t k = 1; k < 64; ++k) tf_weight[k] = 1.0 + std::log(static_cast<double>(k));
  }
  // 1 + log(num_docs / df) by df, 1 to the article's candidates.
  std::vector<double> idf_by_df;
  // By candidate, [shared_offsets[i], [i + 1]): its entries whose term is
  // in another candidate too (the only ones that can add to a
  // similarity), as (its posting, the end of the term's postings).
  std::vector<std::pair<uint32_t, uint32_t>> shared;
  std::vector<uint32_t> shared_offsets;
  // Postings of the shared terms (see ExtractFeatures): by term, the next
  // place in its block (UINT32_MAX: none yet) and the block's end.
  std::vector<uint32_t> posting_next, posting_end;
  std::vector<std::pair<uint32_t, double>> postings;
  // The sums of candidate i with the later ones: zero but while i is on;
  // those hit so far (a flag, and a list).
  std::vector<double> pair_sum;
  std::vector<char> pair_hit;
  std::vector<uint32_t> pair_hits;
  std::vector<uint32_t> by_term, new_ids;   // scratch: renumbering in term order
  std::vector<double> centroid;
  std::vector<double> title_scatter;        // the title's weights by id, else 0
  std::vector<float> unit_scale;            // by candidate: makes its vector unit length
  std::vector<TermRef> title_terms;
  std::vector<Token> title_tokens;
  std::string title_text;
  std::vector<uint32_t> title_ids, title_counts;
  SparseVector title_vector;
  std::vector<double> rank;             // centrality by candidate
  // LexRank graph over the nodes with edges, numbered compactly in
  // ascending order: node k's edges are [edge_offsets[k], [k + 1]) of
  // edge_to (compact ids) and edge_weight (the float similarity, widened).
  std::vector<char> has_edge;           // by candidate
  std::vector<uint32_t> cand_begin, cand_end;  // the candidates' spans
  std::vector<uint32_t> node_of;        // candidate -> compact id, if any
  std::vector<uint32_t> edge_to, edge_offsets;
  std::vector<double> edge_weight;
  std::vector<uint32_t> edgeless_runs;  // edgeless candidates before node k
  std::vector<double> divisor;          // row sums
  std::vector<double> node_rank, next, share, next_share;  // share: damping × rank / row sum
  std::vector<std::pair<uint64_t, uint32_t>> entity_keys;  // (key, candidate)
  std::vector<double> entity_score;
  std::string scratch;
};

Workspace& ThreadWorkspace() {
  thread_local Workspace workspace;
  return workspace;
}

// Signature of a sentence's word sequence (case-insensitive, punctuation
// ignored), to recognize repeats such as a bullet quoting the body without
// its final period.
uint64_t Signature(const Document& doc, const Sentence& s, TermHasher* hasher) {
  uint64_t h = kFnvOffset;
  hasher->ForEachWord(doc.text.view(), doc.tokens.data() + s.token_begin,
                      doc.tokens.data() + s.token_end,
                      [&](const TermHasher::Entry& e) { h = (h ^ e.lower_hash) * kFnvPrime; });
  return h;
}

// The article's term table, with its buffers' pointers in locals: the
// writes to the vocabulary cannot alias them.
struct TermTable {
  uint32_t* index_stamp;
  uint32_t* index_id;
  uint32_t stamp;
  uint64_t* vocabulary;
  uint32_t* df;
  uint32_t size;  // distinct terms so far

  // The dense id of the term `ref` in the article; a new id when `add` (at
  // most as many as StartTerms was told), else UINT32_MAX when the term is
  // not in it.
  uint32_t Id(const TermRef& ref, bool add) {
    if (index_stamp[ref.index] == stamp) return index_id[ref.index];
    if (!add) return UINT32_MAX;
    const uint32_t id = size++;
    index_stamp[ref.index] = stamp;
    index_id[ref.index] = id;
    vocabulary[id] = ref.term;
    df[id] = 0;
    return id;
  }
};

// Makes room in the per-term scratch for the hasher's term indices.
void GrowTermIndices(Workspace* ws, size_t indices) {
  if (ws->index_stamp.size() < indices) {
    // New entries carry stamp 0, which no article has.
    ws->index_stamp.resize(std::max(indices, 2 * ws->index_stamp.size()), 0);
    ws->index_id.resize(ws->index_stamp.size());
  }
}

// Starts the per-article term table, sized for up to `terms` distinct
// terms, of indices below `indices`.
TermTable StartTerms(Workspace* ws, size_t terms, size_t indices) {
  if (ws->vocabulary.size() < terms) {
    ws->vocabulary.resize(terms);
    ws->df.resize(terms);
  }
  GrowTermIndices(ws, indices);
  if (++ws->term_stamp == 0) {  // wrapped: forget every stamp
    std::fill(ws->index_stamp.begin(), ws->index_stamp.end(), 0);
    ws->term_stamp = 1;
  }
  return {ws->index_stamp.data(), ws->index_id.data(), ws->term_stamp,
          ws->vocabulary.data(), ws->df.data(), 0};
}

// One pass over a sentence's tokens [begin, end) of `text`: writes its
// content words (words and numbers whose term is not 0) from *out on
// (advancing it), and the count of its words and numbers to *words;
// returns its signature (as Signature). Out of line: the hot loop gets the
// registers to itself.
[[gnu::noinline]] uint64_t SentenceTerms(std::string_view text, const Token* begin,
                                         const Token* end, TermHasher* hasher, TermRef** out,
                                         uint32_t* words) {
  uint64_t sig = kFnvOffset;
  uint32_t count = 0;
  TermRef* p = *out;
  hasher->ForEachWord(text, begin, end, [&](const TermHasher::Entry& e) {
    sig = (sig ^ e.lower_hash) * kFnvPrime;
    ++count;
    *p = {e.term, e.term_index};  // kept when the term is not 0
    p = e.term != 0 ? p + 1 : p;
  });
  *out = p;
  *words = count;
  return sig;
}

// The TF-IDF vector of the terms (ids[k], counts[k]), k < size, given in
// ascending term order (the order of the norm's sum), into out[0, size);
// `unknown_norm` is the squared weight of terms missing from the
// vocabulary; the idfs by df are ws.idf_by_df's. Returns the factor that
// makes it unit length (1 when its norm is 0): the caller scales the
// weights (float products), in a pass over them that it makes anyway.
// kAnyCount: counts of 64 and more too (1 + std::log); else their weights
// are wrong and *long_count says so: no call in the loop, whose pointers
// then stay in registers.
template <bool kAnyCount>
float WeighVectorOf(const Workspace& ws, double unknown_norm, const uint32_t* ids,
                    const uint32_t* counts, size_t size, std::pair<uint32_t, float>* out,
                    bool* long_count) {
  double norm = unknown_norm;
  const uint32_t* df = ws.df.data();
  const double* idf_by_df = ws.idf_by_df.data();
  const double* tf_weight = ws.tf_weight;
  uint32_t count_bits = 0;
  for (size_t k = 0; k < size; ++k) {
    const uint32_t id = ids[k];
    const uint32_t count = counts[k];
    // 1 + log(count), the term frequency weight.
    double tf;
    if constexpr (kAnyCount) {
      tf = count < 64 ? tf_weight[count] : 1.0 + std::log(static_cast<double>(count));
    } else {
      tf = tf_weight[count & 63];
      count_bits |= count;
    }
    const double w = tf * idf_by_df[df[id]];
    out[k] = {id, static_cast<float>(w)};
    norm += w * w;
  }
  if constexpr (!kAnyCount) *long_count = count_bits >= 64;
  // x * 1.0f is x: a vector of norm 0 keeps its weights.
  return norm > 0 ? static_cast<float>(1.0 / std::sqrt(norm)) : 1.0f;
}

float WeighVector(const Workspace& ws, double unknown_norm, const uint32_t* ids,
                  const uint32_t* counts, size_t size, std::pair<uint32_t, float>* out) {
  bool long_count;
  const float scale = WeighVectorOf<false>(ws, unknown_norm, ids, counts, size, out, &long_count);
  if (!long_count) return scale;
  // A term 64 times in a sentence (rare): over again, with std::log.
  return WeighVectorOf<true>(ws, unknown_norm, ids, counts, size, out, nullptr);
}

// Sorts [begin, end) by `less`: insertion sort for the usual few elements
// (tens at most: a sentence's terms, an article's names), std::sort beyond.
template <typename T, typename Less>
void SmallSort(T* begin, T* end, Less less) {
  if (end - begin > 32) {
    std::sort(begin, end, less);
    return;
  }
  for (T* p = begin + 1; p < end; ++p) {
    const T v = *p;
    T* q = p;
    if (less(v, *begin)) {
      for (; q != begin; --q) *q = q[-1];
    } else {
      for (; less(v, q[-1]); --q) *q = q[-1];  // stops at *begin <= v at the latest
    }
    *q = v;
  }
}

// Sorts a sentence's terms by term.
void SortTerms(TermRef* begin, TermRef* end) {
  SmallSort(begin, end, [](const TermRef& a, const TermRef& b) { return a.term < b.term; });
}

// Sorts the terms [begin, end) and writes each distinct one, as (dense id,
// count), to ids[] and counts[] in ascending term order; returns how many.
// Ids come from table->Id(kAdd), and each one's df is counted when kAdd;
// else the terms unknown to the article are counted in *unknown.
template <bool kAdd>
size_t CountTerms(TermTable* table, TermRef* begin, TermRef* end, uint32_t* ids,
                  uint32_t* counts, size_t* unknown) {
  SortTerms(begin, end);
  size_t out = 0;
  for (TermRef* p = begin; p != end;) {
    TermRef* q = p + 1;
    while (q != end && q->term == p->term) ++q;
    const uint32_t id = table->Id(*p, kAdd);
    if (!kAdd && id == UINT32_MAX) {
      *unknown += static_cast<size_t>(q - p);
    } else {
      if (kAdd) ++table->df[id];
      ids[out] = id;
      counts[out] = static_cast<uint32_t>(q - p);
      ++out;
    }
    p = q;
  }
  return out;
}

// Continuous LexRank into ws->rank[0, n): PageRank over the row-normalized
// similarity graph `sim` (n x n, symmetric, non-negative; ws->has_edge
// tells the rows with a non-zero entry off the diagonal), with the values,
// bit for bit, of the textbook loop:
//   base = (1 - d) / N + d * dangling / N
//   next[j] = base + sum over rows i, ascending, of share_i * sim[i][j]
//   delta = sum over j, ascending, of |next[j] - rank[j]|; stop when < tol
// where share_i = d * rank_i / row_sum_i and `dangling` sums, in ascending
// order, the ranks of the rows whose sum is not positive. Here:
// - a zero similarity would add +0.0 to a positive sum: only the non-zero
//   ones are edges, and next[j] pulls its products along its own row (the
//   matrix is symmetric), in the same order;
// - a node without edges (often half of them: sentences that share no term
//   with any other) is exactly the same `base` in every iteration: only the
//   nodes with edges are iterated, in compact arrays; the dangling sum adds
//   `base` once per edgeless node, as the loop adds their ranks;
// - every edgeless node adds the same |base - previous base| to delta: added
//   in its place among the others (the runs of edgeless nodes between nodes
//   with edges). Once delta reaches the tolerance, the loop does not stop on
//   it whatever the remaining non-negative terms (rounding is monotone):
//   the rest of that iteration's delta is not summed.
void LexRank(Workspace* ws, const float* sim, size_t n) {
  const double num_docs = static_cast<double>(n);
  ws->node_of.resize(n);
  ws->edgeless_runs.clear();
  size_t dangling_nodes = 0;
  uint32_t run = 0;
  uint32_t nodes = 0;
  for (size_t i = 0; i < n; ++i) {
    if (!ws->has_edge[i]) {
      ws->node_of[i] = UINT32_MAX;
      ++run;
      ++dangling_nodes;  // its row sum is 0
      continue;
    }
    ws->node_of[i] = nodes++;
    ws->edgeless_runs.push_back(run);
    run = 0;
  }
  ws->edgeless_runs.push_back(run);  // after the last node with edges
  // The edges, in buffers sized for n per node (a bound on what a node can
  // have): no push_back per edge. At most kMaxGraph^2 entries, 12 MB, kept
  // by the thread.
  const size_t max_edges = static_cast<size_t>(nodes) * n;
  if (ws->edge_to.size() < max_edges) {
    ws->edge_to.resize(max_edges);
    ws->edge_weight.resize(max_edges);
  }
  ws->edge_offsets.resize(nodes + 1);
  ws->divisor.resize(nodes);
  uint32_t* edge_to = ws->edge_to.data();
  double* edge_weight = ws->edge_weight.data();
  uint32_t* edge_off = ws->edge_offsets.data();
  double* divisor = ws->divisor.data();
  const uint32_t* node_of = ws->node_of.data();
  uint32_t e = 0;
  edge_off[0] = 0;
  for (size_t i = 0; i < n; ++i) {
    const uint32_t k = node_of[i];
    if (k == UINT32_MAX) continue;
    const float* row = sim + i * n;
    double sum = 0;
    auto add_edge = [&](size_t j) {
      sum += row[j];
      edge_to[e] = node_of[j];
      edge_weight[e] = row[j];
      ++e;
    };
    size_t j = 0;
#if defined(__SSE2__)
    // Four entries a test: most are 0 (pairs with no common term).
    const __m128 zero = _mm_setzero_ps();
    for (; j + 4 <= n; j += 4) {
      // cmpneq is true for a NaN, as !(x == 0) below.
      unsigned nonzero = static_cast<unsigned>(
          _mm_movemask_ps(_mm_cmpneq_ps(_mm_loadu_ps(row + j), zero)));
      for (; nonzero != 0; nonzero &= nonzero - 1) {
        const size_t at = j + static_cast<size_t>(__builtin_ctz(nonzero));
        if (at != i) add_edge(at);
      }
    }
#endif
    for (; j < n; ++j) {
      if (j != i && row[j] != 0) add_edge(j);
    }
    edge_off[k + 1] = e;
    // Similarities are not negative: a row with an edge has a positive sum
    // (the test is the textbook's own).
    divisor[k] = sum > 0 ? sum : 1.0;
  }
  const double start = 1.0 / num_docs;
  ws->node_rank.assign(nodes, start);
  ws->next.resize(nodes);
  ws->share.resize(nodes);
  ws->next_share.resize(nodes);
  double* rank = ws->node_rank.data();
  double* next = ws->next.data();
  double* share = ws->share.data();
  double* next_share = ws->next_share.data();
  const uint32_t* runs = ws->edgeless_runs.data();
  for (size_t k = 0; k < nodes; ++k) share[k] = kDamping * rank[k] / divisor[k];
  double dangling = 0;
  for (size_t r = 0; r < dangling_nodes; ++r) dangling += start;
  double edgeless_rank = start;
  for (int iter = 0; iter < kMaxIterations; ++iter) {
    const double base = (1.0 - kDamping) / num_docs + kDamping * dangling / num_docs;
    const double edgeless_delta = std::fabs(base - edgeless_rank);
    double delta = 0;
    bool summing = true;  // delta < kTolerance so far
    size_t e = 0;
    for (size_t k = 0; k < nodes; ++k) {
      double sum = base;
      // Two edges a step (the same additions in the same order): a node
      // has a few edges, and this loop is most of LexRank's time.
      const size_t end = edge_off[k + 1];
      if ((end - e) & 1) {
        sum += share[edge_to[e]] * edge_weight[e];
        ++e;
      }
      for (; e != end; e += 2) {
        sum += share[edge_to[e]] * edge_weight[e];
        sum += share[edge_to[e + 1]] * edge_weight[e + 1];
      }
      if (summing) {
        for (uint32_t r = runs[k]; r != 0; --r) delta += edgeless_delta;
        delta += std::fabs(sum - rank[k]);
        summing = delta < kTolerance;
      }
      next[k] = sum;
      next_share[k] = kDamping * sum / divisor[k];
    }
    if (summing) {
      for (uint32_t r = runs[nodes]; r != 0; --r) delta += edgeless_delta;
    }
    dangling = 0;
    for (size_t r = 0; r < dangling_nodes; ++r) dangling += base;
    edgeless_rank = base;
    std::swap(rank, next);
    std::swap(share, next_share);
    if (delta < kTolerance) break;
  }
  ws->rank.resize(n);
  for (size_t i = 0; i < n; ++i) {
    ws->rank[i] = node_of[i] == UINT32_MAX ? edgeless_rank : rank[node_of[i]];
  }
}

bool IsNameEntity(EntityType t) {
  return t == EntityType::kPerson || t == EntityType::kOrganization ||
         t == EntityType::kLocation;
}

class SummarizerImpl : public Summarizer {
 public:
  SummarizerImpl(std::unordered_set<uint64_t> stop_words, SummaryWeights weights)
      : stop_words_(std::move(stop_words)), weights_(weights) {}

  ArticleSummary Summarize(const Document& doc, uint32_t article,
                           const SummaryOptions& options) const override {
    Workspace& ws = ThreadWorkspace();
    ws.hasher.set_stop_words(&stop_words_);
    ExtractFeatures(doc, article, &ws.hasher, &ws.features);
    return Rank(ws.features, weights_, options);
  }

 private:
  const std::unordered_set<uint64_t> stop_words_;
  const SummaryWeights weights_;
};

}  // namespace

double ArticleFeatures::VectorSimilarity(size_t i, size_t j) const {
  return Dot(vectors.data() + vector_offsets[i], vector_offsets[i + 1] - vector_offsets[i],
             vectors.data() + vector_offsets[j], vector_offsets[j + 1] - vector_offsets[j]);
}

uint64_t HashBytes(std::string_view s) {
  uint64_t h = kFnvOffset;
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const auto* end = p + s.size();
  // Four bytes a step: the same chain of multiplies, less loop overhead.
  for (; end - p >= 4; p += 4) {
    h = (h ^ p[0]) * kFnvPrime;
    h = (h ^ p[1]) * kFnvPrime;
    h = (h ^ p[2]) * kFnvPrime;
    h = (h ^ p[3]) * kFnvPrime;
  }
  for (; p != end; ++p) h = (h ^ *p) * kFnvPrime;
  return h == 0 ? 1 : h;
}

void Lowercase(std::string_view s, std::string* out) {
  out->clear();
  bool ascii = true;
  for (char c : s) ascii = ascii && static_cast<unsigned char>(c) < 0x80;
  if (ascii) {
    out->resize(s.size());
    char* o = out->data();
    for (char c : s) *o++ = c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c;
    return;
  }
  // A lowercase code point takes at most 3/2 the bytes of its uppercase
  // (U+023A, 2 bytes, lowercases to U+2C65, 3 bytes): room for twice.
  out->resize(2 * s.size());
  auto* o = reinterpret_cast<utf8proc_uint8_t*>(out->data());
  const auto* p = reinterpret_cast<const utf8proc_uint8_t*>(s.data());
  const auto* const end = p + s.size();
  while (p != end) {
    if (*p < 0x80) {
      *o++ = static_cast<utf8proc_uint8_t>(*p >= 'A' && *p <= 'Z' ? *p + 32 : *p);
      ++p;
      continue;
    }
    if ((*p & 0xFE) == 0xC2 && end - p >= 2 && (p[1] & 0xC0) == 0x80) {
      // U+0080 to U+00FF, most of French's accented letters, without
      // utf8proc: only U+00C0 to U+00DE but U+00D7 (×) have a lowercase,
      // 0x20 above (SummarizeLowercase.Latin1MatchesUtf8proc checks them all).
      const utf8proc_uint8_t b = p[1];
      *o++ = p[0];
      *o++ = p[0] == 0xC3 && b <= 0x9E && b != 0x97 ? static_cast<utf8proc_uint8_t>(b + 0x20) : b;
      p += 2;
      continue;
    }
    utf8proc_int32_t cp;
    const utf8proc_ssize_t len = utf8proc_iterate(p, end - p, &cp);
    if (len <= 0) {  // invalid byte: keep it as is
      *o++ = *p++;
      continue;
    }
    o += utf8proc_encode_char(utf8proc_tolower(cp), o);
    p += len;
  }
  out->resize(static_cast<size_t>(o - reinterpret_cast<utf8proc_uint8_t*>(out->data())));
}

TermHasher::TermHasher()
    : stemmer_(sb_stemmer_new("french", "UTF_8")),
      latin1_stemmer_(sb_stemmer_new("french", "ISO_8859_1")) {}

TermHasher::~TermHasher() {
  if (stemmer_ != nullptr) sb_stemmer_delete(stemmer_);
  if (latin1_stemmer_ != nullptr) sb_stemmer_delete(latin1_stemmer_);
}

namespace {

// UTF-8 `s` as Latin-1 bytes into *out, when all its characters are ASCII or
// U+00C0 to U+00FF (the Latin-1 letters, and × ÷); false otherwise (œ, a
// symbol, another script, an invalid byte).
bool ToLatin1Letters(const std::string& s, std::string* out) {
  out->resize(s.size());
  char* o = out->data();
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const auto* end = p + s.size();
  while (p != end) {
    if (*p < 0x80) {
      *o++ = static_cast<char>(*p++);
    } else if (*p == 0xC3 && end - p >= 2 && (p[1] & 0xC0) == 0x80) {
      *o++ = static_cast<char>(0xC0 | (p[1] & 0x3F));  // U+00C0 + low 6 bits
      p += 2;
    } else {
      return false;
    }
  }
  out->resize(static_cast<size_t>(o - out->data()));
  return true;
}

// Latin-1 bytes [p, p + n) as UTF-8 into *out.
void Latin1ToUtf8(const unsigned char* p, size_t n, std::string* out) {
  out->resize(2 * n);  // at most two bytes a letter
  char* o = out->data();
  for (size_t i = 0; i < n; ++i) {
    const unsigned char c = p[i];
    if (c < 0x80) {
      *o++ = static_cast<char>(c);
    } else {
      *o++ = static_cast<char>(0xC0 | (c >> 6));
      *o++ = static_cast<char>(0x80 | (c & 0x3F));
    }
  }
  out->resize(static_cast<size_t>(o - out->data()));
}

// FNV-1a steps (HashBytes's loop, without its 0 -> 1 rule) from h over
// the UTF-8 encoding of the Latin-1 bytes [p, p + n), not built.
uint64_t FnvLatin1AsUtf8(uint64_t h, const unsigned char* p, size_t n) {
  for (size_t i = 0; i < n; ++i) {
    const unsigned char c = p[i];
    if (c < 0x80) {
      h = (h ^ c) * kFnvPrime;
    } else {
      h = (h ^ (0xC0 | (c >> 6))) * kFnvPrime;
      h = (h ^ (0x80 | (c & 0x3F))) * kFnvPrime;
    }
  }
  return h;
}

// A UTF-8 word of ASCII and U+00C0 to U+00FF characters, lowercased as
// Lowercase does, straight to Latin-1 bytes at out (room for word.size())
// as ToLatin1Letters would give them, with *hash the FNV-1a steps over the
// UTF-8 lowercase (HashBytes's, before its 0 -> 1 rule): one pass, no
// string. Returns the Latin-1 length; 0 when the word has another
// character (or is empty).
size_t LowerLatin1(std::string_view word, unsigned char* out, uint64_t* hash) {
  const auto* p = reinterpret_cast<const unsigned char*>(word.data());
  const size_t n = word.size();
  uint64_t h = kFnvOffset;
  size_t o = 0;
  for (size_t i = 0; i < n;) {
    unsigned char c = p[i];
    if (c < 0x80) {
      if (static_cast<unsigned char>(c - 'A') < 26) c += 32;
      h = (h ^ c) * kFnvPrime;
      out[o++] = c;
      ++i;
      continue;
    }
    if (c != 0xC3 || i + 1 == n || (p[i + 1] & 0xC0) != 0x80) return 0;
    unsigned char b = p[i + 1];
    if (b <= 0x9E && b != 0x97) b += 0x20;  // Lowercase's rule for U+00C0 to U+00DE
    h = (h ^ 0xC3) * kFnvPrime;
    h = (h ^ b) * kFnvPrime;
    out[o++] = static_cast<unsigned char>(0xC0 | (b & 0x3F));
    i += 2;
  }
  *hash = h;
  return o;
}

// Longest word (bytes) for Compute's Latin-1 path; longer ones are rare.
constexpr size_t kMaxLatin1Word = 64;

}  // namespace

bool TermHasher::Stem(const std::string& lower, std::string* out) {
  if (latin1_stemmer_ != nullptr && ToLatin1Letters(lower, &latin1_)) {
    const sb_symbol* stem =
        sb_stemmer_stem(latin1_stemmer_, reinterpret_cast<const sb_symbol*>(latin1_.data()),
                        static_cast<int>(latin1_.size()));
    if (stem != nullptr) {
      Latin1ToUtf8(stem, static_cast<size_t>(sb_stemmer_length(latin1_stemmer_)), out);
      return true;
    }
  }
  const sb_symbol* stem = sb_stemmer_stem(
      stemmer_, reinterpret_cast<const sb_symbol*>(lower.data()), static_cast<int>(lower.size()));
  if (stem == nullptr) return false;
  out->assign(reinterpret_cast<const char*>(stem), static_cast<size_t>(sb_stemmer_length(stemmer_)));
  return true;
}

// Hash of a long word form for the cache key only (never stored in results):
// eight bytes per multiply, where FNV's byte loop is a chain of multiplies.
uint64_t TermHasher::LongKey(const char* p, size_t left) {
  constexpr uint64_t kMul = 0x9fb21c651e98df25ULL;
  uint64_t h = 0x6a09e667f3bcc908ULL ^ (left * kMul);
  for (; left >= 8; p += 8, left -= 8) {
    uint64_t v;
    std::memcpy(&v, p, 8);
    h = (h ^ v) * kMul;
    h ^= h >> 29;
  }
  if (left > 0) {
    // The tail: the last 8 bytes, overlapping what came before (the word
    // has more than 8); the length, mixed in above, makes it unambiguous.
    uint64_t v;
    std::memcpy(&v, p + left - 8, 8);
    h = (h ^ v) * kMul;
    h ^= h >> 29;
  }
  // murmur3's finalizer: every input bit reaches every output bit.
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdULL;
  h ^= h >> 33;
  h *= 0xc4ceb9fe1a85ec53ULL;
  h ^= h >> 33;
  return h;
}

const TermHasher::Slot TermHasher::kNoSlots[2] = {};

// A miss: compute the entry and store it in the slot where the probe for
// (key, meta) ends, after growing or clearing the table if need be.
const TermHasher::Entry& TermHasher::Insert(std::string_view word, const Token& token,
                                            WordKey key, uint64_t meta) {
  if (cached_ >= kMaxCached) {
    ClearCache();
  } else if ((cached_ + 1) * 2 > slots_.size()) {
    GrowCache();
  }
  size_t i = Home(key, meta);
  while (slots_[i].meta != 0) i = (i + 1) & mask_;
  Slot& slot = slots_[i];
  slot.entry = Compute(word, token);
  if (slot.entry.term != 0) {
    slot.entry.term_index =
        term_indices_.try_emplace(slot.entry.term, static_cast<uint32_t>(term_indices_.size()))
            .first->second;
  }
  slot.key = key;
  slot.meta = meta;
  ++cached_;
  return slot.entry;
}

void TermHasher::ResetTermIndices() {
  ClearCache();
  term_indices_.clear();
}

void TermHasher::ClearCache() {
  std::fill(slots_.begin(), slots_.end(), Slot{});
  cached_ = 0;
}

void TermHasher::GrowCache() {
  std::vector<Slot> old;
  old.swap(slots_);
  const int bits = old.empty() ? kInitialSlotBits : 64 - shift_ + 1;
  slots_.assign(size_t{1} << bits, Slot{});
  table_ = slots_.data();
  mask_ = slots_.size() - 1;
  shift_ = 64 - bits;
  for (const Slot& s : old) {
    if (s.meta == 0) continue;
    size_t i = Home(s.key, s.meta);
    while (slots_[i].meta != 0) i = (i + 1) & mask_;
    slots_[i] = s;
  }
}

TermHasher::Entry TermHasher::Compute(std::string_view word, const Token& token) {
  Entry e;
  // Nearly all words are of ASCII and Latin-1 letters: one pass gives the
  // lowercase's hash and the Latin-1 stemmer's input, and the term is
  // hashed from the stem's Latin-1 bytes; the same values as the general
  // path below, without its strings (lowercase, Latin-1 and stem in UTF-8).
  if (token.kind == TokenKind::kWord && word.size() <= kMaxLatin1Word && stemmer_ != nullptr &&
      latin1_stemmer_ != nullptr) {
    unsigned char latin1[kMaxLatin1Word];
    uint64_t h;
    const size_t size = LowerLatin1(word, latin1, &h);
    if (size != 0) {
      e.lower_hash = h == 0 ? 1 : h;
      if (token.has(kElision)) return e;
      if (stop_words_ != nullptr && stop_words_->count(e.lower_hash) != 0) return e;
      // The lowercase has the word's size in UTF-8 (Latin-1 letters keep theirs).
      if (word.size() < 2) return e;
      const sb_symbol* stem =
          sb_stemmer_stem(latin1_stemmer_, latin1, static_cast<int>(size));
      if (stem != nullptr) {
        const uint64_t t = FnvLatin1AsUtf8(
            kFnvOffset, stem, static_cast<size_t>(sb_stemmer_length(latin1_stemmer_)));
        e.term = (t == 0 ? 1 : t) ^ kStemSalt;  // StemTerm of the UTF-8 stem
        return e;
      }
      e = Entry{};  // the stemmer failed: the general path
    }
  }
  Lowercase(word, &lower_);
  e.lower_hash = HashBytes(lower_);
  if (token.kind == TokenKind::kNumber) {
    e.term = HashBytes(word);
    return e;
  }
  if (token.kind != TokenKind::kWord || token.has(kElision)) return e;
  if (stop_words_ != nullptr && stop_words_->count(e.lower_hash) != 0) return e;
  // One-letter words carry no topic (initials, stray letters).
  if (lower_.size() < 2) return e;
  if (stemmer_ == nullptr) {
    e.term = e.lower_hash;
    return e;
  }
  if (!Stem(lower_, &stem_)) {
    e.term = e.lower_hash;
    return e;
  }
  e.term = StemTerm(stem_);
  return e;
}

void ExtractFeatures(const Document& doc, uint32_t article, TermHasher* hasher,
                     ArticleFeatures* features) {
  Workspace& ws = ThreadWorkspace();
  std::vector<CandidateFeatures>& cands = features->candidates;
  cands.clear();
  features->similarity.clear();
  features->vectors.clear();
  features->vector_offsets.assign(1, 0);
  if (article >= doc.articles.size()) return;
  const Article& art = doc.articles[article];
  const std::string_view text = doc.text.view();

  // The article's sentences are contiguous: sentences are in text order.
  auto first = std::lower_bound(doc.sentences.begin(), doc.sentences.end(), article,
                                [](const Sentence& s, uint32_t a) { return s.article < a; });
  ws.signatures.clear();
  // Sized from the sentences themselves, not art.sentence_begin/end, which
  // a caller may not have filled: a set too small would never find a slot.
  const size_t article_sentences = static_cast<size_t>(
      std::find_if(first, doc.sentences.end(), [article](const Sentence& s) { return s.article != article; }) -
      first);
  ws.seen.Reset(article_sentences);
  ws.bullet_signatures.Reset(article_sentences);
  ws.term_offsets.assign(1, 0);
  // The per-term scratch is sized by the hasher's term indices: bounded.
  if (hasher->term_count() > kMaxTerms) hasher->ResetTermIndices();
  uint32_t last_part = UINT32_MAX;
  for (auto it = first; it != doc.sentences.end() && it->article == article; ++it) {
    const Sentence& s = *it;
    if (s.part >= art.parts.size()) continue;
    const Part& part = art.parts[s.part];
    if (part.kind == PartKind::kBullet) {
      ws.bullet_signatures.Insert(Signature(doc, s, hasher));
      continue;
    }
    if (!IsCandidatePart(part.kind)) continue;
    // Paragraph sentences that repeat an earlier one (a caption pasted twice
    // into the body, a quote repeated) count once: the first is kept.
    // One pass gives the signature, the word count and the terms (only
    // words and numbers have terms); the terms are dropped on a repeat.
    const size_t mark = ws.term_offsets.back();
    const size_t tokens = s.token_end - s.token_begin;
    if (ws.terms.size() < mark + tokens) {
      ws.terms.resize(std::max(2 * ws.terms.size(), mark + tokens));
    }
    TermRef* const terms_begin = ws.terms.data() + mark;
    TermRef* out = terms_begin;
    uint32_t words = 0;
    const uint64_t sig = SentenceTerms(text, doc.tokens.data() + s.token_begin,
                                       doc.tokens.data() + s.token_end, hasher, &out, &words);
    if (!ws.seen.Insert(sig)) continue;
    ws.signatures.push_back(sig);
    CandidateFeatures c;
    c.sentence = static_cast<uint32_t>(it - doc.sentences.begin());
    c.rank = static_cast<uint32_t>(cands.size());
    c.paragraph_start = s.part != last_part;
    c.words = words;
    last_part = s.part;
    cands.push_back(c);
    ws.term_offsets.push_back(static_cast<uint32_t>(mark + (out - terms_begin)));
  }
  const size_t n = cands.size();
  if (n == 0) return;
  for (CandidateFeatures& c : cands) {
    c.highlighted = ws.bullet_signatures.Contains(ws.signatures[c.rank]);
  }

  // Vocabulary and document frequencies, sentences being the documents:
  // each candidate's terms sorted (the order of every sum over a vector is
  // ascending term order) and counted; dense ids from the article's table.
  const size_t total_terms = ws.term_offsets.back();
  TermTable table = StartTerms(&ws, total_terms, hasher->term_count());
  if (ws.entry_ids.size() < total_terms) {
    ws.entry_ids.resize(total_terms);
    ws.entry_counts.resize(total_terms);
  }
  features->vector_offsets.resize(n + 1);
  uint32_t entries = 0;
  for (size_t i = 0; i < n; ++i) {
    entries += CountTerms<true>(&table, ws.terms.data() + ws.term_offsets[i],
                                ws.terms.data() + ws.term_offsets[i + 1],
                                ws.entry_ids.data() + entries, ws.entry_counts.data() + entries,
                                nullptr);
    features->vector_offsets[i + 1] = entries;
  }
  ws.vocabulary_size = table.size;
  const double num_docs = static_cast<double>(n);
  // 1 + log(num_docs / df) for every df an article can have, 1 to n: about
  // as many std::log calls as distinct dfs occur, and no test per entry.
  ws.idf_by_df.resize(n + 1);
  for (size_t d = 1; d <= n; ++d) {
    ws.idf_by_df[d] = 1.0 + std::log(num_docs / static_cast<double>(d));
  }
  features->vectors.resize(entries);
  const uint32_t* off = features->vector_offsets.data();
  ws.unit_scale.resize(n);  // applied in the pass over the entries below
  for (size_t i = 0; i < n; ++i) {
    ws.unit_scale[i] =
        WeighVector(ws, 0, ws.entry_ids.data() + off[i], ws.entry_counts.data() + off[i],
                    off[i + 1] - off[i], features->vectors.data() + off[i]);
  }

  // Similarity to the title, the journalist's own one-line summary: the
  // title of the JSONL record (given apart from the text), else the
  // article's title line.
  ws.title_terms.clear();
  auto add_title_terms = [&](std::string_view title_text, const Token* begin, const Token* end) {
    hasher->ForEachWord(title_text, begin, end, [&](const TermHasher::Entry& e) {
      if (e.term != 0) ws.title_terms.push_back({e.term, e.term_index});
    });
  };
  if (!doc.record_title.empty()) {
    // Normalized like the text, so that apostrophes and spaces match.
    ws.title_text = NormalizedText::Build(doc.record_title).str();
    ws.title_tokens.clear();
    Tokenize(ws.title_text, {0, static_cast<uint32_t>(ws.title_text.size())}, &ws.title_tokens);
    add_title_terms(ws.title_text, ws.title_tokens.data(),
                    ws.title_tokens.data() + ws.title_tokens.size());
  } else if (!art.title.empty()) {
    const Token* tok = doc.tokens.data() +
                       (std::lower_bound(doc.tokens.begin(), doc.tokens.end(), art.title.begin,
                                         [](const Token& t, uint32_t b) { return t.span.begin < b; }) -
                        doc.tokens.begin());
    const Token* const tokens_end = doc.tokens.data() + doc.tokens.size();
    const Token* tok_end = tok;
    while (tok_end != tokens_end && tok_end->span.end <= art.title.end) ++tok_end;
    add_title_terms(text, tok, tok_end);
  }
  ws.title_scatter.assign(ws.vocabulary_size, 0.0);
  if (!ws.title_terms.empty()) {
    // The title's vector over the article's vocabulary; its terms missing
    // from it still count in the norm, with the highest idf (they occur in
    // no candidate). Every such term adds the same square, so their order
    // does not matter.
    ws.title_ids.resize(ws.title_terms.size());
    ws.title_counts.resize(ws.title_terms.size());
    size_t unknown = 0;
    // The title may have brought new term indices.
    GrowTermIndices(&ws, hasher->term_count());
    table.index_stamp = ws.index_stamp.data();
    table.index_id = ws.index_id.data();
    const size_t title_entries =
        CountTerms<false>(&table, ws.title_terms.data(),
                          ws.title_terms.data() + ws.title_terms.size(), ws.title_ids.data(),
                          ws.title_counts.data(), &unknown);
    const double unknown_idf = 1.0 + std::log(num_docs / 0.5);
    double unknown_norm = 0;
    for (size_t k = 0; k < unknown; ++k) unknown_norm += unknown_idf * unknown_idf;
    ws.title_vector.resize(title_entries);
    const float scale = WeighVector(ws, unknown_norm, ws.title_ids.data(),
                                    ws.title_counts.data(), title_entries, ws.title_vector.data());
    // Unit length, scattered by id for the cosine with each candidate below.
    for (auto& [id, weight] : ws.title_vector) {
      weight *= scale;
      ws.title_scatter[id] = weight;
    }
  }
  // One pass over the candidates' vectors: each made unit length; its
  // cosine with the title (0 without one): the products of the common
  // terms, added in ascending term order (a term missing from the title
  // adds +0.0, which leaves the sum unchanged); for the graph, the
  // postings of the terms in another candidate too (the only ones that can
  // add to a similarity): by term, a block of df[id] postings, (candidate,
  // weight) in candidate order, placed when the term is first seen; and
  // by candidate, its postings' places, as (place, end of the term's block).
  {
    std::pair<uint32_t, float>* vec = features->vectors.data();
    const double* title_scatter = ws.title_scatter.data();
    const bool graph = n <= kMaxGraph;
    if (graph && ws.shared.size() < entries) {
      ws.shared.resize(entries);
      ws.postings.resize(entries);
    }
    ws.shared_offsets.resize(n + 1);
    std::pair<uint32_t, uint32_t>* out = ws.shared.data();
    std::pair<uint32_t, double>* postings = ws.postings.data();
    if (graph) {
      ws.posting_next.assign(ws.vocabulary_size, UINT32_MAX);  // UINT32_MAX: no block yet
      ws.posting_end.resize(ws.vocabulary_size);
    }
    uint32_t* posting_next = ws.posting_next.data();
    uint32_t* posting_end = ws.posting_end.data();
    uint32_t free_posting = 0;
    const uint32_t* df = ws.df.data();
    ws.shared_offsets[0] = 0;
    for (size_t i = 0; i < n; ++i) {
      const float scale = ws.unit_scale[i];
      double title_sum = 0;
      if (graph) {
        for (uint32_t k = off[i]; k < off[i + 1]; ++k) {
          const uint32_t id = vec[k].first;
          const float weight = vec[k].second *= scale;
          title_sum += title_scatter[id] * weight;
          if (df[id] > 1) {  // shared
            uint32_t at = posting_next[id];
            if (at == UINT32_MAX) {
              at = free_posting;
              free_posting += df[id];
              posting_end[id] = free_posting;
            }
            posting_next[id] = at + 1;
            postings[at] = {static_cast<uint32_t>(i), weight};
            *out++ = {at, posting_end[id]};
          }
        }
        ws.shared_offsets[i + 1] = static_cast<uint32_t>(out - ws.shared.data());
      } else {
        for (uint32_t k = off[i]; k < off[i + 1]; ++k) {
          const float weight = vec[k].second *= scale;
          title_sum += title_scatter[vec[k].first] * weight;
        }
      }
      cands[i].title = title_sum;
    }
  }

  if (n <= kMaxGraph) {
    // Cosine similarities, from the postings: candidate i adds, for each of
    // its shared terms in ascending order, the products with the later
    // candidates of that term (after its own posting) to their sums: the
    // pair (i, j) gets the products of their common terms in ascending term
    // order, from 0, which is the textbook dot product (its other terms add
    // +0.0, which leaves the sum unchanged; so do the terms of a single
    // candidate, which have no postings). A pair with no common term, most
    // of them, costs nothing but its zero in the matrix.
    features->similarity.assign(n * n, 0.0f);
    const std::pair<uint32_t, uint32_t>* shared = ws.shared.data();
    const uint32_t* shared_off = ws.shared_offsets.data();
    const std::pair<uint32_t, double>* postings = ws.postings.data();
    // Zero (and unflagged) between uses: only grown here. The loop below
    // leaves them so (it clears each entry it used); nothing in it returns
    // early or throws.
    if (ws.pair_sum.size() < n) {
      ws.pair_sum.resize(n, 0.0);
      ws.pair_hit.resize(n, 0);
      ws.pair_hits.resize(n);
    }
    double* pair_sum = ws.pair_sum.data();
    char* pair_hit = ws.pair_hit.data();
    uint32_t* hits = ws.pair_hits.data();
    float* simw = features->similarity.data();
    ws.has_edge.assign(n, 0);  // a non-zero similarity to another candidate
    for (size_t i = 0; i < n; ++i) {
      simw[i * n + i] = 1.0f;
      uint32_t hit_count = 0;
      for (uint32_t k = shared_off[i]; k < shared_off[i + 1]; ++k) {
        const double weight = postings[shared[k].first].second;
        for (uint32_t q = shared[k].first + 1; q < shared[k].second; ++q) {
          const uint32_t j = postings[q].first;
          hits[hit_count] = j;
          hit_count += !pair_hit[j];
          pair_hit[j] = 1;
          pair_sum[j] += weight * postings[q].second;
        }
      }
      for (uint32_t h = 0; h < hit_count; ++h) {
        const uint32_t j = hits[h];
        const float similarity = static_cast<float>(pair_sum[j]);
        simw[i * n + j] = simw[j * n + i] = similarity;
        if (similarity != 0) ws.has_edge[i] = ws.has_edge[j] = 1;
        pair_sum[j] = 0;
        pair_hit[j] = 0;
      }
    }

    LexRank(&ws, features->similarity.data(), n);
  } else {
    // Too many sentences for a quadratic graph (a whole book given as one
    // article): centroid centrality, linear in the text.
    ws.centroid.assign(ws.vocabulary_size, 0.0);
    for (const auto& [id, weight] : features->vectors) ws.centroid[id] += weight;
    ws.rank.assign(n, 0.0);
    for (size_t i = 0; i < n; ++i) {
      for (uint32_t k = features->vector_offsets[i]; k < features->vector_offsets[i + 1]; ++k) {
        ws.rank[i] += features->vectors[k].second * ws.centroid[features->vectors[k].first];
      }
    }
  }
  double max_rank = *std::max_element(ws.rank.begin(), ws.rank.end());
  for (size_t i = 0; i < n; ++i) cands[i].centrality = max_rank > 0 ? ws.rank[i] / max_rank : 0;

  if (n > kMaxGraph) {
    // Similarities are computed on demand (VectorSimilarity), by merging
    // two vectors on their ids: renumber the ids in term order, which the
    // entries of each vector follow.
    ws.by_term.resize(ws.vocabulary_size);
    for (uint32_t id = 0; id < ws.by_term.size(); ++id) ws.by_term[id] = id;
    std::sort(ws.by_term.begin(), ws.by_term.end(),
              [&](uint32_t a, uint32_t b) { return ws.vocabulary[a] < ws.vocabulary[b]; });
    ws.new_ids.resize(ws.by_term.size());
    for (uint32_t rank = 0; rank < ws.by_term.size(); ++rank) ws.new_ids[ws.by_term[rank]] = rank;
    for (auto& entry : features->vectors) entry.first = ws.new_ids[entry.first];
  }

  // Entity salience: each name weighs its mention count in the article
  // (over the most-mentioned one); a sentence scores the sum of its distinct
  // names, scaled to max 1. Money and dates mark the sentence as factual.
  ws.entity_keys.clear();
  // The candidates' spans, in ascending order.
  ws.cand_begin.resize(n);
  ws.cand_end.resize(n);
  for (size_t i = 0; i < n; ++i) {
    ws.cand_begin[i] = doc.sentences[cands[i].sentence].span.begin;
    ws.cand_end[i] = doc.sentences[cands[i].sentence].span.end;
  }
  // Entities come in text order: the candidate that may hold the next one
  // is found by walking on from the last one's (a search if one goes back).
  size_t cursor = 0;
  auto candidate_of = [&](uint32_t offset) -> int {
    // Last candidate starting at or before offset, if it contains it.
    if (offset < ws.cand_begin[0]) return -1;  // the title, a caption...
    if (offset < ws.cand_begin[cursor]) {
      cursor = static_cast<size_t>(
          std::upper_bound(ws.cand_begin.begin(), ws.cand_begin.end(), offset) -
          ws.cand_begin.begin() - 1);
    }
    while (cursor + 1 < n && ws.cand_begin[cursor + 1] <= offset) ++cursor;
    return offset < ws.cand_end[cursor] ? static_cast<int>(cursor) : -1;
  };
  // Entities are grouped by article, in article order.
  auto first_entity = std::lower_bound(doc.entities.begin(), doc.entities.end(), article,
                                       [](const Entity& e, uint32_t a) { return e.article < a; });
  for (auto eit = first_entity; eit != doc.entities.end() && eit->article == article; ++eit) {
    const Entity& e = *eit;
    int c = candidate_of(e.span.begin);
    if (e.type == EntityType::kMoney || e.type == EntityType::kDate) {
      if (c >= 0) cands[c].figures = 1.0;
      continue;
    }
    if (!IsNameEntity(e.type)) continue;
    uint64_t key;
    if (!e.value.empty()) {
      key = HashBytes(e.value);
    } else {
      Lowercase(doc.Text(e.span), &ws.scratch);
      key = HashBytes(ws.scratch);
    }
    // Mentions outside the body (title, captions, bullets) still count
    // towards the entity's weight, with no candidate.
    ws.entity_keys.emplace_back(key, c < 0 ? UINT32_MAX : static_cast<uint32_t>(c));
  }
  if (!ws.entity_keys.empty()) {
    SmallSort(ws.entity_keys.data(), ws.entity_keys.data() + ws.entity_keys.size(),
              [](const std::pair<uint64_t, uint32_t>& a, const std::pair<uint64_t, uint32_t>& b) {
                return a.first < b.first || (a.first == b.first && a.second < b.second);
              });
    uint32_t max_count = 0;
    for (size_t i = 0; i < ws.entity_keys.size();) {
      size_t j = i;
      while (j < ws.entity_keys.size() && ws.entity_keys[j].first == ws.entity_keys[i].first) ++j;
      max_count = std::max(max_count, static_cast<uint32_t>(j - i));
      i = j;
    }
    ws.entity_score.assign(n, 0.0);
    for (size_t i = 0; i < ws.entity_keys.size();) {
      size_t j = i;
      while (j < ws.entity_keys.size() && ws.entity_keys[j].first == ws.entity_keys[i].first) ++j;
      double weight = static_cast<double>(j - i) / max_count;
      uint32_t last = UINT32_MAX;  // pairs are sorted: each candidate once
      for (size_t k = i; k < j; ++k) {
        uint32_t c = ws.entity_keys[k].second;
        if (c == UINT32_MAX || c == last) continue;
        ws.entity_score[c] += weight;
        last = c;
      }
      i = j;
    }
    double best = *std::max_element(ws.entity_score.begin(), ws.entity_score.end());
    if (best > 0) {
      for (size_t i = 0; i < n; ++i) cands[i].entities = ws.entity_score[i] / best;
    }
  }
}

namespace {

// Penalty in [0, 1] for sentences too short to say anything or so long that
// they crowd the brief.
double LengthPenalty(uint32_t words, const SummaryWeights& w) {
  if (w.short_words > 0 && static_cast<int>(words) < w.short_words) {
    return static_cast<double>(w.short_words - static_cast<int>(words)) / w.short_words;
  }
  if (w.long_words > 0 && static_cast<int>(words) > w.long_words) {
    return std::min(1.0, static_cast<double>(static_cast<int>(words) - w.long_words) / w.long_words);
  }
  return 0;
}

}  // namespace

ArticleSummary Rank(const ArticleFeatures& features, const SummaryWeights& w,
                    const SummaryOptions& options) {
  ArticleSummary summary;
  const size_t n = features.candidates.size();
  summary.candidates.resize(n);
  for (size_t i = 0; i < n; ++i) {
    const CandidateFeatures& f = features.candidates[i];
    SentenceScore& s = summary.candidates[i];
    s.sentence = f.sentence;
    s.centrality = w.centrality * f.centrality;
    s.position = w.position / (1.0 + w.position_decay * f.rank) +
                 (f.paragraph_start ? w.paragraph_start : 0.0);
    s.salience = w.entities * f.entities + w.figures * f.figures + w.title * f.title +
                 (f.highlighted ? w.highlight : 0.0);
    s.length = -w.length * LengthPenalty(f.words, w) - w.per_word * f.words / 25.0;
    s.total = s.centrality + s.position + s.salience + s.length;
  }
  size_t k = options.ratio > 0
                 ? std::max<size_t>(1, static_cast<size_t>(std::llround(options.ratio * n)))
                 : static_cast<size_t>(std::max(0, options.sentences));
  k = std::min(k, n);

  // MMR: each pick maximizes score − mmr × (max similarity to the picks so
  // far). Strict comparison in text order breaks ties by position.
  // Per-thread scratch: no allocation per article.
  thread_local std::vector<double> max_sim;
  thread_local std::vector<char> picked;
  max_sim.assign(n, 0.0);
  picked.assign(n, 0);
  for (size_t round = 0; round < k; ++round) {
    size_t best = n;
    double best_value = 0;
    for (size_t i = 0; i < n; ++i) {
      if (picked[i]) continue;
      double value = summary.candidates[i].total - w.mmr * max_sim[i];
      if (best == n || value > best_value) {
        best = i;
        best_value = value;
      }
    }
    picked[best] = 1;
    summary.candidates[best].selected = true;
    summary.candidates[best].redundancy = w.mmr * max_sim[best];
    for (size_t i = 0; i < n; ++i) {
      max_sim[i] = std::max(max_sim[i], static_cast<double>(features.Similarity(best, i)));
    }
  }
  summary.selected.reserve(k);  // one allocation
  for (size_t i = 0; i < n; ++i) {
    SentenceScore& s = summary.candidates[i];
    if (!s.selected) {
      // What the penalty would have been against the final picks.
      s.redundancy = k > 0 ? w.mmr * max_sim[i] : 0.0;
    } else {
      summary.selected.push_back(s.sentence);
    }
  }
  return summary;
}

}  // namespace detail

StatusOr<std::unique_ptr<Summarizer>> Summarizer::Load(const DataPaths& paths) {
  StatusOr<std::string> path = paths.Find("fr/stopwords.txt");
  if (!path.ok()) return path.status();
  std::unordered_set<uint64_t> stop_words;
  std::string lower;
  Status st = ReadLines(*path, [&](std::string_view line, int) {
    detail::Lowercase(line, &lower);
    stop_words.insert(detail::HashBytes(lower));
    return Status::Ok();
  });
  if (!st.ok()) return st;
  return std::unique_ptr<Summarizer>(
      new detail::SummarizerImpl(std::move(stop_words), detail::SummaryWeights()));
}

}  // namespace depeche
