#pragma once
// `inspectsim brief ...`: the hearing brief is written in Python (matplotlib charts), so the
// command hands its arguments to `python3 -m inspectsim brief` with this build's package.

#include <CLI/CLI.hpp>

namespace inspectsim::cli {

/// Adds the `brief` subcommand; everything after `brief` is passed on unchanged.
CLI::App* add_brief_command(CLI::App& app);

/// Replaces this process with /usr/bin/python3 -m inspectsim brief ARGS; returns only on failure.
int brief_command(const CLI::App& brief);

}  // namespace inspectsim::cli
