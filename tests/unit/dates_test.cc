#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

#include "depeche/entities.h"
#include "depeche/pipeline.h"

namespace depeche {
namespace {

DataPaths TestPaths() { return DataPaths({DEPECHE_SOURCE_DATA_DIR}); }

struct Found {
  std::string text;
  std::string value;
};

// Reference date: Tuesday 14 October 2025, unless `ref` is empty.
std::vector<Found> FindDates(const std::string& text, std::optional<CivilDate> ref = CivilDate{2025, 10, 14}) {
  static auto matcher = DateMatcher::Load(TestPaths());
  EXPECT_TRUE(matcher.ok()) << matcher.status().message();
  Document doc;
  doc.original = text;
  doc.ref_date = ref;
  PrepareDocument(&doc, true);
  std::vector<Entity> out;
  for (uint32_t a = 0; a < doc.articles.size(); ++a) {
    doc.articles[a].date.reset();  // use ref_date only
    (*matcher)->Find(doc, a, &out);
  }
  std::vector<Found> found;
  for (const auto& e : out) {
    EXPECT_EQ(e.type, EntityType::kDate);
    found.push_back({std::string(doc.Text(e.span)), e.value});
  }
  return found;
}

struct DateCase {
  const char* text;
  const char* span;
  const char* value;
};

void Check(const DateCase* cases, size_t n, std::optional<CivilDate> ref) {
  for (size_t k = 0; k < n; ++k) {
    const auto& c = cases[k];
    auto found = FindDates(c.text, ref);
    ASSERT_EQ(found.size(), 1u) << c.text;
    EXPECT_EQ(found[0].text, c.span) << c.text;
    EXPECT_EQ(found[0].value, c.value) << c.text;
  }
}

TEST(DatesTest, Absolute) {
  const DateCase cases[] = {
      {"Publié le Jeudi 6 mars 2025", "Jeudi 6 mars 2025", "2025-03-06"},
      {"Le sommet s'est ouvert le 3 juin 2024 à Rome.", "3 juin 2024", "2024-06-03"},
      {"Elle partira le 1er mars.", "1er mars", "2026-03-01"},
      {"La loi date du 4 août 1789.", "4 août 1789", "1789-08-04"},
      {"Rendez-vous le 7 sept. 2026 au plus tard.", "7 sept. 2026", "2026-09-07"},
      {"Le vote a eu lieu en janvier 2025.", "janvier 2025", "2025-01"},
      {"Le traité a été signé en 1992 à Maastricht.", "1992", "1992"},
      {"La facture du 12/03/2024 est impayée.", "12/03/2024", "2024-03-12"},
      {"Le fichier est daté 2024-11-05 dans le registre.", "2024-11-05", "2024-11-05"},
      {"Le pays a changé dans les années 1990.", "les années 1990", "1990/1999"},
      {"La réforme entrera en vigueur d'ici 2030.", "2030", "2030"},
  };
  Check(cases, std::size(cases), CivilDate{2025, 10, 14});
}

TEST(DatesTest, Relative) {
  const DateCase cases[] = {
      {"Il est arrivé hier soir.", "hier", "2025-10-13"},
      {"La décision tombera demain.", "demain", "2025-10-15"},
      {"Le ministre a parlé aujourd'hui.", "aujourd'hui", "2025-10-14"},
      {"Le ministre a déclaré vendredi que rien ne change.", "vendredi", "2025-10-10"},
      {"Le conseil se réunira vendredi à Bruxelles.", "vendredi", "2025-10-17"},
      {"Le conseil s'est réuni mardi.", "mardi", "2025-10-14"},
      {"La grève a commencé lundi dernier.", "lundi dernier", "2025-10-13"},
      {"Il a démissionné la semaine dernière.", "la semaine dernière", "2025-W41"},
      {"Les résultats arrivent le mois prochain.", "le mois prochain", "2025-11"},
      {"Les prix monteront l'an prochain.", "l'an prochain", "2026"},
      {"Le déficit baissera cette année.", "cette année", "2025"},
      {"Le texte a été voté il y a trois jours.", "il y a trois jours", "2025-10-11"},
      {"Il a été élu il y a deux ans.", "il y a deux ans", "2023-10-14"},
      {"Le chantier a pris du retard l'été dernier.", "l'été dernier", "2025-06-21/2025-09-22"},
  };
  Check(cases, std::size(cases), CivilDate{2025, 10, 14});
}

// The verb near a weekday sets its tense: the imperfect ("-ait", "-aient",
// also "-arait", "-orait") is past; the conditional ("devrait",
// "pourraient": "-rait", "-raient") looks ahead, and is no past cue.
TEST(DatesTest, ImperfectAndConditional) {
  const DateCase cases[] = {
      {"Le syndicat préparait vendredi une nouvelle grève.", "vendredi", "2025-10-10"},
      {"Les élus déclaraient vendredi leur opposition.", "vendredi", "2025-10-10"},
      {"Les salariés manifestaient vendredi devant le siège.", "vendredi", "2025-10-10"},
      {"Le ministre devrait annoncer vendredi un plan.", "vendredi", "2025-10-17"},
      {"Les deux partis pourraient signer vendredi un accord.", "vendredi", "2025-10-17"},
  };
  Check(cases, std::size(cases), CivilDate{2025, 10, 14});
}

TEST(DatesTest, Periods) {
  const DateCase cases[] = {
      {"Le crédit a été supprimé fin septembre.", "fin septembre", "2025-09-21/2025-09-30"},
      {"Les travaux reprendront début 2026.", "début 2026", "2026-01/2026-03"},
      {"La reprise est attendue mi-2026.", "mi-2026", "2026-06/2026-07"},
      {"Les ventes ont chuté au troisième trimestre.", "troisième trimestre", "2025-Q3"},
      {"Le groupe a publié ses comptes du T2 2025 en baisse.", "T2 2025", "2025-Q2"},
      {"Une perte au 3T a été annoncée.", "3T", "2025-Q3"},
      {"Le premier semestre 2024 a été bon.", "premier semestre 2024", "2024-01/2024-06"},
      {"Le festival aura lieu du 10 au 14 juillet 2026.", "10 au 14 juillet 2026",
       "2026-07-10/2026-07-14"},
      {"Il sera fermé entre le 3 et le 9 novembre.", "3 et le 9 novembre", "2025-11-03/2025-11-09"},
      {"Les cours ont grimpé de 2015 à 2019.", "2015 à 2019", "2015/2019"},
  };
  Check(cases, std::size(cases), CivilDate{2025, 10, 14});
}

TEST(DatesTest, WithoutReference) {
  const DateCase cases[] = {
      {"Le rapport sera présenté le 21 octobre.", "21 octobre", "--10-21"},
      {"Le patron a parlé mardi.", "mardi", ""},
      {"La dette augmentera l'an prochain.", "l'an prochain", ""},
      {"Il est rentré en janvier.", "janvier", ""},
      {"Les ventes ont été publiées en 2024.", "2024", "2024"},
  };
  Check(cases, std::size(cases), std::nullopt);
}

TEST(DatesTest, YearAroundNewYear) {
  // A month far ahead of the reference is last year's; far behind, next year's.
  auto a = FindDates("Les soldes de décembre ont déçu.", CivilDate{2026, 1, 10});
  ASSERT_EQ(a.size(), 1u);
  EXPECT_EQ(a[0].value, "2025-12");
  auto b = FindDates("Le salon ouvrira le 15 janvier.", CivilDate{2025, 12, 2});
  ASSERT_EQ(b.size(), 1u);
  EXPECT_EQ(b[0].value, "2026-01-15");
}

TEST(DatesTest, NotDates) {
  for (const char* s : {"Le 32 août 2014 n'existe pas.", "Le 29 février 2023 non plus.",
                        "Il a recruté 2000 personnes.", "Le taux est de 3,5%.",
                        "La planète Mars est rouge.", "Il y a 1500 salariés.",
                        "Le match s'est fini sur le score de 3-1.", "Il a mangé 1/4 du gâteau.",
                        "Elle est, aujourd'hui encore, à la tête du groupe.",
                        "La puce H800 de Nvidia.", "Le 16e arrondissement."}) {
    auto found = FindDates(s);
    EXPECT_TRUE(found.empty()) << s << " → " << (found.empty() ? "" : found[0].text);
  }
}

// Counts of years or months beyond any calendar keep their span but get no
// value; before, "il y a 14 000 ans" printed a day of year -11975 and larger
// counts indexed the month table out of bounds.
TEST(DatesTest, AgoBeyondTheCalendarHasNoValue) {
  const DateCase cases[] = {
      {"Il y a 20000 ans, la mer était plus basse.", "Il y a 20000 ans", ""},
      {"Il y a 100000000000000000000000 ans.", "Il y a 100000000000000000000000 ans", ""},
      {"Il y a 3000 mois, déjà.", "Il y a 3000 mois", "1775-01-14"},
  };
  Check(cases, std::size(cases), CivilDate{2025, 1, 14});
}

}  // namespace
}  // namespace depeche
