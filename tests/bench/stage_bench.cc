// Google Benchmark targets, one per stage, over the sample dump repeated to
// ~1 MB. Each reports bytes/s of input. The end-to-end figure over >= 100 MB
// is tests/bench/e2e.sh.
#include <benchmark/benchmark.h>

#include <fstream>
#include <sstream>

#include "depeche/entities.h"
#include "depeche/output.h"
#include "depeche/pipeline.h"
#include "depeche/split.h"
#include "depeche/summarize.h"
#include "depeche/text.h"
#include "depeche/tokenize.h"

namespace depeche {
namespace {

const std::string& Corpus() {
  static const std::string text = [] {
    std::ifstream in(DEPECHE_SAMPLE, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    std::string one = ss.str(), all;
    while (all.size() < (1u << 20)) all += one;
    return all;
  }();
  return text;
}

DataPaths Paths() { return DataPaths::Default(); }

Document Prepared() {
  Document doc;
  doc.original = Corpus();
  PrepareDocument(&doc, false);
  return doc;
}

void BM_Normalize(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(NormalizedText::Build(Corpus()));
  state.SetBytesProcessed(state.iterations() * Corpus().size());
}
BENCHMARK(BM_Normalize);

void BM_Split(benchmark::State& state) {
  NormalizedText t = NormalizedText::Build(Corpus());
  for (auto _ : state) benchmark::DoNotOptimize(SplitArticles(t.view()));
  state.SetBytesProcessed(state.iterations() * Corpus().size());
}
BENCHMARK(BM_Split);

void BM_Tokenize(benchmark::State& state) {
  NormalizedText t = NormalizedText::Build(Corpus());
  std::vector<Token> tokens;
  for (auto _ : state) {
    tokens.clear();
    Tokenize(t.view(), {0, t.size()}, &tokens);
    benchmark::DoNotOptimize(tokens.data());
  }
  state.SetBytesProcessed(state.iterations() * Corpus().size());
}
BENCHMARK(BM_Tokenize);

void BM_Prepare(benchmark::State& state) {  // normalize + split + tokenize + sentences
  for (auto _ : state) benchmark::DoNotOptimize(Prepared());
  state.SetBytesProcessed(state.iterations() * Corpus().size());
}
BENCHMARK(BM_Prepare);

template <typename Fn>
void RunPerArticle(benchmark::State& state, const Document& doc, Fn fn) {
  std::vector<Entity> out;
  for (auto _ : state) {
    for (uint32_t a = 0; a < doc.articles.size(); ++a) {
      out.clear();
      fn(a, &out);
    }
    benchmark::DoNotOptimize(out.data());
  }
  state.SetBytesProcessed(state.iterations() * Corpus().size());
}

void BM_Money(benchmark::State& state) {
  auto m = MoneyMatcher::Load(Paths());
  if (!m.ok()) return state.SkipWithError(m.status().message().c_str());
  Document doc = Prepared();
  RunPerArticle(state, doc, [&](uint32_t a, std::vector<Entity>* out) { (*m)->Find(doc, a, out); });
}
BENCHMARK(BM_Money);

void BM_Dates(benchmark::State& state) {
  auto m = DateMatcher::Load(Paths());
  if (!m.ok()) return state.SkipWithError(m.status().message().c_str());
  Document doc = Prepared();
  RunPerArticle(state, doc, [&](uint32_t a, std::vector<Entity>* out) { (*m)->Find(doc, a, out); });
}
BENCHMARK(BM_Dates);

void BM_Names(benchmark::State& state) {
  auto m = NameMatcher::Load(Paths(), {});
  if (!m.ok()) return state.SkipWithError(m.status().message().c_str());
  Document doc = Prepared();
  const std::vector<Entity> none;
  RunPerArticle(state, doc, [&](uint32_t a, std::vector<Entity>* out) { (*m)->Find(doc, a, none, out); });
}
BENCHMARK(BM_Names);

void BM_Summarize(benchmark::State& state) {
  PipelineOptions po;
  po.paths = Paths();
  po.stage = Stage::kEntities;
  auto p = Pipeline::Load(po);
  auto s = Summarizer::Load(Paths());
  if (!p.ok() || !s.ok()) return state.SkipWithError("cannot load data");
  Result r;
  r.doc.original = Corpus();
  (*p)->Run(&r, false);
  SummaryOptions so;
  for (auto _ : state) {
    for (uint32_t a = 0; a < r.doc.articles.size(); ++a) benchmark::DoNotOptimize((*s)->Summarize(r.doc, a, so));
  }
  state.SetBytesProcessed(state.iterations() * Corpus().size());
}
BENCHMARK(BM_Summarize);

void BM_BriefJsonl(benchmark::State& state) {  // the whole pipeline and the printer
  PipelineOptions po;
  po.paths = Paths();
  po.stage = Stage::kBrief;
  auto p = Pipeline::Load(po);
  if (!p.ok()) return state.SkipWithError(p.status().message().c_str());
  OutputOptions oo;
  oo.format = Format::kJsonl;
  auto w = MakeWriter(oo);
  std::string out;
  for (auto _ : state) {
    Result r;
    r.doc.original = Corpus();
    (*p)->Run(&r, false);
    out.clear();
    w->Write(r, &out);
    benchmark::DoNotOptimize(out.data());
  }
  state.SetBytesProcessed(state.iterations() * Corpus().size());
}
BENCHMARK(BM_BriefJsonl);

}  // namespace
}  // namespace depeche
