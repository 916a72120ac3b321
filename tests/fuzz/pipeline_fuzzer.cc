// Fuzzes the whole pipeline and every printer: all spans keep their
// invariants, and every JSON Lines output line parses, with offsets inside
// the input and "text" fields equal to the input bytes they point at.
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "depeche/output.h"
#include "fuzz_common.h"

namespace {

using depeche::fuzz::IsValidUtf8;

// Walks a parsed output line: objects with start/end are spans of the input.
void CheckJsonSpans(const nlohmann::json& j, std::string_view original, bool exact_text) {
  if (j.is_array()) {
    for (const auto& v : j) CheckJsonSpans(v, original, exact_text);
    return;
  }
  if (!j.is_object()) return;
  if (j.contains("start") && j.contains("end") && j["start"].is_number_unsigned() && j["end"].is_number_unsigned()) {
    const uint64_t b = j["start"].get<uint64_t>(), e = j["end"].get<uint64_t>();
    FUZZ_CHECK(b <= e && e <= original.size(), "JSON span outside the input: " + j.dump());
    if (exact_text && j.contains("text") && j["text"].is_string()) {
      FUZZ_CHECK(j["text"].get<std::string>() == original.substr(b, e - b), "JSON text is not the input bytes: " + j.dump());
    }
  }
  for (const auto& [k, v] : j.items()) CheckJsonSpans(v, original, exact_text);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace depeche;
  using namespace depeche::fuzz;
  if (size > kMaxInput) return 0;
  static const Pipeline* pipeline = BriefPipeline();
  const uint8_t flags = size > 0 ? data[0] : 0;
  Result r;
  r.doc.source = "fuzz";
  r.doc.original.assign(AsView(data, size));
  const bool single = flags & 1;
  if (single) {
    // A record: id and title come from the bytes too (escaping, bad UTF-8).
    const size_t n = std::min<size_t>(size, 6);
    r.doc.id.assign(AsView(data, n));
    r.doc.record_title.assign(AsView(data + n / 2, n - n / 2));
  }
  if (flags & 2) r.doc.ref_date = CivilDate{2024, 2, 29};
  pipeline->Run(&r, single);
  const Document& doc = r.doc;
  CheckOffsetMap(doc.text, doc.original);
  CheckArticles(doc);
  CheckTokens(doc.text.view(), doc.tokens, Span{0, doc.text.size()});
  CheckSentences(doc);
  CheckEntities(doc, doc.entities, -1);

  const bool exact = IsValidUtf8(doc.original);
  const Stage stages[] = {Stage::kSplit, Stage::kTokens, Stage::kEntities, Stage::kBrief};
  const Format formats[] = {Format::kText, Format::kJsonl, Format::kTsv, Format::kMarkdown};
  for (Stage st : stages) {
    for (Format f : formats) {
      if (st == Stage::kTokens && f == Format::kMarkdown) continue;  // refused by the CLI
      OutputOptions oo;
      oo.command = st;
      oo.format = f;
      oo.explain = flags & 4;
      oo.color = flags & 8;
      oo.width = 10 + (flags >> 4) * 8;
      std::unique_ptr<Writer> w = MakeWriter(oo);
      std::string out;
      w->Header(&out);
      w->Write(r, &out);
      if (st == Stage::kTokens || f != Format::kJsonl) continue;
      std::string_view rest = out;
      while (!rest.empty()) {
        const size_t nl = rest.find('\n');
        FUZZ_CHECK(nl != std::string_view::npos, "JSON line without a newline");
        const std::string_view line = rest.substr(0, nl);
        rest.remove_prefix(nl + 1);
        nlohmann::json j = nlohmann::json::parse(line, nullptr, /*allow_exceptions=*/false);
        FUZZ_CHECK(!j.is_discarded(), "output JSON does not parse: " + std::string(line.substr(0, 300)));
        FUZZ_CHECK(j.is_object() && j.value("source", "") == "fuzz", "output line without its source");
        CheckJsonSpans(j, doc.original, exact);
      }
    }
  }
  return 0;
}
