// read_bom_file reads with base/read_file.h: only a regular file, within --max-file-bytes.
#include <gtest/gtest.h>

#include "base/read_file_test_util.h"
#include "bom/bom.h"

namespace kitwatch {
namespace {

Status load(const std::string& path, std::uint64_t max) {
  BomSet bom;
  return read_bom_file(path, bom, max);
}

TEST(BomFilesTest, ABomFileMustBeARegularFile) {
  testing_support::expect_refuses_special_files(load);
}

TEST(BomFilesTest, ABomFileOverTheLimitIsALocatedError) {
  constexpr std::string_view kBom = "product,component,supplier,country\nhub,soc,Acme,GB\n";
  testing_support::expect_size_limit(load, kBom);
  testing_support::ScratchFolder scratch;
  BomSet bom;
  const Status at_limit = read_bom_file(scratch.write("bom.csv", kBom), bom, kBom.size());
  EXPECT_TRUE(at_limit.ok()) << at_limit.message();
}

}  // namespace
}  // namespace kitwatch
