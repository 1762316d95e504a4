#pragma once
// The mutable state of one replication and the event handlers that change it.
// Entities are indices into flat arrays; (entity, violation type) pairs are e * K + k.

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdint>
#include <limits>
#include <queue>
#include <vector>

#include "inspectsim/experiment/metrics.hpp"
#include "inspectsim/experiment/replication.hpp"
#include "inspectsim/kernel/event_queue.hpp"
#include "inspectsim/kernel/random.hpp"
#include "inspectsim/model/model.hpp"

namespace inspectsim::detail {

enum EventKind : std::uint16_t {
  onset_candidate,
  episode_end,
  complaint,
  unfounded_complaint,
  inspector_free,
  region_wake,
  year_start
};

/// A visit waiting for an inspector.
struct Job {
  double eligible_day = 0;  ///< not before (notice period, follow-up delay, consent delay)
  double created_day = 0;   ///< when the complaint or detection that caused it happened
  std::uint32_t sequence = 0;
  std::uint32_t entity = 0;
  VisitKind kind = VisitKind::complaint;
  bool announced = false;
  bool consent_asked = false;
};

struct JobLater {
  bool operator()(const Job& a, const Job& b) const {
    return a.eligible_day > b.eligible_day || (a.eligible_day == b.eligible_day && a.sequence > b.sequence);
  }
};
using JobQueue = std::priority_queue<Job, std::vector<Job>, JobLater>;

struct RegionState {
  std::vector<std::uint32_t> idle;      ///< inspectors free to take a job
  std::vector<std::uint32_t> in_force;  ///< all inspectors employed, idle or busy
  JobQueue complaints;
  JobQueue follow_ups;
  std::vector<std::uint32_t> plan;  ///< this year's planned entities, in visiting order
  std::size_t plan_next = 0;
  double plan_eligible_day = 0;     ///< the first planned visit may start then
  double plan_spacing_days = 0;     ///< even pacing: days between planned visits (0: as soon as possible)
  std::uint32_t unfounded_draws = 0;
  bool plan_announced = false;
  double wake_day = std::numeric_limits<double>::infinity();
  std::uint32_t wake_token = 0;
};

struct InspectorState {
  std::uint16_t region = 0;
  bool retiring = false;  ///< leaves when the current visit ends
  std::uint32_t visits = 0;
};

/// Bits of the per-(entity, type) state byte.
inline constexpr std::uint8_t active_bit = 1;
inline constexpr std::uint8_t detected_bit = 2;

/// Per-entity flags.
inline constexpr std::uint8_t complaint_pending_bit = 1;

class Replication {
 public:
  Replication(const Model& model, std::uint32_t seed, std::uint32_t replication, const std::atomic<bool>* cancel);
  ReplicationCounts run();

 private:
  /// Throws Cancelled if the run was asked to stop (cheap: one relaxed load).
  void check_cancel() const {
    if (cancel_ && cancel_->load(std::memory_order_relaxed)) throw Cancelled();
  }

  // --- violations.cpp: onsets, episodes, complaints, exposure
  void initial_state();
  void on_onset_candidate(const Event& ev);
  void on_episode_end(const Event& ev);
  void on_complaint(const Event& ev);
  void schedule_unfounded_complaint(int region, double now);
  void on_unfounded_complaint(const Event& ev);
  void start_episode(std::uint32_t e, int k, double now, bool counted);
  void end_episode(std::uint32_t e, int k, double now);
  void shorten_episode(std::uint32_t e, int k, double now, double new_end_day);
  void schedule_onset(std::uint32_t e, int k, double now);
  void schedule_complaint(std::uint32_t e, int k, double now);
  double onset_rate_per_day(std::uint32_t e, int k, double now) const;
  void add_active_interval(std::uint32_t e, int k, double from, double to);
  void finish_open_intervals();

  // --- inspectorate.cpp: staffing, plan, queues, dispatch, visits
  void on_year_start(int year);
  void set_staffing(int year);
  void publish_plan(int year);
  void rank_plan(int region, int year, std::size_t size);
  void draw_plan_with_replacement(int region, int year, std::size_t size);
  void update_general_deterrence(int year);
  void route_complaint(std::uint32_t e, double now);
  void dispatch(int region, double now);
  bool take_job(RegionState& r, double now, Job& job);
  double plan_item_day(const RegionState& r, std::size_t item) const {
    return r.plan_eligible_day + (r.plan_spacing_days > 0 ? (static_cast<double>(item) + 0.5) * r.plan_spacing_days : 0.0);
  }
  void change_complaint_queue(double now, int delta);
  void schedule_wake(int region, double now);
  void start_visit(std::uint32_t inspector, const Job& job, double now);
  void inspect(const Job& job, double now);
  void on_inspector_free(const Event& ev);
  void on_region_wake(const Event& ev);

  // --- helpers
  void schedule(Event ev);
  RandomStream stream(std::uint32_t id, Purpose purpose, std::uint32_t sub, std::uint32_t index) const {
    return RandomStream(seed_, id, replication_, purpose_word(purpose, sub), index);
  }
  YearCounts* counts_at(double day);
  /// Calls f(year counts, days) for each measured year that [from, to) overlaps.
  template <typename F>
  void split_by_year(double from, double to, F f) {
    for (double d = std::max(from, model_.window_start_days); d < to;) {
      const double until = std::min(to, (std::floor(d / days_per_year) + 1) * days_per_year);
      if (YearCounts* y = counts_at(d)) f(*y, until - d);
      d = until;
    }
  }
  std::size_t pair(std::uint32_t e, int k) const { return static_cast<std::size_t>(e) * K_ + k; }
  const SegmentParams& segment_of(std::uint32_t e) const { return model_.segments[model_.entity_segment[e]]; }

  const std::atomic<bool>* cancel_;
  const Model& model_;
  const Scenario& scenario_;
  std::uint32_t seed_;
  std::uint32_t replication_;
  int K_;
  double now_ = 0;
  int year_ = 0;
  EventQueue queue_;
  std::vector<Event> bulk_;  ///< events gathered before the first heapify
  bool bulk_mode_ = false;
  std::uint32_t job_sequence_ = 0;
  int complaints_waiting_ = 0;         ///< complaint jobs queued, all regions
  double complaint_queue_changed_day_ = 0;

  // per (entity, type)
  std::vector<std::uint8_t> pair_state_;
  std::vector<std::uint32_t> token_;  ///< bumps when pending events of the pair become stale
  std::vector<std::uint32_t> draws_;  ///< index of the pair's next random stream
  std::vector<double> episode_start_day_;
  std::vector<double> episode_end_day_;
  // per entity
  std::vector<std::uint8_t> active_types_;
  std::vector<std::uint8_t> entity_flags_;
  std::vector<std::uint32_t> visit_count_;
  std::vector<float> last_visit_day_;
  std::vector<float> last_detection_day_;
  std::vector<float> deterred_until_day_;
  std::vector<double> any_since_day_;
  // inspectorate
  std::vector<RegionState> regions_;
  std::vector<InspectorState> inspectors_;
  // general deterrence
  std::vector<std::vector<double>> segment_visits_;  ///< [simulated year][segment]
  std::vector<double> onset_multiplier_;             ///< per segment, this year
  double onset_bound_factor_ = 1.0;                  ///< thinning bound over the base rate

  ReplicationCounts counts_;
};

}  // namespace inspectsim::detail
