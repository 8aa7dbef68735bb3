// Demands CSV: src, dst (element ids) and an optional volume (default 1).
#include <fmt/format.h>
#include <charconv>
#include <cmath>
#include <limits>

#include "base/csv_reader.h"
#include "base/mapped_file.h"
#include "topology/topology.h"

namespace kitwatch {
namespace {

enum DemandColumn : std::size_t { kSrc, kDst, kVolume, kDemandColumns };

std::string lower_trimmed(std::string_view text) {
  while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
  while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::optional<std::size_t> demand_column(std::string_view header) {
  const std::string n = lower_trimmed(header);
  if (n == "src" || n == "source" || n == "from" || n == "a" || n == "origin") return kSrc;
  if (n == "dst" || n == "destination" || n == "target" || n == "to" || n == "b") return kDst;
  if (n == "volume" || n == "demand" || n == "traffic" || n == "value") return kVolume;
  return std::nullopt;
}

bool parse_volume(std::string_view text, double& out) {
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc() && end == text.data() + text.size() && std::isfinite(out) && out >= 0;
}

struct DemandReader {
  const std::string& name;
  const IngestOptions& options;
  const ElementStore& store;
  DemandTable& demands;
  IngestReport& report;
  std::array<std::size_t, kDemandColumns> column{};
  std::size_t width = 0;
  double total = 0;  // of the accepted volumes

  // Accepts the record, or fills error and returns false.
  bool accept(const CsvRecord& record, RowError& error) {
    auto reject = [&](std::uint64_t col, std::string field, std::string reason, std::string message) {
      error = RowError{SourceLocation{name, record.line, col, std::move(field)}, std::move(reason), std::move(message)};
      return false;
    };
    if (record.fields.size() != width) {
      return reject(1, "", "wrong column count",
                    fmt::format("expected {} fields, found {}", width, record.fields.size()));
    }
    const CsvField& fs = record.fields[column[kSrc]];
    const CsvField& ft = record.fields[column[kDst]];
    const ElementIndex s = store.find(fs.text), t = store.find(ft.text);
    if (s == kNoElement)
      return reject(fs.column, "src", "unknown endpoint", fmt::format("'{}' names no element", fs.text.substr(0, 60)));
    if (t == kNoElement)
      return reject(ft.column, "dst", "unknown endpoint", fmt::format("'{}' names no element", ft.text.substr(0, 60)));
    double volume = 1;
    if (column[kVolume] != SIZE_MAX && !record.fields[column[kVolume]].text.empty() &&
        !parse_volume(record.fields[column[kVolume]].text, volume)) {
      return reject(record.fields[column[kVolume]].column, "volume", "bad volume", "expected a non-negative number");
    }
    demands.add(s, t, volume, record.line);
    return true;
  }

  Status read(std::string_view bytes) {
    const std::optional<std::string> lf_text = cr_line_ends_as_lf(bytes);
    if (lf_text) bytes = *lf_text;
    CsvReader reader(bytes, name.ends_with(".tsv") ? '\t' : ',',
                     CsvLimits{options.max_field_bytes, options.max_line_bytes});
    CsvRecord record;
    if (const CsvReader::Next first = reader.next(record); first != CsvReader::Next::kRecord) {
      // A header the reader refused (an unterminated quote, a limit) says why, where.
      if (first != CsvReader::Next::kEnd) {
        return Status::input(SourceLocation{name, record.error_line, record.error_column, ""},
                             "cannot read the header row: " + record.error);
      }
      return Status::input(SourceLocation{name, 1, 0, ""}, "expected a header row naming columns src and dst");
    }
    column.fill(SIZE_MAX);
    for (std::size_t c = 0; c < record.fields.size(); ++c) {
      if (auto which = demand_column(record.fields[c].text)) column[*which] = c;
    }
    if (column[kSrc] == SIZE_MAX || column[kDst] == SIZE_MAX) {
      return Status::input(SourceLocation{name, record.line, 1, ""}, "the header needs columns 'src' and 'dst'");
    }
    width = record.fields.size();
    for (;;) {
      const CsvReader::Next next = reader.next(record);
      if (next == CsvReader::Next::kEnd) return Status();
      if (next == CsvReader::Next::kFatal) {
        return Status::input(SourceLocation{name, record.error_line, record.error_column, ""}, record.error);
      }
      ++report.rows_read;
      RowError error;
      if (next == CsvReader::Next::kBadRecord) {
        error = RowError{SourceLocation{name, record.line, record.error_column, ""}, "malformed CSV", record.error};
      } else if (accept(record, error)) {
        ++report.accepted;
        // Exposure shares divide volumes by their sum: a sum that overflows would print inf and nan.
        total += demands.volume.back();
        if (!std::isfinite(total)) {
          return Status::input(SourceLocation{name, record.line, record.fields[column[kVolume]].column, "volume"},
                               fmt::format("the volumes sum past the largest number a figure can hold ({:.3g}): "
                                           "check the unit of the column",
                                           std::numeric_limits<double>::max()));
        }
        continue;
      }
      if (Status s = report.reject(std::move(error), options); !s.ok()) return s;
    }
  }
};

}  // namespace

Status ingest_demands_bytes(std::string_view bytes, const std::string& name, const IngestOptions& options,
                            const ElementStore& store, DemandTable& demands, IngestReport& report) {
  report.files.push_back(name);
  report.bytes += bytes.size();
  demands.file = name;
  DemandReader reader{name, options, store, demands, report};
  return reader.read(bytes);
}

Status ingest_demands(const std::string& path, const IngestOptions& options, const ElementStore& store,
                      DemandTable& demands, IngestReport& report) {
  auto file = MappedFile::open(path, "demands file");
  if (!file.ok()) return file.status();
  if (Status s = check_file_size(path, file->bytes().size(), options); !s.ok()) return s;
  return ingest_demands_bytes(file->bytes(), path, options, store, demands, report);
}

}  // namespace kitwatch
