// SPDX-License-Identifier: MIT
#include "commands.h"

int main(int argc, char** argv) {
    return tierlab::cli::run(argc, argv);
}
