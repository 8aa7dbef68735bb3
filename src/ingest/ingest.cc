#include "ingest/ingest.h"

#include <cctype>

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>

#include "base/mapped_file.h"
#include "ingest/formats.h"

namespace kitwatch {
namespace {

bool ends_with_ci(std::string_view text, std::string_view suffix) {
  if (text.size() < suffix.size()) return false;
  return std::equal(suffix.begin(), suffix.end(), text.end() - static_cast<std::ptrdiff_t>(suffix.size()),
                    [](char a, char b) { return a == std::tolower(static_cast<unsigned char>(b)); });
}

std::string_view first_non_space(std::string_view head) {
  if (head.starts_with("\xEF\xBB\xBF")) head.remove_prefix(3);
  while (!head.empty() &&
         (head.front() == ' ' || head.front() == '\n' || head.front() == '\r' || head.front() == '\t')) {
    head.remove_prefix(1);
  }
  return head;
}

}  // namespace

void IngestReport::reject(RowError error, std::size_t keep) {
  ++rejected;
  ++rejected_by_reason[error.reason];
  if (first_errors.size() < keep) first_errors.push_back(std::move(error));
}

Status IngestReport::reject(RowError error, const IngestOptions& options) {
  if (!options.strict) {
    reject(std::move(error), options.errors_kept);
    return Status();
  }
  ++rejected;
  ++rejected_by_reason[error.reason];
  return Status::input(error.where, error.message);
}

InputFormat detect_format(const std::string& path, std::string_view head) {
  if (ends_with_ci(path, ".tsv") || ends_with_ci(path, ".tab")) return InputFormat::kTsv;
  if (ends_with_ci(path, ".ndjson") || ends_with_ci(path, ".jsonl")) return InputFormat::kNdjson;
  const std::string_view start = first_non_space(head);
  if (ends_with_ci(path, ".json") || start.starts_with('[') || start.starts_with('{')) {
    // A NetBox API page is an object with "results"; a bare object per line is NDJSON.
    const std::string_view window = start.substr(0, 4096);
    const bool has_results = window.find("\"results\"") != std::string_view::npos;
    if (start.starts_with('{')) return has_results ? InputFormat::kNetboxJson : InputFormat::kNdjson;
    // Several NetBox pages saved as one array: [{"count": ..., "results": [...]}, ...].
    return has_results ? InputFormat::kNetboxJson : InputFormat::kJson;
  }
  return InputFormat::kCsv;
}

Status ingest_inventory_bytes(std::string_view bytes, const std::string& name, const IngestOptions& options,
                              ElementStore& store, IngestReport& report) {
  report.files.push_back(name);
  report.bytes += bytes.size();
  InputFormat format = options.format;
  if (format == InputFormat::kAuto) format = detect_format(name, bytes.substr(0, 8192));
  switch (format) {
    case InputFormat::kTsv:
      return read_csv_inventory(bytes, name, '\t', options, store, report);
    case InputFormat::kJson:
      return read_json_inventory(bytes, name, false, options, store, report);
    case InputFormat::kNdjson:
      return read_json_inventory(bytes, name, true, options, store, report);
    case InputFormat::kNetboxJson:
      return read_netbox_devices(bytes, name, options, store, report);
    case InputFormat::kCsv:
    case InputFormat::kAuto:
      break;
  }
  return read_csv_inventory(bytes, name, ',', options, store, report);
}

Status ingest_inventory(const std::string& path, const IngestOptions& options, ElementStore& store,
                        IngestReport& report) {
  auto file = MappedFile::open(path, "inventory");
  if (!file.ok()) return file.status();
  if (Status s = check_file_size(path, file->bytes().size(), options); !s.ok()) return s;
  IngestOptions releasing = options;
  releasing.release_bytes = [&file](std::size_t begin, std::size_t end) { file->release(begin, end); };
  return ingest_inventory_bytes(file->bytes(), path, releasing, store, report);
}

Status check_file_size(const std::string& path, std::uint64_t size, const IngestOptions& options) {
  return check_file_size(path, size, options.max_file_bytes);
}

Status check_row_accounting(const IngestReport& report, std::size_t elements) {
  if (report.rows_read != report.accepted + report.rejected) {
    return Status::internal(fmt::format("row accounting failed: {} rows read but {} accepted and {} rejected",
                                        report.rows_read, report.accepted, report.rejected));
  }
  if (report.accepted != elements) {
    return Status::internal(
        fmt::format("row accounting failed: {} rows accepted but {} elements stored", report.accepted, elements));
  }
  return Status();
}

Status finish_inventory(const IngestOptions& options, ElementStore& store, IngestReport& report) {
  const std::vector<ElementIndex> dangling = store.link_uplinks();
  report.dangling_uplinks = dangling.size();
  for (ElementIndex e : dangling) {
    if (report.first_dangling.size() >= options.errors_kept) break;
    const RowOrigin& o = store.origin[e];
    report.first_dangling.push_back(RowError{SourceLocation{store.source_files[o.file], o.line, 0, "uplink"},
                                             "unknown uplink",
                                             fmt::format("uplink '{}' of element '{}' names no element",
                                                         store.uplink_refs.view(store.uplink_ref[e]), store.id_of(e))});
  }
  if (options.strict && !dangling.empty()) {
    const RowError& first = report.first_dangling.front();
    return Status::input(first.where, first.message);
  }
  // Every figure is a sum of these columns: one that overflows to infinity would end in a
  // meaningless share (or a failed conservation check), so it is refused where it overflows.
  for (const auto& [name, column] :
       {std::pair{"traffic", &store.traffic}, std::pair{"subscribers", &store.subscribers}}) {
    double sum = 0;
    for (ElementIndex e = 0; e < store.size(); ++e) {
      sum += (*column)[e];
      if (std::isfinite(sum)) continue;
      const RowOrigin& o = store.origin[e];
      return Status::input(
          SourceLocation{store.source_files[o.file], o.line, 0, name},
          fmt::format("the {} column sums past the largest number a figure can hold ({:.3g}) at element '{}': check "
                      "the unit of the column",
                      name, std::numeric_limits<double>::max(), store.id_of(e)));
    }
  }
  const std::int32_t earliest = Date::from_ymd(1970, 1, 1)->days(), latest = Date::from_ymd(2100, 12, 31)->days();
  report.implausible_installed = 0;
  report.first_implausible_installed.clear();
  for (ElementIndex e = 0; e < store.size(); ++e) {
    const std::int32_t installed = store.installed[e];
    if (installed == kNoDate || (installed >= earliest && installed <= latest)) continue;
    ++report.implausible_installed;
    if (report.first_implausible_installed.size() >= options.errors_kept) continue;
    const RowOrigin& o = store.origin[e];
    report.first_implausible_installed.push_back(
        RowError{SourceLocation{store.source_files[o.file], o.line, 0, "installed"}, "implausible date",
                 fmt::format("element '{}' installed {} (kept as given: a placeholder?)", store.id_of(e),
                             Date::from_days(installed).to_string())});
  }
  return Status();
}

bool RoleMap::add(std::string role, const std::string& function) {
  if (!parse_function(function)) return false;
  for (char& c : role) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  exact.emplace_back(std::move(role), function);
  return true;
}

std::optional<InputFormat> parse_input_format(std::string_view name) {
  static const std::pair<std::string_view, InputFormat> kFormats[] = {
      {"auto", InputFormat::kAuto}, {"csv", InputFormat::kCsv},       {"tsv", InputFormat::kTsv},
      {"json", InputFormat::kJson}, {"ndjson", InputFormat::kNdjson}, {"netbox", InputFormat::kNetboxJson}};
  for (const auto& [known, format] : kFormats) {
    if (name == known) return format;
  }
  return std::nullopt;
}

Function RoleMap::map(std::string_view role) const {
  std::string lower(role);
  std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
  for (const auto& [name, function] : exact) {
    if (name == lower) {
      if (auto f = parse_function(function)) return *f;
    }
  }
  if (auto f = parse_function(lower)) return *f;
  // Documented keyword rules over the role's words, first match wins (docs/input-formats.md).
  static const std::pair<std::string_view, Function> kKeywords[] = {
      {"cpe", Function::kCpe},
      {"ont", Function::kCpe},
      {"customer", Function::kCpe},
      {"home", Function::kCpe},
      {"core", Function::kCore},
      {"transport", Function::kTransport},
      {"optical", Function::kTransport},
      {"dwdm", Function::kTransport},
      {"backbone", Function::kTransport},
      {"aggregation", Function::kAggregation},
      {"distribution", Function::kAggregation},
      {"olt", Function::kAccess},
      {"dslam", Function::kAccess},
      {"msan", Function::kAccess},
      {"access", Function::kAccess},
      {"ran", Function::kRan},
      {"radio", Function::kRan},
      {"bts", Function::kRan},
      {"nodeb", Function::kRan},
      {"enodeb", Function::kRan},
      {"gnodeb", Function::kRan},
      {"management", Function::kManagement},
      {"oob", Function::kManagement},
      {"console", Function::kManagement},
  };
  std::vector<std::string_view> words;
  std::string_view rest = lower;
  while (!rest.empty()) {
    std::size_t i = 0;
    while (i < rest.size() && std::isalnum(static_cast<unsigned char>(rest[i]))) ++i;
    if (i > 0) words.push_back(rest.substr(0, i));
    rest.remove_prefix(std::min(rest.size(), i + 1));
  }
  for (const auto& [keyword, function] : kKeywords) {
    if (std::find(words.begin(), words.end(), keyword) != words.end()) return function;
  }
  return Function::kOther;
}

}  // namespace kitwatch
