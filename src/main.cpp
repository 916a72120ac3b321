// depeche: French news dumps → briefs. main only wires the CLI: it parses
// options, loads the pipeline, runs the batch and maps the result to an exit
// code (0 all inputs done, 1 some input failed, 2 usage or setup error).
#include <malloc.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <csignal>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <string>
#include <thread>
#include <vector>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "depeche/batch.h"
#include "depeche/input.h"
#include "depeche/output.h"
#include "depeche/pipeline.h"

namespace {

// Writes all of s to fd; false on EPIPE (the reader went away) or error.
bool WriteAll(int fd, std::string_view s) {
  while (!s.empty()) {
    ssize_t n = ::write(fd, s.data(), s.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    s.remove_prefix(static_cast<size_t>(n));
  }
  return true;
}

// stdout, buffered by us so that EPIPE is seen and handled quietly.
class StdoutSink {
 public:
  ~StdoutSink() { Flush(); }
  bool Write(std::string_view s) {
    if (closed_) return false;
    if (s.size() >= (1 << 16)) {
      // A big block (one rendered job) goes out directly, without a copy.
      if (!Flush()) return false;
      if (!WriteAll(STDOUT_FILENO, s)) closed_ = true;
      return !closed_;
    }
    buf_.append(s);
    if (buf_.size() >= (1 << 16)) return Flush();
    return true;
  }
  bool Flush() {
    if (closed_) return false;
    if (!WriteAll(STDOUT_FILENO, buf_)) closed_ = true;
    buf_.clear();
    return !closed_;
  }

 private:
  std::string buf_;
  bool closed_ = false;
};

struct CliOptions {
  std::vector<std::string> paths;
  std::string format = "text";
  bool json = false;
  std::string input_format = "text";
  std::string encoding;
  int sentences = 3;
  double ratio = 0;
  bool explain = false;
  std::string labels;
  int threads = 0;
  std::vector<std::string> ext;
  int max_depth = -1;
  std::string data_dir;
  std::vector<std::string> lexicons;
  std::string ref_date;
  std::string color = "auto";
  std::string progress = "auto";
  bool quiet = false;
  bool stats = false;
  int width = 0;
};

std::optional<depeche::Format> ParseFormat(const std::string& f) {
  if (f == "text") return depeche::Format::kText;
  if (f == "jsonl" || f == "json") return depeche::Format::kJsonl;
  if (f == "tsv") return depeche::Format::kTsv;
  if (f == "markdown" || f == "md") return depeche::Format::kMarkdown;
  return std::nullopt;
}

int Usage(const std::string& msg) {
  fmt::print(stderr, "depeche: {}\nRun 'depeche --help' for usage.\n", msg);
  return 2;
}

int TerminalWidth() {
  struct winsize ws {};
  if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 20) return ws.ws_col;
  if (const char* c = std::getenv("COLUMNS")) {
    int w = std::atoi(c);
    if (w > 20) return w;
  }
  return 80;
}

}  // namespace

int main(int argc, char** argv) {
  std::signal(SIGPIPE, SIG_IGN);
  // Fixed malloc thresholds, and few arenas shared by the threads: peak
  // memory follows the chunks in flight, not the history of the run (glibc
  // raises its mmap threshold dynamically otherwise, and keeps freed blocks).
  // A 1 MB chunk's buffers (tokens, lexemes, output: up to ~3 MB each) stay
  // in the heap and are reused by the next chunk; each fresh mmap cost a
  // page fault per 4 KB touched (40k faults per 10 MB, ~10% of the time).
  // Larger blocks (a hostile one-line file) still go to mmap and back.
  mallopt(M_MMAP_THRESHOLD, 4 << 20);
  mallopt(M_TRIM_THRESHOLD, 16 << 20);
  mallopt(M_ARENA_MAX, 2);
  CLI::App app{"depeche: turn French news dumps into briefs (titles, people, organizations, places, amounts, dates, "
               "key sentences).\n\nInputs are files, directories (walked recursively, sorted, hidden files skipped) or "
               "'-' for stdin; with no path and piped stdin, stdin is read.\nExit codes: 0 every input processed, 1 "
               "some input failed (the others were processed), 2 usage or setup error.",
               "depeche"};
  app.set_version_flag("-V,--version", std::string("depeche ") + DEPECHE_VERSION);
  app.require_subcommand(1);
  app.fallthrough();
  CliOptions o;

  struct Command {
    const char* name;
    const char* help;
    depeche::Stage stage;
  };
  const Command commands[] = {
      {"brief", "Brief each article: title, date, key entities and the best sentences (the main job).",
       depeche::Stage::kBrief},
      {"entities", "List every entity mention (PER, ORG, LOC, MONEY, DATE) with its normalized value.",
       depeche::Stage::kEntities},
      {"split", "List the articles of each dump and their parts (title, captions, bullets, paragraphs...).",
       depeche::Stage::kSplit},
      {"tokens", "Print one token per line: start, end, kind, text (TSV).", depeche::Stage::kTokens},
  };
  std::vector<std::pair<CLI::App*, depeche::Stage>> subs;
  for (const Command& c : commands) {
    CLI::App* sub = app.add_subcommand(c.name, c.help);
    sub->add_option("paths", o.paths, "Files, directories, or - for stdin");
    sub->add_option("-f,--format", o.format, "Output format: text, jsonl, tsv, markdown")
        ->check(CLI::IsMember({"text", "jsonl", "json", "tsv", "markdown", "md"}));
    sub->add_flag("--json", o.json, "Same as --format jsonl");
    sub->add_option("--input-format", o.input_format, "text (news dumps) or jsonl (records {id,text,title?,date?})")
        ->check(CLI::IsMember({"text", "jsonl"}));
    sub->add_option("--encoding", o.encoding, "Input encoding when not UTF-8 (latin1, cp1252, ...)");
    sub->add_option("-j,--threads", o.threads, "Worker threads (default: number of cores)")->check(CLI::Range(0, 1024));
    sub->add_option("--ext", o.ext, "Only files with these extensions in directory walks (e.g. --ext txt,md)")
        ->delimiter(',')
        ->allow_extra_args(false);
    sub->add_option("--max-depth", o.max_depth, "Maximum directory depth (-1: unlimited)");
    sub->add_option("--ref-date", o.ref_date, "Reference date YYYY-MM-DD for relative dates when an article has none");
    sub->add_option("--data", o.data_dir, "Data directory (default: $DEPECHE_DATA, then the built-in one)");
    sub->add_option("--lexicon", o.lexicons, "Extra names, TSV of name<TAB>PER|ORG|LOC (repeatable)")
        ->allow_extra_args(false);
    sub->add_option("--color", o.color, "Color: auto, always, never")->check(CLI::IsMember({"auto", "always", "never"}));
    sub->add_option("--progress", o.progress, "Progress on stderr: auto, always, never")
        ->check(CLI::IsMember({"auto", "always", "never"}));
    sub->add_flag("-q,--quiet", o.quiet, "No progress and no summary line");
    sub->add_flag("--stats", o.stats, "Print a one-line summary on stderr at the end");
    sub->add_option("--width", o.width, "Text output width (default: $COLUMNS or 80)");
    if (c.stage >= depeche::Stage::kEntities) {
      sub->add_option("--labels", o.labels, "Only these entity types, e.g. PER,ORG,MONEY");
    }
    if (c.stage == depeche::Stage::kBrief) {
      sub->add_option("-n,--sentences", o.sentences, "Sentences per brief (default 3)")->check(CLI::Range(0, 1000));
      sub->add_option("--ratio", o.ratio, "Sentences as a fraction of the article's body (overrides -n)")
          ->check(CLI::Range(0.0, 1.0));
      sub->add_flag("--explain", o.explain, "Show each sentence's score components");
    }
    subs.emplace_back(sub, c.stage);
  }

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() == 0) return app.exit(e);  // --help, --version
    return Usage(e.what());
  }

  depeche::Stage stage = depeche::Stage::kBrief;
  for (auto& [sub, st] : subs)
    if (sub->parsed()) stage = st;

  auto format = ParseFormat(o.json ? "jsonl" : o.format);
  if (!format) return Usage(fmt::format("unknown format {}", o.format));
  if (stage == depeche::Stage::kTokens && *format == depeche::Format::kMarkdown) return Usage("tokens has no markdown format");

  depeche::BatchOptions bo;
  bo.paths = o.paths;
  if (bo.paths.empty()) {
    if (isatty(STDIN_FILENO)) return Usage("no input: give a file, a directory or - for stdin");
    bo.paths.push_back("-");
  }
  bo.input_format = o.input_format == "jsonl" ? depeche::InputFormat::kJsonl : depeche::InputFormat::kText;
  bo.read.encoding = o.encoding;
  if (depeche::Status st = depeche::CheckEncoding(o.encoding); !st.ok()) return Usage(st.message());
  bo.walk.extensions = o.ext;
  bo.walk.max_depth = o.max_depth;
  unsigned hw = std::thread::hardware_concurrency();
  bo.threads = o.threads > 0 ? o.threads : static_cast<int>(hw == 0 ? 1 : hw);
  if (!o.ref_date.empty()) {
    bo.ref_date = depeche::ParseIsoDate(o.ref_date);
    if (!bo.ref_date) return Usage(fmt::format("--ref-date {}: expected YYYY-MM-DD", o.ref_date));
  }
  bool stderr_tty = isatty(STDERR_FILENO);
  bo.progress = !o.quiet && (o.progress == "always" || (o.progress == "auto" && stderr_tty));

  depeche::OutputOptions oo;
  oo.command = stage;
  oo.format = *format;
  oo.color = o.color == "always" || (o.color == "auto" && isatty(STDOUT_FILENO) && std::getenv("NO_COLOR") == nullptr);
  oo.width = o.width > 0 ? o.width : (isatty(STDOUT_FILENO) ? TerminalWidth() : 80);
  oo.explain = o.explain;
  if (!o.labels.empty()) {
    std::string_view rest = o.labels;
    while (!rest.empty()) {
      size_t comma = rest.find(',');
      std::string_view l = rest.substr(0, comma);
      rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
      if (l == "PER") oo.labels.push_back(depeche::EntityType::kPerson);
      else if (l == "ORG") oo.labels.push_back(depeche::EntityType::kOrganization);
      else if (l == "LOC") oo.labels.push_back(depeche::EntityType::kLocation);
      else if (l == "MONEY") oo.labels.push_back(depeche::EntityType::kMoney);
      else if (l == "DATE") oo.labels.push_back(depeche::EntityType::kDate);
      else return Usage(fmt::format("--labels: unknown label {} (PER, ORG, LOC, MONEY, DATE)", l));
    }
  }

  depeche::PipelineOptions po;
  po.paths = depeche::DataPaths::Default(o.data_dir);
  po.user_lexicons = o.lexicons;
  po.stage = stage;
  po.summary.sentences = o.sentences;
  po.summary.ratio = o.ratio;
  auto pipeline = depeche::Pipeline::Load(po);
  if (!pipeline.ok()) {
    fmt::print(stderr, "depeche: {}\n", pipeline.status().message());
    return 2;
  }
  auto writer = depeche::MakeWriter(oo);

  StdoutSink out;
  depeche::BatchSinks sinks;
  sinks.out = [&out](std::string_view s) { return out.Write(s); };
  sinks.err = [&out](std::string_view s) {
    out.Flush();  // keep stdout and stderr in step when both go to a terminal
    std::string line(s);
    line.push_back('\n');
    WriteAll(STDERR_FILENO, line);
  };
  sinks.progress = [](std::string_view s) {
    std::string line = "\r\x1b[K";
    line.append(s);
    WriteAll(STDERR_FILENO, line);
  };
  auto t0 = std::chrono::steady_clock::now();
  depeche::BatchStats stats = depeche::RunBatch(**pipeline, *writer, bo, sinks);
  out.Flush();
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  // The summary line: asked for, or after a long run on a terminal.
  if (!o.quiet && (o.stats || (bo.progress && secs >= 1.0))) {
    fmt::print(stderr, "depeche: {} inputs{}, {} articles, {} entities, {} failed, {} skipped, {:.1f} MB in {:.2f} s\n",
               stats.inputs, stats.records ? fmt::format(" ({} records)", stats.records) : "", stats.articles,
               stats.entities, stats.failures, stats.skipped, static_cast<double>(stats.bytes) / 1e6, secs);
  }
  if (stats.output_closed) return 0;
  return stats.failures > 0 ? 1 : 0;
}
