#include "mstation/keys/kek.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/evp.h>

#include <cerrno>
#include <cstring>
#include <memory>
#include <stdexcept>

#include "mstation/common/hex.hpp"
#include "mstation/common/sha256.hpp"
#include "mstation/hhu/crypto.hpp"

namespace mstation::keys {
namespace {

namespace fs = std::filesystem;

constexpr std::size_t kek_size = 32;
constexpr std::size_t nonce_size = 12;
constexpr std::size_t tag_size = 16;
constexpr std::uint8_t sealed_format = 0x01;

struct CipherContextFree {
  void operator()(EVP_CIPHER_CTX* c) const { EVP_CIPHER_CTX_free(c); }
};

}  // namespace

std::string kek_id_of(std::span<const std::uint8_t> kek) {
  std::string input = "mstation-kek-id:";
  input.append(kek.begin(), kek.end());
  const auto digest = sha256(input);
  cleanse(input.data(), input.size());
  return to_hex(std::span(digest).first(6));
}

void write_key_file(const fs::path& path, const std::string& hex) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) throw std::runtime_error("cannot create " + path.string() + ": " + std::strerror(errno));
  const std::string line = hex + "\n";
  const bool ok = ::write(fd, line.data(), line.size()) == static_cast<ssize_t>(line.size()) && ::fsync(fd) == 0;
  ::close(fd);
  if (!ok) throw std::runtime_error("cannot write " + path.string());
}

namespace {
struct OpenFile {
  int fd;
  ~OpenFile() { ::close(fd); }
};
}  // namespace

// A key file is opened without following a symlink (one planted in place of
// the file would hand us an attacker's key), must be a regular file owned by
// the user we run as, readable by nobody else; what was read is wiped.
SecretBytes read_key_file(const fs::path& path, std::size_t size, const std::string& what) {
  const auto refused = [&](const std::string& why) { return KeyFileRefused(what + " file " + path.string() + why); };
  const int fd = ::open(path.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY);
  if (fd < 0) {
    if (errno == ELOOP) throw refused(" is a symbolic link; point the configuration at the file itself");
    throw refused(std::string(": ") + std::strerror(errno) + " (create one with `mstation keys init`)");
  }
  const OpenFile open_file{fd};
  struct stat info {};
  if (fstat(fd, &info) != 0) throw refused(std::string(": ") + std::strerror(errno));
  if (!S_ISREG(info.st_mode)) throw refused(" is not a regular file");
  if (info.st_uid != geteuid()) {
    throw refused(" is owned by uid " + std::to_string(info.st_uid) + ", not by the user running mstation (uid " +
                  std::to_string(geteuid()) + "); chown it");
  }
  if ((info.st_mode & 077) != 0) throw refused(" is readable by group or others; chmod 600 it");
  // The hex digits, a newline, and one byte more to notice a longer file.
  SecretBytes text(size * 2 + 2);
  std::size_t have = 0;
  while (have < text.size()) {
    const auto n = ::read(fd, text.data() + have, text.size() - have);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) throw refused(std::string(": ") + std::strerror(errno));
    if (n == 0) break;
    have += static_cast<std::size_t>(n);
  }
  std::size_t digits = have;
  while (digits > 0 && (text[digits - 1] == '\n' || text[digits - 1] == '\r')) --digits;
  SecretBytes key(size);
  const std::string_view hex(reinterpret_cast<const char*>(text.data()), digits);
  if (digits != size * 2 || !from_hex_into(hex, std::span<std::uint8_t>(key))) {
    throw refused(" does not hold " + std::to_string(size * 2) + " hex digits");
  }
  return key;  // `text` is wiped as it goes (SecretBytes)
}

void KekRing::create_file(const fs::path& kek_file) {
  SecretBytes key(kek_size);
  hhu::random_bytes(key);
  std::string hex = to_hex(key);
  write_key_file(kek_file, hex);
  cleanse(hex.data(), hex.size());
}

KekRing KekRing::load(const fs::path& kek_file) {
  KekRing ring;
  auto current = read_key_file(kek_file, kek_size, "KEK");
  ring.current_id_ = kek_id_of(current);
  ring.keys_.emplace(ring.current_id_, std::move(current));
  for (const char* suffix : {".next", ".previous"}) {
    const fs::path extra = kek_file.string() + suffix;
    if (fs::exists(extra)) {
      auto key = read_key_file(extra, kek_size, "KEK");
      ring.keys_.emplace(kek_id_of(key), std::move(key));
    }
  }
  return ring;
}

KekRing KekRing::with_new_current(std::string& new_key_hex) const {
  SecretBytes key(kek_size);
  hhu::random_bytes(key);
  new_key_hex = to_hex(key);
  KekRing ring = *this;
  ring.current_id_ = kek_id_of(key);
  ring.keys_.emplace(ring.current_id_, std::move(key));
  return ring;
}

Bytes KekRing::seal(std::span<const std::uint8_t> secret, std::string_view context) const {
  const auto& key = keys_.at(current_id_);
  Bytes out(1 + nonce_size + secret.size() + tag_size);
  out[0] = sealed_format;
  hhu::random_bytes(std::span(out).subspan(1, nonce_size));
  std::unique_ptr<EVP_CIPHER_CTX, CipherContextFree> ctx(EVP_CIPHER_CTX_new());
  int n = 0;
  if (!ctx || EVP_EncryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, key.data(), out.data() + 1) != 1 ||
      EVP_EncryptUpdate(ctx.get(), nullptr, &n, reinterpret_cast<const unsigned char*>(context.data()),
                        static_cast<int>(context.size())) != 1 ||
      EVP_EncryptUpdate(ctx.get(), out.data() + 1 + nonce_size, &n, secret.data(), static_cast<int>(secret.size())) !=
          1 ||
      EVP_EncryptFinal_ex(ctx.get(), out.data() + 1 + nonce_size + n, &n) != 1 ||
      EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_GET_TAG, tag_size, out.data() + out.size() - tag_size) != 1) {
    throw std::runtime_error("sealing a key under the KEK failed");
  }
  return out;
}

SecretBytes KekRing::open(std::span<const std::uint8_t> sealed, const std::string& kek_id,
                          std::string_view context) const {
  const auto it = keys_.find(kek_id);
  if (it == keys_.end()) throw KekNotLoaded(kek_id);
  if (sealed.size() < 1 + nonce_size + tag_size || sealed[0] != sealed_format) {
    throw std::runtime_error("a stored key (" + std::string(context) + ") is not in the sealed format");
  }
  const std::size_t length = sealed.size() - 1 - nonce_size - tag_size;
  SecretBytes out(length);
  Bytes tag(sealed.end() - tag_size, sealed.end());
  std::unique_ptr<EVP_CIPHER_CTX, CipherContextFree> ctx(EVP_CIPHER_CTX_new());
  int n = 0;
  const bool ok =
      ctx && EVP_DecryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, it->second.data(), sealed.data() + 1) == 1 &&
      EVP_DecryptUpdate(ctx.get(), nullptr, &n, reinterpret_cast<const unsigned char*>(context.data()),
                        static_cast<int>(context.size())) == 1 &&
      EVP_DecryptUpdate(ctx.get(), out.data(), &n, sealed.data() + 1 + nonce_size, static_cast<int>(length)) == 1 &&
      EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_TAG, tag_size, tag.data()) == 1 &&
      EVP_DecryptFinal_ex(ctx.get(), out.data() + n, &n) == 1;
  if (!ok) throw std::runtime_error("a stored key (" + std::string(context) + ") failed its integrity check");
  return out;
}

}  // namespace mstation::keys
