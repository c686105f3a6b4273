// hhu-sim: handheld terminals — one-off transactions, a working day, load (later issues).
#include <iostream>
#include <string>

int main(int argc, char** argv) {
  const std::string first = argc > 1 ? argv[1] : "";
  if (first == "--help" || first == "-h") {
    std::cout << "usage: hhu-sim <sign-on|echo|day|load> --server HOST:PORT ...\n";
    return 0;
  }
  std::cerr << "hhu-sim: not implemented yet\n";
  return 3;
}
