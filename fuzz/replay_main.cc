// A main() for the fuzz targets when libFuzzer is not linked (gcc builds, or KITWATCH_FUZZ_REPLAY):
// runs LLVMFuzzerTestOneInput once on every file named on the command line or found in a named
// directory, so the seed corpora and saved crash reproducers run as ordinary regression tests
// (the way fmt's fuzzers build without libFuzzer).
//
// Arguments that start with '-' are libFuzzer flags and are ignored, so the same command line
// (e.g. `fuzz_csv_reader -runs=0 fuzz/corpus/fuzz_csv_reader`) works with both kinds of build.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <system_error>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

namespace {

namespace fs = std::filesystem;

// Files directly inside a directory (corpora are flat), sorted so every run replays in one order.
std::vector<fs::path> inputs_of(const fs::path& arg, std::error_code& error) {
  std::vector<fs::path> files;
  if (!fs::is_directory(arg, error)) {
    if (fs::is_regular_file(arg, error)) files.push_back(arg);
    return files;
  }
  for (const auto& entry : fs::directory_iterator(arg, error)) {
    if (entry.is_regular_file()) files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

bool replay(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return false;
  // An exactly sized heap copy, as libFuzzer passes it, so AddressSanitizer catches a read one
  // byte past the end.
  const std::vector<char> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::vector<std::uint8_t> data(bytes.begin(), bytes.end());
  data.shrink_to_fit();
  LLVMFuzzerTestOneInput(data.data(), data.size());
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  std::size_t ran = 0;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg.starts_with('-')) continue;
    std::error_code error;
    const std::vector<fs::path> files = inputs_of(arg, error);
    if (error || files.empty()) {
      std::fprintf(stderr, "%s: no inputs to replay%s%s\n", arg.c_str(), error ? ": " : "",
                   error ? error.message().c_str() : "");
      return 2;
    }
    for (const fs::path& file : files) {
      if (!replay(file)) {
        std::fprintf(stderr, "%s: cannot read\n", file.c_str());
        return 2;
      }
      ++ran;
    }
  }
  std::printf("%s: replayed %zu inputs\n", argc > 0 ? argv[0] : "replay", ran);
  return ran > 0 ? 0 : 2;
}
