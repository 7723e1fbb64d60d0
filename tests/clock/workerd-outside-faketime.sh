#!/usr/bin/env bash
# workerd hangs at start under libfaketime, so under a faked suite every workerd is started through this script,
# without libfaketime; the Worker gets the suite's time from its CLOCK_OFFSET_MS binding instead (tests/clock/clock.ts).
set -euo pipefail
unset LD_PRELOAD FAKETIME FAKETIME_FMT FAKETIME_NO_CACHE DONT_FAKE_MONOTONIC FAKETIME_DONT_FAKE_MONOTONIC
exec "${ONESTOP_WORKERD:?ONESTOP_WORKERD names the workerd binary to start}" "$@"
