// Tests of src/lib/text.cc: the normalized view (NFC, apostrophes, spaces,
// ligatures, superscripts, CRLF, BOM, invalid UTF-8) and its sparse map back
// to original byte offsets. Table-style, as sentencepiece's normalizer_test.
#include "depeche/text.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

namespace depeche {
namespace {

// The original bytes of the normalized span [b, e).
std::string OriginalOf(const NormalizedText& t, std::string_view original, uint32_t b, uint32_t e) {
  uint32_t ob = t.ToOriginalBegin(b), oe = t.ToOriginalEnd(e);
  EXPECT_LE(ob, oe) << "span " << b << "-" << e;
  EXPECT_LE(oe, original.size());
  return std::string(original.substr(ob, oe - ob));
}

struct NormCase {
  const char* name;
  std::string in;
  std::string want;
};

class NormalizeTest : public testing::TestWithParam<NormCase> {};

TEST_P(NormalizeTest, Normalizes) {
  const NormCase& c = GetParam();
  NormalizedText t = NormalizedText::Build(c.in);
  EXPECT_EQ(t.str(), c.want);
  EXPECT_EQ(t.size(), c.want.size());
  EXPECT_EQ(t.original_size(), c.in.size());
  EXPECT_TRUE(t.issues().empty());
  // The whole text maps back to the whole original (a BOM is outside).
  std::string whole = OriginalOf(t, c.in, 0, t.size());
  std::string_view in = c.in;
  if (in.substr(0, 3) == "\xEF\xBB\xBF") in.remove_prefix(3);
  EXPECT_EQ(whole, in);
}

INSTANTIATE_TEST_SUITE_P(
    Table, NormalizeTest,
    testing::Values(
        NormCase{"ascii", "Le 3 mai, il pleut.", "Le 3 mai, il pleut."},
        NormCase{"empty", "", ""},
        NormCase{"accents_kept", "Élysée, où ça ?", "Élysée, où ça ?"},
        NormCase{"right_quote", "l\u2019État et aujourd\u2019hui", "l'État et aujourd'hui"},
        NormCase{"left_quote", "\u2018oui\u2019", "'oui'"},
        NormCase{"modifier_apostrophe", "d\u02BCabord", "d'abord"},
        NormCase{"nbsp", "14\u00A0000\u00A0\u20AC", "14 000 \u20AC"},
        NormCase{"narrow_nbsp", "5,4\u202F%", "5,4 %"},
        NormCase{"narrow_nbsp_guillemets", "\u00AB\u202Foui\u202F\u00BB", "\u00AB oui \u00BB"},
        NormCase{"thin_space", "3\u2009000", "3 000"},
        NormCase{"ligature_fi", "con\uFB01ance", "confiance"},
        NormCase{"ligature_ffl", "e\uFB04eurer", "effleurer"},
        NormCase{"superscript_e", "le 16\u1D49 arrondissement", "le 16e arrondissement"},
        NormCase{"superscript_er", "le 1\u1D49\u02B3 mars", "le 1er mars"},
        NormCase{"crlf", "Titre\r\n\r\nCorps.\r\n", "Titre\n\nCorps.\n"},
        NormCase{"lone_cr", "a\rb", "a\nb"},
        NormCase{"bom", "\xEF\xBB\xBFLe titre", "Le titre"},
        NormCase{"soft_hyphen_dropped", "gou\u00ADvernement", "gouvernement"},
        NormCase{"zero_width_dropped", "Pa\u200Bris", "Paris"},
        NormCase{"nonbreaking_hyphen", "Jean\u2011Marc", "Jean-Marc"},
        NormCase{"line_separator", "un\u2028deux", "un\ndeux"},
        NormCase{"nfc_precomposed_kept", "\u00E9t\u00E9", "\u00E9t\u00E9"},
        NormCase{"nfc_ascii_base", "e\u0301te\u0301", "\u00E9t\u00E9"},
        NormCase{"nfc_upper_ascii_base", "E\u0301tat", "\u00C9tat"},
        NormCase{"nfc_cedilla", "franc\u0327ais", "fran\u00E7ais"},
        NormCase{"nfc_after_nonascii", "\u00E0e\u0300", "\u00E0\u00E8"},
        NormCase{"literal_replacement_char_kept", "a\uFFFDb", "a\uFFFDb"},
        NormCase{"emoji_kept", "ok \U0001F600", "ok \U0001F600"}),
    [](const testing::TestParamInfo<NormCase>& i) { return std::string(i.param.name); });

TEST(NormalizedTextTest, CleanTextHasNoEdits) {
  NormalizedText t = NormalizedText::Build("Le président a parlé à Marseille, dit-on.");
  EXPECT_TRUE(t.edits().empty());
  for (uint32_t i = 0; i <= t.size(); ++i) {
    EXPECT_EQ(t.ToOriginalBegin(i), i);
    EXPECT_EQ(t.ToOriginalEnd(i), i);
  }
}

TEST(NormalizedTextTest, EditsAreSparseAndSorted) {
  NormalizedText t = NormalizedText::Build("a\u2019b c\u00A0d e\r\nf");
  ASSERT_EQ(t.edits().size(), 3u);
  for (size_t k = 1; k < t.edits().size(); ++k) {
    EXPECT_LE(t.edits()[k - 1].norm_end, t.edits()[k].norm_begin);
    EXPECT_LE(t.edits()[k - 1].orig_end, t.edits()[k].orig_begin);
  }
}

// Spans of the normalized text, given by their normalized content, map back
// to exactly these original bytes.
struct MapCase {
  const char* name;
  std::string in;
  std::string norm_piece;  // found (first occurrence) in the normalized text
  std::string want_original;
};

class OffsetMapTest : public testing::TestWithParam<MapCase> {};

TEST_P(OffsetMapTest, MapsBack) {
  const MapCase& c = GetParam();
  NormalizedText t = NormalizedText::Build(c.in);
  size_t at = t.str().find(c.norm_piece);
  ASSERT_NE(at, std::string::npos) << t.str();
  uint32_t b = static_cast<uint32_t>(at), e = static_cast<uint32_t>(at + c.norm_piece.size());
  EXPECT_EQ(OriginalOf(t, c.in, b, e), c.want_original);
}

INSTANTIATE_TEST_SUITE_P(
    Table, OffsetMapTest,
    testing::Values(
        MapCase{"elision_word", "Selon l\u2019État, rien.", "l'État", "l\u2019État"},
        MapCase{"after_apostrophe", "l\u2019État dit", "dit", "dit"},
        MapCase{"apostrophe_alone", "l\u2019État", "'", "\u2019"},
        MapCase{"nbsp_number", "soit 14\u00A0000\u00A0€ de plus", "14 000", "14\u00A0000"},
        MapCase{"nbsp_number_euro", "soit 14\u00A0000\u00A0€ de plus", "14 000 €", "14\u00A0000\u00A0€"},
        MapCase{"after_nbsp", "soit 14\u00A0000\u00A0€ de plus", "de plus", "de plus"},
        MapCase{"narrow_nbsp_percent", "hausse de 5,4\u202F% en mai", "5,4 %", "5,4\u202F%"},
        MapCase{"narrow_nbsp_three_groups", "3\u202F000\u202F000 habitants", "3 000 000", "3\u202F000\u202F000"},
        MapCase{"ordinal", "le 16\u1D49 siècle", "16e", "16\u1D49"},
        MapCase{"ordinal_er", "le 1\u1D49\u02B3 mai", "1er", "1\u1D49\u02B3"},
        MapCase{"ligature", "une e\uFB03cacité rare", "efficacité", "e\uFB03cacité"},
        MapCase{"inside_ligature_word_after", "une e\uFB03cacité rare", "rare", "rare"},
        MapCase{"crlf_line", "Titre\r\nCorps du texte\r\n", "Corps du texte", "Corps du texte"},
        // The dropped CR belongs to the text before it: a span starting at the
        // LF starts at the original LF, a span ending with it takes the CR.
        MapCase{"crlf_newline", "Titre\r\nCorps", "\n", "\n"},
        MapCase{"crlf_line_end", "Titre\r\nCorps", "Titre\n", "Titre\r\n"},
        MapCase{"crlf_two_lines", "un\r\ndeux\r\ntrois", "deux\ntrois", "deux\r\ntrois"},
        MapCase{"bom_first_word", "\xEF\xBB\xBFPremier mot", "Premier", "Premier"},
        MapCase{"soft_hyphen_inside", "gou\u00ADvernement fort", "gouvernement", "gou\u00ADvernement"},
        MapCase{"soft_hyphen_after", "gou\u00ADvernement fort", "fort", "fort"},
        MapCase{"nfd_word", "un e\u0301te\u0301 chaud", "\u00E9t\u00E9", "e\u0301te\u0301"},
        MapCase{"nfd_after", "un e\u0301te\u0301 chaud", "chaud", "chaud"}),
    [](const testing::TestParamInfo<MapCase>& i) { return std::string(i.param.name); });

TEST(OffsetMapTest, EveryCharacterBoundaryIsMonotonic) {
  const std::string in =
      "\xEF\xBB\xBF\u00AB\u202FL\u2019e\uFB03cacité\u00A0: 16\u1D49\r\ne\u0301\u00AD\u200Bx\u202F\u00BB\r\n";
  NormalizedText t = NormalizedText::Build(in);
  uint32_t prev_begin = 0, prev_end = 0;
  for (uint32_t i = 0; i <= t.size(); ++i) {
    // Character boundaries only: inside a composed character the map is coarse.
    if (i < t.size() && utf8::IsContinuation(static_cast<unsigned char>(t.str()[i]))) continue;
    // Inside an edit too ("ffi" from one U+FB03): both ends map to the whole
    // original character, never into its middle.
    bool inside_edit = false;
    for (const TextEdit& ed : t.edits()) inside_edit |= ed.norm_begin < i && i < ed.norm_end;
    if (inside_edit) continue;
    uint32_t b = t.ToOriginalBegin(i), e = t.ToOriginalEnd(i);
    EXPECT_GE(b, prev_begin) << i;
    EXPECT_GE(e, prev_end) << i;
    EXPECT_LE(e, b) << "end of [..," << i << ") after begin of [" << i << ",..)";
    EXPECT_LE(b, in.size());
    prev_begin = b;
    prev_end = e;
  }
  EXPECT_EQ(t.ToOriginalEnd(t.size()), in.size());
}

// ToOriginal (both ends, with a hint) agrees with ToOriginalBegin/End for
// every span, in increasing order (the printers' use), in decreasing order,
// and with stale hints: many edits, several at one offset (dropped bytes).
TEST(OffsetMapTest, HintedMappingAgreesWithTheSearches) {
  std::string in;
  for (int i = 0; i < 40; ++i) in += i % 3 == 0 ? "l\u2019a\u00A0b " : (i % 3 == 1 ? "\u00AD\u00ADcd " : "efgh ");
  const NormalizedText t = NormalizedText::Build(in);
  ASSERT_GT(t.edits().size(), 40u);
  auto check = [&t](uint32_t b, uint32_t e, size_t* hint) {
    uint32_t ob = 0, oe = 0;
    t.ToOriginal(b, e, &ob, &oe, hint);
    EXPECT_EQ(ob, t.ToOriginalBegin(b)) << b << "-" << e;
    EXPECT_EQ(oe, t.ToOriginalEnd(e)) << b << "-" << e;
  };
  for (uint32_t len : {0u, 1u, 3u, 40u, 1000u}) {
    size_t hint = 0;
    for (uint32_t b = 0; b <= t.size(); ++b) check(b, std::min(b + len, t.size()), &hint);
    for (uint32_t b = t.size() + 1; b-- > 0;) check(b, std::min(b + len, t.size()), &hint);
    for (uint32_t b = 0; b <= t.size(); b += 7) {
      size_t stale = (b * 31u) % (t.edits().size() + 3);
      check(b, std::min(b + len, t.size()), &stale);
    }
  }
}

// Invalid UTF-8: every byte that does not start a valid sequence becomes
// U+FFFD and is reported with its original offset.
struct InvalidCase {
  const char* name;
  std::string in;
  std::string want;
  std::vector<uint32_t> offsets;
};

class InvalidUtf8Test : public testing::TestWithParam<InvalidCase> {};

TEST_P(InvalidUtf8Test, ReplacesAndReports) {
  const InvalidCase& c = GetParam();
  NormalizedText t = NormalizedText::Build(c.in);
  EXPECT_EQ(t.str(), c.want);
  std::vector<uint32_t> got;
  for (const TextIssue& i : t.issues()) {
    got.push_back(i.orig_offset);
    EXPECT_NE(i.what.find("invalid UTF-8"), std::string::npos) << i.what;
  }
  EXPECT_EQ(got, c.offsets);
  // Every U+FFFD maps back to exactly one original byte, the reported one.
  size_t k = 0;
  for (size_t at = t.str().find("\uFFFD"); at != std::string::npos; at = t.str().find("\uFFFD", at + 3), ++k) {
    ASSERT_LT(k, c.offsets.size());
    EXPECT_EQ(t.ToOriginalBegin(static_cast<uint32_t>(at)), c.offsets[k]);
    EXPECT_EQ(t.ToOriginalEnd(static_cast<uint32_t>(at + 3)), c.offsets[k] + 1);
  }
  // Text after the bad bytes still maps exactly.
  EXPECT_EQ(t.ToOriginalEnd(t.size()), c.in.size());
}

const std::string kFFFD = "\uFFFD";

INSTANTIATE_TEST_SUITE_P(
    Table, InvalidUtf8Test,
    testing::Values(
        InvalidCase{"lone_continuation", "ab\x80" "cd", "ab" + kFFFD + "cd", {2}},
        InvalidCase{"overlong_c0_80", "x\xC0\x80y", "x" + kFFFD + kFFFD + "y", {1, 2}},
        InvalidCase{"overlong_e0", "\xE0\x80\xAFz", kFFFD + kFFFD + kFFFD + "z", {0, 1, 2}},
        InvalidCase{"surrogate_ed_a0_80", "a\xED\xA0\x80" "b", "a" + kFFFD + kFFFD + kFFFD + "b", {1, 2, 3}},
        InvalidCase{"truncated_at_end", "fin\xE2\x82", "fin" + kFFFD + kFFFD, {3, 4}},
        InvalidCase{"truncated_before_ascii", "\xC3" "t\u00E9", kFFFD + "t\u00E9", {0}},
        InvalidCase{"latin1_e_acute", "caf\xE9 cr\xE8me", "caf" + kFFFD + " cr" + kFFFD + "me", {3, 7}},
        InvalidCase{"above_f4", "\xF5\x80\x80\x80", kFFFD + kFFFD + kFFFD + kFFFD, {0, 1, 2, 3}},
        InvalidCase{"after_bom", "\xEF\xBB\xBF\xFFok", kFFFD + "ok", {3}},
        InvalidCase{"after_crlf", "a\r\n\x80", "a\n" + kFFFD, {3}},
        InvalidCase{"after_nbsp", "1\u00A0\xFF", "1 " + kFFFD, {3}}),
    [](const testing::TestParamInfo<InvalidCase>& i) { return std::string(i.param.name); });

TEST(InvalidUtf8Test, IssuesAreCapped) {
  std::string in(100, '\xFF');
  NormalizedText t = NormalizedText::Build(in);
  EXPECT_EQ(t.size(), 300u);
  ASSERT_EQ(t.issues().size(), 21u);
  EXPECT_EQ(t.issues()[19].orig_offset, 19u);
  EXPECT_NE(t.issues().back().what.find("80 more"), std::string::npos) << t.issues().back().what;
}

struct DecodeCase {
  std::string in;
  char32_t cp;
  int len;
};

TEST(Utf8Test, Decode) {
  const DecodeCase cases[] = {
      {"A", U'A', 1},
      {"\u00E9", U'\u00E9', 2},
      {"\u20AC", U'\u20AC', 3},
      {"\U0001F600", U'\U0001F600', 4},
      {"\x80", 0xFFFD, 1},
      {"\xC0\x80", 0xFFFD, 1},
      {"\xC1\xBF", 0xFFFD, 1},
      {"\xED\xA0\x80", 0xFFFD, 1},
      {"\xE2\x82", 0xFFFD, 1},
      {"\xF4\x90\x80\x80", 0xFFFD, 1},  // above U+10FFFF
      {"\xEF\xBF\xBD", 0xFFFD, 3},      // a real U+FFFD
  };
  for (const DecodeCase& c : cases) {
    int len = -1;
    EXPECT_EQ(utf8::Decode(c.in, 0, &len), c.cp) << c.in;
    EXPECT_EQ(len, c.len) << c.in;
  }
}

TEST(Utf8Test, AppendRoundTrips) {
  for (char32_t cp : {U'a', U'\u00E9', U'\u2019', U'\u20AC', U'\U0001F600', char32_t{0x7F}, char32_t{0x80},
                      char32_t{0x7FF}, char32_t{0x800}, char32_t{0xFFFF}, char32_t{0x10000}, char32_t{0x10FFFF}}) {
    std::string s;
    utf8::Append(cp, &s);
    int len;
    EXPECT_EQ(utf8::Decode(s, 0, &len), cp);
    EXPECT_EQ(static_cast<size_t>(len), s.size());
  }
}

}  // namespace
}  // namespace depeche
