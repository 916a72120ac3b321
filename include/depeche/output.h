// Printers over one result type (ripgrep's printer split): each renders a
// Result into a string, so workers can render in parallel and the batch
// prints in input order. Offsets printed are original byte offsets.
#ifndef DEPECHE_OUTPUT_H_
#define DEPECHE_OUTPUT_H_

#include <memory>
#include <string>
#include <vector>

#include "depeche/pipeline.h"

namespace depeche {

enum class Format { kText, kJsonl, kTsv, kMarkdown };

struct OutputOptions {
  Stage command = Stage::kBrief;
  Format format = Format::kText;
  bool color = false;
  int width = 80;                       // text wrapping width
  bool explain = false;                 // brief: score components
  std::vector<EntityType> labels;       // empty: all
};

class Writer {
 public:
  virtual ~Writer() = default;
  // Printed once before any result (TSV header row).
  virtual void Header(std::string* out) const { (void)out; }
  virtual void Write(const Result& result, std::string* out) const = 0;
};

std::unique_ptr<Writer> MakeWriter(const OutputOptions& options);

// Appends s as a JSON string literal (quotes included); invalid UTF-8 becomes U+FFFD.
void AppendJsonString(std::string_view s, std::string* out);

}  // namespace depeche

#endif  // DEPECHE_OUTPUT_H_
