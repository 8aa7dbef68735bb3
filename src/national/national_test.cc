// The national merge against the single-inventory engine: for random partitions of one generated
// network into k operators, merging the k returns gives what assess and the capacity model give on
// the whole network; whatever the order of the returns; with no identifier of the input in any
// return; and a changed, unsigned or wrongly signed return is refused.
#include "national/national.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <random>
#include <set>

#include "evaluation/evaluation.h"
#include "generate/generator.h"
#include "test_support.h"

namespace kitwatch {
namespace {

namespace fs = std::filesystem;
using testing_support::run;
using testing_support::source;

// A temporary folder removed at the end of the test.
struct TempDir {
  fs::path path;
  TempDir() {
    path = fs::temp_directory_path() /
           fs::path("kitwatch-national-" + std::to_string(::getpid()) + "-" + std::to_string(counter()++));
    fs::remove_all(path);
    fs::create_directories(path);
  }
  ~TempDir() { fs::remove_all(path); }
  std::string file(const std::string& name) const { return (path / name).string(); }
  static int& counter() {
    static int n = 0;
    return n;
  }
};

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

void spit(const std::string& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
}

// Relative closeness for sums taken in another order.
void expect_close(double expected, double actual, const std::string& what) {
  EXPECT_LE(std::fabs(expected - actual), 1e-12 * std::max(1.0, std::fabs(expected)))
      << what << ": expected " << expected << ", got " << actual;
}

void expect_measures(const Measures& expected, const Measures& actual, const std::string& what) {
  expect_close(expected.count, actual.count, what + " count");
  expect_close(expected.traffic, actual.traffic, what + " traffic");
  expect_close(expected.subscribers, actual.subscribers, what + " subscribers");
}

void expect_scope(const ScopeSummary& expected, const ScopeSummary& actual, const std::string& what) {
  expect_measures(expected.total, actual.total, what + " total");
  expect_measures(expected.designated, actual.designated, what + " designated");
  expect_measures(expected.unknown, actual.unknown, what + " unknown");
  expect_measures(expected.designated_share, actual.designated_share, what + " designated_share");
  expect_measures(expected.unknown_share, actual.unknown_share, what + " unknown_share");
  expect_measures(expected.control_unknown, actual.control_unknown, what + " control_unknown");
  expect_measures(expected.control_unknown_share, actual.control_unknown_share, what + " control_unknown_share");
}

EvaluationSection test_section(std::vector<std::string> lists) {
  EvaluationSection s;
  s.capacity = 500;
  s.fixed_per_controller = 100;
  const double costs[kFunctionCount] = {20, 12, 10, 6, 8, 2, 0, 0};
  for (std::size_t f = 0; f < kFunctionCount; ++f) {
    s.build_cost[f] = costs[f];
    s.in_scope[f] = costs[f] > 0;
  }
  s.lists = std::move(lists);
  return s;
}

// One generated network, loaded once for every test.
class NationalTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir();
    GenerateOptions options;
    options.elements = 6000;
    options.seed = 7;
    GenerateSummary summary;
    ASSERT_TRUE(generate_network(options, dir_->path.string(), summary).ok());
    {
      // Makers the registry does not know (control unknown), which the generator does not write.
      std::ofstream more(dir_->file("inventory.csv"), std::ios::app);
      for (int i = 0; i < 40; ++i) {
        more << "XU" << i << ",,XU-" << i % 7 << ",London," << (i % 2 ? "access" : "ran") << ","
             << (i % 3 ? "FiberHome" : "Quectel Wireless") << ",,,,,2020-01-01," << i % 5 << "," << i % 3 << ",,\n";
      }
    }
    RunSpec spec;
    spec.inventories = {dir_->file("inventory.csv")};
    spec.as_of = Date::parse("2026-01-01");
    auto loaded = load(std::move(spec));
    ASSERT_TRUE(loaded.ok()) << loaded.status().message();
    inputs_ = loaded->release();
  }
  static void TearDownTestSuite() {
    delete inputs_;
    delete dir_;
  }

  // The return of the elements in rows, resolved on their own as the operator would.
  static OperatorReturn return_of(const std::string& id, const std::vector<ElementIndex>& rows,
                                  std::uint64_t min_cell = 0) {
    const ElementStore part = ElementStore::subset(inputs_->store, rows);
    const Resolution resolution = resolve(part, *inputs_->registry, *inputs_->macs, inputs_->as_of);
    NetworkState state{&part, inputs_->registry.get(), &resolution, inputs_->as_of, nullptr, nullptr};
    ReturnOptions options;
    options.operator_id = id;
    options.kitwatch_version = "test";
    options.min_cell = min_cell;
    options.rows_read = rows.size();
    options.rows_accepted = rows.size();
    options.registry_sources = inputs_->registry_sources;
    auto ret = build_return(state, nullptr, options);
    EXPECT_TRUE(ret.ok()) << ret.status().message();
    return std::move(*ret);
  }

  static std::string return_text(const std::string& id, const std::vector<ElementIndex>& rows,
                                 const std::string& key = "", std::uint64_t min_cell = 0) {
    auto text = write_return(return_of(id, rows, min_cell), key);
    EXPECT_TRUE(text.ok()) << text.status().message();
    return *text;
  }

  static std::vector<OperatorReturn> partition_returns(std::size_t k, std::uint32_t seed) {
    std::mt19937 random(seed);
    std::vector<std::vector<ElementIndex>> parts(k);
    for (ElementIndex e = 0; e < inputs_->store.size(); ++e) parts[random() % k].push_back(e);
    std::vector<OperatorReturn> returns;
    for (std::size_t i = 0; i < k; ++i) {
      const std::string id = "op" + std::to_string(i);
      auto read = read_return(return_text(id, parts[i]), id + ".return.json");
      EXPECT_TRUE(read.ok()) << read.status().message();
      returns.push_back(std::move(*read));
    }
    return returns;
  }

  static NationalOptions options_for(std::vector<std::string> lists) {
    NationalOptions options;
    options.lists = std::move(lists);
    options.registry_sha256 = registry_digest(inputs_->registry_sources);
    options.evaluation = test_section(options.lists);
    options.evaluation_pack = "test";
    return options;
  }

  static TempDir* dir_;
  static Inputs* inputs_;
};

TempDir* NationalTest::dir_ = nullptr;
Inputs* NationalTest::inputs_ = nullptr;

TEST_F(NationalTest, MergeOfRandomPartitionsEqualsAssessAndCapacityOnTheWhole) {
  const std::vector<std::vector<std::string>> list_choices = {{}, {"uk-tsa-designated"}, {"us-fcc-covered"}};
  for (const auto& lists : list_choices) {
    AssessOptions assess_options;
    assess_options.as_of = inputs_->as_of;
    assess_options.lists = lists;
    auto whole = assess(inputs_->store, *inputs_->registry, inputs_->resolution, assess_options);
    ASSERT_TRUE(whole.ok()) << whole.status().message();
    auto capacity =
        evaluate_capacity(test_section(lists), inputs_->store, *inputs_->registry, inputs_->resolution, inputs_->as_of);
    ASSERT_TRUE(capacity.ok()) << capacity.status().message();
    ASSERT_GT(whole->total.designated.count, 0) << "the generated network must have designated elements";
    ASSERT_GT(whole->total.control_unknown.count, 0) << "and elements of makers the registry does not know";
    ASSERT_GT(capacity->controllers.size(), 0u);
    for (const std::size_t k : {1, 2, 3, 5}) {
      const auto returns = partition_returns(k, static_cast<std::uint32_t>(11 * k));
      auto national = merge_returns(returns, *inputs_->registry, options_for(lists));
      ASSERT_TRUE(national.ok()) << national.status().message();
      const std::string at = "k=" + std::to_string(k) + " lists=" + (lists.empty() ? "all" : lists[0]);
      expect_scope(whole->total, national->total, at + " all");
      for (std::size_t f = 0; f < kFunctionCount; ++f) {
        const std::string fn = at + " " + std::string(kFunctionNames[f]);
        expect_scope(whole->by_function[f], national->by_function[f], fn);
        expect_measures(whole->concentration_by_function[f].hhi, national->concentration_by_function[f].hhi,
                        fn + " hhi");
        expect_measures(whole->concentration_by_function[f].top5, national->concentration_by_function[f].top5,
                        fn + " top5");
      }
      expect_measures(whole->concentration.hhi, national->concentration.hhi, at + " hhi");
      ASSERT_EQ(whole->by_region.size(), national->by_region.size()) << at;
      for (const RegionSummary& region : whole->by_region) {
        const auto it = std::find_if(national->by_region.begin(), national->by_region.end(),
                                     [&](const RegionSummary& r) { return r.name == region.name; });
        ASSERT_NE(it, national->by_region.end()) << region.name;
        expect_scope(region.scope, it->scope, at + " region " + region.name);
      }
      ASSERT_EQ(whole->controllers.size(), national->controllers.size()) << at;
      ASSERT_TRUE(national->evaluation.has_value());
      expect_close(capacity->total_load, national->evaluation->report.total_load, at + " evaluation load");
      ASSERT_EQ(capacity->controllers.size(), national->evaluation->report.controllers.size()) << at;
      for (std::size_t c = 0; c < capacity->controllers.size(); ++c) {
        EXPECT_EQ(capacity->controllers[c].id, national->evaluation->report.controllers[c].id) << at;
        expect_close(capacity->controllers[c].load, national->evaluation->report.controllers[c].load, at + " load");
        EXPECT_EQ(capacity->controllers[c].builds.size(), national->evaluation->report.controllers[c].builds.size())
            << at;
        EXPECT_EQ(capacity->controllers[c].elements, national->evaluation->report.controllers[c].elements) << at;
      }
      // Shared builds are evaluated once: the operators' own loads add up to at least the national one.
      EXPECT_GE(national->evaluation->operators_load_sum + 1e-9, national->evaluation->report.total_load);
      if (k > 1) {
        EXPECT_GT(national->evaluation->shared_builds, 0u) << at;
      }
    }
  }
}

TEST_F(NationalTest, MergeDoesNotDependOnTheOrderOfTheReturns) {
  auto returns = partition_returns(4, 5);
  auto first = merge_returns(returns, *inputs_->registry, options_for({}));
  ASSERT_TRUE(first.ok()) << first.status().message();
  std::mt19937 random(3);
  for (int i = 0; i < 3; ++i) {
    std::shuffle(returns.begin(), returns.end(), random);
    auto again = merge_returns(returns, *inputs_->registry, options_for({}));
    ASSERT_TRUE(again.ok());
    EXPECT_EQ(render_national_json(*first), render_national_json(*again));
  }
}

TEST_F(NationalTest, AReturnHoldsNoIdentifierOfTheInput) {
  std::vector<ElementIndex> all(inputs_->store.size());
  for (ElementIndex e = 0; e < all.size(); ++e) all[e] = e;
  const std::string text = return_text("op", all);
  const ElementStore& store = inputs_->store;
  std::size_t checked = 0;
  auto absent = [&](std::string_view needle, const char* what) {
    if (needle.size() < 4) return;  // too short to be told apart from other text
    ++checked;
    EXPECT_EQ(text.find(needle), std::string::npos) << what << " '" << needle << "' occurs in the return";
  };
  for (ElementIndex e = 0; e < store.size(); ++e) {
    absent(store.ids.view(e), "element id");
    absent(store.names.view(store.name[e]), "name");
    absent(store.sites.view(store.site[e]), "site");
    absent(store.serials.view(store.serial[e]), "serial");
    for (const Mac& mac : store.macs_of(e)) absent(format_mac(mac), "MAC");
  }
  EXPECT_GT(checked, 3 * store.size()) << "the generated network must have ids, sites, serials and MACs to look for";
  // What it does hold: every element, in cells.
  auto read = read_return(text, "op.return.json");
  ASSERT_TRUE(read.ok()) << read.status().message();
  EXPECT_EQ(read->total.count, static_cast<double>(store.size()));
}

TEST_F(NationalTest, SuppressedCellsKeepEveryTotalExact) {
  const auto returns = partition_returns(1, 1);
  std::vector<ElementIndex> all(inputs_->store.size());
  for (ElementIndex e = 0; e < all.size(); ++e) all[e] = e;
  auto suppressed = read_return(return_text("op0", all, "", 50), "op0.return.json");
  ASSERT_TRUE(suppressed.ok()) << suppressed.status().message();
  EXPECT_FALSE(suppressed->suppressed.empty());
  for (const ReturnCell& c : suppressed->cells) EXPECT_GE(c.measures.count, 50);
  auto plain = merge_returns(returns, *inputs_->registry, options_for({}));
  auto folded = merge_returns({*suppressed}, *inputs_->registry, options_for({}));
  ASSERT_TRUE(plain.ok() && folded.ok());
  for (std::size_t f = 0; f < kFunctionCount; ++f) {
    expect_measures(plain->by_function[f].total, folded->by_function[f].total, "total");
  }
  EXPECT_GT(folded->suppressed_total.count, 0);
  EXPECT_NE(render_national_text(*folded).find("suppressed"), std::string::npos);
  EXPECT_FALSE(folded->caveats.empty());
}

TEST_F(NationalTest, AChangedByteIsRefused) {
  std::vector<ElementIndex> rows = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9};
  const std::string text = return_text("op", rows);
  ASSERT_TRUE(read_return(text, "op.return.json").ok());
  // Change one digit of the first cell's traffic, keeping the JSON valid.
  std::string changed = text;
  const std::size_t at = changed.find("\"traffic\": ");
  ASSERT_NE(at, std::string::npos);
  std::size_t digit = at + 11;
  changed[digit] = changed[digit] == '9' ? '8' : static_cast<char>(changed[digit] + 1);
  auto read = read_return(changed, "op.return.json");
  ASSERT_FALSE(read.ok());
  EXPECT_NE(read.status().message().find("op.return.json:"), std::string::npos) << read.status().message();
  EXPECT_NE(read.status().message().find("changed"), std::string::npos) << read.status().message();
  // Re-indenting is not a change of content (the writer puts a line feed only between values).
  std::string reindented;
  for (const char c : text) {
    reindented += c;
    if (c == '\n') reindented += "\t  ";
  }
  EXPECT_TRUE(read_return(reindented, "op.return.json").ok());
}

TEST_F(NationalTest, SignaturesAreCheckedAgainstTheOperatorsKeys) {
  TempDir keys;
  ASSERT_TRUE(write_key_pair(keys.path.string(), "alpha").ok());
  ASSERT_TRUE(write_key_pair(keys.path.string(), "beta").ok());
  EXPECT_FALSE(write_key_pair(keys.path.string(), "alpha").ok()) << "an existing key is never overwritten";
  EXPECT_EQ(fs::status(keys.file("alpha.key")).permissions() & fs::perms::all,
            fs::perms::owner_read | fs::perms::owner_write);
  auto alpha_key = read_secret_key(keys.file("alpha.key"));
  auto beta_key = read_secret_key(keys.file("beta.key"));
  ASSERT_TRUE(alpha_key.ok() && beta_key.ok());
  const std::vector<ElementIndex> rows = {0, 1, 2, 3, 4};
  auto good = read_return(return_text("alpha", rows, *alpha_key), "alpha.return.json");
  ASSERT_TRUE(good.ok()) << good.status().message();
  std::vector<std::string> caveats;
  const TrustOptions trust{keys.path.string(), false};
  EXPECT_TRUE(check_signatures({*good}, trust, caveats).ok());
  EXPECT_TRUE(caveats.empty());

  // Signed with beta's key but returned as alpha's.
  auto forged = read_return(return_text("alpha", rows, *beta_key), "forged.return.json");
  ASSERT_TRUE(forged.ok()) << "self-consistent: it verifies against the key it names";
  Status s = check_signatures({*forged}, trust, caveats);
  EXPECT_FALSE(s.ok());
  EXPECT_NE(s.message().find("forged.return.json"), std::string::npos) << s.message();

  // Unsigned: refused under --trust, let through with a caveat under --allow-unsigned.
  auto unsigned_return = read_return(return_text("alpha", rows), "draft.return.json");
  ASSERT_TRUE(unsigned_return.ok());
  s = check_signatures({*unsigned_return}, trust, caveats);
  EXPECT_FALSE(s.ok());
  EXPECT_NE(s.message().find("not signed"), std::string::npos) << s.message();
  EXPECT_TRUE(check_signatures({*unsigned_return}, TrustOptions{keys.path.string(), true}, caveats).ok());
  ASSERT_EQ(caveats.size(), 1u);
  EXPECT_NE(caveats[0].find("UNSIGNED"), std::string::npos);

  // A signed return changed and re-digested without the key: the signature no longer verifies.
  std::string text = return_text("alpha", rows, *alpha_key);
  const std::size_t at = text.find("\"count\": ");
  text.insert(at + 9, "1");
  auto reread = read_return(text, "changed.return.json");
  EXPECT_FALSE(reread.ok());
}

TEST_F(NationalTest, RefusesReturnsThatCannotBeMergedAsIs) {
  auto returns = partition_returns(2, 9);
  // Two returns of one operator.
  auto twice = returns;
  twice[1].operator_id = twice[0].operator_id;
  auto merged = merge_returns(twice, *inputs_->registry, options_for({}));
  ASSERT_FALSE(merged.ok());
  EXPECT_NE(merged.status().message().find("a second return of operator"), std::string::npos);
  EXPECT_NE(merged.status().message().find("op1.return.json:4:9 (field 'id')"), std::string::npos)
      << merged.status().message();
  // Another as-of date: refused, or merged with a caveat.
  auto mixed = returns;
  mixed[1].as_of = *Date::parse("2025-06-30");
  merged = merge_returns(mixed, *inputs_->registry, options_for({}));
  ASSERT_FALSE(merged.ok());
  EXPECT_NE(merged.status().message().find("(field 'as_of')"), std::string::npos) << merged.status().message();
  NationalOptions allow = options_for({});
  allow.allow_mixed = true;
  merged = merge_returns(mixed, *inputs_->registry, allow);
  ASSERT_TRUE(merged.ok());
  EXPECT_NE(render_national_text(*merged).find("MIXED DATES"), std::string::npos);
  EXPECT_NE(render_national_json(*merged).find("MIXED DATES"), std::string::npos);
  // Another registry.
  auto other_registry = returns;
  other_registry[0].registry_sha256 = std::string(64, '0');
  merged = merge_returns(other_registry, *inputs_->registry, options_for({}));
  ASSERT_FALSE(merged.ok());
  EXPECT_NE(merged.status().message().find("registry"), std::string::npos);
}

TEST_F(NationalTest, ReadErrorsNameFileLineAndColumn) {
  // Written with a valid digest but figures that do not agree: refused where they are.
  OperatorReturn ret = return_of("op", {0, 1, 2, 3});
  ret.total.count += 1;
  ret.rows_accepted += 1;
  ret.rows_read += 1;
  auto read = read_return(*write_return(ret), "sum.return.json");
  ASSERT_FALSE(read.ok());
  EXPECT_NE(read.status().message().find("sum.return.json:"), std::string::npos) << read.status().message();
  EXPECT_NE(read.status().message().find("do not add up"), std::string::npos) << read.status().message();

  ret = return_of("op", {0, 1, 2, 3});
  ret.rows_read += 2;
  read = read_return(*write_return(ret), "rows.return.json");
  ASSERT_FALSE(read.ok());
  EXPECT_NE(read.status().message().find("rows read (6)"), std::string::npos) << read.status().message();

  // A format this version does not read is said before anything else.
  std::string text = *write_return(return_of("op", {0, 1}));
  const std::string from = "\"format\": \"kitwatch-return/1\"";
  text.replace(text.find(from), from.size(), "\"format\": \"kitwatch-return/2\"");
  read = read_return(text, "v2.return.json");
  ASSERT_FALSE(read.ok());
  EXPECT_NE(read.status().message().find("v2.return.json:2:"), std::string::npos) << read.status().message();
  EXPECT_NE(read.status().message().find("not a format this kitwatch reads"), std::string::npos);

  auto not_json = read_return("{\"format\": ", "x.return.json");
  ASSERT_FALSE(not_json.ok());
  EXPECT_NE(not_json.status().message().find("x.return.json:1:"), std::string::npos) << not_json.status().message();
}

TEST_F(NationalTest, CommandLineRefusalsExitTwo) {
  TempDir work;
  const std::string inventory = source("examples/zte-2018/inventory.csv");
  auto keys = run("keygen --operator alpha -o " + work.file("keys"));
  ASSERT_EQ(keys.exit_code, 0) << keys.out;
  auto made = run("return " + inventory + " --operator alpha --as-of 2018-04-14 --sign " + work.file("keys/alpha.key") +
                  " -o " + work.file("alpha.return.json"));
  ASSERT_EQ(made.exit_code, 0) << made.out;
  auto merged = run("national " + work.file("alpha.return.json") + " --trust " + work.file("keys"));
  EXPECT_EQ(merged.exit_code, 0) << merged.out;
  EXPECT_NE(merged.out.find("alpha"), std::string::npos) << merged.out;

  std::string text = slurp(work.file("alpha.return.json"));
  const std::size_t at = text.find("\"count\": ");
  text[at + 9] = text[at + 9] == '1' ? '2' : '1';
  spit(work.file("tampered.return.json"), text);
  auto tampered = run("national " + work.file("tampered.return.json") + " --trust " + work.file("keys"));
  EXPECT_EQ(tampered.exit_code, 2) << tampered.out;
  EXPECT_NE(tampered.out.find("tampered.return.json"), std::string::npos) << tampered.out;

  // Signed with another operator's key.
  ASSERT_EQ(run("keygen --operator beta -o " + work.file("keys")).exit_code, 0);
  auto forged_made = run("return " + inventory + " --operator alpha --as-of 2018-04-14 -q --sign " +
                         work.file("keys/beta.key") + " -o " + work.file("forged.return.json"));
  ASSERT_EQ(forged_made.exit_code, 0) << forged_made.out;
  auto forged = run("national " + work.file("forged.return.json") + " --trust " + work.file("keys"));
  EXPECT_EQ(forged.exit_code, 2) << forged.out;
  EXPECT_NE(forged.out.find("forged.return.json"), std::string::npos) << forged.out;

  auto no_trust = run("national " + work.file("alpha.return.json"));
  EXPECT_EQ(no_trust.exit_code, 2) << no_trust.out;
  auto unsigned_made =
      run("return " + inventory + " --operator beta --as-of 2018-04-14 -q -o " + work.file("beta.return.json"));
  ASSERT_EQ(unsigned_made.exit_code, 0) << unsigned_made.out;
  auto unsigned_refused = run("national " + work.file("alpha.return.json") + " " + work.file("beta.return.json") +
                              " --trust " + work.file("keys"));
  EXPECT_EQ(unsigned_refused.exit_code, 2) << unsigned_refused.out;
  EXPECT_NE(unsigned_refused.out.find("beta.return.json"), std::string::npos) << unsigned_refused.out;
}

}  // namespace
}  // namespace kitwatch

namespace kitwatch {
namespace {

TEST_F(NationalTest, ScenarioErrorsAreLocated) {
  auto bad_key =
      parse_national_scenario("scenario: s\noperations:\n  - add:\n      operator: op0\n      cuont: 3\n", "s.yaml");
  ASSERT_FALSE(bad_key.ok());
  EXPECT_NE(bad_key.status().message().find("s.yaml:5:"), std::string::npos) << bad_key.status().message();
  EXPECT_NE(bad_key.status().message().find("cuont"), std::string::npos) << bad_key.status().message();

  auto unknown_operator = parse_national_scenario(
      "scenario: s\noperations:\n  - add: {operator: nobody, count: 3, maker: zte, function: ran}\n", "s.yaml");
  ASSERT_TRUE(unknown_operator.ok()) << unknown_operator.status().message();
  auto whatif = national_whatif(partition_returns(2, 1), inputs_->registry_sources, options_for({}), *unknown_operator);
  ASSERT_FALSE(whatif.ok());
  EXPECT_NE(whatif.status().message().find("s.yaml:3:"), std::string::npos) << whatif.status().message();
  EXPECT_NE(whatif.status().message().find("nobody"), std::string::npos) << whatif.status().message();
}

// Removing a maker at return level gives what removing its elements from the inventory gives.
TEST_F(NationalTest, RemovingAMakerEqualsAssessWithoutItsElements) {
  const std::string maker = "huawei";
  const EntityIndex huawei = *inputs_->registry->find_entity(maker);
  std::vector<ElementIndex> kept;
  for (ElementIndex e = 0; e < inputs_->store.size(); ++e) {
    const MakerId m = inputs_->resolution.manufacturer(e);
    bool by_huawei = false;
    if (inputs_->resolution.is_entity(m) && inputs_->store.function[e] == Function::kAccess) {
      for (EntityIndex c : inputs_->registry->control_chain(m, inputs_->as_of)) by_huawei |= c == huawei;
    }
    if (!by_huawei) kept.push_back(e);
  }
  ASSERT_LT(kept.size(), inputs_->store.size()) << "the generated network must have Huawei access elements";
  const ElementStore rest = ElementStore::subset(inputs_->store, kept);
  const Resolution rest_resolution = resolve(rest, *inputs_->registry, *inputs_->macs, inputs_->as_of);
  AssessOptions assess_options;
  assess_options.as_of = inputs_->as_of;
  auto expected = assess(rest, *inputs_->registry, rest_resolution, assess_options);
  ASSERT_TRUE(expected.ok());
  auto expected_load = evaluate_capacity(test_section({}), rest, *inputs_->registry, rest_resolution, inputs_->as_of);
  ASSERT_TRUE(expected_load.ok());

  auto scenario =
      parse_national_scenario("scenario: s\noperations:\n  - remove: {maker: huawei, function: access}\n", "s.yaml");
  ASSERT_TRUE(scenario.ok()) << scenario.status().message();
  auto whatif = national_whatif(partition_returns(3, 2), inputs_->registry_sources, options_for({}), *scenario);
  ASSERT_TRUE(whatif.ok()) << whatif.status().message();
  expect_scope(expected->total, whatif->after.total, "after all");
  for (std::size_t f = 0; f < kFunctionCount; ++f) {
    expect_scope(expected->by_function[f], whatif->after.by_function[f], std::string(kFunctionNames[f]));
  }
  expect_close(expected_load->total_load, whatif->after.evaluation->report.total_load, "evaluation load");
}

}  // namespace
}  // namespace kitwatch

namespace kitwatch {
namespace {

// Text from a return (an operator's name, a region, a model) reaches the national page only as
// escaped JSON; every format shows the caveats.
TEST_F(NationalTest, EveryFormatShowsTheCaveatsAndNoTextBecomesMarkup) {
  const std::string evil = "Evil</script><img src=x onerror=alert(1)>";
  OperatorReturn ret = return_of("op0", {0, 1, 2, 3, 4, 5});
  ret.operator_name = evil;
  auto read = read_return(*write_return(ret), "evil.return.json");
  ASSERT_TRUE(read.ok()) << read.status().message();
  NationalOptions options = options_for({});
  options.caveats.push_back("SIGNATURES NOT CHECKED (a test caveat)");
  auto report = merge_returns({*read}, *inputs_->registry, options);
  ASSERT_TRUE(report.ok()) << report.status().message();
  auto html = render_national_html(*report);
  ASSERT_TRUE(html.ok()) << html.status().message();
  EXPECT_EQ(html->find("<img src=x"), std::string::npos);
  EXPECT_EQ(html->find(evil), std::string::npos);
  std::size_t closes = 0;
  for (std::size_t at = html->find("</script>"); at != std::string::npos; at = html->find("</script>", at + 1)) {
    ++closes;
  }
  EXPECT_EQ(closes, 4u) << "only the page's own script elements may close";
  for (const std::string& out :
       {*html, render_national_text(*report), render_national_json(*report), render_national_markdown(*report)}) {
    EXPECT_NE(out.find("SIGNATURES NOT CHECKED (a test caveat)"), std::string::npos) << out.substr(0, 200);
  }
  const auto tables = render_national_csv_tables(*report);
  ASSERT_FALSE(tables.empty());
  EXPECT_EQ(tables.front().name, "caveats.csv");
  EXPECT_NE(tables.front().text.find("SIGNATURES NOT CHECKED"), std::string::npos);
}

}  // namespace
}  // namespace kitwatch

namespace kitwatch {
namespace {

// --builds designated lists fewer builds, and the national evaluation load is the same.
TEST_F(NationalTest, DesignatedBuildsOnlyDiscloseLessAndLoadTheSame) {
  std::vector<ElementIndex> all(inputs_->store.size());
  for (ElementIndex e = 0; e < all.size(); ++e) all[e] = e;
  const OperatorReturn full = return_of("op0", all);
  const ElementStore part = ElementStore::subset(inputs_->store, all);
  const Resolution resolution = resolve(part, *inputs_->registry, *inputs_->macs, inputs_->as_of);
  ReturnOptions options;
  options.operator_id = "op0";
  options.rows_read = options.rows_accepted = all.size();
  options.registry_sources = inputs_->registry_sources;
  options.designated_builds_only = true;
  auto fewer = build_return(NetworkState{&part, inputs_->registry.get(), &resolution, inputs_->as_of, nullptr, nullptr},
                            nullptr, options);
  ASSERT_TRUE(fewer.ok()) << fewer.status().message();
  EXPECT_LT(fewer->builds.size(), full.builds.size());
  EXPECT_EQ(fewer->builds_of, "designated");
  auto read = read_return(*write_return(*fewer), "op0.return.json");
  ASSERT_TRUE(read.ok()) << read.status().message();
  EXPECT_EQ(read->builds_of, "designated");
  for (const std::vector<std::string>& lists : {std::vector<std::string>{}, {"uk-tsa-designated"}}) {
    auto a = merge_returns({full}, *inputs_->registry, options_for(lists));
    auto b = merge_returns({*read}, *inputs_->registry, options_for(lists));
    ASSERT_TRUE(a.ok() && b.ok());
    EXPECT_EQ(a->evaluation->report.total_load, b->evaluation->report.total_load);
  }
}

}  // namespace
}  // namespace kitwatch
