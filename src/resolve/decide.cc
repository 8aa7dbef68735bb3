#include "resolve/decide.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>

namespace kitwatch {
namespace {

// Physical evidence outranks paperwork when weights tie: MAC, then model, then declared vendor.
int rank(EvidenceKind kind) {
  switch (kind) {
    case EvidenceKind::kMacPrefix:
      return 3;
    case EvidenceKind::kModelPattern:
      return 2;
    case EvidenceKind::kDeclaredVendor:
      return 1;
  }
  return 0;
}

// Documented weights (docs/resolution.md).
// A declared name that is an IEEE-registered organisation outside the registry is a real maker:
// it outweighs a model pattern of another maker (0.85 > 0.8), but not a pattern a MAC agrees with
// (0.8 + 0.95): a product name another maker also uses is not proof of white-labelling.
constexpr double kExactAlias = 1.0, kLeadingWords = 0.9, kFuzzyScale = 0.8, kModelPattern = 0.8, kMacPrefix = 0.95,
                 kUnregisteredName = 0.6, kIeeeRegisteredName = 0.85, kUnregisteredMacOrg = 0.7;

}  // namespace

Decider::Decider(const ElementStore& store, const Registry& registry, const MacRegistry& macs, Date as_of,
                 const ResolveOptions& options, Resolution& out)
    : store_(store), registry_(registry), macs_(macs), as_of_(as_of), options_(options), out_(out) {}

void Decider::add_entity(EvidenceKind kind, EntityIndex e, double weight, std::string detail,
                         std::vector<Candidate>& out) {
  const EntityIndex top = registry_.control_chain(e, as_of_).back();
  out.push_back(
      Candidate{EvidenceItem{kind, e, weight, std::move(detail), false}, "entity:" + registry_.entity(top).id});
}

void Decider::add_unregistered(EvidenceKind kind, std::string_view name, double weight, std::string detail,
                               std::vector<Candidate>& out) {
  const std::string key = normalize_entity_name(name);
  auto [it, inserted] = unregistered_ids_.emplace(key, 0);
  if (inserted) {
    it->second = static_cast<MakerId>(out_.entities + out_.unregistered.size());
    out_.unregistered.emplace_back(name);
  }
  out.push_back(Candidate{EvidenceItem{kind, it->second, weight, std::move(detail), false}, "unregistered:" + key});
}

StrId Decider::ieee_organisation(const std::string& normalized) {
  if (!ieee_indexed_) {
    ieee_indexed_ = true;
    for (StrId org = 1; org < macs_.organisations(); ++org) {
      const std::string name = normalize_entity_name(macs_.organisation(org));
      ieee_by_name_.emplace(name, org);
      // Its leading word too ("Silex" for "silex technology, Inc."), when that word is a name of
      // its own: at least 4 characters and not a word that names no one.
      const std::size_t space = name.find(' ');
      if (space != std::string::npos && space >= 4) ieee_by_leading_word_.emplace(name.substr(0, space), org);
    }
  }
  if (const auto it = ieee_by_name_.find(normalized); it != ieee_by_name_.end()) return it->second;
  // Only the leading-word look-up needs a name of its own: a whole registered name ("NEC") is one.
  if (normalized.size() < 4 || is_generic_vendor_word(normalized) || normalized.find(' ') != std::string::npos) {
    return 0;
  }
  const auto it = ieee_by_leading_word_.find(normalized);
  return it == ieee_by_leading_word_.end() ? 0 : it->second;
}

void Decider::vendor_evidence(std::string_view declared, std::vector<Candidate>& out, bool& brand) {
  if (declared.empty()) return;
  auto match = registry_.match_name(declared);
  if (!match || match->kind != NameMatch::Kind::kExact) {
    // A declared name that is exactly an IEEE-registered organisation outside the registry is that
    // company ("Nautel" is not Autel; "Juniper Systems" is not Juniper Networks).
    const std::string normalized = normalize_entity_name(declared);
    const StrId org = ieee_organisation(normalized);
    if (org != 0 && !registry_.match_name(macs_.organisation(org))) {
      add_unregistered(EvidenceKind::kDeclaredVendor, declared, kIeeeRegisteredName,
                       fmt::format("declared '{}' is the IEEE-registered organisation '{}', not in the registry",
                                   declared, macs_.organisation(org)),
                       out);
      return;
    }
    if (!match) match = registry_.match_name_fuzzy(declared, options_.fuzzy_threshold);
  }
  if (!match) {
    add_unregistered(EvidenceKind::kDeclaredVendor, declared, kUnregisteredName,
                     fmt::format("declared '{}' is not in the registry", declared), out);
    return;
  }
  const Entity& entity = registry_.entity(match->entity);
  if (!entity.is_manufacturer()) {
    brand = true;
    out.push_back(Candidate{EvidenceItem{EvidenceKind::kDeclaredVendor, kNoMaker, 0,
                                         fmt::format("declared '{}' is the brand of {} ({}), not a maker", declared,
                                                     entity.name, entity.kind),
                                         false},
                            ""});
    return;
  }
  switch (match->kind) {
    case NameMatch::Kind::kExact:
      return add_entity(EvidenceKind::kDeclaredVendor, match->entity, kExactAlias,
                        fmt::format("declared '{}' is an alias of {}", declared, entity.name), out);
    case NameMatch::Kind::kLeadingWords:
      return add_entity(EvidenceKind::kDeclaredVendor, match->entity, kLeadingWords,
                        fmt::format("declared '{}' starts with the alias '{}'", declared, match->alias), out);
    case NameMatch::Kind::kFuzzy: {
      std::string detail = fmt::format("declared '{}' resembles the alias '{}' (similarity {:.3f})", declared,
                                       match->alias, match->similarity);
      if (match->runner_up != kNoEntity) {
        detail +=
            fmt::format("; runner-up {} ({:.3f})", registry_.entity(match->runner_up).id, match->runner_up_similarity);
      }
      return add_entity(EvidenceKind::kDeclaredVendor, match->entity, kFuzzyScale * match->similarity,
                        std::move(detail), out);
    }
  }
}

Decision Decider::decide(const EvidenceKey& key) {
  std::vector<Candidate> candidates;
  bool brand = false;
  const std::string_view declared = store_.vendors.view(key.vendor);
  vendor_evidence(declared, candidates, brand);
  if (const ModelPattern* p = registry_.match_model(store_.models.view(key.model))) {
    add_entity(
        EvidenceKind::kModelPattern, p->entity, kModelPattern,
        fmt::format("model '{}' matches the {} pattern '{}'", store_.models.view(key.model), p->family, p->match),
        candidates);
  }
  for (StrId org : {key.mac_org, key.mac_org2}) {
    if (org == 0) continue;
    const std::string_view name = macs_.organisation(org);
    const auto match = registry_.match_name(name);  // exact or leading words only: no guessing from MACs
    if (match && registry_.entity(match->entity).is_manufacturer()) {
      add_entity(EvidenceKind::kMacPrefix, match->entity, kMacPrefix,
                 fmt::format("MAC prefix assigned by the IEEE to '{}'", name), candidates);
    } else {
      add_unregistered(EvidenceKind::kMacPrefix, name, kUnregisteredMacOrg,
                       fmt::format("MAC prefix assigned by the IEEE to '{}' (not in the registry)", name), candidates);
    }
  }
  Decision d;
  choose(candidates, d);
  if (d.maker == kNoMaker) return d;
  // The declared maker won against another maker's model pattern: the two disagree, which is a
  // conflict to look at, not a white label.
  const auto declared_supports = [](const EvidenceItem& e) {
    return e.kind == EvidenceKind::kDeclaredVendor && e.supports;
  };
  const auto pattern_lost = [](const EvidenceItem& e) { return e.kind == EvidenceKind::kModelPattern && !e.supports; };
  const bool vendor_supports = std::any_of(d.evidence.begin(), d.evidence.end(), declared_supports);
  if (vendor_supports && std::any_of(d.evidence.begin(), d.evidence.end(), pattern_lost)) d.flags |= kConflict;
  if (d.maker < out_.entities) {
    d.controller = registry_.control_chain(d.maker, as_of_).back();
  } else {
    d.flags |= kUnregistered;
  }
  // The brand on the box differs from the maker the other evidence shows.
  if (brand || (!declared.empty() && !vendor_supports)) d.flags |= kWhiteLabel;
  for (const EvidenceItem& e : d.evidence) {
    if (e.kind == EvidenceKind::kDeclaredVendor && e.supports && e.weight < kLeadingWords && e.maker < out_.entities) {
      d.flags |= kFuzzyName;
    }
  }
  return d;
}

void Decider::choose(std::vector<Candidate>& candidates, Decision& d) {
  std::map<std::string, std::pair<double, int>> groups;  // group → (weight, best rank)
  double total = 0;
  for (const Candidate& c : candidates) {
    if (c.item.maker == kNoMaker) continue;
    auto& g = groups[c.group];
    g.first += c.item.weight;
    g.second = std::max(g.second, rank(c.item.kind));
    total += c.item.weight;
  }
  const std::string* winner = nullptr;
  std::pair<double, int> best{-1, 0};
  for (const auto& [group, score] : groups) {
    if (score > best) {
      best = score;
      winner = &group;
    }
  }
  int registered_groups = 0;
  for (const auto& [group, score] : groups) registered_groups += group.starts_with("entity:");
  const Candidate* maker = nullptr;
  for (Candidate& c : candidates) {
    c.item.supports = winner && c.item.maker != kNoMaker && c.group == *winner;
    if (c.item.supports && (!maker || c.item.weight > maker->item.weight ||
                            (c.item.weight == maker->item.weight && rank(c.item.kind) > rank(maker->item.kind)))) {
      maker = &c;
    }
  }
  if (maker) {
    d.maker = maker->item.maker;
    d.confidence = std::min(1.0, best.first / total * maker->item.weight);
    if (registered_groups > 1) d.flags |= kConflict;
  }
  for (Candidate& c : candidates) d.evidence.push_back(std::move(c.item));
}

}  // namespace kitwatch
