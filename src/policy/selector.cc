// Compiling selectors to per-column tables and evaluating them over the store in blocks.
#include "policy/selector.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cstring>

#include "base/threads.h"

namespace kitwatch {
namespace {

constexpr std::size_t kBlock = 4096;  // elements per evaluation block (a multiple of 64)

bool same_text(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

bool any_value(const std::vector<std::string>& values, std::string_view text) {
  return std::any_of(values.begin(), values.end(), [&](const std::string& v) { return same_text(v, text); });
}

// A scalar comparison over a pool: table[id] says whether the string with that id matches.
std::vector<std::uint8_t> pool_table(const StringPool& pool, const SelectorNode& node) {
  std::vector<std::uint8_t> table(pool.size());
  for (StrId id = 0; id < pool.size(); ++id) table[id] = any_value(node.values, pool.view(id));
  return table;
}

// tags has X: table[tag set id] says whether the canonical ';'-joined set holds one of the values.
std::vector<std::uint8_t> tag_table(const StringPool& tag_sets, const SelectorNode& node) {
  std::vector<std::uint8_t> table(tag_sets.size());
  for (StrId id = 0; id < tag_sets.size(); ++id) {
    std::string_view rest = tag_sets.view(id);
    while (!rest.empty() && !table[id]) {
      const std::size_t semi = rest.find(';');
      table[id] = any_value(node.values, rest.substr(0, semi));
      rest = semi == std::string_view::npos ? std::string_view() : rest.substr(semi + 1);
    }
  }
  return table;
}

Status check_entities(const SelectorNode& node, const Registry& registry) {
  for (std::size_t i = 0; i < node.values.size(); ++i) {
    const std::string& v = node.values[i];
    if (v.empty() || v.starts_with("unregistered:") || registry.find_entity(v)) continue;
    return Status::input(node.where[i], fmt::format("selector: the registry has no entity '{}'", v));
  }
  return Status();
}

Result<std::vector<std::uint32_t>> list_indices(const SelectorNode& node, const Registry& registry) {
  std::vector<std::uint32_t> out;
  for (std::size_t i = 0; i < node.values.size(); ++i) {
    const auto found = registry.find_list(node.values[i]);
    if (!found) {
      std::string known;
      for (const auto& l : registry.lists()) known += fmt::format("{}{}", known.empty() ? "" : ", ", l.id);
      return Status::input(node.where[i], fmt::format("selector: unknown designation list '{}' (the registry has: {})",
                                                      node.values[i], known));
    }
    out.push_back(static_cast<std::uint32_t>(*found));
  }
  return out;
}

// One decision's value for a supplier field (scalar fields only).
std::string_view decision_text(SelectorField field, const Decision& d, const Registry& registry,
                               const Resolution& resolution, std::string& scratch) {
  if (field == SelectorField::kEntityId) {
    scratch = d.maker == kNoMaker ? "" : resolution.maker_id(d.maker, registry);
    return scratch;
  }
  if (d.controller == kNoEntity) return "";
  const Entity& c = registry.entity(d.controller);
  return field == SelectorField::kEntityController ? std::string_view(c.id) : std::string_view(c.country);
}

Result<std::vector<std::uint8_t>> supplier_table(const SelectorNode& node, const Registry& registry,
                                                 const Resolution& resolution, const SupplierFacts& facts) {
  std::vector<std::uint8_t> table(resolution.decisions.size());
  if (node.field == SelectorField::kEntityLists) {
    auto lists = list_indices(node, registry);
    if (!lists.ok()) return lists.status();
    for (std::size_t d = 0; d < table.size(); ++d) {
      const auto& held = facts.lists_of_decision[d];
      table[d] = std::any_of(lists->begin(), lists->end(),
                             [&](std::uint32_t l) { return std::find(held.begin(), held.end(), l) != held.end(); });
    }
    return table;
  }
  if (node.field != SelectorField::kEntityCountry) {
    if (Status s = check_entities(node, registry); !s.ok()) return s;
  }
  std::string scratch;
  for (std::size_t d = 0; d < table.size(); ++d) {
    if (node.field == SelectorField::kEntityIds) {
      const auto& chain = facts.chain_of_decision[d];
      table[d] = std::any_of(chain.begin(), chain.end(),
                             [&](EntityIndex e) { return any_value(node.values, registry.entity(e).id); });
    } else {
      table[d] =
          any_value(node.values, decision_text(node.field, resolution.decisions[d], registry, resolution, scratch));
    }
  }
  return table;
}

template <typename Column, typename Table>
void gather(const Column& column, const Table& table, ElementIndex begin, std::size_t count, std::uint8_t* out) {
  for (std::size_t i = 0; i < count; ++i) out[i] = table[static_cast<std::size_t>(column[begin + i])];
}

// installed OP date; elements without an installed date never match.
void compare_dates(SelectorNode::Op op, std::int32_t days, const std::vector<std::int32_t>& installed,
                   ElementIndex begin, std::size_t count, std::uint8_t* out) {
  using Op = SelectorNode::Op;
  for (std::size_t i = 0; i < count; ++i) {
    const std::int32_t v = installed[begin + i];
    const bool match = op == Op::kLt   ? v < days
                       : op == Op::kLe ? v <= days
                       : op == Op::kGt ? v > days
                       : op == Op::kGe ? v >= days
                       : op == Op::kEq ? v == days
                                       : v != days;
    out[i] = v != kNoDate && match;
  }
}

// Packs count 0/1 bytes into bits, eight at a time: multiplying the eight bytes (as one word) by
// 0x0102040810204080 gathers their low bits into the top byte.
void pack_bits(const std::uint8_t* bytes, std::size_t count, std::uint64_t* words) {
  std::size_t i = 0;
  for (; i + 8 <= count; i += 8) {
    std::uint64_t eight;
    std::memcpy(&eight, bytes + i, 8);
    const std::uint64_t byte = (eight * 0x0102040810204080ULL) >> 56;
    words[i / 64] |= byte << (i % 64);
  }
  for (; i < count; ++i) words[i / 64] |= static_cast<std::uint64_t>(bytes[i]) << (i % 64);
}

}  // namespace

SupplierFacts supplier_facts(const Registry& registry, const Resolution& resolution, Date as_of) {
  SupplierFacts facts;
  auto active = active_designations(registry, {}, as_of);  // every list: cannot fail
  if (active.ok()) facts.designations = std::move(*active);
  facts.designations.resize(registry.entities().size());
  facts.lists_of_decision.resize(resolution.decisions.size());
  facts.chain_of_decision.resize(resolution.decisions.size());
  for (std::size_t d = 0; d < resolution.decisions.size(); ++d) {
    const MakerId maker = resolution.decisions[d].maker;
    if (!resolution.is_entity(maker)) continue;
    facts.chain_of_decision[d] = registry.control_chain(maker, as_of);
    auto& lists = facts.lists_of_decision[d];
    for (const DesignationRef& ref : facts.designations[maker]) {
      const auto l = static_cast<std::uint32_t>(ref.list);
      if (std::find(lists.begin(), lists.end(), l) == lists.end()) lists.push_back(l);
    }
  }
  return facts;
}

Result<CompiledSelector::Node> CompiledSelector::compile_node(const SelectorNode& in, const ElementStore& store,
                                                              const Registry& registry, const Resolution& resolution,
                                                              const SupplierFacts& facts) {
  Node node;
  node.op = in.op;
  node.field = in.field;
  for (const SelectorNode& child : in.children) {
    auto compiled = compile_node(child, store, registry, resolution, facts);
    if (!compiled.ok()) return compiled;
    node.children.push_back(std::move(*compiled));
  }
  if (!in.children.empty() || in.op == SelectorNode::Op::kNot) return node;
  switch (in.field) {
    case SelectorField::kFunction:
      node.table.resize(kFunctionCount);
      for (std::size_t f = 0; f < kFunctionCount; ++f) node.table[f] = any_value(in.values, kFunctionNames[f]);
      break;
    case SelectorField::kRegion:
      node.table = pool_table(store.regions, in);
      break;
    case SelectorField::kSite:
      node.table = pool_table(store.sites, in);
      break;
    case SelectorField::kVendor:
      node.table = pool_table(store.vendors, in);
      break;
    case SelectorField::kModel:
      node.table = pool_table(store.models, in);
      break;
    case SelectorField::kTags:
      node.table = tag_table(store.tag_sets, in);
      break;
    case SelectorField::kInstalled:
      node.days = Date::parse(in.values.front())->days();
      return node;
    default: {
      auto table = supplier_table(in, registry, resolution, facts);
      if (!table.ok()) return table.status();
      node.table = std::move(*table);
    }
  }
  if (in.op == SelectorNode::Op::kNe || in.op == SelectorNode::Op::kNotIn) {
    for (std::uint8_t& m : node.table) m = !m;
  }
  return node;
}

Result<CompiledSelector> CompiledSelector::compile(const Selector& selector, const ElementStore& store,
                                                   const Registry& registry, const Resolution& resolution,
                                                   const SupplierFacts& facts) {
  auto root = compile_node(selector.root(), store, registry, resolution, facts);
  if (!root.ok()) return root.status();
  CompiledSelector compiled;
  compiled.root_ = std::move(*root);
  return compiled;
}

void CompiledSelector::evaluate(const ElementStore& store, const Resolution& resolution, ElementIndex begin,
                                std::size_t count, std::uint8_t* out,
                                std::vector<std::vector<std::uint8_t>>& scratch) const {
  eval(root_, store, resolution, begin, count, out, scratch, 0);
}

void CompiledSelector::eval(const Node& node, const ElementStore& store, const Resolution& resolution,
                            ElementIndex begin, std::size_t count, std::uint8_t* out,
                            std::vector<std::vector<std::uint8_t>>& scratch, std::size_t depth) const {
  using Op = SelectorNode::Op;
  if (node.children.empty()) {
    switch (node.field) {
      case SelectorField::kFunction:
        return gather(store.function, node.table, begin, count, out);
      case SelectorField::kRegion:
        return gather(store.region, node.table, begin, count, out);
      case SelectorField::kSite:
        return gather(store.site, node.table, begin, count, out);
      case SelectorField::kVendor:
        return gather(store.declared_vendor, node.table, begin, count, out);
      case SelectorField::kModel:
        return gather(store.model, node.table, begin, count, out);
      case SelectorField::kTags:
        return gather(store.tag_set, node.table, begin, count, out);
      case SelectorField::kInstalled:
        return compare_dates(node.op, node.days, store.installed, begin, count, out);
      default:
        return gather(resolution.decision_of, node.table, begin, count, out);
    }
  }
  eval(node.children[0], store, resolution, begin, count, out, scratch, depth + 1);
  if (node.op == Op::kNot) {
    for (std::size_t i = 0; i < count; ++i) out[i] ^= 1;
    return;
  }
  if (scratch.size() <= depth) scratch.resize(depth + 1);
  std::vector<std::uint8_t>& other = scratch[depth];
  other.resize(std::max(other.size(), count));
  for (std::size_t c = 1; c < node.children.size(); ++c) {
    eval(node.children[c], store, resolution, begin, count, other.data(), scratch, depth + 1);
    if (node.op == Op::kAnd) {
      for (std::size_t i = 0; i < count; ++i) out[i] &= other[i];
    } else {
      for (std::size_t i = 0; i < count; ++i) out[i] |= other[i];
    }
  }
}

std::vector<std::vector<std::uint64_t>> evaluate_selectors(const std::vector<const CompiledSelector*>& selectors,
                                                           const ElementStore& store, const Resolution& resolution,
                                                           unsigned threads) {
  const std::size_t n = store.size();
  std::vector<std::vector<std::uint64_t>> bits(selectors.size(), std::vector<std::uint64_t>((n + 63) / 64, 0));
  const std::size_t blocks = (n + kBlock - 1) / kBlock;
  // A block fills its own 64-bit words of every selector's bits (kBlock is a multiple of 64).
  struct Scratch {
    std::vector<std::uint8_t> out;
    std::vector<std::vector<std::uint8_t>> depth;
  };
  std::vector<Scratch> scratch(parallel_workers(blocks, threads));
  parallel_for(blocks, threads, [&](std::size_t b, unsigned worker) {
    Scratch& mine = scratch[worker];
    mine.out.resize(kBlock);
    const auto begin = static_cast<ElementIndex>(b * kBlock);
    const std::size_t count = std::min(kBlock, n - begin);
    for (std::size_t s = 0; s < selectors.size(); ++s) {
      selectors[s]->evaluate(store, resolution, begin, count, mine.out.data(), mine.depth);
      pack_bits(mine.out.data(), count, bits[s].data() + begin / 64);
    }
  });
  return bits;
}

}  // namespace kitwatch
