// The national front ends' runs on the engine: an operator's return from a RunSpec, and a national
// run's inputs (returns, signatures, registry, capacity model) from a NationalSpec. The CLI and the
// server call these; they only translate arguments and render.
#include <fmt/format.h>

#include <future>

#include "national/national.h"

namespace kitwatch {

Result<OperatorReturn> run_return(RunSpec spec, ReturnOptions options) {
  if (Status s = check_operator_id(options.operator_id); !s.ok()) return s;
  if (!spec.as_of) return Status::usage("a return states the date it is as of: give one (--as-of)");
  // The input files' digests are taken beside the read (SHA-256 runs at about the read's speed on
  // one core); digest_inputs skips anything that is not a regular file, so it cannot block.
  auto digesting = std::async(std::launch::async, [files = spec] { return digest_inputs(files); });
  auto inputs = load(std::move(spec));
  if (!inputs.ok()) return inputs.status();
  AnalysisRequest what;
  what.assess = false;
  what.capacity = false;
  auto analysis = analyse(**inputs, what);
  if (!analysis.ok()) return analysis.status();
  auto digests = digesting.get();
  if (!digests.ok()) return digests.status();
  if ((*inputs)->spec.stage_done) (*inputs)->spec.stage_done("digest");
  const IngestReport& ingest = (*inputs)->elements_input();
  options.inputs = std::move(*digests);
  options.rows_read = ingest.rows_read;
  options.rows_accepted = ingest.accepted;
  options.rows_rejected = ingest.rejected;
  options.registry_sources = (*inputs)->registry_sources;
  if (options.lists.empty()) options.lists = (*inputs)->spec.lists;
  return build_return((*inputs)->state(), &*analysis, options);
}

Result<NationalInputs> load_national(const NationalSpec& spec) {
  NationalInputs in;
  for (const std::string& path : spec.returns) {
    auto r = read_return_file(path, spec.max_file_bytes);
    if (!r.ok()) return r.status();
    in.returns.push_back(std::move(*r));
  }
  in.options.lists = spec.lists;
  in.options.allow_mixed = spec.allow_mixed;
  if (Status s = check_signatures(in.returns, spec.trust, in.options.caveats); !s.ok()) return s;
  auto sources = Registry::builtin_sources(spec.registry_overlays, spec.max_file_bytes);
  if (!sources.ok()) return sources.status();
  auto registry = Registry::load(*sources);
  if (!registry.ok()) return registry.status();
  in.registry = std::make_unique<Registry>(std::move(*registry));
  in.options.registry_sha256 = registry_digest(*sources);
  in.registry_sources = std::move(*sources);
  if (!spec.capacity.empty()) {
    auto packs = load_policy_packs({spec.capacity}, spec.max_file_bytes);
    if (!packs.ok()) return packs.status();
    const Pack* pack = evaluation_pack(*packs);
    if (pack == nullptr) {
      return Status::usage(fmt::format("{}: the pack has no evaluation: section (docs/evaluation.md)", spec.capacity));
    }
    in.options.evaluation = pack->evaluation;
    in.options.evaluation_pack = pack->name;
  }
  return in;
}

}  // namespace kitwatch
