// Pipeline: normalize → split → tokenize → sentences → entities → summarize.
// Immutable after Load; Run is const and thread-safe (workers share one).
#ifndef DEPECHE_PIPELINE_H_
#define DEPECHE_PIPELINE_H_

#include <memory>
#include <string>
#include <vector>

#include "depeche/document.h"
#include "depeche/entities.h"
#include "depeche/resources.h"
#include "depeche/status.h"
#include "depeche/summarize.h"

namespace depeche {

enum class Stage { kSplit, kTokens, kEntities, kBrief };

struct PipelineOptions {
  DataPaths paths;
  std::vector<std::string> user_lexicons;
  Stage stage = Stage::kBrief;
  SummaryOptions summary;
};

// What one document produced: the document and, for briefs, one summary per
// article. Printers are functions of this alone.
struct Result {
  Document doc;
  std::vector<ArticleSummary> summaries;
};

// The stages that need no data files: normalize doc->original into doc->text,
// split articles (the whole text is one article when single_article), tokenize
// and split sentences. Tests use it to build documents from a string.
void PrepareDocument(Document* doc, bool single_article);
// The first half of PrepareDocument: normalize and split articles (sets
// doc->split_done). A streaming reader calls it to count articles early.
void NormalizeAndSplit(Document* doc, bool single_article);

class Pipeline {
 public:
  static StatusOr<std::unique_ptr<Pipeline>> Load(const PipelineOptions& options);

  // Fills result->doc (whose `original`, `source`, `id`, `ref_date` are set
  // by the caller) up to the configured stage. `single_article`: the input is
  // one article (a JSONL record). `title`: a record's title, if any.
  void Run(Result* result, bool single_article) const;

  const PipelineOptions& options() const { return options_; }

 private:
  Pipeline() = default;
  PipelineOptions options_;
  std::unique_ptr<MoneyMatcher> money_;
  std::unique_ptr<DateMatcher> dates_;
  std::unique_ptr<NameMatcher> names_;
  std::unique_ptr<Summarizer> summarizer_;
};

}  // namespace depeche

#endif  // DEPECHE_PIPELINE_H_
