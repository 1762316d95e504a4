#pragma once
/// @file
/// Reports of runs and comparisons: a terminal table, JSON, CSV, or a spreadsheet (.xlsx, see
/// spreadsheet.hpp). All are made from the same RunResult / CompareResult values, so every front
/// end prints the same numbers.

#include <string>

#include "inspectsim/experiment/experiment.hpp"
#include "inspectsim/report/output_file.hpp"

namespace inspectsim {

/// `xlsx` is binary: a file's bytes, never for a terminal.
enum class ReportFormat { table, json, csv, xlsx };

/// Parses "table", "json", "csv" or "xlsx"; throws std::invalid_argument otherwise.
ReportFormat parse_report_format(const std::string& text);

std::string run_table(const RunResult& run);
std::string compare_table(const CompareResult& comparison);
std::string run_json(const RunResult& run);
std::string compare_json(const CompareResult& comparison);
std::string run_csv(const RunResult& run);
std::string compare_csv(const CompareResult& comparison);

/// The scenario's calibration targets against `summary` (its run), the table `run` and `compare`
/// end with; empty when the scenario has no targets.
std::string calibration_table(const Scenario& scenario, const Summary& summary);

/// The report of a run or a comparison in the given format.
std::string render(const RunResult& run, ReportFormat format);
std::string render(const CompareResult& comparison, ReportFormat format);

/// Every metric's name, unit and definition as Markdown tables (`inspectsim metrics`, the README).
std::string metrics_markdown();

/// A number as a person reads it: grouped thousands, a few significant digits, "n/a" for NaN.
std::string format_number(double value);

}  // namespace inspectsim
