#pragma once
/// @file
/// Reports as spreadsheets (.xlsx, written with libxlsxwriter): every number stored as a number
/// (an empty cell where it is undefined), each metric with its unit and definition, and a
/// `provenance` sheet giving each scenario number with its source or the reason it is assumed.
///
/// The functions return the workbook's bytes; write them with write_output (output_file.hpp),
/// so a file is whole or absent.
///
/// Sheets: `run` (or `comparison`, `sweep`, `staffing`) with the summary, `yearly` (run and
/// compare), `metrics` (sweep: each column's unit and definition), `path` (staffing: every count
/// tried), `provenance`, and `about` (scenario, seed, replications, years, engine version, and how
/// to read the intervals).

#include <string>
#include <vector>

#include "inspectsim/experiment/experiment.hpp"
#include "inspectsim/experiment/staffing.hpp"
#include "inspectsim/experiment/sweep.hpp"

namespace inspectsim {

std::string run_xlsx(const RunResult& run);
std::string compare_xlsx(const CompareResult& comparison);
/// `results[i]` is the run of `grid[i]`.
std::string sweep_xlsx(const std::vector<SweepAxis>& axes, const std::vector<SweepPoint>& grid,
                       const std::vector<RunResult>& results);
std::string staffing_xlsx(const StaffingAnswer& answer);

}  // namespace inspectsim
