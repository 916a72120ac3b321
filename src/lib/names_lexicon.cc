#include "names_lexicon.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
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

std::string FoldPhrase(std::string_view s) {
  std::string out;
  AppendFoldedPhrase(s, &out);
  return out;
}

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

// AppendFolded's mapping for the code points below U+0800 (ASCII, Latin,
// Greek, Cyrillic...), computed once with the same code: most non-ASCII
// letters in French news are there, and utf8proc costs a call each.
struct FoldEntry {
  uint8_t len = 0;
  char bytes[7] = {};
};
const std::array<FoldEntry, 0x800>& FoldTable() {
  static const std::array<FoldEntry, 0x800> table = [] {
    std::array<FoldEntry, 0x800> t{};
    std::string one, out;
    for (char32_t cp = 0; cp < 0x800; ++cp) {
      if (cp >= 0xD800 && cp <= 0xDFFF) continue;
      one.clear();
      utf8::Append(cp, &one);
      out.clear();
      AppendFolded(one, &out);
      if (out.size() <= 6) {  // FoldInto's room: 3 bytes per input byte
        t[cp].len = static_cast<uint8_t>(out.size());
        std::memcpy(t[cp].bytes, out.data(), out.size());
      }
    }
    return t;
  }();
  return table;
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

// Most tokens are short ASCII words: fold up to 8 bytes at once (SWAR).
// Reads 8 bytes at sp.begin (the caller checks they exist) and may write 8
// at q (FoldTokens' buffer has the slack).
inline char* FoldShortToken(const FoldEntry* table, std::string_view text, Span sp, bool* pending,
                            const char* start, char* q) {
  constexpr uint64_t kOnes = 0x0101010101010101ull, kHigh = 0x8080808080808080ull;
  const size_t n = sp.size();
  uint64_t x;
  std::memcpy(&x, text.data() + sp.begin, 8);
  const uint64_t live = n == 8 ? ~uint64_t{0} : (uint64_t{1} << (8 * n)) - 1;  // little-endian
  // Non-ASCII bytes, or bytes <= 0x20 (whitespace, controls): byte by byte.
  uint64_t special = (x & kHigh) | ((x - 0x21 * kOnes) & ~x & kHigh);
  if ((special & live) != 0) return FoldInto(table, text.substr(sp.begin, n), pending, start, q);
  // All ASCII: set bit 5 of the bytes in 'A'..'Z'.
  uint64_t ge_a = x + (0x80 - 'A') * kOnes;        // high bit set when byte >= 'A'
  uint64_t gt_z = x + (0x80 - 'Z' - 1) * kOnes;    // high bit set when byte > 'Z'
  uint64_t upper = ge_a & ~gt_z & kHigh & live;
  x |= upper >> 2;
  if (*pending) {
    *q++ = ' ';
    *pending = false;
  }
  std::memcpy(q, &x, 8);
  return q + n;
}

}  // namespace

bool FoldTokens(std::string_view text, const Token* tokens, size_t count, std::string* folded,
                std::vector<uint32_t>* fold_begin, std::vector<uint32_t>* fold_end) {
  static const FoldEntry* table = FoldTable().data();
  fold_begin->resize(count);
  fold_end->resize(count);
  if (count == 0) return true;
  auto ws = [](char c) { return c == ' ' || c == '\t' || c == '\n'; };
  const size_t from = tokens[0].span.begin, to = tokens[count - 1].span.end;
  if (to < from || to > text.size()) return false;
  // Only grown, never shrunk: a resize would zero the buffer per article.
  if (folded->size() < 3 * (to - from) + 16) folded->resize(3 * (to - from) + 16);
  char* const start = folded->data();
  char* q = start;
  bool pending = false;
  uint32_t* fb = fold_begin->data();
  uint32_t* fe = fold_end->data();
  for (size_t k = 0; k < count; ++k) {
    Span sp = tokens[k].span;
    // The substring rule needs tokens that neither overlap nor start or end
    // with whitespace; the caller folds each phrase on its own otherwise.
    if (sp.empty() || sp.end > to || ws(text[sp.begin]) || ws(text[sp.end - 1])) return false;
    if (k > 0) {
      uint32_t prev = tokens[k - 1].span.end;
      if (sp.begin < prev) return false;
      if (sp.begin == prev + 1 && text[prev] == ' ') {
        pending = q != start;  // the usual gap: one space
      } else if (sp.begin > prev) {
        q = FoldInto(table, text.substr(prev, sp.begin - prev), &pending, start, q);
      }
    }
    // The token's first character is not a space and folds to non-space
    // bytes: it lands right after the pending space, if any.
    fb[k] = static_cast<uint32_t>(q - start) + (pending ? 1 : 0);
    if (sp.size() <= 8 && sp.begin + 8 <= text.size()) {
      q = FoldShortToken(table, text, sp, &pending, start, q);
    } else {
      q = FoldInto(table, text.substr(sp.begin, sp.size()), &pending, start, q);
    }
    fe[k] = static_cast<uint32_t>(q - start);
  }
  return true;
}

void AppendFoldedPhrase(std::string_view s, std::string* out) {
  size_t start = out->size();
  AppendFolded(s, out);
  std::string& o = *out;
  size_t w = start;
  for (size_t r = start; r < o.size(); ++r) {
    if (o.compare(r, 3, "\xE2\x80\x99") == 0) {
      o[w++] = '\'';
      r += 2;
      continue;
    }
    char c = o[r];
    if (c == ' ' || c == '\t' || c == '\n') {
      if (w > start && o[w - 1] != ' ') o[w++] = ' ';
      continue;
    }
    o[w++] = c;
  }
  while (w > start && o[w - 1] == ' ') --w;
  o.resize(w);
}

NameInfo& NameTable::Upsert(std::string_view key) {
  uint64_t h = HashBytes(key);
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

void NameTable::Place(size_t e) {
  uint64_t h = entries_[e].hash;
  size_t i = h & mask_;
  while (slots_[i] != 0) i = (i + 1) & mask_;
  slots_[i] = (h >> 32 << 32) | static_cast<uint32_t>(e + 1);
}

CommonWords::Mapping::~Mapping() {
  if (addr != nullptr) ::munmap(addr, size);
}

bool CommonWords::Mapping::Allocate(size_t bytes) {
  constexpr size_t kHuge = size_t{2} << 20;
  if (addr != nullptr) ::munmap(addr, size);
  addr = nullptr;
  size = 0;
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

Status CommonWords::Load(const std::string& path) {
  buf_ = nullptr;
  slots_ = nullptr;
  mask_ = 0;
  empty_classes_ = 0;
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return NotFoundError(path + ": cannot open");
  struct stat st;
  if (::fstat(fd, &st) != 0) {
    ::close(fd);
    return NotFoundError(path + ": cannot stat");
  }
  size_t size = static_cast<size_t>(st.st_size);
  if (size >= (1ull << 32) || !buf_map_.Allocate(size + 1)) {
    ::close(fd);
    return InternalError(path + ": too large");
  }
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
  size_t lines = static_cast<size_t>(std::count(b, b + size, '\n')) + 1;
  size_t cap = 1024;
  while (cap < lines * 2) cap *= 2;
  if (!slots_map_.Allocate(cap * sizeof(uint64_t))) return InternalError(path + ": out of memory");
  slots_ = static_cast<uint64_t*>(slots_map_.addr);
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
  auto insert = [&](const Pending& e) {
    const uint64_t tag = e.hash >> 56;
    for (size_t i = e.hash & mask_;; i = (i + 1) & mask_) {
      uint64_t& slot = slots_[i];
      if (slot == 0) {
        slot = e.packed;
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
    uint64_t h = HashBytes(word);
    __builtin_prefetch(&slots_[h & mask_], 1);
    Pending& slot = ring[queued % kAhead];
    if (queued >= kAhead) insert(slot);
    slot.hash = h;
    slot.packed = (h >> 56 << 56) | (static_cast<uint64_t>(cls) << 48) |
                  (static_cast<uint64_t>(word.size()) << 32) | static_cast<uint32_t>(start);
    slot.word = word;
    ++queued;
  }
  for (size_t k = queued > kAhead ? queued - kAhead : 0; k < queued; ++k) insert(ring[k % kAhead]);
  return Status::Ok();
}

void NameLexicon::Add(std::string_view phrase, uint32_t flags, bool set_canonical) {
  std::string key = FoldPhrase(phrase);
  if (key.empty()) return;
  NameInfo& info = names_.Upsert(key);
  info.flags |= flags;
  if (set_canonical || info.canonical.empty()) info.canonical = std::string(phrase);
  max_words_ = std::max(max_words_, CountWords(key));
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
  return common_.Load(*path);
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
      honorifics_.emplace_back(line);
      unsigned char first = static_cast<unsigned char>(line[0]);
      honorific_first_[first >> 6] |= uint64_t{1} << (first & 63);
      honorific_max_len_ = std::max(honorific_max_len_, line.size());
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
      std::string key = FoldPhrase(name);
      NameInfo& info = names_.Upsert(key);
      info.flags = (info.flags & ~kUser) | flag;  // the last user entry wins
      info.canonical = std::string(name);
      max_words_ = std::max(max_words_, CountWords(key));
      return Status::Ok();
    }));
  }
  return Status::Ok();
}

}  // namespace depeche::detail
