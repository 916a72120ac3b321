// Sentence splitter. A title, caption, bullet or subheading is its own unit;
// paragraphs are split at . ! ? … unless the period ends a known abbreviation
// (M. janv. etc.), an initial (J. Ding), or sits inside a number or a URL, and
// a closing quote or parenthesis stays with its sentence.
#ifndef DEPECHE_SENTENCES_H_
#define DEPECHE_SENTENCES_H_

#include <vector>

#include "depeche/document.h"

namespace depeche {

// Appends the sentences of article `article_index` to doc->sentences. The
// article's tokens must already be in doc->tokens (sorted).
void SplitSentences(Document* doc, uint32_t article_index);

}  // namespace depeche

#endif  // DEPECHE_SENTENCES_H_
