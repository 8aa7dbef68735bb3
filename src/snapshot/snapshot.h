// The snapshot store: an embedded SQLite database (default kitwatch.db) that keeps, per snapshot,
// every resolved element and the assessment's metrics, so that two snapshots can be diffed and the
// metrics followed over time. Schema, migrations and the import path: docs/snapshots.md.
//
// Contracts: an import is one transaction, so a failed or killed import leaves the database as it
// was; labels are unique; a database written by a newer kitwatch, or a file that is not a kitwatch
// database, is refused with a message naming the file. Not thread-safe: one SnapshotStore per thread.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "assess/assess.h"
#include "base/date.h"
#include "base/status.h"
#include "ingest/ingest.h"
#include "model/element_store.h"
#include "registry/registry.h"
#include "resolve/resolver.h"

namespace kitwatch {

inline constexpr const char* kDefaultSnapshotDb = "kitwatch.db";

// One number of an assessment, named by where (scope), what it weighs (measure) and which
// quantity. scope: "all", "function:<name>" or "region:<name>"; measure: count, traffic or
// subscribers; quantity: total, designated, unknown, control_unknown, designated_share, unknown_share,
// control_unknown_share (fractions 0..1), hhi (0..10,000), top1_share, top5_share.
struct Metric {
  std::string scope, measure, quantity;
  double value = 0;
  std::string name() const { return scope + "/" + measure + "/" + quantity; }
};

// The assessment's metrics, flattened in a stable order (scopes: all, functions, regions).
std::vector<Metric> metrics_of(const AssessReport& report);

struct SnapshotPolicy {
  std::string name, title, source;
};

// What a snapshot says about itself.
struct SnapshotInfo {
  std::string label;
  Date taken, as_of;
  std::string registry_version, registry_date, kitwatch_version;
  std::vector<std::string> lists;  // designation lists that counted (empty = all)
  std::vector<SnapshotPolicy> policies;
  std::vector<std::string> inputs;                 // inventory files, as named on the command line
  std::uint64_t rows_read = 0, rows_rejected = 0;  // over all inputs (IngestReport)
  std::uint64_t elements = 0;                      // accepted rows
};

// Everything `snapshot add` stores. The references must outlive add().
struct SnapshotSource {
  SnapshotInfo info;  // label, taken, versions, lists, policies and inputs; elements is filled in
  const ElementStore* store = nullptr;
  const Registry* registry = nullptr;
  const Resolution* resolution = nullptr;
  const AssessReport* report = nullptr;
  const std::vector<std::uint8_t>* designated = nullptr;  // per element (designated_elements())
};

struct ImportOptions {
  std::size_t batch_rows = 64;  // rows per multi-row INSERT
  // Called after each batch with the rows written so far (tests use it to kill an import midway).
  std::function<void(std::uint64_t rows_written, std::uint64_t rows_total)> progress;
  std::int64_t cache_kib = 256 * 1024;  // page cache during the import
};

// One element of a snapshot as a diff shows it.
struct SnapshotElement {
  std::string id, function, site, manufacturer, model, software_version;
  bool designated = false;
};

struct ElementChange {
  std::string id;
  std::string field;  // manufacturer, model, software_version or site
  std::string before, after;
};

struct MetricChange {
  std::string scope, measure, quantity;
  std::optional<double> before, after;  // absent when the scope does not exist on that side
  double delta() const { return after.value_or(0) - before.value_or(0); }
  std::string name() const { return scope + "/" + measure + "/" + quantity; }
};

struct DiffOptions {
  std::size_t limit = 0;  // most added, removed and changed entries kept in the lists (0 = all)
};

struct SnapshotDiff {
  SnapshotInfo from, to;
  // Complete counts; the lists hold the first `limit` in element id order.
  std::uint64_t added_count = 0, removed_count = 0, changed_elements = 0, change_count = 0;
  std::vector<SnapshotElement> added, removed;
  std::vector<ElementChange> changed;
  std::vector<MetricChange> metrics;  // every metric on either side, in from's order then to's new ones
};

// One snapshot's metrics, for history and charts.
struct HistoryPoint {
  SnapshotInfo snapshot;
  std::vector<Metric> metrics;
  // The value of a metric, or nullopt when this snapshot does not have it.
  std::optional<double> value(std::string_view scope, std::string_view measure, std::string_view quantity) const;
};

class SnapshotStore {
 public:
  enum class Mode { kOpenExisting, kCreateIfMissing, kReadOnly };
  // Opens the database at path, creating it (kCreateIfMissing) and migrating it to the current
  // schema. Refuses a file that is not a kitwatch database or that a newer kitwatch wrote.
  // kReadOnly never creates or writes the file (add() then fails); it refuses a database that
  // needs a migration, since applying one is a write.
  static Result<std::unique_ptr<SnapshotStore>> open(const std::string& path, Mode mode);
  ~SnapshotStore();

  // Stores a snapshot in one transaction. Fails on a label already present (usage error).
  Status add(const SnapshotSource& source, const ImportOptions& options = {});
  // Every snapshot, by taken date then insertion order.
  Result<std::vector<SnapshotInfo>> list();
  Result<SnapshotInfo> info(const std::string& label);
  // What changed from snapshot `from` to snapshot `to`.
  Result<SnapshotDiff> diff(const std::string& from, const std::string& to, const DiffOptions& options = {});
  // The metrics of every snapshot, ordered by taken date.
  Result<std::vector<HistoryPoint>> history();

  // The schema this kitwatch writes (PRAGMA user_version).
  static int current_schema_version();
  int schema_version() const;

  struct Impl;

 private:
  explicit SnapshotStore(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// One point of the report's history series (snapshots over time): the whole network's designated
// and unknown shares (fractions 0..1) in that snapshot.
struct ShareHistoryPoint {
  std::string label, taken;  // taken: ISO date
  Measures designated_share, unknown_share;
};

// The series a report draws from a snapshot store's history (SnapshotStore::history(), oldest
// first): each snapshot's "all" scope shares as the snapshot stored them (with its own as-of date
// and lists). A share the snapshot lacks is 0.
std::vector<ShareHistoryPoint> share_history(const std::vector<HistoryPoint>& snapshots);

// For people (text tables) or programs (json): the snapshots of the store at db, a diff of two
// of them (at most limit entries per list), the history.
Result<std::string> render_snapshot_list(SnapshotStore& store, const std::string& db, bool json);
Result<std::string> render_diff(SnapshotStore& store, const std::string& from, const std::string& to, std::size_t limit,
                                bool json);
Result<std::string> render_history(SnapshotStore& store, const std::string& db, bool json);

}  // namespace kitwatch
