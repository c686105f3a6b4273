#include "mstation/cli/run.hpp"

int main(int argc, char** argv) { return mstation::cli::run(argc, argv); }
