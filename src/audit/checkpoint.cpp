#include "mstation/audit/checkpoint.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <openssl/crypto.h>
#include <openssl/hmac.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <nlohmann/json.hpp>
#include <pqxx/pqxx>
#include <sstream>

#include "mstation/common/china_time.hpp"
#include "mstation/common/hex.hpp"
#include "mstation/hhu/crypto.hpp"
#include "mstation/journal/chain_verifier.hpp"
#include "mstation/keys/kek.hpp"
#include "mstation/store/bytea.hpp"
#include "mstation/store/timestamps.hpp"

namespace mstation::audit {
namespace {

constexpr const char* format_name = "mstation-checkpoint-1";
constexpr std::size_t max_checkpoint_bytes = 64 * 1024 * 1024;

std::string hmac_hex(const SecretBytes& key, const std::string& text) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  if (HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()), reinterpret_cast<const unsigned char*>(text.data()),
           text.size(), out, &size) == nullptr) {
    throw std::runtime_error("HMAC-SHA256 failed");
  }
  return to_hex(std::span<const std::uint8_t>(out, size));
}

nlohmann::json unsigned_json(const Checkpoint& c) {
  nlohmann::json chains = nlohmann::json::array();
  for (const auto& a : c.chains) {
    chains.push_back({{"chain", a.chain},
                      {"position", a.position},
                      {"head_hash", to_hex(a.head_hash)},
                      {"rows", a.rows},
                      {"head_recorded_at", a.head_recorded_at}});
  }
  nlohmann::json j{{"format", format_name}, {"instance", c.instance}, {"taken_at", c.taken_at}, {"chains", chains}};
  if (c.retention_boundary()) {
    j["kind"] = "retention_boundary";
    j["partition"] = c.partition;
  }
  return j;
}

Checkpoint checkpoint_of(const nlohmann::json& j) {
  if (j.at("format").get<std::string>() != format_name) throw std::invalid_argument("not " + std::string(format_name));
  Checkpoint c;
  c.instance = j.at("instance").get<std::string>();
  c.taken_at = j.at("taken_at").get<std::string>();
  for (const auto& a : j.at("chains")) {
    ChainAnchor anchor;
    anchor.chain = a.at("chain").get<std::string>();
    anchor.position = a.at("position").get<std::int64_t>();
    const auto bytes = from_hex(a.at("head_hash").get<std::string>());
    const auto hash = bytes ? digest_of(*bytes) : std::nullopt;
    if (!hash) throw std::invalid_argument("a head_hash is not 32 bytes of hex");
    anchor.head_hash = *hash;
    anchor.rows = a.at("rows").get<std::int64_t>();
    anchor.head_recorded_at = a.at("head_recorded_at").get<std::string>();
    c.chains.push_back(anchor);
  }
  if (j.contains("kind")) {
    if (j.at("kind").get<std::string>() != "retention_boundary") throw std::invalid_argument("unknown kind");
    c.partition = j.at("partition").get<std::string>();
    if (c.partition.empty()) throw std::invalid_argument("a retention boundary names no partition");
  }
  return c;
}

std::string read_small_file(const std::filesystem::path& file) {
  std::error_code ec;
  const auto size = std::filesystem::file_size(file, ec);
  if (ec) throw CheckpointRejected("checkpoint " + file.string() + ": " + ec.message());
  // Checked before reading it whole.
  if (size > max_checkpoint_bytes) throw CheckpointRejected("checkpoint " + file.string() + " is too large");
  std::ifstream in(file, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// An anchor from a row holding (chain_pos, row_hash, recorded_at as ISO text) from column `first` on.
ChainAnchor anchor_of(const std::string& chain, const pqxx::row& r, int first, std::int64_t rows) {
  ChainAnchor a;
  a.chain = chain;
  a.position = r[first].as<std::int64_t>();
  a.head_hash = digest_of(store::bytes_of(r[first + 1])).value_or(Sha256Digest{});
  a.head_recorded_at = r[first + 2].as<std::string>();
  a.rows = rows;
  return a;
}

}  // namespace

void create_checkpoint_key(const std::filesystem::path& file) {
  SecretBytes key(checkpoint_key_size);
  hhu::random_bytes(key);
  std::string hex = to_hex(key);
  keys::write_key_file(file, hex);
  cleanse(hex.data(), hex.size());
}

SecretBytes load_checkpoint_key(const std::filesystem::path& file) {
  return keys::read_key_file(file, checkpoint_key_size, "checkpoint key");
}

Checkpoint take_checkpoint(pqxx::transaction_base& tx, const std::string& instance) {
  Checkpoint c;
  c.instance = instance;
  c.taken_at = iso8601_china(Clock::now());
  for (const auto& chain : journal::list_chains(tx)) {
    const auto r = tx.exec_params1(
        "SELECT chain_pos, row_hash, " + store::iso_china_sql("recorded_at") +
            ", (SELECT count(*) FROM mstation.journal WHERE chain = $1) "
            "FROM mstation.journal WHERE chain = $1 ORDER BY chain_pos DESC, journal_id DESC LIMIT 1",
        chain);
    c.chains.push_back(anchor_of(chain, r, 0, r[3].as<std::int64_t>()));
  }
  return c;
}

Checkpoint take_retention_boundary(pqxx::transaction_base& tx, const std::string& instance,
                                   const std::string& partition) {
  Checkpoint c;
  c.instance = instance;
  c.taken_at = iso8601_china(Clock::now());
  c.partition = partition;
  // Positions run 1, 2, 3, … without gaps, so the rows up to an anchor are its position.
  for (const auto& chain : journal::list_chains(tx)) {
    // The chain's last row in the month that leaves…
    auto r = tx.exec_params("SELECT chain_pos, row_hash, " + store::iso_china_sql("recorded_at") + " FROM mstation." +
                                tx.quote_name(partition) +
                                " WHERE chain = $1 ORDER BY chain_pos DESC, journal_id DESC LIMIT 1",
                            chain);
    // …or, for a chain silent that month, the row before its first one that
    // stays (earlier months already left), as that row's prev_hash names it;
    // that row's time left with it, so the anchor's time is empty.
    if (r.empty()) {
      r = tx.exec_params("SELECT chain_pos - 1, prev_hash, ''::text"
                         " FROM mstation.journal WHERE chain = $1 ORDER BY chain_pos, journal_id LIMIT 1",
                         chain);
      if (r.empty() || r[0][0].as<std::int64_t>() == 0) continue;  // it starts after the boundary
    }
    c.chains.push_back(anchor_of(chain, r[0], 0, r[0][0].as<std::int64_t>()));
  }
  return c;
}

std::string signed_checkpoint(const Checkpoint& checkpoint, const SecretBytes& key) {
  nlohmann::json j = unsigned_json(checkpoint);
  j["hmac"] = hmac_hex(key, j.dump());
  return j.dump(2) + "\n";
}

Checkpoint read_checkpoint(const std::filesystem::path& file, const SecretBytes& key) {
  const auto rejected = [&](const std::string& why) { return CheckpointRejected("checkpoint " + file.string() + ": " + why); };
  nlohmann::json j = nlohmann::json::parse(read_small_file(file), nullptr, false);
  if (j.is_discarded() || !j.is_object() || !j.contains("hmac") || !j["hmac"].is_string()) {
    throw rejected("not a signed checkpoint");
  }
  const std::string stated = j["hmac"].get<std::string>();
  j.erase("hmac");
  const std::string computed = hmac_hex(key, j.dump());
  if (stated.size() != computed.size() || CRYPTO_memcmp(stated.data(), computed.data(), computed.size()) != 0) {
    throw rejected("its HMAC does not match (the file was altered, or signed with another key)");
  }
  try {
    return checkpoint_of(j);
  } catch (const std::exception& e) {  // signed by us, yet malformed: a bug or another format
    throw rejected(std::string("malformed: ") + e.what());
  }
}

void write_checkpoint(const std::filesystem::path& file, const std::string& text) {
  const std::filesystem::path temporary = file.string() + ".tmp";
  const int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0640);
  if (fd < 0) throw std::runtime_error("cannot create " + temporary.string() + ": " + std::strerror(errno));
  const bool ok = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size()) && ::fsync(fd) == 0;
  ::close(fd);
  if (!ok || std::rename(temporary.c_str(), file.c_str()) != 0) {
    std::filesystem::remove(temporary);
    throw std::runtime_error("cannot write " + file.string());
  }
}

}  // namespace mstation::audit
