#!/bin/sh
# nnlab launcher of the offline bundle: the bundled Node runs the bundled app, so the
# server needs neither Node.js nor a network. It changes nothing on the system: the
# fallback libraries in lib/fallback are used (via LD_LIBRARY_PATH) only where the
# system has none of its own.
#
#   nnlab [command] [args]   the app (dist/cli.js)
#   nnlab bench [args]       the benchmark (dist/bench.js)
#
# NNLAB_LAUNCHER_DRY_RUN=1 prints the environment and command instead of running it.
# NNLAB_SYSROOT=<dir> looks for the system's files under <dir> (for tests).

# The bundle's folder, following symlinks (e.g. a link in /usr/local/bin).
self=$0
while [ -L "$self" ]; do
  link=$(readlink "$self")
  case $link in
    /*) self=$link ;;
    *) case $self in */*) self=${self%/*}/$link ;; *) self=./$link ;; esac ;;
  esac
done
case $self in
  */*) bindir=${self%/*} ;;
  *) bindir=. ;;
esac
root=$(CDPATH= cd -P -- "$bindir/.." >/dev/null && pwd) || exit 1
sys=${NNLAB_SYSROOT:-}

# ldconfig is often outside a user's PATH (/sbin).
ldconfig_cache() {
  for ldconfig in "$(command -v ldconfig 2>/dev/null)" "$sys/sbin/ldconfig" "$sys/usr/sbin/ldconfig"; do
    if [ -n "$ldconfig" ] && [ -x "$ldconfig" ]; then
      "$ldconfig" -p 2>/dev/null
      return
    fi
  done
}
ldcache=$(ldconfig_cache)

# A 64-bit library the system's loader finds: in ldconfig's cache, or in the folders it
# searches anyway (a stale cache, or no ldconfig at all).
has_lib() {
  case $ldcache in
    *"$1 (libc6,x86-64"*) return 0 ;; # also "(libc6,x86-64, OS ABI: Linux 3.2.0)"
  esac
  for dir in /lib/x86_64-linux-gnu /usr/lib/x86_64-linux-gnu /usr/lib64 /lib64; do
    [ -e "$sys$dir/$1" ] && return 0
  done
  return 1
}

# One folder per library, so a fallback never shadows a library the system has.
fallback=
has_lib libvulkan.so.1 || fallback=$root/lib/fallback/libvulkan1
has_lib libGLdispatch.so.0 || fallback=${fallback:+$fallback:}$root/lib/fallback/libglvnd0
if [ -n "$fallback" ]; then
  LD_LIBRARY_PATH=$fallback${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}
  export LD_LIBRARY_PATH
fi

# NVIDIA containers keep the driver's Vulkan manifest under /usr/local/nvidia, where the
# loader does not look; add it unless the user chose the drivers or a default folder has it.
has_nvidia_icd() {
  for dir in /etc/vulkan/icd.d /usr/share/vulkan/icd.d /usr/local/share/vulkan/icd.d; do
    for found in "$sys$dir"/nvidia_icd*.json; do
      [ -e "$found" ] && return 0
    done
  done
  return 1
}
icd=$sys/usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json
if [ -z "${VK_DRIVER_FILES:-}${VK_ICD_FILENAMES:-}" ] && [ -e "$icd" ] && ! has_nvidia_icd; then
  case :${VK_ADD_DRIVER_FILES:-}: in
    *":$icd:"*) ;;
    *) VK_ADD_DRIVER_FILES=${VK_ADD_DRIVER_FILES:+$VK_ADD_DRIVER_FILES:}$icd ;;
  esac
  export VK_ADD_DRIVER_FILES
fi

# NVIDIA containers mount the driver's libraries (libGLX_nvidia.so.0, its Vulkan driver,
# and what it loads) in /usr/local/nvidia/lib64, which the loader does not search.
nvlib=$sys/usr/local/nvidia/lib64
if [ -e "$nvlib/libGLX_nvidia.so.0" ] && ! has_lib libGLX_nvidia.so.0; then
  case :${LD_LIBRARY_PATH:-}: in
    *":$nvlib:"*) ;;
    *)
      LD_LIBRARY_PATH=$nvlib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}
      export LD_LIBRARY_PATH
      ;;
  esac
fi

# Where the driver library has no Vulkan manifest anywhere, the app writes one into a private
# folder before it loads Dawn (src/engine/machine/nvidia-manifest.ts): that needs no tool here.

NNLAB_BUNDLE=1
export NNLAB_BUNDLE

script=$root/dist/cli.js
if [ "${1:-}" = bench ]; then
  shift
  script=$root/dist/bench.js
fi

if [ -n "${NNLAB_LAUNCHER_DRY_RUN:-}" ]; then
  printf '%s=%s\n' LD_LIBRARY_PATH "${LD_LIBRARY_PATH:-}" VK_ADD_DRIVER_FILES "${VK_ADD_DRIVER_FILES:-}" VK_DRIVER_FILES "${VK_DRIVER_FILES:-}" \
    VK_ICD_FILENAMES "${VK_ICD_FILENAMES:-}" NNLAB_BUNDLE "$NNLAB_BUNDLE"
  printf 'exec %s %s' "$root/node" "$script"
  for arg in "$@"; do printf ' %s' "$arg"; done
  printf '\n'
  exit 0
fi
exec "$root/node" "$script" "$@"
