// The simple BOM CSV: one row per (product, component). docs/bom.md has the columns.
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <unordered_map>

#include "base/csv_reader.h"
#include "bom/bom.h"
#include "bom/bom_internal.h"

namespace kitwatch {
namespace {

enum Column : std::size_t {
  kProduct,
  kComponent,
  kSupplier,
  kCountry,
  kManufacturer,
  kModel,
  kType,
  kVersion,
  kColumns
};
constexpr std::array<std::string_view, kColumns> kColumnNames = {"product",      "component", "supplier", "country",
                                                                 "manufacturer", "model",     "type",     "version"};
constexpr std::size_t kAbsent = SIZE_MAX;

std::string lower_trimmed(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

std::string_view trimmed(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

class BomCsvReader {
 public:
  BomCsvReader(const std::string& name, BomSet& bom) : name_(name), bom_(bom) { at_.fill(kAbsent); }

  Status header(const CsvRecord& record) {
    for (std::size_t i = 0; i < record.fields.size(); ++i) {
      const std::string column = lower_trimmed(record.fields[i].text);
      for (std::size_t c = 0; c < kColumns; ++c) {
        if (column != kColumnNames[c]) continue;
        if (at_[c] != kAbsent) return located(record.fields[i], column, "the column is named twice");
        at_[c] = i;
      }
    }
    for (const Column c : {kProduct, kComponent, kSupplier}) {
      if (at_[c] == kAbsent) {
        return Status::input(SourceLocation{name_, record.line, 1, ""},
                             fmt::format("missing column '{}': a BOM CSV needs product, component and supplier "
                                         "(country, manufacturer, model, type and version are optional)",
                                         kColumnNames[c]));
      }
    }
    columns_ = record.fields.size();
    return Status();
  }

  Status row(const CsvRecord& record) {
    if (record.fields.size() != columns_) {
      return Status::input(SourceLocation{name_, record.line, 1, ""},
                           fmt::format("{} fields: expected {} as in the header", record.fields.size(), columns_));
    }
    const std::string_view product = field(record, kProduct), component_name = field(record, kComponent);
    if (product.empty()) return located(record.fields[at_[kProduct]], "product", "the product is empty");
    if (component_name.empty()) return located(record.fields[at_[kComponent]], "component", "the component is empty");
    const BomIndex p = product_of(record, product);
    const BomIndex c = component_of(record, product, component_name);
    bom_.components[bom_.products[p].root].children.push_back(c);
    return Status();
  }

  void finish() {
    for (const BomProduct& p : bom_.products) {
      auto& children = bom_.components[p.root].children;
      std::sort(children.begin(), children.end());
      children.erase(std::unique(children.begin(), children.end()), children.end());
    }
  }

 private:
  std::string_view field(const CsvRecord& record, Column c) const {
    return at_[c] == kAbsent ? std::string_view() : trimmed(record.fields[at_[c]].text);
  }
  Status located(const CsvField& f, std::string column, const std::string& message) const {
    return Status::input(SourceLocation{name_, f.line, f.column, std::move(column)}, message);
  }

  BomIndex product_of(const CsvRecord& record, std::string_view product) {
    const std::string_view manufacturer = field(record, kManufacturer);
    const std::string_view model = field(record, kModel).empty() ? product : field(record, kModel);
    std::string key = fmt::format("{}\x1f{}", manufacturer, model);
    auto [it, inserted] = products_.emplace(std::move(key), static_cast<BomIndex>(bom_.products.size()));
    if (!inserted) return it->second;
    BomProduct p;
    p.manufacturer = manufacturer;
    p.model = model;
    // Without a manufacturer column the product is "Manufacturer Model", split when linked.
    if (!manufacturer.empty()) p.model_keys.push_back(normalize_model(model));
    p.where = SourceLocation{name_, record.line, 1, "product"};
    p.root = static_cast<BomIndex>(bom_.components.size());
    BomComponent root;
    root.ref = std::string(product);
    root.name = std::string(product);
    root.type = ComponentType::kDevice;
    root.type_name = "device";
    root.where = p.where;
    bom_.components.push_back(std::move(root));
    bom_.products.push_back(std::move(p));
    return it->second;
  }

  // Rows naming the same component, type, version and supplier share one component.
  BomIndex component_of(const CsvRecord& record, std::string_view product, std::string_view name) {
    const std::string_view type = field(record, kType).empty() ? "hardware" : field(record, kType);
    const std::string_view supplier = field(record, kSupplier), country = field(record, kCountry);
    const std::string_view version = field(record, kVersion);
    std::string key = fmt::format("{}\x1f{}\x1f{}\x1f{}\x1f{}", name, type, version, supplier, country);
    auto [it, inserted] = components_.emplace(std::move(key), static_cast<BomIndex>(bom_.components.size()));
    if (!inserted) return it->second;
    BomComponent c;
    c.ref = fmt::format("{}/{}", product, name);
    c.name = std::string(name);
    c.version = std::string(version);
    c.type_name = std::string(type);
    c.type = component_type_of(c.type_name);
    if (!supplier.empty()) c.supplier = bom_.add_party(supplier, country);
    c.where = SourceLocation{name_, record.line, 1, "component"};
    bom_.components.push_back(std::move(c));
    return it->second;
  }

  const std::string& name_;
  BomSet& bom_;
  std::array<std::size_t, kColumns> at_{};
  std::size_t columns_ = 0;
  std::unordered_map<std::string, BomIndex> products_, components_;
};

}  // namespace

Status read_bom_csv(std::string_view bytes, const std::string& name, BomSet& bom) {
  if (!is_valid_utf8(bytes)) return Status::input(SourceLocation{name, 0, 0, ""}, "the file is not valid UTF-8");
  const std::size_t components = bom.components.size(), products = bom.products.size(), parties = bom.parties.size();
  BomCsvReader reader(name, bom);
  const std::optional<std::string> lf_text = cr_line_ends_as_lf(bytes);
  CsvReader csv(lf_text ? std::string_view(*lf_text) : bytes, ',');
  CsvRecord record;
  bool header = true;
  Status status;
  for (CsvReader::Next next; status.ok() && (next = csv.next(record)) != CsvReader::Next::kEnd;) {
    if (next != CsvReader::Next::kRecord) {
      status = Status::input(SourceLocation{name, record.error_line, record.error_column, ""}, record.error);
    } else {
      status = header ? reader.header(record) : reader.row(record);
      header = false;
    }
  }
  if (status.ok() && header)
    status = Status::input(SourceLocation{name, 1, 1, ""}, "the BOM CSV is empty: expected a header");
  if (!status.ok()) {
    bom.components.resize(components);
    bom.products.resize(products);
    bom.truncate_parties(parties);
    return status;
  }
  reader.finish();
  bom.files.push_back(name);
  return status;
}

}  // namespace kitwatch
