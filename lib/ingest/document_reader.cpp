#include <deque>
#include <filesystem>

#include "crible/error.h"
#include "crible/ingest.h"
#include "crible/json.h"
#include "ingest/line_reader.h"
#include "ingest/page_reader.h"
#include "ingest/threads.h"
#include "web/feed_reader.h"
#include "web/html_reader.h"

namespace crible {

namespace {

bool blank(const std::string& line) {
  return line.find_first_not_of(" \t\r") == std::string::npos;
}

std::string without_bom(std::string line) {
  if (line.rfind("\xEF\xBB\xBF", 0) == 0) line.erase(0, 3);
  return line;
}

// Formats read as a whole: the input is one page or one feed.
bool whole_input(InputFormat format) {
  return format == InputFormat::page || format == InputFormat::html || format == InputFormat::feed;
}

}  // namespace

std::string_view to_string(InputFormat format) noexcept {
  switch (format) {
    case InputFormat::jsonl:
      return "jsonl";
    case InputFormat::page:
      return "page";
    case InputFormat::html:
      return "html";
    case InputFormat::feed:
      return "feed";
    case InputFormat::automatic:
      break;
  }
  return "auto";
}

InputFormat input_format_from_string(std::string_view name) {
  for (InputFormat format : {InputFormat::automatic, InputFormat::jsonl, InputFormat::page,
                             InputFormat::html, InputFormat::feed})
    if (name == to_string(format)) return format;
  throw InvalidArgument("unknown input format '" + std::string(name) +
                        "': auto, jsonl, page, html or feed");
}

std::string ReadProblem::to_string() const {
  return source + ":" + std::to_string(line) + ": " + (warning ? "warning: " : "") + reason;
}

class DocumentReader::Impl {
 public:
  Impl(const std::string& path, ReadOptions options)
      : options_(std::move(options)),
        source_(path == "-" ? "<stdin>" : path),
        lines_(path, options_.max_document_bytes) {
    std::error_code error;
    if (path != "-" && std::filesystem::is_regular_file(path, error))
      input_bytes_ = std::filesystem::file_size(path, error);
  }

  Impl(std::shared_ptr<const std::string> text, std::string source, ReadOptions options)
      : options_(std::move(options)),
        source_(std::move(source)),
        lines_(text, source_, options_.max_document_bytes),
        input_bytes_(text->size()) {}

  bool next_thread(Thread& thread, const ProblemHandler& on_problem) {
    if (format_ == InputFormat::automatic) decide_format(on_problem);
    if (whole_input(format_)) {
      if (threads_.empty()) return false;
      thread = std::move(threads_.front());
      threads_.pop_front();
      return true;
    }
    Document document;
    if (!next_json_line(document, on_problem)) return false;
    thread.documents.clear();
    thread.documents.push_back(std::move(document));
    thread.complete = false;
    return true;
  }

  bool next(Document& document, const ProblemHandler& on_problem) {
    while (documents_.empty()) {
      Thread thread;
      if (!next_thread(thread, on_problem)) return false;
      for (Document& member : thread.documents)
        documents_.push_back(std::move(member));
    }
    document = std::move(documents_.front());
    documents_.pop_front();
    return true;
  }

  std::uint64_t consumed_bytes() const { return lines_.consumed_bytes(); }
  std::optional<std::uint64_t> input_bytes() const { return input_bytes_; }
  InputFormat format() const { return format_; }

 private:
  void report(const ProblemHandler& on_problem, std::size_t line, std::string reason,
              bool warning = false) {
    if (on_problem) on_problem({source_, line, std::move(reason), warning});
  }

  bool take_line(ingest::LineReader::Line& line) {
    if (peeked_) {
      line = std::move(*peeked_);
      peeked_.reset();
      return true;
    }
    return lines_.next(line);
  }

  bool next_json_line(Document& document, const ProblemHandler& on_problem) {
    ingest::LineReader::Line line;
    while (take_line(line)) {
      if (line.oversized) {
        report(on_problem, line.number,
               "document of " + std::to_string(line.length) + " bytes exceeds the limit of " +
                   std::to_string(options_.max_document_bytes));
        continue;
      }
      if (blank(line.text)) continue;
      try {
        document = document_from_json(line.number == 1 ? without_bom(line.text) : line.text);
        validate(document);
        if (document.source.empty()) document.source = source_;
        return true;
      } catch (const InvalidArgument& e) {
        report(on_problem, line.number, e.what());
      }
    }
    return false;
  }

  // JSON Lines start with '{', markup with '<' (a feed by its first element, else
  // HTML); anything else is a page. An empty input is JSON Lines with no documents.
  void decide_format(const ProblemHandler& on_problem) {
    format_ = options_.format;
    bool markup = false;
    if (format_ == InputFormat::automatic) {
      ingest::LineReader::Line line;
      while (lines_.next(line)) {
        if (!line.oversized && blank(line.text)) continue;
        // An oversized first line is read by its head: markup, else a JSON line.
        const std::string head = without_bom(line.text);
        markup = web::looks_like_markup(head);
        const std::size_t first = head.find_first_not_of(" \t");
        format_ = markup ? InputFormat::html
                  : line.oversized || (first != std::string::npos && head[first] == '{')
                      ? InputFormat::jsonl
                      : InputFormat::page;
        if (markup && web::looks_like_feed(head)) format_ = InputFormat::feed;
        peeked_ = std::move(line);
        break;
      }
      if (format_ == InputFormat::automatic) format_ = InputFormat::jsonl;
    }
    if (!whole_input(format_)) return;
    const std::optional<std::string> text = read_whole_input(on_problem);
    if (!text) return;
    if (markup && web::looks_like_feed(*text)) format_ = InputFormat::feed;
    try {
      if (format_ == InputFormat::page)
        read_page(*text, on_problem);
      else if (format_ == InputFormat::html)
        read_html(*text, on_problem);
      else
        read_feed(*text, on_problem);
    } catch (const ParseError& e) {
      report(on_problem, e.line(), e.reason());
    } catch (const InvalidArgument& e) {
      report(on_problem, 1, e.what());
    }
  }

  // The whole input, or none (reported) when it is over the size limit.
  std::optional<std::string> read_whole_input(const ProblemHandler& on_problem) {
    std::string text;
    ingest::LineReader::Line line;
    while (take_line(line)) {
      if (line.oversized || text.size() + line.text.size() > options_.max_document_bytes) {
        report(on_problem, line.number,
               std::string(format_ == InputFormat::feed   ? "feed"
                           : format_ == InputFormat::html ? "HTML page"
                                                          : "page") +
                   " exceeds the limit of " + std::to_string(options_.max_document_bytes) +
                   " bytes");
        while (lines_.next(line)) {
        }
        return std::nullopt;
      }
      text += line.text;
      text += '\n';
    }
    return text;
  }

  // A page's thread, when its documents can all be indexed.
  void add_page(Document article, std::vector<Document> comments) {
    ingest::date_article(article, options_.date);
    validate(article);                        // an id given for the page may be too long, and so
    for (const Document& comment : comments)  // its comments' ids
      validate(comment);
    Thread thread;
    thread.complete = true;
    thread.documents.push_back(std::move(article));
    for (Document& comment : comments)
      thread.documents.push_back(std::move(comment));
    threads_.push_back(std::move(thread));
  }

  void read_page(const std::string& text, const ProblemHandler&) {
    ingest::PageParse page = ingest::parse_page(text, source_, options_.page_id);
    add_page(std::move(page.article), std::move(page.comments));
  }

  void read_html(const std::string& text, const ProblemHandler& on_problem) {
    web::HtmlPage page = web::read_html_page(text, {source_, options_.page_id, options_.charset});
    for (std::string& warning : page.warnings)
      report(on_problem, 1, std::move(warning), true);
    add_page(std::move(page.article), std::move(page.comments));
  }

  void read_feed(const std::string& text, const ProblemHandler& on_problem) {
    web::Feed feed = web::read_feed(text, {source_, options_.charset});
    for (std::string& warning : feed.warnings)
      report(on_problem, 1, std::move(warning), true);
    for (auto& [line, reason] : feed.refused)
      report(on_problem, line, std::move(reason));
    for (Document& item : feed.items) {
      ingest::date_article(item, options_.date);
      try {
        validate(item);
      } catch (const InvalidArgument& e) {
        report(on_problem, 1, e.what());
        continue;
      }
      Thread thread;  // an item is not a whole thread: its comments are elsewhere
      thread.documents.push_back(std::move(item));
      threads_.push_back(std::move(thread));
    }
  }

  ReadOptions options_;
  std::string source_;
  ingest::LineReader lines_;
  std::optional<ingest::LineReader::Line> peeked_;
  std::optional<std::uint64_t> input_bytes_;
  InputFormat format_ = InputFormat::automatic;
  std::deque<Thread> threads_;      // of a page or a feed
  std::deque<Document> documents_;  // of the thread next() is giving out
};

DocumentReader::DocumentReader(const std::string& path, ReadOptions options)
    : impl_(std::make_unique<Impl>(path, std::move(options))) {}
DocumentReader DocumentReader::from_text(std::string text, std::string source,
                                         ReadOptions options) {
  return DocumentReader(std::make_unique<Impl>(std::make_shared<const std::string>(std::move(text)),
                                               std::move(source), std::move(options)));
}
DocumentReader::DocumentReader(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
DocumentReader::DocumentReader(DocumentReader&&) noexcept = default;
DocumentReader& DocumentReader::operator=(DocumentReader&&) noexcept = default;
DocumentReader::~DocumentReader() = default;

bool DocumentReader::next(Document& document, const ProblemHandler& on_problem) {
  return impl_->next(document, on_problem);
}
bool DocumentReader::next_thread(Thread& thread, const ProblemHandler& on_problem) {
  return impl_->next_thread(thread, on_problem);
}
std::uint64_t DocumentReader::consumed_bytes() const {
  return impl_->consumed_bytes();
}
std::optional<std::uint64_t> DocumentReader::input_bytes() const {
  return impl_->input_bytes();
}
InputFormat DocumentReader::format() const {
  return impl_->format();
}

}  // namespace crible
