// The annual plan: at each year start a region chooses which entities its planned visits go
// to (targeting) and when they may start (notice, pacing).

#include <algorithm>
#include <cmath>
#include <utility>

#include "simulation/region_process.hpp"

namespace inspectsim::detail {

void RegionProcess::publish_plan(int year) {
  const YearRules& rules = model_.years[year];
  const Policy& policy = *rules.policy;
  const double year_start_day = year * days_per_year;
  const int r = region_;
  RegionState& region = regions_[r];
  region.plan.clear();
  region.plan_next = 0;
  const double wanted = policy.plan.inspections_per_inspector_per_year * rules.inspectors_by_region[r];
  const std::size_t size = static_cast<std::size_t>(std::llround(wanted));
  if (size == 0) return;
  if (policy.plan.sampling == PlanSampling::with_replacement) {
    draw_plan_with_replacement(r, year, size);
  } else {
    rank_plan(r, year, size);
  }
  region.plan_announced = announced(policy.notice.planned);
  region.plan_eligible_day = year_start_day + (region.plan_announced ? policy.notice.days : 0.0);
  // Even pacing spreads the plan over what is left of the year after the notice period, so
  // that no planned visit falls after the year ends (when the next plan replaces this one).
  const double plan_days = year_start_day + days_per_year - region.plan_eligible_day;
  region.plan_spacing_days = policy.plan.pacing == PlanPacing::even && !region.plan.empty() && plan_days > 0
                                 ? plan_days / static_cast<double>(region.plan.size())
                                 : 0.0;
  if (YearCounts* y = counts_at(year_start_day)) y->plan_size += static_cast<double>(region.plan.size());
}

void RegionProcess::rank_plan(int r, int year, std::size_t size) {
  // Rank eligible entities by a key from their own stream (so policies share the draw):
  // random takes the smallest uniform keys, risk weights them (Efraimidis-Spirakis),
  // longest-since-inspection takes the oldest last visit.
  const YearRules& rules = model_.years[year];
  const Plan& plan = rules.policy->plan;
  const double year_start_day = year * days_per_year;
  std::vector<std::pair<double, std::uint32_t>> ranked;
  for (std::uint32_t e : model_.region_entities[r]) {
    const SegmentParams& seg = segment_of(e);
    if (!rules.plannable[seg.size_class]) continue;
    const double u = stream(e, Purpose::plan, 0, static_cast<std::uint32_t>(year)).uniform();
    double key = u;
    if (plan.targeting == Targeting::risk) {
      const bool recent = last_detection_day_[e] > year_start_day - 3 * days_per_year;
      const double weight = seg.risk_score * (1.0 + (recent ? plan.history_weight : 0.0));
      key = weight > 0 ? std::log(u) / -weight : HUGE_VAL;  // smaller is chosen first
    } else if (plan.targeting == Targeting::longest_since_inspection) {
      // Never visited counts as visited on day -1e6, so that the random part still breaks ties.
      key = std::max(static_cast<double>(last_visit_day_[e]), -1e6) + u * 1e-3;
    }
    ranked.emplace_back(key, e);
  }
  const std::size_t take = std::min(size, ranked.size());
  std::partial_sort(ranked.begin(), ranked.begin() + take, ranked.end());
  for (std::size_t j = 0; j < take; ++j) regions_[r].plan.push_back(ranked[j].second);
}

void RegionProcess::draw_plan_with_replacement(int r, int year, std::size_t size) {
  // Each planned visit picks its entity uniformly and independently: an entity may come twice.
  const YearRules& rules = model_.years[year];
  std::vector<std::uint32_t> eligible;
  for (std::uint32_t e : model_.region_entities[r])
    if (rules.plannable[segment_of(e).size_class]) eligible.push_back(e);
  if (eligible.empty()) return;
  RandomStream rs = stream(static_cast<std::uint32_t>(r), Purpose::plan_draw, 0, static_cast<std::uint32_t>(year));
  const double n = static_cast<double>(eligible.size());
  for (std::size_t j = 0; j < size; ++j)
    regions_[r].plan.push_back(eligible[std::min(eligible.size() - 1, static_cast<std::size_t>(rs.uniform() * n))]);
}

}  // namespace inspectsim::detail
