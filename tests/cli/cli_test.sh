#!/usr/bin/env bash
# Command-line tests: run, compare, validate, exit codes, messages, output files.
# Usage: cli_test.sh INSPECTSIM SOURCE_DIR
set -u
bin=$1
src=$2
small="$src/tests/data/small.yaml"
source "$(dirname "$0")/lib.sh"

# run: table, json, csv
check "run table" expect_exit 0 "$bin" run "$small" --replications 3 --years 1
check "run table has metrics" contains "$work/out" "detected_share"
check "run json" expect_exit 0 "$bin" run "$small" -r 3 --years 1 --format json
check "run json keys" contains "$work/out" '"ci95"'
check "run json is valid" /usr/bin/python3 -c "import json,sys; d=json.load(open('$work/out')); assert d['replications']==3 and d['years']==1 and 'inspections' in d['metrics']"
check "run csv" expect_exit 0 "$bin" run "$small" -r 3 --years 1 --format csv
check "run csv header" contains "$work/out" "scope,metric,unit,mean,ci_low,ci_high"

# --output writes the file, and threads do not change it
check "run output file" expect_exit 0 "$bin" run "$small" -r 4 --years 1 -f json -o "$work/one.json" --threads 1
check "run output file 2 threads" expect_exit 0 "$bin" run "$small" -r 4 --years 1 -f json -o "$work/two.json" --threads 2
check "output identical across threads" cmp -s "$work/one.json" "$work/two.json"
check "stdout empty with --output" test ! -s "$work/out"
check "no temporary files left" test "$(ls -A "$work" | grep -c tmp)" -eq 0

# compare
check "compare" expect_exit 0 "$bin" compare "$small" "$small" -r 3 --years 1 --set policy.notice=unannounced
check "compare table" contains "$work/out" "95% CI of difference"
check "compare json" expect_exit 0 "$bin" compare "$small" "$small" -r 3 --years 1 -f json
check "compare json keys" /usr/bin/python3 -c "import json; d=json.load(open('$work/out')); assert set(['base','variant','difference']) <= set(d)"

# validate
check "validate ok" expect_exit 0 "$bin" validate "$small"
check "validate says ok" contains "$work/out" "ok"
# validate --set: each file checked with the overrides, as run would load it
check "validate --set ok" expect_exit 0 "$bin" validate "$small" --set inspectors=123
check "validate --set is applied" contains "$work/out" "ok .* 123 inspectors"
check "validate --set bad value exit 2" expect_exit 2 "$bin" validate "$small" --set policy.notice.days=-3
check "validate --set bad value message" contains "$work/err" "--set policy.notice.days=-3: policy.notice.days: expected"
check "validate --set without = exit 2" expect_exit 2 "$bin" validate "$small" --set inspectors

# bad input: exit 2 with file, line, key and what was expected
printf 'name: bad\nextends: %s\npolicy:\n  notice:\n    days: -3\n' "$small" > "$work/bad_range.yaml"
check "out of range exit 2" expect_exit 2 "$bin" run "$work/bad_range.yaml"
check "out of range message" contains "$work/err" "bad_range.yaml:5:.*policy.notice.days: expected days in \[0, 365\], found '-3'"
printf 'extends: %s\ninspectorate:\n  inspectors: many\n' "$small" > "$work/bad_type.yaml"
check "wrong type exit 2" expect_exit 2 "$bin" validate "$work/bad_type.yaml"
check "wrong type message" contains "$work/err" "bad_type.yaml:3:.*inspectorate.inspectors: expected a whole number"
printf 'extends: %s\ncomplaints:\n  awarenes: 0.5\n' "$small" > "$work/bad_key.yaml"
check "unknown key exit 2" expect_exit 2 "$bin" run "$work/bad_key.yaml"
check "unknown key message" contains "$work/err" "bad_key.yaml:3:.*unknown key 'awarenes' (did you mean 'awareness'?)"
printf 'name: [unclosed\n' > "$work/bad_syntax.yaml"
check "syntax error exit 2" expect_exit 2 "$bin" run "$work/bad_syntax.yaml"
check "syntax error message" contains "$work/err" "bad_syntax.yaml:.*YAML syntax error"
check "missing file exit 2" expect_exit 2 "$bin" run "$work/nope.yaml"
check "bad --set exit 2" expect_exit 2 "$bin" run "$small" --set policy.notice=sometimes
check "bad --set message" contains "$work/err" "expected 'unannounced' or 'prior', found 'sometimes'"
printf 'extends: %s\npolicy:\n  plan: {mode: capacity, pacing: even}\n' "$small" > "$work/bad_plan.yaml"
check "capacity plan with even pacing exit 2" expect_exit 2 "$bin" validate "$work/bad_plan.yaml"
check "capacity plan with even pacing message" contains "$work/err" "bad_plan.yaml:3:.*policy.plan.pacing: expected pacing: asap with mode: capacity"
check "bad plan mode exit 2" expect_exit 2 "$bin" run "$small" --set policy.plan.mode=sometimes
check "bad plan mode message" contains "$work/err" "policy.plan.mode: expected 'fixed' or 'capacity', found 'sometimes'"
# plausible ranges: checked like values, counted by validate
printf 'extends: %s\ncomplaints:\n  awareness: {value: 0.4, assumption: a guess, range: [0.6, 0.2]}\n' "$small" > "$work/bad_plausible.yaml"
check "range with low > high exit 2" expect_exit 2 "$bin" validate "$work/bad_plausible.yaml"
check "range with low > high message" contains "$work/err" "bad_plausible.yaml:3:.*complaints.awareness.range: expected \[low, high\] with low <= high, found \[0.6, 0.2\]"
printf 'extends: %s\ncomplaints:\n  awareness: {value: 0.4, assumption: a, distribution: {shape: beta, low: 0.2, high: 0.6}}\n' "$small" > "$work/bad_shape.yaml"
check "unknown distribution exit 2" expect_exit 2 "$bin" validate "$work/bad_shape.yaml"
check "unknown distribution message" contains "$work/err" "bad_shape.yaml:3:.*complaints.awareness.distribution.shape: expected 'uniform', 'triangular' or 'lognormal', found 'beta'"
printf 'extends: %s\ncomplaints:\n  awareness: {value: 0.4, assumption: a guess, range: [0.2, 0.6]}\n  rate_per_exposed_worker_year: {value: 0.02, assumption: a guess}\n' "$small" > "$work/ranged.yaml"
check "ranged validate ok" expect_exit 0 "$bin" validate "$work/ranged.yaml"
check "validate counts ranged, default-ranged and fixed" contains "$work/out" "1 ranged, 1 default-ranged, [0-9]* fixed"
check "bad usage exit 2" expect_exit 2 "$bin" run
check "bad format exit 2" expect_exit 2 "$bin" run "$small" --format xml
check "no command exit 2" expect_exit 2 "$bin"

# bad input, more cases (tests/scenario/bad_input_test.cpp has them all at the library level)
printf 'extends: %s\nsegments:\n  - {name: farms, size_class: small}\n' "$small" > "$work/no_entities.yaml"
check "missing required key exit 2" expect_exit 2 "$bin" validate "$work/no_entities.yaml"
check "missing required key message" contains "$work/err" "no_entities.yaml:3:5: segments.farms.entities: missing: expected"
printf 'extends: %s\nsegments:\n  - {name: shops, entities: 1000000000000}\n' "$small" > "$work/huge.yaml"
check "absurd size exit 2" expect_exit 2 "$bin" run "$work/huge.yaml" -o "$work/huge.json"
check "absurd size names the count" contains "$work/err" "huge.yaml:3:29: segments.shops.entities: found 1000000000000 here"
check "absurd size says the memory" contains "$work/err" "the run would need about [0-9.]* GB: .*expected at most 80% of the [0-9.]* GB this process may use"
check "absurd size writes nothing" test ! -e "$work/huge.json"
check "absurd size from --set" expect_exit 2 "$bin" run "$small" --set segments.shops.entities=1000000000000
check "absurd size from --set names it" contains "$work/err" "^error: --set segments.shops.entities=1000000000000: segments.shops.entities"
printf 'extends: loop_b.yaml\n' > "$work/loop_a.yaml"
printf 'name: b\nextends: loop_a.yaml\n' > "$work/loop_b.yaml"
check "extends cycle exit 2" expect_exit 2 "$bin" run "$work/loop_a.yaml"
check "extends cycle message" contains "$work/err" "loop_b.yaml:2:10: extends: expected a chain of bases without cycles"
printf 'extends: %s\nregions:\n  - {name: north, inspector_share: 0.6}\n' "$small" > "$work/shares.yaml"
check "shares not summing to 1 exit 2" expect_exit 2 "$bin" validate "$work/shares.yaml"
check "shares not summing to 1 message" contains "$work/err" "shares.yaml:3:3: regions.\*.inspector_share: expected shares that sum to 1 over the regions, found 1.1"
printf 'extends: %s\nviolations:\n  - {name: wage_arrears, detection_probability: .nan}\n' "$small" > "$work/nan.yaml"
check "NaN probability exit 2" expect_exit 2 "$bin" run "$work/nan.yaml"
check "NaN probability message" contains "$work/err" "nan.yaml:3:49: violations.wage_arrears.detection_probability: expected a probability in \[0, 1\], found '.nan'"
check "every bad file of a validate is reported" expect_exit 2 "$bin" validate "$work/nan.yaml" "$small" "$work/shares.yaml"
check "validate reports the first bad file" contains "$work/err" "nan.yaml"
check "validate reports the second bad file" contains "$work/err" "shares.yaml"
check "validate still checks the good file" contains "$work/out" "^ok .*small.yaml"

# names that would rewrite the terminal, names given twice, extends: chains too deep: exit 2
printf 'extends: %s\ntitle: "\\e]0;pwned\\a\\e[2J"\n' "$small" > "$work/escape.yaml"
check "escape sequence in a title exit 2" expect_exit 2 "$bin" run "$work/escape.yaml"
check "escape sequence in a title message" contains "$work/err" "escape.yaml:2:8: title: expected a name without control characters"
check "the message carries no escape sequence" test "$(grep -c $'\e' "$work/err")" -eq 0
check "escape sequence in --set exit 2" expect_exit 2 "$bin" run "$small" --set "name=\"a\\e[31mb\""
check "escape sequence in --set message" contains "$work/err" 'name: expected a name without control characters (they can rewrite a terminal), found byte 0x1B at position 2'
printf 'extends: %s\nviolations:\n  - {name: theft, onset_rate_per_year: 0.1}\n  - {name: theft, onset_rate_per_year: 0.2}\n' "$small" > "$work/twice.yaml"
check "duplicate name exit 2" expect_exit 2 "$bin" validate "$work/twice.yaml"
check "duplicate name message" contains "$work/err" "twice.yaml:4:5: violations.theft: duplicate name 'theft' (first at line 3)"
for i in $(seq 0 199); do echo "extends: deep$((i + 1)).yaml" > "$work/deep$i.yaml"; done
cp "$small" "$work/deep200.yaml"
check "extends chain too deep exit 2" expect_exit 2 "$bin" run "$work/deep0.yaml"
check "extends chain too deep message" contains "$work/err" "deep63.yaml:1:10: extends: expected a chain of at most 64 bases"

# an --output that cannot be written is refused before the run, not after it
check "output in a missing directory exit 2" expect_exit 2 "$bin" run "$small" -r 2 --years 1 -o "$work/no/such/dir/x.json"
check "output in a missing directory message" contains "$work/err" "expected a file in an existing directory"
check "output that is a directory exit 2" expect_exit 2 "$bin" run "$small" -r 2 --years 1 -o "$work"
check "output that is a directory message" contains "$work/err" "expected a file name, found a directory"

# one resource budget: a run that would not fit the address space is refused before it starts
# (exit 2, naming the key and the limit) instead of dying of std::bad_alloc
scale="$src/scenarios/scale/ten_million.yaml"
if ! sanitizer_build "$bin"; then
  # (a model this large holds one replication at a time whatever -j: its regions share the threads)
  check "over the address space exit 2" expect_exit 2 bash -c "ulimit -v 500000; exec '$bin' run '$scale' -j 2"
  check "over the address space message" contains "$work/err" "ten_million.yaml:[0-9]*:[0-9]*: segments.trade-micro.entities: found 6000000 here: the run would need about 0.5.* GB.*1 replication held at once (large: its regions share the threads).*RLIMIT_AS.*Fewer replications, regions or entities fit"
  check "validate sees the budget exit 2" expect_exit 2 bash -c "ulimit -v 500000; exec '$bin' validate '$scale'"
  check "validate names the estimate" contains "$work/err" "the run would need about"
fi
# a million replications of 200 years keep running sums of their yearly metrics: about 2 GB, where
# every replication's yearly metrics (30 GB) were refused
printf 'extends: %s\nsimulation: {replications: 1000000, years: 200}\n' "$small" > "$work/million.yaml"
if ! sanitizer_build "$bin"; then
  check "a million replications of 200 years fit in 4 GB" expect_exit 0 bash -c "ulimit -v 4000000; exec '$bin' validate '$work/million.yaml'"
fi
check "validate says what a run needs" expect_exit 0 "$bin" validate "$small"
check "validate says what a run needs message" contains "$work/out" "a run needs about .* GB on [0-9]* threads\? and .* events a replication"
# memory linear in regions: 3,000 regions of one small segment ran out of 1.5 GB (each region
# held every region's queues: 2.8 GB); now a few megabytes
/usr/bin/python3 - "$small" "$work/many_regions.yaml" <<'PY'
import re, sys
text = open(sys.argv[1]).read()
regions = "".join(f"  - {{name: r{i}, entity_share: {1 / 3000!r}, inspector_share: {1 / 3000!r}}}\n" for i in range(3000))
text = re.sub(r"regions:\n(  - .*\n)+", "regions:\n" + regions, text).replace("inspectors: 10,", "inspectors: 3000,")
open(sys.argv[2], "w").write(text)
PY
if ! sanitizer_build "$bin"; then
  check "3,000 regions fit in 1.5 GB" expect_exit 0 bash -c "ulimit -v 1500000; exec '$bin' run '$work/many_regions.yaml' -r 2 --years 1 -j 2"
fi

# a failing run leaves no output file behind
check "bad run no output" expect_exit 2 "$bin" run "$work/bad_key.yaml" -o "$work/never.json"
check "no half-written output" test ! -e "$work/never.json"

finish "cli"
