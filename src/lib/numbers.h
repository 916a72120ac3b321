// French numbers as the press writes them, and the small lexer the money and
// date matchers share. Internal header.
//
// The matchers scan an article's normalized text with their own lexer rather
// than the shared tokens: they need finer pieces than the tokenizer gives
// ("10K$" is 10, K, $; "M€" is M, €; "2025-01-29" is five pieces) and must see
// the inside of a number ("14 000", "7.500", "1,6") in one place.
#ifndef DEPECHE_SRC_LIB_NUMBERS_H_
#define DEPECHE_SRC_LIB_NUMBERS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace depeche::detail {

enum class LexKind : uint8_t { kWord, kNumber, kPunct, kSymbol };

struct Lexeme {
  uint32_t begin = 0, end = 0;            // offsets into the whole normalized text
  uint32_t fold_begin = 0, fold_len = 0;  // lowercase, accentless form in the arena
  LexKind kind = LexKind::kWord;
  bool space_before = false;   // whitespace between this and the previous lexeme
  bool hyphen_joined = false;  // word joined to the previous word by '-'
  bool capitalized = false;    // word starting with an uppercase letter
  bool line_start = false;     // first lexeme of a line
  // Numbers only.
  double value = 0;
  uint8_t digits = 0;     // digit count of a plain integer ("2025" → 4), else 0
  bool decimal = false;   // has a decimal part ("1,6")
  bool grouped = false;   // has thousands separators ("14 000", "7.500")
  bool leading_zero = false;

  bool glued() const { return !space_before; }  // touches the previous lexeme
};

// The lexemes of one span of text. Reuse one object across calls: Build()
// keeps the capacity of its buffers, so steady-state scanning does not allocate.
class Lexemes {
 public:
  void Build(std::string_view text, uint32_t begin, uint32_t end);

  size_t size() const { return lex_.size(); }
  const Lexeme& operator[](size_t i) const { return lex_[i]; }
  std::string_view fold(size_t i) const {
    return std::string_view(arena_).substr(lex_[i].fold_begin, lex_[i].fold_len);
  }
  // True when lexeme i exists and its folded form is w.
  bool Is(size_t i, std::string_view w) const { return i < lex_.size() && fold(i) == w; }
  bool IsWord(size_t i) const { return i < lex_.size() && lex_[i].kind == LexKind::kWord; }
  bool IsNumber(size_t i) const { return i < lex_.size() && lex_[i].kind == LexKind::kNumber; }
  // A plain integer (no separator, no decimals) of 1 to max_digits digits.
  bool IsInt(size_t i, int max_digits) const {
    return IsNumber(i) && lex_[i].digits > 0 && lex_[i].digits <= max_digits;
  }

 private:
  void Push(const Lexeme& l, std::string_view fold_text);
  std::vector<Lexeme> lex_;
  std::string arena_;
};

// Parses a number in press format: "1,6" "7.500" "14 000" "3 000 000"
// "10 000,00" "2025" "0,5". Thousands separators are a space or a period
// before exactly three digits; the decimal mark is a comma.
std::optional<double> ParsePressNumber(std::string_view s);

// The value of a folded number word used alone or as a part ("cinq" → 5,
// "vingt" → 20, "cent" → 100); -1 when not a number word. "mille", "million"
// and above are scales (see ScaleWord).
int NumberWordValue(std::string_view fold);

// Multiplier of a folded scale word: "mille" 1e3, "million(s)" 1e6,
// "milliard(s)" 1e9, "billion(s)" 1e12 (French long scale), "k" 1e3, "m"
// "mln" 1e6, "md" "mds" "mrd" 1e9; 0 when not a scale.
double ScaleWord(std::string_view fold);

// Value of an approximate-quantity noun: "dizaine" 10, "trentaine" 30,
// "centaine" 100, "millier" 1000; 0 otherwise.
double ApproxNounValue(std::string_view fold);

// Parses number words starting at lexeme i ("vingt-cinq", "quatre-vingt-douze",
// "deux cent mille", "vingt et un"). Stops before million/milliard so that the
// caller reads the scale. Returns the end lexeme (exclusive) and the value, or
// std::nullopt when lexeme i does not start a number.
struct WordNumber {
  double value = 0;
  size_t end = 0;
};
std::optional<WordNumber> ParseNumberWords(const Lexemes& lx, size_t i);

}  // namespace depeche::detail

#endif  // DEPECHE_SRC_LIB_NUMBERS_H_
