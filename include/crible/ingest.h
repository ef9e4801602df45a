#pragma once
/// @file
/// Reading articles and comments: JSON Lines (plain or zstd) and scraped pages.

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "crible/document.h"
#include "crible/export.h"

namespace crible {

/// How an input is laid out.
enum class InputFormat {
  automatic,  ///< Decided from the content: JSON Lines if it starts with '{', else a page.
  jsonl,      ///< One JSON object per line (see document_from_json()); blank lines skipped.
  page        ///< One scraped page: an article, its tweets and teasers, then its comments.
};

/// How a DocumentReader reads its input.
struct ReadOptions {
  InputFormat format = InputFormat::automatic;  ///< The input's layout.
  /// A longer document (a JSON line, a page) is skipped and reported.
  std::size_t max_document_bytes = std::size_t{10} << 20;
  /// The article id of a page; empty: a hash of its title.
  std::string page_id;
};

/// Bad input: where and why. Printed as "file:line: reason".
struct CRIBLE_EXPORT ReadProblem {
  std::string source;    ///< The input's path, "<stdin>" for standard input.
  std::size_t line = 0;  ///< 1-based line of the input where the bad document is.
  std::string reason;    ///< What is wrong: missing required field "body", ...
  /// "source:line: reason".
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

}  // namespace crible
