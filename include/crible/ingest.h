#pragma once
/// @file
/// Reading articles and comments: JSON Lines (plain or zstd), scraped pages, HTML
/// article pages, RSS and Atom feeds.

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "crible/document.h"
#include "crible/export.h"

namespace crible {

/// How an input is laid out.
enum class InputFormat {
  /// Decided from the content, never from a file name: JSON Lines if it starts with '{';
  /// a feed if its markup starts with <rss>, <feed> or <rdf:RDF>; HTML if it starts with
  /// other markup ('<'); else a page.
  automatic,
  jsonl,  ///< One JSON object per line (see document_from_json()); blank lines skipped.
  page,   ///< One scraped page: an article, its tweets and teasers, then its comments.
  /// One HTML article page: its metadata (JSON-LD, OpenGraph, <meta>), its main text,
  /// embedded tweets and reader comments (docs/ingest.md).
  html,
  feed  ///< An RSS 2.0, RSS 1.0 or Atom feed: one article per item.
};

/// "auto", "jsonl", "page", "html" or "feed".
CRIBLE_EXPORT std::string_view to_string(InputFormat format) noexcept;
/// The format named @p name (as to_string() spells it); throws InvalidArgument.
CRIBLE_EXPORT InputFormat input_format_from_string(std::string_view name);

/// How a DocumentReader reads its input.
struct ReadOptions {
  InputFormat format = InputFormat::automatic;  ///< The input's layout.
  /// A longer document (a JSON line, a page) is skipped and reported.
  std::size_t max_document_bytes = std::size_t{10} << 20;
  /// The article id of a page (scraped or HTML); empty: a hash of its canonical URL
  /// (HTML), else of its title.
  std::string page_id;
  /// The date (ISO 8601) of an article whose page or feed item gives none. Without it,
  /// such an article takes, as a last resort, the date of its earliest embedded tweet.
  /// Either way the document's "date_from" field says so ("caller", "quote").
  std::string date;
  /// The character encoding the transport declared (an HTTP Content-Type charset) for
  /// HTML and feeds; it wins over the document's own declaration. Empty: the byte order
  /// mark, then <meta charset> or the XML declaration, else UTF-8, else Windows-1252.
  std::string charset;
};

/// Bad input: where and why. Printed as "file:line: reason".
struct CRIBLE_EXPORT ReadProblem {
  std::string source;    ///< The input's path, "<stdin>" for standard input.
  std::size_t line = 0;  ///< 1-based line of the input where the bad document is.
  std::string reason;    ///< What is wrong: missing required field "body", ...
  /// A warning: the document was read all the same (invalid bytes replaced, say).
  /// Otherwise the bad document (or the whole input) was skipped.
  bool warning = false;
  /// "source:line: reason", or "source:line: warning: reason".
  std::string to_string() const;
};

/// Reads documents from a file ("-": standard input). Bad documents never stop the
/// reading: each is reported and skipped.
class CRIBLE_EXPORT DocumentReader {
 public:
  /// Called with each bad document, which is then skipped. May be empty: problems are
  /// then ignored.
  using ProblemHandler = std::function<void(const ReadProblem&)>;

  /// Throws IoError if the input cannot be opened.
  DocumentReader(const std::string& path, ReadOptions options = {});
  /// Reads documents from @p text held in memory (an HTTP request body, say); @p source
  /// names it in problems ("body:3: ...").
  static DocumentReader from_text(std::string text, std::string source, ReadOptions options = {});
  DocumentReader(DocumentReader&&) noexcept;  ///< Moves; the moved-from reader is unusable.
  /// Moves; the moved-from reader is unusable.
  DocumentReader& operator=(DocumentReader&&) noexcept;
  ~DocumentReader();  ///< Closes the input.

  /// The next good document; false at the end. Problems go to @p on_problem.
  /// Throws IoError on a read error or corrupt compressed input.
  bool next(Document& document, const ProblemHandler& on_problem);
  /// The next documents that belong together (see Thread): a page's whole thread, or
  /// one document of JSON Lines or a feed. Do not mix with next() on one reader.
  bool next_thread(Thread& thread, const ProblemHandler& on_problem);

  /// Input bytes consumed so far (compressed bytes for .zst), and the input's size
  /// when it is a file: for progress.
  std::uint64_t consumed_bytes() const;
  /// The input file's size in bytes; none for standard input or a non-regular file.
  std::optional<std::uint64_t> input_bytes() const;
  /// The format in use (decided from the content when automatic).
  InputFormat format() const;

 private:
  class Impl;
  explicit DocumentReader(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

/// Reads many inputs (files, "-" for standard input) one after the other, as
/// DocumentReader does each, and gives their threads back in input order. Inputs that
/// fit in memory whole (regular files of at most ReadOptions::max_document_bytes, not
/// zstd-compressed) are read and parsed ahead, up to @p ahead of them at once on their
/// own threads: HTML pages and feeds are parsed while the caller indexes the ones
/// before. Larger inputs are read as they stream, in the caller's thread. An input that
/// cannot be opened is reported (line 0) and skipped.
class CRIBLE_EXPORT InputReader {
 public:
  using ProblemHandler = DocumentReader::ProblemHandler;
  /// @p ahead: inputs read ahead at once; 0: one per core.
  InputReader(std::vector<std::string> inputs, ReadOptions options = {}, unsigned ahead = 0);
  InputReader(InputReader&&) noexcept;             ///< Moves; the moved-from reader is unusable.
  InputReader& operator=(InputReader&&) noexcept;  ///< Moves; the moved-from reader is unusable.
  ~InputReader();                                  ///< Waits for the inputs being read ahead.

  /// The next thread of the inputs, in order; false after the last input. Each
  /// input's problems go to @p on_problem before its threads.
  bool next_thread(Thread& thread, const ProblemHandler& on_problem);
  /// Bytes of the inputs consumed so far, and the sum of their sizes (files only): for
  /// progress.
  std::uint64_t consumed_bytes() const;
  std::uint64_t total_bytes() const;

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace crible
