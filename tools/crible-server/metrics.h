#pragma once
// Prometheus metrics (prometheus-cpp core), served as text by GET /metrics.

#include <prometheus/counter.h>
#include <prometheus/family.h>
#include <prometheus/gauge.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <string>

namespace crible::server {

class Metrics {
 public:
  Metrics();
  // One finished request: counted by route and status, timed by route.
  void request(const std::string& route, unsigned status, std::chrono::duration<double> took);
  void reopened() { reopens_.Increment(); }
  void set_documents(double documents) { documents_.Set(documents); }
  void committed() { last_commit_ = std::chrono::steady_clock::now().time_since_epoch().count(); }
  void rejected() { rejected_.Increment(); }
  void write_failed() { write_failures_.Increment(); }
  // The Prometheus text exposition of everything.
  std::string text();

 private:
  std::shared_ptr<prometheus::Registry> registry_;
  prometheus::Family<prometheus::Counter>& requests_;
  prometheus::Family<prometheus::Histogram>& latency_;
  prometheus::Counter& reopens_;
  prometheus::Counter& rejected_;
  prometheus::Counter& write_failures_;
  prometheus::Gauge& documents_;
  prometheus::Gauge& commit_age_;
  std::atomic<std::chrono::steady_clock::rep> last_commit_{0};
};

}  // namespace crible::server
