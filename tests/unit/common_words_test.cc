// Tests of the prebuilt common-word table (common_words.bin): the mapped
// table answers as the text it was built from, and a truncated, corrupt,
// foreign or stale file is refused without crashing.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "names_lexicon.h"

namespace depeche {
namespace {

using detail::CommonWords;

std::string ReadFile(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>());
}

void WriteFile(const std::string& path, const std::string& bytes) {
  std::ofstream f(path, std::ios::binary | std::ios::trunc);
  f << bytes;
}

// Sets the file's mtime, so that tests can tell "same content, new mtime"
// from "new content" without sleeping.
void SetMtime(const std::string& path, time_t sec) {
  struct timeval tv[2] = {{sec, 0}, {sec, 0}};
  ASSERT_EQ(::utimes(path.c_str(), tv), 0);
}

class CommonWordsBinTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = ::testing::TempDir() + "/common_words_bin_" + std::to_string(::getpid());
    ::mkdir(dir_.c_str(), 0755);
    txt_ = dir_ + "/common_words.txt";
    bin_ = CommonWords::BinaryPathFor(txt_);
    // Duplicates with other classes, a comment, an empty word ("\tg"), a
    // word without classes, a blank line, the last line without a newline,
    // and enough words for the table to grow past its minimum size.
    text_ = "# comment\nabeille\tn\nrapide\ta\nrapide\tn\nmanger\tv\nsans\n\n\tg\nmangé\tp\nmangé\ta\n";
    for (int i = 0; i < 3000; ++i) {
      words_.push_back("mot" + std::to_string(i * 7919));
      text_ += words_.back() + (i % 3 == 0 ? "\tn\n" : i % 3 == 1 ? "\tav\n" : "\tg\n");
      if (i % 10 == 0) text_ += words_.back() + "\tp\n";  // listed twice
    }
    text_ += "élan\tnx";
    WriteFile(txt_, text_);
    ASSERT_TRUE(text_words_.Load(txt_).ok());
    ASSERT_TRUE(text_words_.WriteBinary(bin_).ok());
  }
  void TearDown() override {
    std::remove(bin_.c_str());
    std::remove(txt_.c_str());
    ::rmdir(dir_.c_str());
  }

  std::vector<std::string> Probes() const {
    std::vector<std::string> p = {"abeille", "rapide", "manger", "sans", "", "mangé", "élan",
                                  "abeilles", "rapid", "# comment", "mange", "elan", "x", "mot", "mot1"};
    for (const std::string& w : words_) {
      p.push_back(w);
      p.push_back(w + "s");             // absent
      p.push_back(w.substr(0, w.size() - 1));  // mostly absent
    }
    return p;
  }
  void ExpectSameAnswers(const CommonWords& a, const CommonWords& b) const {
    for (const std::string& w : Probes()) EXPECT_EQ(a.Find(w), b.Find(w)) << "'" << w << "'";
  }
  // Loads `bytes` as the .bin; must fail, and leave a table that finds nothing.
  void ExpectRejected(const std::string& bytes, const std::string& what) const {
    WriteFile(bin_, bytes);
    CommonWords w;
    Status st = w.LoadBinary(bin_, txt_);
    EXPECT_FALSE(st.ok()) << what;
    EXPECT_NE(st.message().find(bin_), std::string::npos) << what << ": " << st.message();
    EXPECT_FALSE(w.mapped()) << what;
    EXPECT_EQ(w.Find("abeille"), 0) << what;
    // The fallback reads the text instead.
    ASSERT_TRUE(w.LoadPrebuiltOrText(txt_).ok()) << what;
    EXPECT_FALSE(w.mapped()) << what;
    EXPECT_EQ(w.Find("rapide"), detail::kNoun | detail::kAdjective) << what;
  }

  std::string dir_, txt_, bin_, text_;
  std::vector<std::string> words_;
  CommonWords text_words_;
};

TEST_F(CommonWordsBinTest, RoundTripGivesTheTextAnswers) {
  CommonWords mapped;
  Status st = mapped.LoadBinary(bin_, txt_);
  ASSERT_TRUE(st.ok()) << st.message();
  EXPECT_TRUE(mapped.mapped());
  EXPECT_FALSE(text_words_.mapped());
  EXPECT_EQ(mapped.Find("abeille"), detail::kNoun);
  EXPECT_EQ(mapped.Find("rapide"), detail::kNoun | detail::kAdjective);  // listed twice
  EXPECT_EQ(mapped.Find("mangé"), detail::kParticiple | detail::kAdjective);
  EXPECT_EQ(mapped.Find("sans"), detail::kOtherWord);
  EXPECT_EQ(mapped.Find("élan"), detail::kNoun | detail::kOtherWord);  // last line, no newline
  EXPECT_EQ(mapped.Find(""), detail::kFunctionWord);
  EXPECT_EQ(mapped.Find(words_[30]), detail::kNoun | detail::kParticiple);  // listed twice
  EXPECT_EQ(mapped.Find(words_[10]), detail::kAdjective | detail::kVerb | detail::kParticiple);
  EXPECT_EQ(mapped.Find("abeilles"), 0);
  EXPECT_EQ(mapped.Find("# comment"), 0);
  ExpectSameAnswers(text_words_, mapped);

  // LoadPrebuiltOrText takes the .bin beside the text.
  CommonWords best;
  ASSERT_TRUE(best.LoadPrebuiltOrText(txt_).ok());
  EXPECT_TRUE(best.mapped());
  ExpectSameAnswers(text_words_, best);

  // Written again from the mapped table: the same bytes.
  std::string first = ReadFile(bin_);
  ASSERT_TRUE(mapped.WriteBinary(bin_ + "2").ok());
  EXPECT_EQ(ReadFile(bin_ + "2"), first);
  std::remove((bin_ + "2").c_str());
}

TEST_F(CommonWordsBinTest, MissingBinFallsBackToText) {
  std::remove(bin_.c_str());
  CommonWords w;
  EXPECT_EQ(w.LoadBinary(bin_, txt_).code(), StatusCode::kNotFound);
  ASSERT_TRUE(w.LoadPrebuiltOrText(txt_).ok());
  EXPECT_FALSE(w.mapped());
  ExpectSameAnswers(text_words_, w);
  EXPECT_FALSE(w.LoadPrebuiltOrText(txt_ + ".missing").ok());
}

TEST_F(CommonWordsBinTest, TruncatedOrCorruptIsRejected) {
  const std::string good = ReadFile(bin_);
  ASSERT_GT(good.size(), 4096u);
  for (size_t n : {size_t{0}, size_t{1}, size_t{8}, size_t{63}, size_t{64}, size_t{4096}, size_t{5000},
                   good.size() / 2, good.size() - 1}) {
    ExpectRejected(good.substr(0, n), "truncated to " + std::to_string(n));
  }
  ExpectRejected(good + "x", "one byte appended");
  ExpectRejected(std::string(good.size(), '\0'), "zeros");
  ExpectRejected(text_, "the text itself");
  // One header field at a time (offsets as laid out in names_lexicon.cc).
  auto patched = [&](size_t at, uint64_t value, size_t width) {
    std::string b = good;
    std::memcpy(b.data() + at, &value, width);
    return b;
  };
  ExpectRejected(patched(0, 0x58585858, 4), "magic");
  ExpectRejected(patched(8, 999, 4), "version");
  ExpectRejected(patched(12, 0x04030201, 4), "byte order");
  ExpectRejected(patched(16, 12345, 8), "hash probe");
  ExpectRejected(patched(24, 1, 8), "file size");
  ExpectRejected(patched(32, 1, 8), "source size");
  ExpectRejected(patched(56, 8, 8), "slots offset inside the header");
  ExpectRejected(patched(56, uint64_t{1} << 62, 8), "slots offset past the end");
  ExpectRejected(patched(64, 3000, 8), "slot count not a power of two");
  ExpectRejected(patched(64, uint64_t{1} << 40, 8), "slot count past the end");
  ExpectRejected(patched(72, ~uint64_t{0} - 4, 8), "text offset overflowing");
  ExpectRejected(patched(80, ~uint64_t{0}, 8), "text size");
  ExpectRejected(patched(88, ~uint64_t{0}, 8), "max probe");
  ExpectRejected(patched(96, 200, 1), "empty-word classes");
}

TEST_F(CommonWordsBinTest, GarbageSlotsNeitherCrashNorLoop) {
  // Slot contents are not checked at load (that would be per-entry work):
  // Find bounds its scan by max_probe and every offset by the text size.
  // Here no slot is empty, max_probe lets a scan cross the whole table, and
  // every (tag, length) pair occurs with an offset past the text.
  std::string b = ReadFile(bin_);
  uint64_t slots_offset, slot_count;
  std::memcpy(&slots_offset, b.data() + 56, 8);
  std::memcpy(&slot_count, b.data() + 64, 8);
  const uint64_t max_probe = slot_count - 1;
  std::memcpy(b.data() + 88, &max_probe, 8);
  for (uint64_t i = 0; i < slot_count; ++i) {
    uint64_t tag = i & 0xFF, len = (i >> 8) % 16, cls = 1;
    uint64_t offset = i % 3 == 0 ? 0xFFFFFFF0 - i % 7 : text_.size() - len + 1 + i % 5;
    uint64_t slot = tag << 56 | cls << 48 | len << 32 | offset;
    std::memcpy(b.data() + slots_offset + 8 * i, &slot, 8);
  }
  WriteFile(bin_, b);
  CommonWords w;
  ASSERT_TRUE(w.LoadBinary(bin_, txt_).ok());
  std::vector<std::string> probes = Probes();
  probes.resize(200);
  for (const std::string& p : probes) EXPECT_EQ(w.Find(p), p.empty() ? detail::kFunctionWord : 0) << p;
}

TEST_F(CommonWordsBinTest, StaleBinIsDetected) {
  struct stat st;
  ASSERT_EQ(::stat(txt_.c_str(), &st), 0);
  // Same content, new mtime (a copy of the data directory): checked by
  // content and accepted.
  SetMtime(txt_, st.st_mtime - 1000);
  CommonWords w;
  Status ok = w.LoadBinary(bin_, txt_);
  EXPECT_TRUE(ok.ok()) << ok.message();
  // A word added: another size.
  WriteFile(txt_, text_ + "\nzèbre\tn");
  Status st1 = w.LoadBinary(bin_, txt_);
  EXPECT_EQ(st1.code(), StatusCode::kDataLoss);
  EXPECT_NE(st1.message().find("stale"), std::string::npos) << st1.message();
  ASSERT_TRUE(w.LoadPrebuiltOrText(txt_).ok());
  EXPECT_FALSE(w.mapped());
  EXPECT_EQ(w.Find("zèbre"), detail::kNoun);
  // Same size, other content, other mtime.
  std::string swapped = text_;
  swapped.replace(swapped.find("abeille"), 7, "abricot");
  WriteFile(txt_, swapped);
  SetMtime(txt_, st.st_mtime + 1000);
  EXPECT_FALSE(w.LoadBinary(bin_, txt_).ok());
  ASSERT_TRUE(w.LoadPrebuiltOrText(txt_).ok());
  EXPECT_FALSE(w.mapped());
  EXPECT_EQ(w.Find("abricot"), detail::kNoun);
  EXPECT_EQ(w.Find("abeille"), 0);
}

// The build's own common_words.bin, when this build made one, answers as
// the text beside it.
TEST(CommonWordsBuildTest, BuiltBinMatchesText) {
  const std::string txt = std::string(DEPECHE_BUILD_DATA_DIR) + "/fr/common_words.txt";
  const std::string bin = CommonWords::BinaryPathFor(txt);
  if (::access(txt.c_str(), R_OK) != 0 || ::access(bin.c_str(), R_OK) != 0) GTEST_SKIP() << "no " << bin;
  CommonWords text, mapped;
  ASSERT_TRUE(text.Load(txt).ok());
  Status st = mapped.LoadBinary(bin, txt);
  ASSERT_TRUE(st.ok()) << st.message();
  std::ifstream f(txt);
  std::string line;
  int n = 0, found = 0;
  while (std::getline(f, line)) {
    if (++n % 37 != 0) continue;
    std::string w = line.substr(0, line.find('\t'));
    for (const std::string& p : {w, w + "q", w.substr(1)}) {
      EXPECT_EQ(text.Find(p), mapped.Find(p)) << p;
      found += mapped.Find(p) != 0;
    }
  }
  EXPECT_GT(found, 10000);
}

}  // namespace
}  // namespace depeche
