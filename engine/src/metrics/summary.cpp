#include "inspectsim/metrics/summary.hpp"

#include <functional>

namespace inspectsim {

namespace {

using Pick = std::function<const std::vector<double>&(const Metrics&)>;

/// Estimates each column of the replications x metrics matrix built from `pick`: of the metrics
/// `info` within their bounds (a count's exposure being `years`), or, for the differences
/// variant - base (`b` given), with Student's t, since a difference may have either sign.
std::vector<Estimate> columns(const std::vector<Metrics>& a, const std::vector<Metrics>* b, const Pick& pick,
                              const std::vector<MetricInfo>& info, double years) {
  const Eigen::Index reps = static_cast<Eigen::Index>(a.size());
  const Eigen::Index cols = reps == 0 ? 0 : static_cast<Eigen::Index>(pick(a[0]).size());
  Eigen::MatrixXd m(reps, cols);
  for (Eigen::Index r = 0; r < reps; ++r) {
    m.row(r) = Eigen::Map<const Eigen::RowVectorXd>(pick(a[r]).data(), cols);
    if (b) m.row(r) = Eigen::Map<const Eigen::RowVectorXd>(pick((*b)[r]).data(), cols) - m.row(r);
  }
  std::vector<Estimate> out;
  for (Eigen::Index c = 0; c < cols; ++c) {
    const Bounds bounds = b || c >= static_cast<Eigen::Index>(info.size()) ? Bounds::none : info[c].bounds;
    out.push_back(estimate(m.col(c), bounds, years));
  }
  return out;
}

/// The yearly estimates from running sums: of the metrics within their bounds, or of differences.
std::vector<std::vector<Estimate>> yearly_from_sums(const YearlySums& sums, bool differences) {
  const std::vector<MetricInfo>& info = yearly_metrics();
  std::vector<std::vector<Estimate>> out;
  for (const std::vector<RunningMoments>& year : sums.cells) {
    std::vector<Estimate>& row = out.emplace_back();
    for (std::size_t c = 0; c < year.size(); ++c)
      row.push_back(estimate(year[c], differences || c >= info.size() ? Bounds::none : info[c].bounds, 1.0));
  }
  return out;
}

/// `years`: the measured years, the exposure of the per-year counts.
Summary summarise_pairs(const std::vector<Metrics>& a, const std::vector<Metrics>* b, double years) {
  Summary s;
  if (a.empty()) return s;
  s.global = columns(
      a, b, [](const Metrics& m) -> const std::vector<double>& { return m.global; }, global_metrics(), years);
  for (std::size_t k = 0; k < a[0].by_violation.size(); ++k)
    s.by_violation.push_back(columns(
        a, b, [k](const Metrics& m) -> const std::vector<double>& { return m.by_violation[k]; }, violation_metrics(),
        years));
  for (std::size_t y = 0; y < a[0].yearly.size(); ++y)
    s.yearly.push_back(columns(
        a, b, [y](const Metrics& m) -> const std::vector<double>& { return m.yearly[y]; }, yearly_metrics(), 1.0));
  for (std::size_t c = 0; c < a[0].by_size_class.size(); ++c)
    s.by_size_class.push_back(columns(
        a, b, [c](const Metrics& m) -> const std::vector<double>& { return m.by_size_class[c]; }, size_class_metrics(),
        years));
  return s;
}

/// The measured years of replications that kept their yearly metrics.
double measured_years(const std::vector<Metrics>& replications) {
  return replications.empty() ? 0.0 : static_cast<double>(replications[0].yearly.size());
}

}  // namespace

Summary summarise(const std::vector<Metrics>& replications) {
  return summarise_pairs(replications, nullptr, measured_years(replications));
}

Summary summarise_differences(const std::vector<Metrics>& base, const std::vector<Metrics>& variant) {
  return summarise_pairs(base, &variant, measured_years(base));
}

Summary summarise(const std::vector<Metrics>& replications, const YearlySums& yearly, int years) {
  Summary s = summarise_pairs(replications, nullptr, years);
  if (!replications.empty()) s.yearly = yearly_from_sums(yearly, false);
  return s;
}

Summary summarise_differences(const std::vector<Metrics>& base, const std::vector<Metrics>& variant,
                              const YearlySums& yearly_differences, int years) {
  Summary s = summarise_pairs(base, &variant, years);
  if (!base.empty()) s.yearly = yearly_from_sums(yearly_differences, true);
  return s;
}

}  // namespace inspectsim
