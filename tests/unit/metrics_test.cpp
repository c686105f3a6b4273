#include <gtest/gtest.h>

#include "mstation/sg186/codes.hpp"
#include "mstation/txn/codes.hpp"

#include "mstation/admin/metrics.hpp"

namespace mstation::admin {
namespace {

TEST(MetricLabels, ATerminalsTxnOutsideTheProtocolIsCountedAsOther) {
  EXPECT_EQ(txn::metric_txn_label("0202"), "0202");
  EXPECT_EQ(txn::metric_txn_label("0001"), "0001");
  EXPECT_EQ(txn::metric_txn_label("BEEF"), "other");
  EXPECT_EQ(txn::metric_txn_label("0203\n"), "other");
}

TEST(MetricLabels, AnSg186CodeOutsideTheSpecIsCountedAsOther) {
  EXPECT_EQ(sg186::metric_rsp_label("1001"), "1001");
  EXPECT_EQ(sg186::metric_rsp_label("1016"), "1016");
  EXPECT_EQ(sg186::metric_rsp_label("9x9x"), "other");
  EXPECT_EQ(sg186::metric_rsp_label(""), "other");
}

TEST(Metrics, CountersRenderWithHelpTypeAndLabels) {
  Metrics m;
  m.describe("mstation_frames_total", Metrics::Type::counter, "Frames answered");
  m.add("mstation_frames_total", {{"txn", "0001"}, {"code", "00"}});
  m.add("mstation_frames_total", {{"txn", "0001"}, {"code", "00"}});
  const auto text = m.render();
  EXPECT_NE(text.find("# TYPE mstation_frames_total counter"), std::string::npos);
  EXPECT_NE(text.find("mstation_frames_total{txn=\"0001\",code=\"00\"} 2\n"), std::string::npos) << text;
  EXPECT_EQ(m.value("mstation_frames_total", {{"txn", "0001"}, {"code", "00"}}), 2);
}

TEST(Metrics, HistogramBucketsAreCumulative) {
  Metrics m;
  m.describe("latency_seconds", Metrics::Type::histogram, "Latency", {0.01, 0.1, 1});
  m.observe("latency_seconds", {}, 0.005);
  m.observe("latency_seconds", {}, 0.05);
  m.observe("latency_seconds", {}, 5);
  const auto text = m.render();
  EXPECT_NE(text.find("latency_seconds_bucket{le=\"0.01\"} 1\n"), std::string::npos) << text;
  EXPECT_NE(text.find("latency_seconds_bucket{le=\"0.1\"} 2\n"), std::string::npos);
  EXPECT_NE(text.find("latency_seconds_bucket{le=\"1\"} 2\n"), std::string::npos);
  EXPECT_NE(text.find("latency_seconds_bucket{le=\"+Inf\"} 3\n"), std::string::npos);
  EXPECT_NE(text.find("latency_seconds_count 3\n"), std::string::npos);
}

TEST(Metrics, LabelValuesAreEscaped) {
  Metrics m;
  m.set("g", {{"why", "a \"quoted\"\nline"}}, 1);
  EXPECT_NE(m.render().find("g{why=\"a \\\"quoted\\\"\\nline\"} 1"), std::string::npos) << m.render();
}

}  // namespace
}  // namespace mstation::admin
