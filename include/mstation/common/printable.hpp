#pragma once
// Bytes from the wire made safe for a log line, an error message, a text
// column or JSON: printable ASCII kept, anything else (and '\') as \xNN.
#include <string>
#include <string_view>

namespace mstation {

std::string printable(std::string_view bytes);

}  // namespace mstation
