#pragma once
// The station's key-encryption key (KEK): every terminal master key and
// working key is stored in PostgreSQL only sealed under it (AES-256-GCM, with
// the key's purpose and owner as associated data, so a sealed key copied to
// another row does not open).
//
// The KEK file (keys.kek_file) holds 64 hex digits and must not be readable
// by group or others. During `mstation keys rotate-kek` the new key is first
// written beside it as FILE.next; afterwards the old one stays as
// FILE.previous. All three are loaded when present, and each stored key says
// which KEK sealed it (kek_id), so a rotation interrupted at any point leaves
// every key readable.
#include <filesystem>
#include <map>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>

#include "mstation/common/hex.hpp"
#include "mstation/common/secret.hpp"

namespace mstation::keys {

// A stored key names a KEK the ring does not hold (a rotation the ring has
// not caught up with, or a KEK file lost).
class KekNotLoaded : public std::runtime_error {
 public:
  explicit KekNotLoaded(const std::string& kek_id)
      : std::runtime_error("a stored key was sealed under KEK " + kek_id + ", which is not loaded"), kek_id_(kek_id) {}
  const std::string& kek_id() const { return kek_id_; }

 private:
  std::string kek_id_;
};

class KekRing {
 public:
  // Throws std::runtime_error naming the file and the problem (missing, mode, content).
  static KekRing load(const std::filesystem::path& kek_file);

  // `mstation keys init`: a new KEK file, mode 0600. Refuses to overwrite.
  static void create_file(const std::filesystem::path& kek_file);

  const std::string& current_id() const { return current_id_; }
  bool has(const std::string& kek_id) const { return keys_.contains(kek_id); }

  // context names what is sealed, e.g. "tmk:51010001".
  Bytes seal(std::span<const std::uint8_t> secret, std::string_view context) const;
  // Throws KekNotLoaded if the KEK is unknown, std::runtime_error if the sealed bytes were altered or moved.
  SecretBytes open(std::span<const std::uint8_t> sealed, const std::string& kek_id, std::string_view context) const;

  // For rotation: a ring whose current key is a new one, the others still loaded.
  KekRing with_new_current(std::string& new_key_hex) const;

 private:
  std::map<std::string, SecretBytes> keys_;
  std::string current_id_;
};

// The id stored beside each sealed key: a fingerprint, not the key.
std::string kek_id_of(std::span<const std::uint8_t> kek);

// Writes hex + "\n" to path, mode 0600, fsynced. Refuses to overwrite.
void write_key_file(const std::filesystem::path& path, const std::string& hex);
// A key file that may not be used: missing, a symlink, not a regular file,
// owned by another user, readable by group or others, or not a key.
class KeyFileRefused : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Reads a key file of `size` bytes in hex (O_NOFOLLOW; regular, ours, 0600).
// Throws KeyFileRefused naming the file as "<what> file PATH" and the fix,
// never its content; every buffer that held the key text is wiped.
SecretBytes read_key_file(const std::filesystem::path& path, std::size_t size, const std::string& what);

}  // namespace mstation::keys
