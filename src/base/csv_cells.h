// CSV cells that are safe to open in a spreadsheet, for every module that writes CSV.
//
// RFC 4180 quoting keeps a cell in its column; on top of that, a text cell that a spreadsheet
// would run as a formula (one starting with '=', '+', '-', '@', tab or carriage return, OWASP's
// "CSV injection") is written with a leading single quote, so it is shown as text. A plain
// number such as "-12.5" is left alone: it is data, not a formula.
#pragma once

#include <string>
#include <string_view>

namespace kitwatch {

// True for an optional sign, digits with an optional fraction, and an optional exponent.
bool is_plain_number(std::string_view text);

// One text cell, neutralised and quoted as needed.
std::string csv_field(std::string_view text);

// A whole RFC 4180 table written elsewhere (another module's renderer), with every cell passed
// through csv_field(); the quoting of cells that need none is dropped, the values are unchanged.
std::string spreadsheet_safe_csv(std::string_view table);

}  // namespace kitwatch
