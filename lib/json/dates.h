#pragma once
// ISO 8601 dates as crible accepts them: YYYY-MM-DD, optionally followed by
// THH:MM, :SS, fractions and a zone (Z or +HH:MM).

#include <string>
#include <string_view>

#include "crible/json.h"

namespace crible {

// is_iso8601() is public (crible/json.h).

// A date as pages and feeds write it, in the ISO 8601 form crible keeps, or empty:
// ISO 8601 as is (a zone "+0100" becomes "+01:00"), "2021-02-19 10:15"; RFC 822 as RSS
// writes it ("Fri, 19 Feb 2021 10:15:00 +0100", "GMT", "Z", US zones, no weekday).
std::string normalize_date(std::string_view text);

// "2021-02-19T10:15:00Z" -> "20210219" (empty when not a date).
std::string date_yyyymmdd(std::string_view date);

}  // namespace crible
