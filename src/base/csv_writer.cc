#include "base/csv_writer.h"

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

bool needs_quotes(std::string_view text) {
  for (char ch : text) {
    if (ch == ',' || ch == '"' || ch == '\n' || ch == '\r') return true;
  }
  return false;
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

bool spreadsheet_would_run(std::string_view text) {
  return starts_a_formula(text) && !is_plain_number(text);
}

CsvWriter& CsvWriter::text(std::string_view cell) {
  begin_cell();
  const bool guard = cells_ == CsvCells::kSpreadsheetSafe && spreadsheet_would_run(cell);
  if (!needs_quotes(cell)) {
    if (guard) out_.push_back('\'');
    append(cell);
    return *this;
  }
  out_.push_back('"');
  if (guard) out_.push_back('\'');
  for (char ch : cell) {
    if (ch == '"') out_.push_back('"');
    out_.push_back(ch);
  }
  out_.push_back('"');
  return *this;
}

CsvWriter& CsvWriter::plain(std::string_view cell) {
  begin_cell();
  append(cell);
  return *this;
}

CsvWriter& CsvWriter::number(double value) {
  begin_cell();
  fmt::format_to(fmt::appender(out_), "{}", value);
  return *this;
}

CsvWriter& CsvWriter::figure(double value) {
  begin_cell();
  fmt::format_to(fmt::appender(out_), "{:.12g}", value);
  return *this;
}

CsvWriter& CsvWriter::fixed(double value, int decimals) {
  begin_cell();
  fmt::format_to(fmt::appender(out_), "{:.{}f}", value, decimals);
  return *this;
}

void CsvWriter::end_row() {
  out_.push_back('\n');
  in_row_ = false;
}

void CsvWriter::header(std::string_view cells) {
  begin_cell();
  append(cells);
  end_row();
}

void CsvWriter::append_uint(std::uint64_t value, int width) {
  char digits[20];
  int n = 0;
  do {
    digits[n++] = static_cast<char>('0' + value % 10);
    value /= 10;
  } while (value != 0);
  for (int i = n; i < width; ++i) out_.push_back('0');
  while (n > 0) out_.push_back(digits[--n]);
}

std::string CsvWriter::take() {
  std::string text(out_.data(), out_.size());
  out_.clear();
  in_row_ = false;
  return text;
}

}  // namespace kitwatch
