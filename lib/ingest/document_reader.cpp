#include <deque>
#include <filesystem>

#include "crible/error.h"
#include "crible/ingest.h"
#include "crible/json.h"
#include "ingest/line_reader.h"
#include "ingest/page_reader.h"

namespace crible {

namespace {

// Longest id crible accepts: ids become Xapian terms, limited to 245 bytes.

bool blank(const std::string& line) {
  return line.find_first_not_of(" \t\r") == std::string::npos;
}

std::string without_bom(std::string line) {
  if (line.rfind("\xEF\xBB\xBF", 0) == 0) line.erase(0, 3);
  return line;
}

}  // namespace

std::string ReadProblem::to_string() const {
  return source + ":" + std::to_string(line) + ": " + reason;
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

  bool next(Document& document, const ProblemHandler& on_problem) {
    if (format_ == InputFormat::automatic) decide_format(on_problem);
    if (format_ == InputFormat::page) {
      if (page_.empty()) return false;
      document = std::move(page_.front());
      page_.pop_front();
      return true;
    }
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

  std::uint64_t consumed_bytes() const { return lines_.consumed_bytes(); }
  std::optional<std::uint64_t> input_bytes() const { return input_bytes_; }
  InputFormat format() const { return format_; }

 private:
  void report(const ProblemHandler& on_problem, std::size_t line, std::string reason) {
    if (on_problem) on_problem({source_, line, std::move(reason)});
  }

  bool take_line(ingest::LineReader::Line& line) {
    if (peeked_) {
      line = std::move(*peeked_);
      peeked_.reset();
      return true;
    }
    return lines_.next(line);
  }

  // JSON Lines start with '{'; anything else is a page. An empty input is JSON Lines
  // with no documents.
  void decide_format(const ProblemHandler& on_problem) {
    format_ = options_.format;
    if (format_ == InputFormat::automatic) {
      ingest::LineReader::Line line;
      while (lines_.next(line)) {
        if (!line.oversized && blank(line.text)) continue;
        const std::string head = line.oversized ? std::string("{") : without_bom(line.text);
        format_ =
            head[head.find_first_not_of(" \t")] == '{' ? InputFormat::jsonl : InputFormat::page;
        peeked_ = std::move(line);
        break;
      }
      if (format_ == InputFormat::automatic) format_ = InputFormat::jsonl;
    }
    if (format_ == InputFormat::page) read_page(on_problem);
  }

  void read_page(const ProblemHandler& on_problem) {
    std::string text;
    ingest::LineReader::Line line;
    while (take_line(line)) {
      if (line.oversized || text.size() + line.text.size() > options_.max_document_bytes) {
        report(
            on_problem, line.number,
            "page exceeds the limit of " + std::to_string(options_.max_document_bytes) + " bytes");
        while (lines_.next(line)) {
        }
        return;
      }
      text += line.text;
      text += '\n';
    }
    try {
      ingest::PageParse page = ingest::parse_page(text, source_, options_.page_id);
      validate(page.article);  // an id given for the page may be too long, and so
      for (const Document& comment : page.comments)  // its comments' ids
        validate(comment);
      page_.push_back(std::move(page.article));
      for (Document& comment : page.comments)
        page_.push_back(std::move(comment));
    } catch (const ParseError& e) {
      report(on_problem, e.line(), e.reason());
    } catch (const InvalidArgument& e) {
      report(on_problem, 1, e.what());
    }
  }

  ReadOptions options_;
  std::string source_;
  ingest::LineReader lines_;
  std::optional<ingest::LineReader::Line> peeked_;
  std::optional<std::uint64_t> input_bytes_;
  InputFormat format_ = InputFormat::automatic;
  std::deque<Document> page_;
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
