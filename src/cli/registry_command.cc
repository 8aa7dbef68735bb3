// kitwatch registry info|lists|show: what the reference registry holds, with sources.
#include <fmt/format.h>

#include <memory>

#include "cli/commands.h"
#include "cli/run_options.h"
#include "registry/mac_registry.h"
#include "registry/registry.h"

namespace kitwatch {

CommandRunner add_registry_command(CLI::App& app) {
  struct RegistryArgs {
    std::vector<std::string> overlays;
    std::string ieee_dir = kDefaultIeeeDir, entity, format = "text", as_of;
  };
  auto args = std::make_shared<RegistryArgs>();
  CLI::App* cmd = app.add_subcommand("registry", "What the reference registry holds: entities, lists, patterns");
  cmd->add_option("--registry", args->overlays, "Registry overlay YAML (repeatable)")->check(CLI::ExistingFile);
  cmd->add_option("--ieee-dir", args->ieee_dir, "Folder with the IEEE registry CSVs")->capture_default_str();
  cmd->require_subcommand(1);
  CLI::App* info = cmd->add_subcommand("info", "Version, date and counts of the registry and the IEEE MAC registry");
  CLI::App* lists = cmd->add_subcommand("lists", "Every designation list and its dated, sourced entries");
  CLI::App* show = cmd->add_subcommand("show", "One entity: aliases, parents, designations, patterns");
  show->add_option("entity", args->entity, "Entity id or exact alias, e.g. huawei")->required();
  show->add_option("--format", args->format, "Output format (json: with each designation's state at --as-of)")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
  show->add_option("--as-of", args->as_of,
                   "With --format json: the date designations and control are taken at (default today)");
  return [args, info, lists, show]() -> Status {
    auto reg = Registry::builtin(args->overlays);
    if (!reg.ok()) return reg.status();
    Result<std::string> out = std::string();
    if (show->parsed() && args->format == "json") {
      const std::optional<Date> as_of = args->as_of.empty() ? system_clock().today() : Date::parse(args->as_of);
      if (!as_of) return Status::usage(fmt::format("--as-of '{}': expected a real date, YYYY-MM-DD", args->as_of));
      auto json = describe_entity_json(*reg, args->entity, *as_of);
      if (!json.ok()) return json.status();
      fmt::print("{}\n", *json);
      return Status();
    }
    if (info->parsed()) {
      auto macs = MacRegistry::load(args->ieee_dir);
      if (!macs.ok()) return macs.status();
      out = describe_registry(*reg, *macs);
    }
    if (lists->parsed()) out = describe_lists(*reg);
    if (show->parsed()) out = describe_entity(*reg, args->entity);
    if (!out.ok()) return out.status();
    print_for_people(stdout, *out);
    return Status();
  };
}

}  // namespace kitwatch
