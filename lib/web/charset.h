#pragma once
// Markup bytes to UTF-8: the encoding from the byte order mark, the transport (an
// HTTP charset), the document's own declaration (<meta charset>, http-equiv, the XML
// declaration), else UTF-8 when the bytes are valid UTF-8, else Windows-1252 (the
// HTML standard's default for French). ICU converts; invalid bytes become U+FFFD and
// are reported, never fatal.

#include <string>
#include <string_view>
#include <vector>

namespace crible::web {

enum class Markup { html, xml };

struct Decoded {
  std::string text;                   // UTF-8, without a byte order mark
  std::string encoding;               // as used: "UTF-8", "windows-1252", "ISO-8859-15"...
  std::vector<std::string> warnings;  // invalid bytes, unknown or contradictory labels
};

// Decodes @p bytes. @p transport: the charset a transport declared, may be empty.
Decoded decode_markup(std::string_view bytes, std::string_view transport, Markup markup);

// The encoding a label names, as the WHATWG Encoding standard maps the labels French
// sites use ("latin1", "iso-8859-1" and "us-ascii" are windows-1252); other labels as
// given, lower-cased, for ICU to resolve. Empty for an empty label.
std::string canonical_encoding(std::string_view label);

// The charset an HTML document declares in its first 4 kB (<meta charset=...>, or
// <meta http-equiv="Content-Type" content="...; charset=...">), or empty.
std::string declared_html_charset(std::string_view head);
// The encoding="..." of an XML declaration at the start of @p head, or empty.
std::string declared_xml_encoding(std::string_view head);

}  // namespace crible::web
