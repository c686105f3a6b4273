#include "mstation/journal/chain.hpp"

#include <openssl/evp.h>

#include <memory>
#include <stdexcept>

namespace mstation::journal {
struct RowHasher::Context {
  struct Free {
    void operator()(EVP_MD_CTX* c) const { EVP_MD_CTX_free(c); }
  };
  std::unique_ptr<EVP_MD_CTX, Free> digest{EVP_MD_CTX_new()};

  void raw(const void* data, std::size_t size) {
    if (EVP_DigestUpdate(digest.get(), data, size) != 1) throw std::runtime_error("SHA-256 update");
  }
  // A field: its length as 4 bytes big-endian, then its bytes; NULL as 0xFFFFFFFF.
  void field(const void* data, std::size_t size) {
    const std::uint8_t length[4] = {static_cast<std::uint8_t>(size >> 24), static_cast<std::uint8_t>(size >> 16),
                                    static_cast<std::uint8_t>(size >> 8), static_cast<std::uint8_t>(size)};
    raw(length, 4);
    raw(data, size);
  }
  void text(std::string_view value) { field(value.data(), value.size()); }
  void text(const std::optional<std::string_view>& value) {
    static constexpr std::uint8_t null_marker[4] = {0xFF, 0xFF, 0xFF, 0xFF};
    value ? text(*value) : raw(null_marker, 4);
  }
  void bytes(const std::optional<std::span<const std::uint8_t>>& value) {
    value ? field(value->data(), value->size()) : text(std::optional<std::string_view>());
  }
};

RowHasher::RowHasher() : context_(std::make_unique<Context>()) {
  if (!context_->digest) throw std::runtime_error("SHA-256 context");
}
RowHasher::~RowHasher() = default;

Sha256Digest RowHasher::hash(const Sha256Digest& prev, const RowView& row) {
  Context& h = *context_;
  if (EVP_DigestInit_ex(h.digest.get(), EVP_sha256(), nullptr) != 1) throw std::runtime_error("SHA-256 init");
  h.raw(prev.data(), prev.size());
  h.text(row.chain);
  h.text(row.position);
  h.text(row.recorded_at_us);
  h.text(row.kind);
  h.text(row.exchange_id);
  h.text(row.peer);
  h.text(row.tid);
  h.text(row.seq);
  h.text(row.txn);
  h.text(row.code);
  h.bytes(row.raw);
  h.text(row.decoded);
  h.text(row.note);
  Sha256Digest out{};
  unsigned int n = 0;
  if (EVP_DigestFinal_ex(h.digest.get(), out.data(), &n) != 1) throw std::runtime_error("SHA-256 final");
  return out;
}

namespace {

std::optional<std::string_view> view(const std::optional<std::string>& s) {
  if (!s) return std::nullopt;
  return std::string_view(*s);
}

std::optional<std::string> decimal(const std::optional<std::int64_t>& n) {
  if (!n) return std::nullopt;
  return std::to_string(*n);
}

}  // namespace

Sha256Digest row_hash(const Sha256Digest& prev, const std::string& chain, std::int64_t position,
                      std::int64_t recorded_at_us, const Entry& e) {
  const std::string position_text = std::to_string(position);
  const std::string at_text = std::to_string(recorded_at_us);
  const auto exchange_id = decimal(e.exchange_id);
  const auto seq = decimal(e.seq);
  RowView row{chain, position_text, at_text, e.kind, view(exchange_id), view(e.peer), view(e.tid), view(seq),
              view(e.txn), view(e.code), std::nullopt, view(e.decoded), view(e.note)};
  if (e.raw) row.raw = std::span<const std::uint8_t>(*e.raw);
  thread_local RowHasher hasher;
  return hasher.hash(prev, row);
}

}  // namespace mstation::journal
