#pragma once
/// @file
/// Reading articles and comments: JSON Lines (plain or zstd) and scraped pages.

#include "crible/export.h"
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "crible/document.h"

namespace crible {

enum class InputFormat { automatic, jsonl, page };

struct ReadOptions {
  InputFormat format = InputFormat::automatic;
  /// A longer document (a JSON line, a page) is skipped and reported.
  std::size_t max_document_bytes = std::size_t{10} << 20;
  /// The article id of a page; empty: a hash of its title.
  std::string page_id;
};

/// Bad input: where and why. Printed as "file:line: reason".
struct CRIBLE_EXPORT ReadProblem {
  std::string source;
  std::size_t line = 0;
  std::string reason;
  std::string to_string() const;
};

/// Reads documents from a file ("-": standard input). Bad documents never stop the
/// reading: each is reported and skipped.
class CRIBLE_EXPORT DocumentReader {
 public:
  using ProblemHandler = std::function<void(const ReadProblem&)>;

  /// Throws IoError if the input cannot be opened.
  DocumentReader(const std::string& path, ReadOptions options = {});
  DocumentReader(DocumentReader&&) noexcept;
  DocumentReader& operator=(DocumentReader&&) noexcept;
  ~DocumentReader();

  /// The next good document; false at the end. Problems go to @p on_problem.
  /// Throws IoError on a read error or corrupt compressed input.
  bool next(Document& document, const ProblemHandler& on_problem);

  /// Input bytes consumed so far (compressed bytes for .zst), and the input's size
  /// when it is a file: for progress.
  std::uint64_t consumed_bytes() const;
  std::optional<std::uint64_t> input_bytes() const;
  /// The format in use (decided from the content when automatic).
  InputFormat format() const;

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace crible
