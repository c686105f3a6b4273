#pragma once
// What the scripted day expects of an answer: code 00 and the fields
// hhu-protocol.md §5 promises for that transaction, with their types.
#include <initializer_list>
#include <string>

#include "session.hpp"

namespace mstation::hhu_sim {

enum class Kind {
  integer,
  number,
  text,
  boolean,
  list,
  printout,  // {receipt_no | notice_no, lines}: lines that fit the 58 mm paper
};

struct Field {
  const char* name;
  Kind kind;
};

// Why `outcome` is not what was expected (no answer, a code other than 00, a
// missing or ill-typed field); empty if it is.
std::string shortfall(const Outcome& outcome, std::initializer_list<Field> fields);

}  // namespace mstation::hhu_sim
