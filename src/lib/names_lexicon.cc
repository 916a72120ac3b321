#include "names_lexicon.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cassert>
#include <cerrno>
#include <memory>

#include <unicode/locid.h>
#include <unicode/region.h>
#include <unicode/strenum.h>
#include <unicode/timezone.h>
#include <unicode/tznames.h>
#include <unicode/unistr.h>

#include "chars.h"

namespace depeche::detail {
namespace {

int CountWords(std::string_view folded) {
  // Words as the tokenizer sees them: spaces and elisions ("l'") split.
  int n = 1;
  for (size_t i = 0; i < folded.size(); ++i) {
    if (folded[i] == ' ' || (folded[i] == '\'' && i + 1 < folded.size() && folded[i + 1] != ' ')) ++n;
  }
  return n;
}

std::string ToUtf8(const icu::UnicodeString& u) {
  std::string s;
  u.toUTF8String(s);
  // ICU writes the typographic apostrophe; the normalized text has '.
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s.compare(i, 3, "\xE2\x80\x99") == 0) {
      out.push_back('\'');
      i += 2;
    } else {
      out.push_back(s[i]);
    }
  }
  // "Hong Kong (R.A.S. chinoise)": keep the name only.
  size_t paren = out.find(" (");
  if (paren != std::string::npos) out.resize(paren);
  return out;
}

// One non-ASCII code point of AppendFoldedPhrase's stream, at s[*i]: out of
// line, to keep FoldInto's ASCII loop tight.
[[gnu::noinline]] char* FoldNonAscii(const FoldEntry* table, std::string_view s, size_t* i, bool* pending,
                                     const char* start, char* q) {
  auto put = [&](const char* p, size_t n) {
    if (*pending) {
      *q++ = ' ';
      *pending = false;
    }
    std::memcpy(q, p, n);
    q += n;
  };
  int len;
  char32_t cp = utf8::Decode(s, *i, &len);
  std::string_view raw = s.substr(*i, static_cast<size_t>(len));
  *i += static_cast<size_t>(len);
  // Below U+0800 no folded form holds whitespace or the apostrophe.
  if (cp >= 0x80 && cp < 0x800 && table[cp].len > 0) {
    put(table[cp].bytes, table[cp].len);
    return q;
  }
  // Anything else goes through AppendFoldedPhrase's byte rules.
  std::string one;  // SSO: a code point folds to a few bytes
  AppendFolded(raw, &one);
  for (size_t r = 0; r < one.size(); ++r) {
    if (one.compare(r, 3, "\xE2\x80\x99") == 0) {
      put("'", 1);
      r += 2;
      continue;
    }
    char c = one[r];
    if (c == ' ' || c == '\t' || c == '\n') {
      if (q != start) *pending = true;
      continue;
    }
    put(&c, 1);
  }
  return q;
}

// The table's fold of a valid 2-byte UTF-8 sequence b0 b1, or nullptr (not
// such a sequence, or a code point the table does not hold): FoldNonAscii's
// first case without its call and decoding.
inline const FoldEntry* TwoByteFold(const FoldEntry* table, unsigned char b0, unsigned char b1) {
  if (b0 < 0xC2 || b0 > 0xDF || (b1 & 0xC0) != 0x80) return nullptr;
  const FoldEntry* e = &table[(static_cast<unsigned>(b0 & 0x1F) << 6) | (b1 & 0x3F)];
  return e->len > 0 ? e : nullptr;
}

// AppendFoldedPhrase as a stream into a raw buffer with room for 3 bytes per
// input byte (the worst case: an invalid byte becomes U+FFFD). `pending`
// carries a whitespace run to the next character; a leading run (q ==
// start) is dropped, a trailing one is never written.
inline char* FoldInto(const FoldEntry* table, std::string_view s, bool* pending, const char* start, char* q) {
  const char* p = s.data();
  const size_t n = s.size();
  for (size_t i = 0; i < n;) {
    unsigned char b = static_cast<unsigned char>(p[i]);
    if (b >= 0x80) {
      // Accented Latin letters: 2 bytes, folded by the table in place.
      const FoldEntry* e = i + 1 < n ? TwoByteFold(table, b, static_cast<unsigned char>(p[i + 1])) : nullptr;
      if (e != nullptr) {
        if (*pending) {
          *q++ = ' ';
          *pending = false;
        }
        std::memcpy(q, e->bytes, 6);  // len <= 6: within the 3 bytes per input byte
        q += e->len;
        i += 2;
        continue;
      }
      q = FoldNonAscii(table, s, &i, pending, start, q);
      continue;
    }
    ++i;
    if (b == ' ' || b == '\t' || b == '\n') {
      if (q != start) *pending = true;
      continue;
    }
    if (*pending) {
      *q++ = ' ';
      *pending = false;
    }
    *q++ = static_cast<char>(b >= 'A' && b <= 'Z' ? b + 32 : b);
  }
  return q;
}

}  // namespace

char* FoldToken(std::string_view text, Span sp, char* q) {
  static const FoldEntry* const table = SmallFoldTable();
  constexpr uint64_t kOnes = 0x0101010101010101ull, kHigh = 0x8080808080808080ull;
  char* const start = q;
  const size_t n = sp.size();
  const char* p = text.data() + sp.begin;
  // Whole 8-byte words can be read up to here (the text's end).
  const size_t wide_end = text.size() - sp.begin >= 8 ? text.size() - sp.begin - 7 : 0;
  bool pending = false;  // a whitespace run inside the token
  for (size_t i = 0; i < n;) {
    // Plain ASCII (no byte non-ASCII, whitespace or a control), 8 bytes at
    // a time (SWAR): up to the first other byte.
    if (i < wide_end) {
      uint64_t x;
      std::memcpy(&x, p + i, 8);
      const size_t m = n - i;
      const uint64_t live = m >= 8 ? ~uint64_t{0} : (uint64_t{1} << (8 * m)) - 1;  // little-endian
      const uint64_t special = ((x & kHigh) | ((x - 0x21 * kOnes) & ~x & kHigh)) & live;
      // Bytes before the first special one (a borrow only runs upward).
      const size_t plain = special == 0 ? (m >= 8 ? 8 : m) : static_cast<size_t>(__builtin_ctzll(special)) / 8;
      if (plain > 0) {
        if (pending) {
          *q++ = ' ';
          pending = false;
        }
        // Set bit 5 of the bytes in 'A'..'Z'.
        const uint64_t ge_a = x + (0x80 - 'A') * kOnes;      // high bit set when byte >= 'A'
        const uint64_t gt_z = x + (0x80 - 'Z' - 1) * kOnes;  // high bit set when byte > 'Z'
        x |= (ge_a & ~gt_z & kHigh & live) >> 2;
        std::memcpy(q, &x, 8);  // the bytes past `plain` are overwritten next
        q += plain;
        i += plain;
        if (special == 0) continue;
      }
    }
    // One character, as FoldInto takes it.
    const auto b = static_cast<unsigned char>(p[i]);
    if (b >= 0x80) {
      // Accented Latin letters: 2 bytes, folded by the table in place.
      const FoldEntry* e = i + 1 < n ? TwoByteFold(table, b, static_cast<unsigned char>(p[i + 1])) : nullptr;
      if (e != nullptr) {
        if (pending) {
          *q++ = ' ';
          pending = false;
        }
        std::memcpy(q, e->bytes, 6);  // len <= 6: within the 3 bytes per input byte
        q += e->len;
        i += 2;
      } else {
        q = FoldNonAscii(table, std::string_view(p, n), &i, &pending, start, q);
      }
      continue;
    }
    ++i;
    if (b == ' ' || b == '\t' || b == '\n') {
      if (q != start) pending = true;
      continue;
    }
    if (pending) {
      *q++ = ' ';
      pending = false;
    }
    *q++ = static_cast<char>(b >= 'A' && b <= 'Z' ? b + 32 : b);
  }
  return q;
}

char* FoldGap(std::string_view text, uint32_t from, uint32_t to, char* q) {
  static const FoldEntry* const table = SmallFoldTable();
  // After a token: a whitespace run is kept (as one space) before the next.
  bool pending = false;
  q = FoldInto(table, text.substr(from, to - from), &pending, nullptr, q);
  if (pending) *q++ = ' ';
  return q;
}

// The streaming fold (FoldInto), in place: no second pass over the output.
void AppendFoldedPhrase(std::string_view s, std::string* out) {
  static const FoldEntry* const table = SmallFoldTable();
  const size_t start = out->size();
  out->resize(start + 3 * s.size() + 8);  // FoldInto's room: 3 bytes per byte, and 6-byte stores
  char* const begin = out->data() + start;
  bool pending = false;
  char* const end = FoldInto(table, s, &pending, begin, begin);
  out->resize(static_cast<size_t>(end - out->data()));
}

NameInfo& NameTable::Upsert(std::string_view key) {
  uint64_t h = PhraseHash(key);
  if (!entries_.empty()) {
    for (size_t i = h & mask_;; i = (i + 1) & mask_) {
      uint64_t slot = slots_[i];
      if (slot == 0) break;
      Entry& x = entries_[static_cast<uint32_t>(slot) - 1];
      if (x.hash == h && x.key == key) return x.info;
    }
  }
  entries_.push_back(Entry{h, std::string(key), NameInfo{}});
  uint64_t bit = FilterHash(key) >> 48;
  filter_[bit >> 6] |= uint64_t{1} << (bit & 63);
  if (entries_.size() * 2 > slots_.size()) {
    // Grow: load factor at most 1/2, so probes stay short.
    size_t cap = std::max<size_t>(slots_.size() * 2, 1024);
    slots_.assign(cap, 0);
    mask_ = cap - 1;
    for (size_t e = 0; e < entries_.size(); ++e) Place(e);
  } else {
    Place(entries_.size() - 1);
  }
  return entries_.back().info;
}

void NameTable::BuildAffixFilters(uint32_t begin_flags, uint32_t end_flags, uint32_t word_flags) {
  std::fill(std::begin(begin_filter_), std::end(begin_filter_), 0);
  std::fill(std::begin(end_filter_), std::end(end_filter_), 0);
  std::fill(std::begin(word_filter_), std::end(word_filter_), 0);
  std::fill(std::begin(end_flag_filter_), std::end(end_flag_filter_), 0);
  assert((end_flags & ~kEndFiltered) == 0);  // what EndNibble keeps
  for (const Entry& x : entries_) {
    const std::string_view key = x.key;
    if (x.info.flags & word_flags) Set(word_filter_, FilterHash(key));
    if (x.info.flags & begin_flags) {
      for (size_t n = 1; n <= key.size(); ++n) Set(begin_filter_, FilterHash(key.substr(0, n)));
    }
    if (x.info.flags & end_flags) {
      const uint64_t nibble = EndNibble(x.info.flags & end_flags);
      for (size_t n = 1; n <= key.size(); ++n) {
        const uint64_t h = FilterHash(key.substr(key.size() - n));
        Set(end_filter_, h);
        const uint64_t slot = h >> (64 - kEndFlagBits);
        end_flag_filter_[slot >> 4] |= nibble << (4 * (slot & 15));
      }
    }
  }
  affixes_ = true;
}

void NameTable::Place(size_t e) {
  uint64_t h = entries_[e].hash;
  size_t i = h & mask_;
  while (slots_[i] != 0) i = (i + 1) & mask_;
  slots_[i] = (h >> 32 << 32) | static_cast<uint32_t>(e + 1);
}

CommonWords::Mapping::~Mapping() { Reset(); }

void CommonWords::Mapping::Reset() {
  if (addr != nullptr) ::munmap(addr, size);
  addr = nullptr;
  size = 0;
}

bool CommonWords::Mapping::Allocate(size_t bytes) {
  constexpr size_t kHuge = size_t{2} << 20;
  Reset();
  bytes = (bytes + 4095) & ~size_t{4095};
  // Over-allocate to cut a 2 MB-aligned region out of the mapping.
  size_t total = bytes >= kHuge ? bytes + kHuge : bytes;
  void* p = ::mmap(nullptr, total, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (p == MAP_FAILED) return false;
  auto base = reinterpret_cast<uintptr_t>(p);
  uintptr_t aligned = base;
  if (total != bytes) {
    aligned = (base + kHuge - 1) & ~(kHuge - 1);
    if (aligned > base) ::munmap(p, aligned - base);
    uintptr_t end = base + total, want_end = aligned + bytes;
    if (end > want_end) ::munmap(reinterpret_cast<void*>(want_end), end - want_end);
    ::madvise(reinterpret_cast<void*>(aligned), bytes, MADV_HUGEPAGE);  // a hint: fine if refused
  }
  addr = reinterpret_cast<void*>(aligned);
  size = bytes;
  return true;
}

void CommonWords::Clear() {
  buf_map_.Reset();
  slots_map_.Reset();
  file_map_.Reset();
  buf_ = nullptr;
  slots_ = nullptr;
  mask_ = 0;
  text_size_ = 0;
  max_probe_ = 0;
  empty_classes_ = 0;
  source_size_ = 0;
  source_mtime_ns_ = 0;
}

namespace {

int64_t MtimeNs(const struct stat& st) {
  return static_cast<int64_t>(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec;
}

// common_words.bin: this header, zeros up to slots_offset (a page, so the
// slots are aligned in the mapping), the slots, then the source text the
// slots point into. Native byte order; LexiconHash's values are in the slots,
// so a change of hash function must bump kBinVersion (hash_probe catches a
// forgotten bump).
constexpr char kBinMagic[8] = {'D', 'P', 'C', 'W', 'O', 'R', 'D', 'S'};
constexpr uint32_t kBinVersion = 1;
constexpr uint32_t kByteOrderMark = 0x01020304;
constexpr std::string_view kHashProbe = "depeche common words";
constexpr uint64_t kSlotsOffset = 4096;

struct BinHeader {
  char magic[8];
  uint32_t version;
  uint32_t byte_order;       // kByteOrderMark as the writer stored it
  uint64_t hash_probe;       // LexiconHash(kHashProbe)
  uint64_t file_size;
  uint64_t source_size;      // common_words.txt as read by the generator
  int64_t source_mtime_ns;
  uint64_t source_hash;      // LexiconHash of its whole text
  uint64_t slots_offset, slot_count;
  uint64_t text_offset, text_size;  // the source text, byte for byte
  uint64_t max_probe;
  uint8_t empty_classes;
  uint8_t reserved[7];
};
static_assert(sizeof(BinHeader) <= kSlotsOffset);

bool ReadWholeFile(const std::string& path, std::string* out) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0) return false;
  struct stat st;
  // Regular files only (opened O_NONBLOCK so that a FIFO in its place
  // cannot hang start-up).
  bool ok = ::fstat(fd, &st) == 0 && S_ISREG(st.st_mode);
  if (ok) out->resize(static_cast<size_t>(st.st_size));
  size_t got = 0;
  while (ok && got < out->size()) {
    ssize_t n = ::read(fd, out->data() + got, out->size() - got);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    got += static_cast<size_t>(n);
  }
  ::close(fd);
  out->resize(got);
  return ok;
}

}  // namespace

std::string CommonWords::BinaryPathFor(const std::string& txt_path) {
  std::string_view p = txt_path;
  if (p.size() >= 4 && p.substr(p.size() - 4) == ".txt") p.remove_suffix(4);
  return std::string(p) + ".bin";
}

Status CommonWords::LoadPrebuiltOrText(const std::string& txt_path) {
  // A missing, foreign, corrupt or stale .bin only costs the text parse.
  if (LoadBinary(BinaryPathFor(txt_path), txt_path).ok()) return Status::Ok();
  return Load(txt_path);
}

Status CommonWords::LoadBinary(const std::string& bin_path, const std::string& txt_path) {
  Clear();
  struct stat txt;
  if (::stat(txt_path.c_str(), &txt) != 0) return NotFoundError(txt_path + ": cannot stat");
  int fd = ::open(bin_path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0) return NotFoundError(bin_path + ": cannot open");
  struct stat st;
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    ::close(fd);
    return NotFoundError(bin_path + ": not a regular file");
  }
  const uint64_t file_size = static_cast<uint64_t>(st.st_size);
  if (file_size < sizeof(BinHeader)) {
    ::close(fd);
    return DataLossError(bin_path + ": truncated (no header)");
  }
  void* p = ::mmap(nullptr, file_size, PROT_READ, MAP_PRIVATE, fd, 0);
  ::close(fd);
  if (p == MAP_FAILED) return DataLossError(bin_path + ": cannot map");
  file_map_.addr = p;
  file_map_.size = file_size;
  BinHeader h;
  std::memcpy(&h, p, sizeof h);
  auto fail = [&](const std::string& why) {
    Clear();
    return DataLossError(bin_path + ": " + why);
  };
  if (std::memcmp(h.magic, kBinMagic, sizeof kBinMagic) != 0) return fail("not a common-word table (bad magic)");
  if (h.byte_order != kByteOrderMark) return fail("written on a machine of another byte order");
  if (h.version != kBinVersion) return fail("format version mismatch: rebuild it");
  if (h.hash_probe != LexiconHash(kHashProbe)) return fail("built with another hash function: rebuild it");
  if (h.file_size != file_size) return fail("truncated or extended (size differs from its header)");
  // Every region inside the file, without overflow; the slots aligned.
  const bool pow2 = h.slot_count >= 1024 && h.slot_count <= (uint64_t{1} << 32) &&
                    (h.slot_count & (h.slot_count - 1)) == 0;
  if (!pow2 || h.slots_offset < sizeof(BinHeader) || h.slots_offset % 8 != 0 || h.slots_offset > file_size ||
      h.slot_count > (file_size - h.slots_offset) / 8) {
    return fail("corrupt (slot table outside the file)");
  }
  if (h.text_offset > file_size || h.text_size > file_size - h.text_offset || h.text_size >= (uint64_t{1} << 32)) {
    return fail("corrupt (text outside the file)");
  }
  if (h.max_probe >= h.slot_count || h.empty_classes >= 64 || h.text_size != h.source_size) {
    return fail("corrupt header");
  }
  // Built from this text? Size and mtime say so in one stat; a copy with a
  // new mtime is checked by content.
  if (static_cast<uint64_t>(txt.st_size) != h.source_size) return fail("stale: " + txt_path + " changed since it was built");
  if (MtimeNs(txt) != h.source_mtime_ns) {
    std::string text;
    if (!ReadWholeFile(txt_path, &text) || text.size() != h.source_size || LexiconHash(text) != h.source_hash) {
      return fail("stale: " + txt_path + " changed since it was built");
    }
  }
  const char* base = static_cast<const char*>(p);
  slots_ = reinterpret_cast<const uint64_t*>(base + h.slots_offset);
  buf_ = base + h.text_offset;
  mask_ = h.slot_count - 1;
  text_size_ = h.text_size;
  max_probe_ = h.max_probe;
  empty_classes_ = h.empty_classes;
  source_size_ = h.source_size;
  source_mtime_ns_ = h.source_mtime_ns;
  return Status::Ok();
}

Status CommonWords::WriteBinary(const std::string& bin_path) const {
  if (mask_ == 0) return InternalError(bin_path + ": no table loaded");
  if (text_size_ != source_size_) return InternalError(bin_path + ": the source text changed while read");
  BinHeader h{};
  std::memcpy(h.magic, kBinMagic, sizeof kBinMagic);
  h.version = kBinVersion;
  h.byte_order = kByteOrderMark;
  h.hash_probe = LexiconHash(kHashProbe);
  h.source_size = source_size_;
  h.source_mtime_ns = source_mtime_ns_;
  h.source_hash = LexiconHash(std::string_view(buf_, text_size_));
  h.slots_offset = kSlotsOffset;
  h.slot_count = mask_ + 1;
  h.text_offset = h.slots_offset + h.slot_count * 8;
  h.text_size = text_size_;
  h.max_probe = max_probe_;
  h.empty_classes = empty_classes_;
  h.file_size = h.text_offset + h.text_size;

  const std::string tmp = bin_path + ".tmp" + std::to_string(::getpid());
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return UnavailableError(tmp + ": cannot create");
  std::string head(kSlotsOffset, '\0');
  std::memcpy(head.data(), &h, sizeof h);
  auto put = [&](const void* data, size_t n) {
    const char* c = static_cast<const char*>(data);
    while (n > 0) {
      ssize_t w = ::write(fd, c, n);
      if (w < 0 && errno == EINTR) continue;
      if (w <= 0) return false;
      c += w;
      n -= static_cast<size_t>(w);
    }
    return true;
  };
  bool ok = put(head.data(), head.size()) && put(slots_, h.slot_count * 8) && put(buf_, text_size_);
  ok = ::close(fd) == 0 && ok;
  if (!ok || ::rename(tmp.c_str(), bin_path.c_str()) != 0) {
    ::unlink(tmp.c_str());
    return UnavailableError(bin_path + ": cannot write");
  }
  return Status::Ok();
}

Status CommonWords::Load(const std::string& path) {
  Clear();
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0) return NotFoundError(path + ": cannot open");
  struct stat st;
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {  // O_NONBLOCK: a FIFO cannot hang us
    ::close(fd);
    return NotFoundError(path + ": not a readable regular file");
  }
  size_t size = static_cast<size_t>(st.st_size);
  if (size >= (1ull << 32) || !buf_map_.Allocate(size + 1)) {
    ::close(fd);
    return InternalError(path + ": too large");
  }
  source_size_ = size;
  source_mtime_ns_ = MtimeNs(st);
  char* wbuf = static_cast<char*>(buf_map_.addr);
  size_t got = 0;
  while (got < size) {  // one read() in practice
    ssize_t n = ::read(fd, wbuf + got, size - got);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    got += static_cast<size_t>(n);
  }
  ::close(fd);
  size = got;
  const char* b = wbuf;
  buf_ = b;
  text_size_ = size;
  size_t lines = static_cast<size_t>(std::count(b, b + size, '\n')) + 1;
  size_t cap = 1024;
  while (cap < lines * 2) cap *= 2;
  if (!slots_map_.Allocate(cap * sizeof(uint64_t))) return InternalError(path + ": out of memory");
  uint64_t* const slots = static_cast<uint64_t*>(slots_map_.addr);
  slots_ = slots;
  mask_ = cap - 1;

  // Inserts trail the parsing by kAhead entries, whose home slots are
  // prefetched: the table is larger than the caches, and waiting for each
  // random slot in turn was most of the start-up time.
  struct Pending {
    uint64_t hash, packed;
    std::string_view word;
  };
  constexpr size_t kAhead = 16;
  Pending ring[kAhead];
  size_t queued = 0;
  size_t max_probe = 0;
  auto insert = [&](const Pending& e) {
    const uint64_t tag = e.hash >> 56;
    for (size_t i = e.hash & mask_, d = 0;; i = (i + 1) & mask_, ++d) {
      uint64_t& slot = slots[i];
      if (slot == 0) {
        slot = e.packed;
        max_probe = std::max(max_probe, d);
        return;
      }
      // A word listed twice (noun and adjective lines) gets both classes.
      if ((slot >> 56) == tag && ((slot >> 32) & 0xFFFF) == e.word.size() &&
          std::memcmp(b + static_cast<uint32_t>(slot), e.word.data(), e.word.size()) == 0) {
        slot |= e.packed & (uint64_t{0xFF} << 48);
        return;
      }
    }
  };
  // Class letters after the tab: n a v p g, anything else "other".
  static constexpr auto kClassOf = [] {
    std::array<uint8_t, 256> t{};
    for (auto& x : t) x = kOtherWord;
    t['n'] = kNoun;
    t['a'] = kAdjective;
    t['v'] = kVerb;
    t['p'] = kParticiple;
    t['g'] = kFunctionWord;
    return t;
  }();
  // One pass over the bytes; lines are short, so a plain loop beats a
  // memchr call per line.
  const char* const end = b + size;
  const char* p = b;
  while (p < end) {
    const char* line = p;
    const char* q = p;
    while (q < end && *q != '\t' && *q != '\n') ++q;
    std::string_view word(line, static_cast<size_t>(q - line));
    uint8_t cls = 0;
    if (q < end && *q == '\t') {
      for (++q; q < end && *q != '\n'; ++q) cls |= kClassOf[static_cast<unsigned char>(*q)];
    } else {
      cls = kOtherWord;
    }
    p = q + 1;  // past the newline
    const size_t start = static_cast<size_t>(line - b);
    if (line[0] == '\n' || line[0] == '#') continue;  // empty line, comment
    if (word.empty()) {
      empty_classes_ |= cls;
      continue;
    }
    if (word.size() > 0xFFFF) continue;  // no such word; keeps the slot packing exact
    uint64_t h = LexiconHash(word);
    __builtin_prefetch(&slots[h & mask_], 1);
    Pending& slot = ring[queued % kAhead];
    if (queued >= kAhead) insert(slot);
    slot.hash = h;
    slot.packed = (h >> 56 << 56) | (static_cast<uint64_t>(cls) << 48) |
                  (static_cast<uint64_t>(word.size()) << 32) | static_cast<uint32_t>(start);
    slot.word = word;
    ++queued;
  }
  for (size_t k = queued > kAhead ? queued - kAhead : 0; k < queued; ++k) insert(ring[k % kAhead]);
  max_probe_ = max_probe;
  return Status::Ok();
}

void NameLexicon::Add(std::string_view phrase, uint32_t flags, bool set_canonical) {
  key_.clear();
  AppendFoldedPhrase(phrase, &key_);
  if (key_.empty()) return;
  NameInfo& info = names_.Upsert(key_);
  info.flags |= flags;
  if (set_canonical || info.canonical.empty()) info.canonical = phrase;
  max_words_ = std::max(max_words_, CountWords(key_));
}

Status NameLexicon::LoadList(const DataPaths& paths, std::string_view relative, uint32_t flags,
                             bool required) {
  StatusOr<std::string> path = paths.Find(relative);
  if (!path.ok()) return required ? path.status() : Status::Ok();
  return ReadLines(*path, [&](std::string_view line, int) -> Status {
    std::string_view name = line;
    uint32_t extra = 0;
    size_t tab = line.find('\t');
    if (tab != std::string_view::npos) {
      name = line.substr(0, tab);
      std::string_view opts = line.substr(tab + 1);
      if (opts.find("de") != std::string_view::npos) extra |= kOrgHeadDe;
      if (opts.find("lc") != std::string_view::npos) extra |= kOrgHeadLower;
    }
    Add(name, flags | extra, false);
    return Status::Ok();
  });
}

Status NameLexicon::LoadCommonWords(const DataPaths& paths) {
  StatusOr<std::string> path = paths.Find("fr/common_words.txt");
  if (!path.ok()) return path.status();
  // The table prebuilt at build time (common_words.bin, mapped) when it is
  // beside the text and current: parsing the text was most of start-up.
  return common_.LoadPrebuiltOrText(*path);
}

void NameLexicon::LoadIcu() {
  icu::Locale fr("fr");
  icu::UnicodeString u;
  // Countries and territories.
  for (const char* const* c = icu::Locale::getISOCountries(); *c != nullptr; ++c) {
    u.remove();
    icu::Locale("", *c).getDisplayCountry(fr, u);
    std::string name = ToUtf8(u);
    if (!name.empty() && name != *c) Add(name, kCountry, true);
  }
  // Continents and world regions ("Europe", "Afrique", "Asie").
  UErrorCode status = U_ZERO_ERROR;
  for (URegionType type : {URGN_CONTINENT, URGN_SUBCONTINENT}) {
    status = U_ZERO_ERROR;
    std::unique_ptr<icu::StringEnumeration> regions(icu::Region::getAvailable(type, status));
    if (U_FAILURE(status) || !regions) continue;
    const char* code;
    while ((code = regions->next(nullptr, status)) != nullptr && U_SUCCESS(status)) {
      u.remove();
      icu::Locale("", code).getDisplayCountry(fr, u);
      std::string name = ToUtf8(u);
      if (!name.empty() && name != code) Add(name, kContinent, true);
    }
  }
  // Cities: the exemplar locations of time zones ("Paris", "Moscou").
  status = U_ZERO_ERROR;
  std::unique_ptr<icu::TimeZoneNames> tzn(icu::TimeZoneNames::createInstance(fr, status));
  if (U_FAILURE(status) || !tzn) return;
  std::unique_ptr<icu::StringEnumeration> ids(icu::TimeZone::createEnumeration(status));
  if (U_FAILURE(status) || !ids) return;
  const icu::UnicodeString* id;
  while ((id = ids->snext(status)) != nullptr && U_SUCCESS(status)) {
    std::string sid;
    id->toUTF8String(sid);
    if (sid.find('/') == std::string::npos || sid.rfind("Etc/", 0) == 0 || sid.rfind("SystemV/", 0) == 0) continue;
    u.remove();
    tzn->getExemplarLocationName(*id, u);
    std::string name = ToUtf8(u);
    // Skip codes such as "ACT" (Australia/ACT): a city name has lowercase letters.
    bool lower = false;
    for (char ch : name) lower = lower || (ch >= 'a' && ch <= 'z');
    if (!name.empty() && lower) Add(name, kCity, true);
  }
}

Status NameLexicon::Load(const DataPaths& paths, const std::vector<std::string>& user_lexicons) {
  // Generated from hunspell-fr at build time.
  DEPECHE_RETURN_IF_ERROR(LoadList(paths, "fr/first_names.txt", kFirstName, true));
  DEPECHE_RETURN_IF_ERROR(LoadList(paths, "fr/surnames.txt", kSurname, true));
  DEPECHE_RETURN_IF_ERROR(LoadList(paths, "fr/proper_nouns.txt", kProperNoun, true));
  DEPECHE_RETURN_IF_ERROR(LoadCommonWords(paths));
  LoadIcu();
  // Ours.
  DEPECHE_RETURN_IF_ERROR(LoadList(paths, "fr/org_heads.txt", kOrgHead, true));
  DEPECHE_RETURN_IF_ERROR(LoadList(paths, "fr/org_tails.txt", kOrgTail, true));
  DEPECHE_RETURN_IF_ERROR(LoadList(paths, "fr/roles.txt", kRole, true));
  DEPECHE_RETURN_IF_ERROR(LoadList(paths, "fr/org_cues.txt", kOrgCue, true));
  DEPECHE_RETURN_IF_ERROR(LoadList(paths, "fr/loc_cues.txt", kLocCue, true));
  DEPECHE_RETURN_IF_ERROR(LoadList(paths, "fr/loc_heads.txt", kLocHead, true));
  DEPECHE_RETURN_IF_ERROR(LoadList(paths, "fr/name_particles.txt", kParticle, true));
  DEPECHE_RETURN_IF_ERROR(LoadList(paths, "fr/common_acronyms.txt", kCommonAcronym, true));
  DEPECHE_RETURN_IF_ERROR(LoadList(paths, "fr/not_names.txt", kCommonAcronym, true));
  DEPECHE_RETURN_IF_ERROR(LoadList(paths, "fr/places.txt", kCity, true));
  DEPECHE_RETURN_IF_ERROR(LoadList(paths, "fr/organizations.txt", kKnownOrg, true));
  {
    StatusOr<std::string> path = paths.Find("fr/honorifics.txt");
    if (!path.ok()) return path.status();
    DEPECHE_RETURN_IF_ERROR(ReadLines(*path, [&](std::string_view line, int) -> Status {
      honorifics_.Add(line);
      return Status::Ok();
    }));
  }
  for (const std::string& file : user_lexicons) {
    DEPECHE_RETURN_IF_ERROR(ReadLines(file, [&](std::string_view line, int) -> Status {
      size_t tab = line.find('\t');
      if (tab == std::string_view::npos || tab == 0) return InvalidArgumentError("expected name<TAB>PER|ORG|LOC");
      std::string_view name = line.substr(0, tab);
      std::string_view type = line.substr(tab + 1);
      while (!type.empty() && type.front() == ' ') type.remove_prefix(1);
      uint32_t flag = type == "PER" ? uint32_t{kUserPer} : type == "ORG" ? uint32_t{kUserOrg} : type == "LOC" ? uint32_t{kUserLoc} : 0u;
      if (flag == 0) return InvalidArgumentError("unknown type '" + std::string(type) + "' (PER, ORG or LOC)");
      key_.clear();
      AppendFoldedPhrase(name, &key_);
      NameInfo& info = names_.Upsert(key_);
      info.flags = (info.flags & ~kUser) | flag;  // the last user entry wins
      info.canonical = name;
      max_words_ = std::max(max_words_, CountWords(key_));
      return Status::Ok();
    }));
  }
  names_.BuildAffixFilters(kBeginFiltered, kEndFiltered, kWordFiltered);
  return Status::Ok();
}

}  // namespace depeche::detail
