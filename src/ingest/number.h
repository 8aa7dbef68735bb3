// Non-negative numbers of inventory cells (traffic, subscribers), as std::from_chars reads them,
// with a fast path for the plain decimals that make up nearly every cell.
#pragma once

#include <string_view>

namespace kitwatch {

// Reads all of text as a finite number >= 0 into out; false (out unspecified) when it is not one.
// Accepts what std::from_chars accepts for double (general format), and gives the same value.
bool parse_non_negative(std::string_view text, double& out);

}  // namespace kitwatch
