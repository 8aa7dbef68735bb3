// kitwatch serve: the engine behind a REST API (docs/server.md). Arguments → ServerOptions, then
// the server runs until SIGINT or SIGTERM.
#include <fmt/format.h>
#include <signal.h>
#include <termios.h>
#include <unistd.h>

#include <cstdlib>
#include <iostream>
#include <memory>

#include "cli/commands.h"
#include "server/server.h"

namespace kitwatch {
namespace {

struct ServeArgs {
  std::string db = "sqlite:kitwatch-server.db", files, listen = "127.0.0.1:8080", init_admin, ieee_dir, capacity,
              tls_cert, tls_key;
  std::vector<std::string> registries;
  std::uint64_t max_upload_mb = 2048, max_body_mb = 16;
  unsigned threads = 8, rate = 600, token_days = 30;
  bool quiet = false;
};

Result<std::pair<std::string, int>> host_port(const std::string& listen) {
  const std::size_t colon = listen.rfind(':');
  if (colon == std::string::npos || colon == 0) return Status::usage("--listen HOST:PORT, e.g. 127.0.0.1:8080");
  const std::string port_text = listen.substr(colon + 1);
  char* end = nullptr;
  const long port = std::strtol(port_text.c_str(), &end, 10);
  if (port_text.empty() || *end != '\0' || port < 1 || port > 65535) {
    return Status::usage(fmt::format("--listen: port '{}' is not 1 to 65535", port_text));
  }
  return std::make_pair(listen.substr(0, colon), static_cast<int>(port));
}

// A line from standard input; when that is a terminal, typed without being shown.
std::string read_line_unechoed() {
  termios saved{};
  const bool terminal = ::isatty(STDIN_FILENO) && ::tcgetattr(STDIN_FILENO, &saved) == 0;
  if (terminal) {
    termios quiet = saved;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
  }
  std::string line;
  std::getline(std::cin, line);
  if (terminal) {
    ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved);
    fmt::print(stderr, "\n");  // the Enter the terminal did not echo
  }
  return line;
}

Status serve(const ServeArgs& args) {
  // The database string goes to the server as given: it tells SQLite (sqlite:PATH, PATH) from
  // PostgreSQL (postgresql://...) and refuses what is neither.
  if (!args.init_admin.empty()) {
    // The password comes from the environment or standard input, never the command line (which
    // other users of the machine can read in the process list).
    std::string password;
    if (const char* env = std::getenv("KITWATCH_ADMIN_PASSWORD")) {
      password = env;
    } else {
      if (!args.quiet) fmt::print(stderr, "Password for {} (at least 12 characters): ", args.init_admin);
      password = read_line_unechoed();
    }
    if (Status s = init_admin(args.db, args.init_admin, password); !s.ok()) return s;
    if (!args.quiet) {
      const bool sqlite_prefix = args.db.rfind("sqlite:", 0) == 0;
      fmt::print("Added admin {} to {}\n", args.init_admin, sqlite_prefix ? args.db.substr(7) : args.db);
    }
    return Status();
  }
  auto where = host_port(args.listen);
  if (!where.ok()) return where.status();
  ServerOptions options;
  options.db = args.db;
  options.files_dir = args.files;
  options.tls_cert = args.tls_cert;
  options.tls_key = args.tls_key;
  options.host = where->first;
  options.port = where->second;
  options.http_threads = args.threads;
  options.max_upload_bytes = args.max_upload_mb << 20;
  options.max_body_bytes = args.max_body_mb << 20;
  options.max_requests_per_minute = args.rate;
  options.token_days = args.token_days;
  options.ieee_dir = args.ieee_dir;
  options.registry_overlays = args.registries;
  options.capacity = args.capacity;
  options.quiet = args.quiet;
  // The signals are waited for on this thread; every thread the server starts inherits the mask.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  auto server = Server::start(options);
  if (!server.ok()) return server.status();
  int signal = 0;
  sigwait(&signals, &signal);
  if (!args.quiet) fmt::print(stderr, "kitwatch serve: stopping ({})\n", signal == SIGINT ? "SIGINT" : "SIGTERM");
  (*server)->stop();
  return Status();
}

}  // namespace

CommandRunner add_serve_command(CLI::App& app) {
  auto args = std::make_shared<ServeArgs>();
  CLI::App* cmd = app.add_subcommand("serve",
                                     "Serve the engine over HTTP: web dashboard and REST API with accounts, roles, "
                                     "tokens and an audit log (docs/server.md)");
  cmd->add_option("--db", args->db,
                  "The server's database: sqlite:PATH (uploaded files go beside it, PATH.files/) or a PostgreSQL "
                  "URL, postgresql://USER@HOST/DB (then give --files)")
      ->capture_default_str();
  cmd->add_option("--files", args->files,
                  "Folder for the uploaded inventories and returns (default with sqlite:PATH: PATH.files/; required "
                  "with PostgreSQL)");
  cmd->add_option("--listen", args->listen, "Address and port to listen on")->capture_default_str();
  cmd->add_option("--tls-cert", args->tls_cert, "Serve HTTPS with this certificate (PEM; give --tls-key too)");
  cmd->add_option("--tls-key", args->tls_key, "The TLS certificate's private key (PEM)");
  cmd->add_option("--init-admin", args->init_admin,
                  "Add the first admin with this name (password from KITWATCH_ADMIN_PASSWORD or stdin) and exit");
  cmd->add_option("--threads", args->threads, "HTTP worker threads")->capture_default_str()->check(CLI::Range(1, 256));
  cmd->add_option("--max-upload-mb", args->max_upload_mb, "Largest inventory upload, MiB (413 above)")
      ->capture_default_str();
  cmd->add_option("--max-body-mb", args->max_body_mb, "Largest other request body, MiB (413 above)")
      ->capture_default_str();
  cmd->add_option("--rate", args->rate, "Requests per minute per token or address (429 above)")->capture_default_str();
  cmd->add_option("--token-days", args->token_days, "Lifetime of a sign-in token, days")->capture_default_str();
  cmd->add_option("--ieee-dir", args->ieee_dir, "IEEE MAC registry folder for assessments");
  cmd->add_option("--registry", args->registries,
                  "Registry overlay every assessment and the national merge use (repeatable); operators' returns "
                  "must be made with the same registry");
  cmd->add_option("--capacity", args->capacity,
                  "The national picture's capacity model: a pack with an evaluation section (shipped name or file)");
  cmd->add_flag("-q,--quiet", args->quiet, "No request log on stderr");
  return [args] { return serve(*args); };
}

}  // namespace kitwatch
