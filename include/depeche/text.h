// The normalized view of an input. The original bytes are never changed:
// normalization (NFC, ’→', NBSP and narrow NBSP → space, ligatures, ᵉ → e,
// CRLF → LF, BOM and soft hyphens dropped, invalid UTF-8 → U+FFFD) produces a
// second string plus a sparse map back to original byte offsets. Every later
// stage works on the normalized string; printers map spans back.
#ifndef DEPECHE_TEXT_H_
#define DEPECHE_TEXT_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace depeche {

// One place where the normalized text differs from the original: the original
// bytes [orig_begin, orig_end) became the normalized bytes [norm_begin, norm_end)
// (possibly empty, for a dropped character). Between edits the two texts are
// byte-identical, so the map stays tiny on clean input.
struct TextEdit {
  uint32_t norm_begin, norm_end;
  uint32_t orig_begin, orig_end;
};

// A problem found while decoding, with the byte offset into the original.
struct TextIssue {
  uint32_t orig_offset;
  std::string what;
};

class NormalizedText {
 public:
  NormalizedText() = default;

  // Builds the view of `original` (UTF-8, possibly invalid). Never fails:
  // invalid sequences become U+FFFD and are reported in issues().
  static NormalizedText Build(std::string_view original);

  const std::string& str() const { return norm_; }
  std::string_view view() const { return norm_; }
  uint32_t size() const { return static_cast<uint32_t>(norm_.size()); }
  uint32_t original_size() const { return orig_size_; }

  // Original offset where the normalized byte `i` starts (for span begins).
  uint32_t ToOriginalBegin(uint32_t i) const;
  // Original offset where the normalized bytes [.., i) end (for span ends).
  uint32_t ToOriginalEnd(uint32_t i) const;
  // Both ends of [begin, end) at once, for a printer that maps many spans in
  // increasing order: *hint (0 at first) carries the place in the edit list
  // from one call to the next, so that a call takes a few steps rather than
  // two binary searches. Same results as ToOriginalBegin and ToOriginalEnd,
  // whatever the order and the hint. Clean text (no edit: most news) maps
  // to itself, tested inline: printers call this per entity.
  void ToOriginal(uint32_t begin, uint32_t end, uint32_t* orig_begin, uint32_t* orig_end, size_t* hint) const {
    if (edits_.empty()) {
      *orig_begin = begin;
      *orig_end = end;
      return;
    }
    ToOriginalEdited(begin, end, orig_begin, orig_end, hint);
  }

  const std::vector<TextEdit>& edits() const { return edits_; }
  const std::vector<TextIssue>& issues() const { return issues_; }

 private:
  // ToOriginal where there are edits.
  void ToOriginalEdited(uint32_t begin, uint32_t end, uint32_t* orig_begin, uint32_t* orig_end, size_t* hint) const;
  // The mappings given k, the number of edits with norm_begin <= i (Begin)
  // or < i (End): shared by the searches above.
  uint32_t BeginAt(uint32_t i, size_t k) const;
  uint32_t EndAt(uint32_t i, size_t k) const;

  std::string norm_;
  std::vector<TextEdit> edits_;
  std::vector<TextIssue> issues_;
  uint32_t orig_size_ = 0;
};

// UTF-8 helpers shared by every stage (no allocation).
namespace utf8 {
// The general case of Decode (three- and four-byte sequences, invalid input).
char32_t DecodeSlow(std::string_view s, size_t i, int* len);
// True when byte b does not start a code point (10xxxxxx).
inline bool IsContinuation(unsigned char b) { return (b & 0xC0) == 0x80; }
// Decodes the code point at s[i]; sets *len to its byte length (1 on invalid
// input, returning 0xFFFD). Inline for ASCII and two-byte sequences (French
// accented letters): every stage calls it per character.
inline char32_t Decode(std::string_view s, size_t i, int* len) {
  const auto b0 = static_cast<unsigned char>(s[i]);
  if (b0 < 0x80) {
    *len = 1;
    return b0;
  }
  if (b0 >= 0xC2 && b0 <= 0xDF && i + 1 < s.size()) {
    const auto b1 = static_cast<unsigned char>(s[i + 1]);
    if (IsContinuation(b1)) {
      *len = 2;
      return (static_cast<char32_t>(b0 & 0x1F) << 6) | (b1 & 0x3F);
    }
  }
  return DecodeSlow(s, i, len);
}
// Appends the UTF-8 encoding of cp to out.
void Append(char32_t cp, std::string* out);
// For block scanners (16 bytes at a time) that flag the bytes needing a
// look (bit k of m: byte k), of which two-byte sequences are most in French
// text: passes over the sequences that keep(k) accepts, starting at the
// flagged byte k, without leaving the block. Returns the first flagged byte
// not passed over (0 to 15), or 16 when none is left; *step is then 16, or
// 17 when a sequence starts at byte 15 (its second byte is the next
// block's first).
template <class Keep>
inline unsigned SkipPairsInBlock(unsigned m, Keep keep, size_t* step) {
  *step = 16;
  while (m != 0) {
    const auto k = static_cast<unsigned>(__builtin_ctz(m));
    if (!keep(k)) return k;
    if (k == 15) {
      *step = 17;
      return 16;
    }
    m &= ~(3u << k);
  }
  return 16;
}
}  // namespace utf8

}  // namespace depeche

#endif  // DEPECHE_TEXT_H_
