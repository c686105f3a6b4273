#pragma once
// A program running beside the test (the daemon, a simulator): its output
// lines can be waited for, it can be signalled, and it is killed if the test
// ends first.
#include <sys/types.h>

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace mstation::test {

class BackgroundProcess {
 public:
  explicit BackgroundProcess(const std::vector<std::string>& argv);
  ~BackgroundProcess();
  BackgroundProcess(const BackgroundProcess&) = delete;
  BackgroundProcess& operator=(const BackgroundProcess&) = delete;

  // The first output line (stdout or stderr) containing `text`, or nullopt after `watchdog`.
  std::optional<std::string> wait_for_line(const std::string& text, std::chrono::seconds watchdog);
  void signal(int sig);
  // Exit status, or nullopt if it has not exited within `watchdog`.
  std::optional<int> wait(std::chrono::seconds watchdog);
  const std::string& output() const { return output_; }

 private:
  bool read_some(std::chrono::milliseconds timeout);

  pid_t pid_ = -1;
  int out_fd_ = -1;
  std::string output_;
  std::size_t scanned_ = 0;
  bool exited_ = false;
};

}  // namespace mstation::test
