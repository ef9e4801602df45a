#include "ingest/line_reader.h"

#include <zstd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "crible/error.h"

namespace crible::ingest {
namespace {

constexpr std::size_t kChunk = 1 << 16;
constexpr unsigned char kZstdMagic[4] = {0x28, 0xB5, 0x2F, 0xFD};

}  // namespace

void LineReader::FileCloser::operator()(std::FILE* file) const noexcept {
  std::fclose(file);
}
void LineReader::DctxFreer::operator()(ZSTD_DCtx_s* dctx) const noexcept {
  ZSTD_freeDCtx(dctx);
}

LineReader::LineReader(const std::string& path, std::size_t max_line_bytes)
    : path_(path), max_line_bytes_(max_line_bytes), raw_(kChunk), buffer_(kChunk) {
  if (path == "-") {
    stream_ = stdin;
  } else {
    file_.reset(std::fopen(path.c_str(), "rb"));
    if (!file_) throw IoError("cannot open '" + path + "': " + std::strerror(errno));
    stream_ = file_.get();
  }
  detect_compression();
}

LineReader::LineReader(std::shared_ptr<const std::string> text, std::string name,
                       std::size_t max_line_bytes)
    : path_(std::move(name)),
      max_line_bytes_(max_line_bytes),
      text_(std::move(text)),
      raw_(kChunk),
      buffer_(kChunk) {
  // fmemopen refuses an empty buffer: an empty text has no lines, like an empty file.
  if (!text_->empty()) {
    file_.reset(fmemopen(const_cast<char*>(text_->data()), text_->size(), "rb"));
    if (!file_) throw IoError("cannot read '" + path_ + "': " + std::strerror(errno));
    stream_ = file_.get();
  } else {
    raw_eof_ = true;
  }
  detect_compression();
}

void LineReader::detect_compression() {
  raw_end_ = read_raw(raw_.data(), raw_.size());
  if (raw_end_ >= 4 && std::memcmp(raw_.data(), kZstdMagic, 4) == 0) {
    dctx_.reset(ZSTD_createDCtx());
    if (!dctx_) throw Error("zstd: out of memory");
  }
}

LineReader::~LineReader() = default;

std::size_t LineReader::read_raw(char* out, std::size_t size) {
  if (raw_eof_) return 0;
  const std::size_t got = std::fread(out, 1, size, stream_);
  if (got < size) {
    if (std::ferror(stream_)) throw IoError("cannot read '" + path_ + "': " + std::strerror(errno));
    raw_eof_ = true;
  }
  return got;
}

bool LineReader::refill() {
  pos_ = end_ = 0;
  while (end_ == 0) {
    if (raw_pos_ == raw_end_) {
      raw_pos_ = 0;
      raw_end_ = read_raw(raw_.data(), raw_.size());
      if (raw_end_ == 0) {
        if (dctx_ && frame_open_)
          throw IoError("'" + path_ + "': truncated zstd frame after line " +
                        std::to_string(line_number_));
        return false;
      }
    }
    if (!dctx_) {
      std::swap(raw_, buffer_);
      end_ = raw_end_;
      consumed_ += raw_end_;
      raw_pos_ = raw_end_ = 0;
      if (raw_.size() < kChunk) raw_.resize(kChunk);
      return true;
    }
    ZSTD_inBuffer in{raw_.data(), raw_end_, raw_pos_};
    ZSTD_outBuffer out{buffer_.data(), buffer_.size(), 0};
    const std::size_t result = ZSTD_decompressStream(dctx_.get(), &out, &in);
    if (ZSTD_isError(result))
      throw IoError("'" + path_ + "': corrupt zstd data after line " +
                    std::to_string(line_number_) + ": " + ZSTD_getErrorName(result));
    frame_open_ = result != 0;
    consumed_ += in.pos - raw_pos_;
    raw_pos_ = in.pos;
    end_ = out.pos;
  }
  return true;
}

bool LineReader::next(Line& line) {
  line.text.clear();
  line.oversized = false;
  line.length = 0;
  bool any = false;
  for (;;) {
    if (pos_ == end_ && !refill()) {
      if (!any) return false;
      break;
    }
    any = true;
    const char* start = buffer_.data() + pos_;
    const auto* newline = static_cast<const char*>(std::memchr(start, '\n', end_ - pos_));
    const std::size_t take = newline ? static_cast<std::size_t>(newline - start) : end_ - pos_;
    line.length += take;
    if (!line.oversized) {
      if (line.text.size() + take > max_line_bytes_) {
        line.oversized = true;
        line.text.append(start, std::min(take, kOversizedHead));
        line.text.resize(std::min(line.text.size(), kOversizedHead));
        line.text.shrink_to_fit();
      } else {
        line.text.append(start, take);
      }
    }
    pos_ += take;
    if (newline) {
      ++pos_;
      break;
    }
  }
  if (!line.text.empty() && line.text.back() == '\r') line.text.pop_back();
  line.number = ++line_number_;
  return true;
}

}  // namespace crible::ingest
