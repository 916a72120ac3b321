// Sentence splitter over an article's tokens. Non-paragraph parts (title,
// caption, bullet, subheading...) are one unit each; a paragraph is cut after
// . ! ? … when what follows starts a new sentence.
#include "depeche/sentences.h"

#include <algorithm>

#include "chars.h"

namespace depeche {
namespace {

bool IsTerminal(std::string_view t) {
  // Each form starts with '.', '!', '?' or U+2026's first byte: a comma stops here.
  if (t.empty() || (t[0] != '.' && t[0] != '!' && t[0] != '?' && t[0] != '\xE2')) return false;
  return t == "." || t == "!" || t == "?" || t == "..." || t == "\u2026" || t == "?!" || t == "!?" ||
         (t.size() > 1 && (t[0] == '!' || t[0] == '?') && t.find('.') == std::string_view::npos);
}

bool IsCloser(std::string_view t) {
  return t == "\u00BB" || t == "\"" || t == ")" || t == "]" || t == "\u201D" || t == "'";
}

// Lowercase abbreviations that are also common words ending sentences:
// "pendant le vol. Les secours" is two sentences, like "etc. Les".
bool IsWordToo(std::string_view t) {
  return t == "vol." || t == "mer." || t == "sept." || t == "jeu." || t == "cap." || t == "col." || t == "art.";
}

// Could this token open a sentence?
bool Opens(const Document& doc, const Token& t) {
  std::string_view s = doc.Text(t);
  if (t.kind == TokenKind::kNumber || t.kind == TokenKind::kOrdinal) return true;
  if (s == "\u00AB" || s == "\"" || s == "(" || s == "-" || s == "\u2014" || s == "\u2013" || s == "\u201C" ||
      s == "[" || s == "'")
    return true;
  int l;
  char32_t c = utf8::Decode(s, 0, &l);
  return detail::IsUpper(c) || detail::IsDigit(c);
}

}  // namespace

// Flattened: GCC left the sentence push_back, the part searches and the
// closer and opener tests as calls, about a fifth of this function's cost.
__attribute__((flatten)) void SplitSentences(Document* doc, uint32_t article_index) {
  const Article& a = doc->articles[article_index];
  const std::vector<Token>& toks = doc->tokens;
  // The first token of the article that begins at or after pos. Parts come
  // in text order, so the search starts where the previous one ended and
  // gallops: about log(tokens of the part) steps instead of log(article).
  uint32_t hint = a.token_begin, hint_pos = 0;
  auto first_token = [&](uint32_t pos) {
    uint32_t lo = pos >= hint_pos ? hint : a.token_begin;
    uint32_t hi = a.token_end;
    // Every token before lo begins before pos: when lo's does not, lo is the
    // answer. So it is for most parts' beginnings (the previous part ended
    // there, blank lines have no token), without a search.
    if (lo >= hi || toks[lo].span.begin >= pos) {
      hint = lo;
      hint_pos = pos;
      return lo;
    }
    for (uint32_t step = 1; lo + step < hi; step *= 2) {
      if (toks[lo + step].span.begin >= pos) {
        hi = lo + step;
        break;
      }
      lo += step;
    }
    auto it = std::lower_bound(toks.begin() + lo, toks.begin() + hi, pos,
                               [](const Token& t, uint32_t p) { return t.span.begin < p; });
    hint = static_cast<uint32_t>(it - toks.begin());
    hint_pos = pos;
    return hint;
  };
  for (uint32_t p = 0; p < a.parts.size(); ++p) {
    const Part& part = a.parts[p];
    if (part.kind == PartKind::kDateline) continue;  // inside its paragraph
    uint32_t tb = first_token(part.span.begin);
    uint32_t te = first_token(part.span.end);
    if (part.kind == PartKind::kParagraph && !a.dateline.empty() && part.span.begin == a.dateline.begin) {
      // "PEKIN: Les restrictions...": the dateline is metadata, not part of
      // the first sentence. Skip it and its ":" / "-" (also "PARIS (AFP) -").
      uint32_t k = tb;
      while (k < te && toks[k].span.end <= a.dateline.end) ++k;
      for (uint32_t look = k; look < te && look < k + 6; ++look) {
        std::string_view t = doc->Text(toks[look]);
        if (t == ":" || t == "-" || t == "\u2014" || t == "\u2013") {
          tb = look + 1;
          break;
        }
      }
    }
    if (tb >= te) continue;
    // Inline: out of line, each sentence paid a call that saved six registers.
    auto emit = [&](uint32_t from, uint32_t to) __attribute__((always_inline)) {
      if (from >= to) return;
      Sentence s;
      s.span = {toks[from].span.begin, toks[to - 1].span.end};
      s.token_begin = from;
      s.token_end = to;
      s.article = article_index;
      s.part = p;
      doc->sentences.push_back(s);
    };
    if (part.kind != PartKind::kParagraph && part.kind != PartKind::kBullet &&
        part.kind != PartKind::kCaption) {
      emit(tb, te);
      continue;
    }
    uint32_t start = tb;
    // "etc." before a capitalized word ends the sentence; "M." never does.
    auto abbreviation_ends = [&](uint32_t k, std::string_view s) {
      detail::SmallLower<16> lowered(s);
      std::string_view lower = lowered.view();
      return (lower == "etc." || (s == lower && IsWordToo(s))) && Opens(*doc, toks[k + 1]) &&
             toks[k + 1].kind == TokenKind::kWord;
    };
    const Token* const tok = toks.data();
    const char* const text = doc->text.view().data();
    for (uint32_t k = tb; k < te; ++k) {
      // Only punctuation and abbreviations can end a sentence: other tokens
      // (most of them) are passed over on their kind and flags, in a loop of
      // their own on a pointer.
      // Commas (half of the punctuation) are passed over there too.
      {
        const Token* p = tok + k;
        const Token* const pe = tok + te;
        auto passed = [text](const Token* q) __attribute__((always_inline)) {
          return (q->kind != TokenKind::kPunct || text[q->span.begin] == ',') && !q->has(kAbbreviation);
        };
        // Four at a time under one bound test: a sentence ends once in about
        // fifteen tokens.
        while (pe - p >= 4 && passed(p) && passed(p + 1) && passed(p + 2) && passed(p + 3)) p += 4;
        while (p < pe && passed(p)) ++p;
        k = static_cast<uint32_t>(p - tok);
        if (p == pe) break;
      }
      const Token& t = tok[k];
      bool end_here = false;
      uint32_t last = k;
      if (t.kind == TokenKind::kPunct) {
        std::string_view s = doc->Text(t);
        if (IsTerminal(s)) {
          // Closing quotes and parentheses glued to the punctuation follow it.
          // French typography puts a space before "»", so it closes even when spaced.
          while (last + 1 < te && IsCloser(doc->Text(toks[last + 1])) &&
                 (!toks[last + 1].has(kSpaceBefore) || doc->Text(toks[last + 1]) == "\u00BB"))
            ++last;
          if (last + 1 >= te) {
            end_here = true;
          } else {
            const Token& next = toks[last + 1];
            end_here = Opens(*doc, next) || next.has(kLineStart);
            // "« C'est fini. » a-t-il dit": lowercase after the closer continues.
          }
        } else if (t.has(kAbbreviation) && k + 1 < te) {
          end_here = abbreviation_ends(k, s);
        } else if (k + 1 < te && toks[k + 1].has(kLineStart) && (s == "\u00BB" || s == "\"")) {
          end_here = true;  // a quote closing a line
        }
      } else if (t.has(kAbbreviation) && k + 1 < te) {
        end_here = abbreviation_ends(k, doc->Text(t));
      }
      if (end_here) {
        emit(start, last + 1);
        start = last + 1;
        k = last;
      }
    }
    emit(start, te);
  }
}

}  // namespace depeche
