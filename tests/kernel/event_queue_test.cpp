// The pending-event set: earliest time first, ties in the order they were scheduled.

#include "inspectsim/kernel/event_queue.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <map>
#include <utility>
#include <vector>

#include "inspectsim/kernel/random.hpp"

namespace inspectsim {
namespace {

Event event_at(double time_days, std::uint32_t target = 0) {
  Event e;
  e.time_days = time_days;
  e.target = target;
  return e;
}

/// Pops everything, returning the events in the order they came out.
std::vector<Event> drain(EventQueue& q) {
  std::vector<Event> out;
  while (!q.empty()) out.push_back(q.pop());
  return out;
}

TEST(EventQueue, PopsInTimeOrder) {
  EventQueue q;
  const std::vector<double> times{5.0, 1.5, 9.25, 0.0, 3.0, 7.5, 2.0, 8.0, 4.0, 6.0};
  for (std::size_t i = 0; i < times.size(); ++i) q.push(event_at(times[i], static_cast<std::uint32_t>(i)));
  EXPECT_EQ(q.size(), times.size());
  EXPECT_EQ(q.top().time_days, 0.0);

  const std::vector<Event> out = drain(q);
  ASSERT_EQ(out.size(), times.size());
  for (std::size_t i = 1; i < out.size(); ++i) EXPECT_LT(out[i - 1].time_days, out[i].time_days) << "pop " << i;
  for (const Event& e : out) EXPECT_EQ(e.time_days, times[e.target]) << "payload travels with its time";
}

TEST(EventQueue, TiesPopInInsertionOrder) {
  EventQueue q;
  // Interleave two time points so heap moves cannot leave the ties in order by accident.
  for (std::uint32_t i = 0; i < 50; ++i) q.push(event_at(i % 2 == 0 ? 3.0 : 1.0, i));
  const std::vector<Event> out = drain(q);
  ASSERT_EQ(out.size(), 50u);
  std::vector<std::uint32_t> expected;
  for (std::uint32_t i = 1; i < 50; i += 2) expected.push_back(i);  // time 1.0 first, in push order
  for (std::uint32_t i = 0; i < 50; i += 2) expected.push_back(i);  // then time 3.0
  for (std::size_t i = 0; i < out.size(); ++i) {
    EXPECT_EQ(out[i].target, expected[i]) << "pop " << i;
    if (i > 0 && out[i].time_days == out[i - 1].time_days) {
      EXPECT_LT(out[i - 1].sequence, out[i].sequence);
    }
  }
}

TEST(EventQueue, TieOrderIsTheSameOnEveryRun) {
  const auto run = [] {
    EventQueue q;
    RandomStream rng(7, 0, 0, purpose_word(test_purpose), 0);
    for (std::uint32_t i = 0; i < 1000; ++i)
      q.push(event_at(static_cast<double>(static_cast<int>(rng.uniform() * 10)), i));
    std::vector<std::uint32_t> order;
    while (!q.empty()) order.push_back(q.pop().target);
    return order;
  };
  EXPECT_EQ(run(), run());
}

TEST(EventQueue, PushBulkThenPushesInterleave) {
  EventQueue q;
  std::vector<Event> bulk;
  for (std::uint32_t i = 0; i < 20; ++i) bulk.push_back(event_at(static_cast<double>(20 - i), i));  // 20, 19, ..., 1
  bulk.push_back(event_at(10.0, 100));  // a tie inside the bulk
  q.push_bulk(bulk);
  EXPECT_EQ(q.size(), 21u);
  for (std::size_t i = 1; i < bulk.size(); ++i)
    EXPECT_LT(bulk[i - 1].sequence, bulk[i].sequence) << "bulk numbered in order";

  q.push(event_at(10.0, 200));  // ties with two bulk events: must come after both
  q.push(event_at(0.5, 201));   // before everything
  q.push(event_at(20.5, 202));  // after everything

  const std::vector<Event> out = drain(q);
  ASSERT_EQ(out.size(), 24u);
  EXPECT_EQ(out.front().target, 201u);
  EXPECT_EQ(out.back().target, 202u);
  for (std::size_t i = 1; i < out.size(); ++i) EXPECT_LE(out[i - 1].time_days, out[i].time_days);

  std::vector<std::uint32_t> at_ten;
  for (const Event& e : out)
    if (e.time_days == 10.0) at_ten.push_back(e.target);
  EXPECT_EQ(at_ten, (std::vector<std::uint32_t>{10, 100, 200}));  // bulk element 10 has time 20 - 10
}

TEST(EventQueue, PushBulkAfterPushesKeepsEarlierEventsFirstOnTies) {
  EventQueue q;
  q.push(event_at(4.0, 1));
  q.push(event_at(2.0, 2));
  std::vector<Event> bulk{event_at(4.0, 3), event_at(1.0, 4), event_at(2.0, 5)};
  q.push_bulk(bulk);
  std::vector<std::uint32_t> order;
  for (const Event& e : drain(q)) order.push_back(e.target);
  EXPECT_EQ(order, (std::vector<std::uint32_t>{4, 2, 5, 1, 3}));
}

TEST(EventQueue, RandomStressMatchesAMultimapReference) {
  // 100,000 random operations; times are coarse (multiples of 1/8) so ties are frequent,
  // and scheduled at or after the current clock as a simulation would.
  using Key = std::pair<double, std::uint64_t>;  // (time, insertion order)
  std::multimap<Key, std::uint32_t> reference;
  EventQueue q;
  RandomStream rng(2024, 1, 0, purpose_word(test_purpose), 0);
  std::uint64_t inserted = 0;
  std::uint32_t next_id = 0;
  double clock = 0.0;
  int pops = 0;

  const auto check_pop = [&] {
    ASSERT_FALSE(q.empty());
    ASSERT_EQ(q.top().time_days, reference.begin()->first.first);
    const Event e = q.pop();
    const auto expected = reference.begin();
    ASSERT_EQ(e.time_days, expected->first.first) << "pop " << pops;
    ASSERT_EQ(e.target, expected->second) << "pop " << pops << " at time " << e.time_days;
    ASSERT_GE(e.time_days, clock) << "the clock went backwards at pop " << pops;
    clock = e.time_days;
    reference.erase(expected);
    ++pops;
  };

  for (int op = 0; op < 100'000; ++op) {
    const double u = rng.uniform();
    if (reference.empty() || u < 0.55) {
      const double time = clock + std::floor(rng.uniform() * 64.0) / 8.0;
      if (rng.uniform() < 0.05) {  // now and then a small batch through push_bulk
        std::vector<Event> batch;
        const int n = 1 + static_cast<int>(rng.uniform() * 16);
        for (int i = 0; i < n; ++i) {
          const double t = clock + std::floor(rng.uniform() * 64.0) / 8.0;
          batch.push_back(event_at(t, next_id));
          reference.emplace(Key{t, inserted++}, next_id++);
        }
        q.push_bulk(batch);
      } else {
        q.push(event_at(time, next_id));
        reference.emplace(Key{time, inserted++}, next_id++);
      }
    } else {
      check_pop();
      if (::testing::Test::HasFatalFailure()) return;
    }
    ASSERT_EQ(q.size(), reference.size());
  }
  while (!reference.empty()) {
    check_pop();
    if (::testing::Test::HasFatalFailure()) return;
  }
  EXPECT_TRUE(q.empty());
  EXPECT_GT(pops, 40'000);  // the mix really exercised both operations
}

TEST(EventQueue, ClockIsMonotoneWhenHandlersScheduleAhead) {
  // A hold model: each popped event schedules one successor a random delay later.
  EventQueue q;
  RandomStream rng(11, 2, 0, purpose_word(test_purpose), 0);
  for (std::uint32_t i = 0; i < 1000; ++i) q.push(event_at(rng.exponential(1.0), i));
  double clock = 0.0;
  for (int step = 0; step < 200'000; ++step) {
    const Event e = q.pop();
    ASSERT_GE(e.time_days, clock) << "step " << step;
    clock = e.time_days;
    q.push(event_at(clock + rng.exponential(1.0), e.target));
  }
  EXPECT_EQ(q.size(), 1000u);
  EXPECT_GT(clock, 0.0);
}

TEST(EventQueue, ReplaceTopPopsLikePopThenPush) {
  EventQueue fused, separate;
  RandomStream rng(9, 0, 0, purpose_word(test_purpose), 3);
  std::vector<Event> bulk;
  for (std::uint32_t i = 0; i < 500; ++i)
    bulk.push_back(event_at(static_cast<double>(static_cast<int>(rng.uniform() * 50)), i));
  std::vector<Event> copy = bulk;
  fused.push_bulk(bulk);
  separate.push_bulk(copy);
  for (std::uint32_t i = 0; i < 5000; ++i) {
    // Whole-number times: many ties, so the sequence numbers decide often.
    const Event next = event_at(fused.top().time_days + static_cast<int>(rng.uniform() * 20), 1000 + i);
    const Event a = fused.replace_top(next);
    const Event b = separate.pop();
    separate.push(next);
    ASSERT_EQ(a.time_days, b.time_days) << "step " << i;
    ASSERT_EQ(a.target, b.target) << "step " << i;
    ASSERT_EQ(a.sequence, b.sequence) << "step " << i;
  }
  const std::vector<Event> rest_a = drain(fused), rest_b = drain(separate);
  ASSERT_EQ(rest_a.size(), rest_b.size());
  for (std::size_t i = 0; i < rest_a.size(); ++i) EXPECT_EQ(rest_a[i].target, rest_b[i].target) << "pop " << i;
}

TEST(EventQueue, NextAfterTopIsWhatPopLeavesOnTop) {
  EventQueue q;
  RandomStream rng(9, 0, 0, purpose_word(test_purpose), 4);
  EXPECT_EQ(q.next_after_top(), nullptr);
  q.push(event_at(1.0, 0));
  EXPECT_EQ(q.next_after_top(), nullptr);  // the top alone
  for (std::uint32_t i = 1; i < 300; ++i)
    q.push(event_at(static_cast<double>(static_cast<int>(rng.uniform() * 30)), i));
  while (q.size() > 1) {
    const Event* next = q.next_after_top();
    ASSERT_NE(next, nullptr);
    const std::uint32_t expected = next->target;  // ties in time too: the earlier pushed
    q.pop();
    ASSERT_EQ(q.top().target, expected) << q.size() << " left";
  }
  EXPECT_EQ(q.next_after_top(), nullptr);
}

}  // namespace
}  // namespace inspectsim
