// A visit: an inspector's time on it, and what it finds. A visit finds each active violation
// unless notice let the entity fix or hide it; a find brings a fine, an order and a follow-up.

#include <algorithm>
#include <cmath>

#include "simulation/region_process.hpp"

namespace inspectsim::detail {

void RegionProcess::start_visit(std::uint32_t inspector, const Job& job, double now) {
  InspectorState& who = inspectors_[inspector];
  const DurationDistribution& d = model_.inspection_days[segment_of(job.entity).size_class];
  RandomStream rs = stream(inspector, Purpose::inspection_duration, static_cast<std::uint32_t>(region_), who.visits++);
  double working_days = d.mean_days;
  switch (d.shape) {
    case DurationDistribution::Shape::fixed: break;
    case DurationDistribution::Shape::exponential: working_days = rs.exponential(d.mean_days); break;
    case DurationDistribution::Shape::gamma: working_days = rs.gamma_mean_cv(d.mean_days, d.cv); break;
    case DurationDistribution::Shape::lognormal: working_days = rs.lognormal_mean_cv(d.mean_days, d.cv); break;
  }
  if (job.kind == VisitKind::complaint) working_days *= model_.complaints.visit_length_factor;
  working_days += model_.travel_days;
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

TypeMask RegionProcess::types_examined(const Job& job) {
  if (job.kind != VisitKind::complaint || !model_.complaints.scoped) return static_cast<TypeMask>(~0u);
  const auto it = complaint_scope_.find(job.entity);
  if (it == complaint_scope_.end()) return 0;
  const TypeMask scope = it->second;
  complaint_scope_.erase(it);
  return scope;
}

int RegionProcess::fines_for(const Find& find, RandomStream& more) const {
  const Sanctions& sanctions = model_.sanctions;
  switch (sanctions.fine_basis) {
    case FineBasis::find: return find.u_fine < sanctions.fine_probability ? 1 : 0;
    case FineBasis::visit: return 0;  // decided once per visit, in inspect
    case FineBasis::breach: {
      int fines = find.u_fine < sanctions.fine_probability ? 1 : 0;
      for (int b = 1; b < find.breaches; ++b) fines += more.bernoulli(sanctions.fine_probability) ? 1 : 0;
      return fines;
    }
  }
  return 0;
}

void RegionProcess::inspect(const Job& job, double now, double detection_factor) {
  const std::uint32_t e = job.entity;
  const NoticePolicy& notice = model_.years[year_].notice;
  const Sanctions& sanctions = model_.sanctions;
  YearCounts* y = counts_at(now);
  SizeClassYearCounts* by_class = y ? &y->size_classes[segment_of(e).size_class] : nullptr;
  if (y) {
    y->visits(job.kind) += 1;
    by_class->visits += 1;
    if (entities_[e].last_visit_day < std::floor(now / days_per_year) * days_per_year) {
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
  entities_[e].last_visit_day = float_day_at_or_before(now);
  segment_visits_[year_][model_.entity_segment[e]] += 1;
  const TypeMask examined = types_examined(job);

  // Every type draws the same six numbers whether active or not, so that two policies
  // visiting the same entity see the same luck (common random numbers). Breaches beyond a
  // find's first, and their fines, come from a stream of their own (drawn only when a type has
  // more than one on average), so that scenarios without them keep their numbers.
  look_at(e, now);
  const std::uint32_t visit_index = entities_[e].visits++;
  RandomStream rs = stream(e, Purpose::visit, 0, visit_index);
  RandomStream more = stream(e, Purpose::breaches, 0, visit_index);
  bool found_any = false, fined_visit = false;
  double u_fine_visit = 2;  // the first find's: whether a visit is fined (fine_basis: visit)
  constexpr int draws_per_type = 6;
  for (int k = 0; k < K_; ++k) {
    if (!active(e, k) || !(examined >> k & 1u)) {
      rs.discard_uniforms(draws_per_type);  // the same numbers, not computed
      continue;
    }
    const double u_remedy = rs.uniform(), u_hide = rs.uniform(), u_find = rs.uniform(), u_fine = rs.uniform(),
                 u_comply = rs.uniform(), u_natural_end = rs.uniform();
    const ViolationParams& v = model_.violations[k];
    if (y) y->types[k].present_at_visits += 1;
    if (job.announced) {
      if (u_remedy < notice.remediation_probability) {
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
    if (sanctions.unreported_find_probability > 0 && more.uniform() < sanctions.unreported_find_probability) {
      if (y) y->finds_unreported += 1;  // paid off: the episode runs on
      continue;
    }
    found_any = true;
    const Find find{u_fine, 1 + more.poisson(v.extra_breaches_mean)};
    const int fines = fines_for(find, more);
    if (u_fine_visit > 1) u_fine_visit = u_fine;
    fined_visit = fined_visit || fines > 0;
    if (y) {
      y->types[k].detections += 1;
      y->types[k].breaches_found += find.breaches;
      by_class->detections += 1;
      y->fines += fines;
    }
    segment_fines_[year_][model_.entity_segment[e]] += fines;
    // Left alone, the episode lasts an exponential time more (memoryless); an order obeyed ends
    // it by its deadline. Either way its end is now known.
    double end_day = known_end(e, k) ? static_cast<double>(law_from_day_[pair(e, k)])
                                     : now - v.mean_duration_days * portable_log(u_natural_end);
    if (u_comply < sanctions.order_compliance_probability)
      end_day = std::min(end_day, now + sanctions.remediation_days);
    set_detected_episode_end(e, k, now, end_day);
  }
  if (job.kind == VisitKind::complaint) {
    complaint_visits_[year_] += 1;
    if (found_any) complaint_visits_finding_[year_] += 1;
  }
  if (!found_any) return;
  if (sanctions.fine_basis == FineBasis::visit && u_fine_visit < sanctions.fine_probability) {
    fined_visit = true;
    if (y) y->fines += 1;
    segment_fines_[year_][model_.entity_segment[e]] += 1;
  }
  entities_[e].last_detection_day = float_day_at_or_before(now);
  const bool deters = sanctions.specific_deterrence_after == DeterrenceTrigger::detection || fined_visit;
  if (deters && sanctions.specific_deterrence_years > 0)
    set_deterred_until(e, now + sanctions.specific_deterrence_years * days_per_year);
  if (sanctions.follow_up) {
    Job follow;
    follow.eligible_day = now + sanctions.follow_up_days;
    follow.created_day = now;
    follow.sequence = job_sequence_++;
    follow.entity = e;
    follow.kind = VisitKind::follow_up;
    follow.announced = announced(notice.follow_up);
    state_.follow_ups.push(follow);
  }
}

}  // namespace inspectsim::detail
