// Fuzzes NetBox MAC files (saved /api/dcim/mac-addresses/ or /api/dcim/interfaces/ responses,
// --netbox-macs), which are read from a path: each input is written to a temporary file and given
// as the MAC file of a fixed device page. A MAC file that reads must leave the inventory's
// promises intact; one that does not must fail with an input error, never a crash.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "ingest_check.h"
#include "netbox_fixtures.h"
#include "temp_file.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  kitwatch::IngestOptions options;
  options.netbox_mac_files = {kitwatch::fuzz::write_temp_file("macs.json", bytes)};
  options.software_field = "software";
  kitwatch::fuzz::check_inventory(kitwatch::fuzz::kNetboxDevicePage, kitwatch::InputFormat::kNetboxJson, "devices.json",
                                  options);
  return 0;
}
