// A main() for the fuzz targets when libFuzzer is not available (g++): runs
// LLVMFuzzerTestOneInput on every file named, or found (sorted) in every
// directory named, plus every prefix of small inputs and a few cheap
// mutations, so ctest exercises the corpus under the sanitizers. An
// invariant violation aborts, and the last line printed names the input.
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

namespace {

void Run(const std::string& bytes) {
  // A copy in its own allocation, so ASan catches reads past the end.
  std::vector<uint8_t> buf(bytes.begin(), bytes.end());
  LLVMFuzzerTestOneInput(buf.empty() ? nullptr : buf.data(), buf.size());
}

void RunWithVariants(const std::string& bytes) {
  Run(bytes);
  // Prefixes cut inside multi-byte sequences and lines.
  const size_t step = std::max<size_t>(1, bytes.size() / 16);
  for (size_t n = 0; n < bytes.size(); n += step) Run(bytes.substr(0, n));
  // Doubled (repetitions) and with the first byte flipped (option bits).
  Run(bytes + bytes);
  if (!bytes.empty()) {
    std::string flipped = bytes;
    flipped[0] = static_cast<char>(flipped[0] ^ 0x0F);
    Run(flipped);
  }
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::filesystem::path> files;
  for (int i = 1; i < argc; ++i) {
    std::filesystem::path p(argv[i]);
    if (std::filesystem::is_directory(p)) {
      for (const auto& e : std::filesystem::directory_iterator(p))
        if (e.is_regular_file()) files.push_back(e.path());
    } else {
      files.push_back(p);
    }
  }
  std::sort(files.begin(), files.end());
  Run("");  // the empty input, always
  for (const auto& f : files) {
    std::ifstream in(f, std::ios::binary);
    if (!in) {
      std::fprintf(stderr, "replay: cannot read %s\n", f.c_str());
      return 2;
    }
    std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    std::fprintf(stderr, "replay: %s (%zu bytes)\n", f.c_str(), bytes.size());
    RunWithVariants(bytes);
  }
  std::fprintf(stderr, "replay: %zu inputs OK\n", files.size());
  return files.empty() ? 1 : 0;
}
