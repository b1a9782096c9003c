// SPDX-License-Identifier: MIT
#include "generatecommand.h"

#include "commands.h"
#include "sim/usagegenerator.h"
#include "store/atomicfile.h"
#include "usage/timestamp.h"

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <stdexcept>

namespace tierlab::cli {

CLI::App* addGenerate(CLI::App& app, GenerateArgs& a) {
    auto* cmd = app.add_subcommand(
        "generate", "Write a synthetic per-request usage CSV (canonical columns, time order): "
                    "bursty sessions, heavy-tailed subscribers, chat and agent turns; the same "
                    "file for the same seed");
    cmd->add_option("--rows", a.rows, "Requests to write (default 100000)");
    cmd->add_option("--seed", a.seed, "Seed of the random draws (default 1)");
    cmd->add_option("--subscribers", a.subscribers, "Subscribers (default: rows / 50)");
    cmd->add_option("--tiers", a.tiers,
                    "Tiers and their shares of subscribers, e.g. free:0.6,pro:0.4 (default "
                    "free:0.55,pro:0.35,max5x:0.07,max20x:0.03)");
    cmd->add_option("--start", a.start, "First day, UTC (default 2026-10-01)")
        ->type_name("YYYY-MM-DD");
    cmd->add_option("--days", a.days, "Days over which sessions start (default 30)");
    cmd->add_option("--out", a.out,
                    "Output file (default: standard output); written to a "
                    "temporary file beside it and renamed when complete");
    return cmd;
}

int runGenerate(const GenerateArgs& a) {
    core::GeneratorSpec spec;
    spec.rows = a.rows;
    spec.seed = a.seed;
    spec.subscribers = a.subscribers;
    spec.days = a.days;
    std::string reason;
    const auto startUs =
        a.start.size() == 10 ? core::parseIsoMicros(a.start, reason) : std::nullopt;
    if (!startUs) {
        std::cerr << "generate: --start " << a.start << ": expected a date YYYY-MM-DD"
                  << (reason.empty() ? "" : " (" + reason + ")") << "\n";
        return kExitUsage;
    }
    spec.startMs = *startUs / 1000;
    try {
        if (!a.tiers.empty())
            spec.tiers = core::parseGeneratorTiers(a.tiers);
    } catch (const std::invalid_argument& e) {
        std::cerr << "generate: --tiers: " << e.what() << "\n";
        return kExitUsage;
    }

    const bool toStdout = a.out.empty() || a.out == "-";
    std::string temp;
    std::FILE* file = stdout;
    if (!toStdout) {
        temp = core::temporaryPathBeside(a.out);
        file = std::fopen(temp.c_str(), "wb");
        if (!file) {
            std::cerr << "generate: " << a.out << ": cannot write: " << std::strerror(errno)
                      << "\n";
            return kExitInvalid;
        }
    }
    bool writeFailed = false;
    core::GeneratorStats stats;
    try {
        stats = core::generateUsage(spec, [&](std::string_view chunk) {
            if (!writeFailed && std::fwrite(chunk.data(), 1, chunk.size(), file) != chunk.size())
                writeFailed = true;
        });
    } catch (const std::invalid_argument& e) {
        if (!toStdout) {
            std::fclose(file);
            std::remove(temp.c_str());
        }
        std::cerr << "generate: " << e.what() << "\n";
        return kExitUsage;
    }
    if (toStdout) {
        if (std::fflush(stdout) != 0 || writeFailed) {
            std::cerr << "generate: write to standard output failed\n";
            return kExitInvalid;
        }
    } else {
        const int errorCode = writeFailed ? errno : 0;
        const bool closed = std::fclose(file) == 0;
        std::error_code ec;
        if (!writeFailed && closed)
            ec = core::moveIntoPlace(temp, a.out, core::MoveMode::Replace);
        if (writeFailed || !closed || ec) {
            std::remove(temp.c_str());
            std::cerr << "generate: " << a.out << ": write failed: "
                      << (ec ? ec.message()
                             : std::string(std::strerror(errorCode ? errorCode : EIO)))
                      << "\n";
            return kExitInvalid;
        }
    }
    std::cerr << fmt::format("generate: {} rows, {} subscribers, {} sessions{}\n", stats.rows,
                             stats.subscribers, stats.sessions, toStdout ? "" : " -> " + a.out);
    return kExitOk;
}

} // namespace tierlab::cli
