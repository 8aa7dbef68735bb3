// Shared by the fuzz targets of the files that join known elements (links, demands): the fixed
// elements their rows may name, and the promises every such read keeps about its report and
// table, whatever the input. Every broken promise aborts (see fuzz_check.h).
#pragma once

#include <cstddef>
#include <string_view>

#include "fuzz_check.h"
#include "ingest/ingest.h"
#include "model/element_store.h"

namespace kitwatch::fuzz {

// A few elements, one with a space in its id.
inline const ElementStore& known_elements() {
  static const ElementStore store = [] {
    ElementStore s;
    for (std::string_view id : {"a", "b", "core-1", "agg-1", "olt-7", "cpe 9"}) {
      ElementRow row;
      row.id = id;
      row.origin.line = 1;
      s.append(row);
    }
    return s;
  }();
  return store;
}

// Every row read is accepted or rejected, once; the table holds the accepted rows; the kept
// errors are capped and located; a failed read is an input error.
inline void check_edge_read(const Status& status, const IngestReport& r, std::size_t table_rows,
                            const IngestOptions& options) {
  KITWATCH_FUZZ_CHECK(r.rows_read == r.accepted + r.rejected);
  KITWATCH_FUZZ_CHECK(table_rows == r.accepted);
  KITWATCH_FUZZ_CHECK(r.first_errors.size() <= options.errors_kept);
  if (options.strict) KITWATCH_FUZZ_CHECK(r.rejected <= 1);
  for (const RowError& e : r.first_errors) KITWATCH_FUZZ_CHECK(e.where.line >= 1 && !e.reason.empty());
  if (!status.ok()) {
    KITWATCH_FUZZ_CHECK(status.kind() == ErrorKind::kInput && !status.message().empty());
  }
}

// Few kept errors, so small inputs already reach the cap.
inline IngestOptions edge_options(bool strict) {
  IngestOptions options;
  options.strict = strict;
  options.errors_kept = 3;
  return options;
}

}  // namespace kitwatch::fuzz
