// NetBox device inventories: saved /api/dcim/devices/ responses (one page object, or an array of
// pages or of bare device objects), with MAC addresses joined in from saved /api/dcim/mac-addresses/
// or /api/dcim/interfaces/ responses (docs/netbox.md).
//
// Pages are walked one result at a time, as json_inventory.cc walks an array: each device is
// depth-checked by scan_json_value before nlohmann parses it (so hostile nesting never reaches a
// recursive parser), memory stays bounded by one device, and every rejection names the device's
// own line. Every device goes through ElementRowBuilder, so validation, duplicate ids and reject
// counts are exactly those of the other formats.
#include <fmt/format.h>
#include <algorithm>
#include <cstdint>
#include <deque>
#include <initializer_list>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <unordered_map>

#include "base/line_index.h"
#include "base/mapped_file.h"
#include "ingest/element_row_builder.h"
#include "ingest/formats.h"
#include "ingest/json_scan.h"

namespace kitwatch {
namespace {

using nlohmann::json;
using KeyPath = std::initializer_list<std::string_view>;

Status input_error(std::string_view bytes, const std::string& name, std::size_t offset, const std::string& message,
                   std::string field = {}) {
  const auto [line, column] = line_and_column(bytes, offset);
  return Status::input(SourceLocation{name, line, column, std::move(field)}, message);
}

// nlohmann's message without its own position, which counts from the start of the parsed span
// rather than the file: "[json.exception.parse_error.101] parse error at line 1, column 8: x" → "x".
std::string parse_error_text(std::string_view what) {
  const std::size_t colon = what.find(": ");
  return std::string(colon == std::string_view::npos ? what : what.substr(colon + 2));
}

// Parses bytes[begin, end), which scan_json_value has already bounded and depth-checked. A syntax
// error is an input error at the byte where nlohmann found it.
Status parse_span(std::string_view bytes, std::size_t begin, std::size_t end, const std::string& name, json& out) {
  try {
    std::string duplicate;
    out = parse_json_value(bytes.substr(begin, end - begin), true, duplicate);
    if (!duplicate.empty()) {
      return input_error(bytes, name, begin,
                         fmt::format("key '{}' appears twice in one object: which one holds is not known", duplicate));
    }
    return Status();
  } catch (const json::parse_error& e) {
    const std::size_t at = std::min(begin + (e.byte > 0 ? e.byte - 1 : 0), end);
    return input_error(bytes, name, at, "malformed JSON: " + parse_error_text(e.what()));
  } catch (const json::exception& e) {
    return input_error(bytes, name, begin, "malformed JSON: " + parse_error_text(e.what()));
  }
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// Reads values along key paths inside one JSON object. An absent or null key anywhere on a path
// reads as nothing (NetBox writes null for every unset reference); a value of the wrong type reads
// as nothing too, and the first such path is remembered for the caller to report.
class ObjectView {
 public:
  explicit ObjectView(const json& object) : object_(object) {}

  bool has(std::string_view key) const { return object_.is_object() && object_.contains(key); }

  const json* find(KeyPath path) {
    const json* at = &object_;
    std::size_t depth = 0;
    for (std::string_view key : path) {
      if (!at->is_object()) return wrong(path, "an object", depth);
      const auto it = at->find(key);
      if (it == at->end() || it->is_null()) return nullptr;
      at = &*it;
      ++depth;
    }
    return at;
  }

  std::string_view text(KeyPath path) {
    const json* value = find(path);
    if (value == nullptr) return {};
    if (value->is_string()) return value->get_ref<const std::string&>();
    wrong(path, "a string");
    return {};
  }

  std::optional<std::int64_t> integer(KeyPath path) {
    const json* value = find(path);
    if (value == nullptr) return std::nullopt;
    if (value->is_number_integer()) return value->get<std::int64_t>();
    wrong(path, "an integer");
    return std::nullopt;
  }

  // Records that the first keys of path (all of them by default) lead to a value of the wrong
  // type; the first such record wins. Returns nullptr for find's convenience.
  const json* wrong(KeyPath path, std::string_view expected, std::size_t keys = SIZE_MAX) {
    if (bad_key_.empty()) {
      for (std::string_view key : path) {
        if (keys-- == 0) break;
        bad_key_ += fmt::format("{}{}", bad_key_.empty() ? "" : ".", key);
      }
      problem_ = fmt::format("'{}' should be {} (or null)", bad_key_, expected);
    }
    return nullptr;
  }

  const std::string& bad_key() const { return bad_key_; }
  const std::string& problem() const { return problem_; }

 private:
  const json& object_;
  std::string bad_key_, problem_;
};

// What a PageWalker finds, in file order.
class ResultVisitor {
 public:
  virtual ~ResultVisitor() = default;
  // One entry of a page's "results" (or a bare object in a top-level array): bytes[begin, end),
  // bounded and depth-checked but not yet parsed.
  virtual Status result(std::size_t begin, std::size_t end) = 0;
  // A page-level value of the wrong shape at offset (e.g. "results" that is not an array).
  virtual Status wrong_shape(std::size_t offset, const std::string& message) = 0;
};

// Walks a saved NetBox API response: a page object {count, next, previous, results: [...]}, or an
// array of such pages (or of bare result objects, as `jq '.results'` writes), handing each result's
// byte span to a visitor. Structural damage is an input error naming file:line:column.
class PageWalker {
 public:
  PageWalker(std::string_view bytes, const std::string& name, ResultVisitor& visitor, std::size_t max_depth)
      : bytes_(bytes), name_(name), visitor_(visitor), max_depth_(max_depth) {}

  Status walk() {
    const std::size_t begin = skip(bytes_.starts_with("\xEF\xBB\xBF") ? 3 : 0);
    std::size_t end = begin;
    Status status;
    if (at(begin) == '{') {
      status = walk_page(begin, false, end);
    } else if (at(begin) == '[') {
      status = walk_pages(begin, end);
    } else {
      return error(begin, begin == bytes_.size() ? "the file is empty (expected a saved NetBox API response)"
                                                 : "expected a saved NetBox API response: an object with "
                                                   "\"results\", or an array of them");
    }
    if (!status.ok()) return status;
    end = skip(end);
    if (end != bytes_.size()) return error(end, "unexpected text after the end of the JSON document");
    return Status();
  }

 private:
  char at(std::size_t pos) const { return pos < bytes_.size() ? bytes_[pos] : '\0'; }
  std::size_t skip(std::size_t pos) const { return skip_json_space(bytes_, pos); }
  Status error(std::size_t offset, const std::string& message) const {
    return input_error(bytes_, name_, offset, message);
  }

  Status scan(std::size_t begin, std::size_t& end) const {
    const JsonScan scan = scan_json_value(bytes_, begin, max_depth_);
    if (!scan.error.empty()) return error(scan.error_offset, "malformed JSON: " + scan.error);
    end = scan.end;
    return Status();
  }

  // Skips a value nobody else reads, still checking it is valid JSON; keeps its text in *text
  // when asked and it is a string.
  Status skip_value(std::size_t begin, std::size_t& end, std::string* text = nullptr) const {
    if (Status s = scan(begin, end); !s.ok()) return s;
    json value;
    if (Status s = parse_span(bytes_, begin, end, name_, value); !s.ok()) return s;
    if (text != nullptr && value.is_string()) *text = value.get<std::string>();
    return Status();
  }

  // Calls each(begin, end) for every element of the array at bytes_[begin] == '['.
  template <typename Fn>
  Status for_each_element(std::size_t begin, std::size_t& end, Fn each) {
    std::size_t pos = skip(begin + 1);
    while (at(pos) != ']') {
      std::size_t element_end = pos;
      if (Status s = each(pos, element_end); !s.ok()) return s;
      pos = skip(element_end);
      if (at(pos) == ']') break;
      if (at(pos) != ',') return error(pos, "malformed JSON: expected ',' or ']' after an array element");
      pos = skip(pos + 1);
      if (at(pos) == ']') return error(pos, "malformed JSON: expected a value after ','");
    }
    end = pos + 1;
    return Status();
  }

  Status walk_pages(std::size_t begin, std::size_t& end) {
    return for_each_element(begin, end, [&](std::size_t element, std::size_t& element_end) -> Status {
      if (at(element) == '{') return walk_page(element, true, element_end);
      if (Status s = skip_value(element, element_end); !s.ok()) return s;
      return visitor_.wrong_shape(element, "expected a NetBox API page or device object");
    });
  }

  Status walk_results(std::size_t begin, std::size_t& end) {
    if (at(begin) != '[') {
      if (Status s = skip_value(begin, end); !s.ok()) return s;
      return visitor_.wrong_shape(begin, "\"results\" should be an array of objects");
    }
    return for_each_element(begin, end, [&](std::size_t element, std::size_t& element_end) -> Status {
      if (Status s = scan(element, element_end); !s.ok()) return s;
      return visitor_.result(element, element_end);
    });
  }

  // Reads a member name and its ':', leaving pos at the value.
  Status read_key(std::size_t& pos, std::string& key) const {
    if (at(pos) != '"') return error(pos, "malformed JSON: expected a member name in double quotes");
    std::size_t end = pos;
    if (Status s = scan(pos, end); !s.ok()) return s;
    json parsed;  // decodes escapes, so "res\u0075lts" is still "results"
    if (Status s = parse_span(bytes_, pos, end, name_, parsed); !s.ok()) return s;
    key = parsed.get<std::string>();
    pos = skip(end);
    if (at(pos) != ':') return error(pos, "malformed JSON: expected ':' after a member name");
    pos = skip(pos + 1);
    return Status();
  }

  // An object in the file: a page when it has "results"; in a top-level array, an object without
  // "results" is taken as a result itself.
  Status walk_page(std::size_t begin, bool in_array, std::size_t& end) {
    bool has_results = false;
    std::string detail;
    std::size_t pos = skip(begin + 1);
    while (at(pos) != '}') {
      std::string key;
      if (Status s = read_key(pos, key); !s.ok()) return s;
      std::size_t value_end = pos;
      has_results |= key == "results";
      Status s = key == "results" ? walk_results(pos, value_end)
                                  : skip_value(pos, value_end, key == "detail" ? &detail : nullptr);
      if (!s.ok()) return s;
      pos = skip(value_end);
      if (at(pos) == '}') break;
      if (at(pos) != ',') return error(pos, "malformed JSON: expected ',' or '}' after an object member");
      pos = skip(pos + 1);
    }
    end = pos + 1;
    if (has_results) return Status();
    if (in_array) return visitor_.result(begin, end);
    // NetBox answers a bad token or URL with {"detail": "..."}; saved by curl, that is what we get.
    return error(begin, detail.empty() ? "not a NetBox API page: the object has no \"results\" list"
                                       : fmt::format("not a NetBox API page: NetBox answered \"{}\"", detail));
  }

  std::string_view bytes_;
  const std::string& name_;
  ResultVisitor& visitor_;
  std::size_t max_depth_;  // --max-depth: deeper nesting is refused before nlohmann parses it
};

// MAC addresses by the device they belong to: by NetBox's numeric device id when the record gives
// one (names are unique only per site and tenant), else by name.
class MacIndex {
 public:
  void add(std::optional<std::int64_t> device_id, std::string_view device_name, Mac mac) {
    if (device_id) {
      by_id_[*device_id].push_back(mac);
    } else if (!device_name.empty()) {
      by_name_[std::string(device_name)].push_back(mac);
    }
  }

  // The device's MACs, sorted and without repeats (a primary MAC appears both in an interface's
  // mac_address and in its mac_addresses, and may also come from a mac-addresses file).
  std::vector<Mac> of(std::optional<std::int64_t> device_id, std::string_view device_name) const {
    std::vector<Mac> out;
    if (device_id) {
      if (const auto it = by_id_.find(*device_id); it != by_id_.end()) out = it->second;
    }
    if (const auto it = by_name_.find(device_name); !device_name.empty() && it != by_name_.end()) {
      out.insert(out.end(), it->second.begin(), it->second.end());
    }
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
  }

 private:
  std::unordered_map<std::int64_t, std::vector<Mac>> by_id_;
  std::map<std::string, std::vector<Mac>, std::less<>> by_name_;
};

// Reads one saved /api/dcim/mac-addresses/ or /api/dcim/interfaces/ response into a MacIndex. These
// files are evidence about devices, not inventory rows, so anything wrong in them is an input error.
class MacFileReader final : public ResultVisitor {
 public:
  MacFileReader(std::string_view bytes, const std::string& name, MacIndex& index)
      : bytes_(bytes), name_(name), index_(index) {}

  Status result(std::size_t begin, std::size_t end) override {
    json record;
    if (Status s = parse_span(bytes_, begin, end, name_, record); !s.ok()) return s;
    if (!record.is_object()) return wrong_shape(begin, "expected an interface or MAC address object");
    ObjectView view(record);
    if (view.has("device_type")) {  // a devices file given as a MAC file would otherwise add nothing, silently
      return wrong_shape(begin, "this is a device, not an interface or MAC address: give devices files as inventories");
    }
    std::vector<std::string_view> texts;
    collect_macs(view, texts);
    const json* device = device_of(view);
    if (!view.bad_key().empty()) return input_error(bytes_, name_, begin, view.problem(), view.bad_key());
    if (device == nullptr) return Status();  // unassigned, or on a virtual machine's interface
    if (!device->is_object()) return input_error(bytes_, name_, begin, "'device' should be an object", "device");
    ObjectView owner(*device);
    const std::optional<std::int64_t> id = owner.integer({"id"});
    const std::string_view device_name = owner.text({"name"});
    if (!owner.bad_key().empty()) {
      return input_error(bytes_, name_, begin, "device " + owner.problem(), "device." + owner.bad_key());
    }
    return add(texts, id, device_name, begin);
  }

  Status wrong_shape(std::size_t offset, const std::string& message) override {
    return input_error(bytes_, name_, offset, message);
  }

 private:
  // mac-addresses records hang the device off assigned_object; interface records carry it directly.
  static bool is_mac_record(const ObjectView& view) {
    return view.has("assigned_object_type") || view.has("assigned_object");
  }
  static const json* device_of(ObjectView& view) {
    if (!is_mac_record(view)) return view.find({"device"});
    // Only MACs on device interfaces name a device (others sit on VM interfaces or nowhere).
    if (view.text({"assigned_object_type"}) != "dcim.interface") return nullptr;
    return view.find({"assigned_object", "device"});
  }

  static void collect_macs(ObjectView& view, std::vector<std::string_view>& texts) {
    if (const std::string_view primary = view.text({"mac_address"}); !primary.empty()) texts.push_back(primary);
    const json* list = view.find({"mac_addresses"});  // NetBox ≥ 4.2 interfaces: every MAC, brief objects
    if (list == nullptr) return;
    if (!list->is_array()) {
      view.wrong({"mac_addresses"}, "an array");
      return;
    }
    for (const json& item : *list) {
      ObjectView entry(item);
      const std::string_view text = item.is_object() ? entry.text({"mac_address"}) : std::string_view();
      if (!item.is_object() || !entry.bad_key().empty()) {
        view.wrong({"mac_addresses"}, "an array of {\"mac_address\": ...} objects");
        return;
      }
      if (!text.empty()) texts.push_back(text);
    }
  }

  Status add(const std::vector<std::string_view>& texts, std::optional<std::int64_t> id, std::string_view device,
             std::size_t begin) {
    for (std::string_view text : texts) {
      const auto mac = parse_mac(text);
      if (!mac) {
        return input_error(bytes_, name_, begin, fmt::format("'{}' is not a MAC-48 address", text.substr(0, 40)),
                           "mac_address");
      }
      index_.add(id, device, *mac);
    }
    return Status();
  }

  std::string_view bytes_;
  const std::string& name_;
  MacIndex& index_;
};

Result<MacIndex> load_macs(const std::vector<std::string>& paths, const IngestOptions& options) {
  MacIndex index;
  for (const std::string& path : paths) {
    auto file = MappedFile::open(path, "NetBox MAC file");
    if (!file.ok()) return file.status();
    if (Status s = check_file_size(path, file->bytes().size(), options); !s.ok()) return s;
    MacFileReader reader(file->bytes(), path, index);
    if (Status s = PageWalker(file->bytes(), path, reader, options.max_depth).walk(); !s.ok()) return s;
  }
  return index;
}

// Turns each device of a devices response into one element row.
class DeviceReader final : public ResultVisitor {
 public:
  DeviceReader(std::string_view bytes, const std::string& name, const IngestOptions& options, const MacIndex& macs,
               ElementStore& store, IngestReport& report)
      : bytes_(bytes),
        name_(name),
        options_(options),
        macs_(macs),
        lines_(bytes),
        builder_(store, options, report, name) {}

  Status result(std::size_t begin, std::size_t end) override {
    const auto [line, column] = lines_.at(begin);
    json device;  // outlives commit(): the builder holds views into it
    if (Status s = parse_span(bytes_, begin, end, name_, device); !s.ok()) return s;
    if (Status s = check_is_device(device, begin); !s.ok()) return s;
    builder_.begin(line);
    owned_.clear();
    if (device.is_object()) {
      set_fields(device, line, column);
    } else {
      builder_.fail(line, column, "", "wrong JSON type", "expected a NetBox device object in \"results\"");
    }
    return builder_.commit();
  }

  // A wrong page-level shape is counted as one rejected row: it stands for devices we cannot read.
  Status wrong_shape(std::size_t offset, const std::string& message) override {
    const auto [line, column] = lines_.at(offset);
    builder_.begin(line);
    builder_.fail(line, column, "", "wrong JSON type", message);
    return builder_.commit();
  }

 private:
  // An interfaces or mac-addresses file given as an inventory would turn every record into an
  // element (interfaces named "eth0"...), so it stops the read instead.
  Status check_is_device(const json& device, std::size_t begin) const {
    if (!device.is_object() || device.contains("device_type")) return Status();
    for (const char* key : {"device", "assigned_object", "mac_address"}) {
      if (device.contains(key)) {
        return input_error(bytes_, name_, begin,
                           "this is an interface or MAC address, not a device: give such files with --netbox-macs");
      }
    }
    return Status();
  }

  void set_fields(const json& device, std::uint64_t line, std::uint64_t column) {
    ObjectView view(device);
    const auto set = [&](Field field, std::string_view text) {
      if (!text.empty()) builder_.set(field, text, line, column);
    };
    const std::string_view name = view.text({"name"});
    const std::optional<std::int64_t> id = view.integer({"id"});
    set(Field::kId, element_id(name, id));
    set(Field::kName, name);
    set(Field::kDeclaredVendor, view.text({"device_type", "manufacturer", "name"}));
    set(Field::kModel, view.text({"device_type", "model"}));
    set(Field::kSite, view.text({"site", "name"}));
    set(Field::kRegion, view.text({"site", "region", "name"}));  // absent from NetBox's brief site
    set(Field::kRole, role(view));                               // the builder maps it through options.role_map
    set(Field::kSoftwareVersion, software(view));
    set(Field::kSerial, view.text({"serial"}));
    set_tags(view, set);
    set(Field::kTags, status_tag(device));
    set(Field::kMacs, macs(id, name));
    if (!view.bad_key().empty()) builder_.fail(line, column, view.bad_key(), "wrong JSON type", view.problem());
  }

  // The name when there is one; NetBox allows unnamed devices, which get a stable id from NetBox's own.
  std::string_view element_id(std::string_view name, std::optional<std::int64_t> id) {
    if (!trim(name).empty()) return name;
    if (!id) return {};
    return owned_.emplace_back(fmt::format("netbox-device-{}", *id));
  }

  // NetBox ≥ 3.6 calls it role; older versions device_role (3.6–4.0 send both).
  static std::string_view role(ObjectView& view) {
    const std::string_view role = view.text({"role", "name"});
    return role.empty() ? view.text({"device_role", "name"}) : role;
  }

  std::string_view software(ObjectView& view) {
    if (options_.software_field.empty()) return view.text({"platform", "name"});
    const KeyPath path = {"custom_fields", options_.software_field};
    const json* value = view.find(path);
    if (value == nullptr) return {};
    if (value->is_string()) return value->get_ref<const std::string&>();
    if (value->is_number()) return owned_.emplace_back(value->dump());
    if (value->is_object()) {  // an object-type custom field, e.g. pointing at a platform
      ObjectView object(*value);
      const std::string_view name = object.text({"name"});
      if (object.bad_key().empty()) return name.empty() ? object.text({"display"}) : name;
    }
    view.wrong(path, "a string");
    return {};
  }

  // Tags by slug: NetBox's CSV import names tags by slug too, and a slug never holds the spaces or
  // commas the builder splits tag lists on.
  template <typename Set>
  void set_tags(ObjectView& view, const Set& set) {
    const json* tags = view.find({"tags"});
    if (tags == nullptr) return;
    if (!tags->is_array()) {
      view.wrong({"tags"}, "an array");
      return;
    }
    for (const json& tag : *tags) {
      ObjectView entry(tag);
      const std::string_view slug = tag.is_object() ? entry.text({"slug"}) : std::string_view();
      const std::string_view text = slug.empty() && tag.is_object() ? entry.text({"name"}) : slug;
      if (!tag.is_object() || !entry.bad_key().empty()) {
        view.wrong({"tags"}, "an array of tag objects");
        return;
      }
      set(Field::kTags, text);
    }
  }

  // The status becomes a tag ("status:offline") so rules and reports can tell planned, offline or
  // decommissioning kit apart: every device is kept whatever its status (docs/netbox.md). Read
  // leniently, as it is only a label: NetBox 2.x wrote {"value": 1, "label": "Active"}.
  std::string_view status_tag(const json& device) {
    const auto status = device.find("status");
    if (status == device.end()) return {};
    const json* text = &*status;
    if (status->is_object()) {
      text = nullptr;
      for (const char* key : {"value", "label"}) {
        const auto it = status->find(key);
        if (text == nullptr && it != status->end() && it->is_string()) text = &*it;
      }
    }
    if (text == nullptr || !text->is_string() || text->get_ref<const std::string&>().empty()) return {};
    return owned_.emplace_back(fmt::format("status:{}", text->get_ref<const std::string&>()));
  }

  std::string_view macs(std::optional<std::int64_t> id, std::string_view name) {
    const std::vector<Mac> macs = macs_.of(id, name);
    if (macs.empty()) return {};
    std::string& text = owned_.emplace_back();
    for (Mac mac : macs) text += fmt::format("{}{}", text.empty() ? "" : ";", format_mac(mac));
    return text;
  }

  std::string_view bytes_;
  const std::string& name_;
  const IngestOptions& options_;
  const MacIndex& macs_;
  LineCounter lines_;
  ElementRowBuilder builder_;
  std::deque<std::string> owned_;  // a deque: growing it never moves the strings views point into
};

}  // namespace

Status read_netbox_devices(std::string_view bytes, const std::string& name, const IngestOptions& options,
                           ElementStore& store, IngestReport& report) {
  // MAC files are read on every call, before any device is committed, so each device gets its MACs
  // through the builder like any other field; they are small next to the device pages.
  auto macs = load_macs(options.netbox_mac_files, options);
  if (!macs.ok()) return macs.status();
  DeviceReader reader(bytes, name, options, *macs, store, report);
  return PageWalker(bytes, name, reader, options.max_depth).walk();
}

}  // namespace kitwatch
