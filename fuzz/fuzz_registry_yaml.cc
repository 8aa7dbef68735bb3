// Fuzzes the registry loader: the input is read as a registry on its own (Registry::from_yaml)
// and as a user overlay (--registry FILE) on a small fixed base registry (Registry::load).
// yaml-cpp reports errors by throwing; the loader promises a Result instead, so any exception
// that escapes is a bug and is reported here as a crash with its message. A registry that loads
// must keep the promises registry.h makes (ids find their entity, every alias matches its entity
// exactly, references name real entities, control chains end) and must hold what its files say:
// names, aliases, parent links and list entries merged as docs/registry.md describes, with every
// date printing back exactly as written.
#include <yaml-cpp/yaml.h>

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz_check.h"
#include "registry/registry.h"

namespace kitwatch::fuzz {
namespace {

// A trimmed copy of data/registry/*.yaml: enough for an overlay to override, extend and refer to.
constexpr std::string_view kBase = R"(version: "0.2.0"
date: 2026-11-27
entities:
  - {id: huawei, name: "Huawei Technologies Co., Ltd.", country: CN, kind: manufacturer, source: IEEE,
     aliases: [Huawei, "HUAWEI TECHNOLOGIES CO.,LTD", "华为", Quidway]}
  - {id: honor, name: "Honor Device Co., Ltd.", country: CN, kind: manufacturer, source: SCMP, aliases: [Honor],
     parents: [{entity: huawei, control: true, share: 1.0, to: 2020-11-17, source: SCMP}]}
  - {id: zte, name: ZTE Corporation, country: CN, kind: manufacturer, source: IEEE, aliases: [ZTE, zte corp]}
  - {id: bt, name: BT Group plc, country: GB, kind: operator, source: NCSC, aliases: [BT]}
lists:
  - id: us-fcc-covered
    authority: US Federal Communications Commission
    jurisdiction: US
    title: Covered List
    entries:
      - {entity: huawei, added: 2021-03-12, source: FCC}
      - {entity: zte, added: 2016-03-08, removed: 2017-03-29, source: wiley.law, verified: false}
patterns:
  - {match: '(quidway\s+)?ne(40e|5000e|8000|9000)\b.*', entity: huawei, family: NetEngine router, function: core, source: netbox}
  - {match: 'zxa10\b.*', entity: zte, family: ZXA10 OLT/MSAN, function: access, source: LibreNMS}
)";

std::string scalar(const YAML::Node& node, const char* key) {
  const YAML::Node value = node[key];
  return value ? value.Scalar() : std::string();
}

std::string date_text(const std::optional<Date>& date) {
  return date ? date->to_string() : std::string();
}

// What a registry must hold after merging its sources in order (docs/registry.md): a new id adds
// an entity or list; an existing entity takes the fields an overlay gives, adds its aliases and
// has its parents replaced when the overlay gives parents; an existing list gets entries added.
struct Expected {
  struct Parent {
    std::string entity, from, to;
  };
  struct Entity {
    std::string name;
    std::vector<std::string> aliases;
    std::vector<Parent> parents;
  };
  struct Entry {
    std::string entity, added, removed;
  };
  std::string version, date;
  std::vector<std::string> entity_order, list_order;
  std::map<std::string, Entity> entities;
  std::map<std::string, std::vector<Entry>> lists;

  void merge_entity(const YAML::Node& en) {
    const std::string id = scalar(en, "id");
    if (!entities.contains(id)) entity_order.push_back(id);
    Entity& e = entities[id];
    if (en["name"]) e.name = scalar(en, "name");
    for (const YAML::Node& alias : en["aliases"]) e.aliases.push_back(alias.as<std::string>());
    if (!en["parents"]) return;
    e.parents.clear();
    for (const YAML::Node& pn : en["parents"]) {
      e.parents.push_back({scalar(pn, "entity"), scalar(pn, "from"), scalar(pn, "to")});
    }
  }

  void merge(const YAML::Node& root) {
    if (root.IsNull()) return;
    if (root["version"]) version = scalar(root, "version");
    if (const std::string d = scalar(root, "date"); !d.empty()) date = d;
    for (const YAML::Node& en : root["entities"]) merge_entity(en);
    for (const YAML::Node& ln : root["lists"]) {
      const std::string id = scalar(ln, "id");
      if (!lists.contains(id)) list_order.push_back(id);
      auto& entries = lists[id];
      for (const YAML::Node& dn : ln["entries"]) {
        entries.push_back({scalar(dn, "entity"), scalar(dn, "added"), scalar(dn, "removed")});
      }
    }
  }
};

void check_entity_holds(const Registry& registry, EntityIndex e, const Expected::Entity& want) {
  const Entity& entity = registry.entity(e);
  KITWATCH_FUZZ_CHECK(entity.name == want.name && entity.aliases == want.aliases);
  KITWATCH_FUZZ_CHECK(entity.parents.size() == want.parents.size());
  for (std::size_t p = 0; p < want.parents.size(); ++p) {
    const ParentLink& link = entity.parents[p];
    KITWATCH_FUZZ_CHECK(registry.entity(link.parent).id == want.parents[p].entity);
    KITWATCH_FUZZ_CHECK(date_text(link.from) == want.parents[p].from && date_text(link.to) == want.parents[p].to);
  }
}

void check_lists_hold(const Registry& registry, const Expected& expected) {
  KITWATCH_FUZZ_CHECK(registry.lists().size() == expected.list_order.size());
  for (std::size_t l = 0; l < expected.list_order.size(); ++l) {
    const DesignationList& list = registry.lists()[l];
    KITWATCH_FUZZ_CHECK(list.id == expected.list_order[l]);
    const auto& want = expected.lists.at(list.id);
    KITWATCH_FUZZ_CHECK(list.entries.size() == want.size());
    for (std::size_t k = 0; k < want.size(); ++k) {
      const Designation& d = list.entries[k];
      KITWATCH_FUZZ_CHECK(registry.entity(d.entity).id == want[k].entity);
      KITWATCH_FUZZ_CHECK(d.added.to_string() == want[k].added && date_text(d.removed) == want[k].removed);
    }
  }
}

// Reads the sources again with yaml-cpp and compares what the registry holds with what they say.
void check_holds_sources(const Registry& registry, const std::vector<RegistrySource>& sources) {
  Expected expected;
  try {
    for (const RegistrySource& source : sources) expected.merge(YAML::Load(source.text));
  } catch (const YAML::Exception& e) {
    std::fprintf(stderr, "a registry that loaded does not have the shape it promised: %s\n", e.what());
    std::abort();
  }
  KITWATCH_FUZZ_CHECK(registry.version() == expected.version && registry.date() == expected.date);
  KITWATCH_FUZZ_CHECK(registry.entities().size() == expected.entity_order.size());
  for (EntityIndex e = 0; e < expected.entity_order.size(); ++e) {
    KITWATCH_FUZZ_CHECK(registry.entity(e).id == expected.entity_order[e]);
    check_entity_holds(registry, e, expected.entities.at(expected.entity_order[e]));
  }
  check_lists_hold(registry, expected);
}

void check_chain(const Registry& registry, EntityIndex e, Date d) {
  const std::vector<EntityIndex> chain = registry.control_chain(e, d);
  KITWATCH_FUZZ_CHECK(!chain.empty() && chain.front() == e && chain.size() <= registry.entities().size());
  for (std::size_t i = 0; i < chain.size(); ++i) {
    KITWATCH_FUZZ_CHECK(chain[i] < registry.entities().size());
    for (std::size_t j = 0; j < i; ++j) KITWATCH_FUZZ_CHECK(chain[i] != chain[j]);
  }
}

void check_entity(const Registry& registry, EntityIndex e) {
  const Entity& entity = registry.entity(e);
  KITWATCH_FUZZ_CHECK(registry.find_entity(entity.id) == e);
  for (const ParentLink& link : entity.parents) {
    KITWATCH_FUZZ_CHECK(link.parent < registry.entities().size());
    KITWATCH_FUZZ_CHECK(link.share >= 0 && link.share <= 1);
  }
  std::vector<std::string> names = entity.aliases;
  names.push_back(entity.name);
  for (const std::string& name : names) {
    const std::string key = normalize_entity_name(name);
    if (key.empty()) continue;
    const auto match = registry.match_name(name);
    KITWATCH_FUZZ_CHECK(match && match->entity == e && match->kind == NameMatch::Kind::kExact && match->alias == key);
    const auto fuzzy = registry.match_name_fuzzy(name, 0.9);
    KITWATCH_FUZZ_CHECK(fuzzy && fuzzy->entity == e);
  }
  for (Date d : {Date::from_days(0), Date::from_days(18500), Date::from_days(20000), Date::from_days(60000)}) {
    check_chain(registry, e, d);
  }
}

void check_registry(const Registry& registry, const std::vector<RegistrySource>& sources) {
  const auto date = Date::parse(registry.date());
  KITWATCH_FUZZ_CHECK(date && date->to_string() == registry.date() && !registry.version().empty());
  KITWATCH_FUZZ_CHECK(registry.origins().size() == sources.size());
  for (EntityIndex e = 0; e < registry.entities().size(); ++e) check_entity(registry, e);
  for (const DesignationList& list : registry.lists()) {
    KITWATCH_FUZZ_CHECK(registry.find_list(list.id).has_value());
    for (const Designation& d : list.entries) {
      KITWATCH_FUZZ_CHECK(d.entity < registry.entities().size());
      KITWATCH_FUZZ_CHECK(!d.removed || d.added <= *d.removed);
    }
  }
  for (const ModelPattern& pattern : registry.patterns()) {
    KITWATCH_FUZZ_CHECK(pattern.entity < registry.entities().size() && pattern.regex != nullptr);
    const ModelPattern* match = registry.match_model(pattern.family);
    KITWATCH_FUZZ_CHECK(match == nullptr || (match >= registry.patterns().data() &&
                                             match < registry.patterns().data() + registry.patterns().size()));
  }
  check_holds_sources(registry, sources);
}

void load_and_check(const std::vector<RegistrySource>& sources) {
  std::optional<Result<Registry>> registry;
  try {
    registry.emplace(Registry::load(sources));
  } catch (const std::exception& e) {
    std::fprintf(stderr, "Registry::load let an exception escape: %s\n", e.what());
    std::abort();
  } catch (...) {
    std::fprintf(stderr, "Registry::load let a non-standard exception escape\n");
    std::abort();
  }
  if (registry->ok()) {
    check_registry(registry->value(), sources);
  } else {
    KITWATCH_FUZZ_CHECK(registry->status().kind() == ErrorKind::kInput);
    KITWATCH_FUZZ_CHECK(!registry->status().message().empty());
  }
}

// Names run through the normaliser and the fuzzy matcher's similarity, which see every declared
// vendor name: a canonical form normalises to itself, and similarity is a number in [0, 1].
void check_names(std::string_view text) {
  const std::string key = normalize_entity_name(text);
  KITWATCH_FUZZ_CHECK(normalize_entity_name(key) == key);
  // Similarity is quadratic in the lengths and declared names are short: 2 x 256 bytes is plenty.
  const std::string_view head = text.substr(0, 512);
  const std::string_view a = head.substr(0, head.size() / 2), b = head.substr(head.size() / 2);
  const double similarity = jaro_winkler(a, b);
  KITWATCH_FUZZ_CHECK(std::isfinite(similarity) && similarity >= 0 && similarity <= 1);
  if (!a.empty()) KITWATCH_FUZZ_CHECK(jaro_winkler(a, a) == 1);
}

}  // namespace
}  // namespace kitwatch::fuzz

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  kitwatch::fuzz::check_names(text);
  kitwatch::fuzz::load_and_check({kitwatch::RegistrySource{text, "fuzz.yaml"}});
  kitwatch::fuzz::load_and_check({kitwatch::RegistrySource{std::string(kitwatch::fuzz::kBase), "base.yaml"},
                                  kitwatch::RegistrySource{text, "overlay.yaml"}});
  return 0;
}
