#pragma once
// Bytes from the wire made safe for a log line, an error message, a text
// column or JSON: printable ASCII kept, anything else (and '\') as \xNN.
#include <string>
#include <string_view>

namespace mstation {

std::string printable(std::string_view bytes);

// Whether a text column stores exactly these bytes: valid UTF-8 (no overlong
// forms, no surrogates) without NUL. PostgreSQL refuses anything else, or —
// NUL through a C string — keeps less than was given.
bool storable_text(std::string_view bytes);

}  // namespace mstation
