// SnapshotStore's private state and the queries its parts (import, diff, history) share.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "base/sqlite.h"
#include "snapshot/snapshot.h"

namespace kitwatch {

struct SnapshotStore::Impl {
  std::unique_ptr<sql::Database> db;

  // The row id of snapshot `label`, or a usage error naming the labels there are.
  Result<std::int64_t> snapshot_id(const std::string& label);
  // Every snapshot with its row id, by taken date then insertion order.
  Result<std::vector<std::pair<std::int64_t, SnapshotInfo>>> load_infos();
  Result<std::vector<Metric>> load_metrics(std::int64_t snapshot);
};

// Text ids back to strings, each read from the database once.
class TextLookup {
 public:
  explicit TextLookup(sql::Database& db) : db_(db) {}
  Result<std::string> get(std::int64_t id);

 private:
  sql::Database& db_;
  std::unique_ptr<sql::Statement> select_;
  std::unordered_map<std::int64_t, std::string> cache_;
};

}  // namespace kitwatch
