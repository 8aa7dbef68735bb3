// What the server's parts share, private to src/server: one request as a handler sees it (Call),
// what it answers (Reply), the server-wide state handlers reach (Context), the route table and the
// background worker that runs uploaded inventories' assessments.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "registry/registry.h"
#include "run/run.h"
#include "server/server.h"
#include "server/store.h"

namespace kitwatch::server {

// What a route answers: a status, a body and its type. Errors are Replies too, made by
// error_reply() in one form ({"error": {"status", "code", "message"}}).
struct Reply {
  int status = 200;
  std::string body;
  std::string content_type = "application/json";
  std::string file_name;                                     // for downloads: Content-Disposition
  std::vector<std::pair<std::string, std::string>> headers;  // more response headers (Set-Cookie, ...)
  // A streamed body (server-sent events): called again and again with a writer until it returns
  // false; the writer returns false when the client has gone.
  std::function<bool(const std::function<bool(std::string_view)>& write)> stream;
};

Reply json_reply(const Json& body, int status = 200);
Reply error_reply(int status, std::string_view code, std::string_view message);
// The one map from engine errors to HTTP: usage → 400, input → 422, io and internal → 500.
Reply status_reply(const Status& status);

// One request as a handler sees it.
struct Call {
  std::string method, path, remote;
  std::map<std::string, std::string> params;      // from the path pattern ({op}, {id}, ...)
  std::multimap<std::string, std::string> query;  // the query string
  std::string body;                               // non-upload requests
  std::string upload_path;                        // uploads: the file the body was streamed to
  std::uint64_t upload_bytes = 0;
  std::string upload_sha256;
  std::optional<User> user;     // when a valid token came with it
  std::string token;            // that token's text (a bearer token or the session cookie's)
  bool by_cookie = false;       // the token came in the dashboard's session cookie
  bool tls = false;             // the request came over TLS to this process
  std::string forwarded_proto;  // X-Forwarded-Proto, from a reverse proxy
  std::string audit_detail;     // what the handler says the audit row should add
  std::string audit_user;       // sign-in: the name tried
  std::string query_value(const std::string& key, const std::string& fallback = "") const;
  std::vector<std::string> query_values(const std::string& key) const;
};

class Worker;

struct Context {
  ServerOptions options;
  std::string files_dir;  // DB.files/
  std::unique_ptr<Store> store;
  std::unique_ptr<Worker> worker;
  void log(const std::string& line) const;
  // Server-sent event streams open now: each holds an HTTP thread until its job ends, so at most
  // half the threads may (the rest keep answering everything else).
  std::atomic<unsigned> event_streams{0};
  std::atomic<bool> stopping{false};  // the server is stopping: streams end
  // The registry the look-up routes read (builtin plus the server's overlays), loaded at first use.
  Result<const Registry*> registry();

 private:
  std::mutex registry_mutex_;
  std::unique_ptr<Registry> registry_;
};

struct Route {
  RouteInfo info;
  bool upload = false;  // the body is streamed to a file (up to max_upload_bytes)
  std::function<Reply(Context&, Call&)> handler;
};

// The dashboard's session: the cookie that carries its token, and the CSRF value a cookie-signed
// request that changes anything must repeat in the X-CSRF-Token header. The value is derived from
// the session's token, so a page on another site (which cannot read the cookie) cannot know it.
inline constexpr std::string_view kSessionCookie = "kitwatch_session";
std::string csrf_of(const std::string& token);
// The Set-Cookie value that gives a browser (or takes back from it, with an empty token) a session.
std::string session_cookie(const std::string& token, std::int64_t max_age_seconds, bool secure);

// The dashboard's files (web/dashboard.*, common.js, ECharts), embedded at build time; read from
// the folder KITWATCH_WEB_DIR instead when that is set (working on the dashboard without
// rebuilding). nullopt: no such file.
std::optional<Reply> dashboard_file(std::string_view path);

// An exclusive lock on a folder (flock on FOLDER/server.lock), held while the object lives; the
// kernel drops it when the process ends, however it ends.
class FolderLock {
 public:
  static Result<FolderLock> take(const std::string& folder);
  FolderLock() = default;
  FolderLock(FolderLock&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}
  FolderLock& operator=(FolderLock&& other) noexcept;
  ~FolderLock();

 private:
  int fd_ = -1;
};

// The route table (routes.cc), in registration order.
const std::vector<Route>& route_table();

// Runs uploaded inventories' assessments one at a time, in upload order, on its own thread.
class Worker {
 public:
  explicit Worker(Context& context);
  ~Worker();  // finishes the running job, drops the queued ones (they stay 'queued' until restart)
  void submit(std::int64_t job, std::int64_t inventory, std::string operator_id);

 private:
  void run();
  Context& context_;
  std::mutex mutex_;
  std::condition_variable wake_;
  struct Item {
    std::int64_t job, inventory;
    std::string operator_id;
  };
  std::deque<Item> queue_;
  bool stopping_ = false;
  std::thread thread_;
};

// A stored inventory loaded as the engine's run, with the shipped packs its upload named; every
// message and report names the upload as its sender named it, not the server's file. hooks, when
// given, may set the run's progress callbacks.
Result<std::unique_ptr<Inputs>> load_inventory(Context& context, const InventoryRecord& inventory,
                                               const std::function<void(RunSpec&)>& hooks = {});

// The assessment of one stored inventory: load, analyse, render, and its findings as rows.
Status assess_inventory(Context& context, std::int64_t job, const InventoryRecord& inventory);

}  // namespace kitwatch::server
