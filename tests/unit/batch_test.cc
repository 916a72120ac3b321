// Tests of src/lib/batch.cc: RunBatch over real files in a scratch directory
// with the split and tokens stages (no data files needed): ordered output for
// any thread count, chunking of big files with absolute offsets and running
// article numbers, JSONL records with bad lines, errors that do not stop the
// run, binary files, invalid UTF-8 warnings and a closed output.
#include "depeche/batch.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace depeche {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

class ScratchDir {
 public:
  ScratchDir() {
    std::string tmpl = testing::TempDir() + "depeche_batch_XXXXXX";
    char* made = mkdtemp(tmpl.data());
    EXPECT_NE(made, nullptr);
    root_ = tmpl;
  }
  ~ScratchDir() {
    std::error_code ec;
    fs::remove_all(root_, ec);
  }
  std::string Path(const std::string& rel) const { return root_ + "/" + rel; }
  std::string Write(const std::string& rel, const std::string& bytes) const {
    fs::create_directories(fs::path(Path(rel)).parent_path());
    std::ofstream(Path(rel), std::ios::binary) << bytes;
    return Path(rel);
  }

 private:
  std::string root_;
};

struct Captured {
  std::string out;
  std::vector<std::string> err;
  BatchStats stats;
};

Captured RunCapture(Stage stage, Format format, BatchOptions options, size_t close_after = 0) {
  PipelineOptions po;
  po.stage = stage;
  auto pipeline = Pipeline::Load(po);
  EXPECT_TRUE(pipeline.ok()) << pipeline.status().message();
  OutputOptions oo;
  oo.command = stage;
  oo.format = format;
  auto writer = MakeWriter(oo);
  Captured c;
  size_t writes = 0;
  BatchSinks sinks;
  sinks.out = [&](std::string_view s) {
    if (close_after > 0 && writes >= close_after) return false;
    ++writes;
    c.out.append(s);
    return true;
  };
  sinks.err = [&](std::string_view s) { c.err.emplace_back(s); };
  c.stats = RunBatch(**pipeline, *writer, options, sinks);
  return c;
}

std::vector<json> Lines(const std::string& out) {
  std::vector<json> v;
  size_t pos = 0;
  while (pos < out.size()) {
    size_t nl = out.find('\n', pos);
    if (nl == std::string::npos) break;
    v.push_back(json::parse(out.substr(pos, nl - pos)));
    pos = nl + 1;
  }
  return v;
}

// An anchored article of roughly `words` words.
std::string Article(int n, int words = 30) {
  std::string s = "Titre numéro " + std::to_string(n) + "\n\nShort Url\nPublié le Lundi 3 mars 2025\n\n";
  s += "PARIS: Le texte de l\u2019article " + std::to_string(n) + " commence ici.";
  for (int i = 0; i < words; ++i) s += " mot";
  s += ".\n\n";
  return s;
}

TEST(RunBatchTest, OrderedOutputForAnyThreadCount) {
  ScratchDir dir;
  BatchOptions o;
  for (int i = 0; i < 12; ++i) {
    // Different sizes so that workers finish out of order.
    o.paths.push_back(dir.Write("f" + std::to_string(i) + ".txt", Article(i, (12 - i) * 200)));
  }
  o.threads = 1;
  Captured one = RunCapture(Stage::kSplit, Format::kJsonl, o);
  EXPECT_EQ(one.stats.inputs, 12u);
  EXPECT_EQ(one.stats.articles, 12u);
  EXPECT_EQ(one.stats.failures, 0u);
  std::vector<json> lines = Lines(one.out);
  ASSERT_EQ(lines.size(), 12u);
  for (int i = 0; i < 12; ++i) {
    EXPECT_EQ(lines[i]["source"], o.paths[i]);
    EXPECT_EQ(lines[i]["title"], "Titre numéro " + std::to_string(i));
  }
  for (int threads : {2, 4, 8}) {
    o.threads = threads;
    Captured many = RunCapture(Stage::kSplit, Format::kJsonl, o);
    EXPECT_EQ(many.out, one.out) << threads << " threads";
    EXPECT_EQ(many.stats.articles, 12u);
  }
}

TEST(RunBatchTest, HeaderPrintedOnce) {
  ScratchDir dir;
  BatchOptions o;
  o.paths = {dir.Write("a.txt", "un"), dir.Write("b.txt", "deux")};
  o.threads = 2;
  Captured c = RunCapture(Stage::kTokens, Format::kTsv, o);
  EXPECT_EQ(c.out, "start\tend\tkind\ttext\n0\t2\tword\tun\n0\t4\tword\tdeux\n");
}

TEST(RunBatchTest, MissingFileFailsButOthersAreProcessed) {
  ScratchDir dir;
  BatchOptions o;
  o.paths = {dir.Write("a.txt", Article(1)), dir.Path("absent.txt"), dir.Write("b.txt", Article(2))};
  for (int threads : {1, 3}) {
    o.threads = threads;
    Captured c = RunCapture(Stage::kSplit, Format::kJsonl, o);
    EXPECT_EQ(c.stats.failures, 1u);
    EXPECT_EQ(c.stats.articles, 2u);
    std::vector<json> lines = Lines(c.out);
    ASSERT_EQ(lines.size(), 2u);
    EXPECT_EQ(lines[0]["title"], "Titre numéro 1");
    EXPECT_EQ(lines[1]["title"], "Titre numéro 2");
    ASSERT_EQ(c.err.size(), 1u);
    EXPECT_EQ(c.err[0].rfind("depeche: ", 0), 0u) << c.err[0];
    EXPECT_NE(c.err[0].find("absent.txt"), std::string::npos) << c.err[0];
  }
}

TEST(RunBatchTest, BinaryNamedFailsBinaryInWalkIsSkipped) {
  ScratchDir dir;
  std::string bin = dir.Write("d/image.bin", std::string("GIF89a\0\0\x01", 9));
  dir.Write("d/texte.txt", Article(1));
  BatchOptions o;
  o.paths = {bin};
  Captured named = RunCapture(Stage::kSplit, Format::kJsonl, o);
  EXPECT_EQ(named.stats.failures, 1u);
  EXPECT_TRUE(named.out.empty());
  ASSERT_EQ(named.err.size(), 1u);
  EXPECT_NE(named.err[0].find("binary"), std::string::npos) << named.err[0];
  EXPECT_NE(named.err[0].find("offset 6"), std::string::npos) << named.err[0];

  o.paths = {dir.Path("d")};
  Captured walked = RunCapture(Stage::kSplit, Format::kJsonl, o);
  EXPECT_EQ(walked.stats.failures, 0u);
  EXPECT_EQ(walked.stats.skipped, 1u);
  EXPECT_EQ(Lines(walked.out).size(), 1u);
}

TEST(RunBatchTest, HiddenFilesSkippedInWalk) {
  ScratchDir dir;
  dir.Write("d/.cache.txt", Article(9));
  dir.Write("d/b.txt", Article(2));
  dir.Write("d/a.txt", Article(1));
  BatchOptions o;
  o.paths = {dir.Path("d")};
  std::vector<json> lines = Lines(RunCapture(Stage::kSplit, Format::kJsonl, o).out);
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0]["source"], dir.Path("d/a.txt"));
  EXPECT_EQ(lines[1]["source"], dir.Path("d/b.txt"));
}

TEST(RunBatchTest, ChunkedBigFileKeepsOffsetsAndNumbers) {
  ScratchDir dir;
  std::string dump;
  for (int i = 1; i <= 40; ++i) dump += Article(i, 20 + (i * 7) % 50);
  BatchOptions o;
  o.paths = {dir.Write("gros.txt", dump)};
  Captured whole = RunCapture(Stage::kSplit, Format::kJsonl, o);
  std::vector<json> want = Lines(whole.out);
  ASSERT_EQ(want.size(), 40u);
  for (size_t chunk : {size_t{300}, size_t{1000}, size_t{4096}}) {
    for (int threads : {1, 4}) {
      o.chunk_bytes = chunk;
      o.threads = threads;
      Captured c = RunCapture(Stage::kSplit, Format::kJsonl, o);
      EXPECT_EQ(c.stats.inputs, 1u);
      EXPECT_EQ(c.stats.articles, 40u);
      EXPECT_EQ(c.stats.bytes, dump.size());
      std::vector<json> got = Lines(c.out);
      ASSERT_EQ(got.size(), 40u) << chunk;
      for (size_t k = 0; k < got.size(); ++k) {
        EXPECT_EQ(got[k]["article"], k + 1) << chunk;
        EXPECT_EQ(got[k]["start"], want[k]["start"]) << chunk << " article " << k + 1;
        EXPECT_EQ(got[k]["end"], want[k]["end"]) << chunk << " article " << k + 1;
        EXPECT_EQ(got[k]["title"], want[k]["title"]);
      }
      EXPECT_EQ(got.back()["end"], dump.size());
    }
  }
}

TEST(RunBatchTest, ChunkedTokensHaveAbsoluteOffsets) {
  ScratchDir dir;
  std::string dump;
  for (int i = 1; i <= 10; ++i) dump += Article(i);
  BatchOptions o;
  o.paths = {dir.Write("t.txt", dump)};
  o.chunk_bytes = 400;
  Captured c = RunCapture(Stage::kTokens, Format::kJsonl, o);
  std::vector<json> toks = Lines(c.out);
  ASSERT_GT(toks.size(), 100u);
  size_t prev_end = 0;
  for (const json& t : toks) {
    size_t b = t["start"], e = t["end"];
    EXPECT_GE(b, prev_end);
    EXPECT_EQ(dump.substr(b, e - b), t["text"].get<std::string>());
    prev_end = e;
  }
}

TEST(RunBatchTest, BomAndInvalidUtf8OffsetsAreFileOffsets) {
  ScratchDir dir;
  std::string text = "\xEF\xBB\xBF" "Un titre\r\n\r\nLe caf\xE9 est servi.\r\n";
  BatchOptions o;
  o.paths = {dir.Write("w.txt", text)};
  Captured c = RunCapture(Stage::kTokens, Format::kJsonl, o);
  EXPECT_EQ(c.stats.failures, 0u);
  std::vector<json> toks = Lines(c.out);
  ASSERT_FALSE(toks.empty());
  EXPECT_EQ(toks[0]["start"], 3);
  EXPECT_EQ(toks[0]["text"], "Un");
  for (const json& t : toks) {
    size_t b = t["start"], e = t["end"];
    std::string want = text.substr(b, e - b);
    // Invalid bytes are printed as U+FFFD in JSON; compare the valid ones.
    if (want.find('\xE9') == std::string::npos) { EXPECT_EQ(want, t["text"].get<std::string>()); }
  }
  size_t bad = text.find('\xE9');
  bool warned = false;
  for (const std::string& e : c.err) {
    if (e.find("byte " + std::to_string(bad) + ":") != std::string::npos && e.find("w.txt") != std::string::npos)
      warned = true;
  }
  EXPECT_TRUE(warned) << (c.err.empty() ? "no message" : c.err[0]);
}

TEST(RunBatchTest, InvalidUtf8InLaterChunkHasAbsoluteOffset) {
  ScratchDir dir;
  std::string dump;
  for (int i = 1; i <= 10; ++i) dump += Article(i);
  size_t bad = dump.size() + 40;
  dump += Article(11);
  dump[bad] = '\xFF';
  BatchOptions o;
  o.paths = {dir.Write("c.txt", dump)};
  o.chunk_bytes = 300;
  Captured c = RunCapture(Stage::kSplit, Format::kJsonl, o);
  EXPECT_EQ(Lines(c.out).size(), 11u);
  bool found = false;
  for (const std::string& e : c.err) found |= e.find("byte " + std::to_string(bad) + ":") != std::string::npos;
  EXPECT_TRUE(found) << (c.err.empty() ? "no message" : c.err[0]);
}

TEST(RunBatchTest, JsonlRecordsWithBadLine) {
  ScratchDir dir;
  std::string records =
      "{\"id\":\"a\",\"text\":\"Premier texte. Il est court.\",\"title\":\"Titre A\",\"date\":\"2025-01-02\"}\n"
      "{\"id\":\"b\",\"text\":\"Tronqué\n"
      "\n"
      "{\"id\":\"c\",\"text\":\"Troisième texte.\"}\r\n"
      "{\"id\":\"d\"}\n"
      "{\"id\":7,\"text\":\"Sans saut de ligne final\"}";
  BatchOptions o;
  o.paths = {dir.Write("r.jsonl", records)};
  o.input_format = InputFormat::kJsonl;
  for (int threads : {1, 2}) {
    o.threads = threads;
    Captured c = RunCapture(Stage::kSplit, Format::kJsonl, o);
    EXPECT_EQ(c.stats.failures, 2u);
    EXPECT_EQ(c.stats.records, 3u);
    EXPECT_EQ(c.stats.inputs, 1u);
    std::vector<json> lines = Lines(c.out);
    ASSERT_EQ(lines.size(), 3u);
    EXPECT_EQ(lines[0]["id"], "a");
    EXPECT_EQ(lines[0]["title"], "Titre A");
    EXPECT_EQ(lines[0]["date"], "2025-01-02");
    EXPECT_EQ(lines[0]["article"], 1);
    EXPECT_EQ(lines[0]["start"], 0);
    EXPECT_EQ(lines[0]["end"], 28);
    EXPECT_EQ(lines[1]["id"], "c");
    EXPECT_EQ(lines[2]["id"], "7");
    ASSERT_EQ(c.err.size(), 2u);
    EXPECT_NE(c.err[0].find("r.jsonl:2: record b:"), std::string::npos) << c.err[0];
    EXPECT_NE(c.err[1].find("r.jsonl:5: record d:"), std::string::npos) << c.err[1];
  }
}

TEST(RunBatchTest, RecordsUseRefDateWhenTheyHaveNone) {
  ScratchDir dir;
  BatchOptions o;
  o.paths = {dir.Write("r.jsonl", "{\"id\":\"x\",\"text\":\"Un texte.\"}\n")};
  o.input_format = InputFormat::kJsonl;
  o.ref_date = CivilDate{2024, 6, 30};
  std::vector<json> lines = Lines(RunCapture(Stage::kSplit, Format::kJsonl, o).out);
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(lines[0]["date"], "2024-06-30");
}

TEST(RunBatchTest, ClosedOutputStopsQuietly) {
  ScratchDir dir;
  BatchOptions o;
  for (int i = 0; i < 60; ++i) o.paths.push_back(dir.Write("f" + std::to_string(i) + ".txt", Article(i)));
  for (int threads : {1, 4}) {
    o.threads = threads;
    Captured c = RunCapture(Stage::kSplit, Format::kJsonl, o, /*close_after=*/3);
    EXPECT_TRUE(c.stats.output_closed);
    EXPECT_EQ(Lines(c.out).size(), 3u);
    EXPECT_TRUE(c.err.empty());
    EXPECT_LT(c.stats.inputs, 60u);
  }
}

TEST(RunBatchTest, EmptyFileHasNoArticleAndANote) {
  ScratchDir dir;
  BatchOptions o;
  o.paths = {dir.Write("vide.txt", ""), dir.Write("plein.txt", Article(1))};
  Captured c = RunCapture(Stage::kSplit, Format::kJsonl, o);
  EXPECT_EQ(c.stats.failures, 0u);
  EXPECT_EQ(c.stats.inputs, 2u);
  std::vector<json> lines = Lines(c.out);
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(lines[0]["source"], dir.Path("plein.txt"));
  ASSERT_EQ(c.err.size(), 1u);
  EXPECT_NE(c.err[0].find("vide.txt: no text"), std::string::npos) << c.err[0];
}

}  // namespace
}  // namespace depeche
