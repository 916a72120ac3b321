// Where data files are found, and the immutable bundle of everything loaded
// from them. Loaded once; shared read-only by every worker thread.
#ifndef DEPECHE_RESOURCES_H_
#define DEPECHE_RESOURCES_H_

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "depeche/status.h"

namespace depeche {

// The data directories, searched in order: --data DIR, $DEPECHE_DATA, the
// source tree's data/ and the build tree's generated data/.
class DataPaths {
 public:
  DataPaths() = default;
  explicit DataPaths(std::vector<std::string> dirs) : dirs_(std::move(dirs)) {}
  static DataPaths Default(const std::string& override_dir = "");

  // Full path of the first existing `relative` (e.g. "fr/currencies.tsv").
  StatusOr<std::string> Find(std::string_view relative) const;
  const std::vector<std::string>& dirs() const { return dirs_; }

 private:
  std::vector<std::string> dirs_;
};

// Reads a UTF-8 list file: one entry per line, '#' starts a comment line,
// blank lines skipped, trailing spaces trimmed. fn(line, line_number) may
// return an error, which is reported as "path:line: message".
Status ReadLines(const std::string& path,
                 const std::function<Status(std::string_view line, int line_no)>& fn);

}  // namespace depeche

#endif  // DEPECHE_RESOURCES_H_
