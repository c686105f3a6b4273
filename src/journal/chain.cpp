#include "mstation/journal/chain.hpp"

#include <openssl/evp.h>

#include <memory>
#include <stdexcept>

namespace mstation::journal {
namespace {

struct DigestContextFree {
  void operator()(EVP_MD_CTX* c) const { EVP_MD_CTX_free(c); }
};

class CanonicalHasher {
 public:
  CanonicalHasher() : ctx_(EVP_MD_CTX_new()) {
    if (!ctx_ || EVP_DigestInit_ex(ctx_.get(), EVP_sha256(), nullptr) != 1) throw std::runtime_error("SHA-256 init");
  }
  void raw(const void* data, std::size_t size) {
    if (EVP_DigestUpdate(ctx_.get(), data, size) != 1) throw std::runtime_error("SHA-256 update");
  }
  void field(const void* data, std::size_t size) {
    const std::uint8_t length[4] = {static_cast<std::uint8_t>(size >> 24), static_cast<std::uint8_t>(size >> 16),
                                    static_cast<std::uint8_t>(size >> 8), static_cast<std::uint8_t>(size)};
    raw(length, 4);
    raw(data, size);
  }
  void null_field() {
    const std::uint8_t marker[4] = {0xFF, 0xFF, 0xFF, 0xFF};
    raw(marker, 4);
  }
  void text(const std::optional<std::string>& value) { value ? field(value->data(), value->size()) : null_field(); }
  void number(const std::optional<std::int64_t>& value) {
    value ? text(std::to_string(*value)) : null_field();
  }
  void bytes(const std::optional<Bytes>& value) { value ? field(value->data(), value->size()) : null_field(); }
  Sha256Digest finish() {
    Sha256Digest out{};
    unsigned int n = 0;
    if (EVP_DigestFinal_ex(ctx_.get(), out.data(), &n) != 1) throw std::runtime_error("SHA-256 final");
    return out;
  }

 private:
  std::unique_ptr<EVP_MD_CTX, DigestContextFree> ctx_;
};

}  // namespace

Sha256Digest row_hash(const Sha256Digest& prev, const std::string& chain, std::int64_t position,
                      std::int64_t recorded_at_us, const Entry& e) {
  CanonicalHasher h;
  h.raw(prev.data(), prev.size());
  h.text(chain);
  h.number(position);
  h.number(recorded_at_us);
  h.text(e.kind);
  h.number(e.exchange_id);
  h.text(e.peer);
  h.text(e.tid);
  h.number(e.seq);
  h.text(e.txn);
  h.text(e.code);
  h.bytes(e.raw);
  h.text(e.decoded);
  h.text(e.note);
  return h.finish();
}


}  // namespace mstation::journal
