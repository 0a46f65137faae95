#!/usr/bin/env bash
# Builds the image of the podman sandbox backend once: a minimal Debian 12 root file system from
# debootstrap, imported with `podman import` (there is no registry here). Cached in podman's own image
# store: later runs only check that it exists. About a minute the first time.
# Override the name with LEVIATHAN_PODMAN_IMAGE (it must match sandbox.podman_image).
set -euo pipefail

IMAGE="${LEVIATHAN_PODMAN_IMAGE:-localhost/leviathan-sandbox:bookworm}"
# The machine's own apt source, so the image comes from wherever this machine gets its packages.
MIRROR="${LEVIATHAN_DEBIAN_MIRROR:-$(grep -hoE '^URIs: *[^ ]+' /etc/apt/sources.list.d/*.sources 2>/dev/null | head -1 | sed 's/^URIs: *//')}"
[ -n "$MIRROR" ] || MIRROR="$(grep -hoE '^deb +[^ ]+' /etc/apt/sources.list 2>/dev/null | head -1 | awk '{print $2}')"
if [ -z "$MIRROR" ]; then
  echo "podman-image: no Debian mirror found in the apt sources; set LEVIATHAN_DEBIAN_MIRROR" >&2
  exit 2
fi

if ! command -v podman >/dev/null || ! command -v debootstrap >/dev/null; then
  echo "podman-image: podman and debootstrap are required (sudo apt-get install -y podman runc debootstrap)" >&2
  exit 2
fi

if podman image exists "$IMAGE"; then
  echo "podman-image: $IMAGE is present"
  exit 0
fi

rootfs="$(mktemp -d /var/tmp/leviathan-rootfs.XXXXXX)"
trap 'rm -rf "$rootfs"' EXIT
echo "podman-image: building $IMAGE (debootstrap --variant=minbase bookworm)"
debootstrap --variant=minbase bookworm "$rootfs" "$MIRROR" >/dev/null
tar -C "$rootfs" -c . | podman import --quiet - "$IMAGE" >/dev/null
echo "podman-image: $IMAGE built"
