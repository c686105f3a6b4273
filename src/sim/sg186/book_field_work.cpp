// The electrician's field work: 014 outage check, 020/021/022 meter reading,
// 030/032 dunning.
#include <fmt/format.h>

#include <algorithm>

#include "mstation/sg186/dunning.hpp"
#include "mstation/sg186/queries.hpp"
#include "mstation/sg186/reading.hpp"
#include "mstation/sim/book.hpp"

namespace mstation::sim {

using namespace mstation::sg186;

namespace {

constexpr std::uint32_t max_page_size = 200;

// OVERDUE_DAYS is N(4).
std::uint32_t overdue_days_field(int days) { return static_cast<std::uint32_t>(std::min(days, 9999)); }

struct Page {
  std::size_t first = 0;
  std::size_t end = 0;
  std::uint32_t pages = 0;
};

// nullopt when the page does not exist.
std::optional<Page> page_of(std::size_t total, std::uint32_t page, std::uint32_t page_size) {
  const auto pages = static_cast<std::uint32_t>((total + page_size - 1) / page_size);
  if (page < 1 || page > pages) return std::nullopt;
  const std::size_t first = static_cast<std::size_t>(page - 1) * page_size;
  return Page{first, std::min(total, first + page_size), pages};
}

// The segment a 020 or 030 asks for (its customers' indexes), or the decline.
std::variant<const std::vector<std::size_t>*, Answer> requested_section(const Dataset& data,
                                                                        const SectionPageRequest& r) {
  if (r.page_size < 1 || r.page_size > max_page_size) return decline(rsp::bad_packet, "PAGE_SIZE 应为 1..200");
  const auto section = data.by_section.find(r.sect_no);
  if (section == data.by_section.end()) return decline(rsp::no_records);
  return &section->second;
}

std::optional<RejectedReading> check_reading(const Customer* c, const std::string& sect_no, const Reading& x,
                                             YyyyMmDd today) {
  if (c == nullptr) return RejectedReading{x.meter_no, "1004", "用户编号不存在"};
  if (c->sect_no != sect_no) return RejectedReading{x.meter_no, "2003", "用户不在该抄表段"};
  if (c->meter_no != x.meter_no) return RejectedReading{x.meter_no, "2004", "表号与用户不符"};
  if (!is_valid_date(x.read_date) || x.read_date < c->last_date || x.read_date > today) {
    return RejectedReading{x.meter_no, "2002", "抄表日期无效"};
  }
  std::uint64_t register_span = 100;
  for (unsigned i = 0; i < c->digits; ++i) register_span *= 10;
  if (x.this_read >= register_span) return RejectedReading{x.meter_no, "2006", "示数超出表计位数"};
  if (x.status == "0" && x.this_read < c->last_read) return RejectedReading{x.meter_no, "2001", "示数小于上次示数"};
  if (x.status != "0" && x.status != "1" && x.status != "2") return RejectedReading{x.meter_no, "2005", "示数状态无效"};
  return std::nullopt;
}

}  // namespace

Answer Book::outage_check(const Message& m) {
  const auto decoded = decode_customer_request(m.body);
  if (is_bad(decoded)) return bad_packet(decoded);
  const auto* c = data_.find(std::get<CustomerRequest>(decoded).cons_no);
  if (c == nullptr) return decline(rsp::customer_not_found);
  const OutageResponse o{c->cons_no, static_cast<std::uint64_t>(c->owe_fen()),
                         overdue_days_field(c->overdue_days(today_)), c->powered_off, c->notice_date};
  return success(o);
}

Answer Book::reading_tasks(const Message& m) {
  const auto decoded = decode_section_page_request(m.body);
  if (is_bad(decoded)) return bad_packet(decoded);
  const auto& r = std::get<SectionPageRequest>(decoded);
  const auto section = requested_section(data_, r);
  if (const auto* declined = std::get_if<Answer>(&section)) return *declined;
  const auto& members = *std::get<const std::vector<std::size_t>*>(section);
  const auto page = page_of(members.size(), r.page, r.page_size);
  if (!page) return decline(rsp::no_records);
  ReadingTasksResponse out;
  out.total = static_cast<std::uint32_t>(members.size());
  out.pages = page->pages;
  for (std::size_t i = page->first; i < page->end; ++i) {
    const auto& c = data_.customers[members[i]];
    out.tasks.push_back({c.cons_no, c.name, c.address, c.meter_no, c.t_factor, c.last_read, c.last_date, c.digits,
                         tariff_code(c.sort)});
  }
  return success(out, static_cast<unsigned>(out.tasks.size()));
}

Answer Book::reading_upload(const Message& m) {
  const auto decoded = decode_reading_upload_request(m.body, m.header.record_num);
  if (is_bad(decoded)) return bad_packet(decoded);
  const auto& r = std::get<ReadingUploadRequest>(decoded);
  if (data_.by_section.count(r.sect_no) == 0) return decline(rsp::no_records);
  ReadingUploadResponse out;
  for (const auto& x : r.readings) {
    auto* c = data_.find(x.cons_no);
    if (auto rejected = check_reading(c, r.sect_no, x, today_)) {
      out.rejected.push_back(std::move(*rejected));
      continue;
    }
    c->last_read = x.this_read;
    c->last_date = x.read_date;
    ++out.accepted;
  }
  return success(out, static_cast<unsigned>(out.rejected.size()));
}

Answer Book::anomaly(const Message& m) {
  const auto decoded = decode_anomaly_request(m.body);
  if (is_bad(decoded)) return bad_packet(decoded);
  const auto& r = std::get<AnomalyRequest>(decoded);
  const auto* c = data_.find(r.cons_no);
  if (c == nullptr) return decline(rsp::customer_not_found);
  if (c->meter_no != r.meter_no) return decline(rsp::failure, "表号与用户不符");
  anomalies_.push_back(fmt::format("A{}{:06}", today_, anomalies_.size() + 1));
  return success(AnomalyResponse{anomalies_.back()});
}

Answer Book::dunning_tasks(const Message& m) {
  const auto decoded = decode_section_page_request(m.body);
  if (is_bad(decoded)) return bad_packet(decoded);
  const auto& r = std::get<SectionPageRequest>(decoded);
  const auto section = requested_section(data_, r);
  if (const auto* declined = std::get_if<Answer>(&section)) return *declined;
  const auto& members = *std::get<const std::vector<std::size_t>*>(section);
  std::vector<const Customer*> owing;
  for (auto i : members) {
    if (data_.customers[i].owe_fen() > 0) owing.push_back(&data_.customers[i]);
  }
  const auto page = page_of(owing.size(), r.page, r.page_size);
  if (!page) return decline(rsp::no_records);
  DunningTasksResponse out;
  out.total = static_cast<std::uint32_t>(owing.size());
  out.pages = page->pages;
  for (std::size_t i = page->first; i < page->end; ++i) {
    const auto& c = *owing[i];
    out.tasks.push_back({c.cons_no, c.name, c.address, static_cast<std::uint64_t>(c.owe_fen()),
                         overdue_days_field(c.overdue_days(today_))});
  }
  return success(out, static_cast<unsigned>(out.tasks.size()));
}

Answer Book::notice_served(const Message& m) {
  const auto decoded = decode_notice_served_request(m.body);
  if (is_bad(decoded)) return bad_packet(decoded);
  const auto& r = std::get<NoticeServedRequest>(decoded);
  auto* c = data_.find(r.cons_no);
  if (c == nullptr) return decline(rsp::customer_not_found);
  if (!is_valid_date(r.served_date) || r.served_date > today_) return decline(rsp::bad_packet, "送达日期无效");
  c->notice_date = r.served_date;
  return success(NoticeServedResponse{r.notice_no});
}

}  // namespace mstation::sim
