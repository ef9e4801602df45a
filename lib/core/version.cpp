#include "crible/version.h"

#include <unicode/uchar.h>
#include <unicode/uversion.h>
#include <xapian.h>
#include <zstd.h>

namespace crible {

std::string_view version() noexcept {
  return CRIBLE_VERSION_STRING;
}

std::string version_details() {
  std::string details;
  details += "crible ";
  details += CRIBLE_VERSION_STRING;
  details += "\nXapian ";
  details += Xapian::version_string();
  details += "\nICU ";
  details += U_ICU_VERSION;
  details += " (Unicode ";
  details += U_UNICODE_VERSION;
  details += ")\nSnowball libstemmer ";
  details += CRIBLE_SNOWBALL_VERSION;
  details += "\nzstd ";
  details += ZSTD_versionString();
  details += "\n";
  return details;
}

}  // namespace crible
