// One entry point for every topology analysis, shared by `kitwatch topo` and `kitwatch assess`.
#include "topology/topology.h"

namespace kitwatch {

Result<std::unique_ptr<TopologyRun>> analyse_topology(const ElementStore& store, const Registry& registry,
                                                      const Resolution& resolution, const LinkTable& links,
                                                      const DemandTable& demands, const TopologyRunOptions& options) {
  auto stage = [&](const char* name) {
    if (options.stage) options.stage(name);
  };
  auto run = std::make_unique<TopologyRun>();
  run->graph = build_topology(store, links, demands);
  stage("graph");
  auto groups = designation_groups(store, registry, resolution, options.lists, options.as_of);
  if (!groups.ok()) return groups.status();
  std::vector<std::uint8_t> designated(store.size());
  for (std::size_t e = 0; e < designated.size(); ++e) designated[e] = groups->mask[e] & 1u;
  stage("groups");
  if (demands.size() > 0) {
    run->exposure = analyse_exposure(run->graph, demands, *groups, ExposureOptions{options.threads});
    run->has_exposure = true;
    stage("exposure");
  }
  run->losses.push_back(analyse_loss(run->graph, demands, designated, "designated"));
  for (const std::string& spec : options.lose) {
    auto removed = loss_scenario(store, registry, resolution, spec, options.as_of);
    if (!removed.ok()) return removed.status();
    run->losses.push_back(analyse_loss(run->graph, demands, *removed, spec));
  }
  stage("loss");
  run->articulation = analyse_articulation(run->graph, demands, designated);
  stage("articulation");
  return run;
}

TopologyResults topology_results(const TopologyRun& run, const ElementStore& store, const Registry& registry,
                                 const Resolution& resolution, const DemandTable& demands) {
  TopologyResults results;
  results.store = &store;
  results.registry = &registry;
  results.resolution = &resolution;
  results.demands = &demands;
  results.graph = &run.graph;
  results.exposure = run.has_exposure ? &run.exposure : nullptr;
  results.losses = run.losses;
  results.articulation = &run.articulation;
  return results;
}

}  // namespace kitwatch
