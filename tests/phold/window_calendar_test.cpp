// WindowCalendar: events filed by window come back from that window only, chunks are reused,
// and earliest() tracks the first non-empty window.

#include "phold/window_calendar.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <vector>

namespace inspectsim {
namespace {

struct Item {
  std::uint64_t id;
  std::uint64_t pad[2];  // 24 bytes, like the kernel's events
};

std::vector<std::uint64_t> ids_in(const WindowCalendar<Item>& c, std::uint32_t window) {
  std::vector<std::uint64_t> ids;
  c.for_each(window, [&](const Item& i) { ids.push_back(i.id); });
  std::sort(ids.begin(), ids.end());
  return ids;
}

TEST(WindowCalendar, EachWindowGivesBackWhatWasFiledThere) {
  WindowCalendar<Item> c(10);
  EXPECT_EQ(c.earliest(), 10u);
  // Enough in window 3 to span several chunks.
  std::vector<std::uint64_t> three;
  for (std::uint64_t i = 0; i < 1000; ++i) {
    c.add(3, Item{i, {}});
    three.push_back(i);
  }
  c.add(7, Item{5000, {}});
  c.add(5, Item{6000, {}});
  EXPECT_EQ(c.earliest(), 3u);
  EXPECT_EQ(c.size(3), 1000u);
  EXPECT_EQ(ids_in(c, 3), three);
  EXPECT_EQ(ids_in(c, 5), std::vector<std::uint64_t>{6000});
  EXPECT_TRUE(ids_in(c, 4).empty());

  c.clear(3);
  EXPECT_EQ(c.size(3), 0u);
  EXPECT_TRUE(ids_in(c, 3).empty());
  EXPECT_EQ(c.earliest(), 5u);
  c.add(4, Item{7000, {}});  // before earliest: earliest moves back
  EXPECT_EQ(c.earliest(), 4u);
  c.clear(4);
  c.clear(5);
  EXPECT_EQ(c.earliest(), 7u);
  c.clear(7);
  EXPECT_EQ(c.earliest(), 10u);
}

TEST(WindowCalendar, ClearedChunksServeLaterWindowsIntact) {
  // Fill, clear and refill windows in a rolling pattern, as the kernel does, and check that
  // nothing leaks from a cleared window into the window that reuses its chunks.
  WindowCalendar<Item> c(100);
  std::uint64_t next_id = 0;
  std::vector<std::vector<std::uint64_t>> expected(100);
  for (std::uint32_t w = 0; w < 100; ++w) {
    for (std::uint32_t ahead = 1; ahead <= 5 && w + ahead < 100; ++ahead)
      for (int k = 0; k < 200; ++k) {
        c.add(w + ahead, Item{next_id, {}});
        expected[w + ahead].push_back(next_id++);
      }
    ASSERT_EQ(ids_in(c, w), expected[w]) << "window " << w;
    c.clear(w);
  }
  EXPECT_EQ(c.earliest(), 100u);
}

}  // namespace
}  // namespace inspectsim
