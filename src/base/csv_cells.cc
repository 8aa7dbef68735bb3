#include "base/csv_cells.h"

#include <cctype>

namespace kitwatch {
namespace {

std::size_t skip_digits(std::string_view text, std::size_t at) {
  while (at < text.size() && std::isdigit(static_cast<unsigned char>(text[at]))) ++at;
  return at;
}

// Spreadsheets start a formula at these (OWASP CSV injection); tab and CR also hide one.
bool starts_a_formula(std::string_view text) {
  if (text.empty()) return false;
  switch (text.front()) {
    case '=':
    case '+':
    case '-':
    case '@':
    case '\t':
    case '\r':
      return true;
    default:
      return false;
  }
}

}  // namespace

bool is_plain_number(std::string_view text) {
  std::size_t at = text.empty() || (text[0] != '+' && text[0] != '-') ? 0 : 1;
  const std::size_t int_start = at;
  at = skip_digits(text, at);
  std::size_t digits = at - int_start;
  if (at < text.size() && text[at] == '.') {
    const std::size_t frac_start = at + 1;
    at = skip_digits(text, frac_start);
    digits += at - frac_start;
  }
  if (digits == 0) return false;
  if (at < text.size() && (text[at] == 'e' || text[at] == 'E')) {
    ++at;
    if (at < text.size() && (text[at] == '+' || text[at] == '-')) ++at;
    const std::size_t exp_start = at;
    at = skip_digits(text, at);
    if (at == exp_start) return false;
  }
  return at == text.size();
}

std::string csv_field(std::string_view text) {
  std::string cell = starts_a_formula(text) && !is_plain_number(text) ? "'" + std::string(text) : std::string(text);
  if (cell.find_first_of(",\"\n\r") == std::string::npos) return cell;
  std::string out = "\"";
  for (char ch : cell) {
    if (ch == '"') out.push_back('"');
    out.push_back(ch);
  }
  return out + "\"";
}

std::string spreadsheet_safe_csv(std::string_view table) {
  std::string out, cell;
  out.reserve(table.size());
  bool quoted = false;
  for (std::size_t i = 0; i < table.size(); ++i) {
    const char ch = table[i];
    if (quoted) {
      if (ch != '"') {
        cell.push_back(ch);
      } else if (i + 1 < table.size() && table[i + 1] == '"') {
        cell.push_back('"');
        ++i;
      } else {
        quoted = false;
      }
    } else if (ch == '"') {
      quoted = true;
    } else if (ch == ',' || ch == '\n') {
      out += csv_field(cell);
      out.push_back(ch);
      cell.clear();
    } else if (ch == '\r' && i + 1 < table.size() && table[i + 1] == '\n') {
      continue;  // a CRLF record end is written as LF, as the other tables are
    } else {
      cell.push_back(ch);
    }
  }
  if (!cell.empty()) out += csv_field(cell);
  return out;
}

}  // namespace kitwatch
