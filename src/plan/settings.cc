// The planner's settings file (docs/plan.md "Settings"): costs, replacements, budget, crews,
// blackouts and end-of-life dates, read strictly over illustrative defaults.
#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>

#include "base/read_file.h"
#include "base/yaml_reader.h"
#include "plan/plan.h"

namespace kitwatch {
namespace {

// Illustrative figures, in the settings' currency, per element replaced. They are of the order of
// the FCC programme's demand (about $5.6bn for about 24,000 units at 8,400 locations, DA 22-131,
// ../shared/facts §5: about $230,000 a unit with its share of the site work), not prices of any
// vendor; every output that uses them says so.
constexpr std::array<double, kFunctionCount> kDefaultEquipment = {250'000, 60'000, 40'000, 15'000,
                                                                  35'000,  250,    20'000, 5'000};
constexpr std::array<double, kFunctionCount> kDefaultLabour = {25'000, 6'000, 4'000, 1'500, 5'000, 100, 2'000, 500};
constexpr double kDefaultSiteVisit = 1'500;
constexpr double kMaxMoney = 1e15;
constexpr double kMaxLeadDays = 36'500;

// Reads a per-function table; says whether every function was given.
Status read_by_function(const YamlReader& yaml, const YAML::Node& node, std::string_view what,
                        std::array<double, kFunctionCount>& out, bool& all_given) {
  std::vector<std::string_view> keys(kFunctionNames.begin(), kFunctionNames.end());
  if (Status s = yaml.check_keys(node, keys, what); !s.ok()) return s;
  all_given = true;
  for (std::size_t f = 0; f < kFunctionCount; ++f) {
    all_given = all_given && node[std::string(kFunctionNames[f])];
    if (Status s = yaml.number(node, kFunctionNames[f], kMaxMoney, out[f], false); !s.ok()) return s;
  }
  return Status();
}

Status read_replacement(const YamlReader& yaml, const YAML::Node& node, Replacement& out) {
  if (Status s = yaml.check_keys(node, {"vendor", "model", "lead_days"}, "a replacement"); !s.ok()) return s;
  if (Status s = yaml.text(node, "vendor", out.vendor, true); !s.ok()) return s;
  if (out.vendor.empty()) return yaml.error(node, "a replacement needs a vendor");
  if (Status s = yaml.text(node, "model", out.model, false); !s.ok()) return s;
  double lead = out.lead_days;
  if (Status s = yaml.number(node, "lead_days", kMaxLeadDays, lead, false); !s.ok()) return s;
  if (lead != static_cast<double>(static_cast<std::int32_t>(lead))) {
    return yaml.error(node["lead_days"], "'lead_days' must be a whole number of days");
  }
  out.lead_days = static_cast<std::int32_t>(lead);
  return Status();
}

Status read_settings(const YamlReader& yaml, const YAML::Node& root, PlanSettings& out) {
  if (Status s = yaml.check_keys(root,
                                 {"currency", "source", "costs", "replacements", "budget", "crews", "region_crews",
                                  "blackouts", "end_of_life"},
                                 "plan settings");
      !s.ok()) {
    return s;
  }
  if (Status s = yaml.text(root, "currency", out.currency, false); !s.ok()) return s;
  bool equipment = false, labour = false, replacements = false;
  if (const YAML::Node costs = root["costs"]) {
    if (Status s = yaml.check_keys(costs, {"site_visit", "equipment", "labour"}, "costs"); !s.ok()) return s;
    if (Status s = yaml.number(costs, "site_visit", kMaxMoney, out.site_visit, false); !s.ok()) return s;
    if (const YAML::Node n = costs["equipment"]) {
      if (Status s = read_by_function(yaml, n, "costs.equipment", out.equipment, equipment); !s.ok()) return s;
    }
    if (const YAML::Node n = costs["labour"]) {
      if (Status s = read_by_function(yaml, n, "costs.labour", out.labour, labour); !s.ok()) return s;
    }
  }
  if (const YAML::Node node = root["replacements"]) {
    std::vector<std::string_view> keys(kFunctionNames.begin(), kFunctionNames.end());
    keys.push_back("default");
    if (Status s = yaml.check_keys(node, keys, "replacements"); !s.ok()) return s;
    replacements = static_cast<bool>(node["default"]);
    if (const YAML::Node d = node["default"]) {
      Replacement r;
      if (Status s = read_replacement(yaml, d, r); !s.ok()) return s;
      out.replacement.fill(r);
    }
    bool every_function = true;
    for (std::size_t f = 0; f < kFunctionCount; ++f) {
      if (const YAML::Node n = node[std::string(kFunctionNames[f])]) {
        if (Status s = read_replacement(yaml, n, out.replacement[f]); !s.ok()) return s;
      } else {
        every_function = false;
      }
    }
    replacements = replacements || every_function;
  }
  if (const YAML::Node node = root["budget"]) {
    out.budget.clear();
    if (node.IsSequence()) {
      for (std::size_t i = 0; i < node.size(); ++i) {
        if (!node[i].IsScalar()) return yaml.error(node[i], "each budget must be a number");
        char* end = nullptr;
        const double v = std::strtod(node[i].Scalar().c_str(), &end);
        if (node[i].Scalar().empty() || *end != '\0' || !(v >= 0 && v <= kMaxMoney)) {
          return yaml.error(node[i], fmt::format("each budget must be a number from 0 to {:g}", kMaxMoney));
        }
        out.budget.push_back(v);
      }
      if (out.budget.empty()) return yaml.error(node, "'budget' lists no amount");
    } else {
      double v = 0;
      if (Status s = yaml.number(root, "budget", kMaxMoney, v, true); !s.ok()) return s;
      out.budget.push_back(v);
    }
  }
  if (root["crews"]) {
    double crews = 0;
    if (Status s = yaml.number(root, "crews", 1e9, crews, true); !s.ok()) return s;
    out.crews = crews;
  }
  if (Status s = yaml.text(root, "source", out.source, false); !s.ok()) return s;
  if (const YAML::Node node = root["region_crews"]) {
    if (!node.IsMap()) return yaml.error(node, "'region_crews' must map region names to site visits per period");
    for (const auto& item : node) {
      double v = 0;
      if (Status s = yaml.number(node, item.first.Scalar(), 1e9, v, true); !s.ok()) return s;
      out.region_crews[item.first.Scalar()] = v;
    }
  }
  if (const YAML::Node node = root["blackouts"]) {
    if (!node.IsSequence()) return yaml.error(node, "'blackouts' must be a list of {from, until}");
    for (const YAML::Node& b : node) {
      if (Status s = yaml.check_keys(b, {"from", "until"}, "a blackout"); !s.ok()) return s;
      std::optional<Date> from, until;
      if (Status s = yaml.date(b, "from", from, true); !s.ok()) return s;
      if (Status s = yaml.date(b, "until", until, true); !s.ok()) return s;
      if (*until < *from) return yaml.error(b, "a blackout's 'until' comes before its 'from'");
      out.blackouts.emplace_back(*from, *until);
    }
  }
  if (const YAML::Node node = root["end_of_life"]) {
    if (!node.IsMap()) return yaml.error(node, "'end_of_life' must map model names to dates");
    for (const auto& item : node) {
      std::optional<Date> d;
      if (Status s = yaml.date(node, item.first.Scalar(), d, true); !s.ok()) return s;
      out.end_of_life[item.first.Scalar()] = *d;
    }
  }
  // Only the defaults still in use stay named as assumptions.
  std::erase_if(out.assumptions, [&](const std::string& a) {
    return (equipment && labour && a.starts_with("Equipment and labour")) ||
           (replacements && a.starts_with("Every function's replacement")) ||
           (root["costs"] && root["costs"]["site_visit"] && a.starts_with("A site visit"));
  });
  return Status();
}

}  // namespace

std::string_view plan_objective_name(PlanObjective objective) {
  switch (objective) {
    case PlanObjective::kExposure:
      return "exposure";
    case PlanObjective::kFinish:
      return "finish";
    default:
      return "cost";
  }
}

std::optional<PlanObjective> parse_plan_objective(std::string_view text) {
  if (text == "cost") return PlanObjective::kCost;
  if (text == "exposure") return PlanObjective::kExposure;
  if (text == "finish") return PlanObjective::kFinish;
  return std::nullopt;
}

std::string_view period_length_name(PeriodLength length) {
  switch (length) {
    case PeriodLength::kMonth:
      return "monthly";
    case PeriodLength::kHalfYear:
      return "half-yearly";
    case PeriodLength::kYear:
      return "yearly";
    default:
      return "quarterly";
  }
}

std::optional<PeriodLength> parse_period_length(std::string_view text) {
  for (PeriodLength p : {PeriodLength::kMonth, PeriodLength::kQuarter, PeriodLength::kHalfYear, PeriodLength::kYear}) {
    if (text == period_length_name(p)) return p;
  }
  return std::nullopt;
}

PlanSettings default_plan_settings() {
  PlanSettings s;
  s.equipment = kDefaultEquipment;
  s.labour = kDefaultLabour;
  s.site_visit = kDefaultSiteVisit;
  s.replacement.fill(Replacement{"Nokia", "replacement", 0});
  s.assumptions = {
      "Equipment and labour costs per element are kitwatch's illustrative defaults (of the order of the FCC "
      "programme's demand per unit, DA 22-131), not prices: give costs in a settings file (docs/plan.md)",
      "A site visit costs 1,500 (illustrative default)",
      "Every function's replacement is Nokia equipment available at once (illustrative default, not advice)",
  };
  return s;
}

Result<PlanSettings> parse_plan_settings(std::string_view text, const std::string& name) {
  const YamlReader yaml(name);
  auto loaded = yaml.load(std::string(text));
  if (!loaded.ok()) return loaded.status();
  const YAML::Node root = *loaded;
  PlanSettings out = default_plan_settings();
  out.file = name;
  if (root.IsNull()) return out;
  try {
    if (Status s = read_settings(yaml, root, out); !s.ok()) return s;
  } catch (const YAML::Exception& e) {
    return Status::input(yaml.location(e.mark.line, e.mark.column), "invalid plan settings: " + e.msg);
  }
  return out;
}

Result<PlanSettings> load_plan_settings(const std::string& path, std::uint64_t max_file_bytes) {
  auto text = read_file(path, max_file_bytes, "plan settings file");
  if (!text.ok()) return text.status();
  return parse_plan_settings(*text, path);
}

}  // namespace kitwatch
