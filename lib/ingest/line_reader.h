#pragma once
// Line-by-line reading of plain or zstd-compressed input (detected by its magic
// number, not its name), from a file or standard input, in bounded memory.

#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

struct ZSTD_DCtx_s;

namespace crible::ingest {

class LineReader {
 public:
  // @p path: a file, or "-" for standard input. Lines longer than
  // @p max_line_bytes are reported as oversized and their content dropped, so a
  // 1 GB line costs no more memory than a short one. Throws crible::IoError.
  LineReader(const std::string& path, std::size_t max_line_bytes);
  // Reads @p text (kept alive by the reader), named @p name in errors.
  LineReader(std::shared_ptr<const std::string> text, std::string name, std::size_t max_line_bytes);
  ~LineReader();
  LineReader(const LineReader&) = delete;
  LineReader& operator=(const LineReader&) = delete;

  static constexpr std::size_t kOversizedHead = 1024;
  struct Line {
    std::string text;        // without its '\n' (nor a '\r' before it)
    std::size_t number = 0;  // 1-based
    // The line was longer than the limit: text holds only its first kOversizedHead
    // bytes (enough to tell what the input is).
    bool oversized = false;
    std::uint64_t length = 0;  // the line's real length in bytes
  };

  // Reads the next line; false at the end of the input. Throws crible::IoError on a
  // read error or a corrupt zstd frame (naming the file and the line).
  bool next(Line& line);

  // Bytes of the file consumed so far (compressed bytes for .zst), for progress.
  std::uint64_t consumed_bytes() const noexcept { return consumed_; }
  const std::string& path() const noexcept { return path_; }

 private:
  bool refill();  // more decoded bytes into buffer_; false at the end
  std::size_t read_raw(char* out, std::size_t size);

  struct FileCloser {
    void operator()(std::FILE* file) const noexcept;
  };
  struct DctxFreer {
    void operator()(ZSTD_DCtx_s* dctx) const noexcept;
  };

  void detect_compression();

  std::string path_;
  std::size_t max_line_bytes_;
  std::shared_ptr<const std::string> text_;      // in-memory input
  std::unique_ptr<std::FILE, FileCloser> file_;  // null for stdin
  std::FILE* stream_ = nullptr;
  std::unique_ptr<ZSTD_DCtx_s, DctxFreer> dctx_;
  std::vector<char> raw_;  // bytes read from the file
  std::size_t raw_pos_ = 0, raw_end_ = 0;
  bool raw_eof_ = false;
  bool frame_open_ = false;   // inside a zstd frame (so an end here is a truncation)
  std::vector<char> buffer_;  // decoded bytes
  std::size_t pos_ = 0, end_ = 0;
  std::size_t line_number_ = 0;
  std::uint64_t consumed_ = 0;
};

}  // namespace crible::ingest
