// SHA-256, Ed25519 and Argon2id through libsodium, in hex: operator returns (src/national) and the
// server's passwords and tokens (src/server).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "base/status.h"

namespace kitwatch::crypto {

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

// Argon2id password hashes in libsodium's self-describing string form (algorithm, cost and salt
// inside). moderate = libsodium's interactive limits (64 MiB); otherwise its minimum (tests).
Result<std::string> password_hash(std::string_view password, bool moderate);
bool password_verify(std::string_view hash, std::string_view password);
// n random bytes from the system's source, hex.
std::string random_hex(std::size_t n);

std::optional<std::string> from_hex(std::string_view hex);
std::string to_hex(std::string_view bytes);

}  // namespace kitwatch::crypto
