// libFuzzer target: SG186 messages from arbitrary bytes, delivered in
// arbitrary splits as TCP would, through the stream decoder, the header, every
// body decoder (via message_json, both directions) and the client's judge.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "mstation/sg186/client.hpp"
#include "mstation/sg186/frame_decoder.hpp"
#include "mstation/sg186/message_json.hpp"
#include "mstation/sg186/statement_file.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace mstation::sg186;
  if (size == 0) return 0;
  const std::size_t chunk = 1 + data[0] % 64;
  const std::string_view stream(reinterpret_cast<const char*>(data + 1), size - 1);
  FrameDecoder decoder;
  std::size_t offset = 0;
  FrameDecoder::Result result;
  while (offset < stream.size()) {
    const auto piece = stream.substr(offset, std::min(chunk, stream.size() - offset));
    result = decoder.feed(piece);
    if (result.consumed > piece.size()) std::abort();
    offset += result.consumed;
    if (result.status != FrameDecoder::Status::need_more) break;
    if (result.consumed != piece.size()) std::abort();  // need_more must take everything offered
  }
  (void)parse_statement(stream);  // the statement file parser on the same bytes
  if (result.status != FrameDecoder::Status::complete) return 0;
  const auto decoded = decode_message(decoder.message());
  const auto* message = std::get_if<Message>(&decoded);
  if (message == nullptr) return 0;
  // Both readings of the body, as the journal would record them.
  (void)message_json(*message, Direction::request).dump();
  (void)message_json(*message, Direction::response).dump();
  (void)judge_answer(message->header, decoder.message());
  return 0;
}
