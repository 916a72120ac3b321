#include "depeche/pipeline.h"

#include "depeche/sentences.h"
#include "depeche/split.h"
#include "depeche/tokenize.h"

namespace depeche {

void NormalizeAndSplit(Document* doc, bool single_article) {
  doc->text = NormalizedText::Build(doc->original);
  SplitOptions so;
  so.single_article = single_article;
  doc->articles = SplitArticles(doc->text.view(), so);
  doc->split_done = true;
}

void PrepareDocument(Document* doc, bool single_article) {
  if (!doc->split_done) NormalizeAndSplit(doc, single_article);
  doc->tokens.clear();
  doc->sentences.clear();
  doc->tokens.reserve(doc->text.size() / 5 + 16);  // ~6 bytes a token in French news
  for (Article& a : doc->articles) {
    a.token_begin = static_cast<uint32_t>(doc->tokens.size());
    Tokenize(doc->text.view(), a.span, &doc->tokens);
    a.token_end = static_cast<uint32_t>(doc->tokens.size());
  }
  // About one sentence per 16 tokens in news; growing from empty moved them
  // a dozen times.
  doc->sentences.reserve(doc->tokens.size() / 12 + 4 * doc->articles.size() + 16);
  for (uint32_t a = 0; a < doc->articles.size(); ++a) {
    doc->articles[a].sentence_begin = static_cast<uint32_t>(doc->sentences.size());
    SplitSentences(doc, a);
    doc->articles[a].sentence_end = static_cast<uint32_t>(doc->sentences.size());
  }
}

StatusOr<std::unique_ptr<Pipeline>> Pipeline::Load(const PipelineOptions& options) {
  std::unique_ptr<Pipeline> p(new Pipeline());
  p->options_ = options;
  if (options.stage >= Stage::kEntities) {
    auto money = MoneyMatcher::Load(options.paths);
    if (!money.ok()) return money.status();
    p->money_ = std::move(money).value();
    auto dates = DateMatcher::Load(options.paths);
    if (!dates.ok()) return dates.status();
    p->dates_ = std::move(dates).value();
    auto names = NameMatcher::Load(options.paths, options.user_lexicons);
    if (!names.ok()) return names.status();
    p->names_ = std::move(names).value();
  }
  if (options.stage >= Stage::kBrief) {
    auto sum = Summarizer::Load(options.paths);
    if (!sum.ok()) return sum.status();
    p->summarizer_ = std::move(sum).value();
  }
  return p;
}

void Pipeline::Run(Result* result, bool single_article) const {
  Document& doc = result->doc;
  PrepareDocument(&doc, single_article);
  if (options_.stage < Stage::kEntities) return;
  std::vector<Entity> money, dates, names;
  // About one mention per 55 bytes of news: growing from empty moved every
  // entity (and its string) a dozen times per chunk, and even one late
  // doubling moved them all once more.
  doc.entities.reserve(doc.text.size() / 48 + 16);
  // Stage by stage over the articles rather than article by article: each
  // matcher's code (names' alone is larger than the instruction cache) then
  // stays cached over a whole chunk; interleaved per article, they evicted
  // each other every ~1.4 KB article. Money and dates stay together because
  // they share one lexing of the article (ArticleLexemes). found[a] holds
  // article a's amounts and dates for names to avoid.
  std::vector<std::vector<Entity>> found(doc.articles.size());
  for (uint32_t a = 0; a < doc.articles.size(); ++a) {
    // Each ResolveOverlaps empties its two inputs for the next article.
    money_->Find(doc, a, &money);
    dates_->Find(doc, a, &dates);
    found[a].reserve(money.size() + dates.size());
    ResolveOverlaps(&money, &dates, &found[a]);
  }
  for (uint32_t a = 0; a < doc.articles.size(); ++a) {
    names_->Find(doc, a, found[a], &names);
    doc.articles[a].entity_begin = static_cast<uint32_t>(doc.entities.size());
    ResolveOverlaps(&found[a], &names, &doc.entities);
    doc.articles[a].entity_end = static_cast<uint32_t>(doc.entities.size());
  }
  if (options_.stage < Stage::kBrief) return;
  result->summaries.clear();
  result->summaries.reserve(doc.articles.size());
  for (uint32_t a = 0; a < doc.articles.size(); ++a) {
    result->summaries.push_back(summarizer_->Summarize(doc, a, options_.summary));
  }
}

}  // namespace depeche
