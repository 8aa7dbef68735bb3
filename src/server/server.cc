// The HTTP side: cpp-httplib receives every request on four catch-all handlers, and dispatch()
// does the rest in one place: match the route table, read the body (streaming an upload to a
// file), limit the rate, authenticate the token, check the route's access rule, run the handler,
// write the audit row and turn the Reply into the response.
#include <fmt/format.h>
#include <httplib.h>
#include <sodium.h>

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "base/crypto.h"
#include "server/server_internal.h"
#include "server/store_internal.h"

namespace kitwatch {

std::string_view role_name(Role role) {
  switch (role) {
    case Role::kViewer:
      return "viewer";
    case Role::kAnalyst:
      return "analyst";
    case Role::kAdmin:
      return "admin";
    case Role::kRegulator:
      return "regulator";
  }
  return "viewer";
}

Result<Role> parse_role(std::string_view name) {
  for (Role r : {Role::kViewer, Role::kAnalyst, Role::kAdmin, Role::kRegulator}) {
    if (role_name(r) == name) return r;
  }
  return Status::usage(fmt::format("role '{}': viewer, analyst, admin or regulator", name));
}

std::string_view access_name(Access access) {
  switch (access) {
    case Access::kPublic:
      return "public";
    case Access::kSignedIn:
      return "signed-in";
    case Access::kAnyAdmin:
      return "admin";
    case Access::kServerAdmin:
      return "server-admin";
    case Access::kRegulator:
      return "regulator";
    case Access::kOperatorViewer:
      return "operator-viewer";
    case Access::kOperatorAnalyst:
      return "operator-analyst";
  }
  return "public";
}

int server_schema_version() {
  return server::Store::current_version();
}

namespace server {

Reply json_reply(const Json& body, int status) {
  Reply r;
  r.status = status;
  r.body = body.dump(-1, ' ', false, Json::error_handler_t::replace);
  return r;
}

Reply error_reply(int status, std::string_view code, std::string_view message) {
  return json_reply({{"error", {{"status", status}, {"code", code}, {"message", message}}}}, status);
}

Reply status_reply(const Status& status) {
  switch (status.kind()) {
    case ErrorKind::kUsage:
      return error_reply(400, "bad_request", status.message());
    case ErrorKind::kInput:
    case ErrorKind::kFindings:
    case ErrorKind::kIncomplete:
      return error_reply(422, "invalid", status.message());
    case ErrorKind::kIo:
    case ErrorKind::kInternal:
      break;
  }
  return error_reply(500, "server_error", status.message());
}

std::string Call::query_value(const std::string& key, const std::string& fallback) const {
  auto it = query.find(key);
  return it == query.end() ? fallback : it->second;
}

std::vector<std::string> Call::query_values(const std::string& key) const {
  std::vector<std::string> out;
  for (auto [it, end] = query.equal_range(key); it != end; ++it) out.push_back(it->second);
  return out;
}

void Context::log(const std::string& line) const {
  if (!options.quiet) fmt::print(stderr, "{} {}\n", now_utc(), line);
}

namespace {

std::vector<std::string_view> segments(std::string_view path) {
  std::vector<std::string_view> out;
  std::size_t start = 1;
  while (start <= path.size()) {
    const std::size_t slash = path.find('/', start);
    const std::size_t end = slash == std::string_view::npos ? path.size() : slash;
    out.push_back(path.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

// Whether path fits the pattern; the {name} segments' values go to params.
bool match(std::string_view pattern, std::string_view path, std::map<std::string, std::string>& params) {
  const auto want = segments(pattern), got = segments(path);
  if (want.size() != got.size()) return false;
  std::map<std::string, std::string> found;
  for (std::size_t i = 0; i < want.size(); ++i) {
    if (want[i].size() > 2 && want[i].front() == '{' && want[i].back() == '}') {
      if (got[i].empty()) return false;
      found.emplace(std::string(want[i].substr(1, want[i].size() - 2)), std::string(got[i]));
    } else if (want[i] != got[i]) {
      return false;
    }
  }
  params = std::move(found);
  return true;
}

// Whether the signed-in user may call a route with this access rule on these path parameters.
bool allowed(Access access, const User& u, const std::map<std::string, std::string>& params) {
  const auto op = params.find("op");
  const bool own_operator = op != params.end() && !u.operator_id.empty() && op->second == u.operator_id;
  switch (access) {
    case Access::kPublic:
    case Access::kSignedIn:
      return true;
    case Access::kAnyAdmin:
      return u.role == Role::kAdmin;
    case Access::kServerAdmin:
      return u.role == Role::kAdmin && u.operator_id.empty();
    case Access::kRegulator:
      return u.role == Role::kRegulator;
    case Access::kOperatorViewer:
      return own_operator;
    case Access::kOperatorAnalyst:
      return own_operator && (u.role == Role::kAnalyst || u.role == Role::kAdmin);
  }
  return false;
}

// A fixed one-minute window per caller (token or address): enough to stop a runaway script.
class RateLimiter {
 public:
  explicit RateLimiter(unsigned per_minute) : per_minute_(per_minute) {}
  bool admit(const std::string& caller) {
    const auto minute =
        std::chrono::duration_cast<std::chrono::minutes>(std::chrono::steady_clock::now().time_since_epoch()).count();
    std::lock_guard lock(mutex_);
    if (minute != minute_) {
      counts_.clear();
      minute_ = minute;
    }
    return ++counts_[caller] <= per_minute_;
  }

 private:
  unsigned per_minute_;
  std::mutex mutex_;
  std::int64_t minute_ = -1;
  std::map<std::string, unsigned> counts_;
};

}  // namespace
}  // namespace server

struct Server::Impl {
  server::Context context;
  std::unique_ptr<httplib::Server> http;  // an httplib::SSLServer with --tls-cert
  std::unique_ptr<server::RateLimiter> limiter;
  std::thread listener;
  int port = 0;
  bool tls = false;
  server::FolderLock lock;

  void dispatch(const httplib::Request& req, httplib::Response& res, const httplib::ContentReader* reader);
  server::Reply handle(const httplib::Request& req, const httplib::ContentReader* reader, server::Call& call,
                       const server::Route*& route);
};

namespace {

// Reads a request body into memory, up to limit bytes: 0 when read, else the HTTP status to answer
// (413 over the limit, 400 cut short). cpp-httplib stops before reading a body whose
// Content-Length is over its own payload limit.
int read_body(const httplib::Request& req, const httplib::ContentReader& reader, std::uint64_t limit,
              std::string& body) {
  bool fits = req.get_header_value<std::uint64_t>("Content-Length") <= limit;
  const bool read = fits && reader([&](const char* data, std::size_t n) {
                      if (body.size() + n > limit) {
                        fits = false;
                        return false;
                      }
                      body.append(data, n);
                      return true;
                    });
  return !fits ? 413 : read ? 0 : 400;
}

// The value of one cookie in a Cookie header ("a=1; name=value"), "" when it is not there.
std::string cookie_value(std::string_view header, std::string_view name) {
  while (!header.empty()) {
    const std::size_t end = std::min(header.find(';'), header.size());
    std::string_view pair = header.substr(0, end);
    header.remove_prefix(std::min(end + 1, header.size()));
    while (!pair.empty() && pair.front() == ' ') pair.remove_prefix(1);
    if (pair.size() > name.size() && pair.substr(0, name.size()) == name && pair[name.size()] == '=') {
      return std::string(pair.substr(name.size() + 1));
    }
  }
  return "";
}

}  // namespace

server::Reply Server::Impl::handle(const httplib::Request& req, const httplib::ContentReader* reader,
                                   server::Call& call, const server::Route*& route) {
  using server::error_reply;
  // The dashboard's page and files: everything outside /api/ is one of them or nothing.
  if (req.path.rfind("/api/", 0) != 0) {
    if (req.method != "GET") return error_reply(405, "method_not_allowed", "the dashboard's files are read with GET");
    if (auto file = server::dashboard_file(req.path)) return std::move(*file);
    return error_reply(404, "not_found", "no such page: the dashboard is at /, the API under /api/");
  }
  bool path_known = false;
  for (const server::Route& r : server::route_table()) {
    std::map<std::string, std::string> params;
    if (!server::match(r.info.path, req.path, params)) continue;
    path_known = true;
    if (r.info.method == req.method) {
      route = &r;
      call.params = std::move(params);
      break;
    }
  }
  if (route == nullptr) {
    return path_known ? error_reply(405, "method_not_allowed", "this path does not take " + req.method)
                      : error_reply(404, "not_found", "no such route: see /api/openapi.json");
  }
  // Who is calling: a bearer token, or the dashboard's session cookie, checked against the stored hashes.
  const std::string auth = req.get_header_value("Authorization");
  std::string& token = call.token;
  if (auth.rfind("Bearer ", 0) == 0) {
    token = auth.substr(7);
  } else {
    token = cookie_value(req.get_header_value("Cookie"), server::kSessionCookie);
    call.by_cookie = !token.empty();
  }
  if (!limiter->admit(token.empty() ? "addr:" + req.remote_addr : crypto::sha256_hex(token))) {
    return error_reply(429, "too_many_requests", "too many requests this minute: slow down");
  }
  if (!token.empty()) call.user = context.store->user_of_token(crypto::sha256_hex(token), server::now_utc());
  // A browser sends the cookie with any request, a forged one from another site's page included:
  // a cookie-signed request that changes anything must also carry the session's CSRF value, which
  // only a page that read GET /api/v1/session (same origin) can know.
  if (call.user && call.by_cookie && req.method != "GET" &&
      req.get_header_value("X-CSRF-Token") != server::csrf_of(token)) {
    return error_reply(403, "csrf", "send the session's csrf value in the X-CSRF-Token header");
  }
  if (route->info.access != Access::kPublic) {
    if (!call.user) return error_reply(401, "unauthenticated", "sign in: send Authorization: Bearer TOKEN");
    if (!server::allowed(route->info.access, *call.user, call.params)) {
      return error_reply(403, "forbidden", "your role or operator may not use this route");
    }
  }
  // The body: an upload is streamed to a file (and digested as it comes), anything else read whole.
  if (reader != nullptr) {
    if (route->upload) {
      const std::filesystem::path dir = std::filesystem::path(context.files_dir) / "incoming";
      std::error_code ec;
      std::filesystem::create_directories(dir, ec);
      call.upload_path = (dir / crypto::random_hex(8)).string();
      std::ofstream out(call.upload_path, std::ios::binary);
      if (!out) return server::status_reply(Status::io(call.upload_path + ": cannot write the upload"));
      crypto_hash_sha256_state sha;
      crypto_hash_sha256_init(&sha);
      bool fits = true;
      const bool read = (*reader)([&](const char* data, std::size_t n) {
        if (call.upload_bytes + n > context.options.max_upload_bytes) {
          fits = false;
          return false;
        }
        out.write(data, static_cast<std::streamsize>(n));
        crypto_hash_sha256_update(&sha, reinterpret_cast<const unsigned char*>(data), n);
        call.upload_bytes += n;
        return true;
      });
      out.close();
      unsigned char digest[crypto_hash_sha256_BYTES];
      crypto_hash_sha256_final(&sha, digest);
      call.upload_sha256 = crypto::to_hex(std::string_view(reinterpret_cast<const char*>(digest), sizeof digest));
      if (!fits || req.get_header_value<std::uint64_t>("Content-Length") > context.options.max_upload_bytes) {
        return error_reply(413, "too_large", "the upload is larger than the server's --max-upload-mb");
      }
      if (!read) return error_reply(400, "bad_request", "the upload ended before its announced length");
      if (!out) return server::status_reply(Status::io(call.upload_path + ": cannot write the upload"));
    } else if (const int refused = read_body(req, *reader, context.options.max_body_bytes, call.body); refused != 0) {
      return refused == 413
                 ? error_reply(413, "too_large", "the request body is larger than the server's --max-body-mb")
                 : error_reply(400, "bad_request", "the request body ended before its announced length");
    }
  }
  return route->handler(context, call);
}

void Server::Impl::dispatch(const httplib::Request& req, httplib::Response& res, const httplib::ContentReader* reader) {
  server::Call call;
  call.method = req.method;
  call.path = req.path;
  call.remote = req.remote_addr;
  call.tls = tls;
  call.forwarded_proto = req.get_header_value("X-Forwarded-Proto");
  for (const auto& [k, v] : req.params) call.query.emplace(k, v);
  const server::Route* route = nullptr;
  server::Reply reply;
  try {
    reply = handle(req, reader, call, route);
  } catch (const std::exception& e) {
    reply = server::status_reply(Status::internal(e.what()));
  }
  if (!call.upload_path.empty()) {
    std::error_code ec;
    std::filesystem::remove(call.upload_path, ec);  // moved away by the handler when kept
  }
  // One audit row for every call of an audited route, whatever its outcome: refused calls too.
  if (route != nullptr && route->info.audited) {
    server::AuditRow row;
    row.user = call.user ? call.user->name : call.audit_user;
    const auto op = call.params.find("op");
    row.operator_id = op != call.params.end() ? op->second : (call.user ? call.user->operator_id : "");
    row.action = route->info.method + " " + route->info.path;
    row.target = req.path;
    row.remote = req.remote_addr;
    row.status = reply.status;
    row.detail = call.audit_detail;
    if (Status s = context.store->audit(row); !s.ok()) {
      // Nothing is served that the audit log does not hold.
      reply = server::status_reply(s);
    }
  }
  res.status = reply.status;
  if (!reply.file_name.empty()) {
    res.set_header("Content-Disposition", fmt::format("attachment; filename=\"{}\"", reply.file_name));
  }
  for (const auto& [name, value] : reply.headers) res.set_header(name, value);
  res.set_header("X-Content-Type-Options", "nosniff");
  if (!res.has_header("Cache-Control")) res.set_header("Cache-Control", "no-store");
  if (reply.stream) {
    res.set_chunked_content_provider(
        reply.content_type, [stream = std::move(reply.stream)](std::size_t, httplib::DataSink& sink) {
          const bool more = stream([&](std::string_view text) { return sink.write(text.data(), text.size()); });
          if (!more) sink.done();
          return true;
        });
  } else {
    res.set_content(std::move(reply.body), reply.content_type.c_str());
  }
  context.log(fmt::format("{} {} {} {}", req.remote_addr, req.method, req.path, res.status));
}

namespace server {

Result<FolderLock> FolderLock::take(const std::string& folder) {
  const std::string path = (std::filesystem::path(folder) / "server.lock").string();
  FolderLock lock;
  lock.fd_ = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (lock.fd_ < 0) return Status::io(fmt::format("{}: cannot open ({})", path, std::strerror(errno)));
  if (::flock(lock.fd_, LOCK_EX | LOCK_NB) != 0) {
    return Status::io(fmt::format(
        "{}: another kitwatch serve is using this database and files folder (one server per database)", path));
  }
  return lock;
}

FolderLock& FolderLock::operator=(FolderLock&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = std::exchange(other.fd_, -1);
  }
  return *this;
}

FolderLock::~FolderLock() {
  if (fd_ >= 0) ::close(fd_);
}

}  // namespace server

Server::Server(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

Server::~Server() {
  stop();
}

int Server::port() const {
  return impl_->port;
}

void Server::stop() {
  if (!impl_) return;
  impl_->context.stopping = true;  // ends the open event streams, which would hold the stop up
  if (impl_->http) impl_->http->stop();
  if (impl_->listener.joinable()) impl_->listener.join();
  impl_->context.worker.reset();
}

void Server::wait() {
  if (impl_->listener.joinable()) impl_->listener.join();
}

Result<std::unique_ptr<Server>> Server::start(const ServerOptions& options) {
  auto impl = std::make_unique<Impl>();
  server::Context& ctx = impl->context;
  ctx.options = options;
  // Everything that can be refused without touching the database is checked first.
  if (options.tls_cert.empty() != options.tls_key.empty()) {
    return Status::usage("--tls-cert and --tls-key go together: the certificate (PEM) and its private key (PEM)");
  }
  if (!options.tls_cert.empty()) {
    auto tls = std::make_unique<httplib::SSLServer>(options.tls_cert.c_str(), options.tls_key.c_str());
    if (!tls->is_valid()) {
      return Status::input(
          fmt::format("{}, {}: cannot load the TLS certificate and key (PEM files, readable, matching)",
                      options.tls_cert, options.tls_key));
    }
    impl->http = std::move(tls);
    impl->tls = true;
  } else {
    impl->http = std::make_unique<httplib::Server>();
  }
  auto files_dir = server::files_folder(options);
  if (!files_dir.ok()) return files_dir.status();
  ctx.files_dir = *files_dir;
  std::error_code ec;
  std::filesystem::create_directories(ctx.files_dir, ec);
  if (ec)
    return Status::io(fmt::format("{}: cannot create the server's file folder ({})", ctx.files_dir, ec.message()));
  // One server per database (and its files folder): a second one would fail the first one's
  // running jobs and clear its uploads below. The kernel drops the lock when the process ends,
  // however it ends.
  auto lock = server::FolderLock::take(ctx.files_dir);
  if (!lock.ok()) return lock.status();
  impl->lock = std::move(*lock);
  // Uploads a killed server was receiving: their senders got no answer, and no row names them.
  std::filesystem::remove_all(std::filesystem::path(ctx.files_dir) / "incoming", ec);
  std::filesystem::create_directories(std::filesystem::path(ctx.files_dir) / "incoming", ec);
  if (ec)
    return Status::io(fmt::format("{}: cannot create the server's file folder ({})", ctx.files_dir, ec.message()));
  auto store = server::open_store(options.db);
  if (!store.ok()) return store.status();
  ctx.store = std::move(*store);
  if (Status s = ctx.store->fail_unfinished_jobs(); !s.ok()) return s;
  ctx.worker = std::make_unique<server::Worker>(ctx);
  impl->limiter = std::make_unique<server::RateLimiter>(options.max_requests_per_minute);

  httplib::Server& http = *impl->http;
  http.new_task_queue = [n = options.http_threads] { return new httplib::ThreadPool(n); };
  // Small JSON answers on kept-alive connections: without TCP_NODELAY, Nagle's algorithm and the
  // client's delayed ACK add about 40 ms to each one (measured: bench/server_load.sh).
  http.set_tcp_nodelay(true);
  http.set_payload_max_length(std::max(options.max_upload_bytes, options.max_body_bytes));
  Impl* self = impl.get();
  // cpp-httplib's own routing takes patterns as std::regex; one catch-all per method hands every
  // request to dispatch(), which matches the route table itself.
  http.Get(".*", [self](const httplib::Request& req, httplib::Response& res) { self->dispatch(req, res, nullptr); });
  const auto with_body = [self](const httplib::Request& req, httplib::Response& res,
                                const httplib::ContentReader& reader) { self->dispatch(req, res, &reader); };
  http.Post(".*", with_body);
  http.Put(".*", with_body);
  http.Delete(".*", with_body);
  http.set_exception_handler([](const httplib::Request&, httplib::Response& res, std::exception_ptr) {
    const server::Reply r = server::error_reply(500, "server_error", "internal error");
    res.status = r.status;
    res.set_content(r.body, r.content_type.c_str());
  });

  if (options.port == 0) {
    impl->port = http.bind_to_any_port(options.host);
  } else {
    impl->port = http.bind_to_port(options.host, options.port) ? options.port : -1;
  }
  if (impl->port < 0) {
    return Status::io(
        fmt::format("cannot listen on {}:{} (in use, or not an address of this machine)", options.host, options.port));
  }
  impl->listener = std::thread([self] { self->http->listen_after_bind(); });
  // stop() before the listener runs would be lost (cpp-httplib's stop only ends a running loop).
  for (int i = 0; i < 5000 && !http.is_running(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  ctx.log(fmt::format("kitwatch serve: listening on {}://{}:{} (database {})", impl->tls ? "https" : "http",
                      options.host, impl->port, server::database_display_name(options.db)));
  return std::unique_ptr<Server>(new Server(std::move(impl)));
}

Status init_admin(const std::string& db, const std::string& name, const std::string& password, PasswordCost cost) {
  if (name.empty()) return Status::usage("--init-admin: give the admin's user name");
  if (password.size() < 12) return Status::usage("the admin's password must have at least 12 characters");
  auto store = server::open_store(db);
  if (!store.ok()) return store.status();
  auto hash = crypto::password_hash(password, cost == PasswordCost::kInteractive);
  if (!hash.ok()) return hash.status();
  server::User u;
  u.name = name;
  u.password_hash = *hash;
  u.role = Role::kAdmin;
  auto id = (*store)->add_user(u);
  if (!id.ok()) return id.status();
  return (*store)->audit({name, "", "init-admin", "users/" + name, "local", "", 0});
}

}  // namespace kitwatch
