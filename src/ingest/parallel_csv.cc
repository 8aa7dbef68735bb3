#include "ingest/parallel_csv.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <condition_variable>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>

namespace kitwatch {
namespace {

// Chunks parsed ahead of the interning: enough to keep every core busy, few enough that the
// parsed rows (~200 bytes each) stay a small fraction of the store.
constexpr std::size_t kChunksAhead = 6;
constexpr std::uint64_t kNoLine = ~std::uint64_t{0};

// The rows of a chunk that passed validation, column by column: each stage after the parse reads
// only the columns it stores (rows of all columns together went through the cache once per
// stage, and the id stage stalled on them), and the rows the parse rejected. The store's columns
// are in batch; the rest is the id stage's.
struct ParsedRows {
  ElementBatch batch;
  // The ids' bytes back to back (id_end[i] ends row i's): the id stage reads them as one stream
  // instead of a cache line of the input per row.
  std::string id_bytes;
  std::vector<std::size_t> id_end;
  std::vector<StrHash> id_hash;  // StringPool::hash_of(id(i)), computed by the parsing threads
  std::vector<std::uint64_t> line, id_line, id_column;
  // A rejected row's error, after `before` validated rows; in input order.
  struct Rejection {
    std::size_t before;
    RowError error;
  };
  std::vector<Rejection> rejections;

  std::size_t size() const { return line.size(); }
  std::string_view id(std::size_t i) const {
    const std::size_t begin = i == 0 ? 0 : id_end[i - 1];
    return std::string_view(id_bytes).substr(begin, id_end[i] - begin);
  }
  void clear() {
    batch.clear();
    for (auto* column : {&line, &id_line, &id_column}) column->clear();
    id_hash.clear();
    id_bytes.clear();
    id_end.clear();
    rejections.clear();
  }
};

// One piece of the body and, once parsed, its rows.
struct Chunk {
  std::size_t begin = 0;         // a line start
  std::uint64_t first_line = 0;  // the line number at begin
  std::uint64_t stop_line = 0;   // records starting at or after this line belong to later chunks
  std::uint64_t end_line = 0;    // the line start where the reader stopped (kNoLine: at the end)
  ParsedRows rows;
  Status fatal;       // the input cannot be read past this chunk
  std::string arena;  // texts that do not live in the input (unquoted copies, tag sets)
  struct Fixup {
    std::size_t row, text, offset, size;
  };
  std::vector<Fixup> fixups;
  // Set by the id stage, read by the column stages after it: the validated rows it went through
  // (all of them unless strict mode stopped it), and those among them whose id was already stored.
  std::size_t committed = 0;
  std::vector<std::size_t> duplicates;  // ascending
};

struct Input {
  std::string_view bytes;
  const std::string& name;
  char delimiter;
  const CsvColumnPlan& plan;
  const IngestOptions& options;
  bool clean_text;
};

void keep_text(const Input& in, Chunk& c, std::size_t text, std::string_view value) {
  std::vector<std::string_view>& column = c.rows.batch.text[text];
  const char* const base = in.bytes.data();
  if (value.empty()) {
    column.emplace_back();
  } else if (value.data() >= base && value.data() + value.size() <= base + in.bytes.size()) {
    column.push_back(value);
  } else {
    c.fixups.push_back({column.size(), text, c.arena.size(), value.size()});
    column.emplace_back();
    c.arena.append(value);
  }
}

// row is scratch space the caller keeps across rows (validate sets what it reads).
void keep_row(const Input& in, Chunk& c, ElementRowBuilder& builder, ElementRow& row) {
  ParsedRows& r = c.rows;
  std::uint64_t id_line = 0, id_column = 0;
  if (!builder.validate(row, id_line, id_column)) {
    r.rejections.push_back({r.size(), builder.take_error()});
    return;
  }
  r.line.push_back(row.origin.line);
  r.id_line.push_back(id_line);
  r.id_column.push_back(id_column);
  r.batch.push_values(row);
  r.id_bytes.append(row.id);
  r.id_end.push_back(r.id_bytes.size());
  for (std::size_t t = 0; t < kTextFieldCount; ++t) keep_text(in, c, t, row.text(static_cast<TextField>(t)));
  r.id_hash.push_back(StringPool::hash_of(row.id));
}

// Parses the records that start in [first_line, stop_line). The reader starts on the newline
// before c.begin, so that a byte-order mark or blank line there is read as the one-threaded
// reader would, mid-file.
void parse_chunk(const Input& in, Chunk& c) {
  ElementStore scratch;  // names the file for error locations; never appended to
  IngestReport unused;
  ElementRowBuilder builder(scratch, in.options, unused, in.name);
  builder.assume_clean_text(in.clean_text);
  // The same limits as the one-threaded reader (csv_inventory.cc).
  CsvReader reader(in.bytes.substr(c.begin - 1), in.delimiter, CsvLimits{UINT64_MAX, in.options.max_line_bytes});
  const auto shift = static_cast<std::int64_t>(c.first_line) - 2;
  const auto at = [shift](std::uint64_t line) {
    return static_cast<std::uint64_t>(static_cast<std::int64_t>(line) + shift);
  };
  CsvRecord record;
  ElementRow row;
  c.end_line = c.stop_line;
  for (;;) {
    if (reader.at_end()) {
      // A record ran to the end of the input (perhaps mid-line): no later chunk has anything left.
      c.end_line = kNoLine;
      break;
    }
    if (at(reader.line()) >= c.stop_line) {
      c.end_line = at(reader.line());  // past stop_line when a record ran over the cut
      break;
    }
    const CsvReader::Next next = reader.next(record);
    if (next == CsvReader::Next::kEnd) break;
    if (at(record.line) >= c.stop_line) break;  // blank lines led over the cut
    if (next == CsvReader::Next::kFatal) {
      c.fatal = Status::input(SourceLocation{in.name, at(record.error_line), record.error_column, ""}, record.error);
      break;
    }
    feed_csv_record(record, next, in.plan, shift, builder);
    keep_row(in, c, builder, row);
  }
  for (const Chunk::Fixup& f : c.fixups)
    c.rows.batch.text[f.text][f.row] = std::string_view(c.arena).substr(f.offset, f.size);
}

// Gives chunk c the buffers of a chunk already stored, emptied: refilling memory the process
// already has is cheaper than faulting in fresh pages for every chunk.
void reuse_buffers(Chunk& c, Chunk& spent) {
  std::swap(c.rows, spent.rows);
  c.arena.swap(spent.arena);
  c.fixups.swap(spent.fixups);
  c.duplicates.swap(spent.duplicates);
  c.rows.clear();
  c.arena.clear();
  c.fixups.clear();
  c.duplicates.clear();
}

// Restarts a chunk at the line where the previous chunk's reader really stopped.
void reparse_from(const Input& in, Chunk& c, std::uint64_t line) {
  std::size_t pos = c.begin;
  for (std::uint64_t l = c.first_line; l < line && pos < in.bytes.size(); ++l) {
    const void* nl = std::memchr(in.bytes.data() + pos, '\n', in.bytes.size() - pos);
    pos = nl ? static_cast<std::size_t>(static_cast<const char*>(nl) - in.bytes.data()) + 1 : in.bytes.size();
  }
  const std::uint64_t stop = c.stop_line;
  c = Chunk{};
  c.begin = pos;
  c.first_line = line;
  c.stop_line = stop;
  if (line >= stop) {
    c.end_line = line;  // the previous record covered this whole chunk (kNoLine: the whole input)
    return;
  }
  parse_chunk(in, c);
}

// Cuts the body into chunks of about chunk_bytes at line starts, numbering their first lines.
// body_clean says whether the whole body is clean text (scan_text).
std::vector<std::unique_ptr<Chunk>> cut_chunks(std::string_view bytes, std::size_t begin, std::uint64_t line,
                                               std::size_t chunk_bytes, bool& body_clean) {
  std::vector<std::unique_ptr<Chunk>> chunks;
  std::size_t pos = begin;
  while (pos < bytes.size()) {
    auto c = std::make_unique<Chunk>();
    c->begin = pos;
    const std::size_t want = std::min(bytes.size(), pos + chunk_bytes);
    const void* nl = want < bytes.size() ? std::memchr(bytes.data() + want, '\n', bytes.size() - want) : nullptr;
    pos = nl ? static_cast<std::size_t>(static_cast<const char*>(nl) - bytes.data()) + 1 : bytes.size();
    chunks.push_back(std::move(c));
  }
  // Line numbers, and whether the text is clean, in one pass on two threads (the only pass over
  // all the bytes that is not itself split into chunks). Chunks start at line feeds, which no
  // UTF-8 sequence spans.
  std::vector<TextScan> scans(chunks.size());
  auto scan = [&](std::size_t from, std::size_t to) {
    for (std::size_t i = from; i < to; ++i) {
      const std::size_t end = i + 1 < chunks.size() ? chunks[i + 1]->begin : bytes.size();
      scans[i] = scan_text(bytes.substr(chunks[i]->begin, end - chunks[i]->begin));
    }
  };
  std::thread half(scan, chunks.size() / 2, chunks.size());
  scan(0, chunks.size() / 2);
  half.join();
  body_clean = std::all_of(scans.begin(), scans.end(), [](const TextScan& s) { return s.clean; });
  for (std::size_t i = 0; i < chunks.size(); ++i) {
    chunks[i]->first_line = line;
    line += scans[i].newlines;
    chunks[i]->stop_line = i + 1 < chunks.size() ? line : kNoLine;
  }
  return chunks;
}

// Calls fn(begin, end) for each run of rows the id stage accepted, in order.
template <typename Fn>
void for_each_accepted_run(const Chunk& c, Fn fn) {
  std::size_t begin = 0;
  for (const std::size_t duplicate : c.duplicates) {
    if (duplicate > begin) fn(begin, duplicate);
    begin = duplicate + 1;
  }
  if (c.committed > begin) fn(begin, c.committed);
}

// The ids of one column's recent values, by a cheap key of their length and outer bytes: a column
// of few distinct values (vendor spellings, models, versions) is mostly found here, checked
// against the pool's copy, without hashing the text or probing the pool's table. A column of
// mostly new values (serials) stops asking after a while.
class RecentIds {
 public:
  // The id of text, interned into pool when it is not found here.
  StrId intern(std::string_view text, StringPool& pool) {
    if (asked_ == kTrial && found_ < kTrial / 2) return pool.intern(text);  // not worth it here
    asked_ += asked_ < kTrial ? 1 : 0;
    StrId& id = ids_[slot(text)];
    if (id != 0 && pool.view(id) == text) {
      found_ += 1;
      return id;
    }
    id = pool.intern(text);
    return id;
  }

 private:
  static constexpr std::size_t kSlots = 512;
  static constexpr std::uint32_t kTrial = 4096;
  static std::size_t slot(std::string_view text) {
    std::uint64_t head = 0, tail = 0;
    const std::size_t n = std::min<std::size_t>(text.size(), 8);
    std::memcpy(&head, text.data(), n);
    std::memcpy(&tail, text.data() + text.size() - n, n);
    const std::uint64_t key = (head ^ (tail << 1 | tail >> 63) ^ text.size()) * 0x9E3779B97F4A7C15ull;
    return static_cast<std::size_t>(key >> 55);  // the top 9 bits: kSlots
  }
  std::array<StrId, kSlots> ids_{};  // 0 (the empty string) marks a free slot
  std::uint32_t asked_ = 0, found_ = 0;
};

// Interns the text columns [first_text, end_text) (TextField order) of a chunk's accepted rows, a
// column at a time. Runs of equal values (CPE under one access node, one site's kit) are interned
// once.
void intern_columns(const Chunk& c, std::size_t first_text, std::size_t end_text, ElementStore& s) {
  for (std::size_t t = first_text; t < end_text; ++t) {
    const std::vector<std::string_view>& values = c.rows.batch.text[t];
    StringPool& pool = s.pool(static_cast<TextField>(t));
    StrIdColumn& column = s.column(static_cast<TextField>(t));
    RecentIds recent;
    std::string_view last;
    StrId last_id = 0;  // the empty string is always id 0
    std::size_t empties = 0;
    for_each_accepted_run(c, [&](std::size_t begin, std::size_t end) {
      for (std::size_t i = begin; i < end; ++i) {
        if (values[i] != last) {
          last_id = values[i].empty() ? 0 : recent.intern(values[i], pool);
          last = values[i];
        }
        if (last_id == 0) {
          ++empties;
          continue;
        }
        // Runs of empty values are appended without writing them (ZeroedAllocator): a column the
        // file does not have stays out of resident memory.
        if (empties) column.resize(column.size() + std::exchange(empties, 0));
        column.push_back(last_id);
      }
    });
    if (empties) column.resize(column.size() + empties);
  }
}

// The two column stages, about equal in work: the first five text columns (few distinct values
// each) on one thread; the other text columns (serial numbers are mostly distinct, the costliest
// to intern) and the numbers and MAC lists on the other.
constexpr std::size_t kFirstGroupTexts = 5;

void store_group_a(const Chunk& c, ElementStore& s) {
  intern_columns(c, 0, kFirstGroupTexts, s);
}

void store_group_b(const Chunk& c, ElementStore& s) {
  intern_columns(c, kFirstGroupTexts, kTextFieldCount, s);
  for_each_accepted_run(c, [&](std::size_t begin, std::size_t end) { s.append_values(c.rows.batch, begin, end); });
}

// Counts, rejects or accepts each row in order, as ElementRowBuilder::commit does; interning the
// ids is what finds duplicates, so this stage runs on one thread in input order.
Status commit_ids(Chunk& c, const Input& in, const ElementRowBuilder& owner, ElementStore& store,
                  IngestReport& report) {
  ParsedRows& r = c.rows;
  std::size_t rejection = 0;
  // Reports the rows the parse rejected before validated row `row`.
  const auto reject_before = [&](std::size_t row) {
    for (; rejection < r.rejections.size() && r.rejections[rejection].before <= row; ++rejection) {
      ++report.rows_read;
      if (Status s = report.reject(std::move(r.rejections[rejection].error), in.options); !s.ok()) return s;
    }
    return Status();
  };
  // The id pool is far larger than the cache: ask for each row's slot a few rows ahead.
  constexpr std::size_t kPrefetchRows = 16;
  const std::size_t n = r.size();
  for (std::size_t i = 0; i < std::min(kPrefetchRows, n); ++i) store.ids.prefetch(r.id_hash[i]);
  for (std::size_t i = 0; i < n; ++i) {
    c.committed = i;  // rows before i are through, should this one stop the stage
    if (i + kPrefetchRows < n) store.ids.prefetch(r.id_hash[i + kPrefetchRows]);
    if (Status s = reject_before(i); !s.ok()) return s;
    ++report.rows_read;
    if (!store.append_id(r.id(i), r.id_hash[i], RowOrigin{owner.file_index(), r.line[i]})) {
      c.duplicates.push_back(i);
      RowError duplicate = owner.duplicate_error(r.id(i), r.id_line[i], r.id_column[i]);
      if (Status s = report.reject(std::move(duplicate), in.options); !s.ok()) return s;
      continue;
    }
    ++report.accepted;
  }
  c.committed = n;
  if (Status s = reject_before(n); !s.ok()) return s;
  return c.fatal;
}

// Hands chunks from the parsing threads to the id stage (the calling thread) and then to the two
// column stages, in order, with at most kChunksAhead chunks in flight.
class Pipeline {
 public:
  Pipeline(std::vector<std::unique_ptr<Chunk>> chunks, std::size_t input_end,
           std::function<void(std::size_t, std::size_t)> release_bytes)
      : chunks_(std::move(chunks)),
        state_(chunks_.size(), kNew),
        groups_done_(chunks_.size(), 0),
        limit_(chunks_.size()),
        release_bytes_(std::move(release_bytes)) {
    for (const auto& c : chunks_) begins_.push_back(c->begin);
    begins_.push_back(input_end);
  }

  void parse_worker(const Input& in) {
    for (;;) {
      std::size_t i;
      std::unique_ptr<Chunk> spent;
      {
        std::unique_lock lock(mutex_);
        changed_.wait(lock, [&] { return next_parse_ >= limit_ || next_parse_ < released_ + kChunksAhead; });
        if (next_parse_ >= limit_) return;
        i = next_parse_++;
        if (!spent_.empty()) {
          spent = std::move(spent_.back());
          spent_.pop_back();
        }
      }
      if (spent) reuse_buffers(*chunks_[i], *spent);
      parse_chunk(in, *chunks_[i]);
      set_state(i, kParsed);
    }
  }

  Status run_ids(const Input& in, const ElementRowBuilder& owner, ElementStore& store, IngestReport& report) {
    std::uint64_t previous_end = 0;  // chunk i-1 may already be freed by the column stages
    for (std::size_t i = 0; i < chunks_.size(); ++i) {
      wait_for(i, kParsed);
      Chunk& c = *chunks_[i];
      if (i > 0 && c.first_line != previous_end) reparse_from(in, c, previous_end);
      previous_end = c.end_line;
      Status s = commit_ids(c, in, owner, store, report);
      if (in.options.progress) {
        in.options.progress(i + 1 < chunks_.size() ? chunks_[i + 1]->begin : in.bytes.size(), in.bytes.size());
      }
      if (!s.ok()) {
        std::lock_guard lock(mutex_);
        limit_ = i + 1;  // the column stages finish this chunk's accepted rows, then stop
      }
      set_state(i, kIdsDone);
      if (!s.ok()) return s;
    }
    return Status();
  }

  void column_worker(int group, ElementStore& store) {
    for (std::size_t i = 0;; ++i) {
      {
        std::unique_lock lock(mutex_);
        changed_.wait(lock, [&] { return i >= limit_ || state_[i] >= kIdsDone; });
        if (i >= limit_) return;
      }
      if (group == 0) {
        store_group_a(*chunks_[i], store);
      } else {
        store_group_b(*chunks_[i], store);
      }
      std::lock_guard lock(mutex_);
      if (++groups_done_[i] == 2) {
        if (release_bytes_) release_bytes_(begins_[i], begins_[i + 1]);
        spent_.push_back(std::move(chunks_[i]));
        ++released_;
      }
      changed_.notify_all();
    }
  }

 private:
  enum State { kNew, kParsed, kIdsDone };
  void set_state(std::size_t i, State state) {
    std::lock_guard lock(mutex_);
    state_[i] = state;
    changed_.notify_all();
  }
  void wait_for(std::size_t i, State state) {
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [&] { return state_[i] >= state; });
  }

  std::vector<std::unique_ptr<Chunk>> chunks_;
  std::vector<std::unique_ptr<Chunk>> spent_;  // stored chunks whose buffers the next parses reuse
  std::vector<State> state_;
  std::vector<int> groups_done_;
  std::size_t limit_;  // chunks to go through; lowered when the id stage stops early
  std::size_t next_parse_ = 0, released_ = 0;
  std::vector<std::size_t> begins_;  // where each chunk starts in the input, then the input's end
  // Told each stored chunk's bytes (IngestOptions::release_bytes); a record that ran past its
  // chunk's end was read into the next chunk's range, which is released only with that chunk.
  std::function<void(std::size_t, std::size_t)> release_bytes_;
  std::mutex mutex_;
  std::condition_variable changed_;
};

}  // namespace

std::size_t csv_chunk_bytes(const IngestOptions& options) {
  return options.chunk_bytes != 0 ? options.chunk_bytes : std::size_t{4} << 20;
}

void feed_csv_record(const CsvRecord& record, CsvReader::Next next, const CsvColumnPlan& plan, std::int64_t line_shift,
                     ElementRowBuilder& builder) {
  const auto at = [line_shift](std::uint64_t line) {
    return static_cast<std::uint64_t>(static_cast<std::int64_t>(line) + line_shift);
  };
  const std::vector<Field>& fields = plan.field_of_column;
  builder.begin(at(record.line));
  if (next == CsvReader::Next::kBadRecord) {
    builder.fail(at(record.error_line), record.error_column, "", "malformed CSV", record.error);
  } else if (record.fields.size() != fields.size()) {
    const CsvField& last = record.fields.back();
    builder.fail(
        at(record.line), record.fields.size() > fields.size() ? record.fields[fields.size()].column : last.column, "",
        "wrong column count",
        fmt::format("expected {} fields as in the header, found {}{}", fields.size(), record.fields.size(),
                    record.end_line > record.line
                        ? fmt::format(" (the record runs to line {}: check for a stray quote)", at(record.end_line))
                        : std::string()));
  } else {
    for (std::size_t c = 0; c < fields.size(); ++c) {
      const CsvField& f = record.fields[c];
      builder.set(fields[c], f.text, at(f.line), f.column);
      if (plan.name_is_id && fields[c] == Field::kName) builder.set(Field::kId, f.text, at(f.line), f.column);
    }
  }
}

Status read_csv_body_parallel(std::string_view bytes, std::size_t body_begin, std::uint64_t body_line,
                              const std::string& name, char delimiter, const CsvColumnPlan& plan,
                              const IngestOptions& options, bool head_clean, const ElementRowBuilder& owner,
                              ElementStore& store, IngestReport& report, unsigned threads) {
  bool body_clean = false;
  auto chunks = cut_chunks(bytes, body_begin, body_line, csv_chunk_bytes(options), body_clean);
  const Input in{bytes, name, delimiter, plan, options, head_clean && body_clean};
  Pipeline pipeline(std::move(chunks), bytes.size(), options.release_bytes);
  std::vector<std::thread> workers;
  for (unsigned t = 0; t < std::max(1u, threads); ++t) {
    workers.emplace_back([&] { pipeline.parse_worker(in); });
  }
  workers.emplace_back([&] { pipeline.column_worker(0, store); });
  workers.emplace_back([&] { pipeline.column_worker(1, store); });
  Status status = pipeline.run_ids(in, owner, store, report);
  for (std::thread& t : workers) t.join();
  return status;
}

}  // namespace kitwatch
