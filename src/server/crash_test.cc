// kitwatch serve killed with SIGKILL (no clean-up of any kind) in the middle of an upload and of
// its background assessments, then started again on the same database: the store opens, the
// interrupted upload left no inventory, every job that was queued or running is failed with a
// message (never left "running" for ever), every finished one has its whole assessment, and the
// server works as before. The server is the real kitwatch binary, in its own process.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include "generate/generator.h"
#include "server/server.h"
#include "server/server_test_util.h"

namespace kitwatch {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

// A loopback port nobody listens on just now.
int free_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t size = sizeof address;
  ::bind(fd, reinterpret_cast<sockaddr*>(&address), size);
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &size);
  ::close(fd);
  return ntohs(address.sin_port);
}

// `kitwatch serve` in a child process, killed with SIGKILL when asked (or at the end).
class ServerProcess {
 public:
  ServerProcess(const std::string& db, int port) : port_(port) {
    const std::string listen = "127.0.0.1:" + std::to_string(port);
    pid_ = ::fork();
    if (pid_ == 0) {
      ::execl(KITWATCH_BINARY, KITWATCH_BINARY, "serve", "--db", db.c_str(), "--listen", listen.c_str(), "-q",
              static_cast<char*>(nullptr));
      ::_exit(127);
    }
  }
  ~ServerProcess() { kill(); }
  // Waits until it answers /api/v1/health (up to 30 s).
  bool ready() const {
    Client c(port_);
    for (int i = 0; i < 600; ++i) {
      if (c.call("GET", "/api/v1/health").status == 200) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return false;
  }
  void kill() {
    if (pid_ <= 0) return;
    ::kill(pid_, SIGKILL);
    int status = 0;
    ::waitpid(pid_, &status, 0);
    pid_ = -1;
  }

 private:
  int port_;
  pid_t pid_ = -1;
};

TEST(ServerCrashTest, ASigkillDuringAnUploadAndItsJobsLeavesTheStoreConsistentAndTheJobsFailedOnRestart) {
  const fs::path dir = fresh_dir("server-crash");
  const std::string db = "sqlite:" + (dir / "server.db").string();
  ASSERT_TRUE(init_admin(db, "root", kPassword, PasswordCost::kMinimum).ok());
  GenerateOptions generate;
  generate.elements = 50000;
  GenerateSummary generated;
  ASSERT_TRUE(generate_network(generate, (dir / "network").string(), generated).ok());
  const std::string inventory = read_text((dir / "network" / "inventory.csv").string());

  const int port = free_port();
  auto server = std::make_unique<ServerProcess>(db, port);
  ASSERT_TRUE(server->ready());
  Client c(port);
  const std::string analyst = add_operator_and_analyst(c, login(c, "root"));
  ASSERT_FALSE(analyst.empty());
  const std::string upload = "/api/v1/operators/op/inventories?name=net.csv&policy=uk-huawei-dvd";

  // Three uploads taken (202): the worker runs their assessments one after another, so when the
  // third is accepted at least that one has not finished.
  std::vector<std::int64_t> jobs;
  for (int i = 0; i < 3; ++i) {
    const Answer a = c.call("POST", upload, analyst, inventory, "text/csv");
    ASSERT_EQ(a.status, 202) << a.body;
    jobs.push_back(a.parsed()["job"].get<std::int64_t>());
  }
  // A fourth upload cut off half way: its sender is still sending when the server dies.
  std::atomic<bool> half_sent = false, killed = false;
  std::thread sender([&] {
    httplib::Client slow("127.0.0.1", port);
    slow.set_write_timeout(30, 0);
    httplib::Headers headers = {{"Authorization", "Bearer " + analyst}};
    (void)slow.Post(
        upload.c_str(), headers, inventory.size(),
        [&](std::size_t offset, std::size_t, httplib::DataSink& sink) {
          if (offset >= inventory.size() / 2) {
            half_sent = true;
            // Nothing more until the server is dead; then the next writes fail and the send ends.
            while (!killed) std::this_thread::sleep_for(std::chrono::milliseconds(10));
          }
          return sink.write(inventory.data() + offset, std::min<std::size_t>(64 * 1024, inventory.size() - offset));
        },
        "text/csv");
  });
  for (int i = 0; i < 1000 && !half_sent; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  ASSERT_TRUE(half_sent);
  server->kill();
  killed = true;
  sender.join();

  // Started again on the same database.
  server = std::make_unique<ServerProcess>(db, port);
  ASSERT_TRUE(server->ready());
  const json listed = c.call("GET", "/api/v1/operators/op/inventories", analyst).parsed();
  EXPECT_EQ(listed.size(), 3u) << "the cut-off upload must leave no inventory: " << listed.dump();
  int failed = 0;
  for (std::size_t i = 0; i < jobs.size(); ++i) {
    const json job = c.call("GET", "/api/v1/operators/op/jobs/" + std::to_string(jobs[i]), analyst).parsed();
    const std::string state = job.value("state", "");
    ASSERT_TRUE(state == "done" || state == "failed") << job.dump();
    const Answer summary =
        c.call("GET", "/api/v1/operators/op/inventories/" + std::to_string(listed[i]["id"].get<int>()) + "/assessment",
               analyst);
    if (state == "failed") {
      ++failed;
      EXPECT_NE(job["error"].get<std::string>().find("server stopped"), std::string::npos) << job.dump();
      EXPECT_EQ(summary.status, 409) << "a failed job has no assessment";
    } else {
      EXPECT_EQ(summary.status, 200);
      EXPECT_EQ(summary.parsed()["rows"]["read"], generated.elements);
    }
  }
  EXPECT_GE(failed, 1);
  // The half-written upload's file was cleared away; the server takes new uploads as before.
  EXPECT_TRUE(fs::is_empty(dir / "server.db.files" / "incoming"));
  const Answer again = c.call("POST", upload, analyst, inventory, "text/csv");
  ASSERT_EQ(again.status, 202) << again.body;
  const json job = wait_for_job(c, again.parsed()["links"]["job"], analyst);
  EXPECT_EQ(job["state"], "done") << job.dump();
  server->kill();
  fs::remove_all(dir);
}

TEST(ServerCrashTest, ASecondServerOnTheSameDatabaseIsRefusedBeforeItTouchesIt) {
  const fs::path dir = fresh_dir("server-second");
  ServerOptions options = test_options(dir);
  ASSERT_TRUE(init_admin(options.db, "root", kPassword, PasswordCost::kMinimum).ok());
  auto first = Server::start(options);
  ASSERT_TRUE(first.ok()) << first.status().message();
  auto second = Server::start(options);
  ASSERT_FALSE(second.ok());
  EXPECT_NE(second.status().message().find("another kitwatch serve"), std::string::npos) << second.status().message();
  // Once the first is gone, the database is free again.
  first->reset();
  auto again = Server::start(options);
  EXPECT_TRUE(again.ok()) << again.status().message();
  fs::remove_all(dir);
}

}  // namespace
}  // namespace kitwatch
