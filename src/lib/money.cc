// MONEY: amounts with their currency, as French news writes them.
//
// One left-to-right pass over the article's lexemes tries, at each position,
//   currency amount        "$10", "£ 50 millions", "EUR 1000"
//   amount [de] currency   "7.500 dollars", "1,6 milliard de dollars", "10K$"
//   amount ou|à amount currency   "30 ou 31 milliards d'euros" (amount + max)
// where an amount is digits or number words with an optional scale
// ("milliard", "M", "k"), or "une trentaine de" (approx). Words that only bound
// an amount ("environ", "plus de", "jusqu'à") stay out of the span and set
// approx/min/max. Amounts with a scale but no currency ("17 milliards") take
// the article's dominant currency when there is one (implicit).
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "depeche/entities.h"
#include "numbers.h"

namespace depeche {
namespace {

using detail::Lexemes;
using detail::LexKind;

enum class CurKind : uint8_t { kName, kWeak, kSymbol, kCode, kSub };

struct CurForm {
  char iso[4] = {0, 0, 0, 0};
  CurKind kind = CurKind::kName;
};

struct CurHit {
  CurForm form;
  size_t end = 0;  // lexeme after the currency
};

struct Amount {
  size_t begin = 0, end = 0;
  double value = 0;
  double scale = 1;
  bool has_scale = false;   // a scale word or letter follows the number
  bool big_scale = false;   // million and above, written as a word or Md/Mds
  bool approx = false;      // "une trentaine de"
  bool digits = false;      // written in digits
  bool decimal = false;
};

bool IsDe(const Lexemes& lx, size_t i) { return lx.Is(i, "de") || lx.Is(i, "d'"); }

// Nouns that make "17 milliards d'X" an amount of money when the article is
// about money: what a budget, a company or a state counts in currency.
bool IsMoneyNoun(std::string_view f) {
  static constexpr std::string_view kNouns[] = {
      "economies", "economie", "recettes", "depenses", "pertes", "perte", "benefices",
      "benefice", "investissements", "investissement", "aides", "aide", "subventions",
      "dette", "dettes", "credits", "credit", "prets", "pret", "revenus", "ventes",
      "chiffre", "amendes", "amende", "dividendes", "dommages", "impots", "taxes",
      "prelevements", "financements", "financement", "fonds", "couts", "cout", "charges",
      "charge", "profits", "profit", "reserves", "liquidites", "capitaux", "actifs",
      "encours", "emprunts", "emprunt", "deficit", "excedent", "salaires", "primes",
      "indemnites", "compensations", "frais", "baisse", "hausse", "plus-value", "provisions",
      "depreciations", "depreciation", "rachats", "rachat", "contrats", "contrat",
      "commandes", "dotations", "dotation", "budget", "manque", "surcout", "surcouts"};
  for (auto n : kNouns) {
    if (n == f) return true;
  }
  return false;
}

class TableMoney : public MoneyMatcher {
 public:
  Status Add(std::string_view iso, std::string_view kind, std::string_view forms) {
    CurForm f;
    if (iso.size() != 3) return InvalidArgumentError("currency code must have 3 letters");
    std::memcpy(f.iso, iso.data(), 3);
    if (kind == "name") f.kind = CurKind::kName;
    else if (kind == "weak") f.kind = CurKind::kWeak;
    else if (kind == "symbol") f.kind = CurKind::kSymbol;
    else if (kind == "code") f.kind = CurKind::kCode;
    else if (kind == "sub") f.kind = CurKind::kSub;
    else return InvalidArgumentError("unknown kind '" + std::string(kind) + "'");
    Lexemes& lx = load_lx_;
    std::string key;
    while (!forms.empty()) {
      size_t bar = forms.find('|');
      std::string_view form = forms.substr(0, bar);
      forms = bar == std::string_view::npos ? std::string_view() : forms.substr(bar + 1);
      lx.Build(form, 0, static_cast<uint32_t>(form.size()));
      if (lx.size() == 0) continue;
      number_head_ |= lx.IsNumber(0);
      key.clear();
      for (size_t i = 0; i < lx.size(); ++i) {
        if (i) key.push_back(' ');
        key.append(lx.fold(i));
      }
      if (!keys_.insert(key).second) continue;  // first entry wins
      // Forms are grouped by their first lexeme, longest first, so that a
      // lookup hashes one lexeme and compares the few forms that start there.
      const uint32_t* head = heads_.Find(lx.fold(0));
      if (!head) {
        heads_.Insert(lx.fold(0), static_cast<uint32_t>(groups_.size()));
        head_words_.emplace_back(lx.fold(0));
        groups_.emplace_back();
        head = heads_.Find(lx.fold(0));
      }
      Form entry;
      entry.form = f;
      for (size_t i = 1; i < lx.size(); ++i) entry.rest.emplace_back(lx.fold(i));
      auto& group = groups_[*head];
      auto at = std::find_if(group.begin(), group.end(),
                             [&](const Form& g) { return g.rest.size() < entry.rest.size(); });
      group.insert(at, std::move(entry));
    }
    return Status::Ok();
  }

  // After the last Add: the table of words that may start a match.
  void Finish() {
    load_lx_ = Lexemes();
    std::map<std::string, uint8_t, std::less<>> flags;
    for (const auto& w : head_words_) {
      flags[w] |= kStartHead;
      const auto& group = groups_[*heads_.Find(w)];
      // Longest first: the group's last form is its shortest.
      if (!group.empty() && !group.back().rest.empty()) flags[w] |= kHeadOfLongOnly;
    }
    for (auto w : detail::NumberWords()) flags[std::string(w)] |= kStartNumberWord | kAfterUn;
    for (auto w : {"un", "une"}) flags[w] |= kStartUn;
    for (auto w : detail::ScaleWords()) flags[std::string(w)] |= kAfterUn;
    for (auto w : detail::ApproxNouns()) flags[std::string(w)] |= kAfterUn;
    // Numbers may start a match: they pass the scan's filter.
    starts_.PassNumbers();
    for (const auto& [w, f] : flags) {
      starts_.Insert(w, f);
      // As MayStart decides: words that may start a match whatever follows.
      const bool long_only_head =
          (f & (kStartHead | kHeadOfLongOnly | kStartNumberWord)) == (kStartHead | kHeadOfLongOnly);
      if ((f & kStartHead) ? !long_only_head : (f & kStartNumberWord) && !(f & kStartUn))
        always_.Insert(w, 1);
      if (f & kAfterUn) after_.Insert(w, 1);
    }
    // After a number without a scale, a match needs a scale, a range
    // connector or a currency form next (see Find).
    for (const auto& w : head_words_) after_number_.Insert(w, 1);
    for (auto w : detail::ScaleWords()) after_number_.Insert(w, 1);
    for (auto w : {"ou", "a", "-", "–", "et"}) after_number_.Insert(w, 1);
    // The other starts need a given next lexeme: a form's second one, or a
    // kAfterUn word after "un".
    for (const auto& group : groups_) {
      for (const Form& form : group) {
        if (!form.rest.empty()) after_.Insert(form.rest[0], 1);
      }
    }
  }

  void Find(const Document& doc, uint32_t article, std::vector<Entity>* out) const override;

 private:
  // What a word can start (starts_), so that the scan skips every other word
  // after one filter test.
  enum : uint8_t {
    kStartHead = 1,         // the first lexeme of a currency form
    kStartNumberWord = 2,   // a number word ("deux", "cent", "un")
    kStartUn = 4,           // "un", "une": mostly articles, see MayStart
    kAfterUn = 8,           // a word after which "un" may be an amount: a
                            // number, scale or approximate-quantity word
    kHeadOfLongOnly = 16,   // a head whose forms all have 2+ lexemes ("a" of
                            // "A $", "au" of "AU $"): common words, which
                            // start a match only where the whole form is
  };
  // False only where no rule of Find can start; cheap for ordinary words.
  bool MayStart(const Lexemes& lx, size_t i) const {
    if (lx.IsNumber(i)) return true;
    const uint8_t* f = starts_.Find(lx, i);
    if (!f) return false;
    if ((*f & (kStartHead | kHeadOfLongOnly | kStartNumberWord)) == (kStartHead | kHeadOfLongOnly)) {
      // Neither a number word nor a one-lexeme form: only a whole currency
      // form can start a match here (ParseAmount fails on any other word).
      CurHit hit;
      return MatchCurrency(lx, i, &hit);
    }
    if (*f & kStartHead) return true;
    if (!(*f & kStartNumberWord) || !lx.IsWord(i)) return false;
    if (!(*f & kStartUn)) return true;
    // "un"/"une" is an amount only before a scale ("un milliard"), another
    // number word ("un million", "un mille") or an approximate noun ("une
    // dizaine de"); ParseAmount fails on every other one.
    const uint8_t* next = lx.IsWord(i + 1) ? starts_.Find(lx, i + 1) : nullptr;
    return next && (*next & kAfterUn);
  }
  // A currency form: its first lexeme is the group's key, `rest` the others.
  struct Form {
    std::vector<std::string> rest;
    CurForm form;
  };
  bool MatchCurrency(const Lexemes& lx, size_t i, CurHit* hit) const;
  bool ParseAmount(const Lexemes& lx, size_t i, Amount* a) const;

  detail::WordMap<uint32_t> heads_;   // first folded lexeme → index in groups_
  std::vector<std::vector<Form>> groups_;  // longest form first
  std::unordered_set<std::string> keys_;   // Load only: the first form of a key wins
  std::vector<std::string> head_words_;    // Load only: the keys of heads_
  Lexemes load_lx_;  // Load only: one lexer for all lines (its buffers are reused)
  detail::WordMap<uint8_t> starts_;
  bool number_head_ = false;  // some currency form starts with a number
  // Filters only (Finish): the words of starts_ that may start a match
  // whatever follows, and the words the other starts need next. A common
  // conditional start ("a" of "A $", "un") before an ordinary word is
  // rejected without a table probe.
  detail::WordMap<char> always_, after_;
  // Filter only: what may follow a number that starts a match.
  detail::WordMap<char> after_number_;
};

bool TableMoney::MatchCurrency(const Lexemes& lx, size_t i, CurHit* hit) const {
  const uint32_t* head = heads_.Find(lx, i);
  if (!head) return false;
  for (const Form& f : groups_[*head]) {
    size_t n = f.rest.size() + 1;
    if (n > lx.size() - i) continue;
    bool ok = true;
    for (size_t k = 1; k < n && ok; ++k) {
      ok = !lx[i + k].line_start && lx.Is(i + k, f.rest[k - 1]);
    }
    if (!ok) continue;
    // The lexer already splits words, so "eurostar" never reads as "euro".
    hit->form = f.form;
    hit->end = i + n;
    return true;
  }
  return false;
}

bool TableMoney::ParseAmount(const Lexemes& lx, size_t i, Amount* a) const {
  *a = Amount();
  a->begin = i;
  size_t j;
  if (lx.IsNumber(i)) {
    // "H800", "A320": a number glued to letters is a name, not an amount.
    if (i > 0 && lx[i].glued() && (lx.IsWord(i - 1) || lx.IsNumber(i - 1))) return false;
    if (i > 0 && lx[i].glued() && (lx.Is(i - 1, ".") || lx.Is(i - 1, ",") || lx.Is(i - 1, "/")) &&
        i > 1 && lx.IsNumber(i - 2) && lx[i - 1].glued())
      return false;  // inside "29/01/2025", "1.5.3"
    a->value = lx[i].value;
    a->digits = true;
    a->decimal = lx[i].decimal;
    j = i + 1;
    // Ordinals are not amounts: "16e", "1er".
    if (lx.IsWord(j) && lx[j].glued()) {
      auto f = lx.fold(j);
      if (f == "e" || f == "er" || f == "eme" || f == "ere" || f == "nd" || f == "nde" ||
          f == "es" || f == "emes")
        return false;
    }
  } else if (lx.IsWord(i)) {
    auto f = lx.fold(i);
    if ((f == "un" || f == "une") && detail::ApproxNounValue(lx.fold(i + 1)) > 0 &&
        IsDe(lx, i + 2)) {
      // "une trentaine de milliards": approximate, the span keeps "une".
      a->value = detail::ApproxNounValue(lx.fold(i + 1));
      a->approx = true;
      j = i + 3;
      double s = lx.IsWord(j) ? detail::ScaleWord(lx.fold(j)) : 0;
      if (s >= 1e6) {
        a->value *= s;
        a->scale = s;
        a->has_scale = a->big_scale = true;
        ++j;
      }
      a->end = j;
      return true;
    }
    auto wn = detail::ParseNumberWords(lx, i);
    if (!wn) return false;
    a->value = wn->value;
    j = wn->end;
    if ((f == "un" || f == "une") && wn->end == i + 1) {
      // A lone "un" is an article unless a scale follows ("un milliard").
      if (!lx.IsWord(j) || detail::ScaleWord(lx.fold(j)) < 1e6) return false;
    }
  } else {
    return false;
  }
  if (lx.IsWord(j)) {
    auto f = lx.fold(j);
    double s = detail::ScaleWord(f);
    // Single letters and abbreviations ("M", "k", "Md") only glued or before a
    // currency; the caller requires the currency anyway.
    if (s > 0) {
      a->value *= s;
      a->scale = s;
      a->has_scale = true;
      a->big_scale = s >= 1e6 && (f.size() > 3 || f == "md" || f == "mds" || f == "mrd");
      ++j;
    }
  }
  a->end = j;
  return true;
}

// Sets approx/min/max from the words before the amount ("environ", "plus de").
void ApplyBoundWords(const Lexemes& lx, size_t begin, MoneyValue* v) {
  auto prev = [&](size_t n) -> std::string_view {
    return begin >= n ? lx.fold(begin - n) : std::string_view();
  };
  auto p1 = prev(1), p2 = prev(2), p3 = prev(3);
  bool de = p1 == "de" || p1 == "d'";
  if (p1 == "environ" || p1 == "quelque" || p1 == "approximativement" || p1 == "presque" ||
      (de && (p2 == "pres" || p2 == "autour" || p2 == "alentours" || p2 == "ordre")) ||
      (p1 == "pres" && p2 == "peu" && p3 == "a")) {
    v->approx = true;
  } else if ((de && p2 == "plus") || (p1 == "moins" && p2 == "au") || (de && p2 == "dela") ||
             (p1 == "a" && p2 == "superieur")) {
    v->min = v->amount;
  } else if ((de && p2 == "moins") || (p1 == "a" && p2 == "jusqu'") || (p1 == "plus" && p2 == "au") ||
             (p1 == "maximum" && p2 == "au")) {
    v->max = v->amount;
  }
}

struct Found {
  size_t begin, end;
  MoneyValue value;
  const char* rule;
  bool implicit_candidate;
};

void TableMoney::Find(const Document& doc, uint32_t article, std::vector<Entity>* out) const {
  if (article >= doc.articles.size()) return;
  const Span span = doc.articles[article].span;
  const Lexemes& lx = detail::ArticleLexemes(doc.text.view(), span.begin, span.end);
  std::vector<Found> found;
  const size_t n = lx.size();
  size_t i = 0;
#ifdef DEPECHE_CHECK_MONEY_STARTS
  // The number skipped below must leave no match and move on by one.
  size_t quiet_at = SIZE_MAX, quiet_found = 0;
  auto check_quiet = [&] {
    if (quiet_at != SIZE_MAX && (i != quiet_at + 1 || found.size() != quiet_found)) {
      std::fprintf(stderr, "money number filter skips '%.*s'\n",
                   static_cast<int>(lx.fold(quiet_at).size()), lx.fold(quiet_at).data());
      std::abort();
    }
    quiet_at = SIZE_MAX;
  };
#endif
  while (i < n) {
#ifdef DEPECHE_CHECK_MONEY_STARTS
    check_quiet();
#endif
    // Only a number, a number word or the head of a currency form can start
    // a match; every other lexeme is skipped after one filter test (numbers
    // pass it: see PassNumbers).
    i = lx.NextPassing(i, starts_);
    if (i >= n) break;
    if (lx[i].kind == LexKind::kNumber && !number_head_ &&
        !(i + 1 < n && after_number_.MayContain(lx[i + 1].hash))) {
      // Most numbers: no scale ("17 milliards"), range word ("10 à 20") or
      // currency ("10 $") next, so ParseAmount would read the number alone
      // and nothing after it could make it an amount of money.
#ifdef DEPECHE_CHECK_MONEY_STARTS
      quiet_at = i;
      quiet_found = found.size();
#else
      ++i;
      continue;
#endif
    }
    const bool may = lx[i].kind == LexKind::kNumber || always_.MayContain(lx[i].hash) ||
                     (i + 1 < n && after_.MayContain(lx[i + 1].hash));
#ifdef DEPECHE_CHECK_MONEY_STARTS
    // Debug check of always_/after_: build with -DDEPECHE_CHECK_MONEY_STARTS
    // after changing MayStart or Finish.
    if (!may && MayStart(lx, i)) {
      std::fprintf(stderr, "money start filter rejects '%.*s'\n", static_cast<int>(lx.fold(i).size()),
                   lx.fold(i).data());
      std::abort();
    }
#endif
    if (!may || !MayStart(lx, i)) {
      ++i;
      continue;
    }
    CurHit cur;
    Amount a;
    // currency amount: "$10", "£ 50 millions", "EUR 1000". Most candidates
    // are numbers, which start no currency form unless one is written so.
    if ((number_head_ || !lx.IsNumber(i)) && MatchCurrency(lx, i, &cur) &&
        (cur.form.kind == CurKind::kSymbol || cur.form.kind == CurKind::kCode) &&
        lx.IsNumber(cur.end) && ParseAmount(lx, cur.end, &a)) {
      Found f{i, a.end, {}, "money.currency_amount", false};
      f.value.amount = a.value;
      std::memcpy(f.value.currency, cur.form.iso, 4);
      f.value.approx = a.approx;
      ApplyBoundWords(lx, i, &f.value);
      found.push_back(f);
      i = a.end;
      continue;
    }
    if (!ParseAmount(lx, i, &a)) {
      ++i;
      continue;
    }
    size_t k = a.end;
    Amount hi;
    bool range = false;
    if (lx.Is(k, "ou") || lx.Is(k, "a") || lx.Is(k, "-") || lx.Is(k, "–") ||
        (lx.Is(k, "et") && i > 0 && lx.Is(i - 1, "entre"))) {
      if (ParseAmount(lx, k + 1, &hi) && hi.value > 0) {
        range = true;
        if (!a.has_scale && hi.has_scale) {
          a.value *= hi.scale;
          a.has_scale = hi.has_scale;
          a.big_scale = hi.big_scale;
        }
        k = hi.end;
      }
    }
    const Amount& last = range ? hi : a;
    bool matched = false;
    if (MatchCurrency(lx, k, &cur)) {
      CurKind kind = cur.form.kind;
      matched = kind == CurKind::kName || kind == CurKind::kSymbol || kind == CurKind::kCode ||
                (kind == CurKind::kWeak && (last.has_scale || last.decimal)) ||
                (kind == CurKind::kSub && last.digits && !last.has_scale && !range);
    }
    if (!matched && IsDe(lx, k) && (last.has_scale || last.approx) &&
        MatchCurrency(lx, k + 1, &cur) && cur.form.kind != CurKind::kSub) {
      matched = true;
    }
    if (matched) {
      Found f{i, cur.end, {}, range ? "money.range" : "money.amount_currency", false};
      f.value.amount = a.value;
      if (cur.form.kind == CurKind::kSub) f.value.amount = a.value / 100;
      if (range) f.value.max = hi.value;
      std::memcpy(f.value.currency, cur.form.iso, 4);
      f.value.approx = a.approx;
      // "15 dollars et 15 cents".
      size_t e = cur.end;
      CurHit sub;
      if (lx.Is(e, "et") && lx.IsInt(e + 1, 2) && MatchCurrency(lx, e + 2, &sub) &&
          sub.form.kind == CurKind::kSub && !range) {
        f.value.amount += lx[e + 1].value / 100;
        f.end = sub.end;
      }
      if (!range) ApplyBoundWords(lx, i, &f.value);
      found.push_back(f);
      i = f.end;
      continue;
    }
    if (last.big_scale && !lx.Is(k, "%")) {
      // Maybe money whose currency the article makes plain: decided below.
      bool ok = true;
      if (IsDe(lx, k)) ok = lx.IsWord(k + 1) && IsMoneyNoun(lx.fold(k + 1));
      if (lx.Is(k, "pour") && lx.Is(k + 1, "cent")) ok = false;
      if (ok) {
        Found f{i, k, {}, "money.implicit", true};
        f.value.amount = a.value;
        if (range) f.value.max = hi.value;
        f.value.approx = a.approx;
        f.value.implicit = true;
        if (!range) ApplyBoundWords(lx, i, &f.value);
        found.push_back(f);
      }
      i = k;
      continue;
    }
    i = std::max(a.end, i + 1);
  }

#ifdef DEPECHE_CHECK_MONEY_STARTS
  check_quiet();
#endif
  // The article's dominant currency: the most frequent explicit one.
  char dominant[4] = {0, 0, 0, 0};
  int best = 0;
  // Counted once per currency, not found x found: thousands of amounts in one
  // article must stay linear.
  std::unordered_map<uint32_t, int> counts;
  auto currency_key = [](const char* c) {
    uint32_t k;
    std::memcpy(&k, c, 4);
    return k;
  };
  for (const auto& g : found) {
    if (!g.implicit_candidate) ++counts[currency_key(g.value.currency)];
  }
  for (size_t x = 0; x < found.size(); ++x) {
    if (found[x].implicit_candidate) continue;
    int count = counts[currency_key(found[x].value.currency)];
    if (count > best) {
      best = count;
      std::memcpy(dominant, found[x].value.currency, 4);
    }
  }
  for (auto& f : found) {
    if (f.implicit_candidate) {
      if (best == 0) continue;
      std::memcpy(f.value.currency, dominant, 4);
    }
    // Decimal parsing leaves binary noise ("0,15" → 0.15000000000000002).
    auto clean = [](double v) { return std::round(v * 100) / 100; };
    f.value.amount = clean(f.value.amount);
    if (f.value.max) f.value.max = clean(*f.value.max);
    if (f.value.min) f.value.min = clean(*f.value.min);
    Entity e;
    e.type = EntityType::kMoney;
    e.span = {lx[f.begin].begin, lx[f.end - 1].end};
    e.article = article;
    e.money = f.value;
    e.rule = f.rule;
    out->push_back(std::move(e));
  }
}

}  // namespace

StatusOr<std::unique_ptr<MoneyMatcher>> MoneyMatcher::Load(const DataPaths& paths) {
  auto path = paths.Find("fr/currencies.tsv");
  if (!path.ok()) return path.status();
  auto table = std::make_unique<TableMoney>();
  Status st = ReadLines(*path, [&](std::string_view line, int) -> Status {
    size_t t1 = line.find('\t');
    size_t t2 = t1 == std::string_view::npos ? t1 : line.find('\t', t1 + 1);
    if (t2 == std::string_view::npos) return InvalidArgumentError("expected ISO<TAB>kind<TAB>forms");
    return table->Add(line.substr(0, t1), line.substr(t1 + 1, t2 - t1 - 1), line.substr(t2 + 1));
  });
  if (!st.ok()) return st;
  table->Finish();
  return std::unique_ptr<MoneyMatcher>(std::move(table));
}

}  // namespace depeche
