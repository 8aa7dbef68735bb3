#include "ingest/formats.h"

namespace kitwatch {

Status read_netbox_devices(std::string_view, const std::string& name, const IngestOptions&, ElementStore&,
                           IngestReport&) {
  return Status::input(name + ": NetBox device pages are not read yet");
}

}  // namespace kitwatch
