#include <fmt/format.h>

#include <algorithm>

#include "snapshot/schema.h"
#include "snapshot/store_impl.h"

namespace kitwatch {
namespace {

std::vector<std::string> split_lists(std::string_view text) {
  std::vector<std::string> out;
  while (!text.empty()) {
    const auto comma = text.find(',');
    out.emplace_back(text.substr(0, comma));
    if (comma == std::string_view::npos) break;
    text.remove_prefix(comma + 1);
  }
  return out;
}

Date parse_stored_date(std::string_view text) {
  return Date::parse(text).value_or(Date());
}

}  // namespace

SnapshotStore::SnapshotStore(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
SnapshotStore::~SnapshotStore() = default;

int SnapshotStore::current_schema_version() {
  return snapshot_schema::current_version();
}

int SnapshotStore::schema_version() const {
  auto v = impl_->db->query_int("PRAGMA user_version");
  return v.ok() ? static_cast<int>(*v) : -1;
}

Result<std::unique_ptr<SnapshotStore>> SnapshotStore::open(const std::string& path, Mode mode) {
  using Access = sql::Database::Access;
  const Access access = mode == Mode::kCreateIfMissing ? Access::kCreate
                        : mode == Mode::kReadOnly      ? Access::kReadOnly
                                                       : Access::kReadWrite;
  auto db = sql::Database::open(path, access);
  if (!db.ok()) return db.status();
  if (Status s = snapshot_schema::prepare(**db, access); !s.ok()) return s;
  auto impl = std::make_unique<Impl>();
  impl->db = std::move(*db);
  return std::unique_ptr<SnapshotStore>(new SnapshotStore(std::move(impl)));
}

Result<std::int64_t> SnapshotStore::Impl::snapshot_id(const std::string& label) {
  auto stmt = db->prepare("SELECT id FROM snapshot WHERE label = ?");
  if (!stmt.ok()) return stmt.status();
  stmt->bind(1, label);
  auto row = stmt->step();
  if (!row.ok()) return row.status();
  if (*row) return stmt->column_int(0);
  auto infos = load_infos();
  std::string known;
  if (infos.ok()) {
    for (const auto& [id, info] : *infos) known += (known.empty() ? "" : ", ") + info.label;
  }
  return Status::usage(
      fmt::format("{}: no snapshot labelled '{}' (there are: {})", db->path(), label, known.empty() ? "none" : known));
}

Result<std::vector<std::pair<std::int64_t, SnapshotInfo>>> SnapshotStore::Impl::load_infos() {
  std::vector<std::pair<std::int64_t, SnapshotInfo>> out;
  auto stmt = db->prepare(
      "SELECT id, label, taken, as_of, registry_version, registry_date, kitwatch_version, element_count, lists, "
      "rows_read, "
      "rows_rejected "
      "FROM snapshot ORDER BY taken, id");
  if (!stmt.ok()) return stmt.status();
  for (;;) {
    auto row = stmt->step();
    if (!row.ok()) return row.status();
    if (!*row) break;
    SnapshotInfo info;
    info.label = stmt->column_text(1);
    info.taken = parse_stored_date(stmt->column_text(2));
    info.as_of = parse_stored_date(stmt->column_text(3));
    info.registry_version = stmt->column_text(4);
    info.registry_date = stmt->column_text(5);
    info.kitwatch_version = stmt->column_text(6);
    info.elements = static_cast<std::uint64_t>(stmt->column_int(7));
    info.lists = split_lists(stmt->column_text(8));
    info.rows_read = static_cast<std::uint64_t>(stmt->column_int(9));
    info.rows_rejected = static_cast<std::uint64_t>(stmt->column_int(10));
    out.emplace_back(stmt->column_int(0), std::move(info));
  }
  auto inputs = db->prepare("SELECT snapshot_id, path FROM snapshot_input ORDER BY snapshot_id, position");
  if (!inputs.ok()) return inputs.status();
  auto policies =
      db->prepare("SELECT snapshot_id, name, title, source FROM snapshot_policy ORDER BY snapshot_id, position");
  if (!policies.ok()) return policies.status();
  const auto find = [&](std::int64_t id) -> SnapshotInfo* {
    for (auto& [sid, info] : out) {
      if (sid == id) return &info;
    }
    return nullptr;
  };
  for (;;) {
    auto row = inputs->step();
    if (!row.ok()) return row.status();
    if (!*row) break;
    if (SnapshotInfo* info = find(inputs->column_int(0))) {
      info->inputs.emplace_back(inputs->column_text(1));
    }
  }
  for (;;) {
    auto row = policies->step();
    if (!row.ok()) return row.status();
    if (!*row) break;
    if (SnapshotInfo* info = find(policies->column_int(0))) {
      info->policies.push_back({std::string(policies->column_text(1)), std::string(policies->column_text(2)),
                                std::string(policies->column_text(3))});
    }
  }
  return out;
}

Result<std::vector<Metric>> SnapshotStore::Impl::load_metrics(std::int64_t snapshot) {
  auto stmt = db->prepare(
      "SELECT k.scope, k.measure, k.quantity, m.value FROM metric m JOIN metric_key k ON k.id = m.key_id "
      "WHERE m.snapshot_id = ? ORDER BY m.position");
  if (!stmt.ok()) return stmt.status();
  stmt->bind(1, snapshot);
  std::vector<Metric> out;
  for (;;) {
    auto row = stmt->step();
    if (!row.ok()) return row.status();
    if (!*row) break;
    out.push_back({std::string(stmt->column_text(0)), std::string(stmt->column_text(1)),
                   std::string(stmt->column_text(2)), stmt->column_double(3)});
  }
  return out;
}

Result<std::vector<SnapshotInfo>> SnapshotStore::list() {
  auto infos = impl_->load_infos();
  if (!infos.ok()) return infos.status();
  std::vector<SnapshotInfo> out;
  for (auto& [id, info] : *infos) out.push_back(std::move(info));
  return out;
}

Result<SnapshotInfo> SnapshotStore::info(const std::string& label) {
  auto id = impl_->snapshot_id(label);
  if (!id.ok()) return id.status();
  auto infos = impl_->load_infos();
  if (!infos.ok()) return infos.status();
  for (auto& [sid, info] : *infos) {
    if (sid == *id) return std::move(info);
  }
  return Status::internal("snapshot row vanished while reading it");
}

Result<std::vector<HistoryPoint>> SnapshotStore::history() {
  auto infos = impl_->load_infos();
  if (!infos.ok()) return infos.status();
  std::vector<HistoryPoint> out;
  for (auto& [id, info] : *infos) {
    auto metrics = impl_->load_metrics(id);
    if (!metrics.ok()) return metrics.status();
    out.push_back({std::move(info), std::move(*metrics)});
  }
  return out;
}

std::optional<double> HistoryPoint::value(std::string_view scope, std::string_view measure,
                                          std::string_view quantity) const {
  for (const Metric& m : metrics) {
    if (m.scope == scope && m.measure == measure && m.quantity == quantity) return m.value;
  }
  return std::nullopt;
}

Result<std::string> TextLookup::get(std::int64_t id) {
  if (auto it = cache_.find(id); it != cache_.end()) return it->second;
  if (!select_) {
    auto stmt = db_.prepare("SELECT value FROM text WHERE id = ?");
    if (!stmt.ok()) return stmt.status();
    select_ = std::make_unique<sql::Statement>(std::move(*stmt));
  }
  select_->bind(1, id);
  auto row = select_->step();
  if (!row.ok()) return row.status();
  std::string value = *row ? std::string(select_->column_text(0)) : std::string();
  select_->reset();
  if (!*row) return Status::input(fmt::format("{}: element refers to text {} that is missing", db_.path(), id));
  return cache_.emplace(id, std::move(value)).first->second;
}

}  // namespace kitwatch
