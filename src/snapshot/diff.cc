// SnapshotStore::diff: elements added, removed and changed between two snapshots, by a merge of
// two scans in element id order (the primary key's order, so neither side is sorted), and every
// metric's change.
#include <fmt/format.h>

#include <array>
#include <map>

#include "snapshot/store_impl.h"

namespace kitwatch {
namespace {

// The columns a diff compares, as text ids (equal ids mean equal strings: one `text` table).
struct ElementCursor {
  std::unique_ptr<sql::Statement> stmt;
  bool valid = false;
  std::string id;
  std::int64_t function = 0, designated = 0;
  std::array<std::int64_t, 4> fields{};  // manufacturer, model, software_version, site

  Status open(sql::Database& db, std::int64_t snapshot) {
    auto s = db.prepare(
        "SELECT element_id, function, manufacturer, model, software_version, site, designated FROM element "
        "WHERE snapshot_id = ? ORDER BY element_id");
    if (!s.ok()) return s.status();
    stmt = std::make_unique<sql::Statement>(std::move(*s));
    stmt->bind(1, snapshot);
    return next();
  }
  Status next() {
    auto row = stmt->step();
    if (!row.ok()) return row.status();
    valid = *row;
    if (!valid) return Status();
    id.assign(stmt->column_text(0));
    function = stmt->column_int(1);
    for (int f = 0; f < 4; ++f) fields[static_cast<std::size_t>(f)] = stmt->column_int(2 + f);
    designated = stmt->column_int(6);
    return Status();
  }
};

constexpr std::array<const char*, 4> kComparedFields = {"manufacturer", "model", "software_version", "site"};

Result<SnapshotElement> element_of(const ElementCursor& c, TextLookup& texts) {
  SnapshotElement e;
  e.id = c.id;
  e.function = c.function >= 0 && c.function < static_cast<std::int64_t>(kFunctionCount)
                   ? std::string(kFunctionNames[static_cast<std::size_t>(c.function)])
                   : "?";
  std::string* out[] = {&e.manufacturer, &e.model, &e.software_version, &e.site};
  for (std::size_t f = 0; f < 4; ++f) {
    auto text = texts.get(c.fields[f]);
    if (!text.ok()) return text.status();
    *out[f] = *text;
  }
  e.designated = c.designated != 0;
  return e;
}

std::vector<MetricChange> metric_changes(const std::vector<Metric>& from, const std::vector<Metric>& to) {
  std::vector<MetricChange> out;
  std::map<std::string, std::size_t> index;
  for (const Metric& m : from) {
    index.emplace(m.name(), out.size());
    out.push_back({m.scope, m.measure, m.quantity, m.value, std::nullopt});
  }
  for (const Metric& m : to) {
    if (auto it = index.find(m.name()); it != index.end()) {
      out[it->second].after = m.value;
    } else {
      out.push_back({m.scope, m.measure, m.quantity, std::nullopt, m.value});
    }
  }
  return out;
}

}  // namespace

Result<SnapshotDiff> SnapshotStore::diff(const std::string& from, const std::string& to, const DiffOptions& options) {
  Impl& impl = *impl_;
  auto from_id = impl.snapshot_id(from);
  if (!from_id.ok()) return from_id.status();
  auto to_id = impl.snapshot_id(to);
  if (!to_id.ok()) return to_id.status();
  SnapshotDiff diff;
  auto infos = impl.load_infos();
  if (!infos.ok()) return infos.status();
  for (auto& [id, info] : *infos) {
    if (id == *from_id) diff.from = info;
    if (id == *to_id) diff.to = info;
  }
  auto from_metrics = impl.load_metrics(*from_id);
  if (!from_metrics.ok()) return from_metrics.status();
  auto to_metrics = impl.load_metrics(*to_id);
  if (!to_metrics.ok()) return to_metrics.status();
  diff.metrics = metric_changes(*from_metrics, *to_metrics);

  const auto keep = [&](std::uint64_t count) { return options.limit == 0 || count <= options.limit; };
  TextLookup texts(*impl.db);
  ElementCursor a, b;
  if (Status s = a.open(*impl.db, *from_id); !s.ok()) return s;
  if (Status s = b.open(*impl.db, *to_id); !s.ok()) return s;
  while (a.valid || b.valid) {
    const int order = !a.valid ? 1 : !b.valid ? -1 : a.id.compare(b.id);
    if (order < 0) {
      if (keep(++diff.removed_count)) {
        auto e = element_of(a, texts);
        if (!e.ok()) return e.status();
        diff.removed.push_back(std::move(*e));
      }
      if (Status s = a.next(); !s.ok()) return s;
    } else if (order > 0) {
      if (keep(++diff.added_count)) {
        auto e = element_of(b, texts);
        if (!e.ok()) return e.status();
        diff.added.push_back(std::move(*e));
      }
      if (Status s = b.next(); !s.ok()) return s;
    } else {
      bool changed = false;
      for (std::size_t f = 0; f < kComparedFields.size(); ++f) {
        if (a.fields[f] == b.fields[f]) continue;
        changed = true;
        if (keep(++diff.change_count)) {
          auto before = texts.get(a.fields[f]);
          if (!before.ok()) return before.status();
          auto after = texts.get(b.fields[f]);
          if (!after.ok()) return after.status();
          diff.changed.push_back({a.id, kComparedFields[f], *before, *after});
        }
      }
      diff.changed_elements += changed ? 1 : 0;
      if (Status s = a.next(); !s.ok()) return s;
      if (Status s = b.next(); !s.ok()) return s;
    }
  }
  return diff;
}

}  // namespace kitwatch
