#include "background_process.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <stdexcept>

extern char** environ;

namespace mstation::test {

BackgroundProcess::BackgroundProcess(const std::vector<std::string>& argv) {
  int fds[2];
  if (pipe2(fds, O_CLOEXEC) != 0) throw std::runtime_error("pipe2 failed");
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, fds[1], 1);
  posix_spawn_file_actions_adddup2(&actions, fds[1], 2);
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  const int rc = posix_spawn(&pid_, args[0], &actions, nullptr, args.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  ::close(fds[1]);
  out_fd_ = fds[0];
  if (rc != 0) throw std::runtime_error("cannot start " + argv[0]);
}

BackgroundProcess::~BackgroundProcess() {
  if (!exited_ && pid_ > 0) {
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, nullptr, 0);
  }
  if (out_fd_ >= 0) ::close(out_fd_);
}

bool BackgroundProcess::read_some(std::chrono::milliseconds timeout) {
  pollfd p{out_fd_, POLLIN, 0};
  if (::poll(&p, 1, static_cast<int>(timeout.count())) <= 0) return false;
  char buffer[4096];
  const ssize_t n = ::read(out_fd_, buffer, sizeof buffer);
  if (n <= 0) return false;
  output_.append(buffer, static_cast<std::size_t>(n));
  return true;
}

std::optional<std::string> BackgroundProcess::wait_for_line(const std::string& text, std::chrono::seconds watchdog) {
  const auto deadline = std::chrono::steady_clock::now() + watchdog;
  while (true) {
    const auto at = output_.find(text, scanned_);
    if (at != std::string::npos) {
      const auto start = output_.rfind('\n', at);
      const auto end = output_.find('\n', at);
      if (end != std::string::npos) {
        scanned_ = end + 1;
        const std::size_t from = start == std::string::npos ? 0 : start + 1;
        return output_.substr(from, end - from);
      }
    }
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return std::nullopt;
    read_some(left);
  }
}

void BackgroundProcess::signal(int sig) { ::kill(pid_, sig); }

std::optional<int> BackgroundProcess::wait(std::chrono::seconds watchdog) {
  const auto deadline = std::chrono::steady_clock::now() + watchdog;
  while (std::chrono::steady_clock::now() < deadline) {
    int status = 0;
    const pid_t r = ::waitpid(pid_, &status, WNOHANG);
    if (r == pid_) {
      exited_ = true;
      while (read_some(std::chrono::milliseconds(0))) {
      }
      return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    }
    // Drain output meanwhile, so a chatty child never blocks on a full pipe.
    read_some(std::chrono::milliseconds(20));
  }
  return std::nullopt;
}

}  // namespace mstation::test
