// What the route files share, private to src/server: the request helpers every handler uses and
// the handlers the route table (routes.cc) names from the other route files (inventory_routes.cc,
// national_routes.cc, reference_routes.cc). Handlers only translate: arguments from the request,
// engine or store calls, a reply; access is checked before they run (server.cc).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "server/server_internal.h"

namespace kitwatch::server {

// The request body as a JSON object, or a usage error.
Result<Json> parse_body(const Call& call);
// body[key] when it is a string, else "".
std::string string_field(const Json& body, const char* key);
// A whole decimal integer, or nullopt.
std::optional<std::int64_t> to_int(std::string_view text);

// The most elements one add operation of a scenario may add over the API: a request must not be
// able to make the server allocate without bound.
inline constexpr std::size_t kMaxAddedPerOperation = 1'000'000;

// inventory_routes.cc
Reply upload_inventory(Context& ctx, Call& call);
Reply list_inventories(Context& ctx, Call& call);
Reply get_job(Context& ctx, Call& call);
Reply job_events(Context& ctx, Call& call);
Reply upload_links(Context& ctx, Call& call);
Reply get_assessment(Context& ctx, Call& call);
Reply get_topology(Context& ctx, Call& call);
Reply get_topology_graph(Context& ctx, Call& call);
Reply export_assessment(Context& ctx, Call& call);
Reply list_violations(Context& ctx, Call& call);
Reply whatif(Context& ctx, Call& call);
Reply diff(Context& ctx, Call& call);
Reply history(Context& ctx, Call& call);

// national_routes.cc
Reply upload_return(Context& ctx, Call& call);
Reply list_returns(Context& ctx, Call& call);
Reply national(Context& ctx, Call& call);
Reply national_whatif_route(Context& ctx, Call& call);

// reference_routes.cc
Reply list_policies(Context& ctx, Call& call);
Reply get_policy(Context& ctx, Call& call);
Reply get_registry(Context& ctx, Call& call);
Reply get_entity(Context& ctx, Call& call);
Reply match_registry(Context& ctx, Call& call);

}  // namespace kitwatch::server
