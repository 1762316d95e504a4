#include "inspectsim/stats/closed_forms.hpp"

#include <algorithm>
#include <cmath>

namespace inspectsim::closed_form {

double erlang_c(int servers, double a) {
  // Erlang B by its stable recursion, then C = c B / (c - a (1 - B)).
  double b = 1.0;
  for (int k = 1; k <= servers; ++k) b = a * b / (k + a * b);
  const double c = servers;
  return c * b / (c - a * (1.0 - b));
}

double mmc_mean_wait(int servers, double arrival_rate, double service_rate) {
  return erlang_c(servers, arrival_rate / service_rate) / (servers * service_rate - arrival_rate);
}

double two_state_prevalence(double onset_rate, double mean_duration) {
  return onset_rate / (onset_rate + 1.0 / mean_duration);
}

double detected_share(double visit_rate, double d, double p, double mean_duration) {
  const double finding_rate = visit_rate * d * (1.0 - p);
  return finding_rate / (finding_rate + 1.0 / mean_duration);
}

double coverage_with_replacement(double visits, double entities) {
  return 1.0 - std::pow(1.0 - 1.0 / entities, visits);
}

double coverage_distinct(double visits, double entities) { return std::min(1.0, visits / entities); }

}  // namespace inspectsim::closed_form
