#pragma once
// One region of one replication: its events, and the handlers that change the state.
// Entities are indices into flat arrays (entity_tables.hpp); work waits in visit_queues.hpp.

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdint>
#include <unordered_map>
#include <vector>

#include "inspectsim/kernel/event_queue.hpp"
#include "inspectsim/kernel/random.hpp"
#include "inspectsim/model/model.hpp"
#include "inspectsim/simulation/counts.hpp"
#include "inspectsim/simulation/replication.hpp"
#include "inspectsim/stats/two_state_chain.hpp"
#include "simulation/entity_tables.hpp"
#include "simulation/purpose.hpp"
#include "simulation/visit_queues.hpp"

namespace inspectsim::detail {

enum EventKind : std::uint16_t {
  complaint_candidate,  ///< a look at a random entity of a (segment, region) block: a complaint if active
  prevalence_probe,     ///< the chance a random entity has any violation, for the prevalence metric
  unfounded_complaint,
  inspector_free,
  region_wake,
  onset_candidate,   ///< a possible onset in a (segment, type) stream: an onset if the pair it falls on is dormant
  stream_candidate,  ///< a look at a pair of a streamed (segment, type) not known dormant: a complaint if active
  union_visit        ///< a visit of the union inspectorate (no sanctions; it may refer what it finds)
};

/// Probes of the prevalence of any violation per simulated year (on_prevalence_probe), at most
/// one per entity: with systematic sampling, the Kazakhstan baseline's prevalence has a 95% CI
/// of +-0.0002 over 10 replications.
inline constexpr double prevalence_probes_per_year = 5'000;

/// One region of one replication, a logical process: its inspectors, queues and events. Regions
/// interact only through general deterrence, which acts from the next year start, so they run
/// a year at a time in parallel and meet at year starts (a conservative time window of a year).
class RegionProcess {
 public:
  RegionProcess(const Model& model, std::uint32_t seed, std::uint32_t replication, const std::atomic<bool>* cancel,
                const EventsHandled* events_handled, EntityTables& tables, int region);
  void start();             ///< schedules the region's first events
  void run_year(int year);  ///< the year's start (staffing, plan) and its events
  void finish();            ///< counts up to the horizon
  ReplicationCounts& counts() { return counts_; }
  double visits_in_segment(int year, int g) const { return segment_visits_[year][g]; }
  double fines_in_segment(int year, int g) const { return segment_fines_[year][g]; }
  /// Complaint visits in a simulated year, and those of them that found a violation.
  double complaint_visits_in(int year) const { return complaint_visits_[year]; }
  double complaint_visits_finding_in(int year) const { return complaint_visits_finding_[year]; }

 private:
  /// Throws Cancelled if the run was asked to stop (cheap: one relaxed load).
  void check_cancel() const { throw_if_cancelled(cancel_); }
  /// Between batches of events: stops if asked to, and tells how many were handled.
  void after_events(std::uint32_t events);

  // --- violations.cpp: violation states drawn when looked at, activity counted from each pair's law
  /// The law of pair (e, k) since it was last looked at (or since day 0 if never).
  struct PairLaw {
    int segment;
    int type;
    double deterred_until_day;
    double from_day;
    double p_active;  ///< chance of being active at from_day
    bool stationary;  ///< never looked at: the stationary law of day 0
  };
  PairLaw law_of(std::uint32_t e, int k) const;
  two_state::Rates rates_at(int g, int k, double deterred_until_day, double day) const;
  /// The first day after `day` on which the rates may change (a year start, the deterrence's end).
  double rates_change_after(double day, double deterred_until_day) const;
  /// Chance that a pair with `law` is active on `day`.
  double chance_at(const PairLaw& law, double day) const;
  /// Adds the expected activity of chains `c` of (segment g, type k) from `from_day` to the
  /// horizon (follow_law). Negative chains take a law back.
  void add_forward_law(int g, int k, double deterred_until_day, double from_day, two_state::Chains c);
  /// A law from `from_day` on, deterred until `deterred_until_day`, not yet counted.
  struct PendingLaw {
    int segment;
    int type;
    double deterred_until_day;
    double from_day;
    two_state::Chains chains;
  };
  /// Counts the law's deterred stretches while its years' rates are known, then joins it to its
  /// year's undeterred law (joined_in_year, counted by count_forward_laws); what needs a later
  /// year's rates (general deterrence sets them at each year start) waits in pending_laws_.
  void follow_law(PendingLaw law);
  /// The end of the last year whose rates are known: the current year's.
  double rates_known_until() const { return year_end(year_); }
  /// At a year start: the pending laws go on through the year; those left alike are merged.
  void follow_pending_laws();
  void add_pair_law(std::uint32_t e, int k, double from_day, two_state::Chains c);
  /// Chains `c` join the undeterred law of the year `from_day` falls in.
  void join_year_law(int g, int k, double from_day, two_state::Chains c);
  /// Counts chains `c` over [from_day, until_day) at constant rates; returns them at until_day.
  two_state::Chains count_stretch(int g, int k, double deterred_until_day, double from_day, double until_day,
                                  two_state::Chains c);
  two_state::StaggeredChains& joined_in_year(int year, int g, int k) {
    return joined_in_year_[(static_cast<std::size_t>(year) * model_.segments.size() + g) * K_ + k];
  }
  void add_prior_laws();      ///< every pair's stationary law from day 0
  void count_forward_laws();  ///< the chains joined in each year, once every year's rates are known
  /// Adds an expectation to simulated year `year`'s counts (nothing for the warm-up, -1).
  void count_expectation(int year, int g, int k, const two_state::Expectation& x);
  /// Draws pair (e, k)'s state at `now` (if not known); its law starts again from what was seen.
  /// Only for pairs that can start (can_start).
  bool look_at_pair(std::uint32_t e, int k, double now);
  /// Looks at every type of entity e that can start (those that cannot are inactive for sure).
  void look_at(std::uint32_t e, double now);
  bool can_start(int g, int k) const { return model_.segments[g].onset_rate_per_day[k] > 0; }
  /// Chance that pair (e, k) is active on `day`, given what has been seen of it.
  double chance_active(std::uint32_t e, int k, double day);
  /// A detected episode ends at end_day (or earlier, if already known to): counted at once.
  void set_detected_episode_end(std::uint32_t e, int k, double now, double end_day);
  void add_known_activity(std::uint32_t e, int k, double from, double to, double sign);
  void add_known_end(int k, double day, double sign);
  void end_episode_now(std::uint32_t e, int k, double now);
  /// Specific deterrence: entity e's onsets are lower until `day`, in each of its pairs' laws.
  void set_deterred_until(std::uint32_t e, double day);
  /// Streamed (segment, type): pairs whose state is inactive at their law's start are dormant
  /// (inactive for sure) until a possible onset falls on them (thinned for specific deterrence).
  bool streamed(std::uint32_t e, int k) const { return stream_types_[model_.entity_segment[e]] >> k & 1u; }
  bool dormant(std::uint32_t e, int k) const { return !active(e, k) || known_end(e, k); }
  void schedule_onset_candidate(int g, int k, double now, RandomStream& rs);
  void on_onset_candidate(const Event& ev);

  // --- complaints.cpp: complaints, founded and unfounded, into the complaint queue
  std::uint32_t own_block(int g) const;  ///< segment g's entities in this region
  double block_size(std::uint32_t block) const;
  void schedule_complaint_candidate(std::uint32_t block, int k, double now);
  void on_complaint_candidate(const Event& ev);
  void schedule_unfounded_complaint(double now);
  void on_unfounded_complaint(const Event& ev);
  /// A complaint about entity e (of type k, or -1 for one with no violation behind it).
  void route_complaint(std::uint32_t e, int k, double now);
  /// Whether a complaint acted on is resolved without a visit (triage).
  bool triaged();
  /// Whether a would-be complaint about entity e is made, or kept back for fear of retaliation.
  bool spoken(std::uint32_t e, RandomStream& rs);
  /// A violation type drawn in proportion to the complaint weights, from uniform u.
  int type_named_at_random(double u) const;
  void start_streams();
  /// A pair no longer dormant: its possible complaints at rate c, unless one is already pending.
  void add_to_stream(std::uint32_t e, int k, double now);
  void schedule_stream_candidate(std::uint32_t e, int k, double now);
  void on_stream_candidate(const Event& ev);

  // --- union_visits.cpp: a second inspectorate without sanctioning power
  void start_union_visits();
  void schedule_union_visit(double now);
  void on_union_visit(const Event& ev);

  // --- prevalence_probes.cpp: the prevalence of any violation
  void schedule_prevalence_probe(int g, double day);
  double probe_spacing_days(int g) const;
  void on_prevalence_probe(const Event& ev);

  // --- dispatch.cpp: staffing, queues, who visits next
  void on_year_start(int year);
  void set_staffing(int year);
  void dispatch(double now);
  bool take_job(RegionState& r, double now, Job& job);
  void change_complaint_queue(double now, int delta);
  void schedule_wake(double now);
  void on_inspector_free(const Event& ev);
  void on_region_wake(const Event& ev);

  // --- plan.cpp: the annual plan
  void publish_plan(int year);
  void rank_plan(int year, std::size_t size, bool open);
  void draw_plan_with_replacement(int year, std::size_t size, bool open);
  void extend_plan(RegionState& region, std::size_t more);  ///< capacity mode: `more` further planned visits

  // --- visits.cpp: an inspector's visit and what it finds
  /// One violation episode found: its uniform for a fine and the checklist breaches it shows.
  struct Find {
    double u_fine;
    int breaches;
  };
  void start_visit(std::uint32_t inspector, const Job& job, double now);
  /// The types a visit examines (a bit each): all, or a scoped complaint visit's complained-of ones.
  TypeMask types_examined(const Job& job);
  /// Fines for one find (fine_basis find or breach; further breaches' from `more`).
  int fines_for(const Find& find, RandomStream& more) const;
  /// What the visit finds; `detection_factor` scales every type's detection probability.
  void inspect(const Job& job, double now, double detection_factor);

  // --- helpers
  void schedule(Event ev);
  RandomStream stream(std::uint32_t id, Purpose purpose, std::uint32_t sub, std::uint32_t index) const {
    return RandomStream(seed_, id, replication_, purpose_word(purpose, sub), index);
  }
  /// The counts of the measured year `day` falls in (nullptr in the warm-up or past the horizon).
  YearCounts* counts_at(double day) {
    if (day < model_.window_start_days || day >= model_.horizon_days) return nullptr;
    const int measured = static_cast<int>(std::floor((day - model_.window_start_days) / days_per_year));
    return &counts_.years[std::min<int>(measured, static_cast<int>(counts_.years.size()) - 1)];
  }
  /// The counts of a simulated year (nullptr for -1, the warm-up).
  YearCounts* measured_counts(int year) {
    return year < 0 ? nullptr : &counts_.years[std::min<std::size_t>(year - warmup_years_, counts_.years.size() - 1)];
  }
  /// Calls f(year counts, days) for each measured year that [from, to) overlaps (nothing past
  /// the horizon: a visit may end centuries later when inspectors have almost no time).
  template <typename F>
  void split_by_year(double from, double to, F f) {
    to = std::min(to, model_.horizon_days);
    for (double d = std::max(from, model_.window_start_days); d < to;) {
      const double until = std::min(to, next_year_start(d));
      if (YearCounts* y = counts_at(d)) f(*y, until - d);
      d = until;
    }
  }
  const SegmentParams& segment_of(std::uint32_t e) const { return model_.segments[model_.entity_segment[e]]; }

  std::size_t pair(std::uint32_t e, int k) const { return static_cast<std::size_t>(e) * K_ + k; }
  bool active(std::uint32_t e, int k) const { return entities_[e].active >> k & 1u; }
  bool known_end(std::uint32_t e, int k) const { return entities_[e].known_end >> k & 1u; }
  bool looked(std::uint32_t e, int k) const { return entities_[e].looked >> k & 1u; }
  int year_of(double day) const { return std::min(model_.year_count - 1, static_cast<int>(day / days_per_year)); }
  static double next_year_start(double day) { return (std::floor(day / days_per_year) + 1) * days_per_year; }
  /// The end of simulated year `year` (the horizon, for the last).
  double year_end(int year) const { return std::min(model_.horizon_days, (year + 1) * days_per_year); }
  /// The simulated year `day` falls in, or -1 in the warm-up: the year count_expectation adds to.
  int counted_year(double day) const { return day < model_.window_start_days ? -1 : year_of(day); }

  const std::atomic<bool>* cancel_;
  const EventsHandled* events_handled_;
  std::uint64_t events_untold_ = 0;  ///< handled since events_handled_ was last called
  const Model& model_;
  std::uint32_t seed_;
  std::uint32_t replication_;
  int K_;
  int warmup_years_;
  double now_ = 0;
  int year_ = 0;
  EventQueue queue_;
  std::vector<Event> bulk_;  ///< events gathered before the first heapify
  bool bulk_mode_ = false;
  bool handling_top_ = false;  ///< the event being handled is still the queue's top (run_year)
  std::uint32_t job_sequence_ = 0;
  int complaints_waiting_ = 0;  ///< complaint jobs queued
  double complaint_queue_changed_day_ = 0;

  // The replication's entity tables (this region touches only its own entities).
  Table<float>& law_from_day_;
  Table<EntityState>& entities_;
  const std::vector<std::vector<double>>& onset_multiplier_;  ///< [simulated year][segment]
  const std::vector<double>& complaint_credibility_;          ///< [simulated year]
  int region_;
  /// [year][segment][type]: the chains whose law joins the year's undeterred rates (add_forward_law).
  std::vector<two_state::StaggeredChains> joined_in_year_;
  std::vector<PendingLaw> pending_laws_;  ///< waiting for a later year's rates (follow_law)
  std::vector<double> prior_active_;      ///< [segment * K + type]: the stationary chance of day 0 (add_prior_laws)
  double probe_rate_per_entity_day_ = 0;
  std::vector<std::uint32_t> probe_draws_;      ///< per segment (this region's block of it)
  std::vector<std::uint32_t> candidate_draws_;  ///< [segment * K + type], this region's block
  /// Per segment: the types whose complaints come from a stream of the pairs possibly active
  /// (those not dormant), chosen where that is cheaper than looking at every pair (complaints.cpp).
  std::vector<TypeMask> stream_types_;
  std::vector<std::uint32_t> union_entities_;  ///< this region's entities the union inspectorate visits
  std::uint32_t union_draws_ = 0;
  std::vector<std::uint32_t> onset_draws_;  ///< [segment * K + type], this region's block
  // inspectorate
  RegionState state_;  ///< this region's queues, plan and staff
  std::vector<InspectorState> inspectors_;
  /// Scoped complaint visits (complaints.scope: complaint): the types complained of, per entity
  /// with a complaint visit waiting.
  std::unordered_map<std::uint32_t, TypeMask> complaint_scope_;
  // general deterrence
  std::vector<std::vector<double>> segment_visits_;  ///< [simulated year][segment], this region's visits
  std::vector<std::vector<double>> segment_fines_;   ///< [simulated year][segment], this region's fines (publicity)
  // complaint credibility: [simulated year], this region's complaint visits and those that found something
  std::vector<double> complaint_visits_;
  std::vector<double> complaint_visits_finding_;

  ReplicationCounts counts_;
};

}  // namespace inspectsim::detail
