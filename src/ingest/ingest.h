// Ingest: inventory and link files → the element store, with a count of every row read,
// accepted and rejected, and the location of each rejection.
//
// Formats: CSV/TSV (RFC 4180), a JSON array of element objects, NDJSON (one object per line), and
// NetBox's device API pages and device CSV export. Column and key names go through one alias
// table (field_map.h) that users extend with --map.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/read_file.h"
#include "base/status.h"
#include "model/element_store.h"

namespace kitwatch {

enum class InputFormat { kAuto, kCsv, kTsv, kJson, kNdjson, kNetboxJson };

// How a NetBox (or any) role name becomes a network function: the user's exact entries first,
// then the documented keyword rules (see docs/input-formats.md).
struct RoleMap {
  std::vector<std::pair<std::string, std::string>> exact;  // lower-case role → function name
  Function map(std::string_view role) const;
  // Adds role → function (the role matched case-insensitively); false when function names none.
  bool add(std::string role, const std::string& function);
};

struct IngestOptions {
  InputFormat format = InputFormat::kAuto;
  bool strict = false;                                          // stop at the first bad row
  std::vector<std::pair<std::string, std::string>> column_map;  // --map column=field
  RoleMap role_map;
  std::string software_field;                 // NetBox custom field holding the software version, if any
  std::vector<std::string> netbox_mac_files;  // saved /api/dcim/mac-addresses/ or interfaces pages
  std::size_t errors_kept = 20;               // how many rejections to keep with their location
  // Input limits (docs/limits.md): each is enforced with a located error and has a flag. The
  // defaults are far above any real inventory (a 10M-row national one has ~200-byte lines).
  std::uint64_t max_field_bytes = 1u << 20;             // --max-field-bytes: a longer field rejects its row
  std::uint64_t max_line_bytes = 16u << 20;             // --max-line-bytes: a longer CSV record or NDJSON line
  std::size_t max_depth = 64;                           // --max-depth: deeper JSON nesting ends the read
  std::uint64_t max_file_bytes = kDefaultMaxFileBytes;  // --max-file-bytes: a larger input file is refused
  // How a large CSV file is read; the result never depends on these (parallel_csv.h).
  unsigned threads = 0;         // 0 = worker_threads() (base/threads.h); 1 = the one-threaded reader
  std::size_t chunk_bytes = 0;  // bytes per parallel chunk; 0 = 4 MiB (tests cut small inputs finer)
  // Told (bytes read, bytes in the file) as a large CSV file is read, from the reading thread;
  // for progress bars. Empty (the default): no progress.
  std::function<void(std::uint64_t done, std::uint64_t total)> progress;
  // Told the byte ranges [begin, end) of the input the parallel CSV reader no longer needs, as it
  // stores them; ingest_inventory drops a mapped file's pages there, so the mapping does not stay
  // resident beside the store. Empty (the default): nothing is released.
  std::function<void(std::size_t begin, std::size_t end)> release_bytes;
  // Put in front of every id and uplink this file gives (--id-prefix FILE=PREFIX), so two
  // inventories that use the same ids can be read together.
  std::string id_prefix;
};

// One rejected row or record.
struct RowError {
  SourceLocation where;
  std::string reason;  // short category, e.g. "bad MAC", "duplicate id"
  std::string message;
};

struct IngestReport {
  std::vector<std::string> files;
  std::uint64_t bytes = 0;
  std::uint64_t rows_read = 0;  // data rows seen (headers and blank lines excluded)
  std::uint64_t accepted = 0;
  std::uint64_t rejected = 0;  // rows_read == accepted + rejected, always
  std::map<std::string, std::uint64_t> rejected_by_reason;
  std::vector<RowError> first_errors;        // the first IngestOptions::errors_kept rejections
  std::vector<std::string> ignored_columns;  // input columns that map to no field
  std::uint64_t dangling_uplinks = 0;        // accepted elements whose uplink names no element
  std::vector<RowError> first_dangling;
  // Accepted elements installed before 1970 or after 2100: kept as given, but said (a placeholder
  // such as 9999-12-31 puts an element after every as-of date, so it is in no share or rule).
  std::uint64_t implausible_installed = 0;
  std::vector<RowError> first_implausible_installed;

  void reject(RowError error, std::size_t keep);
  // Counts a rejected row; in strict mode returns it as the input error that ends the read.
  Status reject(RowError error, const IngestOptions& options);
};

// Reads an inventory file into store. In strict mode the first bad row ends the read with an
// input error; otherwise bad rows are counted in report and skipped. Structural damage that makes
// the rest of a file unreadable (an unterminated quote, malformed JSON) is always an error.
Status ingest_inventory(const std::string& path, const IngestOptions& options, ElementStore& store,
                        IngestReport& report);
// The same, from bytes in memory; name is used in locations.
Status ingest_inventory_bytes(std::string_view bytes, const std::string& name, const IngestOptions& options,
                              ElementStore& store, IngestReport& report);
// After every inventory file is read: resolves uplinks and reports dangling ones (an error in
// strict mode).
Status finish_inventory(const IngestOptions& options, ElementStore& store, IngestReport& report);

// Reads a links CSV (a, b, optional cost and capacity) whose endpoints are element ids.
Status ingest_links(const std::string& path, const IngestOptions& options, const ElementStore& store, LinkTable& links,
                    IngestReport& report);

InputFormat detect_format(const std::string& path, std::string_view head);
// auto, csv, tsv, json, ndjson or netbox; nullopt for any other name.
std::optional<InputFormat> parse_input_format(std::string_view name);

// An input error (at file:1:1) when an input of size bytes is over options.max_file_bytes.
Status check_file_size(const std::string& path, std::uint64_t size, const IngestOptions& options);

// The row accounting every run must keep: each row read was accepted or rejected, exactly once,
// and each accepted row is one element in the store. A violation is an internal error (exit 4).
Status check_row_accounting(const IngestReport& report, std::size_t elements);

}  // namespace kitwatch
