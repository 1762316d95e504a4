#include "inspectsim/experiment/metrics.hpp"

#include <cmath>
#include <limits>
#include <stdexcept>

#include "inspectsim/model/model.hpp"

namespace inspectsim {

namespace {
constexpr double nan = std::numeric_limits<double>::quiet_NaN();

double ratio(double a, double b) { return b > 0 ? a / b : nan; }

std::vector<double> entities_by_size_class(const Model& model) {
  std::vector<double> out(model.scenario->size_classes.size(), 0.0);
  for (std::size_t g = 0; g < model.segments.size(); ++g)
    out[model.segments[g].size_class] += static_cast<double>(model.segment_entities[g]);
  return out;
}

double visits(const YearCounts& y) { return y.visits[0] + y.visits[1] + y.visits[2]; }

/// Sums a per-type field over types.
template <typename Field>
double all_types(const YearCounts& y, Field field) {
  double total = 0;
  for (const TypeYearCounts& t : y.types) total += t.*field;
  return total;
}
}  // namespace

const std::vector<MetricInfo>& global_metrics() {
  static const std::vector<MetricInfo> list{
      {"inspections", "visits/year", "visits made per year (complaint, follow-up and planned)"},
      {"inspections_per_inspector", "visits/inspector-year", "visits per year divided by the inspectors in force"},
      {"complaint_inspections", "visits/year", "visits made in answer to a complaint"},
      {"follow_up_inspections", "visits/year", "visits checking that a detected violation was remedied"},
      {"planned_inspections", "visits/year", "visits from the annual plan"},
      {"coverage", "share/year", "share of all entities visited at least once in a year"},
      {"inspection_cycle_years", "years", "entities divided by visits per year: the mean years between visits to an entity"},
      {"prevalence", "share", "time-average share of entities with at least one active violation"},
      {"worker_exposure", "worker-years/year", "worker-years spent exposed to a violation, per year (summed over types)"},
      {"episodes", "episodes/year", "violation episodes that began, per year"},
      {"detections", "violations/year", "violations found by inspectors, per year"},
      {"detected_share", "share", "share of violation episodes that ended in the period which an inspector found"},
      {"detections_per_inspection", "violations/visit", "violations found per visit"},
      {"concealed", "violations/year", "active violations hidden at announced visits, per year"},
      {"remediated_on_notice", "violations/year", "active violations genuinely fixed after notice, before the visit"},
      {"consent_refusals", "refusals/year", "announced visits delayed because the entity refused consent"},
      {"complaints", "complaints/year", "complaints made by workers, per year"},
      {"complaints_blocked", "complaints/year", "complaints not acted on because of an exemption or moratorium"},
      {"complaint_wait_days", "days", "mean days from a complaint to the visit it brings"},
      {"complaint_waited_share", "share", "share of complaint visits that could not start when the complaint came"},
      {"complaint_queue_length", "complaints", "time-average number of complaints waiting for a visit (notice periods included)"},
      {"unfounded_complaints", "complaints/year", "complaints with no violation behind them, per year (included in complaints)"},
      {"fines", "fines/year", "fines imposed, per year"},
      {"plan_completion", "share", "share of the annual plan's visits made within the year"},
      {"workers_per_inspector", "workers/inspector", "workers in the registered entities per inspector in force"},
      {"complaint_backlog", "complaints", "complaints still waiting for a visit at the end of the run"},
      {"ilo_inspectors_industrial", "inspectors", "inspectors needed at the ILO benchmark of 1 per 10,000 workers (industrial market economies)"},
      {"ilo_inspectors_transition", "inspectors", "inspectors needed at the ILO benchmark of 1 per 20,000 workers (transition economies)"},
      {"ilo_inspectors_developing", "inspectors", "inspectors needed at the ILO benchmark of 1 per 40,000 workers (less developed economies)"},
  };
  return list;
}

const std::vector<MetricInfo>& violation_metrics() {
  static const std::vector<MetricInfo> list{
      {"prevalence", "share", "time-average share of entities with this violation active"},
      {"worker_exposure", "worker-years/year", "worker-years exposed to this violation, per year"},
      {"episodes", "episodes/year", "episodes of this violation that began, per year"},
      {"detections", "violations/year", "detections of this violation, per year"},
      {"detected_share", "share", "share of ended episodes of this violation that were found"},
      {"present_at_visits", "violations/year", "visits that came while this violation was active, per year"},
      {"concealed", "violations/year", "this violation hidden at announced visits, per year"},
      {"complaints", "complaints/year", "complaints about this violation, per year"},
  };
  return list;
}

const std::vector<MetricInfo>& yearly_metrics() {
  static const std::vector<MetricInfo> list{
      {"inspectors", "inspectors", "inspectors in force"},
      {"inspections", "visits", "visits made in the year"},
      {"coverage", "share", "share of entities visited in the year"},
      {"prevalence", "share", "time-average share of entities with an active violation"},
      {"worker_exposure", "worker-years", "worker-years exposed in the year"},
      {"episodes", "episodes", "episodes that began in the year"},
      {"detections", "violations", "violations found in the year"},
      {"detected_share", "share", "share of episodes ending in the year that were found"},
      {"concealed", "violations", "violations hidden at announced visits in the year"},
      {"complaints", "complaints", "complaints made in the year"},
      {"complaint_wait_days", "days", "mean days from complaint to visit, visits in the year"},
  };
  return list;
}

const std::vector<MetricInfo>& size_class_metrics() {
  static const std::vector<MetricInfo> list{
      {"inspections", "visits/year", "visits to entities of this size class, per year"},
      {"coverage", "share/year", "share of this size class's entities visited at least once in a year"},
      {"detections", "violations/year", "violations found at entities of this size class, per year"},
  };
  return list;
}

std::size_t metric_index(const std::vector<MetricInfo>& list, const std::string& name) {
  for (std::size_t i = 0; i < list.size(); ++i)
    if (list[i].name == name) return i;
  throw std::out_of_range("no metric named '" + name + "'");
}

TypeYearCounts& operator+=(TypeYearCounts& a, const TypeYearCounts& b) {
  a.episodes_started += b.episodes_started;
  a.episodes_ended += b.episodes_ended;
  a.episodes_ended_detected += b.episodes_ended_detected;
  a.detections += b.detections;
  a.present_at_visits += b.present_at_visits;
  a.concealed += b.concealed;
  a.remediated_on_notice += b.remediated_on_notice;
  a.complaints += b.complaints;
  a.exposure_worker_days += b.exposure_worker_days;
  a.active_entity_days += b.active_entity_days;
  return a;
}

SizeClassYearCounts& operator+=(SizeClassYearCounts& a, const SizeClassYearCounts& b) {
  a.visits += b.visits;
  a.entities_visited += b.entities_visited;
  a.detections += b.detections;
  return a;
}

YearCounts& operator+=(YearCounts& a, const YearCounts& b) {
  for (int k = 0; k < visit_kind_count; ++k) a.visits[k] += b.visits[k];
  a.entities_visited += b.entities_visited;
  a.any_violation_entity_days += b.any_violation_entity_days;
  a.consent_refusals += b.consent_refusals;
  a.complaints_blocked += b.complaints_blocked;
  a.complaint_wait_days_sum += b.complaint_wait_days_sum;
  a.complaint_visits_timed += b.complaint_visits_timed;
  a.complaint_visits_waited += b.complaint_visits_waited;
  a.complaint_queue_days += b.complaint_queue_days;
  a.unfounded_complaints += b.unfounded_complaints;
  a.fines += b.fines;
  a.inspectors += b.inspectors;
  a.plan_size += b.plan_size;
  a.plan_done += b.plan_done;
  if (a.types.size() < b.types.size()) a.types.resize(b.types.size());
  for (std::size_t t = 0; t < b.types.size(); ++t) a.types[t] += b.types[t];
  if (a.size_classes.size() < b.size_classes.size()) a.size_classes.resize(b.size_classes.size());
  for (std::size_t c = 0; c < b.size_classes.size(); ++c) a.size_classes[c] += b.size_classes[c];
  return a;
}

Metrics compute_metrics(const Model& model, const ReplicationCounts& c) {
  const double n_years = static_cast<double>(c.years.size());
  const double entities = static_cast<double>(model.entity_count());
  double workers = 0;
  for (std::size_t g = 0; g < model.segments.size(); ++g)
    workers += model.segments[g].workers * static_cast<double>(model.segment_entities[g]);

  YearCounts total;
  total.types.resize(model.violation_count);
  double coverage_sum = 0;
  for (const YearCounts& y : c.years) {
    total += y;
    coverage_sum += y.entities_visited / entities;
  }
  const double window_days = n_years * days_per_year;
  const double all_visits = visits(total);
  const double detections = all_types(total, &TypeYearCounts::detections);

  Metrics m;
  m.global = {
      all_visits / n_years,
      ratio(all_visits, total.inspectors),
      total.visits[0] / n_years,
      total.visits[1] / n_years,
      total.visits[2] / n_years,
      coverage_sum / n_years,
      ratio(entities * n_years, all_visits),
      total.any_violation_entity_days / (entities * window_days),
      all_types(total, &TypeYearCounts::exposure_worker_days) / days_per_year / n_years,
      all_types(total, &TypeYearCounts::episodes_started) / n_years,
      detections / n_years,
      ratio(all_types(total, &TypeYearCounts::episodes_ended_detected), all_types(total, &TypeYearCounts::episodes_ended)),
      ratio(detections, all_visits),
      all_types(total, &TypeYearCounts::concealed) / n_years,
      all_types(total, &TypeYearCounts::remediated_on_notice) / n_years,
      total.consent_refusals / n_years,
      (all_types(total, &TypeYearCounts::complaints) + total.unfounded_complaints) / n_years,
      total.complaints_blocked / n_years,
      ratio(total.complaint_wait_days_sum, total.complaint_visits_timed),
      ratio(total.complaint_visits_waited, total.complaint_visits_timed),
      total.complaint_queue_days / window_days,
      total.unfounded_complaints / n_years,
      total.fines / n_years,
      ratio(total.plan_done, total.plan_size),
      ratio(workers * n_years, total.inspectors),
      c.complaint_backlog,
      std::ceil(workers / 10'000.0),
      std::ceil(workers / 20'000.0),
      std::ceil(workers / 40'000.0),
  };
  for (const TypeYearCounts& t : total.types) {
    m.by_violation.push_back({
        t.active_entity_days / (entities * window_days),
        t.exposure_worker_days / days_per_year / n_years,
        t.episodes_started / n_years,
        t.detections / n_years,
        ratio(t.episodes_ended_detected, t.episodes_ended),
        t.present_at_visits / n_years,
        t.concealed / n_years,
        t.complaints / n_years,
    });
  }
  const std::vector<double> class_entities = entities_by_size_class(model);
  for (std::size_t s = 0; s < class_entities.size(); ++s) {
    double visits_sum = 0, visited = 0, found = 0;
    for (const YearCounts& y : c.years) {
      visits_sum += y.size_classes[s].visits;
      visited += y.size_classes[s].entities_visited;
      found += y.size_classes[s].detections;
    }
    m.by_size_class.push_back({visits_sum / n_years, ratio(visited, class_entities[s] * n_years), found / n_years});
  }
  for (const YearCounts& y : c.years) {
    m.yearly.push_back({
        y.inspectors,
        visits(y),
        y.entities_visited / entities,
        y.any_violation_entity_days / (entities * days_per_year),
        all_types(y, &TypeYearCounts::exposure_worker_days) / days_per_year,
        all_types(y, &TypeYearCounts::episodes_started),
        all_types(y, &TypeYearCounts::detections),
        ratio(all_types(y, &TypeYearCounts::episodes_ended_detected), all_types(y, &TypeYearCounts::episodes_ended)),
        all_types(y, &TypeYearCounts::concealed),
        all_types(y, &TypeYearCounts::complaints) + y.unfounded_complaints,
        ratio(y.complaint_wait_days_sum, y.complaint_visits_timed),
    });
  }
  return m;
}

}  // namespace inspectsim
