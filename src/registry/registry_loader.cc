// Reads registry YAML files and merges them in order (built-in data, then user overlays).
#include <fmt/format.h>
#include <re2/re2.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <map>

#include "base/embedded_files.h"
#include "base/read_file.h"
#include "base/yaml_reader.h"
#include "registry/registry.h"

namespace kitwatch {
namespace {

// A share between 0 and 1, when given.
Status read_share(const YamlReader& yr, const YAML::Node& node, double& out) {
  std::string raw;
  if (Status s = yr.text(node, "share", raw, false); !s.ok()) return s;
  if (raw.empty()) return Status();
  char* end = nullptr;
  out = std::strtod(raw.c_str(), &end);
  if (end != raw.c_str() + raw.size() || !(out >= 0 && out <= 1)) {
    return yr.error(node["share"], "share must be a number between 0 and 1");
  }
  return Status();
}

// References by id are resolved after every source is merged, so an overlay may name entities
// that another file defines.
struct PendingRef {
  std::string id;
  YAML::Node node;
  const YamlReader* reader;
};

class RegistryMerger {
 public:
  Status merge(const RegistrySource& source) {
    readers_.push_back(std::make_unique<YamlReader>(source.name));
    const YamlReader& yr = *readers_.back();
    auto loaded = yr.load(source.text);
    if (!loaded.ok()) return loaded.status();
    const YAML::Node root = *loaded;
    try {
      if (root.IsNull()) return Status();
      if (Status s = yr.check_keys(root, {"version", "date", "entities", "lists", "patterns"}, "a registry file");
          !s.ok()) {
        return s;
      }
      if (Status s = yr.text(root, "version", version_, false); !s.ok()) return s;
      std::optional<Date> date;
      if (Status s = yr.date(root, "date", date, false); !s.ok()) return s;
      if (date) date_ = date->to_string();
      for (const YAML::Node& en : root["entities"]) {
        if (Status s = merge_entity(yr, en); !s.ok()) return s;
      }
      for (const YAML::Node& ln : root["lists"]) {
        if (Status s = merge_list(yr, ln); !s.ok()) return s;
      }
      for (const YAML::Node& pn : root["patterns"]) {
        if (Status s = add_pattern(yr, pn); !s.ok()) return s;
      }
    } catch (const YAML::Exception& e) {
      return Status::input(SourceLocation{source.name, static_cast<std::uint64_t>(e.mark.line + 1),
                                          static_cast<std::uint64_t>(e.mark.column + 1), ""},
                           "unexpected registry content: " + e.msg);
    }
    return Status();
  }

  std::string version_, date_;
  std::vector<Entity> entities_;
  std::map<std::string, std::size_t> entity_index_;
  std::vector<std::vector<PendingRef>> parent_refs_;  // per entity, per parent link
  std::vector<DesignationList> lists_;
  std::vector<std::vector<PendingRef>> entry_refs_;  // per list, per entry
  std::vector<ModelPattern> patterns_;
  std::vector<PendingRef> pattern_refs_;
  std::vector<std::unique_ptr<YamlReader>> readers_;

 private:
  Status merge_entity(const YamlReader& yr, const YAML::Node& en) {
    if (Status s = yr.check_keys(en, {"id", "name", "country", "kind", "aliases", "excludes", "parents", "source"},
                                 "an entity");
        !s.ok()) {
      return s;
    }
    std::string id;
    if (Status s = yr.text(en, "id", id, true); !s.ok()) return s;
    auto [it, is_new] = entity_index_.emplace(id, entities_.size());
    if (is_new) {
      entities_.emplace_back().id = id;
      parent_refs_.emplace_back();
    }
    Entity& entity = entities_[it->second];
    // A new entity needs every field; an override gives only what it changes.
    for (auto [key, out] : {std::pair{"name", &entity.name},
                            {"country", &entity.country},
                            {"kind", &entity.kind},
                            {"source", &entity.source}}) {
      if (Status s = yr.text(en, key, *out, is_new); !s.ok()) return s;
    }
    if (en["name"]) entity.name_where = yr.location(en["name"].Mark().line, en["name"].Mark().column);
    for (const YAML::Node& alias : en["aliases"]) {
      entity.aliases.push_back(alias.as<std::string>());
      entity.alias_where.push_back(yr.location(alias.Mark().line, alias.Mark().column));
    }
    for (const YAML::Node& name : en["excludes"]) entity.excludes.push_back(name.as<std::string>());
    if (en["parents"]) {
      entity.parents.clear();
      parent_refs_[it->second].clear();
    }
    for (const YAML::Node& pn : en["parents"]) {
      if (Status s = yr.check_keys(pn, {"entity", "share", "control", "from", "to", "source"}, "a parent link");
          !s.ok()) {
        return s;
      }
      ParentLink link;
      link.where = yr.location(pn.Mark().line, pn.Mark().column);
      std::string parent_id;
      if (Status s = yr.text(pn, "entity", parent_id, true); !s.ok()) return s;
      if (Status s = read_share(yr, pn, link.share); !s.ok()) return s;
      if (Status s = yr.flag(pn, "control", link.control); !s.ok()) return s;
      if (Status s = yr.date(pn, "from", link.from, false); !s.ok()) return s;
      if (Status s = yr.date(pn, "to", link.to, false); !s.ok()) return s;
      if (Status s = yr.text(pn, "source", link.source, true); !s.ok()) return s;
      entity.parents.push_back(std::move(link));
      parent_refs_[it->second].push_back(PendingRef{parent_id, pn, &yr});
    }
    return Status();
  }

  Status merge_list(const YamlReader& yr, const YAML::Node& ln) {
    if (Status s = yr.check_keys(ln, {"id", "authority", "jurisdiction", "title", "entries"}, "a list"); !s.ok()) {
      return s;
    }
    std::string id;
    if (Status s = yr.text(ln, "id", id, true); !s.ok()) return s;
    auto found = std::find_if(lists_.begin(), lists_.end(), [&](const DesignationList& l) { return l.id == id; });
    const bool is_new = found == lists_.end();
    if (is_new) {
      lists_.emplace_back().id = id;
      entry_refs_.emplace_back();
      found = lists_.end() - 1;
    }
    const auto index = static_cast<std::size_t>(found - lists_.begin());
    DesignationList& list = *found;
    for (auto [key, out] :
         {std::pair{"authority", &list.authority}, {"jurisdiction", &list.jurisdiction}, {"title", &list.title}}) {
      if (Status s = yr.text(ln, key, *out, is_new); !s.ok()) return s;
    }
    for (const YAML::Node& dn : ln["entries"]) {
      if (Status s = yr.check_keys(dn, {"entity", "added", "removed", "source", "note", "verified"}, "a list entry");
          !s.ok()) {
        return s;
      }
      Designation d;
      std::string entity_id;
      if (Status s = yr.text(dn, "entity", entity_id, true); !s.ok()) return s;
      std::optional<Date> added;
      if (Status s = yr.date(dn, "added", added, true); !s.ok()) return s;
      d.added = *added;
      if (Status s = yr.date(dn, "removed", d.removed, false); !s.ok()) return s;
      if (d.removed && *d.removed < d.added) return yr.error(dn["removed"], "'removed' is before 'added'");
      if (Status s = yr.text(dn, "source", d.source, true); !s.ok()) return s;
      if (Status s = yr.text(dn, "note", d.note, false); !s.ok()) return s;
      if (Status s = yr.flag(dn, "verified", d.verified); !s.ok()) return s;
      list.entries.push_back(std::move(d));
      entry_refs_[index].push_back(PendingRef{entity_id, dn, &yr});
    }
    return Status();
  }

  Status add_pattern(const YamlReader& yr, const YAML::Node& pn) {
    if (Status s = yr.check_keys(pn, {"match", "entity", "family", "function", "source", "verified"}, "a pattern");
        !s.ok()) {
      return s;
    }
    ModelPattern p;
    std::string entity_id;
    if (Status s = yr.text(pn, "match", p.match, true); !s.ok()) return s;
    if (Status s = yr.text(pn, "entity", entity_id, true); !s.ok()) return s;
    if (Status s = yr.text(pn, "family", p.family, true); !s.ok()) return s;
    if (Status s = yr.text(pn, "function", p.function, false); !s.ok()) return s;
    if (Status s = yr.text(pn, "source", p.source, true); !s.ok()) return s;
    if (Status s = yr.flag(pn, "verified", p.verified); !s.ok()) return s;
    RE2::Options options;
    options.set_case_sensitive(false);
    options.set_log_errors(false);
    auto regex = std::make_shared<RE2>(p.match, options);
    if (!regex->ok()) return yr.error(pn["match"], fmt::format("bad regular expression: {}", regex->error()));
    p.regex = std::move(regex);
    patterns_.push_back(std::move(p));
    pattern_refs_.push_back(PendingRef{entity_id, pn, &yr});
    return Status();
  }
};

}  // namespace

Result<Registry> Registry::load(const std::vector<RegistrySource>& sources) {
  RegistryMerger merger;
  Registry reg;
  for (const RegistrySource& source : sources) {
    if (Status s = merger.merge(source); !s.ok()) return s;
    reg.origins_.push_back(source.name);
  }
  if (merger.version_.empty() || merger.date_.empty()) {
    return Status::input(fmt::format("{}: the registry needs a 'version' and a 'date'", sources.front().name));
  }
  reg.version_ = merger.version_;
  reg.date_ = merger.date_;
  reg.entities_ = std::move(merger.entities_);
  for (EntityIndex e = 0; e < reg.entities_.size(); ++e) reg.by_id_.emplace(reg.entities_[e].id, e);
  auto resolve = [&](const PendingRef& ref, std::string_view what) -> Result<EntityIndex> {
    const auto found = reg.find_entity(ref.id);
    if (!found)
      return ref.reader->error(ref.node, fmt::format("{} '{}' is not an entity in the registry", what, ref.id));
    return *found;
  };
  for (EntityIndex e = 0; e < reg.entities_.size(); ++e) {
    for (std::size_t p = 0; p < merger.parent_refs_[e].size(); ++p) {
      auto parent = resolve(merger.parent_refs_[e][p], "parent");
      if (!parent.ok()) return parent.status();
      reg.entities_[e].parents[p].parent = *parent;
    }
  }
  reg.lists_ = std::move(merger.lists_);
  for (std::size_t l = 0; l < reg.lists_.size(); ++l) {
    for (std::size_t i = 0; i < merger.entry_refs_[l].size(); ++i) {
      auto entity = resolve(merger.entry_refs_[l][i], "list entry");
      if (!entity.ok()) return entity.status();
      reg.lists_[l].entries[i].entity = *entity;
    }
  }
  reg.patterns_ = std::move(merger.patterns_);
  for (std::size_t i = 0; i < reg.patterns_.size(); ++i) {
    auto entity = resolve(merger.pattern_refs_[i], "pattern entity");
    if (!entity.ok()) return entity.status();
    reg.patterns_[i].entity = *entity;
  }
  if (Status s = reg.check_control_cycles(); !s.ok()) return s;
  if (Status s = reg.index(); !s.ok()) return s;
  return reg;
}

Status Registry::check_control_cycles() const {
  // Any cycle of parent links is refused, whatever the dates: ownership data with a cycle is wrong.
  enum : char { kWhite, kGrey, kBlack };
  std::vector<char> colour(entities_.size(), kWhite);
  std::vector<std::pair<EntityIndex, std::size_t>> stack;
  for (EntityIndex root = 0; root < entities_.size(); ++root) {
    if (colour[root] != kWhite) continue;
    stack.push_back({root, 0});
    colour[root] = kGrey;
    while (!stack.empty()) {
      auto& [e, next] = stack.back();
      if (next == entities_[e].parents.size()) {
        colour[e] = kBlack;
        stack.pop_back();
        continue;
      }
      const ParentLink& link = entities_[e].parents[next++];
      const EntityIndex p = link.parent;
      if (colour[p] == kGrey) {
        // At the parent link that closes the cycle.
        return Status::input(link.where, fmt::format("ownership cycle: '{}' is among its own parents (via '{}')",
                                                     entities_[p].id, entities_[e].id));
      }
      if (colour[p] == kWhite) {
        colour[p] = kGrey;
        stack.push_back({p, 0});
      }
    }
  }
  return Status();
}

Status Registry::index() {
  excludes_.assign(entities_.size(), {});
  for (EntityIndex e = 0; e < entities_.size(); ++e) {
    for (const std::string& name : entities_[e].excludes) excludes_[e].push_back(normalize_entity_name(name));
    const Entity& entity = entities_[e];
    for (std::size_t i = 0; i <= entity.aliases.size(); ++i) {
      const bool is_name = i == entity.aliases.size();
      const std::string& alias = is_name ? entity.name : entity.aliases[i];
      const std::string key = normalize_entity_name(alias);
      if (key.empty()) continue;
      auto [it, inserted] = by_alias_.emplace(key, e);
      if (!inserted && it->second != e) {
        const SourceLocation where =
            is_name ? entity.name_where : (i < entity.alias_where.size() ? entity.alias_where[i] : SourceLocation{});
        const std::string message =
            fmt::format("alias '{}' names both '{}' and '{}'", alias, entities_[it->second].id, entity.id);
        return where.file.empty() ? Status::input(fmt::format("{}: {}", origins_.back(), message))
                                  : Status::input(where, message);
      }
    }
  }
  return Status();
}

Result<std::vector<RegistrySource>> Registry::builtin_sources(const std::vector<std::string>& overlay_paths,
                                                              std::uint64_t max_file_bytes) {
  std::vector<RegistrySource> sources;
  for (const char* name : {"entities.yaml", "lists.yaml", "patterns.yaml"}) {
    for (const EmbeddedFile& file : embedded_files()) {
      if (file.name == name) sources.push_back(RegistrySource{std::string(file.bytes), std::string("builtin:") + name});
    }
  }
  if (sources.size() != 3) return Status::internal("the built-in registry is missing from this build");
  for (const std::string& path : overlay_paths) {
    auto text = read_file(path, max_file_bytes, "registry overlay");
    if (!text.ok()) return text.status();
    sources.push_back(RegistrySource{std::move(*text), path});
  }
  return sources;
}

Result<Registry> Registry::builtin(const std::vector<std::string>& overlay_paths, std::uint64_t max_file_bytes) {
  auto sources = builtin_sources(overlay_paths, max_file_bytes);
  if (!sources.ok()) return sources.status();
  return load(*sources);
}

}  // namespace kitwatch
