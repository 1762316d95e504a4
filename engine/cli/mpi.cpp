#include "mpi.hpp"

#include <sched.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <thread>

#ifdef INSPECTSIM_WITH_MPI
#include <mpi.h>
#endif

namespace inspectsim::cli {

namespace {

/// Whether a launcher started this process as one of several ranks.
bool launched_by_mpi() {
  for (const char* name : {"OMPI_COMM_WORLD_SIZE", "PMIX_RANK", "PMI_RANK", "PMI_SIZE"})
    if (std::getenv(name)) return true;
  return false;
}

}  // namespace

#ifdef INSPECTSIM_WITH_MPI

MpiSession::MpiSession(int& argc, char**& argv) {
  if (!launched_by_mpi()) return;
  MPI_Init(&argc, &argv);
  initialised_ = true;
  MPI_Comm_rank(MPI_COMM_WORLD, &cluster_.rank);
  MPI_Comm_size(MPI_COMM_WORLD, &cluster_.size);
  // Ranks on one machine share its cores: each takes its part unless -j says otherwise.
  MPI_Comm node;
  MPI_Comm_split_type(MPI_COMM_WORLD, MPI_COMM_TYPE_SHARED, 0, MPI_INFO_NULL, &node);
  int on_node = 1;
  MPI_Comm_size(node, &on_node);
  MPI_Comm_free(&node);
  // A launcher that binds ranks to cores has already given each its share; otherwise divide.
  const int online = static_cast<int>(std::thread::hardware_concurrency());
  cpu_set_t allowed;
  const int usable = ::sched_getaffinity(0, sizeof allowed, &allowed) == 0 ? CPU_COUNT(&allowed) : online;
  default_threads_ = usable < online ? usable : std::max(1, online / on_node);
  cluster_.all_gather = [](const std::vector<double>& mine) {
    int size = 0;
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    const int count = static_cast<int>(mine.size());
    std::vector<int> counts(static_cast<std::size_t>(size)), offsets(static_cast<std::size_t>(size));
    MPI_Allgather(&count, 1, MPI_INT, counts.data(), 1, MPI_INT, MPI_COMM_WORLD);
    int total = 0;
    for (int r = 0; r < size; ++r) {
      offsets[static_cast<std::size_t>(r)] = total;
      total += counts[static_cast<std::size_t>(r)];
    }
    std::vector<double> all(static_cast<std::size_t>(total));
    MPI_Allgatherv(mine.data(), count, MPI_DOUBLE, all.data(), counts.data(), offsets.data(), MPI_DOUBLE,
                   MPI_COMM_WORLD);
    std::vector<std::vector<double>> by_rank(static_cast<std::size_t>(size));
    for (int r = 0; r < size; ++r) {
      const auto first = all.begin() + offsets[static_cast<std::size_t>(r)];
      by_rank[static_cast<std::size_t>(r)].assign(first, first + counts[static_cast<std::size_t>(r)]);
    }
    return by_rank;
  };
}

MpiSession::~MpiSession() {
  if (initialised_) MPI_Finalize();
}

#else

MpiSession::MpiSession(int&, char**&) {
  if (launched_by_mpi())
    std::fprintf(stderr,
                 "inspectsim: built without Open MPI (INSPECTSIM_MPI=OFF): every process the launcher started runs "
                 "the whole command on its own\n");
}

MpiSession::~MpiSession() = default;

#endif

}  // namespace inspectsim::cli
