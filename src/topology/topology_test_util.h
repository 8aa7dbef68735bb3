// Building small networks in tests (test code only).
#pragma once

#include <string>
#include <vector>

#include "topology/topology.h"

namespace kitwatch::topology_test {

struct TestElement {
  TestElement(std::string id_, Function function_ = Function::kAccess, std::string uplink_ = "",
              double subscribers_ = 0)
      : id(std::move(id_)), function(function_), uplink(std::move(uplink_)), subscribers(subscribers_) {}
  std::string id;
  Function function;
  std::string uplink;
  double subscribers;
};

inline ElementStore make_store(const std::vector<TestElement>& elements) {
  ElementStore store;
  for (const TestElement& t : elements) {
    ElementRow row;
    row.id = t.id;
    row.function = t.function;
    row.uplink = t.uplink;
    row.subscribers = t.subscribers;
    store.append(row);
  }
  store.link_uplinks();
  return store;
}

inline void add_link(LinkTable& links, ElementIndex a, ElementIndex b, double cost = 1) {
  links.a.push_back(a);
  links.b.push_back(b);
  links.cost.push_back(cost);
  links.capacity.push_back(0);
}

// One group, "designated", from a 0/1 flag per element.
inline NodeGroups single_group(const std::vector<std::uint8_t>& designated) {
  NodeGroups groups;
  groups.names = {"designated"};
  groups.mask.assign(designated.begin(), designated.end());
  return groups;
}

}  // namespace kitwatch::topology_test
