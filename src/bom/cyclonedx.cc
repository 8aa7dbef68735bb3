// CycloneDX 1.4–1.6 JSON → BomSet. The rules for which fields are read are in docs/bom.md.
#include <fmt/format.h>

#include <algorithm>
#include <unordered_map>

#include "base/csv_reader.h"
#include "base/json_tree.h"
#include "base/line_index.h"
#include "bom/bom.h"
#include "bom/bom_internal.h"

namespace kitwatch {
namespace {

using json_tree::Value;
using Kind = json_tree::Value::Kind;

// Nested components add two JSON levels each; the rest of a document needs a handful more.
constexpr std::size_t kMaxJsonDepth = 2 * kMaxBomNesting + 16;

class CycloneDxReader {
 public:
  CycloneDxReader(std::string_view bytes, const std::string& name, BomSet& bom)
      : name_(name), lines_(bytes), bom_(bom), first_(static_cast<BomIndex>(bom.components.size())) {}

  Status read(const Value& root) {
    if (Status s = check_header(root); !s.ok()) return s;
    // Both are optional in CycloneDX: a BOM may describe no product, only a list of components.
    const Value* metadata = root.get("metadata");
    if (Status s = expect(metadata, Kind::kObject, root, "metadata", false); !s.ok()) return s;
    const Value* product = metadata ? metadata->get("component") : nullptr;
    if (product) {
      if (Status s = expect(product, Kind::kObject, *metadata, "component", false); !s.ok()) return s;
    }
    BomIndex root_index = kNoBom;
    if (product) {
      if (Status s = component(*product, 0, root_index); !s.ok()) return s;
    }
    std::vector<BomIndex> top_level;
    if (const Value* list = root.get("components")) {
      if (Status s = components(*list, root, "components", 0, root_index, &top_level); !s.ok()) return s;
    }
    if (const Value* list = root.get("services")) {
      if (Status s = services(*list, root, 0, root_index); !s.ok()) return s;
    }
    if (const Value* deps = root.get("dependencies")) {
      if (Status s = dependencies(*deps, root); !s.ok()) return s;
    }
    for (BomIndex c = first_; c < bom_.components.size(); ++c) {
      auto& children = bom_.components[c].children;
      std::sort(children.begin(), children.end());
      children.erase(std::unique(children.begin(), children.end()), children.end());
      // An excluded component is documented but not part of what is delivered (CycloneDX
      // `scope: excluded`): it is no one's part, so losing it loses nothing.
      if (!excluded_.empty()) {
        std::erase_if(children,
                      [this](BomIndex child) { return std::binary_search(excluded_.begin(), excluded_.end(), child); });
      }
    }
    if (!excluded_.empty()) {
      note(root.offset, fmt::format("{} component(s) of scope 'excluded' are not counted as parts (first: '{}')",
                                    excluded_.size(), bom_.components[excluded_.front()].name));
    }
    if (Status s = check_cycles(); !s.ok()) return s;
    if (product) return add_product(metadata, root_index);
    return add_device_products(root, top_level);
  }

 private:
  Status error(std::size_t offset, std::string field, const std::string& message) const {
    return Status::input(lines_.location(name_, offset, std::move(field)), message);
  }

  // A member of the wrong JSON type (or missing when required) is an error at the member.
  Status expect(const Value* v, Kind kind, const Value& parent, std::string_view key, bool required) const {
    if (!v) {
      if (!required) return Status();
      return error(parent.offset, std::string(key),
                   fmt::format("missing '{}': expected {}", key, json_tree::kind_name(kind)));
    }
    if (v->kind != kind) {
      return error(
          v->offset, std::string(key),
          fmt::format("'{}' is {}: expected {}", key, json_tree::kind_name(v->kind), json_tree::kind_name(kind)));
    }
    return Status();
  }

  Status string_member(const Value& object, std::string_view key, bool required, std::string& out) const {
    const Value* v = object.get(key);
    if (Status s = expect(v, Kind::kString, object, key, required); !s.ok()) return s;
    if (v) out = v->text;
    return Status();
  }

  Status check_header(const Value& root) {
    if (root.kind != Kind::kObject) return error(root.offset, "", "a CycloneDX document must be a JSON object");
    std::string format, spec;
    if (Status s = string_member(root, "bomFormat", true, format); !s.ok()) return s;
    if (format != "CycloneDX") {
      return error(root.get("bomFormat")->offset, "bomFormat",
                   fmt::format("bomFormat is '{}': expected 'CycloneDX'", format));
    }
    if (Status s = string_member(root, "specVersion", true, spec); !s.ok()) return s;
    if (spec != "1.4" && spec != "1.5" && spec != "1.6") {
      return error(root.get("specVersion")->offset, "specVersion",
                   fmt::format("specVersion '{}' is not supported: expected 1.4, 1.5 or 1.6", spec));
    }
    minor_ = spec[2] - '0';
    return Status();
  }

  // The component types the schema of this document's version allows (CycloneDX 1.4 to 1.6,
  // bom-1.x.schema.json, component.type). A type outside them is refused: a typo would otherwise
  // move a part out of "loses parts".
  bool known_type(std::string_view type) const {
    static constexpr std::string_view k14[] = {"application",      "framework", "library",  "container",
                                               "operating-system", "device",    "firmware", "file"};
    static constexpr std::string_view k15[] = {"platform", "device-driver", "machine-learning-model", "data"};
    if (std::find(std::begin(k14), std::end(k14), type) != std::end(k14)) return true;
    if (minor_ >= 5 && std::find(std::begin(k15), std::end(k15), type) != std::end(k15)) return true;
    return minor_ >= 6 && type == "cryptographic-asset";
  }

  std::string known_types() const {
    std::string out = "application, framework, library, container, operating-system, device, firmware, file";
    if (minor_ >= 5) out += ", platform, device-driver, machine-learning-model, data";
    if (minor_ >= 6) out += ", cryptographic-asset";
    return out;
  }

  void note(std::size_t offset, const std::string& text) {
    bom_.notes.push_back(lines_.location(name_, offset).to_string() + ": " + text);
  }

  // An organizationalEntity: name, and address.country (1.6).
  Status party(const Value& parent, std::string_view key, BomIndex& out) {
    const Value* org = parent.get(key);
    if (Status s = expect(org, Kind::kObject, parent, key, false); !s.ok() || !org) return s;
    std::string name, country;
    if (Status s = string_member(*org, "name", false, name); !s.ok()) return s;
    if (const Value* address = org->get("address")) {
      if (Status s = expect(address, Kind::kObject, *org, "address", false); !s.ok()) return s;
      if (Status s = string_member(*address, "country", false, country); !s.ok()) return s;
    }
    if (!name.empty()) out = bom_.add_party(name, country);
    return Status();
  }

  Status properties(const Value& object, BomIndex c) {
    const Value* list = object.get("properties");
    if (Status s = expect(list, Kind::kArray, object, "properties", false); !s.ok() || !list) return s;
    for (const Value& p : list->items) {
      if (Status s = expect(&p, Kind::kObject, *list, "properties", true); !s.ok()) return s;
      std::string name, value;
      if (Status s = string_member(p, "name", true, name); !s.ok()) return s;
      if (Status s = string_member(p, "value", false, value); !s.ok()) return s;
      if (name == "kitwatch:model" || name == "cdx:device:model") model_property_[c] = value;
    }
    return Status();
  }

  Status component(const Value& v, std::size_t depth, BomIndex& out) {
    if (depth > kMaxBomNesting) {
      return error(
          v.offset, "components",
          fmt::format("components nested deeper than {} levels (a limit against hostile input)", kMaxBomNesting));
    }
    out = static_cast<BomIndex>(bom_.components.size());
    bom_.components.emplace_back();
    BomComponent c;
    c.where = lines_.location(name_, v.offset);
    if (Status s = string_member(v, "type", true, c.type_name); !s.ok()) return s;
    if (!known_type(c.type_name)) {
      return error(
          v.get("type")->offset, "type",
          fmt::format("'{}' is not a CycloneDX 1.{} component type (one of: {}){}", c.type_name, minor_, known_types(),
                      c.type_name == "hardware" ? "; hardware parts are of type 'device'" : ""));
    }
    c.type = component_type_of(c.type_name);
    std::string scope;
    if (Status s = string_member(v, "scope", false, scope); !s.ok()) return s;
    if (!scope.empty() && scope != "required" && scope != "optional" && scope != "excluded") {
      return error(v.get("scope")->offset, "scope",
                   fmt::format("scope '{}': expected required, optional or excluded", scope));
    }
    if (scope == "excluded") excluded_.push_back(out);
    if (Status s = string_member(v, "name", true, c.name); !s.ok()) return s;
    if (Status s = string_member(v, "version", false, c.version); !s.ok()) return s;
    if (Status s = bom_ref(v, c.ref); !s.ok()) return s;
    if (Status s = party(v, "supplier", c.supplier); !s.ok()) return s;
    if (Status s = party(v, "manufacturer", c.manufacturer); !s.ok()) return s;
    if (c.supplier == kNoBom) {
      std::string author;
      if (Status s = string_member(v, "author", false, author); !s.ok()) return s;
      if (!author.empty()) c.supplier = bom_.add_party(author, "");
    }
    if (Status s = register_ref(v, c, out); !s.ok()) return s;
    bom_.components[out] = std::move(c);
    if (Status s = properties(v, out); !s.ok()) return s;
    if (const Value* nested = v.get("components")) {
      if (Status s = components(*nested, v, "components", depth + 1, out); !s.ok()) return s;
    }
    return Status();
  }

  // bom-ref is optional, but when present it must name something (refLinkType, minLength 1).
  Status bom_ref(const Value& v, std::string& out) const {
    if (Status s = string_member(v, "bom-ref", false, out); !s.ok()) return s;
    if (v.get("bom-ref") && out.empty()) return error(v.get("bom-ref")->offset, "bom-ref", "empty bom-ref");
    return Status();
  }

  Status register_ref(const Value& v, BomComponent& c, BomIndex index) {
    if (c.ref.empty()) {
      c.ref = fmt::format("#{}", index - first_);  // cannot be named in dependencies
      return Status();
    }
    auto [it, inserted] = by_ref_.emplace(c.ref, index);
    if (!inserted) {
      return error(v.key_offset("bom-ref"), "bom-ref",
                   fmt::format("duplicate bom-ref '{}' (first declared at {})", c.ref,
                               bom_.components[it->second].where.to_string()));
    }
    return Status();
  }

  // owner: the component the list belongs to, or kNoBom for the top-level list of a BOM without
  // a product, whose entries go to top_level.
  Status components(const Value& list, const Value& parent, std::string_view key, std::size_t depth, BomIndex owner,
                    std::vector<BomIndex>* top_level = nullptr) {
    if (Status s = expect(&list, Kind::kArray, parent, key, true); !s.ok()) return s;
    for (const Value& item : list.items) {
      if (Status s = expect(&item, Kind::kObject, list, key, true); !s.ok()) return s;
      BomIndex child = kNoBom;
      if (Status s = component(item, depth, child); !s.ok()) return s;
      if (owner != kNoBom) bom_.components[owner].children.push_back(child);
      if (top_level) top_level->push_back(child);
    }
    return Status();
  }

  // A service is kept as a component of type "service" whose supplier is its provider: a service
  // of a provider that is cut off is lost like a part (docs/bom.md "Services").
  Status services(const Value& list, const Value& parent, std::size_t depth, BomIndex owner) {
    if (Status s = expect(&list, Kind::kArray, parent, "services", true); !s.ok()) return s;
    for (const Value& v : list.items) {
      if (Status s = expect(&v, Kind::kObject, list, "services", true); !s.ok()) return s;
      if (depth > kMaxBomNesting) {
        return error(
            v.offset, "services",
            fmt::format("services nested deeper than {} levels (a limit against hostile input)", kMaxBomNesting));
      }
      const BomIndex index = static_cast<BomIndex>(bom_.components.size());
      bom_.components.emplace_back();
      BomComponent c;
      c.where = lines_.location(name_, v.offset);
      c.type = ComponentType::kService;
      c.type_name = "service";
      if (Status s = string_member(v, "name", true, c.name); !s.ok()) return s;
      if (Status s = string_member(v, "version", false, c.version); !s.ok()) return s;
      if (Status s = bom_ref(v, c.ref); !s.ok()) return s;
      if (Status s = party(v, "provider", c.supplier); !s.ok()) return s;
      if (Status s = register_ref(v, c, index); !s.ok()) return s;
      bom_.components[index] = std::move(c);
      if (owner != kNoBom) bom_.components[owner].children.push_back(index);
      if (const Value* nested = v.get("services")) {
        if (Status s = services(*nested, v, depth + 1, index); !s.ok()) return s;
      }
    }
    return Status();
  }

  Status find_ref(const Value& v, std::string_view field, BomIndex& out) const {
    auto it = by_ref_.find(v.text);
    if (it == by_ref_.end()) {
      return error(v.offset, std::string(field), fmt::format("unknown bom-ref '{}': no component declares it", v.text));
    }
    out = it->second;
    return Status();
  }

  Status dependencies(const Value& deps, const Value& root) {
    if (Status s = expect(&deps, Kind::kArray, root, "dependencies", true); !s.ok()) return s;
    for (const Value& d : deps.items) {
      if (Status s = expect(&d, Kind::kObject, deps, "dependencies", true); !s.ok()) return s;
      const Value* ref = d.get("ref");
      if (Status s = expect(ref, Kind::kString, d, "ref", true); !s.ok()) return s;
      BomIndex from = kNoBom;
      if (Status s = find_ref(*ref, "ref", from); !s.ok()) return s;
      dependency_at_.emplace(from, d.offset);
      const Value* on = d.get("dependsOn");
      if (Status s = expect(on, Kind::kArray, d, "dependsOn", false); !s.ok() || !on) return s;
      for (const Value& target : on->items) {
        if (Status s = expect(&target, Kind::kString, *on, "dependsOn", true); !s.ok()) return s;
        BomIndex to = kNoBom;
        if (Status s = find_ref(target, "dependsOn", to); !s.ok()) return s;
        if (to == from) {  // the schema allows it; it adds no part
          note(target.offset, fmt::format("'{}' depends on itself: ignored", ref->text));
          continue;
        }
        bom_.components[from].children.push_back(to);
      }
    }
    return Status();
  }

  // Iterative depth-first search; a grey target closes a cycle, named ref by ref.
  Status check_cycles() const {
    const BomIndex n = static_cast<BomIndex>(bom_.components.size()) - first_;
    std::vector<std::uint8_t> colour(n, 0);
    std::vector<std::pair<BomIndex, std::size_t>> stack;
    for (BomIndex start = 0; start < n; ++start) {
      if (colour[start]) continue;
      stack.emplace_back(start + first_, 0);
      colour[start] = 1;
      while (!stack.empty()) {
        auto& [c, next] = stack.back();
        const auto& children = bom_.components[c].children;
        if (next == children.size()) {
          colour[c - first_] = 2;
          stack.pop_back();
          continue;
        }
        const BomIndex child = children[next++];
        if (colour[child - first_] == 1) return cycle_error(stack, child);
        if (colour[child - first_] == 0) {
          colour[child - first_] = 1;
          stack.emplace_back(child, 0);
        }
      }
    }
    return Status();
  }

  Status cycle_error(const std::vector<std::pair<BomIndex, std::size_t>>& stack, BomIndex closing) const {
    std::string refs;
    bool on = false;
    for (const auto& [c, next] : stack) {
      on = on || c == closing;
      if (on) refs += bom_.components[c].ref + " -> ";
    }
    refs += bom_.components[closing].ref;
    const BomIndex last = stack.back().first;
    auto it = dependency_at_.find(last);
    const SourceLocation where =
        it != dependency_at_.end() ? lines_.location(name_, it->second, "dependencies") : bom_.components[last].where;
    return Status::input(where, fmt::format("dependency cycle: {}", refs));
  }

  // metadata: where the deprecated `manufacture` is looked for (null: not there).
  Status add_product(const Value* metadata, BomIndex root) {
    const BomComponent& c = bom_.components[root];
    BomProduct p;
    p.root = root;
    p.where = c.where;
    BomIndex maker = c.manufacturer;
    if (maker == kNoBom && metadata) {
      if (Status s = party(*metadata, "manufacture", maker); !s.ok()) return s;  // deprecated in 1.6
    }
    if (maker == kNoBom) maker = c.supplier;
    if (maker != kNoBom) p.manufacturer = bom_.parties[maker].name;
    if (p.manufacturer.empty()) {
      bom_.notes.push_back(
          fmt::format("{}: product '{}' names no maker (manufacturer, supplier or author): no "
                      "inventory element can be linked to it",
                      c.where.to_string(), c.name));
    }
    auto property = model_property_.find(root);
    if (property != model_property_.end()) {
      p.model = property->second;
      p.model_keys.push_back(normalize_model(p.model));
    } else {
      p.model = c.name;
      p.model_keys.push_back(normalize_model(c.name));
      if (!c.version.empty()) p.model_keys.push_back(normalize_model(c.name + " " + c.version));
    }
    bom_.products.push_back(std::move(p));
    return Status();
  }

  // A BOM without metadata.component: each top-level device is a product of its own maker (a
  // BOM listing a network's boxes). Other top-level components describe no product.
  Status add_device_products(const Value& root, const std::vector<BomIndex>& top_level) {
    std::size_t devices = 0;
    for (const BomIndex c : top_level) {
      if (bom_.components[c].type != ComponentType::kDevice) continue;
      if (std::binary_search(excluded_.begin(), excluded_.end(), c)) continue;
      ++devices;
      if (Status s = add_product(nullptr, c); !s.ok()) return s;
    }
    if (devices == 0) {
      note(root.offset,
           "no product: the BOM has no metadata.component and no top-level component of type 'device', so no "
           "inventory element can be linked to it");
    }
    return Status();
  }

  const std::string& name_;
  LineIndex lines_;
  BomSet& bom_;
  BomIndex first_;
  std::unordered_map<std::string, BomIndex> by_ref_;
  std::unordered_map<BomIndex, std::size_t> dependency_at_;   // component → its dependencies entry
  std::unordered_map<BomIndex, std::string> model_property_;  // component → model property
  int minor_ = 6;                                             // specVersion 1.minor_
  std::vector<BomIndex> excluded_;                            // components of scope "excluded", ascending
};

}  // namespace

Status read_cyclonedx(std::string_view bytes, const std::string& name, BomSet& bom) {
  if (!is_valid_utf8(bytes)) return Status::input(SourceLocation{name, 0, 0, ""}, "the file is not valid UTF-8");
  json_tree::ParseResult parsed = json_tree::parse(bytes, kMaxJsonDepth);
  if (!parsed.ok()) {
    return Status::input(LineIndex(bytes).location(name, parsed.error_offset), "malformed JSON: " + parsed.error);
  }
  // A failed document leaves the set as it was.
  const std::size_t components = bom.components.size(), products = bom.products.size(), parties = bom.parties.size(),
                    notes = bom.notes.size();
  bom.files.push_back(name);
  Status s = CycloneDxReader(bytes, name, bom).read(parsed.root);
  if (!s.ok()) {
    bom.components.resize(components);
    bom.products.resize(products);
    bom.truncate_parties(parties);
    bom.notes.resize(notes);
    bom.files.pop_back();
  }
  return s;
}

}  // namespace kitwatch
