// ArticleSplitter. A dump is read as lines. The "Short Url" line each article
// carries is the anchor: the article starts at its title, the standalone line
// above the photo captions that precede the anchor. Without anchors, runs of
// two or more blank lines separate articles. Everything is one pass over the
// lines plus one pass per article, so the whole split is linear.
#include "depeche/split.h"

#include <algorithm>
#include <array>
#include <cstdio>
#include <cstring>
#include <string>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "chars.h"

namespace depeche {
namespace {

// How many earlier captions a caption line is compared with, looking for a
// repeat (see Splitter::Run).
constexpr size_t kMaxCaptionLookback = 16;

struct Line {
  Span span;        // trimmed content (empty span for a blank line)
  uint32_t begin;   // start of the raw line
  bool blank;
};

// Flattened, like Splitter::Run: each line's push_back was a call.
__attribute__((flatten)) std::vector<Line> SplitLines(std::string_view text) {
  std::vector<Line> lines;
  uint32_t i = 0;
  const uint32_t n = static_cast<uint32_t>(text.size());
  lines.reserve(n / 32 + 16);  // news lines average about 60 bytes
  while (i < n) {
    const void* nl = std::memchr(text.data() + i, '\n', n - i);
    uint32_t e = nl ? static_cast<uint32_t>(static_cast<const char*>(nl) - text.data()) : n;
    uint32_t b = i, t = e;
    while (b < t && (text[b] == ' ' || text[b] == '\t' || text[b] == '\r')) ++b;
    while (t > b && (text[t - 1] == ' ' || text[t - 1] == '\t' || text[t - 1] == '\r')) --t;
    lines.push_back({{b, t}, i, b == t});
    i = e + 1;
  }
  return lines;
}

// ASCII case-insensitive prefix test (other bytes compared as they are):
// enough for "Publié le" / "PUBLIÉ LE" heads, with no allocation per line.
bool StartsWithCi(std::string_view s, std::string_view prefix) {
  if (s.size() < prefix.size()) return false;
  for (size_t i = 0; i < prefix.size(); ++i) {
    char a = s[i], b = prefix[i];
    if (a >= 'A' && a <= 'Z') a = static_cast<char>(a + 32);
    if (a != b && !(static_cast<unsigned char>(b) >= 0x80 && i > 0 && prefix.compare(i - 1, 2, "\xC3\xA9") == 0 &&
                    s.compare(i - 1, 2, "\xC3\x89") == 0))
      return false;
  }
  return true;
}

bool IsShortUrl(std::string_view s) {
  return s.size() == 9 && StartsWithCi(s, "short url");
}

bool IsPublished(std::string_view s) {
  // Every head starts with "pu" or "mi": most lines are rejected on two bytes.
  if (s.size() < 2 || !(((s[0] | 0x20) == 'p' && (s[1] | 0x20) == 'u') || ((s[0] | 0x20) == 'm' && (s[1] | 0x20) == 'i')))
    return false;
  return StartsWithCi(s, "publié le ") || StartsWithCi(s, "publiée le ") || StartsWithCi(s, "mis à jour le ") ||
         StartsWithCi(s, "publié:") || StartsWithCi(s, "publié :");
}

// "• text", "- text", "* text", "· text" ...: returns the bullet text offset.
size_t BulletPrefix(std::string_view s) {
  // The marks' first two bytes: "- ", "* ", U+00B7 (C2 B7), the others E2 80,
  // E2 96 or E2 97 ("«" lines, C2 AB, are rejected here).
  if (s.size() < 2) return 0;
  const char c0 = s[0], c1 = s[1];
  if (!((c0 == '-' && c1 == ' ') || (c0 == '*' && c1 == ' ') || (c0 == '\xC2' && c1 == '\xB7') ||
        (c0 == '\xE2' && (c1 == '\x80' || c1 == '\x97' || c1 == '\x96'))))
    return 0;
  static constexpr std::array<std::string_view, 8> kMarks = {"•", "◦", "▪", "·", "‣", "- ", "* ", "– "};
  for (std::string_view m : kMarks) {
    if (s.substr(0, m.size()) == m) {
      size_t k = m.size();
      while (k < s.size() && s[k] == ' ') ++k;
      return k < s.size() ? k : 0;
    }
  }
  return 0;
}

bool IsCredit(std::string_view s) {
  if (s.size() > 40) return false;
  // Credits start with '(' or 'a' (non-ASCII bytes lowercased could be anything).
  if (s.empty() || (s[0] != '(' && (s[0] | 0x20) != 'a' && static_cast<unsigned char>(s[0]) < 0x80)) return false;
  std::string l = detail::Lower(s);
  return l == "(afp)" || l == "afp" || l == "(reuters)" || l == "(ap)" || l == "(avec afp)" ||
         l == "(afp/reuters)" || l == "(avec agences)";
}

bool EndsSentence(std::string_view s) {
  while (!s.empty() && (s.back() == '"' || s.back() == ')' || s.back() == ' ')) {
    // A quote or parenthesis closes a sentence only when punctuation precedes it.
    s.remove_suffix(1);
    if (!s.empty() && std::string_view(".!?").find(s.back()) != std::string_view::npos) return true;
    return false;
  }
  if (s.empty()) return false;
  char c = s.back();
  if (c == '.' || c == '!' || c == '?' || c == ':' || c == ';' || c == ',') return true;
  if (s.size() >= 3 && (s.substr(s.size() - 3) == "\u2026" || s.substr(s.size() - 2) == "\u00BB")) return true;
  return false;
}

// Bits set in x < 2^16. __builtin_popcount is a libgcc call without
// -mpopcnt.
inline unsigned Popcount16(unsigned x) {
  x = x - ((x >> 1) & 0x5555u);
  x = (x & 0x3333u) + ((x >> 2) & 0x3333u);
  x = (x + (x >> 4)) & 0x0F0Fu;
  return (x + (x >> 8)) & 0x1Fu;
}

// Words are runs of bytes other than ' ' and '\t'. A word starts at each
// non-space byte whose predecessor is a space (or the line start): counted
// 16 bytes at a time, titles being tested several times each.
#if defined(__SSE2__)
// The 16-bit mask of the bytes at p that are neither ' ' nor '\t'.
inline unsigned NonBlankMask16(const char* p) {
  const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
  const __m128i sp = _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8(' ')), _mm_cmpeq_epi8(v, _mm_set1_epi8('\t')));
  return ~static_cast<unsigned>(_mm_movemask_epi8(sp)) & 0xFFFFu;
}
#endif

size_t CountWords(std::string_view s) {
  size_t n = 0;
  bool in = false;
  size_t i = 0;
#if defined(__SSE2__)
  unsigned prev_in = 0;
  for (; i + 16 <= s.size(); i += 16) {
    const unsigned word = NonBlankMask16(s.data() + i);
    n += Popcount16(word & ~((word << 1) | prev_in) & 0xFFFFu);
    prev_in = word >> 15;
  }
  if (i < s.size() && s.size() >= 16) {
    // The tail as the last 16 bytes, counting only the starts among the
    // bytes not counted yet (from bit `fresh` on; the byte before each is in
    // the block): one more block rather than up to 15 rounds of the loop below.
    const size_t at = s.size() - 16;
    const unsigned fresh = static_cast<unsigned>(i - at);  // 1..15
    const unsigned word = NonBlankMask16(s.data() + at);
    n += Popcount16(word & ~(word << 1) & (0xFFFFu << fresh) & 0xFFFFu);
    return n;
  }
  in = prev_in != 0;
#endif
  for (char c : s.substr(i)) {
    bool sp = c == ' ' || c == '\t';
    if (!sp && !in) ++n;
    in = !sp;
  }
  return n;
}

// A title-like line: short, no final period.
bool LooksLikeTitle(std::string_view s) {
  return !s.empty() && s.size() <= 300 && CountWords(s) <= 30 &&
         !(s.back() == '.' && !(s.size() >= 3 && s.substr(s.size() - 3) == "..."));
}

// A subheading in the body: a short line without sentence punctuation.
bool LooksLikeSubheading(std::string_view s) {
  // The length test first: paragraphs are long, and counting their words is a pass over them.
  return s.size() <= 120 && CountWords(s) <= 12 && !EndsSentence(s) && BulletPrefix(s) == 0;
}

// The place of a dateline at the start of a paragraph: "PEKIN:", "NEW YORK:",
// "PARIS (AFP) -". Returns the length of the place, 0 when none.
size_t DatelinePlace(std::string_view s) {
  size_t i = 0, last_letter_end = 0;
  int letters = 0;
  while (i < s.size() && i < 48) {
    int len;
    char32_t c = utf8::Decode(s, i, &len);
    if (detail::IsUpper(c)) {
      ++letters;
      i += len;
      last_letter_end = i;
    } else if (c == '-' && i > 0 && s[i - 1] == ' ') {
      break;  // "BERLIN - Le ...": the dash after the place ends it
    } else if (c == ' ' || c == '-' || c == '\'' || c == '.') {
      i += len;
    } else {
      break;
    }
  }
  if (letters < 2 || last_letter_end == 0) return 0;
  std::string_view rest = s.substr(last_letter_end);
  size_t k = 0;
  while (k < rest.size() && rest[k] == ' ') ++k;
  rest.remove_prefix(k);
  if (!rest.empty() && rest[0] == ':') return last_letter_end;
  if (rest.substr(0, 1) == "(" || rest.substr(0, 2) == "- " || rest.substr(0, 4) == "\u2014 ") {
    // "PARIS (AFP) -" or "PARIS - ": the upper-case run is the place.
    size_t close = rest.find(')');
    if (rest[0] != '(' || (close != std::string_view::npos && close < 16)) return last_letter_end;
  }
  return 0;
}

constexpr std::array<std::string_view, 12> kMonths = {
    "janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
    "septembre", "octobre", "novembre", "décembre"};

bool ValidDay(int y, int m, int d) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (y < 1 || m < 1 || m > 12 || d < 1) return false;
  int max = kDays[m - 1];
  if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0)) max = 29;
  return d <= max;
}

class Splitter {
 public:
  Splitter(std::string_view text, const SplitOptions& options)
      : text_(text), options_(options), lines_(SplitLines(text)) {}

  // Flattened: the per-line tests (IsPublished, BulletPrefix, IsShortUrl...)
  // and the parts' push_back were calls, several per line.
  __attribute__((flatten)) std::vector<Article> Run() {
    if (!HasContent(0, lines_.size())) {
      // Empty or whitespace only: no article in a dump; a record is still one
      // (empty) article, so that every record gets its output line.
      if (!options_.single_article) return {};
      Article a;
      a.span = {0, static_cast<uint32_t>(text_.size())};
      return {a};
    }
    std::vector<size_t> starts;  // line index where each article starts
    if (!options_.single_article) starts = FindStarts();
    if (starts.empty() || starts[0] != 0) starts.insert(starts.begin(), 0);
    std::vector<Article> out;
    out.reserve(starts.size());
    for (size_t k = 0; k < starts.size(); ++k) {
      size_t from = starts[k];
      size_t to = k + 1 < starts.size() ? starts[k + 1] : lines_.size();
      Article a = Build(from, to);
      a.span.begin = k == 0 ? 0 : lines_[from].begin;
      a.span.end = to < lines_.size() ? lines_[to].begin : static_cast<uint32_t>(text_.size());
      if (!HasContent(from, to)) {
        // Leading blank lines before the first anchored article: fold them in.
        // (The leading chunk is kept here and merged into the next below.)
        if (!out.empty()) {
          out.back().span.end = a.span.end;
          continue;
        }
      }
      out.push_back(std::move(a));
    }
    // A leading chunk of whitespace only is merged into the next article.
    if (out.size() >= 2 && out[0].parts.empty()) {
      out[1].span.begin = out[0].span.begin;
      out.erase(out.begin());
    }
    return out;
  }

  std::optional<uint32_t> Cut(uint32_t min_offset) {
    std::vector<size_t> starts = FindStarts();
    for (auto it = starts.rbegin(); it != starts.rend(); ++it) {
      if (*it > 0 && lines_[*it].begin >= min_offset) return lines_[*it].begin;
    }
    return std::nullopt;
  }

 private:
  std::string_view L(size_t i) const { return text_.substr(lines_[i].span.begin, lines_[i].span.size()); }
  bool Blank(size_t i) const { return lines_[i].blank; }

  bool HasContent(size_t from, size_t to) const {
    for (size_t i = from; i < to; ++i)
      if (!Blank(i)) return true;
    return false;
  }

  std::vector<size_t> FindStarts() const {
    std::vector<size_t> anchors;
    for (size_t i = 0; i < lines_.size(); ++i)
      if (!Blank(i) && IsShortUrl(L(i))) anchors.push_back(i);
    std::vector<size_t> starts;
    if (!anchors.empty()) {
      size_t floor = 0;  // the title may not be above the previous anchor
      for (size_t a : anchors) {
        std::optional<size_t> t = TitleAbove(a, floor);
        if (t) starts.push_back(*t);
        floor = a + 1;
      }
      return starts;
    }
    // No anchors: two or more blank lines separate articles.
    int blanks = 0;
    bool seen_content = false;
    for (size_t i = 0; i < lines_.size(); ++i) {
      if (Blank(i)) {
        ++blanks;
        continue;
      }
      if (blanks >= 2 && seen_content && LooksLikeTitle(L(i))) starts.push_back(i);
      blanks = 0;
      seen_content = true;
    }
    return starts;
  }

  // The title line of the article whose "Short Url" is line `anchor`.
  std::optional<size_t> TitleAbove(size_t anchor, size_t floor) const {
    size_t i = anchor;
    // The contiguous block of captions right above the anchor.
    size_t block_top = i;
    while (block_top > floor && !Blank(block_top - 1)) --block_top;
    if (block_top == anchor || (block_top > floor && Blank(block_top - 1))) {
      // Skip blanks, then the title is the next non-blank line up.
      size_t j = block_top;
      while (j > floor && Blank(j - 1)) --j;
      if (j > floor) {
        size_t t = j - 1;
        // A standalone line (blank or floor above it) is the title.
        if (t == floor || Blank(t - 1)) {
          if (LooksLikeTitle(L(t))) return t;
        }
      }
      if (block_top < anchor) return block_top;  // no title line: captions start it
      return std::nullopt;
    }
    return block_top;  // title glued to its captions: the block's first line
  }

  Article Build(size_t from, size_t to) {
    Article a;
    size_t i = from;
    while (i < to && Blank(i)) ++i;
    if (i >= to) return a;
    // Locate the anchor, if any, in this article.
    size_t anchor = to;
    for (size_t k = i; k < to; ++k) {
      if (!Blank(k) && IsShortUrl(L(k))) { anchor = k; break; }
    }
    // Each line makes at most one part, and a dateline one more: the parts
    // are allocated once.
    a.parts.reserve(to - i + 1);
    if (options_.single_article && anchor == to) {
      // A record: a first title-like line followed by a blank is its title.
      if (i + 1 < to && Blank(i + 1) && LooksLikeTitle(L(i)) && CountWords(L(i)) <= 20 && !EndsSentence(L(i))) {
        AddTitle(&a, i);
        ++i;
      }
    } else if (anchor < to) {
      // No title line before "Short Url": the anchor is not its own title
      // (it would be a part, and a sentence, twice).
      if (anchor > i) AddTitle(&a, i);
      for (size_t k = i + 1; k < anchor; ++k) {
        if (Blank(k)) continue;
        std::string_view s = L(k);
        // A repeat of one of the last kMaxCaptionLookback captions (the parts
        // so far: the title, then captions). Real dumps have one to three;
        // the bound keeps thousands of caption-like lines linear.
        bool dup = false;
        size_t seen = 0;
        for (size_t j = a.parts.size(); j-- > 0 && seen < kMaxCaptionLookback && !dup;) {
          const Part& p = a.parts[j];
          if (p.kind != PartKind::kCaption) continue;
          ++seen;
          dup = p.span.size() == s.size() && text_.substr(p.span.begin, p.span.size()) == s;
        }
        a.parts.push_back({PartKind::kCaption, lines_[k].span, dup});
      }
      a.parts.push_back({PartKind::kShortUrl, lines_[anchor].span, false});
      i = anchor + 1;
    } else {
      // Blank-line separated dump or plain file: a title-like first line
      // followed by a blank line is the title.
      if (LooksLikeTitle(L(i)) && !EndsSentence(L(i)) && (i + 1 >= to || Blank(i + 1) || IsShortUrl(L(i + 1)))) {
        AddTitle(&a, i);
        ++i;
      }
    }
    BuildBody(&a, i, to);
    return a;
  }

  void AddTitle(Article* a, size_t line) {
    a->title = lines_[line].span;
    a->parts.push_back({PartKind::kTitle, lines_[line].span, false});
  }

  void BuildBody(Article* a, size_t i, size_t to) {
    bool dateline_seen = false;
    bool body_started = false;
    std::string_view title = a->title.empty() ? std::string_view() : text_.substr(a->title.begin, a->title.size());
    while (i < to) {
      if (Blank(i)) { ++i; continue; }
      std::string_view s = L(i);
      Span sp = lines_[i].span;
      if (IsPublished(s)) {
        a->parts.push_back({PartKind::kPublished, sp, false});
        if (!a->date) a->date = ParsePublicationDate(s);
        ++i;
        continue;
      }
      if (IsShortUrl(s)) {
        a->parts.push_back({PartKind::kShortUrl, sp, false});
        ++i;
        continue;
      }
      if (!body_started && !title.empty() && s == title) {
        a->parts.push_back({PartKind::kTitle, sp, true});  // the title, repeated
        ++i;
        continue;
      }
      if (size_t b = BulletPrefix(s); b > 0) {
        a->parts.push_back({PartKind::kBullet, {sp.begin + static_cast<uint32_t>(b), sp.end}, false});
        ++i;
        continue;
      }
      if (IsCredit(s)) {
        a->parts.push_back({PartKind::kCredit, sp, false});
        ++i;
        continue;
      }
      // A paragraph: consecutive non-blank lines that are not bullets.
      size_t j = i + 1;
      while (j < to && !Blank(j) && BulletPrefix(L(j)) == 0 && !IsShortUrl(L(j)) && !IsPublished(L(j))) ++j;
      Span para{sp.begin, lines_[j - 1].span.end};
      std::string_view ptext = text_.substr(para.begin, para.size());
      if (j == i + 1 && LooksLikeSubheading(ptext) && (body_started || a->title.empty() == false) &&
          NextIsParagraph(j, to) && body_started) {
        a->parts.push_back({PartKind::kSubheading, para, false});
        i = j;
        continue;
      }
      if (!dateline_seen && !body_started) {
        if (size_t place = DatelinePlace(ptext); place > 0) {
          Span d{para.begin, para.begin + static_cast<uint32_t>(place)};
          a->dateline = d;
          a->parts.push_back({PartKind::kDateline, d, false});
          dateline_seen = true;
        }
      }
      body_started = true;
      a->parts.push_back({PartKind::kParagraph, para, false});
      i = j;
    }
  }

  bool NextIsParagraph(size_t j, size_t to) const {
    while (j < to && Blank(j)) ++j;
    return j < to;
  }

  std::string_view text_;
  SplitOptions options_;
  std::vector<Line> lines_;
};

}  // namespace

const char* PartKindName(PartKind k) {
  switch (k) {
    case PartKind::kTitle: return "title";
    case PartKind::kCaption: return "caption";
    case PartKind::kShortUrl: return "short_url";
    case PartKind::kPublished: return "published";
    case PartKind::kBullet: return "bullet";
    case PartKind::kDateline: return "dateline";
    case PartKind::kSubheading: return "subheading";
    case PartKind::kParagraph: return "paragraph";
    case PartKind::kCredit: return "credit";
  }
  return "?";
}

std::optional<CivilDate> ParsePublicationDate(std::string_view line) {
  // Words and numbers in order; a date is [weekday] DAY MONTH YEAR (the day
  // right before the month, so "10:45, 29 janvier 2025" reads 29), or
  // dd/mm/yyyy, or yyyy-mm-dd. Numbers and separators are ASCII, which
  // lowercasing leaves in place (no letter lowercases to one of them), so
  // only the words compared to month names are lowercased.
  std::string_view s = line;
  int last_number = 0;          // the number just before the current word
  bool last_was_number = false;
  int day = 0, month = 0;
  size_t i = 0;
  while (i < s.size()) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (detail::IsDigit(c)) {
      size_t j = i;
      int v = 0;
      while (j < s.size() && detail::IsDigit(static_cast<unsigned char>(s[j])) && j - i < 6) v = v * 10 + (s[j++] - '0');
      while (j < s.size() && detail::IsDigit(static_cast<unsigned char>(s[j]))) ++j;
      size_t nd = j - i;
      if (nd == 4 && j < s.size() && s[j] == '-') {
        int m = 0, d = 0;
        if (std::sscanf(std::string(s.substr(j + 1, 5)).c_str(), "%2d-%2d", &m, &d) == 2 && ValidDay(v, m, d))
          return CivilDate{v, m, d};
      }
      if (nd <= 2 && j < s.size() && s[j] == '/') {
        int m = 0, y = 0;
        if (std::sscanf(std::string(s.substr(j + 1, 7)).c_str(), "%2d/%4d", &m, &y) == 2 && ValidDay(y, m, v))
          return CivilDate{y, m, v};
      }
      if (month > 0 && nd == 4) {
        if (ValidDay(v, month, day)) return CivilDate{v, month, day};
        month = 0;
      }
      last_number = nd <= 2 ? v : 0;
      last_was_number = true;
      i = j;
      if (i + 1 < s.size() && (s[i] | 0x20) == 'e' && (s[i + 1] | 0x20) == 'r') i += 2;  // 1er, 1ER
      continue;
    }
    if (c == ' ' || c == ',' || c == '.' || c == '\t') {
      ++i;
      continue;
    }
    size_t j = i;
    while (j < s.size() && s[j] != ' ' && s[j] != ',' && s[j] != '.' && !detail::IsDigit(static_cast<unsigned char>(s[j]))) ++j;
    std::string_view w = s.substr(i, j - i);
    bool is_month = false;
    if (last_was_number && last_number > 0) {
      // A word longer than the buffer is no month ("" then).
      detail::SmallLower<32> lowered(w);
      for (size_t m = 0; m < kMonths.size(); ++m) {
        if (lowered.view() == kMonths[m]) {
          day = last_number;
          month = static_cast<int>(m) + 1;
          is_month = true;
        }
      }
    }
    if (!is_month) month = 0;  // the year must follow the month
    last_was_number = false;
    i = j > i ? j : i + 1;
  }
  return std::nullopt;
}

std::vector<Article> SplitArticles(std::string_view text, const SplitOptions& options) {
  return Splitter(text, options).Run();
}

std::optional<uint32_t> FindArticleCut(std::string_view text, uint32_t min_offset) {
  return Splitter(text, SplitOptions{}).Cut(min_offset);
}

}  // namespace depeche
