// Renders an assessment for people (a terminal table) and for programs (versioned JSON, schema
// in docs/json-schema.md and docs/schema/assess.schema.json).
#pragma once

#include <string>

#include "assess/assess.h"
#include "ingest/ingest.h"
#include "registry/registry.h"
#include "topology/topology.h"

namespace kitwatch {

inline constexpr const char* kAssessSchemaVersion = "1.0";

// Everything a rendered report draws on.
struct AssessContext {
  const AssessReport& report;
  const IngestReport& ingest;
  const Registry& registry;
  const Resolution& resolution;
  const IngestReport* links = nullptr;        // the links file's ingest, when --links was given
  const TopologyResults* topology = nullptr;  // the topology analyses, when --links was given
};

std::string render_text(const AssessContext& context);
std::string render_json(const AssessContext& context);

}  // namespace kitwatch
