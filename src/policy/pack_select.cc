// Finding packs by name or path: the shipped packs (embedded, or beside the executable) and files.
#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>

#include "base/read_file.h"
#include "policy/policy.h"

namespace kitwatch {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kPackSuffix = ".policy.yaml";

// data/policies in the executable's folder or up to four folders above it (a build tree inside
// the source tree finds the source's packs).
std::optional<fs::path> packs_beside_executable() {
  std::error_code ec;
  fs::path dir = fs::read_symlink("/proc/self/exe", ec).parent_path();
  for (int up = 0; !ec && up < 5 && !dir.empty(); ++up, dir = dir.parent_path()) {
    std::error_code missing;  // a folder that does not exist is not an error here
    if (fs::is_directory(dir / "data" / "policies", missing)) return dir / "data" / "policies";
    if (dir == dir.parent_path()) break;
  }
  return std::nullopt;
}

std::vector<PackSource> packs_in(const fs::path& dir) {
  std::vector<fs::path> files;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    if (entry.path().filename().string().ends_with(kPackSuffix)) files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  std::vector<PackSource> out;
  // A pack file that cannot be read is skipped, as a missing one would be; a FIFO or device is
  // refused by read_file rather than waited on.
  for (const fs::path& f : files) {
    if (auto text = read_file(f.string(), kDefaultMaxFileBytes, "policy pack"); text.ok()) {
      out.push_back(PackSource{f.string(), std::move(*text)});
    }
  }
  return out;
}

std::string stem_of(const std::string& name) {
  std::string file = fs::path(name).filename().string();
  if (file.ends_with(kPackSuffix)) file.resize(file.size() - kPackSuffix.size());
  return file;
}

}  // namespace

std::vector<PackSource> shipped_pack_sources() {
  std::vector<PackSource> out = builtin_pack_sources();
  if (!out.empty()) return out;
  if (auto dir = packs_beside_executable()) return packs_in(*dir);
  return out;
}

Result<std::vector<Pack>> shipped_packs() {
  auto sources = shipped_pack_sources();
  std::sort(sources.begin(), sources.end(),
            [](const PackSource& a, const PackSource& b) { return stem_of(a.name) < stem_of(b.name); });
  std::vector<Pack> packs;
  for (const PackSource& source : sources) {
    auto pack = parse_pack(source);
    if (!pack.ok()) return pack.status();
    packs.push_back(std::move(*pack));
  }
  return packs;
}

Result<std::vector<Pack>> load_policy_packs(const std::vector<std::string>& requests, std::uint64_t max_file_bytes) {
  std::vector<Pack> out;
  std::optional<std::vector<Pack>> shipped;
  for (const std::string& request : requests) {
    const bool path = request.find('/') != std::string::npos || request.ends_with(".yaml") || request.ends_with(".yml");
    std::error_code ec;
    const bool file_there = fs::exists(request, ec);
    if (path) {
      // A directory or FIFO at that path is refused by read_file.
      auto text = read_file(request, max_file_bytes, "policy pack");
      if (!text.ok()) return text.status();
      auto pack = parse_pack(PackSource{request, std::move(*text)});
      if (!pack.ok()) return pack.status();
      out.push_back(std::move(*pack));
      continue;
    }
    if (!shipped) {
      auto all = shipped_packs();
      if (!all.ok()) return all.status();
      shipped = std::move(*all);
    }
    const auto found = std::find_if(shipped->begin(), shipped->end(),
                                    [&](const Pack& p) { return p.name == request || stem_of(p.file) == request; });
    if (found == shipped->end()) {
      std::string names;
      for (const Pack& p : *shipped) names += fmt::format("{}{}", names.empty() ? "" : ", ", p.name);
      if (file_there) {
        return Status::usage(
            fmt::format("--policy {}: no shipped pack of that name (shipped: {}); to read the file {} give it as ./{}",
                        request, names.empty() ? "none found" : names, request, request));
      }
      return Status::usage(fmt::format("--policy {}: no such file and no shipped pack of that name (shipped: {})",
                                       request, names.empty() ? "none found" : names));
    }
    out.push_back(*found);
    if (file_there) {
      out.back().load_note = fmt::format(
          "--policy {} is the shipped pack; the file {} in the working folder was not read (give ./{} to read it)",
          request, request, request);
    }
  }
  return out;
}

}  // namespace kitwatch
