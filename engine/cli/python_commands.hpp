#pragma once
// `inspectsim brief ...` and `inspectsim serve ...`: the hearing brief (matplotlib charts) and the
// page to explore (Flask, Vega-Lite) are written in Python, so these commands hand their arguments
// to `python3 -m inspectsim brief|serve` with this build's package.

#include <CLI/CLI.hpp>
#include <string>

namespace inspectsim::cli {

/// Adds a subcommand `name` whose arguments, everything after it, go to the Python command.
CLI::App* add_python_command(CLI::App& app, const std::string& name, const std::string& description);

/// Replaces this process with /usr/bin/python3 -m inspectsim NAME ARGS; returns only on failure.
int python_command(const CLI::App& command);

}  // namespace inspectsim::cli
