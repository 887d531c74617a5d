#!/bin/sh
# Regenerates Reports/ (see Reports/README.md): `edgeprof profile` of MobileLLM-125M (f16) on the iPhone 13, `compare`
# of MobileLLM-125M (f16) and -350M (int8) over every device, and `whatif` for the iPhone 13 and a 6 GB phone, each in
# Markdown (charts as SVG files beside it) and HTML. Everything but profile's "Measured on this host" section is
# deterministic.
set -eu
cd "$(dirname "$0")/.."
swift build -c release --product edgeprof >/dev/null
bin=.build/release/edgeprof

rm -f Reports/profile-mobilellm-125m-iphone13*
$bin profile --model mobilellm-125m --precision f16 --device iphone13 \
    --output Reports/profile-mobilellm-125m-iphone13.md --save Reports/profile-mobilellm-125m-iphone13.html

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
