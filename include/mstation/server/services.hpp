#pragma once
// What the terminal listener and its sessions share.
#include <memory>

#include "mstation/admin/metrics.hpp"
#include "mstation/config/config.hpp"
#include "mstation/journal/writer_lanes.hpp"
#include "mstation/server/allowlist.hpp"
#include "mstation/server/connection_limits.hpp"
#include "mstation/server/db_pool.hpp"
#include "mstation/server/sg186_link.hpp"
#include "mstation/txn/request_processor.hpp"

namespace mstation::server {

struct Services {
  const config::Config& config;
  const txn::RequestProcessor& processor;
  DbPool& pool;
  journal::WriterLanes& lanes;
  AllowlistHolder& allowlist;
  admin::Metrics& metrics;
  std::shared_ptr<ConnectionLimits> limits;
  Sg186Link& sg186;
};

void describe_server_metrics(admin::Metrics& metrics);

}  // namespace mstation::server
