// The reference registry: legal entities (with aliases and who controls them) and designation
// lists (which authority listed which entity, when, on what source). Shipped in
// data/registry/registry.yaml, compiled into the binary, and replaceable with --registry FILE.
//
// Thread safety: a loaded Registry is immutable; share it freely across threads.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "base/date.h"
#include "base/status.h"

namespace kitwatch {

using EntityIndex = std::uint32_t;
inline constexpr EntityIndex kNoEntity = 0xFFFFFFFFu;

struct ParentLink {
  EntityIndex parent = kNoEntity;
  double share = 0;              // ownership share, 0..1, when known (0 = not stated)
  bool control = false;          // the parent controls the child (majority or stated control)
  std::optional<Date> from, to;  // the link holds on [from, to)
  std::string source;
};

struct Entity {
  std::string id, name, country, kind, source;
  std::vector<std::string> aliases;
  std::vector<ParentLink> parents;
  bool is_manufacturer() const { return kind != "operator"; }
};

struct Designation {
  EntityIndex entity = kNoEntity;
  Date added;
  std::optional<Date> removed;  // active on [added, removed)
  std::string source, note;
  bool verified = true;
  bool active_on(Date d) const { return added <= d && (!removed || d < *removed); }
};

struct DesignationList {
  std::string id, authority, jurisdiction, title;
  std::vector<Designation> entries;
};

// A declared name matched to an entity: exact alias (confidence 1) or an alias that is a leading
// run of the name's words ("Huawei Tech. Dept" → Huawei, confidence 0.9).
struct NameMatch {
  EntityIndex entity = kNoEntity;
  double confidence = 0;
  std::string alias;  // the normalised alias that matched
};

class Registry {
 public:
  // The registry compiled into the binary.
  static Result<Registry> builtin();
  // A registry from YAML text; name is used in error locations.
  static Result<Registry> from_yaml(std::string_view text, const std::string& name);
  static Result<Registry> from_file(const std::string& path);

  const std::string& version() const { return version_; }
  const std::string& date() const { return date_; }
  const std::string& origin() const { return origin_; }
  const std::vector<Entity>& entities() const { return entities_; }
  const std::vector<DesignationList>& lists() const { return lists_; }
  const Entity& entity(EntityIndex e) const { return entities_[e]; }

  std::optional<EntityIndex> find_entity(std::string_view id) const;
  std::optional<std::size_t> find_list(std::string_view id) const;
  std::optional<NameMatch> match_name(std::string_view declared) const;
  // e, then each controlling parent in turn at date d, up to the ultimate controller (cycles stop).
  std::vector<EntityIndex> control_chain(EntityIndex e, Date d) const;

 private:
  Status index();

  std::string version_, date_, origin_;
  std::vector<Entity> entities_;
  std::vector<DesignationList> lists_;
  std::unordered_map<std::string, EntityIndex> by_id_;
  std::unordered_map<std::string, EntityIndex> by_alias_;  // normalised alias → entity
};

// Lower-case words without punctuation or legal-form words: "HUAWEI TECHNOLOGIES CO.,LTD" →
// "huawei technologies". Non-ASCII text (e.g. 华为) is kept as it is.
std::string normalize_entity_name(std::string_view name);

}  // namespace kitwatch
