// Fuzzes Registry::from_yaml, which turns a user's --registry file into entities and lists.
// yaml-cpp reports errors by throwing; from_yaml promises a Result instead, so any exception that
// escapes it is a bug and is reported here as a crash with its message. A registry that loads
// must then keep the promises registry.h makes: ids find their entity, every alias matches its
// entity, parent and list entries name real entities, and control chains end even on cycles. And
// it must hold what the file says: every id, name and date read back equals the YAML's own text
// (dates print back exactly as written), which catches a value invented for an empty key even in
// builds without libstdc++'s assertions.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <optional>
#include <string>
#include <string_view>

#include <yaml-cpp/yaml.h>

#include "fuzz_check.h"
#include "registry/registry.h"

namespace kitwatch::fuzz {
namespace {

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
    KITWATCH_FUZZ_CHECK(normalize_entity_name(key) == key);  // normalising is idempotent
    if (key.empty()) continue;
    const auto match = registry.match_name(name);
    KITWATCH_FUZZ_CHECK(match && match->entity == e && match->confidence == 1.0 && match->alias == key);
  }
  for (Date d : {Date::from_days(0), Date::from_days(18000), Date::from_days(20000), Date::from_days(60000)}) {
    check_chain(registry, e, d);
  }
}

std::string scalar(const YAML::Node& node, const char* key) {
  const YAML::Node value = node[key];
  return value ? value.Scalar() : std::string();
}

void check_date(const std::optional<Date>& date, const YAML::Node& node, const char* key) {
  const std::string text = scalar(node, key);
  KITWATCH_FUZZ_CHECK(date ? date->to_string() == text : text.empty());
}

void check_entities_against_yaml(const Registry& registry, const YAML::Node& root) {
  std::size_t e = 0;
  for (const YAML::Node& en : root["entities"]) {
    KITWATCH_FUZZ_CHECK(e < registry.entities().size());
    const Entity& entity = registry.entity(static_cast<EntityIndex>(e++));
    KITWATCH_FUZZ_CHECK(entity.id == scalar(en, "id") && entity.name == scalar(en, "name"));
    std::size_t p = 0;
    for (const YAML::Node& pn : en["parents"]) {
      KITWATCH_FUZZ_CHECK(p < entity.parents.size());
      const ParentLink& link = entity.parents[p++];
      KITWATCH_FUZZ_CHECK(registry.entity(link.parent).id == scalar(pn, "entity"));
      check_date(link.from, pn, "from");
      check_date(link.to, pn, "to");
    }
    KITWATCH_FUZZ_CHECK(p == entity.parents.size());
  }
  KITWATCH_FUZZ_CHECK(e == registry.entities().size());
}

void check_lists_against_yaml(const Registry& registry, const YAML::Node& root) {
  std::size_t l = 0;
  for (const YAML::Node& ln : root["lists"]) {
    KITWATCH_FUZZ_CHECK(l < registry.lists().size());
    const DesignationList& list = registry.lists()[l++];
    KITWATCH_FUZZ_CHECK(list.id == scalar(ln, "id"));
    std::size_t k = 0;
    for (const YAML::Node& dn : ln["entries"]) {
      KITWATCH_FUZZ_CHECK(k < list.entries.size());
      const Designation& d = list.entries[k++];
      KITWATCH_FUZZ_CHECK(registry.entity(d.entity).id == scalar(dn, "entity"));
      KITWATCH_FUZZ_CHECK(d.added.to_string() == scalar(dn, "added"));
      check_date(d.removed, dn, "removed");
    }
    KITWATCH_FUZZ_CHECK(k == list.entries.size());
  }
  KITWATCH_FUZZ_CHECK(l == registry.lists().size());
}

// Reads the text again with yaml-cpp and compares it with what the registry holds.
void check_against_yaml(const Registry& registry, std::string_view text) {
  try {
    const YAML::Node root = YAML::Load(std::string(text));
    KITWATCH_FUZZ_CHECK(registry.version() == scalar(root, "version"));
    KITWATCH_FUZZ_CHECK(registry.date() == scalar(root, "date"));
    check_entities_against_yaml(registry, root);
    check_lists_against_yaml(registry, root);
  } catch (const YAML::Exception& e) {
    std::fprintf(stderr, "a registry that loaded does not have the shape it promised: %s\n", e.what());
    std::abort();
  }
}

void check_registry(const Registry& registry, std::string_view text) {
  KITWATCH_FUZZ_CHECK(registry.origin() == "fuzz.yaml");
  const auto date = Date::parse(registry.date());
  KITWATCH_FUZZ_CHECK(date && date->to_string() == registry.date());
  for (EntityIndex e = 0; e < registry.entities().size(); ++e) check_entity(registry, e);
  for (std::size_t l = 0; l < registry.lists().size(); ++l) {
    const DesignationList& list = registry.lists()[l];
    KITWATCH_FUZZ_CHECK(registry.find_list(list.id).has_value());
    for (const Designation& d : list.entries) {
      KITWATCH_FUZZ_CHECK(d.entity < registry.entities().size());
      KITWATCH_FUZZ_CHECK(!d.removed || d.added <= *d.removed);
    }
  }
  check_against_yaml(registry, text);
}

}  // namespace
}  // namespace kitwatch::fuzz

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  // The normaliser also runs on the raw text: it sees every declared vendor name.
  const std::string key = kitwatch::normalize_entity_name(text);
  KITWATCH_FUZZ_CHECK(kitwatch::normalize_entity_name(key) == key);
  std::optional<kitwatch::Result<kitwatch::Registry>> registry;
  try {
    registry.emplace(kitwatch::Registry::from_yaml(text, "fuzz.yaml"));
  } catch (const std::exception& e) {
    std::fprintf(stderr, "Registry::from_yaml let an exception escape: %s\n", e.what());
    std::abort();
  } catch (...) {
    std::fprintf(stderr, "Registry::from_yaml let a non-std exception escape\n");
    std::abort();
  }
  if (registry->ok()) {
    kitwatch::fuzz::check_registry(registry->value(), text);
  } else {
    KITWATCH_FUZZ_CHECK(registry->status().kind() == kitwatch::ErrorKind::kInput);
    KITWATCH_FUZZ_CHECK(!registry->status().message().empty());
  }
  return 0;
}
