// Process-wide knobs for how inventories are read: threads and progress. Results never depend on
// them (the parallel reader gives exactly what the one-threaded one gives; see parallel_csv.h).
//
// Thread safety: set these before reading starts; reading threads only load them.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>

namespace kitwatch {

// Threads for CSV ingest: 0 (the default) reads KITWATCH_THREADS, else uses every core; 1 is the
// one-threaded reader.
void set_ingest_threads(unsigned threads);
unsigned ingest_threads();
// Bytes per chunk; 0 restores the default (8 MiB). Tests use small chunks to cut small inputs.
void set_ingest_chunk_bytes(std::size_t bytes);
std::size_t ingest_chunk_bytes();

// Told (bytes read, bytes in the file) as a large CSV file is read, from the reading thread;
// for progress bars. An empty function (the default) turns it off.
using IngestProgress = std::function<void(std::uint64_t done, std::uint64_t total)>;
void set_ingest_progress(IngestProgress progress);

}  // namespace kitwatch
