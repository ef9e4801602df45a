// InputReader: many inputs in order, the small ones read and parsed ahead on threads
// of their own (std::async), the large ones streamed by the caller's thread.

#include <algorithm>
#include <deque>
#include <filesystem>
#include <fstream>
#include <future>
#include <optional>
#include <thread>

#include "crible/error.h"
#include "crible/ingest.h"

namespace crible {

namespace {

// An input read whole, ahead of its turn.
struct ReadAhead {
  std::vector<Thread> threads;
  std::vector<ReadProblem> problems;  // in the order they came
  std::uint64_t bytes = 0;
};

ReadAhead read_whole(const std::string& input, const ReadOptions& options) {
  ReadAhead out;
  const auto keep = [&out](const ReadProblem& problem) { out.problems.push_back(problem); };
  try {
    DocumentReader reader(input, options);
    Thread thread;
    while (reader.next_thread(thread, keep))
      out.threads.push_back(std::move(thread));
    out.bytes = reader.consumed_bytes();
  } catch (const IoError& e) {  // gone or unreadable: reported, the others go on
    out.problems.push_back({input, 0, e.what(), false});
  }
  return out;
}

bool zstd_compressed(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  unsigned char magic[4] = {};
  in.read(reinterpret_cast<char*>(magic), 4);
  return in.gcount() == 4 && magic[0] == 0x28 && magic[1] == 0xB5 && magic[2] == 0x2F &&
         magic[3] == 0xFD;
}

}  // namespace

class InputReader::Impl {
 public:
  Impl(std::vector<std::string> inputs, ReadOptions options, unsigned ahead)
      : inputs_(std::move(inputs)),
        options_(std::move(options)),
        ahead_(ahead ? ahead : std::max(1u, std::thread::hardware_concurrency())) {
    // One stat each, for the total (progress); whether an input is read ahead is
    // decided when its turn to be read ahead comes (it opens the file).
    for (const std::string& input : inputs_) {
      std::error_code error;
      const std::filesystem::directory_entry entry(input == "-" ? "" : input, error);
      const bool regular = !error && entry.is_regular_file(error);
      sizes_.push_back(regular ? entry.file_size(error) : kNotAFile);
      if (error) sizes_.back() = kNotAFile;
      total_ += sizes_.back() == kNotAFile ? 0 : sizes_.back();
    }
    fits_whole_.resize(inputs_.size());
  }

  ~Impl() {
    for (auto& [index, future] : pending_)
      if (future.valid()) future.wait();
  }

  bool next_thread(Thread& thread, const ProblemHandler& on_problem) {
    for (;;) {
      if (current_whole_) {
        if (whole_next_ < current_whole_->threads.size()) {
          thread = std::move(current_whole_->threads[whole_next_++]);
          return true;
        }
        consumed_ += current_whole_->bytes;
        current_whole_.reset();
      }
      if (streaming_) {
        if (streaming_->next_thread(thread, on_problem)) return true;
        consumed_ += streaming_->consumed_bytes();
        streaming_.reset();
      }
      if (current_ == inputs_.size()) return false;
      start_reading_ahead();
      const std::size_t input = current_++;
      if (!pending_.empty() && pending_.front().first == input) {
        current_whole_ = pending_.front().second.get();
        pending_.pop_front();
        whole_next_ = 0;
        if (on_problem)
          for (const ReadProblem& problem : current_whole_->problems)
            on_problem(problem);
        continue;
      }
      // A large input (or standard input): streamed here, while the small ones after
      // it are read ahead.
      next_ahead_ = std::max(next_ahead_, input + 1);
      try {
        streaming_.emplace(inputs_[input], options_);
      } catch (const IoError& e) {
        if (on_problem) on_problem({inputs_[input], 0, e.what(), false});
      }
      start_reading_ahead();
    }
  }

  std::uint64_t consumed_bytes() const {
    return consumed_ + (streaming_ ? streaming_->consumed_bytes() : 0);
  }
  std::uint64_t total_bytes() const { return total_; }

 private:
  // Starts reading the next small inputs, in order, until ahead_ are under way; stops
  // at a large one (its turn comes first).
  void start_reading_ahead() {
    next_ahead_ = std::max(next_ahead_, current_);
    while (pending_.size() < ahead_ && next_ahead_ < inputs_.size() && fits_whole(next_ahead_)) {
      const std::size_t input = next_ahead_++;
      pending_.emplace_back(input,
                            std::async(std::launch::async, read_whole, inputs_[input], options_));
    }
  }

  // A regular file within the size limit, not zstd-compressed (that could hold any
  // number of lines).
  bool fits_whole(std::size_t input) {
    if (!fits_whole_[input])
      fits_whole_[input] = sizes_[input] != kNotAFile &&
                           sizes_[input] <= options_.max_document_bytes &&
                           !zstd_compressed(inputs_[input]);
    return *fits_whole_[input];
  }

  static constexpr std::uint64_t kNotAFile = ~std::uint64_t{0};
  std::vector<std::string> inputs_;
  ReadOptions options_;
  unsigned ahead_;
  std::vector<std::uint64_t> sizes_;             // kNotAFile: standard input, missing, not regular
  std::vector<std::optional<bool>> fits_whole_;  // decided once, when first asked
  std::uint64_t total_ = 0, consumed_ = 0;
  std::size_t current_ = 0;     // the next input to give threads of
  std::size_t next_ahead_ = 0;  // the next input to start reading ahead
  std::deque<std::pair<std::size_t, std::future<ReadAhead>>> pending_;  // in input order
  std::optional<ReadAhead> current_whole_;
  std::size_t whole_next_ = 0;
  std::optional<DocumentReader> streaming_;
};

InputReader::InputReader(std::vector<std::string> inputs, ReadOptions options, unsigned ahead)
    : impl_(std::make_unique<Impl>(std::move(inputs), std::move(options), ahead)) {}
InputReader::InputReader(InputReader&&) noexcept = default;
InputReader& InputReader::operator=(InputReader&&) noexcept = default;
InputReader::~InputReader() = default;

bool InputReader::next_thread(Thread& thread, const ProblemHandler& on_problem) {
  return impl_->next_thread(thread, on_problem);
}
std::uint64_t InputReader::consumed_bytes() const {
  return impl_->consumed_bytes();
}
std::uint64_t InputReader::total_bytes() const {
  return impl_->total_bytes();
}

}  // namespace crible
