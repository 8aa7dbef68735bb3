// Operators' keys: writing a key pair, and checking returns against the trusted public keys.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fmt/format.h>
#include <cerrno>
#include <cstring>
#include <filesystem>

#include "base/crypto.h"
#include "base/output_file.h"
#include "base/read_file.h"
#include "national/national.h"

namespace kitwatch {
namespace {

std::string trim(std::string text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.pop_back();
  std::size_t start = 0;
  while (start < text.size() && std::isspace(static_cast<unsigned char>(text[start]))) ++start;
  return text.substr(start);
}

// Creates path with mode 0600 and writes text; an existing file is an error (O_EXCL).
Status write_private(const std::string& path, const std::string& text) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) {
    if (errno == EEXIST) return Status::usage(fmt::format("{}: a key file is there already (not overwritten)", path));
    return Status::io(fmt::format("{}: cannot create: {}", path, std::strerror(errno)));
  }
  std::size_t done = 0;
  while (done < text.size()) {
    const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      const int error = errno;
      ::close(fd);
      return Status::io(fmt::format("{}: cannot write: {}", path, std::strerror(error)));
    }
    done += static_cast<std::size_t>(n);
  }
  if (::close(fd) != 0) return Status::io(fmt::format("{}: cannot write: {}", path, std::strerror(errno)));
  return Status();
}

}  // namespace

Result<std::pair<std::string, std::string>> write_key_pair(const std::string& dir, const std::string& operator_id) {
  if (Status s = check_operator_id(operator_id); !s.ok()) return s;
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return Status::io(fmt::format("{}: cannot create the folder: {}", dir, ec.message()));
  const std::string secret = (std::filesystem::path(dir) / (operator_id + ".key")).string();
  const std::string pub = (std::filesystem::path(dir) / (operator_id + ".pub")).string();
  if (std::filesystem::exists(pub, ec)) {
    return Status::usage(fmt::format("{}: a key file is there already (not overwritten)", pub));
  }
  const KeyPair keys = generate_key_pair();
  if (Status s = write_private(secret, keys.secret_key + "\n"); !s.ok()) return s;
  if (Status s = write_file(pub, keys.public_key + "\n"); !s.ok()) return s;
  return std::pair{secret, pub};
}

Result<std::string> read_secret_key(const std::string& path) {
  auto text = read_file(path, 4096, "secret key");
  if (!text.ok()) return text.status();
  std::string key = trim(std::move(*text));
  if (!crypto::ed25519_public_of(key).ok()) {
    return Status::input(fmt::format("{}: not a kitwatch secret key (128 hex digits, as keygen writes)", path));
  }
  return key;
}

Status check_signatures(const std::vector<OperatorReturn>& returns, const TrustOptions& trust,
                        std::vector<std::string>& caveats) {
  if (trust.trust_dir.empty()) {
    if (!trust.allow_unsigned) {
      return Status::usage(
          "give --trust DIR (the operators' public keys, ID.pub) to check the returns' signatures, or "
          "--allow-unsigned to merge drafts unchecked");
    }
    caveats.push_back(
        "SIGNATURES NOT CHECKED (--allow-unsigned without --trust): any of these returns could have been written by "
        "anyone");
    return Status();
  }
  std::size_t unsigned_returns = 0;
  for (const OperatorReturn& r : returns) {
    if (!r.signature) {
      if (!trust.allow_unsigned) {
        return Status::input(
            fmt::format("{}: the return of operator '{}' is not signed (refused; --allow-unsigned "
                        "merges drafts, flagged)",
                        r.file, r.operator_id));
      }
      ++unsigned_returns;
      continue;
    }
    const std::string pub = (std::filesystem::path(trust.trust_dir) / (r.operator_id + ".pub")).string();
    auto key = read_file(pub, 4096, "public key");
    if (!key.ok()) {
      return Status::input(
          fmt::format("{}: no trusted key for operator '{}' ({})", r.file, r.operator_id, key.status().message()));
    }
    if (!signature_valid(r, trim(std::move(*key)))) {
      return Status::input(
          fmt::format("{}: the signature does not verify against {}: not signed by operator '{}' "
                      "(refused)",
                      r.file, pub, r.operator_id));
    }
  }
  if (unsigned_returns > 0) {
    caveats.push_back(
        fmt::format("UNSIGNED: {} of {} returns are not signed (--allow-unsigned): their figures are "
                    "the operators' word only",
                    unsigned_returns, returns.size()));
  }
  return Status();
}

}  // namespace kitwatch
