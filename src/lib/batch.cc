// The batch runner. The producer (calling thread) walks inputs and cuts them
// into jobs; workers run the pipeline and render each job into a string; the
// producer prints finished jobs strictly in order. A bounded window of jobs
// in flight bounds memory.
#include "depeche/batch.h"

#include <sys/stat.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <exception>
#include <memory>
#include <mutex>
#include <thread>

#include <fmt/format.h>

#include "depeche/split.h"

namespace depeche {
namespace {

struct Job {
  std::vector<Result> items;
  bool single_article = false;
  bool run = true;                    // false: a message-only job
  std::vector<std::string> messages;  // printed (stderr) before the output
  std::string out;
  uint64_t articles = 0, entities = 0, failures = 0, bytes = 0, inputs = 0, records = 0, skipped = 0;
  bool done = false;
};

class Batch {
 public:
  Batch(const Pipeline& pipeline, const Writer& writer, const BatchOptions& options, const BatchSinks& sinks)
      : pipeline_(pipeline), writer_(writer), options_(options), sinks_(sinks) {
    threads_ = std::max(1, options.threads);
    max_window_ = static_cast<size_t>(threads_) * 2 + 2;
    start_ = std::chrono::steady_clock::now();
  }

  BatchStats Run() {
    std::string header;
    writer_.Header(&header);
    if (!header.empty() && !sinks_.out(header)) stats_.output_closed = true;
    if (threads_ > 1) {
      for (int i = 0; i < threads_; ++i) workers_.emplace_back([this] { WorkerLoop(); });
    }
    if (options_.progress && sinks_.progress) {
      // Size the whole job for the ETA: a second walk that only stats files,
      // in the background, so printing starts at once.
      sizer_ = std::thread([this] {
        InputWalker w(options_.paths, options_.walk);
        InputRef r;
        Status e;
        uint64_t files = 0, bytes = 0;
        while (!stop_sizer_.load() && w.Next(&r, &e)) {
          if (!e.ok()) { e = Status(); continue; }
          ++files;
          struct stat st;
          if (!r.is_stdin && ::stat(r.path.c_str(), &st) == 0 && S_ISREG(st.st_mode)) bytes += st.st_size;
        }
        total_files_.store(files);
        total_bytes_.store(bytes);
        sized_.store(true);
      });
    }
    InputWalker walker(options_.paths, options_.walk);
    InputRef ref;
    Status err;
    while (!stats_.output_closed && walker.Next(&ref, &err)) {
      if (!err.ok()) {
        auto job = MessageJob(err.code() == StatusCode::kUnavailable ? fmt::format("depeche: {}", err.message())
                                                                     : fmt::format("depeche: {}", err.message()));
        if (err.code() == StatusCode::kUnavailable) job->skipped = 1; else job->failures = 1;
        Submit(std::move(job));
        err = Status();
        continue;
      }
      if (options_.input_format == InputFormat::kJsonl) {
        ReadRecords(ref);
      } else {
        ReadText(ref);
      }
    }
    Drain();
    if (threads_ > 1) {
      {
        std::lock_guard<std::mutex> l(mu_);
        stop_ = true;
      }
      cv_work_.notify_all();
      for (auto& t : workers_) t.join();
    }
    if (sizer_.joinable()) {
      stop_sizer_.store(true);
      sizer_.join();
    }
    if (progress_shown_) sinks_.progress("");
    return stats_;
  }

 private:
  static std::string SourceName(const InputRef& ref) { return ref.is_stdin ? "<stdin>" : ref.path; }

  std::unique_ptr<Job> MessageJob(std::string message) {
    auto job = std::make_unique<Job>();
    job->run = false;
    job->messages.push_back(std::move(message));
    return job;
  }

  void ReadText(const InputRef& ref) {
    const std::string source = SourceName(ref);
    auto reader_or = InputReader::Open(ref, options_.read);
    if (!reader_or.ok()) {
      auto job = MessageJob(fmt::format("depeche: {}", reader_or.status().message()));
      job->failures = 1;
      Submit(std::move(job));
      return;
    }
    InputReader& reader = **reader_or;
    std::string buf;
    uint64_t base = 0;           // offset of buf[0] in the source
    uint32_t next_article = 1;
    size_t warned = 0;
    bool first = true;
    bool any_job = false;
    auto make_job = [&](std::string text, bool last) {
      auto job = std::make_unique<Job>();
      job->inputs = last ? 1 : 0;
      for (; warned < reader.notes().warnings.size(); ++warned)
        job->messages.push_back(fmt::format("depeche: {}: {}", source, reader.notes().warnings[warned]));
      Result r;
      r.doc.source = source;
      r.doc.original = std::move(text);
      r.doc.base_offset = base;
      r.doc.first_article = next_article;
      r.doc.ref_date = options_.ref_date;
      job->bytes = r.doc.original.size();
      if (!last || next_article > 1) {
        // A chunk of a large input: split here to number the articles.
        NormalizeAndSplit(&r.doc, false);
        next_article += static_cast<uint32_t>(r.doc.articles.size());
      }
      base += r.doc.original.size();
      job->items.push_back(std::move(r));
      any_job = true;
      Submit(std::move(job));
    };
    for (;;) {
      auto n = reader.Read(&buf, size_t{1} << 20);
      if (first) {
        base = reader.notes().bom_size;
        first = false;
      }
      if (!n.ok()) {
        // Keep what was read, then report the failure.
        if (!buf.empty()) make_job(std::move(buf), false);
        auto job = MessageJob(fmt::format("depeche: {}", n.status().message()));
        job->failures = 1;
        job->inputs = 1;
        Submit(std::move(job));
        return;
      }
      if (reader.notes().binary) {
        std::string msg = ref.named
            ? fmt::format("depeche: {}: binary file (NUL byte at offset {}), not processed", source, reader.notes().binary_offset)
            : fmt::format("depeche: {}: binary file (NUL byte at offset {}), skipped", source, reader.notes().binary_offset);
        auto job = MessageJob(std::move(msg));
        if (ref.named) job->failures = 1; else job->skipped = 1;
        if (any_job) job->messages.back() += " after the text before it";
        Submit(std::move(job));
        return;
      }
      if (*n == 0) break;
      if (buf.size() >= options_.chunk_bytes + (options_.chunk_bytes >> 1)) {
        size_t cut = Cut(buf);
        std::string rest = buf.substr(cut);
        buf.resize(cut);
        make_job(std::move(buf), false);
        buf = std::move(rest);
        if (stats_.output_closed) return;
      }
    }
    make_job(std::move(buf), true);
  }

  // Where to cut a large buffer: before an article, else after a blank line,
  // a line, a space, or at least on a code-point boundary.
  size_t Cut(const std::string& buf) const {
    const size_t min = options_.chunk_bytes / 2;
    if (auto c = FindArticleCut(buf, static_cast<uint32_t>(min))) return *c;
    size_t p = buf.rfind("\n\n");
    if (p != std::string::npos && p >= min) return p + 2;
    p = buf.rfind('\n');
    if (p != std::string::npos && p >= min) return p + 1;
    p = buf.rfind(' ');
    if (p != std::string::npos && p >= min) return p + 1;
    size_t c = options_.chunk_bytes;
    while (c > 0 && (static_cast<unsigned char>(buf[c]) & 0xC0) == 0x80) --c;
    return c;
  }

  void ReadRecords(const InputRef& ref) {
    const std::string source = SourceName(ref);
    auto reader_or = InputReader::Open(ref, options_.read);
    if (!reader_or.ok()) {
      auto job = MessageJob(fmt::format("depeche: {}", reader_or.status().message()));
      job->failures = 1;
      Submit(std::move(job));
      return;
    }
    InputReader& reader = **reader_or;
    std::string buf;
    size_t pos = 0;
    size_t scanned = 0;  // buf[0, scanned) has no newline at or after pos
    uint64_t line_no = 0;
    auto job = std::make_unique<Job>();
    job->single_article = true;
    size_t job_bytes = 0;
    auto flush = [&] {
      if (!job->items.empty() || !job->messages.empty()) {
        job->single_article = true;
        Submit(std::move(job));
        job = std::make_unique<Job>();
        job->single_article = true;
        job_bytes = 0;
      }
    };
    auto handle_line = [&](std::string_view line) {
      ++line_no;
      while (!line.empty() && (line.back() == '\r' || line.back() == ' ' || line.back() == '\t')) line.remove_suffix(1);
      if (line.empty()) return;
      std::string id;
      auto rec = ParseRecord(line, &id);
      if (!rec.ok()) {
        job->messages.push_back(fmt::format("depeche: {}:{}: record{}: {}", source, line_no,
                                            id.empty() ? "" : " " + id, rec.status().message()));
        ++job->failures;
        return;
      }
      Result r;
      r.doc.source = source;
      r.doc.id = std::move(rec->id);
      r.doc.original = std::move(rec->text);
      r.doc.record_title = std::move(rec->title);
      r.doc.ref_date = rec->date ? rec->date : options_.ref_date;
      job_bytes += r.doc.original.size();
      job->bytes += r.doc.original.size();
      ++job->records;
      job->items.push_back(std::move(r));
      if (job->items.size() >= 64 || job_bytes >= (size_t{1} << 20)) flush();
    };
    for (;;) {
      auto n = reader.Read(&buf, size_t{1} << 20);
      if (!n.ok()) {
        flush();
        auto err = MessageJob(fmt::format("depeche: {}", n.status().message()));
        err->failures = 1;
        Submit(std::move(err));
        return;
      }
      size_t nl;
      while ((nl = buf.find('\n', std::max(pos, scanned))) != std::string::npos) {
        handle_line(std::string_view(buf).substr(pos, nl - pos));
        pos = nl + 1;
      }
      scanned = buf.size();  // no newline after pos: a long line is searched once, not per block
      if (pos > 0) {
        buf.erase(0, pos);
        scanned -= pos;
        pos = 0;
      }
      if (*n == 0) break;
      if (stats_.output_closed) return;
    }
    if (!buf.empty()) handle_line(buf);  // a last line without newline
    job->inputs = 1;
    flush();
    if (job->inputs) {
      // Nothing was pending: count the input on an empty job.
      auto done = std::make_unique<Job>();
      done->run = false;
      done->inputs = 1;
      Submit(std::move(done));
    }
  }

  void Process(Job* job) {
    if (!job->run) return;
    for (Result& r : job->items) {
      try {
        pipeline_.Run(&r, job->single_article);
        const NormalizedText& t = r.doc.text;
        for (const TextIssue& issue : t.issues()) {
          std::string where = r.doc.id.empty() ? r.doc.source : fmt::format("{} record {}", r.doc.source, r.doc.id);
          job->messages.push_back(fmt::format("depeche: {}: byte {}: {} (replaced by U+FFFD)", where,
                                              r.doc.base_offset + issue.orig_offset, issue.what));
        }
        if (r.doc.articles.empty() && r.doc.first_article == 1 && job->inputs + job->records > 0) {
          std::string where = r.doc.id.empty() ? r.doc.source : fmt::format("{} record {}", r.doc.source, r.doc.id);
          job->messages.push_back(fmt::format("depeche: {}: no text, no article", where));
        }
        writer_.Write(r, &job->out);
        job->articles += r.doc.articles.size();
        job->entities += r.doc.entities.size();
      } catch (const std::exception& e) {
        job->messages.push_back(fmt::format("depeche: {}: internal error: {}", r.doc.source, e.what()));
        ++job->failures;
      }
      r = Result();  // free the document now: memory stays bounded
    }
    job->items.clear();
  }

  void WorkerLoop() {
    for (;;) {
      Job* job;
      {
        std::unique_lock<std::mutex> l(mu_);
        cv_work_.wait(l, [this] { return stop_ || !queue_.empty(); });
        if (queue_.empty()) return;
        job = queue_.front();
        queue_.pop_front();
      }
      Process(job);
      {
        std::lock_guard<std::mutex> l(mu_);
        job->done = true;
      }
      cv_done_.notify_all();
    }
  }

  void Submit(std::unique_ptr<Job> job) {
    if (stats_.output_closed) return;
    Job* raw = job.get();
    window_bytes_ += job->bytes;
    if (threads_ <= 1 || !job->run) {
      Process(raw);
      std::lock_guard<std::mutex> l(mu_);
      raw->done = true;
      window_.push_back(std::move(job));
    } else {
      std::lock_guard<std::mutex> l(mu_);
      window_.push_back(std::move(job));
      queue_.push_back(raw);
    }
    cv_work_.notify_one();
    Flush(false);
    // Bounded in jobs and in bytes of input held: memory does not grow with
    // the corpus, nor with the number of threads beyond a few chunks each.
    while ((window_.size() > max_window_ || window_bytes_ > max_window_bytes_) && !stats_.output_closed &&
           !window_.empty())
      Flush(true);
  }

  void Drain() {
    while (!window_.empty()) Flush(true);
  }

  // Prints finished jobs at the front of the window; with `wait`, waits for
  // the front one first.
  void Flush(bool wait) {
    for (;;) {
      std::unique_ptr<Job> job;
      {
        std::unique_lock<std::mutex> l(mu_);
        if (window_.empty()) return;
        if (wait) cv_done_.wait(l, [this] { return window_.front()->done; });
        if (!window_.front()->done) return;
        job = std::move(window_.front());
        window_.pop_front();
      }
      wait = false;
      Emit(*job);
    }
  }

  void Emit(const Job& job) {
    window_bytes_ -= job.bytes;
    stats_.articles += job.articles;
    stats_.entities += job.entities;
    stats_.failures += job.failures;
    stats_.skipped += job.skipped;
    stats_.bytes += job.bytes;
    stats_.inputs += job.inputs;
    stats_.records += job.records;
    // Erase the progress line before anything else reaches the terminal.
    if (progress_shown_ && (!job.messages.empty() || !job.out.empty())) {
      sinks_.progress("");
      progress_shown_ = false;
    }
    for (const std::string& m : job.messages) sinks_.err(m);
    if (!stats_.output_closed && !job.out.empty() && !sinks_.out(job.out)) stats_.output_closed = true;
    Progress();
  }

  void Progress() {
    if (!options_.progress || !sinks_.progress) return;
    auto now = std::chrono::steady_clock::now();
    // Only long runs get a progress line: nothing for the first second.
    if (now - start_ < std::chrono::seconds(1)) return;
    if (progress_shown_ && now - last_progress_ < std::chrono::milliseconds(200)) return;
    progress_shown_ = true;
    last_progress_ = now;
    double secs = std::chrono::duration<double>(now - start_).count();
    double mb = static_cast<double>(stats_.bytes) / 1e6;
    double rate = secs > 0 ? mb / secs : 0.0;
    std::string files = fmt::format("{}", stats_.inputs);
    std::string eta;
    if (sized_.load()) {
      files += fmt::format("/{}", total_files_.load());
      double left = static_cast<double>(total_bytes_.load()) / 1e6 - mb;
      if (rate > 0 && left > 0) {
        int s = static_cast<int>(left / rate);
        eta = fmt::format("  ETA {}:{:02d}", s / 60, s % 60);
      }
    }
    sinks_.progress(fmt::format("[{} files] {} articles  {:.1f} MB  {:.1f} MB/s{}", files, stats_.articles, mb, rate, eta));
  }

  const Pipeline& pipeline_;
  const Writer& writer_;
  const BatchOptions& options_;
  const BatchSinks& sinks_;
  int threads_ = 1;
  size_t max_window_ = 4;
  size_t window_bytes_ = 0;                        // input bytes of the jobs in the window
  size_t max_window_bytes_ = size_t{8} << 20;
  BatchStats stats_;
  std::vector<std::thread> workers_;
  std::mutex mu_;
  std::condition_variable cv_work_, cv_done_;
  std::deque<std::unique_ptr<Job>> window_;
  std::deque<Job*> queue_;
  bool stop_ = false;
  bool progress_shown_ = false;
  std::thread sizer_;
  std::atomic<bool> stop_sizer_{false}, sized_{false};
  std::atomic<uint64_t> total_files_{0}, total_bytes_{0};
  std::chrono::steady_clock::time_point start_, last_progress_{};
};

}  // namespace

BatchStats RunBatch(const Pipeline& pipeline, const Writer& writer, const BatchOptions& options,
                    const BatchSinks& sinks) {
  return Batch(pipeline, writer, options, sinks).Run();
}

}  // namespace depeche
