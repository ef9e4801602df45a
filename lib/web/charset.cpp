#include "web/charset.h"

#include <unicode/ucnv.h>
#include <unicode/ucnv_cb.h>
#include <unicode/ustring.h>

#include <algorithm>
#include <memory>

#include "web/text.h"

namespace crible::web {

namespace {

std::string_view trim(std::string_view text) {
  const std::size_t first = text.find_first_not_of(" \t\r\n\f\"'");
  if (first == std::string_view::npos) return {};
  return text.substr(first, text.find_last_not_of(" \t\r\n\f\"'") - first + 1);
}

// The value after "charset=" in @p text (a content attribute, a Content-Type).
std::string charset_parameter(std::string_view text) {
  const std::string lower = ascii_lower(text);
  const std::size_t at = lower.find("charset");
  if (at == std::string::npos) return {};
  std::size_t i = at + 7;
  while (i < text.size() && (text[i] == ' ' || text[i] == '\t'))
    ++i;
  if (i >= text.size() || text[i] != '=') return {};
  std::string_view value = text.substr(i + 1);
  value = value.substr(0, value.find_first_of(";>"));
  value = trim(value);
  return std::string(value.substr(0, value.find_first_of(" \t\"'/")));
}

struct ConverterCloser {
  void operator()(UConverter* converter) const noexcept { ucnv_close(converter); }
};
using Converter = std::unique_ptr<UConverter, ConverterCloser>;

// Counts the bytes ICU could not convert, then lets ICU put U+FFFD in their place.
struct InvalidBytes {
  std::size_t count = 0;
};

void count_and_substitute(const void* context, UConverterToUnicodeArgs* args, const char* bytes,
                          int32_t length, UConverterCallbackReason reason, UErrorCode* error) {
  if (reason <= UCNV_IRREGULAR) {
    auto* invalid = static_cast<InvalidBytes*>(const_cast<void*>(context));
    invalid->count += static_cast<std::size_t>(length);
  }
  UCNV_TO_U_CALLBACK_SUBSTITUTE(nullptr, args, bytes, length, reason, error);
}

// Converts @p bytes from @p encoding to UTF-8 with ICU; false if ICU has no such
// converter.
bool convert_with_icu(std::string_view bytes, const std::string& encoding, Decoded& out) {
  UErrorCode status = U_ZERO_ERROR;
  Converter converter(ucnv_open(encoding.c_str(), &status));
  if (U_FAILURE(status)) return false;
  InvalidBytes invalid;
  ucnv_setToUCallBack(converter.get(), count_and_substitute, &invalid, nullptr, nullptr, &status);
  std::u16string utf16(bytes.size() + 16, u'\0');
  const char* source = bytes.data();
  const char* source_end = bytes.data() + bytes.size();
  UChar* target = reinterpret_cast<UChar*>(utf16.data());
  std::size_t written = 0;
  for (;;) {
    status = U_ZERO_ERROR;
    UChar* target_end = reinterpret_cast<UChar*>(utf16.data()) + utf16.size();
    ucnv_toUnicode(converter.get(), &target, target_end, &source, source_end, nullptr, true,
                   &status);
    written = static_cast<std::size_t>(target - reinterpret_cast<UChar*>(utf16.data()));
    if (status != U_BUFFER_OVERFLOW_ERROR) break;
    utf16.resize(utf16.size() * 2);
    target = reinterpret_cast<UChar*>(utf16.data()) + written;
  }
  if (U_FAILURE(status)) return false;
  int32_t length = 0;
  status = U_ZERO_ERROR;
  u_strToUTF8WithSub(nullptr, 0, &length, reinterpret_cast<const UChar*>(utf16.data()),
                     static_cast<int32_t>(written), 0xFFFD, nullptr, &status);
  out.text.assign(static_cast<std::size_t>(length), '\0');
  status = U_ZERO_ERROR;
  u_strToUTF8WithSub(out.text.data(), length, &length, reinterpret_cast<const UChar*>(utf16.data()),
                     static_cast<int32_t>(written), 0xFFFD, nullptr, &status);
  out.encoding = ucnv_getName(converter.get(), &status);
  if (invalid.count > 0)
    out.warnings.push_back(std::to_string(invalid.count) + " byte(s) invalid in " + encoding +
                           " replaced by U+FFFD");
  return true;
}

// The length of the valid UTF-8 sequence at @p i, 0 if it is not one.
std::size_t utf8_sequence(std::string_view text, std::size_t i) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
  const unsigned char lead = byte(i);
  if (lead < 0x80) return 1;
  std::size_t length = 0;
  unsigned char low = 0x80, high = 0xBF;
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3;
    if (lead == 0xE0) low = 0xA0;
    if (lead == 0xED) high = 0x9F;  // no surrogates
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4;
    if (lead == 0xF0) low = 0x90;
    if (lead == 0xF4) high = 0x8F;
  } else {
    return 0;
  }
  if (i + length > text.size()) return 0;
  if (byte(i + 1) < low || byte(i + 1) > high) return 0;
  for (std::size_t k = 2; k < length; ++k)
    if (byte(i + k) < 0x80 || byte(i + k) > 0xBF) return 0;
  return length;
}

// Offset of the first byte that is not valid UTF-8, or npos.
std::size_t first_invalid_utf8(std::string_view text) {
  for (std::size_t i = 0; i < text.size();) {
    const std::size_t length = utf8_sequence(text, i);
    if (length == 0) return i;
    i += length;
  }
  return std::string_view::npos;
}

// @p text with each invalid byte replaced by U+FFFD; counts them in @p invalid.
std::string repair_utf8(std::string_view text, std::size_t& invalid) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    const std::size_t length = utf8_sequence(text, i);
    if (length == 0) {
      out += "\xEF\xBF\xBD";
      ++invalid;
      ++i;
    } else {
      out.append(text.substr(i, length));
      i += length;
    }
  }
  return out;
}

}  // namespace

std::string canonical_encoding(std::string_view label) {
  const std::string name = ascii_lower(trim(label));
  if (name.empty()) return {};
  if (name == "utf-8" || name == "utf8" || name == "unicode-1-1-utf-8") return "utf-8";
  // WHATWG Encoding: these labels all mean windows-1252 on the web.
  for (const char* alias : {"iso-8859-1", "iso8859-1", "iso_8859-1", "latin1", "l1", "us-ascii",
                            "ascii", "cp1252", "windows-1252", "x-cp1252", "cp819", "ibm819"})
    if (name == alias) return "windows-1252";
  for (const char* alias :
       {"iso-8859-15", "iso8859-15", "iso_8859-15", "latin9", "latin-9", "l9", "csisolatin9"})
    if (name == alias) return "iso-8859-15";
  return name;
}

std::string declared_html_charset(std::string_view head) {
  head = head.substr(0, 4096);
  const std::string lower = ascii_lower(head);
  for (std::size_t at = lower.find("<meta"); at != std::string::npos;
       at = lower.find("<meta", at + 5)) {
    const std::size_t end = lower.find('>', at);
    const std::string_view tag = std::string_view(head).substr(at, end - at);
    const std::string tag_lower = lower.substr(at, end - at);
    if (const std::size_t charset = tag_lower.find("charset"); charset != std::string::npos) {
      std::string value = charset_parameter(tag.substr(charset));
      if (!value.empty()) return value;
    }
  }
  return {};
}

std::string declared_xml_encoding(std::string_view head) {
  if (!head.starts_with("<?xml")) return {};
  const std::string_view declaration = head.substr(0, head.find("?>"));
  const std::size_t at = declaration.find("encoding");
  if (at == std::string_view::npos) return {};
  const std::size_t quote = declaration.find_first_of("\"'", at);
  if (quote == std::string_view::npos) return {};
  const std::size_t close = declaration.find(declaration[quote], quote + 1);
  if (close == std::string_view::npos) return {};
  return std::string(declaration.substr(quote + 1, close - quote - 1));
}

Decoded decode_markup(std::string_view bytes, std::string_view transport, Markup markup) {
  Decoded out;
  std::string encoding;
  if (bytes.starts_with("\xEF\xBB\xBF")) {
    bytes.remove_prefix(3);
    encoding = "utf-8";
  } else if (bytes.starts_with("\xFF\xFE")) {
    bytes.remove_prefix(2);
    encoding = "utf-16le";
  } else if (bytes.starts_with("\xFE\xFF")) {
    bytes.remove_prefix(2);
    encoding = "utf-16be";
  }
  if (encoding.empty()) encoding = canonical_encoding(transport);
  if (encoding.empty()) {
    const std::string declared =
        markup == Markup::html ? declared_html_charset(bytes) : declared_xml_encoding(bytes);
    encoding = canonical_encoding(declared);
  }
  // A page declared UTF-16 that reached us as bytes without a BOM is in fact ASCII-
  // compatible (the HTML standard says to read it as UTF-8).
  if (encoding.starts_with("utf-16") && !bytes.empty() && bytes[0] == '<') encoding = "utf-8";
  const bool declared = !encoding.empty();
  if (encoding.empty() || encoding == "utf-8") {
    const std::size_t invalid_at = first_invalid_utf8(bytes);
    if (invalid_at == std::string_view::npos) {
      out.text = bytes;
      out.encoding = "UTF-8";
      return out;
    }
    if (declared) {
      std::size_t invalid = 0;
      out.text = repair_utf8(bytes, invalid);
      out.encoding = "UTF-8";
      out.warnings.push_back("invalid UTF-8 at byte " + std::to_string(invalid_at) + " (" +
                             std::to_string(invalid) + " byte(s) in all) replaced by U+FFFD");
      return out;
    }
    out.warnings.push_back("no charset declared and not UTF-8 (byte " + std::to_string(invalid_at) +
                           "): read as windows-1252");
    encoding = "windows-1252";
  }
  if (convert_with_icu(bytes, encoding, out)) return out;
  out.warnings.push_back("unknown charset '" + encoding + "': read as UTF-8");
  std::size_t invalid = 0;
  out.text = repair_utf8(bytes, invalid);
  out.encoding = "UTF-8";
  if (invalid > 0)
    out.warnings.push_back(std::to_string(invalid) + " invalid UTF-8 byte(s) replaced by U+FFFD");
  return out;
}

}  // namespace crible::web
