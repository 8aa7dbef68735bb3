// A topology file's node → element map (kitwatch topo --node-map).
#include <fmt/format.h>

#include <cstdio>

#include "ingest/csv_reader.h"
#include "topology/topology.h"

namespace kitwatch {

Status read_node_map(const std::string& path, std::uint64_t max_file_bytes,
                     std::vector<std::pair<std::string, std::string>>& out) {
  (void)max_file_bytes;
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) return Status::io(fmt::format("{}: cannot open the node map", path));
  std::string bytes;
  char buffer[65536];
  for (std::size_t n; (n = std::fread(buffer, 1, sizeof buffer, f)) > 0;) bytes.append(buffer, n);
  std::fclose(f);
  CsvReader reader(bytes, ',');
  CsvRecord record;
  bool header = true;
  for (CsvReader::Next next; (next = reader.next(record)) != CsvReader::Next::kEnd;) {
    if (next != CsvReader::Next::kRecord || record.fields.size() != 2) {
      return Status::input(SourceLocation{path, record.line, 1, ""}, "expected two columns: node, element");
    }
    if (!header) out.emplace_back(record.fields[0].text, record.fields[1].text);
    header = false;
  }
  return Status();
}

}  // namespace kitwatch
