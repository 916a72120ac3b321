// French tokenizer over the normalized view. Linear time, no allocation per
// token (tokens are spans). Knows elisions (l' d' qu' jusqu' lorsqu'),
// aujourd'hui, inversions (a-t-il → a -t-il), French numbers (1,6  7.500
// 14 000  5,4%), ordinals (16e 1er XXe), abbreviations (M. Mme etc. janv.),
// acronyms, URLs, e-mails, guillemets, ellipsis and "(...)".
#ifndef DEPECHE_TOKENIZE_H_
#define DEPECHE_TOKENIZE_H_

#include <string_view>
#include <vector>

#include "depeche/document.h"

namespace depeche {

// Appends the tokens of text[range] to *out.
void Tokenize(std::string_view text, Span range, std::vector<Token>* out);

// True when `word` (without its final period) is a known French abbreviation
// that takes a period: "M", "Mme" is not (no period), "etc", "janv", "av" ...
bool IsAbbreviation(std::string_view word);

const char* TokenKindName(TokenKind k);

}  // namespace depeche

#endif  // DEPECHE_TOKENIZE_H_
