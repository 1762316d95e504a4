// A second inspectorate without sanctioning power (trade-union labour inspectors in Kyrgyzstan
// and Tajikistan): it visits entities of its sectors at random, as a Poisson stream, finds what is
// active with its own detection probability, and can only refer what it finds to the state
// inspectorate, which treats a referral as a complaint about that violation. Its visits neither
// fine nor order, so a find changes nothing at the entity; its inspectors' time is not modelled.

#include <algorithm>

#include "simulation/region_process.hpp"

namespace inspectsim::detail {

void RegionProcess::start_union_visits() {
  if (model_.union_visits.rate_per_entity_day <= 0) return;
  for (const std::uint32_t e : model_.region_entities[region_])
    if (segment_of(e).union_visited) union_entities_.push_back(e);
  schedule_union_visit(0.0);
}

void RegionProcess::schedule_union_visit(double now) {
  if (union_entities_.empty()) return;
  const double rate_per_day = model_.union_visits.rate_per_entity_day * static_cast<double>(union_entities_.size());
  RandomStream rs = stream(static_cast<std::uint32_t>(region_), Purpose::union_visit, 0, union_draws_++);
  schedule(Event{now + rs.exponential(1.0 / rate_per_day), 0, union_visit, 0, static_cast<std::uint32_t>(region_), 0});
}

void RegionProcess::on_union_visit(const Event&) {
  RandomStream rs = stream(static_cast<std::uint32_t>(region_), Purpose::union_visit, 1, union_draws_++);
  const std::size_t n = union_entities_.size();
  const std::uint32_t e =
      union_entities_[std::min(n - 1, static_cast<std::size_t>(rs.uniform() * static_cast<double>(n)))];
  YearCounts* y = counts_at(now_);
  if (y) y->union_visits += 1;
  const UnionVisits& u = model_.union_visits;
  look_at(e, now_);
  for (int k = 0; k < K_; ++k) {
    const double u_find = rs.uniform(), u_refer = rs.uniform();  // drawn for every type: the same luck
    if (!active(e, k) || u_find >= model_.violations[k].detection_probability * u.detection_factor) continue;
    if (y) y->union_finds += 1;
    if (u_refer >= u.referral_probability) continue;
    if (y) y->union_referrals += 1;
    route_complaint(e, k, now_);
  }
  schedule_union_visit(now_);
}

}  // namespace inspectsim::detail
