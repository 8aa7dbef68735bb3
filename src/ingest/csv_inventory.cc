// CSV/TSV inventories: a header row names the columns; each later record is one element.
#include <fmt/format.h>
#include <algorithm>
#include <cstring>

#include "base/csv_reader.h"
#include "base/threads.h"
#include "ingest/element_row_builder.h"
#include "ingest/field_map.h"
#include "ingest/formats.h"
#include "ingest/parallel_csv.h"

namespace kitwatch {
namespace {

constexpr std::size_t kNoColumn = static_cast<std::size_t>(-1);

Result<CsvColumnPlan> plan_columns(const CsvRecord& header, const std::string& name, char delimiter,
                                   const FieldMap& map, IngestReport& report) {
  if (header.fields.size() == 1) {
    const std::string_view only = header.fields[0].text;
    for (char other : {';', '\t', '|', ','}) {
      if (other != delimiter && only.find(other) != std::string_view::npos) {
        return Status::input(
            SourceLocation{name, header.line, 1, ""},
            fmt::format("the header has a single column but contains '{}': is the delimiter '{}'? "
                        "(this file is read with '{}'; use --input-format or rename the file)",
                        other == '\t' ? "\\t" : std::string(1, other), other == '\t' ? "\\t" : std::string(1, other),
                        delimiter == '\t' ? "\\t" : std::string(1, delimiter)));
      }
    }
  }
  CsvColumnPlan plan;
  std::array<std::size_t, kFieldCount> column_of_field;
  column_of_field.fill(kNoColumn);
  for (std::size_t c = 0; c < header.fields.size(); ++c) {
    const CsvField& column = header.fields[c];
    const auto field = map.lookup(column.text);
    if (!field) {
      plan.field_of_column.push_back(Field::kIgnore);
      report.ignored_columns.emplace_back(column.text);
      continue;
    }
    plan.field_of_column.push_back(*field);
    if (*field == Field::kIgnore) continue;
    auto& seen = column_of_field[static_cast<std::size_t>(*field)];
    if (seen != kNoColumn && *field != Field::kMacs && *field != Field::kTags) {
      return Status::input(SourceLocation{name, header.line, column.column, std::string(column.text)},
                           fmt::format("columns '{}' and '{}' both map to field '{}'; drop one with --map '{}=ignore'",
                                       header.fields[seen].text, column.text, field_name(*field), column.text));
    }
    seen = c;
  }
  if (column_of_field[static_cast<std::size_t>(Field::kId)] == kNoColumn) {
    if (column_of_field[static_cast<std::size_t>(Field::kName)] == kNoColumn) {
      return Status::input(SourceLocation{name, header.line, 1, ""},
                           "the header has no id column (nor a name column to use as the id); "
                           "name it 'id' or map it with --map COLUMN=id");
    }
    plan.name_is_id = true;
  }
  return plan;
}

// Rows in the file, estimated from the line length of its first megabyte, so the store and its
// string pools are sized once instead of growing (and rehashing) many times.
std::size_t estimate_rows(std::string_view bytes) {
  const std::string_view head = bytes.substr(0, 1 << 20);
  const auto lines = static_cast<std::size_t>(std::count(head.begin(), head.end(), '\n'));
  if (lines == 0) return 1;
  return static_cast<std::size_t>(static_cast<double>(bytes.size()) / static_cast<double>(head.size()) *
                                  static_cast<double>(lines) * 1.05);
}

}  // namespace

Status read_csv_inventory(std::string_view bytes, const std::string& name, char delimiter, const IngestOptions& options,
                          ElementStore& store, IngestReport& report) {
  const std::optional<std::string> lf_text = cr_line_ends_as_lf(bytes);
  if (lf_text) bytes = *lf_text;
  auto map = FieldMap::make(options.column_map);
  if (!map.ok()) return map.status();
  // Field sizes are checked per mapped field by the row builder (it names the field).
  CsvReader reader(bytes, delimiter, CsvLimits{UINT64_MAX, options.max_line_bytes});
  CsvRecord record;
  switch (reader.next(record)) {
    case CsvReader::Next::kEnd:
      return Status::input(SourceLocation{name, 1, 0, ""}, "the file is empty (expected a header row)");
    case CsvReader::Next::kRecord:
      break;
    default:
      return Status::input(SourceLocation{name, record.error_line, record.error_column, ""},
                           "cannot read the header row: " + record.error);
  }
  auto plan = plan_columns(record, name, delimiter, *map, report);
  if (!plan.ok()) return plan.status();
  ElementRowBuilder builder(store, options, report, name);
  store.reserve(store.size() + estimate_rows(bytes));
  const unsigned threads = worker_threads(options.threads);
  // The body starts where the header record ended (past its line end); a header that runs to
  // the end of the input leaves none.
  if (const std::size_t body = reader.offset();
      threads > 1 && bytes.size() >= 2 * csv_chunk_bytes(options) && body < bytes.size()) {
    return read_csv_body_parallel(bytes, body, reader.line(), name, delimiter, *plan, options,
                                  scan_text(bytes.substr(0, body)).clean, builder, store, report, threads);
  }
  // Clean text (no NUL, valid UTF-8) lets the row builder skip those checks per field.
  builder.assume_clean_text(scan_text(bytes).clean);
  for (;;) {
    const CsvReader::Next next = reader.next(record);
    if (next == CsvReader::Next::kEnd) break;
    if (next == CsvReader::Next::kFatal) {
      return Status::input(SourceLocation{name, record.error_line, record.error_column, ""}, record.error);
    }
    feed_csv_record(record, next, *plan, 0, builder);
    if (Status s = builder.commit(); !s.ok()) return s;
  }
  return Status();
}

}  // namespace kitwatch
