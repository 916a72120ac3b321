// Input: the path walker, the block reader (BOM/encoding/NUL detection) and
// JSON Lines records. See include/depeche/input.h for the exact semantics.
#include "depeche/input.h"

#include <dirent.h>
#include <fcntl.h>
#include <poll.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>
#include <unicode/ucnv.h>
#include <unicode/ucnv_cb.h>
#include <unicode/ucnv_err.h>

#include <simdjson.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <bit>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <system_error>
#include <utility>
#include <vector>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace depeche {
namespace detail {
namespace {

// The message of an errno value ("No such file or directory"), thread-safe
// unlike strerror().
std::string ErrnoText(int err) { return std::error_code(err, std::generic_category()).message(); }

// ENOENT/ENOTDIR mean "not there"; anything else means "there but unusable".
Status ErrnoStatus(const std::string& path, int err) {
  std::string message = path + ": " + ErrnoText(err);
  if (err == ENOENT || err == ENOTDIR) return NotFoundError(std::move(message));
  return DataLossError(std::move(message));
}

char AsciiLower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

std::string AsciiLowerString(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = AsciiLower(c);
  return out;
}

// "utf-8", "UTF8", "utf_8" all mean "no conversion".
bool IsUtf8Name(std::string_view name) {
  std::string squeezed;
  for (char c : name) {
    if (c != '-' && c != '_') squeezed += AsciiLower(c);
  }
  return squeezed == "utf8";
}

const char* SpecialFileKind(mode_t mode) {
  if (S_ISFIFO(mode)) return "FIFO";
  if (S_ISSOCK(mode)) return "socket";
  if (S_ISCHR(mode)) return "character device";
  if (S_ISBLK(mode)) return "block device";
  return "special file";
}

// ---------------------------------------------------------------------------
// Streaming conversion to UTF-8 with ICU. ucnv_convertEx keeps partial input
// sequences in the source converter and the pivot buffer between calls, so
// blocks may split a code unit or a surrogate pair anywhere.

// Malformed or unmapped input becomes U+FFFD and is counted. ICU's default
// substitute callback would write U+001A for single-byte code pages, which
// silently turns bad bytes into control characters.
void CountingSubstituteCallback(const void* context, UConverterToUnicodeArgs* args,
                                const char* /*code_units*/, int32_t /*length*/,
                                UConverterCallbackReason reason, UErrorCode* err) {
  if (reason > UCNV_IRREGULAR) return;  // reset, close, clone: nothing to substitute
  ++*static_cast<int64_t*>(const_cast<void*>(context));
  *err = U_ZERO_ERROR;
  static const UChar kReplacement = 0xFFFD;
  ucnv_cbToUWriteUChars(args, &kReplacement, 1, 0, err);
}

class Utf8Converter {
 public:
  // Returns null and sets *status when ICU does not know `encoding`.
  static std::unique_ptr<Utf8Converter> Open(const std::string& encoding, Status* status) {
    UErrorCode err = U_ZERO_ERROR;
    UConverter* from = ucnv_open(encoding.c_str(), &err);
    if (U_FAILURE(err) || from == nullptr) {
      if (from != nullptr) ucnv_close(from);
      *status = InvalidArgumentError("unknown encoding \"" + encoding + "\"");
      return nullptr;
    }
    err = U_ZERO_ERROR;
    UConverter* to = ucnv_open("UTF-8", &err);
    if (U_FAILURE(err) || to == nullptr) {
      ucnv_close(from);
      *status = InternalError(std::string("cannot open the ICU UTF-8 converter: ") + u_errorName(err));
      return nullptr;
    }
    std::unique_ptr<Utf8Converter> c(new Utf8Converter(from, to));
    err = U_ZERO_ERROR;
    ucnv_setToUCallBack(from, CountingSubstituteCallback, &c->replaced_, nullptr, nullptr, &err);
    *status = Status::Ok();
    return c;
  }

  ~Utf8Converter() {
    ucnv_close(from_);
    ucnv_close(to_);
  }
  Utf8Converter(const Utf8Converter&) = delete;
  Utf8Converter& operator=(const Utf8Converter&) = delete;

  // Converts [data, data + size) and appends UTF-8 to *out. `flush` at the
  // end of the input turns a dangling partial sequence into U+FFFD.
  Status Convert(const char* data, size_t size, bool flush, std::string* out) {
    const char* source = data;
    const char* source_end = data + size;
    char buffer[16384];
    for (;;) {
      char* target = buffer;
      UErrorCode err = U_ZERO_ERROR;
      ucnv_convertEx(to_, from_, &target, buffer + sizeof(buffer), &source, source_end, pivot_,
                     &pivot_source_, &pivot_target_, pivot_ + kPivotSize, reset_, flush, &err);
      reset_ = false;
      out->append(buffer, static_cast<size_t>(target - buffer));
      if (err == U_BUFFER_OVERFLOW_ERROR) continue;
      if (U_FAILURE(err)) return InternalError(std::string("conversion failed: ") + u_errorName(err));
      return Status::Ok();
    }
  }

  int64_t replaced() const { return replaced_; }
  const char* name() const {
    UErrorCode err = U_ZERO_ERROR;
    return ucnv_getName(from_, &err);
  }

 private:
  static constexpr int kPivotSize = 1024;
  Utf8Converter(UConverter* from, UConverter* to) : from_(from), to_(to) {}

  UConverter* from_;
  UConverter* to_;
  UChar pivot_[kPivotSize];
  UChar* pivot_source_ = pivot_;
  UChar* pivot_target_ = pivot_;
  bool reset_ = true;
  int64_t replaced_ = 0;
};

// ---------------------------------------------------------------------------
// Encoding hints for input read as UTF-8.

struct Utf8Census {
  int64_t valid_multibyte = 0;
  int64_t invalid = 0;
  int64_t c1_bytes = 0;        // 0x80-0x9F among the invalid bytes: cp1252 punctuation
  int64_t first_invalid = -1;  // offset in the scanned block
  size_t cut_tail = 0;         // bytes of a sequence cut by the end of the block
};

// Counts valid and invalid UTF-8 sequences of a block; a sequence cut by the
// end of the block is left out (cut_tail) so the caller can carry it over.
Utf8Census CensusUtf8(std::string_view s) {
  Utf8Census c;
  size_t i = 0;
  const size_t n = s.size();
  while (i < n) {
#if defined(__SSE2__)
    // ASCII (most of French text) 16 bytes at a time.
    while (i + 16 <= n) {
      const int m = _mm_movemask_epi8(_mm_loadu_si128(reinterpret_cast<const __m128i*>(s.data() + i)));
      if (m != 0) {
        i += static_cast<size_t>(__builtin_ctz(static_cast<unsigned>(m)));
        break;
      }
      i += 16;
    }
    if (i >= n) break;
#endif
    const unsigned char b = static_cast<unsigned char>(s[i]);
    if (b < 0x80) {
      ++i;
      continue;
    }
    size_t len = 0;
    unsigned char lo = 0x80, hi = 0xBF;  // allowed range of the second byte
    if (b >= 0xC2 && b <= 0xDF) {
      len = 2;
    } else if (b >= 0xE0 && b <= 0xEF) {
      len = 3;
      if (b == 0xE0) lo = 0xA0;
      if (b == 0xED) hi = 0x9F;
    } else if (b >= 0xF0 && b <= 0xF4) {
      len = 4;
      if (b == 0xF0) lo = 0x90;
      if (b == 0xF4) hi = 0x8F;
    }
    bool ok = len > 0;
    for (size_t j = 1; ok && j < len; ++j) {
      if (i + j >= n) {
        c.cut_tail = n - i;
        return c;
      }
      const unsigned char t = static_cast<unsigned char>(s[i + j]);
      if (t < (j == 1 ? lo : 0x80) || t > (j == 1 ? hi : 0xBF)) ok = false;
    }
    if (ok) {
      ++c.valid_multibyte;
      i += len;
    } else {
      ++c.invalid;
      if (b <= 0x9F) ++c.c1_bytes;
      if (c.first_invalid < 0) c.first_invalid = static_cast<int64_t>(i);
      ++i;
    }
  }
  return c;
}

// Looks at the first kWindow bytes of UTF-8 input and, when they do not look
// like UTF-8, suggests an --encoding: invalid bytes outnumbering real UTF-8
// sequences mean a legacy 8-bit dump ("caf\xE9"); many NUL bytes on one
// parity mean UTF-16 without a byte order mark.
class EncodingSniffer {
 public:
  static constexpr size_t kWindow = size_t{64} << 10;

  bool done() const { return done_; }

  // `offset` is the file offset of data[0].
  void Add(const char* data, size_t size, uint64_t offset) {
    if (done_) return;
    size = std::min(size, kWindow - scanned_);
    // Text has no NUL: counted byte by byte only when there is one.
    if (std::memchr(data, 0, size) != nullptr) {
      for (size_t i = 0; i < size; ++i) {
        if (data[i] == 0) ++zeros_[(offset + i) & 1];
      }
    }
    carry_.append(data, size);  // carry_ holds the cut tail of the previous block
    const Utf8Census c = CensusUtf8(carry_);
    valid_ += c.valid_multibyte;
    invalid_ += c.invalid;
    c1_ += c.c1_bytes;
    if (first_invalid_ < 0 && c.first_invalid >= 0) {
      first_invalid_ = static_cast<int64_t>(offset) - static_cast<int64_t>(carry_.size() - size) + c.first_invalid;
    }
    carry_.erase(0, carry_.size() - c.cut_tail);
    scanned_ += size;
    end_offset_ = offset + size;
    if (scanned_ >= kWindow) done_ = true;
  }

  // The hint, if any (call once, when done() or at the end of the input).
  std::string Finish(bool at_end) {
    if (at_end && !done_ && !carry_.empty()) {
      // A sequence cut by the end of the input is invalid ("caf\xE9" at EOF).
      ++invalid_;
      if (static_cast<unsigned char>(carry_[0]) <= 0x9F) ++c1_;
      if (first_invalid_ < 0) first_invalid_ = static_cast<int64_t>(end_offset_ - carry_.size());
    }
    done_ = true;
    const uint64_t zeros = zeros_[0] + zeros_[1];
    if (scanned_ >= 4 && zeros * 4 >= scanned_) {
      if (zeros_[1] >= zeros * 9 / 10) return "looks like UTF-16LE without a byte order mark; try --encoding UTF-16LE";
      if (zeros_[0] >= zeros * 9 / 10) return "looks like UTF-16BE without a byte order mark; try --encoding UTF-16BE";
      return "";
    }
    if (invalid_ == 0 || invalid_ < valid_ || zeros > 0) return "";
    // 0x80-0x9F are control codes in Latin-1 but quotes, dashes and the euro
    // sign in cp1252, so their presence points to cp1252.
    const bool cp1252 = c1_ > 0;
    return std::string("looks like ") + (cp1252 ? "Windows-1252" : "Latin-1") + " (invalid UTF-8 at byte " +
           std::to_string(first_invalid_) + "); try --encoding " + (cp1252 ? "cp1252" : "latin1");
  }

 private:
  bool done_ = false;
  size_t scanned_ = 0;
  uint64_t end_offset_ = 0;  // file offset just past the last byte added
  std::string carry_;
  int64_t valid_ = 0, invalid_ = 0, c1_ = 0, first_invalid_ = -1;
  uint64_t zeros_[2] = {0, 0};
};

}  // namespace
}  // namespace detail

// ===========================================================================
// InputWalker

namespace {

struct Frame {
  std::string dir;                 // prefix for the children's paths
  std::vector<std::string> names;  // sorted, hidden entries removed
  size_t next = 0;
  int depth = 0;                   // the directory's own depth (named = 0)
  dev_t dev = 0;
  ino_t ino = 0;
};

std::string JoinPath(const std::string& dir, const std::string& name) {
  if (!dir.empty() && dir.back() == '/') return dir + name;
  return dir + "/" + name;
}

}  // namespace

struct InputWalker::Impl {
  std::vector<std::string> paths;
  size_t next_path = 0;
  std::vector<std::string> extensions;  // lowercase, without the dot
  int max_depth = -1;
  std::vector<Frame> stack;

  bool MatchesExtension(const std::string& name) const {
    if (extensions.empty()) return true;
    const size_t dot = name.rfind('.');
    if (dot == std::string::npos || dot == 0) return false;
    const std::string ext = detail::AsciiLowerString(std::string_view(name).substr(dot + 1));
    return std::find(extensions.begin(), extensions.end(), ext) != extensions.end();
  }

  bool MayEnter(int depth) const { return max_depth < 0 || depth < max_depth; }

  // Lists, filters and sorts a directory, and pushes it on the stack.
  Status Enter(const std::string& path, const struct stat& st, int depth) {
    DIR* dir = opendir(path.c_str());
    if (dir == nullptr) return detail::ErrnoStatus(path, errno);
    Frame frame;
    frame.dir = path;
    frame.depth = depth;
    frame.dev = st.st_dev;
    frame.ino = st.st_ino;
    for (;;) {
      errno = 0;
      const struct dirent* entry = readdir(dir);
      if (entry == nullptr) break;
      if (entry->d_name[0] == '.') continue;  // hidden, and "." / ".."
      frame.names.emplace_back(entry->d_name);
    }
    const int err = errno;
    closedir(dir);
    if (err != 0) return detail::ErrnoStatus(path, err);
    // std::string's operator< compares as unsigned bytes (char_traits<char>::lt).
    std::sort(frame.names.begin(), frame.names.end());
    stack.push_back(std::move(frame));
    return Status::Ok();
  }

  // The directory on the current path with this (dev, inode), if any.
  const Frame* FindOnPath(const struct stat& st) const {
    for (const Frame& f : stack) {
      if (f.dev == st.st_dev && f.ino == st.st_ino) return &f;
    }
    return nullptr;
  }

  bool Next(InputRef* ref, Status* error) {
    for (;;) {
      if (!stack.empty()) {
        Frame& top = stack.back();
        if (top.next == top.names.size()) {
          stack.pop_back();
          continue;
        }
        const std::string& name = top.names[top.next++];
        std::string path = JoinPath(top.dir, name);
        const int depth = top.depth + 1;
        struct stat st;
        if (stat(path.c_str(), &st) != 0) {  // follows symlinks; dangling ones fail here
          *error = detail::ErrnoStatus(path, errno);
          return true;
        }
        if (S_ISDIR(st.st_mode)) {
          if (!MayEnter(depth)) continue;
          if (const Frame* ancestor = FindOnPath(st)) {
            *error = DataLossError(path + ": symlink loop (leads back to " + ancestor->dir + "), skipped");
            return true;
          }
          Status s = Enter(path, st, depth);  // invalidates `top`
          if (!s.ok()) {
            *error = std::move(s);
            return true;
          }
          continue;
        }
        if (!MatchesExtension(name)) continue;
        if (S_ISREG(st.st_mode)) {
          *ref = InputRef{std::move(path), false, false};
          return true;
        }
        // A FIFO found by a walk would block the run until some writer shows
        // up; devices may never end. Skip them with a note (kUnavailable).
        *error = UnavailableError(path + ": " + detail::SpecialFileKind(st.st_mode) + ", skipped");
        return true;
      }

      if (next_path == paths.size()) return false;
      std::string path = paths[next_path++];
      if (path == "-") {
        *ref = InputRef{"-", true, true};
        return true;
      }
      struct stat st;
      if (stat(path.c_str(), &st) != 0) {
        *error = detail::ErrnoStatus(path, errno);
        return true;
      }
      if (S_ISDIR(st.st_mode)) {
        if (!MayEnter(0)) continue;
        Status s = Enter(path, st, 0);
        if (!s.ok()) {
          *error = std::move(s);
          return true;
        }
        continue;
      }
      // Files, FIFOs and devices named explicitly: the user asked for them.
      *ref = InputRef{std::move(path), false, true};
      return true;
    }
  }
};

InputWalker::InputWalker(std::vector<std::string> paths, WalkOptions options) : impl_(new Impl) {
  impl_->paths = std::move(paths);
  impl_->max_depth = options.max_depth;
  for (const std::string& e : options.extensions) {
    std::string_view v = e;
    if (!v.empty() && v.front() == '.') v.remove_prefix(1);
    if (!v.empty()) impl_->extensions.push_back(detail::AsciiLowerString(v));
  }
}

InputWalker::~InputWalker() = default;

bool InputWalker::Next(InputRef* ref, Status* error) {
  *error = Status::Ok();
  return impl_->Next(ref, error);
}

// ===========================================================================
// InputReader

namespace {

// Largest single read(2); Read() returns at most this much raw input per call.
constexpr size_t kMaxBlock = size_t{1} << 20;

}  // namespace

struct InputReader::Impl {
  int fd = -1;
  bool owns_fd = false;
  std::string name;  // for messages
  std::string requested_encoding;

  bool started = false;
  bool eof = false;
  std::unique_ptr<detail::Utf8Converter> converter;  // null: UTF-8 passed through
  std::string pending;                               // output not handed out yet
  size_t pending_pos = 0;
  std::string raw;                                   // conversion input buffer
  uint64_t produced = 0;                             // output bytes handed out
  uint64_t consumed = 0;                             // bytes read from fd
  // The file size fstat gave, while reads have matched it (-1: unknown, or
  // the file turned out longer).
  int64_t size_hint = -1;
  detail::EncodingSniffer sniffer;  // UTF-8 input only
  bool sniff_finished = false;
  int64_t reported_replaced = 0;

  void FinishSniff(ReadNotes* notes, bool at_end) {
    if (sniff_finished) return;
    sniff_finished = true;
    if (std::string hint = sniffer.Finish(at_end); !hint.empty()) notes->warnings.push_back(std::move(hint));
  }

  ~Impl() {
    if (owns_fd && fd >= 0) close(fd);
  }

  // One read(2), retried on EINTR. Returns bytes read (0 at end) or -1.
  ssize_t ReadSome(char* buffer, size_t size, Status* error) {
    for (;;) {
      const ssize_t r = ::read(fd, buffer, size);
      if (r >= 0) {
        consumed += static_cast<uint64_t>(r);
        return r;
      }
      if (errno == EINTR) continue;
      if (errno == EAGAIN || errno == EWOULDBLOCK) {
        // A non-blocking stdin inherited from the parent: wait for data.
        struct pollfd p = {fd, POLLIN, 0};
        if (poll(&p, 1, -1) >= 0 || errno == EINTR) continue;
      }
      *error = detail::ErrnoStatus(name, errno);
      if (error->code() == StatusCode::kNotFound) *error = DataLossError(error->message());
      return -1;
    }
  }
};

InputReader::~InputReader() = default;

Status CheckEncoding(const std::string& encoding) {
  if (encoding.empty() || detail::IsUtf8Name(encoding)) return Status::Ok();
  Status status;
  detail::Utf8Converter::Open(encoding, &status);
  return status;
}

StatusOr<std::unique_ptr<InputReader>> InputReader::Open(const InputRef& ref, const ReadOptions& options) {
  std::unique_ptr<InputReader> reader(new InputReader);
  reader->impl_ = std::make_unique<Impl>();
  Impl& impl = *reader->impl_;
  DEPECHE_RETURN_IF_ERROR(CheckEncoding(options.encoding));
  if (!options.encoding.empty() && !detail::IsUtf8Name(options.encoding)) {
    impl.requested_encoding = options.encoding;
  }
  if (ref.is_stdin) {
    impl.fd = STDIN_FILENO;
    impl.name = "<stdin>";
  } else {
    impl.name = ref.path;
    // Opening a named FIFO blocks until a writer opens it: that is the
    // contract of a FIFO named on the command line (walks never yield them).
    do {
      impl.fd = ::open(ref.path.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY);
    } while (impl.fd < 0 && errno == EINTR);
    if (impl.fd < 0) return detail::ErrnoStatus(ref.path, errno);
    impl.owns_fd = true;
  }
  struct stat st;
  if (fstat(impl.fd, &st) != 0) return detail::ErrnoStatus(impl.name, errno);
  if (S_ISDIR(st.st_mode)) return DataLossError(impl.name + ": " + detail::ErrnoText(EISDIR));
  if (S_ISREG(st.st_mode)) {
    reader->size_hint_ = static_cast<int64_t>(st.st_size);
    impl.size_hint = reader->size_hint_;
    posix_fadvise(impl.fd, 0, 0, POSIX_FADV_SEQUENTIAL);
  }
  return reader;
}

StatusOr<size_t> InputReader::Read(std::string* out, size_t max_bytes) {
  if (max_bytes == 0) return InvalidArgumentError("InputReader::Read: max_bytes must be > 0");
  Impl& impl = *impl_;
  const size_t block = std::min(max_bytes, kMaxBlock);
  Status error;

    // Everything handed out goes through here: NUL scan and encoding sniff.
  auto emit = [&](const char* data, size_t n) {
    if (!notes_.binary) {
      if (const void* nul = std::memchr(data, 0, n)) {
        notes_.binary = true;
        notes_.binary_offset = impl.produced + static_cast<uint64_t>(static_cast<const char*>(nul) - data);
        if (impl.converter == nullptr) notes_.binary_offset += notes_.bom_size;
      }
    }
    if (impl.converter == nullptr && !impl.sniffer.done()) {
      impl.sniffer.Add(data, n, impl.produced + notes_.bom_size);
      if (impl.sniffer.done()) impl.FinishSniff(&notes_, /*at_end=*/false);
    }
    impl.produced += n;
  };

  auto take_pending = [&]() -> size_t {
    const size_t n = std::min(max_bytes, impl.pending.size() - impl.pending_pos);
    if (n == 0) return 0;
    const char* data = impl.pending.data() + impl.pending_pos;
    out->append(data, n);
    emit(data, n);
    impl.pending_pos += n;
    if (impl.pending_pos == impl.pending.size()) {
      impl.pending.clear();
      impl.pending_pos = 0;
    }
    return n;
  };

  auto note_replacements = [&]() {
    if (impl.converter && impl.converter->replaced() > impl.reported_replaced) {
      if (impl.reported_replaced == 0) {
        notes_.warnings.push_back("invalid or unmapped " + notes_.converted_from +
                                  " bytes replaced by U+FFFD");
      }
      impl.reported_replaced = impl.converter->replaced();
    }
  };

  if (!impl.started) {
    // Sniff: gather at least 3 bytes (a pipe may deliver them one by one).
    std::string head;
    while (head.size() < 3 && !impl.eof) {
      char buffer[3];
      const ssize_t r = impl.ReadSome(buffer, 3 - head.size(), &error);
      if (r < 0) return error;
      if (r == 0) impl.eof = true;
      head.append(buffer, static_cast<size_t>(r));
    }
    impl.started = true;
    std::string bom_encoding;
    bool utf16_bom = false;
    if (head.size() >= 3 && head.compare(0, 3, "\xEF\xBB\xBF") == 0) {
      notes_.bom_size = 3;
      if (!impl.requested_encoding.empty()) {
        notes_.warnings.push_back("UTF-8 byte order mark: --encoding " + impl.requested_encoding + " ignored");
      }
    } else if (head.size() >= 2 && (head.compare(0, 2, "\xFF\xFE") == 0 || head.compare(0, 2, "\xFE\xFF") == 0)) {
      utf16_bom = true;
      bom_encoding = head[0] == '\xFF' ? "UTF-16LE" : "UTF-16BE";
      if (!impl.requested_encoding.empty() &&
          detail::AsciiLowerString(impl.requested_encoding).find("16") == std::string::npos) {
        notes_.warnings.push_back(bom_encoding + " byte order mark: --encoding " + impl.requested_encoding +
                                  " ignored");
      }
    } else if (!impl.requested_encoding.empty()) {
      bom_encoding = impl.requested_encoding;
    }
    head.erase(0, utf16_bom ? 2 : notes_.bom_size);
    if (!bom_encoding.empty()) {
      Status status;
      impl.converter = detail::Utf8Converter::Open(bom_encoding, &status);
      if (impl.converter == nullptr) return status;
      notes_.converted_from = bom_encoding;
      DEPECHE_RETURN_IF_ERROR(impl.converter->Convert(head.data(), head.size(), impl.eof, &impl.pending));
      note_replacements();
    } else {
      impl.pending = std::move(head);
    }
  }

  if (size_t n = take_pending()) return n;
  while (!impl.eof) {
    if (impl.converter == nullptr) {
      // UTF-8: read straight into the caller's string, growing it by what
      // the file has left rather than by a whole block: resize() zero-fills,
      // and a 1 MB block per input (most are a few KB) cost a fresh zeroed
      // megabyte each, and the last read of a file doubled the string to
      // find the end.
      size_t want = block;
      if (impl.size_hint >= 0) {
        const auto hint = static_cast<uint64_t>(impl.size_hint);
        if (impl.consumed >= hint) {
          // Where fstat said the file ends: confirm it with a small read.
          char probe[4096];
          const ssize_t r = impl.ReadSome(probe, std::min(sizeof probe, block), &error);
          if (r < 0) return error;
          if (r == 0) {
            impl.eof = true;
            break;
          }
          impl.size_hint = -1;  // the file grew: plain block reads from now on
          out->append(probe, static_cast<size_t>(r));
          emit(out->data() + out->size() - r, static_cast<size_t>(r));
          return static_cast<size_t>(r);
        }
        want = static_cast<size_t>(std::min<uint64_t>(block, hint - impl.consumed));
      }
      const size_t old = out->size();
      out->resize(old + want);
      const ssize_t r = impl.ReadSome(out->data() + old, want, &error);
      if (r < 0) {
        out->resize(old);
        return error;
      }
      out->resize(old + static_cast<size_t>(r));
      if (r == 0) {
        impl.eof = true;
        break;
      }
      emit(out->data() + old, static_cast<size_t>(r));
      return static_cast<size_t>(r);
    }
    impl.raw.resize(block);
    const ssize_t r = impl.ReadSome(impl.raw.data(), block, &error);
    if (r < 0) return error;
    if (r == 0) impl.eof = true;
    DEPECHE_RETURN_IF_ERROR(impl.converter->Convert(impl.raw.data(), static_cast<size_t>(r), impl.eof,
                                                    &impl.pending));
    note_replacements();
    if (size_t n = take_pending()) return n;
  }
  const size_t n = take_pending();
  if (n == 0 && impl.converter == nullptr) impl.FinishSniff(&notes_, /*at_end=*/true);
  return n;
}

StatusOr<std::string> ConvertToUtf8(std::string_view bytes, const std::string& encoding) {
  if (encoding.empty() || detail::IsUtf8Name(encoding)) return std::string(bytes);
  Status status;
  std::unique_ptr<detail::Utf8Converter> converter = detail::Utf8Converter::Open(encoding, &status);
  if (converter == nullptr) return status;
  std::string out;
  out.reserve(bytes.size() + bytes.size() / 2);
  DEPECHE_RETURN_IF_ERROR(converter->Convert(bytes.data(), bytes.size(), /*flush=*/true, &out));
  return out;
}

// ===========================================================================
// Records and dates

std::optional<CivilDate> ParseIsoDate(std::string_view s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return std::nullopt;
  auto digits = [&](size_t begin, size_t count, int* value) {
    *value = 0;
    for (size_t i = begin; i < begin + count; ++i) {
      if (s[i] < '0' || s[i] > '9') return false;
      *value = *value * 10 + (s[i] - '0');
    }
    return true;
  };
  CivilDate d;
  if (!digits(0, 4, &d.year) || !digits(5, 2, &d.month) || !digits(8, 2, &d.day)) return std::nullopt;
  if (d.year < 1 || d.month < 1 || d.month > 12 || d.day < 1) return std::nullopt;
  static constexpr int kDays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (d.year % 4 == 0 && d.year % 100 != 0) || d.year % 400 == 0;
  const int days = kDays[d.month - 1] + (d.month == 2 && leap ? 1 : 0);
  if (d.day > days) return std::nullopt;
  return d;
}

namespace {

constexpr int kMaxJsonDepth = 64;

bool IsJsonSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// Index just past the string literal starting at s[i] == '"', or npos when
// it does not end on this line.
size_t SkipJsonString(std::string_view s, size_t i) {
  for (++i; i < s.size(); ++i) {
    if (s[i] == '\\') {
      ++i;
    } else if (s[i] == '"') {
      return i + 1;
    }
  }
  return std::string_view::npos;
}

// The offset where bracket depth, counted outside strings in linear time,
// exceeds kMaxJsonDepth, or npos.
size_t FindExcessiveNesting(std::string_view s) {
  int depth = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (c == '"') {
      const size_t end = SkipJsonString(s, i);
      if (end == std::string_view::npos) return std::string_view::npos;  // the parser will report it
      i = end - 1;
    } else if (c == '[' || c == '{') {
      if (++depth > kMaxJsonDepth) return i;
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
  return std::string_view::npos;
}

// Best effort for broken lines: the value of a top-level "id" member that
// is complete before the break (a string or a number), so that the error
// line can still name the record.
std::string RecoverId(std::string_view s) {
  size_t i = 0;
  while (i < s.size() && IsJsonSpace(s[i])) ++i;
  if (i >= s.size() || s[i] != '{') return "";
  int depth = 0;
  bool expect_key = false;
  for (; i < s.size(); ++i) {
    const char c = s[i];
    if (c == '{' || c == '[') {
      ++depth;
      expect_key = (c == '{' && depth == 1);
    } else if (c == '}' || c == ']') {
      if (--depth <= 0) return "";
    } else if (c == ',') {
      expect_key = (depth == 1);
    } else if (c == '"') {
      const size_t end = SkipJsonString(s, i);
      if (end == std::string_view::npos) return "";
      const bool is_id_key = expect_key && s.substr(i, end - i) == "\"id\"";
      expect_key = false;
      i = end - 1;
      if (!is_id_key) continue;
      size_t v = end;
      while (v < s.size() && IsJsonSpace(s[v])) ++v;
      if (v >= s.size() || s[v] != ':') return "";
      ++v;
      while (v < s.size() && IsJsonSpace(s[v])) ++v;
      size_t value_end = v;
      if (v < s.size() && s[v] == '"') {
        value_end = SkipJsonString(s, v);
        if (value_end == std::string_view::npos) return "";
      } else {
        auto is_number_char = [](char ch) {
          return (ch >= '0' && ch <= '9') || ch == '-' || ch == '+' || ch == '.' || ch == 'e' || ch == 'E';
        };
        while (value_end < s.size() && is_number_char(s[value_end])) ++value_end;
      }
      const nlohmann::json value = nlohmann::json::parse(s.substr(v, value_end - v), nullptr, false);
      if (value.is_string()) return value.get<std::string>();
      if (value.is_number()) return value.dump();
      return "";
    }
  }
  return "";
}

// nlohmann's message without its "[json.exception.parse_error.101] parse
// error at line 1, column 7: " prefix, capped (it quotes the last token,
// which may be a 100 MB string).
std::string ShortParseMessage(const char* what) {
  std::string_view m = what;
  const size_t colon = m.find(": ");
  if (colon != std::string_view::npos) m.remove_prefix(colon + 2);
  constexpr size_t kMax = 160;
  if (m.size() > kMax) return std::string(m.substr(0, kMax)) + "...";
  return std::string(m);
}

// A string value quoted in an error message, capped.
std::string Excerpt(std::string_view v) {
  constexpr size_t kMax = 40;
  if (v.size() <= kMax) return "\"" + std::string(v) + "\"";
  size_t cut = kMax;
  while (cut > 0 && (static_cast<unsigned char>(v[cut]) & 0xC0) == 0x80) --cut;  // whole code points
  return "\"" + std::string(v.substr(0, cut)) + "...\"";
}

// One member of a record as a parser saw it, so that the checks below are
// written once for both parsers (simdjson first, nlohmann for the lines
// simdjson refuses).
struct JsonField {
  enum Kind : uint8_t { kAbsent, kNull, kString, kNumber, kOther };
  Kind kind = kAbsent;
  std::string_view str;  // kString: the unescaped value, owned by the parser's DOM
  std::string number;    // kNumber of "id": the number as nlohmann's dump() writes it
};

struct RecordFields {
  JsonField id, text, title, date;
};

// The checks of ParseRecord once the line is a JSON object, in the order the
// errors are reported.
StatusOr<Record> BuildRecord(RecordFields& f, std::string* id_out) {
  Record record;
  if (f.id.kind == JsonField::kString) {
    record.id = f.id.str;
  } else if (f.id.kind == JsonField::kNumber) {
    record.id = std::move(f.id.number);
  } else if (f.id.kind == JsonField::kOther) {
    return InvalidArgumentError("\"id\" is not a string or a number");
  }
  if (id_out != nullptr) *id_out = record.id;

  if (f.text.kind == JsonField::kAbsent) return InvalidArgumentError("missing \"text\"");
  if (f.text.kind != JsonField::kString) return InvalidArgumentError("\"text\" is not a string");
  record.text = f.text.str;

  if (f.title.kind != JsonField::kAbsent && f.title.kind != JsonField::kNull) {
    if (f.title.kind != JsonField::kString) return InvalidArgumentError("\"title\" is not a string");
    record.title = f.title.str;
  }
  if (f.date.kind != JsonField::kAbsent && f.date.kind != JsonField::kNull) {
    if (f.date.kind != JsonField::kString) return InvalidArgumentError("\"date\" is not a string");
    record.date = ParseIsoDate(f.date.str);
    if (!record.date) return InvalidArgumentError("\"date\" is not a YYYY-MM-DD day: " + Excerpt(f.date.str));
  }
  return record;
}

// A number id as it read before simdjson (nlohmann's dump(): 42, -7, 1.5,
// 100.0, 1e+100), so that ids in the output do not change.
std::string DoubleIdText(double d) { return nlohmann::json(d).dump(); }

JsonField FieldOf(simdjson::dom::element v, bool want_number) {
  using simdjson::dom::element_type;
  JsonField f;
  switch (v.type()) {
    case element_type::STRING:
      f.kind = JsonField::kString;
      f.str = v.get_string().value_unsafe();
      break;
    case element_type::NULL_VALUE:
      f.kind = JsonField::kNull;
      break;
    case element_type::INT64:
    case element_type::UINT64:
    case element_type::DOUBLE:
      f.kind = JsonField::kNumber;
      if (!want_number) break;
      if (v.type() == element_type::INT64) {
        f.number = std::to_string(v.get_int64().value_unsafe());
      } else if (v.type() == element_type::UINT64) {
        f.number = std::to_string(v.get_uint64().value_unsafe());
      } else {
        f.number = DoubleIdText(v.get_double().value_unsafe());
      }
      break;
    default:
      f.kind = JsonField::kOther;
  }
  return f;
}

JsonField FieldOf(const nlohmann::json& object, const char* key, bool want_number) {
  JsonField f;
  const auto it = object.find(key);
  if (it == object.end()) return f;
  if (it->is_string()) {
    f.kind = JsonField::kString;
    f.str = it->get_ref<const std::string&>();
  } else if (it->is_null()) {
    f.kind = JsonField::kNull;
  } else if (it->is_number()) {
    f.kind = JsonField::kNumber;
    if (want_number) f.number = it->dump();
  } else {
    f.kind = JsonField::kOther;
  }
  return f;
}

// simdjson's DOM parser with its buffers, one per thread, reused across
// records so that the steady state does not allocate. simdjson validates the
// whole line (RFC 8259 grammar, UTF-8 everywhere, escapes, surrogate pairs)
// before building the tape, and refuses nesting deeper than kMaxJsonDepth on
// its own (no recursion: an explicit stack of that depth).
class LineParser {
 public:
  simdjson::error_code Parse(std::string_view line, simdjson::dom::element* root) {
    // No buffer yet (the thread's first line, or the first after Shrink)
    // even for an empty line: the padding below is written in any case.
    if (padded_ == nullptr || line.size() > capacity_) {
      if (const simdjson::error_code e = Grow(line.size())) return e;
    }
    // simdjson reads up to SIMDJSON_PADDING bytes past the end: the copy
    // gives it room (the caller's line ends anywhere in its block).
    std::memcpy(padded_.get(), line.data(), line.size());
    std::memset(padded_.get() + line.size(), 0, simdjson::SIMDJSON_PADDING);
    return parser_.parse_into_document(doc_, padded_.get(), line.size(), false).get(*root);
  }

  // Buffers grown for one huge line (simdjson's tape takes 8 bytes per input
  // byte of address space) are not kept for the rest of the run.
  void Shrink() {
    if (capacity_ > kKeepCapacity) *this = LineParser();
  }

 private:
  static constexpr size_t kMinCapacity = size_t{64} << 10;
  static constexpr size_t kKeepCapacity = size_t{4} << 20;

  simdjson::error_code Grow(size_t size) {
    if (size > parser_.max_capacity()) return simdjson::CAPACITY;
    // Geometric growth: a run of ever longer lines reallocates O(log) times.
    const size_t capacity = std::min(std::max(kMinCapacity, std::bit_ceil(size)), parser_.max_capacity());
    capacity_ = 0;
    if (const simdjson::error_code e = parser_.allocate(capacity, kMaxJsonDepth)) return e;
    if (const simdjson::error_code e = doc_.allocate(capacity)) return e;
    padded_.reset(new (std::nothrow) char[capacity + simdjson::SIMDJSON_PADDING]);
    if (!padded_) return simdjson::MEMALLOC;
    capacity_ = capacity;
    return simdjson::SUCCESS;
  }

  simdjson::dom::parser parser_;
  simdjson::dom::document doc_;
  std::unique_ptr<char[]> padded_;
  size_t capacity_ = 0;
};

// A line simdjson refused (`error`): it gives no byte offset, so the
// diagnosis (and the message) comes from nlohmann, as before simdjson.
// nlohmann may even accept the line: integers beyond 64 bits, which RFC 8259
// lets a parser refuse, are doubles there, and such records keep working as
// they did. But nlohmann also takes a NUL byte for the end of its input and
// ignores what follows: simdjson's refusal stands then.
StatusOr<Record> ParseRefusedLine(std::string_view line, simdjson::error_code error, std::string* id_out) {
  // nlohmann's DOM builder recurses on nesting: the linear pre-scan keeps a
  // line of 100000 '[' from exhausting the stack.
  if (const size_t deep = FindExcessiveNesting(line); deep != std::string_view::npos) {
    if (id_out != nullptr) *id_out = RecoverId(line);
    return InvalidArgumentError("invalid JSON at byte " + std::to_string(deep) + ": nesting deeper than " +
                                std::to_string(kMaxJsonDepth));
  }
  nlohmann::json json;
  try {
    json = nlohmann::json::parse(line);
  } catch (const nlohmann::json::parse_error& e) {
    // e.byte is 1-based and may point one past the end (end of input).
    const size_t at = std::min<size_t>(e.byte > 0 ? e.byte - 1 : 0, line.size());
    if (id_out != nullptr) *id_out = RecoverId(line);
    return InvalidArgumentError("invalid JSON at byte " + std::to_string(at) + ": " + ShortParseMessage(e.what()));
  } catch (const nlohmann::json::exception& e) {
    return InvalidArgumentError(std::string("invalid JSON: ") + ShortParseMessage(e.what()));
  }
  if (const size_t nul = line.find('\0'); nul != std::string_view::npos) {
    if (id_out != nullptr) *id_out = RecoverId(line);
    return InvalidArgumentError("invalid JSON at byte " + std::to_string(nul) + ": NUL byte outside a string");
  }
  // Integers beyond 64 bits, lines simdjson has no room for (4 GB), and
  // depth (simdjson counts a scalar inside the 64th container as a 65th
  // level; the pre-scan above is the judge) go by nlohmann's verdict too.
  if (error != simdjson::NUMBER_ERROR && error != simdjson::DEPTH_ERROR && error != simdjson::CAPACITY &&
      error != simdjson::MEMALLOC) {
    // Not seen in fuzzing: simdjson's word, without an offset.
    if (id_out != nullptr) *id_out = RecoverId(line);
    return InvalidArgumentError(std::string("invalid JSON: ") + simdjson::error_message(error));
  }
  if (!json.is_object()) return InvalidArgumentError("record is not a JSON object");
  RecordFields fields{FieldOf(json, "id", true), FieldOf(json, "text", false), FieldOf(json, "title", false),
                      FieldOf(json, "date", false)};
  return BuildRecord(fields, id_out);
}

}  // namespace

StatusOr<Record> ParseRecord(std::string_view line, std::string* id_out) {
  if (id_out != nullptr) id_out->clear();
  size_t first = 0;
  while (first < line.size() && IsJsonSpace(line[first])) ++first;
  if (first == line.size()) return InvalidArgumentError("empty record");

  // A UTF-8 byte order mark may lead the line: nlohmann skipped it (RFC 8259
  // lets a parser ignore it), simdjson does not.
  std::string_view json = line;
  if (constexpr std::string_view kBom = "\xEF\xBB\xBF"; json.starts_with(kBom)) json.remove_prefix(kBom.size());

  thread_local LineParser parser;
  simdjson::dom::element root;
  if (const simdjson::error_code error = parser.Parse(json, &root); error != simdjson::SUCCESS) {
    parser.Shrink();
    return ParseRefusedLine(line, error, id_out);
  }
  simdjson::dom::object object;
  if (root.get(object) != simdjson::SUCCESS) {
    parser.Shrink();
    return InvalidArgumentError("record is not a JSON object");
  }
  // Members in order: a duplicate key's LAST value wins, as in nlohmann
  // (RFC 8259 leaves duplicates to the implementation).
  RecordFields fields;
  for (const simdjson::dom::key_value_pair member : object) {
    const std::string_view key = member.key;
    if (key == "id") {
      fields.id = FieldOf(member.value, true);
    } else if (key == "text") {
      fields.text = FieldOf(member.value, false);
    } else if (key == "title") {
      fields.title = FieldOf(member.value, false);
    } else if (key == "date") {
      fields.date = FieldOf(member.value, false);
    }
  }
  StatusOr<Record> record = BuildRecord(fields, id_out);  // copies out of the parser's DOM
  parser.Shrink();
  return record;
}

}  // namespace depeche
