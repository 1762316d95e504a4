// The annual plan: at each year start a region chooses which entities its planned visits go
// to (targeting) and when they may start (notice, pacing).

#include <algorithm>
#include <cmath>
#include <utility>

#include "simulation/region_process.hpp"

namespace inspectsim::detail {

void RegionProcess::publish_plan(int year) {
  const YearRules& rules = model_.years[year];
  const double year_start_day = year * days_per_year;
  const int r = region_;
  RegionState& region = state_;
  region.plan.clear();
  region.plan_next = 0;
  region.plan_open = false;
  region.plan_ranked.clear();
  region.plan_ranked_sorted = 0;
  region.plan_eligible.clear();
  region.plan_draws.reset();
  const bool capacity = rules.plan.mode == PlanMode::capacity;
  // Capacity mode ranks (or draws) only a first stretch of the plan; inspectors extend it as
  // they reach its end (extend_plan), so its length is whatever their time allows.
  const double wanted = capacity ? 8.0 * rules.inspectors_by_region[r]
                                 : rules.plan.inspections_per_inspector_per_year * rules.inspectors_by_region[r];
  const std::size_t size = static_cast<std::size_t>(std::llround(wanted));
  if (size == 0) return;
  if (rules.plan.sampling == PlanSampling::with_replacement) {
    draw_plan_with_replacement(year, size, capacity);
  } else {
    rank_plan(year, size, capacity);
  }
  region.plan_open = capacity && !region.plan.empty();
  region.plan_announced = announced(rules.notice.planned);
  region.plan_eligible_day = year_start_day + (region.plan_announced ? rules.notice.days : 0.0);
  // Even pacing spreads the plan over what is left of the year after the notice period, so
  // that no planned visit falls after the year ends (when the next plan replaces this one).
  // (The loader refuses even pacing with capacity mode.)
  const double plan_days = year_start_day + days_per_year - region.plan_eligible_day;
  region.plan_spacing_days = rules.plan.pacing == PlanPacing::even && !region.plan.empty() && plan_days > 0
                                 ? plan_days / static_cast<double>(region.plan.size())
                                 : 0.0;
  // A capacity plan has no size to complete, so plan_completion is undefined for its years.
  if (YearCounts* y = counts_at(year_start_day); y && !capacity)
    y->plan_size += static_cast<double>(region.plan.size());
}

void RegionProcess::rank_plan(int year, std::size_t size, bool open) {
  // Rank eligible entities by a key from their own stream (so policies share the draw):
  // random takes the smallest uniform keys, risk weights them (Efraimidis-Spirakis),
  // longest-since-inspection takes the oldest last visit.
  const YearRules& rules = model_.years[year];
  const Plan& plan = rules.plan;
  const double year_start_day = year * days_per_year;
  std::vector<std::pair<double, std::uint32_t>> ranked;
  for (std::uint32_t e : model_.region_entities[region_]) {
    if ((e & 0xFFFFF) == 0) check_cancel();  // a region may hold 10^8 entities
    const SegmentParams& seg = segment_of(e);
    if (!rules.plannable[model_.entity_segment[e]]) continue;
    const double u = stream(e, Purpose::plan, 0, static_cast<std::uint32_t>(year)).uniform();
    double key = u;
    if (plan.targeting == Targeting::risk) {
      const bool recent = entities_[e].last_detection_day > year_start_day - 3 * days_per_year;
      const double weight = seg.risk_score * (1.0 + (recent ? plan.history_weight : 0.0));
      key = weight > 0 ? portable_log(u) / -weight : HUGE_VAL;  // smaller is chosen first
    } else if (plan.targeting == Targeting::longest_since_inspection) {
      // Never visited counts as visited on day -1e6, so that the random part still breaks ties.
      key = std::max(static_cast<double>(entities_[e].last_visit_day), -1e6) + u * 1e-3;
    }
    ranked.emplace_back(key, e);
  }
  if (open) {  // keep the whole ranking; sort it a stretch at a time, as inspectors need it
    state_.plan_ranked = std::move(ranked);
    extend_plan(state_, size);
    return;
  }
  const std::size_t take = std::min(size, ranked.size());
  std::partial_sort(ranked.begin(), ranked.begin() + take, ranked.end());
  for (std::size_t j = 0; j < take; ++j) state_.plan.push_back(ranked[j].second);
}

void RegionProcess::draw_plan_with_replacement(int year, std::size_t size, bool open) {
  // Each planned visit picks its entity uniformly and independently: an entity may come twice.
  const YearRules& rules = model_.years[year];
  std::vector<std::uint32_t> eligible;
  for (std::uint32_t e : model_.region_entities[region_])
    if (rules.plannable[model_.entity_segment[e]]) eligible.push_back(e);
  if (eligible.empty()) return;
  RandomStream rs =
      stream(static_cast<std::uint32_t>(region_), Purpose::plan_draw, 0, static_cast<std::uint32_t>(year));
  if (open) {  // keep drawing from the same stream as inspectors need more
    state_.plan_eligible = std::move(eligible);
    state_.plan_draws = rs;
    extend_plan(state_, size);
    return;
  }
  const double n = static_cast<double>(eligible.size());
  for (std::size_t j = 0; j < size; ++j)
    state_.plan.push_back(eligible[std::min(eligible.size() - 1, static_cast<std::size_t>(rs.uniform() * n))]);
}

void RegionProcess::extend_plan(RegionState& region, std::size_t more) {
  // The first `size` entries of an extended plan are the fixed plan of that size: the same
  // ranking, or the same draws, so a capacity plan is the fixed plan continued.
  if (region.plan_draws) {
    const std::vector<std::uint32_t>& eligible = region.plan_eligible;
    const double n = static_cast<double>(eligible.size());
    for (std::size_t j = 0; j < more; ++j)
      region.plan.push_back(
          eligible[std::min(eligible.size() - 1, static_cast<std::size_t>(region.plan_draws->uniform() * n))]);
    return;
  }
  auto& ranked = region.plan_ranked;
  const std::size_t n = ranked.size();
  if (n == 0) return;
  while (more > 0) {
    if (region.plan_ranked_sorted < n) {  // the next stretch of the ranking
      const auto from = ranked.begin() + static_cast<std::ptrdiff_t>(region.plan_ranked_sorted);
      const std::size_t take = std::min(more, n - region.plan_ranked_sorted);
      std::partial_sort(from, from + static_cast<std::ptrdiff_t>(take), ranked.end());
      for (std::size_t j = 0; j < take; ++j) region.plan.push_back(from[static_cast<std::ptrdiff_t>(j)].second);
      region.plan_ranked_sorted += take;
      more -= take;
    } else {  // every eligible entity is planned once this year: a second round, in the same order
      const std::uint32_t e = region.plan[region.plan.size() - n];
      region.plan.push_back(e);
      --more;
    }
  }
}

}  // namespace inspectsim::detail
