#pragma once
// The search page's files (tools/crible-server/ui/), compiled into the server by CMake
// (ui_files.cpp.in).

#include <string_view>

namespace crible::server {

struct UiFile {
  std::string_view path;          // "/ui/app.js"
  std::string_view content_type;  // "text/javascript; charset=utf-8"
  std::string_view content;
  std::string_view etag;  // a hash of the content
};

// The file served at @p path, or null.
const UiFile* find_ui_file(std::string_view path);

}  // namespace crible::server
