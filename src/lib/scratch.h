// Per-thread scratch buffers: bounding what they keep between calls.
#ifndef DEPECHE_SCRATCH_H_
#define DEPECHE_SCRATCH_H_

#include <cstddef>
#include <tuple>
#include <vector>

namespace depeche::detail {

// Scratch vectors (thread_local or reused) keep their capacity so that
// steady-state work does not allocate. But one huge input (a single JSONL
// record of hundreds of MB) must not pin that much memory per worker for the
// rest of the run: past this size, the buffer is released after use.
inline constexpr size_t kScratchKeepBytes = size_t{16} << 20;

// Frees v's buffer when its capacity exceeds kScratchKeepBytes.
template <typename T>
void TrimScratch(std::vector<T>& v) {
  if (v.capacity() * sizeof(T) > kScratchKeepBytes) std::vector<T>().swap(v);
}

// TrimScratch of each of the vectors when the scope ends (on every return).
template <typename... T>
class TrimScratchOnExit {
 public:
  explicit TrimScratchOnExit(std::vector<T>&... v) : v_(v...) {}
  TrimScratchOnExit(const TrimScratchOnExit&) = delete;
  TrimScratchOnExit& operator=(const TrimScratchOnExit&) = delete;
  ~TrimScratchOnExit() {
    std::apply([](auto&... v) { (TrimScratch(v), ...); }, v_);
  }

 private:
  std::tuple<std::vector<T>&...> v_;
};

}  // namespace depeche::detail

#endif  // DEPECHE_SCRATCH_H_
