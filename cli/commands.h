// SPDX-License-Identifier: MIT
// tierlab-cli: argument parsing and printing only; every number comes from core.
#pragma once

namespace tierlab::cli {

// Exit codes of every subcommand.
enum ExitCode : int {
    kExitOk = 0,
    kExitInvalid = 1, // invalid scenario or evaluation error
    kExitUsage = 2,   // wrong usage
};

int run(int argc, char** argv);

} // namespace tierlab::cli
