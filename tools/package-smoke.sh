#!/usr/bin/env bash
# Issue 9's proof that the packages work for someone who is not in this repository: packs the
# libraries and the `fer` tool into a local folder, creates a fresh console app in a temp folder,
# adds Fer.MLNet from that folder only (its dependencies come from nuget.org), runs a 20-line
# program that loads a photo, detects the faces and prints their expressions, then installs the
# tool from the same folder and runs `fer demo`. Prints package sizes and install times.
#
#   tools/package-smoke.sh            (exit code 0 when every step worked)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORK=$(mktemp -d "${TMPDIR:-/tmp}/fer-package-smoke.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
FEED="$WORK/feed"
VERSION=$(dotnet msbuild "$ROOT/src/Fer.Tensors/Fer.Tensors.csproj" -getProperty:Version)
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
# Packages restored for the app go to their own folder, so nothing cached from the repo's build is used.
export NUGET_PACKAGES="$WORK/nuget-packages"
log() { echo "[package-smoke] $*"; }
ms() { echo $(($(date +%s%N) / 1000000)); }
elapsed() { local t=$(($(ms) - $1)); printf '%d.%d s' $((t / 1000)) $((t % 1000 / 100)); }

log "packing FerMLNet $VERSION into $FEED"
dotnet pack "$ROOT/FerMLNet.sln" -c Release -o "$FEED" -nologo -v q >"$WORK/pack.log" 2>&1 || { tail -30 "$WORK/pack.log"; exit 1; }
for id in Fer.Tensors Fer.Transforms Fer.Trainers Fer.MLNet Fer.Cli; do
  [[ -f "$FEED/$id.$VERSION.nupkg" ]] || { log "missing package $id.$VERSION.nupkg"; exit 1; }
  sym="$FEED/$id.$VERSION.snupkg"
  printf '[package-smoke]   %-16s %7d KiB   symbols %s\n' "$id" $(($(stat -c %s "$FEED/$id.$VERSION.nupkg") / 1024)) \
    "$([[ -f "$sym" ]] && echo "$(($(stat -c %s "$sym") / 1024)) KiB" || echo none)"
done

# Fer.* only from the local folder; everything else (System.Numerics.Tensors, Google.Protobuf) from nuget.org.
cat >"$WORK/nuget.config" <<XML
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    <clear />
    <add key="local" value="$FEED" />
    <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
  </packageSources>
  <packageSourceMapping>
    <packageSource key="local"><package pattern="Fer.*" /></packageSource>
    <packageSource key="nuget.org"><package pattern="*" /></packageSource>
  </packageSourceMapping>
</configuration>
XML

log "creating a console app and adding Fer.MLNet $VERSION"
(cd "$WORK" && dotnet new console -o app -n SmokeApp --framework net10.0 >/dev/null)
start=$(ms)
(cd "$WORK/app" && dotnet add package Fer.MLNet --version "$VERSION" >"$WORK/add.log" 2>&1) || { cat "$WORK/add.log"; exit 1; }
log "  dotnet add package (restore included): $(elapsed "$start")"
cat >"$WORK/app/Program.cs" <<'CS'
using Fer.Transforms.Faces;
using Fer.Transforms.Imaging;

// Load a photo, find its faces, and name each face's expression with the bundled pretrained models.
if (args.Length != 1) { Console.Error.WriteLine("usage: SmokeApp PHOTO"); return 2; }
Image photo = Image.Load(args[0]);
TinyFaceDetector detector = TinyFaceDetector.Load();
FaceExpressionNet expressions = FaceExpressionNet.Load();
IReadOnlyList<FaceDetection> faces = detector.Detect(photo);
if (faces.Count == 0) { Console.Error.WriteLine($"no face found in {args[0]}"); return 1; }
IReadOnlyList<ExpressionPrediction> predicted = expressions.Predict([.. faces.Select(f => FaceCropping.CropFace(photo, f.Box))]);
Console.WriteLine($"{Path.GetFileName(args[0])}: {faces.Count} faces");
for (int i = 0; i < faces.Count; i++)
{
    var box = faces[i].Box;
    Console.WriteLine($"  face {i + 1} at ({box.X:F0}, {box.Y:F0}, {box.Width:F0}x{box.Height:F0}): {predicted[i]}");
}

return 0;
CS
cp "$WORK/nuget.config" "$WORK/app/"
log "running the app on assets/face-api/samples/sample1.jpg"
(cd "$WORK/app" && dotnet run -c Release -- "$ROOT/assets/face-api/samples/sample1.jpg") | tee "$WORK/app.out"
grep -q "faces" "$WORK/app.out" || { log "the app printed no faces"; exit 1; }
grep -q "face 1 at" "$WORK/app.out" || { log "the app printed no face lines"; exit 1; }

log "installing the fer tool from the local feed"
start=$(ms)
dotnet tool install Fer.Cli --version "$VERSION" --tool-path "$WORK/tools" --configfile "$WORK/nuget.config" >"$WORK/tool.log" 2>&1 || { cat "$WORK/tool.log"; exit 1; }
log "  dotnet tool install: $(elapsed "$start")"
log "running fer demo"
(cd "$WORK" && "$WORK/tools/fer" demo --out "$WORK/demo") | tee "$WORK/demo.out" | tail -15
grep -qE "[0-9]+ faces" "$WORK/demo.out" || { log "fer demo printed no face count"; exit 1; }
log "ok"
