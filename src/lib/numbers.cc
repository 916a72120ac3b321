#include "numbers.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstring>

#include "chars.h"
#include "depeche/text.h"

namespace depeche::detail {
namespace {

bool IsAsciiDigit(char c) { return c >= '0' && c <= '9'; }
inline bool IsAsciiLetter(unsigned char c) { return (c | 0x20) >= 'a' && (c | 0x20) <= 'z'; }

// Apostrophe look-alikes met in scraped text; all read as "'".
bool IsApostrophe(char32_t cp) {
  return cp == '\'' || cp == 0x2019 || cp == 0x2018 || cp == 0x02BC || cp == 0x02BB ||
         cp == 0x055A || cp == 0x2032 || cp == 0x02B9 || cp == 0xFF07;
}

bool IsHyphen(char32_t cp) { return cp == '-' || cp == 0x2010 || cp == 0x2011; }

// Words that end in an elided vowel: "d'" "l'" "qu'" "jusqu'".
bool IsElisionPrefix(std::string_view f) {
  static constexpr std::array<std::string_view, 15> kPrefixes = {
      "l", "d", "j", "m", "n", "s", "t", "c", "qu", "jusqu", "lorsqu", "puisqu", "quoiqu",
      "presqu", "quelqu"};
  for (auto p : kPrefixes) {
    if (f == p) return true;
  }
  return false;
}

// Length of the run of ASCII digits at s[i].
size_t DigitRun(std::string_view s, size_t i, size_t end) {
  size_t j = i;
  while (j < end && IsAsciiDigit(s[j])) ++j;
  return j - i;
}

struct NumberWord {
  std::string_view word;
  int value;
};
constexpr std::array<NumberWord, 33> kNumberWords = {{
    {"zero", 0},      {"un", 1},        {"une", 1},      {"deux", 2},       {"trois", 3},
    {"quatre", 4},    {"cinq", 5},      {"six", 6},      {"sept", 7},       {"huit", 8},
    {"neuf", 9},      {"dix", 10},      {"onze", 11},    {"douze", 12},     {"treize", 13},
    {"quatorze", 14}, {"quinze", 15},   {"seize", 16},   {"vingt", 20},     {"vingts", 20},
    {"trente", 30},   {"quarante", 40}, {"cinquante", 50}, {"soixante", 60}, {"septante", 70},
    {"huitante", 80}, {"octante", 80},  {"nonante", 90}, {"cent", 100},     {"cents", 100},
    {"mil", 1000},    {"mille", 1000},  {"milles", 1000},
}};

// Decodes a two-byte sequence for U+00C0..U+017F at text[q] (lead C3..C5):
// the letters the fast path knows. Returns 0 when it is anything else.
inline char32_t DecodeLatin(std::string_view text, size_t q) {
  unsigned char b = static_cast<unsigned char>(text[q]);
  if (b < 0xC3 || b > 0xC5 || q + 1 >= text.size()) return 0;
  unsigned char c = static_cast<unsigned char>(text[q + 1]);
  if ((c & 0xC0) != 0x80) return 0;
  return static_cast<char32_t>(((b & 0x1F) << 6) | (c & 0x3F));
}

}  // namespace

void Lexemes::SetFold(Lexeme* l, std::string_view fold_text) {
  l->fold_begin = static_cast<uint32_t>(arena_.size());
  arena_.Append(fold_text);
  l->fold_len = static_cast<uint32_t>(fold_text.size());
  l->hash = FoldHash(fold_text);
}

void Lexemes::SetFoldFromTail(Lexeme* l) {
  l->fold_len = static_cast<uint32_t>(arena_.size() - l->fold_begin);
  l->hash = FoldHash(std::string_view(arena_.data() + l->fold_begin, l->fold_len));
}

void Lexemes::Build(std::string_view text, uint32_t begin, uint32_t end) {
  lex_.clear();
  arena_.clear();
  if (end > begin && end <= text.size()) arena_.Reserve(end - begin + 16);  // folds rarely grow
  if (end > text.size()) end = static_cast<uint32_t>(text.size());
  static const FoldEntry* const fold_table = SmallFoldTable();
  bool space = true, line_start = true, hyphen = false;
  size_t p = begin;
  std::string word;  // reused buffer: one allocation per Build at most
  while (p < end) {
    unsigned char b = static_cast<unsigned char>(text[p]);
    int len = 1;
    char32_t cp = b < 0x80 ? b : utf8::Decode(text, p, &len);
    if (IsSpace(cp) || cp == 0xA0 || cp == 0x202F || cp == 0x2009) {
      space = true;
      if (cp == '\n') line_start = true;
      hyphen = false;
      p += len;
      continue;
    }
    // Built in place: filling a stack copy field by field and then copying
    // it whole into the vector stalls on store forwarding.
    Lexeme& l = lex_.emplace_back();
    l.begin = static_cast<uint32_t>(p);
    l.space_before = space;
    l.line_start = line_start;
    if (IsAsciiDigit(static_cast<char>(b))) {
      // A number: digits, thousands groups ("14 000", "7.500"), decimals ("1,6").
      size_t q = p + DigitRun(text, p, end);
      size_t first_group = q - p;
      double v = 0;
      for (size_t k = p; k < q; ++k) v = v * 10 + (text[k] - '0');
      char sep = 0;
      bool grouped = false, decimal = false;
      while (q < end && first_group <= 3) {
        char c = text[q];
        if ((c == ' ' || c == '.') && (sep == 0 || sep == c) && q + 4 <= end &&
            DigitRun(text, q + 1, end) == 3) {
          size_t k = q + 4;
          // "13.500.2" is not a grouped number; neither is "1.234.56".
          if (c == '.' && k + 1 < end && text[k] == '.' && DigitRun(text, k + 1, end) != 3) break;
          for (size_t d = q + 1; d < k; ++d) v = v * 10 + (text[d] - '0');
          sep = c;
          grouped = true;
          q = k;
          continue;
        }
        break;
      }
      if (q + 1 < end && text[q] == ',' && IsAsciiDigit(text[q + 1])) {
        size_t k = q + 1 + DigitRun(text, q + 1, end);
        double scale = 0.1;
        for (size_t d = q + 1; d < k; ++d, scale /= 10) v += (text[d] - '0') * scale;
        decimal = true;
        q = k;
      }
      l.end = static_cast<uint32_t>(q);
      l.kind = LexKind::kNumber;
      l.value = v;
      l.grouped = grouped;
      l.decimal = decimal;
      l.leading_zero = text[p] == '0' && first_group > 1;
      if (!grouped && !decimal) l.digits = static_cast<uint8_t>(first_group > 255 ? 255 : first_group);
      SetFold(&l, text.substr(p, q - p));
      p = q;
    } else if (IsLetter(cp) && !IsApostrophe(cp)) {
      // A word: letters, with an inner apostrophe unless it ends an elision
      // ("d'" "l'" are words of their own, "aujourd'hui" is one word). The
      // folded form is written straight into the arena; ASCII and Latin
      // letters take a table path, the rest the generic one.
      l.kind = LexKind::kWord;
      l.capitalized = IsUpper(cp);
      l.hyphen_joined = hyphen && !space;
      l.fold_begin = static_cast<uint32_t>(arena_.size());
      size_t q = p;
      while (q < end) {
        unsigned char c = static_cast<unsigned char>(text[q]);
        if (c < 0x80) {
          if (IsAsciiLetter(c)) {
            // A run of ASCII letters, lowercased in one go.
            size_t r = q + 1;
            while (r < end && IsAsciiLetter(static_cast<unsigned char>(text[r]))) ++r;
            char* d = arena_.Extend(r - q);
            for (size_t k = q; k < r; ++k) *d++ = static_cast<char>(text[k] | 0x20);
            q = r;
            continue;
          }
          if (c != '\'') break;
        } else if (char32_t lc = DecodeLatin(text, q)) {
          if (!IsLetter(lc)) break;  // no apostrophe in this range
          arena_.Append(std::string_view(fold_table[lc].bytes, fold_table[lc].len));
          q += 2;
          continue;
        }
        int l2 = 1;
        char32_t cp2 = c < 0x80 ? c : utf8::Decode(text, q, &l2);
        if (IsLetter(cp2) && !IsApostrophe(cp2)) {
          word.clear();
          AppendFolded(text.substr(q, l2), &word);
          arena_.Append(word);
          q += l2;
          continue;
        }
        if (IsApostrophe(cp2)) {
          int l3 = 1;
          char32_t next = q + l2 < end ? utf8::Decode(text, q + l2, &l3) : 0;
          if (IsElisionPrefix(std::string_view(arena_.data() + l.fold_begin, arena_.size() - l.fold_begin))) {
            arena_.PushBack('\'');
            q += l2;
            break;
          }
          if (IsLetter(next)) {
            arena_.PushBack('\'');
            q += l2;
            continue;
          }
        }
        break;
      }
      l.end = static_cast<uint32_t>(q);
      SetFoldFromTail(&l);
      p = q;
    } else {
      l.kind = IsPunctCp(cp) || IsApostrophe(cp) ? LexKind::kPunct : LexKind::kSymbol;
      l.end = static_cast<uint32_t>(p + len);
      // A hyphen between two words joins them ("vingt-cinq", "mi-mars"):
      // it is dropped and the next word remembers it.
      if (IsHyphen(cp) && lex_.size() >= 2 && lex_[lex_.size() - 2].kind == LexKind::kWord &&
          !space && p + len < end) {
        int l2 = 1;
        char32_t next = utf8::Decode(text, p + len, &l2);
        if (IsLetter(next)) {
          lex_.pop_back();
          hyphen = true;
          space = false;
          p += len;
          continue;
        }
      }
      if (IsApostrophe(cp)) {
        SetFold(&l, "'");
      } else {
        word.clear();
        AppendLower(text.substr(p, len), &word);
        SetFold(&l, word);
      }
      p += len;
    }
    space = false;
    line_start = false;
    hyphen = false;
  }
}

std::optional<double> ParsePressNumber(std::string_view s) {
  Lexemes lx;
  lx.Build(s, 0, static_cast<uint32_t>(s.size()));
  if (lx.size() != 1 || !lx.IsNumber(0)) return std::nullopt;
  return lx[0].value;
}

namespace {
const WordMap<int>& NumberWordMap() {
  static const WordMap<int> kMap = [] {
    WordMap<int> m;
    for (const auto& w : kNumberWords) m.Insert(w.word, w.value);
    return m;
  }();
  return kMap;
}
}  // namespace

std::vector<std::string_view> NumberWords() {
  std::vector<std::string_view> out;
  for (const auto& w : kNumberWords) out.push_back(w.word);
  return out;
}

int NumberWordValueAt(const Lexemes& lx, size_t i) {
  const int* v = NumberWordMap().Find(lx, i);
  return v ? *v : -1;
}

void Lexemes::Trim() {
  constexpr size_t kKeep = 1 << 18;  // lexemes: ~10 MB, far above a news article
  if (lex_.capacity() > kKeep) std::vector<Lexeme>().swap(lex_);
  if (arena_.capacity() > 4 * kKeep) arena_.Release();
}

const Lexemes& ArticleLexemes(std::string_view text, uint32_t begin, uint32_t end) {
  struct Cache {
    const char* data = nullptr;
    size_t size = 0;
    uint32_t begin = 0, end = 0;
    std::string bytes;  // the span and the few bytes after it the lexer may peek at
    Lexemes lx;
  };
  thread_local Cache cache;
  if (end > text.size()) end = static_cast<uint32_t>(text.size());
  if (begin > end) begin = end;
  std::string_view bytes = text.substr(begin, std::min<size_t>(text.size(), size_t{end} + 4) - begin);
  if (cache.data == text.data() && cache.size == text.size() && cache.begin == begin &&
      cache.end == end && cache.bytes == bytes) {
    return cache.lx;
  }
  cache.data = nullptr;  // invalid while rebuilding
  cache.lx.Trim();
  cache.lx.Build(text, begin, end);
  if (cache.bytes.capacity() > (1u << 22) && bytes.size() < (1u << 20)) std::string().swap(cache.bytes);
  cache.bytes.assign(bytes);
  cache.data = text.data();
  cache.size = text.size();
  cache.begin = begin;
  cache.end = end;
  return cache.lx;
}

int NumberWordValue(std::string_view fold) {
  const int* v = NumberWordMap().Find(fold);
  return v ? *v : -1;
}

double ScaleWord(std::string_view f) {
  static const WordMap<double> kMap = [] {
    WordMap<double> m;
    for (auto w : {"mille", "k"}) m.Insert(w, 1e3);
    for (auto w : {"million", "millions", "m", "mln", "mn", "mio"}) m.Insert(w, 1e6);
    for (auto w : {"milliard", "milliards", "md", "mds", "mrd", "mrds", "mld", "mlds", "bn"})
      m.Insert(w, 1e9);
    for (auto w : {"billion", "billions"}) m.Insert(w, 1e12);
    return m;
  }();
  if (f.empty() || f.size() > 9) return 0;
  const double* v = kMap.Find(f);
  return v ? *v : 0;
}

double ApproxNounValue(std::string_view f) {
  struct Noun {
    std::string_view word;
    double value;
  };
  static constexpr std::array<Noun, 22> kNouns = {{
      {"dizaine", 10},       {"dizaines", 10},  {"douzaine", 12},  {"quinzaine", 15},
      {"vingtaine", 20},     {"trentaine", 30}, {"quarantaine", 40}, {"cinquantaine", 50},
      {"soixantaine", 60},   {"centaine", 100}, {"centaines", 100}, {"millier", 1000},
      {"milliers", 1000},    {"huitaine", 8},   {"neuvaine", 9},    {"sixaine", 6},
      {"septantaine", 70},   {"octantaine", 80}, {"nonantaine", 90}, {"quatre-vingtaine", 80},
      {"demi-douzaine", 6},  {"douzaines", 12},
  }};
  static const WordMap<double> kMap = [] {
    WordMap<double> m;
    for (const auto& n : kNouns) m.Insert(n.word, n.value);
    return m;
  }();
  if (f.size() < 7) return 0;
  const double* v = kMap.Find(f);
  return v ? *v : 0;
}

std::optional<WordNumber> ParseNumberWords(const Lexemes& lx, size_t i) {
  double total = 0, current = 0;
  int last = -1;   // value of the last word read
  size_t j = i;
  bool any = false;
  while (j < lx.size() && lx.IsWord(j)) {
    std::string_view f = lx.fold(j);
    if (any && !lx[j].hyphen_joined && f == "et" && j + 1 < lx.size() && last >= 20 &&
        last % 10 == 0 && last < 100 && (lx.Is(j + 1, "un") || lx.Is(j + 1, "une") || lx.Is(j + 1, "onze"))) {
      ++j;
      continue;
    }
    const int* pv = NumberWordMap().Find(f, lx.hash(j));
    if (!pv) break;
    int v = *pv;
    if (any && (f == "un" || f == "une") && last != 20 && last != 30 && last != 40 && last != 50 &&
        last != 60 && last != 80 && last != 1000) {
      break;  // "deux un" is not a number
    }
    if (any && v < 100 && last >= 0 && last < 100) {
      bool unit_after_unit = last % 10 != 0 && !(last == 4 && v == 20);
      bool ten_after_ten = last % 10 == 0 && last != 0 && v >= 10 &&
                           !((last == 60 || last == 80) && v < 20) && !(last == 10 && v < 10);
      if (unit_after_unit || ten_after_ten || last == 0 || (last > 10 && last < 20)) break;
      if (last == 10 && v >= 10) break;
    }
    if (v == 100) {
      current = (current == 0 ? 1 : current) * 100;
    } else if (v == 1000) {
      total += (current == 0 ? 1 : current) * 1000;
      current = 0;
    } else if (v == 20 && last == 4) {
      current += 80 - 4;  // quatre-vingt(s)
    } else {
      current += v;
    }
    last = (v == 20 && last == 4) ? 80 : v;
    any = true;
    ++j;
  }
  if (!any) return std::nullopt;
  return WordNumber{total + current, j};
}

}  // namespace depeche::detail
