// Building the after-state from the loaded before-state: masks over the loaded store, a small store
// of added and replaced elements, and a registry extended by generated overlays.
#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <unordered_map>

#include "base/read_file.h"
#include "policy/policy.h"
#include "whatif/whatif.h"

namespace kitwatch {
namespace {

// Threads for a scope's selector: scenarios select a few times on stores of any size.
constexpr unsigned kSelectThreads = 2;

// True when some control link holds on one date and not the other: only then can resolution (the
// controller, and the grouping of evidence by controller) differ between the two dates.
bool control_differs(const Registry& registry, Date a, Date b) {
  for (const Entity& entity : registry.entities()) {
    for (const ParentLink& link : entity.parents) {
      if (link.active_on(a) != link.active_on(b)) return true;
    }
  }
  return false;
}

class Builder {
 public:
  Builder(const Scenario& scenario, const NetworkState& before, const ApplyOptions& options)
      : scenario_(scenario), before_(before), options_(options), as_of_(before.as_of), registry_(before.registry) {
    keep_.assign(before.store->size(), 1);
  }

  Status apply(const ScenarioStep& step) {
    return std::visit([&](const auto& op) { return run(step, op); }, step.operation);
  }

  Result<std::unique_ptr<AfterState>> finish();

 private:
  static Status at(const ScenarioStep& step, const Status& s) {
    return Status::input(step.where, std::string(s.message()));
  }

  const Resolution& base_resolution() {
    if (!base_stale_) return owned_base_ ? *owned_base_ : *before_.resolution;
    owned_base_ = std::make_unique<Resolution>(resolve(*before_.store, *registry_, *options_.macs, as_of_));
    base_stale_ = false;
    return *owned_base_;
  }

  const Resolution& extra_resolution() {
    if (extra_stale_) {
      extra_resolution_ = resolve(extra_, *registry_, *options_.macs, as_of_);
      extra_stale_ = false;
    }
    return extra_resolution_;
  }

  // Elements of store (under resolution) matching the scope and still present.
  Result<std::vector<ElementIndex>> select(const ScenarioStep& step, const ElementScope& scope,
                                           const ElementStore& store, const Resolution& resolution,
                                           const std::vector<std::uint8_t>& present) {
    if (store.size() == 0) return std::vector<ElementIndex>();
    auto hits = select_elements(scope.selector_text(), step.where,
                                PolicyContext{store, *registry_, resolution, as_of_, kSelectThreads});
    if (!hits.ok()) return hits.status();
    std::erase_if(*hits, [&](ElementIndex e) { return !present[e]; });
    return hits;
  }

  // A scope's elements among the ones still kept: in the before store and among those the
  // scenario added.
  struct Selection {
    std::vector<ElementIndex> base, extra;
    std::size_t size() const { return base.size() + extra.size(); }
  };
  Result<Selection> select_kept(const ScenarioStep& step, const ElementScope& scope) {
    auto base = select(step, scope, *before_.store, base_resolution(), keep_);
    if (!base.ok()) return base.status();
    auto extra = select(step, scope, extra_, extra_resolution(), extra_keep_);
    if (!extra.ok()) return extra.status();
    return Selection{std::move(*base), std::move(*extra)};
  }

  Status run(const ScenarioStep& step, const AddOperation& op) {
    const std::string prefix = op.id_prefix.empty() ? fmt::format("whatif-{}-", step.where.line) : op.id_prefix;
    const std::size_t first = extra_.size();
    for (std::size_t i = 0; i < op.count; ++i) {
      const std::string id = fmt::format("{}{}", prefix, i + 1);
      const ElementIndex existing = before_.store->find(id);
      ElementRow row;
      row.id = id;
      row.declared_vendor = op.vendor;
      row.model = op.model;
      row.region = op.region;
      row.site = op.site;
      row.uplink = op.uplink;
      row.tags = op.tags;
      row.function = op.function;
      row.traffic = op.traffic;
      row.subscribers = op.subscribers;
      row.installed = op.installed ? op.installed->days() : kNoDate;
      row.origin = RowOrigin{0, step.where.line};
      if (!op.software_versions.empty()) row.software_version = op.software_versions[i % op.software_versions.size()];
      if ((existing != kNoElement && keep_[existing]) || extra_.append(row) == kNoElement) {
        return Status::input(step.where, fmt::format("add: element id '{}' already exists (set id_prefix)", id));
      }
      replaced_from_.push_back(kNoElement);
      extra_keep_.push_back(1);
    }
    extra_stale_ = true;
    added_ += op.count;
    log_.push_back(fmt::format("{}: added {} elements ({} .. {})", step.describe(), extra_.size() - first,
                               extra_.id_of(static_cast<ElementIndex>(first)),
                               extra_.id_of(static_cast<ElementIndex>(extra_.size() - 1))));
    return Status();
  }

  Status run(const ScenarioStep& step, const RemoveOperation& op) {
    auto selected = select_kept(step, op.scope);
    if (!selected.ok()) return selected.status();
    for (ElementIndex e : selected->base) keep_[e] = 0;
    for (ElementIndex e : selected->extra) extra_keep_[e] = 0;
    removed_ += selected->size();
    log_.push_back(fmt::format("{}: removed {} elements", step.describe(), selected->size()));
    return Status();
  }

  Status run(const ScenarioStep& step, const ReplaceOperation& op) {
    auto selected = select_kept(step, op.scope);
    if (!selected.ok()) return selected.status();
    std::size_t n = 0;
    const auto version = [&] {
      return op.software_versions.empty() ? std::string_view()
                                          : std::string_view(op.software_versions[n++ % op.software_versions.size()]);
    };
    for (ElementIndex e : selected->base) replace_loaded(e, op.vendor, op.model, version());
    for (ElementIndex x : selected->extra) {
      extra_.set_text(x, TextField::kDeclaredVendor, op.vendor);
      extra_.set_text(x, TextField::kModel, op.model);
      extra_.set_text(x, TextField::kSoftwareVersion, version());
    }
    extra_stale_ = true;
    replaced_ += selected->size();
    log_.push_back(fmt::format("{}: replaced {} elements", step.describe(), selected->size()));
    return Status();
  }

  Status run(const ScenarioStep& step, const ApplyPlanOperation& op) {
    const std::string path = (std::filesystem::path(scenario_.file).parent_path() / op.plan).string();
    auto text = read_file(path, kDefaultMaxFileBytes, "plan file");
    if (!text.ok()) return text.status();  // names the file
    const auto plan = nlohmann::json::parse(*text, nullptr, false);
    const auto refuse = [&](const std::string& why) {
      return Status::input(step.where, fmt::format("apply_plan: {}: {}", path, why));
    };
    if (plan.is_discarded() || !plan.is_object())
      return refuse("not a JSON object (write it with kitwatch plan --format json)");
    if (plan.value("schema", "") != "kitwatch-plan/1")
      return refuse("not a kitwatch-plan/1 plan (its 'schema' member)");
    std::size_t replaced = 0, works = 0;
    try {
      const auto& periods = plan.at("periods");
      for (const auto& work : plan.at("works")) {
        const auto period = work.at("period").get<std::size_t>();
        if (period >= periods.size())
          return refuse(fmt::format("a work names period {}, which the plan lacks", period));
        const auto end = Date::parse(periods[period].at("end").get<std::string>());
        if (!end) return refuse(fmt::format("period {} has no valid end date", period));
        if (*end >= op.at) continue;  // not done by then
        ++works;
        const std::string vendor = work.at("replacement").at("vendor").get<std::string>();
        const std::string model = work.at("replacement").at("model").get<std::string>();
        for (const auto& id : work.at("elements")) {
          const ElementIndex e = before_.store->find(id.get<std::string>());
          if (e == kNoElement) {
            return refuse(
                fmt::format("the plan replaces element '{}', which this inventory does not have (was the plan "
                            "made for another inventory?)",
                            id.get<std::string>()));
          }
          if (!keep_[e]) continue;  // removed or replaced by an earlier operation
          replace_loaded(e, vendor, model, {});
          ++replaced;
        }
      }
    } catch (const nlohmann::json::exception& e) {
      return refuse(std::string("malformed plan: ") + e.what());
    }
    extra_stale_ = true;
    replaced_ += replaced;
    log_.push_back(fmt::format("{}: replaced {} elements ({} works done before {})", step.describe(), replaced, works,
                               op.at.to_string()));
    return Status();
  }

  Status run(const ScenarioStep& step, const DesignateOperation& op) {
    auto overlay = designation_overlay(op, *registry_, scenario_.name, step.where);
    if (!overlay.ok()) return overlay.status();
    overlays_.push_back(std::move(*overlay));
    std::vector<RegistrySource> sources = options_.registry_sources;
    sources.insert(sources.end(), overlays_.begin(), overlays_.end());
    auto loaded = Registry::load(sources);
    if (!loaded.ok()) return at(step, loaded.status());
    if (loaded->entities().size() != before_.registry->entities().size()) {
      return Status::internal("designate: the extended registry's entities differ from the loaded ones");
    }
    owned_registry_ = std::make_unique<Registry>(std::move(*loaded));
    registry_ = owned_registry_.get();
    log_.push_back(fmt::format("{}: registry extended by one designation", step.describe()));
    return Status();
  }

  Status run(const ScenarioStep& step, const AsOfOperation& op) {
    const bool differs = control_differs(*registry_, as_of_, op.date);
    if (differs) {
      base_stale_ = true;
      extra_stale_ = true;
    }
    log_.push_back(fmt::format("{}: was {}{}", step.describe(), as_of_.to_string(),
                               differs ? "; control links differ, makers resolved again" : ""));
    as_of_ = op.date;
    return Status();
  }

  Status run(const ScenarioStep& step, const CascadeOperation& op) {
    cascades_.push_back(&op);
    log_.push_back(fmt::format("{}: measured on both states", step.describe()));
    return Status();
  }

  std::unique_ptr<ElementStore> build_store(std::vector<ElementIndex>& remap, std::vector<ElementIndex>& extra_at);
  std::unique_ptr<Resolution> build_resolution(const Resolution& base, const std::vector<ElementIndex>& extra_at,
                                               std::size_t size);

  const Scenario& scenario_;
  const NetworkState& before_;
  const ApplyOptions& options_;
  Date as_of_;
  const Registry* registry_;
  std::unique_ptr<Registry> owned_registry_;
  std::vector<RegistrySource> overlays_;
  std::vector<std::uint8_t> keep_;
  std::unique_ptr<Resolution> owned_base_;
  bool base_stale_ = false;
  ElementStore extra_;
  Resolution extra_resolution_;
  bool extra_stale_ = true;
  std::vector<std::uint8_t> extra_keep_;
  // Replaces loaded element e: the new kit keeps the element's place (id, site, uplink, numbers,
  // origin); its serial number and MAC addresses are its own, which the scenario does not know.
  void replace_loaded(ElementIndex e, std::string_view vendor, std::string_view model, std::string_view version) {
    keep_[e] = 0;
    ElementRow row = before_.store->row(e);
    row.serial = {};
    row.macs = {};
    row.declared_vendor = vendor;
    row.model = model;
    row.software_version = version;
    extra_.append(row);  // cannot collide: the id was unique in the before store and is now removed there
    replaced_from_.push_back(e);
    extra_keep_.push_back(1);
  }

  std::vector<ElementIndex> replaced_from_;
  std::vector<const CascadeOperation*> cascades_;
  std::size_t added_ = 0, removed_ = 0, replaced_ = 0;
  std::vector<std::string> log_;
};

// The kept rows of the before store (sharing its interned values), then the kept added and
// replaced rows appended. remap: before index -> after index.
std::unique_ptr<ElementStore> Builder::build_store(std::vector<ElementIndex>& remap,
                                                   std::vector<ElementIndex>& extra_at) {
  const ElementStore& b = *before_.store;
  std::vector<ElementIndex> kept_rows;
  remap.assign(b.size(), kNoElement);
  for (ElementIndex e = 0; e < b.size(); ++e) {
    if (!keep_[e]) continue;
    remap[e] = static_cast<ElementIndex>(kept_rows.size());
    kept_rows.push_back(e);
  }
  const std::size_t kept = kept_rows.size();
  auto out = std::make_unique<ElementStore>(ElementStore::subset(b, kept_rows, extra_.size()));
  ElementStore& a = *out;
  const auto scenario_file = static_cast<std::uint32_t>(a.source_files.size());
  a.source_files.push_back(scenario_.file);
  extra_at.assign(extra_.size(), kNoElement);
  for (ElementIndex x = 0; x < extra_.size(); ++x) {
    if (!extra_keep_[x]) continue;
    ElementRow row = extra_.row(x);
    // Added rows come from the scenario file; replaced rows keep the row they replace.
    if (replaced_from_[x] == kNoElement) row.origin.file = scenario_file;
    extra_at[x] = a.append(row);
    if (replaced_from_[x] != kNoElement) remap[replaced_from_[x]] = extra_at[x];
  }
  // Uplinks: the before store's targets mapped across; new rows (and any row whose target moved)
  // looked up by id.
  a.uplink.resize(a.size(), kNoElement);
  for (ElementIndex e = 0; e < b.size() && b.uplink.size() == b.size(); ++e) {
    if (remap[e] != kNoElement && b.uplink[e] != kNoElement) a.uplink[remap[e]] = remap[b.uplink[e]];
  }
  for (ElementIndex e = static_cast<ElementIndex>(kept); e < a.size(); ++e) {
    const std::string_view ref = a.row(e).uplink;
    if (!ref.empty()) a.uplink[e] = a.find(ref);
  }
  return out;
}

// The before resolution's decisions for kept rows, the extra store's for new rows (unregistered
// maker ids renumbered into one list).
std::unique_ptr<Resolution> Builder::build_resolution(const Resolution& base, const std::vector<ElementIndex>& extra_at,
                                                      std::size_t size) {
  auto out = std::make_unique<Resolution>();
  out->as_of = as_of_;
  out->entities = base.entities;
  out->unregistered = base.unregistered;
  out->mac_evidence = base.mac_evidence;
  out->decisions = base.decisions;
  out->decision_of.reserve(size);
  for (ElementIndex e = 0; e < keep_.size(); ++e) {
    if (keep_[e]) out->decision_of.push_back(base.decision_of[e]);
  }
  out->decision_of.resize(size, 0);
  const Resolution& extra = extra_resolution();
  std::unordered_map<std::string, MakerId> unregistered;
  for (std::size_t i = 0; i < out->unregistered.size(); ++i)
    unregistered.emplace(out->unregistered[i], static_cast<MakerId>(out->entities + i));
  const auto renumber = [&](MakerId m) {
    if (m == kNoMaker || m < extra.entities) return m;
    const std::string& name = extra.unregistered[m - extra.entities];
    auto [it, inserted] =
        unregistered.try_emplace(name, static_cast<MakerId>(out->entities + out->unregistered.size()));
    if (inserted) out->unregistered.push_back(name);
    return it->second;
  };
  const auto offset = static_cast<std::uint32_t>(out->decisions.size());
  for (Decision d : extra.decisions) {
    d.maker = renumber(d.maker);
    for (EvidenceItem& item : d.evidence) item.maker = renumber(item.maker);
    out->decisions.push_back(std::move(d));
  }
  for (ElementIndex x = 0; x < extra_at.size(); ++x) {
    if (extra_at[x] != kNoElement) out->decision_of[extra_at[x]] = offset + extra.decision_of[x];
  }
  return out;
}

Result<std::unique_ptr<AfterState>> Builder::finish() {
  auto after = std::make_unique<AfterState>();
  const Resolution& base = base_resolution();
  std::size_t kept_extra = 0;
  for (std::uint8_t k : extra_keep_) kept_extra += k;
  std::size_t kept = 0;
  for (std::uint8_t k : keep_) kept += k;
  after->state = before_;
  after->state.as_of = as_of_;
  if (kept == keep_.size() && kept_extra == 0) {
    // Nothing added or removed: the store (and the links) are shared.
    if (owned_base_) {
      after->resolution = std::move(owned_base_);
    } else if (as_of_ != before_.as_of) {
      after->resolution = std::make_unique<Resolution>(*before_.resolution);
      after->resolution->as_of = as_of_;
    }
  } else {
    std::vector<ElementIndex> remap, extra_at;
    after->store = build_store(remap, extra_at);
    after->resolution = build_resolution(base, extra_at, after->store->size());
    if (before_.links) {
      after->links = std::make_unique<LinkTable>();
      const LinkTable& l = *before_.links;
      for (std::size_t i = 0; i < l.size(); ++i) {
        if (remap[l.a[i]] == kNoElement || remap[l.b[i]] == kNoElement) continue;
        after->links->a.push_back(remap[l.a[i]]);
        after->links->b.push_back(remap[l.b[i]]);
        after->links->cost.push_back(l.cost[i]);
        after->links->capacity.push_back(l.capacity[i]);
      }
      after->state.links = after->links.get();
    }
    if (before_.demands) {
      after->demands = std::make_unique<DemandTable>();
      const DemandTable& d = *before_.demands;
      after->demands->file = d.file;
      for (std::size_t i = 0; i < d.size(); ++i) {
        if (remap[d.src[i]] == kNoElement || remap[d.dst[i]] == kNoElement) continue;
        after->demands->add(remap[d.src[i]], remap[d.dst[i]], d.volume[i], d.line[i]);
      }
      after->state.demands = after->demands.get();
    }
    after->state.store = after->store.get();
  }
  if (after->resolution) after->state.resolution = after->resolution.get();
  after->registry = std::move(owned_registry_);
  if (after->registry) after->state.registry = after->registry.get();
  after->cascades = cascades_;
  after->added = added_;
  after->removed = removed_;
  after->replaced = replaced_;
  after->log = std::move(log_);
  return after;
}

}  // namespace

Result<std::unique_ptr<AfterState>> apply_scenario(const Scenario& scenario, const NetworkState& before,
                                                   const ApplyOptions& options) {
  if (!options.macs) return Status::internal("apply_scenario needs the MAC registry");
  Builder builder(scenario, before, options);
  for (const ScenarioStep& step : scenario.steps) {
    if (Status s = builder.apply(step); !s.ok()) return s;
  }
  return builder.finish();
}

Result<RegistrySource> designation_overlay(const DesignateOperation& op, const Registry& registry,
                                           const std::string& scenario_name, const SourceLocation& where) {
  if (!registry.find_entity(op.entity)) {
    return Status::input(where, fmt::format("designate: no entity '{}' in the registry", op.entity));
  }
  nlohmann::ordered_json entry{
      {"entity", op.entity},
      {"added", op.from.to_string()},
      {"source", op.source.empty() ? fmt::format("what-if scenario {}:{}", where.file, where.line) : op.source},
      {"note", "what-if scenario: assumption, not a registry fact"}};
  if (op.until) entry["removed"] = op.until->to_string();
  nlohmann::ordered_json list{{"id", op.list}};
  if (!registry.find_list(op.list)) {
    list["authority"] = "what-if scenario";
    list["jurisdiction"] = "";
    list["title"] = fmt::format("List added by scenario {}", scenario_name);
  }
  list["entries"] = nlohmann::ordered_json::array({entry});
  // JSON is YAML's flow style, so the overlay needs no YAML writer.
  return RegistrySource{nlohmann::ordered_json{{"lists", {list}}}.dump(), fmt::format("{}:{}", where.file, where.line)};
}

Result<std::vector<RegistrySource>> registry_sources(const std::vector<std::string>& overlay_paths) {
  return Registry::builtin_sources(overlay_paths);
}

}  // namespace kitwatch
