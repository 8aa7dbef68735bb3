// The store's back-end-neutral half: choosing the back end, the uploaded files' folder, the clock's
// text form, and turning rows into the store's types the same way for both back ends.
#include "server/store.h"

#include <fmt/chrono.h>
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <chrono>

#include "server/store_internal.h"

namespace kitwatch::server {
namespace {

std::string format_utc(std::chrono::system_clock::time_point t) {
  return fmt::format("{:%Y-%m-%dT%H:%M:%SZ}", std::chrono::floor<std::chrono::seconds>(t));
}

// sqlite:PATH or a bare PATH.
std::string sqlite_path(const std::string& db) {
  return db.rfind("sqlite:", 0) == 0 ? db.substr(7) : db;
}

constexpr std::array<std::string_view, 10> kViolationColumns = {"pack",     "rule",   "status", "severity",   "element",
                                                                "function", "region", "maker",  "controller", "source"};

}  // namespace

std::string now_utc() {
  return format_utc(std::chrono::system_clock::now());
}

std::string utc_in_days(std::int64_t days) {
  return format_utc(std::chrono::system_clock::now() + std::chrono::days(days));
}

int Store::current_version() {
  return kSchemaVersion;
}

bool is_postgres_url(std::string_view db) {
  return db.starts_with("postgresql://") || db.starts_with("postgres://");
}

Result<std::unique_ptr<Store>> open_store(const std::string& db) {
  if (is_postgres_url(db)) return open_postgres_store(db);
  const std::string path = sqlite_path(db);
  if (path.empty()) return Status::usage("the database is empty: give sqlite:PATH, a PATH or postgresql://...");
  return open_sqlite_store(path);
}

Result<std::string> files_folder(const ServerOptions& options) {
  if (!options.files_dir.empty()) return options.files_dir;
  if (is_postgres_url(options.db)) {
    return Status::usage(
        fmt::format("--files DIR: the PostgreSQL database {} has no folder beside it for the "
                    "uploaded files; name one",
                    database_display_name(options.db)));
  }
  return sqlite_path(options.db) + ".files";
}

std::string database_display_name(const std::string& url) {
  // postgresql://[user[:password]@]host[:port][/dbname][?key=value&...]: the password may be in the
  // user part or a password= parameter; neither belongs in a log line or an error message.
  std::string out = url;
  const std::size_t authority = out.find("://");
  if (authority == std::string::npos) return out;
  const std::size_t start = authority + 3;
  const std::size_t end = std::min(out.find_first_of("/?", start), out.size());
  const std::string_view user_and_host = std::string_view(out).substr(start, end - start);
  const std::size_t at = user_and_host.rfind('@');
  const std::size_t colon = user_and_host.find(':');
  if (at != std::string_view::npos && colon < at) out.replace(start + colon + 1, at - colon - 1, "***");
  for (std::size_t key = out.find("password=", start); key != std::string::npos; key = out.find("password=", key + 1)) {
    if (key == 0 || (out[key - 1] != '?' && out[key - 1] != '&')) continue;
    const std::size_t value = key + 9;
    const std::size_t value_end = std::min(out.find('&', value), out.size());
    out.replace(value, value_end - value, "***");
  }
  return out;
}

std::optional<User> user_of_rows(const Json& rows) {
  if (rows.empty()) return std::nullopt;
  const Json& r = rows[0];
  User u;
  u.id = r["id"].get<std::int64_t>();
  u.name = r["name"].get<std::string>();
  u.password_hash = r["password_hash"].get<std::string>();
  auto role = parse_role(r["role"].get<std::string>());
  if (!role.ok()) return std::nullopt;
  u.role = *role;
  u.operator_id = r["operator_id"].is_null() ? "" : r["operator_id"].get<std::string>();
  return u;
}

std::optional<InventoryRecord> inventory_of_rows(const Json& rows) {
  if (rows.empty()) return std::nullopt;
  const Json& r = rows[0];
  InventoryRecord out;
  out.id = r["id"].get<std::int64_t>();
  out.operator_id = r["operator_id"].get<std::string>();
  out.name = r["name"].get<std::string>();
  out.format = r["format"].get<std::string>();
  out.as_of = r["as_of"].get<std::string>();
  // The store wrote the policies as a JSON array; anything else means the row was changed by hand.
  const Json policies = Json::parse(r["policies"].get<std::string>(), nullptr, false);
  if (!policies.is_array()) return std::nullopt;
  for (const Json& p : policies) {
    if (p.is_string()) out.policies.push_back(p.get<std::string>());
  }
  out.file = r["file"].get<std::string>();
  out.links_name = r["links_name"].get<std::string>();
  out.links_file = r["links_file"].get<std::string>();
  return out;
}

std::optional<std::string> assessment_column(const std::string& part) {
  if (part == "summary") return "summary";
  if (part == "json" || part == "md" || part == "html") return "report_" + part;
  return std::nullopt;
}

Status check_violation_sort(const ViolationQuery& query) {
  if (std::find(kViolationColumns.begin(), kViolationColumns.end(), query.sort) != kViolationColumns.end()) {
    return Status();
  }
  return Status::usage(
      fmt::format("sort: '{}' is not a column (pack, rule, status, severity, element, function, "
                  "region, maker, controller, source)",
                  query.sort));
}

std::vector<std::pair<std::string_view, std::string>> violation_filters(const ViolationQuery& query) {
  std::vector<std::pair<std::string_view, std::string>> out;
  const std::pair<std::string_view, const std::string*> filters[] = {{"rule", &query.rule},
                                                                     {"function", &query.function},
                                                                     {"region", &query.region},
                                                                     {"maker", &query.maker},
                                                                     {"status", &query.status}};
  for (const auto& [column, value] : filters) {
    if (!value->empty()) out.emplace_back(column, *value);
  }
  return out;
}

}  // namespace kitwatch::server
