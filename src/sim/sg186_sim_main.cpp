// sg186-sim: the marketing system's side of the SG186 interface (issue 5 fills it in).
#include <iostream>
#include <string>

int main(int argc, char** argv) {
  const std::string first = argc > 1 ? argv[1] : "";
  if (first == "--help" || first == "-h") {
    std::cout << "usage: sg186-sim --listen HOST:PORT --state DIR [--customers N --seed S]\n";
    return 0;
  }
  std::cerr << "sg186-sim: not implemented yet\n";
  return 3;
}
