#include "mstation/common/spawn.hpp"

#include <spdlog/spdlog.h>

namespace mstation {

void LogCoroutineFailure::operator()(std::exception_ptr failure) const {
  if (!failure) return;
  try {
    std::rethrow_exception(failure);
  } catch (const std::exception& e) {
    spdlog::error("coroutine {} failed: {}", what_, e.what());
  } catch (...) {
    spdlog::error("coroutine {} failed with a non-standard exception", what_);
  }
}

}  // namespace mstation
