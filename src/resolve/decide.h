// Private to resolve/: decides one distinct evidence key.
#pragma once

#include <string_view>
#include <unordered_map>

#include "resolve/resolver.h"

namespace kitwatch {

// What one distinct key holds: the declared vendor, the model, and up to two IEEE organisations
// seen in the element's MACs (0 = none).
struct EvidenceKey {
  StrId vendor = 0, model = 0, mac_org = 0, mac_org2 = 0;
  bool operator==(const EvidenceKey&) const = default;
};

class Decider {
 public:
  Decider(const ElementStore& store, const Registry& registry, const MacRegistry& macs, Date as_of,
          const ResolveOptions& options, Resolution& out);
  Decision decide(const EvidenceKey& key);

 private:
  struct Candidate {
    EvidenceItem item;
    std::string group;  // makers in one control group agree with each other
  };
  void vendor_evidence(std::string_view declared, std::vector<Candidate>& out, bool& brand);
  void add_entity(EvidenceKind kind, EntityIndex e, double weight, std::string detail, std::vector<Candidate>& out);
  void add_unregistered(EvidenceKind kind, std::string_view name, double weight, std::string detail,
                        std::vector<Candidate>& out);
  static void choose(std::vector<Candidate>& candidates, Decision& d);

  const ElementStore& store_;
  const Registry& registry_;
  const MacRegistry& macs_;
  Date as_of_;
  ResolveOptions options_;
  Resolution& out_;
  std::unordered_map<std::string, MakerId> unregistered_ids_;
  // IEEE organisation names, normalised, built on first need: a declared name that is exactly a
  // registered company's name is that company, not a fuzzy look-alike of a registry entity.
  StrId ieee_organisation(const std::string& normalized);
  std::unordered_map<std::string, StrId> ieee_by_name_, ieee_by_leading_word_;
  bool ieee_indexed_ = false;
};

}  // namespace kitwatch
