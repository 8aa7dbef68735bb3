// The engine's run entry point: what load() reads and refuses, what analyse() runs, and that every
// front end's figures come out of it the same way (threads, states, requests).
#include "run/run.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "test_support.h"

namespace kitwatch {
namespace {

using testing_support::source;

RunSpec small_spec() {
  RunSpec spec;
  spec.inventories = {source("examples/small/inventory.csv")};
  spec.as_of = Date::parse("2028-01-01");
  spec.links = source("examples/small/links.csv");
  spec.demands = source("examples/small/demands.csv");
  spec.policies = {"uk-huawei-dvd"};
  return spec;
}

std::unique_ptr<Inputs> load_ok(RunSpec spec) {
  auto inputs = load(std::move(spec));
  EXPECT_TRUE(inputs.ok()) << inputs.status().message();
  return inputs.ok() ? std::move(*inputs) : nullptr;
}

TEST(RunTest, HandCheckedCaseGivesTheHandComputedCounts) {
  // tests/cases/hand_checked/README.md works these out by hand: 10 elements, 4 designated
  // (3 Huawei, 1 ZTE), 2 unknown.
  RunSpec spec;
  spec.inventories = {source("tests/cases/hand_checked/inventory.csv")};
  spec.as_of = Date::parse("2024-01-01");
  auto inputs = load_ok(std::move(spec));
  ASSERT_NE(inputs, nullptr);
  EXPECT_EQ(inputs->ingest.rows_read, 10u);
  auto analysis = analyse(*inputs);
  ASSERT_TRUE(analysis.ok()) << analysis.status().message();
  ASSERT_TRUE(analysis->assess.has_value());
  EXPECT_DOUBLE_EQ(analysis->assess->total.total.count, 10);
  EXPECT_DOUBLE_EQ(analysis->assess->total.designated.count, 4);
  EXPECT_DOUBLE_EQ(analysis->assess->total.unknown.count, 2);
  // Nothing else was in the spec, so nothing else ran.
  EXPECT_FALSE(analysis->policy.has_value());
  EXPECT_EQ(analysis->topology, nullptr);
  EXPECT_FALSE(inputs->topology.has_value());
}

TEST(RunTest, StagesAreReportedInRunOrder) {
  std::vector<std::string> stages;
  RunSpec spec = small_spec();
  spec.stage_done = [&](const char* name) { stages.emplace_back(name); };
  auto inputs = load_ok(std::move(spec));
  ASSERT_NE(inputs, nullptr);
  ASSERT_TRUE(analyse(*inputs).ok());
  const std::vector<std::string> expected_start = {"read", "inputs", "resolve", "metrics", "policy"};
  ASSERT_GE(stages.size(), expected_start.size() + 1);
  EXPECT_EQ(std::vector<std::string>(stages.begin(), stages.begin() + 5), expected_start);
  EXPECT_EQ(stages.back(), "topology");
}

TEST(RunTest, AnalysesJoinAsTheirInputsArePresent) {
  auto inputs = load_ok(small_spec());
  ASSERT_NE(inputs, nullptr);
  auto analysis = analyse(*inputs);
  ASSERT_TRUE(analysis.ok()) << analysis.status().message();
  ASSERT_TRUE(analysis->policy.has_value());
  EXPECT_EQ(analysis->policy->packs.front().name, "uk-huawei-dvd");
  ASSERT_NE(analysis->topology, nullptr);
  EXPECT_TRUE(analysis->topology->has_exposure);
  // The rendered topology lists its inputs as the report does: links, then demands.
  ASSERT_TRUE(analysis->topology_results.has_value());
  ASSERT_EQ(analysis->topology_results->inputs.size(), 2u);
  EXPECT_EQ(analysis->topology_results->inputs[0].first, "links");
  EXPECT_EQ(analysis->topology_results->inputs[1].first, "demands");
  EXPECT_EQ(analysis->topology_results->inputs[0].second->rows_read, inputs->topology->reports[0].second.rows_read);

  // A request narrows what runs, whatever the inputs hold.
  auto policy_only = analyse(*inputs, AnalysisRequest{false, true, false, false, false, {}});
  ASSERT_TRUE(policy_only.ok());
  EXPECT_FALSE(policy_only->assess.has_value());
  EXPECT_TRUE(policy_only->policy.has_value());
  EXPECT_EQ(policy_only->topology, nullptr);
  EXPECT_EQ(policy_only->policy->failing(), analysis->policy->failing());
}

TEST(RunTest, ResultsDoNotDependOnTheThreadCount) {
  std::vector<Analysis> results;
  std::vector<std::unique_ptr<Inputs>> loaded;
  for (unsigned threads : {1u, 2u, 3u}) {
    RunSpec spec = small_spec();
    spec.threads = threads;
    spec.ingest.chunk_bytes = 16 << 10;  // so the 300 kB inventory goes through the parallel reader too
    loaded.push_back(load_ok(std::move(spec)));
    ASSERT_NE(loaded.back(), nullptr);
    auto analysis = analyse(*loaded.back());
    ASSERT_TRUE(analysis.ok());
    results.push_back(std::move(*analysis));
  }
  for (std::size_t i = 1; i < results.size(); ++i) {
    const Analysis &a = results[0], &b = results[i];
    EXPECT_EQ(loaded[0]->store.size(), loaded[i]->store.size());
    EXPECT_EQ(a.assess->total.designated.traffic, b.assess->total.designated.traffic);
    EXPECT_EQ(a.assess->concentration.hhi.count, b.assess->concentration.hhi.count);
    ASSERT_EQ(a.policy->results.size(), b.policy->results.size());
    for (std::size_t r = 0; r < a.policy->results.size(); ++r) {
      EXPECT_EQ(a.policy->results[r].measured, b.policy->results[r].measured);
    }
    EXPECT_EQ(a.topology->exposure.exposed_volume, b.topology->exposure.exposed_volume);
    EXPECT_EQ(a.topology->losses[0].cut_off_total.count, b.topology->losses[0].cut_off_total.count);
  }
}

TEST(RunTest, ProgressIsToldPerFileUpToItsSize) {
  RunSpec spec = small_spec();
  spec.threads = 2;
  spec.ingest.chunk_bytes = 16 << 10;
  std::string file;
  std::uint64_t last = 0, total = 0;
  spec.progress = [&](const std::string& f, std::uint64_t done, std::uint64_t of) {
    file = f;
    EXPECT_GE(done, last);  // monotonic
    last = done;
    total = of;
  };
  auto inputs = load_ok(std::move(spec));
  ASSERT_NE(inputs, nullptr);
  EXPECT_EQ(file, source("examples/small/inventory.csv"));
  EXPECT_GT(total, 0u);
  EXPECT_EQ(last, total);
  EXPECT_EQ(total, inputs->ingest.bytes);
}

TEST(RunTest, StateAnalysesLikeTheLoadedRun) {
  // What-if analyses states built outside load(); the loaded run's own state must give its figures.
  auto inputs = load_ok(small_spec());
  ASSERT_NE(inputs, nullptr);
  auto direct = analyse(*inputs);
  AnalysisOptions options;
  options.packs = &inputs->packs;
  auto via_state = analyse(inputs->state(), options);
  ASSERT_TRUE(direct.ok() && via_state.ok());
  EXPECT_EQ(direct->assess->total.designated.count, via_state->assess->total.designated.count);
  EXPECT_EQ(direct->policy->failing(), via_state->policy->failing());
  EXPECT_EQ(direct->topology->exposure.exposed_volume, via_state->topology->exposure.exposed_volume);
}

TEST(RunTest, TopologyDemoMakesTheNodesTheElements) {
  RunSpec spec;
  spec.graphml = source("tests/data/topology/Abilene.graphml");
  spec.attach.vendor_mix = "Huawei=1,Nokia=1";
  auto inputs = load_ok(std::move(spec));
  ASSERT_NE(inputs, nullptr);
  ASSERT_TRUE(inputs->topology.has_value());
  EXPECT_EQ(inputs->topology->reports.front().first, "nodes");
  EXPECT_EQ(inputs->store.size(), inputs->topology->reports.front().second.accepted);
  EXPECT_GT(inputs->store.size(), 0u);
  // No inventory file: the report's element input is the topology file.
  EXPECT_EQ(&inputs->elements_input(), &inputs->topology->reports.front().second);
  EXPECT_EQ(inputs->resolution.decision_of.size(), inputs->store.size());
}

TEST(RunTest, ContradictorySpecsAreRefusedBeforeAnythingIsRead) {
  const auto refused = [](RunSpec spec) {
    spec.inventories = {"/nonexistent/inventory.csv"};  // never reached: the spec fails first
    auto inputs = load(std::move(spec));
    EXPECT_FALSE(inputs.ok());
    return inputs.ok() ? std::string() : inputs.status().message();
  };
  RunSpec two_topologies;
  two_topologies.links = "links.csv";
  two_topologies.graphml = "net.graphml";
  EXPECT_NE(refused(two_topologies).find("at most one of"), std::string::npos);
  RunSpec demands_alone;
  demands_alone.demands = "demands.csv";
  EXPECT_NE(refused(demands_alone).find("--demands needs a topology"), std::string::npos);
  RunSpec bad_pack;
  bad_pack.policies = {"no-such-pack"};
  EXPECT_NE(refused(bad_pack).find("no-such-pack"), std::string::npos);
  RunSpec bad_db;
  bad_db.history_db = "/nonexistent/kitwatch.db";
  bad_db.history_required = true;
  EXPECT_NE(refused(bad_db).find("/nonexistent/kitwatch.db"), std::string::npos);
}

}  // namespace
}  // namespace kitwatch
