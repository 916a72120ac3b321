// Tests of src/lib/split.cc: articles and their parts in news dumps (anchored
// by "Short Url"), plain single-article files, blank-line separated dumps,
// publication dates and the cut points of the streaming reader.
#include "depeche/split.h"

#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

namespace depeche {
namespace {

// "kind: text" for each part ("kind+dup: text" for a duplicate).
std::vector<std::string> Parts(std::string_view text, const Article& a) {
  std::vector<std::string> out;
  for (const Part& p : a.parts) {
    out.push_back(std::string(PartKindName(p.kind)) + (p.duplicate ? "+dup" : "") + ": " +
                  std::string(text.substr(p.span.begin, p.span.size())));
  }
  return out;
}

std::string_view Of(std::string_view text, Span s) { return text.substr(s.begin, s.size()); }

// A dump in the style of the news sites: title, captions (the first one
// repeated), Short Url, Publié le, title again, bullets, dateline, body with a
// subheading, credit.
const char kDump[] =
    "La mairie de Brest vote un budget de 320 millions d'euros\n"
    "\n"
    "Le conseil municipal réuni jeudi soir. (AFP)\n"
    "Le conseil municipal réuni jeudi soir. (AFP)\n"
    "Short Url\n"
    "Publié le Vendredi 7 mars 2025\n"
    "\n"
    "La mairie de Brest vote un budget de 320 millions d'euros\n"
    "\n"
    "  • Les investissements augmentent de 12% sur un an\n"
    "  • L'opposition dénonce une hausse des impôts locaux\n"
    "\n"
    "BREST: Le conseil municipal a adopté jeudi soir un budget de 320 millions d'euros.\n"
    "\n"
    "Le maire a défendu un effort sans précédent pour les écoles.\n"
    "\n"
    "Des écoles rénovées\n"
    "\n"
    "Huit groupes scolaires seront rénovés d'ici 2027, selon la municipalité.\n"
    "\n"
    "(AFP)\n"
    "\n"
    "\n"
    "Au Chili, un séisme de magnitude 6,1 secoue le nord du pays\n"
    "\n"
    "Short Url\n"
    "Publié le Samedi 1er mars 2025\n"
    "\n"
    "- Aucune victime n'a été signalée\n"
    "\n"
    "SANTIAGO DU CHILI: Un séisme de magnitude 6,1 a frappé samedi le nord du Chili.\n"
    "Les secours ont inspecté les bâtiments de la région.\n";

TEST(SplitArticlesTest, AnchoredDumpFindsBothArticles) {
  std::string_view text = kDump;
  std::vector<Article> arts = SplitArticles(text);
  ASSERT_EQ(arts.size(), 2u);
  // Articles tile the text.
  EXPECT_EQ(arts[0].span.begin, 0u);
  EXPECT_EQ(arts[0].span.end, arts[1].span.begin);
  EXPECT_EQ(arts[1].span.end, text.size());
  EXPECT_EQ(text.substr(arts[1].span.begin, 8), "Au Chili");
}

TEST(SplitArticlesTest, AnchoredDumpParts) {
  std::string_view text = kDump;
  std::vector<Article> arts = SplitArticles(text);
  ASSERT_EQ(arts.size(), 2u);
  std::vector<std::string> want0 = {
      "title: La mairie de Brest vote un budget de 320 millions d'euros",
      "caption: Le conseil municipal réuni jeudi soir. (AFP)",
      "caption+dup: Le conseil municipal réuni jeudi soir. (AFP)",
      "short_url: Short Url",
      "published: Publié le Vendredi 7 mars 2025",
      "title+dup: La mairie de Brest vote un budget de 320 millions d'euros",
      "bullet: Les investissements augmentent de 12% sur un an",
      "bullet: L'opposition dénonce une hausse des impôts locaux",
      "dateline: BREST",
      "paragraph: BREST: Le conseil municipal a adopté jeudi soir un budget de 320 millions d'euros.",
      "paragraph: Le maire a défendu un effort sans précédent pour les écoles.",
      "subheading: Des écoles rénovées",
      "paragraph: Huit groupes scolaires seront rénovés d'ici 2027, selon la municipalité.",
      "credit: (AFP)",
  };
  EXPECT_EQ(Parts(text, arts[0]), want0);
  EXPECT_EQ(Of(text, arts[0].title), "La mairie de Brest vote un budget de 320 millions d'euros");
  EXPECT_EQ(Of(text, arts[0].dateline), "BREST");
  ASSERT_TRUE(arts[0].date.has_value());
  EXPECT_EQ(*arts[0].date, (CivilDate{2025, 3, 7}));

  std::vector<std::string> want1 = {
      "title: Au Chili, un séisme de magnitude 6,1 secoue le nord du pays",
      "short_url: Short Url",
      "published: Publié le Samedi 1er mars 2025",
      "bullet: Aucune victime n'a été signalée",
      "dateline: SANTIAGO DU CHILI",
      "paragraph: SANTIAGO DU CHILI: Un séisme de magnitude 6,1 a frappé samedi le nord du Chili.\n"
      "Les secours ont inspecté les bâtiments de la région.",
  };
  EXPECT_EQ(Parts(text, arts[1]), want1);
  ASSERT_TRUE(arts[1].date.has_value());
  EXPECT_EQ(*arts[1].date, (CivilDate{2025, 3, 1}));
}

TEST(SplitArticlesTest, TitleGluedToCaptions) {
  // No blank line between the title and the caption block.
  std::string text =
      "Premier titre sans ligne vide\n"
      "Une photo de la place. (AFP)\n"
      "Short Url\n"
      "Le corps du premier article.\n"
      "\n"
      "Second titre\n"
      "Short Url\n"
      "Le corps du second article.\n";
  std::vector<Article> arts = SplitArticles(text);
  ASSERT_EQ(arts.size(), 2u);
  EXPECT_EQ(Of(text, arts[0].title), "Premier titre sans ligne vide");
  EXPECT_EQ(Of(text, arts[1].title), "Second titre");
  EXPECT_EQ(Parts(text, arts[0])[1], "caption: Une photo de la place. (AFP)");
}

TEST(SplitArticlesTest, PlainSingleArticle) {
  std::string text =
      "Grève à la SNCF: trafic perturbé lundi\n"
      "\n"
      "Le trafic sera très perturbé lundi sur les lignes régionales.\n"
      "\n"
      "Les syndicats réclament une hausse des salaires de 4%.\n";
  std::vector<Article> arts = SplitArticles(text);
  ASSERT_EQ(arts.size(), 1u);
  EXPECT_EQ(arts[0].span, (Span{0, static_cast<uint32_t>(text.size())}));
  std::vector<std::string> want = {
      "title: Grève à la SNCF: trafic perturbé lundi",
      "paragraph: Le trafic sera très perturbé lundi sur les lignes régionales.",
      "paragraph: Les syndicats réclament une hausse des salaires de 4%.",
  };
  EXPECT_EQ(Parts(text, arts[0]), want);
  EXPECT_FALSE(arts[0].date.has_value());
  EXPECT_TRUE(arts[0].dateline.empty());
}

TEST(SplitArticlesTest, PlainParagraphsWithoutTitle) {
  std::string text = "Le trafic sera perturbé lundi.\nLes syndicats ont appelé à la grève.\n";
  std::vector<Article> arts = SplitArticles(text);
  ASSERT_EQ(arts.size(), 1u);
  EXPECT_TRUE(arts[0].title.empty());
  ASSERT_EQ(arts[0].parts.size(), 1u);
  EXPECT_EQ(arts[0].parts[0].kind, PartKind::kParagraph);
}

TEST(SplitArticlesTest, BlankLineSeparatedDump) {
  std::string text =
      "Premier sujet: la météo\n"
      "\n"
      "Il fera beau demain sur tout le pays.\n"
      "\n"
      "\n"
      "Deuxième sujet: le sport\n"
      "\n"
      "Lyon a battu Nantes samedi soir.\n"
      "Le match s'est joué à guichets fermés.\n"
      "\n"
      "\n"
      "\n"
      "Troisième sujet: la culture\n"
      "\n"
      "Le festival ouvre ses portes vendredi.\n";
  std::vector<Article> arts = SplitArticles(text);
  ASSERT_EQ(arts.size(), 3u);
  EXPECT_EQ(Of(text, arts[0].title), "Premier sujet: la météo");
  EXPECT_EQ(Of(text, arts[1].title), "Deuxième sujet: le sport");
  EXPECT_EQ(Of(text, arts[2].title), "Troisième sujet: la culture");
  EXPECT_EQ(arts[0].span.end, arts[1].span.begin);
  EXPECT_EQ(arts[1].span.end, arts[2].span.begin);
  EXPECT_EQ(arts[2].span.end, text.size());
  EXPECT_EQ(Parts(text, arts[1])[1], "paragraph: Lyon a battu Nantes samedi soir.\nLe match s'est joué à guichets fermés.");
}

TEST(SplitArticlesTest, SingleBlankLinesDoNotSeparate) {
  std::string text =
      "Un titre\n\nPremier paragraphe.\n\nDeuxième paragraphe\n\nTroisième paragraphe.\n";
  EXPECT_EQ(SplitArticles(text).size(), 1u);
}

TEST(SplitArticlesTest, SingleArticleOptionIgnoresAnchors) {
  std::string text = std::string(kDump);
  SplitOptions o;
  o.single_article = true;
  std::vector<Article> arts = SplitArticles(text, o);
  ASSERT_EQ(arts.size(), 1u);
  EXPECT_EQ(arts[0].span, (Span{0, static_cast<uint32_t>(text.size())}));
}

TEST(SplitArticlesTest, SingleArticleRecordTitle) {
  std::string text = "Un titre court\n\nLe corps du texte, avec une phrase.\n";
  SplitOptions o;
  o.single_article = true;
  std::vector<Article> arts = SplitArticles(text, o);
  ASSERT_EQ(arts.size(), 1u);
  EXPECT_EQ(Of(text, arts[0].title), "Un titre court");
  // A first line that ends a sentence is not a title.
  std::string no_title = "Le corps commence ici.\n\nEt continue.\n";
  arts = SplitArticles(no_title, o);
  ASSERT_EQ(arts.size(), 1u);
  EXPECT_TRUE(arts[0].title.empty());
}

TEST(SplitArticlesTest, EmptyAndBlankInput) {
  SplitOptions record;
  record.single_article = true;
  for (std::string text : {"", "\n\n  \n"}) {
    // A dump without text has no article; a record is still one, empty.
    EXPECT_TRUE(SplitArticles(text).empty()) << "[" << text << "]";
    std::vector<Article> arts = SplitArticles(text, record);
    ASSERT_EQ(arts.size(), 1u) << "[" << text << "]";
    EXPECT_TRUE(arts[0].parts.empty());
    EXPECT_EQ(arts[0].span, (Span{0, static_cast<uint32_t>(text.size())}));
  }
}

TEST(SplitArticlesTest, LeadingBlankLinesFoldIntoFirstArticle) {
  std::string text = "\n\n\nUn titre\nShort Url\nLe texte.\n";
  std::vector<Article> arts = SplitArticles(text);
  ASSERT_EQ(arts.size(), 1u);
  EXPECT_EQ(arts[0].span.begin, 0u);
  EXPECT_EQ(Of(text, arts[0].title), "Un titre");
}

struct DatelineCase {
  const char* para;
  const char* place;  // "" for none
};

TEST(SplitArticlesTest, Datelines) {
  const DatelineCase cases[] = {
      {"PARIS: Le gouvernement a annoncé.", "PARIS"},
      {"NEW YORK: La Bourse a ouvert en hausse.", "NEW YORK"},
      {"SAINT-ÉTIENNE : Le club a gagné.", "SAINT-ÉTIENNE"},
      {"LYON (AFP) - Le maire a parlé.", "LYON"},
      {"BERLIN - Le chancelier a parlé.", "BERLIN"},
      {"Le gouvernement a annoncé: rien.", ""},
      {"A: une lettre ne suffit pas.", ""},
      {"ONU et OTAN se réunissent.", ""},
  };
  for (const DatelineCase& c : cases) {
    std::string text = std::string("Un titre\nShort Url\n") + c.para + "\n";
    std::vector<Article> arts = SplitArticles(text);
    ASSERT_EQ(arts.size(), 1u);
    EXPECT_EQ(Of(text, arts[0].dateline), c.place) << c.para;
  }
}

TEST(SplitArticlesTest, Bullets) {
  std::string text =
      "Un titre\nShort Url\n• Premier point\n* Deuxième point\n– Troisième point\n\nLe corps.\n";
  std::vector<Article> arts = SplitArticles(text);
  ASSERT_EQ(arts.size(), 1u);
  std::vector<std::string> want = {"title: Un titre", "short_url: Short Url", "bullet: Premier point",
                                   "bullet: Deuxième point", "bullet: Troisième point", "paragraph: Le corps."};
  EXPECT_EQ(Parts(text, arts[0]), want);
}

TEST(SplitArticlesTest, ShortUrlIsCaseInsensitive) {
  std::string text = "Titre A\nSHORT URL\nTexte A.\n\nTitre B\nshort url\nTexte B.\n";
  EXPECT_EQ(SplitArticles(text).size(), 2u);
}

struct DateCase {
  const char* line;
  CivilDate want;  // {0,0,0} for none
};

TEST(ParsePublicationDateTest, Table) {
  const DateCase cases[] = {
      {"Publié le Mercredi 12 février 2025", {2025, 2, 12}},
      {"Publié le 1er mars 2025", {2025, 3, 1}},
      {"Publié le lundi 3 novembre 2025 à 10h12", {2025, 11, 3}},
      {"Mis à jour le 29 août 2024", {2024, 8, 29}},
      {"PUBLIÉ LE JEUDI 5 DÉCEMBRE 2024", {2024, 12, 5}},
      {"Publié le 29 février 2024", {2024, 2, 29}},
      {"Publié le 29 février 2025", {}},  // not a leap year
      {"Publié le 31 avril 2025", {}},
      {"2025-01-29", {2025, 1, 29}},
      {"Publié: 2024-12-31", {2024, 12, 31}},
      {"Publié le 07/03/2025", {2025, 3, 7}},
      {"Publié le Mercredi", {}},
      {"janvier 2025", {}},
      {"Publié le 12 brumaire 2025", {}},
      // Only the words after a number are lowercased, one at a time.
      {"PUBLIÉ LE 1ER AOÛT 2025", {2025, 8, 1}},
      {"Publié le 3 \u212Aanvier 2025", {}},  // Kelvin sign: lowercases to k
      {"Publié le 3 janvierjanvierjanvierjanvierjanvier 2025 puis 4 mai 2025", {2025, 5, 4}},
      {"", {}},
  };
  for (const DateCase& c : cases) {
    std::optional<CivilDate> got = ParsePublicationDate(c.line);
    if (c.want.valid()) {
      ASSERT_TRUE(got.has_value()) << c.line;
      EXPECT_EQ(*got, c.want) << c.line;
    } else {
      EXPECT_FALSE(got.has_value()) << c.line << " gave " << got->year << "-" << got->month << "-" << got->day;
    }
  }
}

TEST(FindArticleCutTest, CutsBeforeTheLastArticleStart) {
  std::string text = kDump;
  uint32_t second = static_cast<uint32_t>(text.find("Au Chili"));
  std::optional<uint32_t> cut = FindArticleCut(text, 10);
  ASSERT_TRUE(cut.has_value());
  EXPECT_EQ(*cut, second);
  EXPECT_EQ(FindArticleCut(text, second), second);
  EXPECT_FALSE(FindArticleCut(text, second + 1).has_value());
}

TEST(FindArticleCutTest, NeverCutsAtZero) {
  std::string text = "Un titre\nShort Url\nLe texte.\n";
  EXPECT_FALSE(FindArticleCut(text, 0).has_value());
}

TEST(FindArticleCutTest, BlankLineSeparatedDump) {
  std::string text = "Sujet un\n\nTexte un.\n\n\nSujet deux\n\nTexte deux.\n";
  std::optional<uint32_t> cut = FindArticleCut(text, 1);
  ASSERT_TRUE(cut.has_value());
  EXPECT_EQ(*cut, text.find("Sujet deux"));
}

TEST(PartKindNameTest, Names) {
  EXPECT_STREQ(PartKindName(PartKind::kTitle), "title");
  EXPECT_STREQ(PartKindName(PartKind::kCaption), "caption");
  EXPECT_STREQ(PartKindName(PartKind::kShortUrl), "short_url");
  EXPECT_STREQ(PartKindName(PartKind::kPublished), "published");
  EXPECT_STREQ(PartKindName(PartKind::kBullet), "bullet");
  EXPECT_STREQ(PartKindName(PartKind::kDateline), "dateline");
  EXPECT_STREQ(PartKindName(PartKind::kSubheading), "subheading");
  EXPECT_STREQ(PartKindName(PartKind::kParagraph), "paragraph");
  EXPECT_STREQ(PartKindName(PartKind::kCredit), "credit");
}

}  // namespace
}  // namespace depeche
