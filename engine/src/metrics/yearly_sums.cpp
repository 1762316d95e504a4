#include "inspectsim/metrics/yearly_sums.hpp"

#include <algorithm>

#include "inspectsim/scenario/scenario.hpp"

namespace inspectsim {

namespace {

/// Cells sized like `yearly` on first use (every replication of a run has the same shape).
void shape_like(std::vector<std::vector<RunningMoments>>& cells, const std::vector<std::vector<double>>& yearly) {
  if (!cells.empty()) return;
  cells.resize(yearly.size());
  for (std::size_t y = 0; y < yearly.size(); ++y) cells[y].resize(yearly[y].size());
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

FoldedBlock fold_block(std::vector<Metrics> results, std::size_t members) {
  FoldedBlock block(members);
  for (std::size_t j = 0; j + members <= results.size(); j += members) {
    for (std::size_t m = 0; m < members; ++m) block.sums[m].add(results[j + m].yearly);
    if (members == 2) block.differences.add_difference(results[j].yearly, results[j + 1].yearly);
    for (std::size_t m = 0; m < members; ++m) {
      results[j + m].yearly = {};
      block.each[m].push_back(std::move(results[j + m]));
    }
  }
  return block;
}

}  // namespace inspectsim
