#pragma once
// ISO 8601 dates as crible accepts them: YYYY-MM-DD, optionally followed by
// THH:MM, :SS, fractions and a zone (Z or +HH:MM).

#include <string>
#include <string_view>

namespace crible {

bool is_iso8601(std::string_view date) noexcept;

// "2021-02-19T10:15:00Z" -> "20210219" (empty when not a date).
std::string date_yyyymmdd(std::string_view date);

}  // namespace crible
