#!/usr/bin/env bash
# Builds the real Pulumi engine and a Kubernetes API server from their Go modules into a cache
# outside the repo, for the engine tests (npm run test:engine). Versions: versions.env beside this
# file. Nothing here downloads a prebuilt binary: everything comes from the Go module proxy.
#
#   scripts/engine/build.sh           build what is missing or out of date, print where it went
#   scripts/engine/build.sh --print   print the cache's bin folder (for PATH) and exit
#
# Cache: $CLUSTERFLEET_ENGINE_CACHE, else ${XDG_CACHE_HOME:-~/.cache}/clusterfleet/engine.
# Each binary is rebuilt only when its pinned version changes; a warm cache costs a second.
#
# Why wrapper modules: `go install mod@version` refuses modules whose go.mod has replace directives,
# and pulumi/pkg, the Kubernetes provider, k8s.io/kubernetes and etcd all have some. A wrapper
# module that *requires* the target ignores the target's replaces, so ordinary version selection
# applies; where a replace points inside the upstream repo, the wrapper names the published module.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=versions.env
source "$here/versions.env"

cache="${CLUSTERFLEET_ENGINE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/clusterfleet/engine}"
bin="$cache/bin"
if [ "${1:-}" = "--print" ]; then echo "$bin"; exit 0; fi

mkdir -p "$bin" "$cache/src" "$cache/stamps"
export GOFLAGS="-mod=mod -buildvcs=false"
export CGO_ENABLED=0
# Go 1.26 builds all of these; a module that needs newer is fetched as a toolchain by the go command.
export GOTOOLCHAIN="${GOTOOLCHAIN:-local}"

total_start=$(date +%s)
built=()

# step NAME VERSION FUNCTION: run FUNCTION unless bin/NAME exists and was built at VERSION.
step() {
  local name=$1 version=$2 fn=$3 stamp="$cache/stamps/$1" start
  if [ -x "$bin/$name" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$version" ]; then
    echo "engine: $name $version (cached)"
    return
  fi
  start=$(date +%s)
  echo "engine: building $name $version ..."
  "$fn"
  echo "$version" >"$stamp"
  built+=("$name")
  echo "engine: built $name $version in $(($(date +%s) - start)) s"
}

# wrapper DIR MODULE: a fresh wrapper module folder, echoed.
wrapper() {
  local dir="$cache/src/$1"
  rm -rf "$dir" && mkdir -p "$dir"
  printf 'module clusterfleet.local/engine/%s\n\ngo 1.26.0\n' "$1" >"$dir/go.mod"
  echo "$dir"
}

build_pulumi() {
  local dir
  dir=$(wrapper pulumi)
  cd "$dir"
  # pkg's own replace (a Windows-only clipboard fix) repeated, so the same code is built.
  go mod edit -require="github.com/pulumi/pulumi/pkg/v3@$PULUMI_VERSION" \
    -replace=github.com/atotto/clipboard=github.com/tgummerer/clipboard@v0.0.0-20241001131231-d02d263e614e
  # The Automation API checks the CLI's version: without this ldflag it reports an empty one.
  go build -trimpath -o "$bin/pulumi" \
    -ldflags "-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=$PULUMI_VERSION" \
    github.com/pulumi/pulumi/pkg/v3/cmd/pulumi
}

build_kubernetes_provider() {
  local mod=github.com/pulumi/pulumi-kubernetes/provider/v4 src dir
  # Its main package embeds schema-embed.json and terraform-mapping-embed.json, which are made by
  # `go generate` and gitignored, so the module zip lacks them: generate them in a writable copy.
  go mod download -json "$mod@$KUBERNETES_PROVIDER_MODULE_VERSION" >/dev/null
  src=$(go mod download -json "$mod@$KUBERNETES_PROVIDER_MODULE_VERSION" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
  dir="$cache/src/pulumi-kubernetes-provider"
  rm -rf "$dir" && mkdir -p "$dir" && cp -r "$src/." "$dir" && chmod -R u+w "$dir"
  cd "$dir"
  go mod edit -dropreplace=github.com/pulumi/pulumi-kubernetes/sdk/v4 \
    -require="github.com/pulumi/pulumi-kubernetes/sdk/v4@$KUBERNETES_PROVIDER_SDK_VERSION"
  (cd cmd/pulumi-resource-kubernetes && VERSION="$KUBERNETES_PROVIDER_VERSION" go generate ./...)
  go build -trimpath -o "$bin/pulumi-resource-kubernetes" \
    -ldflags "-s -w -X github.com/pulumi/pulumi-kubernetes/provider/v4/pkg/version.Version=$KUBERNETES_PROVIDER_VERSION" \
    ./cmd/pulumi-resource-kubernetes
}

build_etcd() {
  local dir
  dir=$(wrapper etcd)
  cd "$dir"
  go mod edit -require="go.etcd.io/etcd/server/v3@$ETCD_VERSION"
  go build -trimpath -ldflags "-s -w" -o "$bin/etcd" go.etcd.io/etcd/server/v3
}

# The wrapper module of k8s.io/kubernetes, made once for both binaries built from it.
kubernetes_wrapper() {
  local dir gomod minor patch staging
  dir="$cache/src/kubernetes-$KUBERNETES_VERSION"
  if [ -f "$dir/go.sum" ]; then echo "$dir"; return; fi
  rm -rf "$dir" && mkdir -p "$dir"
  printf 'module clusterfleet.local/engine/kubernetes\n\ngo 1.26.0\n' >"$dir/go.mod"
  cd "$dir"
  go mod edit -require="k8s.io/kubernetes@$KUBERNETES_VERSION"
  # k8s.io/kubernetes requires its staging modules at v0.0.0 and replaces them by ./staging/...;
  # the same code is published as k8s.io/<name> v0.<minor>.<patch>.
  gomod=$(go mod download -json "k8s.io/kubernetes@$KUBERNETES_VERSION" | sed -n 's/^[[:space:]]*"GoMod": "\(.*\)",$/\1/p')
  IFS=. read -r _ minor patch <<<"${KUBERNETES_VERSION#v}"
  for staging in $(sed -n 's#^[[:space:]]*\(k8s.io/[a-z0-9-]*\) => ./staging/.*#\1#p' "$gomod"); do
    go mod edit -replace="$staging=$staging@v0.$minor.$patch"
  done
  echo "$dir"
}

# kube-apiserver, and kube-controller-manager for what only controllers do: finalise deleted
# namespaces, delete a released Delete-policy volume, collect garbage.
build_kubernetes_binary() {
  local name=$1 dir minor
  dir=$(kubernetes_wrapper)
  cd "$dir"
  IFS=. read -r _ minor _ <<<"${KUBERNETES_VERSION#v}"
  go build -trimpath -o "$bin/$name" \
    -ldflags "-s -w -X k8s.io/component-base/version.gitVersion=$KUBERNETES_VERSION -X k8s.io/component-base/version.gitMajor=1 -X k8s.io/component-base/version.gitMinor=$minor" \
    "k8s.io/kubernetes/cmd/$name"
}
build_kube_apiserver() { build_kubernetes_binary kube-apiserver; }
build_kube_controller_manager() { build_kubernetes_binary kube-controller-manager; }

only="${CLUSTERFLEET_ENGINE_ONLY:-pulumi etcd kube-apiserver kube-controller-manager pulumi-resource-kubernetes}"
for name in $only; do
  case "$name" in
    pulumi) step pulumi "$PULUMI_VERSION" build_pulumi ;;
    etcd) step etcd "$ETCD_VERSION" build_etcd ;;
    kube-apiserver) step kube-apiserver "$KUBERNETES_VERSION" build_kube_apiserver ;;
    kube-controller-manager) step kube-controller-manager "$KUBERNETES_VERSION" build_kube_controller_manager ;;
    pulumi-resource-kubernetes) step pulumi-resource-kubernetes "$KUBERNETES_PROVIDER_MODULE_VERSION" build_kubernetes_provider ;;
    *) echo "engine: unknown piece $name" >&2; exit 2 ;;
  esac
done

echo "engine: ${#built[@]} built (${built[*]:-none}), ready in $bin after $(($(date +%s) - total_start)) s"
