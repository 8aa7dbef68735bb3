// The server's limits over real HTTP: request bodies, uploads and requests per minute over their
// limits are refused (413, 429), and progress streams, which each hold an HTTP thread while their
// job runs, are capped (503) and end when the server stops.
#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <thread>

#include "server/server.h"
#include "server/server_test_util.h"

namespace kitwatch {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using testing_support::source;

TEST(ServerLimitsTest, BodiesUploadsAndRatesOverTheLimitsAreRefused) {
  const fs::path dir = fresh_dir("server-limits");
  ServerOptions options = test_options(dir);
  options.max_body_bytes = 1024;
  options.max_upload_bytes = 4096;
  options.max_requests_per_minute = 12;
  ASSERT_TRUE(init_admin(options.db, "root", kPassword, PasswordCost::kMinimum).ok());
  auto server = Server::start(options);
  ASSERT_TRUE(server.ok()) << server.status().message();
  Client c((*server)->port());
  const std::string token = login(c, "root");
  EXPECT_EQ(c.call("POST", "/api/v1/tokens", token, std::string(2048, ' ')).status, 413);
  const std::string analyst = add_operator_and_analyst(c, token);
  ASSERT_FALSE(analyst.empty());
  const Answer big = c.call("POST", "/api/v1/operators/op/inventories", analyst, std::string(5000, 'x'), "text/csv");
  EXPECT_EQ(big.status, 413) << big.body;
  EXPECT_EQ(c.call("GET", "/api/v1/operators/op/inventories", analyst).parsed().size(), 0u);  // nothing kept
  int status = 0;
  for (int i = 0; i < 12 && status != 429; ++i) status = c.call("GET", "/api/v1/me", token).status;
  EXPECT_EQ(status, 429);
  (*server)->stop();
  fs::remove_all(dir);
}

TEST(ServerLimitsTest, ProgressStreamsAreCappedAndEndWhenTheServerStops) {
  const fs::path dir = fresh_dir("server-streams");
  ServerOptions options = test_options(dir);
  options.http_threads = 2;  // one progress stream at a time
  ASSERT_TRUE(init_admin(options.db, "root", kPassword, PasswordCost::kMinimum).ok());
  auto server = Server::start(options);
  ASSERT_TRUE(server.ok()) << server.status().message();
  Client c((*server)->port());
  const std::string analyst = add_operator_and_analyst(c, login(c, "root"));
  ASSERT_FALSE(analyst.empty());
  const Answer up = c.call("POST", "/api/v1/operators/op/inventories?name=small.csv", analyst,
                           read_text(source("examples/small/inventory.csv")), "text/csv");
  ASSERT_EQ(up.status, 202) << up.body;
  const std::string job = up.parsed()["links"]["job"];
  ASSERT_EQ(wait_for_job(c, job, analyst)["state"], "done");
  // The job made to look unfinished again, so that a stream of it stays open.
  const std::string id = std::to_string(up.parsed()["job"].get<int>());
  ASSERT_TRUE(exec_on_test_database(options.db, "UPDATE jobs SET state = 'queued' WHERE id = " + id).ok());

  std::atomic<bool> streaming = false;
  std::thread reader([&] {
    httplib::Client stream("127.0.0.1", (*server)->port());
    stream.set_read_timeout(30, 0);
    (void)stream.Get((job + "/events").c_str(), {{"Authorization", "Bearer " + analyst}},
                     [&](const char*, std::size_t) {
                       streaming = true;
                       return true;
                     });
  });
  for (int i = 0; i < 500 && !streaming; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  ASSERT_TRUE(streaming);
  const Answer busy = c.call("GET", job + "/events", analyst);
  EXPECT_EQ(busy.status, 503) << busy.body;
  EXPECT_EQ(c.call("GET", job, analyst).status, 200);  // polling still answers
  // Stopping the server ends the open stream instead of waiting for its job.
  const auto before = std::chrono::steady_clock::now();
  (*server)->stop();
  reader.join();
  EXPECT_LT(std::chrono::steady_clock::now() - before, std::chrono::seconds(5));
  fs::remove_all(dir);
}

}  // namespace
}  // namespace kitwatch
