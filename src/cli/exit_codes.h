// The one place where errors become exit codes (documented in README.md and docs/cli.md).
#pragma once

#include "base/status.h"

namespace kitwatch {

enum ExitCode : int {
  kExitOk = 0,
  kExitFindings = 1,  // policy violations found (kitwatch check, the CI gate)
  kExitUsageOrInput = 2,
  kExitIncomplete = 3,  // no violation among the rows read, but rows were rejected (kitwatch check)
  kExitInternal = 4,
};

inline int exit_code_for(const Status& status) {
  if (status.ok()) return kExitOk;
  switch (status.kind()) {
    case ErrorKind::kFindings:
      return kExitFindings;
    case ErrorKind::kIncomplete:
      return kExitIncomplete;
    case ErrorKind::kInternal:
      return kExitInternal;
    default:
      return kExitUsageOrInput;
  }
}

}  // namespace kitwatch
