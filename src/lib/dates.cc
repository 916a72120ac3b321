// DATE: absolute, relative and period expressions, resolved to ISO 8601 at
// the expression's grain against the article's publication date.
//
// One left-to-right pass over the article's lexemes; at each position every
// rule is tried and the longest match wins. Rules look ahead a bounded number
// of lexemes, so the pass is linear. Words that only introduce a date ("le",
// "en", "depuis", "d'ici", "au") are never part of a rule's start, so they
// stay out of spans; words that are the expression ("fin", "l'an", "cette")
// start their rule and stay in.
//
// Readings chosen for news (see the report in data/README.md):
//  - a bare weekday is the most recent one (today included) unless a future
//    verb is closer to it than a past one;
//  - a day or month without year is in the reference year, except that a month
//    11+ months ahead is last year's and one 10+ months behind is next year's;
//  - with no reference date, relative expressions have a null value and a day
//    without year is "--MM-DD".
#include <algorithm>
#include <array>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <optional>
#include <string>

#include "depeche/entities.h"
#include "numbers.h"

namespace depeche {
namespace {

using detail::Lexemes;
using detail::LexKind;

// ---------------------------------------------------------------- calendar

bool IsLeap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }
int DaysInMonth(int y, int m) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (m < 1 || m > 12) return 0;  // no such month: no valid day in it
  return m == 2 && IsLeap(y) ? 29 : kDays[m - 1];
}
bool ValidDay(int y, int m, int d) { return m >= 1 && m <= 12 && d >= 1 && d <= DaysInMonth(y, m); }

// Days since 1970-01-01 (H. Hinnant's algorithm).
int64_t ToDays(const CivilDate& c) {
  int y = c.year - (c.month <= 2);
  int64_t era = (y >= 0 ? y : y - 399) / 400;
  int64_t yoe = y - era * 400;
  int64_t doy = (153 * (c.month + (c.month > 2 ? -3 : 9)) + 2) / 5 + c.day - 1;
  int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}
CivilDate FromDays(int64_t z) {
  z += 719468;
  int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  int64_t doe = z - era * 146097;
  int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  int64_t y = yoe + era * 400;
  int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  int64_t mp = (5 * doy + 2) / 153;
  int d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  int m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  return {static_cast<int>(y + (m <= 2)), m, d};
}
CivilDate AddDays(const CivilDate& c, int64_t n) { return FromDays(ToDays(c) + n); }
// 0 = Monday ... 6 = Sunday.
int Weekday(const CivilDate& c) { return static_cast<int>(((ToDays(c) % 7) + 7 + 3) % 7); }
CivilDate AddMonths(const CivilDate& c, int n) {
  // Floor division: before year 0 ("il y a 3000 ans"), C++'s / and % round
  // toward zero and would give a month below 1.
  int idx = c.year * 12 + (c.month - 1) + n;
  int y = idx >= 0 ? idx / 12 : -((-idx + 11) / 12);
  int m = idx - y * 12 + 1;
  return {y, m, std::min(c.day, DaysInMonth(y, m))};
}

// The fields of the usual dates written straight into a buffer and the
// string built once (IsoDay and IsoMonth fit std::string's inline buffer):
// a match builds its value this way, and appending field by field cost a
// library call per piece. PutPadded returns false when v is outside
// [0, 10^width), for AppendPadded's path.
template <int kWidth>
bool PutPadded(int v, char* p) {
  if (v < 0 || v > (kWidth == 4 ? 9999 : 99)) return false;
  unsigned u = static_cast<unsigned>(v);
  for (int k = kWidth - 1; k >= 0; --k, u /= 10) p[k] = static_cast<char>('0' + u % 10);
  return true;
}
// A zero-padded field of width 2 or 4 appended to out: PutPadded, and the
// printf path for values outside its range.
void AppendPadded(int v, int width, std::string* out) {
  char buf[16];
  if (width == 4 ? PutPadded<4>(v, buf) : PutPadded<2>(v, buf)) {
    out->append(buf, width);
    return;
  }
  std::snprintf(buf, sizeof buf, "%0*d", width, v);
  out->append(buf);
}
// "YYYY-MM-DD" at p (10 bytes), or false.
bool PutDay(const CivilDate& c, char* p) {
  p[4] = p[7] = '-';
  return PutPadded<4>(c.year, p) && PutPadded<2>(c.month, p + 5) && PutPadded<2>(c.day, p + 8);
}
std::string IsoDay(const CivilDate& c) {
  char buf[10];
  if (PutDay(c, buf)) return std::string(buf, 10);
  std::string s;
  AppendPadded(c.year, 4, &s);
  s.push_back('-');
  AppendPadded(c.month, 2, &s);
  s.push_back('-');
  AppendPadded(c.day, 2, &s);
  return s;
}
std::string IsoMonth(int y, int m) {
  char buf[7];
  buf[4] = '-';
  if (PutPadded<4>(y, buf) && PutPadded<2>(m, buf + 5)) return std::string(buf, 7);
  std::string s;
  AppendPadded(y, 4, &s);
  s.push_back('-');
  AppendPadded(m, 2, &s);
  return s;
}
std::string IsoYear(int y) {
  char buf[4];
  if (PutPadded<4>(y, buf)) return std::string(buf, 4);
  std::string s;
  AppendPadded(y, 4, &s);
  return s;
}
// "YYYY/YYYY" and "YYYY-MM/YYYY-MM", built as IsoDay is.
std::string IsoYearRange(int a, int b) {
  char buf[9];
  buf[4] = '/';
  if (PutPadded<4>(a, buf) && PutPadded<4>(b, buf + 5)) return std::string(buf, 9);
  return IsoYear(a) + "/" + IsoYear(b);
}
std::string IsoMonthRange(int ya, int ma, int yb, int mb) {
  char buf[15];
  buf[4] = buf[12] = '-';
  buf[7] = '/';
  if (PutPadded<4>(ya, buf) && PutPadded<2>(ma, buf + 5) && PutPadded<4>(yb, buf + 8) &&
      PutPadded<2>(mb, buf + 13))
    return std::string(buf, 15);
  return IsoMonth(ya, ma) + "/" + IsoMonth(yb, mb);
}
std::string IsoQuarter(int y, int q) { return IsoYear(y) + "-Q" + std::to_string(q); }
std::string IsoWeek(const CivilDate& c) {
  // The ISO year is the year of the week's Thursday.
  CivilDate thu = AddDays(c, 3 - Weekday(c));
  int week = static_cast<int>((ToDays(thu) - ToDays({thu.year, 1, 1})) / 7 + 1);
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-W%02d", thu.year, week);
  return buf;
}
std::string IsoRange(const CivilDate& a, const CivilDate& b) {
  char buf[21];
  buf[10] = '/';
  if (PutDay(a, buf) && PutDay(b, buf + 11)) return std::string(buf, 21);
  return IsoDay(a) + "/" + IsoDay(b);
}
CivilDate Monday(const CivilDate& c) { return AddDays(c, -Weekday(c)); }

// Easter Sunday (anonymous Gregorian algorithm).
CivilDate Easter(int y) {
  int a = y % 19, b = y / 100, c = y % 100, d = b / 4, e = b % 4, f = (b + 8) / 25;
  int g = (b - f + 1) / 3, h = (19 * a + b - d - g + 15) % 30, i = c / 4, k = c % 4;
  int l = (32 + 2 * e + 2 * i - h - k) % 7, m = (a + 11 * h + 22 * l) / 451;
  int month = (h + l - 7 * m + 114) / 31, day = (h + l - 7 * m + 114) % 31 + 1;
  return {y, month, day};
}

// --------------------------------------------------------------- word lists

struct MonthWord {
  std::string_view w;
  int m;
  bool abbr;
};
constexpr MonthWord kMonths[] = {
    {"janvier", 1, false}, {"janv", 1, true},     {"jan", 1, true},       {"fevrier", 2, false},
    {"fevr", 2, true},     {"fev", 2, true},      {"mars", 3, false},     {"mar", 3, true},
    {"avril", 4, false},   {"avr", 4, true},      {"mai", 5, false},      {"juin", 6, false},
    {"juillet", 7, false}, {"juil", 7, true},     {"aout", 8, false},     {"aou", 8, true},
    {"septembre", 9, false}, {"sept", 9, true},   {"sep", 9, true},       {"octobre", 10, false},
    {"oct", 10, true},     {"novembre", 11, false}, {"nov", 11, true},    {"decembre", 12, false},
    {"dec", 12, true},
};
constexpr std::string_view kWeekdayFull[] = {"lundi", "mardi", "mercredi", "jeudi",
                                             "vendredi", "samedi", "dimanche"};
constexpr std::string_view kWeekdayAbbr[] = {"lun", "mar", "mer", "jeu", "ven", "sam", "dim"};

// Month and weekday words in one table: month (1-12, 0 none) and weekday
// (0-6, -1 none) with their abbreviation flags.
struct CalendarWord {
  int8_t month = 0, weekday = -1;
  bool month_abbr = false, weekday_abbr = false;
};
detail::WordMap<CalendarWord> MakeCalendarWords() {
  return [] {
    std::vector<std::pair<std::string_view, CalendarWord>> words;
    auto entry = [&](std::string_view w) -> CalendarWord& {
      for (auto& e : words) {
        if (e.first == w) return e.second;
      }
      words.push_back({w, CalendarWord()});
      return words.back().second;
    };
    for (const auto& m : kMonths) {
      CalendarWord& c = entry(m.w);
      if (!c.month) c.month = static_cast<int8_t>(m.m), c.month_abbr = m.abbr;
    }
    for (int i = 0; i < 7; ++i) {
      CalendarWord& c = entry(kWeekdayFull[i]);
      if (c.weekday < 0) c.weekday = static_cast<int8_t>(i), c.weekday_abbr = false;
    }
    for (int i = 0; i < 7; ++i) {
      CalendarWord& c = entry(kWeekdayAbbr[i]);
      if (c.weekday < 0) c.weekday = static_cast<int8_t>(i), c.weekday_abbr = true;
    }
    detail::WordMap<CalendarWord> m;
    for (const auto& e : words) m.Insert(e.first, e.second);
    return m;
  }();
}
// Built at start-up rather than on first use: MonthOf and WeekdayOf run at
// every candidate, and a function-local static cost a call and a guard test
// each time. (It is built from constexpr tables by WordMap and the inline
// FoldHash, which use no other global: the order of initialization does not
// matter.)
const detail::WordMap<CalendarWord> kCalendarWords = MakeCalendarWords();
inline const detail::WordMap<CalendarWord>& CalendarWords() { return kCalendarWords; }

// f is a folded word and h its FoldHash (the lexer's, not hashed again).
int MonthOf(std::string_view f, uint32_t h, bool* abbreviated) {
  if (f.size() < 3 || f.size() > 9) return 0;
  const CalendarWord* c = CalendarWords().Find(f, h);
  if (!c || !c->month) return 0;
  *abbreviated = c->month_abbr;
  return c->month;
}

int WeekdayOf(std::string_view f, uint32_t h, bool* abbreviated) {
  if (f.size() < 3 || f.size() > 8) return -1;
  const CalendarWord* c = CalendarWords().Find(f, h);
  if (!c || c->weekday < 0) return -1;
  *abbreviated = c->weekday_abbr;
  return c->weekday;
}

// "premier" 1, "deuxième"/"second" 2 ... and "1er" "2e" "3ème" written in digits.
int OrdinalAt(const Lexemes& lx, size_t i, size_t* end) {
  if (lx.IsInt(i, 2) && lx.IsWord(i + 1) && lx[i + 1].glued()) {
    auto f = lx.fold(i + 1);
    if (f == "er" || f == "ere" || f == "e" || f == "eme" || f == "nd" || f == "nde" || f == "d") {
      *end = i + 2;
      return static_cast<int>(lx[i].value);
    }
  }
  if (!lx.IsWord(i)) return 0;
  static constexpr std::string_view kWords[] = {"premier", "premiere", "deuxieme", "troisieme",
                                                "quatrieme", "cinquieme", "sixieme"};
  auto f = lx.fold(i);
  *end = i + 1;
  for (int k = 0; k < 7; ++k) {
    if (f == kWords[k]) return k == 0 || k == 1 ? 1 : k;
  }
  if (f == "second" || f == "seconde") return 2;
  return 0;
}

// A closed list of folded words as a hash set: a test is a filter check for
// most words instead of a comparison with every entry.
using WordSet = detail::WordMap<char>;
WordSet MakeWordSet(std::initializer_list<std::string_view> words) {
  WordSet s;
  for (auto w : words) s.Insert(w, 1);
  return s;
}
bool InSet(const WordSet& set, std::string_view f, uint32_t hash) {
  return set.Find(f, hash) != nullptr;
}

// The last four bytes of f (at least four), little-endian.
uint32_t Last4(std::string_view f) {
  uint32_t v;
  std::memcpy(&v, f.data() + f.size() - 4, 4);
  return v;
}
// The bytes of a short ending as Last4 holds them at its top.
constexpr uint32_t Tag(std::string_view e) {
  uint32_t v = 0;
  for (size_t k = 0; k < e.size(); ++k) v |= uint32_t{static_cast<unsigned char>(e[k])} << (8 * k);
  return v;
}

// f is a folded word and h its FoldHash.
bool IsFutureWord(std::string_view f, uint32_t h) {
  static const WordSet kWords = MakeWordSet(
      {"doit", "doivent", "devrait", "devraient", "prevu", "prevue", "prevus", "prevues",
       "va", "vont", "compte", "entend", "attendu", "attendue", "programme", "programmee",
       "prochain", "prochaine", "espere", "pourrait", "pourraient", "envisage", "partir"});
  if (InSet(kWords, f, h)) return true;
  if (f.size() < 5) return false;
  static const WordSet kNot = MakeWordSet({"contra", "extra", "ultra", "camera", "opera", "cameras",
                                           "operas", "sierra", "mantra", "cobra"});
  if (InSet(kNot, f, h)) return false;
  // Future endings, longer than the ending by 3+: "-ra", "-ront", "-rons",
  // "-rez", "-rai", "-ras" (the last four bytes compared as one integer).
  const uint32_t t4 = Last4(f);
  if ((t4 >> 16) == Tag("ra")) return true;
  const uint32_t t3 = t4 >> 8;
  if (f.size() > 5 && (t3 == Tag("rez") || t3 == Tag("rai") || t3 == Tag("ras"))) return true;
  return f.size() > 6 && (t4 == Tag("ront") || t4 == Tag("rons"));
}

bool IsPastWord(std::string_view f, uint32_t h) {
  static const WordSet kWords =
      MakeWordSet({"a", "ont", "avait", "avaient", "etait", "etaient", "est", "sont", "fut",
                   "furent", "depuis", "eu", "ete", "dernier", "derniere"});
  if (InSet(kWords, f, h)) return true;
  // The imperfect: "-ait" ("annoncait"), "-aient" ("annoncaient"); not the
  // conditional "-rait", "-raient" ("devrait", "seraient"), which looks
  // ahead, but for "-arait", "-orait" ("declarait", "ignoraient"), which no
  // common conditional ends with. ("assurait" and "aurait" look alike once
  // folded: such -rer imperfects stay without a cue.)
  auto not_conditional = [&](size_t r) {  // f[r] is the 'r' before the ending
    return f[r] != 'r' || (r > 0 && (f[r - 1] == 'a' || f[r - 1] == 'o'));
  };
  if (f.size() > 4 && (Last4(f) >> 8) == Tag("ait")) return not_conditional(f.size() - 4);
  return f.size() > 6 && f.substr(f.size() - 5) == "aient" && not_conditional(f.size() - 6);
}

// ------------------------------------------------------------------ matcher

struct Match {
  size_t end = 0;           // lexeme after the expression
  std::string value;        // ISO value, empty = null
  const char* rule = "";
};

// A day, month and year read from the text; 0 for parts not written.
struct Dmy {
  int d = 0, m = 0, y = 0;
  size_t end = 0;
};

// One bit per rule, so that a lexeme runs only the rules it can start.
enum RuleBit : uint32_t {
  kRuleDayMonth = 1 << 0,
  kRuleNumeric = 1 << 1,
  kRuleWeekdays = 1 << 2,
  kRuleRelativeWords = 1 << 3,
  kRuleRelativeUnits = 1 << 4,
  kRuleYears = 1 << 5,
  kRuleMonths = 1 << 6,
  kRulePeriods = 1 << 7,
  kRuleQuarters = 1 << 8,
  kRuleAgo = 1 << 9,
  kRuleHolidays = 1 << 10,
  kRuleRanges = 1 << 11,
  kRuleWeeks = 1 << 12,
  kRuleBareDay = 1 << 13,
  kRuleAll = (1 << 14) - 1,
};

class Rules {
 public:
  Rules(const Lexemes& lx, std::optional<CivilDate> ref,
        const detail::WordMap<char>& currency_words)
      : lx_(lx), ref_(ref), currency_words_(currency_words) {}

  // Tries the rules of `rules` (RuleBit) at lexeme i; the longest match wins.
  bool At(size_t i, uint32_t rules, Match* best);

 private:
  // Helpers.
  bool Is(size_t i, std::string_view w) const { return lx_.Is(i, w); }
  std::string_view F(size_t i) const { return i < lx_.size() ? lx_.fold(i) : std::string_view(); }
  bool IsPunct(size_t i) const {
    return i < lx_.size() && (lx_[i].kind == LexKind::kPunct || lx_[i].kind == LexKind::kSymbol);
  }
  bool EndOrPunct(size_t i) const { return i >= lx_.size() || (IsPunct(i) && F(i) != "%"); }
  int Month(size_t i, size_t* end) const;
  int Year4(size_t i) const {
    return lx_.IsInt(i, 4) && lx_[i].digits == 4 && lx_[i].value >= 1000 && lx_[i].value < 2200
               ? static_cast<int>(lx_[i].value) : 0;
  }
  int TwoDigitYear(int yy) const {
    int pivot = ref_ ? ref_->year % 100 + 10 : 50;
    return yy <= pivot ? 2000 + yy : 1900 + yy;
  }
  int DayNumber(size_t i, size_t* end) const;
  // "du mois prochain", "de ce mois", "ce mois-ci": *delta is the month offset.
  bool RelativeMonth(size_t k, size_t* end, int* delta) const;
  void Ranges(size_t i, Match* best);
  void Weeks(size_t i, Match* best);
  void BareDay(size_t i, Match* best);
  // A date read from lexeme i; with need_month, only one with a month.
  // DayMonth and Ranges both read one at most starting lexemes: the last
  // reading is kept (ReadDmy's result does not depend on need_month, see
  // there).
  bool ParseDmy(size_t i, Dmy* out, bool need_month) const {
    if (i != dmy_at_) {
      dmy_at_ = i;
      dmy_ok_ = ReadDmy(i, &dmy_);
    }
    *out = dmy_;
    return dmy_ok_ && (!need_month || dmy_.m != 0);
  }
  bool ReadDmy(size_t i, Dmy* out) const;
  int ResolveYear(int m) const;
  std::string DayValue(int y, int m, int d) const;
  bool Emit(Match* best, size_t end, std::string value, const char* rule) {
    if (end > best->end) {
      best->end = end;
      best->value = std::move(value);
      best->rule = rule;
      return true;
    }
    return false;
  }
  bool FutureContext(size_t i) const;
  // +1 when a future verb is the closest tense marker, -1 a past one, 0 none.
  int Tense(size_t i) const;
  // Moves a year-less date to the occurrence the tense asks for.
  int TenseYear(size_t i, int y, int m, int d) const {
    if (!ref_ || !y) return y;
    int t = Tense(i);
    int64_t when = ToDays({y, m, std::min(d ? d : 1, DaysInMonth(y, m))});
    int64_t today = ToDays({ref_->year, ref_->month, d ? ref_->day : 1});
    if (t > 0 && when < today) return y + 1;
    if (t < 0 && when > today) return y - 1;
    return y;
  }
  bool IsYearHere(size_t i) const;

  // Rules.
  void DayMonth(size_t i, Match* best);
  void Numeric(size_t i, Match* best);
  void Weekdays(size_t i, Match* best);
  void RelativeWords(size_t i, Match* best);
  void RelativeUnits(size_t i, Match* best);
  void Years(size_t i, Match* best);
  void Months(size_t i, Match* best);
  void Periods(size_t i, Match* best);
  void Quarters(size_t i, Match* best);
  void Ago(size_t i, Match* best);
  void Holidays(size_t i, Match* best);

  const Lexemes& lx_;
  std::optional<CivilDate> ref_;
  const detail::WordMap<char>& currency_words_;
  // ParseDmy's last reading: the lexeme it started at (none yet: SIZE_MAX).
  mutable size_t dmy_at_ = SIZE_MAX;
  mutable bool dmy_ok_ = false;
  mutable Dmy dmy_;
};

int Rules::Month(size_t i, size_t* end) const {
  if (!lx_.IsWord(i)) return 0;
  bool abbr = false;
  int m = MonthOf(F(i), lx_.hash(i), &abbr);
  if (!m) return 0;
  *end = i + 1;
  // The period of "sept." is the abbreviation's; after "mars." it ends the sentence.
  if (abbr && Is(i + 1, ".") && lx_[i + 1].glued()) *end = i + 2;
  else if (abbr && F(i) == "mar") return 0;  // "mar" without a period is too ambiguous
  return m;
}

bool Rules::RelativeMonth(size_t k, size_t* end, int* delta) const {
  if (!ref_) return false;
  if (Is(k, "du") || Is(k, "de")) ++k;
  if (Is(k, "ce") || Is(k, "cette")) {
    ++k;
    if (!Is(k, "mois")) return false;
    *delta = 0;
    *end = k + 1;
    if (Is(k + 1, "ci") && lx_[k + 1].hyphen_joined) *end = k + 2;
    return true;
  }
  if (!Is(k, "mois")) return false;
  auto m = F(k + 1);
  if (m == "prochain" || m == "suivant") {
    *delta = 1;
  } else if (m == "dernier" || m == "precedent" || m == "passe") {
    *delta = -1;
  } else if (m == "en" && Is(k + 2, "cours")) {
    *delta = 0;
    *end = k + 3;
    return true;
  } else {
    return false;
  }
  *end = k + 2;
  return true;
}

int Rules::DayNumber(size_t i, size_t* end) const {
  if (lx_.IsInt(i, 2)) {
    int d = static_cast<int>(lx_[i].value);
    if (d < 1 || d > 31) return 0;
    if (i > 0 && lx_[i].glued() && (lx_.IsNumber(i - 1) || lx_.IsWord(i - 1))) return 0;
    *end = i + 1;
    if (lx_.IsWord(i + 1) && lx_[i + 1].glued()) {
      auto f = F(i + 1);
      if (f == "er" || f == "e" || f == "eme") *end = i + 2;
      else return 0;
    }
    return d;
  }
  if (Is(i, "premier")) {
    *end = i + 1;
    return 1;
  }
  if (lx_.IsWord(i) && !Is(i, "un") && !Is(i, "une")) {
    auto wn = detail::ParseNumberWords(lx_, i);
    if (wn && wn->value >= 1 && wn->value <= 31) {
      *end = wn->end;
      return static_cast<int>(wn->value);
    }
  }
  return 0;
}

// [weekday [,]] day month [year]  or  month day [,] [year].
// Reads a date as ParseDmy without need_month. ParseDmy with need_month
// differs only where this returns a day without a month (the `!m` branch
// below), which need_month refuses: so it is this and a month.
bool Rules::ReadDmy(size_t i, Dmy* out) const {
  size_t j = i, e = 0;
  *out = Dmy();
  bool abbr_wd = false;
  if (lx_.IsWord(j) && WeekdayOf(F(j), lx_.hash(j), &abbr_wd) >= 0 &&
      (!abbr_wd || lx_[j].capitalized)) {
    ++j;
    if (Is(j, ".") && lx_[j].glued()) ++j;
    if (Is(j, ",")) ++j;
    if (j == i + 1 && abbr_wd) return false;  // "Mer" alone is the sea
  }
  int d = DayNumber(j, &e);
  if (d) {
    size_t k = e;
    if (Is(k, "de") || Is(k, "d'")) {
      // "3 de Sept": only when a month follows.
      size_t e2;
      if (Month(k + 1, &e2)) k = k + 1;
    }
    int m = Month(k, &e);
    int delta = 0;
    if (!m && RelativeMonth(k, &e, &delta)) {
      CivilDate c = AddMonths({ref_->year, ref_->month, 1}, delta);
      out->d = d;
      out->m = c.month;
      out->y = c.year;
      out->end = e;
      return ValidDay(out->y, out->m, out->d);
    }
    if (!m) {
      // "à 19:00", "à 19 h": a time, not a day.
      if (Is(e, ":") || Is(e, "h") || Is(e, "heures") || Is(e, "%") || (lx_.IsWord(e) && lx_[e].glued()))
        return false;
      if (j != i) return false;  // a weekday needs a month after its day here
      out->d = d;
      out->end = e;
      return true;
    }
    out->d = d;
    out->m = m;
    out->end = e;
  } else {
    // "décembre 5 2014", "Oct. 2", "fév 15, 2013".
    int m = Month(j, &e);
    // "Jan-1", "Oct/2".
    if (m && (Is(e, "-") || Is(e, "/")) && lx_[e].glued() && lx_.IsInt(e + 1, 2) && lx_[e + 1].glued()) ++e;
    if (!m || !lx_.IsInt(e, 2)) return false;
    int d2 = static_cast<int>(lx_[e].value);
    if (d2 < 1 || d2 > 31) return false;
    size_t k = e + 1;
    if (lx_.IsWord(k) && !lx_[k].capitalized && !Is(k, "au") && !Is(k, "a") && !Is(k, "et") &&
        !Is(k, "jusqu'"))
      return false;  // "mars 3 entreprises"
    if (Is(k, "/") || Is(k, ":") || Is(k, "h")) return false;
    out->d = d2;
    out->m = m;
    out->end = k;
    if (Is(k, ",") && Year4(k + 1)) out->end = k + 1;
  }
  size_t k = out->end;
  if (int y = Year4(k)) {
    out->y = y;
    out->end = k + 1;
  } else if (lx_.IsInt(k, 2) && lx_[k].digits == 2 && EndOrPunct(k + 1) && !Is(k + 1, ":") &&
             !Is(k + 1, "h") && !Is(k + 1, "%")) {
    out->y = TwoDigitYear(static_cast<int>(lx_[k].value));
    out->end = k + 1;
  }
  if (out->m && !ValidDay(out->y ? out->y : 2000, out->m, out->d)) return false;
  return true;
}

// The year of a month written without one: the reference year, or the year
// before/after when the month is 11+ months ahead / 10+ months behind.
int Rules::ResolveYear(int m) const {
  if (!ref_) return 0;
  int diff = m - ref_->month;
  if (diff >= 11) return ref_->year - 1;
  if (diff <= -10) return ref_->year + 1;
  return ref_->year;
}

std::string Rules::DayValue(int y, int m, int d) const {
  if (y) return ValidDay(y, m, d) ? IsoDay({y, m, d}) : std::string();
  if (!ref_) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "--%02d-%02d", m, d);
    return buf;
  }
  int ry = ResolveYear(m);
  // 29 February: the nearest year that has one.
  for (int delta : {0, 1, -1, 2, -2, 3, -3, 4, -4}) {
    if (ValidDay(ry + delta, m, d)) return IsoDay({ry + delta, m, d});
  }
  return std::string();
}

bool Rules::FutureContext(size_t i) const { return Tense(i) > 0; }

int Rules::Tense(size_t i) const {
  // The closer of a future marker and a past marker in the same sentence wins.
  int future = 100, past = 100;
  // "à" folds to "a" like the auxiliary; its two bytes tell them apart.
  auto past_word = [&](size_t k) {
    return IsPastWord(F(k), lx_.hash(k)) && !(F(k) == "a" && lx_[k].end - lx_[k].begin == 2);
  };
  // ".", "!" or "?" (k is a lexeme): one load of the fold's byte rather than
  // three comparisons, at each of the ten words looked at.
  auto sentence_end = [&](size_t k) {
    if (lx_[k].fold_len != 1) return false;
    const char c = lx_.fold(k)[0];
    return c == '.' || c == '!' || c == '?';
  };
  for (size_t k = i, steps = 0; k > 0 && steps < 6; ++steps) {
    --k;
    if (sentence_end(k) || lx_[k + 1].line_start) break;
    if (!lx_.IsWord(k) || lx_[k].capitalized) continue;
    if (future == 100 && IsFutureWord(F(k), lx_.hash(k))) future = static_cast<int>(i - k);
    if (past == 100 && past_word(k)) past = static_cast<int>(i - k);
  }
  for (size_t k = i + 1, steps = 0; k < lx_.size() && steps < 4; ++k, ++steps) {
    if (sentence_end(k) || lx_[k].line_start) break;
    if (!lx_.IsWord(k) || lx_[k].capitalized) continue;
    int dist = static_cast<int>(k - i);
    if (dist < future && IsFutureWord(F(k), lx_.hash(k))) future = dist;
    if (dist < past && past_word(k) && F(k) != "dernier" && F(k) != "derniere") past = dist;
  }
  if (future == past) return 0;
  return future < past ? 1 : -1;
}

void Rules::DayMonth(size_t i, Match* best) {
  size_t j = i;
  bool with_weekday = false;
  bool abbr = false;
  if (lx_.IsWord(i) && WeekdayOf(F(i), lx_.hash(i), &abbr) >= 0) {
    j = i + 1;
    if (Is(j, ".") && lx_[j].glued()) ++j;
    if (Is(j, ",")) ++j;
    with_weekday = true;
  }
  Dmy a;
  if (!ParseDmy(j, &a, true)) return;
  if (with_weekday && abbr && !(a.y || lx_[i].capitalized)) return;
  // A range: "du 10 au 22 août", "13-15 juillet", "10 juin au 1er juillet".
  int y = a.y;
  if (!y && ref_) {
    y = TenseYear(i, ResolveYear(a.m), a.m, a.d);
    if (!ValidDay(y, a.m, a.d)) y = 0;  // 29 February: DayValue finds the year
  }
  Emit(best, a.end, DayValue(y, a.m, a.d), with_weekday ? "date.weekday_day_month" : "date.day_month");
}

void Rules::Numeric(size_t i, Match* best) {
  if (!lx_.IsNumber(i) || !lx_[i].digits) return;
  if (i > 0 && lx_[i].glued() && (lx_.IsWord(i - 1) || lx_.IsNumber(i - 1))) return;
  if (i > 0 && lx_[i].glued() && (Is(i - 1, "/") || Is(i - 1, "-") || Is(i - 1, "."))) return;
  auto sep = [&](size_t k) { return Is(k, "/") || Is(k, "-") || Is(k, "."); };
  auto glued = [&](size_t k) { return k < lx_.size() && lx_[k].glued(); };
  // Guarded: casting 1e21 to int is undefined; a huge number is no date part.
  int a = lx_[i].value < 1e9 ? static_cast<int>(lx_[i].value) : -1;
  int da = lx_[i].digits;
  // Three parts, glued, same separator: Y-M-D, D/M/Y, M/D/Y.
  if (sep(i + 1) && glued(i + 1) && lx_.IsInt(i + 2, 4) && glued(i + 2) && F(i + 3) == F(i + 1) &&
      glued(i + 3) && lx_.IsInt(i + 4, 4) && glued(i + 4) &&
      !(lx_.IsNumber(i + 5) && glued(i + 5)) && !(sep(i + 5) && glued(i + 5) && lx_.IsNumber(i + 6))) {
    int b = static_cast<int>(lx_[i + 2].value), c = static_cast<int>(lx_[i + 4].value);
    int db = lx_[i + 2].digits, dc = lx_[i + 4].digits;
    int y = 0, m = 0, d = 0;
    if (da == 4 && db <= 2 && dc <= 2) {
      y = a, m = b, d = c;
      if (m > 12 && d <= 12) std::swap(m, d);  // 2020/23/09
    } else if (da <= 2 && db <= 2 && (dc == 4 || dc == 2)) {
      y = dc == 4 ? c : TwoDigitYear(c);
      d = a, m = b;
      if (m > 12 && d <= 12) std::swap(m, d);  // US order 02/22/2016
    }
    if (y && ValidDay(y, m, d)) {
      Emit(best, i + 5, IsoDay({y, m, d}), "date.numeric_dmy");
      return;
    }
  }
  // Two parts with a 4-digit year: 2016-11, 2016/11, 11/2016, 3/2015 (month grain).
  {
    size_t k = i + 1;
    if ((Is(k, "/") || Is(k, "-") || (Is(k, ".") && glued(k) && glued(k + 1))) && lx_.IsInt(k + 1, 4) &&
        !(lx_.IsNumber(k + 2) && glued(k + 2)) && !(sep(k + 2) && glued(k + 2) && lx_.IsNumber(k + 3))) {
      int b = static_cast<int>(lx_[k + 1].value), db = lx_[k + 1].digits;
      bool tight = glued(k) && glued(k + 1);
      if (da == 4 && db <= 2 && b >= 1 && b <= 12 && a >= 1000 && a < 2200 &&
          (tight || Is(k, "/") || Is(k, "-"))) {
        if (!(Is(k, "-") && lx_.IsInt(k + 1, 4) && db == 4)) {
          Emit(best, k + 2, IsoMonth(a, b), "date.numeric_year_month");
          return;
        }
      }
      if (da <= 2 && db == 4 && a >= 1 && a <= 12 && (Is(k, "/") || (Is(k, "-") && tight))) {
        int y = static_cast<int>(lx_[k + 1].value);
        if (y >= 1000 && y < 2200) {
          Emit(best, k + 2, IsoMonth(y, a), "date.numeric_month_year");
          return;
        }
      }
    }
  }
  // Day/month without year: "22/04", "le 2/3" (slash only; not a fraction).
  if (da <= 2 && Is(i + 1, "/") && glued(i + 1) && lx_.IsInt(i + 2, 2) && glued(i + 2) &&
      !(sep(i + 3) && glued(i + 3)) && !(lx_.IsNumber(i + 3) && glued(i + 3))) {
    int d = a, m = static_cast<int>(lx_[i + 2].value);
    bool cue = i > 0 && (Is(i - 1, "le") || Is(i - 1, "du") || Is(i - 1, "au") || Is(i - 1, "sur"));
    bool abbr;
    if (i > 0 && lx_.IsWord(i - 1) && WeekdayOf(F(i - 1), lx_.hash(i - 1), &abbr) >= 0)
      cue = true;
    if ((cue || da == 2 || lx_[i + 2].digits == 2) && m >= 1 && m <= 12 && d >= 1 && d <= 31 &&
        ValidDay(2000, m, d)) {
      Emit(best, i + 3, DayValue(0, m, d), "date.numeric_day_month");
    }
  }
  // Spaced day and month as forms write them, standing alone: "le 24 12 14", "17 02".
  if (da <= 2 && lx_.IsInt(i + 1, 2) && !glued(i + 1) &&
      (i == 0 || Is(i - 1, "le") || lx_[i].line_start || lx_.IsInt(i + 2, 2)) &&
      !(i > 0 && lx_.IsNumber(i - 1))) {
    int d = a, m = static_cast<int>(lx_[i + 1].value), y = 0;
    size_t end = i + 2;
    if (lx_.IsInt(i + 2, 2) && !glued(i + 2)) {
      y = TwoDigitYear(static_cast<int>(lx_[i + 2].value));
      end = i + 3;
    }
    bool after_ok = EndOrPunct(end) || (end == i + 3 && (Is(end, "a") || Is(end, "au") || Is(end, "en")));
    if (after_ok && !Is(end, ":") && !Is(end, "/") && !Is(end, "-") && m >= 1 && m <= 12 &&
        ValidDay(y ? y : 2000, m, d)) {
      Emit(best, end, DayValue(y, m, d), "date.numeric_spaced");
    }
  }
  // Spaced "2 4 2009", "20 02 2014".
  if (da <= 2 && lx_.IsInt(i + 1, 2) && lx_.IsInt(i + 2, 4) && !glued(i + 1) && !glued(i + 2) &&
      lx_[i + 2].digits == 4 && !(i > 0 && lx_.IsNumber(i - 1))) {
    int d = a, m = static_cast<int>(lx_[i + 1].value), y = static_cast<int>(lx_[i + 2].value);
    if (ValidDay(y, m, d) && !lx_.IsWord(i + 3)) Emit(best, i + 3, IsoDay({y, m, d}), "date.numeric_spaced");
  }
}

void Rules::Weekdays(size_t i, Match* best) {
  size_t start = i;
  bool abbr = false;
  size_t w = i;
  if ((Is(i, "ce") || Is(i, "cette")) && lx_.IsWord(i + 1)) w = i + 1;
  if (!lx_.IsWord(w)) return;
  int wd = WeekdayOf(F(w), lx_.hash(w), &abbr);
  if (wd < 0) return;
  if (abbr) {
    // "Jeu 15:12": an abbreviated weekday only before a time.
    if (!(lx_[w].capitalized && lx_.IsInt(w + 1, 2) && (Is(w + 2, ":") || Is(w + 2, "h")))) return;
  }
  // "Mardi gras", "Vendredi" as a name: a capitalized weekday inside a line
  // followed by a capitalized word is left alone.
  if (lx_[w].capitalized && !lx_[w].line_start && w + 1 < lx_.size() && lx_.IsWord(w + 1) &&
      lx_[w + 1].capitalized && (w == 0 || !Is(w - 1, "."))) return;
  if (Is(w + 1, "gras") || Is(w + 1, "saint")) return;
  size_t end = w + 1;
  int mode = 0;  // 0 tense, 1 next, -1 previous, 2 this week, 3 next week, -3 last week, 8/15 en huit
  auto after_unit = [&](size_t k) -> int {
    auto f = F(k);
    if (f == "prochaine" || f == "prochain" || f == "suivante" || f == "suivant" || f == "qui") return 1;
    if (f == "d'" && Is(k + 1, "apres")) return 1;
    if (f == "derniere" || f == "dernier" || f == "passee" || f == "passe" || f == "precedente") return -1;
    return 0;
  };
  size_t k = end;
  if (lx_.IsInt(k, 2) && !lx_[k].glued() && EndOrPunct(k + 1) && !Is(k + 1, ":") && !Is(k + 1, "/")) {
    // "jeudi 15": the nearest Thursday that is a 15th.
    int d = static_cast<int>(lx_[k].value);
    if (d < 1 || d > 31) return;
    std::string v;
    if (ref_) {
      for (int delta : {0, -1, 1, -2, 2, -3, 3, -4, 4, -5, 5, -6, 6, -7, 7, 8, 9, 10, 11, 12}) {
        CivilDate c = AddMonths({ref_->year, ref_->month, 1}, delta);
        if (ValidDay(c.year, c.month, d) && Weekday({c.year, c.month, d}) == wd) {
          v = IsoDay({c.year, c.month, d});
          break;
        }
      }
    }
    Emit(best, k + 1, v, "date.weekday_day");
    return;
  }
  if (Is(k, "prochain") || Is(k, "suivant")) {
    mode = 1, end = k + 1;
  } else if (Is(k, "d'") && Is(k + 1, "apres")) {
    mode = 3, end = k + 2;
  } else if (Is(k, "dernier") || Is(k, "passe")) {
    mode = -1, end = k + 1;
  } else if (Is(k, "en") && (Is(k + 1, "huit") || (lx_.IsInt(k + 1, 2) && lx_[k + 1].value == 8))) {
    mode = 8, end = k + 2;
  } else if (Is(k, "en") && (Is(k + 1, "quinze") || (lx_.IsInt(k + 1, 2) && lx_[k + 1].value == 15))) {
    mode = 15, end = k + 2;
  } else {
    size_t s = k;
    if (Is(s, "de")) ++s;
    if ((Is(s, "la") || Is(s, "cette")) && Is(s + 1, "semaine")) {
      if (Is(s, "cette")) {
        mode = 2, end = s + 2;
      } else {
        int dir = after_unit(s + 2);
        if (dir == 1) {
          mode = 3;
          end = Is(s + 2, "d'") ? s + 4 : Is(s + 2, "qui") && Is(s + 3, "suit") ? s + 4 : s + 3;
        } else if (dir == -1) {
          mode = -3, end = s + 3;
        }
      }
    }
  }
  if (!ref_) {
    Emit(best, end, std::string(), "date.weekday");
    return;
  }
  const CivilDate& r = *ref_;
  int rw = Weekday(r);
  CivilDate v;
  switch (mode) {
    case 1: v = AddDays(r, (wd - rw + 6) % 7 + 1); break;
    case -1: v = AddDays(r, -((rw - wd + 6) % 7 + 1)); break;
    case 2: v = AddDays(Monday(r), wd); break;
    case 3: v = AddDays(Monday(r), 7 + wd); break;
    case -3: v = AddDays(Monday(r), -7 + wd); break;
    case 8: v = AddDays(r, (wd - rw + 7) % 7 + 7); break;
    case 15: v = AddDays(r, (wd - rw + 7) % 7 + 14); break;
    default:
      v = FutureContext(w) ? AddDays(r, (wd - rw + 7) % 7) : AddDays(r, -((rw - wd + 7) % 7));
  }
  Emit(best, end, IsoDay(v), "date.weekday");
  (void)start;
}

void Rules::RelativeWords(size_t i, Match* best) {
  auto f = F(i);
  int delta = 0;
  size_t end = i + 1;
  if (f == "aujourd'hui") {
    // "X, aujourd'hui à la tête de": "nowadays", not a date.
    if (i > 0 && Is(i - 1, "d'")) return;
    if (i > 0 && (Is(i - 1, ",") || Is(i - 1, "(") || Is(i - 1, "est") || Is(i - 1, "sont"))) {
      auto n = F(i + 1);
      static constexpr std::string_view kNowadays[] = {
          "a", "au", "aux", "en", "dans", "chez", "sous", "sur", "la", "le", "les", "l'", "un",
          "une", "encore", "plus", "devenu", "devenue", "installe", "installee", "age", "agee",
          "retraite", "retraitee", "president", "presidente", "directeur", "directrice"};
      for (auto w : kNowadays) {
        if (n == w) return;
      }
    }
    delta = 0;
  }
  else if (f == "hier") delta = -1;
  else if (f == "demain") delta = 1;
  else if (f == "avant" && Is(i + 1, "hier")) delta = -2, end = i + 2;
  else if (f == "apres" && Is(i + 1, "demain")) delta = 2, end = i + 2;
  else if (f == "lendemain") delta = 1000;  // the day after an event, not after publication
  else if (f == "avant-hier") delta = -2;
  else if (f == "ce" && Is(i + 1, "jour") && !(i > 0 && Is(i - 1, "a"))) delta = 0, end = i + 2;
  else return;
  Emit(best, end, ref_ && delta != 1000 ? IsoDay(AddDays(*ref_, delta)) : std::string(),
       "date.relative_day");
}

// "la semaine dernière", "le mois prochain", "l'an prochain", "cette année",
// "ce trimestre", "l'été dernier", "cet hiver", "ce week-end".
void Rules::RelativeUnits(size_t i, Match* best) {
  auto det = F(i);
  bool this_det = det == "cette" || det == "ce" || det == "cet";
  bool def_det = det == "la" || det == "le" || det == "l'";
  bool dans = det == "dans" && Is(i + 1, "la") && Is(i + 2, "semaine");
  if (!this_det && !def_det && !dans) return;
  size_t u = dans ? i + 2 : i + 1;
  auto unit = F(u);
  size_t end = u + 1;
  if (unit == "week" && Is(u + 1, "end")) end = u + 2;
  int dir = 0;
  bool known = false;
  auto m = F(end);
  if (m == "dernier" || m == "derniere" || m == "passe" || m == "passee" || m == "precedent" ||
      m == "precedente") {
    dir = -1, known = true, ++end;
  } else if (m == "prochain" || m == "prochaine" || m == "suivant" || m == "suivante") {
    dir = 1, known = true, ++end;
  } else if (m == "qui" && Is(end + 1, "suit")) {
    dir = 1, known = true, end += 2;
  } else if (m == "d'" && Is(end + 1, "apres")) {
    dir = 1, known = true, end += 2;
  } else if (m == "en" && Is(end + 1, "cours")) {
    known = true, end += 2;
  } else if (m == "ci" && lx_[end].hyphen_joined) {
    known = true, ++end;
  }
  if (dans) known = true;
  if (!known && !this_det) return;
  if (!known && this_det && def_det) return;
  std::string v;
  const char* rule = "date.relative_unit";
  auto season = [&](int which, int year) -> std::string {
    // which: 0 spring, 1 summer, 2 autumn, 3 winter (starting in December of `year`).
    static constexpr int kStart[4][2] = {{3, 20}, {6, 21}, {9, 23}, {12, 21}};
    static constexpr int kEnd[4][2] = {{6, 20}, {9, 22}, {12, 20}, {3, 20}};
    CivilDate a{year, kStart[which][0], kStart[which][1]};
    CivilDate b{which == 3 ? year + 1 : year, kEnd[which][0], kEnd[which][1]};
    return IsoRange(a, b);
  };
  int which = unit == "printemps" ? 0 : unit == "ete" ? 1 : unit == "automne" ? 2 : unit == "hiver" ? 3 : -1;
  bool is_unit = unit == "semaine" || unit == "mois" || unit == "annee" || unit == "an" ||
                 unit == "trimestre" || unit == "semestre" || unit == "week" || which >= 0;
  if (!is_unit) return;
  if (unit == "an" && !known) return;       // "cet an" is not French; "l'an" needs a modifier
  if (unit == "week" && end == u + 1) return;
  if (det == "le" && (unit == "semaine" || unit == "annee" || which == 1)) return;
  if (ref_) {
    const CivilDate& r = *ref_;
    if (unit == "semaine") {
      v = IsoWeek(AddDays(r, 7 * dir));
    } else if (unit == "mois") {
      CivilDate c = AddMonths({r.year, r.month, 1}, dir);
      v = IsoMonth(c.year, c.month);
    } else if (unit == "annee" || unit == "an") {
      v = IsoYear(r.year + dir);
    } else if (unit == "trimestre") {
      int q = (r.month - 1) / 3 + dir;
      int y = r.year + (q < 0 ? -1 : q > 3 ? 1 : 0);
      v = IsoQuarter(y, (q + 4) % 4 + 1);
    } else if (unit == "semestre") {
      int s = (r.month - 1) / 6 + dir;
      int y = r.year + (s < 0 ? -1 : s > 1 ? 1 : 0);
      s = (s + 2) % 2;
      v = IsoMonthRange(y, s * 6 + 1, y, s * 6 + 6);
    } else if (unit == "week") {
      CivilDate sat = AddDays(Monday(r), 5 + 7 * dir);
      v = IsoRange(sat, AddDays(sat, 1));
    } else {
      // Seasons: the current one, or the last/next one.
      int64_t today = ToDays(r);
      int y = r.year;
      // Winter containing r may have started the previous December.
      int start_year = which == 3 && r.month <= 3 && today <= ToDays({y, 3, 20}) ? y - 1 : y;
      if (dir == -1) {
        // The last one that has ended.
        int yy = start_year;
        int end_year = which == 3 ? yy + 1 : yy;
        static constexpr int kEnd[4][2] = {{6, 20}, {9, 22}, {12, 20}, {3, 20}};
        if (ToDays({end_year, kEnd[which][0], kEnd[which][1]}) >= today) --yy;
        v = season(which, yy);
      } else if (dir == 1) {
        static constexpr int kStart[4][2] = {{3, 20}, {6, 21}, {9, 23}, {12, 21}};
        int yy = y;
        if (ToDays({yy, kStart[which][0], kStart[which][1]}) <= today) ++yy;
        v = season(which, yy);
      } else {
        v = season(which, start_year);
      }
      rule = "date.season";
    }
  }
  Emit(best, end, v, rule);
}

bool Rules::IsYearHere(size_t i) const {
  int y = Year4(i);
  if (!y) return false;
  if (i > 0 && lx_[i].glued() && (lx_.IsWord(i - 1) || lx_.IsNumber(i - 1) || Is(i - 1, "/") ||
                                  Is(i - 1, ".") || Is(i - 1, ",")))
    return false;
  if (i + 1 < lx_.size() && lx_[i + 1].glued() && (lx_.IsWord(i + 1) || lx_.IsNumber(i + 1)))
    return false;
  auto next = F(i + 1);
  if (next == "%" || next == "€" || next == "$" || next == "£" || detail::ScaleWord(next) > 0 ||
      currency_words_.Find(next))
    return false;
  if ((next == "de" || next == "d'") && i + 2 < lx_.size() && currency_words_.Find(lx_, i + 2))
    return false;
  auto prev = i > 0 ? F(i - 1) : std::string_view();
  // Strong cues make a year of any 4-digit number; weak ones ("de", "à")
  // also introduce counts ("de 2000 salariés"), so the next word decides.
  static const WordSet kStrong = MakeWordSet(
      {"en", "depuis", "ici", "avant", "apres", "vers", "pour", "an", "annee", "annees",
       "fin", "debut", "mi", "courant", "printemps", "ete", "automne", "hiver", "saison",
       "exercice", "l'an", "budget", "milieu", "janvier", "fevrier", "mars", "avril", "mai",
       "juin", "juillet", "aout", "septembre", "octobre", "novembre", "decembre", "cours",
       "partir", "durant", "pendant", "semestre", "trimestre", "election", "elections",
       "presidentielle", "mondial", "edition", "promotion", "millesime", "rentree", "campagne"});
  const uint32_t prev_hash = i > 0 ? lx_.hash(i - 1) : 0;
  bool strong = i > 0 && InSet(kStrong, prev, prev_hash);
  // "dès" folds to "des": tell them apart by their byte length.
  if (prev == "des" && lx_[i - 1].end - lx_[i - 1].begin == 4) strong = true;
  bool cue = strong || prev == "de" || prev == "d'" || prev == "a" || prev == "au" ||
             prev == "et" || prev == "ou" || prev == "entre" || prev == "dans" || prev == "des";
  static const WordSet kNotYear =
      MakeWordSet({"article", "numero", "n", "no", "page", "pages", "code", "vol", "volume",
                   "modele", "version", "route", "km", "kilometre", "chambre", "salle"});
  if (i > 0 && InSet(kNotYear, prev, prev_hash)) return false;
  if (!cue && (y < 1900 || y > 2100)) return false;
  // The year of an impossible "32 août 2014" is not a date on its own either.
  bool abbr;
  if (i >= 2 && MonthOf(prev, prev_hash, &abbr) && lx_.IsInt(i - 2, 2)) return false;
  if (i + 1 >= lx_.size() || IsPunct(i + 1)) return true;
  if (lx_.IsNumber(i + 1)) return false;
  if (!lx_.IsWord(i + 1)) return true;
  if (lx_[i + 1].capitalized) return true;
  static const WordSet kFollow = MakeWordSet(
      {"et", "a", "ou", "au", "aux", "contre", "puis", "lors", "pour", "dans", "le", "la",
       "les", "l'", "un", "une", "des", "ce", "cette", "ces", "il", "elle", "on", "ils", "elles",
       "qui", "que", "qu'", "selon", "deja", "encore", "avec", "sans", "sur", "par", "pendant",
       "avant", "apres", "jusqu'", "en", "du", "de", "d'", "mais", "alors", "lorsque", "quand",
       "son", "sa", "ses", "leur", "leurs", "nous", "vous", "je", "j'", "c'", "s'", "n'", "est",
       "etait", "sera", "a-t-il", "contre", "face", "soit", "se", "y", "ne", "notamment"});
  if (InSet(kFollow, F(i + 1), lx_.hash(i + 1))) return true;
  return strong;
}

void Rules::Years(size_t i, Match* best) {
  // "les années 1990", "années 90", "années 2000".
  {
    size_t k = i;
    if (Is(k, "les")) ++k;
    if (Is(k, "annees") && lx_.IsInt(k + 1, 4)) {  // 4 digits at most: the int cast is defined
      int v = static_cast<int>(lx_[k + 1].value);
      int decade = lx_[k + 1].digits == 4 ? v : lx_[k + 1].digits == 2 ? 1900 + v : 0;
      if (decade >= 1000 && decade < 2200 && decade % 10 == 0) {
        Emit(best, k + 2, IsoYearRange(decade, decade + 9), "date.decade");
        return;
      }
    }
  }
  if (!IsYearHere(i)) return;
  int y = Year4(i);
  // Ranges: "de 2010 à 2018", "2010-2015", "entre 2010 et 2018".
  size_t k = i + 1;
  bool hyphen = (Is(k, "-") || Is(k, "–")) && lx_.IsInt(k + 1, 4);
  bool range_word = (Is(k, "a") && i > 0 && Is(i - 1, "de")) || (Is(k, "et") && i > 0 && Is(i - 1, "entre")) ||
                    (Is(k, "au") && i > 0 && Is(i - 1, "du"));
  if ((hyphen || range_word) && lx_.IsInt(k + 1, 4)) {
    int y2 = Year4(k + 1);
    if (y2 > y && y2 - y <= 200 && !(lx_.IsWord(k + 2) && lx_[k + 2].glued())) {
      Emit(best, k + 2, IsoYearRange(y, y2), "date.year_range");
      return;
    }
  }
  Emit(best, i + 1, IsoYear(y), "date.year");
}

void Rules::Months(size_t i, Match* best) {
  size_t e;
  int m = Month(i, &e);
  if (!m) return;
  bool abbr = false;
  MonthOf(F(i), lx_.hash(i), &abbr);
  // "32 août 2014": the day rule refused it; the month alone is no date either.
  if (i > 0 && lx_.IsInt(i - 1, 2) && !lx_[i].line_start) return;
  // "Mars" the planet or brand: a capitalized "Mars" inside a sentence needs
  // a date word before it.
  if (m == 3 && lx_[i].capitalized && !lx_[i].line_start) {
    auto p = i > 0 ? F(i - 1) : std::string_view();
    if (!(p == "en" || p == "de" || p == "d'" || p == "fin" || p == "debut" || p == "mi" ||
          p == "depuis" || p == "mois" || p == "courant" || Year4(e)))
      return;
  }
  if (int y = Year4(e)) {
    Emit(best, e + 1, IsoMonth(y, m), "date.month_year");
    return;
  }
  if (lx_.IsInt(e, 2) && lx_[e].digits == 2 && EndOrPunct(e + 1) && !Is(e + 1, ":") && !Is(e + 1, "/")) {
    Emit(best, e + 1, IsoMonth(TwoDigitYear(static_cast<int>(lx_[e].value)), m), "date.month_year");
    return;
  }
  if (abbr) return;  // a bare abbreviation is not a date ("sept", "dec")
  int y = TenseYear(i, ResolveYear(m), m, 0);
  Emit(best, e, y ? IsoMonth(y, m) : std::string(), "date.month");
}

// "fin septembre", "début 2024", "mi-2025", "début du mois d'avril", "en fin de mois".
void Rules::Periods(size_t i, Match* best) {
  auto f = F(i);
  int part;  // 0 start, 1 middle, 2 end
  if (f == "debut") part = 0;
  else if (f == "mi" || f == "milieu") part = 1;
  else if (f == "fin") part = 2;
  else return;
  size_t k = i + 1;
  if (Is(k, "-") && lx_[k].glued() && lx_.IsNumber(k + 1) && lx_[k + 1].glued()) ++k;  // "mi-2026"
  // Relative: "en fin de mois", "en début de semaine", "en fin d'année".
  size_t unit = 0;
  if (Is(k, "de") || Is(k, "d'")) unit = k + 1;
  if (Is(k, "du")) unit = k + 1;
  if (Is(k, "de") && (Is(k + 1, "la") || Is(k + 1, "l'"))) unit = k + 2;
  if (unit && (Is(unit, "mois") || Is(unit, "semaine") || Is(unit, "annee")) &&
      !(Is(unit + 1, "de") || Is(unit + 1, "d'") || Is(unit + 1, "prochain") ||
        Is(unit + 1, "prochaine") || Is(unit + 1, "dernier") || Is(unit + 1, "derniere"))) {
    k = unit - 1;
    std::string v;
    if (ref_) {
      const CivilDate& r = *ref_;
      if (Is(k + 1, "mois")) {
        CivilDate base = {r.year, r.month, 1};
        if (part == 0 && r.day > 10) base = AddMonths(base, 1);
        int dim = DaysInMonth(base.year, base.month);
        int a = part == 0 ? 1 : part == 1 ? 11 : 21, b = part == 0 ? 10 : part == 1 ? 20 : dim;
        v = IsoRange({base.year, base.month, a}, {base.year, base.month, b});
      } else if (Is(k + 1, "semaine")) {
        CivilDate mon = Monday(r);
        int a = part == 0 ? 0 : part == 1 ? 2 : 3, b = part == 0 ? 1 : part == 1 ? 3 : 6;
        v = IsoRange(AddDays(mon, a), AddDays(mon, b));
      } else {
        int a = part == 0 ? 1 : part == 1 ? 5 : 10, b = part == 0 ? 3 : part == 1 ? 8 : 12;
        v = IsoMonthRange(r.year, a, r.year, b);
      }
    }
    Emit(best, k + 2, v, "date.period_relative");
    return;
  }
  // "début du mois d'avril", "fin du mois de mars", "fin de l'année 2024".
  if (Is(k, "du") && Is(k + 1, "mois") && (Is(k + 2, "de") || Is(k + 2, "d'"))) k += 3;
  else if ((Is(k, "de") || Is(k, "d'")) && !(Is(k + 1, "l'") || Is(k + 1, "la"))) ++k;
  size_t e;
  int m = Month(k, &e);
  if (m) {
    int y = Year4(e);
    if (y) ++e;
    if (!y) y = ResolveYear(m);
    std::string v;
    if (y) {
      int dim = DaysInMonth(y, m);
      int a = part == 0 ? 1 : part == 1 ? 10 : 21, b = part == 0 ? 5 : part == 1 ? 19 : dim;
      v = IsoRange({y, m, a}, {y, m, b});
    }
    Emit(best, e, v, "date.period_month");
    return;
  }
  if (int y = Year4(k); y && !(lx_.IsWord(k + 1) && lx_[k + 1].glued())) {
    int a = part == 0 ? 1 : part == 1 ? 6 : 10, b = part == 0 ? 3 : part == 1 ? 7 : 12;
    Emit(best, k + 1, IsoMonthRange(y, a, y, b), "date.period_year");
  }
}

// "au troisième trimestre", "T3 2025", "3T", "Q1", "premier semestre 2024".
void Rules::Quarters(size_t i, Match* best) {
  int q = 0;
  bool semester = false;
  size_t k = i;
  size_t e = 0;
  bool cue = i > 0 && (Is(i - 1, "au") || Is(i - 1, "du") || Is(i - 1, "le") || Is(i - 1, "ce") ||
                       Is(i - 1, "en") || Is(i - 1, "sur") || Is(i - 1, "chaque") ||
                       Is(i - 1, "(") || Is(i - 1, ",") || Is(i - 1, "au-dela"));
  int ord = OrdinalAt(lx_, i, &e);
  if (ord && (Is(e, "trimestre") || Is(e, "semestre"))) {
    semester = Is(e, "semestre");
    q = ord;
    k = e + 1;
    cue = true;
  } else if (Is(i, "dernier") && Is(i + 1, "trimestre")) {
    q = 4, k = i + 2, cue = true;
  } else if ((Is(i, "t") || Is(i, "q") || Is(i, "s") || Is(i, "h")) && lx_.IsInt(i + 1, 1) &&
             lx_[i + 1].glued() && !(lx_.IsWord(i + 2) && lx_[i + 2].glued()) &&
             !(lx_.IsNumber(i + 2) && lx_[i + 2].glued())) {
    q = static_cast<int>(lx_[i + 1].value);
    semester = Is(i, "s") || Is(i, "h");
    k = i + 2;
    if (!lx_[i].capitalized) return;
  } else if (lx_.IsInt(i, 1) && Is(i + 1, "t") && lx_[i + 1].glued() &&
             !(lx_.IsWord(i + 2) && lx_[i + 2].glued())) {
    q = static_cast<int>(lx_[i].value);
    k = i + 2;
  } else {
    return;
  }
  if (q < 1 || q > (semester ? 2 : 4)) return;
  int y = Year4(k);
  if (y) {
    ++k;
  } else if ((Is(k, "de") || Is(k, "d'")) && Year4(k + 1)) {
    y = Year4(k + 1);
    k += 2;
  } else if (lx_.IsInt(k, 2) && lx_[k].digits == 2 && !lx_[k].glued() && EndOrPunct(k + 1)) {
    y = 2000 + static_cast<int>(lx_[k].value);
    ++k;
  }
  if (!y && !cue) return;
  if (!y && ref_) {
    int rq = semester ? (ref_->month - 1) / 6 + 1 : (ref_->month - 1) / 3 + 1;
    y = ref_->year - (!semester && q - rq >= 2 ? 1 : 0);
  }
  std::string v;
  if (y) v = semester ? IsoMonthRange(y, q * 6 - 5, y, q * 6) : IsoQuarter(y, q);
  Emit(best, k, v, semester ? "date.semester" : "date.quarter");
}

// "il y a trois jours", "dans deux semaines", "les 30 derniers jours".
void Rules::Ago(size_t i, Match* best) {
  auto unit_of = [&](size_t k, int* days, int* months) -> bool {
    auto u = F(k);
    *days = 0, *months = 0;
    if (u == "jour" || u == "jours") *days = 1;
    else if (u == "semaine" || u == "semaines") *days = 7;
    else if (u == "mois") *months = 1;
    else if (u == "an" || u == "ans" || u == "annee" || u == "annees") *months = 12;
    else if (u == "heure" || u == "heures" || u == "h") *days = -1;  // hours
    else if (u == "minute" || u == "minutes" || u == "min") *days = -2;
    else return false;
    return true;
  };
  auto count_at = [&](size_t k, size_t* end) -> double {
    if (lx_.IsNumber(k) && !lx_[k].decimal) {
      *end = k + 1;
      return lx_[k].value;
    }
    if (auto wn = detail::ParseNumberWords(lx_, k)) {
      *end = wn->end;
      return wn->value;
    }
    return -1;
  };
  int sign = 0;
  size_t k = i;
  if (Is(i, "il") && Is(i + 1, "y") && Is(i + 2, "a")) sign = -1, k = i + 3;
  else if (Is(i, "il") && Is(i + 1, "ya")) sign = -1, k = i + 2;
  else if (Is(i, "dans") && !Is(i + 1, "les") && !Is(i + 1, "la")) sign = 1, k = i + 1;
  if (sign) {
    if (Is(k, "environ") || Is(k, "quelque")) ++k;
    else if (Is(k, "a") && Is(k + 1, "peu") && Is(k + 2, "pres")) k += 3;
    else if (Is(k, "pres") && (Is(k + 1, "de") || Is(k + 1, "d'"))) k += 2;
    int64_t days = 0, months = 0;
    double hours = 0;
    size_t end = 0;
    for (int part = 0; part < 7; ++part) {
      size_t e;
      double n = count_at(k, &e);
      int d, m;
      if (n < 0 || !unit_of(e, &d, &m)) break;
      if (d == -1) hours += n;
      else if (d == -2) hours += n / 60;
      else {
        // Capped so that the cast and the sums stay defined on "1e300 ans";
        // such counts get no value below.
        int64_t count = static_cast<int64_t>(std::min(n, 1e12));
        days += count * d, months += count * m;
      }
      end = e + 1;
      k = end;
      if (Is(k, ",") || Is(k, "et")) ++k;
    }
    if (!end) return;
    std::string v;
    // Beyond ten thousand years ("il y a 13,8 milliards d'années") there is
    // no calendar day to give, and the month count would overflow an int.
    constexpr int64_t kMaxMonths = 12 * 10000, kMaxDays = 366 * 10000;
    if (ref_ && months <= kMaxMonths && days <= kMaxDays && hours <= 24.0 * kMaxDays) {
      CivilDate c = AddMonths(*ref_, static_cast<int>(sign * months));
      c = AddDays(c, sign * (days + static_cast<int64_t>(hours / 24 + 0.5)));
      v = IsoDay(c);
    }
    Emit(best, end, v, sign < 0 ? "date.ago" : "date.in");
    return;
  }
  // "N jours plus tard", "les N derniers jours", "au cours des N derniers mois".
  k = i;
  if (Is(k, "les") || Is(k, "des")) ++k;
  bool last_first = Is(k, "derniers") || Is(k, "dernieres") || Is(k, "derniere") || Is(k, "dernier");
  if (last_first) ++k;
  size_t e;
  double n = count_at(k, &e);
  if (n < 1 || n > 1000) return;
  int d, m;
  size_t ue = e;
  bool last = last_first;
  bool next = false;
  if (!last_first && (Is(e, "derniers") || Is(e, "dernieres") || Is(e, "dernier"))) last = true, ++ue;
  else if (!last_first && (Is(e, "prochains") || Is(e, "prochaines"))) next = true, ++ue;
  if (!unit_of(ue, &d, &m) || d < 0) return;
  size_t end = ue + 1;
  if (!last && !next) {
    if (Is(end, "plus") && Is(end + 1, "tard")) {
      // Later than a narrated event, not than the publication: no value.
      Emit(best, end + 2, std::string(), "date.later");
    }
    return;
  }
  std::string v;
  if (ref_) {
    const CivilDate& r = *ref_;
    int64_t cnt = static_cast<int64_t>(n);
    if (d == 1) {
      v = last ? IsoRange(AddDays(r, -cnt), AddDays(r, -1)) : IsoRange(AddDays(r, 1), AddDays(r, cnt));
    } else if (d == 7) {
      CivilDate mon = Monday(r);
      v = last ? IsoRange(AddDays(mon, -7 * cnt), AddDays(mon, -1))
               : IsoRange(AddDays(mon, 7), AddDays(mon, 7 * cnt + 6));
    } else {
      int months_n = static_cast<int>(cnt) * m;
      CivilDate first = {r.year, r.month, 1};
      if (last) {
        CivilDate a = AddMonths(first, -months_n), b = AddDays(first, -1);
        v = IsoRange(a, b);
      } else {
        CivilDate a = AddMonths(first, 1), b = AddDays(AddMonths(first, months_n + 1), -1);
        v = IsoRange(a, b);
      }
    }
  }
  Emit(best, end, v, "date.last_n");
}

// "du 10 au 22 août", "13-15 juillet", "entre le 13 et le 15 juillet",
// "10 juin au 1er juillet", "Novembre 19 au 20", "4 au 23 du mois prochain".
void Rules::Ranges(size_t i, Match* best) {
  Dmy a;
  if (!(lx_.IsNumber(i) || lx_.IsWord(i)) || !ParseDmy(i, &a, false)) return;
  bool entre = i > 0 && ((Is(i - 1, "le") && i > 1 && Is(i - 2, "entre")) || Is(i - 1, "entre"));
  bool du = i > 0 && Is(i - 1, "du");
  size_t c = a.end;
  bool conn = false;
  if (Is(c, "au") || Is(c, "a") || Is(c, "-") || Is(c, "–")) {
    conn = true, ++c;
  } else if (Is(c, "jusqu'") && (Is(c + 1, "au") || Is(c + 1, "a"))) {
    conn = true, c += 2;
  } else if (Is(c, "et") && entre) {
    conn = true, ++c;
  } else if ((Is(c, "et") || Is(c, "ou") || Is(c, ",")) && !a.m) {
    // "les 16 et 23 août": two days; the first takes the second's month.
    size_t c2 = c + 1;
    if (Is(c2, "le")) ++c2;
    Dmy b;
    if (ParseDmy(c2, &b, true) && a.end > best->end) {
      Emit(best, a.end, DayValue(b.y, b.m, a.d), "date.day_of_list");
    }
    return;
  }
  if (!conn) return;
  if (Is(c, "le")) ++c;
  Dmy b;
  if (!ParseDmy(c, &b, false)) return;
  if (!b.m && a.m) {
    // "Novembre 19 au 20": the second day takes the first one's month.
    b.m = a.m;
    if (!b.y) b.y = a.y;
  }
  if (!b.m) {
    // "entre le 13 et le 18": days of the reference month.
    if (!(entre || du) || !ref_ || !EndOrPunct(b.end)) return;
    b.m = ref_->month;
    b.y = ref_->year;
  }
  if (b.end <= best->end) return;
  if (!a.m) a.m = b.m;
  int yb = b.y ? b.y : ResolveYear(b.m);
  int ya = a.y ? a.y : (a.m > b.m ? yb - 1 : yb);
  std::string v;
  if (yb) {
    if (!ValidDay(ya, a.m, a.d) || !ValidDay(yb, b.m, b.d) ||
        ToDays({ya, a.m, a.d}) > ToDays({yb, b.m, b.d}))
      return;
    v = IsoRange({ya, a.m, a.d}, {yb, b.m, b.d});
  }
  Emit(best, b.end, v, "date.day_range");
}

// "la semaine du 7 octobre", "la première semaine d'octobre 2014",
// "la deuxième quinzaine d'avril", "le premier mercredi de juillet".
void Rules::Weeks(size_t i, Match* best) {
  size_t k = i;
  if (Is(k, "la") || Is(k, "le") || Is(k, "l'")) ++k;
  if (Is(k, "semaine") && Is(k + 1, "du")) {
    Dmy d;
    if (ParseDmy(k + 2, &d, true)) {
      std::string v;
      int y = d.y ? d.y : ResolveYear(d.m);
      if (y) {
        CivilDate mon = Monday({y, d.m, d.d});
        v = IsoRange(mon, AddDays(mon, 6));
      }
      Emit(best, d.end, v, "date.week_of");
    }
    return;
  }
  size_t e;
  int n = OrdinalAt(lx_, k, &e);
  bool last = false;
  if (!n && (Is(k, "derniere") || Is(k, "dernier"))) n = 1, last = true, e = k + 1;
  if (!n || n > 5) return;
  bool abbr;
  int wd = lx_.IsWord(e) ? WeekdayOf(F(e), lx_.hash(e), &abbr) : -1;
  if (wd >= 0 && abbr) return;
  bool week = Is(e, "semaine"), fortnight = Is(e, "quinzaine"), day = Is(e, "jour");
  if (!week && !fortnight && !day && wd < 0) return;
  size_t c = e + 1;
  if (!(Is(c, "de") || Is(c, "d'") || Is(c, "du"))) return;
  int m = 0, y = 0;
  size_t end;
  int delta;
  if (Is(c, "du") && RelativeMonth(c, &end, &delta)) {
    CivilDate x = AddMonths({ref_->year, ref_->month, 1}, delta);
    m = x.month, y = x.year;
  } else {
    if (Is(c + 1, "mois") && (Is(c + 2, "de") || Is(c + 2, "d'"))) c += 2;
    m = Month(c + 1, &end);
    if (!m) return;
    if (int yy = Year4(end)) {
      y = yy, ++end;
    } else {
      y = ResolveYear(m);
    }
  }
  std::string v;
  if (y) {
    int dim = DaysInMonth(y, m);
    if (day) {
      if (last || !ValidDay(y, m, n)) return;
      v = IsoDay({y, m, n});
    } else if (fortnight) {
      if (n > 2) return;
      v = last || n == 2 ? IsoRange({y, m, 15}, {y, m, dim}) : IsoRange({y, m, 1}, {y, m, 14});
    } else if (week) {
      // Weeks that start on a Monday inside the month.
      CivilDate first = {y, m, 1};
      CivilDate mon = AddDays(first, (7 - Weekday(first)) % 7);
      if (last) {
        CivilDate lastday = {y, m, dim};
        CivilDate sun = AddDays(lastday, -((Weekday(lastday) + 1) % 7));
        mon = AddDays(sun, -6);
      } else {
        mon = AddDays(mon, 7 * (n - 1));
      }
      v = IsoRange(mon, AddDays(mon, 6));
    } else {
      CivilDate first = {y, m, 1};
      CivilDate day = AddDays(first, (wd - Weekday(first) + 7) % 7 + 7 * (n - 1));
      if (last) {
        CivilDate lastday = {y, m, dim};
        day = AddDays(lastday, -((Weekday(lastday) - wd + 7) % 7));
      }
      if (day.month != m) return;
      v = IsoDay(day);
    }
  }
  Emit(best, end, v, "date.nth_in_month");
}

// "le 16" closing a clause: a day of the reference month.
void Rules::BareDay(size_t i, Match* best) {
  if (!ref_ || i == 0 || !Is(i - 1, "le") || !lx_.IsInt(i, 2) || !EndOrPunct(i + 1)) return;
  if (Is(i + 1, ":") || Is(i + 1, "/") || Is(i + 1, "-") || Is(i + 1, "%") ||
      (Is(i + 1, ".") && lx_.IsNumber(i + 2)))
    return;
  int d = static_cast<int>(lx_[i].value);
  if (!ValidDay(ref_->year, ref_->month, d)) return;
  Emit(best, i + 1, IsoDay({ref_->year, ref_->month, d}), "date.bare_day");
}

void Rules::Holidays(size_t i, Match* best) {
  size_t k = i;
  if (Is(k, "jour") && (Is(k + 1, "de") || Is(k + 1, "d'"))) {
    k += 2;
    if (Is(k, "la") || Is(k, "l'")) ++k;
  }
  auto f = F(k);
  int m = 0, d = 0;
  bool easter = false;
  int easter_offset = 0;
  size_t end = k + 1;
  if (f == "noel") {
    if (k > 0 && (Is(k - 1, "pere") || Is(k - 1, "peres"))) return;
    if (lx_.IsWord(k + 1) && lx_[k + 1].capitalized) return;  // "Noël Mamère"
    m = 12, d = 25;
  } else if (f == "toussaint") {
    m = 11, d = 1;
  } else if (f == "saint" && Is(k + 1, "sylvestre")) {
    m = 12, d = 31, end = k + 2;
  } else if (f == "saint" && Is(k + 1, "valentin")) {
    m = 2, d = 14, end = k + 2;
  } else if (f == "nouvel" && Is(k + 1, "an")) {
    m = 1, d = 1, end = k + 2;
  } else if (f == "an" && k == i + 2 && Is(i, "jour")) {
    m = 1, d = 1;
  } else if (f == "assomption") {
    m = 8, d = 15;
  } else if (f == "paques") {
    easter = true;
  } else if (f == "pentecote") {
    easter = true, easter_offset = 49;
  } else {
    return;
  }
  int y = Year4(end);
  if (y) ++end;
  else if (ref_) y = ref_->year;
  std::string v;
  if (y) {
    CivilDate c = easter ? AddDays(Easter(y), easter_offset) : CivilDate{y, m, d};
    v = IsoDay(c);
  } else if (!easter) {
    v = DayValue(0, m, d);
  }
  Emit(best, end, v, "date.holiday");
}

bool Rules::At(size_t i, uint32_t rules, Match* best) {
  best->end = 0;
  // Same order as always: on equal length the earlier rule keeps the match.
  if (lx_.IsWord(i)) {
    if (rules & kRuleDayMonth) DayMonth(i, best);
    if (rules & kRuleWeekdays) Weekdays(i, best);
    if (rules & kRuleRelativeWords) RelativeWords(i, best);
    if (rules & kRuleRelativeUnits) RelativeUnits(i, best);
    if (rules & kRuleYears) Years(i, best);
    if (rules & kRuleMonths) Months(i, best);
    if (rules & kRulePeriods) Periods(i, best);
    if (rules & kRuleQuarters) Quarters(i, best);
    if (rules & kRuleAgo) Ago(i, best);
    if (rules & kRuleHolidays) Holidays(i, best);
  } else if (lx_.IsNumber(i)) {
    if (rules & kRuleDayMonth) DayMonth(i, best);
    if (rules & kRuleNumeric) Numeric(i, best);
    if (rules & kRuleYears) Years(i, best);
    if (rules & kRuleQuarters) Quarters(i, best);
    if (rules & kRuleAgo) Ago(i, best);
  }
  if (rules & kRuleRanges) Ranges(i, best);
  if (rules & kRuleWeeks) Weeks(i, best);
  if (rules & kRuleBareDay) BareDay(i, best);
  return best->end != 0;
}

// The rules that can match starting at a word, by its folded form. Most words
// start none, and the matcher skips them after one filter test. The most
// common words that do ("le", "la", "les", "des", "un", "ce", "il", "dans")
// start a rule only before a few words, so their entry also says which
// rules need which kind of next lexeme (NextClass). Each entry follows from
// the first tests of the rules it names:
//  - DayMonth, Ranges (ParseDmy): "premier", a month; a weekday before "."
//    ",", a weekday, a month or a day; a number word other than "un"/"une" (DayNumber refuses
//    them) before another, a day suffix or month word (kNextDayNext) or a
//    range connector;
//  - Weekdays: a weekday, or "ce"/"cette" before one;
//  - RelativeWords: its words; "ce" before "jour", "avant" before "hier",
//    "apres" before "demain";
//  - RelativeUnits: "ce" "cette" "cet" "la" "le" "l'" before a unit (the
//    rule's is_unit), "dans" before "la";
//  - Years: "annees", "les" before "annees"; Months: a month;
//  - Periods: "debut", "mi", "milieu", "fin";
//  - Quarters: an ordinal (OrdinalAt), "dernier", "t" "q" "s" "h" before a
//    number;
//  - Ago: "il" before "y"/"ya"; "dans" before a count or the words that may
//    precede it; "les", "des", "dernier(e)(s)" before a count or
//    "dernier(e)(s)"; a number word before another, a unit, "dernier(e)(s)"
//    or "prochain(e)s" (what may follow the count);
//  - Holidays: the holidays' names; "jour" before "de"/"d'", "saint"
//    before "sylvestre"/"valentin", "nouvel" before "an";
//  - Weeks: an ordinal, "dernier(e)"; "semaine" before "du"; "la" "le" "l'"
//    before "semaine", an ordinal, "dernier(e)" or a number.
// Numbers may start any rule. DEPECHE_CHECK_DATE_TRIGGERS checks all this.
enum NextClass : uint32_t {
  kNextNumber = 1 << 0,    // any number lexeme
  kNextUnit = 1 << 1,      // a RelativeUnits unit
  kNextWeekday = 1 << 2,
  kNextJour = 1 << 3,
  kNextWeeks = 1 << 4,     // "semaine", an ordinal, "dernier(e)"
  kNextAnnees = 1 << 5,
  kNextCount = 1 << 6,     // a number word, "dernier(e)(s)"
  kNextAfterCount = 1 << 7,  // a number word, an Ago unit, "dernier(e)(s)", "prochain(e)s"
  kNextYa = 1 << 8,        // "y", "ya"
  kNextLa = 1 << 9,
  kNextDansAgo = 1 << 10,  // a number word, "environ" "quelque" "a" "pres"
  kNextHier = 1 << 11,
  kNextDemain = 1 << 12,
  kNextDe = 1 << 13,       // "de", "d'"
  kNextSaint = 1 << 14,    // "sylvestre", "valentin"
  kNextDu = 1 << 15,
  // After a day number: what DayNumber and ParseDmy (with a month) read.
  kNextDayNext = 1 << 16,  // "er" "e" "eme", a month, "de" "d'" "du" "ce" "cette" "mois"
  kNextRange = 1 << 17,    // a Ranges connector: "au" "a" "-" "–" "jusqu'" "et" "ou" ","
  kNextOrdinal = 1 << 18,  // an OrdinalAt suffix: "er" "ere" "e" "eme" "nd" "nde" "d"
  kNextT = 1 << 19,        // "t" ("3T")
  // After a weekday, what ParseDmy reads: "." ",", a weekday, a month, a
  // day ("premier", a number word; numbers are kNextNumber).
  kNextAfterWeekday = 1 << 20,
  // After a number, what Numeric reads next (besides a number): "/" "-" ".".
  kNextSep = 1 << 21,
};

struct Trigger {
  uint32_t rules = 0;       // rules the word may always start
  uint32_t next_class = 0;  // NextClass bits of the word as a next lexeme
  struct Cond {
    uint32_t rules = 0;  // rules the word may start ...
    uint32_t need = 0;   // ... when the next lexeme has one of these bits
  };
  Cond cond[4];
  uint8_t conds = 0;
};

// Two tables: the words that start rules, and the NextClass of words (kept
// apart so that the scan's filter does not pass "de", "a" or ",").
struct DateWords {
  detail::WordMap<Trigger> starts;
  detail::WordMap<uint32_t> next;
  // The words of `starts` that start a rule whatever follows (Trigger::rules
  // not zero); only its filter is used.
  detail::WordMap<char> always;
};

const DateWords& WordTriggers() {
  static const DateWords kMap = [] {
    std::vector<std::pair<std::string, Trigger>> words;
    auto entry = [&](std::string_view w) -> Trigger& {
      for (auto& e : words) {
        if (e.first == w) return e.second;
      }
      words.emplace_back(std::string(w), Trigger());
      return words.back().second;
    };
    auto add = [&](std::string_view w, uint32_t bits) { entry(w).rules |= bits; };
    auto add_if = [&](std::string_view w, uint32_t bits, uint32_t need) {
      Trigger& t = entry(w);
      for (int k = 0; k < t.conds; ++k) {
        if (t.cond[k].need == need) {
          t.cond[k].rules |= bits;
          return;
        }
      }
      if (t.conds == 4) std::abort();  // the table above never needs more
      t.cond[t.conds++] = {bits, need};
    };
    auto cls = [&](std::string_view w, uint32_t bits) { entry(w).next_class |= bits; };
    static constexpr std::string_view kOrdinals[] = {"premier",   "premiere",  "deuxieme",
                                                     "troisieme", "quatrieme", "cinquieme",
                                                     "sixieme",   "second",    "seconde"};
    static constexpr std::string_view kDernier[] = {"dernier", "derniere", "derniers", "dernieres"};
    const uint32_t dmy = kRuleDayMonth | kRuleRanges;
    // Rules.
    for (auto w : kWeekdayFull) add(w, kRuleWeekdays);
    for (auto w : kWeekdayAbbr) add(w, kRuleWeekdays);
    for (auto w : kWeekdayFull) add_if(w, dmy, kNextAfterWeekday | kNextNumber);
    for (auto w : kWeekdayAbbr) add_if(w, dmy, kNextAfterWeekday | kNextNumber);
    for (const auto& m : kMonths) add(m.w, dmy | kRuleMonths);
    for (auto w : detail::NumberWords()) {
      if (w != "un" && w != "une") add_if(w, dmy, kNextDayNext | kNextRange | kNextCount);
      add_if(w, kRuleAgo, kNextAfterCount);
    }
    add("premier", dmy);
    for (auto w : kOrdinals) add(w, kRuleQuarters | kRuleWeeks);
    add("dernier", kRuleQuarters | kRuleWeeks);
    add("derniere", kRuleWeeks);
    for (auto w : kDernier) add_if(w, kRuleAgo, kNextCount | kNextNumber);
    for (auto w : {"t", "q", "s", "h"}) add_if(w, kRuleQuarters, kNextNumber);
    add_if("ce", kRuleWeekdays, kNextWeekday);
    add_if("cette", kRuleWeekdays, kNextWeekday);
    add_if("ce", kRuleRelativeWords, kNextJour);
    for (auto w : {"ce", "cette", "cet", "la", "le", "l'"}) add_if(w, kRuleRelativeUnits, kNextUnit);
    for (auto w : {"la", "le", "l'"}) add_if(w, kRuleWeeks, kNextWeeks | kNextNumber);
    add_if("dans", kRuleRelativeUnits, kNextLa);
    add_if("dans", kRuleAgo, kNextDansAgo | kNextNumber);
    for (auto w : {"aujourd'hui", "hier", "demain", "lendemain", "avant-hier"})
      add(w, kRuleRelativeWords);
    add_if("avant", kRuleRelativeWords, kNextHier);
    add_if("apres", kRuleRelativeWords, kNextDemain);
    add_if("les", kRuleYears, kNextAnnees);
    add("annees", kRuleYears);
    for (auto w : {"les", "des"}) add_if(w, kRuleAgo, kNextCount | kNextNumber);
    add_if("il", kRuleAgo, kNextYa);
    for (auto w : {"debut", "mi", "milieu", "fin"}) add(w, kRulePeriods);
    for (auto w : {"noel", "toussaint", "assomption", "paques", "pentecote"}) add(w, kRuleHolidays);
    add_if("jour", kRuleHolidays, kNextDe);
    add_if("saint", kRuleHolidays, kNextSaint);
    add_if("nouvel", kRuleHolidays, kNextUnit);
    add_if("semaine", kRuleWeeks, kNextDu);
    // Next-lexeme classes.
    for (auto w : {"semaine", "mois", "annee", "an", "trimestre", "semestre", "week", "printemps",
                   "ete", "automne", "hiver"})
      cls(w, kNextUnit);
    for (auto w : kWeekdayFull) cls(w, kNextWeekday);
    for (auto w : kWeekdayAbbr) cls(w, kNextWeekday);
    cls("jour", kNextJour);
    cls("semaine", kNextWeeks);
    for (auto w : kOrdinals) cls(w, kNextWeeks);
    for (auto w : {"dernier", "derniere"}) cls(w, kNextWeeks);
    cls("annees", kNextAnnees);
    for (auto w : detail::NumberWords()) cls(w, kNextCount | kNextAfterCount | kNextDansAgo);
    for (auto w : kDernier) cls(w, kNextCount | kNextAfterCount);
    for (auto w : {"jour", "jours", "semaine", "semaines", "mois", "an", "ans", "annee", "annees",
                   "heure", "heures", "h", "minute", "minutes", "min", "prochains", "prochaines"})
      cls(w, kNextAfterCount);
    for (auto w : {"y", "ya"}) cls(w, kNextYa);
    cls("la", kNextLa);
    for (auto w : {"environ", "quelque", "a", "pres"}) cls(w, kNextDansAgo);
    cls("hier", kNextHier);
    cls("demain", kNextDemain);
    for (auto w : {"de", "d'"}) cls(w, kNextDe);
    for (auto w : {"sylvestre", "valentin"}) cls(w, kNextSaint);
    cls("du", kNextDu);
    for (auto w : {"er", "e", "eme", "de", "d'", "du", "ce", "cette", "mois"}) cls(w, kNextDayNext);
    for (const auto& m : kMonths) cls(m.w, kNextDayNext);
    for (auto w : {"au", "a", "-", "–", "jusqu'", "et", "ou", ","}) cls(w, kNextRange);
    for (auto w : {"er", "ere", "e", "eme", "nd", "nde", "d"}) cls(w, kNextOrdinal);
    cls("t", kNextT);
    for (auto w : {".", ",", "premier"}) cls(w, kNextAfterWeekday);
    for (auto w : detail::NumberWords()) cls(w, kNextAfterWeekday);
    for (auto w : kWeekdayFull) cls(w, kNextAfterWeekday);  // ParseDmy skips one more
    for (auto w : kWeekdayAbbr) cls(w, kNextAfterWeekday);
    for (const auto& m : kMonths) cls(m.w, kNextAfterWeekday);  // "lundi décembre 5"
    for (auto w : {"/", "-", "."}) cls(w, kNextSep);
    DateWords m;
    m.starts.PassNumbers();  // numbers may start any rule: the scan's filter passes them
    for (const auto& e : words) {
      if (e.second.rules || e.second.conds) m.starts.Insert(e.first, e.second);
      if (e.second.rules) m.always.Insert(e.first, 1);
      if (e.second.next_class) m.next.Insert(e.first, e.second.next_class);
    }
    return m;
  }();
  return kMap;
}

// The NextClass bits of lexeme i.
inline uint32_t NextClassAt(const DateWords& triggers, const Lexemes& lx, size_t i) {
  if (lx.IsNumber(i)) return kNextNumber;
  const uint32_t* n = triggers.next.Find(lx, i);
  return n ? *n : 0;
}

// The rules that may start at number i. A day, month, ordinal or quarter
// number has at most two digits (IsInt(i, 2) in DayNumber, OrdinalAt,
// Quarters, BareDay), a year four (Year4); Numeric wants a plain integer
// before a separator or a number (kNextSep).
// After a day, DayMonth needs a suffix or a month (kNextDayNext), Ranges
// that or a connector; Weeks needs an ordinal suffix, Quarters that or "T".
// Ago counts any number but only before a unit, "dernier(e)(s)" or
// "prochain(e)s" (kNextAfterCount).
uint32_t NumberRules(const DateWords& triggers, const Lexemes& lx, size_t i) {
  const unsigned digits = lx[i].digits;
  const uint32_t next = NextClassAt(triggers, lx, i + 1);
  // Every form Numeric reads has a separator or another number next.
  uint32_t rules = digits && (next & (kNextNumber | kNextSep)) ? uint32_t{kRuleNumeric} : 0;
  if (digits >= 1 && digits <= 2) {
    rules |= kRuleBareDay;
    if (next & kNextDayNext) rules |= kRuleDayMonth;
    if (next & (kNextDayNext | kNextRange)) rules |= kRuleRanges;
    if (next & kNextOrdinal) rules |= kRuleWeeks;
    if (next & (kNextOrdinal | kNextT)) rules |= kRuleQuarters;
  }
  if (digits == 4) rules |= kRuleYears;
  if (next & kNextAfterCount) rules |= kRuleAgo;
  return rules;
}

// The rules that may start at word i (see WordTriggers).
uint32_t WordRules(const DateWords& triggers, const Lexemes& lx, size_t i) {
  const Trigger* t = triggers.starts.Find(lx, i);
  if (!t) return 0;
  uint32_t rules = t->rules;
  if (t->conds) {
    uint32_t next = NextClassAt(triggers, lx, i + 1);
    for (int k = 0; k < t->conds; ++k) {
      if (next & t->cond[k].need) rules |= t->cond[k].rules;
    }
  }
  return rules;
}

class RuleDates : public DateMatcher {
 public:
  explicit RuleDates(detail::WordMap<char> currency_words)
      : currency_words_(std::move(currency_words)) {}

  void Find(const Document& doc, uint32_t article, std::vector<Entity>* out) const override {
    if (article >= doc.articles.size()) return;
    const Article& art = doc.articles[article];
    std::optional<CivilDate> ref = art.date ? art.date : doc.ref_date;
    if (ref && !ref->valid()) ref.reset();
    const Lexemes& lx = detail::ArticleLexemes(doc.text.view(), art.span.begin, art.span.end);
    Rules rules(lx, ref, currency_words_);
    const auto& triggers = WordTriggers();
    Match m;
    const size_t n = lx.size();
    for (size_t i = 0; i < n;) {
#ifndef DEPECHE_CHECK_DATE_TRIGGERS
      // Most lexemes start no rule: skipped with one filter test each.
      i = lx.NextPassing(i, triggers.starts);
      if (i >= n) break;
#endif
      uint32_t which = 0;
      if (lx.IsNumber(i)) {
        which = NumberRules(triggers, lx, i);
      } else if (lx.IsWord(i)) {
        // The common words that start rules only before some words ("le",
        // "la", "un", "dans") are mostly followed by an ordinary word: the
        // next-class filter rejects it without probing the start table.
        // (A word outside `always` has no unconditional rules, so with no
        // next class WordRules would return 0.)
        if (triggers.always.MayContain(lx[i].hash) || lx.IsNumber(i + 1) ||
            (i + 1 < n && triggers.next.MayContain(lx[i + 1].hash)))
          which = WordRules(triggers, lx, i);
      }
#ifdef DEPECHE_CHECK_DATE_TRIGGERS
      // Debug check of WordTriggers: every rule at every lexeme must agree
      // with the filtered run. Build with -DDEPECHE_CHECK_DATE_TRIGGERS after
      // changing a rule's first word.
      {
        Match full;
        bool hit_full = rules.At(i, kRuleAll, &full);
        Match part;
        bool hit_part = which && rules.At(i, which, &part);
        if (hit_full != hit_part || (hit_full && (full.end != part.end || full.value != part.value ||
                                                  std::string_view(full.rule) != part.rule))) {
          std::fprintf(stderr, "trigger mismatch at '%.*s'\n", static_cast<int>(lx.fold(i).size()),
                       lx.fold(i).data());
          std::abort();
        }
      }
#endif
      if (which && rules.At(i, which, &m)) {
        Entity e;
        e.type = EntityType::kDate;
        e.span = {lx[i].begin, lx[m.end - 1].end};
        // A trailing period belongs to an abbreviation only ("sept."), not to
        // the sentence: keep it only when it is glued to a month word.
        e.article = article;
        e.value = std::move(m.value);
        e.rule = m.rule;
        out->push_back(std::move(e));
        i = m.end;
      } else {
        ++i;
      }
    }
  }

 private:
  detail::WordMap<char> currency_words_;
};

}  // namespace

StatusOr<std::unique_ptr<DateMatcher>> DateMatcher::Load(const DataPaths& paths) {
  // Currency words keep "2000 euros" from reading as a year.
  detail::WordMap<char> words;
  auto path = paths.Find("fr/currencies.tsv");
  if (path.ok()) {
    Lexemes lx;
    Status st = ReadLines(*path, [&](std::string_view line, int) -> Status {
      size_t t2 = line.find('\t', line.find('\t') + 1);
      if (t2 == std::string_view::npos) return Status::Ok();
      std::string_view forms = line.substr(t2 + 1);
      lx.Build(forms, 0, static_cast<uint32_t>(forms.size()));
      bool first = true;  // only the head word of each form: "dollars", not "unis"
      for (size_t i = 0; i < lx.size(); ++i) {
        if (first && lx.IsWord(i) && lx.fold(i).size() > 2) words.Insert(lx.fold(i), 1);
        first = lx.Is(i, "|");
      }
      return Status::Ok();
    });
    if (!st.ok()) return st;
  }
  return std::unique_ptr<DateMatcher>(new RuleDates(std::move(words)));
}

}  // namespace depeche
