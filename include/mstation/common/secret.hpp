#pragma once
// Byte buffers for key material: wiped (OPENSSL_cleanse) when freed, so keys
// do not linger in released heap memory.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

namespace mstation {

void cleanse(void* data, std::size_t size);

template <typename T>
struct CleansingAllocator : std::allocator<T> {
  using value_type = T;
  CleansingAllocator() = default;
  template <typename U>
  CleansingAllocator(const CleansingAllocator<U>&) {}
  template <typename U>
  struct rebind {
    using other = CleansingAllocator<U>;
  };
  void deallocate(T* p, std::size_t n) {
    cleanse(p, n * sizeof(T));
    std::allocator<T>::deallocate(p, n);
  }
};

using SecretBytes = std::vector<std::uint8_t, CleansingAllocator<std::uint8_t>>;

// Wipes a string's characters when the scope ends: for a password that had
// to be an ordinary std::string on its way through the JSON parser.
class WipedAtExit {
 public:
  explicit WipedAtExit(std::string& text) : text_(text) {}
  ~WipedAtExit() { cleanse(text_.data(), text_.size()); }
  WipedAtExit(const WipedAtExit&) = delete;
  WipedAtExit& operator=(const WipedAtExit&) = delete;

 private:
  std::string& text_;
};

inline SecretBytes to_secret(std::span<const std::uint8_t> bytes) {
  return SecretBytes(bytes.begin(), bytes.end());
}

}  // namespace mstation
