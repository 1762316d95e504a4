#pragma once
/// @file
/// Textbook results the simulator must reproduce when a scenario reduces to them.

namespace inspectsim::closed_form {

/// Erlang C: the probability an arrival waits in an M/M/c queue with offered load a = lambda/mu < c.
double erlang_c(int servers, double offered_load);

/// M/M/c mean wait in queue W_q = C(c, a) / (c mu - lambda), in the time unit of the rates.
double mmc_mean_wait(int servers, double arrival_rate, double service_rate);

/// Two-state Markov chain (onset rate a, mean duration T): the time share spent in violation, a / (a + 1/T).
double two_state_prevalence(double onset_rate, double mean_duration);

/// Share of episodes found when visits come as a Poisson process of rate r, each finds an
/// active violation with probability d (times 1 - p if hidden with probability p), and a find
/// ends the episode at once: r d (1-p) / (r d (1-p) + 1/T).
double detected_share(double visit_rate, double detection_probability, double concealment_probability,
                      double mean_duration);

/// Share of N entities visited at least once by K visits whose entities are drawn independently
/// and uniformly: 1 - (1 - 1/N)^K.
double coverage_with_replacement(double visits, double entities);

/// Share of N entities visited by K visits to distinct entities: K / N (at most 1).
double coverage_distinct(double visits, double entities);

}  // namespace inspectsim::closed_form
