// libFuzzer target: the HHU/1 frame decoder and parser on arbitrary bytes,
// delivered in arbitrary splits, as TCP would.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <span>

#include "mstation/hhu/frame.hpp"
#include "mstation/hhu/frame_decoder.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace mstation::hhu;
  if (size == 0) return 0;
  // The first byte chooses the read size, the rest is the stream.
  const std::size_t chunk = 1 + data[0] % 64;
  const std::span<const std::uint8_t> stream(data + 1, size - 1);
  FrameDecoder decoder(8192);
  std::size_t offset = 0;
  FrameDecoder::Result result;
  while (offset < stream.size()) {
    const auto piece = stream.subspan(offset, std::min(chunk, stream.size() - offset));
    result = decoder.feed(piece);
    if (result.consumed > piece.size()) std::abort();
    offset += result.consumed;
    if (result.status != FrameDecoder::Status::need_more) break;
    if (result.consumed != piece.size()) std::abort();  // need_more must take everything offered
  }
  if (result.status == FrameDecoder::Status::complete) {
    const auto& frame = decoder.frame();
    if (frame.size() < 55 || frame.size() > 8194) std::abort();
    auto parsed = parse_frame(frame);
    if (auto* f = std::get_if<Frame>(&parsed)) {
      // The parsed frame keeps exactly the bytes it was parsed from.
      if (f->raw != frame) std::abort();
      (void)from_bcd_time(f->header.time);
      (void)txn_code(f->header.txn);
    }
  }
  (void)decoder.received();
  return 0;
}
