#pragma once
// The daemon's eye on the KEK files (keys/kek_source.hpp): every 2 s it
// compares them with what was loaded and reloads the ring when they changed,
// so that `mstation keys rotate-kek` takes effect in a running daemon without
// a signal. A reload that fails keeps the ring in force and logs why, once
// per change of the files. /metrics: mstation_kek_reloads_total{result}.

#include "mstation/admin/metrics.hpp"
#include "mstation/common/loop_timer.hpp"
#include "mstation/keys/kek_source.hpp"

namespace mstation::server {

class KekWatch {
 public:
  KekWatch(asio::io_context& io, keys::KekSource& kek, admin::Metrics& metrics);
  void start();
  void stop();
  // SIGHUP's part, and the poll's: reload (forced or only if changed), log, count.
  void reload(bool forced);

 private:
  asio::awaitable<void> loop();

  keys::KekSource& kek_;
  admin::Metrics& metrics_;
  LoopTimer timer_;
};

void describe_kek_metrics(admin::Metrics& metrics);

}  // namespace mstation::server
