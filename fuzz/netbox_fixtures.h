// Small fixed NetBox responses for the NetBox fuzz targets: each target fuzzes one file and reads
// it together with a fixed file of the other kind, so the join of MACs to devices (by device id
// and by name) always has something to join.
#pragma once

#include <string_view>

namespace kitwatch::fuzz {

// A /api/dcim/mac-addresses/ page: MACs on devices 101 (by id) and "man-olt-01", one on a VM.
inline constexpr std::string_view kNetboxMacPage = R"({"count": 3, "next": null, "previous": null, "results": [
  {"id": 1, "mac_address": "30:FB:B8:00:00:01", "assigned_object_type": "dcim.interface",
   "assigned_object": {"id": 1001, "name": "Gi0/0/0", "device": {"id": 101, "name": "lon-core-01"}}},
  {"id": 2, "mac_address": "00:E0:FC:00:00:02", "assigned_object_type": "dcim.interface",
   "assigned_object": {"id": 1002, "name": "eth0", "device": {"id": 103, "name": "man-olt-01"}}},
  {"id": 3, "mac_address": "52:54:00:00:00:03", "assigned_object_type": "virtualization.vminterface",
   "assigned_object": {"id": 7, "name": "ens3", "virtual_machine": {"id": 9, "name": "vm"}}}
]}
)";

// A /api/dcim/devices/ page with the devices kNetboxMacPage names, and one unnamed device.
inline constexpr std::string_view kNetboxDevicePage = R"({"count": 3, "next": null, "previous": null, "results": [
  {"id": 101, "name": "lon-core-01", "device_type": {"model": "NE40E-X8A", "manufacturer": {"name": "Huawei"}},
   "role": {"name": "Core Router"}, "platform": {"name": "Huawei VRP"}, "serial": "2102351234567",
   "site": {"name": "London Docklands"}, "status": {"value": "active", "label": "Active"},
   "tags": [{"name": "5G", "slug": "5g"}], "custom_fields": {"software": "V800R021"}},
  {"id": 103, "name": "man-olt-01", "device_type": {"model": "ZXA10 C600", "manufacturer": {"name": "ZTE"}},
   "device_role": {"name": "OLT"}, "status": "planned", "custom_fields": {"software": {"name": "V1.2"}}},
  {"id": 104, "name": null, "device_type": {"model": "Baseband 6630", "manufacturer": {"name": "Ericsson"}},
   "role": {"name": "gNodeB"}, "custom_fields": {"software": 21}}
]}
)";

}  // namespace kitwatch::fuzz
