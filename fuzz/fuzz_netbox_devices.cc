// Fuzzes NetBox device responses (InputFormat::kNetboxJson): the page walker, per-device parsing
// and the MAC join, with a fixed MAC file. Odd-sized inputs also name a software custom field
// (--netbox-software-field), so both ways of reading the software version are covered.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "ingest_check.h"
#include "netbox_fixtures.h"
#include "temp_file.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const std::string mac_file = kitwatch::fuzz::write_temp_file("macs.json", kitwatch::fuzz::kNetboxMacPage);
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  kitwatch::IngestOptions options;
  options.netbox_mac_files = {mac_file};
  if (size % 2 == 1) options.software_field = "software";
  kitwatch::fuzz::check_inventory(bytes, kitwatch::InputFormat::kNetboxJson, "devices.json", options);
  return 0;
}
