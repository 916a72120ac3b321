// Tests of the extractive summarizer: term hashing, feature extraction on
// hand-built articles, ranking, MMR and the body-only rule.
#include "depeche/summarize.h"

#include <gtest/gtest.h>
#include <libstemmer.h>
#include <utf8proc.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <memory>
#include <string>
#include <unordered_set>
#include <utility>
#include <vector>

#include "depeche/document.h"
#include "depeche/resources.h"
#include "depeche/tokenize.h"
#include "summarize_features.h"

namespace depeche {
namespace {

using detail::ArticleFeatures;
using detail::CandidateFeatures;
using detail::SummaryWeights;

DataPaths TestPaths() { return DataPaths({DEPECHE_SOURCE_DATA_DIR}); }

// Builds a one-article document from (kind, text) parts. Each part is its own
// line; a part is split into sentences after ". " so tests do not depend on
// the sentence splitter.
Document MakeArticle(const std::vector<std::pair<PartKind, std::string>>& parts,
                     std::vector<Entity> entities = {}) {
  Document doc;
  for (const auto& [kind, text] : parts) doc.original += text + "\n";
  doc.text = NormalizedText::Build(doc.original);
  Article art;
  art.span = {0, doc.text.size()};
  uint32_t offset = 0;
  for (const auto& [kind, text] : parts) {
    const uint32_t part_index = static_cast<uint32_t>(art.parts.size());
    const uint32_t end = offset + static_cast<uint32_t>(text.size());
    art.parts.push_back({kind, {offset, end}, false});
    if (kind == PartKind::kTitle && art.title.empty()) art.title = {offset, end};
    uint32_t begin = offset;
    while (begin < end) {
      size_t dot = doc.text.str().find(". ", begin);
      uint32_t stop = (dot == std::string::npos || dot >= end) ? end : static_cast<uint32_t>(dot + 1);
      Sentence s;
      s.span = {begin, stop};
      s.token_begin = static_cast<uint32_t>(doc.tokens.size());
      Tokenize(doc.text.view(), s.span, &doc.tokens);
      s.token_end = static_cast<uint32_t>(doc.tokens.size());
      s.article = 0;
      s.part = part_index;
      doc.sentences.push_back(s);
      begin = stop;
      while (begin < end && doc.text.str()[begin] == ' ') ++begin;
    }
    offset = end + 1;
  }
  doc.articles.push_back(art);
  doc.entities = std::move(entities);
  return doc;
}

// Entity over the first occurrence of `needle` in the document.
Entity At(const Document& doc, const std::string& needle, EntityType type, std::string value = "") {
  Entity e;
  e.type = type;
  size_t at = doc.text.str().find(needle);
  EXPECT_NE(at, std::string::npos) << needle;
  e.span = {static_cast<uint32_t>(at), static_cast<uint32_t>(at + needle.size())};
  e.value = value.empty() ? needle : value;
  return e;
}

std::string SentenceText(const Document& doc, uint32_t i) {
  return std::string(doc.Text(doc.sentences[i].span));
}

TEST(SummarizeLowercase, Table) {
  const std::pair<const char*, const char*> cases[] = {
      {"État", "état"}, {"ÉCOLE", "école"}, {"Noël", "noël"},
      {"PARIS", "paris"}, {"ça", "ça"}, {"Œuvre", "œuvre"},
  };
  std::string out;
  for (const auto& [in, want] : cases) {
    detail::Lowercase(in, &out);
    EXPECT_EQ(out, want) << in;
  }
}

// Lowercase maps U+0080 to U+00FF itself: the same as utf8proc's simple
// lowercase for every one of them, alone and amid other text.
TEST(SummarizeLowercase, Latin1MatchesUtf8proc) {
  std::string out;
  for (utf8proc_int32_t cp = 0x80; cp <= 0xFF; ++cp) {
    utf8proc_uint8_t in[4], want[4];
    const auto n = utf8proc_encode_char(cp, in);
    const auto m = utf8proc_encode_char(utf8proc_tolower(cp), want);
    const std::string c(reinterpret_cast<const char*>(in), static_cast<size_t>(n));
    const std::string lower(reinterpret_cast<const char*>(want), static_cast<size_t>(m));
    detail::Lowercase(c, &out);
    EXPECT_EQ(out, lower) << cp;
    detail::Lowercase("Ȧ" + c + "X" + c + "\xC3", &out);  // with utf8proc's path, an invalid byte
    EXPECT_EQ(out, "ȧ" + lower + "x" + lower + "\xC3") << cp;
  }
  detail::Lowercase("ȺȺ", &out);  // lowercases to longer bytes
  EXPECT_EQ(out, "ⱥⱥ");
}

TEST(SummarizeTerms, StemsAndStopWords) {
  auto summarizer = Summarizer::Load(TestPaths());
  ASSERT_TRUE(summarizer.ok()) << summarizer.status().message();
  std::unordered_set<uint64_t> stop = {detail::HashBytes("les"), detail::HashBytes("de")};
  detail::TermHasher hasher;
  hasher.set_stop_words(&stop);
  Document doc = MakeArticle({{PartKind::kParagraph,
                               "Les présidents président Présidente de l'usine 2024 2024"}});
  std::vector<uint64_t> terms;
  for (const Token& t : doc.tokens) terms.push_back(hasher.Term(doc, t));
  ASSERT_EQ(doc.tokens.size(), 9u);
  EXPECT_EQ(terms[0], 0u);                // stop word, capitalized
  EXPECT_NE(terms[1], 0u);
  EXPECT_EQ(terms[1], terms[2]);          // présidents / président
  EXPECT_EQ(terms[3], terms[2]);          // Présidente
  EXPECT_EQ(terms[4], 0u);                // de
  EXPECT_EQ(terms[5], 0u);                // l' (elision)
  EXPECT_NE(terms[6], 0u);                // usine
  EXPECT_EQ(terms[7], terms[8]);          // numbers are terms too
  EXPECT_NE(terms[7], 0u);
}

// The term cache keys words by their bytes (up to 8 bytes: the bytes
// themselves; up to 16: the first and last 8; beyond: a hash), with the kind
// and the elision flag: a cached answer must be the one computed afresh.
TEST(SummarizeTerms, CachedAnswersMatchFreshOnes) {
  auto summarizer = Summarizer::Load(TestPaths());
  ASSERT_TRUE(summarizer.ok()) << summarizer.status().message();
  std::unordered_set<uint64_t> stop = {detail::HashBytes("les"), detail::HashBytes("de")};
  // Words of every length up to 30 that differ in one byte, in case, or by
  // an elision; numbers of the same lengths.
  std::string text;
  for (size_t len = 1; len <= 30; ++len) {
    for (size_t at = 0; at < len; ++at) {
      std::string w(len, 'e');
      w[at] = 'r';
      text += w + " " + w + "s " + "L" + w + " l'" + w + " " + std::string(len, '7') + " ";
      text += std::string(at, '1') + "2" + std::string(len - at - 1, '1') + " ";
    }
  }
  text += "les Les de président présidents";
  // Two 16-byte forms whose old cache key, a hash of their first and last 8
  // bytes, was the same: the second got the first's term.
  text += " khjdotewLstMMPVc constitutionnels";
  Document doc = MakeArticle({{PartKind::kParagraph, text}});
  detail::TermHasher shared;
  shared.set_stop_words(&stop);
  for (int pass = 0; pass < 2; ++pass) {  // the second pass hits the cache
    for (const Token& t : doc.tokens) {
      detail::TermHasher fresh;
      fresh.set_stop_words(&stop);
      ASSERT_EQ(shared.Term(doc, t), fresh.Term(doc, t)) << doc.Text(t);
      ASSERT_EQ(shared.LowerHash(doc.text.view(), t), fresh.LowerHash(doc.text.view(), t))
          << doc.Text(t);
    }
  }
}

// Words of ASCII and Latin-1 letters are stemmed by the Latin-1 build of
// the Snowball French stemmer (faster), the others by the UTF-8 one: the
// terms must be the UTF-8 stemmer's either way.
TEST(SummarizeTerms, StemsAreTheUtf8StemmersWhateverTheEncodingUsed) {
  std::unordered_set<uint64_t> stop;
  detail::TermHasher hasher;
  hasher.set_stop_words(&stop);
  sb_stemmer* utf8 = sb_stemmer_new("french", "UTF_8");
  ASSERT_NE(utf8, nullptr);
  const std::string text =
      "élèves élève présidentielle Présidentielles fenêtres naïveté aïeux noël Noëlle "
      "maïs ambiguë ambigüe françaises Ça garçon hôpitaux châteaux où déjà sûrement "
      "mangeaient finîmes crûment œuvres cœur sœurs bœufs Œdipe ÿ straße ×÷ "
      "ανθρωπος москва naïfs guérissaient aujourd'hui";
  Document doc = MakeArticle({{PartKind::kParagraph, text}});
  size_t stemmed = 0;
  for (const Token& t : doc.tokens) {
    if (t.kind != TokenKind::kWord || t.has(kElision)) continue;
    std::string lower;
    detail::Lowercase(doc.Text(t), &lower);
    if (lower.size() < 2) continue;
    const sb_symbol* stem = sb_stemmer_stem(utf8, reinterpret_cast<const sb_symbol*>(lower.data()),
                                            static_cast<int>(lower.size()));
    ASSERT_NE(stem, nullptr);
    const std::string expected(reinterpret_cast<const char*>(stem),
                               static_cast<size_t>(sb_stemmer_length(utf8)));
    EXPECT_EQ(hasher.Term(doc, t), detail::TermHasher::StemTerm(expected)) << lower;
    ++stemmed;
  }
  EXPECT_GT(stemmed, 30u);
  sb_stemmer_delete(utf8);
}

// Compute's one-pass path for words of ASCII and Latin-1 letters (lowercase
// hash, Latin-1 stem, term hashed from it) gives what the general path
// does: Lowercase, HashBytes, the UTF-8 stemmer, StemTerm. Also on its
// edges: a letter that is not one (×, ÷, ß, ÿ), one-character words,
// truncated or invalid sequences, the longest word it takes and longer.
TEST(SummarizeTerms, Latin1PathMatchesTheGeneralOne) {
  std::unordered_set<uint64_t> stop = {detail::HashBytes("les"), detail::HashBytes("à")};
  sb_stemmer* utf8 = sb_stemmer_new("french", "UTF_8");
  ASSERT_NE(utf8, nullptr);
  std::vector<std::string> words = {
      "ÉLÈVES", "Élève", "À", "à", "É", "é", "a", "Les", "LES", "×", "a×b", "÷", "Þorn", "ßa",
      "ÿ", "Ÿ", "Œuvre", "«", "naïveté", "NAÏVETÉ", "ÀÁÂÃÄÅÆÇÈÉÊËÌÍÎÏÐÑÒÓÔÕÖØÙÚÛÜÝÞ",
      "àáâãäåæçèéêëìíîïðñòóôõöøùúûüýþÿ", "\xC3", "ab\xC3", "\xC3" "A", "ab\xC3\xC3", "\x80",
      "ab\xFF", "Straße", "gouvernementales"};
  for (size_t len : {63, 64, 65}) {
    words.push_back(std::string(len, 'e'));
    words.push_back("É" + std::string(len - 2, 'E'));
  }
  for (const std::string& word : words) {
    for (const uint8_t flags : {uint8_t{0}, uint8_t{kElision}}) {
      detail::TermHasher hasher;  // fresh: Compute, not the cache
      hasher.set_stop_words(&stop);
      const Token token{{0, static_cast<uint32_t>(word.size())}, TokenKind::kWord, flags};
      const detail::TermHasher::Entry& e = hasher.Lookup(word, token);
      std::string lower;
      detail::Lowercase(word, &lower);
      EXPECT_EQ(e.lower_hash, detail::HashBytes(lower)) << word;
      uint64_t term = 0;
      if (flags == 0 && stop.count(detail::HashBytes(lower)) == 0 && lower.size() >= 2) {
        const sb_symbol* stem = sb_stemmer_stem(
            utf8, reinterpret_cast<const sb_symbol*>(lower.data()), static_cast<int>(lower.size()));
        ASSERT_NE(stem, nullptr);
        term = detail::TermHasher::StemTerm(std::string_view(
            reinterpret_cast<const char*>(stem), static_cast<size_t>(sb_stemmer_length(utf8))));
      }
      EXPECT_EQ(e.term, term) << word << " " << int{flags};
    }
  }
  sb_stemmer_delete(utf8);
}

// A word of up to 8 bytes is keyed by one 8-byte load, the bytes past it
// masked off, or byte by byte near the end of its buffer: the same form finds
// the same cache entry either way, whatever bytes follow it.
TEST(SummarizeTerms, ShortWordsKeyedAlikeAnywhereInTheBuffer) {
  std::unordered_set<uint64_t> stop = {detail::HashBytes("de")};
  detail::TermHasher hasher;
  hasher.set_stop_words(&stop);
  const std::vector<std::string> tails = {" usines et", "XXXXXXXXX", std::string(9, '\0')};
  for (const std::string word : {"a", "de", "usine", "usines", "pétrole", "12345678"}) {
    const Token token{{0, static_cast<uint32_t>(word.size())},
                      word[0] == '1' ? TokenKind::kNumber : TokenKind::kWord, 0};
    // An exact-size buffer, on the heap (a read past it would show under
    // the sanitizers): the byte-by-byte key.
    auto exact = std::make_unique<char[]>(word.size());
    std::memcpy(exact.get(), word.data(), word.size());
    const detail::TermHasher::Entry* at_end =
        &hasher.Lookup(std::string_view(exact.get(), word.size()), token);
    for (const std::string& tail : tails) {
      const std::string text = word + tail;
      // A hit on the same slot (a miss would insert a second entry).
      EXPECT_EQ(&hasher.Lookup(text, token), at_end) << word;
    }
  }
}

// Every form of a term gets the same dense term index, distinct terms
// distinct ones, below term_count(); ResetTermIndices starts them over.
TEST(SummarizeTerms, TermIndicesAreDensePerTerm) {
  std::unordered_set<uint64_t> stop = {detail::HashBytes("de")};
  Document doc = MakeArticle({{PartKind::kParagraph, "présidents président usine de usines 2024"}});
  detail::TermHasher hasher;
  hasher.set_stop_words(&stop);
  EXPECT_EQ(hasher.term_count(), 0u);
  std::vector<detail::TermHasher::Entry> e;
  for (const Token& t : doc.tokens) e.push_back(hasher.Lookup(doc.text.view(), t));
  ASSERT_EQ(e.size(), 6u);
  EXPECT_EQ(e[3].term, 0u);  // de
  EXPECT_EQ(e[0].term_index, e[1].term_index);
  EXPECT_EQ(e[2].term_index, e[4].term_index);
  EXPECT_NE(e[0].term_index, e[2].term_index);
  EXPECT_NE(e[5].term_index, e[0].term_index);
  EXPECT_NE(e[5].term_index, e[2].term_index);
  EXPECT_EQ(hasher.term_count(), 3u);
  for (size_t k : {0, 2, 5}) EXPECT_LT(e[k].term_index, 3u);
  hasher.ResetTermIndices();
  EXPECT_EQ(hasher.term_count(), 0u);
  EXPECT_EQ(hasher.Lookup(doc.text.view(), doc.tokens[5]).term_index, 0u);
}

// Features by hand: Rank alone.
ArticleFeatures Features(std::vector<CandidateFeatures> cands, std::vector<float> sim = {}) {
  ArticleFeatures f;
  for (uint32_t i = 0; i < cands.size(); ++i) {
    cands[i].sentence = 10 + i;
    cands[i].rank = i;
    if (cands[i].words == 0) cands[i].words = 20;
  }
  f.candidates = std::move(cands);
  const size_t n = f.candidates.size();
  if (sim.empty()) {
    sim.assign(n * n, 0.0f);
    for (size_t i = 0; i < n; ++i) sim[i * n + i] = 1.0f;
  }
  f.similarity = std::move(sim);
  return f;
}

SummaryWeights FlatWeights() {
  SummaryWeights w;
  w.position = 0;
  w.paragraph_start = 0;
  return w;
}

TEST(SummarizeRank, TiesGoToTheEarlierSentence) {
  ArticleFeatures f = Features({{}, {}, {}, {}});
  SummaryOptions o;
  o.sentences = 2;
  ArticleSummary s = detail::Rank(f, FlatWeights(), o);
  EXPECT_EQ(s.selected, (std::vector<uint32_t>{10, 11}));
  ASSERT_EQ(s.candidates.size(), 4u);
  EXPECT_TRUE(s.candidates[0].selected);
  EXPECT_FALSE(s.candidates[3].selected);
}

TEST(SummarizeRank, SelectedAreInTextOrder) {
  std::vector<CandidateFeatures> c(5);
  c[4].centrality = 1.0;
  c[1].centrality = 0.5;
  c[3].centrality = 0.8;
  SummaryOptions o;
  o.sentences = 3;
  ArticleSummary s = detail::Rank(Features(c), FlatWeights(), o);
  EXPECT_EQ(s.selected, (std::vector<uint32_t>{11, 13, 14}));
}

TEST(SummarizeRank, SentenceCountAndRatio) {
  struct Case {
    int sentences;
    double ratio;
    size_t candidates;
    size_t want;
  };
  const Case cases[] = {
      {3, 0, 10, 3}, {3, 0, 2, 2}, {0, 0, 5, 0}, {3, 0.25, 10, 3},  // round(2.5) = 3
      {3, 0.5, 10, 5}, {3, 0.01, 10, 1},                            // at least one
      {3, 0.5, 0, 0},
  };
  for (const Case& tc : cases) {
    SummaryOptions o;
    o.sentences = tc.sentences;
    o.ratio = tc.ratio;
    ArticleSummary s =
        detail::Rank(Features(std::vector<CandidateFeatures>(tc.candidates)), FlatWeights(), o);
    EXPECT_EQ(s.selected.size(), tc.want) << tc.sentences << " " << tc.ratio << " " << tc.candidates;
  }
}

TEST(SummarizeRank, LeadPriorFavorsFirstSentences) {
  SummaryWeights w;
  SummaryOptions o;
  o.sentences = 1;
  ArticleSummary s = detail::Rank(Features(std::vector<CandidateFeatures>(6)), w, o);
  EXPECT_EQ(s.selected, (std::vector<uint32_t>{10}));
  EXPECT_GT(s.candidates[0].position, s.candidates[1].position);
  EXPECT_GT(s.candidates[1].position, s.candidates[5].position);
}

TEST(SummarizeRank, LengthPenalizesFragmentsAndLongSentences) {
  std::vector<CandidateFeatures> c(3);
  c[0].words = 3;
  c[1].words = 20;
  c[2].words = 120;
  ArticleSummary s = detail::Rank(Features(c), FlatWeights(), SummaryOptions{1, 0});
  EXPECT_LT(s.candidates[0].length, 0);
  EXPECT_EQ(s.candidates[1].length, 0);
  EXPECT_LT(s.candidates[2].length, 0);
  EXPECT_EQ(s.selected, (std::vector<uint32_t>{11}));
}

TEST(SummarizeRank, MmrSkipsANearDuplicate) {
  std::vector<CandidateFeatures> c(3);
  c[0].centrality = 1.0;
  c[1].centrality = 0.95;  // says the same as 0
  c[2].centrality = 0.7;
  std::vector<float> sim = {1, 0.9f, 0.1f,  //
                            0.9f, 1, 0.1f,  //
                            0.1f, 0.1f, 1};
  SummaryWeights w = FlatWeights();
  w.mmr = 1.0;
  ArticleSummary s = detail::Rank(Features(c, sim), w, SummaryOptions{2, 0});
  EXPECT_EQ(s.selected, (std::vector<uint32_t>{10, 12}));
  EXPECT_NEAR(s.candidates[1].redundancy, 0.9, 1e-6);
  w.mmr = 0;
  s = detail::Rank(Features(c, sim), w, SummaryOptions{2, 0});
  EXPECT_EQ(s.selected, (std::vector<uint32_t>{10, 11}));
}

TEST(SummarizeRank, ComponentsAddUpToTotal) {
  std::vector<CandidateFeatures> c(2);
  c[0].centrality = 0.4;
  c[0].entities = 1;
  c[0].figures = 1;
  c[0].title = 0.5;
  c[1].words = 2;
  ArticleSummary s = detail::Rank(Features(c), SummaryWeights(), SummaryOptions{});
  for (const SentenceScore& sc : s.candidates) {
    EXPECT_DOUBLE_EQ(sc.total, sc.centrality + sc.position + sc.salience + sc.length);
  }
}

// A small French article of our own, with every kind of part around the body.
Document SampleArticle() {
  return MakeArticle({
      {PartKind::kTitle, "Grève à la SNCF: le trafic des TGV fortement perturbé jeudi"},
      {PartKind::kCaption, "Des voyageurs attendent sur un quai de la gare de Lyon à Paris. (AFP)"},
      {PartKind::kCaption, "Des voyageurs attendent sur un quai de la gare de Lyon à Paris. (AFP)"},
      {PartKind::kShortUrl, "Short Url"},
      {PartKind::kPublished, "Publié le Mercredi 12 mars 2025"},
      {PartKind::kBullet, "Les syndicats de la SNCF réclament une hausse des salaires de 6%"},
      {PartKind::kDateline, "PARIS"},
      {PartKind::kParagraph,
       "PARIS: Le trafic des TGV sera fortement perturbé jeudi en raison d'une grève à la SNCF, "
       "a annoncé la direction mercredi. Seul un train sur trois circulera sur les grandes lignes."},
      {PartKind::kParagraph,
       "Les syndicats de la SNCF réclament une hausse des salaires de 6%. La direction propose 2%."},
      {PartKind::kSubheading, "Un mouvement suivi"},
      {PartKind::kParagraph,
       "Selon la CGT-Cheminots, la grève des TGV pourrait être reconduite vendredi si la "
       "direction de la SNCF ne fait pas de nouvelle offre sur les salaires."},
      {PartKind::kParagraph, "Il fait beau."},
      {PartKind::kParagraph,
       "Le ministre des Transports a appelé la SNCF et les syndicats à reprendre le dialogue "
       "pour éviter une grève longue des TGV pendant les vacances."},
      {PartKind::kCredit, "(AFP)"},
  });
}

TEST(SummarizeArticle, OnlyBodySentencesAreCandidates) {
  Document doc = SampleArticle();
  auto summarizer = Summarizer::Load(TestPaths());
  ASSERT_TRUE(summarizer.ok()) << summarizer.status().message();
  ArticleSummary s = (*summarizer)->Summarize(doc, 0, SummaryOptions{3, 0});
  ASSERT_EQ(s.candidates.size(), 7u);
  for (const SentenceScore& c : s.candidates) {
    const Sentence& st = doc.sentences[c.sentence];
    EXPECT_EQ(doc.articles[0].parts[st.part].kind, PartKind::kParagraph) << SentenceText(doc, c.sentence);
  }
  for (size_t i = 1; i < s.candidates.size(); ++i) {
    EXPECT_LT(s.candidates[i - 1].sentence, s.candidates[i].sentence);
  }
  ASSERT_EQ(s.selected.size(), 3u);
  for (size_t i = 1; i < s.selected.size(); ++i) EXPECT_LT(s.selected[i - 1], s.selected[i]);
  // The lead sentence carries the title's words: it must be picked.
  EXPECT_EQ(s.selected[0], s.candidates[0].sentence);
  // The fragment is never worth a place in a 3-sentence brief.
  for (uint32_t i : s.selected) EXPECT_NE(SentenceText(doc, i), "Il fait beau.");
}

TEST(SummarizeArticle, RepeatedSentencesCountOnce) {
  Document doc = MakeArticle({
      {PartKind::kParagraph, "La mairie de Lille a voté un budget de 900 millions d'euros."},
      {PartKind::kParagraph, "La mairie de Lille a voté un budget de 900 millions d'euros."},
      {PartKind::kParagraph, "Les écoles de la ville recevront une part du budget."},
  });
  auto summarizer = Summarizer::Load(TestPaths());
  ASSERT_TRUE(summarizer.ok());
  ArticleSummary s = (*summarizer)->Summarize(doc, 0, SummaryOptions{3, 0});
  ASSERT_EQ(s.candidates.size(), 2u);
  EXPECT_EQ(s.selected, (std::vector<uint32_t>{0, 2}));
}

TEST(SummarizeArticle, BulletMarksTheBodySentenceItRepeats) {
  Document doc = SampleArticle();
  auto summarizer = Summarizer::Load(TestPaths());
  ASSERT_TRUE(summarizer.ok());
  detail::TermHasher hasher;
  ArticleFeatures f;
  detail::ExtractFeatures(doc, 0, &hasher, &f);
  int highlighted = 0;
  for (const CandidateFeatures& c : f.candidates) {
    if (!c.highlighted) continue;
    ++highlighted;
    EXPECT_EQ(SentenceText(doc, c.sentence),
              "Les syndicats de la SNCF réclament une hausse des salaires de 6%.");
  }
  EXPECT_EQ(highlighted, 1);
}

// TF-IDF vectors: tf = 1 + log(count), also past the table of small counts
// (a word 70 times), idf = 1 + log(candidates / df), made unit length.
TEST(SummarizeArticle, VectorsAreUnitTfIdf) {
  std::string repeated;
  for (int k = 0; k < 70; ++k) repeated += "usine ";
  Document doc = MakeArticle(
      {{PartKind::kParagraph, repeated + "grève. Usine fermée. Train retardé"}});
  detail::TermHasher hasher;
  ArticleFeatures f;
  detail::ExtractFeatures(doc, 0, &hasher, &f);
  ASSERT_EQ(f.candidates.size(), 3u);
  ASSERT_EQ(f.vector_offsets[1], 2u);  // usine, grève
  std::vector<double> got = {f.vectors[0].second, f.vectors[1].second};
  std::sort(got.begin(), got.end());
  const double usine = (1 + std::log(70.0)) * (1 + std::log(3.0 / 2));  // in 2 of 3
  const double greve = 1 + std::log(3.0);                               // in 1 of 3
  const double norm = std::sqrt(usine * usine + greve * greve);
  EXPECT_NEAR(got[0], greve / norm, 1e-6);
  EXPECT_NEAR(got[1], usine / norm, 1e-6);
}

TEST(SummarizeArticle, FeaturesAreInRange) {
  Document doc = SampleArticle();
  doc.entities = {At(doc, "SNCF", EntityType::kOrganization)};
  // Mentions of SNCF in the body, sorted by span as the pipeline keeps them.
  std::vector<Entity> ents;
  size_t at = 0;
  const std::string& text = doc.text.str();
  while ((at = text.find("SNCF", at)) != std::string::npos) {
    Entity e = doc.entities[0];
    e.span = {static_cast<uint32_t>(at), static_cast<uint32_t>(at + 4)};
    ents.push_back(e);
    at += 4;
  }
  size_t jeudi = text.find("jeudi en raison");
  Entity date;
  date.type = EntityType::kDate;
  date.span = {static_cast<uint32_t>(jeudi), static_cast<uint32_t>(jeudi + 5)};
  ents.push_back(date);
  std::sort(ents.begin(), ents.end(),
            [](const Entity& a, const Entity& b) { return a.span.begin < b.span.begin; });
  doc.entities = ents;

  auto summarizer = Summarizer::Load(TestPaths());
  ASSERT_TRUE(summarizer.ok());
  detail::TermHasher hasher;
  ArticleFeatures f;
  detail::ExtractFeatures(doc, 0, &hasher, &f);
  ASSERT_EQ(f.candidates.size(), 7u);
  double max_centrality = 0;
  for (const CandidateFeatures& c : f.candidates) {
    EXPECT_GE(c.centrality, 0);
    EXPECT_LE(c.centrality, 1.0 + 1e-9);
    EXPECT_GE(c.title, 0);
    EXPECT_LE(c.title, 1.0 + 1e-6);
    EXPECT_GE(c.entities, 0);
    EXPECT_LE(c.entities, 1.0 + 1e-9);
    max_centrality = std::max(max_centrality, c.centrality);
  }
  EXPECT_DOUBLE_EQ(max_centrality, 1.0);
  EXPECT_EQ(f.candidates[0].figures, 1.0);  // "jeudi"
  EXPECT_EQ(f.candidates[1].figures, 0.0);
  EXPECT_GT(f.candidates[0].entities, 0.0);  // SNCF
  EXPECT_EQ(f.candidates[1].entities, 0.0);  // "Seul un train sur trois..."
  EXPECT_GT(f.candidates[0].title, f.candidates[5].title);  // the fragment
  for (size_t i = 0; i < f.candidates.size(); ++i) {
    EXPECT_NEAR(f.Similarity(i, i), 1.0, 1e-5);
    for (size_t j = 0; j < f.candidates.size(); ++j) {
      EXPECT_FLOAT_EQ(f.Similarity(i, j), f.Similarity(j, i));
    }
  }
}

TEST(SummarizeArticle, DeterministicAndOtherArticlesIgnored) {
  Document doc = SampleArticle();
  auto summarizer = Summarizer::Load(TestPaths());
  ASSERT_TRUE(summarizer.ok());
  ArticleSummary a = (*summarizer)->Summarize(doc, 0, SummaryOptions{});
  ArticleSummary b = (*summarizer)->Summarize(doc, 0, SummaryOptions{});
  EXPECT_EQ(a.selected, b.selected);
  ArticleSummary none = (*summarizer)->Summarize(doc, 7, SummaryOptions{});
  EXPECT_TRUE(none.candidates.empty());
  EXPECT_TRUE(none.selected.empty());
}

TEST(SummarizeArticle, VeryLongArticleUsesTheLinearPath) {
  // More candidates than the LexRank graph takes: centroid centrality.
  const char* topics[] = {"port", "usine", "école", "hôpital", "gare", "musée", "stade"};
  std::vector<std::pair<PartKind, std::string>> parts;
  parts.push_back({PartKind::kTitle, "Le nouveau port de commerce ouvrira en juin"});
  for (int i = 0; i < 1200; ++i) {
    parts.push_back({PartKind::kParagraph, std::string("La ville présente le projet du ") +
                                               topics[i % 7] + " numéro " + std::to_string(i) +
                                               " devant les habitants du quartier."});
  }
  Document doc = MakeArticle(parts);
  auto summarizer = Summarizer::Load(TestPaths());
  ASSERT_TRUE(summarizer.ok());
  detail::TermHasher hasher;
  ArticleFeatures f;
  detail::ExtractFeatures(doc, 0, &hasher, &f);
  ASSERT_EQ(f.candidates.size(), 1200u);
  EXPECT_TRUE(f.similarity.empty());
  EXPECT_NEAR(f.Similarity(3, 3), 1.0, 1e-5);
  ArticleSummary s = (*summarizer)->Summarize(doc, 0, SummaryOptions{3, 0});
  ASSERT_EQ(s.selected.size(), 3u);
  EXPECT_LT(s.selected[0], s.selected[1]);
  EXPECT_LT(s.selected[1], s.selected[2]);
}

TEST(SummarizeLoad, MissingDataIsAnError) {
  auto summarizer = Summarizer::Load(DataPaths({"/nonexistent-depeche-data"}));
  EXPECT_FALSE(summarizer.ok());
}

}  // namespace
}  // namespace depeche
