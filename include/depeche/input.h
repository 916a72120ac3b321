// Inputs: paths named on the command line (files, directories walked lazily
// and in sorted order, "-" for stdin), reading with binary/encoding checks,
// and JSON Lines records. Nothing here holds a whole directory in memory.
#ifndef DEPECHE_INPUT_H_
#define DEPECHE_INPUT_H_

#include <cstdint>
#include <cstdio>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "depeche/document.h"
#include "depeche/status.h"

namespace depeche {

struct InputRef {
  std::string path;        // "-" for stdin
  bool is_stdin = false;
  bool named = true;       // named on the command line (vs found by a walk)
};

struct WalkOptions {
  std::vector<std::string> extensions;  // empty: every file; else "txt", "md"...
  int max_depth = -1;                   // -1: unlimited
};

// Yields files one at a time: a directory's entries are listed and sorted
// when the walk enters it, hidden entries (".x") skipped, symlink loops
// detected. Errors (unreadable directory, missing path) are returned for
// the path concerned and the walk goes on.
//
// Semantics:
// - Paths are yielded in command-line order; "-" gives {is_stdin = true}.
// - A directory's entries are sorted by byte order of their names (memcmp,
//   so "B" < "a"); only the listings of the directories on the current path
//   are held (a stack of sorted listings), never the whole tree.
// - Entries whose name starts with '.' are skipped inside a walk; a named
//   path is never skipped, hidden or not.
// - Symlinks are followed. A directory whose (dev, inode) is already on the
//   current path is a loop: error kDataLoss naming the path, not entered.
// - `extensions` filters files found by a walk (ASCII case-insensitive,
//   "txt" or ".txt"); a file named on the command line is always yielded.
// - `max_depth`: a named directory is depth 0 and its entries depth 1; a
//   directory is entered only while depth < max_depth (so 1 = only the files
//   directly inside, 0 = nothing inside). -1: unlimited.
// - A special file (FIFO, socket, device) named on the command line is
//   yielded (named = true) and read. Found by a walk it is NOT yielded,
//   because opening a FIFO with no writer blocks forever: the walk returns
//   an error with code kUnavailable ("dir/f: FIFO, skipped") that the caller
//   should print as a note and not count as a failure.
// - Error codes: kNotFound for a missing path (ENOENT/ENOTDIR, e.g.
//   "nosuch.txt: No such file or directory"), kDataLoss for any other
//   failure (permission, loop, I/O), kUnavailable for the skip notes above.
class InputWalker {
 public:
  InputWalker(std::vector<std::string> paths, WalkOptions options);
  ~InputWalker();
  InputWalker(const InputWalker&) = delete;
  InputWalker& operator=(const InputWalker&) = delete;

  // Returns false when exhausted. Otherwise fills exactly one of *ref or
  // *error (error.message() names the path).
  bool Next(InputRef* ref, Status* error);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

struct ReadOptions {
  std::string encoding;  // empty or "utf-8": UTF-8; else any ICU converter name
};

// What reading found besides the text. Filled as blocks are read, so check
// it after each Read().
struct ReadNotes {
  bool binary = false;              // NUL bytes: the caller skips (walk) or fails (named)
  uint64_t binary_offset = 0;       // first NUL: file offset for UTF-8 input, else
                                    // offset in the converted UTF-8 text
  std::string converted_from;       // "UTF-16LE" when a BOM made us convert, or
                                    // the --encoding name; empty for UTF-8
  uint32_t bom_size = 0;            // bytes of a UTF-8 BOM dropped from the start: add
                                    // it to text offsets to get file offsets. 0 for
                                    // converted input (its offsets are in the UTF-8 text)
  std::vector<std::string> warnings;  // hints ("looks like Latin-1; try --encoding
                                      // latin1"), replaced bytes, ignored --encoding
};

// Opens an input for sequential block reads (files, stdin, FIFOs).
//
// Detection, at the start of the input: a BOM wins over ReadOptions.encoding
// (as in the WHATWG encoding standard): EF BB BF is dropped, FF FE / FE FF is
// dropped and the rest converted from UTF-16LE / UTF-16BE. Otherwise a
// non-UTF-8 `encoding` converts the input. Conversion is streaming (ICU state
// carries partial sequences across blocks); malformed or unmapped input
// becomes U+FFFD with one warning. UTF-8 input is passed through unchanged
// (invalid UTF-8 is the normalizer's business), but a Latin-1 look-alike gets
// a hint in warnings. Every block is scanned for NUL (notes().binary); the
// caller may stop reading as soon as it is set.
//
// Error codes: kInvalidArgument for an unknown encoding; kNotFound when the
// file is missing (it may have vanished since the walk); kDataLoss for any
// other open/read failure (permission, directory, I/O). Messages start with
// the path ("<stdin>" for stdin).
class InputReader {
 public:
  static StatusOr<std::unique_ptr<InputReader>> Open(const InputRef& ref, const ReadOptions& options);
  ~InputReader();
  // Appends up to max_bytes (> 0) of UTF-8 (converted if needed) to *out.
  // Returns the number of bytes appended; 0 only at end of input. Like
  // read(2), it may return fewer bytes before the end (one system call per
  // Read at most, so pipes stream), and a block may end inside a UTF-8
  // sequence: concatenate blocks.
  StatusOr<size_t> Read(std::string* out, size_t max_bytes);
  const ReadNotes& notes() const { return notes_; }
  // File size when known (for progress), else -1.
  int64_t size_hint() const { return size_hint_; }

 private:
  InputReader() = default;
  struct Impl;
  std::unique_ptr<Impl> impl_;
  ReadNotes notes_;
  int64_t size_hint_ = -1;
};

// Converts `bytes` in `encoding` (ICU converter name: latin1, cp1252, UTF-16LE
// ...) to UTF-8.
// Malformed or unmapped bytes become U+FFFD. Unknown encoding: kInvalidArgument.
StatusOr<std::string> ConvertToUtf8(std::string_view bytes, const std::string& encoding);

// OK when `encoding` is empty, UTF-8, or a converter ICU knows; else
// kInvalidArgument ("unknown encoding \"x\""). For checking --encoding once at
// start-up.
Status CheckEncoding(const std::string& encoding);

// A JSON Lines input record: {"id", "text", "title"?, "date"?}.
struct Record {
  std::string id;
  std::string text;
  std::string title;
  std::optional<CivilDate> date;
};

// Parses one line. The error says what is wrong (bad JSON at byte N, missing
// "text", "date" not YYYY-MM-DD); *id_out gets the id when it could be read,
// so the caller can name the record in its error line.
//
// Semantics: the line must be one JSON object (a trailing '\r' or spaces are
// fine; the caller skips blank lines, which are an error here). "id": string,
// or number (rendered as JSON would: 42, -3, 1.5); absent or null gives "".
// "text": required string. "title", "date": optional strings, null = absent;
// "date" must be a real YYYY-MM-DD day. Other keys are ignored; of duplicate
// keys the last one counts. JSON is RFC 8259 (strings valid UTF-8, no NUL
// byte anywhere outside escapes); a leading UTF-8 byte order mark is skipped;
// integers beyond 64 bits are read as doubles (an id 1.8446744073709552e+19).
// Nesting deeper than 64 is rejected without recursion. When the JSON is
// broken (e.g. a truncated line), the id is still recovered when a complete
// top-level "id" member comes before the break. All errors: kInvalidArgument;
// byte offsets are 0-based into `line`.
StatusOr<Record> ParseRecord(std::string_view line, std::string* id_out);

// Parses "YYYY-MM-DD" (a real proleptic Gregorian day, year 0001-9999);
// nothing else, no surrounding spaces.
std::optional<CivilDate> ParseIsoDate(std::string_view s);

}  // namespace depeche

#endif  // DEPECHE_INPUT_H_
