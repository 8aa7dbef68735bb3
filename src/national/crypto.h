// SHA-256 and Ed25519 through libsodium, in hex. Private to src/national.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "base/status.h"

namespace kitwatch::national_crypto {

std::string sha256_hex(std::string_view bytes);
// The digest of a file, read in blocks (inventories may be gigabytes); bytes is set to its size.
Result<std::string> sha256_file_hex(const std::string& path, std::uint64_t& bytes);

struct Ed25519Keys {
  std::string public_hex, secret_hex;
};
Ed25519Keys ed25519_generate();
// The detached signature of message, hex; fails on a secret key that is not 64 bytes of hex.
Result<std::string> ed25519_sign(std::string_view message, std::string_view secret_hex);
// The public half of a secret key, hex.
Result<std::string> ed25519_public_of(std::string_view secret_hex);
bool ed25519_verify(std::string_view message, std::string_view signature_hex, std::string_view public_hex);

std::optional<std::string> from_hex(std::string_view hex);
std::string to_hex(std::string_view bytes);

}  // namespace kitwatch::national_crypto
