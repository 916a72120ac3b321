// Fuzzes the whole brief stage and the summarizer's choices: selected
// sentences are body sentences of their article, in text order, without
// repeats, within the requested count, and map back to input bytes.
#include <cmath>
#include <vector>

#include "fuzz_common.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace depeche;
  using namespace depeche::fuzz;
  if (size > kMaxInput) return 0;
  static const Pipeline* pipeline = BriefPipeline();
  static const Summarizer* summarizer = OrDie(Summarizer::Load(Paths()), "summarizer");
  Result r;
  r.doc.source = "fuzz";
  r.doc.original.assign(AsView(data, size));
  const bool single = size > 0 && (data[0] & 1);
  pipeline->Run(&r, single);
  const Document& doc = r.doc;
  CheckOffsetMap(doc.text, doc.original);
  CheckArticles(doc);
  CheckSentences(doc);
  CheckEntities(doc, doc.entities, -1);
  FUZZ_CHECK(r.summaries.size() == doc.articles.size(), "one summary per article");
  // Other lengths than the default, straight from the summarizer.
  SummaryOptions opt;
  opt.sentences = size > 1 ? data[1] % 8 : 3;
  opt.ratio = size > 2 && (data[2] & 1) ? (data[2] % 100) / 100.0 : 0;
  for (uint32_t a = 0; a < doc.articles.size(); ++a) {
    const ArticleSummary custom = summarizer->Summarize(doc, a, opt);
    const ArticleSummary* both[] = {&r.summaries[a], &custom};
    for (const ArticleSummary* sp : both) {
      const ArticleSummary& s = *sp;
      if (sp == &r.summaries[a]) FUZZ_CHECK(s.selected.size() <= 3, "more than the default 3 sentences");
      if (sp == &custom && opt.ratio == 0) {
        FUZZ_CHECK(s.selected.size() <= static_cast<size_t>(opt.sentences), "more sentences than asked");
      }
      uint32_t prev = 0;
      bool first = true;
      for (uint32_t idx : s.selected) {
        FUZZ_CHECK(idx < doc.sentences.size(), "selected index out of range");
        FUZZ_CHECK(first || idx > prev, "summary not in text order or repeated");
        first = false;
        prev = idx;
        const Sentence& sent = doc.sentences[idx];
        FUZZ_CHECK(sent.article == a, "summary sentence of another article");
        CheckSpan(doc.text.view(), sent.span, "summary sentence");
        CheckOriginalSpan(doc, sent.span, "summary sentence");
      }
      for (const SentenceScore& c : s.candidates) {
        FUZZ_CHECK(c.sentence < doc.sentences.size(), "candidate index");
        FUZZ_CHECK(!std::isnan(c.total), "NaN score");
      }
    }
  }
  return 0;
}
