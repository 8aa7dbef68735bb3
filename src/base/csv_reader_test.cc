#include "base/csv_reader.h"

#include <gtest/gtest.h>

#include <algorithm>

namespace kitwatch {
namespace {

// Reads every record; bad records appear as {"!error"}.
std::vector<std::vector<std::string>> read_all(std::string_view data, char delimiter = ',') {
  CsvReader reader(data, delimiter);
  CsvRecord record;
  std::vector<std::vector<std::string>> out;
  for (;;) {
    const auto next = reader.next(record);
    if (next == CsvReader::Next::kEnd) break;
    if (next != CsvReader::Next::kRecord) {
      out.push_back({"!error"});
      if (next == CsvReader::Next::kFatal) break;
      continue;
    }
    std::vector<std::string> fields;
    for (const auto& f : record.fields) fields.emplace_back(f.text);
    out.push_back(fields);
  }
  return out;
}

using Rows = std::vector<std::vector<std::string>>;

TEST(CsvReaderTest, PlainRecordsWithAndWithoutFinalNewline) {
  EXPECT_EQ(read_all("a,b\n1,2\n"), (Rows{{"a", "b"}, {"1", "2"}}));
  EXPECT_EQ(read_all("a,b\n1,2"), (Rows{{"a", "b"}, {"1", "2"}}));
  EXPECT_EQ(read_all("a,,c\n"), (Rows{{"a", "", "c"}}));
  EXPECT_EQ(read_all("a,b,\n"), (Rows{{"a", "b", ""}}));
}

TEST(CsvReaderTest, QuotedFieldsDoubledQuotesAndEmbeddedNewlines) {
  EXPECT_EQ(read_all("\"HUAWEI TECHNOLOGIES CO.,LTD\",x\n"), (Rows{{"HUAWEI TECHNOLOGIES CO.,LTD", "x"}}));
  EXPECT_EQ(read_all("\"say \"\"hi\"\"\",2\n"), (Rows{{"say \"hi\"", "2"}}));
  EXPECT_EQ(read_all("\"\"\"\"\n"), (Rows{{"\""}}));
  EXPECT_EQ(read_all("\"\",x\n"), (Rows{{"", "x"}}));
  EXPECT_EQ(read_all("\"line1\nline2\",x\ny,z\n"), (Rows{{"line1\nline2", "x"}, {"y", "z"}}));
}

TEST(CsvReaderTest, CrlfBomAndBlankLines) {
  EXPECT_EQ(read_all("\xEF\xBB\xBFid,v\r\n1,2\r\n\r\n3,4\r\n"), (Rows{{"id", "v"}, {"1", "2"}, {"3", "4"}}));
  EXPECT_EQ(read_all("\"a\"\r\n\"b\"\r\n"), (Rows{{"a"}, {"b"}}));
}

TEST(CsvReaderTest, TabDelimiter) {
  EXPECT_EQ(read_all("a\tb,c\n", '\t'), (Rows{{"a", "b,c"}}));
}

TEST(CsvReaderTest, LocatesFieldsAcrossEmbeddedNewlines) {
  CsvReader reader("id,x\n\"a\nb\",yy\nz,w\n", ',');
  CsvRecord record;
  ASSERT_EQ(reader.next(record), CsvReader::Next::kRecord);
  ASSERT_EQ(reader.next(record), CsvReader::Next::kRecord);
  EXPECT_EQ(record.line, 2u);
  EXPECT_EQ(record.end_line, 3u);
  EXPECT_EQ(record.fields[1].line, 3u);
  EXPECT_EQ(record.fields[1].column, 4u);
  ASSERT_EQ(reader.next(record), CsvReader::Next::kRecord);
  EXPECT_EQ(record.line, 4u);
  EXPECT_EQ(record.fields[1].column, 3u);
}

TEST(CsvReaderTest, MalformedRecordsAreReportedAndReadingGoesOn) {
  EXPECT_EQ(read_all("a,b\"c\nd,e\n"), (Rows{{"!error"}, {"d", "e"}}));
  EXPECT_EQ(read_all("\"ab\"x,c\nd,e\n"), (Rows{{"!error"}, {"d", "e"}}));
  CsvReader reader("ok\n\"ab\"x,c\n", ',');
  CsvRecord record;
  ASSERT_EQ(reader.next(record), CsvReader::Next::kRecord);
  ASSERT_EQ(reader.next(record), CsvReader::Next::kBadRecord);
  EXPECT_EQ(record.error_line, 2u);
  EXPECT_EQ(record.error_column, 5u);
}

TEST(CsvReaderTest, UnterminatedQuoteIsFatalAtItsOpening) {
  CsvReader reader("id\n1\n2,\"abc\n3\n", ',');
  CsvRecord record;
  ASSERT_EQ(reader.next(record), CsvReader::Next::kRecord);
  ASSERT_EQ(reader.next(record), CsvReader::Next::kRecord);
  ASSERT_EQ(reader.next(record), CsvReader::Next::kFatal);
  EXPECT_EQ(record.error_line, 3u);
  EXPECT_EQ(record.error_column, 3u);
  EXPECT_NE(record.error.find("unterminated"), std::string::npos);
}

TEST(Utf8Test, ValidatesEncodings) {
  EXPECT_TRUE(is_valid_utf8("plain ascii text that is longer than eight bytes"));
  EXPECT_TRUE(is_valid_utf8("华为技术有限公司"));
  EXPECT_TRUE(is_valid_utf8("Telefonaktiebolaget — Ericsson ✓ \xF0\x9F\x93\xA1"));
  EXPECT_FALSE(is_valid_utf8("bad \xFF byte"));
  EXPECT_FALSE(is_valid_utf8("truncated \xE4\xB8"));
  EXPECT_FALSE(is_valid_utf8("overlong \xC0\xAF"));
  EXPECT_FALSE(is_valid_utf8("surrogate \xED\xA0\x80"));
}

// The reader scans unquoted fields sixteen bytes at a time: fields longer than that, with a lone
// carriage return or a stray quote past the first block, must read as the byte-at-a-time rules say.
TEST(CsvReaderTest, LongUnquotedFieldsKeepLoneCarriageReturnsAndLocateStrayQuotes) {
  const std::string long_field = "abcdefghijklmnopqrstuvwxyz\r0123456789";  // \r at byte 27
  EXPECT_EQ(read_all(long_field + ",x\r\n" + long_field + "\n"), (Rows{{long_field, "x"}, {long_field}}));
  CsvReader reader("ok,0123456789abcdefghij\"klm,z\nnext\n", ',');
  CsvRecord record;
  EXPECT_EQ(reader.next(record), CsvReader::Next::kBadRecord);
  EXPECT_EQ(record.error_column, 24u);  // the quote's own column
  EXPECT_EQ(reader.next(record), CsvReader::Next::kRecord);
  EXPECT_EQ(record.fields[0].text, "next");
}

// scan_text against a plain count and the per-field checks, on random mixes of ASCII, line feeds,
// NULs, well-formed multi-byte characters and broken sequences, at every alignment.
TEST(Utf8Test, ScanTextAgreesWithCountingAndChecking) {
  const std::vector<std::string> pieces = {"a",
                                           "bc",
                                           ",",
                                           "\n",
                                           std::string(1, '\0'),
                                           "\xC3\xA9",
                                           "\xE4\xB8\xBA",
                                           "\xFF",
                                           "\xE4\xB8",
                                           "\xF0\x9F\x93\xA1",
                                           "\xED\xA0\x80",
                                           "0123456789abcdef"};
  std::uint32_t seed = 12345;
  const auto next = [&] { return seed = seed * 1664525u + 1013904223u; };
  for (int round = 0; round < 2000; ++round) {
    std::string text;
    const std::size_t count = next() % 40;
    for (std::size_t i = 0; i < count; ++i) text += pieces[(next() >> 8) % pieces.size()];
    const std::string_view view = std::string_view(text).substr(std::min<std::size_t>(text.size(), next() % 3));
    const TextScan scan = scan_text(view);
    EXPECT_EQ(scan.newlines, static_cast<std::uint64_t>(std::count(view.begin(), view.end(), '\n')));
    EXPECT_EQ(scan.clean, view.find('\0') == std::string_view::npos && is_valid_utf8(view));
  }
}

}  // namespace
}  // namespace kitwatch

namespace kitwatch {
namespace {

TEST(CrLineEndsTest, OnlyTextWithCrAndNoLfIsRewritten) {
  EXPECT_EQ(cr_line_ends_as_lf("a,b\r1,2\r"), std::optional<std::string>("a,b\n1,2\n"));
  EXPECT_EQ(cr_line_ends_as_lf("a,b\r\n1,2\r\n"), std::nullopt);     // CRLF: the reader handles it
  EXPECT_EQ(cr_line_ends_as_lf("a,b\n1,\"x\ry\"\n"), std::nullopt);  // a lone CR beside LFs is data
  EXPECT_EQ(cr_line_ends_as_lf("a,b"), std::nullopt);
  // The rewritten text reads as its LF twin, record for record, with the same lines and columns.
  const std::string cr = "id,v\rA,\"x\"\rB,2\r", lf = "id,v\nA,\"x\"\nB,2\n";
  const std::string rewritten = *cr_line_ends_as_lf(cr);
  CsvReader a(rewritten, ','), b(lf, ',');
  CsvRecord ra, rb;
  for (;;) {
    const auto na = a.next(ra), nb = b.next(rb);
    ASSERT_EQ(na, nb);
    if (na != CsvReader::Next::kRecord) break;
    ASSERT_EQ(ra.fields.size(), rb.fields.size());
    EXPECT_EQ(ra.line, rb.line);
    for (std::size_t i = 0; i < ra.fields.size(); ++i) EXPECT_EQ(ra.fields[i].text, rb.fields[i].text);
  }
}

}  // namespace
}  // namespace kitwatch
