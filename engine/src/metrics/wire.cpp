// Metrics, yearly sums and folded blocks as flat lists of numbers, to send between processes (MPI) and back: each list
// is its length followed by its values, each table its row count followed by its rows.

#include <stdexcept>

#include "inspectsim/metrics/metrics.hpp"
#include "inspectsim/metrics/yearly_sums.hpp"

namespace inspectsim {

namespace {

void append_values(const std::vector<double>& row, std::vector<double>& values) {
  values.push_back(static_cast<double>(row.size()));
  values.insert(values.end(), row.begin(), row.end());
}

void append_table(const std::vector<std::vector<double>>& table, std::vector<double>& values) {
  values.push_back(static_cast<double>(table.size()));
  for (const std::vector<double>& row : table) append_values(row, values);
}

double read(const std::vector<double>& values, std::size_t& position) {
  if (position >= values.size()) throw std::runtime_error("metrics values end early");
  return values[position++];
}

std::size_t read_count(const std::vector<double>& values, std::size_t& position) {
  return static_cast<std::size_t>(read(values, position));
}

std::vector<double> read_values(const std::vector<double>& values, std::size_t& position) {
  const std::size_t n = read_count(values, position);
  if (position + n > values.size()) throw std::runtime_error("metrics values end early");
  std::vector<double> row(values.begin() + static_cast<std::ptrdiff_t>(position),
                          values.begin() + static_cast<std::ptrdiff_t>(position + n));
  position += n;
  return row;
}

std::vector<std::vector<double>> read_table(const std::vector<double>& values, std::size_t& position) {
  std::vector<std::vector<double>> table(read_count(values, position));
  for (std::vector<double>& row : table) row = read_values(values, position);
  return table;
}

}  // namespace

void append_metrics_values(const Metrics& m, std::vector<double>& values) {
  append_values(m.global, values);
  append_table(m.by_violation, values);
  append_table(m.yearly, values);
  append_table(m.by_size_class, values);
}

Metrics metrics_from_values(const std::vector<double>& values, std::size_t& position) {
  Metrics m;
  m.global = read_values(values, position);
  m.by_violation = read_table(values, position);
  m.yearly = read_table(values, position);
  m.by_size_class = read_table(values, position);
  return m;
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
  const auto years = read_count(values, position);
  const auto metrics = read_count(values, position);
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

void append_block_values(const FoldedBlock& block, std::vector<double>& values) {
  for (std::size_t m = 0; m < block.each.size(); ++m) {
    values.push_back(static_cast<double>(block.each[m].size()));
    for (const Metrics& metrics : block.each[m]) append_metrics_values(metrics, values);
    append_yearly_sums_values(block.sums[m], values);
  }
  if (block.each.size() == 2) append_yearly_sums_values(block.differences, values);
}

FoldedBlock block_from_values(const std::vector<double>& values, std::size_t& position, std::size_t members) {
  FoldedBlock block(members);
  for (std::size_t m = 0; m < members; ++m) {
    const std::size_t count = read_count(values, position);
    for (std::size_t r = 0; r < count; ++r) block.each[m].push_back(metrics_from_values(values, position));
    block.sums[m] = yearly_sums_from_values(values, position);
  }
  if (members == 2) block.differences = yearly_sums_from_values(values, position);
  return block;
}

}  // namespace inspectsim
