// The CI gate: a verdict that never says "compliant" about rows it could not read, and check's
// output with that verdict and the unreadable rows first in every format.
#include <fmt/format.h>

#include "policy/policy.h"

namespace kitwatch {

std::string_view gate_outcome_name(GateOutcome outcome) {
  switch (outcome) {
    case GateOutcome::kCompliant:
      return "compliant";
    case GateOutcome::kNotCompliant:
      return "not compliant";
    case GateOutcome::kIncomplete:
      return "incomplete";
  }
  return "?";
}

GateVerdict gate_verdict(const PolicyReport& report, const PolicyContext& context, const IngestReport& inventory,
                         std::uint64_t max_rejected, bool strict_unknown) {
  GateVerdict v;
  v.undecided = report.undecided;
  v.strict_unknown = strict_unknown;
  v.as_of = context.as_of;
  v.failing = report.failing();
  v.rows_read = inventory.rows_read;
  v.rejected = inventory.rejected;
  v.max_rejected = max_rejected;
  const std::string date = context.as_of.to_string();
  const std::string unread = v.rejected == 0
                                 ? std::string()
                                 : fmt::format("{} of {} inventory rows could not be read and are in no rule's figures",
                                               v.rejected, v.rows_read);
  const std::string undecided =
      v.undecided == 0 ? std::string()
                       : fmt::format(
                             "{} element{} in the rules' scopes {} a maker, or a maker's controller, that the "
                             "registry does not know: {} could be a designated supplier's",
                             v.undecided, v.undecided == 1 ? "" : "s", v.undecided == 1 ? "has" : "have",
                             v.undecided == 1 ? "it" : "any of them");
  if (v.failing > 0) {
    v.outcome = GateOutcome::kNotCompliant;
    v.sentence = fmt::format("NOT COMPLIANT as of {}: {} rule{} of severity error violated{}{}", date, v.failing,
                             v.failing == 1 ? "" : "s", unread.empty() ? "" : "; and " + unread,
                             undecided.empty() ? "" : "; and " + undecided);
  } else if (v.rejected > max_rejected) {
    v.outcome = GateOutcome::kIncomplete;
    v.sentence = fmt::format(
        "INCOMPLETE as of {}: no rule is violated among the rows read, but {} (the gate allows {}: "
        "--max-rejected){}",
        date, unread, max_rejected, undecided.empty() ? "" : "; and " + undecided);
  } else if (strict_unknown && v.undecided > 0) {
    v.outcome = GateOutcome::kIncomplete;
    v.sentence = fmt::format(
        "INCOMPLETE as of {}: no rule is violated among the elements decided, but {} "
        "(--strict-unknown){}",
        date, undecided, unread.empty() ? "" : fmt::format("; {} (allowed)", unread));
  } else {
    v.outcome = GateOutcome::kCompliant;
    v.sentence =
        fmt::format("COMPLIANT as of {}: no rule of severity error is violated{}{}", date,
                    unread.empty() ? "" : fmt::format("; {} (allowed: --max-rejected {})", unread, max_rejected),
                    undecided.empty() ? "" : fmt::format("; {} (--strict-unknown fails the gate on them)", undecided));
  }
  return v;
}

Status gate_status(const GateVerdict& verdict) {
  switch (verdict.outcome) {
    case GateOutcome::kCompliant:
      return Status();
    case GateOutcome::kNotCompliant:
      return Status::findings(verdict.sentence);
    case GateOutcome::kIncomplete:
      return Status::incomplete(verdict.sentence);
  }
  return Status::internal("unknown gate outcome");
}

namespace {

std::string rejections_text(const IngestReport& inventory) {
  std::string out;
  for (const RowError& e : inventory.first_errors) out += fmt::format("  {}: {}\n", e.where.to_string(), e.message);
  if (inventory.rejected > inventory.first_errors.size()) {
    out += fmt::format("  ... and {} more rejected rows\n", inventory.rejected - inventory.first_errors.size());
  }
  return out;
}

}  // namespace

std::string render_gate(const GateVerdict& verdict, const IngestReport& inventory, const PolicyReport& report,
                        const PolicyContext& context, std::string_view format, std::size_t max_elements) {
  if (format == "json") {
    nlohmann::ordered_json out{{"verdict",
                                {{"outcome", gate_outcome_name(verdict.outcome)},
                                 {"as_of", verdict.as_of.to_string()},
                                 {"sentence", verdict.sentence},
                                 {"failing_rules", verdict.failing},
                                 {"max_rejected", verdict.max_rejected},
                                 {"undecided", verdict.undecided},
                                 {"strict_unknown", verdict.strict_unknown}}}};
    nlohmann::ordered_json errors = nlohmann::ordered_json::array();
    for (const RowError& e : inventory.first_errors) {
      errors.push_back({{"file", e.where.file},
                        {"line", e.where.line},
                        {"column", e.where.column},
                        {"field", e.where.field},
                        {"reason", e.reason},
                        {"message", e.message}});
    }
    out["inventory"] = {{"rows_read", inventory.rows_read},
                        {"accepted", inventory.accepted},
                        {"rejected", inventory.rejected},
                        {"first_errors", errors}};
    // The policy results' members follow at the top level, as `check --format json` wrote them before.
    out.update(policy_json(report, context));
    return out.dump(2) + "\n";
  }
  if (format == "csv") return render_policy_csv(report, context, &inventory);
  std::string out = verdict.sentence + "\n";
  out += fmt::format("Inventory: {} rows read, {} accepted, {} rejected\n", inventory.rows_read, inventory.accepted,
                     inventory.rejected);
  out += rejections_text(inventory);
  return out + "\n" + render_policy_text(report, context, max_elements);
}

}  // namespace kitwatch
