#!/usr/bin/env bash
# Fetches the face-api weights and sample photos from npm (pinned version and checksum) into
# assets/face-api, or with --verify checks the committed copies against the package.
set -euo pipefail
cd "$(dirname "$0")/.."
version=1.7.15
sha256=0d77fffeef362ef9c0939cf6c567f3a2e8e177f114fa257a3270cbd2e509b031
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack --silent "@vladmandic/face-api@$version" >/dev/null)
tgz="$tmp/vladmandic-face-api-$version.tgz"
echo "$sha256  $tgz" | sha256sum -c --quiet -
tar xzf "$tgz" -C "$tmp"
files=(model/tiny_face_detector_model-weights_manifest.json model/tiny_face_detector_model.bin
       model/face_expression_model-weights_manifest.json model/face_expression_model.bin
       model/face_landmark_68_tiny_model-weights_manifest.json model/face_landmark_68_tiny_model.bin
       LICENSE)
for i in 1 2 3 4 5 6; do files+=("demo/sample$i.jpg"); done
for f in "${files[@]}"; do
  case "$f" in demo/*) dest="assets/face-api/samples/${f#demo/}" ;; *) dest="assets/face-api/$f" ;; esac
  if [ "${1:-}" = "--verify" ]; then
    cmp -s "$tmp/package/$f" "$dest" || { echo "differs: $dest"; exit 1; }
  else
    mkdir -p "$(dirname "$dest")"; cp "$tmp/package/$f" "$dest"
  fi
done
echo "face-api $version assets ok"
