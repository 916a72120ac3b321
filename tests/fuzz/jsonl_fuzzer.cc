// Fuzzes the JSON Lines record reader (ParseRecord) and ParseIsoDate: never
// throws or crashes, errors carry a message, an accepted record is a JSON
// object whose "text" is what was returned, and dates are real days.
#include <nlohmann/json.hpp>

#include "depeche/input.h"
#include "fuzz_common.h"

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
    // What ParseRecord accepted, nlohmann (with its own depth) accepts too.
    nlohmann::json j = nlohmann::json::parse(line, nullptr, /*allow_exceptions=*/false);
    FUZZ_CHECK(j.is_object(), "accepted a record that is not an object");
    FUZZ_CHECK(j.contains("text") && j["text"].is_string() && j["text"].get<std::string>() == rec->text,
               "text differs from the JSON");
    FUZZ_CHECK(id == rec->id || id.empty(), "id_out differs from the record id");
    if (rec->date) {
      FUZZ_CHECK(rec->date->valid() && rec->date->month <= 12 && rec->date->day <= 31, "record date not a day");
    }
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
