#pragma once
/// @file
/// The staffing answer over plausible assumptions (`staff --robust`) as a table, JSON or CSV:
/// the answer's percentiles over the points, the assumptions that move it most, every point's
/// answer.

#include <string>

#include "inspectsim/experiment/robust_staffing.hpp"
#include "inspectsim/report/report.hpp"

namespace inspectsim {

std::string render(const RobustStaffingAnswer& answer, ReportFormat format);

}  // namespace inspectsim
