// A region's event loop: the queue of its events, dispatched a year at a time. What each
// event does lives with its subject: violations.cpp, complaints.cpp, prevalence_probes.cpp
// (what entities do), dispatch.cpp, plan.cpp and visits.cpp (what inspectors do).

#include <algorithm>
#include <cmath>

#include "simulation/region_process.hpp"
#include "simulation/stream_choice.hpp"

namespace inspectsim::detail {

RegionProcess::RegionProcess(const Model& model, std::uint32_t seed, std::uint32_t replication,
                             const std::atomic<bool>* cancel, const EventsHandled* events_handled, EntityTables& tables,
                             int region)
    : cancel_(cancel),
      events_handled_(events_handled),
      model_(model),
      seed_(seed),
      replication_(replication),
      K_(model.violation_count),
      warmup_years_(model.warmup_years),
      law_from_day_(tables.law_from_day),
      entities_(tables.entities),
      onset_multiplier_(tables.onset_multiplier),
      complaint_credibility_(tables.complaint_credibility),
      region_(region) {
  joined_in_year_.resize(static_cast<std::size_t>(model.year_count) * model.segments.size() * K_);
  probe_draws_.assign(model.segments.size(), 0);
  const double entities = std::max<double>(1.0, model.entity_count());
  probe_rate_per_entity_day_ = std::min(prevalence_probes_per_year, entities) / entities / days_per_year;
  candidate_draws_.assign(model.segments.size() * K_, 0);
  onset_draws_.assign(model.segments.size() * K_, 0);
  stream_types_.assign(model.segments.size(), 0);
  for (std::size_t g = 0; g < model.segments.size(); ++g) {
    for (int k = 0; k < std::min(K_, 8); ++k) {
      if (complaints_streamed(model.segments[g].complaint_rate_per_day[k], model.segments[g].onset_rate_per_day[k],
                              model.violations[k].end_rate_per_day))
        stream_types_[g] |= static_cast<TypeMask>(1u << k);
    }
  }
  segment_visits_.assign(model.year_count, std::vector<double>(model.segments.size(), 0.0));
  segment_fines_ = segment_visits_;
  complaint_visits_.assign(model.year_count, 0.0);
  complaint_visits_finding_.assign(model.year_count, 0.0);
  counts_.years.resize(model.year_count - model.warmup_years);
  for (YearCounts& y : counts_.years) {
    y.types.resize(K_);
    y.size_classes.resize(model.inspection_days.size());
  }
}

void RegionProcess::schedule(Event ev) {
  if (ev.time_days >= model_.horizon_days) return;
  if (bulk_mode_) {
    bulk_.push_back(ev);
  } else if (handling_top_) {  // the event being handled leaves as its first successor comes: one sift
    queue_.replace_top(ev);
    handling_top_ = false;
  } else {
    queue_.push(ev);
  }
}

void RegionProcess::start() {
  add_prior_laws();  // before any look
  bulk_mode_ = true;
  for (int g = 0; g < static_cast<int>(model_.segments.size()); ++g) {
    const std::uint32_t b = own_block(g);
    for (int k = 0; k < K_; ++k) {
      // Streamed types' complaints come from start_streams; where no violation can start, none come.
      if (stream_types_[g] >> k & 1u || !can_start(g, k)) continue;
      schedule_complaint_candidate(b, k, 0.0);
    }
    const auto& onsets = model_.segments[g].onset_rate_per_day;
    if (std::all_of(onsets.begin(), onsets.end(), [](double a) { return a == 0; })) continue;  // never in violation
    RandomStream rs = stream(b, Purpose::prevalence_probe, 0, probe_draws_[g]++);
    schedule_prevalence_probe(g, rs.uniform() * probe_spacing_days(g));
  }
  schedule_unfounded_complaint(0.0);
  start_union_visits();
  start_streams();
  bulk_mode_ = false;
  check_cancel();
  queue_.push_bulk(bulk_);
  bulk_ = {};
}

void RegionProcess::run_year(int year) {
  now_ = year * days_per_year;
  on_year_start(year);
  const double until_day = year_end(year);
  constexpr std::uint32_t cancel_check_interval = 1u << 14;  // events between looks at the flag
  std::uint32_t until_check = cancel_check_interval;
  // The event handled stays at the top of the queue until the handler schedules its first event,
  // which takes its place (EventQueue::replace_top: the same order as a pop and a push, in one
  // sift); if the handler schedules none, it is popped before the next.
  while (true) {
    if (handling_top_) {
      queue_.pop();
      handling_top_ = false;
    }
    if (queue_.empty() || queue_.top().time_days >= until_day) break;
    if (--until_check == 0) {
      until_check = cancel_check_interval;
      after_events(cancel_check_interval);
    }
    const Event ev = queue_.top();
    handling_top_ = true;
    now_ = ev.time_days;
    if (const Event* next = queue_.next_after_top();
        next &&
        (next->kind == complaint_candidate || next->kind == stream_candidate || next->kind == unfounded_complaint)) {
      // The next look's entity, into the cache.
      const std::uint32_t e = next->kind == stream_candidate      ? next->target
                              : next->kind == complaint_candidate ? next->token
                                                                  : model_.region_entities[region_][next->token];
      __builtin_prefetch(&entities_[e]);
      __builtin_prefetch(&law_from_day_[pair(e, next->tag)]);
      __builtin_prefetch(&model_.entity_segment[e]);
    }
    ++counts_.events;
    switch (ev.kind) {
      case complaint_candidate: on_complaint_candidate(ev); break;
      case prevalence_probe: on_prevalence_probe(ev); break;
      case unfounded_complaint: on_unfounded_complaint(ev); break;
      case union_visit: on_union_visit(ev); break;
      case inspector_free: on_inspector_free(ev); break;
      case region_wake: on_region_wake(ev); break;
      case onset_candidate: on_onset_candidate(ev); break;
      case stream_candidate: on_stream_candidate(ev); break;
    }
  }
  after_events(cancel_check_interval - until_check);
}

void RegionProcess::after_events(std::uint32_t events) {
  check_cancel();
  if (!events_handled_) return;
  events_untold_ += events;
  if (events_untold_ < events_per_tell) return;
  (*events_handled_)(events_untold_);
  events_untold_ = 0;
}

void RegionProcess::finish() {
  now_ = model_.horizon_days;
  count_forward_laws();
  change_complaint_queue(model_.horizon_days, 0);
  counts_.complaint_backlog += static_cast<double>(state_.complaints.size());
}

}  // namespace inspectsim::detail
