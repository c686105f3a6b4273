#include "transport.hpp"

#include <stdexcept>

#include "mstation/common/asio.hpp"

namespace mstation::hhu_sim {
namespace {

using asio::ip::tcp;

// The exchange as a chain of handlers on one io_context, so one deadline
// (io_context::run_for) bounds connect, write and read together.
struct ShortConnection {
  tcp::socket socket;
  const Bytes& request;
  Bytes answer;
  boost::system::error_code connect_error;
  bool done = false;

  void start(const tcp::endpoint& remote) {
    socket.async_connect(remote, [this](boost::system::error_code ec) { on_connect(ec); });
  }
  void on_connect(boost::system::error_code ec) {
    if (ec) {
      connect_error = ec;
      done = true;
      return;
    }
    asio::async_write(socket, asio::buffer(request), [this](boost::system::error_code, std::size_t) { do_read(); });
  }
  // Read even after a failed write: a server that refuses the frame may still have answered.
  void do_read() {
    asio::async_read(socket, asio::dynamic_buffer(answer),
                     [this](boost::system::error_code, std::size_t) { done = true; });  // EOF is the normal end
  }
};

}  // namespace

Bytes send_and_receive(const Endpoints& where, const Bytes& request, std::chrono::seconds limit) {
  asio::io_context io;
  const tcp::endpoint remote(asio::ip::make_address(where.server_host), where.server_port);
  ShortConnection exchange{tcp::socket(io), request, {}, {}, false};
  exchange.socket.open(remote.protocol());
  exchange.socket.bind(tcp::endpoint(asio::ip::make_address(where.bind), 0));
  exchange.start(remote);
  io.run_for(limit);
  if (!exchange.done) throw std::runtime_error("no answer within " + std::to_string(limit.count()) + " s");
  if (exchange.connect_error) throw std::runtime_error("connect: " + exchange.connect_error.message());
  return exchange.answer;
}

}  // namespace mstation::hhu_sim
