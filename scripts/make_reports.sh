#!/bin/sh
# Regenerates Reports/: the sharing-order comparison of MobileLLM-125M (f16) and -350M (int8) on every device
# profile, as `edgeprof simulate` prints it (fast mode; deterministic).
set -eu
cd "$(dirname "$0")/.."
swift build -c release --product edgeprof >/dev/null
bin=.build/release/edgeprof
for device in $($bin devices --format csv | tail -n +2 | cut -d, -f1); do
    out="Reports/sharing-$device.txt"
    {
        $bin simulate --device "$device" --model mobilellm-125m --precision f16
        echo
        $bin simulate --device "$device" --model mobilellm-350m --precision int8
    } > "$out"
    echo "wrote $out"
done
