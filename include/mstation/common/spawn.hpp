#pragma once
// The completion handler every co_spawn gets: a coroutine that ends with an
// exception is logged with what it was doing, never silently dropped.
#include <exception>
#include <string>

namespace mstation {

class LogCoroutineFailure {
 public:
  explicit LogCoroutineFailure(std::string what) : what_(std::move(what)) {}
  void operator()(std::exception_ptr failure) const;

 private:
  std::string what_;
};

}  // namespace mstation
