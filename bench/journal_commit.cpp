// Journal write throughput: one transaction per operation (DirectCommitter,
// one connection per thread) against group commit (GroupCommitWriter), with
// THREADS concurrent sessions each committing OPS operations of two journal
// rows — the shape of a request's write-ahead.
//
//   journal_commit CONNINFO [THREADS] [OPS]
#include <chrono>
#include <cstdio>
#include <pqxx/pqxx>
#include <string>
#include <thread>
#include <vector>

#include "mstation/journal/committer.hpp"
#include "mstation/journal/group_commit_writer.hpp"
#include "mstation/store/migration.hpp"

namespace {

using namespace mstation;

journal::WriteOp two_rows(int thread, int i) {
  return [thread, i](pqxx::transaction_base&, std::vector<journal::Entry>& out) {
    journal::Entry raw;
    raw.kind = "bench_raw";
    raw.seq = i;
    raw.raw = Bytes(120, static_cast<std::uint8_t>(thread));
    journal::Entry clear = raw;
    clear.kind = "bench";
    clear.raw.reset();
    clear.decoded = R"({"customer_no":"5100012345","amount_fen":12345})";
    out.push_back(raw);
    out.push_back(clear);
  };
}

template <typename Body>
double timed(int threads, Body body) {
  const auto start = std::chrono::steady_clock::now();
  std::vector<std::thread> workers;
  for (int t = 0; t < threads; ++t) workers.emplace_back([&, t] { body(t); });
  for (auto& w : workers) w.join();
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: journal_commit CONNINFO [THREADS] [OPS]\n");
    return 2;
  }
  const std::string conninfo = argv[1];
  const int threads = argc > 2 ? std::stoi(argv[2]) : 16;
  const int ops = argc > 3 ? std::stoi(argv[3]) : 200;
  {
    pqxx::connection c(conninfo);
    store::migrate(c, store::embedded_migrations());
  }
  const double direct = timed(threads, [&](int t) {
    pqxx::connection c(conninfo);
    journal::DirectCommitter committer(c, "bench-direct-" + std::to_string(t));
    for (int i = 0; i < ops; ++i) committer.commit(two_rows(t, i));
  });
  std::size_t batches = 0, batched_ops = 0;
  journal::GroupCommitWriter::Options options;
  options.on_batch = [&](std::size_t size, double) {
    ++batches;
    batched_ops += size;
  };
  journal::GroupCommitWriter writer(conninfo, "bench-group", options);
  const double group = timed(threads, [&](int t) {
    for (int i = 0; i < ops; ++i) writer.commit(two_rows(t, i));
  });
  writer.stop();
  const double total = threads * ops;
  std::printf("threads=%d ops/thread=%d rows/op=2\n", threads, ops);
  std::printf("direct (one transaction per op): %8.0f ops/s  (%.2f s)\n", total / direct, direct);
  std::printf("group commit:                    %8.0f ops/s  (%.2f s)  mean batch %.1f ops\n", total / group, group,
              static_cast<double>(batched_ops) / static_cast<double>(batches));
  return 0;
}
