#include "snapshot/snapshot.h"

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>

#include "base/sqlite.h"
#include "ingest/ingest.h"
#include "snapshot/schema.h"
#include "test_support.h"

namespace kitwatch {
namespace {

namespace fs = std::filesystem;

// A unique database path per test (ctest runs tests in parallel), removed with its WAL files.
class TempDb {
 public:
  TempDb() {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    path_ = (fs::temp_directory_path() /
             fmt::format("kitwatch-snap-{}-{}-{}.db", info->test_suite_name(), info->name(), getpid()))
                .string();
    remove();
  }
  ~TempDb() { remove(); }
  const std::string& path() const { return path_; }

 private:
  void remove() {
    for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(path_ + suffix);
  }
  std::string path_;
};

// An inventory loaded, resolved and assessed, ready to store.
struct Assessed {
  ElementStore store;
  IngestReport ingest;
  std::unique_ptr<Registry> registry;
  Resolution resolution;
  AssessReport report;
  std::vector<std::uint8_t> designated;
  Date as_of = *Date::parse("2024-01-01");

  explicit Assessed(const std::string& csv) {
    // Loading the built-in registry is the slow part of a small test: load it once per process.
    static const Registry builtin = std::move(*Registry::builtin());
    registry = std::make_unique<Registry>(builtin);
    EXPECT_TRUE(ingest_inventory_bytes(csv, "inv.csv", {}, store, ingest).ok());
    resolution = resolve(store, *registry, MacRegistry{}, as_of);
    auto a = assess(store, *registry, resolution, AssessOptions{as_of, {}, 10});
    EXPECT_TRUE(a.ok());
    report = std::move(*a);
    auto d = designated_elements(store, *registry, resolution, {}, as_of);
    EXPECT_TRUE(d.ok());
    designated = std::move(*d);
  }
  SnapshotSource source(const std::string& label, const char* taken) const {
    SnapshotSource s;
    s.info.label = label;
    s.info.taken = *Date::parse(taken);
    s.info.as_of = as_of;
    s.info.registry_version = registry->version();
    s.info.registry_date = registry->date();
    s.info.kitwatch_version = "test";
    s.info.inputs = {"inv.csv"};
    s.info.rows_read = ingest.rows_read;
    s.store = &store;
    s.registry = registry.get();
    s.resolution = &resolution;
    s.report = &report;
    s.designated = &designated;
    return s;
  }
  std::string maker(std::string_view id) const {
    const ElementIndex e = store.find(id);
    const MakerId m = resolution.manufacturer(e);
    return m == kNoMaker ? "" : resolution.maker_name(m, *registry);
  }
};

// Models match no product-line pattern, so the declared vendor alone decides the maker.
constexpr const char* kHeader = "id,function,site,region,vendor,model,software_version,traffic,subscribers\n";
const std::string kInventoryA = std::string(kHeader) +
                                "a1,core,LON,south,Huawei,QQ-M1,v8,100,0\n"
                                "a2,access,MAN,north,Nokia,QQ-M2,r6,50,10\n"
                                "a3,cpe,LEE,north,ZTE Corporation,QQ-M3A,1.0,1,1\n"
                                "a4,ran,BRI,south,Ericsson,QQ-M4,l20,20,5\n"
                                "a5,cpe,LEE,north,BT,QQ-M5,2.0,1,1\n";
// From A: a1 moves site, a2's maker changes, a3 gets a new model and software, a4 goes, a6 comes.
const std::string kInventoryB = std::string(kHeader) +
                                "a1,core,LON2,south,Huawei,QQ-M1,v8,100,0\n"
                                "a2,access,MAN,north,Huawei,QQ-M2,r6,50,10\n"
                                "a3,cpe,LEE,north,ZTE Corporation,QQ-M3B,2.0,1,1\n"
                                "a5,cpe,LEE,north,BT,QQ-M5,2.0,1,1\n"
                                "a6,cpe,LEE,north,Huawei,QQ-M6,3.0,2,1\n";

std::unique_ptr<SnapshotStore> open_store(const TempDb& db) {
  auto store = SnapshotStore::open(db.path(), SnapshotStore::Mode::kCreateIfMissing);
  EXPECT_TRUE(store.ok()) << store.status().message();
  return std::move(*store);
}

const MetricChange* find_change(const SnapshotDiff& diff, const std::string& name) {
  for (const MetricChange& m : diff.metrics) {
    if (m.name() == name) return &m;
  }
  return nullptr;
}

TEST(SnapshotStoreTest, DiffReportsKnownElementChanges) {
  TempDb db;
  const Assessed a(kInventoryA), b(kInventoryB);
  auto store = open_store(db);
  ASSERT_TRUE(store->add(a.source("jan", "2024-01-01")).ok());
  ASSERT_TRUE(store->add(b.source("feb", "2024-02-01")).ok());
  auto diff = store->diff("jan", "feb");
  ASSERT_TRUE(diff.ok()) << diff.status().message();
  ASSERT_EQ(diff->added_count, 1u);
  EXPECT_EQ(diff->added[0].id, "a6");
  EXPECT_EQ(diff->added[0].site, "LEE");
  EXPECT_EQ(diff->added[0].function, "cpe");
  ASSERT_EQ(diff->removed_count, 1u);
  EXPECT_EQ(diff->removed[0].id, "a4");
  EXPECT_EQ(diff->changed_elements, 3u);
  std::map<std::pair<std::string, std::string>, std::pair<std::string, std::string>> changes;
  for (const ElementChange& c : diff->changed) changes[{c.id, c.field}] = {c.before, c.after};
  const decltype(changes) expected = {
      {{"a1", "site"}, {"LON", "LON2"}},
      {{"a2", "manufacturer"}, {a.maker("a2"), b.maker("a2")}},
      {{"a3", "model"}, {"QQ-M3A", "QQ-M3B"}},
      {{"a3", "software_version"}, {"1.0", "2.0"}},
  };
  EXPECT_EQ(changes, expected);
  EXPECT_NE(a.maker("a2"), b.maker("a2"));
  EXPECT_EQ(diff->change_count, 4u);
}

TEST(SnapshotStoreTest, DiffMetricDeltasMatchHandCounts) {
  TempDb db;
  const Assessed a(kInventoryA), b(kInventoryB);
  auto store = open_store(db);
  ASSERT_TRUE(store->add(a.source("jan", "2024-01-01")).ok());
  ASSERT_TRUE(store->add(b.source("feb", "2024-02-01")).ok());
  auto diff = store->diff("jan", "feb");
  ASSERT_TRUE(diff.ok());
  // Counted by hand from the inventories: Huawei and ZTE are designated on 2024-01-01 (every
  // list), Nokia and Ericsson are not, "BT" is unknown (an operator brand).
  struct Expect {
    const char* name;
    double before, after;
  };
  const Expect expected[] = {
      {"all/count/total", 5, 5},
      {"all/count/designated", 2, 4},
      {"all/count/unknown", 1, 1},
      {"all/traffic/total", 172, 154},
      {"all/traffic/designated", 101, 153},
      {"all/subscribers/designated", 1, 12},
      {"all/count/designated_share", 0.4, 0.8},
      {"all/traffic/designated_share", 101.0 / 172, 153.0 / 154},
      {"all/count/unknown_share", 0.2, 0.2},
      // Controllers' shares of all 5 elements: A has four makers at 20% each; B has Huawei 60%, ZTE 20%.
      {"all/count/hhi", 4 * 400, 3600 + 400},
      {"all/count/top1_share", 0.2, 0.6},
      {"function:cpe/count/total", 2, 3},
      {"function:ran/count/total", 1, 0},
      {"function:access/count/designated", 0, 1},
      {"region:south/count/total", 2, 1},
      {"region:north/traffic/designated", 1, 53},
  };
  for (const Expect& e : expected) {
    const MetricChange* m = find_change(*diff, e.name);
    ASSERT_NE(m, nullptr) << e.name;
    ASSERT_TRUE(m->before && m->after) << e.name;
    EXPECT_NEAR(*m->before, e.before, 1e-9) << e.name;
    EXPECT_NEAR(*m->after, e.after, 1e-9) << e.name;
    EXPECT_NEAR(m->delta(), e.after - e.before, 1e-9) << e.name;
  }
  // Every metric of either side is in the diff.
  EXPECT_EQ(diff->metrics.size(), metrics_of(a.report).size());
}

TEST(SnapshotStoreTest, HistoryIsOrderedByTakenDate) {
  TempDb db;
  const Assessed a(kInventoryA), b(kInventoryB);
  auto store = open_store(db);
  // Stored out of order: history must follow the taken date, not insertion.
  ASSERT_TRUE(store->add(b.source("later", "2024-06-01")).ok());
  ASSERT_TRUE(store->add(a.source("earlier", "2023-12-01")).ok());
  auto history = store->history();
  ASSERT_TRUE(history.ok());
  ASSERT_EQ(history->size(), 2u);
  EXPECT_EQ((*history)[0].snapshot.label, "earlier");
  EXPECT_EQ((*history)[1].snapshot.label, "later");
  EXPECT_NEAR(*(*history)[0].value("all", "count", "designated_share"), 2.0 / 5, 1e-12);
  EXPECT_NEAR(*(*history)[1].value("all", "count", "designated_share"), 4.0 / 5, 1e-12);
  EXPECT_NEAR(*(*history)[1].value("all", "subscribers", "designated"), 12, 1e-12);
  EXPECT_FALSE((*history)[1].value("all", "count", "no-such-quantity"));
  EXPECT_EQ((*history)[0].snapshot.elements, 5u);
  EXPECT_EQ((*history)[0].snapshot.registry_version, a.registry->version());
  auto list = store->list();
  ASSERT_TRUE(list.ok());
  ASSERT_EQ(list->size(), 2u);
  EXPECT_EQ((*list)[0].label, "earlier");
}

TEST(SnapshotStoreTest, RefusesDuplicateAndUnknownLabels) {
  TempDb db;
  const Assessed a(kInventoryA);
  auto store = open_store(db);
  ASSERT_TRUE(store->add(a.source("jan", "2024-01-01")).ok());
  const Status dup = store->add(a.source("jan", "2024-02-01"));
  EXPECT_EQ(dup.kind(), ErrorKind::kUsage);
  EXPECT_NE(dup.message().find("already exists"), std::string::npos) << dup.message();
  auto diff = store->diff("jan", "nope");
  ASSERT_FALSE(diff.ok());
  EXPECT_EQ(diff.status().kind(), ErrorKind::kUsage);
  EXPECT_NE(diff.status().message().find("no snapshot labelled 'nope'"), std::string::npos);
  EXPECT_EQ(store->list()->size(), 1u);
}

TEST(SnapshotStoreTest, InternsRepeatedStrings) {
  TempDb db;
  const Assessed a(kInventoryA);
  auto store = open_store(db);
  ASSERT_TRUE(store->add(a.source("one", "2024-01-01")).ok());
  ASSERT_TRUE(store->add(a.source("two", "2024-01-02")).ok());
  store.reset();
  auto raw = sql::Database::open(db.path(), sql::Database::Access::kReadWrite);
  ASSERT_TRUE(raw.ok());
  // "LEE" appears in three rows of each of two snapshots, and once in the text table.
  EXPECT_EQ(*(*raw)->query_int("SELECT count(*) FROM text WHERE value = 'LEE'"), 1);
  EXPECT_EQ(*(*raw)->query_int("SELECT count(*) FROM element e JOIN text t ON t.id = e.site WHERE t.value = 'LEE'"), 4);
  // Every element text reference names a row of `text`.
  EXPECT_EQ(*(*raw)->query_int("SELECT count(*) FROM element e WHERE NOT EXISTS (SELECT 1 FROM text t WHERE "
                               "t.id IN (e.site, e.region, e.model, e.manufacturer, e.software_version))"),
            0);
}

TEST(SnapshotSchemaTest, MigratesAnOlderDatabase) {
  TempDb db;
  {
    auto raw = sql::Database::open(db.path(), sql::Database::Access::kCreate);
    ASSERT_TRUE(raw.ok());
    ASSERT_TRUE(snapshot_schema::migrate(**raw, 1).ok());
    ASSERT_TRUE((*raw)
                    ->exec("INSERT INTO snapshot (label, taken, as_of, registry_version, registry_date, "
                           "kitwatch_version, element_count, rows_read, rows_rejected) VALUES "
                           "('v1', '2020-05-01', '2020-05-01', 'r', '2020-01-01', '0.0.1', 0, 0, 0)")
                    .ok());
    EXPECT_EQ(*(*raw)->query_int("PRAGMA user_version"), 1);
  }
  auto store = SnapshotStore::open(db.path(), SnapshotStore::Mode::kOpenExisting);
  ASSERT_TRUE(store.ok()) << store.status().message();
  EXPECT_EQ((*store)->schema_version(), SnapshotStore::current_schema_version());
  EXPECT_GT(SnapshotStore::current_schema_version(), 1);
  auto list = (*store)->list();
  ASSERT_TRUE(list.ok()) << list.status().message();
  ASSERT_EQ(list->size(), 1u);
  EXPECT_EQ((*list)[0].label, "v1");
  EXPECT_TRUE((*list)[0].lists.empty());  // the column schema 2 added, at its default
  // And the migrated database takes new snapshots.
  const Assessed a(kInventoryA);
  EXPECT_TRUE((*store)->add(a.source("v2", "2024-01-01")).ok());
}

// What a report reading history relies on: a read-only open creates nothing, migrates nothing
// and cannot add; it reads what a writer stored.
TEST(SnapshotStoreTest, ReadOnlyOpenNeverWrites) {
  TempDb db;
  auto missing = SnapshotStore::open(db.path(), SnapshotStore::Mode::kReadOnly);
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.status().message().find(db.path()), std::string::npos) << missing.status().message();
  EXPECT_FALSE(fs::exists(db.path())) << "a read-only open created the database";
  const Assessed a(kInventoryA);
  ASSERT_TRUE(open_store(db)->add(a.source("jan", "2024-01-01")).ok());
  auto reader = SnapshotStore::open(db.path(), SnapshotStore::Mode::kReadOnly);
  ASSERT_TRUE(reader.ok()) << reader.status().message();
  auto history = (*reader)->history();
  ASSERT_TRUE(history.ok()) << history.status().message();
  ASSERT_EQ(history->size(), 1u);
  EXPECT_EQ((*history)[0].snapshot.label, "jan");
  EXPECT_FALSE((*reader)->add(a.source("feb", "2024-02-01")).ok());
  reader->reset();
  EXPECT_EQ(open_store(db)->list()->size(), 1u);
}

TEST(SnapshotSchemaTest, ReadOnlyRefusesADatabaseThatNeedsAMigration) {
  TempDb db;
  {
    auto raw = sql::Database::open(db.path(), sql::Database::Access::kCreate);
    ASSERT_TRUE(raw.ok());
    ASSERT_TRUE(snapshot_schema::migrate(**raw, 1).ok());
  }
  auto store = SnapshotStore::open(db.path(), SnapshotStore::Mode::kReadOnly);
  ASSERT_FALSE(store.ok());
  EXPECT_NE(store.status().message().find("older kitwatch"), std::string::npos) << store.status().message();
  auto raw = sql::Database::open(db.path(), sql::Database::Access::kReadWrite);
  ASSERT_TRUE(raw.ok());
  EXPECT_EQ(*(*raw)->query_int("PRAGMA user_version"), 1) << "a read-only open migrated the file";
}

TEST(SnapshotSchemaTest, RefusesForeignAndNewerFiles) {
  TempDb db;
  { std::ofstream(db.path()) << "id,vendor\nnot,a database at all\n"; }
  auto text_file = SnapshotStore::open(db.path(), SnapshotStore::Mode::kCreateIfMissing);
  ASSERT_FALSE(text_file.ok());
  EXPECT_EQ(text_file.status().kind(), ErrorKind::kInput);
  EXPECT_NE(text_file.status().message().find("not a kitwatch snapshot database"), std::string::npos)
      << text_file.status().message();
  EXPECT_NE(text_file.status().message().find(db.path()), std::string::npos);
  fs::remove(db.path());
  {
    auto raw = sql::Database::open(db.path(), sql::Database::Access::kCreate);
    ASSERT_TRUE((*raw)->exec("CREATE TABLE invoices (id INTEGER)").ok());
  }
  auto foreign = SnapshotStore::open(db.path(), SnapshotStore::Mode::kCreateIfMissing);
  ASSERT_FALSE(foreign.ok());
  EXPECT_NE(foreign.status().message().find("another program"), std::string::npos) << foreign.status().message();
  fs::remove(db.path());
  {
    auto raw = sql::Database::open(db.path(), sql::Database::Access::kCreate);
    ASSERT_TRUE(snapshot_schema::migrate(**raw, snapshot_schema::current_version()).ok());
    ASSERT_TRUE((*raw)->exec("PRAGMA user_version = 99").ok());
  }
  auto newer = SnapshotStore::open(db.path(), SnapshotStore::Mode::kOpenExisting);
  ASSERT_FALSE(newer.ok());
  EXPECT_NE(newer.status().message().find("newer kitwatch"), std::string::npos) << newer.status().message();
  auto missing = SnapshotStore::open(db.path() + ".missing", SnapshotStore::Mode::kOpenExisting);
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.status().message().find("no snapshot database"), std::string::npos);
}

std::string big_inventory(std::size_t elements) {
  std::string csv = kHeader;
  const char* vendors[] = {"Huawei", "Nokia", "ZTE Corporation", "Ericsson", "BT"};
  for (std::size_t i = 0; i < elements; ++i) {
    csv += fmt::format("e{:07},cpe,S{},R{},{},QQ-M{},v{},{},1\n", i, i % 997, i % 7, vendors[i % 5], i % 13, i % 3,
                       i % 10);
  }
  return csv;
}

// A child process importing a snapshot is killed with SIGKILL half way through (the progress hook
// says when, so there is no sleep race); the database must then be intact and hold exactly the
// snapshots it held before.
TEST(SnapshotCrashTest, KilledImportLeavesDatabaseAsItWas) {
  TempDb db;
  const Assessed small(kInventoryA);
  const Assessed big(big_inventory(30000));
  {
    auto store = open_store(db);
    ASSERT_TRUE(store->add(small.source("before", "2024-01-01")).ok());
  }
  int pipe_fds[2];
  ASSERT_EQ(pipe(pipe_fds), 0);
  const pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    close(pipe_fds[0]);
    auto store = SnapshotStore::open(db.path(), SnapshotStore::Mode::kOpenExisting);
    if (!store.ok()) _exit(3);
    ImportOptions options;
    options.cache_kib = 512;  // a small cache, so the import spills pages into the WAL before it ends
    options.progress = [&](std::uint64_t done, std::uint64_t total) {
      if (done * 2 >= total) {
        const char byte = 'h';
        if (write(pipe_fds[1], &byte, 1) != 1) _exit(4);
        for (;;) pause();  // wait here for the parent's SIGKILL
      }
    };
    (void)(*store)->add(big.source("killed", "2024-02-01"), options);
    _exit(5);  // reaching here means the hook never fired
  }
  close(pipe_fds[1]);
  char byte = 0;
  ASSERT_EQ(read(pipe_fds[0], &byte, 1), 1);
  close(pipe_fds[0]);
  // Half the elements are in the WAL by now: the kill interrupts real writes.
  EXPECT_GT(fs::file_size(db.path() + "-wal"), 50000u);
  ASSERT_EQ(kill(child, SIGKILL), 0);
  int status = 0;
  ASSERT_EQ(waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);

  auto store = SnapshotStore::open(db.path(), SnapshotStore::Mode::kOpenExisting);
  ASSERT_TRUE(store.ok()) << store.status().message();
  auto list = (*store)->list();
  ASSERT_TRUE(list.ok());
  ASSERT_EQ(list->size(), 1u);
  EXPECT_EQ((*list)[0].label, "before");
  auto raw = sql::Database::open(db.path(), sql::Database::Access::kReadWrite);
  ASSERT_TRUE(raw.ok());
  auto check = (*raw)->prepare("PRAGMA integrity_check");
  ASSERT_TRUE(check.ok());
  ASSERT_TRUE(*check->step());
  EXPECT_EQ(check->column_text(0), "ok");
  EXPECT_EQ(*(*raw)->query_int("SELECT count(*) FROM element"), 5);
  // The label is free again: the next import of it succeeds.
  EXPECT_TRUE((*store)->add(big.source("killed", "2024-02-01")).ok());
}

// The command line: exit 2 with a clear message for each refusal.
TEST(SnapshotCommandTest, ErrorsExitTwo) {
  using testing_support::run;
  TempDb db;
  // A small inventory and no IEEE registry keep each run short.
  const std::string inv = db.path() + ".csv";
  std::ofstream(inv) << kInventoryA;
  auto added = run(fmt::format(
      "snapshot add {} --label one --taken 2024-01-01 --as-of 2024-01-01 -q --ieee-dir /nonexistent --db {}", inv,
      db.path()));
  ASSERT_EQ(added.exit_code, 0) << added.out;
  auto dup = run(
      fmt::format("snapshot add {} --label one --as-of 2024-01-01 -q --ieee-dir /nonexistent --db {}", inv, db.path()));
  EXPECT_EQ(dup.exit_code, 2);
  EXPECT_NE(dup.out.find("already exists"), std::string::npos) << dup.out;
  auto unknown = run(fmt::format("snapshot diff one two --db {}", db.path()));
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_NE(unknown.out.find("no snapshot labelled 'two'"), std::string::npos) << unknown.out;
  auto not_db = run(fmt::format("snapshot list --db {}", inv));
  EXPECT_EQ(not_db.exit_code, 2);
  EXPECT_NE(not_db.out.find("not a kitwatch snapshot database"), std::string::npos) << not_db.out;
  auto list = run(fmt::format("snapshot list --format json --db {}", db.path()));
  EXPECT_EQ(list.exit_code, 0);
  EXPECT_NE(list.out.find("\"label\": \"one\""), std::string::npos) << list.out;
  auto history = run(fmt::format("history --db {}", db.path()));
  EXPECT_EQ(history.exit_code, 0);
  EXPECT_NE(history.out.find("one"), std::string::npos) << history.out;
  fs::remove(inv);
}

// The same network with its rows in another order sums traffic in another order: the shares differ
// in the last bits. The text diff does not show that noise as a change (the JSON keeps every digit).
TEST(SnapshotCommandTest, TextDiffShowsNoFloatNoiseAsAChange) {
  using testing_support::run;
  TempDb db;
  const std::string first = db.path() + "-a.csv", second = db.path() + "-b.csv";
  std::ofstream(first)
      << "id,function,declared_vendor,traffic\na,core,Huawei,0.1\nb,core,Nokia,0.2\nc,core,Nokia,0.3\n";
  std::ofstream(second)
      << "id,function,declared_vendor,traffic\nc,core,Nokia,0.3\nb,core,Nokia,0.2\na,core,Huawei,0.1\n";
  for (const auto& [file, label] : {std::pair{first, "a"}, std::pair{second, "b"}}) {
    auto added =
        run(fmt::format("snapshot add {} --label {} --taken 2024-01-01 --as-of 2024-01-01 -q --ieee-dir "
                        "/nonexistent --db {}",
                        file, label, db.path()));
    ASSERT_EQ(added.exit_code, 0) << added.out;
  }
  EXPECT_NE((0.1 + 0.2) + 0.3, (0.3 + 0.2) + 0.1) << "the two orders must sum differently for this test";
  auto diff = run(fmt::format("snapshot diff a b --db {}", db.path()));
  ASSERT_EQ(diff.exit_code, 0) << diff.out;
  EXPECT_NE(diff.out.find("Metrics that changed (scope/measure/quantity: before -> after, delta)\n  (none)"),
            std::string::npos)
      << diff.out;
  EXPECT_EQ(diff.out.find("e-1"), std::string::npos) << diff.out;
  fs::remove(first);
  fs::remove(second);
}

}  // namespace
}  // namespace kitwatch
