// The routes of returns and the national picture: an operator's signed return, the latest returns,
// their merge and the national what-if.
#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <optional>
#include <variant>

#include "base/crypto.h"
#include "base/output_file.h"
#include "national/national.h"
#include "policy/policy.h"
#include "server/routes_internal.h"
#include "whatif/whatif.h"

namespace kitwatch::server {

Reply upload_return(Context& ctx, Call& call) {
  const std::string op = call.params["op"];
  auto ret = read_return(call.body, "upload");
  if (!ret.ok()) return status_reply(ret.status());
  if (ret->operator_id != op) {
    return error_reply(422, "invalid", fmt::format("the return is operator '{}'s, not '{}'s", ret->operator_id, op));
  }
  const std::string key = ctx.store->operator_key(op);
  if (key.empty()) {
    return error_reply(422, "invalid",
                       "no public key is registered for this operator: the server's admin registers it "
                       "(PUT /api/v1/operators/{op}/key) before returns are accepted");
  }
  if (!signature_valid(*ret, key)) {
    return error_reply(422, "invalid", "the return's signature does not verify against the operator's registered key");
  }
  const std::filesystem::path dir = std::filesystem::path(ctx.files_dir) / "returns" / op;
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  const std::string file = (dir / (crypto::random_hex(8) + ".return.json")).string();
  if (Status s = write_file(file, call.body); !s.ok()) return status_reply(s);
  const std::string digest = crypto::sha256_hex(call.body);
  auto id = ctx.store->add_return(op, ret->as_of.to_string(), digest, true, file, call.user->name);
  if (!id.ok()) return status_reply(id.status());
  call.audit_detail = fmt::format("return {} as of {} (sha256 {})", *id, ret->as_of.to_string(), digest);
  return json_reply({{"return", *id}, {"operator", op}, {"as_of", ret->as_of.to_string()}, {"sha256", digest}}, 201);
}

Reply list_returns(Context& ctx, Call&) {
  auto rows = ctx.store->latest_returns();
  if (!rows.ok()) return status_reply(rows.status());
  for (Json& r : *rows) r.erase("file");  // where the server keeps it is its own business
  return json_reply(*rows);
}

namespace {

// The national run's inputs: each operator's latest return, checked against the key it was
// accepted with (written where `kitwatch national --trust DIR` reads keys), the server's registry
// overlays, and the capacity model (the server's, or a shipped pack's named by ?capacity=).
// nullopt when no operator has sent a return yet.
Result<std::optional<NationalInputs>> load_latest_returns(Context& ctx, const Call& call) {
  auto latest = ctx.store->latest_returns();
  if (!latest.ok()) return latest.status();
  if (latest->empty()) return std::optional<NationalInputs>();
  const std::filesystem::path trust = std::filesystem::path(ctx.files_dir) / "keys";
  std::error_code ec;
  std::filesystem::create_directories(trust, ec);
  NationalSpec spec;
  for (const Json& r : *latest) {
    const std::string op = r["operator"].get<std::string>();
    if (Status s = write_file((trust / (op + ".pub")).string(), ctx.store->operator_key(op) + "\n"); !s.ok()) return s;
    spec.returns.push_back(r["file"].get<std::string>());
  }
  spec.trust.trust_dir = trust.string();
  spec.allow_mixed = call.query_value("allow_mixed") == "true";
  spec.registry_overlays = ctx.options.registry_overlays;
  spec.capacity = call.query_value("capacity", ctx.options.capacity);
  if (spec.capacity != ctx.options.capacity) {
    auto shipped = shipped_packs();
    if (!shipped.ok()) return shipped.status();
    if (std::none_of(shipped->begin(), shipped->end(), [&](const Pack& p) { return p.name == spec.capacity; })) {
      return Status::usage("capacity: a shipped pack's name");
    }
  }
  auto inputs = load_national(spec);
  if (!inputs.ok()) return inputs.status();
  return std::optional<NationalInputs>(std::move(*inputs));
}

// load_latest_returns, or nullopt and the refusal: 409 when there are none yet (a state the
// regulator waits out, not a bad request), the engine's error when they cannot be read.
std::optional<NationalInputs> national_inputs(Context& ctx, const Call& call, Reply& refusal) {
  auto loaded = load_latest_returns(ctx, call);
  if (!loaded.ok()) {
    refusal = status_reply(loaded.status());
    return std::nullopt;
  }
  if (!*loaded) refusal = error_reply(409, "not_ready", "no operator has sent a return yet");
  return std::move(*loaded);
}

}  // namespace

Reply national(Context& ctx, Call& call) {
  const std::string format = call.query_value("format", "json");
  if (format != "json" && format != "text" && format != "md" && format != "html") {
    return error_reply(400, "bad_request", "format: json, text, md or html");
  }
  Reply refusal;
  auto inputs = national_inputs(ctx, call, refusal);
  if (!inputs) return refusal;
  auto report = merge_returns(inputs->returns, *inputs->registry, inputs->options);
  if (!report.ok()) return status_reply(report.status());
  auto text = render_national(*report, format);
  if (!text.ok()) return status_reply(text.status());
  Reply r;
  r.body = std::move(*text);
  r.content_type = format == "json"   ? "application/json"
                   : format == "html" ? "text/html; charset=utf-8"
                   : format == "md"   ? "text/markdown; charset=utf-8"
                                      : "text/plain; charset=utf-8";
  return r;
}

// The national what-if (docs/national.md): a scenario at return level (add, remove, designate) on
// the latest returns, every national metric before and after, as `kitwatch national --scenario
// --format json` prints it. Nothing is stored.
Reply national_whatif_route(Context& ctx, Call& call) {
  auto scenario = parse_national_scenario(call.body, "scenario");
  if (!scenario.ok()) return status_reply(scenario.status());
  for (const NationalStep& step : scenario->steps) {
    const auto* add = std::get_if<NationalAdd>(&step.operation);
    if (add != nullptr && add->count > kMaxAddedPerOperation) {
      return error_reply(400, "bad_request",
                         fmt::format("{}: count: at most {} elements per add over the API", step.where.to_string(),
                                     kMaxAddedPerOperation));
    }
  }
  call.audit_detail = fmt::format("national what-if '{}' ({} operations)", scenario->name, scenario->steps.size());
  Reply refusal;
  auto inputs = national_inputs(ctx, call, refusal);
  if (!inputs) return refusal;
  auto whatif = national_whatif(inputs->returns, inputs->registry_sources, inputs->options, *scenario);
  if (!whatif.ok()) return status_reply(whatif.status());
  Reply r;
  r.body = render_comparison_json(whatif->comparison);
  return r;
}

}  // namespace kitwatch::server
