#pragma once
// Work waiting for a region's inspectors: complaint and follow-up visits in queues, the annual
// plan in visiting order, and who is free to take them.

#include <cstdint>
#include <limits>
#include <optional>
#include <queue>
#include <utility>
#include <vector>

#include "inspectsim/kernel/random.hpp"
#include "inspectsim/scenario/scenario.hpp"
#include "inspectsim/simulation/counts.hpp"

namespace inspectsim::detail {

/// Whether visits under this notice rule are announced in advance.
inline bool announced(NoticeMode mode) { return mode == NoticeMode::prior; }

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
  /// Capacity mode: the plan has no fixed size; when inspectors reach its end it is extended
  /// from the rest of the year's ranking (or further draws), so it never runs dry.
  bool plan_open = false;
  std::vector<std::pair<double, std::uint32_t>> plan_ranked;  ///< (key, entity), sorted up to plan_ranked_sorted
  std::size_t plan_ranked_sorted = 0;
  std::vector<std::uint32_t> plan_eligible;  ///< with_replacement: the entities draws pick from
  std::optional<RandomStream> plan_draws;    ///< with_replacement: the year's stream of draws
  double plan_eligible_day = 0;              ///< the first planned visit may start then
  double plan_spacing_days = 0;              ///< even pacing: days between planned visits (0: as soon as possible)
  std::uint32_t unfounded_draws = 0;
  std::uint32_t triage_draws = 0;
  bool plan_announced = false;
  double wake_day = std::numeric_limits<double>::infinity();
  std::uint32_t wake_token = 0;

  /// The day planned visit `item` may start: all at once, or evenly paced.
  double plan_item_day(std::size_t item) const {
    return plan_eligible_day + (plan_spacing_days > 0 ? (static_cast<double>(item) + 0.5) * plan_spacing_days : 0.0);
  }
};

struct InspectorState {
  bool retiring = false;  ///< leaves when the current visit ends
  std::uint32_t visits = 0;
  double workday = -1;                ///< the calendar day of the latest visit begun
  std::uint32_t visits_that_day = 0;  ///< visits begun on `workday` (inspector fatigue)
};

}  // namespace inspectsim::detail
