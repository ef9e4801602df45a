#pragma once
// Xapian::Error is not a std::exception: translate it where crible calls Xapian.

#include <xapian.h>

#include "crible/error.h"

namespace crible::index {

template <typename Function>
auto translate_xapian(Function&& function) -> decltype(function()) {
  try {
    return function();
  } catch (const Xapian::DatabaseLockError& e) {
    throw IndexError("index is locked by another writer: " + e.get_msg());
  } catch (const Xapian::Error& e) {
    throw IndexError(std::string(e.get_type()) + ": " + e.get_msg());
  }
}

}  // namespace crible::index
