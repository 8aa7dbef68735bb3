// The reference registry: legal entities (with aliases and who controls them), designation lists
// (which authority listed which entity, when, on what source) and product-line patterns over model
// strings. Shipped in data/registry/*.yaml, compiled into the binary, and extended or overridden
// by user overlays (--registry FILE, repeatable).
//
// Thread safety: a loaded Registry is immutable; share it freely across threads.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "base/date.h"
#include "base/read_file.h"
#include "base/status.h"

namespace re2 {
class RE2;
}

namespace kitwatch {

using EntityIndex = std::uint32_t;
inline constexpr EntityIndex kNoEntity = 0xFFFFFFFFu;

struct ParentLink {
  EntityIndex parent = kNoEntity;
  double share = 0;              // ownership share, 0..1, when known (0 = not stated)
  bool control = false;          // stated control; a share above 0.5 is control too
  std::optional<Date> from, to;  // the link holds on [from, to)
  std::string source;
  SourceLocation where;  // the link in its registry file, for locating a refusal
  bool controls() const { return control || share > 0.5; }
  bool active_on(Date d) const { return (!from || *from <= d) && (!to || d < *to); }
};

struct Entity {
  std::string id, name, country, kind, source;
  std::vector<std::string> aliases;
  // Where the name and each alias were given (aliases' order), for locating a collision.
  SourceLocation name_where;
  std::vector<SourceLocation> alias_where;
  // Names that start like an alias but are other companies ("Juniper Systems" is not Juniper
  // Networks): a leading-words match that starts with one of these is refused.
  std::vector<std::string> excludes;
  std::vector<ParentLink> parents;
  // Operators' brands and holding companies label kit but do not make it.
  bool is_manufacturer() const { return kind != "operator" && kind != "holding"; }
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

// A product-line pattern: model strings matching `match` (RE2, whole string, case-insensitive)
// are made by `entity`.
struct ModelPattern {
  std::string match, family, function, source;
  EntityIndex entity = kNoEntity;
  bool verified = true;
  std::shared_ptr<const re2::RE2> regex;
};

// A declared name matched to an entity.
struct NameMatch {
  enum class Kind { kExact, kLeadingWords, kFuzzy };
  EntityIndex entity = kNoEntity;
  Kind kind = Kind::kExact;
  double similarity = 1;  // 1 for exact and leading words; Jaro-Winkler for fuzzy
  std::string alias;      // the normalised alias that matched
  // For fuzzy matches, the best alias of another entity (kept so a near tie is visible).
  EntityIndex runner_up = kNoEntity;
  double runner_up_similarity = 0;
};

// One registry file's text, and the name used in error locations.
struct RegistrySource {
  std::string text, name;
};

class Registry {
 public:
  // The registry compiled into the binary, then each overlay file in order (each a regular file of
  // at most max_file_bytes, base/read_file.h).
  static Result<Registry> builtin(const std::vector<std::string>& overlay_paths = {},
                                  std::uint64_t max_file_bytes = kDefaultMaxFileBytes);
  // What builtin() reads: the compiled-in files, then each overlay file's text (for callers that
  // extend a copy of the registry, as what-if does).
  static Result<std::vector<RegistrySource>> builtin_sources(const std::vector<std::string>& overlay_paths = {},
                                                             std::uint64_t max_file_bytes = kDefaultMaxFileBytes);
  // A registry merged from sources in order: a later source adds entities, lists and patterns,
  // and overrides the fields it gives of ones that exist (see docs/registry.md).
  static Result<Registry> load(const std::vector<RegistrySource>& sources);
  static Result<Registry> from_yaml(std::string_view text, const std::string& name) {
    return load({RegistrySource{std::string(text), name}});
  }

  const std::string& version() const { return version_; }
  const std::string& date() const { return date_; }
  const std::vector<std::string>& origins() const { return origins_; }
  const std::vector<Entity>& entities() const { return entities_; }
  const std::vector<DesignationList>& lists() const { return lists_; }
  const std::vector<ModelPattern>& patterns() const { return patterns_; }
  const Entity& entity(EntityIndex e) const { return entities_[e]; }

  std::optional<EntityIndex> find_entity(std::string_view id) const;
  std::optional<std::size_t> find_list(std::string_view id) const;
  // Exact alias, else the longest alias that is a leading run of whole words.
  std::optional<NameMatch> match_name(std::string_view declared) const;
  // Like match_name, then the most similar alias by Jaro-Winkler at or above min_similarity
  // (aliases shorter than 5 characters never match fuzzily: "ZTT" is not ZTE).
  std::optional<NameMatch> match_name_fuzzy(std::string_view declared, double min_similarity) const;
  // The first pattern whose regular expression matches the whole model string; failing that, when
  // the model's first word is a maker's name ("Huawei NE40E-X8"), that maker's first pattern
  // matching the rest, and when it is an operator or reseller brand or a word that names no one
  // ("BT S5735-L24P4S-A", "Generic DS-2CD2143G2-I"), the first pattern matching the rest.
  const ModelPattern* match_model(std::string_view model) const;
  // e, then each controlling parent in turn at date d, up to the ultimate controller.
  std::vector<EntityIndex> control_chain(EntityIndex e, Date d) const;

 private:
  Status index();
  Status check_control_cycles() const;
  const ModelPattern* match_model(std::string_view model, bool drop_brand) const;

  std::string version_, date_;
  std::vector<std::string> origins_;
  std::vector<Entity> entities_;
  std::vector<DesignationList> lists_;
  std::vector<ModelPattern> patterns_;
  std::unordered_map<std::string, EntityIndex> by_id_;
  std::unordered_map<std::string, EntityIndex> by_alias_;  // normalised alias → entity
  std::vector<std::vector<std::string>> excludes_;         // per entity, normalised
};

// Unicode NFKC with case folding, punctuation removed, legal-form words dropped:
// "HUAWEI TECHNOLOGIES CO.,LTD" → "huawei", "ＺＴＥ Corp." → "zte". Non-Latin scripts are kept.
std::string normalize_entity_name(std::string_view name);

// A normalised vendor name that names no one: "generic", "oem", "unbranded", "unknown", ...
bool is_generic_vendor_word(std::string_view normalized);

// Jaro-Winkler similarity of two strings (bytes), in [0, 1].
double jaro_winkler(std::string_view a, std::string_view b);

class MacRegistry;

// The registry for people, every fact with its source: version, origins and counts (with the MAC
// registry's); every designation list with its dated entries; one entity (aliases, parents,
// designations, patterns), or a usage error naming an unknown id.
std::string describe_registry(const Registry& registry, const MacRegistry& macs);
std::string describe_lists(const Registry& registry);
Result<std::string> describe_entity(const Registry& registry, const std::string& id);
// The same entity as JSON text (found the same way): its facts with their sources, its control
// chain at as_of, and each designation with whether it is active at as_of and verified.
Result<std::string> describe_entity_json(const Registry& registry, const std::string& id, Date as_of);
// The registry's version, date and designation lists (entries counted, active at as_of), as JSON text.
std::string describe_registry_json(const Registry& registry, Date as_of);

}  // namespace kitwatch
