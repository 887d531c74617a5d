#!/bin/sh
# Regenerates Reports/: the sharing-order comparison of MobileLLM-125M (f16) and -350M (int8) on every device
# profile, as `edgeprof simulate` prints it (fast mode; deterministic); `compare` and `whatif` reports (below).
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

# Layer sharing across every device: MobileLLM-125M (f16) and -350M (int8), Markdown (+ SVG charts) and HTML.
for spec in mobilellm-125m:f16 mobilellm-350m:int8; do
    model=${spec%%:*} precision=${spec##*:}
    for ext in md html; do
        $bin compare --model "$model" --precision "$precision" --devices all --output "Reports/compare-$model-$precision.$ext"
        echo "wrote Reports/compare-$model-$precision.$ext"
    done
done

# The memory budget on the iPhone 13 (4 GB) and on a 6 GB phone (the paper's example: the iPhone 15 has 6 GB,
# shared/reference/models.md), modelled as the iPhone 13 profile with --dram 6GB.
for ext in md html; do
    $bin whatif --device iphone13 --output "Reports/whatif-iphone13.$ext"
    $bin whatif --device iphone13 --dram 6GB --output "Reports/whatif-6gb.$ext"
    echo "wrote Reports/whatif-iphone13.$ext Reports/whatif-6gb.$ext"
done
