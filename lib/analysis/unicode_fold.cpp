#include "analysis/unicode_fold.h"

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include "analysis/text_cleaner.h"
#include "crible/error.h"

namespace crible::analysis {
namespace {

bool is_ascii(std::u16string_view s) {
  for (char16_t c : s)
    if (c >= 0x80) return false;
  return true;
}

icu::UnicodeString alias(std::u16string_view s) {
  return icu::UnicodeString(false, s.data(), static_cast<int32_t>(s.size()));
}

void assign(const icu::UnicodeString& s, std::u16string& out) {
  out.assign(s.getBuffer(), static_cast<std::size_t>(s.length()));
}

}  // namespace

UnicodeFolder::UnicodeFolder() {
  UErrorCode status = U_ZERO_ERROR;
  nfc_ = icu::Normalizer2::getNFCInstance(status);
  nfd_ = icu::Normalizer2::getNFDInstance(status);
  nfkc_casefold_ = icu::Normalizer2::getNFKCCasefoldInstance(status);
  if (U_FAILURE(status))
    throw Error(std::string("ICU normalisation unavailable: ") + u_errorName(status));
}

void UnicodeFolder::lower(std::u16string_view in, std::u16string& out) const {
  if (is_ascii(in)) {
    out.assign(in);
    for (char16_t& c : out)
      if (c >= u'A' && c <= u'Z') c = static_cast<char16_t>(c + (u'a' - u'A'));
    return;
  }
  UErrorCode status = U_ZERO_ERROR;
  icu::UnicodeString folded = nfkc_casefold_->normalize(alias(in), status);
  if (U_FAILURE(status)) {
    out.assign(in);
    return;
  }
  assign(folded, out);
  for (char16_t& c : out)
    if (c >= 0x80 && u_charType(c) == U_DECIMAL_DIGIT_NUMBER)
      c = static_cast<char16_t>(u'0' + u_charDigitValue(c));
}

void UnicodeFolder::strip_accents(std::u16string_view lowered, std::u16string& out) const {
  if (is_ascii(lowered)) {
    out.assign(lowered);
    return;
  }
  UErrorCode status = U_ZERO_ERROR;
  const icu::UnicodeString decomposed = nfd_->normalize(alias(lowered), status);
  if (U_FAILURE(status)) {
    out.assign(lowered);
    return;
  }
  icu::UnicodeString stripped;
  for (int32_t i = 0; i < decomposed.length();) {
    const UChar32 c = decomposed.char32At(i);
    i += U16_LENGTH(c);
    if (u_charType(c) == U_NON_SPACING_MARK) continue;
    switch (c) {
      case 0x0153:  // œ
        stripped.append(u"oe");
        break;
      case 0x00E6:  // æ
        stripped.append(u"ae");
        break;
      case 0x0142:  // ł
      case 0x019A:  // ƚ
        stripped.append(u'l');
        break;
      case 0x00F8:  // ø
        stripped.append(u'o');
        break;
      case 0x0111:  // đ
      case 0x00F0:  // ð
        stripped.append(u'd');
        break;
      case 0x0127:  // ħ
        stripped.append(u'h');
        break;
      case 0x0167:  // ŧ
        stripped.append(u't');
        break;
      case 0x0131:  // dotless ı (Turkish)
        stripped.append(u'i');
        break;
      case 0x0180:  // ƀ
        stripped.append(u'b');
        break;
      default:
        stripped.append(c);
    }
  }
  const icu::UnicodeString composed = nfc_->normalize(stripped, status);
  if (U_FAILURE(status)) {
    assign(stripped, out);
    return;
  }
  assign(composed, out);
}

std::string UnicodeFolder::fold_utf8(std::string_view text) const {
  const std::u16string units = to_utf16(text);
  std::u16string lowered, folded;
  lower(units, lowered);
  strip_accents(lowered, folded);
  return to_utf8(folded);
}

void append_utf8(std::u16string_view in, std::string& out) {
  for (std::size_t i = 0; i < in.size(); ++i) {
    char32_t cp = in[i];
    if (cp >= 0xD800 && cp <= 0xDBFF && i + 1 < in.size() && in[i + 1] >= 0xDC00 &&
        in[i + 1] <= 0xDFFF) {
      cp = 0x10000 + ((cp - 0xD800) << 10) + (in[i + 1] - 0xDC00);
      ++i;
    } else if (cp >= 0xD800 && cp <= 0xDFFF) {
      cp = 0xFFFD;
    }
    if (cp < 0x80) {
      out.push_back(static_cast<char>(cp));
    } else if (cp < 0x800) {
      out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
      out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else if (cp < 0x10000) {
      out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
      out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else {
      out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
      out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    }
  }
}

std::string to_utf8(std::u16string_view in) {
  std::string out;
  out.reserve(in.size());
  append_utf8(in, out);
  return out;
}

std::u16string to_utf16(std::string_view in) {
  CleanText clean;
  clean_utf8(in, clean);
  return std::move(clean.units);
}

}  // namespace crible::analysis
