// Helpers shared by the bom/ sources. Private to bom/.
#pragma once

#include <string_view>

#include "bom/bom.h"

namespace kitwatch {

// "device", "hardware", "firmware" → their type; anything else → kOther.
ComponentType component_type_of(std::string_view type_name);

}  // namespace kitwatch
