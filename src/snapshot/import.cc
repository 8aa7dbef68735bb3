// SnapshotStore::add: one transaction that writes the snapshot row, its metrics and every element.
// Speed comes from prepared multi-row INSERTs, strings interned once per import, and elements
// written in primary-key order so the clustered B-tree is only ever appended to.
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <numeric>
#include <unordered_map>

#include "snapshot/store_impl.h"

namespace kitwatch {
namespace {

// The element table's text columns that come from the store's text fields, by the store's names
// for them; interned into the text table in this order.
constexpr std::array<TextField, 5> kElementTexts = {TextField::kRegion, TextField::kSite, TextField::kDeclaredVendor,
                                                    TextField::kModel, TextField::kSoftwareVersion};
constexpr int kElementColumns = 11 + static_cast<int>(kElementTexts.size());

void add_scope(std::vector<Metric>& out, const std::string& scope, const ScopeSummary& s,
               const Concentration* concentration) {
  const Measures designated_share = s.designated_share;
  const Measures unknown_share = s.unknown_share;
  const auto add_measure = [&](const char* measure, auto field) {
    out.push_back({scope, measure, "total", s.total.*field});
    out.push_back({scope, measure, "designated", s.designated.*field});
    out.push_back({scope, measure, "unknown", s.unknown.*field});
    out.push_back({scope, measure, "designated_share", designated_share.*field});
    out.push_back({scope, measure, "unknown_share", unknown_share.*field});
    out.push_back({scope, measure, "control_unknown", s.control_unknown.*field});
    out.push_back({scope, measure, "control_unknown_share", s.control_unknown_share.*field});
    if (concentration) {
      out.push_back({scope, measure, "hhi", concentration->hhi.*field});
      out.push_back({scope, measure, "top1_share", concentration->top1.*field});
      out.push_back({scope, measure, "top5_share", concentration->top5.*field});
    }
  };
  add_measure("count", &Measures::count);
  add_measure("traffic", &Measures::traffic);
  add_measure("subscribers", &Measures::subscribers);
}

// Maps strings to rows of the `text` table, inserting the ones the database lacks.
class TextInterner {
 public:
  explicit TextInterner(sql::Database& db) : db_(db) {}
  Status init() {
    auto select = db_.prepare("SELECT id FROM text WHERE value = ?");
    if (!select.ok()) return select.status();
    auto insert = db_.prepare("INSERT INTO text (value) VALUES (?)");
    if (!insert.ok()) return insert.status();
    select_ = std::make_unique<sql::Statement>(std::move(*select));
    insert_ = std::make_unique<sql::Statement>(std::move(*insert));
    return Status();
  }
  Result<std::int64_t> id(std::string_view text) {
    if (auto it = cache_.find(std::string(text)); it != cache_.end()) return it->second;
    select_->bind(1, text);
    auto row = select_->step();
    if (!row.ok()) return row.status();
    std::int64_t id = *row ? select_->column_int(0) : 0;
    select_->reset();
    if (!*row) {
      insert_->bind(1, text);
      if (Status s = insert_->run(); !s.ok()) return s;
      id = db_.last_insert_rowid();
    }
    cache_.emplace(text, id);
    return id;
  }
  // Ids for every string of a pool, indexed by StrId.
  Result<std::vector<std::int64_t>> ids_of(const StringPool& pool) {
    std::vector<std::int64_t> out(pool.size());
    for (StrId s = 0; s < pool.size(); ++s) {
      auto id = this->id(pool.view(s));
      if (!id.ok()) return id.status();
      out[s] = *id;
    }
    return out;
  }

 private:
  sql::Database& db_;
  std::unique_ptr<sql::Statement> select_, insert_;
  std::unordered_map<std::string, std::int64_t> cache_;
};

std::string element_insert_sql(std::size_t rows) {
  std::string row = "(";
  for (int c = 0; c < kElementColumns; ++c) row += c ? ",?" : "?";
  row += ")";
  std::string sql =
      "INSERT INTO element (snapshot_id, element_id, source_file, source_line, function, manufacturer, controller, "
      "designated, confidence, traffic, subscribers";
  for (const TextField field : kElementTexts) sql += fmt::format(", {}", text_field_name(field));
  sql += ") VALUES ";
  for (std::size_t r = 0; r < rows; ++r) sql += (r ? "," : "") + row;
  return sql;
}

// Per-element text ids come from these tables, built once per distinct value.
struct ElementTextIds {
  std::vector<std::int64_t> files;
  std::array<std::vector<std::int64_t>, kElementTexts.size()> fields;  // by kElementTexts, then StrId
  std::vector<std::int64_t> decision_maker, decision_controller;
};

Result<ElementTextIds> intern_element_texts(TextInterner& texts, const SnapshotSource& source) {
  const ElementStore& store = *source.store;
  ElementTextIds ids;
  for (const std::string& file : store.source_files) {
    auto id = texts.id(file);
    if (!id.ok()) return id.status();
    ids.files.push_back(*id);
  }
  for (std::size_t t = 0; t < kElementTexts.size(); ++t) {
    auto pool_ids = texts.ids_of(store.pool(kElementTexts[t]));
    if (!pool_ids.ok()) return pool_ids.status();
    ids.fields[t] = std::move(*pool_ids);
  }
  const Resolution& resolution = *source.resolution;
  for (const Decision& d : resolution.decisions) {
    const std::string maker = d.maker == kNoMaker ? "" : resolution.maker_name(d.maker, *source.registry);
    const std::string controller =
        d.controller == kNoEntity ? "" : resolution.maker_name(d.controller, *source.registry);
    auto maker_id = texts.id(maker);
    if (!maker_id.ok()) return maker_id.status();
    auto controller_id = texts.id(controller);
    if (!controller_id.ok()) return controller_id.status();
    ids.decision_maker.push_back(*maker_id);
    ids.decision_controller.push_back(*controller_id);
  }
  return ids;
}

}  // namespace

std::vector<Metric> metrics_of(const AssessReport& report) {
  std::vector<Metric> out;
  add_scope(out, "all", report.total, &report.concentration);
  for (std::size_t f = 0; f < kFunctionCount; ++f) {
    add_scope(out, "function:" + std::string(kFunctionNames[f]), report.by_function[f],
              &report.concentration_by_function[f]);
  }
  for (const RegionSummary& region : report.by_region) add_scope(out, "region:" + region.name, region.scope, nullptr);
  return out;
}

namespace {

class Importer {
 public:
  Importer(sql::Database& db, const SnapshotSource& source, const ImportOptions& options)
      : db_(db), source_(source), options_(options), texts_(db) {}

  Status run() {
    if (Status s = set_pragmas(); !s.ok()) return s;
    sql::Transaction transaction(db_);
    if (Status s = transaction.begin(); !s.ok()) return s;
    if (Status s = texts_.init(); !s.ok()) return s;
    if (Status s = insert_snapshot(); !s.ok()) return s;
    if (Status s = insert_metrics(); !s.ok()) return s;
    if (Status s = insert_elements(); !s.ok()) return s;
    return transaction.commit();
  }

 private:
  Status set_pragmas() {
    // synchronous=NORMAL in WAL mode keeps every commit atomic (a crash loses at most the last
    // commit, never half of it); the import is one commit.
    return db_.exec(fmt::format("PRAGMA synchronous = NORMAL; PRAGMA temp_store = MEMORY; PRAGMA cache_size = -{}",
                                options_.cache_kib));
  }

  Status insert_snapshot() {
    const SnapshotInfo& info = source_.info;
    auto stmt = db_.prepare(
        "INSERT INTO snapshot (label, taken, as_of, registry_version, registry_date, kitwatch_version, "
        "element_count, lists, rows_read, rows_rejected) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    if (!stmt.ok()) return stmt.status();
    std::string lists;
    for (const std::string& l : info.lists) lists += (lists.empty() ? "" : ",") + l;
    stmt->bind(1, info.label);
    stmt->bind(2, info.taken.to_string());
    stmt->bind(3, info.as_of.to_string());
    stmt->bind(4, info.registry_version);
    stmt->bind(5, info.registry_date);
    stmt->bind(6, info.kitwatch_version);
    stmt->bind(7, static_cast<std::int64_t>(source_.store->size()));
    stmt->bind(8, lists);
    stmt->bind(9, static_cast<std::int64_t>(info.rows_read));
    stmt->bind(10, static_cast<std::int64_t>(info.rows_rejected));
    if (Status s = stmt->run(); !s.ok()) return s;
    snapshot_ = db_.last_insert_rowid();
    auto input = db_.prepare("INSERT INTO snapshot_input VALUES (?, ?, ?)");
    if (!input.ok()) return input.status();
    for (std::size_t i = 0; i < info.inputs.size(); ++i) {
      input->bind(1, snapshot_);
      input->bind(2, static_cast<std::int64_t>(i));
      input->bind(3, info.inputs[i]);
      if (Status s = input->run(); !s.ok()) return s;
    }
    auto policy = db_.prepare("INSERT INTO snapshot_policy VALUES (?, ?, ?, ?, ?)");
    if (!policy.ok()) return policy.status();
    for (std::size_t i = 0; i < info.policies.size(); ++i) {
      policy->bind(1, snapshot_);
      policy->bind(2, static_cast<std::int64_t>(i));
      policy->bind(3, info.policies[i].name);
      policy->bind(4, info.policies[i].title);
      policy->bind(5, info.policies[i].source);
      if (Status s = policy->run(); !s.ok()) return s;
    }
    return Status();
  }

  Status insert_metrics() {
    auto find = db_.prepare("SELECT id FROM metric_key WHERE scope = ? AND measure = ? AND quantity = ?");
    auto add_key = db_.prepare("INSERT INTO metric_key (scope, measure, quantity) VALUES (?, ?, ?)");
    auto insert = db_.prepare("INSERT INTO metric (snapshot_id, key_id, position, value) VALUES (?, ?, ?, ?)");
    if (!find.ok()) return find.status();
    if (!add_key.ok()) return add_key.status();
    if (!insert.ok()) return insert.status();
    const std::vector<Metric> metrics = metrics_of(*source_.report);
    for (std::size_t i = 0; i < metrics.size(); ++i) {
      const Metric& m = metrics[i];
      find->bind(1, m.scope);
      find->bind(2, m.measure);
      find->bind(3, m.quantity);
      auto row = find->step();
      if (!row.ok()) return row.status();
      std::int64_t key = *row ? find->column_int(0) : 0;
      find->reset();
      if (!*row) {
        add_key->bind(1, m.scope);
        add_key->bind(2, m.measure);
        add_key->bind(3, m.quantity);
        if (Status s = add_key->run(); !s.ok()) return s;
        key = db_.last_insert_rowid();
      }
      insert->bind(1, snapshot_);
      insert->bind(2, key);
      insert->bind(3, static_cast<std::int64_t>(i));
      insert->bind(4, m.value);
      if (Status s = insert->run(); !s.ok()) return s;
    }
    return Status();
  }

  void bind_element(sql::Statement& stmt, int base, ElementIndex e, const ElementTextIds& ids) {
    const ElementStore& store = *source_.store;
    const Resolution& resolution = *source_.resolution;
    const std::uint32_t decision = resolution.decision_of[e];
    const std::string_view id = store.id_of(e);
    stmt.bind_static(base + 2, id);  // the store outlives the statement's step
    stmt.bind(base + 1, snapshot_);
    stmt.bind(base + 3, ids.files[store.origin[e].file]);
    stmt.bind(base + 4, static_cast<std::int64_t>(store.origin[e].line));
    stmt.bind(base + 5, static_cast<std::int64_t>(store.function[e]));
    stmt.bind(base + 6, ids.decision_maker[decision]);
    stmt.bind(base + 7, ids.decision_controller[decision]);
    stmt.bind(base + 8, static_cast<std::int64_t>((*source_.designated)[e] != 0));
    stmt.bind(base + 9, resolution.decisions[decision].confidence);
    stmt.bind(base + 10, store.traffic[e]);
    stmt.bind(base + 11, store.subscribers[e]);
    for (std::size_t t = 0; t < kElementTexts.size(); ++t) {
      stmt.bind(base + 12 + static_cast<int>(t), ids.fields[t][store.column(kElementTexts[t])[e]]);
    }
  }

  Status insert_elements() {
    const ElementStore& store = *source_.store;
    if (source_.designated->size() != store.size() || source_.resolution->decision_of.size() != store.size()) {
      return Status::internal("snapshot source columns differ in length from the element store");
    }
    auto ids = intern_element_texts(texts_, source_);
    if (!ids.ok()) return ids.status();
    // Primary-key order: SQLite's BINARY collation is memcmp order, as string_view's compare is.
    std::vector<ElementIndex> order(store.size());
    std::iota(order.begin(), order.end(), ElementIndex{0});
    std::sort(order.begin(), order.end(),
              [&](ElementIndex a, ElementIndex b) { return store.id_of(a) < store.id_of(b); });
    const std::size_t batch = std::max<std::size_t>(1, std::min<std::size_t>(options_.batch_rows, 2000));
    auto full = db_.prepare(element_insert_sql(batch));
    if (!full.ok()) return full.status();
    const std::size_t total = order.size();
    std::size_t done = 0;
    for (; done + batch <= total; done += batch) {
      for (std::size_t r = 0; r < batch; ++r) {
        bind_element(*full, static_cast<int>(r) * kElementColumns, order[done + r], *ids);
      }
      if (Status s = full->run(); !s.ok()) return s;
      if (options_.progress) options_.progress(done + batch, total);
    }
    if (done < total) {
      auto tail = db_.prepare(element_insert_sql(total - done));
      if (!tail.ok()) return tail.status();
      for (std::size_t r = 0; done + r < total; ++r) {
        bind_element(*tail, static_cast<int>(r) * kElementColumns, order[done + r], *ids);
      }
      if (Status s = tail->run(); !s.ok()) return s;
      if (options_.progress) options_.progress(total, total);
    }
    return Status();
  }

  sql::Database& db_;
  const SnapshotSource& source_;
  const ImportOptions& options_;
  TextInterner texts_;
  std::int64_t snapshot_ = 0;
};

Result<bool> label_exists(sql::Database& db, const std::string& label) {
  auto stmt = db.prepare("SELECT 1 FROM snapshot WHERE label = ?");
  if (!stmt.ok()) return stmt.status();
  stmt->bind(1, label);
  auto row = stmt->step();
  if (!row.ok()) return row.status();
  return *row;
}

}  // namespace

Status SnapshotStore::add(const SnapshotSource& source, const ImportOptions& options) {
  if (!source.store || !source.registry || !source.resolution || !source.report || !source.designated) {
    return Status::internal("SnapshotSource is missing a part");
  }
  if (source.info.label.empty()) return Status::usage("a snapshot needs a non-empty --label");
  auto exists = label_exists(*impl_->db, source.info.label);
  if (!exists.ok()) return exists.status();
  if (*exists) {
    return Status::usage(fmt::format("{}: a snapshot labelled '{}' already exists; labels are unique",
                                     impl_->db->path(), source.info.label));
  }
  Importer importer(*impl_->db, source, options);
  return importer.run();
}

}  // namespace kitwatch
