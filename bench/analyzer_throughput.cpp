// Analyzer throughput on real French news bodies, next to a floor measured in the
// same run: ICU word breaking alone (UTF-8 UText, every boundary and its rule
// status) over the same text. Goal: the full analyzer at >= 0.6 x the floor.

#include <benchmark/benchmark.h>
#include <unicode/brkiter.h>
#include <unicode/utext.h>

#include <iostream>
#include <memory>

#include "analysis/language_detector.h"
#include "analysis/text_cleaner.h"
#include "analysis/word_breaker.h"
#include "corpus.h"
#include "crible/analyzer.h"

namespace {

const std::vector<std::string>& bodies() {
  static const std::vector<std::string> corpus =
      crible::bench::read_bodies(crible::bench::default_corpus());
  return corpus;
}

std::int64_t total_bytes() {
  std::int64_t total = 0;
  for (const std::string& body : bodies())
    total += static_cast<std::int64_t>(body.size());
  return total;
}

void BM_IcuWordBreakFloor(benchmark::State& state) {
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<icu::BreakIterator> words(
      icu::BreakIterator::createWordInstance(icu::Locale::getFrench(), status));
  std::int64_t segments = 0;
  for (auto _ : state) {
    for (const std::string& body : bodies()) {
      UText* text =
          utext_openUTF8(nullptr, body.data(), static_cast<int64_t>(body.size()), &status);
      words->setText(text, status);
      for (std::int32_t end = words->next(); end != icu::BreakIterator::DONE; end = words->next())
        segments += words->getRuleStatus() >= UBRK_WORD_NONE_LIMIT;
      utext_close(text);
    }
  }
  benchmark::DoNotOptimize(segments);
  state.SetBytesProcessed(state.iterations() * total_bytes());
}

void analyze_all(benchmark::State& state, crible::AnalyzerOptions options) {
  crible::Analyzer analyzer = crible::Analyzer::create(options);
  // As an indexer consumes them: every token and term seen, nothing copied.
  struct Counter : crible::TokenSink {
    std::int64_t tokens = 0, term_bytes = 0;
    void token(const crible::TokenView& token) override {
      ++tokens;
      for (const std::string_view term : token.terms)
        term_bytes += static_cast<std::int64_t>(term.size());
    }
  } counter;
  // Steady state, as in a long indexing run: one untimed pass fills the word cache.
  for (const std::string& body : bodies())
    analyzer.analyze(body, counter);
  counter.tokens = counter.term_bytes = 0;
  for (auto _ : state) {
    for (const std::string& body : bodies())
      analyzer.analyze(body, counter);
  }
  const std::int64_t tokens = counter.tokens;
  benchmark::DoNotOptimize(tokens);
  state.SetBytesProcessed(state.iterations() * total_bytes());
  state.counters["tokens"] = static_cast<double>(tokens) / static_cast<double>(state.iterations());
}

void BM_Analyzer(benchmark::State& state) {
  analyze_all(state, {});
}

void BM_AnalyzerNoCache(benchmark::State& state) {
  crible::AnalyzerOptions options;
  options.word_cache_entries = 0;
  analyze_all(state, options);
}

void BM_AnalyzerFrenchOnly(benchmark::State& state) {  // no language detection
  crible::AnalyzerOptions options;
  options.languages = {"fr"};
  analyze_all(state, options);
}

}  // namespace

BENCHMARK(BM_IcuWordBreakFloor)->Unit(benchmark::kMillisecond)->MinTime(2.0);
BENCHMARK(BM_Analyzer)->Unit(benchmark::kMillisecond)->MinTime(2.0);
BENCHMARK(BM_AnalyzerFrenchOnly)->Unit(benchmark::kMillisecond)->MinTime(2.0);
BENCHMARK(BM_AnalyzerNoCache)->Unit(benchmark::kMillisecond)->MinTime(2.0);

// Stages, to see where the analyzer's time goes.
namespace {
void BM_StageCleanBreak(benchmark::State& state) {
  crible::analysis::CleanText clean;
  crible::analysis::WordBreaker breaker;
  std::vector<crible::analysis::WordSpan> words;
  std::int64_t n = 0;
  for (auto _ : state) {
    for (const std::string& body : bodies()) {
      crible::analysis::clean_utf8(body, clean);
      words.clear();
      breaker.split(clean.units, words);
      n += static_cast<std::int64_t>(words.size());
    }
  }
  benchmark::DoNotOptimize(n);
  state.SetBytesProcessed(state.iterations() * total_bytes());
}
void BM_StageDetect(benchmark::State& state) {
  crible::analysis::LanguageDetector detector({"fr", "en"}, "fr", 60);
  std::int64_t n = 0;
  for (auto _ : state) {
    for (const std::string& body : bodies()) {
      std::size_t start = 0;
      while (start < body.size()) {
        std::size_t end = body.find('\n', start);
        if (end == std::string::npos) end = body.size();
        n += detector.detect(std::string_view(body).substr(
                 start, std::min<std::size_t>(end - start, state.range(0)))) == "fr";
        start = end + 1;
      }
    }
  }
  benchmark::DoNotOptimize(n);
  state.SetBytesProcessed(state.iterations() * total_bytes());
}
}  // namespace
BENCHMARK(BM_StageCleanBreak)->Unit(benchmark::kMillisecond)->MinTime(1.0);
BENCHMARK(BM_StageDetect)
    ->Arg(1 << 30)
    ->Arg(512)
    ->Arg(256)
    ->Unit(benchmark::kMillisecond)
    ->MinTime(1.0);

// How often the "plainly French" shortcut skips CLD2, and whether CLD2 would have
// disagreed on those paragraphs.
void report_detection_agreement() {
  crible::analysis::LanguageDetector detector({"fr", "en"}, "fr", 60);
  crible::analysis::CleanText clean;
  crible::analysis::WordBreaker breaker;
  std::vector<crible::analysis::WordSpan> words;
  std::size_t paragraphs = 0, shortcut = 0, shortcut_but_cld2_other = 0, cld2_english = 0;
  for (const std::string& body : bodies()) {
    std::size_t start = 0;
    while (start < body.size()) {
      std::size_t end = body.find('\n', start);
      if (end == std::string::npos) end = body.size();
      const std::string_view paragraph = std::string_view(body).substr(start, end - start);
      start = end + 1;
      if (paragraph.size() < 60) continue;
      ++paragraphs;
      crible::analysis::clean_utf8(paragraph, clean);
      words.clear();
      breaker.split(clean.units, words);
      const bool plainly = crible::analysis::plainly_french(clean.units, words);
      const bool english = detector.detect(paragraph) == "en";
      shortcut += plainly;
      shortcut_but_cld2_other += plainly && english;
      cld2_english += english;
    }
  }
  std::cerr << "detection: " << paragraphs << " paragraphs >= 60 bytes; shortcut says French for "
            << shortcut << "; CLD2 says English for " << cld2_english << ", "
            << shortcut_but_cld2_other << " of them among the shortcut's\n";
}

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  std::cerr << "corpus: " << crible::bench::default_corpus() << ", " << bodies().size()
            << " bodies, " << total_bytes() << " bytes\n";
  report_detection_agreement();
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
}
