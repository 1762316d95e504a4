#include "inspectsim/metrics/yearly_sums.hpp"

#include <algorithm>
#include <stdexcept>

#include "inspectsim/scenario/scenario.hpp"

namespace inspectsim {

namespace {

/// Cells sized like `yearly` on first use (every replication of a run has the same shape).
void shape_like(std::vector<std::vector<RunningMoments>>& cells, const std::vector<std::vector<double>>& yearly) {
  if (!cells.empty()) return;
  cells.resize(yearly.size());
  for (std::size_t y = 0; y < yearly.size(); ++y) cells[y].resize(yearly[y].size());
}

double read(const std::vector<double>& values, std::size_t& position) {
  if (position >= values.size()) throw std::runtime_error("yearly sums values end early");
  return values[position++];
}

}  // namespace

bool keeps_yearly_detail(const Scenario& scenario) {
  return static_cast<double>(scenario.simulation.replications) * scenario.simulation.years <=
         max_kept_replication_years;
}

int replications_folded_at_once(int threads) {
  const int blocks = std::max(1, (16 * std::max(1, threads) + replications_per_block - 1) / replications_per_block);
  return blocks * replications_per_block;
}

void YearlySums::add(const std::vector<std::vector<double>>& yearly) {
  shape_like(cells, yearly);
  for (std::size_t y = 0; y < yearly.size(); ++y)
    for (std::size_t i = 0; i < yearly[y].size(); ++i) cells[y][i].add(yearly[y][i]);
}

void YearlySums::add_difference(const std::vector<std::vector<double>>& base,
                                const std::vector<std::vector<double>>& variant) {
  shape_like(cells, base);
  for (std::size_t y = 0; y < base.size(); ++y)
    for (std::size_t i = 0; i < base[y].size(); ++i) cells[y][i].add(variant.at(y).at(i) - base[y][i]);
}

void YearlySums::merge(const YearlySums& later) {
  if (cells.empty()) {
    cells = later.cells;
    return;
  }
  for (std::size_t y = 0; y < cells.size() && y < later.cells.size(); ++y)
    for (std::size_t i = 0; i < cells[y].size() && i < later.cells[y].size(); ++i) cells[y][i].merge(later.cells[y][i]);
}

void append_yearly_sums_values(const YearlySums& sums, std::vector<double>& values) {
  values.push_back(static_cast<double>(sums.cells.size()));
  values.push_back(sums.cells.empty() ? 0.0 : static_cast<double>(sums.cells[0].size()));
  for (const std::vector<RunningMoments>& year : sums.cells)
    for (const RunningMoments& m : year)
      values.insert(values.end(), {static_cast<double>(m.n), m.mean, m.m2, m.lowest, m.highest});
}

YearlySums yearly_sums_from_values(const std::vector<double>& values, std::size_t& position) {
  YearlySums sums;
  const auto years = static_cast<std::size_t>(read(values, position));
  const auto metrics = static_cast<std::size_t>(read(values, position));
  sums.cells.assign(years, std::vector<RunningMoments>(metrics));
  for (std::vector<RunningMoments>& year : sums.cells)
    for (RunningMoments& m : year) {
      m.n = static_cast<int>(read(values, position));
      m.mean = read(values, position);
      m.m2 = read(values, position);
      m.lowest = read(values, position);
      m.highest = read(values, position);
    }
  return sums;
}

}  // namespace inspectsim
