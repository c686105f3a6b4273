#pragma once
// hhu-sim load: many terminals at once from their own loopback addresses,
// closed or open loop, over the protocol a handheld speaks. Every terminal
// signs on first (not measured), then sends the mix until the duration or
// count is reached. Reports throughput, latency percentiles from a
// histogram of every request, and answers by code.
//
// Exit status: 0 the load ran, 1 a terminal could not sign on, 2 bad arguments.
#include <string>
#include <vector>

namespace mstation::hhu_sim {

int run_load(const std::vector<std::string>& args);

}  // namespace mstation::hhu_sim
