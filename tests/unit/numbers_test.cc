#include "numbers.h"

#include "chars.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

namespace depeche::detail {
namespace {

struct NumberCase {
  const char* text;
  double value;
};

TEST(NumbersTest, PressNumbers) {
  const NumberCase cases[] = {
      {"1,6", 1.6},         {"7.500", 7500},       {"14 000", 14000},
      {"3 000 000", 3e6},   {"10 000,00", 10000},  {"2025", 2025},
      {"0,25", 0.25},       {"1.000.000", 1e6},    {"12,345", 12.345},
      {"450000", 450000},   {"2 300,5", 2300.5},
  };
  for (const auto& c : cases) {
    auto v = ParsePressNumber(c.text);
    ASSERT_TRUE(v.has_value()) << c.text;
    EXPECT_DOUBLE_EQ(*v, c.value) << c.text;
  }
}

TEST(NumbersTest, LongDigitRunsKeepTheDecimalLoopsValue) {
  // Up to 15 digits a run's value is read as an integer; longer ones keep
  // the digit-by-digit double loop, whose roundings a single conversion
  // would not make. Either way the value is exactly that loop's.
  for (const char* s : {"123456789012345", "999999999999999", "9007199254740993",
                        "12345678901234567890", "98765432109876543210123", "000000000000000000042"}) {
    double want = 0;
    for (const char* c = s; *c; ++c) want = want * 10 + (*c - '0');
    auto v = ParsePressNumber(s);
    ASSERT_TRUE(v.has_value()) << s;
    EXPECT_EQ(*v, want) << s;
  }
}

TEST(NumbersTest, NotOneNumber) {
  for (const char* s : {"13.5.2015", "1/4", "abc", "5 %", "2015 125"}) {
    EXPECT_FALSE(ParsePressNumber(s).has_value()) << s;
  }
}

TEST(NumbersTest, NumberWords) {
  const NumberCase cases[] = {
      {"dix", 10},
      {"vingt-cinq", 25},
      {"soixante-dix", 70},
      {"soixante-dix-sept", 77},
      {"quatre-vingt-douze", 92},
      {"quatre-vingts", 80},
      {"quatre-vingt-dix-neuf", 99},
      {"vingt et un", 21},
      {"cent", 100},
      {"deux cents", 200},
      {"trois cent quarante", 340},
      {"mille", 1000},
      {"deux mille trois cents", 2300},
      {"dix-huit", 18},
  };
  Lexemes lx;
  for (const auto& c : cases) {
    std::string s = c.text;
    lx.Build(s, 0, static_cast<uint32_t>(s.size()));
    auto wn = ParseNumberWords(lx, 0);
    ASSERT_TRUE(wn.has_value()) << c.text;
    EXPECT_DOUBLE_EQ(wn->value, c.value) << c.text;
    EXPECT_EQ(wn->end, lx.size()) << c.text;
  }
}

TEST(NumbersTest, NumberWordsStopAtScaleAndNonNumbers) {
  Lexemes lx;
  std::string s = "deux millions de personnes";
  lx.Build(s, 0, static_cast<uint32_t>(s.size()));
  auto wn = ParseNumberWords(lx, 0);
  ASSERT_TRUE(wn.has_value());
  EXPECT_DOUBLE_EQ(wn->value, 2);
  EXPECT_EQ(wn->end, 1u);
  s = "cinq six";  // two numbers, not 11
  lx.Build(s, 0, static_cast<uint32_t>(s.size()));
  EXPECT_EQ(ParseNumberWords(lx, 0)->end, 1u);
  s = "bonjour";
  lx.Build(s, 0, static_cast<uint32_t>(s.size()));
  EXPECT_FALSE(ParseNumberWords(lx, 0).has_value());
}

TEST(NumbersTest, Scales) {
  EXPECT_EQ(ScaleWord("mille"), 1e3);
  EXPECT_EQ(ScaleWord("millions"), 1e6);
  EXPECT_EQ(ScaleWord("milliard"), 1e9);
  EXPECT_EQ(ScaleWord("billions"), 1e12);  // French long scale
  EXPECT_EQ(ScaleWord("md"), 1e9);
  EXPECT_EQ(ScaleWord("mds"), 1e9);
  EXPECT_EQ(ScaleWord("k"), 1e3);
  EXPECT_EQ(ScaleWord("mln"), 1e6);
  EXPECT_EQ(ScaleWord("maison"), 0);
  EXPECT_EQ(ApproxNounValue("trentaine"), 30);
  EXPECT_EQ(ApproxNounValue("centaine"), 100);
}

TEST(NumbersTest, LexerSplitsGluedPieces) {
  Lexemes lx;
  std::string s = "10K$ M€ d'euros aujourd\u02BChui vingt-deux 2025-01-29 H800";
  lx.Build(s, 0, static_cast<uint32_t>(s.size()));
  std::vector<std::string> folds;
  for (size_t i = 0; i < lx.size(); ++i) folds.emplace_back(lx.fold(i));
  std::vector<std::string> want = {"10", "k", "$", "m", "€", "d'", "euros", "aujourd'hui",
                                   "vingt", "deux", "2025", "-", "01", "-", "29", "h", "800"};
  EXPECT_EQ(folds, want);
  EXPECT_TRUE(lx[9].hyphen_joined);     // deux
  EXPECT_FALSE(lx[1].space_before);     // k glued to 10
  EXPECT_TRUE(lx[12].leading_zero);     // 01
  EXPECT_EQ(lx[10].digits, 4);
}

TEST(NumbersTest, LexerKeepsOffsets) {
  Lexemes lx;
  std::string s = "xx 14 000 euros";
  lx.Build(s, 3, static_cast<uint32_t>(s.size()));
  ASSERT_EQ(lx.size(), 2u);
  EXPECT_EQ(lx[0].begin, 3u);
  EXPECT_EQ(lx[0].end, 9u);
  EXPECT_DOUBLE_EQ(lx[0].value, 14000);
  EXPECT_TRUE(lx[0].grouped);
}

TEST(NumbersTest, LexerFoldsAccentedAndOtherLetters) {
  // The Latin fast path and the generic path must fold alike.
  Lexemes lx;
  std::string s = "ÉTÉ Août Œuvre straße Ωmega ĲSSEL x×y";
  lx.Build(s, 0, static_cast<uint32_t>(s.size()));
  std::vector<std::string> folds;
  for (size_t i = 0; i < lx.size(); ++i) folds.emplace_back(lx.fold(i));
  std::vector<std::string> want = {"ete", "aout", "oeuvre", "straße", "ωmega", "ĳssel", "x", "×", "y"};
  EXPECT_EQ(folds, want);
  EXPECT_TRUE(lx[0].capitalized);
  for (size_t i = 0; i < lx.size(); ++i) EXPECT_EQ(lx.hash(i), FoldHash(lx.fold(i))) << i;
}

TEST(NumbersTest, LexerPathsFoldAndHashLikeTheReference) {
  // The lexer has a run loop for plain text (ASCII words and marks folded
  // in the lowercased mirror, words with two-byte letters folded into the
  // arena, letters found 16 bytes at a time, never within 16 bytes of the
  // buffer's end), an 8-bytes-at-a-time path for what it leaves, a table
  // path for Latin letters and a general path; spans may end anywhere, even
  // inside a word or a character, and buffers may be exactly their text.
  // Whatever the path, a word's fold is AppendFolded of its bytes, every
  // hash is FoldHash of the fold, and lexemes stay in their span (but for a
  // last character straddling its end, as utf8::Decode reads it).
  std::string text;
  const char* pieces[] = {"a", "Le", "mot", "Abcdefg", "abcdefgh", "ABCDEFGHIJKLMNOPQRS", "l'", "qu'",
                          "aujourd'hui", "été", "ÉTÉ", "déjà", "Ça", "cœur", "straße", "naïve",
                          "vingt-cinq", "«", "»", "1er", "14 000", "2,5", "x×y", ",", ".", "'", "-",
                          "\n", "  ", "\xc2\xa0", "M€", "10K$", "général", "à", "Éric",
                          "anticonstitutionnellément", "e\xc3", "où,", "là-bas", "t\xc3\x97"};
  for (int k = 0; k < 400; ++k) {
    text += pieces[(k * 7 + k / 13) % (sizeof pieces / sizeof pieces[0])];
    if (k % 3) text += ' ';
  }
  Lexemes lx;
  auto check = [&](const std::string& buf, size_t b, uint32_t e) {
    lx.Build(buf, static_cast<uint32_t>(b), e);
    for (size_t i = 0; i < lx.size(); ++i) {
      ASSERT_EQ(lx.hash(i), FoldHash(lx.fold(i))) << b << " " << i;
      ASSERT_GE(lx[i].begin, b);
      ASSERT_LE(lx[i].end, e + 3u);  // a character may straddle the span's end
      if (lx[i].kind != LexKind::kWord) continue;
      std::string_view bytes(buf.data() + lx[i].begin, lx[i].end - lx[i].begin);
      if (bytes.find('\'') != std::string_view::npos) continue;
      ASSERT_EQ(lx.fold(i), Folded(bytes)) << b << " " << i;
    }
  };
  for (size_t step : {size_t{1}, size_t{5}, size_t{9}, size_t{64}, text.size()}) {
    for (size_t b = 0; b < text.size(); b += step) {
      const size_t e = std::min(text.size(), b + step);
      check(text, b, static_cast<uint32_t>(e));
      // The same span as a buffer of its own, which ends where it does.
      const std::string own = text.substr(b, e - b);
      check(own, 0, static_cast<uint32_t>(own.size()));
    }
  }
}

TEST(NumbersTest, LexerFlagsFollowTheGapBeforeEachLexeme) {
  // The lexer keeps its state between lexemes (a blank seen, a newline
  // seen, a joining hyphen dropped) packed as a lexeme's flag bytes on its
  // fast paths and as bools on the general one. Whatever the path, the
  // flags must read as the bytes between a lexeme and the one before it
  // (the span's start for the first): none (glued), a dropped hyphen
  // (hyphen_joined, glued), or blanks (space_before; line_start if one is a
  // newline); capitalized is an uppercase first letter.
  std::string text;
  const char* pieces[] = {"Le", "mot", "l'", "aujourd'hui", "été", "ÉTÉ", "Ça", "vingt-cinq",
                          "mi-mars", "là-bas", "x-", "-y", "a\u2011b", "«", "14 000", "2,5",
                          "10K$", ",", ".", "-", "\n", " \n ", "  ", "\t", "\xc2\xa0", "\xe2\x80\xaf",
                          "général", "Éric", "M€", "x×y", "1er", "déjà-vu", "ABCDEFGHIJKLMNOPQ"};
  for (int k = 0; k < 500; ++k) {
    text += pieces[(k * 5 + k / 11) % (sizeof pieces / sizeof pieces[0])];
    if (k % 4) text += ' ';
  }
  auto is_blank = [](char32_t cp) { return IsSpace(cp) || cp == 0xA0 || cp == 0x202F || cp == 0x2009; };
  Lexemes lx;
  auto check = [&](const std::string& buf, size_t b, uint32_t e) {
    lx.Build(buf, static_cast<uint32_t>(b), e);
    size_t prev_end = b;
    for (size_t i = 0; i < lx.size(); ++i) {
      const std::string_view gap(buf.data() + prev_end, lx[i].begin - prev_end);
      bool blank = i == 0, newline = i == 0, hyphen = false;
      for (size_t k = 0; k < gap.size();) {
        int len = 1;
        const char32_t cp = utf8::Decode(gap, k, &len);
        if (is_blank(cp)) {
          blank = true;
          newline |= cp == '\n';
        } else {
          ASSERT_TRUE(cp == '-' || cp == 0x2010 || cp == 0x2011) << b << " " << i;
          hyphen = true;
        }
        k += len;
      }
      ASSERT_EQ(lx[i].space_before, blank) << b << " " << i;
      ASSERT_EQ(lx[i].line_start, newline) << b << " " << i;
      ASSERT_EQ(lx[i].hyphen_joined, hyphen && !blank) << b << " " << i;
      if (lx[i].kind == LexKind::kWord) {
        int len = 1;
        const bool upper = IsUpper(utf8::Decode(buf, lx[i].begin, &len));
        ASSERT_EQ(lx[i].capitalized, upper) << b << " " << i;
      } else {
        ASSERT_FALSE(lx[i].capitalized) << b << " " << i;
      }
      prev_end = lx[i].end;
    }
  };
  for (size_t step : {size_t{1}, size_t{7}, size_t{33}, text.size()}) {
    for (size_t b = 0; b < text.size(); b += step) {
      const size_t e = std::min(text.size(), b + step);
      check(text, b, static_cast<uint32_t>(e));
      const std::string own = text.substr(b, e - b);
      check(own, 0, static_cast<uint32_t>(own.size()));
    }
  }
}

TEST(NumbersTest, NumbersHashWithTheirBitsAndPassTablesThatAskForThem) {
  // The matchers' scans find numbers and start words with one filter test.
  for (std::string_view f : {"0", "2025", "14 000", "1,6", "7.500"})
    EXPECT_EQ(FoldHash(f) & kNumberHashBits, kNumberHashBits) << f;
  Lexemes lx;
  std::string s = "le 14 000 et 3e, 2025";
  lx.Build(s, 0, static_cast<uint32_t>(s.size()));
  WordMap<char> starts;
  starts.Insert("et", 1);
  std::vector<size_t> passing;
  for (size_t i = lx.NextPassing(0, starts); i < lx.size(); i = lx.NextPassing(i + 1, starts))
    passing.push_back(i);
  EXPECT_EQ(passing, (std::vector<size_t>{2}));  // "et" only
  starts.PassNumbers();
  passing.clear();
  for (size_t i = lx.NextPassing(0, starts); i < lx.size(); i = lx.NextPassing(i + 1, starts))
    passing.push_back(i);
  EXPECT_EQ(passing, (std::vector<size_t>{1, 2, 3, 6}));  // 14 000, et, 3, 2025
  EXPECT_EQ(lx.NextPassing(lx.size() + 2, starts), lx.size() + 2);
}

TEST(NumbersTest, WordMapFirstValueWins) {
  WordMap<int> m;
  for (int i = 0; i < 100; ++i) m.Insert("mot" + std::to_string(i), i);
  m.Insert("mot7", 700);
  EXPECT_EQ(m.size(), 100u);
  ASSERT_NE(m.Find("mot7"), nullptr);
  EXPECT_EQ(*m.Find("mot7"), 7);
  EXPECT_EQ(*m.Find("mot99"), 99);
  EXPECT_EQ(m.Find("mot100"), nullptr);
  EXPECT_EQ(m.Find(""), nullptr);
  WordMap<int> empty;
  EXPECT_EQ(empty.Find("mot"), nullptr);
}

TEST(NumbersTest, ArticleLexemesFollowTheBytesNotTheAddress) {
  std::string text = "le 3 mars";
  const Lexemes& a = ArticleLexemes(text, 0, static_cast<uint32_t>(text.size()));
  ASSERT_EQ(a.size(), 3u);
  EXPECT_EQ(a.fold(2), "mars");
  // Same buffer, same span, new bytes: rebuilt, not served from the cache.
  text[5] = 'p';
  text[6] = 'o';
  text[7] = 'i';
  text[8] = 's';
  const Lexemes& b = ArticleLexemes(text, 0, static_cast<uint32_t>(text.size()));
  EXPECT_EQ(b.fold(2), "pois");
  const Lexemes& c = ArticleLexemes(text, 3, static_cast<uint32_t>(text.size()));
  ASSERT_EQ(c.size(), 2u);
  EXPECT_EQ(c.fold(0), "3");
}

}  // namespace
}  // namespace depeche::detail
