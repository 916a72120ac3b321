// ArticleSplitter: finds the articles of a news dump and their parts (title,
// captions, Short Url, publication date, bullets, dateline, subheadings,
// paragraphs, credits). Works on the normalized view, line by line, in linear
// time. Also handles a plain single-article file and dumps whose articles are
// separated only by blank lines.
#ifndef DEPECHE_SPLIT_H_
#define DEPECHE_SPLIT_H_

#include <optional>
#include <string_view>
#include <vector>

#include "depeche/document.h"

namespace depeche {

struct SplitOptions {
  // Treat the whole input as one article (JSONL records): no article
  // boundaries are searched, but parts are still found.
  bool single_article = false;
};

std::vector<Article> SplitArticles(std::string_view text, const SplitOptions& options = {});

// Parses "Publié le Mercredi 29 janvier 2025" / "29 janvier 2025" / "2025-01-29".
std::optional<CivilDate> ParsePublicationDate(std::string_view line);

// Where a streaming reader may cut `text` so that no article straddles the cut:
// the start of the last article that begins at or after `min_offset`, or
// std::nullopt when none is found.
std::optional<uint32_t> FindArticleCut(std::string_view text, uint32_t min_offset);

}  // namespace depeche

#endif  // DEPECHE_SPLIT_H_
