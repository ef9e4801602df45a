#include "metrics.h"

#include <prometheus/text_serializer.h>

namespace crible::server {
namespace {

// 0.5 ms to 5 s: searches are milliseconds, writes commit to disk.
const prometheus::Histogram::BucketBoundaries kLatencyBuckets = {
    0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5};

}  // namespace

Metrics::Metrics()
    : registry_(std::make_shared<prometheus::Registry>()),
      requests_(prometheus::BuildCounter()
                    .Name("crible_http_requests_total")
                    .Help("HTTP requests by route and status")
                    .Register(*registry_)),
      latency_(
          prometheus::BuildHistogram()
              .Name("crible_http_request_duration_seconds")
              .Help("Time from a request's arrival until its response is ready to send, by route")
              .Register(*registry_)),
      reopens_(prometheus::BuildCounter()
                   .Name("crible_index_reopens_total")
                   .Help("Times a worker reopened the index to see new commits")
                   .Register(*registry_)
                   .Add({})),
      rejected_(prometheus::BuildCounter()
                    .Name("crible_http_rejected_total")
                    .Help("Requests refused with 503 because every worker was busy")
                    .Register(*registry_)
                    .Add({})),
      write_failures_(prometheus::BuildCounter()
                          .Name("crible_index_write_failures_total")
                          .Help("Batches of writes whose commit failed (a full disk, say)")
                          .Register(*registry_)
                          .Add({})),
      documents_(prometheus::BuildGauge()
                     .Name("crible_index_documents")
                     .Help("Documents in the index")
                     .Register(*registry_)
                     .Add({})),
      commit_age_(prometheus::BuildGauge()
                      .Name("crible_index_last_commit_age_seconds")
                      .Help("Seconds since this server last committed a write (-1: none yet)")
                      .Register(*registry_)
                      .Add({})) {}

void Metrics::request(const std::string& route, unsigned status,
                      std::chrono::duration<double> took) {
  requests_.Add({{"route", route}, {"status", std::to_string(status)}}).Increment();
  latency_.Add({{"route", route}}, kLatencyBuckets).Observe(took.count());
}

std::string Metrics::text() {
  const auto last = last_commit_.load();
  if (last == 0) {
    commit_age_.Set(-1);
  } else {
    const auto now = std::chrono::steady_clock::now().time_since_epoch().count();
    commit_age_.Set(
        std::chrono::duration<double>(std::chrono::steady_clock::duration(now - last)).count());
  }
  return prometheus::TextSerializer().Serialize(registry_->Collect());
}

}  // namespace crible::server
