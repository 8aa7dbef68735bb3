#include "registry/registry.h"

#include <re2/re2.h>
#include <unicode/normalizer2.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <set>

namespace kitwatch {
namespace {

bool is_legal_form(std::string_view word) {
  static const std::set<std::string_view> kWords = {
      "co",   "ltd", "limited", "inc", "incorporated", "corp", "corporation",  "company",   "gmbh", "ag",  "sa", "sas",
      "ab",   "plc", "llc",     "bv",  "nv",           "oy",   "oyj",          "spa",       "srl",  "the", "ao", "ooo",
      "pjsc", "jsc", "kk",      "pte", "pty",          "tech", "technologies", "technology"};
  return kWords.contains(word);
}

// NFKC with case folding (full-width letters, ligatures and case collapse), via ICU.
std::string nfkc_casefold(std::string_view text) {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* normalizer = icu::Normalizer2::getNFKCCasefoldInstance(status);
  if (U_FAILURE(status)) return std::string(text);
  const icu::UnicodeString source =
      icu::UnicodeString::fromUTF8(icu::StringPiece(text.data(), static_cast<std::int32_t>(text.size())));
  const icu::UnicodeString folded = normalizer->normalize(source, status);
  if (U_FAILURE(status)) return std::string(text);
  std::string out;
  folded.toUTF8String(out);
  return out;
}

// Chinese legal forms are written without spaces: "中兴通讯股份有限公司" → "中兴通讯".
void strip_cjk_legal_form(std::string& word) {
  static const std::string_view kSuffixes[] = {"股份有限公司", "有限责任公司", "有限公司", "集团公司", "公司"};
  for (std::string_view suffix : kSuffixes) {
    if (word.size() > suffix.size() && std::string_view(word).ends_with(suffix)) {
      word.resize(word.size() - suffix.size());
      return;
    }
  }
}

bool all_ascii(std::string_view text) {
  return std::all_of(text.begin(), text.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

}  // namespace

std::string normalize_entity_name(std::string_view name) {
  std::string folded;
  if (all_ascii(name)) {
    folded.assign(name);
    for (char& c : folded) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  } else {
    folded = nfkc_casefold(name);
  }
  std::string out, word;
  auto flush = [&] {
    strip_cjk_legal_form(word);
    if (!word.empty() && !is_legal_form(word)) {
      if (!out.empty()) out.push_back(' ');
      out += word;
    }
    word.clear();
  };
  for (char c : folded) {
    const auto u = static_cast<unsigned char>(c);
    if (c == '.' || c == '\'') continue;  // "S.A." → "sa", "Co." → "co"
    if (u >= 0x80 || std::isalnum(u)) {
      word.push_back(c);
    } else {
      flush();
    }
  }
  flush();
  return out;
}

double jaro_winkler(std::string_view a, std::string_view b) {
  if (a.empty() && b.empty()) return 1;
  if (a.empty() || b.empty()) return 0;
  const std::size_t window = std::max<std::size_t>(std::max(a.size(), b.size()) / 2, 1) - 1;
  std::vector<char> a_match(a.size(), 0), b_match(b.size(), 0);
  std::size_t matches = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    const std::size_t lo = i > window ? i - window : 0, hi = std::min(b.size(), i + window + 1);
    for (std::size_t j = lo; j < hi; ++j) {
      if (!b_match[j] && a[i] == b[j]) {
        a_match[i] = b_match[j] = 1;
        ++matches;
        break;
      }
    }
  }
  if (matches == 0) return 0;
  std::size_t transpositions = 0;
  for (std::size_t i = 0, j = 0; i < a.size(); ++i) {
    if (!a_match[i]) continue;
    while (!b_match[j]) ++j;
    if (a[i] != b[j]) ++transpositions;
    ++j;
  }
  const double m = static_cast<double>(matches);
  const double jaro = (m / static_cast<double>(a.size()) + m / static_cast<double>(b.size()) +
                       (m - static_cast<double>(transpositions) / 2) / m) /
                      3;
  std::size_t prefix = 0;
  while (prefix < 4 && prefix < a.size() && prefix < b.size() && a[prefix] == b[prefix]) ++prefix;
  return jaro + static_cast<double>(prefix) * 0.1 * (1 - jaro);
}

std::optional<EntityIndex> Registry::find_entity(std::string_view id) const {
  auto it = by_id_.find(std::string(id));
  if (it == by_id_.end()) return std::nullopt;
  return it->second;
}

std::optional<std::size_t> Registry::find_list(std::string_view id) const {
  for (std::size_t i = 0; i < lists_.size(); ++i) {
    if (lists_[i].id == id) return i;
  }
  return std::nullopt;
}

std::optional<NameMatch> Registry::match_name(std::string_view declared) const {
  std::string key = normalize_entity_name(declared);
  if (key.empty()) return std::nullopt;
  if (auto it = by_alias_.find(key); it != by_alias_.end()) {
    return NameMatch{it->second, NameMatch::Kind::kExact, 1.0, key, kNoEntity, 0};
  }
  const std::string full = key;
  for (;;) {
    const std::size_t space = key.rfind(' ');
    if (space == std::string::npos) return std::nullopt;
    key.resize(space);
    auto it = by_alias_.find(key);
    if (it == by_alias_.end()) continue;
    for (const std::string& excluded : excludes_[it->second]) {
      if (full == excluded || full.starts_with(excluded + " ")) return std::nullopt;
    }
    return NameMatch{it->second, NameMatch::Kind::kLeadingWords, 1.0, key, kNoEntity, 0};
  }
}

std::optional<NameMatch> Registry::match_name_fuzzy(std::string_view declared, double min_similarity) const {
  if (auto exact = match_name(declared)) return exact;
  const std::string key = normalize_entity_name(declared);
  if (key.size() < 4) return std::nullopt;
  // An IEEE-registered or otherwise excluded look-alike never matches fuzzily either.
  for (const auto& excludes : excludes_) {
    for (const std::string& excluded : excludes) {
      if (key == excluded || key.starts_with(excluded + " ")) return std::nullopt;
    }
  }
  NameMatch best{kNoEntity, NameMatch::Kind::kFuzzy, 0, "", kNoEntity, 0};
  for (const auto& [alias, entity] : by_alias_) {
    // Typos seldom hit the first letter; look-alikes often differ there ("Nautel" vs "Autel").
    if (alias.size() < 5 || alias.front() != key.front()) continue;
    const double s = jaro_winkler(key, alias);
    if (s > best.similarity || (s == best.similarity && alias < best.alias)) {
      if (best.entity != entity && best.similarity > best.runner_up_similarity) {
        best.runner_up = best.entity;
        best.runner_up_similarity = best.similarity;
      }
      best.entity = entity;
      best.similarity = s;
      best.alias = alias;
    } else if (entity != best.entity && s > best.runner_up_similarity) {
      best.runner_up = entity;
      best.runner_up_similarity = s;
    }
  }
  if (best.entity == kNoEntity || best.similarity < min_similarity) return std::nullopt;
  return best;
}

bool is_generic_vendor_word(std::string_view normalized) {
  static constexpr std::string_view kWords[] = {
      "generic", "oem", "unbranded", "noname", "no name", "whitelabel", "white label", "unknown", "other", "n a", "na"};
  return std::find(std::begin(kWords), std::end(kWords), normalized) != std::end(kWords);
}

const ModelPattern* Registry::match_model(std::string_view model) const {
  return match_model(model, true);
}

const ModelPattern* Registry::match_model(std::string_view model, bool drop_brand) const {
  if (model.empty()) return nullptr;
  for (const ModelPattern& p : patterns_) {
    if (RE2::FullMatch(re2::StringPiece(model.data(), model.size()), *p.regex)) return &p;
  }
  // A leading word that names someone: a maker ("Huawei NE40E-X8") is matched against that maker's
  // patterns only; a reseller or operator brand ("BT S5735-L24P4S-A") or a word that names no one
  // ("Generic DS-2CD2143G2-I") says nothing about the maker, so the rest is matched against all.
  // A maker's name may also be joined by '-' or '_' ("Huawei_CE6820H-48S6CQ", as catalogues name files).
  const std::size_t cut = model.find_first_of(" -_");
  if (cut == std::string_view::npos) return nullptr;
  const std::string first = normalize_entity_name(model.substr(0, cut));
  std::string_view rest = model.substr(cut + 1);
  while (!rest.empty() && (rest.front() == ' ' || rest.front() == '-' || rest.front() == '_')) rest.remove_prefix(1);
  if (rest.empty()) return nullptr;
  const auto maker = by_alias_.find(first);
  if (maker != by_alias_.end() && entities_[maker->second].is_manufacturer()) {
    for (const ModelPattern& p : patterns_) {
      if (p.entity == maker->second && RE2::FullMatch(re2::StringPiece(rest.data(), rest.size()), *p.regex)) return &p;
    }
    return nullptr;
  }
  // One brand is dropped, then the rest is matched as a model of its own ("BT Huawei-2288H-V5").
  if (!drop_brand || model[cut] != ' ' || (maker == by_alias_.end() && !is_generic_vendor_word(first))) return nullptr;
  return match_model(rest, false);
}

std::vector<EntityIndex> Registry::control_chain(EntityIndex e, Date d) const {
  std::vector<EntityIndex> chain{e};
  for (;;) {
    EntityIndex next = kNoEntity;
    for (const ParentLink& link : entities_[chain.back()].parents) {
      if (link.controls() && link.active_on(d)) {
        next = link.parent;
        break;
      }
    }
    // Cycles are refused when loading; the check here only guards against an endless walk.
    if (next == kNoEntity || std::find(chain.begin(), chain.end(), next) != chain.end()) return chain;
    chain.push_back(next);
  }
}

}  // namespace kitwatch
