// The registry for people (kitwatch registry info|lists|show), every fact with its source.
#include <fmt/format.h>

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

Result<std::string> describe_entity(const Registry& reg, const std::string& id) {
  // By id, else by any alias or name as a declared vendor string would match it exactly ("ZTE",
  // "Huawei Technologies Co., Ltd.").
  std::optional<EntityIndex> found = reg.find_entity(id);
  if (!found) {
    const auto match = reg.match_name(id);
    if (match && match->kind == NameMatch::Kind::kExact) found = match->entity;
  }
  if (!found) return Status::usage(fmt::format("no entity '{}' in the registry (see kitwatch registry lists)", id));
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
