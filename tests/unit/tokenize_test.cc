// Tests of src/lib/tokenize.cc: French tokens over the normalized view, and
// their offsets back into the original bytes. Each case lists the expected
// tokens as "text" or "text/kind" (kind omitted = word).
#include "depeche/tokenize.h"

#include <gtest/gtest.h>

#include <cstring>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "depeche/text.h"

namespace depeche {
namespace {

// Renders the tokens of (normalized) text as "text/kind", "/word" omitted.
std::vector<std::string> Render(std::string_view text) {
  std::vector<Token> toks;
  Tokenize(text, {0, static_cast<uint32_t>(text.size())}, &toks);
  std::vector<std::string> out;
  for (const Token& t : toks) {
    std::string s(text.substr(t.span.begin, t.span.size()));
    if (t.kind != TokenKind::kWord) s += std::string("/") + TokenKindName(t.kind);
    out.push_back(s);
  }
  return out;
}

// Tokenizes the normalized view of `original`.
std::vector<std::string> RenderOriginal(const std::string& original) {
  NormalizedText t = NormalizedText::Build(original);
  return Render(t.view());
}

struct TokCase {
  const char* name;
  std::string in;
  std::vector<std::string> want;
};

class TokenizeTest : public testing::TestWithParam<TokCase> {};

TEST_P(TokenizeTest, Tokens) {
  const TokCase& c = GetParam();
  EXPECT_EQ(RenderOriginal(c.in), c.want);
}

INSTANTIATE_TEST_SUITE_P(
    Table, TokenizeTest,
    testing::Values(
        TokCase{"full_sentence",
                "L\u2019État a-t-il dit qu\u2019aujourd\u2019hui 14\u00A0000 € (5,4 %) ?",
                {"L'", "État", "a", "-t-il", "dit", "qu'", "aujourd'hui", "14 000/number", "€/symbol", "(/punct",
                 "5,4/number", "%/symbol", ")/punct", "?/punct"}},
        TokCase{"elisions_straight", "l'an d'abord qu'il jusqu'à lorsqu'on puisqu'elle",
                {"l'", "an", "d'", "abord", "qu'", "il", "jusqu'", "à", "lorsqu'", "on", "puisqu'", "elle"}},
        TokCase{"elisions_curly",
                "l\u2019an d\u2019abord qu\u2019il jusqu\u2019à lorsqu\u2019on puisqu\u2019elle",
                {"l'", "an", "d'", "abord", "qu'", "il", "jusqu'", "à", "lorsqu'", "on", "puisqu'", "elle"}},
        TokCase{"elisions_capitalized", "L'Élysée D'après Qu'en J'ai N'est S'il C'est",
                {"L'", "Élysée", "D'", "après", "Qu'", "en", "J'", "ai", "N'", "est", "S'", "il", "C'", "est"}},
        TokCase{"aujourdhui_both", "aujourd'hui et aujourd\u2019hui.",
                {"aujourd'hui", "et", "aujourd'hui", "./punct"}},
        TokCase{"quelquun", "quelqu'un et quelqu'une", {"quelqu'un", "et", "quelqu'une"}},
        TokCase{"name_with_apostrophe", "Eugene O'Neill", {"Eugene", "O'Neill"}},
        TokCase{"hyphenated_words", "Saint-Nazaire, porte-parole et Aix-la-Chapelle",
                {"Saint-Nazaire", ",/punct", "porte-parole", "et", "Aix-la-Chapelle"}},
        TokCase{"inversions", "remet-elle dit-on va-t-on Est-ce",
                {"remet", "-elle", "dit", "-on", "va", "-t-on", "Est", "-ce"}},
        TokCase{"decimal_comma", "1,6 million", {"1,6/number", "million"}},
        TokCase{"thousands_dot", "7.500 euros", {"7.500/number", "euros"}},
        TokCase{"thousands_nbsp", "14\u00A0000 personnes", {"14 000/number", "personnes"}},
        TokCase{"thousands_narrow_nbsp", "14\u202F000 personnes", {"14 000/number", "personnes"}},
        TokCase{"millions_spaces", "3 000 000 habitants", {"3 000 000/number", "habitants"}},
        TokCase{"millions_narrow", "3\u202F000\u202F000 habitants", {"3 000 000/number", "habitants"}},
        TokCase{"percent_glued", "5,4%", {"5,4/number", "%/symbol"}},
        TokCase{"percent_spaced", "2,28 %", {"2,28/number", "%/symbol"}},
        TokCase{"year_not_grouped", "en 2023 150 salariés", {"en", "2023/number", "150/number", "salariés"}},
        TokCase{"number_then_period", "Il en reste 12.", {"Il", "en", "reste", "12/number", "./punct"}},
        TokCase{"number_then_comma", "12, 13 et 14", {"12/number", ",/punct", "13/number", "et", "14/number"}},
        TokCase{"ordinal_superscript", "le 16\u1D49 arrondissement", {"le", "16e/ordinal", "arrondissement"}},
        TokCase{"ordinal_er", "le 1er mars et la 1re fois", {"le", "1er/ordinal", "mars", "et", "la", "1re/ordinal",
                                                              "fois"}},
        TokCase{"ordinal_eme_nd", "2ème et 2nd", {"2ème/ordinal", "et", "2nd/ordinal"}},
        TokCase{"roman_century", "au XXe siècle", {"au", "XXe/ordinal", "siècle"}},
        TokCase{"roman_ordinals", "XIXe, IIIe et François Ier", {"XIXe/ordinal", ",/punct", "IIIe/ordinal", "et", "François",
                                                                "Ier/ordinal"}},
        TokCase{"roman_lookalikes_are_words", "Le Ce De Me Mme", {"Le", "Ce", "De", "Me", "Mme"}},
        TokCase{"rendez_vous", "un rendez-vous, pouvez-vous ?", {"un", "rendez-vous", ",/punct", "pouvez", "-vous",
                                                                 "?/punct"}},
        TokCase{"glued_units", "14h30 et 4G", {"14h30", "et", "4G"}},
        TokCase{"abbrev_monsieur", "M. Dupont et Mme Durand", {"M.", "Dupont", "et", "Mme", "Durand"}},
        TokCase{"abbrev_docteur", "Dr. House et Dr Martin", {"Dr.", "House", "et", "Dr", "Martin"}},
        TokCase{"abbrev_etc", "des pommes, etc. Puis", {"des", "pommes", ",/punct", "etc.", "Puis"}},
        TokCase{"abbrev_month", "le 3 janv. 2025", {"le", "3/number", "janv.", "2025/number"}},
        TokCase{"abbrev_metre_lowercase", "sur 3 m. Ensuite", {"sur", "3/number", "m", "./punct", "Ensuite"}},
        TokCase{"initial", "J. Dupont", {"J.", "Dupont"}},
        TokCase{"acronym_plain", "la SNCF et l'ONU", {"la", "SNCF", "et", "l'", "ONU"}},
        TokCase{"acronym_periods", "aux U.S.A. hier", {"aux", "U.S.A.", "hier"}},
        TokCase{"url_https", "voir https://www.exemple.fr/page?id=3.", {"voir", "https://www.exemple.fr/page?id=3/url",
                                                                       "./punct"}},
        TokCase{"url_www", "(www.exemple.org)", {"(/punct", "www.exemple.org/url", ")/punct"}},
        TokCase{"email", "écrire à redaction@journal.fr.", {"écrire", "à", "redaction@journal.fr/email", "./punct"}},
        TokCase{"email_dotted_name", "jean.dupont@mairie-lyon.fr", {"jean.dupont@mairie-lyon.fr/email"}},
        TokCase{"not_email", "@compte et a@b", {"@/symbol", "compte", "et", "a", "@/symbol", "b"}},
        TokCase{"guillemets", "\u00AB\u00A0Oui\u00A0\u00BB, dit-il",
                {"\u00AB/punct", "Oui", "\u00BB/punct", ",/punct", "dit", "-il"}},
        TokCase{"ellipsis_dots", "Et puis... rien", {"Et", "puis", ".../punct", "rien"}},
        TokCase{"ellipsis_char", "Et puis\u2026 rien", {"Et", "puis", "\u2026/punct", "rien"}},
        TokCase{"cut_dots", "Il a dit (...) non", {"Il", "a", "dit", "(...)/punct", "non"}},
        TokCase{"cut_char", "Il a dit (\u2026) non", {"Il", "a", "dit", "(\u2026)/punct", "non"}},
        TokCase{"cut_brackets", "le [...] reste", {"le", "[...]/punct", "reste"}},
        TokCase{"etc_ellipsis", "etc...", {"etc", ".../punct"}},
        TokCase{"exclamations", "Quoi ?! Non !", {"Quoi", "?!/punct", "Non", "!/punct"}},
        TokCase{"dashes", "Paris \u2014 Lyon \u2013 Nice", {"Paris", "\u2014/punct", "Lyon", "\u2013/punct", "Nice"}},
        TokCase{"currency_symbols", "10 $ ou 8 \u00A3", {"10/number", "$/symbol", "ou", "8/number", "\u00A3/symbol"}},
        // Edges of the tokenizer's fast path (plain words, numbers, lone
        // punctuation), which must agree with the general one.
        TokCase{"www_then_period", "voir www. la", {"voir", "www/url", "./punct", "la"}},
        TokCase{"http_without_slashes", "http: non", {"http", ":/punct", "non"}},
        TokCase{"accented_word_then_period", "\u00C9lys\u00E9e. \u00C0", {"\u00C9lys\u00E9e", "./punct", "\u00C0"}},
        TokCase{"times_and_division_signs", "3\u00D74 \u00F7 2",
                {"3/number", "\u00D7/symbol", "4/number", "\u00F7/symbol", "2/number"}},
        TokCase{"number_before_comma", "2024, 14 000 et 3T.",
                {"2024/number", ",/punct", "14 000/number", "et", "3T", "./punct"}},
        TokCase{"numbers_before_percent_and_period", "50% puis 1,5. 2025.x 3%+ 1.5,2 7 000,5",
                {"50/number", "%/symbol", "puis", "1,5/number", "./punct", "2025/number", "./punct", "x", "3/number", "%/symbol",
                 "+/symbol", "1.5,2/number", "7 000,5/number"}},
        TokCase{"empty", "", {}},
        TokCase{"spaces_only", " \n\t ", {}}),
    [](const testing::TestParamInfo<TokCase>& i) { return std::string(i.param.name); });

TEST(TokenizeTest, Flags) {
  std::string text = "L'ONU a parlé.\nMme Durand répond, etc.\n  Fin";
  std::vector<Token> toks;
  Tokenize(text, {0, static_cast<uint32_t>(text.size())}, &toks);
  auto find = [&](std::string_view s) -> const Token& {
    for (const Token& t : toks)
      if (std::string_view(text).substr(t.span.begin, t.span.size()) == s) return t;
    ADD_FAILURE() << "no token " << s;
    return toks[0];
  };
  EXPECT_TRUE(find("L'").has(kElision));
  EXPECT_TRUE(find("L'").has(kLineStart));
  EXPECT_TRUE(find("L'").has(kCapitalized));
  EXPECT_FALSE(find("L'").has(kSpaceBefore));
  EXPECT_TRUE(find("ONU").has(kAllCaps));
  EXPECT_FALSE(find("ONU").has(kSpaceBefore));
  EXPECT_FALSE(find("ONU").has(kLineStart));
  EXPECT_TRUE(find("a").has(kSpaceBefore));
  EXPECT_FALSE(find("a").has(kCapitalized));
  EXPECT_FALSE(find(".").has(kSpaceBefore));
  EXPECT_TRUE(find("Mme").has(kLineStart));
  EXPECT_TRUE(find("Mme").has(kCapitalized));
  EXPECT_FALSE(find("Mme").has(kAllCaps));
  EXPECT_TRUE(find("etc.").has(kAbbreviation));
  EXPECT_FALSE(find("Durand").has(kAbbreviation));
  EXPECT_TRUE(find("Fin").has(kLineStart));
  EXPECT_TRUE(find("Fin").has(kSpaceBefore));
}

// Case flags and Roman ordinals decided on the first bytes (Latin-1 lead,
// lower case second letter) agree with the code point rules.
TEST(TokenizeTest, CaseAndOrdinalsOnFirstBytes) {
  std::string text = "\u00E0 \u00C9tat \u00C9TAT \u00C9 \u00DF\u00C0 Ier Il Ve Le XXe Ce";
  std::vector<Token> toks;
  Tokenize(text, {0, static_cast<uint32_t>(text.size())}, &toks);
  std::vector<std::string> got;
  for (const Token& t : toks) {
    got.push_back(text.substr(t.span.begin, t.span.size()) + "/" + TokenKindName(t.kind) + "/" +
                  std::to_string(t.flags & (kCapitalized | kAllCaps)));
  }
  const std::vector<std::string> want = {
      "\u00E0/word/0", "\u00C9tat/word/4", "\u00C9TAT/word/12", "\u00C9/word/4", "\u00DF\u00C0/word/0",
      "Ier/ordinal/4",  "Il/word/4",        "Ve/ordinal/4",      "Le/word/4",     "XXe/ordinal/4", "Ce/word/4"};
  EXPECT_EQ(got, want);
}

// The plain-word loop (lower case or Capitalized words, l' qu', a glued
// comma or parenthesis) and its exits give the tokens and flags of the
// general path: "text/kind/flags" for each token.
TEST(TokenizeTest, PlainWordRunsAndTheirExits) {
  auto render = [](std::string_view text, std::vector<Token> toks) {
    Tokenize(text, {0, static_cast<uint32_t>(text.size())}, &toks);
    std::vector<std::string> out;
    for (const Token& t : toks) {
      out.push_back(std::string(text.substr(t.span.begin, t.span.size())) + "/" + TokenKindName(t.kind) + "/" +
                    std::to_string(t.flags));
    }
    return out;
  };
  const std::string text =
      "Qu'il parle, l'\u00E9t\u00E9 (vite)mot,mot A380 Ier  \u00E0 la\nfin d'Ab Ve l'1 avec-elle x.";
  const std::vector<std::string> want = {
      "Qu'/word/22", "il/word/0",        "parle/word/1",   ",/punct/0", "l'/word/17", "\u00E9t\u00E9/word/0",
      "(/punct/1",   "vite/word/0",      ")/punct/0",      "mot/word/0", ",/punct/0", "mot/word/0",
      "A380/word/5", "Ier/ordinal/5",    "\u00E0/word/1", "la/word/1",  "fin/word/3", "d'/word/17",
      "Ab/word/4",   "Ve/ordinal/5",     "l/word/1",       "'/punct/0",  "1/number/0", "avec/word/1",
      "-elle/word/0", "x/word/1",        "./punct/0"};
  EXPECT_EQ(render(text, {}), want);
  // A vector without room: the general path grows it, same tokens.
  std::vector<Token> full(3);
  full.shrink_to_fit();
  std::vector<std::string> with_three = render(text, full);
  ASSERT_EQ(with_three.size(), want.size() + 3);
  EXPECT_EQ(std::vector<std::string>(with_three.begin() + 3, with_three.end()), want);
  // Words that end the buffer (exact size, no terminator read).
  const std::string tail = "le mot";
  std::unique_ptr<char[]> exact(new char[tail.size()]);
  memcpy(exact.get(), tail.data(), tail.size());
  const std::vector<std::string> want_tail = {"le/word/2", "mot/word/1"};
  EXPECT_EQ(render(std::string_view(exact.get(), tail.size()), {}), want_tail);
}

TEST(TokenizeTest, RangeInsideText) {
  std::string text = "Avant. Le milieu seul. Après";
  uint32_t b = static_cast<uint32_t>(text.find("Le")), e = static_cast<uint32_t>(text.find(" Après"));
  std::vector<Token> toks;
  Tokenize(text, {b, e}, &toks);
  ASSERT_EQ(toks.size(), 4u);
  EXPECT_EQ(toks.front().span.begin, b);
  EXPECT_EQ(toks.back().span.end, e);
  EXPECT_TRUE(toks.front().has(kSpaceBefore));
  EXPECT_FALSE(toks.front().has(kLineStart));
}

TEST(TokenizeTest, AppendsToExistingTokens) {
  std::vector<Token> toks(2);
  Tokenize("un deux", {0, 7}, &toks);
  EXPECT_EQ(toks.size(), 4u);
}

TEST(TokenizeTest, RangePastEndIsClamped) {
  std::vector<Token> toks;
  Tokenize("un deux", {3, 100}, &toks);
  ASSERT_EQ(toks.size(), 1u);
  EXPECT_EQ(toks[0].span, (Span{3, 7}));
}

// U+023A lowercases to three bytes (U+2C65): twelve of them and twelve
// letters fit the elision check's 24 bytes as written, not once lowercased.
// The word is not an elision (it used to overflow the lowercasing buffer).
TEST(TokenizeTest, WordLongerOnceLowercasedBeforeApostrophe) {
  std::string word;
  for (int k = 0; k < 12; ++k) word += "\u023A";
  word += "abcdefghijkl";
  std::vector<std::string> want = {word + "'x"};
  EXPECT_EQ(Render(word + "'x"), want);
}

// Tokens of a normalized text map back to exactly their original bytes.
TEST(TokenizeTest, OffsetsMapToOriginalBytes) {
  const std::string original =
      "\xEF\xBB\xBF\u00AB\u202FL\u2019État paiera 14\u202F000\u00A0€\u202F\u00BB, a-t-il dit\r\n"
      "le 16\u1D49 jour, e\u0301te\u0301 compris (\u2026).";
  NormalizedText t = NormalizedText::Build(original);
  std::vector<Token> toks;
  Tokenize(t.view(), {0, t.size()}, &toks);
  std::vector<std::string> got;
  for (const Token& tok : toks) {
    uint32_t b = t.ToOriginalBegin(tok.span.begin), e = t.ToOriginalEnd(tok.span.end);
    got.push_back(original.substr(b, e - b));
  }
  std::vector<std::string> want = {"\u00AB", "L\u2019", "État", "paiera", "14\u202F000", "€", "\u00BB", ",", "a",
                                   "-t-il", "dit", "le", "16\u1D49", "jour", ",", "e\u0301te\u0301", "compris",
                                   "(\u2026)", "."};
  EXPECT_EQ(got, want);
}

struct AbbrevCase {
  const char* word;
  bool want;
};

TEST(IsAbbreviationTest, Table) {
  const AbbrevCase cases[] = {
      {"M", true},     {"m", false},    {"Mme", true},  {"mme", true},   {"Dr", true},  {"etc", true},
      {"janv", true},  {"févr", true},  {"sept", true}, {"déc", true},   {"av", true},  {"cf", true},
      {"Paris", false}, {"maison", false}, {"", false}, {"anticonstitutionnellement", false},
  };
  for (const AbbrevCase& c : cases) EXPECT_EQ(IsAbbreviation(c.word), c.want) << c.word;
}

TEST(TokenKindNameTest, Names) {
  EXPECT_STREQ(TokenKindName(TokenKind::kWord), "word");
  EXPECT_STREQ(TokenKindName(TokenKind::kNumber), "number");
  EXPECT_STREQ(TokenKindName(TokenKind::kOrdinal), "ordinal");
  EXPECT_STREQ(TokenKindName(TokenKind::kPunct), "punct");
  EXPECT_STREQ(TokenKindName(TokenKind::kSymbol), "symbol");
  EXPECT_STREQ(TokenKindName(TokenKind::kUrl), "url");
  EXPECT_STREQ(TokenKindName(TokenKind::kEmail), "email");
}

}  // namespace
}  // namespace depeche
