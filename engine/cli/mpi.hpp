#pragma once
// Runs across machines with Open MPI. This is the only place that calls MPI: with the CMake
// option INSPECTSIM_MPI off (or Open MPI absent) it compiles to a single-process stand-in.
//
// Every rank runs the same command on the same inputs; the experiment layer splits the
// replications into one contiguous block per rank and all-gathers the results (Cluster in
// experiment.hpp), so every rank holds the same numbers and rank 0 alone writes the output.

#include "inspectsim/experiment/experiment.hpp"

namespace inspectsim::cli {

/// MPI for the life of the command: initialised only when a launcher (mpirun, srun) started
/// the process, so a plain `inspectsim run` never touches MPI.
class MpiSession {
 public:
  MpiSession(int& argc, char**& argv);
  ~MpiSession();
  MpiSession(const MpiSession&) = delete;
  MpiSession& operator=(const MpiSession&) = delete;

  /// The cluster to pass in RunOptions, or nullptr when this is the only process.
  const Cluster* cluster() const { return cluster_.size > 1 ? &cluster_ : nullptr; }
  /// Whether this process prints (rank 0, or the only process).
  bool is_root() const { return cluster_.rank == 0; }
  /// Threads per rank when none are asked for: the cores shared by the ranks on this machine.
  int default_threads() const { return default_threads_; }

 private:
  Cluster cluster_;
  int default_threads_ = 0;
  bool initialised_ = false;
};

}  // namespace inspectsim::cli
