// The one place where errors become exit codes (documented in README.md and docs/cli.md).
#pragma once

#include "base/status.h"

namespace kitwatch {

enum ExitCode : int {
  kExitOk = 0,
  kExitFindings = 1,  // reserved: policy violations found (the policy engine's CI gate)
  kExitUsageOrInput = 2,
  kExitInternal = 4,
};

inline int exit_code_for(const Status& status) {
  if (status.ok()) return kExitOk;
  return status.kind() == ErrorKind::kInternal ? kExitInternal : kExitUsageOrInput;
}

}  // namespace kitwatch
