// The dashboard's files and its browser session. The page is plain HTML, CSS and script files
// (web/dashboard.*, web/common.js and ECharts from web/node_modules), embedded in the binary at
// build time so nothing is fetched at run time; it talks to the same API as any script, signed in
// by a session cookie instead of a bearer token.
#include <fmt/format.h>

#include <cstdlib>
#include <filesystem>

#include "base/crypto.h"
#include "base/embedded_files.h"
#include "base/read_file.h"
#include "server/server_internal.h"

namespace kitwatch::server {
namespace {

struct Asset {
  std::string_view url, file, type;
  std::string_view dev_path;  // under KITWATCH_WEB_DIR
};

constexpr Asset kAssets[] = {
    {"/", "dashboard.html", "text/html; charset=utf-8", "dashboard.html"},
    {"/assets/dashboard.js", "dashboard.js", "text/javascript; charset=utf-8", "dashboard.js"},
    {"/assets/dashboard-inventory.js", "dashboard-inventory.js", "text/javascript; charset=utf-8",
     "dashboard-inventory.js"},
    {"/assets/dashboard-topology.js", "dashboard-topology.js", "text/javascript; charset=utf-8",
     "dashboard-topology.js"},
    {"/assets/dashboard-national.js", "dashboard-national.js", "text/javascript; charset=utf-8",
     "dashboard-national.js"},
    {"/assets/dashboard.css", "dashboard.css", "text/css; charset=utf-8", "dashboard.css"},
    {"/assets/common.js", "common.js", "text/javascript; charset=utf-8", "common.js"},
    {"/assets/echarts.min.js", "echarts.min.js", "text/javascript; charset=utf-8",
     "node_modules/echarts/dist/echarts.min.js"},
};

// Scripts and styles only from the server itself, no inline script, no framing: a value the API
// returns can never run as code in the page. ECharts sets element styles, hence 'unsafe-inline'
// for styles only.
constexpr std::string_view kPolicy =
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

}  // namespace

std::string csrf_of(const std::string& token) {
  return crypto::sha256_hex("kitwatch-csrf:" + token);
}

std::string session_cookie(const std::string& token, std::int64_t max_age_seconds, bool secure) {
  return fmt::format("{}={}; Path=/; Max-Age={}; HttpOnly; SameSite=Strict{}", kSessionCookie, token, max_age_seconds,
                     secure ? "; Secure" : "");
}

std::optional<Reply> dashboard_file(std::string_view path) {
  for (const Asset& asset : kAssets) {
    if (asset.url != path) continue;
    Reply r;
    r.content_type = std::string(asset.type);
    r.headers.emplace_back("Content-Security-Policy", std::string(kPolicy));
    r.headers.emplace_back("X-Frame-Options", "DENY");
    r.headers.emplace_back("Referrer-Policy", "no-referrer");
    const char* dir = std::getenv("KITWATCH_WEB_DIR");
    const bool from_disk = dir != nullptr && *dir != '\0';
    // The page itself is never cached (it names the assets); the assets, ECharts' megabyte among
    // them, are kept ten minutes (a new kitwatch's are in use that long after an upgrade at most).
    if (path != "/" && !from_disk) r.headers.emplace_back("Cache-Control", "private, max-age=600");
    if (from_disk) {
      auto text = read_file((std::filesystem::path(dir) / asset.dev_path).string(), 64u << 20, "dashboard file");
      if (!text.ok()) return status_reply(text.status());
      r.body = std::move(*text);
      return r;
    }
    for (const EmbeddedFile& f : embedded_files()) {
      if (f.name == asset.file) {
        r.body = std::string(f.bytes);
        return r;
      }
    }
    return error_reply(500, "server_error", fmt::format("{} is not built into this kitwatch", asset.file));
  }
  return std::nullopt;
}

}  // namespace kitwatch::server
