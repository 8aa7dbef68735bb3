#include "base/crypto.h"

#include <fcntl.h>
#include <sodium.h>
#include <unistd.h>

#include <fmt/format.h>
#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <vector>

namespace kitwatch::crypto {
namespace {

void ensure_sodium() {
  // sodium_init is idempotent and thread-safe; it fails only when no entropy source exists.
  static const int initialised = sodium_init();
  if (initialised < 0) throw std::runtime_error("libsodium could not be initialised");
}

const unsigned char* bytes_of(std::string_view s) {
  return reinterpret_cast<const unsigned char*>(s.data());
}

}  // namespace

std::string to_hex(std::string_view bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (const char c : bytes) {
    const auto b = static_cast<unsigned char>(c);
    out += kDigits[b >> 4];
    out += kDigits[b & 15];
  }
  return out;
}

std::optional<std::string> from_hex(std::string_view hex) {
  if (hex.size() % 2 != 0) return std::nullopt;
  auto digit = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  std::string out(hex.size() / 2, '\0');
  for (std::size_t i = 0; i < out.size(); ++i) {
    const int hi = digit(hex[2 * i]), lo = digit(hex[2 * i + 1]);
    if (hi < 0 || lo < 0) return std::nullopt;
    out[i] = static_cast<char>(hi * 16 + lo);
  }
  return out;
}

std::string sha256_hex(std::string_view bytes) {
  ensure_sodium();
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, bytes_of(bytes), bytes.size());
  return to_hex(std::string_view(reinterpret_cast<const char*>(digest), sizeof digest));
}

Result<std::string> sha256_file_hex(const std::string& path, std::uint64_t& bytes) {
  ensure_sodium();
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return Status::io(fmt::format("{}: cannot open to digest: {}", path, std::strerror(errno)));
  crypto_hash_sha256_state state;
  crypto_hash_sha256_init(&state);
  std::vector<unsigned char> block(1 << 20);
  bytes = 0;
  for (;;) {
    const ssize_t n = ::read(fd, block.data(), block.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      const int error = errno;
      ::close(fd);
      return Status::io(fmt::format("{}: cannot read to digest: {}", path, std::strerror(error)));
    }
    if (n == 0) break;
    crypto_hash_sha256_update(&state, block.data(), static_cast<unsigned long long>(n));
    bytes += static_cast<std::uint64_t>(n);
  }
  ::close(fd);
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256_final(&state, digest);
  return to_hex(std::string_view(reinterpret_cast<const char*>(digest), sizeof digest));
}

Ed25519Keys ed25519_generate() {
  ensure_sodium();
  unsigned char pk[crypto_sign_PUBLICKEYBYTES], sk[crypto_sign_SECRETKEYBYTES];
  crypto_sign_keypair(pk, sk);
  Ed25519Keys keys{to_hex(std::string_view(reinterpret_cast<const char*>(pk), sizeof pk)),
                   to_hex(std::string_view(reinterpret_cast<const char*>(sk), sizeof sk))};
  sodium_memzero(sk, sizeof sk);
  return keys;
}

namespace {

Result<std::string> secret_key(std::string_view secret_hex) {
  auto sk = from_hex(secret_hex);
  if (!sk || sk->size() != crypto_sign_SECRETKEYBYTES) {
    return Status::input(
        fmt::format("not an Ed25519 secret key: expected {} hex digits", 2 * crypto_sign_SECRETKEYBYTES));
  }
  return *sk;
}

}  // namespace

Result<std::string> ed25519_sign(std::string_view message, std::string_view secret_hex) {
  ensure_sodium();
  auto sk = secret_key(secret_hex);
  if (!sk.ok()) return sk.status();
  unsigned char signature[crypto_sign_BYTES];
  crypto_sign_detached(signature, nullptr, bytes_of(message), message.size(), bytes_of(*sk));
  sodium_memzero(sk->data(), sk->size());
  return to_hex(std::string_view(reinterpret_cast<const char*>(signature), sizeof signature));
}

Result<std::string> ed25519_public_of(std::string_view secret_hex) {
  ensure_sodium();
  auto sk = secret_key(secret_hex);
  if (!sk.ok()) return sk.status();
  unsigned char pk[crypto_sign_PUBLICKEYBYTES];
  crypto_sign_ed25519_sk_to_pk(pk, bytes_of(*sk));
  sodium_memzero(sk->data(), sk->size());
  return to_hex(std::string_view(reinterpret_cast<const char*>(pk), sizeof pk));
}

bool ed25519_verify(std::string_view message, std::string_view signature_hex, std::string_view public_hex) {
  ensure_sodium();
  const auto signature = from_hex(signature_hex);
  const auto pk = from_hex(public_hex);
  if (!signature || signature->size() != crypto_sign_BYTES || !pk || pk->size() != crypto_sign_PUBLICKEYBYTES) {
    return false;
  }
  return crypto_sign_verify_detached(bytes_of(*signature), bytes_of(message), message.size(), bytes_of(*pk)) == 0;
}

Result<std::string> password_hash(std::string_view password, bool moderate) {
  ensure_sodium();
  char out[crypto_pwhash_STRBYTES];
  const unsigned long long ops = moderate ? crypto_pwhash_OPSLIMIT_INTERACTIVE : crypto_pwhash_OPSLIMIT_MIN;
  const std::size_t mem = moderate ? crypto_pwhash_MEMLIMIT_INTERACTIVE : crypto_pwhash_MEMLIMIT_MIN;
  if (crypto_pwhash_str_alg(out, password.data(), password.size(), ops, mem, crypto_pwhash_ALG_ARGON2ID13) != 0) {
    return Status::io("cannot hash the password: out of memory");
  }
  return std::string(out);
}

bool password_verify(std::string_view hash, std::string_view password) {
  ensure_sodium();
  const std::string text(hash);  // crypto_pwhash_str_verify wants a NUL-terminated string
  return crypto_pwhash_str_verify(text.c_str(), password.data(), password.size()) == 0;
}

std::string random_hex(std::size_t n) {
  ensure_sodium();
  std::string bytes(n, '\0');
  randombytes_buf(bytes.data(), n);
  return to_hex(bytes);
}

}  // namespace kitwatch::crypto
