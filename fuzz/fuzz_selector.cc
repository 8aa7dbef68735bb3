// Fuzzes the selector parser (Selector::parse, the expression language of policy rules). Any input
// must end in a selector or an input error located inside the text; the parser must never recurse
// without bound (hostile nesting is an error, not a stack overflow). A selector that parses must
// be well formed: comparisons carry one location per value, `not` has one child, `and`/`or` at
// least two, and lists_named() names each list once.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz_check.h"
#include "policy/selector.h"

namespace kitwatch::fuzz {
namespace {

bool is_comparison(SelectorNode::Op op) {
  return op != SelectorNode::Op::kAnd && op != SelectorNode::Op::kOr && op != SelectorNode::Op::kNot;
}

void check_node(const SelectorNode& node, std::size_t text_size, std::size_t depth) {
  KITWATCH_FUZZ_CHECK(depth < 10000);
  if (is_comparison(node.op)) {
    KITWATCH_FUZZ_CHECK(node.children.empty());
    KITWATCH_FUZZ_CHECK(!node.values.empty() && node.values.size() == node.where.size());
    for (const SourceLocation& at : node.where) KITWATCH_FUZZ_CHECK(at.column >= 1 && at.column <= text_size);
    return;
  }
  KITWATCH_FUZZ_CHECK(node.values.empty());
  if (node.op == SelectorNode::Op::kNot) {
    KITWATCH_FUZZ_CHECK(node.children.size() == 1);
  } else {
    KITWATCH_FUZZ_CHECK(node.children.size() >= 2);
  }
  for (const SelectorNode& child : node.children) check_node(child, text_size, depth + 1);
}

void check_text(std::string_view text) {
  const OffsetLocator locate = [&](std::size_t offset) {
    KITWATCH_FUZZ_CHECK(offset <= text.size());
    return SourceLocation{"pack.yaml", 1, offset + 1, "scope"};
  };
  const Result<Selector> parsed = Selector::parse(text, locate);
  if (!parsed.ok()) {
    KITWATCH_FUZZ_CHECK(parsed.status().kind() == ErrorKind::kInput);
    KITWATCH_FUZZ_CHECK(parsed.status().message().starts_with("pack.yaml:1:"));
    return;
  }
  KITWATCH_FUZZ_CHECK(parsed.value().text() == text);
  check_node(parsed.value().root(), text.size(), 0);
  std::vector<std::string> lists = parsed.value().lists_named();
  std::sort(lists.begin(), lists.end());
  KITWATCH_FUZZ_CHECK(std::adjacent_find(lists.begin(), lists.end()) == lists.end());
}

}  // namespace
}  // namespace kitwatch::fuzz

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  kitwatch::fuzz::check_text(std::string_view(reinterpret_cast<const char*>(data), size));
  return 0;
}
