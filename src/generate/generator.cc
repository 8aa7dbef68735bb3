// kitwatch generate: a synthetic national operator network, planned in memory (infrastructure
// only; CPE are drawn while writing) and written as three CSV files.
//
// Determinism: every random value comes from SplitMix64 streams keyed by (seed, element, purpose)
// and our own integer sampling, and every number is written from integers, so the same options
// give the same bytes everywhere.
#include "generate/generator.h"

#include <fmt/format.h>
#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <iterator>
#include <memory>
#include <span>
#include <string_view>
#include <system_error>
#include <vector>

#include "base/csv_writer.h"

namespace kitwatch {
namespace {

// ------------------------------------------------------------------------------------------------
// Random numbers

constexpr std::uint64_t kGolden = 0x9E3779B97F4A7C15ull;

// SplitMix64's output function, a bijective 64-bit mixer.
constexpr std::uint64_t mix64(std::uint64_t z) {
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

// Separate streams per element and purpose, so an element's values never depend on how many draws
// other elements made, and the CPE measures can be drawn twice (to sum them up) with equal results.
enum class Stream : std::uint64_t { kPlan = 1, kEquipment = 2, kMeasures = 3 };

// SplitMix64 with our own integer sampling: std:: distributions are implementation-defined.
class Rng {
 public:
  Rng(std::uint64_t seed, Stream stream, std::uint64_t index = 0)
      : state_(mix64(seed ^ mix64(index * 8 + static_cast<std::uint64_t>(stream)))) {}

  std::uint64_t next() {
    state_ += kGolden;
    return mix64(state_);
  }
  // Uniform in [0, n) by scaling the top 32 bits (Lemire); the bias, below n / 2^32, is irrelevant.
  std::uint32_t below(std::uint64_t n) { return static_cast<std::uint32_t>(((next() >> 32) * n) >> 32); }
  std::uint32_t between(std::uint32_t lo, std::uint32_t hi) { return lo + below(hi - lo + 1); }
  bool chance(std::uint32_t per_mille) { return below(1000) < per_mille; }

 private:
  std::uint64_t state_;
};

// Bijections on 24 and 32 bits, so values derived from distinct row numbers stay distinct while
// looking random (MAC address tails, serial numbers).
std::uint32_t scramble24(std::uint64_t index, std::uint64_t seed) {
  constexpr std::uint32_t kMask = 0xFFFFFF;
  std::uint32_t x = static_cast<std::uint32_t>((index ^ mix64(seed)) & kMask);
  x = (x * 0x9E3779u) & kMask;
  x ^= x >> 12;
  x = (x * 0x5BD1E5u) & kMask;
  return x ^ (x >> 11);
}

std::uint32_t scramble32(std::uint64_t index, std::uint64_t seed) {
  std::uint32_t x = static_cast<std::uint32_t>(index) ^ static_cast<std::uint32_t>(mix64(seed + 1));
  x *= 0x9E3779B1u;
  x ^= x >> 15;
  x *= 0x85EBCA77u;
  return x ^ (x >> 13);
}

// ------------------------------------------------------------------------------------------------
// The catalogue: makers, their names, MAC prefixes and models

enum class Maker : std::uint8_t {
  kHuawei,
  kZte,
  kNokia,
  kEricsson,
  kCisco,
  kJuniper,
  kCiena,
  kSamsung,
  kEci,
  kSagemcom,
  kAvm,
  kTechnicolor
};
constexpr std::size_t kMakerCount = 12;

enum class MacStyle : std::uint8_t { kColon, kDashUpper, kDotted, kBare };

struct MakerInfo {
  // How inventories spell the maker; every spelling resolves through data/registry/registry.yaml.
  std::array<std::string_view, 4> declared;
  // IEEE MA-L assignments of this maker, checked against /usr/share/ieee-data/oui.csv (the test
  // MacPrefixesBelongToTheTrueMaker checks them again).
  std::array<std::uint32_t, 3> ouis;
  std::string_view serial_prefix;
  bool dotted_macs;  // writes most MACs as aabb.ccdd.eeff, as IOS shows them
};

constexpr std::array<MakerInfo, kMakerCount> kMakers = {{
    {{"HUAWEI TECHNOLOGIES CO.,LTD", "Huawei Tech.", "huawei", "Huawei Technologies Co., Ltd."},
     {0x30FBB8, 0x44D791, 0x8446FE},
     "2102",
     false},
    {{"zte corp", "ZTE Corporation", "ZTE", "zte corporation"}, {0x086083, 0xE01954, 0x50AF4D}, "ZTEG", false},
    {{"Nokia Solutions and Networks", "NOKIA", "Nokia"}, {0xAC8FA9, 0x2874F5, 0x405582}, "NS", false},
    {{"Ericsson AB", "ERICSSON", "LM Ericsson"}, {0x549B72, 0x98C5DB, 0x74C99A}, "CB", false},
    {{"Cisco Systems, Inc.", "CISCO", "cisco systems"}, {0xF4BD9E, 0x084FA9, 0x308BB2}, "FOC", true},
    {{"juniper", "Juniper Networks, Inc.", "JUNIPER NETWORKS"}, {0x94F7AD, 0xE45D37, 0xCCE194}, "JN", false},
    {{"Ciena Corporation", "CIENA", "Ciena Corp."}, {0x144E2A, 0xD0196A, 0x7487BB}, "NNTM", false},
    {{"Samsung Electronics Co., Ltd.", "SAMSUNG", "Samsung Networks"}, {0xD0D003, 0x8C79F5, 0xD003DF}, "SR", false},
    {{"ECI Telecom Ltd.", "ECI", "ECI Telecom"}, {0xF854AF, 0x0016FA, 0x00208F}, "EC", false},
    {{"Sagemcom Broadband SAS", "SAGEMCOM", "Sagemcom"}, {0xF8084F, 0x8020DA, 0x84A06E}, "LK", false},
    {{"AVM GmbH", "AVM", "AVM Computersysteme Vertriebs GmbH"}, {0xBC0543, 0x0024FE, 0xC02506}, "AVM", false},
    {{"Technicolor", "Technicolor Delivery Technologies SAS", "TECHNICOLOR"},
     {0x5C7695, 0x441C12, 0x70037E},
     "CP",
     false},
}};

const MakerInfo& info(Maker m) {
  return kMakers[static_cast<std::size_t>(m)];
}

std::size_t declared_count(Maker m) {
  const auto& names = info(m).declared;
  return static_cast<std::size_t>(std::count_if(names.begin(), names.end(), [](auto s) { return !s.empty(); }));
}

// Tags as bits, numbered in alphabetical order so that writing them bit by bit gives the canonical
// (sorted) tag list.
enum Tag : std::uint8_t { kTag4g = 1, kTag5g = 2, kTagFttc = 4, kTagFttp = 8, kTagSensitive = 16 };
constexpr std::array<std::string_view, 5> kTagNames = {"4g", "5g", "fttc", "fttp", "sensitive-site"};
constexpr std::uint8_t kLineTags = kTagFttc | kTagFttp;

struct Model {
  Maker maker;
  Function function;
  std::string_view name;
  std::uint8_t line = 0;  // kTagFttp or kTagFttc for access nodes and CPE; 0 fits any line
  std::array<std::string_view, 3> versions;
};

using F = Function;
using M = Maker;
constexpr Model kModels[] = {
    {M::kNokia, F::kCore, "7750 SR-7", 0, {"20.10.R4", "22.10.R2", "23.3.R1"}},
    {M::kNokia, F::kCore, "7950 XRS-20", 0, {"21.10.R3", "22.10.R2"}},
    {M::kCisco, F::kCore, "ASR 9906", 0, {"7.3.2", "7.5.2", "7.9.2"}},
    {M::kJuniper, F::kCore, "PTX10008", 0, {"21.4R3-S2", "22.4R1-S1"}},
    {M::kJuniper, F::kCore, "MX960", 0, {"20.4R3-S4", "21.4R3-S2"}},
    {M::kCiena, F::kTransport, "6500", 0, {"R13.2", "R14.0", "R15.0"}},
    {M::kCiena, F::kTransport, "Waveserver 5", 0, {"2.1.2", "3.0.1"}},
    {M::kNokia, F::kTransport, "1830 PSS-32", 0, {"R12.0", "R22.6"}},
    {M::kEci, F::kTransport, "Apollo OPT9624", 0, {"R11.1", "R12.0"}},
    {M::kCisco, F::kTransport, "NCS 2006", 0, {"11.1", "12.1"}},
    {M::kHuawei, F::kTransport, "OptiX OSN 1800", 0, {"V100R010C00SPC300", "V100R019C10SPC200"}},
    {M::kHuawei, F::kTransport, "OptiX OSN 8800", 0, {"V100R011C10SPC200", "V100R019C10SPC300"}},
    {M::kZte, F::kTransport, "ZXCTN 6180H", 0, {"V5.00.10", "V5.10.00"}},
    {M::kCisco, F::kAggregation, "NCS 5501", 0, {"6.6.3", "7.5.2", "7.8.1"}},
    {M::kCisco, F::kAggregation, "ASR 903", 0, {"16.12.4", "17.3.4a"}},
    {M::kJuniper, F::kAggregation, "MX480", 0, {"20.4R3-S4", "21.4R3-S2", "22.2R2"}},
    {M::kJuniper, F::kAggregation, "ACX7100-48L", 0, {"21.4R3", "22.4R2"}},
    {M::kNokia, F::kAggregation, "7750 SR-1", 0, {"21.10.R3", "22.10.R2"}},
    {M::kNokia, F::kAggregation, "7250 IXR-e", 0, {"20.10.R4", "22.10.R2"}},
    {M::kEricsson, F::kAggregation, "Router 6675", 0, {"IPOS 20.2", "IPOS 21.1.2"}},
    {M::kEci, F::kAggregation, "Neptune NPT-1800", 0, {"R6.1", "R7.0"}},
    {M::kHuawei, F::kAggregation, "NE40E-X8", 0, {"V800R011C00SPC607", "V800R012C10SPC300", "V800R021C10SPC600"}},
    {M::kHuawei, F::kAggregation, "NE8000-X4", 0, {"V800R013C00SPC200", "V800R021C10SPC600"}},
    {M::kHuawei, F::kAggregation, "CE12804", 0, {"V200R005C10SPC800", "V200R019C10SPC800"}},
    {M::kHuawei, F::kAggregation, "S5720-52X-PWR-SI-AC", 0, {"V200R011C10SPC600", "V200R019C00SPC500"}},
    {M::kZte, F::kAggregation, "ZXR10 M6000-8S", 0, {"V5.00.10", "V5.00.20"}},
    {M::kNokia, F::kAccess, "7360 ISAM FX-16", kTagFttp, {"R6.2.04", "R6.5.02"}},
    {M::kNokia, F::kAccess, "7330 ISAM FTTN", kTagFttc, {"R5.8", "R6.2"}},
    {M::kEci, F::kAccess, "Hi-FOCuS 5", kTagFttc, {"V8.0.2", "V8.1.0"}},
    {M::kHuawei, F::kAccess, "MA5800-X17", kTagFttp, {"V100R019C10SPC208", "V100R021C00SPC100"}},
    {M::kHuawei, F::kAccess, "MA5616", kTagFttc, {"V800R313C00SPC200", "V800R318C00SPC100"}},
    {M::kZte, F::kAccess, "ZXA10 C300", kTagFttp, {"V2.0.1P2", "V2.1.0"}},
    {M::kZte, F::kAccess, "ZXDSL 9806H", kTagFttc, {"V2.1.3", "V2.2.0"}},
    {M::kEricsson, F::kRan, "Baseband 6630", 0, {"L21.Q4", "22.Q1", "23.Q2"}},
    {M::kEricsson, F::kRan, "Baseband 6648", 0, {"22.Q1", "23.Q2"}},
    {M::kNokia, F::kRan, "AirScale System Module", 0, {"SRAN 21B", "SRAN 22R2"}},
    {M::kSamsung, F::kRan, "Compact Macro", 0, {"SVR21D", "SVR22B"}},
    {M::kHuawei, F::kRan, "BBU5900", 0, {"V100R016C10SPC230", "V100R017C10SPC220"}},
    {M::kHuawei, F::kRan, "ATN910C-B", 0, {"V300R005C10SPC100", "V300R007C00SPC300"}},
    {M::kZte, F::kRan, "ZXSDR B8200", 0, {"V4.15.10.20", "V4.20.50"}},
    {M::kCisco, F::kManagement, "Catalyst 9300", 0, {"17.6.4", "17.9.3"}},
    {M::kJuniper, F::kManagement, "EX4300-48T", 0, {"21.4R3-S4", "22.4R2"}},
    {M::kHuawei, F::kCpe, "EchoLife HG8245H", kTagFttp, {"V3R016C10S120", "V3R017C10S115"}},
    {M::kHuawei, F::kCpe, "EchoLife EG8145V5", kTagFttp, {"V5R019C00S100", "V5R020C00S115"}},
    {M::kHuawei, F::kCpe, "HG612", kTagFttc, {"V100R001C01B030SP06", "V100R001C01B030SP09"}},
    {M::kZte, F::kCpe, "ZXHN F660", kTagFttp, {"V6.0.1P2T4", "V6.0.10P6T19"}},
    {M::kZte, F::kCpe, "ZXHN H298A", kTagFttc, {"V1.1.5", "V1.2.0"}},
    {M::kSagemcom, F::kCpe, "F@st 5670", 0, {"SG4Z10002116", "SG4Z10002256"}},
    {M::kAvm, F::kCpe, "FRITZ!Box 7590", kTagFttc, {"7.29", "7.57", "8.00"}},
    {M::kAvm, F::kCpe, "FRITZ!Box 5530 Fiber", kTagFttp, {"7.31", "7.57"}},
    {M::kTechnicolor, F::kCpe, "DGA4134", 0, {"20.3.c.0389", "20.4.0206"}},
    {M::kTechnicolor, F::kCpe, "TG789vac v2", kTagFttc, {"17.2.0406", "17.2.0468"}},
};

// Operator-branded CPE: the operator sources one model from several makers (as BT did with its
// hubs), so only the MAC address tells them apart. The names are made up for this data set.
constexpr std::string_view kOperatorBrand = "BT";
constexpr Model kBrandedModels[] = {
    {M::kSagemcom, F::kCpe, "Smart Hub 2", 0, {"SG4B1000B540", "SG4B1A006100"}},
    {M::kSagemcom, F::kCpe, "Home Hub 5", 0, {"4.7.5.1.83.8.263", "4.7.5.1.83.8.340"}},
};

std::size_t version_count(const Model& model) {
  return static_cast<std::size_t>(
      std::count_if(model.versions.begin(), model.versions.end(), [](auto s) { return !s.empty(); }));
}

// Vendor mixes per function, in percent. Designated makers (Huawei, ZTE) are absent from the core
// and most common in access and RAN, as in UK networks before the removal programme.
struct MakerShare {
  Maker maker;
  std::uint32_t weight;
};
constexpr MakerShare kCoreMix[] = {{M::kNokia, 40}, {M::kCisco, 35}, {M::kJuniper, 25}};
constexpr MakerShare kTransportMix[] = {{M::kCiena, 35}, {M::kNokia, 25}, {M::kCisco, 20},
                                        {M::kEci, 12},   {M::kHuawei, 6}, {M::kZte, 2}};
constexpr MakerShare kAggregationMix[] = {{M::kCisco, 30},   {M::kNokia, 25}, {M::kJuniper, 22}, {M::kEci, 8},
                                          {M::kEricsson, 5}, {M::kHuawei, 7}, {M::kZte, 3}};
constexpr MakerShare kAccessMix[] = {{M::kNokia, 40}, {M::kEci, 35}, {M::kHuawei, 18}, {M::kZte, 7}};
constexpr MakerShare kRanMix[] = {
    {M::kEricsson, 50}, {M::kNokia, 28}, {M::kSamsung, 8}, {M::kHuawei, 10}, {M::kZte, 4}};
constexpr MakerShare kManagementMix[] = {{M::kCisco, 60}, {M::kJuniper, 40}};
constexpr MakerShare kCpeMix[] = {
    {M::kSagemcom, 30}, {M::kTechnicolor, 30}, {M::kAvm, 15}, {M::kHuawei, 15}, {M::kZte, 10}};
constexpr MakerShare kBrandedMakers[] = {{M::kHuawei, 40}, {M::kZte, 25}, {M::kSagemcom, 35}};

std::span<const MakerShare> mix_for(Function f) {
  switch (f) {
    case F::kCore:
      return kCoreMix;
    case F::kTransport:
      return kTransportMix;
    case F::kAggregation:
      return kAggregationMix;
    case F::kAccess:
      return kAccessMix;
    case F::kRan:
      return kRanMix;
    case F::kCpe:
      return kCpeMix;
    default:
      return kManagementMix;
  }
}

// The maker at u, a uniform 64-bit draw, along the cumulative weights of mix.
Maker pick_maker(std::span<const MakerShare> mix, std::uint64_t u) {
  std::uint32_t total = 0;
  for (const MakerShare& s : mix) total += s.weight;
  std::uint64_t r = ((u >> 32) * total) >> 32;
  for (const MakerShare& s : mix) {
    if (r < s.weight) return s.maker;
    r -= s.weight;
  }
  return mix.back().maker;
}

// The draw that picks the maker of the k-th element of a function: a Weyl sequence (golden-ratio
// steps from a seeded start) rather than independent draws, so even the two transport nodes of a
// small network follow the mix instead of both landing on a 6% maker.
std::uint64_t spread_draw(std::uint64_t seed, Function f, std::uint64_t k) {
  return mix64(seed + static_cast<std::uint64_t>(f)) + k * kGolden;
}

// A model of this maker for this function, preferring one that fits the line (fibre or copper).
std::uint16_t pick_model(Maker maker, Function function, std::uint8_t line, Rng& rng) {
  auto fits = [&](const Model& m, bool strict) {
    return m.maker == maker && m.function == function && (!strict || m.line == 0 || m.line == line);
  };
  for (const bool strict : {true, false}) {
    const auto n =
        std::count_if(std::begin(kModels), std::end(kModels), [&](const Model& m) { return fits(m, strict); });
    if (n == 0) continue;
    std::uint32_t k = rng.below(static_cast<std::uint64_t>(n));
    for (std::uint16_t i = 0; i < std::size(kModels); ++i) {
      if (fits(kModels[i], strict) && k-- == 0) return i;
    }
  }
  return 0;  // unreachable: check_catalogue() proved every mix has models
}

// Every maker of every mix needs a model for that function; a gap is a bug in the tables above.
Status check_catalogue() {
  for (std::size_t f = 0; f < kFunctionCount; ++f) {
    const auto function = static_cast<Function>(f);
    if (function == F::kOther) continue;
    for (const MakerShare& s : mix_for(function)) {
      const bool found = std::any_of(std::begin(kModels), std::end(kModels),
                                     [&](const Model& m) { return m.maker == s.maker && m.function == function; });
      if (!found) {
        return Status::internal(
            fmt::format("generate: no {} model for maker {}", function_name(function), info(s.maker).declared[0]));
      }
    }
  }
  return Status();
}

// ------------------------------------------------------------------------------------------------
// Geography

struct Region {
  std::string_view name, code, host;  // host: the code as it appears in hostnames
  std::uint32_t weight;               // population in 100,000s, for placing nodes
};
constexpr std::size_t kRegionCount = 12;
constexpr std::array<Region, kRegionCount> kRegions = {{
    {"London", "LON", "lon", 90},
    {"South East", "SEA", "sea", 93},
    {"South West", "SWE", "swe", 57},
    {"East of England", "EOE", "eoe", 63},
    {"West Midlands", "WMD", "wmd", 60},
    {"East Midlands", "EMD", "emd", 49},
    {"Yorkshire and the Humber", "YHU", "yhu", 55},
    {"North West", "NWE", "nwe", 74},
    {"North East", "NEA", "nea", 27},
    {"Wales", "WAL", "wal", 31},
    {"Scotland", "SCO", "sco", 55},
    {"Northern Ireland", "NIR", "nir", 19},
}};
// Where core sites go first, and the order the first transport and aggregation nodes cover regions.
constexpr std::array<std::uint8_t, kRegionCount> kHubOrder = {0, 7, 4, 10, 6, 1, 2, 3, 5, 8, 9, 11};

std::uint8_t pick_region(Rng& rng) {
  std::uint32_t total = 0;
  for (const Region& r : kRegions) total += r.weight;
  std::uint32_t x = rng.below(total);
  for (std::uint8_t i = 0; i < kRegionCount; ++i) {
    if (x < kRegions[i].weight) return i;
    x -= kRegions[i].weight;
  }
  return 0;
}

// ------------------------------------------------------------------------------------------------
// The planned network

constexpr std::uint32_t kNone = 0xFFFFFFFFu;
constexpr std::int8_t kNoVendor = -1, kBrandVendor = -2;

// Everything decided about one element before it is written.
struct Row {
  std::uint32_t uplink = kNone;  // element index
  std::uint32_t site = 0;        // site number within the region
  std::int32_t installed = 0;    // days since 1970-01-01
  std::uint64_t traffic = 0;     // Mbit/s, written as Gbit/s with three decimals
  std::uint64_t subscribers = 0;
  Function function = F::kOther;
  std::uint8_t region = 0;
  std::uint8_t slot = 1;  // number of this kind of element at its site, for the hostname
  Maker maker = M::kNokia;
  bool branded = false;  // an operator-branded CPE: the model indexes kBrandedModels
  std::uint16_t model = 0;
  std::uint8_t version = 0;
  std::int8_t declared = 0;  // index into the maker's spellings, kNoVendor or kBrandVendor
  std::uint8_t tags = 0;
  std::uint8_t mac_count = 1, oui = 0;
  MacStyle mac_style = MacStyle::kColon;
};

const Model& model_of(const Row& row) {
  return row.branded ? kBrandedModels[row.model] : kModels[row.model];
}

struct Link {
  std::uint32_t a, b;
  std::uint8_t cost;
  std::uint16_t capacity;  // Gbit/s
};

struct Demand {
  std::uint32_t src, dst;
  std::uint64_t volume;  // Mbit/s
};

// File order of functions: the infrastructure top-down (every uplink points backwards), then CPE.
constexpr std::array<Function, 7> kFileOrder = {F::kCore, F::kTransport,  F::kAggregation, F::kAccess,
                                                F::kRan,  F::kManagement, F::kCpe};

struct Layout {
  std::array<std::uint64_t, kFunctionCount> count{}, first{};
  std::uint64_t count_of(Function f) const { return count[static_cast<std::size_t>(f)]; }
  std::uint64_t first_of(Function f) const { return first[static_cast<std::size_t>(f)]; }
};

// How many elements of each function: CPE are what is left after the infrastructure, about 91%
// from 2,000 elements up. The core stays small so its full mesh stays small.
Layout make_layout(std::uint64_t n, std::uint32_t infrastructure_permille) {
  Layout l;
  auto set = [&](Function f, std::uint64_t v) { l.count[static_cast<std::size_t>(f)] = v; };
  const std::uint64_t scaled = n * infrastructure_permille / 1000;
  set(F::kCore, std::clamp<std::uint64_t>(n / 50000, 4, 32));
  set(F::kManagement, std::clamp<std::uint64_t>(n / 250000 + 2, 2, 8));
  set(F::kTransport, std::max<std::uint64_t>(2, scaled / 1000));
  set(F::kAggregation, std::max<std::uint64_t>(2, scaled / 400));
  set(F::kAccess, std::max(l.count_of(F::kAggregation), scaled * 12 / 1000));
  set(F::kRan, std::max(l.count_of(F::kAggregation), scaled * 7 / 100));
  std::uint64_t infrastructure = 0;
  for (std::size_t c : l.count) infrastructure += c;
  set(F::kCpe, n - infrastructure);
  std::uint64_t next = 0;
  for (Function f : kFileOrder) {
    l.first[static_cast<std::size_t>(f)] = next;
    next += l.count_of(f);
  }
  return l;
}

struct Network {
  std::uint64_t seed = 0;
  Layout layout;
  std::vector<Row> infrastructure;  // every element but CPE, indexed by element index
  std::vector<Link> links;
  std::vector<Demand> demands;

  // CPE are spread evenly over the access nodes, in order, so a node's CPE are consecutive.
  std::uint32_t access_of_cpe(std::uint64_t j) const {
    const std::uint64_t access = layout.count_of(F::kAccess), cpe = layout.count_of(F::kCpe);
    return static_cast<std::uint32_t>(layout.first_of(F::kAccess) + j * access / cpe);
  }
};

constexpr std::int32_t days_of(int y, unsigned m, unsigned d) {
  return static_cast<std::int32_t>(
      std::chrono::sys_days(std::chrono::year(y) / std::chrono::month(m) / std::chrono::day(d))
          .time_since_epoch()
          .count());
}
constexpr std::int32_t kFirstInstall = days_of(2012, 1, 1), kLastInstall = days_of(2026, 6, 30);
constexpr std::int32_t kFirstCpeInstall = days_of(2014, 1, 1), kLastCpeInstall = days_of(2026, 10, 31);
constexpr std::int32_t kFirst5g = days_of(2019, 5, 30);  // UK commercial 5G launch

// ------------------------------------------------------------------------------------------------
// Equipment: maker, model, vendor string, dates, tags and MACs of one element

std::uint8_t ran_tags(std::int32_t installed, Rng& rng) {
  if (installed < kFirst5g) return kTag4g;
  const std::uint32_t r = rng.below(10);
  return r < 5 ? kTag4g | kTag5g : r < 8 ? kTag5g : kTag4g;
}

// Where inventory records are kept worst, so where the vendor is sometimes missing (~1% of rows).
bool edge(Function f) {
  return f == F::kAccess || f == F::kRan || f == F::kCpe;
}

MacStyle pick_mac_style(Maker maker, Rng& rng) {
  const std::uint32_t r = rng.below(100);
  if (info(maker).dotted_macs) return r < 70 ? MacStyle::kDotted : MacStyle::kColon;
  return r < 85 ? MacStyle::kColon : r < 93 ? MacStyle::kDashUpper : MacStyle::kBare;
}

// Maker, model, software version and declared vendor. position is the row's number among its
// function's elements; line is the access node's line tag for a CPE (its model is chosen to fit).
void pick_product(Row& row, std::uint64_t position, std::uint64_t seed, std::uint8_t line, Rng& rng) {
  const bool cpe = row.function == F::kCpe;
  row.branded = cpe && rng.chance(100);
  if (row.branded) {
    row.maker = pick_maker(kBrandedMakers, rng.next());
    row.model = static_cast<std::uint16_t>(rng.below(std::size(kBrandedModels)));
    row.declared = kBrandVendor;
  } else {
    row.maker = pick_maker(mix_for(row.function), cpe ? rng.next() : spread_draw(seed, row.function, position));
    row.model = pick_model(row.maker, row.function, line, rng);
    const bool missing = edge(row.function) && rng.chance(10);
    row.declared = missing ? kNoVendor : static_cast<std::int8_t>(rng.below(declared_count(row.maker)));
  }
  row.version = static_cast<std::uint8_t>(rng.below(version_count(model_of(row))));
}

// Installation date, tags and MAC layout.
void pick_details(Row& row, std::uint8_t line, Rng& rng) {
  const bool cpe = row.function == F::kCpe;
  const std::int32_t first = cpe ? kFirstCpeInstall : kFirstInstall, last = cpe ? kLastCpeInstall : kLastInstall;
  row.installed = first + static_cast<std::int32_t>(rng.below(static_cast<std::uint64_t>(last - first + 1)));
  row.tags = cpe ? line : row.function == F::kAccess ? model_of(row).line : 0;
  if (row.function == F::kRan) row.tags = ran_tags(row.installed, rng);
  if (!cpe && rng.chance(10)) row.tags |= kTagSensitive;
  row.mac_count = !cpe && rng.chance(300) ? 2 : 1;
  row.oui = static_cast<std::uint8_t>(rng.below(3));
  row.mac_style = pick_mac_style(row.maker, rng);
}

// Fills the equipment fields of row from the element's own random stream.
void equip(Row& row, std::uint64_t index, std::uint64_t position, std::uint64_t seed, std::uint8_t line) {
  Rng rng(seed, Stream::kEquipment, index);
  pick_product(row, position, seed, line, rng);
  pick_details(row, line, rng);
}

// A CPE's own traffic and subscribers, from its own stream so they can be summed before writing.
void draw_cpe_measures(Row& row, std::uint64_t index, std::uint64_t seed) {
  Rng rng(seed, Stream::kMeasures, index);
  const std::uint32_t r = rng.below(100);
  row.subscribers = r < 40 ? 1 : r < 70 ? 2 : r < 85 ? 3 : r < 99 ? 4 : rng.between(5, 50);  // 1%: businesses
  row.traffic = rng.between(1, 25) + (rng.chance(50) ? rng.between(50, 300) : 0);
}

Row make_cpe(const Network& net, std::uint64_t j) {
  const std::uint64_t index = net.layout.first_of(F::kCpe) + j;
  const std::uint32_t access = net.access_of_cpe(j);
  const Row& node = net.infrastructure[access];
  Row row;
  row.function = F::kCpe;
  row.uplink = access;
  row.region = node.region;
  row.site = node.site;
  draw_cpe_measures(row, index, net.seed);
  equip(row, index, j, net.seed, node.tags & kLineTags);
  return row;
}

// ------------------------------------------------------------------------------------------------
// Topology: sites, uplinks and links of the infrastructure

class Planner {
 public:
  explicit Planner(Network& net) : net_(net), rng_(net.seed, Stream::kPlan), layout_(net.layout) {}

  void run() {
    net_.infrastructure.reserve(layout_.first_of(F::kCpe));
    place_core();
    place_transport();
    place_aggregation();
    place_access();
    place_ran();
    place_management();
    add_rings(transport_by_region_, 400);
    add_rings(aggregation_by_region_, 100);
  }

 private:
  std::uint32_t add(Function f, std::uint8_t region, std::uint32_t site, std::uint8_t slot, std::uint32_t uplink) {
    Row row;
    row.function = f;
    row.region = region;
    row.site = site;
    row.slot = slot;
    row.uplink = uplink;
    net_.infrastructure.push_back(row);
    return static_cast<std::uint32_t>(net_.infrastructure.size() - 1);
  }
  void link(std::uint32_t a, std::uint32_t b, std::uint8_t cost, std::uint16_t capacity) {
    net_.links.push_back(Link{a, b, cost, capacity});
  }
  std::uint32_t new_site(std::uint8_t region) { return ++next_site_[region]; }
  std::uint32_t random_of(Function f) {
    return static_cast<std::uint32_t>(layout_.first_of(f) + rng_.below(layout_.count_of(f)));
  }
  // A random core node other than `other` (which may be any element).
  std::uint32_t random_core_except(std::uint32_t other) {
    const std::uint32_t c = random_of(F::kCore);
    return c != other ? c : static_cast<std::uint32_t>((c + 1) % layout_.count_of(F::kCore));
  }
  std::uint32_t random_in(const std::vector<std::uint32_t>& nodes) { return nodes[rng_.below(nodes.size())]; }
  // The first nodes cover every region once, in hub order; the rest follow the population.
  std::uint8_t region_for(std::uint64_t k) { return k < kRegionCount ? kHubOrder[k] : pick_region(rng_); }

  void place_core() {
    const std::uint64_t n = layout_.count_of(F::kCore);
    for (std::uint64_t k = 0; k < n; ++k) {
      const std::uint8_t region = kHubOrder[k % kRegionCount];
      core_by_region_[region].push_back(add(F::kCore, region, new_site(region), 1, kNone));
    }
    for (std::uint32_t a = 0; a < n; ++a) {
      for (std::uint32_t b = a + 1; b < n; ++b) link(a, b, static_cast<std::uint8_t>(rng_.between(1, 2)), 400);
    }
  }

  // Transport nodes hang off a core node in their region (or any) and are dual-homed to another.
  void place_transport() {
    for (std::uint64_t k = 0; k < layout_.count_of(F::kTransport); ++k) {
      const std::uint8_t region = region_for(k);
      const auto& cores = core_by_region_[region];
      const std::uint32_t primary = cores.empty() ? random_of(F::kCore) : random_in(cores);
      const std::uint32_t node = add(F::kTransport, region, new_site(region), 1, primary);
      transport_by_region_[region].push_back(node);
      link(node, primary, 1, 400);
      link(node, random_core_except(primary), 2, 400);
    }
  }

  // Aggregation nodes hang off a transport (or else core) node of their region, and are
  // dual-homed to a core node.
  void place_aggregation() {
    for (std::uint64_t k = 0; k < layout_.count_of(F::kAggregation); ++k) {
      const std::uint8_t region = region_for(k);
      const auto& transports = transport_by_region_[region];
      const auto& cores = core_by_region_[region];
      const std::uint32_t primary = !transports.empty() ? random_in(transports)
                                    : !cores.empty()    ? random_in(cores)
                                                        : random_of(F::kTransport);
      const std::uint32_t node = add(F::kAggregation, region, new_site(region), 1, primary);
      aggregation_by_region_[region].push_back(node);
      link(node, primary, 1, 100);
      link(node, random_core_except(primary), 2, 100);
    }
    assign_peers();
  }

  // Each aggregation node's partner for dual-homing the nodes below it: the next one in its
  // region, or a random other one when it is alone in its region.
  void assign_peers() {
    const std::uint64_t first = layout_.first_of(F::kAggregation), n = layout_.count_of(F::kAggregation);
    peer_.assign(n, kNone);
    for (const auto& nodes : aggregation_by_region_) {
      for (std::size_t i = 0; i < nodes.size() && nodes.size() > 1; ++i) {
        peer_[nodes[i] - first] = nodes[(i + 1) % nodes.size()];
      }
    }
    for (std::uint64_t i = 0; i < n; ++i) {
      if (peer_[i] == kNone) peer_[i] = static_cast<std::uint32_t>(first + (i + 1 + rng_.below(n - 1)) % n);
    }
  }
  std::uint32_t peer_of(std::uint32_t aggregation) const {
    return peer_[aggregation - layout_.first_of(F::kAggregation)];
  }
  std::uint32_t aggregation_for(std::uint64_t k, Function f) const {
    return static_cast<std::uint32_t>(layout_.first_of(F::kAggregation) +
                                      k * layout_.count_of(F::kAggregation) / layout_.count_of(f));
  }

  // Access nodes share exchange buildings in pairs and are dual-homed to two aggregation nodes.
  void place_access() {
    for (std::uint64_t k = 0; k < layout_.count_of(F::kAccess); ++k) {
      const std::uint32_t agg = aggregation_for(k, F::kAccess);
      const Row parent = net_.infrastructure[agg];
      const Row& previous = net_.infrastructure.back();
      const bool share = previous.function == F::kAccess && previous.uplink == agg && previous.slot == 1;
      const std::uint32_t site = share ? previous.site : new_site(parent.region);
      const std::uint32_t node = add(F::kAccess, parent.region, site, share ? 2 : 1, agg);
      link(node, agg, 1, 10);
      link(node, peer_of(agg), 2, 10);
    }
  }

  // Cell sites have their own sites; the backup path to the second aggregation node costs more.
  void place_ran() {
    for (std::uint64_t k = 0; k < layout_.count_of(F::kRan); ++k) {
      const std::uint32_t agg = aggregation_for(k, F::kRan);
      const std::uint8_t region = net_.infrastructure[agg].region;
      const std::uint32_t node = add(F::kRan, region, new_site(region), 1, agg);
      link(node, agg, 1, 10);
      link(node, peer_of(agg), 3, 10);
    }
  }

  // Management switches (for the OSS and out-of-band access) sit at the core sites.
  void place_management() {
    const std::uint64_t cores = layout_.count_of(F::kCore);
    for (std::uint64_t k = 0; k < layout_.count_of(F::kManagement); ++k) {
      const std::uint32_t core = static_cast<std::uint32_t>(k % cores);
      const Row host = net_.infrastructure[core];
      const std::uint32_t node =
          add(F::kManagement, host.region, host.site, static_cast<std::uint8_t>(1 + k / cores), core);
      link(node, core, 1, 10);
    }
  }

  // Rings of up to six nodes of the same region, as metro fibre rings are built.
  void add_rings(const std::array<std::vector<std::uint32_t>, kRegionCount>& by_region, std::uint16_t capacity) {
    constexpr std::size_t kRing = 6;
    for (const auto& nodes : by_region) {
      for (std::size_t start = 0; start + 3 <= nodes.size(); start += kRing) {
        const std::size_t size = std::min(kRing, nodes.size() - start);
        if (size < 3) break;
        for (std::size_t i = 0; i < size; ++i) {
          link(nodes[start + i], nodes[start + (i + 1) % size], 2, capacity);
        }
      }
    }
  }

  Network& net_;
  Rng rng_;
  const Layout& layout_;
  std::array<std::uint32_t, kRegionCount> next_site_{};
  std::array<std::vector<std::uint32_t>, kRegionCount> core_by_region_, transport_by_region_, aggregation_by_region_;
  std::vector<std::uint32_t> peer_;
};

// ------------------------------------------------------------------------------------------------
// Measures: each node's traffic and subscribers, summed up the uplink tree

void equip_infrastructure(Network& net) {
  for (std::size_t i = 0; i < net.infrastructure.size(); ++i) {
    Row& row = net.infrastructure[i];
    equip(row, i, i - net.layout.first_of(row.function), net.seed, 0);
  }
}

// Own measures of the leaves of the infrastructure tree (RAN and management); the rest is summed.
void draw_infrastructure_measures(Network& net) {
  for (std::size_t i = 0; i < net.infrastructure.size(); ++i) {
    Row& row = net.infrastructure[i];
    Rng rng(net.seed, Stream::kMeasures, i);
    if (row.function == F::kRan) {
      row.traffic = rng.between(50, 1500);
      row.subscribers = rng.between(100, 2000);
    } else if (row.function == F::kManagement) {
      row.traffic = rng.between(1, 10);
    }
  }
}

// Traffic is what flows through a node: its own plus everything below it. Subscribers are counted
// at the CPE, summed at access nodes and again at aggregation nodes (so a share in one function is
// weighted by the subscribers behind it); transport, core and management carry none, because every
// subscriber is behind them.
void sum_measures(Network& net) {
  for (std::uint64_t j = 0; j < net.layout.count_of(F::kCpe); ++j) {
    Row cpe;
    draw_cpe_measures(cpe, net.layout.first_of(F::kCpe) + j, net.seed);
    Row& access = net.infrastructure[net.access_of_cpe(j)];
    access.traffic += cpe.traffic;
    access.subscribers += cpe.subscribers;
  }
  for (std::size_t i = net.infrastructure.size(); i-- > 0;) {
    const Row& row = net.infrastructure[i];
    if (row.uplink == kNone) continue;
    Row& parent = net.infrastructure[row.uplink];
    parent.traffic += row.traffic;
    if (row.function == F::kAccess || row.function == F::kRan) parent.subscribers += row.subscribers;
  }
}

// Each aggregation node sends 70% of its traffic to its home core node (up its uplinks) and the
// rest to another core node.
void add_demands(Network& net) {
  Rng rng(net.seed, Stream::kPlan, 1);
  const std::uint64_t first = net.layout.first_of(F::kAggregation), cores = net.layout.count_of(F::kCore);
  for (std::uint64_t a = first; a < first + net.layout.count_of(F::kAggregation); ++a) {
    std::uint32_t home = net.infrastructure[a].uplink;
    while (net.infrastructure[home].uplink != kNone) home = net.infrastructure[home].uplink;
    const std::uint32_t other = static_cast<std::uint32_t>((home + 1 + rng.below(cores - 1)) % cores);
    const std::uint64_t volume = net.infrastructure[a].traffic, main = volume * 7 / 10;
    net.demands.push_back(Demand{static_cast<std::uint32_t>(a), home, main});
    net.demands.push_back(Demand{static_cast<std::uint32_t>(a), other, volume - main});
  }
}

Network plan_network(const GenerateOptions& options) {
  Network net;
  net.seed = options.seed;
  net.layout = make_layout(options.elements, options.infrastructure_permille);
  Planner(net).run();
  equip_infrastructure(net);
  draw_infrastructure_measures(net);
  sum_measures(net);
  add_demands(net);
  return net;
}

// ------------------------------------------------------------------------------------------------
// Writing

struct FileCloser {
  void operator()(std::FILE* f) const { std::fclose(f); }
};

// Rows go into one reused writer (data cells: the inventory is read back, so no spreadsheet
// guard) and out to the file in large blocks. The first write error sticks and is returned by
// close().
class CsvFile {
 public:
  explicit CsvFile(std::string path) : path_(std::move(path)), file_(std::fopen(path_.c_str(), "wb")) {
    if (!file_) fail();
    csv_.reserve(kBlock + (64 << 10));
  }
  CsvWriter& csv() { return csv_; }
  void flush_if_full() {
    if (csv_.size() >= kBlock) flush();
  }
  // Writes what is left and closes the file; adds the bytes written to bytes.
  Status close(std::uint64_t& bytes) {
    flush();
    if (file_ && std::fclose(file_.release()) != 0) fail();
    if (error_ != 0) return Status::io(fmt::format("{}: cannot write the file: {}", path_, std::strerror(error_)));
    bytes += written_;
    return Status();
  }

 private:
  static constexpr std::size_t kBlock = 4 << 20;
  void fail() {
    if (error_ == 0) error_ = errno != 0 ? errno : EIO;
  }
  void flush() {
    const std::string_view text = csv_.view();
    if (file_ && error_ == 0 && std::fwrite(text.data(), 1, text.size(), file_.get()) != text.size()) fail();
    written_ += text.size();
    csv_.clear();
  }
  std::string path_;
  std::unique_ptr<std::FILE, FileCloser> file_;
  CsvWriter csv_{CsvCells::kData};
  std::uint64_t written_ = 0;
  int error_ = 0;
};

// The put_ functions below write pieces of the current cell (CsvWriter::append); the caller starts
// each cell. Numbers are written by hand: fmt's general path cost more than the rest of a row.
void put_hex(CsvWriter& out, std::uint64_t value, int digits, bool upper) {
  const std::string_view set = upper ? "0123456789ABCDEF" : "0123456789abcdef";
  for (int i = digits - 1; i >= 0; --i) out.append(set[(value >> (4 * i)) & 0xF]);
}

void put_id(CsvWriter& out, std::uint64_t index) {
  out.append("NE");
  out.append_uint(index, 8);
}

// Thousandths as a fixed three-decimal number, without going through floating point.
void put_thousandths(CsvWriter& out, std::uint64_t value) {
  out.append_uint(value / 1000);
  out.append('.');
  out.append_uint(value % 1000, 3);
}

std::chrono::year_month_day civil(std::int32_t days) {
  return std::chrono::year_month_day{std::chrono::sys_days(std::chrono::days(days))};
}

void put_date(CsvWriter& out, std::int32_t days) {
  const auto ymd = civil(days);
  out.append_uint(static_cast<std::uint64_t>(static_cast<int>(ymd.year())), 4);
  out.append('-');
  out.append_uint(static_cast<unsigned>(ymd.month()), 2);
  out.append('-');
  out.append_uint(static_cast<unsigned>(ymd.day()), 2);
}

// aa:bb:cc:dd:ee:ff, AA-BB-CC-DD-EE-FF, aabb.ccdd.eeff or aabbccddeeff.
void put_mac(CsvWriter& out, Mac mac, MacStyle style) {
  const bool upper = style == MacStyle::kDashUpper;
  const char separator = style == MacStyle::kColon ? ':' : style == MacStyle::kDashUpper ? '-' : '.';
  const int group = style == MacStyle::kDotted ? 2 : style == MacStyle::kBare ? 6 : 1;  // bytes per group
  for (int i = 0; i < 6; ++i) {
    if (i > 0 && i % group == 0) out.append(separator);
    put_hex(out, (mac >> (40 - 8 * i)) & 0xFF, 2, upper);
  }
}

// One MAC per element, a second (from another of the maker's prefixes) on some infrastructure. The
// low 24 bits come from the row number, so MACs are unique.
void put_macs(CsvWriter& out, const Row& row, std::uint64_t index, std::uint64_t seed) {
  const auto& ouis = info(row.maker).ouis;
  const Mac tail = scramble24(index, seed);
  for (std::uint8_t i = 0; i < row.mac_count; ++i) {
    if (i > 0) out.append(';');
    put_mac(out, (static_cast<Mac>(ouis[(row.oui + i) % ouis.size()]) << 24) | tail, row.mac_style);
  }
}

void put_tags(CsvWriter& out, std::uint8_t tags) {
  bool first = true;
  for (std::size_t bit = 0; bit < kTagNames.size(); ++bit) {
    if ((tags & (1u << bit)) == 0) continue;
    if (!first) out.append(';');
    out.append(kTagNames[bit]);
    first = false;
  }
}

std::string_view host_kind(Function f) {
  switch (f) {
    case F::kCore:
      return "cr";
    case F::kTransport:
      return "tx";
    case F::kAggregation:
      return "agg";
    case F::kAccess:
      return "acc";
    case F::kRan:
      return "ran";
    default:
      return "mgt";
  }
}

// name,site,region: infrastructure is named after its site ("lon-0007-agg01"), CPE after their row.
void put_name_and_place(CsvWriter& out, const Row& row, std::uint64_t index) {
  const Region& region = kRegions[row.region];
  out.begin_cell();
  if (row.function == F::kCpe) {
    out.append("cpe-");
    out.append(region.host);
    out.append_uint(index, 8);
  } else {
    out.append(region.host);
    out.append('-');
    out.append_uint(row.site, 4);
    out.append('-');
    out.append(host_kind(row.function));
    out.append_uint(row.slot, 2);
  }
  out.begin_cell();
  out.append(region.code);
  out.append('-');
  out.append_uint(row.site, 4);
  out.text(region.name);
}

// declared_vendor,model,software_version: the spellings are the makers' own, commas and all.
void put_equipment(CsvWriter& out, const Row& row) {
  const Model& model = model_of(row);
  if (row.declared == kBrandVendor) {
    out.plain(kOperatorBrand);
  } else if (row.declared >= 0) {
    out.text(info(row.maker).declared[static_cast<std::size_t>(row.declared)]);
  } else {
    out.begin_cell();
  }
  out.text(model.name);
  out.text(model.versions[row.version]);
}

// The maker's serial prefix, the year of manufacture and eight hex digits unique to the row.
void put_serial(CsvWriter& out, const Row& row, std::uint64_t index, std::uint64_t seed) {
  out.append(info(row.maker).serial_prefix);
  out.append_uint(static_cast<std::uint64_t>(static_cast<int>(civil(row.installed).year()) % 100), 2);
  put_hex(out, scramble32(index, seed), 8, true);
}

// One inventory row in the column order of kInventoryHeader.
void put_element(CsvWriter& out, const Row& row, std::uint64_t index, std::uint64_t seed) {
  put_id(out.begin_cell(), index);
  put_name_and_place(out, row, index);
  out.plain(function_name(row.function));
  put_equipment(out, row);
  put_macs(out.begin_cell(), row, index, seed);
  put_serial(out.begin_cell(), row, index, seed);
  put_date(out.begin_cell(), row.installed);
  put_thousandths(out.begin_cell(), row.traffic);
  out.begin_cell().append_uint(row.subscribers);
  out.begin_cell();
  if (row.uplink != kNone) put_id(out, row.uplink);
  put_tags(out.begin_cell(), row.tags);
  out.end_row();
}

constexpr std::string_view kInventoryHeader =
    "id,name,site,region,function,declared_vendor,model,software_version,macs,serial,installed,traffic,"
    "subscribers,uplink,tags";

Status write_inventory(const Network& net, const std::string& path, std::uint64_t& bytes) {
  CsvFile file(path);
  file.csv().header(kInventoryHeader);
  for (std::size_t i = 0; i < net.infrastructure.size(); ++i) {
    put_element(file.csv(), net.infrastructure[i], i, net.seed);
    file.flush_if_full();
  }
  const std::uint64_t first_cpe = net.layout.first_of(F::kCpe);
  for (std::uint64_t j = 0; j < net.layout.count_of(F::kCpe); ++j) {
    put_element(file.csv(), make_cpe(net, j), first_cpe + j, net.seed);
    file.flush_if_full();
  }
  return file.close(bytes);
}

Status write_links(const Network& net, const std::string& path, std::uint64_t& bytes) {
  CsvFile file(path);
  CsvWriter& csv = file.csv();
  csv.header("a,b,cost,capacity");
  for (const Link& link : net.links) {
    put_id(csv.begin_cell(), link.a);
    put_id(csv.begin_cell(), link.b);
    csv.begin_cell().append_uint(link.cost);
    csv.begin_cell().append_uint(link.capacity);
    csv.end_row();
    file.flush_if_full();
  }
  return file.close(bytes);
}

Status write_demands(const Network& net, const std::string& path, std::uint64_t& bytes) {
  CsvFile file(path);
  CsvWriter& csv = file.csv();
  csv.header("src,dst,volume");
  for (const Demand& demand : net.demands) {
    put_id(csv.begin_cell(), demand.src);
    put_id(csv.begin_cell(), demand.dst);
    put_thousandths(csv.begin_cell(), demand.volume);
    csv.end_row();
    file.flush_if_full();
  }
  return file.close(bytes);
}

Status check_options(const GenerateOptions& options) {
  if (options.elements < GenerateOptions::kMinElements || options.elements > GenerateOptions::kMaxElements) {
    return Status::usage(
        fmt::format("--elements {}: expected {} to {} elements (fewer leave no room for every "
                    "network function; more would repeat MAC addresses)",
                    options.elements, GenerateOptions::kMinElements, GenerateOptions::kMaxElements));
  }
  return Status();
}

}  // namespace

std::optional<GenerateOptions> preset_options(std::string_view name) {
  GenerateOptions options;
  if (name == "regional") {
    options.elements = 1'000'000;
  } else if (name == "national") {
    options.elements = 10'000'000;
    options.infrastructure_permille = 550;
  } else {
    return std::nullopt;
  }
  return options;
}

Status generate_network(const GenerateOptions& options, const std::string& out_dir, GenerateSummary& summary) {
  if (Status s = check_options(options); !s.ok()) return s;
  if (Status s = check_catalogue(); !s.ok()) return s;
  std::error_code error;
  std::filesystem::create_directories(out_dir, error);
  if (error) return Status::io(fmt::format("{}: cannot create the directory: {}", out_dir, error.message()));

  const Network net = plan_network(options);
  summary = GenerateSummary{};
  summary.elements_by_function = net.layout.count;
  summary.elements = options.elements;
  summary.links = net.links.size();
  summary.demands = net.demands.size();
  const std::filesystem::path dir(out_dir);
  if (Status s = write_inventory(net, (dir / "inventory.csv").string(), summary.bytes); !s.ok()) return s;
  if (Status s = write_links(net, (dir / "links.csv").string(), summary.bytes); !s.ok()) return s;
  return write_demands(net, (dir / "demands.csv").string(), summary.bytes);
}

}  // namespace kitwatch
