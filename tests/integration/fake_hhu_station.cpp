#include "fake_hhu_station.hpp"

#include "mstation/common/china_time.hpp"
#include "mstation/hhu/frame.hpp"

namespace mstation::test {

using asio::ip::tcp;
using nlohmann::json;

FakeHhuStation::FakeHhuStation(hhu::Suite suite, SecretBytes tmk, Answer answer)
    : suite_(suite),
      tmk_(std::move(tmk)),
      answer_(std::move(answer)),
      acceptor_(io_, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0)) {
  port_ = acceptor_.local_endpoint().port();
  do_accept();
  thread_ = std::thread([this] { io_.run(); });
}

FakeHhuStation::~FakeHhuStation() {
  io_.stop();
  thread_.join();
}

std::vector<ReceivedRequest> FakeHhuStation::received() const {
  std::lock_guard lock(mutex_);
  return received_;
}

void FakeHhuStation::do_accept() {
  acceptor_.async_accept([this](boost::system::error_code ec, tcp::socket socket) {
    if (ec) return;
    serve(socket);  // one at a time: hhu-sim sends one transaction after another
    do_accept();
  });
}

// One short connection: one request frame in, one secured response out, close.
void FakeHhuStation::serve(tcp::socket& socket) {
  boost::system::error_code ec;
  Bytes frame(2);
  asio::read(socket, asio::buffer(frame), ec);
  if (ec) return;
  frame.resize(2 + static_cast<std::size_t>(frame[0] << 8 | frame[1]));
  asio::read(socket, asio::buffer(frame.data() + 2, frame.size() - 2), ec);
  auto parsed = hhu::parse_frame(frame);
  if (ec || !std::holds_alternative<hhu::Frame>(parsed)) return;
  const auto& request = std::get<hhu::Frame>(parsed);
  const bool master = request.header.kver == 0;
  const SecretBytes enc = master ? hhu::master_encryption_key(tmk_) : tdk_;
  const SecretBytes mac = master ? hhu::master_mac_key(tmk_) : tak_;
  const auto opened = hhu::open_secured_frame(request, suite_, enc, mac);
  if (opened.status != hhu::Opened::Status::ok) return;
  const ReceivedRequest received{request.header.seq, request.header.txn, json::parse(opened.plaintext)};
  {
    std::lock_guard lock(mutex_);
    received_.push_back(received);
  }
  const json body = received.txn == 0x0001 ? sign_on(received) : answer_(received);
  hhu::Header header = request.header;
  header.flags = hhu::flag_response | hhu::flag_secured;
  header.time = hhu::to_bcd_time(Clock::now());
  header.iv = hhu::random_iv(suite_);
  asio::write(socket, asio::buffer(hhu::build_secured_frame(header, suite_, enc, mac, body.dump())), ec);
}

json FakeHhuStation::sign_on(const ReceivedRequest& request) {
  tdk_ = hhu::generate_key(suite_);
  tak_ = hhu::generate_key(suite_);
  key_version_ = static_cast<std::uint8_t>(key_version_ % 255 + 1);
  return {{"code", "00"},
          {"message", "交易成功"},
          {"key_version", key_version_},
          {"tdk", to_hex(hhu::wrap_key(suite_, tmk_, tdk_))},
          {"tdk_kcv", hhu::key_check_value(suite_, tdk_)},
          {"tak", to_hex(hhu::wrap_key(suite_, tmk_, tak_))},
          {"tak_kcv", hhu::key_check_value(suite_, tak_)},
          {"server_time", iso8601_china(Clock::now())},
          {"business_date", business_date(Clock::now())},
          {"next_seq", request.seq + 1},
          {"operator_name", "张三"}};
}

}  // namespace mstation::test
