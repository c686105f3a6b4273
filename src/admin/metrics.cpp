#include "mstation/admin/metrics.hpp"

#include <fmt/format.h>

namespace mstation::admin {
namespace {

std::string escape(const std::string& value) {
  std::string out;
  for (char c : value) {
    if (c == '\\' || c == '"') out.push_back('\\');
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out.push_back(c);
  }
  return out;
}

std::string with_label(const std::string& rendered, const std::string& name, const std::string& value) {
  const std::string extra = name + "=\"" + value + "\"";
  if (rendered.empty()) return "{" + extra + "}";
  return rendered.substr(0, rendered.size() - 1) + "," + extra + "}";
}

const char* type_name(Metrics::Type t) {
  switch (t) {
    case Metrics::Type::counter: return "counter";
    case Metrics::Type::gauge: return "gauge";
    case Metrics::Type::histogram: return "histogram";
  }
  return "untyped";
}

}  // namespace

std::string Metrics::render_labels(const Labels& labels) {
  if (labels.empty()) return "";
  std::string out = "{";
  for (std::size_t i = 0; i < labels.size(); ++i) {
    if (i > 0) out += ",";
    out += labels[i].first + "=\"" + escape(labels[i].second) + "\"";
  }
  return out + "}";
}

Metrics::Family& Metrics::family(const std::string& name) { return families_[name]; }

void Metrics::describe(const std::string& name, Type type, const std::string& help, std::vector<double> buckets) {
  std::lock_guard lock(mutex_);
  auto& f = family(name);
  f.type = type;
  f.help = help;
  f.buckets = std::move(buckets);
}

void Metrics::add(const std::string& name, const Labels& labels, double amount) {
  std::lock_guard lock(mutex_);
  family(name).values[render_labels(labels)] += amount;
}

void Metrics::set(const std::string& name, const Labels& labels, double value) {
  std::lock_guard lock(mutex_);
  family(name).values[render_labels(labels)] = value;
}

void Metrics::observe(const std::string& name, const Labels& labels, double value) {
  std::lock_guard lock(mutex_);
  auto& f = family(name);
  auto& h = f.histograms[render_labels(labels)];
  h.counts.resize(f.buckets.size());
  for (std::size_t i = 0; i < f.buckets.size(); ++i) {
    if (value <= f.buckets[i]) {
      ++h.counts[i];
      break;
    }
  }
  ++h.count;
  h.sum += value;
}

double Metrics::value(const std::string& name, const Labels& labels) const {
  std::lock_guard lock(mutex_);
  const auto f = families_.find(name);
  if (f == families_.end()) return 0;
  const auto v = f->second.values.find(render_labels(labels));
  return v == f->second.values.end() ? 0 : v->second;
}

std::string Metrics::render() const {
  std::lock_guard lock(mutex_);
  std::string out;
  for (const auto& [name, f] : families_) {
    out += "# HELP " + name + " " + f.help + "\n# TYPE " + name + " " + type_name(f.type) + "\n";
    for (const auto& [labels, value] : f.values) out += fmt::format("{}{} {}\n", name, labels, value);
    for (const auto& [labels, h] : f.histograms) {
      std::uint64_t cumulative = 0;
      for (std::size_t i = 0; i < f.buckets.size(); ++i) {
        cumulative += i < h.counts.size() ? h.counts[i] : 0;
        out += fmt::format("{}_bucket{} {}\n", name, with_label(labels, "le", fmt::format("{}", f.buckets[i])),
                           cumulative);
      }
      out += fmt::format("{}_bucket{} {}\n", name, with_label(labels, "le", "+Inf"), h.count);
      out += fmt::format("{}_sum{} {}\n{}_count{} {}\n", name, labels, h.sum, name, labels, h.count);
    }
  }
  return out;
}

}  // namespace mstation::admin
