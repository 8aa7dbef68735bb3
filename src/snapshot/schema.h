// The snapshot database's schema and its ordered migrations, private to the snapshot module.
// PRAGMA user_version is the schema version; PRAGMA application_id marks the file as kitwatch's.
#pragma once

#include "base/sqlite.h"
#include "base/status.h"

namespace kitwatch::snapshot_schema {

inline constexpr int kApplicationId = 0x4B575443;  // "KWTC"

// The version the last migration leaves the schema at.
int current_version();

// Applies the migrations after the database's version up to target, in one transaction.
Status migrate(sql::Database& db, int target);

// Checks that db is a kitwatch snapshot database this kitwatch can read (or, with kCreate, an
// empty one it may initialise), then migrates it to the current version. A read-only connection
// changes nothing: it refuses a database that still needs a migration, naming the command that
// applies it.
Status prepare(sql::Database& db, sql::Database::Access access);

}  // namespace kitwatch::snapshot_schema
