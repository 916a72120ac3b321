// Extractive summarizer: ranks an article's body sentences and picks the best
// N, returned in text order.
#ifndef DEPECHE_SUMMARIZE_H_
#define DEPECHE_SUMMARIZE_H_

#include <memory>
#include <vector>

#include "depeche/document.h"
#include "depeche/resources.h"
#include "depeche/status.h"

namespace depeche {

struct SummaryOptions {
  int sentences = 3;   // N best sentences
  double ratio = 0;    // when > 0: max(1, ratio * body sentences) instead of N
};

// The score of one candidate sentence, with its components for --explain.
struct SentenceScore {
  uint32_t sentence = 0;  // index into Document::sentences
  double total = 0;
  double centrality = 0;
  double position = 0;
  double salience = 0;
  double length = 0;
  double redundancy = 0;  // MMR penalty at selection time
  bool selected = false;
};

struct ArticleSummary {
  std::vector<SentenceScore> candidates;  // in text order
  std::vector<uint32_t> selected;         // sentence indices, in text order
};

class Summarizer {
 public:
  static StatusOr<std::unique_ptr<Summarizer>> Load(const DataPaths& paths);
  virtual ~Summarizer() = default;
  // doc must hold the article's sentences and entities.
  virtual ArticleSummary Summarize(const Document& doc, uint32_t article,
                                   const SummaryOptions& options) const = 0;
};

}  // namespace depeche

#endif  // DEPECHE_SUMMARIZE_H_
