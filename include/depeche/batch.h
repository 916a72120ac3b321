// BatchRunner: expands inputs, feeds the pipeline from a bounded window of
// jobs, runs them on N worker threads, and prints results and messages in
// input order (identical output for any -j). Large files are cut between
// articles into chunks, so memory stays bounded whatever the input size.
#ifndef DEPECHE_BATCH_H_
#define DEPECHE_BATCH_H_

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "depeche/input.h"
#include "depeche/output.h"
#include "depeche/pipeline.h"

namespace depeche {

enum class InputFormat { kText, kJsonl };

struct BatchOptions {
  std::vector<std::string> paths;     // "-" for stdin
  InputFormat input_format = InputFormat::kText;
  ReadOptions read;
  WalkOptions walk;
  int threads = 1;
  size_t chunk_bytes = size_t{1} << 20;   // a large file is cut near this size
  std::optional<CivilDate> ref_date;      // --ref-date
  bool progress = false;                  // draw a progress line on stderr
};

struct BatchStats {
  uint64_t inputs = 0, articles = 0, entities = 0, records = 0;
  uint64_t failures = 0;   // inputs or records that could not be processed
  uint64_t skipped = 0;    // binary files or special files found by a walk
  uint64_t bytes = 0;
  bool output_closed = false;  // stdout closed early (EPIPE)
};

// Where output goes. `out` returns false when the reader has gone (EPIPE):
// the run then stops quietly. `err` gets one message line (without newline).
struct BatchSinks {
  std::function<bool(std::string_view)> out;
  std::function<void(std::string_view)> err;
  std::function<void(std::string_view)> progress;  // "\r..." line, may be null
};

BatchStats RunBatch(const Pipeline& pipeline, const Writer& writer, const BatchOptions& options,
                    const BatchSinks& sinks);

}  // namespace depeche

#endif  // DEPECHE_BATCH_H_
