// kitwatch registry info|lists|show: what the reference registry holds, with sources.
#include <fmt/format.h>

#include "cli/commands.h"
#include "registry/mac_registry.h"
#include "registry/registry.h"

namespace kitwatch {
namespace {

struct RegistryArgs {
  std::vector<std::string> overlays;
  std::string ieee_dir = kDefaultIeeeDir, entity;
};

std::string info(const Registry& reg, const MacRegistry& macs) {
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

std::string lists(const Registry& reg) {
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

Result<std::string> show(const Registry& reg, const std::string& id) {
  const auto found = reg.find_entity(id);
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

}  // namespace

CommandRunner add_registry_command(CLI::App& app) {
  auto args = std::make_shared<RegistryArgs>();
  auto which = std::make_shared<std::string>();
  CLI::App* cmd = app.add_subcommand("registry", "What the reference registry holds: entities, lists, patterns");
  cmd->add_option("--registry", args->overlays, "Registry overlay YAML (repeatable)")->check(CLI::ExistingFile);
  cmd->add_option("--ieee-dir", args->ieee_dir, "Folder with the IEEE registry CSVs")->capture_default_str();
  cmd->require_subcommand(1);
  CLI::App* info_cmd =
      cmd->add_subcommand("info", "Version, date and counts of the registry and the IEEE MAC registry");
  CLI::App* lists_cmd = cmd->add_subcommand("lists", "Every designation list and its dated, sourced entries");
  CLI::App* show_cmd = cmd->add_subcommand("show", "One entity: aliases, parents, designations, patterns");
  show_cmd->add_option("entity", args->entity, "Entity id, e.g. huawei")->required();
  return [args, info_cmd, lists_cmd, show_cmd]() -> Status {
    auto reg = Registry::builtin(args->overlays);
    if (!reg.ok()) return reg.status();
    std::string out;
    if (info_cmd->parsed()) {
      auto macs = MacRegistry::load(args->ieee_dir);
      if (!macs.ok()) return macs.status();
      out = info(*reg, *macs);
    } else if (lists_cmd->parsed()) {
      out = lists(*reg);
    } else if (show_cmd->parsed()) {
      auto shown = show(*reg, args->entity);
      if (!shown.ok()) return shown.status();
      out = *shown;
    }
    fmt::print("{}", out);
    return Status();
  };
}

}  // namespace kitwatch
