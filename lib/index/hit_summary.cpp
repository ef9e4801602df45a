#include "index/hit_summary.h"

#include <nlohmann/json.hpp>

#include "crible/error.h"

namespace crible::index {
namespace {

// Long titles are cut for hits (the stored document keeps them whole).
constexpr std::size_t kMaxFieldBytes = 512;

std::string bounded(const std::string& text) {
  if (text.size() <= kMaxFieldBytes) return text;
  std::size_t cut = kMaxFieldBytes;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80)
    --cut;
  return text.substr(0, cut);
}

}  // namespace

std::string encode_summary(const Document& document) {
  nlohmann::json summary =
      nlohmann::json::array({document.id, bounded(document.title), document.date,
                             bounded(document.author), bounded(document.url)});
  return summary.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

HitSummary decode_summary(std::string_view value) {
  const nlohmann::json summary = nlohmann::json::parse(value, nullptr, false);
  if (!summary.is_array() || summary.size() != 5)
    throw IndexError("a document has no valid hit summary: rebuild the index");
  HitSummary out;
  for (std::size_t i = 0; i < 5; ++i)
    if (!summary[i].is_string())
      throw IndexError("a document has no valid hit summary: rebuild the index");
  out.id = summary[0].get<std::string>();
  out.title = summary[1].get<std::string>();
  out.date = summary[2].get<std::string>();
  out.author = summary[3].get<std::string>();
  out.url = summary[4].get<std::string>();
  return out;
}

}  // namespace crible::index
