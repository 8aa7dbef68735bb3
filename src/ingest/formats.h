// The format readers behind ingest.h (private to the ingest module).
#pragma once

#include <string>
#include <string_view>

#include "ingest/ingest.h"

namespace kitwatch {

Status read_csv_inventory(std::string_view bytes, const std::string& name, char delimiter, const IngestOptions& options,
                          ElementStore& store, IngestReport& report);
Status read_json_inventory(std::string_view bytes, const std::string& name, bool ndjson, const IngestOptions& options,
                           ElementStore& store, IngestReport& report);
Status read_netbox_devices(std::string_view bytes, const std::string& name, const IngestOptions& options,
                           ElementStore& store, IngestReport& report);

}  // namespace kitwatch
