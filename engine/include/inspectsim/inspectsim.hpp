#pragma once
/// @file
/// Everything a user of the inspectsim library needs: load -> build -> run -> summarise -> report.

#include "inspectsim/experiment/experiment.hpp"
#include "inspectsim/metrics/metric_name.hpp"
#include "inspectsim/metrics/metrics.hpp"
#include "inspectsim/simulation/replication.hpp"
#include "inspectsim/experiment/staffing.hpp"
#include "inspectsim/experiment/sweep.hpp"
#include "inspectsim/experiment/validation.hpp"
#include "inspectsim/model/model.hpp"
#include "inspectsim/report/report.hpp"
#include "inspectsim/report/staffing_report.hpp"
#include "inspectsim/report/sweep_report.hpp"
#include "inspectsim/scenario/error.hpp"
#include "inspectsim/scenario/loader.hpp"
#include "inspectsim/scenario/choices.hpp"
#include "inspectsim/scenario/scenario.hpp"
#include "inspectsim/stats/closed_forms.hpp"
#include "inspectsim/stats/sensitivity.hpp"
#include "inspectsim/metrics/summary.hpp"
