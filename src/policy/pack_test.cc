// Pack and selector parsing: every error names file, line and column.
#include <gtest/gtest.h>

#include "policy/policy.h"
#include "policy/selector.h"

namespace kitwatch {
namespace {

std::string error_of(const std::string& yaml) {
  auto pack = parse_pack(PackSource{"p.yaml", yaml});
  EXPECT_FALSE(pack.ok());
  if (pack.ok()) return "";
  EXPECT_EQ(pack.status().kind(), ErrorKind::kInput);
  return pack.status().message();
}

constexpr const char* kHead = "pack: t\nsuppliers: entity.lists has uk-tsa-designated\nrules:\n";

TEST(PolicyPackTest, ParsesEveryRuleKindWithItsFields) {
  auto pack = parse_pack(
      PackSource{"p.yaml", std::string(kHead) + "  - {id: A, kind: cap, limit: 35%, measure: traffic, per: site, "
                                                "from: 2023-07-31, source: s, scope: tags has 5g}\n"
                                                "  - {id: B, kind: max_suppliers, max: 1, source: s}\n"
                                                "  - {id: C, kind: require_evidence, min_confidence: 0.9, source: s}\n"
                                                "  - {id: D, kind: remove_by, by: 2027-12-31, source: s, "
                                                "assumption: date unverified}\n"});
  ASSERT_TRUE(pack.ok()) << pack.status().message();
  ASSERT_EQ(pack->rules.size(), 4u);
  EXPECT_DOUBLE_EQ(pack->rules[0].limit, 0.35);
  EXPECT_EQ(pack->rules[0].measure, Measure::kTraffic);
  EXPECT_EQ(pack->rules[0].per, GroupBy::kSite);
  EXPECT_EQ(pack->rules[0].date->to_string(), "2023-07-31");
  EXPECT_EQ(pack->rules[1].max, 1u);
  EXPECT_EQ(pack->rules[2].suppliers, nullptr);  // require_evidence looks at every element in scope
  EXPECT_EQ(pack->rules[3].assumption, "date unverified");
  EXPECT_EQ(pack->rules[3].suppliers->text(), "entity.lists has uk-tsa-designated");
}

TEST(PolicyPackTest, YamlSyntaxErrorIsLocated) {
  const std::string m = error_of("pack: t\nrules:\n  - {id: A, kind: prohibit\n");
  EXPECT_NE(m.find("p.yaml:"), std::string::npos) << m;
  EXPECT_NE(m.find("invalid YAML"), std::string::npos) << m;
}

TEST(PolicyPackTest, UnknownRuleKindIsLocated) {
  const std::string m = error_of(std::string(kHead) + "  - id: A\n    kind: forbid\n    source: s\n");
  EXPECT_NE(m.find("p.yaml:5:11: unknown rule kind 'forbid'"), std::string::npos) << m;
}

TEST(PolicyPackTest, BadDateIsLocated) {
  const std::string m = error_of(std::string(kHead) +
                                 "  - id: A\n    kind: prohibit\n    source: s\n"
                                 "    from: 2023-02-30\n");
  EXPECT_NE(m.find("p.yaml:7:11: '2023-02-30' is not a real date"), std::string::npos) << m;
}

TEST(PolicyPackTest, UnknownFieldInASelectorIsLocatedInThePackFile) {
  const std::string m = error_of(std::string(kHead) +
                                 "  - id: A\n    kind: prohibit\n    source: s\n"
                                 "    scope: function == core and colour == red\n");
  // "    scope: " is 11 characters; "function == core and " is 21 more.
  EXPECT_NE(m.find("p.yaml:7:33: selector: unknown field 'colour'"), std::string::npos) << m;
}

TEST(PolicyPackTest, SelectorPositionsInQuotedAndBlockScalars) {
  std::string m = error_of(std::string(kHead) +
                           "  - id: A\n    kind: prohibit\n    source: s\n"
                           "    scope: \"tags has 5g and\"\n");
  EXPECT_NE(m.find("p.yaml:7:28: selector: expected a field name but found 'end of selector'"), std::string::npos) << m;
  m = error_of(std::string(kHead) +
               "  - id: A\n    kind: prohibit\n    source: s\n    scope: |\n"
               "      tags has 5g\n      and function = core\n");
  EXPECT_NE(m.find("p.yaml:9:20: selector: unexpected character '=' (compare with ==)"), std::string::npos) << m;
}

TEST(PolicyPackTest, KeysThatDoNotApplyToTheKindAreRejected) {
  std::string m = error_of(std::string(kHead) + "  - {id: A, kind: prohibit, limit: 0.3, source: s}\n");
  EXPECT_NE(m.find("unknown key 'limit' in a prohibit rule"), std::string::npos) << m;
  m = error_of(std::string(kHead) + "  - {id: A, kind: cap, limit: 1.5, source: s}\n");
  EXPECT_NE(m.find("'limit' must be a number from 0 to 1"), std::string::npos) << m;
  m = error_of(std::string(kHead) + "  - {id: A, kind: no_new, source: s}\n");
  EXPECT_NE(m.find("a no_new rule needs 'from: YYYY-MM-DD'"), std::string::npos) << m;
  m = error_of(std::string(kHead) + "  - {id: A, kind: prohibit}\n");
  EXPECT_NE(m.find("missing required key 'source'"), std::string::npos) << m;
  m = error_of("pack: t\nrules:\n  - {id: A, kind: prohibit, source: s}\n");
  EXPECT_NE(m.find("selects no suppliers"), std::string::npos) << m;
  m = error_of(std::string(kHead) + "  - {id: A, kind: prohibit, source: s}\n  - {id: A, kind: prohibit, source: s}\n");
  EXPECT_NE(m.find("duplicate rule id 'A'"), std::string::npos) << m;
}

SourceLocation at(std::size_t offset) {
  return SourceLocation{"s", 1, offset + 1, ""};
}

std::string selector_error(std::string_view text) {
  auto s = Selector::parse(text, at);
  EXPECT_FALSE(s.ok()) << text;
  return s.ok() ? "" : s.status().message();
}

TEST(PolicySelectorTest, ParsesPrecedenceListsAndNegation) {
  auto s = Selector::parse("not function in [core, transport] or tags has [5g, fttp] and region == \"North West\"", at);
  ASSERT_TRUE(s.ok()) << s.status().message();
  const SelectorNode& root = s->root();
  EXPECT_EQ(root.op, SelectorNode::Op::kOr);  // and binds tighter than or
  ASSERT_EQ(root.children.size(), 2u);
  EXPECT_EQ(root.children[0].op, SelectorNode::Op::kNot);
  EXPECT_EQ(root.children[1].op, SelectorNode::Op::kAnd);
  EXPECT_EQ(root.children[1].children[1].values[0], "North West");
  auto lists = Selector::parse("entity.lists has [a, b] and entity.lists has c", at);
  ASSERT_TRUE(lists.ok());
  EXPECT_EQ(lists->lists_named(), (std::vector<std::string>{"a", "b", "c"}));
}

TEST(PolicySelectorTest, ErrorsNameThePosition) {
  EXPECT_EQ(selector_error("functon == core"),
            "s:1:1: selector: unknown field 'functon' (fields: function, region, "
            "site, vendor, model, tags, installed, entity.id, entity.controller, "
            "entity.country, entity.lists, entity.ids)");
  EXPECT_EQ(selector_error("tags == 5g"),
            "s:1:6: selector: 'tags' is a set of values: use 'has' (e.g. tags has \"x\")");
  EXPECT_EQ(selector_error("function == kore"),
            "s:1:13: selector: 'kore' is not a network function (core, transport, "
            "aggregation, access, ran, cpe, management, other)");
  EXPECT_EQ(selector_error("region == \"London"), "s:1:11: selector: unterminated string (no closing quote)");
  EXPECT_EQ(selector_error("(tags has 5g"), "s:1:13: selector: expected ')' but found 'end of selector'");
  EXPECT_EQ(selector_error("installed < 2023-13-01"),
            "s:1:13: selector: '2023-13-01' is not a real date in "
            "YYYY-MM-DD form");
  EXPECT_EQ(selector_error("region has x"), "s:1:8: selector: 'region' is a single value: use ==, !=, in or not in");
  EXPECT_EQ(selector_error(""), "s:1:1: selector: empty selector");
}

}  // namespace
}  // namespace kitwatch
