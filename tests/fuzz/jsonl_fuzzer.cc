// Fuzzes the JSON Lines record reader (ParseRecord) and ParseIsoDate: never
// throws or crashes, errors carry a message, and dates are real days.
//
// Differential: ParseRecord parses with simdjson; nlohmann, an independent
// parser, is the oracle. On every input the oracle says whether the line is
// a record and what its fields are (the semantics ParseRecord had when it
// used nlohmann, see include/depeche/input.h), and ParseRecord must agree:
// same accept/reject, same id, text, title and date. simdjson alone (the DOM
// parser, depth 64) must never accept what nlohmann refuses, and may refuse
// what nlohmann accepts only for the known reasons.
#include <simdjson.h>

#include <nlohmann/json.hpp>

#include "depeche/input.h"
#include "fuzz_common.h"

namespace {

constexpr size_t kMaxDepth = 64;

// Nesting depth of a JSON text as nlohmann's SAX events see it (aborted past
// kMaxDepth + 1, so that the DOM is only built for shallow lines), and
// whether the text is well-formed by nlohmann's reading.
class DepthSax : public nlohmann::json_sax<nlohmann::json> {
 public:
  size_t max_depth = 0;
  bool error = false;

  bool null() override { return true; }
  bool boolean(bool) override { return true; }
  bool number_integer(number_integer_t) override { return true; }
  bool number_unsigned(number_unsigned_t) override { return true; }
  bool number_float(number_float_t, const string_t&) override { return true; }
  bool string(string_t&) override { return true; }
  bool binary(binary_t&) override { return true; }
  bool start_object(std::size_t) override { return Open(); }
  bool key(string_t&) override { return true; }
  bool end_object() override { return Close(); }
  bool start_array(std::size_t) override { return Open(); }
  bool end_array() override { return Close(); }
  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) override {
    error = true;
    return false;
  }

 private:
  size_t depth_ = 0;
  bool Open() {
    max_depth = std::max(max_depth, ++depth_);
    return depth_ <= kMaxDepth;
  }
  bool Close() {
    --depth_;
    return true;
  }
};

// The record the oracle reads from `line`, or nullopt when it is refused.
std::optional<depeche::Record> OracleRecord(std::string_view line, bool nl_accepts, const nlohmann::json& j) {
  using depeche::Record;
  if (!nl_accepts || line.find('\0') != std::string_view::npos || !j.is_object()) return std::nullopt;
  Record r;
  auto member = [&](const char* key) -> const nlohmann::json* {
    auto it = j.find(key);
    return it == j.end() || it->is_null() ? nullptr : &*it;
  };
  if (const nlohmann::json* id = member("id")) {
    if (id->is_string()) {
      r.id = id->get<std::string>();
    } else if (id->is_number()) {
      r.id = id->dump();
    } else {
      return std::nullopt;
    }
  }
  const auto text = j.find("text");
  if (text == j.end() || !text->is_string()) return std::nullopt;
  r.text = text->get<std::string>();
  if (const nlohmann::json* title = member("title")) {
    if (!title->is_string()) return std::nullopt;
    r.title = title->get<std::string>();
  }
  if (const nlohmann::json* date = member("date")) {
    if (!date->is_string()) return std::nullopt;
    r.date = depeche::ParseIsoDate(date->get<std::string>());
    if (!r.date) return std::nullopt;
  }
  return r;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace depeche;
  using namespace depeche::fuzz;
  if (size > kMaxInput) return 0;
  const std::string_view line = AsView(data, size);
  // *id_out must not depend on what it held before the call (it is reset),
  // whatever id the line itself carries ("stale" included).
  std::string id = "stale-1", id2 = "stale-2";
  StatusOr<Record> rec = ParseRecord(line, &id);
  (void)ParseRecord(line, &id2);
  FUZZ_CHECK(id == id2, "id_out not reset");
  if (!rec.ok()) {
    FUZZ_CHECK(rec.status().code() == StatusCode::kInvalidArgument, "error code");
    FUZZ_CHECK(!rec.status().message().empty(), "error without a message");
  } else {
    FUZZ_CHECK(id == rec->id, "id_out differs from the record id");
    if (rec->date) {
      FUZZ_CHECK(rec->date->valid() && rec->date->month <= 12 && rec->date->day <= 31, "record date not a day");
    }
  }

  // The oracle: nlohmann, depth first (SAX, no DOM), then the DOM.
  DepthSax sax;
  const bool sax_ok = nlohmann::json::sax_parse(line, &sax, nlohmann::json::input_format_t::json, /*strict=*/true);
  const bool too_deep = sax.max_depth > kMaxDepth;
  nlohmann::json j;
  bool nl_accepts = false;
  if (sax_ok && !too_deep) {
    j = nlohmann::json::parse(line, nullptr, /*allow_exceptions=*/false);
    nl_accepts = !j.is_discarded();
  }
  const std::optional<Record> want = OracleRecord(line, nl_accepts, j);
  FUZZ_CHECK(rec.ok() == want.has_value(),
             std::string(rec.ok() ? "accepted" : "refused") + " against the oracle" +
                 (rec.ok() ? "" : ": " + rec.status().message()));
  if (rec.ok()) {
    FUZZ_CHECK(rec->id == want->id, "id differs from the oracle: " + rec->id + " / " + want->id);
    FUZZ_CHECK(rec->text == want->text, "text differs from the oracle");
    FUZZ_CHECK(rec->title == want->title, "title differs from the oracle");
    FUZZ_CHECK(rec->date == want->date, "date differs from the oracle");
  }

  // simdjson alone, as ParseRecord calls it (a leading byte order mark is
  // skipped, as nlohmann does).
  std::string_view body = line;
  if (body.starts_with("\xEF\xBB\xBF")) body.remove_prefix(3);
  static simdjson::dom::parser* simd = [] {
    auto* p = new simdjson::dom::parser;
    if (p->allocate(kMaxInput, kMaxDepth) != simdjson::SUCCESS) std::abort();
    return p;
  }();
  const simdjson::padded_string padded(body);
  const simdjson::error_code simd_error = simd->parse(padded).error();
  if (simd_error == simdjson::SUCCESS) {
    FUZZ_CHECK(nl_accepts, "simdjson accepted a line nlohmann refuses");
  } else if (nl_accepts) {
    // Known differences: integers beyond 64 bits, a scalar in the 64th
    // container (simdjson counts it as a 65th level), text after a NUL
    // (nlohmann stops reading there).
    const bool known = simd_error == simdjson::NUMBER_ERROR ||
                       (simd_error == simdjson::DEPTH_ERROR && sax.max_depth == kMaxDepth) ||
                       line.find('\0') != std::string_view::npos;
    FUZZ_CHECK(known, std::string("simdjson refused a line nlohmann accepts: ") + simdjson::error_message(simd_error));
  }

  // The same bytes as an ISO date.
  if (auto d = ParseIsoDate(line)) {
    FUZZ_CHECK(size == 10 && d->year >= 1 && d->year <= 9999 && d->month >= 1 && d->month <= 12 && d->day >= 1 &&
                   d->day <= 31,
               "ParseIsoDate accepted a non-date");
  }
  // A record built around the bytes as the text must always parse back.
  std::string wrapped = nlohmann::json{{"id", "x"}, {"text", std::string(line)}}.dump(
      -1, ' ', false, nlohmann::json::error_handler_t::replace);
  StatusOr<Record> back = ParseRecord(wrapped, nullptr);
  FUZZ_CHECK(back.ok(), "a well-formed record was rejected: " + (back.ok() ? "" : back.status().message()));
  FUZZ_CHECK(back->id == "x", "id lost");
  return 0;
}
