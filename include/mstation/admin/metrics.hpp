#pragma once
// Counters, gauges and histograms, rendered in the Prometheus text format
// for /metrics. Thread-safe; cheap enough for per-frame use.
#include <map>
#include <mutex>
#include <string>
#include <vector>

namespace mstation::admin {

using Labels = std::vector<std::pair<std::string, std::string>>;

class Metrics {
 public:
  enum class Type { counter, gauge, histogram };

  void describe(const std::string& name, Type type, const std::string& help, std::vector<double> buckets = {});
  void add(const std::string& name, const Labels& labels = {}, double amount = 1);
  void set(const std::string& name, const Labels& labels, double value);
  void observe(const std::string& name, const Labels& labels, double value);

  // The current value of a counter or gauge (0 if never touched).
  double value(const std::string& name, const Labels& labels = {}) const;
  std::string render() const;

 private:
  struct Histogram {
    std::vector<std::uint64_t> counts;  // per bucket, cumulative at render time
    std::uint64_t count = 0;
    double sum = 0;
  };
  struct Family {
    Type type = Type::counter;
    std::string help;
    std::vector<double> buckets;
    std::map<std::string, double> values;         // rendered labels → value
    std::map<std::string, Histogram> histograms;  // rendered labels → histogram
  };

  static std::string render_labels(const Labels& labels);
  Family& family(const std::string& name);

  mutable std::mutex mutex_;
  std::map<std::string, Family> families_;
};

}  // namespace mstation::admin
