// Tests of src/lib/sentences.cc through PrepareDocument: paragraphs split at
// . ! ? … but not after abbreviations, initials, numbers or URLs; closing
// quotes stay with their sentence; titles and bullets are units of their own.
#include "depeche/sentences.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "depeche/pipeline.h"

namespace depeche {
namespace {

std::vector<std::string> Sentences(const std::string& original, bool single_article = true) {
  Document doc;
  doc.original = original;
  PrepareDocument(&doc, single_article);
  std::vector<std::string> out;
  for (const Sentence& s : doc.sentences) {
    Span o = doc.ToOriginal(s.span);
    out.push_back(original.substr(o.begin, o.size()));
  }
  return out;
}

struct SentCase {
  const char* name;
  std::string in;
  std::vector<std::string> want;
};

class SentencesTest : public testing::TestWithParam<SentCase> {};

TEST_P(SentencesTest, Splits) {
  const SentCase& c = GetParam();
  EXPECT_EQ(Sentences(c.in), c.want);
}

INSTANTIATE_TEST_SUITE_P(
    Table, SentencesTest,
    testing::Values(
        SentCase{"two_plain", "Il pleut. Le vent souffle.", {"Il pleut.", "Le vent souffle."}},
        SentCase{"question_exclamation", "Qui part ? Personne ! Tant mieux.",
                 {"Qui part ?", "Personne !", "Tant mieux."}},
        SentCase{"lowercase_after_period_continues", "Il a dit non. et puis rien.",
                 {"Il a dit non. et puis rien."}},
        SentCase{"monsieur", "M. Dupont est arrivé. Il a salué Mme Durand.",
                 {"M. Dupont est arrivé.", "Il a salué Mme Durand."}},
        SentCase{"docteur", "Le Dr. Martin a opéré. Tout va bien.", {"Le Dr. Martin a opéré.", "Tout va bien."}},
        SentCase{"initial", "Selon J. Dupont, le projet avance. Les travaux commencent.",
                 {"Selon J. Dupont, le projet avance.", "Les travaux commencent."}},
        SentCase{"etc_then_capital", "Ils vendent des pommes, des poires, etc. Les prix montent.",
                 {"Ils vendent des pommes, des poires, etc.", "Les prix montent."}},
        SentCase{"etc_then_lowercase", "Des pommes, etc. et des poires.", {"Des pommes, etc. et des poires."}},
        SentCase{"month_abbreviation", "Le 3 janv. 2025, la loi est passée. Elle entre en vigueur.",
                 {"Le 3 janv. 2025, la loi est passée.", "Elle entre en vigueur."}},
        SentCase{"numbers", "La dette atteint 3.200 milliards, soit 1,6 point de plus. Le ministre s'inquiète.",
                 {"La dette atteint 3.200 milliards, soit 1,6 point de plus.", "Le ministre s'inquiète."}},
        SentCase{"sentence_starting_with_number", "Le bilan est lourd. 14 000 personnes ont fui.",
                 {"Le bilan est lourd.", "14 000 personnes ont fui."}},
        SentCase{"url", "Voir www.exemple.fr pour tout savoir. Merci.",
                 {"Voir www.exemple.fr pour tout savoir.", "Merci."}},
        SentCase{"quote_closed_after_period", "Il a dit : \u00AB C'est fini. \u00BB Puis il est parti.",
                 {"Il a dit : \u00AB C'est fini. \u00BB", "Puis il est parti."}},
        SentCase{"quote_glued", "Elle a répondu \u00ABnon.\u00BB Le débat continue.",
                 {"Elle a répondu \u00ABnon.\u00BB", "Le débat continue."}},
        SentCase{"quote_then_incise", "\u00AB C'est fini. \u00BB a-t-il dit. Le public a applaudi.",
                 {"\u00AB C'est fini. \u00BB a-t-il dit.", "Le public a applaudi."}},
        SentCase{"quote_opens_sentence", "Il se tait. \u00AB Rien \u00E0 dire \u00BB, dit-il.",
                 {"Il se tait.", "\u00AB Rien \u00E0 dire \u00BB, dit-il."}},
        SentCase{"parenthesis_closed", "Le texte passe (enfin.) Les d\u00E9put\u00E9s votent.",
                 {"Le texte passe (enfin.)", "Les d\u00E9put\u00E9s votent."}},
        SentCase{"ellipsis", "Il h\u00E9site\u2026 Puis il signe.", {"Il h\u00E9site\u2026", "Puis il signe."}},
        SentCase{"three_dots", "Il h\u00E9site... Puis il signe.", {"Il h\u00E9site...", "Puis il signe."}},
        SentCase{"cut_mark_inside", "Il a dit (...) que tout allait bien. Fin.",
                 {"Il a dit (...) que tout allait bien.", "Fin."}},
        SentCase{"accented_capital", "Il part. \u00C0 Lyon, il pleut. \u00C9videmment.",
                 {"Il part.", "\u00C0 Lyon, il pleut.", "\u00C9videmment."}},
        SentCase{"common_word_abbreviation_vol", "L'avion a disparu pendant le vol. Les secours sont partis.",
                 {"L'avion a disparu pendant le vol.", "Les secours sont partis."}},
        SentCase{"common_word_abbreviation_mer", "Les marins sont partis en mer. Ils reviennent lundi.",
                 {"Les marins sont partis en mer.", "Ils reviennent lundi."}},
        SentCase{"common_word_abbreviation_sept", "Les victimes sont au nombre de sept. Une enqu\u00EAte est ouverte.",
                 {"Les victimes sont au nombre de sept.", "Une enqu\u00EAte est ouverte."}},
        SentCase{"no_final_punct", "Un texte sans point final", {"Un texte sans point final"}},
        SentCase{"empty", "", {}}),
    [](const testing::TestParamInfo<SentCase>& i) { return std::string(i.param.name); });

TEST(SentencesTest, TitlesAndBulletsAreUnits) {
  std::string dump =
      "Un titre sans point\n"
      "Short Url\n"
      "Publié le Lundi 3 mars 2025\n"
      "\n"
      "• Un premier point. Avec deux phrases\n"
      "• Un second point\n"
      "\n"
      "LILLE: Le premier paragraphe commence. Il continue ici.\n"
      "\n"
      "Un intertitre\n"
      "\n"
      "Le dernier paragraphe.\n";
  std::vector<std::string> want = {
      "Un titre sans point",
      "Short Url",
      "Publié le Lundi 3 mars 2025",
      "Un premier point.",
      "Avec deux phrases",
      "Un second point",
      "Le premier paragraphe commence.",  // the dateline is left out
      "Il continue ici.",
      "Un intertitre",
      "Le dernier paragraphe.",
  };
  EXPECT_EQ(Sentences(dump, false), want);
}

TEST(SentencesTest, LinesOfAParagraphDoNotMerge) {
  // Two lines of one paragraph, each ending with a period: two sentences.
  std::string text = "Le premier point est acquis.\nLe second reste \u00E0 voir.\n";
  EXPECT_EQ(Sentences(text), (std::vector<std::string>{"Le premier point est acquis.", "Le second reste \u00E0 voir."}));
}

TEST(SentencesTest, IndicesPointIntoDocument) {
  Document doc;
  doc.original = "Titre A\nShort Url\nPremière phrase. Deuxième phrase.\n\nTitre B\nShort Url\nTroisième.\n";
  PrepareDocument(&doc, false);
  ASSERT_EQ(doc.articles.size(), 2u);
  ASSERT_FALSE(doc.sentences.empty());
  uint32_t prev_end = 0;
  for (const Sentence& s : doc.sentences) {
    ASSERT_LT(s.article, doc.articles.size());
    ASSERT_LT(s.part, doc.articles[s.article].parts.size());
    ASSERT_LT(s.token_begin, s.token_end);
    ASSERT_LE(s.token_end, doc.tokens.size());
    EXPECT_EQ(s.span.begin, doc.tokens[s.token_begin].span.begin);
    EXPECT_EQ(s.span.end, doc.tokens[s.token_end - 1].span.end);
    EXPECT_GE(s.span.begin, prev_end);
    prev_end = s.span.end;
    const Span& part = doc.articles[s.article].parts[s.part].span;
    EXPECT_GE(s.span.begin, part.begin);
    EXPECT_LE(s.span.end, part.end);
  }
  EXPECT_EQ(doc.Text(doc.sentences.back().span), "Troisième.");
  EXPECT_EQ(doc.sentences.back().article, 1u);
}

}  // namespace
}  // namespace depeche
