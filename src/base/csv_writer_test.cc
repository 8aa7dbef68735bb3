#include "base/csv_writer.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "base/csv_reader.h"

namespace kitwatch {
namespace {

using Rows = std::vector<std::vector<std::string>>;

// The project's own reader, so what is written is what kitwatch reads back.
Rows read_back(std::string_view text) {
  Rows rows;
  CsvReader reader(text, ',');
  CsvRecord record;
  for (CsvReader::Next next; (next = reader.next(record)) != CsvReader::Next::kEnd;) {
    EXPECT_EQ(next, CsvReader::Next::kRecord) << record.error;
    if (next != CsvReader::Next::kRecord) break;
    std::vector<std::string>& row = rows.emplace_back();
    for (const CsvField& field : record.fields) row.emplace_back(field.text);
  }
  return rows;
}

std::string one_cell(CsvCells cells, std::string_view text) {
  CsvWriter out(cells);
  out.text(text);
  return out.take();
}

// Cells that need quoting (comma, quote, CR, LF), formula starters, and numbers.
const Rows kCells = {
    {"plain", "core,1", "q\"x", "\"", "line\nbreak", "cr\rhere", "crlf\r\n", ""},
    {"=1+1", "+cmd", "@SUM(A1)", "-2+3", "\tx", "\r=x", "=HYPERLINK(\"http://e/\",\"a\")", "a=b"},
    {"-12.5", "0", "+3", "1e-9", "-", "-e1", "-inf", " spaced "},
};

Rows write_and_read(CsvCells cells, const Rows& rows) {
  CsvWriter out(cells);
  for (const auto& row : rows) {
    for (const std::string& cell : row) out.text(cell);
    out.end_row();
  }
  return read_back(out.view());
}

TEST(CsvWriterTest, DataCellsReadBackExactly) {
  EXPECT_EQ(write_and_read(CsvCells::kData, kCells), kCells);
}

TEST(CsvWriterTest, SpreadsheetSafeCellsReadBackWithFormulasQuoted) {
  Rows expected = kCells;
  for (auto& row : expected) {
    for (std::string& cell : row) {
      if (spreadsheet_would_run(cell)) cell = "'" + cell;
    }
  }
  EXPECT_EQ(expected[1][0], "'=1+1");
  EXPECT_EQ(expected[2][0], "-12.5");  // a plain number is data
  EXPECT_EQ(expected[2][4], "'-");
  EXPECT_EQ(write_and_read(CsvCells::kSpreadsheetSafe, kCells), expected);
}

TEST(CsvWriterTest, QuotesOnlyWhatNeedsIt) {
  for (CsvCells cells : {CsvCells::kData, CsvCells::kSpreadsheetSafe}) {
    EXPECT_EQ(one_cell(cells, "plain text"), "plain text");
    EXPECT_EQ(one_cell(cells, "core,1"), "\"core,1\"");
    EXPECT_EQ(one_cell(cells, "q\"x"), "\"q\"\"x\"");
    EXPECT_EQ(one_cell(cells, "a\nb"), "\"a\nb\"");
    EXPECT_EQ(one_cell(cells, "a\rb"), "\"a\rb\"");
    EXPECT_EQ(one_cell(cells, " a "), " a ");  // spaces are kept as they are, unquoted
  }
  EXPECT_EQ(one_cell(CsvCells::kData, "=1+1"), "=1+1");
  EXPECT_EQ(one_cell(CsvCells::kData, "-3"), "-3");
  EXPECT_EQ(one_cell(CsvCells::kData, "\r=x"), "\"\r=x\"");
}

TEST(CsvWriterTest, SpreadsheetSafeFormulasBecomeTextAndPlainNumbersStay) {
  for (const char* number : {"0", "-12", "+3", "-12.5", "-.5", "1e-9", "-2.5E+3", "7."}) {
    EXPECT_TRUE(is_plain_number(number)) << number;
    EXPECT_EQ(one_cell(CsvCells::kSpreadsheetSafe, number), number);
  }
  for (const char* text : {"", "-", "+", ".", "-e1", "-2+3", "1e", "--1", "-1-1", "- 1", "-inf", "-nan", "0x10"}) {
    EXPECT_FALSE(is_plain_number(text)) << text;
  }
  const auto safe = [](std::string_view text) { return one_cell(CsvCells::kSpreadsheetSafe, text); };
  EXPECT_EQ(safe("=1+1"), "'=1+1");
  EXPECT_EQ(safe("+cmd"), "'+cmd");
  EXPECT_EQ(safe("@SUM(A1)"), "'@SUM(A1)");
  EXPECT_EQ(safe("-2+3"), "'-2+3");
  EXPECT_EQ(safe("\tx"), "'\tx");
  EXPECT_EQ(safe("\r=x"), "\"'\r=x\"");
  EXPECT_EQ(safe("=HYPERLINK(\"http://e/\",\"a\")"), "\"'=HYPERLINK(\"\"http://e/\"\",\"\"a\"\")\"");
  EXPECT_EQ(safe("a=b"), "a=b");  // only the first character starts a formula
}

TEST(CsvWriterTest, NumbersAndOtherCellsAreWrittenAsFmtWritesThem) {
  CsvWriter out(CsvCells::kSpreadsheetSafe);
  out.header("a,b,c,d,e,f,g,h");
  out.number(0.5).number(1e20).number(-3.0).number(std::int64_t{-7}).number(std::size_t{42});
  out.fixed(0.126, 2).fixed(2.0 / 3.0, 2).boolean(true).end_row();
  out.plain("=raw").text("").begin_cell();
  out.append("NE");
  out.append_uint(12, 8);
  out.begin_cell().append_uint(7);
  out.end_row();
  EXPECT_EQ(out.take(), "a,b,c,d,e,f,g,h\n0.5,1e+20,-3,-7,42,0.13,0.67,true\n=raw,,NE00000012,7\n");
  EXPECT_EQ(out.size(), 0u);
  out.text("x").end_row();  // a taken writer starts a fresh row
  EXPECT_EQ(out.view(), "x\n");
}

}  // namespace
}  // namespace kitwatch
