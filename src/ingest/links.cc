// Links CSV: a, b (element ids), optional cost (default 1) and capacity (default 0 = unknown).
#include <fmt/format.h>
#include <charconv>
#include <cmath>

#include "base/csv_reader.h"
#include "base/mapped_file.h"
#include "ingest/field_map.h"
#include "ingest/formats.h"

namespace kitwatch {
namespace {

enum LinkColumn : std::size_t { kA, kB, kCost, kCapacity, kLinkColumns };

std::optional<std::size_t> link_column(std::string_view header) {
  const std::string n = normalize_column_name(header);
  if (n == "a" || n == "src" || n == "source" || n == "from" || n == "node_a") return kA;
  if (n == "b" || n == "dst" || n == "target" || n == "to" || n == "node_b") return kB;
  if (n == "cost" || n == "weight" || n == "metric") return kCost;
  if (n == "capacity" || n == "bandwidth") return kCapacity;
  return std::nullopt;
}

bool parse_positive(std::string_view text, double& out) {
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc() && end == text.data() + text.size() && std::isfinite(out) && out >= 0;
}

}  // namespace

Status ingest_links(const std::string& path, const IngestOptions& options, const ElementStore& store, LinkTable& links,
                    IngestReport& report) {
  auto file = MappedFile::open(path, "links file");
  if (!file.ok()) return file.status();
  if (Status s = check_file_size(path, file->bytes().size(), options); !s.ok()) return s;
  const std::optional<std::string> lf_text = cr_line_ends_as_lf(file->bytes());
  const std::string_view bytes = lf_text ? std::string_view(*lf_text) : file->bytes();
  report.files.push_back(path);
  report.bytes += bytes.size();
  CsvReader reader(bytes, path.ends_with(".tsv") ? '\t' : ',',
                   CsvLimits{options.max_field_bytes, options.max_line_bytes});
  CsvRecord record;
  if (const CsvReader::Next first = reader.next(record); first != CsvReader::Next::kRecord) {
    // A header the reader refused (an unterminated quote, a limit) says why, where.
    if (first != CsvReader::Next::kEnd) {
      return Status::input(SourceLocation{path, record.error_line, record.error_column, ""},
                           "cannot read the header row: " + record.error);
    }
    return Status::input(SourceLocation{path, 1, 0, ""}, "expected a header row naming columns a and b");
  }
  std::array<std::size_t, kLinkColumns> column;
  column.fill(SIZE_MAX);
  for (std::size_t c = 0; c < record.fields.size(); ++c) {
    if (auto which = link_column(record.fields[c].text)) column[*which] = c;
  }
  if (column[kA] == SIZE_MAX || column[kB] == SIZE_MAX) {
    return Status::input(SourceLocation{path, record.line, 1, ""},
                         "the header needs columns 'a' and 'b' (element ids)");
  }
  const std::size_t width = record.fields.size();
  for (;;) {
    const CsvReader::Next next = reader.next(record);
    if (next == CsvReader::Next::kEnd) break;
    if (next == CsvReader::Next::kFatal) {
      return Status::input(SourceLocation{path, record.error_line, record.error_column, ""}, record.error);
    }
    ++report.rows_read;
    RowError error;
    auto reject = [&](std::uint64_t col, std::string field, std::string reason, std::string message) {
      error = RowError{SourceLocation{path, record.line, col, std::move(field)}, std::move(reason), std::move(message)};
    };
    if (next == CsvReader::Next::kBadRecord) {
      reject(record.error_column, "", "malformed CSV", record.error);
    } else if (record.fields.size() != width) {
      reject(1, "", "wrong column count", fmt::format("expected {} fields, found {}", width, record.fields.size()));
    } else {
      const CsvField& fa = record.fields[column[kA]];
      const CsvField& fb = record.fields[column[kB]];
      const ElementIndex a = store.find(fa.text), b = store.find(fb.text);
      double cost = 1, capacity = 0;
      if (a == kNoElement) {
        reject(fa.column, "a", "unknown endpoint", fmt::format("'{}' names no element", fa.text.substr(0, 60)));
      } else if (b == kNoElement) {
        reject(fb.column, "b", "unknown endpoint", fmt::format("'{}' names no element", fb.text.substr(0, 60)));
      } else if (column[kCost] != SIZE_MAX && !record.fields[column[kCost]].text.empty() &&
                 (!parse_positive(record.fields[column[kCost]].text, cost) || cost <= 0)) {
        reject(record.fields[column[kCost]].column, "cost", "bad cost", "expected a positive number");
      } else if (column[kCapacity] != SIZE_MAX && !record.fields[column[kCapacity]].text.empty() &&
                 !parse_positive(record.fields[column[kCapacity]].text, capacity)) {
        reject(record.fields[column[kCapacity]].column, "capacity", "bad capacity", "expected a non-negative number");
      } else {
        links.a.push_back(a);
        links.b.push_back(b);
        links.cost.push_back(cost);
        links.capacity.push_back(capacity);
        ++report.accepted;
        continue;
      }
    }
    if (Status s = report.reject(std::move(error), options); !s.ok()) return s;
  }
  return Status();
}

}  // namespace kitwatch
