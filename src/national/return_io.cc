// kitwatch-return/1 as JSON: writing with its integrity section, and reading with located errors,
// the digest check and the totals check. docs/national.md describes the format.
#include <fmt/format.h>

#include <charconv>
#include <cmath>
#include <nlohmann/json.hpp>

#include "base/crypto.h"
#include "base/json_tree.h"
#include "base/line_index.h"
#include "base/read_file.h"
#include "national/national.h"

namespace kitwatch {
namespace {

using json_tree::Value;
using Kind = json_tree::Value::Kind;
using ordered_json = nlohmann::ordered_json;

// The nesting a return needs is 4; anything much deeper is not a return.
constexpr std::size_t kMaxDepth = 16;

// The canonical form of a JSON value: no space, members in document order, strings with only '"',
// '\' and control characters escaped, numbers as written. Signatures and digests cover it, so
// re-indenting a return does not break them but any change of content does.
void canonical(const Value& v, std::string& out, bool skip_integrity) {
  switch (v.kind) {
    case Kind::kNull:
      out += "null";
      return;
    case Kind::kBool:
      out += v.boolean ? "true" : "false";
      return;
    case Kind::kNumber:
      out += v.text;
      return;
    case Kind::kString:
      out += '"';
      for (const char c : v.text) {
        if (c == '"' || c == '\\') {
          out += '\\';
          out += c;
        } else if (static_cast<unsigned char>(c) < 0x20) {
          out += fmt::format("\\u{:04x}", static_cast<unsigned>(c));
        } else {
          out += c;
        }
      }
      out += '"';
      return;
    case Kind::kArray:
      out += '[';
      for (std::size_t i = 0; i < v.items.size(); ++i) {
        if (i > 0) out += ',';
        canonical(v.items[i], out, false);
      }
      out += ']';
      return;
    case Kind::kObject: {
      out += '{';
      bool first = true;
      for (std::size_t i = 0; i < v.items.size(); ++i) {
        if (skip_integrity && v.keys[i] == "integrity") continue;
        if (!first) out += ',';
        first = false;
        Value key;
        key.kind = Kind::kString;
        key.text = v.keys[i];
        canonical(key, out, false);
        out += ':';
        canonical(v.items[i], out, false);
      }
      out += '}';
      return;
    }
  }
}

std::string canonical_content(const Value& root) {
  std::string out;
  canonical(root, out, true);
  return out;
}

ordered_json return_measures(const Measures& m) {
  return ordered_json{
      {"count", static_cast<std::uint64_t>(m.count)}, {"traffic", m.traffic}, {"subscribers", m.subscribers}};
}

ordered_json disclosure_json(const OperatorReturn& r) {
  ordered_json d;
  d["contains"] = {
      "the operator's id and name, the as-of date, the kitwatch and registry versions, the designation lists",
      "the name, size and SHA-256 of each input file (not its content)",
      "row counts: read, accepted, rejected",
      "per (function, region, manufacturer): element count, traffic and subscribers",
      "per (registered manufacturer, model, software version, function): element count (see 'builds')",
      "each policy rule's status, measured value, limit and scope size",
      "topology totals (nodes, links, exposure share, cut-off counts, designated single points of failure)"};
  d["excludes"] = {"element ids", "element names", "sites",   "serial numbers",  "MAC addresses",
                   "uplinks",     "links",         "demands", "installed dates", "tags"};
  d["min_cell"] = r.min_cell;
  d["builds"] = r.builds_of;
  d["note"] = r.min_cell > 1 ? fmt::format(
                                   "cells of fewer than {} elements are folded per function into 'suppressed' (their "
                                   "makers are not disclosed; totals stay exact)",
                                   r.min_cell)
                             : "no cell is suppressed (--min-cell not given)";
  return d;
}

ordered_json return_json(const OperatorReturn& r) {
  ordered_json j;
  j["format"] = kReturnFormat;
  j["operator"] = {{"id", r.operator_id}, {"name", r.operator_name}};
  j["as_of"] = r.as_of.to_string();
  j["kitwatch_version"] = r.kitwatch_version;
  j["registry"] = {{"version", r.registry_version}, {"date", r.registry_date}, {"sha256", r.registry_sha256}};
  j["lists"] = r.lists;
  ordered_json inputs = ordered_json::array();
  for (const InputDigest& d : r.inputs) {
    inputs.push_back({{"role", d.role}, {"name", d.name}, {"bytes", d.bytes}, {"sha256", d.sha256}});
  }
  j["inputs"] = inputs;
  j["rows"] = {{"read", r.rows_read}, {"accepted", r.rows_accepted}, {"rejected", r.rows_rejected}};
  j["totals"] = return_measures(r.total);
  j["disclosure"] = disclosure_json(r);
  ordered_json cells = ordered_json::array();
  for (const ReturnCell& c : r.cells) {
    ordered_json cell{{"function", function_name(c.function)},
                      {"region", c.region},
                      {"maker", c.maker},
                      {"controller", c.controller}};
    cell.update(return_measures(c.measures));
    cells.push_back(std::move(cell));
  }
  j["cells"] = std::move(cells);
  ordered_json suppressed = ordered_json::array();
  for (const SuppressedCells& s : r.suppressed) {
    ordered_json cell{{"function", function_name(s.function)}, {"cells", s.cells}};
    cell.update(return_measures(s.measures));
    suppressed.push_back(std::move(cell));
  }
  j["suppressed"] = std::move(suppressed);
  ordered_json builds = ordered_json::array();
  for (const ReturnBuild& b : r.builds) {
    builds.push_back({{"maker", b.maker},
                      {"controller", b.controller},
                      {"model", b.model},
                      {"software_version", b.software_version},
                      {"function", function_name(b.function)},
                      {"elements", b.elements}});
  }
  j["builds"] = std::move(builds);
  ordered_json rules = ordered_json::array();
  for (const ReturnRule& x : r.rules) {
    rules.push_back({{"pack", x.pack},
                     {"rule", x.rule},
                     {"kind", x.kind},
                     {"severity", x.severity},
                     {"status", x.status},
                     {"in_force", x.in_force},
                     {"measured", x.measured},
                     {"limit", x.limit},
                     {"scope_elements", x.scope_elements}});
  }
  j["rules"] = std::move(rules);
  if (r.topology) {
    const ReturnTopology& t = *r.topology;
    ordered_json topo{{"nodes", t.nodes},
                      {"links", t.links},
                      {"demands", t.demands},
                      {"exposed_demands", t.exposed_demands},
                      {"routed_volume", t.routed_volume},
                      {"exposed_volume", t.exposed_volume},
                      {"exposure_share", t.exposure_share}};
    topo["cut_off"] = return_measures(t.cut_off);
    topo["demands_disconnected"] = t.demands_disconnected;
    topo["designated_single_points"] = t.designated_single_points;
    j["topology"] = std::move(topo);
  } else {
    j["topology"] = nullptr;
  }
  return j;
}

// Reads the members of a return, each error located in the file.
class Reader {
 public:
  Reader(std::string_view bytes, std::string name) : name_(std::move(name)), lines_(bytes) {}

  Status error(std::size_t offset, const std::string& field, const std::string& message) const {
    return Status::input(lines_.location(name_, offset, field), message);
  }

  Result<const Value*> member(const Value& object, std::string_view key, Kind kind) const {
    const Value* v = object.get(key);
    if (v == nullptr) {
      return error(object.offset, std::string(key),
                   fmt::format("missing '{}': expected {}", key, json_tree::kind_name(kind)));
    }
    if (v->kind != kind) {
      return error(
          v->offset, std::string(key),
          fmt::format("'{}' is {}: expected {}", key, json_tree::kind_name(v->kind), json_tree::kind_name(kind)));
    }
    return v;
  }

  Result<std::string> string(const Value& object, std::string_view key) const {
    auto v = member(object, key, Kind::kString);
    if (!v.ok()) return v.status();
    return (*v)->text;
  }

  Result<double> number(const Value& object, std::string_view key) const {
    auto v = member(object, key, Kind::kNumber);
    if (!v.ok()) return v.status();
    double out = 0;
    const std::string& t = (*v)->text;
    const auto [end, ec] = std::from_chars(t.data(), t.data() + t.size(), out);
    if (ec != std::errc() || end != t.data() + t.size() || !std::isfinite(out)) {
      return error((*v)->offset, std::string(key), fmt::format("'{}' is not a finite number: {}", key, t));
    }
    return out;
  }

  Result<double> measure(const Value& object, std::string_view key) const {
    auto v = number(object, key);
    if (!v.ok()) return v;
    if (*v < 0) return error(object.get(key)->offset, std::string(key), fmt::format("'{}' is negative", key));
    return v;
  }

  Result<std::uint64_t> count(const Value& object, std::string_view key) const {
    auto v = member(object, key, Kind::kNumber);
    if (!v.ok()) return v.status();
    std::uint64_t out = 0;
    const std::string& t = (*v)->text;
    const auto [end, ec] = std::from_chars(t.data(), t.data() + t.size(), out);
    if (ec != std::errc() || end != t.data() + t.size()) {
      return error((*v)->offset, std::string(key),
                   fmt::format("'{}' is not a whole number of at most 20 digits: {}", key, t));
    }
    return out;
  }

  Result<Function> function(const Value& object) const {
    auto text = string(object, "function");
    if (!text.ok()) return text.status();
    const auto f = parse_function(*text);
    if (!f) {
      return error(object.get("function")->offset, "function",
                   fmt::format("unknown function '{}' (expected one of core, transport, aggregation, access, ran, "
                               "cpe, management, other)",
                               *text));
    }
    return *f;
  }

  Result<Measures> measures(const Value& object) const {
    Measures m;
    auto c = count(object, "count");
    if (!c.ok()) return c.status();
    auto t = measure(object, "traffic");
    if (!t.ok()) return t.status();
    auto s = measure(object, "subscribers");
    if (!s.ok()) return s.status();
    m.count = static_cast<double>(*c);
    m.traffic = *t;
    m.subscribers = *s;
    return m;
  }

  Result<Date> date(const Value& object, std::string_view key) const {
    auto text = string(object, key);
    if (!text.ok()) return text.status();
    const auto d = Date::parse(*text);
    if (!d) {
      return error(object.get(key)->offset, std::string(key), fmt::format("'{}' is not a date YYYY-MM-DD", *text));
    }
    return *d;
  }

  const std::string& name() const { return name_; }
  // Where object's member key starts (its value, or the object when it has no such member).
  SourceLocation where(const Value& object, std::string_view key) const {
    const Value* v = object.get(key);
    return lines_.location(name_, v != nullptr ? v->offset : object.offset, std::string(key));
  }

 private:
  std::string name_;
  LineIndex lines_;
};

#define KW_TRY(var, expr)                               \
  auto var##_result = (expr);                           \
  if (!var##_result.ok()) return var##_result.status(); \
  auto& var = *var##_result

bool close_enough(double a, double b) {
  return std::fabs(a - b) <= 1e-9 * std::max({1.0, std::fabs(a), std::fabs(b)});
}

Status read_format(const Reader& in, const Value& root) {
  KW_TRY(format, in.string(root, "format"));
  if (format != kReturnFormat) {
    return in.error(root.get("format")->offset, "format",
                    fmt::format("'{}' is not a format this kitwatch reads (it reads {})", format, kReturnFormat));
  }
  return Status();
}

Status read_body(const Reader& in, const Value& root, OperatorReturn& r) {
  KW_TRY(op, in.member(root, "operator", Kind::kObject));
  KW_TRY(op_id, in.string(*op, "id"));
  if (Status s = check_operator_id(op_id); !s.ok()) return in.error(op->get("id")->offset, "id", s.message());
  r.operator_id = op_id;
  r.operator_at = in.where(*op, "id");
  KW_TRY(op_name, in.string(*op, "name"));
  r.operator_name = op_name;
  KW_TRY(as_of, in.date(root, "as_of"));
  r.as_of = as_of;
  r.as_of_at = in.where(root, "as_of");
  KW_TRY(version, in.string(root, "kitwatch_version"));
  r.kitwatch_version = version;
  KW_TRY(registry, in.member(root, "registry", Kind::kObject));
  KW_TRY(reg_version, in.string(*registry, "version"));
  KW_TRY(reg_date, in.string(*registry, "date"));
  KW_TRY(reg_sha, in.string(*registry, "sha256"));
  r.registry_version = reg_version;
  r.registry_date = reg_date;
  r.registry_sha256 = reg_sha;
  r.registry_at = in.where(*registry, "sha256");
  KW_TRY(lists, in.member(root, "lists", Kind::kArray));
  for (const Value& l : lists->items) {
    if (l.kind != Kind::kString) return in.error(l.offset, "lists", "a list id must be a string");
    r.lists.push_back(l.text);
  }
  KW_TRY(inputs, in.member(root, "inputs", Kind::kArray));
  for (const Value& i : inputs->items) {
    if (i.kind != Kind::kObject) return in.error(i.offset, "inputs", "an input must be an object");
    InputDigest d;
    KW_TRY(role, in.string(i, "role"));
    KW_TRY(name, in.string(i, "name"));
    KW_TRY(bytes, in.count(i, "bytes"));
    KW_TRY(sha, in.string(i, "sha256"));
    d.role = role;
    d.name = name;
    d.bytes = bytes;
    d.sha256 = sha;
    r.inputs.push_back(std::move(d));
  }
  KW_TRY(rows, in.member(root, "rows", Kind::kObject));
  KW_TRY(read, in.count(*rows, "read"));
  KW_TRY(accepted, in.count(*rows, "accepted"));
  KW_TRY(rejected, in.count(*rows, "rejected"));
  r.rows_read = read;
  r.rows_accepted = accepted;
  r.rows_rejected = rejected;
  if (read != accepted + rejected) {
    return in.error(
        rows->offset, "rows",
        fmt::format("rows read ({}) are not rows accepted ({}) plus rows rejected ({})", read, accepted, rejected));
  }
  KW_TRY(totals_value, in.member(root, "totals", Kind::kObject));
  KW_TRY(totals, in.measures(*totals_value));
  r.total = totals;
  KW_TRY(disclosure, in.member(root, "disclosure", Kind::kObject));
  KW_TRY(min_cell, in.count(*disclosure, "min_cell"));
  r.min_cell = min_cell;
  KW_TRY(builds_of, in.string(*disclosure, "builds"));
  if (builds_of != "registered" && builds_of != "designated") {
    return in.error(disclosure->get("builds")->offset, "builds",
                    fmt::format("'builds' is '{}': expected registered or designated", builds_of));
  }
  r.builds_of = builds_of;

  Measures sum;
  KW_TRY(cells, in.member(root, "cells", Kind::kArray));
  r.cells.reserve(cells->items.size());
  for (const Value& c : cells->items) {
    if (c.kind != Kind::kObject) return in.error(c.offset, "cells", "a cell must be an object");
    ReturnCell cell;
    KW_TRY(function, in.function(c));
    KW_TRY(region, in.string(c, "region"));
    KW_TRY(maker, in.string(c, "maker"));
    KW_TRY(controller, in.string(c, "controller"));
    KW_TRY(measures, in.measures(c));
    if (maker.empty()) return in.error(c.get("maker")->offset, "maker", "empty maker (use \"unknown\")");
    cell.function = function;
    cell.region = region;
    cell.maker = maker;
    cell.controller = controller;
    cell.measures = measures;
    sum.add(measures);
    r.cells.push_back(std::move(cell));
  }
  KW_TRY(suppressed, in.member(root, "suppressed", Kind::kArray));
  for (const Value& c : suppressed->items) {
    if (c.kind != Kind::kObject) return in.error(c.offset, "suppressed", "a suppressed cell must be an object");
    SuppressedCells s;
    KW_TRY(function, in.function(c));
    KW_TRY(n, in.count(c, "cells"));
    KW_TRY(measures, in.measures(c));
    s.function = function;
    s.cells = n;
    s.measures = measures;
    sum.add(measures);
    r.suppressed.push_back(s);
  }
  if (sum.count != r.total.count || !close_enough(sum.traffic, r.total.traffic) ||
      !close_enough(sum.subscribers, r.total.subscribers)) {
    return in.error(
        totals_value->offset, "totals",
        fmt::format("the cells do not add up to the totals: cells {} elements, {} traffic, {} "
                    "subscribers; totals {}, {}, {}",
                    sum.count, sum.traffic, sum.subscribers, r.total.count, r.total.traffic, r.total.subscribers));
  }
  if (r.total.count != static_cast<double>(r.rows_accepted)) {
    return in.error(
        totals_value->offset, "totals",
        fmt::format("the totals count {} elements but {} rows were accepted", r.total.count, r.rows_accepted));
  }
  KW_TRY(builds, in.member(root, "builds", Kind::kArray));
  r.builds.reserve(builds->items.size());
  for (const Value& b : builds->items) {
    if (b.kind != Kind::kObject) return in.error(b.offset, "builds", "a build must be an object");
    ReturnBuild build;
    KW_TRY(maker, in.string(b, "maker"));
    KW_TRY(controller, in.string(b, "controller"));
    KW_TRY(model, in.string(b, "model"));
    KW_TRY(software, in.string(b, "software_version"));
    KW_TRY(function, in.function(b));
    KW_TRY(elements, in.count(b, "elements"));
    build.maker = maker;
    build.controller = controller;
    build.model = model;
    build.software_version = software;
    build.function = function;
    build.elements = elements;
    r.builds.push_back(std::move(build));
  }
  KW_TRY(rules, in.member(root, "rules", Kind::kArray));
  for (const Value& x : rules->items) {
    if (x.kind != Kind::kObject) return in.error(x.offset, "rules", "a rule result must be an object");
    ReturnRule rule;
    KW_TRY(pack, in.string(x, "pack"));
    KW_TRY(id, in.string(x, "rule"));
    KW_TRY(kind, in.string(x, "kind"));
    KW_TRY(severity, in.string(x, "severity"));
    KW_TRY(status, in.string(x, "status"));
    KW_TRY(in_force, in.member(x, "in_force", Kind::kBool));
    KW_TRY(measured, in.number(x, "measured"));
    KW_TRY(limit, in.number(x, "limit"));
    KW_TRY(scope, in.count(x, "scope_elements"));
    if (status != "met" && status != "violated" && status != "pending") {
      return in.error(x.get("status")->offset, "status",
                      fmt::format("unknown rule status '{}' (expected met, violated or pending)", status));
    }
    rule.pack = pack;
    rule.rule = id;
    rule.kind = kind;
    rule.severity = severity;
    rule.status = status;
    rule.in_force = in_force->boolean;
    rule.measured = measured;
    rule.limit = limit;
    rule.scope_elements = scope;
    r.rules.push_back(std::move(rule));
  }
  const Value* topology = root.get("topology");
  if (topology == nullptr) return in.error(root.offset, "topology", "missing 'topology': expected an object or null");
  if (topology->kind == Kind::kObject) {
    ReturnTopology t;
    KW_TRY(nodes, in.count(*topology, "nodes"));
    KW_TRY(links, in.count(*topology, "links"));
    KW_TRY(demands, in.count(*topology, "demands"));
    KW_TRY(exposed, in.count(*topology, "exposed_demands"));
    KW_TRY(routed, in.measure(*topology, "routed_volume"));
    KW_TRY(exposed_volume, in.measure(*topology, "exposed_volume"));
    KW_TRY(share, in.measure(*topology, "exposure_share"));
    KW_TRY(cut, in.member(*topology, "cut_off", Kind::kObject));
    KW_TRY(cut_off, in.measures(*cut));
    KW_TRY(disconnected, in.count(*topology, "demands_disconnected"));
    KW_TRY(spof, in.count(*topology, "designated_single_points"));
    t.nodes = nodes;
    t.links = links;
    t.demands = demands;
    t.exposed_demands = exposed;
    t.routed_volume = routed;
    t.exposed_volume = exposed_volume;
    t.exposure_share = share;
    t.cut_off = cut_off;
    t.demands_disconnected = disconnected;
    t.designated_single_points = spof;
    r.topology = t;
  } else if (topology->kind != Kind::kNull) {
    return in.error(topology->offset, "topology",
                    fmt::format("'topology' is {}: expected an object or null", json_tree::kind_name(topology->kind)));
  }
  return Status();
}

Status read_integrity(const Reader& in, const Value& root, OperatorReturn& r) {
  KW_TRY(integrity, in.member(root, "integrity", Kind::kObject));
  KW_TRY(digest, in.string(*integrity, "content_sha256"));
  r.content_sha256 = crypto::sha256_hex(canonical_content(root));
  if (digest != r.content_sha256) {
    return in.error(integrity->get("content_sha256")->offset, "content_sha256",
                    "the return's content does not match its SHA-256 digest: it was changed after it was written "
                    "(refused)");
  }
  const Value* signature = integrity->get("signature");
  if (signature == nullptr || signature->kind == Kind::kNull) return Status();
  if (signature->kind != Kind::kObject) {
    return in.error(signature->offset, "signature", "'signature' must be an object or null");
  }
  ReturnSignature sig;
  KW_TRY(algorithm, in.string(*signature, "algorithm"));
  KW_TRY(key, in.string(*signature, "public_key"));
  KW_TRY(value, in.string(*signature, "value"));
  if (algorithm != "ed25519") {
    return in.error(signature->get("algorithm")->offset, "algorithm",
                    fmt::format("signature algorithm '{}' is not one kitwatch checks (ed25519)", algorithm));
  }
  sig.algorithm = algorithm;
  sig.public_key = key;
  sig.value = value;
  r.signature = sig;
  // A signature that does not verify even against the key written beside it: the content was
  // changed and re-digested by someone without the secret key.
  if (!signature_valid(r, key)) {
    return in.error(signature->get("value")->offset, "signature",
                    "the signature does not verify against the public key it names: the return was changed "
                    "after it was signed (refused)");
  }
  return Status();
}

#undef KW_TRY

}  // namespace

Result<std::string> write_return(const OperatorReturn& ret, const std::string& secret_key_hex) {
  ordered_json doc = return_json(ret);
  const std::string body = doc.dump(1, ' ', false, nlohmann::json::error_handler_t::replace);
  // The digest is of the canonical form of what is written, read back as any reader will read it.
  const json_tree::ParseResult parsed = json_tree::parse(body, kMaxDepth);
  if (!parsed.ok()) return Status::internal("a written return does not parse: " + parsed.error);
  const std::string digest = crypto::sha256_hex(canonical_content(parsed.root));
  ordered_json integrity{{"content_sha256", digest}};
  if (!secret_key_hex.empty()) {
    // Ed25519 over the digest (64 hex characters), which binds the whole canonical content.
    auto signature = crypto::ed25519_sign(digest, secret_key_hex);
    if (!signature.ok()) return signature.status();
    auto public_key = crypto::ed25519_public_of(secret_key_hex);
    if (!public_key.ok()) return public_key.status();
    integrity["signature"] = {{"algorithm", "ed25519"}, {"public_key", *public_key}, {"value", *signature}};
  } else {
    integrity["signature"] = nullptr;
  }
  doc["integrity"] = std::move(integrity);
  return doc.dump(1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

Result<OperatorReturn> read_return(std::string_view bytes, const std::string& name) {
  const json_tree::ParseResult parsed = json_tree::parse(bytes, kMaxDepth);
  Reader in(bytes, name);
  if (!parsed.ok()) return in.error(parsed.error_offset, "", parsed.error);
  if (parsed.root.kind != Kind::kObject) return in.error(0, "", "a return is a JSON object");
  OperatorReturn r;
  r.file = name;
  // The format, then integrity: nothing of a changed return is trusted, not even where its errors are.
  if (Status s = read_format(in, parsed.root); !s.ok()) return s;
  if (Status s = read_integrity(in, parsed.root, r); !s.ok()) return s;
  if (Status s = read_body(in, parsed.root, r); !s.ok()) return s;
  return r;
}

Result<OperatorReturn> read_return_file(const std::string& path, std::uint64_t max_file_bytes) {
  auto bytes = read_file(path, max_file_bytes, "operator return");
  if (!bytes.ok()) return bytes.status();
  return read_return(*bytes, path);
}

KeyPair generate_key_pair() {
  const auto keys = crypto::ed25519_generate();
  return KeyPair{keys.public_hex, keys.secret_hex};
}

bool signature_valid(const OperatorReturn& ret, std::string_view public_key_hex) {
  if (!ret.signature) return false;
  return crypto::ed25519_verify(ret.content_sha256, ret.signature->value, public_key_hex);
}

}  // namespace kitwatch
