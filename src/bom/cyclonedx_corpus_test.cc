// The CycloneDX specification's own test documents (tests/data/cyclonedx/README.md): every valid
// 1.4–1.6 document is read, and every invalid one is refused with the expected located error or is
// accepted for the reason tests/data/cyclonedx/invalid.tsv gives.
#include <cctype>
#include <filesystem>
#include <fstream>
#include <map>

#include "bom/bom.h"
#include "test_support.h"

#include <gtest/gtest.h>

namespace kitwatch {
namespace {

namespace fs = std::filesystem;
using testing_support::source;

struct Expectation {
  bool refused = false;
  std::string text;  // refused: part of the error; accepted: why
};

std::map<std::string, Expectation> read_manifest() {
  std::map<std::string, Expectation> out;
  std::ifstream in(source("tests/data/cyclonedx/invalid.tsv"));
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    const auto tab1 = line.find('\t'), tab2 = line.find('\t', tab1 + 1);
    if (tab1 == std::string::npos || tab2 == std::string::npos) continue;
    out[line.substr(0, tab1)] = Expectation{line.substr(tab1 + 1, tab2 - tab1 - 1) == "refused", line.substr(tab2 + 1)};
  }
  return out;
}

std::vector<fs::path> documents(std::string_view prefix) {
  std::vector<fs::path> out;
  for (const char* version : {"1.4", "1.5", "1.6"}) {
    for (const auto& entry : fs::directory_iterator(source(std::string("tests/data/cyclonedx/") + version))) {
      const std::string name = entry.path().filename().string();
      if (name.starts_with(prefix) && name.ends_with(".json")) out.push_back(entry.path());
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

TEST(CycloneDxCorpus, EveryValidDocumentIsRead) {
  const auto files = documents("valid-");
  EXPECT_EQ(files.size(), 110u);  // 29 of 1.4, 36 of 1.5, 45 of 1.6
  std::size_t products = 0;
  for (const fs::path& file : files) {
    BomSet bom;
    const Status s = read_bom_file(file.string(), bom);
    EXPECT_TRUE(s.ok()) << s.message();
    products += bom.products.size();
    // A document read without a product says so.
    if (s.ok() && bom.products.empty()) {
      EXPECT_FALSE(bom.notes.empty()) << file;
    }
  }
  EXPECT_GT(products, 0u);
}

// "invalid-component-ref-1.6.json" -> "component-ref". (No std::regex: GCC 12 warns inside it
// under the sanitizer build's -O2.)
std::string case_of(const std::string& filename) {
  const std::string prefix = "invalid-";
  const std::size_t version = filename.rfind("-1.");
  if (!filename.starts_with(prefix) || version == std::string::npos || version < prefix.size()) return "";
  return filename.substr(prefix.size(), version - prefix.size());
}

// Whether message holds "filename:LINE:COLUMN".
bool located(const std::string& message, const std::string& filename) {
  std::size_t at = message.find(filename + ":");
  if (at == std::string::npos) return false;
  at += filename.size() + 1;
  const auto digits = [&message](std::size_t& i) {
    const std::size_t from = i;
    while (i < message.size() && std::isdigit(static_cast<unsigned char>(message[i]))) ++i;
    return i > from;
  };
  if (!digits(at) || at >= message.size() || message[at] != ':') return false;
  ++at;
  return digits(at);
}

TEST(CycloneDxCorpus, EveryInvalidDocumentIsRefusedOrAcceptedForAStatedReason) {
  const auto manifest = read_manifest();
  const auto files = documents("invalid-");
  EXPECT_EQ(files.size(), 69u);
  std::size_t refused = 0;
  for (const fs::path& file : files) {
    const std::string filename = file.filename().string();
    const std::string name = case_of(filename);
    ASSERT_FALSE(name.empty()) << filename;
    auto it = manifest.find(name);
    ASSERT_NE(it, manifest.end()) << filename << ": add it to tests/data/cyclonedx/invalid.tsv";
    BomSet bom;
    const Status s = read_bom_file(file.string(), bom);
    if (it->second.refused) {
      ++refused;
      ASSERT_FALSE(s.ok()) << filename;
      EXPECT_EQ(s.kind(), ErrorKind::kInput) << filename;
      EXPECT_NE(s.message().find(it->second.text), std::string::npos) << filename << ": " << s.message();
      // Located: file:line:column.
      EXPECT_TRUE(located(s.message(), filename)) << s.message();
      EXPECT_TRUE(bom.components.empty() && bom.files.empty()) << filename;
    } else {
      EXPECT_TRUE(s.ok()) << filename << ": " << s.message();
    }
  }
  EXPECT_EQ(refused, 22u);  // 7 kinds of error in each version, and properties in 1.6
}

}  // namespace
}  // namespace kitwatch
