#include "registry/registry.h"

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>
#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>

#include "base/embedded_files.h"

namespace kitwatch {
namespace {

// Reads the registry YAML, checking every key and naming the line and column of any problem.
class YamlReader {
 public:
  explicit YamlReader(std::string name) : name_(std::move(name)) {}

  Status error(const YAML::Node& node, const std::string& message) const {
    const YAML::Mark mark = node.Mark();
    return Status::input(SourceLocation{name_, static_cast<std::uint64_t>(mark.line + 1),
                                        static_cast<std::uint64_t>(mark.column + 1), ""},
                         message);
  }

  Status check_keys(const YAML::Node& node, std::initializer_list<std::string_view> allowed,
                    std::string_view what) const {
    if (!node.IsMap()) return error(node, fmt::format("expected a mapping for {}", what));
    for (const auto& item : node) {
      const std::string key = item.first.as<std::string>();
      if (std::find(allowed.begin(), allowed.end(), key) == allowed.end()) {
        std::string list;
        for (auto a : allowed) list += fmt::format("{}{}", list.empty() ? "" : ", ", a);
        return error(item.first, fmt::format("unknown key '{}' in {} (allowed: {})", key, what, list));
      }
    }
    return Status();
  }

  Status text(const YAML::Node& node, std::string_view key, std::string& out, bool required) const {
    const YAML::Node value = node[std::string(key)];
    if (!value) {
      return required ? error(node, fmt::format("missing required key '{}'", key)) : Status();
    }
    if (!value.IsScalar()) return error(value, fmt::format("'{}' must be a single value", key));
    out = value.Scalar();
    return Status();
  }

  Status date(const YAML::Node& node, std::string_view key, std::optional<Date>& out, bool required) const {
    std::string raw;
    if (Status s = text(node, key, raw, required); !s.ok()) return s;
    if (raw.empty()) return Status();
    out = Date::parse(raw);
    if (!out) return error(node[std::string(key)], fmt::format("'{}' is not a real date in YYYY-MM-DD form", raw));
    return Status();
  }

  Status flag(const YAML::Node& node, std::string_view key, bool& out) const {
    std::string raw;
    if (Status s = text(node, key, raw, false); !s.ok()) return s;
    if (raw.empty()) return Status();
    if (raw != "true" && raw != "false")
      return error(node[std::string(key)], fmt::format("'{}' must be true or false", key));
    out = raw == "true";
    return Status();
  }

 private:
  std::string name_;
};

bool is_legal_form(std::string_view word) {
  static const std::set<std::string_view> kWords = {
      "co",  "ltd", "limited", "inc", "incorporated", "corp", "corporation", "company", "gmbh", "ag",  "sa",
      "sas", "ab",  "plc",     "llc", "bv",           "nv",   "oy",          "oyj",     "spa",  "srl", "the"};
  return kWords.contains(word);
}

}  // namespace

std::string normalize_entity_name(std::string_view name) {
  std::string out;
  std::string word;
  auto flush = [&] {
    if (!word.empty() && !is_legal_form(word)) {
      if (!out.empty()) out.push_back(' ');
      out += word;
    }
    word.clear();
  };
  for (char c : name) {
    const auto u = static_cast<unsigned char>(c);
    if (u >= 0x80 || std::isalnum(u)) {
      word.push_back(static_cast<char>(u < 0x80 ? std::tolower(u) : u));
    } else {
      flush();
    }
  }
  flush();
  return out;
}

Result<Registry> Registry::builtin() {
  for (const EmbeddedFile& file : embedded_files()) {
    if (file.name == "registry.yaml") return from_yaml(file.bytes, "builtin:registry.yaml");
  }
  return Status::internal("the built-in registry is missing from this build");
}

Result<Registry> Registry::from_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::io(fmt::format("{}: cannot open the registry file", path));
  std::ostringstream text;
  text << in.rdbuf();
  return from_yaml(text.str(), path);
}

Result<Registry> Registry::from_yaml(std::string_view text, const std::string& name) {
  YamlReader yr(name);
  Registry reg;
  reg.origin_ = name;
  YAML::Node root;
  try {
    root = YAML::Load(std::string(text));
  } catch (const YAML::Exception& e) {
    return Status::input(SourceLocation{name, static_cast<std::uint64_t>(e.mark.line + 1),
                                        static_cast<std::uint64_t>(e.mark.column + 1), ""},
                         "invalid YAML: " + e.msg);
  }
  try {
    if (Status s = yr.check_keys(root, {"version", "date", "entities", "lists"}, "the registry"); !s.ok()) return s;
    if (Status s = yr.text(root, "version", reg.version_, true); !s.ok()) return s;
    std::optional<Date> date;
    if (Status s = yr.date(root, "date", date, true); !s.ok()) return s;
    reg.date_ = date->to_string();
    // Parent links name entities that may come later: keep their ids and resolve after.
    std::vector<std::vector<std::pair<std::string, YAML::Node>>> pending_parents;
    for (const YAML::Node& en : root["entities"]) {
      if (Status s = yr.check_keys(en, {"id", "name", "country", "kind", "aliases", "parents", "source"}, "an entity");
          !s.ok()) {
        return s;
      }
      Entity entity;
      for (auto [key, out] : {std::pair{"id", &entity.id},
                              {"name", &entity.name},
                              {"country", &entity.country},
                              {"kind", &entity.kind},
                              {"source", &entity.source}}) {
        if (Status s = yr.text(en, key, *out, true); !s.ok()) return s;
      }
      if (reg.by_id_.contains(entity.id))
        return yr.error(en["id"], fmt::format("entity id '{}' is used twice", entity.id));
      reg.by_id_.emplace(entity.id, static_cast<EntityIndex>(reg.entities_.size()));
      for (const YAML::Node& alias : en["aliases"]) entity.aliases.push_back(alias.as<std::string>());
      auto& parents = pending_parents.emplace_back();
      for (const YAML::Node& pn : en["parents"]) {
        if (Status s = yr.check_keys(pn, {"entity", "share", "control", "from", "to", "source"}, "a parent link");
            !s.ok()) {
          return s;
        }
        ParentLink link;
        std::string share;
        if (Status s = yr.text(pn, "share", share, false); !s.ok()) return s;
        if (!share.empty()) {
          link.share = pn["share"].as<double>();
          if (!(link.share >= 0 && link.share <= 1)) return yr.error(pn["share"], "share must be between 0 and 1");
        }
        if (Status s = yr.flag(pn, "control", link.control); !s.ok()) return s;
        if (Status s = yr.date(pn, "from", link.from, false); !s.ok()) return s;
        if (Status s = yr.date(pn, "to", link.to, false); !s.ok()) return s;
        if (Status s = yr.text(pn, "source", link.source, true); !s.ok()) return s;
        std::string parent_id;
        if (Status s = yr.text(pn, "entity", parent_id, true); !s.ok()) return s;
        entity.parents.push_back(std::move(link));
        parents.emplace_back(parent_id, pn);
      }
      reg.entities_.push_back(std::move(entity));
    }
    for (std::size_t e = 0; e < reg.entities_.size(); ++e) {
      for (std::size_t p = 0; p < pending_parents[e].size(); ++p) {
        const auto& [parent_id, node] = pending_parents[e][p];
        const auto parent = reg.find_entity(parent_id);
        if (!parent) return yr.error(node, fmt::format("parent '{}' is not an entity in the registry", parent_id));
        reg.entities_[e].parents[p].parent = *parent;
      }
    }
    for (const YAML::Node& ln : root["lists"]) {
      if (Status s = yr.check_keys(ln, {"id", "authority", "jurisdiction", "title", "entries"}, "a list"); !s.ok())
        return s;
      DesignationList list;
      for (auto [key, out] : {std::pair{"id", &list.id},
                              {"authority", &list.authority},
                              {"jurisdiction", &list.jurisdiction},
                              {"title", &list.title}}) {
        if (Status s = yr.text(ln, key, *out, true); !s.ok()) return s;
      }
      for (const YAML::Node& dn : ln["entries"]) {
        if (Status s = yr.check_keys(dn, {"entity", "added", "removed", "source", "note", "verified"}, "a list entry");
            !s.ok()) {
          return s;
        }
        Designation d;
        std::string entity_id;
        if (Status s = yr.text(dn, "entity", entity_id, true); !s.ok()) return s;
        const auto entity = reg.find_entity(entity_id);
        if (!entity) return yr.error(dn["entity"], fmt::format("'{}' is not an entity in the registry", entity_id));
        d.entity = *entity;
        std::optional<Date> added;
        if (Status s = yr.date(dn, "added", added, true); !s.ok()) return s;
        d.added = *added;
        if (Status s = yr.date(dn, "removed", d.removed, false); !s.ok()) return s;
        if (d.removed && *d.removed < d.added) return yr.error(dn["removed"], "'removed' is before 'added'");
        if (Status s = yr.text(dn, "source", d.source, true); !s.ok()) return s;
        if (Status s = yr.text(dn, "note", d.note, false); !s.ok()) return s;
        if (Status s = yr.flag(dn, "verified", d.verified); !s.ok()) return s;
        list.entries.push_back(std::move(d));
      }
      reg.lists_.push_back(std::move(list));
    }
  } catch (const YAML::Exception& e) {
    return Status::input(SourceLocation{name, static_cast<std::uint64_t>(e.mark.line + 1),
                                        static_cast<std::uint64_t>(e.mark.column + 1), ""},
                         "unexpected registry content: " + e.msg);
  }
  if (Status s = reg.index(); !s.ok()) return s;
  return reg;
}

Status Registry::index() {
  for (EntityIndex e = 0; e < entities_.size(); ++e) {
    std::vector<std::string> names = entities_[e].aliases;
    names.push_back(entities_[e].name);
    for (const std::string& alias : names) {
      const std::string key = normalize_entity_name(alias);
      if (key.empty()) continue;
      auto [it, inserted] = by_alias_.emplace(key, e);
      if (!inserted && it->second != e) {
        return Status::input(fmt::format("{}: alias '{}' names both '{}' and '{}'", origin_, alias,
                                         entities_[it->second].id, entities_[e].id));
      }
    }
  }
  return Status();
}

std::optional<EntityIndex> Registry::find_entity(std::string_view id) const {
  auto it = by_id_.find(std::string(id));
  if (it == by_id_.end()) return std::nullopt;
  return it->second;
}

std::optional<std::size_t> Registry::find_list(std::string_view id) const {
  for (std::size_t i = 0; i < lists_.size(); ++i) {
    if (lists_[i].id == id) return i;
  }
  return std::nullopt;
}

std::optional<NameMatch> Registry::match_name(std::string_view declared) const {
  std::string key = normalize_entity_name(declared);
  if (key.empty()) return std::nullopt;
  if (auto it = by_alias_.find(key); it != by_alias_.end()) return NameMatch{it->second, 1.0, key};
  // The longest alias that is a leading run of whole words.
  while (true) {
    const std::size_t space = key.rfind(' ');
    if (space == std::string::npos) return std::nullopt;
    key.resize(space);
    if (auto it = by_alias_.find(key); it != by_alias_.end()) return NameMatch{it->second, 0.9, key};
  }
}

std::vector<EntityIndex> Registry::control_chain(EntityIndex e, Date d) const {
  std::vector<EntityIndex> chain{e};
  for (;;) {
    EntityIndex next = kNoEntity;
    for (const ParentLink& link : entities_[chain.back()].parents) {
      const bool active = (!link.from || *link.from <= d) && (!link.to || d < *link.to);
      if (link.control && active) {
        next = link.parent;
        break;
      }
    }
    if (next == kNoEntity || std::find(chain.begin(), chain.end(), next) != chain.end()) return chain;
    chain.push_back(next);
  }
}

}  // namespace kitwatch
