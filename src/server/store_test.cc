// The server's store on a real SQLite file: migrations, the append-only audit log, and what a
// killed server leaves behind.
#include "server/store.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "base/sqlite.h"
#include "server/server.h"
#include "server/server_test_util.h"

namespace kitwatch {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

fs::path fresh_dir(const std::string& name) {
  const fs::path dir = fs::temp_directory_path() / ("kitwatch-" + name + "-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

TEST(ServerStoreTest, AServerKilledDuringAJobLeavesItFailedOnRestart) {
  const fs::path dir = fresh_dir("server-restart");
  const std::string db = (dir / "server.db").string();
  {
    // The state a SIGKILL leaves: a job queued (or running) with no server to finish it.
    auto store = server::Store::open(db);
    ASSERT_TRUE(store.ok()) << store.status().message();
    ASSERT_TRUE((*store)->add_operator("op", "Op").ok());
    server::InventoryRecord record{0, "op", "inv.csv", "auto", "2028-01-01", (dir / "inv.csv").string(), {}};
    auto inv = (*store)->add_inventory(record, 10, "00", "someone");
    ASSERT_TRUE(inv.ok());
    ASSERT_TRUE((*store)->add_job("op", *inv).ok());
    EXPECT_EQ((*(*store)->job("op", 1))[0]["state"], "queued");
  }
  ServerOptions options = test_options(dir);
  auto started = Server::start(options);
  ASSERT_TRUE(started.ok());
  (*started)->stop();
  auto store = server::Store::open(db);
  ASSERT_TRUE(store.ok());
  const json job = (*(*store)->job("op", 1))[0];
  EXPECT_EQ(job["state"], "failed");
  EXPECT_NE(job["error"].get<std::string>().find("server stopped"), std::string::npos);
  fs::remove_all(dir);
}

TEST(ServerStoreTest, TheSchemaIsMigratedFromEmptyAndForeignOrNewerFilesAreRefused) {
  const fs::path dir = fresh_dir("server-schema");
  const std::string db = (dir / "server.db").string();
  {
    auto store = server::Store::open(db);
    ASSERT_TRUE(store.ok());
    ASSERT_TRUE((*store)->audit({"u", "", "test", "t", "local", "", 0}).ok());
  }
  {
    auto raw = sql::Database::open(db, sql::Database::Access::kReadWrite);
    ASSERT_TRUE(raw.ok());
    EXPECT_EQ(*(*raw)->query_int("PRAGMA user_version"), server_schema_version());
    // The audit log is append-only in the database itself.
    EXPECT_FALSE((*raw)->exec("UPDATE audit SET user_name = 'someone else'").ok());
    EXPECT_FALSE((*raw)->exec("DELETE FROM audit").ok());
    ASSERT_TRUE((*raw)->exec("PRAGMA user_version = 999").ok());
  }
  auto newer = server::Store::open(db);
  ASSERT_FALSE(newer.ok());
  EXPECT_NE(newer.status().message().find("newer kitwatch"), std::string::npos);
  const std::string other = (dir / "other.db").string();
  {
    auto raw = sql::Database::open(other, sql::Database::Access::kCreate);
    ASSERT_TRUE(raw.ok());
    ASSERT_TRUE((*raw)->exec("CREATE TABLE t(x)").ok());
  }
  auto foreign = server::Store::open(other);
  ASSERT_FALSE(foreign.ok());
  EXPECT_NE(foreign.status().message().find("not a kitwatch server database"), std::string::npos);
  fs::remove_all(dir);
}

}  // namespace
}  // namespace kitwatch
