// Shared helpers of the fuzz targets: the invariants every stage must keep,
// checked with FUZZ_CHECK, which aborts (so libFuzzer and the replay tests
// both report the input that broke it). Loaded resources are built once per
// process and then shared read-only, as in the real CLI.
#ifndef DEPECHE_TESTS_FUZZ_FUZZ_COMMON_H_
#define DEPECHE_TESTS_FUZZ_FUZZ_COMMON_H_

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "depeche/document.h"
#include "depeche/entities.h"
#include "depeche/pipeline.h"
#include "depeche/resources.h"
#include "depeche/summarize.h"
#include "depeche/text.h"

#define FUZZ_CHECK(cond, what)                                                              \
  do {                                                                                      \
    if (!(cond)) {                                                                          \
      std::fprintf(stderr, "fuzz invariant violated (%s:%d): %s: %s\n", __FILE__, __LINE__, \
                   #cond, std::string(what).c_str());                                       \
      std::abort();                                                                         \
    }                                                                                       \
  } while (0)

namespace depeche::fuzz {

// Inputs above this are ignored: the stages are linear, and bigger inputs
// only slow the fuzzer down (the hostile tests cover the big sizes).
inline constexpr size_t kMaxInput = size_t{64} << 10;

inline std::string_view AsView(const uint8_t* data, size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

// Strict UTF-8 check (no overlongs, no surrogates, nothing above U+10FFFF).
inline bool IsValidUtf8(std::string_view s) {
  for (size_t i = 0; i < s.size();) {
    int len;
    char32_t cp = utf8::Decode(s, i, &len);
    if (cp == 0xFFFD && !(len == 3 && s.compare(i, 3, "\xEF\xBF\xBD") == 0)) return false;
    i += static_cast<size_t>(len);
  }
  return true;
}

inline bool OnBoundary(std::string_view s, uint32_t off) {
  return off == s.size() || (off < s.size() && !utf8::IsContinuation(static_cast<unsigned char>(s[off])));
}

inline std::string SpanStr(Span s) { return "[" + std::to_string(s.begin) + "," + std::to_string(s.end) + ")"; }

// A span of `text`: ordered, inside, on code-point boundaries.
inline void CheckSpan(std::string_view text, Span s, const char* what) {
  FUZZ_CHECK(s.begin <= s.end, std::string(what) + " " + SpanStr(s));
  FUZZ_CHECK(s.end <= text.size(), std::string(what) + " " + SpanStr(s) + " size " + std::to_string(text.size()));
  FUZZ_CHECK(OnBoundary(text, s.begin), std::string(what) + " begin " + SpanStr(s));
  FUZZ_CHECK(OnBoundary(text, s.end), std::string(what) + " end " + SpanStr(s));
}

inline bool Inside(Span inner, Span outer) { return inner.begin >= outer.begin && inner.end <= outer.end; }

// The offset map: in range and monotone; on valid UTF-8 it maps code-point
// boundaries to code-point boundaries.
inline void CheckOffsetMap(const NormalizedText& t, std::string_view original) {
  FUZZ_CHECK(t.original_size() == original.size(), "original_size");
  FUZZ_CHECK(IsValidUtf8(t.view()), "normalized text is not valid UTF-8");
  const bool valid = IsValidUtf8(original);
  uint32_t prev_begin = 0, prev_end = 0;
  for (uint32_t i = 0; i <= t.size(); ++i) {
    const uint32_t b = t.ToOriginalBegin(i), e = t.ToOriginalEnd(i);
    FUZZ_CHECK(b <= original.size(), "ToOriginalBegin(" + std::to_string(i) + ") out of range");
    FUZZ_CHECK(e <= original.size(), "ToOriginalEnd(" + std::to_string(i) + ") out of range");
    FUZZ_CHECK(b >= prev_begin, "ToOriginalBegin not monotone at " + std::to_string(i));
    FUZZ_CHECK(e >= prev_end, "ToOriginalEnd not monotone at " + std::to_string(i));
    if (i > 0) FUZZ_CHECK(t.ToOriginalBegin(i - 1) <= e, "Begin(i-1) > End(i) at " + std::to_string(i));
    if (valid && OnBoundary(t.view(), i)) {
      FUZZ_CHECK(OnBoundary(original, b), "ToOriginalBegin off a code point at " + std::to_string(i));
      FUZZ_CHECK(OnBoundary(original, e), "ToOriginalEnd off a code point at " + std::to_string(i));
    }
    prev_begin = b;
    prev_end = e;
  }
  for (size_t k = 1; k < t.edits().size(); ++k) {
    const TextEdit& a = t.edits()[k - 1];
    const TextEdit& c = t.edits()[k];
    FUZZ_CHECK(a.norm_end <= c.norm_begin && a.orig_end <= c.orig_begin, "edits not sorted");
  }
}

// A span of the normalized text maps to original bytes inside the input.
inline void CheckOriginalSpan(const Document& doc, Span s, const char* what) {
  const Span o = doc.ToOriginal(s);
  FUZZ_CHECK(o.begin <= o.end && o.end <= doc.original.size(),
             std::string(what) + " original span " + SpanStr(o) + " of " + SpanStr(s));
  // Where the normalizer changed nothing, the two texts are the same bytes
  // (but a lone CR becomes LF in place, without an edit: same length).
  if (doc.text.edits().empty()) {
    std::string orig(doc.original, o.begin, o.size());
    std::replace(orig.begin(), orig.end(), '\r', '\n');
    FUZZ_CHECK(doc.Text(s) == orig, std::string(what) + " " + SpanStr(s) + " text differs from the input bytes: \"" +
                                        std::string(doc.Text(s).substr(0, 80)) + "\" vs \"" + orig.substr(0, 80) + "\"");
  }
}

inline void CheckArticles(const Document& doc) {
  const std::string_view text = doc.text.view();
  uint32_t prev_end = 0;
  for (const Article& a : doc.articles) {
    CheckSpan(text, a.span, "article");
    FUZZ_CHECK(a.span.begin >= prev_end, "articles overlap or unsorted at " + SpanStr(a.span));
    prev_end = a.span.end;
    if (!a.title.empty()) {
      CheckSpan(text, a.title, "title");
      FUZZ_CHECK(Inside(a.title, a.span), "title outside its article");
    }
    if (!a.dateline.empty()) {
      CheckSpan(text, a.dateline, "dateline");
      FUZZ_CHECK(Inside(a.dateline, a.span), "dateline outside its article");
    }
    uint32_t prev_part = a.span.begin;
    for (const Part& p : a.parts) {
      CheckSpan(text, p.span, "part");
      FUZZ_CHECK(Inside(p.span, a.span), "part " + SpanStr(p.span) + " outside article " + SpanStr(a.span));
      FUZZ_CHECK(p.span.begin >= prev_part, "parts unsorted at " + SpanStr(p.span));
      prev_part = p.span.begin;
    }
    if (a.date) {
      FUZZ_CHECK(a.date->month >= 0 && a.date->month <= 12 && a.date->day >= 0 && a.date->day <= 31,
                 "impossible publication date");
    }
  }
}

inline void CheckTokens(std::string_view text, const std::vector<Token>& tokens, Span range) {
  uint32_t prev_end = range.begin;
  for (const Token& t : tokens) {
    CheckSpan(text, t.span, "token");
    FUZZ_CHECK(!t.span.empty(), "empty token at " + SpanStr(t.span));
    FUZZ_CHECK(t.span.begin >= prev_end, "tokens overlap or unsorted at " + SpanStr(t.span));
    FUZZ_CHECK(t.span.end <= range.end, "token past its range " + SpanStr(t.span));
    prev_end = t.span.end;
  }
}

inline void CheckSentences(const Document& doc) {
  const std::string_view text = doc.text.view();
  uint32_t prev_end = 0;
  uint32_t prev_article = 0;
  for (const Sentence& s : doc.sentences) {
    CheckSpan(text, s.span, "sentence");
    FUZZ_CHECK(s.article < doc.articles.size(), "sentence article index");
    FUZZ_CHECK(s.article >= prev_article, "sentences unsorted by article");
    if (s.article != prev_article) prev_end = 0;
    prev_article = s.article;
    const Article& a = doc.articles[s.article];
    FUZZ_CHECK(Inside(s.span, a.span), "sentence " + SpanStr(s.span) + " outside its article");
    FUZZ_CHECK(s.part < a.parts.size() || a.parts.empty(), "sentence part index");
    FUZZ_CHECK(s.span.begin >= prev_end, "sentences overlap or unsorted at " + SpanStr(s.span));
    prev_end = s.span.end;
    FUZZ_CHECK(s.token_begin <= s.token_end && s.token_end <= doc.tokens.size(), "sentence token range");
    for (uint32_t k = s.token_begin; k < s.token_end; ++k) {
      FUZZ_CHECK(Inside(doc.tokens[k].span, s.span), "sentence token outside the sentence");
    }
  }
}

// Entities of one article (or all, article = -1): sorted, non-overlapping,
// non-empty, on boundaries, inside their article.
inline void CheckEntities(const Document& doc, const std::vector<Entity>& entities, int article) {
  const std::string_view text = doc.text.view();
  const Entity* prev = nullptr;
  for (const Entity& e : entities) {
    CheckSpan(text, e.span, "entity");
    FUZZ_CHECK(!e.span.empty(), "empty entity at " + SpanStr(e.span));
    FUZZ_CHECK(e.article < doc.articles.size(), "entity article index");
    if (article >= 0) FUZZ_CHECK(e.article == static_cast<uint32_t>(article), "entity of another article");
    FUZZ_CHECK(Inside(e.span, doc.articles[e.article].span),
               "entity " + SpanStr(e.span) + " outside its article " + SpanStr(doc.articles[e.article].span));
    if (prev != nullptr) {
      FUZZ_CHECK(e.span.begin >= prev->span.end,
                 "entities overlap or unsorted: " + SpanStr(prev->span) + " " + SpanStr(e.span));
    }
    CheckOriginalSpan(doc, e.span, "entity");
    prev = &e;
  }
}

// Each entity alone (matcher output before overlaps are resolved).
inline void CheckRawEntities(const Document& doc, const std::vector<Entity>& entities, uint32_t article) {
  for (const Entity& e : entities) {
    CheckSpan(doc.text.view(), e.span, "raw entity");
    FUZZ_CHECK(!e.span.empty(), "empty raw entity at " + SpanStr(e.span));
    FUZZ_CHECK(e.article == article, "raw entity of another article");
    FUZZ_CHECK(Inside(e.span, doc.articles[article].span), "raw entity outside its article " + SpanStr(e.span));
  }
}

inline DataPaths Paths() { return DataPaths::Default(""); }

template <typename T>
T* OrDie(StatusOr<std::unique_ptr<T>> v, const char* what) {
  if (!v.ok()) {
    std::fprintf(stderr, "fuzz: cannot load %s: %s\n", what, v.status().message().c_str());
    std::abort();
  }
  return std::move(v).value().release();  // lives for the whole process
}

// The whole pipeline up to briefs, loaded once per process.
inline const Pipeline* BriefPipeline() {
  PipelineOptions o;
  o.paths = Paths();
  o.stage = Stage::kBrief;
  return OrDie(Pipeline::Load(o), "brief pipeline");
}

// A document prepared from fuzz bytes; the first byte chooses options.
inline void Prepare(Document* doc, std::string_view bytes, bool single_article) {
  doc->source = "fuzz";
  doc->original.assign(bytes);
  PrepareDocument(doc, single_article);
  CheckOffsetMap(doc->text, doc->original);
  CheckArticles(*doc);
  CheckTokens(doc->text.view(), doc->tokens, Span{0, doc->text.size()});
  CheckSentences(*doc);
}

}  // namespace depeche::fuzz

#endif  // DEPECHE_TESTS_FUZZ_FUZZ_COMMON_H_
