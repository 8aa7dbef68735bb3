// Reads the data rows of a large CSV inventory on several threads with exactly the result of the
// one-threaded reader (csv_inventory.cc): the same store (same element order, the same interned
// ids in every string pool), the same counts and the same rejections in the same order.
//
// How: the body is cut into chunks at line starts. Worker threads parse and validate the chunks
// (CsvReader + ElementRowBuilder::validate). The calling thread then takes chunks in input order
// and interns the ids (which decides duplicates); two more threads intern the other columns, each
// pool always from one thread in row order. A chunk whose start turns out to sit inside a record
// (a quoted field spanning the cut) is parsed again from where the previous chunk really ended.
//
// Thread safety: one call uses the store and report exclusively; nothing is shared between calls.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "base/csv_reader.h"
#include "base/status.h"
#include "ingest/element_row_builder.h"
#include "ingest/field_map.h"
#include "ingest/ingest.h"
#include "model/element_store.h"

namespace kitwatch {

// Bytes per chunk of the parallel reader (IngestOptions::chunk_bytes, or its default).
std::size_t csv_chunk_bytes(const IngestOptions& options);

// The mapping of CSV columns to fields, from the header.
struct CsvColumnPlan {
  std::vector<Field> field_of_column;  // kIgnore for unmapped columns
  bool name_is_id = false;             // no id column: the name column doubles as the id
};

// Hands one record (as CsvReader::next returned it) to the builder: its fields, or the reason it
// is rejected. line_shift is added to every line number (for readers started mid-file).
void feed_csv_record(const CsvRecord& record, CsvReader::Next next, const CsvColumnPlan& plan, std::int64_t line_shift,
                     ElementRowBuilder& builder);

// Reads the rows of bytes[body_begin, end) (body_begin is a line start, body_line its line
// number) into the store with `threads` parsing threads. owner is the builder of this file on the
// store (it names the file and reports duplicates). head_clean says whether bytes[0, body_begin)
// are clean text (scan_text); the body is scanned here.
Status read_csv_body_parallel(std::string_view bytes, std::size_t body_begin, std::uint64_t body_line,
                              const std::string& name, char delimiter, const CsvColumnPlan& plan,
                              const IngestOptions& options, bool head_clean, const ElementRowBuilder& owner,
                              ElementStore& store, IngestReport& report, unsigned threads);

}  // namespace kitwatch
