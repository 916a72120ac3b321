// Document, Token, Sentence, Article, Entity: one document owns the text;
// everything else is a view (offsets + label) into its normalized string, as
// in spaCy's Doc/Token/Span. Spans are [begin, end) byte offsets into
// Document::text.str(); printers map them back to original bytes.
#ifndef DEPECHE_DOCUMENT_H_
#define DEPECHE_DOCUMENT_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "depeche/text.h"

namespace depeche {

struct Span {
  uint32_t begin = 0, end = 0;
  uint32_t size() const { return end - begin; }
  bool empty() const { return begin >= end; }
  friend bool operator==(const Span&, const Span&) = default;
};

// A calendar date; fields that are unknown are 0.
struct CivilDate {
  int year = 0, month = 0, day = 0;
  bool valid() const { return year > 0 && month > 0 && day > 0; }
  friend bool operator==(const CivilDate&, const CivilDate&) = default;
};

enum class TokenKind : uint8_t {
  kWord,     // letters, with inner hyphens/apostrophes: aujourd'hui, a-t-il is 3
  kNumber,   // 1,6  7.500  14 000  5,4
  kOrdinal,  // 16e 1er XXe 2nd
  kPunct,    // . , ; : ! ? … « » " ( ) - — –
  kSymbol,   // % € $ £ & + = / ...
  kUrl,      // https://... www.x.fr
  kEmail,
};

// Bit flags on tokens.
enum TokenFlag : uint8_t {
  kSpaceBefore = 1 << 0,    // whitespace precedes the token
  kLineStart = 1 << 1,      // first token of a line
  kCapitalized = 1 << 2,    // first letter uppercase
  kAllCaps = 1 << 3,        // every letter uppercase, at least two letters
  kElision = 1 << 4,        // ends with an apostrophe: l' d' qu' jusqu'
  kAbbreviation = 1 << 5,   // includes its final period: M. etc. janv.
};

struct Token {
  Span span;
  TokenKind kind = TokenKind::kWord;
  uint8_t flags = 0;
  bool has(TokenFlag f) const { return (flags & f) != 0; }
};

// The parts of a news dump's article, in the order the splitter finds them.
enum class PartKind : uint8_t {
  kTitle,
  kCaption,     // photo caption (often ends with a credit like "(AFP)")
  kShortUrl,    // the "Short Url" line
  kPublished,   // "Publié le Mercredi 29 janvier 2025"
  kBullet,      // highlight bullet
  kDateline,    // "PEKIN:" (the part covers the place name only)
  kSubheading,
  kParagraph,   // body paragraph (the dateline's paragraph included)
  kCredit,      // a line that is only a credit "(AFP)"
};
const char* PartKindName(PartKind k);

struct Part {
  PartKind kind;
  Span span;
  bool duplicate = false;  // repeats an earlier caption or a body sentence
};

struct Article {
  Span span;
  std::vector<Part> parts;
  Span title;                      // empty when none
  Span dateline;                   // the place, without the colon
  std::optional<CivilDate> date;   // publication date
  // This article's tokens, sentences and entities are the index ranges
  // [x_begin, x_end) of Document::tokens / sentences / entities (filled by
  // PrepareDocument and Pipeline::Run). Per-article code must stay inside
  // them: a chunk of a large dump holds thousands of articles.
  uint32_t token_begin = 0, token_end = 0;
  uint32_t sentence_begin = 0, sentence_end = 0;
  uint32_t entity_begin = 0, entity_end = 0;
};

struct Sentence {
  Span span;
  uint32_t token_begin = 0, token_end = 0;
  uint32_t article = 0;   // index into Document::articles
  uint32_t part = 0;      // index into that article's parts
};

enum class EntityType : uint8_t { kPerson, kOrganization, kLocation, kMoney, kDate, kMisc };
const char* EntityTypeName(EntityType t);  // "PER", "ORG", ...

struct MoneyValue {
  double amount = 0;
  std::optional<double> max;  // upper bound of a range or alternative
  std::optional<double> min;  // "plus de", "au moins"
  char currency[4] = {0, 0, 0, 0};  // ISO 4217 (or BTC)
  bool approx = false;
  bool implicit = false;      // currency taken from the article
};

struct Entity {
  EntityType type;
  Span span;
  uint32_t article = 0;
  // PER/ORG/LOC: canonical name; DATE: ISO 8601 value, empty = null.
  std::string value;
  MoneyValue money;           // MONEY only
  std::string_view rule;      // which rule fired, static string, for --explain
};

// One unit of input: a file (or a chunk of a large one), stdin, or a JSONL
// record. `original` holds the bytes as read; `text` the normalized view.
struct Document {
  std::string source;              // path, "<stdin>", or the record's source
  std::string id;                  // JSONL record id (empty otherwise)
  std::string record_title;        // JSONL record title (empty otherwise)
  uint64_t base_offset = 0;        // where `original` starts in the source
  uint32_t first_article = 1;      // 1-based number of articles[0] in the source
  std::string original;
  NormalizedText text;
  std::optional<CivilDate> ref_date;  // record date or --ref-date
  bool split_done = false;         // text and articles already built
  std::vector<Article> articles;
  std::vector<Token> tokens;
  std::vector<Sentence> sentences;
  std::vector<Entity> entities;    // sorted by span, non-overlapping
  std::vector<std::string> warnings;

  std::string_view Text(Span s) const { return text.view().substr(s.begin, s.size()); }
  std::string_view Text(const Token& t) const { return Text(t.span); }
  // The span in original bytes (relative to `original`).
  Span ToOriginal(Span s) const {
    if (text.edits().empty()) return s;  // clean text: most news, tested inline
    return {text.ToOriginalBegin(s.begin), text.ToOriginalEnd(s.end)};
  }
};

}  // namespace depeche

#endif  // DEPECHE_DOCUMENT_H_
