// The registry for people (kitwatch registry info|lists|show), every fact with its source.
#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "registry/mac_registry.h"
#include "registry/registry.h"

namespace kitwatch {

std::string describe_registry(const Registry& reg, const MacRegistry& macs) {
  std::size_t entries = 0, unverified = 0;
  for (const auto& list : reg.lists()) {
    entries += list.entries.size();
    for (const auto& d : list.entries) unverified += !d.verified;
  }
  std::string out = fmt::format("kitwatch registry {} ({})\n", reg.version(), reg.date());
  for (const auto& origin : reg.origins()) out += fmt::format("  from {}\n", origin);
  out += fmt::format("  {} entities, {} designation lists with {} entries ({} unverified), {} model patterns\n",
                     reg.entities().size(), reg.lists().size(), entries, unverified, reg.patterns().size());
  if (macs.available()) {
    out +=
        fmt::format("  IEEE MAC registry: {} assignments, {} organisations, data of {} (from {})\n", macs.assignments(),
                    macs.organisations() - 1, macs.date().empty() ? "unknown date" : macs.date(), macs.dir());
  } else {
    out += fmt::format("  IEEE MAC registry: not found in {} (install ieee-data): MAC evidence is off\n", macs.dir());
  }
  return out;
}

std::string describe_lists(const Registry& reg) {
  std::string out;
  for (const auto& list : reg.lists()) {
    out += fmt::format("{} ({}, {}): {}\n", list.id, list.jurisdiction, list.authority, list.title);
    for (const auto& d : list.entries) {
      out +=
          fmt::format("  {:<18} {} → {}  {}{}\n", reg.entity(d.entity).id, d.added.to_string(),
                      d.removed ? d.removed->to_string() : "     -    ", d.source, d.verified ? "" : " [unverified]");
    }
  }
  return out;
}

namespace {

// By id, else by any alias or name as a declared vendor string would match it exactly ("ZTE",
// "Huawei Technologies Co., Ltd.").
Result<EntityIndex> find_described(const Registry& reg, const std::string& id) {
  std::optional<EntityIndex> found = reg.find_entity(id);
  if (!found) {
    const auto match = reg.match_name(id);
    if (match && match->kind == NameMatch::Kind::kExact) found = match->entity;
  }
  if (!found) return Status::usage(fmt::format("no entity '{}' in the registry (see kitwatch registry lists)", id));
  return *found;
}

nlohmann::ordered_json optional_date(const std::optional<Date>& d) {
  return d ? nlohmann::ordered_json(d->to_string()) : nlohmann::ordered_json();
}

}  // namespace

Result<std::string> describe_entity_json(const Registry& reg, const std::string& id, Date as_of) {
  auto found = find_described(reg, id);
  if (!found.ok()) return found.status();
  const Entity& e = reg.entity(*found);
  nlohmann::ordered_json parents = nlohmann::ordered_json::array();
  for (const ParentLink& p : e.parents) {
    parents.push_back({{"parent", reg.entity(p.parent).id},
                       {"share", p.share > 0 ? nlohmann::ordered_json(p.share) : nlohmann::ordered_json()},
                       {"controls", p.controls()},
                       {"from", optional_date(p.from)},
                       {"to", optional_date(p.to)},
                       {"source", p.source}});
  }
  nlohmann::ordered_json chain = nlohmann::ordered_json::array();
  for (EntityIndex c : reg.control_chain(*found, as_of)) chain.push_back(reg.entity(c).id);
  nlohmann::ordered_json designations = nlohmann::ordered_json::array();
  for (const auto& list : reg.lists()) {
    for (const auto& d : list.entries) {
      if (d.entity != *found) continue;
      designations.push_back({{"list", list.id},
                              {"added", d.added.to_string()},
                              {"removed", optional_date(d.removed)},
                              {"active", d.active_on(as_of)},
                              {"verified", d.verified},
                              {"source", d.source},
                              {"note", d.note}});
    }
  }
  nlohmann::ordered_json patterns = nlohmann::ordered_json::array();
  for (const auto& p : reg.patterns()) {
    if (p.entity == *found) {
      patterns.push_back({{"match", p.match},
                          {"family", p.family},
                          {"function", p.function},
                          {"verified", p.verified},
                          {"source", p.source}});
    }
  }
  const nlohmann::ordered_json out = {{"id", e.id},
                                      {"name", e.name},
                                      {"kind", e.kind},
                                      {"country", e.country},
                                      {"source", e.source},
                                      {"aliases", e.aliases},
                                      {"parents", std::move(parents)},
                                      {"as_of", as_of.to_string()},
                                      {"control_chain", std::move(chain)},
                                      {"designations", std::move(designations)},
                                      {"patterns", std::move(patterns)}};
  return out.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

std::string describe_registry_json(const Registry& reg, Date as_of) {
  nlohmann::ordered_json lists = nlohmann::ordered_json::array();
  for (const auto& list : reg.lists()) {
    std::size_t active = 0, unverified = 0;
    for (const auto& d : list.entries) {
      active += d.active_on(as_of) ? 1 : 0;
      unverified += d.verified ? 0 : 1;
    }
    lists.push_back({{"id", list.id},
                     {"title", list.title},
                     {"authority", list.authority},
                     {"jurisdiction", list.jurisdiction},
                     {"entries", list.entries.size()},
                     {"active", active},
                     {"unverified", unverified}});
  }
  const nlohmann::ordered_json out = {{"version", reg.version()},          {"date", reg.date()},
                                      {"origins", reg.origins()},          {"as_of", as_of.to_string()},
                                      {"entities", reg.entities().size()}, {"patterns", reg.patterns().size()},
                                      {"lists", std::move(lists)}};
  return out.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

Result<std::string> describe_entity(const Registry& reg, const std::string& id) {
  auto found = find_described(reg, id);
  if (!found.ok()) return found.status();
  const Entity& e = reg.entity(*found);
  std::string out = fmt::format("{} — {} ({}, {})\n  source: {}\n", e.id, e.name, e.kind, e.country, e.source);
  std::string aliases;
  for (const auto& a : e.aliases) aliases += fmt::format("{}{}", aliases.empty() ? "" : "; ", a);
  out += fmt::format("  aliases: {}\n", aliases.empty() ? "-" : aliases);
  for (const ParentLink& p : e.parents) {
    out +=
        fmt::format("  parent: {}{}{}{}{} ({})\n", reg.entity(p.parent).id,
                    p.share > 0 ? fmt::format(", {:.2f}%", p.share * 100) : "", p.controls() ? ", controls" : "",
                    p.from ? ", from " + p.from->to_string() : "", p.to ? ", to " + p.to->to_string() : "", p.source);
  }
  for (const auto& list : reg.lists()) {
    for (const auto& d : list.entries) {
      if (d.entity != *found) continue;
      out += fmt::format("  designated: {} from {}{} ({}){}\n", list.id, d.added.to_string(),
                         d.removed ? " to " + d.removed->to_string() : "", d.source, d.verified ? "" : " [unverified]");
    }
  }
  for (const auto& p : reg.patterns()) {
    if (p.entity == *found) out += fmt::format("  pattern: {} → {} ({})\n", p.match, p.family, p.function);
  }
  return out;
}

}  // namespace kitwatch
