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

// An edge of the LexRank graph; the weight is the float similarity, widened.
struct Edge {
  uint32_t to;
  double weight;
};

// Reused buffers of one thread, so that steady-state summarizing allocates
// nothing per token (only when an article is bigger than any seen before).
struct Workspace {
  TermHasher hasher;
  ArticleFeatures features;
  std::vector<uint32_t> sentence_ids;       // the article's sentences
  std::vector<uint64_t> signatures;         // of the candidates, for dedup
  std::vector<uint64_t> bullet_signatures;  // of highlight bullets
  std::vector<uint64_t> terms;              // flat: the candidates' term ids
  std::vector<uint32_t> term_offsets;       // candidate i: [off[i], off[i+1])
  std::vector<uint64_t> vocabulary;         // sorted, unique
  std::vector<std::pair<uint64_t, uint32_t>> keyed_terms;  // (term, index in terms)
  std::vector<uint32_t> term_ids;           // parallel to terms: dense ids
  std::vector<uint32_t> df;
  // 1 + log(num_docs / df) by df, filled lazily per article (0: not yet):
  // only a few distinct dfs occur, so most std::log calls are saved.
  std::vector<double> idf_by_df;
  std::vector<float> scatter;               // zero but while a row is scattered
  std::vector<uint32_t> dense;              // scratch: the title's dense ids
  std::vector<double> centroid;
  std::vector<uint64_t> title_terms;
  std::vector<Token> title_tokens;
  std::string title_text;
  SparseVector title_vector;
  std::vector<double> rank, next, row_sum;
  std::vector<Edge> edges;              // LexRank graph: non-zero edges, by row
  std::vector<uint32_t> edge_offsets;   // row i: [edge_offsets[i], [i + 1])
  std::vector<uint32_t> dangling_nodes;  // rows without edges
  std::vector<uint32_t> linked_nodes;    // the other rows
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
  for (uint32_t t = s.token_begin; t < s.token_end; ++t) {
    const Token& token = doc.tokens[t];
    if (token.kind != TokenKind::kWord && token.kind != TokenKind::kNumber) continue;
    h = (h ^ hasher->LowerHash(doc.text.view(), token)) * kFnvPrime;
  }
  return h;
}

// The unit-length TF-IDF vector of the dense ids [ids, ids + n) (sorted),
// appended to *out; `unknown_norm` is the squared weight of terms missing
// from the vocabulary.
void WeighVector(Workspace* ws, double num_docs, double unknown_norm, const uint32_t* ids,
                 size_t n, std::vector<std::pair<uint32_t, float>>* out);

// Builds the unit-length TF-IDF vector of `terms` (unsorted term ids) over the
// vocabulary, appending to *out. Terms missing from the vocabulary still
// count in the norm, with the highest idf (they occur in no candidate).
void BuildVector(const uint64_t* terms, size_t n, Workspace* ws, double num_docs,
                 std::vector<uint32_t>* dense, std::vector<std::pair<uint32_t, float>>* out) {
  dense->clear();
  double unknown_norm = 0;
  const double unknown_idf = 1.0 + std::log(num_docs / 0.5);
  for (size_t i = 0; i < n; ++i) {
    auto it = std::lower_bound(ws->vocabulary.begin(), ws->vocabulary.end(), terms[i]);
    if (it != ws->vocabulary.end() && *it == terms[i]) {
      dense->push_back(static_cast<uint32_t>(it - ws->vocabulary.begin()));
    } else {
      unknown_norm += unknown_idf * unknown_idf;
    }
  }
  std::sort(dense->begin(), dense->end());
  WeighVector(ws, num_docs, unknown_norm, dense->data(), dense->size(), out);
}

// 1 + log(count), the term frequency weight; small counts from a table
// (the same std::log values, computed once).
double TfWeight(size_t count) {
  constexpr size_t kTable = 64;
  static const auto table = [] {
    std::vector<double> t(kTable);
    for (size_t k = 1; k < kTable; ++k) t[k] = 1.0 + std::log(static_cast<double>(k));
    return t;
  }();
  return count < kTable ? table[count] : 1.0 + std::log(static_cast<double>(count));
}

void WeighVector(Workspace* ws, double num_docs, double unknown_norm, const uint32_t* ids,
                 size_t n, std::vector<std::pair<uint32_t, float>>* out) {
  size_t start = out->size();
  double norm = unknown_norm;
  for (size_t i = 0; i < n;) {
    size_t j = i;
    while (j < n && ids[j] == ids[i]) ++j;
    uint32_t id = ids[i];
    double tf = TfWeight(j - i);
    const uint32_t df = ws->df[id];
    double& idf = ws->idf_by_df[df];
    if (idf == 0) idf = 1.0 + std::log(num_docs / df);
    double w = tf * idf;
    out->emplace_back(id, static_cast<float>(w));
    norm += w * w;
    i = j;
  }
  if (norm > 0) {
    float inv = static_cast<float>(1.0 / std::sqrt(norm));
    for (size_t i = start; i < out->size(); ++i) (*out)[i].second *= inv;
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
  for (unsigned char c : s) h = (h ^ c) * kFnvPrime;
  return h == 0 ? 1 : h;
}

void Lowercase(std::string_view s, std::string* out) {
  out->clear();
  bool ascii = true;
  for (char c : s) ascii = ascii && static_cast<unsigned char>(c) < 0x80;
  if (ascii) {
    for (char c : s) out->push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c);
    return;
  }
  const auto* p = reinterpret_cast<const utf8proc_uint8_t*>(s.data());
  utf8proc_ssize_t left = static_cast<utf8proc_ssize_t>(s.size());
  while (left > 0) {
    utf8proc_int32_t cp;
    utf8proc_ssize_t len = utf8proc_iterate(p, left, &cp);
    if (len <= 0) {  // invalid byte: keep it as is
      out->push_back(static_cast<char>(*p));
      ++p;
      --left;
      continue;
    }
    if (cp < 0x80) {
      out->push_back(static_cast<char>(cp >= 'A' && cp <= 'Z' ? cp + 32 : cp));
    } else {
      utf8proc_uint8_t enc[4];
      utf8proc_ssize_t n = utf8proc_encode_char(utf8proc_tolower(cp), enc);
      out->append(reinterpret_cast<const char*>(enc), static_cast<size_t>(n));
    }
    p += len;
    left -= len;
  }
}

TermHasher::TermHasher() : stemmer_(sb_stemmer_new("french", "UTF_8")) {}

TermHasher::~TermHasher() {
  if (stemmer_ != nullptr) sb_stemmer_delete(stemmer_);
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

// A miss: compute the entry and store it in the slot where the probe for
// (key, meta) ends, after growing or clearing the table if need be.
const TermHasher::Entry& TermHasher::Insert(std::string_view word, const Token& token,
                                            uint64_t key, uint64_t meta) {
  if (cached_ >= kMaxCached) {
    ClearCache();
  } else if ((cached_ + 1) * 2 > slots_.size()) {
    GrowCache();
  }
  const size_t mask = slots_.size() - 1;
  size_t i = Home(key, meta);
  while (slots_[i].meta != 0) i = (i + 1) & mask;
  Slot& slot = slots_[i];
  slot.entry = Compute(word, token);
  slot.key = key;
  slot.meta = meta;
  ++cached_;
  return slot.entry;
}

void TermHasher::ClearCache() {
  std::fill(slots_.begin(), slots_.end(), Slot{});
  cached_ = 0;
}

void TermHasher::GrowCache() {
  std::vector<Slot> old;
  old.swap(slots_);
  slot_bits_ = old.empty() ? kInitialSlotBits : slot_bits_ + 1;
  slots_.assign(size_t{1} << slot_bits_, Slot{});
  const size_t mask = slots_.size() - 1;
  for (const Slot& s : old) {
    if (s.meta == 0) continue;
    size_t i = Home(s.key, s.meta);
    while (slots_[i].meta != 0) i = (i + 1) & mask;
    slots_[i] = s;
  }
}

TermHasher::Entry TermHasher::Compute(std::string_view word, const Token& token) {
  Entry e;
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
  const sb_symbol* stem = sb_stemmer_stem(
      stemmer_, reinterpret_cast<const sb_symbol*>(lower_.data()), static_cast<int>(lower_.size()));
  if (stem == nullptr) {
    e.term = e.lower_hash;
    return e;
  }
  // Salt stems so a word never collides with a number of the same bytes.
  e.term = HashBytes(std::string_view(reinterpret_cast<const char*>(stem),
                                      static_cast<size_t>(sb_stemmer_length(stemmer_)))) ^
           0x9e3779b97f4a7c15ULL;
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
  ws.bullet_signatures.clear();
  ws.terms.clear();
  ws.term_offsets.assign(1, 0);
  uint32_t last_part = UINT32_MAX;
  for (auto it = first; it != doc.sentences.end() && it->article == article; ++it) {
    const Sentence& s = *it;
    if (s.part >= art.parts.size()) continue;
    const Part& part = art.parts[s.part];
    if (part.kind == PartKind::kBullet) {
      ws.bullet_signatures.push_back(Signature(doc, s, hasher));
      continue;
    }
    if (!IsCandidatePart(part.kind)) continue;
    // Paragraph sentences that repeat an earlier one (a caption pasted twice
    // into the body, a quote repeated) count once: the first is kept.
    // One pass gives the signature, the word count and the terms (only
    // words and numbers have terms); the terms are dropped on a repeat.
    const size_t mark = ws.terms.size();
    uint64_t sig = kFnvOffset;
    uint32_t words = 0;
    for (uint32_t t = s.token_begin; t < s.token_end; ++t) {
      const Token& token = doc.tokens[t];
      if (token.kind != TokenKind::kWord && token.kind != TokenKind::kNumber) continue;
      const TermHasher::Entry& e = hasher->Lookup(text, token);
      sig = (sig ^ e.lower_hash) * kFnvPrime;
      ++words;
      if (e.term != 0) ws.terms.push_back(e.term);
    }
    if (std::find(ws.signatures.begin(), ws.signatures.end(), sig) != ws.signatures.end()) {
      ws.terms.resize(mark);
      continue;
    }
    ws.signatures.push_back(sig);
    CandidateFeatures c;
    c.sentence = static_cast<uint32_t>(it - doc.sentences.begin());
    c.rank = static_cast<uint32_t>(cands.size());
    c.paragraph_start = s.part != last_part;
    c.words = words;
    last_part = s.part;
    cands.push_back(c);
    ws.term_offsets.push_back(static_cast<uint32_t>(ws.terms.size()));
  }
  const size_t n = cands.size();
  if (n == 0) return;
  for (CandidateFeatures& c : cands) {
    c.highlighted = std::find(ws.bullet_signatures.begin(), ws.bullet_signatures.end(),
                              ws.signatures[c.rank]) != ws.bullet_signatures.end();
  }

  // Vocabulary and document frequencies, sentences being the documents.
  // One sort of (term, occurrence) gives both the sorted vocabulary and the
  // dense id of every occurrence, without a binary search per term.
  ws.keyed_terms.clear();
  for (size_t k = 0; k < ws.terms.size(); ++k) {
    ws.keyed_terms.emplace_back(ws.terms[k], static_cast<uint32_t>(k));
  }
  // By term only: the order among occurrences of one term does not matter.
  std::sort(ws.keyed_terms.begin(), ws.keyed_terms.end(),
            [](const auto& x, const auto& y) { return x.first < y.first; });
  ws.vocabulary.clear();
  ws.term_ids.resize(ws.terms.size());
  for (const auto& [term, k] : ws.keyed_terms) {
    if (ws.vocabulary.empty() || ws.vocabulary.back() != term) ws.vocabulary.push_back(term);
    ws.term_ids[k] = static_cast<uint32_t>(ws.vocabulary.size() - 1);
  }
  // Each candidate's ids are sorted in place (their order is not used
  // elsewhere): one sort serves both the df count and the vector.
  ws.df.assign(ws.vocabulary.size(), 0);
  for (size_t i = 0; i < n; ++i) {
    uint32_t* begin = ws.term_ids.data() + ws.term_offsets[i];
    uint32_t* end = ws.term_ids.data() + ws.term_offsets[i + 1];
    std::sort(begin, end);
    for (uint32_t* p = begin; p != end; ++p) {
      if (p == begin || *p != p[-1]) ++ws.df[*p];
    }
  }
  const double num_docs = static_cast<double>(n);
  ws.idf_by_df.assign(n + 1, 0.0);
  features->vectors.clear();
  features->vector_offsets.assign(1, 0);
  for (size_t i = 0; i < n; ++i) {
    WeighVector(&ws, num_docs, 0, ws.term_ids.data() + ws.term_offsets[i],
                ws.term_offsets[i + 1] - ws.term_offsets[i], &features->vectors);
    features->vector_offsets.push_back(static_cast<uint32_t>(features->vectors.size()));
  }

  if (n <= kMaxGraph) {
    // Cosine similarities. Row i is scattered into a dense array, so each
    // dot product is a straight loop over row j instead of a branchy merge.
    // Same sum, same order: ids ascend in row j, and the ids missing from
    // row i add +0.0 (weights are positive), which leaves the sum unchanged.
    features->similarity.assign(n * n, 0.0f);
    ws.scatter.assign(ws.vocabulary.size(), 0.0f);
    float* scatter = ws.scatter.data();
    const std::pair<uint32_t, float>* vec = features->vectors.data();
    const uint32_t* off = features->vector_offsets.data();
    float* simw = features->similarity.data();
    for (size_t i = 0; i < n; ++i) {
      simw[i * n + i] = 1.0f;
      for (uint32_t k = off[i]; k < off[i + 1]; ++k) scatter[vec[k].first] = vec[k].second;
      for (size_t j = i + 1; j < n; ++j) {
        double sum = 0;
        for (uint32_t k = off[j]; k < off[j + 1]; ++k) {
          sum += static_cast<double>(scatter[vec[k].first]) * vec[k].second;
        }
        simw[i * n + j] = simw[j * n + i] = static_cast<float>(sum);
      }
      for (uint32_t k = off[i]; k < off[i + 1]; ++k) scatter[vec[k].first] = 0.0f;
    }

    // Continuous LexRank: PageRank over the row-normalized similarity graph.
    // Most pairs of sentences share no term: the graph is kept as lists of
    // its non-zero edges, row by row with j ascending. Skipping a zero edge
    // is exact: it would add share × 0 = +0.0 to a positive next[j]. So each
    // next[j] gets the same products, added in the same order (i ascending),
    // as with the dense rows, and each row sum the same non-zero terms.
    const float* sim = features->similarity.data();
    ws.row_sum.assign(n, 0.0);
    ws.edges.clear();
    ws.edge_offsets.assign(1, 0);
    ws.dangling_nodes.clear();
    ws.linked_nodes.clear();
    for (size_t i = 0; i < n; ++i) {
      const float* row = sim + i * n;
      double sum = 0;
      for (size_t j = 0; j < n; ++j) {
        if (j == i || row[j] == 0) continue;
        sum += row[j];
        ws.edges.push_back({static_cast<uint32_t>(j), static_cast<double>(row[j])});
      }
      ws.row_sum[i] = sum;
      ws.edge_offsets.push_back(static_cast<uint32_t>(ws.edges.size()));
      (sum <= 0 ? ws.dangling_nodes : ws.linked_nodes).push_back(static_cast<uint32_t>(i));
    }
    ws.rank.assign(n, 1.0 / num_docs);
    ws.next.resize(n);
    double* rank = ws.rank.data();
    double* next = ws.next.data();
    const Edge* edges = ws.edges.data();
    const uint32_t* edge_off = ws.edge_offsets.data();
    const double* row_sum = ws.row_sum.data();
    for (int iter = 0; iter < kMaxIterations; ++iter) {
      double dangling = 0;
      for (uint32_t i : ws.dangling_nodes) dangling += rank[i];
      const double base = (1.0 - kDamping) / num_docs + kDamping * dangling / num_docs;
      for (size_t j = 0; j < n; ++j) next[j] = base;
      for (uint32_t i : ws.linked_nodes) {
        const double share = kDamping * rank[i] / row_sum[i];
        for (uint32_t k = edge_off[i]; k < edge_off[i + 1]; ++k) {
          next[edges[k].to] += share * edges[k].weight;
        }
      }
      // Only `delta < kTolerance` matters, and adding non-negative terms
      // never makes a rounded sum smaller: once it reaches the tolerance the
      // rest of the sum cannot change the outcome.
      double delta = 0;
      for (size_t i = 0; i < n && !(delta >= kTolerance); ++i) {
        delta += std::fabs(next[i] - rank[i]);
      }
      std::swap(rank, next);
      if (delta < kTolerance) break;
    }
    // The last iteration's ranks are in `rank`, which may be either buffer.
    if (rank != ws.rank.data()) ws.rank.swap(ws.next);
  } else {
    // Too many sentences for a quadratic graph (a whole book given as one
    // article): centroid centrality, linear in the text.
    ws.centroid.assign(ws.vocabulary.size(), 0.0);
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

  // Similarity to the title, the journalist's own one-line summary: the
  // title of the JSONL record (given apart from the text), else the
  // article's title line.
  ws.title_terms.clear();
  if (!doc.record_title.empty()) {
    // Normalized like the text, so that apostrophes and spaces match.
    ws.title_text = NormalizedText::Build(doc.record_title).str();
    ws.title_tokens.clear();
    Tokenize(ws.title_text, {0, static_cast<uint32_t>(ws.title_text.size())}, &ws.title_tokens);
    for (const Token& t : ws.title_tokens) {
      uint64_t term = hasher->Term(ws.title_text, t);
      if (term != 0) ws.title_terms.push_back(term);
    }
  } else if (!art.title.empty()) {
    auto tok = std::lower_bound(doc.tokens.begin(), doc.tokens.end(), art.title.begin,
                                [](const Token& t, uint32_t b) { return t.span.begin < b; });
    for (; tok != doc.tokens.end() && tok->span.end <= art.title.end; ++tok) {
      uint64_t term = hasher->Term(doc, *tok);
      if (term != 0) ws.title_terms.push_back(term);
    }
  }
  if (!ws.title_terms.empty()) {
    ws.title_vector.clear();
    BuildVector(ws.title_terms.data(), ws.title_terms.size(), &ws, num_docs, &ws.dense,
                &ws.title_vector);
    for (size_t i = 0; i < n; ++i) {
      cands[i].title = Dot(ws.title_vector.data(), ws.title_vector.size(),
                           features->vectors.data() + features->vector_offsets[i],
                           features->vector_offsets[i + 1] - features->vector_offsets[i]);
    }
  }

  // Entity salience: each name weighs its mention count in the article
  // (over the most-mentioned one); a sentence scores the sum of its distinct
  // names, scaled to max 1. Money and dates mark the sentence as factual.
  ws.entity_keys.clear();
  auto candidate_of = [&](uint32_t offset) -> int {
    // Last candidate starting at or before offset, if it contains it.
    auto it = std::upper_bound(cands.begin(), cands.end(), offset,
                               [&](uint32_t o, const CandidateFeatures& c) {
                                 return o < doc.sentences[c.sentence].span.begin;
                               });
    if (it == cands.begin()) return -1;
    --it;
    return offset < doc.sentences[it->sentence].span.end ? static_cast<int>(it - cands.begin())
                                                         : -1;
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
    std::sort(ws.entity_keys.begin(), ws.entity_keys.end());
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
  std::vector<double> max_sim(n, 0.0);
  std::vector<char> picked(n, 0);
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
