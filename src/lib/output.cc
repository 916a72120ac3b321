// Printers: text, markdown, JSON Lines and TSV over one Result. Offsets are
// printed as original byte offsets (base_offset + the normalized→original
// map), and every printed text is exactly the original bytes of its span.
#include "depeche/output.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <charconv>
#include <map>

#include <fmt/format.h>

#include "chars.h"
#include "depeche/tokenize.h"

namespace depeche {
namespace {

// Printable ASCII other than '"' and '\\': copied to JSON as is.
constexpr auto kJsonPlain = [] {
  std::array<bool, 256> plain{};
  for (int c = 0x20; c < 0x7F; ++c) plain[c] = c != '"' && c != '\\';
  return plain;
}();

}  // namespace

void AppendJsonString(std::string_view s, std::string* out) {
  out->push_back('"');
  for (size_t i = 0; i < s.size();) {
    // Most bytes need no escaping: copy each run of them in one append. Two-
    // byte UTF-8 sequences (accented letters) are always valid code points
    // and never U+2028/U+2029, so they join the run too.
    size_t run = i;
    while (run < s.size()) {
      unsigned char b = static_cast<unsigned char>(s[run]);
      if (kJsonPlain[b]) {
        ++run;
      } else if (b >= 0xC2 && b <= 0xDF && run + 1 < s.size() &&
                 utf8::IsContinuation(static_cast<unsigned char>(s[run + 1]))) {
        run += 2;
      } else {
        break;
      }
    }
    if (run != i) {
      out->append(s.data() + i, run - i);
      i = run;
      if (i == s.size()) break;
    }
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c >= 0x80) {
      int len;
      char32_t cp = utf8::Decode(s, i, &len);
      if (cp == 0xFFFD && !(len == 3 && s.compare(i, 3, "\xEF\xBF\xBD") == 0)) {
        out->append("\xEF\xBF\xBD");
      } else if (cp == 0x2028 || cp == 0x2029) {
        fmt::format_to(std::back_inserter(*out), "\\u{:04x}", static_cast<uint32_t>(cp));
      } else {
        out->append(s.data() + i, len);
      }
      i += len;
      continue;
    }
    switch (c) {
      case '"': out->append("\\\""); break;
      case '\\': out->append("\\\\"); break;
      case '\n': out->append("\\n"); break;
      case '\r': out->append("\\r"); break;
      case '\t': out->append("\\t"); break;
      default:
        if (c < 0x20 || c == 0x7F) {
          fmt::format_to(std::back_inserter(*out), "\\u{:04x}", c);
        } else {
          out->push_back(static_cast<char>(c));
        }
    }
    ++i;
  }
  out->push_back('"');
}

namespace {

// Original-byte view of a normalized span.
struct OrigSpan {
  uint64_t begin, end;       // absolute, for printing
  std::string_view bytes;    // the original bytes
};

OrigSpan Orig(const Document& doc, Span s) {
  Span o = doc.ToOriginal(s);
  if (o.end < o.begin) o.end = o.begin;
  return {doc.base_offset + o.begin, doc.base_offset + o.end,
          std::string_view(doc.original).substr(o.begin, o.end - o.begin)};
}

std::string DateString(const std::optional<CivilDate>& d) {
  if (!d) return "";
  return fmt::format("{:04d}-{:02d}-{:02d}", d->year, d->month, d->day);
}

std::optional<CivilDate> ArticleDate(const Document& doc, const Article& a) {
  return a.date ? a.date : doc.ref_date;
}

std::string ArticleTitle(const Document& doc, const Article& a) {
  if (!doc.record_title.empty()) return doc.record_title;
  if (a.title.empty()) return "";
  return std::string(Orig(doc, a.title).bytes);
}

// TSV fields: tabs, newlines and backslashes escaped.
void AppendTsv(std::string_view s, std::string* out) {
  for (char c : s) {
    switch (c) {
      case '\t': out->append("\\t"); break;
      case '\n': out->append("\\n"); break;
      case '\r': out->append("\\r"); break;
      case '\\': out->append("\\\\"); break;
      default: out->push_back(c);
    }
  }
}

bool Wanted(const OutputOptions& o, EntityType t) {
  return o.labels.empty() || std::find(o.labels.begin(), o.labels.end(), t) != o.labels.end();
}

// Integers are most of what the printers write: to_chars, not a format
// string parsed per call.
void AppendInt(int64_t v, std::string* out) {
  char buf[24];
  auto r = std::to_chars(buf, buf + sizeof buf, v);
  out->append(buf, r.ptr);
}

// ",\"start\":B,\"end\":E"
void AppendStartEnd(uint64_t b, uint64_t e, std::string* out) {
  out->append(",\"start\":");
  AppendInt(static_cast<int64_t>(b), out);
  out->append(",\"end\":");
  AppendInt(static_cast<int64_t>(e), out);
}

void AppendNumber(double v, std::string* out) {
  if (std::isfinite(v) && std::fabs(v) < 9e15 && v == std::floor(v)) {
    AppendInt(static_cast<int64_t>(v), out);
  } else if (std::isfinite(v)) {
    fmt::format_to(std::back_inserter(*out), "{}", v);
  } else {
    out->append("null");
  }
}

void AppendEntityValueJson(const Entity& e, std::string* out) {
  if (e.type == EntityType::kMoney) {
    const MoneyValue& m = e.money;
    out->append("{\"amount\":");
    AppendNumber(m.amount, out);
    out->append(",\"currency\":");
    AppendJsonString(std::string_view(m.currency), out);
    if (m.max) { out->append(",\"max\":"); AppendNumber(*m.max, out); }
    if (m.min) { out->append(",\"min\":"); AppendNumber(*m.min, out); }
    if (m.approx) out->append(",\"approx\":true");
    if (m.implicit) out->append(",\"implicit\":true");
    out->push_back('}');
  } else if (e.value.empty()) {
    out->append("null");
  } else {
    AppendJsonString(e.value, out);
  }
}

std::string EntityValueText(const Entity& e) {
  if (e.type == EntityType::kMoney) {
    const MoneyValue& m = e.money;
    std::string s;
    if (m.approx) s += "~";
    if (m.min) s += ">=";
    AppendNumber(m.amount, &s);
    if (m.max) { s += "-"; AppendNumber(*m.max, &s); }
    s += " ";
    s += m.currency;
    if (m.implicit) s += " (implicit)";
    return s;
  }
  return e.value.empty() ? "null" : e.value;
}

void AppendRecordKeys(const Document& doc, uint32_t article, std::string* out) {
  out->append("{\"source\":");
  AppendJsonString(doc.source, out);
  if (!doc.id.empty()) {
    out->append(",\"id\":");
    AppendJsonString(doc.id, out);
  }
  out->append(",\"article\":");
  AppendInt(doc.first_article + article, out);
}

void AppendEntityJson(const Document& doc, const Entity& e, std::string* out) {
  OrigSpan o = Orig(doc, e.span);
  out->append("\"type\":");
  AppendJsonString(EntityTypeName(e.type), out);
  out->append(",\"text\":");
  AppendJsonString(o.bytes, out);
  AppendStartEnd(o.begin, o.end, out);
  out->append(",\"value\":");
  AppendEntityValueJson(e, out);
}

// Key entities of an article: (type, value) with mention counts, most
// mentioned first, then by first mention.
struct KeyEntity {
  EntityType type;
  std::string_view name;  // into the document (original bytes or a value)
  int count = 0;
  uint32_t first = 0;
};

std::vector<KeyEntity> KeyEntities(const Document& doc, uint32_t article, const OutputOptions& o) {
  // Every wanted mention as (type, name, first offset), sorted so that equal
  // (type, name) pairs are adjacent: one sort, no map of strings.
  const Article& art = doc.articles[article];
  std::vector<KeyEntity> mentions;
  mentions.reserve(art.entity_end - art.entity_begin);
  for (uint32_t i = art.entity_begin; i < art.entity_end; ++i) {
    const Entity& e = doc.entities[i];
    if (!Wanted(o, e.type)) continue;
    std::string_view name;
    if (e.type == EntityType::kMoney || e.type == EntityType::kDate || e.value.empty()) {
      name = Orig(doc, e.span).bytes;
    } else {
      name = e.value;
    }
    mentions.push_back({e.type, name, 1, e.span.begin});
  }
  std::sort(mentions.begin(), mentions.end(), [](const KeyEntity& a, const KeyEntity& b) {
    if (a.type != b.type) return a.type < b.type;
    if (a.name != b.name) return a.name < b.name;
    return a.first < b.first;
  });
  std::vector<KeyEntity> v;
  for (size_t i = 0; i < mentions.size();) {
    size_t j = i + 1;
    while (j < mentions.size() && mentions[j].type == mentions[i].type && mentions[j].name == mentions[i].name) ++j;
    KeyEntity k = mentions[i];  // the earliest mention of the run
    k.count = static_cast<int>(j - i);
    v.push_back(k);
    i = j;
  }
  std::sort(v.begin(), v.end(), [](const KeyEntity& a, const KeyEntity& b) {
    if (a.type != b.type) return a.type < b.type;
    if (a.count != b.count) return a.count > b.count;
    return a.first < b.first;
  });
  return v;
}

// The kinds of key entities a brief lists, in order, with their headings.
constexpr EntityType kKeyOrder[] = {EntityType::kPerson, EntityType::kOrganization, EntityType::kLocation,
                                    EntityType::kMoney, EntityType::kDate};

// "Claire Mornet (3), Thomas Berthier": the six most mentioned of a kind.
std::string KeyLine(const std::vector<KeyEntity>& keys, EntityType type) {
  std::string line;
  int n = 0;
  for (const KeyEntity& k : keys) {
    if (k.type != type || n >= 6) continue;
    if (n++) line += ", ";
    line += k.name;
    if (k.count > 1) line += fmt::format(" ({})", k.count);
  }
  return line;
}

// Greedy wrap of a paragraph to `width` columns (code points), with indent.
void AppendWrapped(std::string_view s, int width, std::string_view indent, std::string* out) {
  int col = 0;
  size_t i = 0;
  bool first_word = true;
  out->append(indent);
  col = static_cast<int>(indent.size());
  while (i < s.size()) {
    while (i < s.size() && (s[i] == ' ' || s[i] == '\n' || s[i] == '\t')) ++i;
    size_t j = i;
    while (j < s.size() && s[j] != ' ' && s[j] != '\n' && s[j] != '\t') ++j;
    if (j == i) break;
    std::string_view w = s.substr(i, j - i);
    int wl = 0;
    for (char c : w) wl += !utf8::IsContinuation(static_cast<unsigned char>(c));
    if (!first_word && width > 0 && col + 1 + wl > width) {
      out->push_back('\n');
      out->append(indent);
      col = static_cast<int>(indent.size());
      first_word = true;
    }
    if (!first_word) {
      out->push_back(' ');
      ++col;
    }
    out->append(w);
    col += wl;
    first_word = false;
    i = j;
  }
  out->push_back('\n');
}

const char* LabelColor(EntityType t) {
  switch (t) {
    case EntityType::kPerson: return "\x1b[36m";
    case EntityType::kOrganization: return "\x1b[35m";
    case EntityType::kLocation: return "\x1b[32m";
    case EntityType::kMoney: return "\x1b[33m";
    case EntityType::kDate: return "\x1b[34m";
    case EntityType::kMisc: return "\x1b[37m";
  }
  return "";
}

class SplitWriter : public Writer {
 public:
  explicit SplitWriter(const OutputOptions& o) : o_(o) {}
  void Header(std::string* out) const override {
    if (o_.format == Format::kTsv) out->append("source\tarticle\tpart\tstart\tend\ttext\n");
  }
  void Write(const Result& r, std::string* out) const override {
    const Document& doc = r.doc;
    for (uint32_t a = 0; a < doc.articles.size(); ++a) {
      const Article& art = doc.articles[a];
      OrigSpan os = Orig(doc, art.span);
      std::string date = DateString(ArticleDate(doc, art));
      std::string title = ArticleTitle(doc, art);
      if (o_.format == Format::kJsonl) {
        AppendRecordKeys(doc, a, out);
        out->append(",\"title\":");
        if (title.empty()) out->append("null"); else AppendJsonString(title, out);
        out->append(",\"date\":");
        if (date.empty()) out->append("null"); else AppendJsonString(date, out);
        out->append(",\"dateline\":");
        if (art.dateline.empty()) out->append("null"); else AppendJsonString(Orig(doc, art.dateline).bytes, out);
        fmt::format_to(std::back_inserter(*out), ",\"start\":{},\"end\":{},\"parts\":[", os.begin, os.end);
        bool first = true;
        for (const Part& p : art.parts) {
          OrigSpan ps = Orig(doc, p.span);
          if (!first) out->push_back(',');
          first = false;
          fmt::format_to(std::back_inserter(*out), "{{\"kind\":\"{}\",\"start\":{},\"end\":{}{}}}", PartKindName(p.kind),
                         ps.begin, ps.end, p.duplicate ? ",\"duplicate\":true" : "");
        }
        out->append("]}\n");
      } else if (o_.format == Format::kTsv) {
        for (const Part& p : art.parts) {
          OrigSpan ps = Orig(doc, p.span);
          AppendTsv(doc.source, out);
          fmt::format_to(std::back_inserter(*out), "\t{}\t{}{}\t{}\t{}\t", doc.first_article + a, PartKindName(p.kind),
                         p.duplicate ? "+dup" : "", ps.begin, ps.end);
          AppendTsv(ps.bytes, out);
          out->push_back('\n');
        }
      } else {
        fmt::format_to(std::back_inserter(*out), "{}#{}  bytes {}-{}  date {}  dateline {}\n", doc.source,
                       doc.first_article + a, os.begin, os.end, date.empty() ? "-" : date,
                       art.dateline.empty() ? "-" : std::string(Orig(doc, art.dateline).bytes));
        for (const Part& p : art.parts) {
          OrigSpan ps = Orig(doc, p.span);
          std::string_view t = ps.bytes;
          std::string shown(t.substr(0, 100));
          while (!shown.empty() && shown.size() < t.size() &&
                 utf8::IsContinuation(static_cast<unsigned char>(t[shown.size()]))) shown.pop_back();
          for (char& c : shown) if (c == '\n') c = ' ';
          fmt::format_to(std::back_inserter(*out), "  {:<10}{:>7}-{:<7} {}{}{}\n", PartKindName(p.kind), ps.begin, ps.end,
                         shown, t.size() > shown.size() ? "…" : "", p.duplicate ? "  (duplicate)" : "");
        }
        out->push_back('\n');
      }
    }
  }

 private:
  OutputOptions o_;
};

class TokensWriter : public Writer {
 public:
  explicit TokensWriter(const OutputOptions& o) : o_(o) {}
  void Header(std::string* out) const override {
    if (o_.format == Format::kTsv) out->append("start\tend\tkind\ttext\n");
  }
  void Write(const Result& r, std::string* out) const override {
    const Document& doc = r.doc;
    for (const Token& t : doc.tokens) {
      OrigSpan o = Orig(doc, t.span);
      if (o_.format == Format::kJsonl) {
        out->append("{\"source\":");
        AppendJsonString(doc.source, out);
        if (!doc.id.empty()) { out->append(",\"id\":"); AppendJsonString(doc.id, out); }
        fmt::format_to(std::back_inserter(*out), ",\"start\":{},\"end\":{},\"kind\":\"{}\",\"text\":", o.begin, o.end,
                       TokenKindName(t.kind));
        AppendJsonString(o.bytes, out);
        out->append(",\"norm\":");
        AppendJsonString(doc.Text(t), out);
        out->append("}\n");
      } else {
        fmt::format_to(std::back_inserter(*out), "{}\t{}\t{}\t", o.begin, o.end, TokenKindName(t.kind));
        AppendTsv(o.bytes, out);
        out->push_back('\n');
      }
    }
  }

 private:
  OutputOptions o_;
};

class EntitiesWriter : public Writer {
 public:
  explicit EntitiesWriter(const OutputOptions& o) : o_(o) {}
  void Header(std::string* out) const override {
    if (o_.format == Format::kTsv) out->append("source\tarticle\ttype\tstart\tend\ttext\tvalue\n");
  }
  void Write(const Result& r, std::string* out) const override {
    const Document& doc = r.doc;
    for (const Entity& e : doc.entities) {
      if (!Wanted(o_, e.type)) continue;
      if (o_.format == Format::kJsonl) {
        AppendRecordKeys(doc, e.article, out);
        out->push_back(',');
        AppendEntityJson(doc, e, out);
        out->append("}\n");
        continue;
      }
      OrigSpan os = Orig(doc, e.span);
      if (o_.format == Format::kTsv) {
        AppendTsv(doc.source, out);
        fmt::format_to(std::back_inserter(*out), "\t{}\t{}\t{}\t{}\t", doc.first_article + e.article, EntityTypeName(e.type),
                       os.begin, os.end);
        AppendTsv(os.bytes, out);
        out->push_back('\t');
        AppendTsv(EntityValueText(e), out);
        out->push_back('\n');
      } else {
        const char* c = o_.color ? LabelColor(e.type) : "";
        const char* z = o_.color ? "\x1b[0m" : "";
        fmt::format_to(std::back_inserter(*out), "{}#{}\t{}{:<5}{}\t{}-{}\t{}", doc.source, doc.first_article + e.article,
                       c, EntityTypeName(e.type), z, os.begin, os.end, os.bytes);
        std::string v = EntityValueText(e);
        if (v != os.bytes) fmt::format_to(std::back_inserter(*out), "\t→ {}", v);
        out->push_back('\n');
      }
    }
  }

 private:
  OutputOptions o_;
};

class BriefWriter : public Writer {
 public:
  explicit BriefWriter(const OutputOptions& o) : o_(o) {}
  void Header(std::string* out) const override {
    if (o_.format == Format::kTsv) out->append("source\tarticle\tfield\tlabel\tstart\tend\ttext\n");
  }
  void Write(const Result& r, std::string* out) const override {
    const Document& doc = r.doc;
    for (uint32_t a = 0; a < doc.articles.size(); ++a) {
      static const ArticleSummary kEmpty;
      const ArticleSummary& sum = a < r.summaries.size() ? r.summaries[a] : kEmpty;
      switch (o_.format) {
        case Format::kJsonl: Jsonl(doc, a, sum, out); break;
        case Format::kTsv: Tsv(doc, a, sum, out); break;
        case Format::kMarkdown: Markdown(doc, a, sum, out); break;
        case Format::kText: Text(doc, a, sum, out); break;
      }
    }
  }

 private:
  void Jsonl(const Document& doc, uint32_t a, const ArticleSummary& sum, std::string* out) const {
    const Article& art = doc.articles[a];
    AppendRecordKeys(doc, a, out);
    std::string title = ArticleTitle(doc, art);
    std::string date = DateString(ArticleDate(doc, art));
    out->append(",\"title\":");
    if (title.empty()) out->append("null"); else AppendJsonString(title, out);
    out->append(",\"date\":");
    if (date.empty()) out->append("null"); else AppendJsonString(date, out);
    out->append(",\"dateline\":");
    if (art.dateline.empty()) out->append("null"); else AppendJsonString(Orig(doc, art.dateline).bytes, out);
    out->append(",\"summary\":[");
    bool first = true;
    for (uint32_t si : sum.selected) {
      OrigSpan o = Orig(doc, doc.sentences[si].span);
      if (!first) out->push_back(',');
      first = false;
      out->append("{\"text\":");
      AppendJsonString(o.bytes, out);
      AppendStartEnd(o.begin, o.end, out);
      out->push_back('}');
    }
    out->append("],\"key_entities\":[");
    first = true;
    for (const KeyEntity& k : KeyEntities(doc, a, o_)) {
      if (!first) out->push_back(',');
      first = false;
      out->append("{\"type\":");
      AppendJsonString(EntityTypeName(k.type), out);
      out->append(",\"name\":");
      AppendJsonString(k.name, out);
      out->append(",\"count\":");
      AppendInt(k.count, out);
      out->push_back('}');
    }
    out->append("],\"entities\":[");
    first = true;
    for (uint32_t i = art.entity_begin; i < art.entity_end; ++i) {
      const Entity& e = doc.entities[i];
      if (!Wanted(o_, e.type)) continue;
      if (!first) out->push_back(',');
      first = false;
      out->push_back('{');
      AppendEntityJson(doc, e, out);
      out->push_back('}');
    }
    out->push_back(']');
    if (o_.explain) {
      out->append(",\"scores\":[");
      first = true;
      for (const SentenceScore& s : sum.candidates) {
        OrigSpan o = Orig(doc, doc.sentences[s.sentence].span);
        if (!first) out->push_back(',');
        first = false;
        fmt::format_to(std::back_inserter(*out),
                       "{{\"start\":{},\"end\":{},\"total\":{:.4f},\"centrality\":{:.4f},\"position\":{:.4f},"
                       "\"salience\":{:.4f},\"length\":{:.4f},\"redundancy\":{:.4f},\"selected\":{}}}",
                       o.begin, o.end, s.total, s.centrality, s.position, s.salience, s.length, s.redundancy,
                       s.selected ? "true" : "false");
      }
      out->push_back(']');
    }
    out->append("}\n");
  }

  void Tsv(const Document& doc, uint32_t a, const ArticleSummary& sum, std::string* out) const {
    const Article& art = doc.articles[a];
    auto row = [&](std::string_view field, std::string_view label, uint64_t b, uint64_t e, std::string_view text) {
      AppendTsv(doc.source, out);
      fmt::format_to(std::back_inserter(*out), "\t{}\t{}\t{}\t{}\t{}\t", doc.first_article + a, field, label, b, e);
      AppendTsv(text, out);
      out->push_back('\n');
    };
    if (!art.title.empty()) {
      OrigSpan o = Orig(doc, art.title);
      row("title", "", o.begin, o.end, o.bytes);
    } else if (!doc.record_title.empty()) {
      row("title", "", 0, 0, doc.record_title);
    }
    if (auto d = ArticleDate(doc, art)) row("date", "", 0, 0, DateString(d));
    if (!art.dateline.empty()) {
      OrigSpan o = Orig(doc, art.dateline);
      row("dateline", "LOC", o.begin, o.end, o.bytes);
    }
    for (uint32_t si : sum.selected) {
      OrigSpan o = Orig(doc, doc.sentences[si].span);
      row("summary", "", o.begin, o.end, o.bytes);
    }
    for (uint32_t i = art.entity_begin; i < art.entity_end; ++i) {
      const Entity& e = doc.entities[i];
      if (!Wanted(o_, e.type)) continue;
      OrigSpan o = Orig(doc, e.span);
      std::string v = e.type == EntityType::kMoney || e.type == EntityType::kDate ? EntityValueText(e)
                      : (e.value.empty() ? std::string(o.bytes) : e.value);
      row("entity", EntityTypeName(e.type), o.begin, o.end, v);
    }
  }

  void Text(const Document& doc, uint32_t a, const ArticleSummary& sum, std::string* out) const {
    const Article& art = doc.articles[a];
    const char* bold = o_.color ? "\x1b[1m" : "";
    const char* dim = o_.color ? "\x1b[2m" : "";
    const char* reset = o_.color ? "\x1b[0m" : "";
    std::string title = ArticleTitle(doc, art);
    std::string date = DateString(ArticleDate(doc, art));
    fmt::format_to(std::back_inserter(*out), "{}{} #{}{}", dim, doc.id.empty() ? doc.source : doc.id,
                   doc.first_article + a, reset);
    if (!date.empty()) fmt::format_to(std::back_inserter(*out), "{}  {}{}", dim, date, reset);
    if (!art.dateline.empty()) fmt::format_to(std::back_inserter(*out), "{}  {}{}", dim, Orig(doc, art.dateline).bytes, reset);
    out->push_back('\n');
    if (!title.empty()) {
      out->append(bold);
      AppendWrapped(title, o_.width, "", out);
      if (*bold) { out->pop_back(); out->append(reset); out->push_back('\n'); }
    }
    std::vector<KeyEntity> keys = KeyEntities(doc, a, o_);
    static constexpr const char* kNames[] = {"people", "organizations", "places", "amounts", "dates"};
    for (int t = 0; t < 5; ++t) {
      std::string line = KeyLine(keys, kKeyOrder[t]);
      if (line.empty()) continue;
      std::string label = fmt::format("{:<14}", kNames[t]);
      std::string colored = o_.color ? std::string(LabelColor(kKeyOrder[t])) + label + reset : label;
      out->append("  ");
      out->append(colored);
      std::string wrapped;
      AppendWrapped(line, o_.width - 16, "", &wrapped);
      // Indent continuation lines under the first.
      for (size_t i = 0; i < wrapped.size(); ++i) {
        out->push_back(wrapped[i]);
        if (wrapped[i] == '\n' && i + 1 < wrapped.size()) out->append(16, ' ');
      }
    }
    for (uint32_t si : sum.selected) {
      OrigSpan o = Orig(doc, doc.sentences[si].span);
      std::string text(o.bytes);
      std::string wrapped;
      AppendWrapped(text, o_.width, "    ", &wrapped);
      wrapped[2] = '-';
      out->append(wrapped);
    }
    if (o_.explain) Explain(doc, sum, out);
    out->push_back('\n');  // a blank line between articles
  }

  void Markdown(const Document& doc, uint32_t a, const ArticleSummary& sum, std::string* out) const {
    const Article& art = doc.articles[a];
    std::string title = ArticleTitle(doc, art);
    std::string date = DateString(ArticleDate(doc, art));
    fmt::format_to(std::back_inserter(*out), "## {}\n\n", title.empty() ? "(untitled)" : title);
    fmt::format_to(std::back_inserter(*out), "*{} #{}*", doc.id.empty() ? doc.source : doc.id, doc.first_article + a);
    if (!date.empty()) fmt::format_to(std::back_inserter(*out), " · {}", date);
    if (!art.dateline.empty()) fmt::format_to(std::back_inserter(*out), " · {}", Orig(doc, art.dateline).bytes);
    out->append("\n\n");
    std::vector<KeyEntity> keys = KeyEntities(doc, a, o_);
    static constexpr const char* kNames[] = {"People", "Organizations", "Places", "Amounts", "Dates"};
    for (int t = 0; t < 5; ++t) {
      std::string line = KeyLine(keys, kKeyOrder[t]);
      if (!line.empty()) fmt::format_to(std::back_inserter(*out), "- **{}:** {}\n", kNames[t], line);
    }
    if (!keys.empty()) out->push_back('\n');
    for (uint32_t si : sum.selected) {
      std::string text(Orig(doc, doc.sentences[si].span).bytes);
      for (char& c : text) if (c == '\n') c = ' ';
      fmt::format_to(std::back_inserter(*out), "> {}\n>\n", text);
    }
    if (!sum.selected.empty()) { out->pop_back(); out->pop_back(); out->push_back('\n'); }
    if (o_.explain) Explain(doc, sum, out);
    out->push_back('\n');
  }

  void Explain(const Document& doc, const ArticleSummary& sum, std::string* out) const {
    out->append("    score  central position salience  length   redund  sentence\n");
    for (const SentenceScore& s : sum.candidates) {
      std::string_view t = Orig(doc, doc.sentences[s.sentence].span).bytes;
      std::string head(t.substr(0, 50));
      while (!head.empty() && head.size() < t.size() && utf8::IsContinuation(static_cast<unsigned char>(t[head.size()])))
        head.pop_back();
      for (char& c : head) if (c == '\n') c = ' ';
      fmt::format_to(std::back_inserter(*out), "  {}{:7.3f} {:8.3f} {:8.3f} {:8.3f} {:7.3f} {:8.3f}  {}\n",
                     s.selected ? '*' : ' ', s.total, s.centrality, s.position, s.salience, s.length, s.redundancy,
                     head);
    }
  }

  OutputOptions o_;
};

}  // namespace

std::unique_ptr<Writer> MakeWriter(const OutputOptions& options) {
  switch (options.command) {
    case Stage::kSplit: return std::make_unique<SplitWriter>(options);
    case Stage::kTokens: return std::make_unique<TokensWriter>(options);
    case Stage::kEntities: return std::make_unique<EntitiesWriter>(options);
    case Stage::kBrief: return std::make_unique<BriefWriter>(options);
  }
  return nullptr;
}

}  // namespace depeche
