// The reference routes: the shipped policy packs and the registry (entities at a date, matching a
// vendor or model string).
#include <string>

#include "base/date.h"
#include "policy/policy.h"
#include "server/routes_internal.h"

namespace kitwatch::server {

Reply list_policies(Context&, Call&) {
  auto packs = shipped_packs();
  if (!packs.ok()) return status_reply(packs.status());
  Json out = Json::array();
  for (const Pack& p : *packs) {
    out.push_back({{"name", p.name},
                   {"title", p.title},
                   {"jurisdiction", p.jurisdiction},
                   {"rules", p.rules.size()},
                   {"evaluation", p.evaluation.has_value()}});
  }
  return json_reply(out);
}

Reply get_policy(Context&, Call& call) {
  auto packs = shipped_packs();
  if (!packs.ok()) return status_reply(packs.status());
  for (const Pack& p : *packs) {
    if (p.name == call.params["name"]) return json_reply(pack_json(p));
  }
  return error_reply(404, "not_found", "no shipped pack of that name: see /api/v1/policies");
}

namespace {

// as_of from the query (default today), or the reply refusing it.
std::optional<Date> query_date(const Call& call, Reply& refusal) {
  const std::string text = call.query_value("as_of", system_clock().today().to_string());
  const auto date = Date::parse(text);
  if (!date) refusal = error_reply(400, "bad_request", "as_of: a real date, YYYY-MM-DD");
  return date;
}

}  // namespace

Reply get_registry(Context& ctx, Call& call) {
  Reply refusal;
  const auto as_of = query_date(call, refusal);
  if (!as_of) return refusal;
  auto registry = ctx.registry();
  if (!registry.ok()) return status_reply(registry.status());
  Reply r;
  r.body = describe_registry_json(**registry, *as_of);
  return r;
}

Reply get_entity(Context& ctx, Call& call) {
  Reply refusal;
  const auto as_of = query_date(call, refusal);
  if (!as_of) return refusal;
  auto registry = ctx.registry();
  if (!registry.ok()) return status_reply(registry.status());
  auto text = describe_entity_json(**registry, call.params["entity"], *as_of);
  if (!text.ok()) return error_reply(404, "not_found", text.status().message());
  Reply r;
  r.body = std::move(*text);
  return r;
}

// Who made a declared vendor or model string, as the resolver's name and model rules see it.
Reply match_registry(Context& ctx, Call& call) {
  const std::string vendor = call.query_value("vendor"), model = call.query_value("model");
  if (vendor.empty() && model.empty()) return error_reply(400, "bad_request", "give vendor, model or both");
  auto registry = ctx.registry();
  if (!registry.ok()) return status_reply(registry.status());
  const Registry& reg = **registry;
  Json out = {{"vendor", vendor}, {"model", model}, {"by_vendor", nullptr}, {"by_model", nullptr}};
  if (!vendor.empty()) {
    if (const auto m = reg.match_name_fuzzy(vendor, 0.92)) {
      static constexpr const char* kKinds[] = {"exact", "leading words", "fuzzy"};
      out["by_vendor"] = {{"entity", reg.entity(m->entity).id},
                          {"match", kKinds[static_cast<int>(m->kind)]},
                          {"alias", m->alias},
                          {"similarity", m->similarity}};
    }
  }
  if (!model.empty()) {
    if (const ModelPattern* p = reg.match_model(model)) {
      out["by_model"] = {{"entity", reg.entity(p->entity).id},
                         {"pattern", p->match},
                         {"family", p->family},
                         {"verified", p->verified},
                         {"source", p->source}};
    }
  }
  return json_reply(out);
}

}  // namespace kitwatch::server
