// Tests of src/lib/output.cc: the JSON string escaper, and the split, tokens,
// entities and brief writers in every format. Printed offsets are original
// byte offsets (plus the chunk's base offset) and printed texts are exactly
// the original bytes; every JSONL line parses.
#include "depeche/output.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include "depeche/pipeline.h"
#include "key_entities.h"

namespace depeche {
namespace {

using nlohmann::json;

struct JsonCase {
  std::string in;
  std::string want;
};

TEST(AppendJsonStringTest, Table) {
  const JsonCase cases[] = {
      {"", "\"\""},
      {"abc", "\"abc\""},
      {"dit \"oui\"", "\"dit \\\"oui\\\"\""},
      {"a\\b", "\"a\\\\b\""},
      {"l1\nl2\r\tx", "\"l1\\nl2\\r\\tx\""},
      {std::string("\x01\x1f\x7f", 3), "\"\\u0001\\u001f\\u007f\""},
      {std::string("a\0b", 3), "\"a\\u0000b\""},
      {"l\u2019État 14\u202F000\u00A0€", "\"l\u2019État 14\u202F000\u00A0€\""},
      {"\U0001F600", "\"\U0001F600\""},
      {"x\u2028y\u2029", "\"x\\u2028y\\u2029\""},
      {"caf\xE9", "\"caf\uFFFD\""},
      {"\xC0\x80", "\"\uFFFD\uFFFD\""},
      {"a\uFFFDb", "\"a\uFFFDb\""},
      // Two-byte sequences ride the copied runs; broken ones still do not.
      {"\xC3\xA9t\xC3\xA9 \xC3\x80 \"", "\"\xC3\xA9t\xC3\xA9 \xC3\x80 \\\"\""},
      {"d\xC3", "\"d\uFFFD\""},
      {"\xC3" "A\xDF", "\"\uFFFD" "A\uFFFD\""},
  };
  for (const JsonCase& c : cases) {
    std::string out = "prefix:";
    AppendJsonString(c.in, &out);
    EXPECT_EQ(out, "prefix:" + c.want) << c.in;
    // What it writes is valid JSON whenever the input is valid UTF-8.
    json parsed = json::parse(c.want, nullptr, false);
    EXPECT_FALSE(parsed.is_discarded()) << c.want;
  }
}

TEST(AppendJsonStringTest, RoundTripsValidUtf8) {
  std::string s = "« Tab\tnew\nquote\" back\\ ctrl\x02 — ok »";
  std::string out;
  AppendJsonString(s, &out);
  EXPECT_EQ(json::parse(out).get<std::string>(), s);
}

// Strings built of pieces whose escaping is known, at every length and
// position: the escaper copies 16, 8 and 4 bytes at a time, so a special
// byte must be caught wherever it falls in a block, and at the tail.
TEST(AppendJsonStringTest, PiecesAtEveryPosition) {
  const JsonCase pieces[] = {
      {"a", "a"},
      {"Z", "Z"},
      {" ", " "},
      {"\xC3\xA9", "\xC3\xA9"},                                // é
      {"\"", "\\\""},
      {"\\", "\\\\"},
      {"\n", "\\n"},
      {"\t", "\\t"},
      {std::string("\0", 1), "\\u0000"},
      {"\x1f", "\\u001f"},
      {"\x7f", "\\u007f"},
      {"\xE2\x82\xAC", "\xE2\x82\xAC"},                        // €
      {"\xE2\x80\xA8", "\\u2028"},
      {"\xEF\xBF\xBD", "\xEF\xBF\xBD"},                        // U+FFFD itself
      {"\xF0\x9F\x98\x80", "\xF0\x9F\x98\x80"},                // 😀
      {"\xC3", "\xEF\xBF\xBD"},                                 // lead byte, no continuation
      {"\xFF", "\xEF\xBF\xBD"},
  };
  const size_t n = std::size(pieces);
  uint32_t seed = 12345;
  for (int round = 0; round < 400; ++round) {
    std::string in, want = "\"";
    const int count = round % 70;
    for (int i = 0; i < count; ++i) {
      seed = seed * 1103515245u + 12345u;
      // Mostly plain ASCII, as in news text, with specials anywhere.
      size_t k = (seed >> 16) % (3 * n);
      if (k >= n) k = k % 3;
      in += pieces[k].in;
      want += pieces[k].want;
    }
    want += "\"";
    std::string out = "x";
    AppendJsonString(in, &out);
    ASSERT_EQ(out, "x" + want) << "round " << round;
  }
  // Long plain runs before and after one special byte, at each offset.
  for (size_t at = 0; at < 40; ++at) {
    std::string in(at, 'p');
    in += '"';
    in += std::string(37 - at % 37, 'q');
    std::string want = "\"" + std::string(at, 'p') + "\\\"" + std::string(37 - at % 37, 'q') + "\"";
    std::string out;
    AppendJsonString(in, &out);
    EXPECT_EQ(out, want) << at;
  }
}

// Key entities: the hash table, its sort fallback (forced with a zero probe
// budget) and a plain map agree, on names that repeat, share a type or not,
// and arrive in text order.
TEST(RankKeysTest, TableAndFallbackAgreeWithAMap) {
  const std::string pool[] = {"Paris", "Lyon", "Emmanuel Macron", "Banque de France", "ONU", "A", "",
                              "Jean-Luc Mélenchon", "14 000 euros", "mardi", "Paris ", "paris"};
  uint32_t seed = 99;
  for (int round = 0; round < 300; ++round) {
    std::vector<detail::KeyMention> mentions;
    std::map<std::pair<int, std::string>, std::pair<int, uint32_t>> want;  // (type, name) -> (count, first)
    uint32_t at = 0;
    for (int i = 0; i < round % 60; ++i) {
      seed = seed * 1103515245u + 12345u;
      const std::string& name = pool[(seed >> 8) % std::size(pool)];
      auto type = static_cast<EntityType>((seed >> 20) % 3 == 0 ? 3 : (seed >> 16) % 6);
      at += 1 + (seed >> 24) % 9;
      mentions.push_back({name, at, type});
      auto [it, fresh] = want.try_emplace({static_cast<int>(type), name}, 0, at);
      ++it->second.first;
    }
    std::vector<detail::KeyEntity> table, fallback;
    std::vector<uint32_t> table_first, fallback_first;
    detail::RankKeys(mentions, &table, 4, &table_first);
    detail::RankKeys(mentions, &fallback, 0, &fallback_first);
    ASSERT_EQ(table.size(), want.size()) << round;
    ASSERT_EQ(fallback.size(), want.size()) << round;
    // group_first: the earliest mention of the same (type, name).
    ASSERT_EQ(table_first.size(), mentions.size());
    EXPECT_EQ(table_first, fallback_first) << round;
    for (size_t i = 0; i < mentions.size(); ++i) {
      size_t g = 0;
      while (mentions[g].type != mentions[i].type || mentions[g].name != mentions[i].name) ++g;
      EXPECT_EQ(table_first[i], g) << round << " #" << i;
    }
    for (size_t k = 0; k < table.size(); ++k) {
      const detail::KeyEntity& t = table[k];
      const detail::KeyEntity& f = fallback[k];
      EXPECT_EQ(t.type, f.type);
      EXPECT_EQ(t.name, f.name);
      EXPECT_EQ(t.count, f.count);
      EXPECT_EQ(t.first, f.first);
      EXPECT_EQ(t.mention, f.mention);
      ASSERT_LT(t.mention, mentions.size());  // the key's earliest mention
      EXPECT_EQ(mentions[t.mention].first, t.first);
      auto w = want.at({static_cast<int>(t.type), std::string(t.name)});
      EXPECT_EQ(t.count, w.first);
      EXPECT_EQ(t.first, w.second);
      if (k > 0) {  // by type, then count (most first), then first mention
        const detail::KeyEntity& p = table[k - 1];
        EXPECT_TRUE(p.type < t.type || (p.type == t.type && (p.count > t.count || (p.count == t.count && p.first < t.first))))
            << round << " #" << k;
      }
    }
  }
}

// A two-article dump with non-ASCII spacing, so normalized and original
// offsets differ.
const char kDump[] =
    "\xEF\xBB\xBFLe port de Sète s\u2019agrandit\r\n"
    "\r\n"
    "Des grues sur le quai. (AFP)\r\n"
    "Short Url\r\n"
    "Publié le Jeudi 6 mars 2025\r\n"
    "\r\n"
    "SÈTE: Le chantier coûtera 85\u202Fmillions d\u2019euros. Il durera trois ans.\r\n"
    "\r\n"
    "\r\n"
    "Un second titre\r\n"
    "Short Url\r\n"
    "Le second texte\tavec une tabulation.\r\n";

Result MakeResult(const std::string& original, uint64_t base = 0) {
  Result r;
  r.doc.source = "dir/dépêches.txt";
  r.doc.original = original;
  r.doc.base_offset = base;
  PrepareDocument(&r.doc, false);
  return r;
}

std::vector<json> ParseLines(const std::string& out) {
  std::vector<json> v;
  size_t pos = 0;
  while (pos < out.size()) {
    size_t nl = out.find('\n', pos);
    EXPECT_NE(nl, std::string::npos) << "last line without newline";
    if (nl == std::string::npos) break;
    v.push_back(json::parse(out.substr(pos, nl - pos)));
    pos = nl + 1;
  }
  return v;
}

std::string Write(const OutputOptions& o, const Result& r, bool header = false) {
  auto w = MakeWriter(o);
  std::string out;
  if (header) w->Header(&out);
  w->Write(r, &out);
  return out;
}

TEST(SplitWriterTest, JsonlRecords) {
  const std::string original = kDump;
  Result r = MakeResult(original);
  ASSERT_EQ(r.doc.articles.size(), 2u);
  OutputOptions o;
  o.command = Stage::kSplit;
  o.format = Format::kJsonl;
  std::vector<json> lines = ParseLines(Write(o, r));
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0]["source"], "dir/dépêches.txt");
  EXPECT_EQ(lines[0]["article"], 1);
  EXPECT_EQ(lines[1]["article"], 2);
  EXPECT_EQ(lines[0]["title"], "Le port de Sète s\u2019agrandit");  // original bytes, curly apostrophe
  EXPECT_EQ(lines[0]["date"], "2025-03-06");
  EXPECT_EQ(lines[0]["dateline"], "SÈTE");
  EXPECT_EQ(lines[1]["title"], "Un second titre");
  EXPECT_TRUE(lines[1]["date"].is_null());
  EXPECT_TRUE(lines[1]["dateline"].is_null());
  // Articles cover the input after the BOM, which is no content.
  EXPECT_EQ(lines[0]["start"], 3);
  EXPECT_EQ(lines[0]["end"], lines[1]["start"]);
  EXPECT_EQ(lines[1]["end"], original.size());
  EXPECT_EQ(original.substr(lines[1]["start"].get<size_t>(), 15), "Un second titre");
  // Every part's offsets point at its original bytes.
  for (const json& line : lines) {
    for (const json& p : line["parts"]) {
      size_t b = p["start"], e = p["end"];
      ASSERT_LE(b, e);
      ASSERT_LE(e, original.size());
      std::string bytes = original.substr(b, e - b);
      if (p["kind"] == "title") { EXPECT_EQ(bytes, line["title"].get<std::string>()); }
      if (p["kind"] == "short_url") { EXPECT_EQ(bytes, "Short Url"); }
      if (p["kind"] == "dateline") { EXPECT_EQ(bytes, "SÈTE"); }
      if (p["kind"] == "paragraph" && line["article"] == 1) {
        EXPECT_EQ(bytes, "SÈTE: Le chantier coûtera 85\u202Fmillions d\u2019euros. Il durera trois ans.");
      }
      EXPECT_EQ(bytes.find('\r'), std::string::npos) << bytes;
    }
  }
}

TEST(SplitWriterTest, BaseOffsetIsAdded) {
  Result r = MakeResult("Un titre\nShort Url\nLe texte.\n", 1000);
  OutputOptions o;
  o.command = Stage::kSplit;
  o.format = Format::kJsonl;
  std::vector<json> lines = ParseLines(Write(o, r));
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(lines[0]["start"], 1000);
  EXPECT_EQ(lines[0]["end"], 1000 + 29);
  EXPECT_EQ(lines[0]["parts"][0]["start"], 1000);
  EXPECT_EQ(lines[0]["parts"][0]["end"], 1008);
}

TEST(SplitWriterTest, FirstArticleNumberAndRecordId) {
  Result r = MakeResult("Un titre\nShort Url\nLe texte.\n");
  r.doc.first_article = 7;
  r.doc.id = "rec-1";
  OutputOptions o;
  o.command = Stage::kSplit;
  o.format = Format::kJsonl;
  std::vector<json> lines = ParseLines(Write(o, r));
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(lines[0]["article"], 7);
  EXPECT_EQ(lines[0]["id"], "rec-1");
}

TEST(SplitWriterTest, RecordTitleWins) {
  Result r;
  r.doc.source = "<stdin>";
  r.doc.original = "Le texte seul.";
  r.doc.record_title = "Titre du \"record\"";
  r.doc.ref_date = CivilDate{2024, 2, 29};
  PrepareDocument(&r.doc, true);
  OutputOptions o;
  o.command = Stage::kSplit;
  o.format = Format::kJsonl;
  std::vector<json> lines = ParseLines(Write(o, r));
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(lines[0]["title"], "Titre du \"record\"");
  EXPECT_EQ(lines[0]["date"], "2024-02-29");
}

TEST(SplitWriterTest, Tsv) {
  Result r = MakeResult(kDump);
  OutputOptions o;
  o.command = Stage::kSplit;
  o.format = Format::kTsv;
  std::string out = Write(o, r, true);
  EXPECT_EQ(out.substr(0, out.find('\n')), "source\tarticle\tpart\tstart\tend\ttext");
  // Every row has 6 fields; the tab inside the last paragraph is escaped.
  size_t pos = 0, rows = 0;
  while (pos < out.size()) {
    size_t nl = out.find('\n', pos);
    std::string row = out.substr(pos, nl - pos);
    EXPECT_EQ(std::count(row.begin(), row.end(), '\t'), 5) << row;
    pos = nl + 1;
    ++rows;
  }
  EXPECT_GT(rows, 5u);
  EXPECT_NE(out.find("\t1\tcaption\t"), std::string::npos) << out;
  EXPECT_NE(out.find("Le second texte\\tavec une tabulation."), std::string::npos);
  EXPECT_NE(out.find("dir/dépêches.txt\t2\ttitle\t"), std::string::npos);
}

TEST(SplitWriterTest, Text) {
  Result r = MakeResult(kDump);
  OutputOptions o;
  o.command = Stage::kSplit;
  o.format = Format::kText;
  std::string out = Write(o, r);
  EXPECT_NE(out.find("dir/dépêches.txt#1  bytes 3-"), std::string::npos) << out;
  EXPECT_NE(out.find("date 2025-03-06  dateline SÈTE"), std::string::npos) << out;
  EXPECT_NE(out.find("dir/dépêches.txt#2"), std::string::npos) << out;
  EXPECT_NE(out.find("date -  dateline -"), std::string::npos) << out;
  EXPECT_NE(out.find("Short Url"), std::string::npos);
}

TEST(SplitWriterTest, TextTruncatesLongPartsOnCharacterBoundary) {
  std::string para;
  for (int i = 0; i < 40; ++i) para += "été ";
  Result r = MakeResult("Un titre\nShort Url\n" + para + "\n");
  OutputOptions o;
  o.command = Stage::kSplit;
  o.format = Format::kText;
  std::string out = Write(o, r);
  size_t at = out.find("paragraph");
  ASSERT_NE(at, std::string::npos);
  std::string line = out.substr(at, out.find('\n', at) - at);
  EXPECT_NE(line.find("…"), std::string::npos) << line;
  // Valid UTF-8: parsing it as a JSON string keeps it unchanged.
  std::string quoted;
  AppendJsonString(line, &quoted);
  EXPECT_EQ(quoted.find("\uFFFD"), std::string::npos) << line;
}

TEST(TokensWriterTest, TsvMapsToOriginal) {
  const std::string original = "L\u2019État paie 14\u202F000\u00A0€.\r\nFin\tici";
  Result r = MakeResult(original, 50);
  OutputOptions o;
  o.command = Stage::kTokens;
  o.format = Format::kTsv;
  std::string out = Write(o, r, true);
  std::string want =
      "start\tend\tkind\ttext\n"
      "50\t54\tword\tL\u2019\n"
      "54\t59\tword\tÉtat\n"
      "60\t64\tword\tpaie\n"
      "65\t73\tnumber\t14\u202F000\n"
      "75\t78\tsymbol\t€\n"
      "78\t79\tpunct\t.\n"
      "81\t84\tword\tFin\n"
      "85\t88\tword\tici\n";
  EXPECT_EQ(out, want);
}

TEST(TokensWriterTest, TextIsTsvWithoutHeader) {
  Result r = MakeResult("Un mot");
  OutputOptions o;
  o.command = Stage::kTokens;
  o.format = Format::kText;
  EXPECT_EQ(Write(o, r, true), "0\t2\tword\tUn\n3\t6\tword\tmot\n");
}

TEST(TokensWriterTest, Jsonl) {
  const std::string original = "qu\u2019aujourd\u2019hui";
  Result r = MakeResult(original);
  r.doc.id = "r9";
  OutputOptions o;
  o.command = Stage::kTokens;
  o.format = Format::kJsonl;
  std::vector<json> lines = ParseLines(Write(o, r));
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0]["text"], "qu\u2019");
  EXPECT_EQ(lines[0]["norm"], "qu'");
  EXPECT_EQ(lines[0]["start"], 0);
  EXPECT_EQ(lines[0]["end"], 5);
  EXPECT_EQ(lines[0]["kind"], "word");
  EXPECT_EQ(lines[0]["id"], "r9");
  EXPECT_EQ(lines[1]["text"], "aujourd\u2019hui");
  EXPECT_EQ(lines[1]["norm"], "aujourd'hui");
  EXPECT_EQ(lines[1]["start"], 5);
  EXPECT_EQ(lines[1]["end"], original.size());
}

// A document with hand-made entities and summary, for the entity and brief
// writers (independent of the matchers).
Result WithEntities() {
  Result r = MakeResult(kDump);
  const std::string& norm = r.doc.text.str();
  auto span_of = [&](std::string_view s) {
    size_t at = norm.find(s);
    EXPECT_NE(at, std::string::npos) << s;
    return Span{static_cast<uint32_t>(at), static_cast<uint32_t>(at + s.size())};
  };
  Entity money;
  money.type = EntityType::kMoney;
  money.span = span_of("85 millions d'euros");
  money.money.amount = 85e6;
  std::copy_n("EUR", 3, money.money.currency);
  money.article = 0;
  Entity loc;
  loc.type = EntityType::kLocation;
  loc.span = span_of("Sète");
  loc.value = "Sète";
  Entity date;
  date.type = EntityType::kDate;
  date.span = span_of("trois ans");
  Entity per;
  per.type = EntityType::kPerson;
  per.span = span_of("second");
  per.value = "Un Second";
  per.article = 1;
  r.doc.entities = {loc, money, date, per};
  std::sort(r.doc.entities.begin(), r.doc.entities.end(),
            [](const Entity& a, const Entity& b) { return a.span.begin < b.span.begin; });
  // Each article's entities are an index range of doc.entities.
  r.doc.articles[0].entity_begin = 0;
  r.doc.articles[0].entity_end = 3;
  r.doc.articles[1].entity_begin = 3;
  r.doc.articles[1].entity_end = 4;
  r.summaries.resize(2);
  for (uint32_t i = 0; i < r.doc.sentences.size(); ++i) {
    if (r.doc.Text(r.doc.sentences[i].span).rfind("Le chantier", 0) == 0) r.summaries[0].selected.push_back(i);
  }
  EXPECT_EQ(r.summaries[0].selected.size(), 1u);
  return r;
}

OutputOptions EntitiesJsonl() {
  OutputOptions o;
  o.command = Stage::kEntities;
  o.format = Format::kJsonl;
  return o;
}

TEST(EntitiesWriterTest, Jsonl) {
  const std::string original = kDump;
  Result r = WithEntities();
  std::vector<json> lines = ParseLines(Write(EntitiesJsonl(), r));
  ASSERT_EQ(lines.size(), 4u);
  for (const json& l : lines) {
    size_t b = l["start"], e = l["end"];
    EXPECT_EQ(original.substr(b, e - b), l["text"].get<std::string>());
  }
  EXPECT_EQ(lines[0]["type"], "LOC");
  EXPECT_EQ(lines[0]["value"], "Sète");
  EXPECT_EQ(lines[0]["article"], 1);
  const json& m = lines[2]["type"] == "MONEY" ? lines[2] : lines[1];
  EXPECT_EQ(m["type"], "MONEY");
  EXPECT_EQ(m["text"], "85\u202Fmillions d\u2019euros");
  EXPECT_EQ(m["value"]["amount"], 85000000);
  EXPECT_EQ(m["value"]["currency"], "EUR");
  EXPECT_FALSE(m["value"].contains("approx"));
  bool saw_date = false;
  for (const json& l : lines) {
    if (l["type"] == "DATE") {
      saw_date = true;
      EXPECT_TRUE(l["value"].is_null());
    }
  }
  EXPECT_TRUE(saw_date);
  EXPECT_EQ(lines[3]["type"], "PER");
  EXPECT_EQ(lines[3]["article"], 2);
}

// Offsets are written by hand, two digits at a time: check them around each
// power of ten, up to the 20 digits of a 64-bit offset.
TEST(EntitiesWriterTest, OffsetsAtEveryDigitCount) {
  Result r = WithEntities();
  const OutputOptions o = EntitiesJsonl();
  std::vector<json> base_lines = ParseLines(Write(o, r));
  ASSERT_FALSE(base_lines.empty());
  const uint64_t start0 = base_lines[0]["start"];
  uint64_t p10 = 1;
  for (int digits = 1; digits <= 20; ++digits) {
    for (uint64_t target : {p10 - 1, p10, p10 + 1}) {
      if (target < start0) continue;
      r.doc.base_offset = target - start0;
      std::string out = Write(o, r);
      std::string want = "\"start\":" + std::to_string(target) + ",";
      EXPECT_NE(out.find(want), std::string::npos) << want << "\n" << out;
    }
    if (digits < 20) p10 *= 10;
  }
  r.doc.base_offset = UINT64_MAX - start0 - 100;
  std::string out = Write(o, r);
  EXPECT_NE(out.find("\"start\":" + std::to_string(UINT64_MAX - 100) + ","), std::string::npos) << out;
}

TEST(EntitiesWriterTest, LabelsFilter) {
  Result r = WithEntities();
  OutputOptions o;
  o.command = Stage::kEntities;
  o.format = Format::kJsonl;
  o.labels = {EntityType::kMoney};
  std::vector<json> lines = ParseLines(Write(o, r));
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(lines[0]["type"], "MONEY");
}

TEST(EntitiesWriterTest, TsvAndText) {
  Result r = WithEntities();
  OutputOptions o;
  o.command = Stage::kEntities;
  o.format = Format::kTsv;
  o.labels = {EntityType::kMoney};
  std::string tsv = Write(o, r, true);
  EXPECT_EQ(tsv.substr(0, tsv.find('\n') + 1), "source\tarticle\ttype\tstart\tend\ttext\tvalue\n");
  EXPECT_NE(tsv.find("\t1\tMONEY\t"), std::string::npos) << tsv;
  EXPECT_NE(tsv.find("\t85\u202Fmillions d\u2019euros\t85000000 EUR\n"), std::string::npos) << tsv;
  o.format = Format::kText;
  std::string text = Write(o, r);
  EXPECT_NE(text.find("dir/dépêches.txt#1\tMONEY"), std::string::npos) << text;
  EXPECT_NE(text.find("→ 85000000 EUR"), std::string::npos) << text;
  EXPECT_EQ(text.find("\x1b["), std::string::npos);
  o.color = true;
  EXPECT_NE(Write(o, r).find("\x1b[33m"), std::string::npos);
}

TEST(BriefWriterTest, Jsonl) {
  const std::string original = kDump;
  Result r = WithEntities();
  OutputOptions o;
  o.command = Stage::kBrief;
  o.format = Format::kJsonl;
  std::vector<json> lines = ParseLines(Write(o, r));
  ASSERT_EQ(lines.size(), 2u);
  const json& a = lines[0];
  EXPECT_EQ(a["article"], 1);
  EXPECT_EQ(a["title"], "Le port de Sète s\u2019agrandit");
  EXPECT_EQ(a["date"], "2025-03-06");
  ASSERT_EQ(a["summary"].size(), 1u);
  const json& s = a["summary"][0];
  EXPECT_EQ(s["text"], "Le chantier coûtera 85\u202Fmillions d\u2019euros.");
  EXPECT_EQ(original.substr(s["start"].get<size_t>(), s["end"].get<size_t>() - s["start"].get<size_t>()),
            s["text"].get<std::string>());
  EXPECT_EQ(a["entities"].size(), 3u);
  EXPECT_EQ(lines[1]["entities"].size(), 1u);
  EXPECT_TRUE(lines[1]["summary"].empty());
  bool has_money_key = false;
  for (const json& k : a["key_entities"]) {
    if (k["type"] == "MONEY") {
      has_money_key = true;
      EXPECT_EQ(k["name"], "85\u202Fmillions d\u2019euros");
      EXPECT_EQ(k["count"], 1);
    }
  }
  EXPECT_TRUE(has_money_key);
  EXPECT_FALSE(a.contains("scores"));
}

TEST(BriefWriterTest, TextMarkdownTsv) {
  Result r = WithEntities();
  OutputOptions o;
  o.command = Stage::kBrief;
  o.format = Format::kText;
  std::string text = Write(o, r);
  EXPECT_NE(text.find("dir/dépêches.txt #1  2025-03-06  SÈTE\n"), std::string::npos) << text;
  EXPECT_NE(text.find("Le port de Sète s\u2019agrandit\n"), std::string::npos) << text;
  EXPECT_NE(text.find("  - Le chantier coûtera"), std::string::npos) << text;
  EXPECT_NE(text.find("amounts"), std::string::npos) << text;

  o.format = Format::kMarkdown;
  std::string md = Write(o, r);
  EXPECT_EQ(md.substr(0, md.find('\n')), "## Le port de Sète s\u2019agrandit") << md;
  EXPECT_NE(md.find("- **Amounts:** 85\u202Fmillions d\u2019euros"), std::string::npos) << md;
  EXPECT_NE(md.find("> Le chantier coûtera"), std::string::npos) << md;

  o.format = Format::kTsv;
  std::string tsv = Write(o, r, true);
  EXPECT_EQ(tsv.substr(0, tsv.find('\n') + 1), "source\tarticle\tfield\tlabel\tstart\tend\ttext\n");
  EXPECT_NE(tsv.find("\t1\tdate\t\t0\t0\t2025-03-06\n"), std::string::npos) << tsv;
  EXPECT_NE(tsv.find("\t1\tdateline\tLOC\t"), std::string::npos) << tsv;
  EXPECT_NE(tsv.find("\t1\tentity\tMONEY\t"), std::string::npos) << tsv;
}

TEST(BriefWriterTest, TextWrapsAtWidth) {
  Result r = WithEntities();
  OutputOptions o;
  o.command = Stage::kBrief;
  o.format = Format::kText;
  o.width = 30;
  std::string text = Write(o, r);
  size_t pos = 0;
  while (pos < text.size()) {
    size_t nl = text.find('\n', pos);
    std::string line = text.substr(pos, nl - pos);
    pos = nl + 1;
    if (line.substr(0, 2) != "  ") continue;  // wrapped lines are indented
    size_t cps = 0;
    for (char c : line) cps += !utf8::IsContinuation(static_cast<unsigned char>(c));
    // A single long word may overflow; these lines have none over 30.
    EXPECT_LE(cps, 30u) << line;
  }
}

TEST(BriefWriterTest, ExplainAddsScores) {
  Result r = WithEntities();
  SentenceScore sc;
  sc.sentence = r.summaries[0].selected[0];
  sc.total = 0.5;
  sc.selected = true;
  r.summaries[0].candidates.push_back(sc);
  OutputOptions o;
  o.command = Stage::kBrief;
  o.format = Format::kJsonl;
  o.explain = true;
  std::vector<json> lines = ParseLines(Write(o, r));
  ASSERT_EQ(lines[0]["scores"].size(), 1u);
  EXPECT_EQ(lines[0]["scores"][0]["total"], 0.5);
  EXPECT_EQ(lines[0]["scores"][0]["selected"], true);
}

TEST(BriefWriterTest, EmptyRecordStillHasOneLine) {
  Result r;
  r.doc.source = "<stdin>";
  PrepareDocument(&r.doc, /*single_article=*/true);
  OutputOptions o;
  o.command = Stage::kBrief;
  o.format = Format::kJsonl;
  std::vector<json> lines = ParseLines(Write(o, r));
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_TRUE(lines[0]["title"].is_null());
  EXPECT_TRUE(lines[0]["summary"].empty());
}

}  // namespace
}  // namespace depeche
