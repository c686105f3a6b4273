#pragma once
// Where the build put the binaries and where the sources are.
#include <string>

namespace mstation::test {

inline std::string mstation_binary() { return MSTATION_BINARY; }
inline std::string hhu_sim_binary() { return HHU_SIM_BINARY; }
inline std::string sg186_sim_binary() { return SG186_SIM_BINARY; }
inline std::string source_dir() { return MSTATION_SOURCE_DIR; }

}  // namespace mstation::test
