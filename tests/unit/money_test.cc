#include <gtest/gtest.h>

#include <cstring>
#include <string>
#include <vector>

#include "depeche/entities.h"
#include "depeche/pipeline.h"

namespace depeche {
namespace {

DataPaths TestPaths() { return DataPaths({DEPECHE_SOURCE_DATA_DIR}); }

std::vector<Entity> FindMoney(const std::string& text) {
  static auto matcher = MoneyMatcher::Load(TestPaths());
  EXPECT_TRUE(matcher.ok()) << matcher.status().message();
  Document doc;
  doc.original = text;
  PrepareDocument(&doc, true);
  std::vector<Entity> out;
  for (uint32_t a = 0; a < doc.articles.size(); ++a) (*matcher)->Find(doc, a, &out);
  for (auto& e : out) e.value = std::string(doc.Text(e.span));  // span text, for the checks
  return out;
}

struct MoneyCase {
  const char* text;
  const char* span;
  double amount;
  const char* currency;
  double max = 0;  // 0: none
  bool approx = false;
  bool implicit = false;
};

TEST(MoneyTest, Amounts) {
  const MoneyCase cases[] = {
      {"Le contrat vaut 3,5 milliards d'euros.", "3,5 milliards d'euros", 3.5e9, "EUR"},
      {"Une aide de 7.500 dollars par foyer.", "7.500 dollars", 7500, "USD"},
      {"Il a touché 14 000 € en un an.", "14 000 €", 14000, "EUR"},
      {"Une amende de 1\u202F200 € a été fixée.", "1 200 €", 1200, "EUR"},
      {"La ville a reçu $10 de plus.", "$10", 10, "USD"},
      {"Un salaire de 10K$ par mois.", "10K$", 10000, "USD"},
      {"Le club a levé 25 M€ cette saison.", "25 M€", 25e6, "EUR"},
      {"Le groupe vise 2 Md€ de ventes.", "2 Md€", 2e9, "EUR"},
      {"Un prêt de EUR 1000 sur deux ans.", "EUR 1000", 1000, "EUR"},
      {"Il a payé dix euros.", "dix euros", 10, "EUR"},
      {"Le pays emprunte un milliard de dollars.", "un milliard de dollars", 1e9, "USD"},
      {"Le rachat est estimé à 4,2 milliards de dollars canadiens.",
       "4,2 milliards de dollars canadiens", 4.2e9, "CAD"},
      {"Le club a dépensé 80 millions de livres sterling.", "80 millions de livres sterling", 80e6,
       "GBP"},
      {"Un budget de 300 millions de yuans.", "300 millions de yuans", 300e6, "CNY"},
      {"Le bitcoin a franchi 2 bitcoins par lot.", "2 bitcoins", 2, "BTC"},
      {"Un ticket coûte 15 dollars et 50 cents.", "15 dollars et 50 cents", 15.5, "USD"},
      {"La baguette a pris 5 centimes.", "5 centimes", 0.05, "EUR"},
      {"L'économie serait de 3 billions d'euros.", "3 billions d'euros", 3e12, "EUR"},
      {"Il faut trouver une quarantaine de milliards d'euros.",
       "une quarantaine de milliards d'euros", 40e9, "EUR", 0, true},
      {"La dépense atteindrait 12 ou 13 milliards d'euros.", "12 ou 13 milliards d'euros", 12e9,
       "EUR", 13e9},
      {"Le coût varie entre 2 et 3 millions de dollars.", "2 et 3 millions de dollars", 2e6, "USD",
       3e6},
      {"Le fonds pèse environ 40 millions de francs suisses.", "40 millions de francs suisses", 40e6,
       "CHF", 0, true},
      {"La mairie verse 2,5 millions de francs CFA.", "2,5 millions de francs CFA", 2.5e6, "XOF"},
  };
  for (const auto& c : cases) {
    auto found = FindMoney(c.text);
    ASSERT_EQ(found.size(), 1u) << c.text;
    const Entity& e = found[0];
    EXPECT_EQ(e.type, EntityType::kMoney);
    EXPECT_EQ(e.value, c.span) << c.text;
    EXPECT_DOUBLE_EQ(e.money.amount, c.amount) << c.text;
    EXPECT_STREQ(e.money.currency, c.currency) << c.text;
    if (c.max > 0) {
      ASSERT_TRUE(e.money.max.has_value()) << c.text;
      EXPECT_DOUBLE_EQ(*e.money.max, c.max) << c.text;
    }
    EXPECT_EQ(e.money.approx, c.approx) << c.text;
    EXPECT_EQ(e.money.implicit, c.implicit) << c.text;
  }
}

TEST(MoneyTest, BoundingWordsStayOutAndSetFlags) {
  auto found = FindMoney("La dette dépasse plus de 60 milliards d'euros, près de 2 000 euros par tête.");
  ASSERT_EQ(found.size(), 2u);
  EXPECT_EQ(found[0].value, "60 milliards d'euros");
  ASSERT_TRUE(found[0].money.min.has_value());
  EXPECT_EQ(found[1].value, "2 000 euros");
  EXPECT_TRUE(found[1].money.approx);
  found = FindMoney("Il investira jusqu'à 5 millions de dollars.");
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].value, "5 millions de dollars");
  ASSERT_TRUE(found[0].money.max.has_value());
}

TEST(MoneyTest, ImplicitCurrencyFromTheArticle) {
  auto found = FindMoney(
      "L'État prévoit 20 milliards d'euros de baisses d'impôts. Les hausses atteindraient 6 "
      "milliards, et 2 milliards d'habitants ne sont pas concernés.");
  ASSERT_EQ(found.size(), 2u);
  EXPECT_EQ(found[1].value, "6 milliards");
  EXPECT_TRUE(found[1].money.implicit);
  EXPECT_STREQ(found[1].money.currency, "EUR");
  // No explicit currency in the article: no implicit money.
  EXPECT_TRUE(FindMoney("La région compte 12 millions d'habitants et 3 millions de voitures.").empty());
}

TEST(MoneyTest, NotMoney) {
  for (const char* s : {"Le taux atteint 2,28% cette année.", "Les puces H800 sont interdites.",
                        "Le 16e arrondissement de Paris.", "Il est né en 1957 à Lyon.",
                        "Le score final est de 3 à 1.", "Il a écrit trois livres.",
                        "Deux millions de personnes ont voté."}) {
    EXPECT_TRUE(FindMoney(s).empty()) << s;
  }
}

TEST(MoneyTest, LoadFailsWithoutTable) {
  EXPECT_FALSE(MoneyMatcher::Load(DataPaths({"/nonexistent-depeche-data"})).ok());
}

}  // namespace
}  // namespace depeche
