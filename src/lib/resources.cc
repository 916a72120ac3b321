#include "depeche/resources.h"

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include <fmt/format.h>

namespace depeche {

DataPaths DataPaths::Default(const std::string& override_dir) {
  std::vector<std::string> dirs;
  if (!override_dir.empty()) dirs.push_back(override_dir);
  if (const char* env = std::getenv("DEPECHE_DATA"); env != nullptr && *env != '\0') dirs.emplace_back(env);
#ifdef DEPECHE_SOURCE_DATA_DIR
  dirs.emplace_back(DEPECHE_SOURCE_DATA_DIR);
#endif
#ifdef DEPECHE_BUILD_DATA_DIR
  dirs.emplace_back(DEPECHE_BUILD_DATA_DIR);
#endif
  return DataPaths(std::move(dirs));
}

StatusOr<std::string> DataPaths::Find(std::string_view relative) const {
  std::error_code ec;
  for (const std::string& d : dirs_) {
    std::filesystem::path p = std::filesystem::path(d) / relative;
    if (std::filesystem::is_regular_file(p, ec)) return p.string();
  }
  std::string where;
  for (const std::string& d : dirs_) where += (where.empty() ? "" : ", ") + d;
  return NotFoundError(fmt::format("data file {} not found in: {}", relative, where.empty() ? "(no data directory)" : where));
}

Status ReadLines(const std::string& path,
                 const std::function<Status(std::string_view line, int line_no)>& fn) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return NotFoundError(fmt::format("{}: cannot open", path));
  std::string line;
  int no = 0;
  while (std::getline(in, line)) {
    ++no;
    std::string_view v = line;
    if (no == 1 && v.substr(0, 3) == "\xEF\xBB\xBF") v.remove_prefix(3);
    while (!v.empty() && (v.back() == '\r' || v.back() == ' ' || v.back() == '\t')) v.remove_suffix(1);
    if (v.empty() || v[0] == '#') continue;
    Status st = fn(v, no);
    if (!st.ok()) return Status(st.code(), fmt::format("{}:{}: {}", path, no, st.message()));
  }
  return Status::Ok();
}

}  // namespace depeche
