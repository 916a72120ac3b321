// Tests of the PER/ORG/LOC matcher on sentences written for these tests.
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <string>
#include <utility>
#include <vector>

#include "depeche/document.h"
#include "depeche/entities.h"
#include "depeche/pipeline.h"
#include "depeche/resources.h"
#include "names_lexicon.h"

namespace depeche {
namespace {

DataPaths TestPaths() { return DataPaths({DEPECHE_SOURCE_DATA_DIR, DEPECHE_BUILD_DATA_DIR}); }

const NameMatcher& Matcher() {
  static const NameMatcher* m = [] {
    auto r = NameMatcher::Load(TestPaths(), {});
    EXPECT_TRUE(r.ok()) << r.status().message();
    return r.ok() ? std::move(r).value().release() : nullptr;
  }();
  return *m;
}

struct Found {
  std::string text, type, value;
};

std::vector<Found> FindNames(const NameMatcher& m, const std::string& text) {
  Document doc;
  doc.original = text;
  PrepareDocument(&doc, /*single_article=*/true);
  std::vector<Entity> out;
  m.Find(doc, 0, {}, &out);
  std::vector<Found> found;
  for (const Entity& e : out) {
    found.push_back({std::string(doc.Text(e.span)), EntityTypeName(e.type), e.value});
  }
  return found;
}

std::string Show(const std::vector<Found>& f) {
  std::string s;
  for (const Found& x : f) s += "[" + x.text + "|" + x.type + "|" + x.value + "] ";
  return s;
}

// Expected mentions: "text/TYPE" or "text/TYPE=value".
struct Case {
  const char* text;
  std::vector<std::string> expected;
  std::vector<std::string> absent = {};  // texts that must not be names
};

class NamesTableTest : public ::testing::TestWithParam<Case> {};

TEST_P(NamesTableTest, FindsNames) {
  const Case& c = GetParam();
  std::vector<Found> found = FindNames(Matcher(), c.text);
  for (const std::string& exp : c.expected) {
    size_t slash = exp.rfind('/');
    std::string text = exp.substr(0, slash);
    std::string rest = exp.substr(slash + 1);
    std::string type = rest.substr(0, 3);
    std::string value = rest.size() > 4 ? rest.substr(4) : "";
    bool ok = false;
    for (const Found& f : found) {
      if (f.text == text && f.type == type && (value.empty() || f.value == value)) ok = true;
    }
    EXPECT_TRUE(ok) << "missing " << exp << " in: " << c.text << "\n got: " << Show(found);
  }
  for (const std::string& no : c.absent) {
    for (const Found& f : found) EXPECT_NE(f.text, no) << c.text << "\n got: " << Show(found);
  }
}

INSTANTIATE_TEST_SUITE_P(
    Sentences, NamesTableTest,
    ::testing::Values(
        Case{"Selon Marie Dubois, la hausse va durer.", {"Marie Dubois/PER"}, {"Selon"}},
        Case{"La société a été reçue par Mme Lefranc mardi.", {"Lefranc/PER"}, {"La", "Mme Lefranc"}},
        Case{"Le gouverneur de la Banque de France a parlé à Lyon.",
             {"Banque de France/ORG", "Lyon/LOC"}, {"France", "Le"}},
        Case{"Antoine Marchal, directeur de l'Institut Delorme pour la recherche agricole, a démissionné.",
             {"Antoine Marchal/PER", "Institut Delorme pour la recherche agricole/ORG"}},
        Case{"Le ministre de l'Industrie Paul Verdier est arrivé en Allemagne.",
             {"Paul Verdier/PER", "Allemagne/LOC"}, {"Industrie", "Industrie Paul Verdier"}},
        Case{"Le Fonds monétaire international (FMI) a revu sa prévision. Le FMI reste prudent.",
             {"Fonds monétaire international/ORG", "FMI/ORG=Fonds monétaire international"}},
        Case{"Jean-Luc Perrin a été élu. M. Perrin a remercié ses électeurs.",
             {"Jean-Luc Perrin/PER", "Perrin/PER=Jean-Luc Perrin"}, {"M. Perrin"}},
        Case{"Les Chinois et les Américains négocient au Japon.", {"Japon/LOC"}, {"Chinois", "Américains", "Les"}},
        Case{"Le constructeur Voltrix Motors a racheté Brindle. Le patron de Voltrix Motors, "
             "Omar Haddad, est satisfait.",
             {"Voltrix Motors/ORG", "Omar Haddad/PER"}},
        Case{"Une délégation s'est rendue en Arabie saoudite puis à Moscou.",
             {"Arabie saoudite/LOC", "Moscou/LOC"}},
        Case{"La Commission européenne a sanctionné la start-up QuantiX.",
             {"Commission européenne/ORG", "QuantiX/ORG"}},
        Case{"Le rapport de Charles Durand-Lemoine, 52 ans, a été publié.", {"Charles Durand-Lemoine/PER"}},
        Case{"Il a rencontré Lucie Brochard de Villiers à Genève.", {"Genève/LOC"}},
        Case{"Le PIB a progressé selon l'Insee.", {}, {"PIB"}},
        Case{"Le groupe Orvane Networks a annoncé des pertes. Selon ON, la reprise viendra.",
             {"Orvane Networks/ORG", "ON/ORG=Orvane Networks"}},
        Case{"Le fondateur de Zentrix, Paul Moreau, a vendu ses parts.", {"Zentrix/ORG", "Paul Moreau/PER"}},
        Case{"Le maire de Lyon a inauguré la rue Garibaldi.", {"Lyon/LOC", "rue Garibaldi/LOC"}},
        Case{"Le ministère de la santé a publié un avis.", {"ministère de la santé/ORG"}},
        Case{"Elle a rencontré Mme van der Berg à Bruxelles.", {"van der Berg/PER", "Bruxelles/LOC"}},
        Case{"L'Etat a cédé ses parts. Internet a changé la donne.", {}, {"Etat", "L'Etat", "Internet"}},
        Case{"Les Lyonnais et les Marseillais se sont affrontés.", {}, {"Lyonnais", "Marseillais"}},
        Case{"Des ouvrières de l'usine de Saint-Nazaire ont manifesté.", {"Saint-Nazaire/LOC"}},
        Case{"Ils ont reçu Jeanne Morel, Bastien Carrel et Kervella au siège.",
             {"Jeanne Morel/PER", "Bastien Carrel/PER", "Kervella/PER"}},
        Case{"Les industries culturelles et créatives (ICC) recrutent.", {}, {"ICC"}},
        // A first word that is also a common word ("sonne") is a name when the
        // article names the person in full elsewhere.
        Case{"La chercheuse Sonne Kavalek a présenté ses travaux. Sonne Kavalek a conclu.",
             {"Sonne Kavalek/PER"}, {"Kavalek"}},
        Case{"Le Conseil de sécurité des Nations unies se réunit mardi.",
             {"Conseil de sécurité/ORG", "Nations unies/ORG"}},
        Case{"PARIS - Le Premier ministre a reçu Mme Kessler.", {"Kessler/PER"}, {"Premier"}},
        Case{"L'Agence régionale des ports (ARP) a fermé un quai. Plus tard, l'ARP a rouvert.",
             {"Agence régionale des ports/ORG", "ARP/ORG=Agence régionale des ports"}},
        Case{"Le président brésilien Tavares Quintela a promulgué la loi.", {"Tavares Quintela/PER"}},
        Case{"Le Colonel Vauquier a rencontré les dirigeants de General Electric.",
             {"Vauquier/PER", "General Electric/ORG"}, {"Colonel Vauquier"}},
        Case{"La réunion s'est tenue au Parlement Et la séance a duré.", {"Parlement/ORG"}, {"Parlement Et"}},
        Case{"Le chancelier Karl Westhoff est arrivé à Vienne. Westhoff a salué la foule.",
             {"Karl Westhoff/PER", "Westhoff/PER=Karl Westhoff", "Vienne/LOC"}}));

TEST(NamesTest, DatelineIsAPlace) {
  Document doc;
  doc.original = "MARSEILLE: La mairie a voté le budget.";
  PrepareDocument(&doc, true);
  ASSERT_FALSE(doc.articles.empty());
  doc.articles[0].dateline = Span{0, 9};
  std::vector<Entity> out;
  Matcher().Find(doc, 0, {}, &out);
  ASSERT_FALSE(out.empty());
  EXPECT_EQ(doc.Text(out[0].span), "MARSEILLE");
  EXPECT_EQ(out[0].type, EntityType::kLocation);
  EXPECT_EQ(out[0].value, "Marseille");
}

TEST(NamesTest, UserLexicon) {
  std::string path = ::testing::TempDir() + "/names_user.tsv";
  {
    std::ofstream f(path);
    f << "# mine\nCafé Lumière\tORG\nZorbul\tLOC\n";
  }
  auto m = NameMatcher::Load(TestPaths(), {path});
  ASSERT_TRUE(m.ok()) << m.status().message();
  std::vector<Found> f = FindNames(**m, "Le Café Lumière ouvre une boutique à côté de Zorbul.");
  EXPECT_NE(Show(f).find("[Café Lumière|ORG|Café Lumière]"), std::string::npos) << Show(f);
  EXPECT_NE(Show(f).find("[Zorbul|LOC|Zorbul]"), std::string::npos) << Show(f);
  std::remove(path.c_str());
}

TEST(NamesTest, BadUserLexiconIsAnError) {
  std::string path = ::testing::TempDir() + "/names_bad.tsv";
  {
    std::ofstream f(path);
    f << "Quelqu'un\tXYZ\n";
  }
  auto m = NameMatcher::Load(TestPaths(), {path});
  EXPECT_FALSE(m.ok());
  std::remove(path.c_str());
}

TEST(NamesTest, RespectsTakenSpans) {
  Document doc;
  doc.original = "Il viendra Mardi Gras à Nantes.";
  PrepareDocument(&doc, true);
  std::vector<Entity> taken(1);
  taken[0].type = EntityType::kDate;
  taken[0].span = Span{11, 21};
  std::vector<Entity> out;
  Matcher().Find(doc, 0, taken, &out);
  for (const Entity& e : out) EXPECT_TRUE(e.span.end <= 11 || e.span.begin >= 21);
}

// The matcher builds the key of a phrase of plain tokens from FoldToken and
// FoldGap (RuleNameMatcher::PhraseKey): for every token range that key must
// be exactly the one AppendFoldedPhrase gives the whole phrase text.
std::string KeyFromTokenFolds(std::string_view text, const std::vector<Token>& tok, size_t b, size_t e) {
  std::string buf(3 * (tok[e - 1].span.end - tok[b].span.begin) + 16, '\0');  // FoldToken's room
  char* const start = buf.data();
  char* q = start;
  for (size_t k = b; k < e; ++k) {
    const Span sp = tok[k].span;
    if (k > b) {
      const uint32_t prev = tok[k - 1].span.end;
      if (sp.begin == prev + 1 && text[prev] == ' ') {
        *q++ = ' ';
      } else if (sp.begin != prev) {
        q = detail::FoldGap(text, prev, sp.begin, q);
      }
    }
    q = detail::FoldToken(text, sp, q);
  }
  buf.resize(static_cast<size_t>(q - start));
  return buf;
}

TEST(NamesFoldTest, TokenFoldsJoinedMatchPhraseFolding) {
  const std::vector<std::string> texts = {
      "Le Président ÉMILE Zola visite Saint-Étienne-du-Rouvray.",
      "L\u2019Œuvre   de\tJosé\n\nÆlfric à l'Isère, 14 000 euros (Ünal).",
      "ΑΘΗΝΑ et Москва, 東京 : « İstanbul » — ǅemal ẞ \xC3 fin\xFF.",
      "  Début: M. Dupont-Aignan, Mme de La Tour d\u2019Auvergne…  ",
  };
  for (const std::string& text : texts) {
    Document doc;
    doc.original = text;
    PrepareDocument(&doc, /*single_article=*/true);
    const std::string_view t = doc.text.view();
    for (size_t b = 0; b < doc.tokens.size(); ++b) {
      for (size_t e = b + 1; e <= doc.tokens.size() && e <= b + 6; ++e) {
        bool plain = true;  // PhraseKey folds other ranges as a whole
        for (size_t k = b; k < e; ++k) plain = plain && detail::IsPlainToken(t, doc.tokens[k].span);
        if (!plain) continue;
        std::string want;
        Span span{doc.tokens[b].span.begin, doc.tokens[e - 1].span.end};
        detail::AppendFoldedPhrase(t.substr(span.begin, span.size()), &want);
        EXPECT_EQ(KeyFromTokenFolds(t, doc.tokens, b, e), want) << text << " tokens " << b << ".." << e;
      }
    }
  }
}

TEST(NamesFoldTest, EndFlagsBoundTheCuesEndingWithASuffix) {
  // A superset of the cue flags of the keys ending with a suffix (a
  // filter: it never misses one), kEndFiltered before the filters exist.
  detail::NameTable table;
  EXPECT_EQ(table.EndFlags(detail::FilterHash("ville de")), detail::kEndFiltered);
  table.Upsert("la ville de").flags |= detail::kLocCue;
  table.Upsert("ministre").flags |= detail::kRole;
  table.Upsert("groupe").flags |= detail::kOrgCue | detail::kOrgHead;
  table.Upsert("paris").flags |= detail::kCity;
  table.BuildAffixFilters(detail::kPlace, detail::kEndFiltered, detail::kParticle);
  for (std::string_view suffix : {"la ville de", "ville de", " de", "de", "e"}) {
    EXPECT_NE(table.EndFlags(detail::FilterHash(suffix)) & detail::kLocCue, 0u) << suffix;
  }
  EXPECT_NE(table.EndFlags(detail::FilterHash("nistre")) & detail::kRole, 0u);
  EXPECT_EQ(table.EndFlags(detail::FilterHash("groupe")) & (detail::kOrgCue | detail::kOrgHead),
            detail::kOrgCue | detail::kOrgHead);
  EXPECT_EQ(table.EndFlags(detail::FilterHash("paris")) & ~detail::kEndFiltered, 0u);  // only cue flags
  int none = 0;  // most other suffixes end no cue
  for (int i = 0; i < 1000; ++i) none += table.EndFlags(detail::FilterHash("mot " + std::to_string(i))) == 0;
  EXPECT_GT(none, 950);
}

TEST(NamesFoldTest, HashTablesFindWhatWasAdded) {
  detail::NameTable table;
  for (int i = 0; i < 5000; ++i) table.Upsert("nom " + std::to_string(i)).flags = static_cast<uint32_t>(i + 1);
  table.Upsert("nom 7").flags |= 1u << 30;
  for (int i = 0; i < 5000; ++i) {
    const detail::NameInfo* n = table.Find("nom " + std::to_string(i));
    ASSERT_NE(n, nullptr) << i;
    EXPECT_EQ(n->flags & 0xFFFF, static_cast<uint32_t>(i + 1));
  }
  EXPECT_NE(table.Find("nom 7")->flags & (1u << 30), 0u);
  EXPECT_EQ(table.Find("nom 5000"), nullptr);
  EXPECT_EQ(table.Find(""), nullptr);

  std::string path = ::testing::TempDir() + "/names_common.txt";
  {
    std::ofstream f(path);
    f << "# comment\nabeille\tn\nrapide\ta\nrapide\tn\nmanger\tv\nsans\n\n\tg\nélan\tnx";
  }
  detail::CommonWords words;
  ASSERT_TRUE(words.Load(path).ok());
  EXPECT_EQ(words.Find("abeille"), detail::kNoun);
  EXPECT_EQ(words.Find("rapide"), detail::kNoun | detail::kAdjective);  // listed twice
  EXPECT_EQ(words.Find("manger"), detail::kVerb);
  EXPECT_EQ(words.Find("sans"), detail::kOtherWord);
  EXPECT_EQ(words.Find("élan"), detail::kNoun | detail::kOtherWord);  // last line, no newline
  EXPECT_EQ(words.Find(""), detail::kFunctionWord);                    // the "\tg" line
  EXPECT_EQ(words.Find("abeilles"), 0);
  EXPECT_EQ(words.Find("# comment"), 0);
  EXPECT_FALSE(words.Load(path + ".missing").ok());
  std::remove(path.c_str());
}

}  // namespace
}  // namespace depeche
