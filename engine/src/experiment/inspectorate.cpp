// What inspectors do: each region's inspectors take work in priority order (complaints,
// then follow-ups, then the annual plan), one visit at a time. A visit finds each active
// violation unless notice let the entity fix or hide it.

#include <algorithm>
#include <cmath>

#include "experiment/replication_state.hpp"

namespace inspectsim::detail {

namespace {
bool announced(NoticeMode mode) { return mode == NoticeMode::prior; }
}  // namespace

void RegionProcess::on_year_start(int year) {
  year_ = year;
  set_staffing(year);
  publish_plan(year);
  dispatch(region_, now_);
}

void RegionProcess::set_staffing(int year) {
  RegionState& region = regions_[region_];
  const std::size_t target = static_cast<std::size_t>(model_.years[year].inspectors_by_region[region_]);
  while (region.in_force.size() > target) {  // idle ones leave at once, busy ones after their visit
    const std::uint32_t leaving = region.in_force.back();
    region.in_force.pop_back();
    const auto idle = std::find(region.idle.begin(), region.idle.end(), leaving);
    if (idle != region.idle.end()) {
      region.idle.erase(idle);
    } else {
      inspectors_[leaving].retiring = true;
    }
  }
  while (region.in_force.size() < target) {
    const std::uint32_t id = static_cast<std::uint32_t>(inspectors_.size());
    inspectors_.push_back(InspectorState{static_cast<std::uint16_t>(region_), false, 0});
    region.in_force.push_back(id);
    region.idle.push_back(id);
  }
}

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

void RegionProcess::route_complaint(std::uint32_t e, double now) {
  const YearRules& rules = model_.years[year_];
  if (rules.complaints_blocked[segment_of(e).size_class]) {
    if (YearCounts* y = counts_at(now)) y->complaints_blocked += 1;
    return;
  }
  if (entities_[e].flags & complaint_pending_bit) return;  // joins the visit already waiting
  entities_[e].flags |= complaint_pending_bit;
  const NoticePolicy& notice = rules.policy->notice;
  Job job;
  job.announced = announced(notice.complaint);
  job.eligible_day = now + (job.announced ? notice.days : 0.0);
  job.created_day = now;
  job.sequence = job_sequence_++;
  job.entity = e;
  job.kind = VisitKind::complaint;
  const int r = model_.entity_region[e];
  regions_[r].complaints.push(job);
  change_complaint_queue(now, +1);
  dispatch(r, now);
}

bool RegionProcess::take_job(RegionState& r, double now, Job& job) {
  for (JobQueue* q : {&r.complaints, &r.follow_ups}) {
    if (!q->empty() && q->top().eligible_day <= now) {
      job = q->top();
      q->pop();
      if (q == &r.complaints) change_complaint_queue(now, -1);
      return true;
    }
  }
  if (r.plan_next < r.plan.size() && plan_item_day(r, r.plan_next) <= now) {
    job = Job{};
    job.eligible_day = plan_item_day(r, r.plan_next);
    job.created_day = job.eligible_day;
    job.sequence = job_sequence_++;
    job.entity = r.plan[r.plan_next++];
    job.kind = VisitKind::planned;
    job.announced = r.plan_announced;
    return true;
  }
  return false;
}

void RegionProcess::dispatch(int region, double now) {
  RegionState& r = regions_[region];
  const NoticePolicy& notice = model_.years[year_].policy->notice;
  Job job;
  while (!r.idle.empty() && take_job(r, now, job)) {
    if (job.announced && notice.consent_required && !job.consent_asked) {
      job.consent_asked = true;
      RandomStream rs = stream(job.entity, Purpose::consent, static_cast<std::uint32_t>(job.kind), visit_count_[job.entity]);
      if (rs.bernoulli(notice.consent_refusal_probability)) {
        if (YearCounts* y = counts_at(now)) y->consent_refusals += 1;
        job.eligible_day = now + notice.consent_delay_days;
        // A refused complaint visit keeps its place among complaints; others wait with the follow-ups.
        if (job.kind == VisitKind::complaint) {
          r.complaints.push(job);
          change_complaint_queue(now, +1);
        } else {
          r.follow_ups.push(job);
        }
        continue;
      }
    }
    const std::uint32_t inspector = r.idle.back();
    r.idle.pop_back();
    start_visit(inspector, job, now);
  }
  if (!r.idle.empty()) schedule_wake(region, now);
}

void RegionProcess::schedule_wake(int region, double now) {
  RegionState& r = regions_[region];
  double next = HUGE_VAL;
  for (const JobQueue* q : {&r.complaints, &r.follow_ups})
    if (!q->empty()) next = std::min(next, q->top().eligible_day);
  if (r.plan_next < r.plan.size()) next = std::min(next, plan_item_day(r, r.plan_next));
  if (next <= now || next >= r.wake_day) return;
  r.wake_day = next;
  schedule(Event{next, 0, region_wake, 0, static_cast<std::uint32_t>(region), ++r.wake_token});
}

void RegionProcess::on_region_wake(const Event& ev) {
  RegionState& r = regions_[ev.target];
  if (ev.token != r.wake_token) return;
  r.wake_day = HUGE_VAL;
  dispatch(static_cast<int>(ev.target), now_);
}

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
  schedule(Event{now + working_days * model_.days_per_visit_factor, 0, inspector_free, 0, inspector, 0});
  inspect(job, now);
}

void RegionProcess::inspect(const Job& job, double now) {
  const std::uint32_t e = job.entity;
  const Policy& policy = *model_.years[year_].policy;
  const Sanctions& sanctions = scenario_.sanctions;
  YearCounts* y = counts_at(now);
  SizeClassYearCounts* by_class = y ? &y->size_classes[segment_of(e).size_class] : nullptr;
  if (y) {
    y->visits[static_cast<int>(job.kind)] += 1;
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
    if (u_find >= v.detection_probability) continue;
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
    if (u_comply < sanctions.order_compliance_probability) end_day = std::min(end_day, now + sanctions.remediation_days);
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

void RegionProcess::change_complaint_queue(double now, int delta) {
  const double waiting = complaints_waiting_;
  split_by_year(complaint_queue_changed_day_, now, [waiting](YearCounts& y, double days) { y.complaint_queue_days += waiting * days; });
  complaints_waiting_ += delta;
  complaint_queue_changed_day_ = now;
}

void RegionProcess::on_inspector_free(const Event& ev) {
  InspectorState& who = inspectors_[ev.target];
  if (who.retiring) return;
  regions_[who.region].idle.push_back(ev.target);
  dispatch(who.region, now_);
}

}  // namespace inspectsim::detail
