#pragma once
/// @file
/// The staffing answer as a terminal table or JSON: the answer, each target at the answer and
/// just below it, every metric at both counts, and the path searched.

#include <string>

#include "inspectsim/experiment/staffing.hpp"
#include "inspectsim/report/report.hpp"

namespace inspectsim {

std::string staffing_table(const StaffingAnswer& answer);
std::string staffing_json(const StaffingAnswer& answer);

/// The report in the given format (CSV is the path searched, one row per count).
std::string render(const StaffingAnswer& answer, ReportFormat format);

}  // namespace inspectsim
