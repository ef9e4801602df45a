#pragma once
// Xapian::Error is not a std::exception: translate it where crible calls Xapian.

#include <xapian.h>

#include "crible/error.h"

namespace crible::index {

// Xapian's message and, when it has one, the system's reason: "Error writing block
// 114 (No space left on device)".
inline std::string describe(const Xapian::Error& error) {
  std::string text = error.get_msg();
  if (const char* reason = error.get_error_string(); reason && *reason)
    text += std::string(" (") + reason + ")";
  return text;
}

template <typename Function>
auto translate_xapian(Function&& function) -> decltype(function()) {
  try {
    return function();
  } catch (const Xapian::DatabaseLockError& e) {
    throw IndexError("index is locked by another writer: " + describe(e));
  } catch (const Xapian::Error& e) {
    throw IndexError(std::string(e.get_type()) + ": " + describe(e));
  }
}

}  // namespace crible::index
