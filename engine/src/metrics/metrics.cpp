// Every metric is one row of a table below: name, unit, definition and the function that
// computes it from the counts. Adding a metric is adding a row.

#include "inspectsim/metrics/metrics.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

#include "inspectsim/model/model.hpp"

namespace inspectsim {

namespace {

constexpr double nan = std::numeric_limits<double>::quiet_NaN();

double ratio(double a, double b) { return b > 0 ? a / b : nan; }

/// What metrics are computed from: counts summed over `years` measured years (the whole run,
/// or one year for the yearly metrics), and the model's fixed sizes.
struct Tally {
  const YearCounts& counts;
  double years;
  double entities;
  double workers;
  double employed;               ///< everyone employed in the country (0: not given)
  double coverage_sum;           ///< over the years: the share of entities visited in each
  double complaint_backlog;      ///< at the end of the run
  double working_days_per_year;  ///< an inspector's
  double inspection_time_share;  ///< of working time, left for visits and travel by other duties
  const std::vector<ViolationType>& violations;

  double days() const { return years * days_per_year; }
  double per_year(double total) const { return total / years; }
  double all_types(double TypeYearCounts::*count) const { return counts.all_types(count); }
  /// Worker-days exposed, each type's weighted by its severity.
  double severity_weighted_exposure_days() const {
    double total = 0;
    for (std::size_t k = 0; k < counts.types.size(); ++k)
      total += violations[k].severity * counts.types[k].exposure_worker_days;
    return total;
  }
};

/// A metric of the whole run. A non-empty `yearly_definition` reports it per measured year
/// too (with the unit's "/year" dropped), computed from that year's counts alone.
struct GlobalMetric {
  MetricInfo info;
  double (*value)(const Tally&);
  std::string yearly_definition = {};
};

const std::vector<GlobalMetric>& global_table() {
  using T = TypeYearCounts;
  static const std::vector<GlobalMetric> table{
      {{"inspections", "visits/year", "visits made per year (complaint, follow-up and planned)"},
       [](const Tally& t) { return t.per_year(t.counts.visits()); },
       "visits made in the year"},
      {{"inspections_per_inspector", "visits/inspector-year", "visits per year divided by the inspectors in force"},
       [](const Tally& t) { return ratio(t.counts.visits(), t.counts.inspectors); }},
      {{"complaint_inspections", "visits/year", "visits made in answer to a complaint"},
       [](const Tally& t) { return t.per_year(t.counts.visits(VisitKind::complaint)); }},
      {{"follow_up_inspections", "visits/year", "visits checking that a detected violation was remedied"},
       [](const Tally& t) { return t.per_year(t.counts.visits(VisitKind::follow_up)); }},
      {{"planned_inspections", "visits/year", "visits from the annual plan"},
       [](const Tally& t) { return t.per_year(t.counts.visits(VisitKind::planned)); }},
      {{"coverage", "share/year", "share of all entities visited at least once in a year"},
       [](const Tally& t) { return t.per_year(t.coverage_sum); },
       "share of entities visited in the year"},
      {{"inspection_cycle_years", "years",
        "entities divided by visits per year: the mean years between visits to an entity"},
       [](const Tally& t) { return ratio(t.entities * t.years, t.counts.visits()); }},
      {{"prevalence", "share", "time-average share of entities with at least one active violation"},
       [](const Tally& t) { return t.counts.any_violation_entity_days / (t.entities * t.days()); },
       "time-average share of entities with an active violation"},
      {{"worker_exposure", "worker-years/year",
        "worker-years spent exposed to a violation, per year, summed over types (a worker exposed to two types "
        "counts twice; see distinct_worker_exposure)"},
       [](const Tally& t) { return t.all_types(&T::exposure_worker_days) / days_per_year / t.years; },
       "worker-years exposed in the year"},
      {{"distinct_worker_exposure", "worker-years/year",
        "worker-years in which a worker was exposed to at least one violation, each worker counted once however many "
        "types expose them (a worker is exposed to each active type with its exposed_share, independently)"},
       [](const Tally& t) { return t.counts.distinct_exposure_worker_days / days_per_year / t.years; },
       "worker-years exposed to at least one violation in the year"},
      {{"severity_weighted_exposure", "worker-years/year",
        "worker-years exposed, each type's weighted by its severity (1 unless the scenario says otherwise)"},
       [](const Tally& t) { return t.severity_weighted_exposure_days() / days_per_year / t.years; }},
      {{"episodes", "episodes/year", "violation episodes that began, per year"},
       [](const Tally& t) { return t.per_year(t.all_types(&T::episodes_started)); },
       "episodes that began in the year"},
      {{"detections", "violations/year",
        "violation episodes found by inspectors, per year (one per type found at a visit; see violations_found)"},
       [](const Tally& t) { return t.per_year(t.all_types(&T::detections)); },
       "violations found in the year"},
      {{"violations_found", "violations/year",
        "checklist breaches found, per year, as inspectorates count violations (each episode found shows "
        "breaches_per_find on average; equal to detections when every type has one)"},
       [](const Tally& t) { return t.per_year(t.all_types(&T::breaches_found)); },
       "checklist breaches found in the year"},
      {{"detected_share", "share", "share of violation episodes that ended in the period which an inspector found"},
       [](const Tally& t) { return ratio(t.all_types(&T::episodes_ended_detected), t.all_types(&T::episodes_ended)); },
       "share of episodes ending in the year that were found"},
      {{"detections_per_inspection", "violations/visit", "violation episodes found per visit"},
       [](const Tally& t) { return ratio(t.all_types(&T::detections), t.counts.visits()); }},
      {{"violations_found_per_inspection", "violations/visit", "checklist breaches found per visit"},
       [](const Tally& t) { return ratio(t.all_types(&T::breaches_found), t.counts.visits()); }},
      {{"union_visits", "visits/year", "visits of the union inspectorate (no sanctioning power), per year"},
       [](const Tally& t) { return t.per_year(t.counts.union_visits); }},
      {{"union_finds", "violations/year", "violations the union inspectorate's visits found, per year"},
       [](const Tally& t) { return t.per_year(t.counts.union_finds); }},
      {{"union_referrals", "complaints/year",
        "finds the union inspectorate referred to the state inspectorate (handled as complaints), per year"},
       [](const Tally& t) { return t.per_year(t.counts.union_referrals); }},
      {{"finds_unreported", "violations/year",
        "violations an inspector found but did not report (informal payments), per year (not in detections)"},
       [](const Tally& t) { return t.per_year(t.counts.finds_unreported); }},
      {{"concealed", "violations/year", "active violations hidden at announced visits, per year"},
       [](const Tally& t) { return t.per_year(t.all_types(&T::concealed)); },
       "violations hidden at announced visits in the year"},
      {{"remediated_on_notice", "violations/year", "active violations genuinely fixed after notice, before the visit"},
       [](const Tally& t) { return t.per_year(t.all_types(&T::remediated_on_notice)); }},
      {{"consent_refusals", "refusals/year", "announced visits delayed because the entity refused consent"},
       [](const Tally& t) { return t.per_year(t.counts.consent_refusals); }},
      {{"complaints", "complaints/year", "complaints made by workers, per year"},
       [](const Tally& t) { return t.per_year(t.all_types(&T::complaints) + t.counts.unfounded_complaints); },
       "complaints made in the year"},
      {{"complaints_blocked", "complaints/year", "complaints not acted on because of an exemption or moratorium"},
       [](const Tally& t) { return t.per_year(t.counts.complaints_blocked); }},
      {{"complaints_suppressed", "complaints/year",
        "complaints workers would have made but did not, for fear of retaliation (not in complaints)"},
       [](const Tally& t) { return t.per_year(t.counts.complaints_suppressed); }},
      {{"complaints_triaged", "complaints/year",
        "complaints resolved without a visit (by letter or call), per year (complaints.triage_share)"},
       [](const Tally& t) { return t.per_year(t.counts.complaints_triaged); }},
      {{"complaint_wait_days", "days", "mean days from a complaint to the visit it brings"},
       [](const Tally& t) { return ratio(t.counts.complaint_wait_days_sum, t.counts.complaint_visits_timed); },
       "mean days from complaint to visit, visits in the year"},
      {{"complaint_waited_share", "share", "share of complaint visits that could not start when the complaint came"},
       [](const Tally& t) { return ratio(t.counts.complaint_visits_waited, t.counts.complaint_visits_timed); }},
      {{"complaint_queue_length", "complaints",
        "time-average number of complaints waiting for a visit (notice periods included)"},
       [](const Tally& t) { return t.counts.complaint_queue_days / t.days(); }},
      {{"unfounded_complaints", "complaints/year",
        "complaints with no violation behind them, per year (included in complaints)"},
       [](const Tally& t) { return t.per_year(t.counts.unfounded_complaints); }},
      {{"fines", "fines/year", "fines imposed, per year"}, [](const Tally& t) { return t.per_year(t.counts.fines); }},
      {{"plan_completion", "share", "share of the annual plan's visits made within the year"},
       [](const Tally& t) { return ratio(t.counts.plan_done, t.counts.plan_size); }},
      {{"inspector_utilisation", "share",
        "share of inspectors' working time spent on visits and travel (at most inspection_time_share; other duties "
        "take the rest)"},
       [](const Tally& t) {
         // At most 1 by construction; summed busy days may overshoot by a rounding error.
         return std::min(1.0, ratio(t.counts.busy_working_days, t.counts.inspectors * t.working_days_per_year));
       },
       "share of inspectors' working time spent on visits and travel in the year"},
      {{"capacity_visits", "visits/year",
        "visits a year the inspectors in force could make with all the time other duties leave them, at the mean "
        "working days (inspection and travel) of the visits they made"},
       [](const Tally& t) {
         const double available = t.counts.inspectors * t.working_days_per_year * t.inspection_time_share;
         return t.per_year(ratio(available * t.counts.visits(), t.counts.visit_working_days));
       }},
      {{"workers_per_inspector", "workers/inspector", "workers in the registered entities per inspector in force"},
       [](const Tally& t) { return ratio(t.workers * t.years, t.counts.inspectors); }},
      {{"complaint_backlog", "complaints", "complaints still waiting for a visit at the end of the run"},
       [](const Tally& t) { return t.complaint_backlog; }},
      {{"ilo_inspectors_industrial", "inspectors",
        "inspectors needed at the ILO benchmark of 1 per 10,000 workers (industrial market economies)"},
       [](const Tally& t) { return std::ceil(t.workers / 10'000.0); }},
      {{"ilo_inspectors_transition", "inspectors",
        "inspectors needed at the ILO benchmark of 1 per 20,000 workers (transition economies)"},
       [](const Tally& t) { return std::ceil(t.workers / 20'000.0); }},
      {{"ilo_inspectors_developing", "inspectors",
        "inspectors needed at the ILO benchmark of 1 per 40,000 workers (less developed economies)"},
       [](const Tally& t) { return std::ceil(t.workers / 40'000.0); }},
      {{"ilo_inspectors_industrial_employed", "inspectors",
        "the same benchmark (1 per 10,000) on everyone employed in the country (`employed`; n/a when not given)"},
       [](const Tally& t) { return t.employed > 0 ? std::ceil(t.employed / 10'000.0) : nan; }},
      {{"ilo_inspectors_transition_employed", "inspectors",
        "the same benchmark (1 per 20,000) on everyone employed in the country (`employed`; n/a when not given)"},
       [](const Tally& t) { return t.employed > 0 ? std::ceil(t.employed / 20'000.0) : nan; }},
      {{"ilo_inspectors_developing_employed", "inspectors",
        "the same benchmark (1 per 40,000) on everyone employed in the country (`employed`; n/a when not given)"},
       [](const Tally& t) { return t.employed > 0 ? std::ceil(t.employed / 40'000.0) : nan; }},
  };
  return table;
}

/// The one yearly metric that is not a global one (the global metrics divide by it).
const GlobalMetric& inspectors_in_force() {
  static const GlobalMetric metric{{"inspectors", "inspectors", "inspectors in force"},
                                   [](const Tally& t) { return t.counts.inspectors; }};
  return metric;
}

/// The global metrics reported per measured year too, in the order of yearly_metrics().
const std::vector<const GlobalMetric*>& yearly_table() {
  static const std::vector<const GlobalMetric*> table = [] {
    std::vector<const GlobalMetric*> out{&inspectors_in_force()};
    for (const GlobalMetric& m : global_table())
      if (!m.yearly_definition.empty()) out.push_back(&m);
    return out;
  }();
  return table;
}

struct ViolationMetric {
  MetricInfo info;
  double (*value)(const TypeYearCounts&, const Tally&);
};

const std::vector<ViolationMetric>& violation_table() {
  static const std::vector<ViolationMetric> table{
      {{"prevalence", "share", "time-average share of entities with this violation active"},
       [](const TypeYearCounts& c, const Tally& t) { return c.active_entity_days / (t.entities * t.days()); }},
      {{"worker_exposure", "worker-years/year", "worker-years exposed to this violation, per year"},
       [](const TypeYearCounts& c, const Tally& t) { return c.exposure_worker_days / days_per_year / t.years; }},
      {{"episodes", "episodes/year", "episodes of this violation that began, per year"},
       [](const TypeYearCounts& c, const Tally& t) { return t.per_year(c.episodes_started); }},
      {{"affected_workers", "worker-years/year",
        "worker-years of all workers of the entities where this violation is active (for forced labour: workers in "
        "firms using it), per year"},
       [](const TypeYearCounts& c, const Tally& t) { return c.affected_worker_days / days_per_year / t.years; }},
      {{"detections", "violations/year", "episodes of this violation found, per year"},
       [](const TypeYearCounts& c, const Tally& t) { return t.per_year(c.detections); }},
      {{"violations_found", "violations/year", "checklist breaches of this type found, per year"},
       [](const TypeYearCounts& c, const Tally& t) { return t.per_year(c.breaches_found); }},
      {{"detected_share", "share", "share of ended episodes of this violation that were found"},
       [](const TypeYearCounts& c, const Tally&) { return ratio(c.episodes_ended_detected, c.episodes_ended); }},
      {{"present_at_visits", "violations/year", "visits that came while this violation was active, per year"},
       [](const TypeYearCounts& c, const Tally& t) { return t.per_year(c.present_at_visits); }},
      {{"concealed", "violations/year", "this violation hidden at announced visits, per year"},
       [](const TypeYearCounts& c, const Tally& t) { return t.per_year(c.concealed); }},
      {{"complaints", "complaints/year", "complaints about this violation, per year"},
       [](const TypeYearCounts& c, const Tally& t) { return t.per_year(c.complaints); }},
  };
  return table;
}

/// A size class's counts summed over the measured years, with its number of entities.
struct SizeClassTally {
  SizeClassYearCounts counts;
  double entities = 0;
  double years = 0;
};

struct SizeClassMetric {
  MetricInfo info;
  double (*value)(const SizeClassTally&);
};

const std::vector<SizeClassMetric>& size_class_table() {
  static const std::vector<SizeClassMetric> table{
      {{"inspections", "visits/year", "visits to entities of this size class, per year"},
       [](const SizeClassTally& t) { return t.counts.visits / t.years; }},
      {{"coverage", "share/year", "share of this size class's entities visited at least once in a year"},
       [](const SizeClassTally& t) { return ratio(t.counts.entities_visited, t.entities * t.years); }},
      {{"visit_rate", "visits/entity-year",
        "visits per entity of this size class per year: the inspection risk its firms face (a reference for "
        "sanctions.general_deterrence)"},
       [](const SizeClassTally& t) { return ratio(t.counts.visits, t.entities * t.years); }},
      {{"detections", "violations/year", "violations found at entities of this size class, per year"},
       [](const SizeClassTally& t) { return t.counts.detections / t.years; }},
  };
  return table;
}

template <typename Row>
std::vector<MetricInfo> infos(const std::vector<Row>& table) {
  std::vector<MetricInfo> out;
  for (const Row& row : table) {
    out.push_back(row.info);
    out.back().bounds = bounds_of_unit(row.info.unit);
  }
  return out;
}

/// "visits/year" -> "visits": the unit of one year's figure.
std::string yearly_unit(const std::string& unit) {
  const std::string suffix = "/year";
  return unit.ends_with(suffix) ? unit.substr(0, unit.size() - suffix.size()) : unit;
}

double workers_in(const Model& model) {
  double workers = 0;
  for (std::size_t g = 0; g < model.segments.size(); ++g)
    workers += model.segments[g].workers * static_cast<double>(model.segment_entities[g]);
  return workers;
}

std::vector<double> entities_by_size_class(const Model& model) {
  std::vector<double> out(model.scenario->size_classes.size(), 0.0);
  for (std::size_t g = 0; g < model.segments.size(); ++g)
    out[model.segments[g].size_class] += static_cast<double>(model.segment_entities[g]);
  return out;
}

}  // namespace

Bounds bounds_of_unit(const std::string& unit) {
  if (unit == "share" || unit == "share/year") return Bounds::share;
  if (unit.ends_with("/year") && !unit.starts_with("worker-years")) return Bounds::count;
  return Bounds::non_negative;
}

const std::vector<MetricInfo>& global_metrics() {
  static const std::vector<MetricInfo> list = infos(global_table());
  return list;
}

const std::vector<MetricInfo>& violation_metrics() {
  static const std::vector<MetricInfo> list = infos(violation_table());
  return list;
}

const std::vector<MetricInfo>& yearly_metrics() {
  static const std::vector<MetricInfo> list = [] {
    std::vector<MetricInfo> out;
    for (const GlobalMetric* m : yearly_table())  // a year's count is still a count: bounds from the yearly rate's unit
      out.push_back({m->info.name, yearly_unit(m->info.unit),
                     m->yearly_definition.empty() ? m->info.definition : m->yearly_definition,
                     bounds_of_unit(m->info.unit)});
    return out;
  }();
  return list;
}

const std::vector<MetricInfo>& size_class_metrics() {
  static const std::vector<MetricInfo> list = infos(size_class_table());
  return list;
}

std::size_t metric_index(const std::vector<MetricInfo>& list, const std::string& name) {
  for (std::size_t i = 0; i < list.size(); ++i)
    if (list[i].name == name) return i;
  throw std::out_of_range("no metric named '" + name + "'");
}

Metrics compute_metrics(const Model& model, const ReplicationCounts& c) {
  const double entities = static_cast<double>(model.entity_count());
  const double workers = workers_in(model);

  YearCounts total;
  total.types.resize(model.violation_count);
  double coverage_sum = 0;
  for (const YearCounts& y : c.years) {
    total += y;
    coverage_sum += y.entities_visited / entities;
  }
  const Inspectorate& staff = model.scenario->inspectorate;
  const Tally whole{total,
                    static_cast<double>(c.years.size()),
                    entities,
                    workers,
                    model.scenario->employed,
                    coverage_sum,
                    c.complaint_backlog,
                    staff.working_days_per_year,
                    staff.inspection_time_share,
                    model.scenario->violations};

  Metrics m;
  for (const GlobalMetric& metric : global_table()) m.global.push_back(metric.value(whole));
  for (const TypeYearCounts& type : total.types) {
    std::vector<double>& row = m.by_violation.emplace_back();
    for (const ViolationMetric& metric : violation_table()) row.push_back(metric.value(type, whole));
  }
  const std::vector<double> class_entities = entities_by_size_class(model);
  for (std::size_t s = 0; s < class_entities.size(); ++s) {
    SizeClassTally tally{{}, class_entities[s], whole.years};
    for (const YearCounts& y : c.years) tally.counts += y.size_classes[s];
    std::vector<double>& row = m.by_size_class.emplace_back();
    for (const SizeClassMetric& metric : size_class_table()) row.push_back(metric.value(tally));
  }
  for (const YearCounts& y : c.years) {
    const Tally year{y,
                     1.0,
                     entities,
                     workers,
                     model.scenario->employed,
                     y.entities_visited / entities,
                     c.complaint_backlog,
                     staff.working_days_per_year,
                     staff.inspection_time_share,
                     model.scenario->violations};
    std::vector<double>& row = m.yearly.emplace_back();
    for (const GlobalMetric* metric : yearly_table()) row.push_back(metric->value(year));
  }
  return m;
}

}  // namespace inspectsim
