// What the store's two back ends share (store.cc): the schema version, each back end's opener, and
// the conversions from rows to the store's types, so both answer alike. Private to the store.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "server/store.h"

namespace kitwatch::server {

// The number of migrations. Each back end lists exactly this many (a static_assert checks it), the
// same steps in its own SQL dialect: migration i (1-based) takes the schema from version i-1 to i.
// A migration is never edited once released; a change is a new one at the end of both lists.
inline constexpr int kSchemaVersion = 2;

// The opening and migrating half of open_store, per back end.
Result<std::unique_ptr<Store>> open_sqlite_store(const std::string& path);
Result<std::unique_ptr<Store>> open_postgres_store(const std::string& url);

// True when db names a PostgreSQL database (postgresql:// or postgres://).
bool is_postgres_url(std::string_view db);

// The database as messages name it: a PostgreSQL URL without its password.
std::string database_display_name(const std::string& url);

// The first row of a users query (id, name, password_hash, role, operator_id); nullopt when there
// is none or its role is unknown.
std::optional<User> user_of_rows(const Json& rows);
// The first row of an inventories query (id, operator_id, name, format, as_of, policies, file,
// links_name, links_file).
std::optional<InventoryRecord> inventory_of_rows(const Json& rows);

// The column that holds an assessment's part (summary, json, md, html); nullopt for another part.
std::optional<std::string> assessment_column(const std::string& part);
// A usage error unless query.sort names a violations column.
Status check_violation_sort(const ViolationQuery& query);
// The violations filters that are set, as (column, value) pairs, in a fixed order.
std::vector<std::pair<std::string_view, std::string>> violation_filters(const ViolationQuery& query);

}  // namespace kitwatch::server
