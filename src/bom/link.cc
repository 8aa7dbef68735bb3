// BOM parties and products resolved through the registry, and inventory elements linked to
// products by controller + normalised model (docs/bom.md "Linking").
#include <unordered_map>

#include "bom/bom.h"

namespace kitwatch {
namespace {

std::vector<std::string_view> words_of(std::string_view s) {
  std::vector<std::string_view> words;
  std::size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && s[i] == ' ') ++i;
    const std::size_t begin = i;
    while (i < s.size() && s[i] != ' ') ++i;
    if (i > begin) words.push_back(s.substr(begin, i - begin));
  }
  return words;
}

// "Manufacturer Model" (a CSV product without a manufacturer column): the longest run of leading
// words that is exactly a registry alias names the maker; the rest is the model.
EntityIndex split_product(const Registry& registry, std::string_view product, std::string& model) {
  const auto words = words_of(product);
  for (std::size_t k = words.size() > 0 ? words.size() - 1 : 0; k >= 1; --k) {
    const std::string_view prefix(words[0].data(), static_cast<std::size_t>(words[k - 1].end() - words[0].begin()));
    auto match = registry.match_name(prefix);
    if (match && match->kind == NameMatch::Kind::kExact) {
      model.assign(words[k].data(), static_cast<std::size_t>(words.back().end() - words[k].begin()));
      return match->entity;
    }
  }
  return kNoEntity;
}

EntityIndex controller_of(const Registry& registry, EntityIndex e, Date as_of) {
  if (e == kNoEntity) return kNoEntity;
  const auto chain = registry.control_chain(e, as_of);
  return chain.empty() ? e : chain.back();
}

EntityIndex resolve_name(const Registry& registry, std::string_view name) {
  auto match = registry.match_name(name);
  return match ? match->entity : kNoEntity;
}

std::string key_of(EntityIndex controller, std::string_view model_key) {
  std::string key = std::to_string(controller);
  key.push_back(':');
  key.append(model_key);
  return key;
}

void resolve_parties(const BomSet& bom, const Registry& registry, Date as_of, BomLinks& out) {
  out.parties.resize(bom.parties.size());
  for (BomIndex i = 0; i < bom.parties.size(); ++i) {
    ResolvedParty& r = out.parties[i];
    r.entity = resolve_name(registry, bom.parties[i].name);
    if (r.entity != kNoEntity) {
      r.country = registry.entity(controller_of(registry, r.entity, as_of)).country;
      r.country_from_registry = !r.country.empty();
    }
    if (r.country.empty()) r.country = bom.parties[i].country;
    if (r.entity == kNoEntity) out.unresolved_parties.push_back(i);
  }
}

}  // namespace

BomLinks link_boms(const BomSet& bom, const ElementStore& store, const Registry& registry, const Resolution& resolution,
                   Date as_of) {
  BomLinks out;
  resolve_parties(bom, registry, as_of, out);
  std::unordered_map<std::string, BomIndex> by_key;
  out.product_maker.resize(bom.products.size(), kNoEntity);
  for (BomIndex p = 0; p < bom.products.size(); ++p) {
    const BomProduct& product = bom.products[p];
    std::vector<std::string> keys = product.model_keys;
    EntityIndex maker = kNoEntity;
    if (product.manufacturer.empty() && product.model_keys.empty()) {  // a CSV "Manufacturer Model"
      std::string model;
      maker = split_product(registry, product.model, model);
      if (maker != kNoEntity) keys.push_back(normalize_model(model));
    } else if (!product.manufacturer.empty()) {
      maker = resolve_name(registry, product.manufacturer);
    }
    out.product_maker[p] = maker;
    if (maker == kNoEntity) {
      out.unresolved_makers.push_back(p);
      continue;
    }
    const EntityIndex controller = controller_of(registry, maker, as_of);
    for (const std::string& k : keys) {
      if (!k.empty()) by_key.emplace(key_of(controller, k), p);  // the first BOM of a product wins
    }
  }
  // Each distinct (controller, model) pair is looked up once.
  std::unordered_map<std::uint64_t, BomIndex> memo;
  std::vector<std::uint8_t> product_used(bom.products.size(), 0);
  out.element_product.assign(store.size(), kNoBom);
  for (ElementIndex e = 0; e < store.size(); ++e) {
    const EntityIndex controller = resolution.controller(e);
    BomIndex product = kNoBom;
    if (controller != kNoEntity && !by_key.empty()) {
      const std::uint64_t memo_key = (std::uint64_t{controller} << 32) | store.model[e];
      auto [it, inserted] = memo.emplace(memo_key, kNoBom);
      if (inserted) {
        auto found = by_key.find(key_of(controller, normalize_model(store.models.view(store.model[e]))));
        if (found != by_key.end()) it->second = found->second;
      }
      product = it->second;
    }
    out.element_product[e] = product;
    if (product == kNoBom) {
      ++out.unlinked_elements;
    } else {
      ++out.linked_elements;
      product_used[product] = 1;
    }
  }
  for (BomIndex p = 0; p < bom.products.size(); ++p) {
    if (!product_used[p]) out.unmatched_products.push_back(p);
  }
  return out;
}

}  // namespace kitwatch
