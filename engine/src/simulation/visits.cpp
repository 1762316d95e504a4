// A visit: an inspector's time on it, and what it finds. A visit finds each active violation
// unless notice let the entity fix or hide it; a find brings a fine, an order and a follow-up.

#include <algorithm>
#include <cmath>

#include "simulation/region_process.hpp"

namespace inspectsim::detail {

void RegionProcess::start_visit(std::uint32_t inspector, const Job& job, double now) {
  InspectorState& who = inspectors_[inspector];
  const DurationDistribution& d = scenario_.size_classes[segment_of(job.entity).size_class].inspection_days;
  RandomStream rs = stream(inspector, Purpose::inspection_duration, static_cast<std::uint32_t>(region_), who.visits++);
  double working_days = d.mean_days;
  switch (d.shape) {
    case DurationDistribution::Shape::fixed: break;
    case DurationDistribution::Shape::exponential: working_days = rs.exponential(d.mean_days); break;
    case DurationDistribution::Shape::gamma: working_days = rs.gamma_mean_cv(d.mean_days, d.cv); break;
    case DurationDistribution::Shape::lognormal: working_days = rs.lognormal_mean_cv(d.mean_days, d.cv); break;
  }
  working_days += scenario_.inspectorate.travel_days;
  const double factor = model_.days_per_visit_factor;
  schedule(Event{now + working_days * factor, 0, inspector_free, 0, inspector, 0});
  // The inspector's time: the whole visit for the year it starts in (its mean length), and the
  // working days that fall in each year (how busy inspectors were).
  if (YearCounts* y = counts_at(now)) y->visit_working_days += working_days;
  split_by_year(now, now + working_days * factor,
                [factor](YearCounts& y, double days) { y.busy_working_days += days / factor; });
  const double today = std::floor(now);
  if (who.workday != today) {
    who.workday = today;
    who.visits_that_day = 0;
  }
  const int earlier_today = static_cast<int>(who.visits_that_day++);
  inspect(job, now, model_.fatigue.detection_factor(earlier_today));
}

void RegionProcess::inspect(const Job& job, double now, double detection_factor) {
  const std::uint32_t e = job.entity;
  const Policy& policy = *model_.years[year_].policy;
  const Sanctions& sanctions = scenario_.sanctions;
  YearCounts* y = counts_at(now);
  SizeClassYearCounts* by_class = y ? &y->size_classes[segment_of(e).size_class] : nullptr;
  if (y) {
    y->visits(job.kind) += 1;
    by_class->visits += 1;
    if (last_visit_day_[e] < std::floor(now / days_per_year) * days_per_year) {
      y->entities_visited += 1;
      by_class->entities_visited += 1;
    }
    if (job.kind == VisitKind::complaint) {
      y->complaint_wait_days_sum += now - job.created_day;
      y->complaint_visits_timed += 1;
      if (now > job.created_day) y->complaint_visits_waited += 1;
    }
    if (job.kind == VisitKind::planned) y->plan_done += 1;
  }
  if (job.kind == VisitKind::complaint) entities_[e].flags &= static_cast<std::uint8_t>(~complaint_pending_bit);
  last_visit_day_[e] = static_cast<float>(now);
  segment_visits_[year_][model_.entity_segment[e]] += 1;

  // Every type draws the same six numbers whether active or not, so that two policies
  // visiting the same entity see the same luck (common random numbers).
  look_at(e, now);
  RandomStream rs = stream(e, Purpose::visit, 0, visit_count_[e]++);
  bool found_any = false;
  for (int k = 0; k < K_; ++k) {
    const double u_remedy = rs.uniform(), u_hide = rs.uniform(), u_find = rs.uniform(), u_fine = rs.uniform(),
                 u_comply = rs.uniform(), u_natural_end = rs.uniform();
    if (!active(e, k)) continue;
    const ViolationType& v = scenario_.violations[k];
    if (y) y->types[k].present_at_visits += 1;
    if (job.announced) {
      if (u_remedy < policy.notice.remediation_probability) {
        if (y) y->types[k].remediated_on_notice += 1;
        end_episode_now(e, k, now);
        continue;
      }
      if (u_hide < v.concealability) {
        if (y) y->types[k].concealed += 1;
        continue;
      }
    }
    if (u_find >= v.detection_probability * detection_factor) continue;
    found_any = true;
    if (y) {
      y->types[k].detections += 1;
      by_class->detections += 1;
      if (u_fine < sanctions.fine_probability) y->fines += 1;
    }
    // Left alone, the episode lasts an exponential time more (memoryless); an order obeyed ends
    // it by its deadline. Either way its end is now known.
    double end_day = known_end(e, k) ? static_cast<double>(law_from_day_[pair(e, k)])
                                     : now - v.mean_duration_days * std::log(u_natural_end);
    if (u_comply < sanctions.order_compliance_probability)
      end_day = std::min(end_day, now + sanctions.remediation_days);
    set_detected_episode_end(e, k, now, end_day);
  }
  if (!found_any) return;
  last_detection_day_[e] = static_cast<float>(now);
  if (sanctions.specific_deterrence_years > 0)
    entities_[e].deterred_until_day = static_cast<float>(now + sanctions.specific_deterrence_years * days_per_year);
  if (sanctions.follow_up) {
    Job follow;
    follow.eligible_day = now + sanctions.follow_up_days;
    follow.created_day = now;
    follow.sequence = job_sequence_++;
    follow.entity = e;
    follow.kind = VisitKind::follow_up;
    follow.announced = announced(policy.notice.follow_up);
    regions_[model_.entity_region[e]].follow_ups.push(follow);
  }
}

}  // namespace inspectsim::detail
