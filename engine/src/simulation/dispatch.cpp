// Who visits next: each region's inspectors take work in priority order (complaints, then
// follow-ups, then the annual plan), one visit at a time. Staff join and leave at year starts.

#include <algorithm>
#include <cmath>

#include "simulation/region_process.hpp"

namespace inspectsim::detail {

void RegionProcess::on_year_start(int year) {
  year_ = year;
  follow_pending_laws();  // the year's rates are known now
  set_staffing(year);
  publish_plan(year);
  dispatch(now_);
}

void RegionProcess::set_staffing(int year) {
  RegionState& region = state_;
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
    inspectors_.push_back(InspectorState{});
    region.in_force.push_back(id);
    region.idle.push_back(id);
  }
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
  if (r.plan_open && r.plan_next == r.plan.size()) extend_plan(r, std::max<std::size_t>(64, r.plan.size()));
  if (r.plan_next < r.plan.size() && r.plan_item_day(r.plan_next) <= now) {
    job = Job{};
    job.eligible_day = r.plan_item_day(r.plan_next);
    job.created_day = job.eligible_day;
    job.sequence = job_sequence_++;
    job.entity = r.plan[r.plan_next++];
    job.kind = VisitKind::planned;
    job.announced = r.plan_announced;
    return true;
  }
  return false;
}

void RegionProcess::dispatch(double now) {
  RegionState& r = state_;
  const NoticePolicy& notice = model_.years[year_].notice;
  Job job;
  while (!r.idle.empty() && take_job(r, now, job)) {
    if (job.announced && notice.consent_required && !job.consent_asked) {
      job.consent_asked = true;
      RandomStream rs =
          stream(job.entity, Purpose::consent, static_cast<std::uint32_t>(job.kind), entities_[job.entity].visits);
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
  if (!r.idle.empty()) schedule_wake(now);
}

void RegionProcess::schedule_wake(double now) {
  RegionState& r = state_;
  double next = HUGE_VAL;
  for (const JobQueue* q : {&r.complaints, &r.follow_ups})
    if (!q->empty()) next = std::min(next, q->top().eligible_day);
  if (r.plan_next < r.plan.size() || r.plan_open) next = std::min(next, r.plan_item_day(r.plan_next));
  if (next <= now || next >= r.wake_day) return;
  r.wake_day = next;
  schedule(Event{next, 0, region_wake, 0, static_cast<std::uint32_t>(region_), ++r.wake_token});
}

void RegionProcess::on_region_wake(const Event& ev) {
  RegionState& r = state_;
  if (ev.token != r.wake_token) return;
  r.wake_day = HUGE_VAL;
  dispatch(now_);
}

void RegionProcess::change_complaint_queue(double now, int delta) {
  const double waiting = complaints_waiting_;
  split_by_year(complaint_queue_changed_day_, now,
                [waiting](YearCounts& y, double days) { y.complaint_queue_days += waiting * days; });
  complaints_waiting_ += delta;
  complaint_queue_changed_day_ = now;
}

void RegionProcess::on_inspector_free(const Event& ev) {
  InspectorState& who = inspectors_[ev.target];
  if (who.retiring) return;
  state_.idle.push_back(ev.target);
  dispatch(now_);
}

}  // namespace inspectsim::detail
