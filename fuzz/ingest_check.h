// Shared by the inventory fuzz targets: reads the same bytes leniently and strictly, and checks
// the promises ingest.h and element_store.h make about the report and the store, whatever the
// input. Every broken promise aborts (see fuzz_check.h).
#pragma once

#include <cmath>
#include <numeric>
#include <string>
#include <string_view>
#include <vector>

#include "base/csv_reader.h"
#include "base/date.h"
#include "fuzz_check.h"
#include "ingest/ingest.h"
#include "model/element_store.h"

namespace kitwatch::fuzz {

struct IngestRun {
  Status status;
  IngestReport report;
  ElementStore store;
  bool finished = false;  // finish_inventory ran (only after a successful read, as the CLI does)
};

// Few kept errors, so small inputs already reach the cap on first_errors.
inline constexpr std::size_t kErrorsKept = 3;

inline IngestOptions fuzz_options(InputFormat format, bool strict, IngestOptions options = {}) {
  options.format = format;
  options.strict = strict;
  options.errors_kept = kErrorsKept;
  return options;
}

inline bool is_trimmed(std::string_view text) {
  return text.empty() || (text.front() != ' ' && text.front() != '\t' && text.back() != ' ' && text.back() != '\t');
}

// Text that check_text() let through: valid UTF-8 without NUL bytes.
inline bool is_clean_text(std::string_view text) {
  return text.find('\0') == std::string_view::npos && is_valid_utf8(text);
}

inline void check_report(const IngestRun& run, const IngestOptions& options, const std::string& name) {
  const IngestReport& r = run.report;
  KITWATCH_FUZZ_CHECK(r.rows_read == r.accepted + r.rejected);
  KITWATCH_FUZZ_CHECK(run.store.size() == r.accepted);
  std::uint64_t by_reason = 0;
  for (const auto& [reason, count] : r.rejected_by_reason) {
    KITWATCH_FUZZ_CHECK(!reason.empty() && count > 0);
    by_reason += count;
  }
  KITWATCH_FUZZ_CHECK(by_reason == r.rejected);
  KITWATCH_FUZZ_CHECK(r.first_errors.size() <= options.errors_kept);
  // Lenient mode keeps the first errors_kept rejections; strict mode returns its one instead.
  if (!options.strict)
    KITWATCH_FUZZ_CHECK(r.first_errors.size() == std::min<std::uint64_t>(r.rejected, options.errors_kept));
  if (options.strict) KITWATCH_FUZZ_CHECK(r.rejected <= 1);
  for (const RowError& e : r.first_errors) {
    // Input errors carry a location: the file and at least the line.
    KITWATCH_FUZZ_CHECK(e.where.file == name);
    KITWATCH_FUZZ_CHECK(e.where.line >= 1);
    KITWATCH_FUZZ_CHECK(!e.reason.empty() && !e.message.empty());
    KITWATCH_FUZZ_CHECK(r.rejected_by_reason.contains(e.reason));
  }
  KITWATCH_FUZZ_CHECK(r.first_dangling.size() <= options.errors_kept);
  KITWATCH_FUZZ_CHECK(r.first_dangling.size() <= r.dangling_uplinks);
  if (!run.status.ok()) KITWATCH_FUZZ_CHECK(run.status.kind() == ErrorKind::kInput);
}

// The tag set is canonical: splitting it on ';' and canonicalising again gives it back.
inline void check_tag_set(std::string_view tags) {
  std::vector<std::string_view> parts;
  for (std::size_t start = 0; start <= tags.size();) {
    std::size_t end = tags.find(';', start);
    if (end == std::string_view::npos) end = tags.size();
    if (!tags.empty()) {
      KITWATCH_FUZZ_CHECK(end > start);  // no empty tags
      parts.push_back(tags.substr(start, end - start));
    }
    start = end + 1;
  }
  std::vector<std::string> scratch;
  std::string again;
  canonical_tags(parts, scratch, again);
  KITWATCH_FUZZ_CHECK(again == tags);
}

inline void check_element(const ElementStore& s, ElementIndex e) {
  const std::string_view id = s.id_of(e);
  KITWATCH_FUZZ_CHECK(!id.empty() && is_trimmed(id) && is_clean_text(id));
  KITWATCH_FUZZ_CHECK(s.find(id) == e);
  for (std::string_view text : {s.names.view(s.name[e]), s.sites.view(s.site[e]), s.regions.view(s.region[e]),
                                s.vendors.view(s.declared_vendor[e]), s.models.view(s.model[e]),
                                s.software_versions.view(s.software_version[e]), s.serials.view(s.serial[e]),
                                s.uplink_refs.view(s.uplink_ref[e])}) {
    KITWATCH_FUZZ_CHECK(is_trimmed(text) && is_clean_text(text));
  }
  check_tag_set(s.tag_sets.view(s.tag_set[e]));
  KITWATCH_FUZZ_CHECK(static_cast<std::size_t>(s.function[e]) < kFunctionCount);
  if (s.installed[e] != kNoDate) {
    const Date d = Date::from_days(s.installed[e]);
    KITWATCH_FUZZ_CHECK(Date::parse(d.to_string()) == d);
  }
  KITWATCH_FUZZ_CHECK(std::isfinite(s.traffic[e]) && s.traffic[e] >= 0);
  KITWATCH_FUZZ_CHECK(std::isfinite(s.subscribers[e]) && s.subscribers[e] >= 0);
  KITWATCH_FUZZ_CHECK(s.mac_begin[e] <= s.mac_begin[e + 1]);
  for (Mac mac : s.macs_of(e)) KITWATCH_FUZZ_CHECK(mac < (Mac{1} << 48));
  KITWATCH_FUZZ_CHECK(s.origin[e].file < s.source_files.size() && s.origin[e].line >= 1);
}

inline void check_store(const IngestRun& run) {
  const ElementStore& s = run.store;
  const std::size_t n = s.size();
  KITWATCH_FUZZ_CHECK(s.ids.size() == n + 1);  // the empty string plus one id per element
  KITWATCH_FUZZ_CHECK(s.mac_begin.size() == n + 1 && s.mac_begin.back() == s.macs.size());
  for (const auto* column : {&s.name, &s.site, &s.region, &s.declared_vendor, &s.model, &s.software_version, &s.serial,
                             &s.tag_set, &s.uplink_ref}) {
    KITWATCH_FUZZ_CHECK(column->size() == n);
  }
  KITWATCH_FUZZ_CHECK(s.function.size() == n && s.installed.size() == n && s.traffic.size() == n &&
                      s.subscribers.size() == n && s.origin.size() == n);
  for (ElementIndex e = 0; e < n; ++e) check_element(s, e);
  if (!run.finished) return;
  // After finish_inventory every uplink is resolved or counted as dangling.
  KITWATCH_FUZZ_CHECK(s.uplink.size() == n);
  std::uint64_t dangling = 0;
  for (ElementIndex e = 0; e < n; ++e) {
    const std::string_view ref = s.uplink_refs.view(s.uplink_ref[e]);
    if (s.uplink[e] == kNoElement) {
      dangling += ref.empty() ? 0 : 1;
    } else {
      KITWATCH_FUZZ_CHECK(s.uplink[e] < n && s.id_of(s.uplink[e]) == ref);
    }
  }
  KITWATCH_FUZZ_CHECK(dangling == run.report.dangling_uplinks);
}

inline void run_ingest(std::string_view bytes, const std::string& name, const IngestOptions& options, IngestRun& run) {
  run.status = ingest_inventory_bytes(bytes, name, options, run.store, run.report);
  if (run.status.ok()) {
    run.status = finish_inventory(options, run.store, run.report);
    run.finished = true;
  }
  check_report(run, options, name);
  check_store(run);
}

// Reads bytes as format leniently and strictly, checks both, and checks that they agree: strict
// mode succeeds exactly when lenient mode succeeds without a rejected row or dangling uplink,
// and then both hold the same elements. base supplies any other options (e.g. NetBox MAC files).
inline void check_inventory(std::string_view bytes, InputFormat format, const std::string& name,
                            const IngestOptions& base = {}) {
  const IngestOptions lenient_options = fuzz_options(format, false, base);
  const IngestOptions strict_options = fuzz_options(format, true, base);
  IngestRun lenient, strict;
  run_ingest(bytes, name, lenient_options, lenient);
  run_ingest(bytes, name, strict_options, strict);
  const bool clean = lenient.status.ok() && lenient.report.rejected == 0 && lenient.report.dangling_uplinks == 0;
  KITWATCH_FUZZ_CHECK(strict.status.ok() == clean);
  if (clean) {
    KITWATCH_FUZZ_CHECK(strict.store.size() == lenient.store.size());
    for (ElementIndex e = 0; e < lenient.store.size(); ++e) {
      KITWATCH_FUZZ_CHECK(strict.store.id_of(e) == lenient.store.id_of(e));
    }
  }
}

}  // namespace kitwatch::fuzz
