// Building the planner's model from a loaded run (docs/plan.md "The model").
//
// Every rule is checked at its date and at the end of every period after it, within the plan (a
// rule in force before the plan starts is checked from the end of the first period: a plan cannot
// undo the past). At each such checkpoint the policy engine's own selectors say which elements the
// rule's scope and suppliers select (select_rule_elements, designations at that date). Elements
// that some rule's suppliers select at some checkpoint are the candidates; candidates that agree
// on site, region, function, controller, first workable period and every (rule, checkpoint)
// membership form one work item, so an item is all-or-nothing without changing what any rule
// measures. prohibit, remove_by and no_new become deadlines per item; caps and max_suppliers
// become constraints per checkpoint and group.
#include <fmt/format.h>

#include <algorithm>
#include <bit>
#include <chrono>
#include <map>
#include <unordered_map>

#include "base/threads.h"
#include "plan/plan_model.h"

namespace kitwatch {
namespace {

constexpr std::size_t kMaxPeriods = 600;

Date add_months(Date start, int months) {
  using namespace std::chrono;
  const year_month_day ymd{sys_days(days(start.days()))};
  const year_month ym = year_month(ymd.year(), ymd.month()) + std::chrono::months(months);
  const year_month_day_last last{ym.year(), month_day_last(ym.month())};
  const day d = std::min(ymd.day(), last.day());
  return Date::from_days(
      static_cast<std::int32_t>(sys_days(year_month_day(ym.year(), ym.month(), d)).time_since_epoch().count()));
}

int months_of(PeriodLength length) {
  switch (length) {
    case PeriodLength::kMonth:
      return 1;
    case PeriodLength::kHalfYear:
      return 6;
    case PeriodLength::kYear:
      return 12;
    default:
      return 3;
  }
}

bool present_at(const ElementStore& store, ElementIndex e, Date date) {
  return store.installed[e] == kNoDate || store.installed[e] <= date.days();
}

// 64-bit mixing (splitmix64's finaliser), for the membership signatures.
std::uint64_t mix(std::uint64_t x) {
  x += 0x9e3779b97f4a7c15ull;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
  return x ^ (x >> 31);
}

struct ItemKey {
  StrId site, region;
  Function function;
  EntityIndex controller;
  std::size_t first_period;
  std::uint64_t sig1, sig2;
  double cost;
  std::int32_t end_of_life;
  double traffic, subscribers;  // weights: 0 unless a cap measures by them
  ElementIndex node;            // a graph node's own element, else kNoElement
  bool operator==(const ItemKey&) const = default;
};
struct ItemKeyHash {
  std::size_t operator()(const ItemKey& k) const {
    return mix(
        k.sig1 ^ mix((std::uint64_t{k.site} << 32) ^ k.region) ^
        mix((static_cast<std::uint64_t>(k.function) << 40) ^ (std::uint64_t{k.controller} << 8) ^ k.first_period) ^
        mix(std::bit_cast<std::uint64_t>(k.cost) ^ static_cast<std::uint32_t>(k.end_of_life) ^
            mix(std::bit_cast<std::uint64_t>(k.traffic)) ^ mix(std::bit_cast<std::uint64_t>(k.subscribers) ^ k.node)));
  }
};

// The periods from spec.from until the last one that reaches `until`.
Status make_periods(const PlanSpec& spec, Date until, PlanModel& model) {
  Date start = spec.from;
  for (int k = 1; start <= until; ++k) {
    if (model.periods.size() == kMaxPeriods) {
      return Status::usage(fmt::format("a plan from {} to {} in {} periods would have more than {} periods",
                                       spec.from.to_string(), until.to_string(), period_length_name(spec.period),
                                       kMaxPeriods));
    }
    const Date next = add_months(spec.from, k * months_of(spec.period));
    PlanPeriod p;
    p.start = start;
    p.end = Date::from_days(next.days() - 1);
    const std::size_t t = model.periods.size();
    const PlanSettings& s = spec.settings;
    if (!s.budget.empty()) p.budget = s.budget[std::min(t, s.budget.size() - 1)];
    std::int32_t closed = 0;
    for (auto [from, to] : s.blackouts) {
      const std::int32_t a = std::max(from.days(), p.start.days()), b = std::min(to.days(), p.end.days());
      if (a <= b) closed += b - a + 1;  // overlapping blackouts count twice: clamp below
    }
    const double days = p.end.days() - p.start.days() + 1;
    const double open = std::max(0.0, 1.0 - closed / days);
    model.open_fraction.push_back(open);
    if (s.crews) p.crews = std::floor(*s.crews * open + 1e-9);
    model.periods.push_back(p);
    start = next;
  }
  return Status();
}

// The rule's checkpoints within the plan: its date (or the end of the first period when it is in
// force already), then the end of every later period. Empty when the rule is not due in the plan.
std::vector<Date> checkpoints_of(const Rule& rule, const PlanModel& model) {
  std::vector<Date> out;
  const Date first_end = Date::from_days(model.periods.front().end.days() + 1);
  const Date horizon = Date::from_days(model.periods.back().end.days() + 1);
  Date first = rule.date ? std::max(*rule.date, first_end) : first_end;
  if (first > horizon) return out;
  out.push_back(first);
  for (const PlanPeriod& p : model.periods) {
    const Date boundary = Date::from_days(p.end.days() + 1);
    if (boundary > first) out.push_back(boundary);
  }
  return out;
}

// The number of periods whose work is done before `date` (they end before it).
std::size_t periods_before(const PlanModel& model, Date date) {
  std::size_t n = 0;
  while (n < model.periods.size() && model.periods[n].end < date) ++n;
  return n;
}

}  // namespace

double element_cost(const PlanModel& model, std::size_t item, std::size_t t) {
  const WorkItem& w = model.items[item];
  return model.periods[t].start.days() >= w.end_of_life ? w.labour : w.cost;
}

Result<PlanModel> build_plan_model(const Inputs& inputs, const PlanSpec& spec, const TopologyGraph* graph) {
  PlanModel model;
  model.graph = graph;
  const ElementStore& store = inputs.store;
  const std::size_t n = store.size();
  if (inputs.packs.empty())
    return Status::usage("plan: give the policy packs whose requirements the plan must meet (--policy)");

  // The horizon: the last rule date on or after the start, unless given.
  Date until = spec.until.value_or(spec.from);
  std::vector<const Rule*> rules;
  for (std::size_t p = 0; p < inputs.packs.size(); ++p) {
    for (std::size_t r = 0; r < inputs.packs[p].rules.size(); ++r) {
      const Rule& rule = inputs.packs[p].rules[r];
      rules.push_back(&rule);
      model.rule_ids.emplace_back(p, r);
      if (!spec.until && rule.date && *rule.date > until) until = *rule.date;
    }
  }
  if (Status s = make_periods(spec, until, model); !s.ok()) return s;
  const std::size_t periods = model.periods.size();
  for (const auto& [name, visits] : spec.settings.region_crews) {
    const StrId region = store.regions.find(name);
    if (region == StringPool::kMissing) {
      model.notes.push_back(fmt::format("region_crews names '{}', a region no element has: ignored", name));
      continue;
    }
    model.region_crews.emplace_back(region, visits);
  }

  // Which (rule, checkpoint) pairs the plan checks: every rule from its first checkpoint at every
  // checkpoint of any rule after it, so that the plan is checked at every date any output shows.
  std::vector<std::optional<Date>> first_checkpoint(rules.size());
  for (std::size_t r = 0; r < rules.size(); ++r) {
    const Rule& rule = *rules[r];
    const std::string id = rule_label(inputs.packs, model.rule_ids[r].first, model.rule_ids[r].second);
    if (rule.kind == RuleKind::kRequireEvidence) {
      model.notes.push_back(
          fmt::format("{} (require_evidence) is not planned: replacing equipment does not supply "
                      "evidence about the equipment that stays",
                      id));
      continue;
    }
    if (rule.kind == RuleKind::kRemoveBy && !rule.date) {
      model.notes.push_back(fmt::format("{} (remove_by without a date) sets no deadline to plan for", id));
      continue;
    }
    const std::vector<Date> own = checkpoints_of(rule, model);
    if (own.empty()) {
      model.notes.push_back(
          fmt::format("{} is due on {}, after the plan's last period: not planned", id, rule.date->to_string()));
      continue;
    }
    if (rule.date && *rule.date > spec.from && *rule.date <= model.periods.front().end) {
      model.notes.push_back(
          fmt::format("{} is due on {}, within the first period: no work can finish by then; the "
                      "plan meets it from the end of the first period ({})",
                      id, rule.date->to_string(), own.front().to_string()));
    }
    first_checkpoint[r] = own.front();
    model.checkpoints.insert(model.checkpoints.end(), own.begin(), own.end());
  }
  std::sort(model.checkpoints.begin(), model.checkpoints.end());
  model.checkpoints.erase(std::unique(model.checkpoints.begin(), model.checkpoints.end()), model.checkpoints.end());
  std::vector<std::vector<Date>> rule_checkpoints(rules.size());
  for (std::size_t r = 0; r < rules.size(); ++r) {
    if (!first_checkpoint[r]) continue;
    for (Date d : model.checkpoints) {
      if (d >= *first_checkpoint[r]) rule_checkpoints[r].push_back(d);
    }
  }

  // What every rule selects at every checkpoint date (designations change with the date).
  std::vector<std::vector<std::vector<std::uint8_t>>> selected(model.checkpoints.size());
  for (std::size_t c = 0; c < model.checkpoints.size(); ++c) {
    PolicyContext ctx{store, *inputs.registry, inputs.resolution, model.checkpoints[c],
                      worker_threads(inputs.spec.threads)};
    auto sel = select_rule_elements(inputs.packs, ctx);
    if (!sel.ok()) return sel.status();
    selected[c] = std::move(*sel);
  }
  auto checkpoint_index = [&](Date d) {
    return static_cast<std::size_t>(std::lower_bound(model.checkpoints.begin(), model.checkpoints.end(), d) -
                                    model.checkpoints.begin());
  };
  // The period each element is installed in, and the periods done before each checkpoint.
  model.installed_period.assign(n, 0);
  for (ElementIndex e = 0; e < n; ++e) {
    if (store.installed[e] == kNoDate) continue;
    model.installed_period[e] = static_cast<std::size_t>(
        std::lower_bound(model.periods.begin(), model.periods.end(), store.installed[e],
                         [](const PlanPeriod& p, std::int32_t day) { return p.end.days() < day; }) -
        model.periods.begin());
  }
  std::vector<std::size_t> before_of(model.checkpoints.size());
  for (std::size_t c = 0; c < model.checkpoints.size(); ++c) before_of[c] = periods_before(model, model.checkpoints[c]);
  // The plan answers at a checkpoint for the elements installed before the period it falls in.
  auto answerable = [&](std::size_t c, ElementIndex e) { return model.installed_period[e] < before_of[c]; };
  // An element counts for (rule, checkpoint) when the scope and suppliers select it and the plan answers for it.
  auto counts = [&](std::size_t r, std::size_t c, ElementIndex e) {
    return selected[c][r][e] == (kInRuleScope | kRuleSupplier) && answerable(c, e);
  };

  // Candidates and their signatures.
  std::vector<std::uint8_t> candidate(n, 0);
  std::vector<std::uint64_t> sig1(n, 0), sig2(n, 0);
  for (std::size_t c = 0; c < model.checkpoints.size(); ++c) {
    for (std::size_t r = 0; r < rules.size(); ++r) {
      const bool checked =
          std::binary_search(rule_checkpoints[r].begin(), rule_checkpoints[r].end(), model.checkpoints[c]);
      const std::uint64_t salt = (std::uint64_t{c} << 32) | r;
      for (ElementIndex e = 0; e < n; ++e) {
        if (selected[c][r][e] & kRuleSupplier) candidate[e] = 1;
        if (checked && counts(r, c, e)) {
          sig1[e] = mix(sig1[e] ^ mix(salt));
          sig2[e] = mix(sig2[e] + mix(salt ^ 0x5bd1e995ull));
        }
      }
    }
  }
  for (ElementIndex e = 0; e < n; ++e) {
    if (inputs.resolution.manufacturer(e) == kNoMaker) ++model.unknown_makers;
  }

  // Work items.
  const PlanSettings& settings = spec.settings;
  bool by_traffic = false, by_subscribers = false;
  for (const Rule* rule : rules) {
    if (rule->kind != RuleKind::kCap) continue;
    by_traffic |= rule->measure == Measure::kTraffic;
    by_subscribers |= rule->measure == Measure::kSubscribers;
  }
  std::unordered_map<ItemKey, std::size_t, ItemKeyHash> item_of_key;
  std::vector<std::size_t> item_of(n, kNoPeriod);
  const Date horizon_end = model.periods.back().end;
  for (ElementIndex e = 0; e < n; ++e) {
    if (!candidate[e] || !present_at(store, e, horizon_end)) continue;
    ++model.candidates;
    const Function f = store.function[e];
    const Date kit = Date::from_days(spec.from.days() + settings.replacement[static_cast<std::size_t>(f)].lead_days);
    const std::size_t installed_period = model.installed_period[e];
    std::size_t first = installed_period;
    while (first < periods && model.periods[first].start < kit) ++first;
    const auto fi = static_cast<std::size_t>(f);
    const double cost = settings.equipment[fi] + settings.labour[fi];
    std::int32_t end_of_life = INT32_MAX;
    if (auto eol = settings.end_of_life.find(std::string(store.models.view(store.model[e])));
        eol != settings.end_of_life.end()) {
      end_of_life = eol->second.days();
    }
    const bool node = graph && graph->node[e] != kNoNode;
    const ItemKey key{store.site[e],
                      store.region[e],
                      f,
                      inputs.resolution.controller(e),
                      first,
                      sig1[e],
                      sig2[e],
                      cost,
                      end_of_life,
                      by_traffic ? store.traffic[e] : 0,
                      by_subscribers ? store.subscribers[e] : 0,
                      node ? e : kNoElement};
    auto [it, inserted] = item_of_key.try_emplace(key, model.items.size());
    if (inserted) {
      WorkItem item;
      item.site = key.site;
      item.region = key.region;
      item.function = f;
      item.controller = key.controller;
      item.first_period = first;
      item.installed_period = installed_period;
      item.cost = cost;
      item.labour = settings.labour[fi];
      item.end_of_life = end_of_life;
      item.on_graph = node;
      model.items.push_back(std::move(item));
    }
    model.items[it->second].elements.push_back(e);
    item_of[e] = it->second;
  }
  model.deadline_cause.resize(model.items.size());

  // Sites.
  std::unordered_map<std::uint64_t, std::size_t> site_of;
  for (std::size_t i = 0; i < model.items.size(); ++i) {
    WorkItem& item = model.items[i];
    const std::uint64_t key = (std::uint64_t{item.site} << 32) | item.region;
    auto [it, inserted] = site_of.try_emplace(key, model.sites.size());
    if (inserted) model.sites.push_back(ModelSite{item.site, item.region, {}});
    model.sites[it->second].items.push_back(i);
    item.site_index = it->second;
  }

  // Requirements.
  for (std::size_t r = 0; r < rules.size(); ++r) {
    const Rule& rule = *rules[r];
    for (Date date : rule_checkpoints[r]) {
      const std::size_t c = checkpoint_index(date);
      const std::size_t before = before_of[c];
      std::vector<std::uint8_t> seen(model.items.size(), 0);
      std::vector<std::size_t> items;
      for (ElementIndex e = 0; e < n; ++e) {
        if (item_of[e] != kNoPeriod && counts(r, c, e) && !seen[item_of[e]]) {
          seen[item_of[e]] = 1;
          items.push_back(item_of[e]);
        }
      }
      for (std::size_t i : items) {
        // An item counts for a no_new rule only when installed on or after its date.
        const std::int32_t installed = store.installed[model.items[i].elements.front()];
        if (rule.kind == RuleKind::kNoNew && (installed == kNoDate || (rule.date && installed < rule.date->days()))) {
          continue;
        }
        auto& rl = model.items[i].rules;
        if (std::find(rl.begin(), rl.end(), r) == rl.end()) rl.push_back(static_cast<std::uint32_t>(r));
      }
      const bool presence = rule.kind == RuleKind::kProhibit || rule.kind == RuleKind::kRemoveBy;
      if (presence || rule.kind == RuleKind::kNoNew) {
        for (std::size_t i : items) {
          if (rule.kind == RuleKind::kNoNew) {
            // Only elements installed on or after the rule's date break it (all of an item's do or none).
            const std::int32_t installed = store.installed[model.items[i].elements.front()];
            if (installed == kNoDate || (rule.date && installed < rule.date->days())) continue;
          }
          if (before < model.items[i].deadline) {
            model.items[i].deadline = before;
            model.deadline_cause[i] = DeadlineCause{static_cast<std::uint32_t>(r), date};
          }
        }
        continue;
      }
      // cap and max_suppliers: one constraint per group over the limit with nothing done.
      auto group_key = [&](ElementIndex e) -> StrId {
        if (rule.per == GroupBy::kRegion) return store.region[e];
        if (rule.per == GroupBy::kSite) return store.site[e];
        return 0;
      };
      std::map<StrId, ModelRequirement> groups;
      if (rule.kind == RuleKind::kCap) {
        std::map<StrId, double> total;
        for (ElementIndex e = 0; e < n; ++e) {
          if ((selected[c][r][e] & kInRuleScope) && answerable(c, e)) {
            total[group_key(e)] += measure_value(store, e, rule.measure);
          }
        }
        for (std::size_t i : items) {
          const double w = measure_value(store, model.items[i].elements.front(), rule.measure);  // the same for each
          ModelRequirement& req = groups[group_key(model.items[i].elements.front())];
          req.terms.emplace_back(i, w);
          req.need += w * static_cast<double>(model.items[i].size());
        }
        for (auto& [g, req] : groups) {
          req.need -= rule.limit * total[g];
          // The policy engine calls a share over the limit by more than 1e-12; the model asks a
          // little more of the plan so that rounding never leaves it just over.
          if (req.need <= 1e-12 * total[g]) continue;
          req.need += 1e-9 * total[g];
          req.kind = ModelRequirement::Kind::kCap;
          req.rule = static_cast<std::uint32_t>(r);
          req.date = date;
          req.before = before;
          if (rule.per != GroupBy::kNone) {
            const auto& pool = rule.per == GroupBy::kRegion ? store.regions : store.sites;
            req.group = std::string(pool.view(g));
          }
          model.requirements.push_back(std::move(req));
        }
      } else if (rule.kind == RuleKind::kMaxSuppliers) {
        std::map<StrId, std::map<EntityIndex, std::vector<std::size_t>>> by_group;
        for (std::size_t i : items) {
          if (model.items[i].controller == kNoEntity) continue;
          by_group[group_key(model.items[i].elements.front())][model.items[i].controller].push_back(i);
        }
        for (auto& [g, controllers] : by_group) {
          if (controllers.size() <= rule.max) continue;
          ModelRequirement req;
          req.kind = ModelRequirement::Kind::kMaxSuppliers;
          req.rule = static_cast<std::uint32_t>(r);
          req.date = date;
          req.before = before;
          req.max = rule.max;
          for (auto& [controller, list] : controllers) req.controllers.push_back(std::move(list));
          if (rule.per != GroupBy::kNone) {
            const auto& pool = rule.per == GroupBy::kRegion ? store.regions : store.sites;
            req.group = std::string(pool.view(g));
          }
          model.requirements.push_back(std::move(req));
        }
      }
    }
  }
  return model;
}

}  // namespace kitwatch
