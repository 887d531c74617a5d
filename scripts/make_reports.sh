#!/bin/sh
# Regenerates Reports/ (see Reports/README.md): `edgeprof profile` of MobileLLM-125M (f16) on the iPhone 13 in
# Markdown (charts as SVG files beside it) and HTML, from one run. Everything but the "Measured on this host"
# section is deterministic.
set -eu
cd "$(dirname "$0")/.."
swift build -c release --product edgeprof >/dev/null
bin=.build/release/edgeprof
rm -f Reports/profile-mobilellm-125m-iphone13*
$bin profile --model mobilellm-125m --precision f16 --device iphone13 \
    --output Reports/profile-mobilellm-125m-iphone13.md --save Reports/profile-mobilellm-125m-iphone13.html
